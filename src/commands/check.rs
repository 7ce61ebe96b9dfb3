//! `clearway check`: run a risk pack in CI and fail (exit 1) on the conditions asked for, with
//! output a person (table), a program (JSON) or a CI system (JUnit XML) reads.

use super::risk::{prepare_run, print_table, run_with_progress};
use super::Ctx;
use crate::cli::{CheckArgs, CheckFormat, FailOn};
use crate::error::{Error, Result};
use crate::risk::rule::{Rule, Severity};
use crate::risk::runner::RunReport;
use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// The verdict on one rule.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleVerdict {
    pub rule_id: String,
    pub severity: String,
    pub status: String,
    pub hits: i64,
    pub seconds: f64,
    /// Why the rule fails the check, if it does.
    pub failure: Option<String>,
}

fn severity_floor(f: FailOn) -> Severity {
    match f {
        FailOn::Low => Severity::Low,
        FailOn::Medium => Severity::Medium,
        FailOn::High => Severity::High,
    }
}

fn parse_max_hits(raw: &[String], rules: &[Rule]) -> Result<BTreeMap<String, i64>> {
    let mut limits = BTreeMap::new();
    for r in raw {
        let parsed = r
            .split_once('=')
            .and_then(|(rule, n)| Some((rule.trim().to_string(), n.trim().parse::<i64>().ok()?)));
        let Some((rule, n)) = parsed else {
            return Err(Error::usage(
                format!("--max-hits `{r}` is not RULE=N"),
                "for example --max-hits split_consignment=0",
            ));
        };
        if !rules.iter().any(|x| x.id == rule) {
            return Err(Error::usage(
                format!("--max-hits names `{rule}`, which the pack does not have"),
                "`clearway risk list` shows the rule ids",
            ));
        }
        limits.insert(rule, n);
    }
    Ok(limits)
}

/// Applies the conditions to a run.
pub fn verdicts(
    report: &RunReport,
    rules: &[Rule],
    fail_on: Option<FailOn>,
    max_hits: &BTreeMap<String, i64>,
) -> Vec<RuleVerdict> {
    report
        .rules
        .iter()
        .map(|o| {
            let rule = rules
                .iter()
                .find(|r| r.id == o.rule_id)
                .expect("outcomes come from these rules");
            let mut failure = None;
            if let Some(f) = fail_on {
                if o.hits > 0 && rule.severity >= severity_floor(f) {
                    failure = Some(format!(
                        "{} hit(s) of a {} rule (--fail-on {})",
                        o.hits,
                        rule.severity.name(),
                        severity_floor(f).name()
                    ));
                }
            }
            if let Some(limit) = max_hits.get(&o.rule_id) {
                if o.hits > *limit {
                    failure = Some(format!(
                        "{} hit(s), more than --max-hits {}={limit}",
                        o.hits, o.rule_id
                    ));
                }
            }
            RuleVerdict {
                rule_id: o.rule_id.clone(),
                severity: o.severity.clone(),
                status: o.status.clone(),
                hits: o.hits,
                seconds: o.seconds,
                failure,
            }
        })
        .collect()
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
    let (rules, overrides) = prepare_run(&args.pack, &[], &args.params, ctx)?;
    let max_hits = parse_max_hits(&args.max_hits, &rules)?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let report = run_with_progress(&ws, &args.pack, &rules, &overrides, ctx)?;
    let verdicts = verdicts(&report, &rules, args.fail_on, &max_hits);
    let failed = verdicts.iter().filter(|v| v.failure.is_some()).count();
    match args.format {
        CheckFormat::Junit => print!("{}", junit(&args.pack, report.run_id, &verdicts)),
        CheckFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "run_id": report.run_id, "pack": report.pack, "failed": failed, "rules": verdicts }))
                .expect("verdicts serialise")
        ),
        CheckFormat::Table => {
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
            print_table(&["rule", "severity", "status", "hits", "verdict"], rows)?;
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
