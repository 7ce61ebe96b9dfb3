//! `clearway classify train | suggest | score | evaluate`: HS code suggestions from the command
//! line. The work is in [`crate::classify`]; this file reads arguments and prints.

use super::Ctx;
use crate::classify::{self, TrainRequest};
use crate::cli::{
    ClassifyCommand, ClassifyEvaluateArgs, ClassifyScoreArgs, ClassifySuggestArgs,
    ClassifyTrainArgs, ReportFormat,
};
use crate::error::Result;
use crate::workspace::Workspace;
use clearway_classify::linear::TrainSettings;
use clearway_classify::vocab::VocabSettings;
use clearway_classify::Settings;

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
    println!(
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
    println!(
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
    if args.report == ReportFormat::Json {
        let suggestions: Vec<serde_json::Value> = p
            .suggestions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({"rank": i + 1, "hs_code": s.code, "probability": s.probability,
                    "reason": classify::reason(s), "explanation": classify::explanation(s)})
            })
            .collect();
        let out = serde_json::json!({"text": args.text, "suggestions": suggestions,
            "headings": p.headings.iter().take(3).collect::<Vec<_>>(),
            "chapters": p.chapters.iter().take(3).collect::<Vec<_>>()});
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("JSON serialises")
        );
        return Ok(0);
    }
    for (i, s) in p.suggestions.iter().enumerate() {
        println!(
            "{}. {} {:>5.1} %  {}",
            i + 1,
            s.code,
            f64::from(s.probability) * 100.0,
            hs_title(&s.code)
        );
        println!("   {}", classify::reason(s));
    }
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
    println!(
        "{} suggestions for {} items into hs_suggestions ({}); {} items without a description, {} with none of the model's terms",
        done.suggestions, done.items, done.model, done.without_text, done.unknown_text
    );
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
    if args.report == ReportFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&e).expect("JSON serialises")
        );
        return Ok(0);
    }
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
    println!(
        "{what}: {} without a suggestion, {:.1} s",
        e.without_suggestion, e.seconds
    );
    println!("          HS6      HS4      HS2");
    for (name, l) in [("top-1", e.top1), ("top-3", e.top3)] {
        println!(
            "{name}  {:>6.2} % {:>6.2} % {:>6.2} %",
            l.hs6 * 100.0,
            l.hs4 * 100.0,
            l.hs2 * 100.0
        );
    }
    Ok(0)
}
