//! `clearway risk list|lint|run|explain|lanes|evaluate`: arguments into calls of [`crate::risk`]
//! (a run is prepared by [`crate::risk::prepare_run`], as the TUI's is), results printed.

use super::Ctx;
use crate::cli::{ReportFormat, RiskCommand, RunEngine};
use crate::error::{Error, Result};
use crate::output::{self, group_thousands, OutputFormat};
use crate::risk::{self, prepare_run, runner, PreparedRun, RunRequest};
use crate::workspace::Workspace;
use arrow::array::{RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use std::sync::Arc;

pub fn run(cmd: RiskCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        RiskCommand::List { pack } => list(&pack),
        RiskCommand::Lint { pack, portable } => lint(&pack, portable, ctx),
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
        RiskCommand::Import { run_dir, condition } => import(&run_dir, condition.as_deref(), ctx),
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
        } => lanes(&budget, random, seed, run, ctx),
        RiskCommand::Evaluate {
            run,
            test_from,
            format,
        } => evaluate(run, test_from.as_deref(), format, ctx),
    }
}

/// Prints rows of text as an aligned table (the shared table writer).
pub fn print_table(headers: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let schema = Arc::new(Schema::new(
        headers
            .iter()
            .map(|h| Field::new(*h, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let columns = (0..headers.len())
        .map(|i| {
            Arc::new(StringArray::from(
                rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>(),
            )) as arrow::array::ArrayRef
        })
        .collect();
    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    let mut out = std::io::stdout().lock();
    output::write(
        OutputFormat::Table,
        schema,
        std::iter::once(Ok(batch)),
        &mut out,
        Some(usize::MAX),
    )?;
    Ok(())
}

fn list(pack: &str) -> Result<u8> {
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
    print_table(
        &["id", "severity", "weight", "version", "title", "parameters"],
        rows,
    )?;
    Ok(0)
}

fn lint(pack: &str, portable: bool, ctx: &Ctx) -> Result<u8> {
    let rules = risk::load_pack(pack)?;
    let problems = runner::lint(&rules, portable)?;
    if problems.is_empty() {
        println!("{} rule(s) in {pack}: ok", rules.len());
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
fn print_outcomes(outcomes: &[runner::RuleOutcome], seconds: bool) -> Result<()> {
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
    print_table(&headers, rows)
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
    if report == ReportFormat::Json {
        crate::output::print_line(
            &serde_json::to_string_pretty(&record).expect("a run record serialises"),
        )?;
        return Ok(0);
    }
    crate::output::print_line(&format!(
        "spark run {} · pack {} · Spark {} on {} · {:.1} s",
        record.run_uuid, record.pack, record.spark_version, record.master, record.seconds
    ))?;
    print_outcomes(&record.rules, false)?;
    crate::output::print_line(&format!(
        "{} declaration(s) scored, written to {}; bring them into the workspace with: clearway risk import {}",
        group_thousands(record.rows.get("risk_scores").copied().unwrap_or(0) as i64),
        spark.out.display(),
        spark.out.display()
    ))?;
    Ok(0)
}

/// `risk import RUN_DIR`: a Spark run into the workspace ([`crate::risk::import`]).
fn import(run_dir: &std::path::Path, condition: Option<&str>, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let _signals = crate::interrupt::install(&ws.conn)?;
    let imported =
        crate::risk::import::import(&ws, run_dir, condition).map_err(crate::interrupt::explain)?;
    if let Some(other) = &imported.other_workspace {
        ctx.say(format!(
            "note: the run read a lake exported from workspace {other}, not this one"
        ));
    }
    ctx.say(format!(
        "imported Spark run {} as risk run {}: {} hit(s), {} declaration(s) scored{}",
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
    ));
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
    match report {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&result).expect("report serialises")
        ),
        ReportFormat::Text => {
            println!(
                "risk run {} · pack {} · {:.2} s",
                result.run_id, result.pack, result.seconds
            );
            print_outcomes(&result.rules, true)?;
            println!(
                "{} declaration(s) scored; see: clearway query \"SELECT * FROM risk_scores WHERE run_id = {} ORDER BY total DESC\"",
                group_thousands(result.scored_declarations),
                result.run_id
            );
        }
    }
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

/// Prints `value` as JSON when that is the format asked for; true when it did.
fn print_json_if_asked(format: ReportFormat, value: &impl serde::Serialize) -> bool {
    if format != ReportFormat::Json {
        return false;
    }
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("reports serialise")
    );
    true
}

fn explain(declaration_id: &str, run: Option<i64>, format: ReportFormat, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let e = runner::explain(&ws, declaration_id, run)?;
    drop(ws);
    runner::explain_record(&e).append_after_read(&ctx.workspace, &ctx.engine()?)?;
    if print_json_if_asked(format, &e) {
        return Ok(0);
    }
    println!(
        "declaration {} · risk run {} · combined score {:.2} · lane {}",
        e.declaration_id,
        e.run_id,
        e.total,
        e.lane.as_deref().unwrap_or("(not assigned)")
    );
    if e.hits.is_empty() {
        println!("no rule fired for this declaration in run {}", e.run_id);
    }
    for h in &e.hits {
        println!(
            "\n{} (item {}) · score {:.2} × weight {} → contribution {:.2} (cap {})\n  {}\n  evidence: {}",
            h.rule_id, h.item_no, h.score, h.weight, h.contribution, h.cap, h.reason, h.evidence
        );
    }
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
    if print_json_if_asked(format, &e) {
        return Ok(0);
    }
    println!(
        "risk run {} · test period from {} · {} labelled items · illicit rate {:.2} %",
        e.run_id,
        e.test_from,
        group_thousands(e.test_items),
        100.0 * e.illicit_rate
    );
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
    print_table(
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
    )?;
    print_coverage_notes(&e.notes);
    Ok(0)
}

/// The evaluation's coverage notes under its table: what the `*` of a flagged count means.
pub fn print_coverage_notes(notes: &[String]) {
    if !notes.is_empty() {
        println!(
            "\n* flags fewer items than the budget; where a budget cuts through tied scores, the tied items count at their expected value"
        );
    }
    for note in notes {
        println!("note: {note}");
    }
}

fn lanes(budget: &str, random: f64, seed: u64, run: Option<i64>, ctx: &Ctx) -> Result<u8> {
    let budget = crate::risk::lanes::Budget::parse(budget, random)?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let (run_id, counts) = crate::risk::lanes::assign(&ws, run, budget, seed)?;
    println!(
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
    print_table(&["lane", "declarations", "of which random control"], rows)?;
    println!(
        "see: clearway query \"SELECT declaration_id, lane, lane_reason FROM risk_scores WHERE run_id = {run_id} AND lane <> 'green'\""
    );
    Ok(0)
}
