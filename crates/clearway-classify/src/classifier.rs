//! The classifier: a tree of [`Node`]s that follows the Harmonized System itself — a softmax
//! over chapters, one over the headings of each chapter, one over the subheadings of each
//! heading — so that P(subheading) = P(chapter) · P(heading | chapter) · P(subheading | heading).
//!
//! Why a tree and not one softmax over 5,000 subheadings: one flat model needs a weight per
//! (term, subheading), about 5,000 × 500,000 numbers, and every training step touches all
//! 5,000 classes; scikit-learn's `LogisticRegression` cannot hold it for a million descriptions
//! on one machine (bench/classify.sh says what it needs). The tree trains 1 + 97 + 1,200 small
//! models whose classes are an HS node's children, each step touching about 110 classes, and
//! its errors are the nomenclature's own: a wrong subheading is first a wrong heading. The
//! benchmark fits scikit-learn's models on the same tree.
//!
//! Suggestions are found by beam search (the most probable chapters, at most [`BEAM`], until
//! those taken hold [`BEAM_MASS`] of the probability and there are as many candidates as
//! suggestions asked for; the same for the headings of each), then ranked by their probability. Each comes with its reasons: the terms that added most to its
//! score along the path, and the labelled examples of the same subheading nearest to the text
//! (cosine of TF-IDF vectors) that the model keeps ([`EXAMPLES_PER_CODE`] per subheading).

use crate::linear::{Node, Sample, TrainSettings};
use crate::text::{display, normalize};
use crate::vocab::{Matrix, Sparse, VocabSettings, Vocabulary};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Chapters, then headings per chapter, expanded at most when suggesting.
pub const BEAM: usize = 5;
/// The probability the expanded chapters (and headings of a chapter) must hold before the beam
/// stops early.
pub const BEAM_MASS: f32 = 0.999;
/// Headings and chapters a prediction lists, most probable first.
pub const RANKED: usize = 10;
/// Labelled examples kept per subheading, to show as the nearest ones.
pub const EXAMPLES_PER_CODE: usize = 8;
/// Characters kept of an example's text and source.
pub const KEPT_CHARS: usize = 200;
/// Terms named as a suggestion's reason.
pub const REASON_TERMS: usize = 3;
/// Nearest examples named as a suggestion's reason.
pub const REASON_EXAMPLES: usize = 2;

/// A labelled description to learn from: an HS chapter (2 digits), heading (4) or subheading
/// (6), the text, its weight, and where it came from (shown when it is a nearest example).
#[derive(Debug, Clone)]
pub struct Example {
    pub code: String,
    pub text: String,
    pub weight: f32,
    pub source: String,
}

/// A kept example, shown as a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub code: String,
    pub text: String,
    pub source: String,
}

/// Everything training is told.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Settings {
    pub vocabulary: VocabSettings,
    pub training: TrainSettings,
}

/// What training used and left out.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Trained {
    pub examples: usize,
    /// Examples whose text has no letter or digit.
    pub empty_texts: usize,
    /// Examples whose code is not a chapter, heading or subheading of the nomenclature, or a
    /// chapter or heading with no subheading to learn under it.
    pub unknown_codes: usize,
    pub features: usize,
    pub chapters: usize,
    pub headings: usize,
    pub subheadings: usize,
    pub vocabulary_seconds: f64,
    pub fit_seconds: f64,
}

/// The trained tree.
#[derive(Debug, Clone)]
pub struct Classifier {
    vocab: Vocabulary,
    nodes: Vec<Node>,
    node_of: FxHashMap<String, usize>,
    kept: Vec<Kept>,
    kept_vectors: Vec<Sparse>,
    all: AllNodes,
}

/// Every node's weights grouped by feature, so that a pass over a description's terms scores
/// any node of the tree (built when a model is loaded; the file stores nodes). Looking a term
/// up node by node cost a cache miss per term and node, most of a suggestion's time; here each
/// term's weights for all nodes are one contiguous run, ordered by score slot, and a node's
/// weights in it are found by binary search. Only the nodes the beam opens are scored: on a
/// million items a description's terms carry weights for hundreds of nodes, most of them in
/// chapters and headings the beam never opens.
#[derive(Debug, Clone, Default)]
struct AllNodes {
    /// Each node's first score slot; its classes take the slots that follow.
    first_slot: Vec<u32>,
    bias: Vec<f32>,
    /// `offsets[f]..offsets[f + 1]` indexes `slot` and `weight` for feature `f`.
    offsets: Vec<u32>,
    slot: Vec<u16>,
    weight: Vec<f32>,
}

impl AllNodes {
    fn build(nodes: &[Node], features: usize) -> Result<AllNodes, String> {
        let mut first_slot = Vec::with_capacity(nodes.len());
        let mut bias = Vec::new();
        for node in nodes {
            first_slot.push(bias.len() as u32);
            bias.extend_from_slice(&node.bias);
        }
        if bias.len() > usize::from(u16::MAX) + 1 {
            return Err(format!(
                "{} classes in all is more than a model holds",
                bias.len()
            ));
        }
        let mut counts = vec![0u32; features + 1];
        for node in nodes {
            for (i, f) in node.features.iter().enumerate() {
                counts[*f as usize + 1] += node.offsets[i + 1] - node.offsets[i];
            }
        }
        for f in 0..features {
            counts[f + 1] = counts[f]
                .checked_add(counts[f + 1])
                .ok_or("more weights than a model holds")?;
        }
        let offsets = counts;
        let total = offsets[features] as usize;
        let mut fill: Vec<u32> = offsets[..features].to_vec();
        let (mut slot, mut weight) = (vec![0u16; total], vec![0f32; total]);
        // node by node, in slot order: each feature's run is ordered by slot
        for (n, node) in nodes.iter().enumerate() {
            for (i, f) in node.features.iter().enumerate() {
                let (from, to) = (node.offsets[i] as usize, node.offsets[i + 1] as usize);
                for (c, w) in node.class_of[from..to].iter().zip(&node.weight[from..to]) {
                    let at = fill[*f as usize] as usize;
                    slot[at] = (first_slot[n] + u32::from(*c)) as u16;
                    weight[at] = *w;
                    fill[*f as usize] += 1;
                }
            }
        }
        Ok(AllNodes {
            first_slot,
            bias,
            offsets,
            slot,
            weight,
        })
    }

    /// Scores with only the biases; [`AllNodes::score`] adds the terms' weights.
    fn biases(&self) -> Vec<f32> {
        self.bias.clone()
    }

    /// Adds the weights of `x`'s terms to the scores of node `n`'s classes (`classes` of
    /// them).
    fn score(&self, x: &[(u32, f32)], scores: &mut [f32], n: usize, classes: usize) {
        self.score_nodes(x, scores, &[(n, classes)]);
    }

    /// [`AllNodes::score`] for several nodes (node, classes) at once: their slot ranges in
    /// ascending order, each found from where the last ended (galloping), so the headings a
    /// chapter opens cost one search per term, not one each.
    fn score_nodes(&self, x: &[(u32, f32)], scores: &mut [f32], nodes: &[(usize, usize)]) {
        let mut ranges: Vec<(u32, u32)> = nodes
            .iter()
            .map(|&(n, classes)| (self.first_slot[n], self.first_slot[n] + classes as u32))
            .collect();
        ranges.sort_unstable();
        for (f, v) in x {
            let Some(range) = self.offsets.get(*f as usize..*f as usize + 2) else {
                continue;
            };
            let (from, to) = (range[0] as usize, range[1] as usize);
            let (slots, weights) = (&self.slot[from..to], &self.weight[from..to]);
            let mut at = 0;
            for &(lo, hi) in &ranges {
                at = seek(slots, at, lo);
                while let Some(s) = slots.get(at).filter(|s| u32::from(**s) < hi) {
                    if let Some(score) = scores.get_mut(usize::from(*s)) {
                        *score += v * weights[at];
                    }
                    at += 1;
                }
            }
        }
    }

    /// What each feature of `x` adds to the score of class `class` of node `n`.
    fn contributions(&self, x: &[(u32, f32)], n: usize, class: usize) -> Vec<(u32, f32)> {
        let slot = self.first_slot[n] as usize + class;
        x.iter()
            .filter_map(|(f, v)| {
                let range = self.offsets.get(*f as usize..*f as usize + 2)?;
                let (from, to) = (range[0] as usize, range[1] as usize);
                let k = self.slot[from..to]
                    .iter()
                    .position(|s| usize::from(*s) == slot)?;
                Some((*f, v * self.weight[from + k]))
            })
            .collect()
    }

    /// Node `n`'s class probabilities from the scores [`AllNodes::score`] added.
    fn probabilities(&self, scores: &[f32], n: usize, classes: usize) -> Vec<f32> {
        let from = self.first_slot[n] as usize;
        let mut p = scores[from..from + classes].to_vec();
        crate::linear::softmax(&mut p);
        p
    }
}

/// The first index from `from` on whose slot is at least `lo` (`slots` ascending): doubling
/// steps from `from`, then a binary search within the last step.
fn seek(slots: &[u16], from: usize, lo: u32) -> usize {
    let rest = &slots[from.min(slots.len())..];
    let (mut passed, mut step) = (0, 1);
    while step <= rest.len() && u32::from(rest[step - 1]) < lo {
        passed = step;
        step *= 2;
    }
    let end = step.min(rest.len());
    from.min(slots.len()) + passed + rest[passed..end].partition_point(|s| u32::from(*s) < lo)
}

/// One suggested subheading and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub code: String,
    pub probability: f32,
    /// P(chapter), P(heading | chapter), P(subheading | heading).
    pub path: [f32; 3],
    /// The terms that added most to the suggestion's score (shown form, contribution).
    pub terms: Vec<(String, f32)>,
    /// The nearest kept examples of the subheading (text, source, cosine similarity).
    pub examples: Vec<(String, String, f32)>,
}

/// The suggestions for one text, with the ranking of headings and chapters.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Prediction {
    pub suggestions: Vec<Suggestion>,
    /// The first [`RANKED`] headings by P(chapter) · P(heading | chapter), over the expanded
    /// chapters.
    pub headings: Vec<(String, f32)>,
    /// The first [`RANKED`] chapters.
    pub chapters: Vec<(String, f32)>,
    /// Terms of the text the vocabulary knows (none: nothing is suggested).
    pub known_terms: usize,
}

/// Why a text gets no suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSuggestion {
    /// The text has no letter or digit.
    Empty,
    /// None of its terms occurs in the training texts.
    Unknown,
}

/// The code's parent in the tree ("" for a chapter).
fn parent(code: &str) -> &str {
    &code[..code.len().saturating_sub(2)]
}

/// Whether a label is 2, 4 or 6 ASCII digits.
pub fn is_hs_code(code: &str) -> bool {
    matches!(code.len(), 2 | 4 | 6) && code.bytes().all(|b| b.is_ascii_digit())
}

impl Classifier {
    /// Trains on `examples` whose codes are in `known` (the nomenclature's chapters, headings
    /// and subheadings). `progress` is told each stage as it starts.
    pub fn train(
        examples: &[Example],
        known: &dyn Fn(&str) -> bool,
        settings: &Settings,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<(Classifier, Trained), String> {
        let mut trained = Trained::default();
        progress("reading descriptions");
        let normalized: Vec<String> = examples.par_iter().map(|e| normalize(&e.text)).collect();
        // a chapter or heading is learned only where a subheading under it is: suggestions are
        // subheadings, and every node of the tree must lead to one
        let below: rustc_hash::FxHashSet<&str> = examples
            .iter()
            .zip(&normalized)
            .filter(|(e, text)| {
                e.code.len() == 6 && is_hs_code(&e.code) && known(&e.code) && !text.is_empty()
            })
            .flat_map(|(e, _)| [&e.code[..2], &e.code[..4], &e.code[..]])
            .collect();
        let mut used: Vec<usize> = Vec::with_capacity(examples.len());
        for (i, e) in examples.iter().enumerate() {
            if !is_hs_code(&e.code) || !known(&e.code) || !below.contains(e.code.as_str()) {
                trained.unknown_codes += 1;
            } else if normalized[i].is_empty() {
                trained.empty_texts += 1;
            } else {
                used.push(i);
            }
        }
        if used.is_empty() {
            return Err("no example has both a known HS code and a text to learn from".into());
        }
        trained.examples = used.len();
        progress("building the vocabulary");
        let started = std::time::Instant::now();
        let docs: Vec<&str> = used.iter().map(|&i| normalized[i].as_str()).collect();
        let vocab = Vocabulary::fit(&docs, settings.vocabulary);
        let rows = vectors(&vocab, &docs);
        trained.vocabulary_seconds = started.elapsed().as_secs_f64();
        trained.features = vocab.len();
        progress("fitting the tree");
        let started = std::time::Instant::now();
        let labels: Vec<(&str, f32)> = used
            .iter()
            .map(|&i| (examples[i].code.as_str(), examples[i].weight))
            .collect();
        let specs = node_specs(&labels);
        trained.chapters = specs[0].classes.len();
        for spec in &specs[1..] {
            match spec.code.len() {
                2 => trained.headings += spec.classes.len(),
                _ => trained.subheadings += spec.classes.len(),
            }
        }
        let mut order: Vec<usize> = (0..specs.len()).collect();
        // the biggest first, so that the two cores finish together
        order.sort_by_key(|&i| std::cmp::Reverse(specs[i].samples.len() * specs[i].classes.len()));
        // Each core takes the next node in that order as it becomes free (`par_bridge` hands
        // out one item at a time, in order): `par_iter` would hand each core a run of nodes to
        // train in turn, and the core holding the root trained the rest of its run after it
        // while the other waited.
        let mut fitted: Vec<(usize, Node)> = order
            .iter()
            .par_bridge()
            .map(|&i| {
                let spec = &specs[i];
                let node = Node::train(
                    spec.code.clone(),
                    spec.classes.clone(),
                    &spec.samples,
                    &rows,
                    &settings.training,
                );
                (i, node)
            })
            .collect();
        fitted.sort_by_key(|(i, _)| *i);
        trained.fit_seconds = started.elapsed().as_secs_f64();
        let nodes = fitted.into_iter().map(|(_, n)| n).collect();
        let kept = keep_examples(examples, &used, &normalized);
        Ok((Classifier::from_parts(vocab, nodes, kept)?, trained))
    }

    /// A classifier from its parts (as read from a file), checked to be a whole tree.
    pub fn from_parts(
        vocab: Vocabulary,
        nodes: Vec<Node>,
        kept: Vec<Kept>,
    ) -> Result<Classifier, String> {
        let mut node_of = FxHashMap::default();
        for node in &nodes {
            node.validate(vocab.len())?;
        }
        for (i, node) in nodes.iter().enumerate() {
            if !(node.code.is_empty() || is_hs_code(&node.code)) || node.code.len() > 4 {
                return Err(format!(
                    "node {:?} is not the root, a chapter or a heading",
                    node.code
                ));
            }
            if node_of.insert(node.code.clone(), i).is_some() {
                return Err(format!("node {:?} occurs twice", node.code));
            }
            for class in &node.classes {
                if class.len() != node.code.len() + 2
                    || !class.starts_with(&node.code)
                    || !is_hs_code(class)
                {
                    return Err(format!(
                        "node {:?} has a child {class:?} that is not its own",
                        node.code
                    ));
                }
            }
            if node.classes.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!(
                    "node {:?}: children not sorted or repeated",
                    node.code
                ));
            }
        }
        if !node_of.contains_key("") {
            return Err("the tree has no root".into());
        }
        for node in &nodes {
            if node.code.len() < 4 {
                if let Some(missing) = node.classes.iter().find(|c| !node_of.contains_key(*c)) {
                    return Err(format!("the tree has no node under {missing}"));
                }
            }
        }
        if let Some(k) = kept
            .iter()
            .find(|k| k.code.len() != 6 || !is_hs_code(&k.code))
        {
            return Err(format!(
                "a kept example is labelled {:?}, not a subheading",
                k.code
            ));
        }
        if kept.windows(2).any(|w| w[0].code > w[1].code) {
            return Err("kept examples are not ordered by code".into());
        }
        if let Some(k) = kept
            .iter()
            .find(|k| k.text.chars().count() > KEPT_CHARS || k.source.chars().count() > KEPT_CHARS)
        {
            return Err(format!(
                "a kept example of {} is longer than {KEPT_CHARS} characters",
                k.code
            ));
        }
        if let Some(group) = kept
            .chunk_by(|a, b| a.code == b.code)
            .find(|g| g.len() > EXAMPLES_PER_CODE)
        {
            return Err(format!(
                "{} kept examples of {}, more than {EXAMPLES_PER_CODE}",
                group.len(),
                group[0].code
            ));
        }
        let kept_vectors = kept
            .par_iter()
            .map(|k| vocab.vector(&normalize(&k.text)))
            .collect();
        let all = AllNodes::build(&nodes, vocab.len())?;
        Ok(Classifier {
            vocab,
            nodes,
            node_of,
            kept,
            kept_vectors,
            all,
        })
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn kept(&self) -> &[Kept] {
        &self.kept
    }

    /// The `k` most probable subheadings for a description with their reasons, or why there
    /// are none.
    pub fn predict(&self, text: &str, k: usize) -> Result<Prediction, NoSuggestion> {
        self.predict_with(text, k, true)
    }

    /// [`Classifier::predict`], with the reasons (terms, nearest examples) only when `explain`:
    /// measuring accuracy needs the ranking alone.
    pub fn predict_with(
        &self,
        text: &str,
        k: usize,
        explain: bool,
    ) -> Result<Prediction, NoSuggestion> {
        let normalized = normalize(text);
        if normalized.is_empty() {
            return Err(NoSuggestion::Empty);
        }
        let x = self.vocab.vector(&normalized);
        if x.is_empty() {
            return Err(NoSuggestion::Unknown);
        }
        Ok(self.predict_vector(&x, k, explain))
    }

    /// Scores node `code`'s children for `x` and ranks them by probability.
    fn score_and_rank(
        &self,
        x: &[(u32, f32)],
        scores: &mut [f32],
        code: &str,
    ) -> Option<(&Node, Vec<(&str, f32)>)> {
        let n = *self.node_of.get(code)?;
        let node = &self.nodes[n];
        self.all.score(x, scores, n, node.classes.len());
        let p = self.all.probabilities(scores, n, node.classes.len());
        Some((node, ranked(node, &p)))
    }

    fn predict_vector(&self, x: &[(u32, f32)], k: usize, explain: bool) -> Prediction {
        let mut scores = self.all.biases();
        let (_, chapters) = self
            .score_and_rank(x, &mut scores, "")
            .expect("checked: the tree has a root");
        let mut headings: Vec<(&str, f32)> = Vec::new();
        let mut candidates: Vec<(&str, [f32; 3])> = Vec::new();
        // the beam: at most BEAM children of each node, and no more once those taken hold
        // BEAM_MASS of its probability and there are k candidates
        let mut chapter_mass = 0.0;
        for (chapter, pc) in chapters.iter().take(BEAM) {
            if chapter_mass >= BEAM_MASS && candidates.len() >= k {
                break;
            }
            chapter_mass += pc;
            let Some((_, in_chapter)) = self.score_and_rank(x, &mut scores, chapter) else {
                continue;
            };
            // which headings to open follows from their probabilities and sizes alone, so
            // they are chosen first and scored together
            let mut heading_mass = 0.0;
            let mut opened = candidates.len();
            let mut open: Vec<(usize, f32)> = Vec::new();
            for (heading, ph) in in_chapter.iter().take(BEAM) {
                if heading_mass >= BEAM_MASS && opened >= k {
                    break;
                }
                heading_mass += ph;
                headings.push((heading, pc * ph));
                if let Some(&n) = self.node_of.get(*heading) {
                    opened += self.nodes[n].classes.len();
                    open.push((n, *ph));
                }
            }
            let sizes: Vec<(usize, usize)> = open
                .iter()
                .map(|(n, _)| (*n, self.nodes[*n].classes.len()))
                .collect();
            self.all.score_nodes(x, &mut scores, &sizes);
            for (n, ph) in open {
                let node = &self.nodes[n];
                let p = self.all.probabilities(&scores, n, node.classes.len());
                for (sub, ps) in node.classes.iter().zip(p) {
                    candidates.push((sub.as_str(), [*pc, ph, ps]));
                }
            }
        }
        let product = |p: &[f32; 3]| p[0] * p[1] * p[2];
        let candidates = best(candidates, k, |a, b| {
            product(&b.1).total_cmp(&product(&a.1)).then(a.0.cmp(b.0))
        });
        let headings = best(headings, RANKED, |a, b| {
            b.1.total_cmp(&a.1).then(a.0.cmp(b.0))
        });
        let suggestions = candidates
            .into_iter()
            .take(k)
            .map(|(code, path)| Suggestion {
                terms: if explain {
                    self.terms_for(x, code)
                } else {
                    Vec::new()
                },
                examples: if explain {
                    self.nearest(x, code)
                } else {
                    Vec::new()
                },
                probability: product(&path),
                path,
                code: code.to_string(),
            })
            .collect();
        Prediction {
            suggestions,
            headings: owned(&headings),
            chapters: owned(&chapters),
            known_terms: x.len(),
        }
    }

    /// The terms that added most to `code`'s score, summed over its chapter, heading and
    /// subheading decisions.
    fn terms_for(&self, x: &[(u32, f32)], code: &str) -> Vec<(String, f32)> {
        let mut sum: FxHashMap<u32, f32> = FxHashMap::default();
        for level in [2, 4, 6] {
            let Some(&n) = self.node_of.get(&code[..level - 2]) else {
                continue;
            };
            let Ok(class) = self.nodes[n]
                .classes
                .binary_search_by(|c| c.as_str().cmp(&code[..level]))
            else {
                continue;
            };
            for (f, c) in self.all.contributions(x, n, class) {
                *sum.entry(f).or_default() += c;
            }
        }
        let mut terms: Vec<(u32, f32)> = sum.into_iter().filter(|(_, c)| *c > 0.0).collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms
            .into_iter()
            .take(REASON_TERMS)
            .map(|(f, c)| {
                let term = self.vocab.term(f);
                (display(term.kind, &term.text), c)
            })
            .collect()
    }

    /// The kept examples of `code` nearest to `x`.
    fn nearest(&self, x: &[(u32, f32)], code: &str) -> Vec<(String, String, f32)> {
        let from = self.kept.partition_point(|k| k.code.as_str() < code);
        let to = self.kept.partition_point(|k| k.code.as_str() <= code);
        let mut near: Vec<(usize, f32)> = (from..to)
            .map(|i| (i, cosine(x, &self.kept_vectors[i])))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        near.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        near.into_iter()
            .take(REASON_EXAMPLES)
            .map(|(i, s)| (self.kept[i].text.clone(), self.kept[i].source.clone(), s))
            .collect()
    }
}

/// The first [`RANKED`] of a node's children by probability (the beam and the lists need no
/// more; selecting them costs a fraction of sorting a chapter's hundred).
fn ranked<'a>(node: &'a Node, p: &[f32]) -> Vec<(&'a str, f32)> {
    let out: Vec<(&str, f32)> = node
        .classes
        .iter()
        .map(String::as_str)
        .zip(p.iter().copied())
        .collect();
    best(out, RANKED, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)))
}

/// The first `n` items of `items` in `order`, sorted.
fn best<T>(mut items: Vec<T>, n: usize, order: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    if items.len() > n {
        items.select_nth_unstable_by(n, &order);
        items.truncate(n);
    }
    items.sort_by(order);
    items
}

/// The first [`RANKED`] of a ranking, owned.
fn owned(ranking: &[(&str, f32)]) -> Vec<(String, f32)> {
    ranking
        .iter()
        .take(RANKED)
        .map(|(c, p)| (c.to_string(), *p))
        .collect()
}

/// Cosine similarity of two vectors made of two unit blocks (so each has length √2).
fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot / 2.0
}

/// The TF-IDF vectors of normalised descriptions, in order.
fn vectors(vocab: &Vocabulary, docs: &[&str]) -> Matrix {
    let parts: Vec<Vec<Sparse>> = docs
        .par_chunks(20_000)
        .map(|chunk| chunk.iter().map(|d| vocab.vector(d)).collect())
        .collect();
    let mut rows = Matrix::default();
    for row in parts.into_iter().flatten() {
        rows.push(row);
    }
    rows
}

/// One node to train: its code, its children, its samples.
struct Spec {
    code: String,
    classes: Vec<String>,
    samples: Vec<Sample>,
}

/// The nodes the labels call for: the root over every label's chapter, each chapter over the
/// headings of labels of 4 or 6 digits, each heading over its subheadings.
fn node_specs(labels: &[(&str, f32)]) -> Vec<Spec> {
    let mut children: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        Default::default();
    for (code, _) in labels {
        for level in (2..=code.len()).step_by(2) {
            children
                .entry(parent(&code[..level]))
                .or_default()
                .insert(&code[..level]);
        }
    }
    let mut specs: Vec<Spec> = children
        .iter()
        .map(|(code, kids)| Spec {
            code: code.to_string(),
            classes: kids.iter().map(|k| k.to_string()).collect(),
            samples: Vec::new(),
        })
        .collect();
    let position: FxHashMap<String, usize> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.code.clone(), i))
        .collect();
    let class_in = |spec: &Spec, child: &str| {
        spec.classes
            .binary_search_by(|c| c.as_str().cmp(child))
            .expect("a child") as u16
    };
    for (row, (code, weight)) in labels.iter().enumerate() {
        for level in (2..=code.len()).step_by(2) {
            let at = position[parent(&code[..level])];
            let class = class_in(&specs[at], &code[..level]);
            specs[at].samples.push(Sample {
                row: row as u32,
                class,
                weight: *weight,
            });
        }
    }
    specs
}

/// Up to [`EXAMPLES_PER_CODE`] examples per subheading: its most frequent texts, the earliest
/// first among equals; ordered by code.
fn keep_examples(examples: &[Example], used: &[usize], normalized: &[String]) -> Vec<Kept> {
    let mut by_text: FxHashMap<(&str, &str), (usize, usize)> = FxHashMap::default();
    for &i in used {
        let e = &examples[i];
        if e.code.len() == 6 {
            let entry = by_text
                .entry((e.code.as_str(), normalized[i].as_str()))
                .or_insert((0, i));
            entry.0 += 1;
        }
    }
    let mut ranked: Vec<(&str, usize, usize)> = by_text
        .into_iter()
        .map(|((code, _), (n, first))| (code, n, first))
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut kept: Vec<Kept> = Vec::new();
    for group in ranked.chunk_by(|a, b| a.0 == b.0) {
        for (_, _, first) in group.iter().take(EXAMPLES_PER_CODE) {
            let e = &examples[*first];
            kept.push(Kept {
                code: e.code.clone(),
                text: e.text.chars().take(KEPT_CHARS).collect(),
                source: e.source.chars().take(KEPT_CHARS).collect(),
            });
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(code: &str, text: &str) -> Example {
        Example {
            code: code.into(),
            text: text.into(),
            weight: 1.0,
            source: format!("test {code}"),
        }
    }

    fn toy() -> Classifier {
        let mut examples = Vec::new();
        for i in 0..30 {
            examples.push(example("852872", &format!("LED TV SAMSUNG 55IN UA{i}")));
            examples.push(example("852990", &format!("TV PARTS MAINBOARD PCB {i}")));
            examples.push(example("610910", &format!("T-SHIRT COTTON MENS {i}")));
            examples.push(example("640399", &format!("LEATHER SHOES MENS {i}")));
        }
        examples.push(example("85", "Electrical machinery and equipment"));
        let (c, trained) =
            Classifier::train(&examples, &|_| true, &Settings::default(), &|_| {}).unwrap();
        assert_eq!(trained.examples, examples.len());
        assert_eq!(
            (trained.chapters, trained.headings, trained.subheadings),
            (3, 4, 4)
        );
        c
    }

    #[test]
    fn suggests_the_subheading_with_its_reasons() {
        let c = toy();
        let p = c.predict("tv led samsung 65 inch", 3).unwrap();
        let top = &p.suggestions[0];
        assert_eq!(top.code, "852872");
        assert!(top.probability > 0.5, "{p:?}");
        assert!(
            top.terms.iter().any(|(t, _)| t == "led" || t == "led tv"),
            "{top:?}"
        );
        assert!(top.examples[0].0.starts_with("LED TV SAMSUNG"));
        assert_eq!(p.chapters[0].0, "85");
        assert_eq!(p.headings[0].0, "8528");
        let sum: f32 = p.suggestions.iter().map(|s| s.probability).sum();
        assert!(sum <= 1.0 + 1e-5);
    }

    #[test]
    fn seek_finds_the_first_slot_at_or_above() {
        let slots: Vec<u16> = vec![0, 2, 2, 5, 9, 9, 9, 14, 20, 21, 30];
        for from in 0..=slots.len() + 1 {
            for lo in 0..35u32 {
                let start = from.min(slots.len());
                let expected = start + slots[start..].partition_point(|s| u32::from(*s) < lo);
                assert_eq!(seek(&slots, from, lo), expected, "from {from}, lo {lo}");
            }
        }
        assert_eq!(seek(&[], 0, 3), 0);
    }

    #[test]
    fn texts_without_known_terms_get_no_suggestion() {
        let c = toy();
        assert_eq!(c.predict("  --- ", 3), Err(NoSuggestion::Empty));
        assert_eq!(c.predict("qqqqqq", 3), Err(NoSuggestion::Unknown));
    }

    #[test]
    fn unknown_codes_and_empty_texts_are_counted_not_learned() {
        let examples = vec![
            example("852872", "LED TV"),
            example("852872", "LED TV 2"),
            example("8528", "..."),
            example("85287", "odd"),
            example("999999", "catch-all"),
        ];
        let (_, t) = Classifier::train(
            &examples,
            &|code| code != "999999",
            &Settings::default(),
            &|_| {},
        )
        .unwrap();
        assert_eq!((t.examples, t.empty_texts, t.unknown_codes), (2, 1, 2));
        assert!(
            Classifier::train(&examples[2..4], &|_| true, &Settings::default(), &|_| {}).is_err()
        );
    }

    #[test]
    fn a_tree_with_a_missing_node_is_refused() {
        let c = toy();
        let mut nodes = c.nodes().to_vec();
        nodes.retain(|n| n.code != "8528");
        let err =
            Classifier::from_parts(c.vocabulary().clone(), nodes, c.kept().to_vec()).unwrap_err();
        assert!(err.contains("8528"), "{err}");
    }
}
