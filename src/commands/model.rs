//! `clearway model features | train | evaluate | score | monitor`: the learned risk model from
//! the command line. The library ([`crate::model`], its operations in [`crate::model::ops`])
//! holds the features, the trees and the work; this file reads arguments and prints.

use super::Ctx;
use crate::cli::{
    ModelCommand, ModelFeaturesArgs, ModelFileArgs, ModelMonitorArgs, ModelScoreArgs,
    ModelTrainArgs,
};
use crate::error::{Error, Result};
use crate::model::{self, ops, ModelFile, Params};
use crate::output::report::{self, Summary};
use crate::workspace::Workspace;
use serde_json::{json, Value};

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
    let written = ops::export_features(&ws, args.run, &args.out)?;
    let text = format!(
        "wrote {} items × {} features to {} (rule hits from {})\n",
        written.rows,
        written.features,
        args.out.display(),
        written
            .run
            .map(|r| format!("risk run {r}"))
            .unwrap_or_else(|| "no risk run".into())
    );
    let value = json!({"file": args.out, "items": written.rows, "features": written.features, "run_id": written.run});
    report::print(args.format, &Summary::new(value, text))?;
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
    let m = ops::train_to_file(
        &ws,
        &args.label,
        args.split.as_deref(),
        args.split_frac,
        &params,
        &args.out,
    )?;
    let mut text = String::new();
    push_line!(
        text,
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
    push_line!(
        text,
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
    let value = json!({
        "file": args.out,
        "trees": m.trees,
        "features": m.features.len(),
        "validation_auc": m.validation_auc,
        "training": m.training,
    });
    report::print(args.format, &Summary::new(value, text))?;
    Ok(0)
}

fn evaluate(args: ModelFileArgs, ctx: &Ctx) -> Result<u8> {
    let m = ModelFile::read(&args.model)?;
    let label = args
        .model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let ops::ModelEvaluation {
        scored,
        evaluation: e,
        auc,
    } = ops::evaluate(&ws, &m, &label, args.run)?;
    let from = &m.training.test_from;
    let mut text = String::new();
    push_line!(
        text,
        "model {label} · test period from {from} · {scored} labelled items scored ({:.1} % illicit) · risk run {}",
        e.illicit_rate * 100.0,
        e.run_id
    );
    for (model, a) in &auc {
        push_line!(text, "AUC {model:<28} {a:.3}");
    }
    super::risk::push_metrics_table(&mut text, &e)?;
    let value = json!({"model": args.model, "evaluation": e, "auc": auc});
    let records = e.metrics.iter().map(|row| json!(row)).collect();
    report::print(
        args.report,
        &Summary::new(value, text).with_records(records),
    )?;
    Ok(0)
}

fn score(args: ModelScoreArgs, ctx: &Ctx) -> Result<u8> {
    let from = args
        .from
        .as_deref()
        .map(|d| crate::sql::date_flag("--from", d))
        .transpose()?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let n = ops::score(&ws, &args.model, from)?;
    let name = args
        .model
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = format!(
        "scored {n} items with {name} into model_scores; `clearway risk run --pack declarations,scoring` makes them hits of rule model_score\n"
    );
    let value = json!({"model": args.model, "items": n, "table": "model_scores"});
    report::print(args.format, &Summary::new(value, text))?;
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
    let ops::Drift {
        items: n,
        since,
        features: drift,
    } = ops::monitor(&ws, &m, since_flag)?;
    let drifted: Vec<&(String, f64)> = drift.iter().filter(|(_, p)| *p >= args.threshold).collect();
    let mut text = String::new();
    push_line!(
        text,
        "{n} items declared since {since} against the training period {} – {} (PSI; ≥ {} drifted)",
        m.training.train_from,
        m.training.train_to,
        args.threshold
    );
    for (f, p) in &drift {
        push_line!(
            text,
            "{f:<32} {p:>7.3}{}",
            if *p >= args.threshold {
                "  DRIFTED"
            } else {
                ""
            }
        );
    }
    let rows: Vec<Value> = drift
        .iter()
        .map(|(f, p)| json!({"feature": f, "psi": p, "drifted": *p >= args.threshold}))
        .collect();
    let value = json!({
        "items": n,
        "since": since,
        "training_from": m.training.train_from,
        "training_to": m.training.train_to,
        "threshold": args.threshold,
        "features": rows,
    });
    report::print_before_verdict(args.format, &Summary::new(value, text).with_records(rows))?;
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
