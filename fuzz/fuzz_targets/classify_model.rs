#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_classify::file::{decode_body, encode_body, read_from, Nomenclature};
use clearway_classify::Classifier;
use std::sync::OnceLock;

#[path = "common/tiny_classifier.rs"]
mod tiny_classifier;

/// A small real model's body: the fuzzer's input also patches it, so that it explores bodies
/// near a valid one (a random body rarely decodes, and a whole file's sha256 cannot be forged).
fn valid_body() -> &'static [u8] {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    BODY.get_or_init(|| encode_body(&tiny_classifier::train()).unwrap())
}

// A model file as `classify suggest|score|evaluate --model FILE` reads it: the whole file (header
// line, then body), a body alone, and a valid body with the input written over part of it.
// Whatever decodes must then predict without panicking.
fuzz_target!(|data: &[u8]| {
    let hs = Nomenclature::of("HS2022", ["852872"]);
    let _ = read_from(&mut std::io::Cursor::new(data), &hs);
    let use_model = |c: Classifier| {
        if let Ok(p) = c.predict("led tv cotton shoes", 3) {
            assert!(p.suggestions.iter().all(|s| s.probability.is_finite()));
        }
    };
    if let Ok(c) = decode_body(data) {
        use_model(c);
    }
    if data.len() >= 2 {
        let mut body = valid_body().to_vec();
        let at = usize::from(u16::from_le_bytes([data[0], data[1]])) % body.len();
        for (i, b) in data[2..].iter().enumerate() {
            if at + i < body.len() {
                body[at + i] = *b;
            }
        }
        if let Ok(c) = decode_body(&body) {
            use_model(c);
        }
    }
});
