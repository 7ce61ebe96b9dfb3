//! `clearway check`: run a risk pack in CI and fail (exit 1) on the conditions asked for, with
//! output a person (table), a program (JSON) or a CI system (JUnit XML) reads. The run is
//! prepared as every risk run is ([`crate::risk::prepare_run`]) and judged by
//! [`crate::risk::check`]; with `--run N` a stored run is judged instead (a Spark run brought
//! in with `risk import` among them), with the rules of the pack it ran.

use super::risk::run_with_progress;
use super::Ctx;
use crate::cli::{CheckArgs, FailOn};
use crate::error::Result;
use crate::output::report::{self, Summary};
use crate::output::table_text;
use crate::risk::check::{parse_max_hits, verdicts, RuleVerdict};
use crate::risk::rule::Severity;
use crate::risk::{prepare_run, RunRequest};
use crate::workspace::Workspace;
use serde_json::json;

fn severity_floor(f: FailOn) -> Severity {
    match f {
        FailOn::Low => Severity::Low,
        FailOn::Medium => Severity::Medium,
        FailOn::High => Severity::High,
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML: one test case per rule; a rule that fails the check is a failure, a rule with
/// nothing to look at is skipped.
pub fn junit(pack: &str, run_id: i64, verdicts: &[RuleVerdict]) -> String {
    let failures = verdicts.iter().filter(|v| v.failure.is_some()).count();
    let skipped = verdicts.iter().filter(|v| v.status != "ran").count();
    let total: f64 = verdicts.iter().map(|v| v.seconds).sum();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"clearway risk pack {}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\" time=\"{total:.3}\">\n",
        xml_escape(pack),
        verdicts.len()
    );
    for v in verdicts {
        xml.push_str(&format!(
            "    <testcase classname=\"clearway.risk.{}\" name=\"{}\" time=\"{:.3}\">\n",
            xml_escape(pack),
            xml_escape(&v.rule_id),
            v.seconds
        ));
        if let Some(f) = &v.failure {
            xml.push_str(&format!(
                "      <failure message=\"{}\">risk run {run_id}: clearway query \"SELECT * FROM risk_hits WHERE run_id = {run_id} AND rule_id = '{}'\"</failure>\n",
                xml_escape(f),
                xml_escape(&v.rule_id)
            ));
        } else if v.status != "ran" {
            xml.push_str(
                "      <skipped message=\"not applicable: the rule's tables are empty\"/>\n",
            );
        }
        xml.push_str("    </testcase>\n");
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

pub fn run(args: CheckArgs, ctx: &Ctx) -> Result<u8> {
    let (report, rules) = match args.run {
        Some(run_id) => {
            let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
            crate::risk::runner::stored_run(&ws.conn, run_id)?
        }
        None => {
            let request = RunRequest {
                params: args.params.clone(),
                ..RunRequest::pack(&args.pack)
            };
            let run = prepare_run(&ctx.workspace, &request)?;
            parse_max_hits(&args.max_hits, &run.rules)?;
            let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
            (run_with_progress(&ws, &run, ctx)?, run.rules)
        }
    };
    let max_hits = parse_max_hits(&args.max_hits, &rules)?;
    let verdicts = verdicts(&report, &rules, args.fail_on.map(severity_floor), &max_hits);
    let failed = verdicts.iter().filter(|v| v.failure.is_some()).count();
    match args.format.report() {
        None => {
            let xml = junit(&report.pack, report.run_id, &verdicts);
            crate::output::report::ignore_closed_pipe(crate::output::print_text(&xml))?;
        }
        Some(format) => {
            let rows = verdicts
                .iter()
                .map(|v| {
                    vec![
                        v.rule_id.clone(),
                        v.severity.clone(),
                        v.status.clone(),
                        v.hits.to_string(),
                        v.failure.clone().unwrap_or_else(|| "ok".into()),
                    ]
                })
                .collect();
            let text = table_text(&["rule", "severity", "status", "hits", "verdict"], rows)?;
            let value = json!({ "run_id": report.run_id, "pack": report.pack, "failed": failed, "rules": verdicts });
            let records = verdicts.iter().map(|v| json!(v)).collect();
            report::print_before_verdict(format, &Summary::new(value, text).with_records(records))?;
        }
    }
    if failed > 0 {
        ctx.say(format!(
            "check failed: {failed} rule(s) met a failure condition (risk run {})",
            report.run_id
        ));
        return Ok(1);
    }
    Ok(0)
}
