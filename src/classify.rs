//! `clearway classify`: HS code suggestions from goods descriptions, trained on the HS 2022
//! nomenclature compiled into clearway and on the workspace's own classified items.
//!
//! The classifier itself (text, TF-IDF, the tree of softmax models, the model file) is the
//! `clearway-classify` crate, which needs no database; this module is its workspace side:
//! it reads the labelled history out of `declarations`, records where a model came from,
//! writes suggestions into `hs_suggestions` (where rule `hs_misclassification` of the
//! declarations pack reads them) and measures a model on the items declared after its
//! training period.
//!
//! Labels are the declared codes' first six digits, kept only where they are HS 2022
//! subheadings: a national 8- or 10-digit line counts as its subheading, another edition's
//! code or a code with letters is left out and counted. A workspace with no described,
//! classified item trains from the nomenclature alone, and says so.

use crate::error::{Error, Result};
use crate::reference::hs;
use crate::workspace::{audit, Workspace};
use chrono::NaiveDate;
use clearway_classify::file::{self, Header, Nomenclature};
use clearway_classify::{Classifier, Example, NoSuggestion, Prediction, Settings, Suggestion};
use serde::Serialize;
use serde_json::json;
use std::path::Path;

pub use clearway_classify::classifier::Trained;

/// Where a model learns from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The chapters, headings and subheadings of HS 2022 with their texts.
    Nomenclature,
    /// The workspace's described and classified items.
    History,
}

/// Suggestions kept per item by `classify score` unless told otherwise.
pub const DEFAULT_TOP: usize = 3;
/// How the nomenclature's examples are named as nearest examples.
const NOMENCLATURE_SOURCE: &str = "HS 2022 nomenclature";

/// The nomenclature this build classifies into, as model files record it.
pub fn nomenclature() -> Nomenclature {
    Nomenclature::of(hs::EDITION, known_codes())
}

fn known_codes() -> impl Iterator<Item = &'static str> {
    hs::entries()
        .iter()
        .filter(|e| {
            matches!(e.level, 2 | 4 | 6) && e.code != "999999" && e.code.len() == e.level as usize
        })
        .map(|e| e.code.as_str())
}

/// Whether a code is a chapter, heading or subheading of HS 2022.
pub fn is_hs2022(code: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static KNOWN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    KNOWN.get_or_init(|| known_codes().collect()).contains(code)
}

/// What `classify train` is asked to do.
#[derive(Debug, Clone)]
pub struct TrainRequest {
    pub sources: Vec<Source>,
    /// Learn only from items declared before this day (the rest is the test period).
    pub before: Option<NaiveDate>,
    pub settings: Settings,
}

/// What `classify train` did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainOutcome {
    pub header: Header,
    pub trained: Trained,
    pub history_items: usize,
    /// History items whose code's first six characters are not an HS 2022 subheading.
    pub not_hs2022: usize,
    pub nomenclature_entries: usize,
    /// Set when the history was asked for and the workspace had none.
    pub note: Option<String>,
    pub seconds: f64,
}

/// The labelled history: descriptions with their declared subheading.
struct History {
    examples: Vec<Example>,
    from: Option<String>,
    to: Option<String>,
    not_hs2022: usize,
}

/// Trains a model and writes it to `out` (through a temporary file: a failure leaves no file).
pub fn train(
    ws: &Workspace,
    request: &TrainRequest,
    out: &Path,
    progress: bool,
) -> Result<TrainOutcome> {
    let started = std::time::Instant::now();
    let spinner = crate::progress::item_spinner(progress, "training the HS classifier");
    let mut examples = Vec::new();
    let mut note = None;
    let mut history = History {
        examples: Vec::new(),
        from: None,
        to: None,
        not_hs2022: 0,
    };
    if request.sources.contains(&Source::History) {
        spinner.set_message("reading the classified items");
        history = read_history(ws, request.before)?;
        if history.examples.is_empty() {
            note = Some(format!(
                "the workspace has no described item with an HS 2022 code{}: the model learns from the HS 2022 nomenclature alone",
                request.before.map(|d| format!(" declared before {d}")).unwrap_or_default()
            ));
        }
    }
    let history_items = history.examples.len();
    let not_hs2022 = history.not_hs2022;
    examples.append(&mut history.examples);
    let with_nomenclature = request.sources.contains(&Source::Nomenclature) || history_items == 0;
    let mut nomenclature_entries = 0;
    if with_nomenclature {
        let entries = nomenclature_examples();
        nomenclature_entries = entries.len();
        examples.extend(entries);
    }
    let (classifier, trained) = Classifier::train(&examples, &is_hs2022, &request.settings, &|stage| {
        spinner.set_message(stage.to_string())
    })
    .map_err(|e| Error::usage(format!("nothing to train on: {e}"), "load declarations with goods descriptions and HS codes, or train `--from nomenclature`"))?;
    drop(examples);
    spinner.set_message("writing the model");
    let loads: Vec<(i64, String)> = ws
        .conn
        .prepare("SELECT load_id, source_sha256 FROM loads WHERE target_table = 'declarations' ORDER BY load_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<duckdb::Result<_>>()?;
    let about = json!({
        "clearway_version": crate::VERSION,
        "created_at": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "sources": if with_nomenclature && history_items > 0 { json!(["nomenclature", "history"]) }
                   else if history_items > 0 { json!(["history"]) } else { json!(["nomenclature"]) },
        "history": {
            "items": history_items,
            "declared_from": history.from,
            "declared_to": history.to,
            "before": request.before.map(|d| d.to_string()),
            "codes_not_in_hs2022": history.not_hs2022,
            "loads": loads,
        },
        "nomenclature_entries": nomenclature_entries,
        "settings": request.settings,
        "trained": trained,
    });
    let header =
        file::write(out, &classifier, &nomenclature(), about).map_err(|cause| Error::Write {
            path: out.to_path_buf(),
            cause,
        })?;
    spinner.finish_and_clear();
    Ok(TrainOutcome {
        header,
        trained,
        history_items,
        not_hs2022,
        nomenclature_entries,
        note,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The workspace's described items with an HS 2022 subheading, oldest first.
fn read_history(ws: &Workspace, before: Option<NaiveDate>) -> Result<History> {
    use arrow::array::{Array, AsArray};
    let condition = if before.is_some() {
        "AND declared_at < CAST(? AS DATE)"
    } else {
        ""
    };
    let sql = format!(
        "SELECT declaration_id, CAST(item_no AS VARCHAR), goods_description, left(CAST(hs_code AS VARCHAR), 6),
                strftime(declared_at, '%Y-%m-%d')
         FROM declarations
         WHERE goods_description IS NOT NULL AND hs_code IS NOT NULL {condition}
         ORDER BY declared_at, declaration_id, item_no"
    );
    let mut stmt = ws.conn.prepare(&sql)?;
    let mut history = History {
        examples: Vec::new(),
        from: None,
        to: None,
        not_hs2022: 0,
    };
    let batches = stmt.query_arrow(duckdb::params_from_iter(before.map(|d| d.to_string())))?;
    for batch in batches {
        let text = |i: usize| batch.column(i).as_string::<i32>().clone();
        let (ids, items, descriptions, codes, dates) =
            (text(0), text(1), text(2), text(3), text(4));
        for r in 0..batch.num_rows() {
            let code = codes.value(r);
            if code.len() != 6 || !is_hs2022(code) {
                history.not_hs2022 += 1;
                continue;
            }
            let date = if dates.is_null(r) { "" } else { dates.value(r) };
            if history.from.is_none() && !date.is_empty() {
                history.from = Some(date.to_string());
            }
            if !date.is_empty() {
                history.to = Some(date.to_string());
            }
            history.examples.push(Example {
                code: code.to_string(),
                text: descriptions.value(r).to_string(),
                weight: 1.0,
                source: format!("{} item {}", ids.value(r), items.value(r)),
            });
        }
    }
    Ok(history)
}

/// Reads a model file, refusing one from another program, version or nomenclature.
pub fn load_model(path: &Path) -> Result<(Header, Classifier)> {
    crate::limits::require_regular_file(path).map_err(|message| {
        Error::input_refused(
            path,
            message,
            "give the model file `clearway classify train --out MODEL` wrote",
        )
    })?;
    file::read(path, &nomenclature()).map_err(|e| {
        let at = e.offset.map(|o| format!(" (byte {o})")).unwrap_or_default();
        Error::bad_input(path, format!("{}{at}", e.message), e.help)
    })
}

/// The classifier itself (the `clearway-classify` crate), for callers that train on examples
/// of their own (the conformance test's cross-validation on a real labelled set).
pub use clearway_classify as core;

/// The nomenclature's chapters, headings and subheadings as training examples.
pub fn nomenclature_examples() -> Vec<Example> {
    hs::entries()
        .iter()
        .filter(|e| is_hs2022(&e.code))
        .map(|e| Example {
            code: e.code.clone(),
            text: e.description.clone(),
            weight: 1.0,
            source: NOMENCLATURE_SOURCE.into(),
        })
        .collect()
}

/// A model trained on the nomenclature alone, for `classify suggest` without `--model`.
pub fn nomenclature_model() -> Result<Classifier> {
    let examples = nomenclature_examples();
    Classifier::train(
        &examples,
        &is_hs2022,
        &Settings {
            vocabulary: clearway_classify::vocab::VocabSettings {
                min_df: 1,
                ..Default::default()
            },
            ..Settings::default()
        },
        &|_| {},
    )
    .map(|(c, _)| c)
    .map_err(|e| {
        Error::usage(
            format!("the nomenclature model does not train: {e}"),
            "report this as a bug",
        )
    })
}

/// The suggestions for one description, or a diagnostic saying why there are none.
pub fn suggest(model: &Classifier, text: &str, top: usize) -> Result<Prediction> {
    model.predict(text, top).map_err(|why| match why {
        NoSuggestion::Empty => Error::usage(
            format!("the description {text:?} has no letter or digit to classify"),
            "give the goods description as the declaration states it, e.g. \"LED TV 55IN SAMSUNG\"",
        ),
        NoSuggestion::Unknown => Error::usage(
            format!("no word or part of a word of {text:?} occurs in the model's training texts"),
            "describe the goods in other words, or train the model on descriptions like it",
        ),
    })
}

/// One line saying why a code is suggested: the path's probabilities, the terms that carried
/// it, the nearest labelled example.
pub fn reason(s: &Suggestion) -> String {
    let terms: Vec<String> = s
        .terms
        .iter()
        .map(|(t, w)| format!("\"{t}\" +{w:.2}"))
        .collect();
    let mut out = format!(
        "chapter {} {:.2} › heading {} {:.2} › {} {:.2}",
        &s.code[..2],
        s.path[0],
        &s.code[..4],
        s.path[1],
        s.code,
        s.path[2]
    );
    if !terms.is_empty() {
        out.push_str(&format!("; carried by {}", terms.join(", ")));
    }
    if let Some((text, source, similarity)) = s.examples.first() {
        // a kept example is text from a declaration or a model file: no control character of it
        // reaches the terminal
        let printable = |t: &str| -> String { t.chars().filter(|c| !c.is_control()).collect() };
        out.push_str(&format!(
            "; like \"{}\" ({}, {similarity:.2})",
            printable(text),
            printable(source)
        ));
    }
    out
}

/// The suggestion's reasons as JSON (the `explanation` column and `--format json`).
pub fn explanation(s: &Suggestion) -> serde_json::Value {
    json!({
        "path": {"chapter": [&s.code[..2], s.path[0]], "heading": [&s.code[..4], s.path[1]], "subheading": [&s.code, s.path[2]]},
        "terms": s.terms.iter().map(|(t, w)| json!({"term": t, "weight": w})).collect::<Vec<_>>(),
        "examples": s.examples.iter().map(|(t, src, sim)| json!({"text": t, "source": src, "similarity": sim})).collect::<Vec<_>>(),
    })
}

/// What `classify score` did.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreOutcome {
    pub items: usize,
    pub suggestions: usize,
    /// Items whose description is missing or has no letter or digit.
    pub without_text: usize,
    /// Items none of whose terms the model knows.
    pub unknown_text: usize,
    pub model: String,
}

/// Items classified and appended per step of `classify score`: bounds the predictions held at
/// once. (DuckDB's Arrow result holds the items' ids and descriptions as a whole: on ten
/// million items, about a gigabyte.)
const SCORE_BATCH: usize = 50_000;

/// Suggests `top` codes for every item into `hs_suggestions`, replacing the previous
/// suggestions in one transaction (an interrupted scoring leaves the previous ones).
pub fn score(
    ws: &Workspace,
    model_path: &Path,
    top: usize,
    progress: bool,
) -> Result<ScoreOutcome> {
    use arrow::array::{Array, AsArray};
    use rayon::prelude::*;
    let (header, model) = load_model(model_path)?;
    let model_id = format!(
        "{}@{}",
        model_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        &header.body.sha256[..12]
    );
    let total: i64 = ws
        .conn
        .query_row("SELECT count(*) FROM declarations", [], |r| r.get(0))?;
    let bar = if progress {
        crate::progress::count_bar("classifying items", total as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut outcome = ScoreOutcome {
        items: 0,
        suggestions: 0,
        without_text: 0,
        unknown_text: 0,
        model: model_id.clone(),
    };
    ws.in_transaction(|| {
        ws.conn.execute("DELETE FROM hs_suggestions", [])?;
        let mut stmt = ws.conn.prepare(
            "SELECT declaration_id, item_no, goods_description FROM declarations ORDER BY declaration_id, item_no",
        )?;
        let mut pending: Vec<(String, i32, Option<String>)> = Vec::new();
        let mut appender = ws.conn.appender("hs_suggestions")?;
        let now = chrono::Utc::now().naive_utc();
        let mut flush = |pending: &mut Vec<(String, i32, Option<String>)>, outcome: &mut ScoreOutcome| -> Result<()> {
            let predicted: Vec<std::result::Result<Prediction, NoSuggestion>> = pending
                .par_iter()
                .map(|(_, _, text)| match text {
                    Some(t) => model.predict(t, top),
                    None => Err(NoSuggestion::Empty),
                })
                .collect();
            for ((id, item, _), p) in pending.iter().zip(predicted) {
                outcome.items += 1;
                match p {
                    Err(NoSuggestion::Empty) => outcome.without_text += 1,
                    Err(NoSuggestion::Unknown) => outcome.unknown_text += 1,
                    Ok(p) => {
                        for (rank, s) in p.suggestions.iter().enumerate() {
                            appender.append_row(duckdb::params![
                                id,
                                item,
                                rank as i32 + 1,
                                s.code,
                                f64::from(s.probability),
                                reason(s),
                                explanation(s).to_string(),
                                model_id,
                                now
                            ])?;
                            outcome.suggestions += 1;
                        }
                    }
                }
            }
            bar.inc(pending.len() as u64);
            pending.clear();
            Ok(())
        };
        for batch in stmt.query_arrow([])? {
            let ids = batch.column(0).as_string::<i32>();
            let items = batch.column(1).as_primitive::<arrow::datatypes::Int32Type>();
            let texts = batch.column(2).as_string::<i32>();
            for r in 0..batch.num_rows() {
                let text = (!texts.is_null(r)).then(|| texts.value(r).to_string());
                pending.push((ids.value(r).to_string(), items.value(r), text));
            }
            if pending.len() >= SCORE_BATCH {
                flush(&mut pending, &mut outcome)?;
            }
        }
        flush(&mut pending, &mut outcome)?;
        appender.flush()?;
        drop(appender);
        audit::append(
            ws,
            "classify score",
            json!({"model": model_path, "model_sha256": header.body.sha256, "items": outcome.items, "suggestions": outcome.suggestions, "top": top}),
        )
    })?;
    bar.finish_and_clear();
    Ok(outcome)
}

/// Accuracy of a model on labelled descriptions: the workspace's items declared from a day, or
/// a CSV file of `description,hs_code`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evaluation {
    /// The first day of the items evaluated on (workspace items).
    pub from: Option<String>,
    /// The labelled file evaluated on.
    pub file: Option<String>,
    /// Descriptions with an HS 2022 code evaluated on.
    pub items: usize,
    /// Rows of the file left out because their code is not an HS 2022 subheading.
    pub skipped: usize,
    /// Of the items, those the model could suggest nothing for (counted as wrong).
    pub without_suggestion: usize,
    /// Share of items whose code is the first suggestion, at HS6, HS4 and HS2.
    pub top1: Levels,
    /// Share whose code is among the first three.
    pub top3: Levels,
    pub seconds: f64,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Levels {
    pub hs6: f64,
    pub hs4: f64,
    pub hs2: f64,
}

/// Measures `model` on the items declared from `from` (default: the day its training history
/// ended before, `--before` of `classify train`).
pub fn evaluate(
    ws: &Workspace,
    header: &Header,
    model: &Classifier,
    from: Option<NaiveDate>,
) -> Result<Evaluation> {
    let started = std::time::Instant::now();
    // the items the model learned from are not a test of it: the period starts no earlier than
    // the day its history ended before
    let before = header.about["history"]["before"]
        .as_str()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let learned_history = header.about["history"]["items"].as_u64().unwrap_or(0) > 0;
    let from = match (from, before) {
        (Some(from), Some(before)) if from < before => {
            return Err(Error::usage(
                format!("the model learned from the items declared before {before}: items from {from} include some of them"),
                format!("evaluate from {before} or later, or train with `--before {from}`"),
            ))
        }
        (Some(from), Some(_)) => from,
        (Some(from), None) if !learned_history => from,
        (_, Some(before)) => before,
        _ => {
            return Err(Error::usage(
                "the model learned from the whole history: there is no later period to evaluate it on",
                "train with `--before DATE` and evaluate on the items from DATE, or give `--file CSV`",
            ))
        }
    };
    let test = read_history_from(ws, from)?;
    if test.is_empty() {
        return Err(Error::usage(
            format!("no item with a description and an HS 2022 code was declared from {from}"),
            "give an earlier `--from`, or train with an earlier `--before`",
        ));
    }
    let mut e = evaluate_pairs(model, &test);
    e.from = Some(from.to_string());
    e.seconds = started.elapsed().as_secs_f64();
    Ok(e)
}

/// Measures `model` on a labelled file: a CSV with a header naming the columns `description`
/// and `hs_code` (others are ignored); codes of at least six digits, rows whose first six are
/// not an HS 2022 subheading left out and counted.
pub fn evaluate_file(
    model: &Classifier,
    path: &Path,
    limits: &crate::limits::Limits,
) -> Result<Evaluation> {
    let started = std::time::Instant::now();
    let max = limits.get(crate::limits::Bound::FileBytes);
    let bytes = crate::limits::read_file_capped(path, max)
        .map_err(|m| Error::input_refused(path, m, "give a CSV of description,hs_code"))?;
    let (pairs, skipped) = read_labelled(path, &bytes)?;
    let mut e = evaluate_pairs(model, &pairs);
    e.file = Some(path.display().to_string());
    e.skipped = skipped;
    e.seconds = started.elapsed().as_secs_f64();
    Ok(e)
}

/// The (description, HS6) pairs of a labelled CSV, and the rows left out.
fn read_labelled(path: &Path, bytes: &[u8]) -> Result<(Vec<(String, String)>, usize)> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| {
            Error::bad_input(
                path,
                format!("not a CSV file: {e}"),
                "give a CSV of description,hs_code with a header line",
            )
        })?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                Error::bad_input(
                    path,
                    format!(
                        "line 1: no `{name}` column (the header has: {})",
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                    "the file needs a header line naming `description` and `hs_code`",
                )
            })
    };
    let (text_at, code_at) = (column("description")?, column("hs_code")?);
    let mut pairs = Vec::new();
    let mut skipped = 0;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            let help = match e.kind() {
                csv::ErrorKind::Utf8 { .. } => "save the file as UTF-8",
                _ => "quote fields that hold commas or line breaks",
            };
            Error::bad_input(path, format!("line {line}: {e}"), help)
        })?;
        let code: String = record
            .get(code_at)
            .unwrap_or("")
            .trim()
            .chars()
            .filter(|c| *c != '.')
            .collect();
        if code.len() < 6 || !code.bytes().all(|b| b.is_ascii_digit()) || !is_hs2022(&code[..6]) {
            skipped += 1;
            continue;
        }
        pairs.push((
            record.get(text_at).unwrap_or("").to_string(),
            code[..6].to_string(),
        ));
    }
    if pairs.is_empty() {
        return Err(Error::bad_input(
            path,
            format!("no row has an HS 2022 code of six or more digits ({skipped} rows left out)"),
            "the `hs_code` column holds codes such as 852872 or 8528.72.00",
        ));
    }
    Ok((pairs, skipped))
}

/// Top-1 and top-3 accuracy at each level over (description, HS6) pairs.
pub fn evaluate_pairs(model: &Classifier, pairs: &[(String, String)]) -> Evaluation {
    let a = clearway_classify::accuracy::measure(model, pairs);
    let levels = |l: [f64; 3]| Levels {
        hs6: l[0],
        hs4: l[1],
        hs2: l[2],
    };
    Evaluation {
        from: None,
        file: None,
        items: a.items,
        skipped: 0,
        without_suggestion: a.without_suggestion,
        top1: levels(a.top1),
        top3: levels(a.top3),
        seconds: 0.0,
    }
}

/// (description, HS6) of the described items with an HS 2022 code declared from `from`.
fn read_history_from(ws: &Workspace, from: NaiveDate) -> Result<Vec<(String, String)>> {
    let mut stmt = ws.conn.prepare(
        "SELECT goods_description, left(CAST(hs_code AS VARCHAR), 6) FROM declarations
         WHERE goods_description IS NOT NULL AND hs_code IS NOT NULL AND declared_at >= CAST(? AS DATE)
         ORDER BY declared_at, declaration_id, item_no",
    )?;
    let rows = stmt
        .query_map([from.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<duckdb::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, code)| code.len() == 6 && is_hs2022(code))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nomenclature_alone_suggests_plausible_codes() {
        let model = nomenclature_model().unwrap();
        let p = suggest(&model, "Horses, live, pure-bred breeding", 3).unwrap();
        assert_eq!(p.suggestions[0].code, "010121", "{p:?}");
        let r = reason(&p.suggestions[0]);
        assert!(r.starts_with("chapter 01 "), "{r}");
        assert!(r.contains("HS 2022 nomenclature"), "{r}");
        assert!(suggest(&model, "--", 3).is_err());
    }

    #[test]
    fn the_fingerprint_covers_every_level() {
        let n = nomenclature();
        assert_eq!(n.edition, "HS2022");
        assert!(is_hs2022("85") && is_hs2022("8528") && is_hs2022("852872"));
        assert!(!is_hs2022("999999") && !is_hs2022("8528720000"));
    }
}
