//! Trains and measures a classifier on a generated declarations CSV without a workspace, for
//! tuning: `cargo run --release -p clearway-classify --example experiment -- FILE.csv SPLIT`.
//! Settings from the environment: EPOCHS, LR, MIN_DF, SEED.

use clearway_classify::linear::TrainSettings;
use clearway_classify::vocab::VocabSettings;
use clearway_classify::{Classifier, Example, Settings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, split) = (&args[1], &args[2]);
    let env = |k: &str, d: f64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let mut reader = csv::Reader::from_path(path).expect("a CSV");
    let headers = reader.headers().unwrap().clone();
    let at = |n: &str| headers.iter().position(|h| h == n).expect(n);
    let (text, code, date) = (at("goods_description"), at("hs_code"), at("declared_at"));
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for r in reader.records() {
        let r = r.unwrap();
        let c = r[code][..6].to_string();
        if &r[date][..10] < split.as_str() {
            train.push(Example {
                code: c,
                text: r[text].to_string(),
                weight: 1.0,
                source: String::new(),
            });
        } else {
            test.push((r[text].to_string(), c));
        }
    }
    let settings = Settings {
        vocabulary: VocabSettings {
            min_df: env("MIN_DF", 2.0) as u32,
            ..Default::default()
        },
        training: TrainSettings {
            epochs: env("EPOCHS", 5.0) as u32,
            learning_rate: env("LR", 0.5) as f32,
            seed: env("SEED", 42.0) as u64,
            prune: env("PRUNE", f64::from(clearway_classify::linear::PRUNE)) as f32,
        },
    };
    let started = std::time::Instant::now();
    let (model, trained) = Classifier::train(&train, &|_| true, &settings, &|_| {}).unwrap();
    let train_s = started.elapsed().as_secs_f64();
    let body = clearway_classify::file::encode_body(&model).unwrap().len();
    let started = std::time::Instant::now();
    let a = clearway_classify::accuracy::measure(&model, &test);
    let predict_s = started.elapsed().as_secs_f64();
    println!(
        "{} train, {} test, {} features; train {train_s:.1} s (vocabulary {:.1}, fit {:.1}), predict {predict_s:.2} s; body {:.1} MB",
        train.len(), test.len(), trained.features, trained.vocabulary_seconds, trained.fit_seconds, body as f64 / 1e6
    );
    println!(
        "top-1 {:.2} {:.2} {:.2}   top-3 {:.2} {:.2} {:.2}",
        a.top1[0] * 100.0,
        a.top1[1] * 100.0,
        a.top1[2] * 100.0,
        a.top3[0] * 100.0,
        a.top3[1] * 100.0,
        a.top3[2] * 100.0
    );
}
