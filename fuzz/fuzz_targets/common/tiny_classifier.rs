//! A small real HS classifier, trained once, for the classify fuzz targets (included with
//! `#[path]`: it is not a target itself).

use clearway_classify::{Classifier, Example, Settings};

/// Four subheadings, three descriptions each.
pub fn train() -> Classifier {
    let examples: Vec<Example> = [
        "852872 LED TV",
        "852990 TV MAINBOARD",
        "610910 T-SHIRT COTON",
        "640399 CHAUSSURES CUIR",
    ]
    .iter()
    .flat_map(|line| {
        let (code, text) = line.split_once(' ').unwrap();
        (0..3).map(move |i| Example {
            code: code.into(),
            text: format!("{text} {i}"),
            weight: 1.0,
            source: "seed".into(),
        })
    })
    .collect();
    Classifier::train(&examples, &|_| true, &Settings::default(), &|_| {})
        .unwrap()
        .0
}
