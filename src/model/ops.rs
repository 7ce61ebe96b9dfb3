//! The model operations a user starts — `clearway model features | train | evaluate | score |
//! monitor`, and the demo's model section — each one function that does the work (files and
//! tables written atomically, the audit record appended) and returns what a front end shows.
//! The features and the trees are [`super::features`]' and [`super`]'s; the comparison with
//! the rules is [`crate::risk::evaluate`]'s.

use super::{features, Items, ModelFile, Params};
use crate::error::{Error, Result};
use crate::risk::evaluate::{aucs, evaluate_with, Evaluation, Extra};
use crate::workspace::{audit, Workspace};
use serde_json::json;
use std::path::Path;

/// The temporary table a model's scores are written to before they are compared or stored.
pub const SCORES: &str = "_cw_model_scores";

/// The feature matrix written to a Parquet file.
pub struct FeaturesWritten {
    pub rows: i64,
    pub features: usize,
    /// The risk run whose rule hits are features, when there is one.
    pub run: Option<i64>,
}

/// Builds the feature matrix (rule hits of `run`, the latest when None) and writes it to `out`.
pub fn export_features(ws: &Workspace, run: Option<i64>, out: &Path) -> Result<FeaturesWritten> {
    let (run, names) = features::build(ws, run)?;
    let rows: i64 = ws.conn.query_row(
        &format!("SELECT count(*) FROM {}", features::TABLE),
        [],
        |r| r.get(0),
    )?;
    crate::output::write_atomically(out, |tmp| {
        ws.conn.execute(
            &format!(
                "COPY (SELECT * FROM {}) TO ? (FORMAT parquet)",
                features::TABLE
            ),
            [tmp.display().to_string()],
        )?;
        Ok(())
    })?;
    Ok(FeaturesWritten {
        rows,
        features: names.len(),
        run,
    })
}

/// Trains a model (see [`super::train`]), writes it to `out` and records it.
pub fn train_to_file(
    ws: &Workspace,
    label: &str,
    split: Option<&str>,
    split_frac: f64,
    params: &Params,
    out: &Path,
) -> Result<ModelFile> {
    let m = super::train(ws, label, split, split_frac, params)?;
    let text = serde_json::to_string_pretty(&m).expect("a model serialises");
    crate::output::write_atomically(out, |tmp| {
        std::fs::write(tmp, &text).map_err(|cause| Error::Write {
            path: tmp.to_path_buf(),
            cause,
        })
    })?;
    audit::append(
        ws,
        "model train",
        json!({"model": out, "features": m.features.len(), "train_rows": m.training.train_rows,
               "test_from": m.training.test_from, "validation_auc": m.validation_auc, "trees": m.trees,
               "loads": m.training.loads.iter().map(|l| l.0).collect::<Vec<_>>()}),
    )?;
    Ok(m)
}

/// Writes the model's scores of the `items` into the temporary table [`SCORES`]; the rows
/// scored.
pub fn score_into_temp(
    ws: &Workspace,
    m: &ModelFile,
    items: Items,
    explain: bool,
) -> Result<usize> {
    let (rows, p, reasons) = super::score(ws, m, items, explain)?;
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
                        Some(super::reason_text(p[i], top)),
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

/// A model held against the rules on its test period.
pub struct ModelEvaluation {
    /// Labelled items of the test period scored.
    pub scored: usize,
    pub evaluation: Evaluation,
    /// (ranking, AUC) of the model and the rules.
    pub auc: Vec<(String, f64)>,
}

/// Scores the model's test period and ranks it beside risk run `run` (the latest when None),
/// under the name `label`.
pub fn evaluate(
    ws: &Workspace,
    m: &ModelFile,
    label: &str,
    run: Option<i64>,
) -> Result<ModelEvaluation> {
    let from = m.training.test_from;
    let scored = score_into_temp(ws, m, Items::InspectedFrom(from), false)?;
    let extra = Extra {
        label,
        table: SCORES,
    };
    let evaluation =
        evaluate_with(ws, run, Some(&from.to_string()), Some(&extra)).map_err(|e| match e {
            Error::Usage { message, .. } if message.contains("risk run") => Error::usage(
                message,
                "the model is compared with the rules: run `clearway risk run` first",
            ),
            other => other,
        })?;
    let auc = aucs(ws, evaluation.run_id, &from.to_string(), &extra)?;
    Ok(ModelEvaluation {
        scored,
        evaluation,
        auc,
    })
}

/// Scores the items declared from `from` on (all when None) with the model in `model` into
/// `model_scores`, where the scoring pack's rule `model_score` finds them; the items scored.
pub fn score(ws: &Workspace, model: &Path, from: Option<chrono::NaiveDate>) -> Result<usize> {
    let m = ModelFile::read(model)?;
    let items = from.map_or(Items::All, Items::DeclaredFrom);
    let n = score_into_temp(ws, &m, items, true)?;
    let name = model
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    ws.in_transaction(|| {
        ws.conn.execute(
            &format!("INSERT INTO model_scores SELECT declaration_id, item_no, score, reason, ?, contributions, now()::TIMESTAMP FROM {SCORES}"),
            [&name],
        )?;
        audit::append(
            ws,
            "model score",
            json!({"model": model, "items": n, "from": from.map(|d| d.format("%Y-%m-%d").to_string())}),
        )
    })?;
    Ok(n)
}

/// How far recent items have drifted from the model's training period.
pub struct Drift {
    /// Items declared since `since`.
    pub items: i64,
    pub since: String,
    /// (feature, population stability index), most drifted first.
    pub features: Vec<(String, f64)>,
}

/// The PSI of every feature of `m` between its training period and the items declared since
/// `since` (default: the last 30 days of declarations). The date is a parsed date, bound.
pub fn monitor(ws: &Workspace, m: &ModelFile, since: Option<chrono::NaiveDate>) -> Result<Drift> {
    let since = match since {
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
    features::build(ws, m.training.rules_run)?;
    let items = super::count(ws, Items::DeclaredFrom(since))?;
    if items == 0 {
        return Err(Error::usage(
            format!("no items declared since {since}"),
            "choose an earlier --since",
        ));
    }
    let mut drift: Vec<(String, f64)> = m
        .bins
        .iter()
        .map(|b| {
            let now = super::shares_sql(ws, &b.feature, &b.edges, Items::DeclaredFrom(since))?;
            Ok((b.feature.clone(), super::psi(&b.shares, &now)))
        })
        .collect::<Result<_>>()?;
    drift.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(Drift {
        items,
        since: since.to_string(),
        features: drift,
    })
}
