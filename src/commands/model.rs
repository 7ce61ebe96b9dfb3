//! `clearway model features | train | evaluate | score | monitor`: the learned risk model from
//! the command line. The library ([`crate::model`]) holds the features and the trees; this file
//! reads arguments, writes files and tables atomically, and prints.

use super::Ctx;
use crate::cli::{
    ModelCommand, ModelFeaturesArgs, ModelFileArgs, ModelMonitorArgs, ModelScoreArgs,
    ModelTrainArgs, ReportFormat,
};
use crate::error::{Error, Result};
use crate::model::{self, features, Items, ModelFile, Params};
use crate::risk::evaluate::{aucs, evaluate_with, Extra};
use crate::workspace::{audit, Workspace};
use serde_json::json;

/// The temporary table a model's scores are written to before they are compared or stored.
pub const SCORES: &str = "_cw_model_scores";

pub fn run(cmd: ModelCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        ModelCommand::Features(args) => export_features(args, ctx),
        ModelCommand::Train(args) => train(args, ctx),
        ModelCommand::Evaluate(args) => evaluate(args, ctx),
        ModelCommand::Score(args) => score(args, ctx),
        ModelCommand::Monitor(args) => monitor(args, ctx),
    }
}

fn export_features(args: ModelFeaturesArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let (run, names) = features::build(&ws, args.run)?;
    let rows: i64 = ws.conn.query_row(
        &format!("SELECT count(*) FROM {}", features::TABLE),
        [],
        |r| r.get(0),
    )?;
    crate::output::write_atomically(&args.out, |tmp| {
        ws.conn.execute(
            &format!(
                "COPY (SELECT * FROM {}) TO ? (FORMAT parquet)",
                features::TABLE
            ),
            [tmp.display().to_string()],
        )?;
        Ok(())
    })?;
    println!(
        "wrote {rows} items × {} features to {} (rule hits from {})",
        names.len(),
        args.out.display(),
        run.map(|r| format!("risk run {r}"))
            .unwrap_or_else(|| "no risk run".into())
    );
    Ok(0)
}

fn train(args: ModelTrainArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let params = Params {
        iterations: args.iterations,
        learning_rate: args.learning_rate,
        max_depth: args.max_depth,
        seed: args.seed,
        sampling: args.sampling,
        ..Params::default()
    };
    if args.revenue != "revenue_recovered" {
        return Err(Error::usage(
            format!(
                "--revenue {}: the canonical revenue column is `revenue_recovered`",
                args.revenue
            ),
            "BACUDA's revenue column is mapped to it when loading",
        ));
    }
    let m = model::train(
        &ws,
        &args.label,
        args.split.as_deref(),
        args.split_frac,
        &params,
    )?;
    let text = serde_json::to_string_pretty(&m).expect("a model serialises");
    crate::output::write_atomically(&args.out, |tmp| {
        std::fs::write(tmp, &text).map_err(|cause| Error::Write {
            path: tmp.to_path_buf(),
            cause,
        })
    })?;
    audit::append(
        &ws,
        "model train",
        json!({"model": args.out, "features": m.features.len(), "train_rows": m.training.train_rows,
               "test_from": m.training.test_from, "validation_auc": m.validation_auc, "trees": m.trees,
               "loads": m.training.loads.iter().map(|l| l.0).collect::<Vec<_>>()}),
    )?;
    println!(
        "trained {} trees on {} items ({} illicit, weighted ×{:.1}) declared {} – {}; {} validation items: AUC {:.3}",
        m.trees,
        m.training.train_rows,
        m.training.positives,
        m.training.positive_weight,
        m.training.train_from,
        m.training.train_to,
        m.training.validation_rows,
        m.validation_auc
    );
    println!(
        "{} features, {}; test period from {}; {:.1} s → {}",
        m.features.len(),
        match m.training.sampling {
            model::Sampling::Goss => "GOSS-sampled rows per tree",
            _ => "every row per tree",
        },
        m.training.test_from,
        m.training.seconds,
        args.out.display()
    );
    Ok(0)
}

/// Writes the model's scores of the `items` into the temporary table [`SCORES`]; the rows
/// scored.
pub fn score_into_temp(
    ws: &Workspace,
    m: &ModelFile,
    items: Items,
    explain: bool,
) -> Result<usize> {
    let (rows, p, reasons) = model::score(ws, m, items, explain)?;
    // appended to a staging table (the appender reaches only the main catalog), then moved to
    // a temporary one, in one transaction
    ws.in_transaction(|| {
        ws.conn.execute_batch(
            "CREATE OR REPLACE TABLE _cw_model_scores_stage (declaration_id VARCHAR, item_no INTEGER, score DOUBLE, reason VARCHAR, contributions VARCHAR)",
        )?;
        {
            let mut appender = ws.conn.appender("_cw_model_scores_stage")?;
            for (i, (id, item)) in rows.ids.iter().enumerate() {
                let top = &reasons[i];
                let (reason, contributions) = if explain {
                    (
                        Some(model::reason_text(p[i], top)),
                        Some(
                            json!(top
                                .iter()
                                .map(|(f, v, c)| json!({"feature": f, "value": if v.is_nan() { None } else { Some(v) }, "contribution": c}))
                                .collect::<Vec<_>>())
                            .to_string(),
                        ),
                    )
                } else {
                    (None, None)
                };
                appender.append_row(duckdb::params![id, item, p[i], reason, contributions])?;
            }
            appender.flush()?;
        }
        ws.conn.execute_batch(&format!(
            "CREATE OR REPLACE TEMP TABLE {SCORES} AS
               SELECT declaration_id, item_no, score, reason, CAST(contributions AS JSON) AS contributions
               FROM _cw_model_scores_stage;
             DROP TABLE _cw_model_scores_stage;"
        ))?;
        Ok(())
    })?;
    Ok(rows.len())
}

fn evaluate(args: ModelFileArgs, ctx: &Ctx) -> Result<u8> {
    let m = ModelFile::read(&args.model)?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let from = m.training.test_from;
    let scored = score_into_temp(&ws, &m, Items::InspectedFrom(from), false)?;
    let label = args
        .model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let extra = Extra {
        label: &label,
        table: SCORES,
    };
    let e = evaluate_with(&ws, args.run, Some(&from.to_string()), Some(&extra)).map_err(
        |e| match e {
            Error::Usage { message, .. } if message.contains("risk run") => Error::usage(
                message,
                "the model is compared with the rules: run `clearway risk run` first",
            ),
            other => other,
        },
    )?;
    let auc = aucs(&ws, e.run_id, &from.to_string(), &extra)?;
    if args.report == ReportFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"model": args.model, "evaluation": e, "auc": auc})
            )
            .expect("JSON serialises")
        );
        return Ok(0);
    }
    println!(
        "model {label} · test period from {from} · {scored} labelled items scored ({:.1} % illicit) · risk run {}",
        e.illicit_rate * 100.0,
        e.run_id
    );
    for (model, a) in &auc {
        println!("AUC {model:<28} {a:.3}");
    }
    println!(
        "\n{:<40} {:>5} {:>6} {:>9} {:>9} {:>7} {:>8}",
        "ranking", "top %", "items", "flagged", "precision", "recall", "revenue"
    );
    for row in &e.metrics {
        let flagged = format!(
            "{}{}",
            row.flagged,
            if row.below_budget { " *" } else { "" }
        );
        println!(
            "{:<40} {:>5} {:>6} {:>9} {:>8.1}% {:>6.1}% {:>7.1}%",
            row.model,
            row.inspected_pct,
            row.inspected_items,
            flagged,
            row.precision * 100.0,
            row.recall * 100.0,
            row.revenue * 100.0
        );
    }
    super::risk::print_coverage_notes(&e.notes);
    Ok(0)
}

fn score(args: ModelScoreArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let m = ModelFile::read(&args.model)?;
    let items = match &args.from {
        Some(d) => Items::DeclaredFrom(crate::sql::date_flag("--from", d)?),
        None => Items::All,
    };
    let n = score_into_temp(&ws, &m, items, true)?;
    let name = args
        .model
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    ws.in_transaction(|| {
        ws.conn.execute(
            &format!("INSERT INTO model_scores SELECT declaration_id, item_no, score, reason, ?, contributions, now()::TIMESTAMP FROM {SCORES}"),
            [&name],
        )?;
        audit::append(
            &ws,
            "model score",
            json!({"model": args.model, "items": n, "from": args.from}),
        )
    })?;
    println!(
        "scored {n} items with {name} into model_scores; `clearway risk run --pack declarations,scoring` makes them hits of rule model_score"
    );
    Ok(0)
}

fn monitor(args: ModelMonitorArgs, ctx: &Ctx) -> Result<u8> {
    // parsed before the workspace is opened: a bad date changes nothing
    let since_flag = args
        .since
        .as_deref()
        .map(|d| crate::sql::date_flag("--since", d))
        .transpose()?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let m = ModelFile::read(&args.model)?;
    let since = match since_flag {
        Some(d) => d,
        None => ws
            .conn
            .query_row(
                "SELECT CAST(max(declared_at) AS DATE) - 30 FROM declarations",
                [],
                |r| r.get::<_, Option<chrono::NaiveDate>>(0),
            )?
            .ok_or_else(|| {
                Error::usage(
                    "the workspace holds no declarations",
                    "load declarations first",
                )
            })?,
    };
    features::build(&ws, m.training.rules_run)?;
    let n = model::count(&ws, Items::DeclaredFrom(since))?;
    if n == 0 {
        return Err(Error::usage(
            format!("no items declared since {since}"),
            "choose an earlier --since",
        ));
    }
    let mut drift: Vec<(String, f64)> = m
        .bins
        .iter()
        .map(|b| {
            let now = model::shares_sql(&ws, &b.feature, &b.edges, Items::DeclaredFrom(since))?;
            Ok((b.feature.clone(), model::psi(&b.shares, &now)))
        })
        .collect::<Result<_>>()?;
    drift.sort_by(|a, b| b.1.total_cmp(&a.1));
    let drifted: Vec<&(String, f64)> = drift.iter().filter(|(_, p)| *p >= args.threshold).collect();
    println!(
        "{n} items declared since {since} against the training period {} – {} (PSI; ≥ {} drifted)",
        m.training.train_from, m.training.train_to, args.threshold
    );
    for (f, p) in &drift {
        println!(
            "{f:<32} {p:>7.3}{}",
            if *p >= args.threshold {
                "  DRIFTED"
            } else {
                ""
            }
        );
    }
    if !drifted.is_empty() {
        eprintln!(
            "warning: {} feature(s) drifted past PSI {}: {}; retrain on recent inspections — and keep the lanes' random control share, or the model only learns what it already selects",
            drifted.len(),
            args.threshold,
            drifted.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(u8::from(args.fail_on_drift && !drifted.is_empty()))
}
