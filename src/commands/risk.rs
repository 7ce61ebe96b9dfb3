//! `clearway risk list|lint|run|explain|lanes|evaluate`: arguments into calls of [`crate::risk`]
//! (a run is prepared by [`crate::risk::prepare_run`], as the TUI's is), results printed.

use super::Ctx;
use crate::cli::{RiskCommand, RunEngine};
use crate::error::{Error, Result};
use crate::output::report::{self, Summary};
use crate::output::{self, group_thousands, ReportFormat};
use crate::risk::{self, prepare_run, runner, PreparedRun, RunRequest};
use crate::workspace::Workspace;
use serde_json::{json, Value};

pub fn run(cmd: RiskCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        RiskCommand::List { pack, format } => list(&pack, format),
        RiskCommand::Lint {
            pack,
            portable,
            format,
        } => lint(&pack, portable, format, ctx),
        RiskCommand::Compile {
            engine: _,
            out,
            pack,
            rules,
            params,
        } => compile(&pack, &rules, &params, &out, ctx),
        RiskCommand::Run {
            pack,
            rules,
            params,
            report,
            engine: RunEngine::Duckdb,
            lake: None,
            out: None,
            python: None,
            spark_conf,
            ..
        } if spark_conf.is_empty() => run_pack(&pack, &rules, &params, report, ctx),
        RiskCommand::Run {
            engine: RunEngine::Duckdb,
            ..
        } => Err(Error::usage(
            "--lake, --out, --python and --spark-conf belong to --engine spark",
            "add --engine spark to run the pack on Spark over a lake, or leave them out",
        )),
        RiskCommand::Run {
            pack,
            rules,
            params,
            report,
            engine: RunEngine::Spark,
            lake,
            out,
            master,
            python,
            spark_conf,
        } => {
            let request = crate::risk::spark_run::SparkRunRequest {
                settings: crate::risk::spark_run::parse_settings(&spark_conf)?,
                lake: lake.expect("clap requires --lake with --engine spark"),
                out: out.expect("clap requires --out with --engine spark"),
                master,
                python: python.unwrap_or_else(crate::risk::spark_run::default_python),
            };
            run_on_spark(
                &RunRequest::new(&pack, &rules, &params),
                &request,
                report,
                ctx,
            )
        }
        RiskCommand::Import {
            run_dir,
            condition,
            format,
        } => import(&run_dir, condition.as_deref(), format, ctx),
        RiskCommand::Explain {
            declaration_id,
            run,
            format,
        } => explain(&declaration_id, run, format, ctx),
        RiskCommand::Lanes {
            budget,
            random,
            seed,
            run,
            format,
        } => lanes(&budget, random, seed, run, format, ctx),
        RiskCommand::Evaluate {
            run,
            test_from,
            format,
        } => evaluate(run, test_from.as_deref(), format, ctx),
    }
}

fn list(pack: &str, format: ReportFormat) -> Result<u8> {
    let rules = risk::load_pack(pack)?;
    let rows = rules
        .iter()
        .map(|r| {
            let params: Vec<String> = r
                .params
                .iter()
                .map(|p| format!("{}={}", p.name, p.default))
                .collect();
            vec![
                r.id.clone(),
                r.severity.name().into(),
                r.weight.to_string(),
                r.version.to_string(),
                r.title.clone(),
                params.join(" "),
            ]
        })
        .collect();
    let text = output::table_text(
        &["id", "severity", "weight", "version", "title", "parameters"],
        rows,
    )?;
    let value: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "severity": r.severity.name(),
                "weight": r.weight,
                "version": r.version,
                "title": r.title,
                "parameters": r.params.iter().map(|p| (p.name.clone(), json!(p.default))).collect::<serde_json::Map<_, _>>(),
            })
        })
        .collect();
    // the row formats: one row per rule, its parameters as one `name=value ...` cell
    let records = value
        .iter()
        .zip(&rules)
        .map(|(v, r)| {
            let mut row = v.clone();
            row["parameters"] = json!(r
                .params
                .iter()
                .map(|p| format!("{}={}", p.name, p.default))
                .collect::<Vec<_>>()
                .join(" "));
            row
        })
        .collect();
    report::print(
        format,
        &Summary::new(json!(value), text).with_records(records),
    )?;
    Ok(0)
}

fn lint(pack: &str, portable: bool, format: ReportFormat, ctx: &Ctx) -> Result<u8> {
    let rules = risk::load_pack(pack)?;
    let problems = runner::lint(&rules, portable)?;
    // every format but the table prints the problems too, then the command fails (exit 2)
    if problems.is_empty() || format != ReportFormat::Table {
        let text = format!("{} rule(s) in {pack}: ok\n", rules.len());
        let found: Vec<Value> = problems
            .iter()
            .map(|p| json!({"rule": p.rule, "problem": p.problem}))
            .collect();
        let value =
            json!({"pack": pack, "rules": rules.len(), "portable": portable, "problems": found});
        report::print_before_verdict(format, &Summary::new(value, text))?;
    }
    if problems.is_empty() {
        return Ok(0);
    }
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("  {}: {}", p.rule, p.problem))
        .collect();
    ctx.say(format!("{} problem(s)", problems.len()));
    Err(Error::usage(
        format!("risk lint found {} problem(s) in {pack}:\n{}", problems.len(), lines.join("\n")),
        "fix the rule files; each must SELECT declaration_id, item_no, score, reason, evidence and declare every $parameter",
    ))
}

/// Each rule's outcome as a table; `seconds` only where each rule was timed (DuckDB, where
/// rules run one by one; Spark plans them as one job).
fn outcomes_table(outcomes: &[runner::RuleOutcome], seconds: bool) -> Result<String> {
    let mut headers = vec!["rule", "status", "hits", "declarations"];
    if seconds {
        headers.push("seconds");
    }
    let rows = outcomes
        .iter()
        .map(|o| {
            let mut row = vec![
                o.rule_id.clone(),
                o.status.clone(),
                group_thousands(o.hits),
                group_thousands(o.declarations),
            ];
            if seconds {
                row.push(format!("{:.2}", o.seconds));
            }
            row
        })
        .collect();
    output::table_text(&headers, rows)
}

/// The records of a run's row formats: one per rule.
fn outcome_records(outcomes: &[runner::RuleOutcome]) -> Vec<Value> {
    outcomes.iter().map(|o| json!(o)).collect()
}

/// `risk run --engine spark`: the job compiled and run on a local pyspark
/// ([`crate::risk::spark_run`]); the run folder is written, the workspace is not touched.
fn run_on_spark(
    request: &RunRequest,
    spark: &crate::risk::spark_run::SparkRunRequest,
    report: ReportFormat,
    ctx: &Ctx,
) -> Result<u8> {
    let run = prepare_run(&ctx.workspace, request)?;
    let spinner = crate::progress::item_spinner(ctx.progress, "spark");
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    let record = crate::risk::spark_run::run(&run, spark, ctx.progress, |stage| {
        spinner.set_message(format!("spark: {stage}"))
    });
    spinner.finish_and_clear();
    let record = record?;
    let mut text = String::new();
    push_line!(
        text,
        "spark run {} · pack {} · Spark {} on {} · {:.1} s",
        record.run_uuid,
        record.pack,
        record.spark_version,
        record.master,
        record.seconds
    );
    text.push_str(&outcomes_table(&record.rules, false)?);
    push_line!(
        text,
        "{} declaration(s) scored, written to {}; bring them into the workspace with: clearway risk import {}",
        group_thousands(record.rows.get("risk_scores").copied().unwrap_or(0) as i64),
        spark.out.display(),
        spark.out.display()
    );
    let printed = Summary::new(json!(record), text).with_records(outcome_records(&record.rules));
    report::print(report, &printed)?;
    Ok(0)
}

/// `risk import RUN_DIR`: a Spark run into the workspace ([`crate::risk::import`]).
fn import(
    run_dir: &std::path::Path,
    condition: Option<&str>,
    format: ReportFormat,
    ctx: &Ctx,
) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let _signals = crate::interrupt::install(&ws.conn)?;
    let imported =
        crate::risk::import::import(&ws, run_dir, condition).map_err(crate::interrupt::explain)?;
    if let Some(other) = &imported.other_workspace {
        ctx.say(format!(
            "note: the run read a lake exported from workspace {other}, not this one"
        ));
    }
    let text = format!(
        "imported Spark run {} as risk run {}: {} hit(s), {} declaration(s) scored{}\n",
        imported.run_uuid,
        imported.run_id,
        group_thousands(imported.hits as i64),
        group_thousands(imported.scored_declarations as i64),
        if condition.is_some() {
            format!(
                " ({} hit(s) left out by --where)",
                group_thousands(imported.left_out_hits as i64)
            )
        } else {
            String::new()
        }
    );
    report::print(format, &Summary::new(json!(imported), text))?;
    Ok(0)
}

/// `risk compile --engine spark`: the job folder (`risk::spark_job`).
fn compile(
    pack: &str,
    wanted: &[String],
    params: &[String],
    out: &std::path::Path,
    ctx: &Ctx,
) -> Result<u8> {
    let run = prepare_run(&ctx.workspace, &RunRequest::new(pack, wanted, params))?;
    let job = crate::risk::spark_job::write(&run, out)?;
    ctx.say(format!(
        "compiled {} rule(s) of {} for Spark into {}; run it with: spark-submit {}/driver.py --lake LAKE --out RUN",
        job.rules.len(),
        job.pack,
        out.display(),
        out.display()
    ));
    Ok(0)
}

/// Runs the prepared rules with per-rule progress: a bar on a TTY, a line per rule on stderr
/// otherwise.
pub fn run_with_progress(
    ws: &Workspace,
    run: &PreparedRun,
    ctx: &Ctx,
) -> Result<runner::RunReport> {
    let bar = ctx
        .progress
        .then(|| crate::progress::count_bar("running rules", run.rules.len() as u64));
    let result = run.run(ws, |rule, done| match (done, &bar) {
        (None, Some(b)) => b.set_message(format!("rule {}", rule.id)),
        (Some(_), Some(b)) => b.inc(1),
        (Some(o), None) => ctx.say(format!(
            "  {:<24} {:>14} {:>8} hits  {:.2} s",
            o.rule_id, o.status, o.hits, o.seconds
        )),
        (None, None) => {}
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(result)
}

fn run_pack(
    pack: &str,
    wanted: &[String],
    params: &[String],
    report: ReportFormat,
    ctx: &Ctx,
) -> Result<u8> {
    let run = prepare_run(&ctx.workspace, &RunRequest::new(pack, wanted, params))?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    // SIGINT/SIGTERM roll the run back and exit 130/143 (`crate::interrupt`)
    let _signals = crate::interrupt::install(&ws.conn)?;
    let result = run_with_progress(&ws, &run, ctx).map_err(crate::interrupt::explain)?;
    let mut text = String::new();
    push_line!(
        text,
        "risk run {} · pack {} · {:.2} s",
        result.run_id,
        result.pack,
        result.seconds
    );
    text.push_str(&outcomes_table(&result.rules, true)?);
    push_line!(
        text,
        "{} declaration(s) scored; see: clearway query \"SELECT * FROM risk_scores WHERE run_id = {} ORDER BY total DESC\"",
        group_thousands(result.scored_declarations),
        result.run_id
    );
    let printed = Summary::new(json!(result), text).with_records(outcome_records(&result.rules));
    report::print(report, &printed)?;
    Ok(0)
}

/// Runs `read` on the workspace opened read-only, then appends the audit record `detail`
/// describes (after the read-only connection is closed, see `workspace::audit`).
fn read_and_record<T>(
    ctx: &Ctx,
    command: &str,
    read: impl FnOnce(&Workspace) -> Result<T>,
    detail: impl FnOnce(&T) -> serde_json::Value,
) -> Result<T> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let value = read(&ws)?;
    drop(ws);
    crate::workspace::audit::record_read(&ctx.workspace, &ctx.engine()?, command, detail(&value))?;
    Ok(value)
}

fn explain(declaration_id: &str, run: Option<i64>, format: ReportFormat, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let e = runner::explain(&ws, declaration_id, run)?;
    drop(ws);
    runner::explain_record(&e).append_after_read(&ctx.workspace, &ctx.engine()?)?;
    let mut text = String::new();
    push_line!(
        text,
        "declaration {} · risk run {} · combined score {:.2} · lane {}",
        e.declaration_id,
        e.run_id,
        e.total,
        e.lane.as_deref().unwrap_or("(not assigned)")
    );
    if e.hits.is_empty() {
        push_line!(
            text,
            "no rule fired for this declaration in run {}",
            e.run_id
        );
    }
    for h in &e.hits {
        push_line!(
            text,
            "\n{} (item {}) · score {:.2} × weight {} → contribution {:.2} (cap {})\n  {}\n  evidence: {}",
            h.rule_id, h.item_no, h.score, h.weight, h.contribution, h.cap, h.reason, h.evidence
        );
    }
    let hits = e.hits.iter().map(|h| json!(h)).collect();
    report::print(format, &Summary::new(json!(e), text).with_records(hits))?;
    Ok(0)
}

fn evaluate(
    run: Option<i64>,
    test_from: Option<&str>,
    format: ReportFormat,
    ctx: &Ctx,
) -> Result<u8> {
    let e = read_and_record(
        ctx,
        "risk evaluate",
        |ws| crate::risk::evaluate::evaluate(ws, run, test_from),
        |e| serde_json::json!({ "run_id": e.run_id, "test_from": e.test_from }),
    )?;
    let mut text = String::new();
    push_line!(
        text,
        "risk run {} · test period from {} · {} labelled items · illicit rate {:.2} %",
        e.run_id,
        e.test_from,
        group_thousands(e.test_items),
        100.0 * e.illicit_rate
    );
    push_metrics_table(&mut text, &e)?;
    let metrics = e.metrics.iter().map(|m| json!(m)).collect();
    report::print(format, &Summary::new(json!(e), text).with_records(metrics))?;
    Ok(0)
}

/// An evaluation's metrics as a table, with the coverage notes under it (what the `*` of a
/// flagged count means); `risk evaluate` and `model evaluate` print the same.
pub fn push_metrics_table(text: &mut String, e: &crate::risk::evaluate::Evaluation) -> Result<()> {
    let rows = e
        .metrics
        .iter()
        .map(|m| {
            vec![
                m.model.clone(),
                format!("{} %", m.inspected_pct),
                group_thousands(m.inspected_items),
                format!(
                    "{}{}",
                    group_thousands(m.flagged),
                    if m.below_budget { " *" } else { "" }
                ),
                format!("{:.1}", 100.0 * m.precision),
                format!("{:.1}", 100.0 * m.recall),
                format!("{:.1}", 100.0 * m.revenue),
            ]
        })
        .collect();
    text.push_str(&output::table_text(
        &[
            "model",
            "inspected",
            "items",
            "flagged",
            "precision %",
            "recall %",
            "revenue %",
        ],
        rows,
    )?);
    if !e.notes.is_empty() {
        push_line!(
            text,
            "\n* flags fewer items than the budget; where a budget cuts through tied scores, the tied items count at their expected value"
        );
    }
    for note in &e.notes {
        push_line!(text, "note: {note}");
    }
    Ok(())
}

fn lanes(
    budget: &str,
    random: f64,
    seed: u64,
    run: Option<i64>,
    format: ReportFormat,
    ctx: &Ctx,
) -> Result<u8> {
    let budget = crate::risk::lanes::Budget::parse(budget, random)?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let (run_id, counts) = crate::risk::lanes::assign(&ws, run, budget, seed)?;
    let mut text = String::new();
    push_line!(
        text,
        "lanes for risk run {run_id} · budget red {} %, yellow {} %, blue {} % per office · random control {} % (seed {seed})",
        budget.red, budget.yellow, budget.blue, budget.random
    );
    let rows = counts
        .iter()
        .map(|c| {
            vec![
                c.lane.clone(),
                group_thousands(c.declarations),
                group_thousands(c.random_control),
            ]
        })
        .collect();
    text.push_str(&output::table_text(
        &["lane", "declarations", "of which random control"],
        rows,
    )?);
    push_line!(
        text,
        "see: clearway query \"SELECT declaration_id, lane, lane_reason FROM risk_scores WHERE run_id = {run_id} AND lane <> 'green'\""
    );
    let value = json!({"run_id": run_id, "budget": budget, "seed": seed, "lanes": counts});
    let records = counts.iter().map(|c| json!(c)).collect();
    report::print(format, &Summary::new(value, text).with_records(records))?;
    Ok(0)
}
