//! clearway's HS code classifier: goods descriptions to Harmonized System subheadings.
//!
//! Customs administrations name product classification first among what AI does for them, and
//! misclassification (goods declared under a lower-duty heading) is among the costliest frauds.
//! This crate suggests the subheadings a description reads as, with the reasons an analyst can
//! check: the words or character n-grams that carried each suggestion, and the labelled
//! examples nearest to it.
//!
//! * [`text`] — normalisation and terms (words, word pairs, character n-grams);
//! * [`vocab`] — the vocabulary and TF-IDF vectors;
//! * [`linear`] — one softmax model per node of the HS tree, trained by SGD;
//! * [`classifier`] — the tree: training, suggestions, reasons;
//! * [`file`] — the versioned model file;
//! * [`accuracy`] — top-k accuracy at HS6, HS4 and HS2 on labelled descriptions.
//!
//! No database and no command line: the main crate reads the workspace's history into
//! [`classifier::Example`]s and writes suggestions back. Kept apart so that the model file
//! reader, which reads untrusted bytes, is fuzzed without building DuckDB, and so that the
//! benchmark's classifier is the one the product runs.

pub mod accuracy;
pub mod classifier;
pub mod file;
pub mod linear;
pub mod text;
pub mod vocab;

pub use classifier::{Classifier, Example, Kept, NoSuggestion, Prediction, Settings, Suggestion};

/// A 64-bit seed from a node's code, so that each node shuffles its samples differently but
/// the same way on every run (FNV-1a).
pub(crate) fn seed_of(code: &str) -> u64 {
    code.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
