//! `clearway classify train | suggest | score | evaluate`: HS code suggestions from the command
//! line. The work is in [`crate::classify`]; this file reads arguments and prints.

use super::Ctx;
use crate::classify::{self, TrainRequest};
use crate::cli::{
    ClassifyCommand, ClassifyEvaluateArgs, ClassifyScoreArgs, ClassifySuggestArgs,
    ClassifyTrainArgs,
};
use crate::error::Result;
use crate::output::report::{self, Summary};
use crate::workspace::Workspace;
use clearway_classify::linear::TrainSettings;
use clearway_classify::vocab::VocabSettings;
use clearway_classify::Settings;
use serde_json::{json, Value};

pub fn run(cmd: ClassifyCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        ClassifyCommand::Train(args) => train(args, ctx),
        ClassifyCommand::Suggest(args) => suggest(args),
        ClassifyCommand::Score(args) => score(args, ctx),
        ClassifyCommand::Evaluate(args) => evaluate(args, ctx),
    }
}

fn train(args: ClassifyTrainArgs, ctx: &Ctx) -> Result<u8> {
    let before = args
        .before
        .as_deref()
        .map(|d| crate::sql::date_flag("--before", d))
        .transpose()?;
    let request = TrainRequest {
        sources: args.from,
        before,
        settings: Settings {
            vocabulary: VocabSettings {
                min_df: args.min_df.max(1),
                ..VocabSettings::default()
            },
            training: TrainSettings {
                epochs: args.epochs.max(1),
                seed: args.seed,
                ..TrainSettings::default()
            },
        },
    };
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let done = classify::train(&ws, &request, &args.out, ctx.progress)?;
    if let Some(note) = &done.note {
        ctx.say(format!("note: {note}"));
    }
    let t = &done.trained;
    let mut text = String::new();
    push_line!(
        text,
        "trained on {} descriptions ({} classified items, {} nomenclature entries); left out: {} description{} without text, {} item{} whose code is not an HS 2022 subheading{}",
        t.examples,
        done.history_items,
        done.nomenclature_entries,
        t.empty_texts,
        plural(t.empty_texts),
        done.not_hs2022,
        plural(done.not_hs2022),
        // a chapter or heading of the nomenclature with no subheading to learn under it
        if t.unknown_codes > 0 {
            format!(", {} nomenclature entries with no subheading under them", t.unknown_codes)
        } else {
            String::new()
        }
    );
    push_line!(
        text,
        "{} features; {} chapters, {} headings, {} subheadings; {:.1} s (vocabulary {:.1} s, fit {:.1} s) → {}",
        t.features,
        t.chapters,
        t.headings,
        t.subheadings,
        done.seconds,
        t.vocabulary_seconds,
        t.fit_seconds,
        args.out.display()
    );
    let value = json!({
        "file": args.out,
        "descriptions": t.examples,
        "classified_items": done.history_items,
        "nomenclature_entries": done.nomenclature_entries,
        "left_out": {"without_text": t.empty_texts, "not_hs2022": done.not_hs2022, "entries_without_subheading": t.unknown_codes},
        "features": t.features,
        "chapters": t.chapters,
        "headings": t.headings,
        "subheadings": t.subheadings,
        "seconds": done.seconds,
        "note": done.note,
    });
    report::print(args.format, &Summary::new(value, text))?;
    Ok(0)
}

fn suggest(args: ClassifySuggestArgs) -> Result<u8> {
    let model = match &args.model {
        Some(path) => classify::load_model(path)?.1,
        None => {
            eprintln!(
                "note: no --model: suggesting from a model of the HS 2022 nomenclature alone"
            );
            classify::nomenclature_model()?
        }
    };
    let p = classify::suggest(&model, &args.text, args.top.max(1))?;
    let suggestions: Vec<Value> = p
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"rank": i + 1, "hs_code": s.code, "probability": s.probability,
                "reason": classify::reason(s), "explanation": classify::explanation(s)})
        })
        .collect();
    let mut text = String::new();
    for (i, s) in p.suggestions.iter().enumerate() {
        push_line!(
            text,
            "{}. {} {:>5.1} %  {}",
            i + 1,
            s.code,
            f64::from(s.probability) * 100.0,
            hs_title(&s.code)
        );
        push_line!(text, "   {}", classify::reason(s));
    }
    let value = json!({"text": args.text, "suggestions": suggestions,
        "headings": p.headings.iter().take(3).collect::<Vec<_>>(),
        "chapters": p.chapters.iter().take(3).collect::<Vec<_>>()});
    report::print(
        args.report,
        &Summary::new(value, text).with_records(suggestions),
    )?;
    Ok(0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The nomenclature's text of a subheading, cut for one line.
fn hs_title(code: &str) -> String {
    crate::reference::hs::entries()
        .iter()
        .find(|e| e.code == code)
        .map(|e| {
            let t: String = e.description.chars().take(70).collect();
            if t.len() < e.description.len() {
                format!("{t}…")
            } else {
                t
            }
        })
        .unwrap_or_default()
}

fn score(args: ClassifyScoreArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let done = classify::score(&ws, &args.model, args.top.max(1), ctx.progress)?;
    let text = format!(
        "{} suggestions for {} items into hs_suggestions ({}); {} items without a description, {} with none of the model's terms\n",
        done.suggestions, done.items, done.model, done.without_text, done.unknown_text
    );
    let value = json!({"suggestions": done.suggestions, "items": done.items, "model": done.model,
        "without_text": done.without_text, "unknown_text": done.unknown_text, "table": "hs_suggestions"});
    report::print(args.format, &Summary::new(value, text))?;
    ctx.say("`clearway risk run` makes confident disagreements hits of rule hs_misclassification");
    Ok(0)
}

fn evaluate(args: ClassifyEvaluateArgs, ctx: &Ctx) -> Result<u8> {
    let from = args
        .from
        .as_deref()
        .map(|d| crate::sql::date_flag("--from", d))
        .transpose()?;
    let (header, model) = classify::load_model(&args.model)?;
    let e = match &args.file {
        Some(file) => classify::evaluate_file(&model, file, &ctx.limits()?)?,
        None => {
            let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
            classify::evaluate(&ws, &header, &model, from)?
        }
    };
    let what = match (&e.file, &e.from) {
        (Some(file), _) => format!(
            "{} labelled descriptions of {file} ({} rows without an HS 2022 code left out)",
            e.items, e.skipped
        ),
        (None, from) => format!(
            "{} items declared from {}",
            e.items,
            from.as_deref().unwrap_or("?")
        ),
    };
    let mut text = String::new();
    push_line!(
        text,
        "{what}: {} without a suggestion, {:.1} s",
        e.without_suggestion,
        e.seconds
    );
    push_line!(text, "          HS6      HS4      HS2");
    for (name, l) in [("top-1", e.top1), ("top-3", e.top3)] {
        push_line!(
            text,
            "{name}  {:>6.2} % {:>6.2} % {:>6.2} %",
            l.hs6 * 100.0,
            l.hs4 * 100.0,
            l.hs2 * 100.0
        );
    }
    report::print(args.report, &Summary::new(json!(e), text))?;
    Ok(0)
}
