#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_classify::text::{for_each_term, normalize, MAX_TEXT_BYTES};
use clearway_classify::Classifier;
use std::sync::OnceLock;

#[path = "common/tiny_classifier.rs"]
mod tiny_classifier;

fn model() -> &'static Classifier {
    static MODEL: OnceLock<Classifier> = OnceLock::new();
    MODEL.get_or_init(tiny_classifier::train)
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
        assert!(
            sum <= 1.0001 && p.suggestions.iter().all(|s| s.probability >= 0.0),
            "{p:?}"
        );
    }
});
