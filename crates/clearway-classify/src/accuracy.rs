//! How often a model's suggestions match labelled codes: top-1 and top-3 at HS6, HS4 and HS2,
//! the figures of `clearway classify evaluate` and of the benchmark.
//!
//! At HS6 the ranking is the suggestions'; at HS4 the headings' by P(chapter) · P(heading |
//! chapter); at HS2 the chapters'. A description the model can suggest nothing for counts as
//! wrong at every level.

use crate::Classifier;
use rayon::prelude::*;

/// The shares of items whose code is first, and among the first three, at HS6, HS4 and HS2.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Accuracy {
    pub items: usize,
    pub without_suggestion: usize,
    pub top1: [f64; 3],
    pub top3: [f64; 3],
}

/// Whether a code is first, and among the first three, at HS6, HS4 and HS2.
type Ranks = ([bool; 3], [bool; 3]);

/// Measures `model` on (description, HS6 code) pairs.
pub fn measure(model: &Classifier, pairs: &[(String, String)]) -> Accuracy {
    // None: no suggestion
    let rows: Vec<Option<Ranks>> = pairs
        .par_iter()
        .map(|(text, code)| {
            let p = model.predict_with(text, 3, false).ok()?;
            let ranked = [
                p.suggestions
                    .iter()
                    .map(|s| s.code.as_str())
                    .collect::<Vec<_>>(),
                p.headings.iter().map(|h| h.0.as_str()).collect(),
                p.chapters.iter().map(|c| c.0.as_str()).collect(),
            ];
            let within = |k: usize| {
                let mut out = [false; 3];
                for (level, (codes, digits)) in ranked.iter().zip([6, 4, 2]).enumerate() {
                    let truth = code.get(..digits);
                    out[level] = codes.iter().take(k).any(|c| Some(*c) == truth);
                }
                out
            };
            Some((within(1), within(3)))
        })
        .collect();
    let n = rows.len().max(1) as f64;
    let share = |pick: &dyn Fn(&Ranks) -> bool| {
        rows.iter().flatten().filter(|r| pick(r)).count() as f64 / n
    };
    Accuracy {
        items: rows.len(),
        without_suggestion: rows.iter().filter(|r| r.is_none()).count(),
        top1: [share(&|r| r.0[0]), share(&|r| r.0[1]), share(&|r| r.0[2])],
        top3: [share(&|r| r.1[0]), share(&|r| r.1[1]), share(&|r| r.1[2])],
    }
}
