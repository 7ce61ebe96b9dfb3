#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_classify::text::{for_each_term, normalize, MAX_TEXT_BYTES};
use clearway_classify::{Classifier, Example, Settings};
use std::sync::OnceLock;

fn model() -> &'static Classifier {
    static MODEL: OnceLock<Classifier> = OnceLock::new();
    MODEL.get_or_init(|| {
        let examples: Vec<Example> = ["852872 LED TV", "852990 TV MAINBOARD", "610910 T-SHIRT COTON", "640399 CHAUSSURES CUIR"]
            .iter()
            .flat_map(|line| {
                let (code, text) = line.split_once(' ').unwrap();
                (0..3).map(move |i| Example { code: code.into(), text: format!("{text} {i}"), weight: 1.0, source: "seed".into() })
            })
            .collect();
        Classifier::train(&examples, &|_| true, &Settings::default(), &|_| {}).unwrap().0
    })
}

// A goods description as `classify score` reads it from a declaration (any text a loader
// accepted): normalised, cut into terms, and classified. Normalising twice changes nothing,
// terms are slices of the text, probabilities are probabilities.
fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let n = normalize(&text);
    assert_eq!(normalize(&n), n);
    assert!(n.len() <= MAX_TEXT_BYTES);
    for_each_term(&n, |_, _, term| assert!(!term.is_empty()));
    if let Ok(p) = model().predict(&text, 3) {
        let sum: f32 = p.suggestions.iter().map(|s| s.probability).sum();
        assert!(sum <= 1.0001 && p.suggestions.iter().all(|s| s.probability >= 0.0), "{p:?}");
    }
});
