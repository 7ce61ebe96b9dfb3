//! The vocabulary and its TF-IDF weighting: which terms are features, and a description as a
//! sparse vector over them.
//!
//! The weighting is scikit-learn's (`TfidfVectorizer(sublinear_tf=True)`, smooth idf), so the
//! benchmark's two sides weigh terms alike: `tf = 1 + ln(count)`,
//! `idf = ln((1 + n) / (1 + df)) + 1`, and each block (words and word pairs; character
//! n-grams) scaled to unit length by itself, as a `FeatureUnion` of two vectorizers does.
//! Terms are kept from `min_df` documents, the most frequent first up to a cap per block
//! (scikit-learn's `max_features` ranks by total count, this by document frequency: in one-line
//! descriptions the two nearly coincide).

use crate::text::{for_each_term, kind_of, Kind};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A description as (feature, weight) pairs, by feature.
pub type Sparse = Vec<(u32, f32)>;

/// Many TF-IDF vectors in one allocation (compressed rows), as training reads them.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    offsets: Vec<usize>,
    entries: Vec<(u32, f32)>,
    width: u32,
}

impl Matrix {
    /// Appends a row (its features in ascending order).
    pub fn push(&mut self, row: impl IntoIterator<Item = (u32, f32)>) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        for (f, v) in row {
            self.width = self.width.max(f + 1);
            self.entries.push((f, v));
        }
        self.offsets.push(self.entries.len());
    }

    pub fn row(&self, i: usize) -> &[(u32, f32)] {
        &self.entries[self.offsets[i]..self.offsets[i + 1]]
    }

    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One more than the highest feature in any row.
    pub fn width(&self) -> u32 {
        self.width
    }
}

/// Which terms become features.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VocabSettings {
    /// A term is kept if it occurs in at least this many training descriptions.
    pub min_df: u32,
    /// At most this many words and word pairs.
    pub max_words: u32,
    /// At most this many character n-grams.
    pub max_chars: u32,
}

impl Default for VocabSettings {
    fn default() -> Self {
        VocabSettings {
            min_df: 2,
            max_words: 200_000,
            max_chars: 300_000,
        }
    }
}

/// A feature: its kind and its text (normalised).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub kind: Kind,
    pub text: String,
}

/// The features, their idf, and the lookup from a term's hash.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    terms: Vec<Term>,
    idf: Vec<f32>,
    /// Index of the first character n-gram: terms are ordered by block.
    chars_from: u32,
    index: FxHashMap<u64, u32>,
}

/// Document frequencies by term hash.
type Counts = FxHashMap<u64, u32>;

impl Vocabulary {
    /// Learns the vocabulary of normalised descriptions (each counted once per description).
    pub fn fit(docs: &[&str], settings: VocabSettings) -> Vocabulary {
        let counts = docs
            .par_chunks(20_000)
            .map(|chunk| {
                let mut counts = Counts::default();
                let mut seen = Vec::new();
                for doc in chunk {
                    seen.clear();
                    for_each_term(doc, |_, h, _| seen.push(h));
                    seen.sort_unstable();
                    seen.dedup();
                    for h in &seen {
                        *counts.entry(*h).or_default() += 1;
                    }
                }
                counts
            })
            .reduce(Counts::default, merge_counts);
        let chosen = choose(&counts, settings);
        drop(counts);
        let texts = texts_of(docs, &chosen);
        let n = docs.len() as f64;
        let mut terms: Vec<(Term, f32)> = chosen
            .iter()
            .filter_map(|(h, df)| {
                let text = texts.get(h)?.clone();
                let idf = ((1.0 + n) / (1.0 + f64::from(*df))).ln() + 1.0;
                Some((
                    Term {
                        kind: kind_of(*h),
                        text,
                    },
                    idf as f32,
                ))
            })
            .collect();
        // The most frequent terms first in each block (the smallest idf): a node's weights are
        // laid out by feature, so the rows most descriptions touch sit together in a few pages
        // of memory instead of scattered over the alphabet. On a million items this cut the
        // root node's training (weights of 415,534 terms × 96 chapters) from 22.6 to 18.0 s.
        terms.sort_by(|(a, a_idf), (b, b_idf)| {
            (a.kind.block().cmp(&b.kind.block()))
                .then(a_idf.total_cmp(b_idf))
                .then((a.kind, &a.text).cmp(&(b.kind, &b.text)))
        });
        let (terms, idf) = terms.into_iter().unzip();
        Vocabulary::from_parts(terms, idf).expect("a fitted vocabulary is consistent")
    }

    /// A vocabulary read back: every term once, ordered by block, each idf finite and positive.
    pub fn from_parts(terms: Vec<Term>, idf: Vec<f32>) -> Result<Vocabulary, String> {
        if terms.len() != idf.len() {
            return Err(format!(
                "{} terms but {} idf weights",
                terms.len(),
                idf.len()
            ));
        }
        if terms.len() > u32::MAX as usize / 2 {
            return Err(format!("{} terms is more than a model holds", terms.len()));
        }
        // ln(1 + n) + 1 for n documents: under 100 for any corpus that exists
        if let Some(i) = idf
            .iter()
            .position(|w| !w.is_finite() || *w <= 0.0 || *w > 100.0)
        {
            return Err(format!("term {i} has idf {}", idf[i]));
        }
        if terms
            .windows(2)
            .any(|w| w[0].kind.block() > w[1].kind.block())
        {
            return Err("the terms are not ordered by block".into());
        }
        let chars_from = terms.partition_point(|t| t.kind.block() == 0) as u32;
        let mut index = FxHashMap::default();
        index.reserve(terms.len());
        for (i, t) in terms.iter().enumerate() {
            if index
                .insert(crate::text::term_hash(t.kind, &t.text), i as u32)
                .is_some()
            {
                return Err(format!("term {i} ({:?} {:?}) occurs twice", t.kind, t.text));
            }
        }
        Ok(Vocabulary {
            terms,
            idf,
            chars_from,
            index,
        })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn term(&self, feature: u32) -> &Term {
        &self.terms[feature as usize]
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// The TF-IDF vector of a normalised description; empty when none of its terms is known.
    pub fn vector(&self, normalized: &str) -> Sparse {
        let mut hits: Vec<u32> = Vec::new();
        for_each_term(normalized, |_, h, _| {
            if let Some(&i) = self.index.get(&h) {
                hits.push(i);
            }
        });
        hits.sort_unstable();
        let mut out: Sparse = Vec::with_capacity(hits.len());
        let mut norms = [0f32; 2];
        for run in hits.chunk_by(|a, b| a == b) {
            let f = run[0];
            let w = (1.0 + (run.len() as f32).ln()) * self.idf[f as usize];
            norms[self.block_of(f)] += w * w;
            out.push((f, w));
        }
        let scale = norms.map(|n| if n > 0.0 { 1.0 / n.sqrt() } else { 0.0 });
        for (f, w) in &mut out {
            *w *= scale[self.block_of(*f)];
        }
        out
    }

    fn block_of(&self, feature: u32) -> usize {
        usize::from(feature >= self.chars_from)
    }
}

fn merge_counts(mut a: Counts, mut b: Counts) -> Counts {
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    for (h, n) in b {
        *a.entry(h).or_default() += n;
    }
    a
}

/// The terms kept: from `min_df` documents, the most frequent of each block up to its cap
/// (ties by hash, so the choice is the same on every run).
fn choose(counts: &Counts, settings: VocabSettings) -> FxHashMap<u64, u32> {
    let mut blocks: [Vec<(u64, u32)>; 2] = [Vec::new(), Vec::new()];
    for (&h, &df) in counts {
        if df >= settings.min_df {
            blocks[kind_of(h).block()].push((h, df));
        }
    }
    let caps = [settings.max_words, settings.max_chars];
    let mut chosen = FxHashMap::default();
    for (block, cap) in blocks.iter_mut().zip(caps) {
        block.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chosen.extend(block.iter().take(cap as usize).copied());
    }
    chosen
}

/// The text of each chosen term, found again in the descriptions.
fn texts_of(docs: &[&str], chosen: &FxHashMap<u64, u32>) -> FxHashMap<u64, String> {
    docs.par_chunks(20_000)
        .map(|chunk| {
            let mut found: FxHashMap<u64, String> = FxHashMap::default();
            for doc in chunk {
                for_each_term(doc, |_, h, text| {
                    if chosen.contains_key(&h) && !found.contains_key(&h) {
                        found.insert(h, text.to_string());
                    }
                });
            }
            found
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (h, t) in b {
                a.entry(h).or_insert(t);
            }
            a
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted() -> Vocabulary {
        let docs = ["led tv", "led tv 55", "led lamp", "cotton shirt"];
        Vocabulary::fit(
            &docs,
            VocabSettings {
                min_df: 2,
                ..VocabSettings::default()
            },
        )
    }

    #[test]
    fn keeps_terms_from_min_df_documents_ordered_by_block() {
        let v = fitted();
        let words: Vec<&str> = v
            .terms()
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(words, ["led", "tv"]);
        assert!(v
            .terms()
            .iter()
            .any(|t| t.kind == Kind::WordPair && t.text == "led tv"));
        assert!(!v.terms().iter().any(|t| t.text == "cotton"));
        let first_chars = v
            .terms()
            .iter()
            .position(|t| t.kind == Kind::Chars)
            .unwrap();
        assert!(v.terms()[first_chars..]
            .iter()
            .all(|t| t.kind == Kind::Chars));
    }

    #[test]
    fn idf_and_blocks_follow_scikit_learn() {
        let v = fitted();
        let led = v.terms().iter().position(|t| t.text == "led").unwrap();
        // "led" is in 3 of 4 documents: ln(5/4) + 1
        assert!((v.idf()[led] - ((5f32 / 4.0).ln() + 1.0)).abs() < 1e-6);
        let x = v.vector("led tv");
        let mut norms = [0f32; 2];
        for (f, w) in &x {
            norms[v.term(*f).kind.block()] += w * w;
        }
        assert!((norms[0] - 1.0).abs() < 1e-5 && (norms[1] - 1.0).abs() < 1e-5);
        assert!(x.windows(2).all(|p| p[0].0 < p[1].0));
    }

    #[test]
    fn unknown_text_is_an_empty_vector() {
        assert!(fitted().vector("zzzz qqqq").is_empty());
        assert!(fitted().vector("").is_empty());
    }

    #[test]
    fn parts_that_disagree_are_refused() {
        let t = |text: &str| Term {
            kind: Kind::Word,
            text: text.into(),
        };
        assert!(Vocabulary::from_parts(vec![t("a")], vec![]).is_err());
        assert!(Vocabulary::from_parts(vec![t("a"), t("a")], vec![1.0, 1.0]).is_err());
        assert!(Vocabulary::from_parts(vec![t("a")], vec![f32::NAN]).is_err());
        let chars = Term {
            kind: Kind::Chars,
            text: " a ".into(),
        };
        assert!(Vocabulary::from_parts(vec![chars, t("a")], vec![1.0, 1.0]).is_err());
    }
}
