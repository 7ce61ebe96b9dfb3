//! One node of the classification tree: a multinomial logistic regression (softmax over the
//! node's children) on the TF-IDF vector, trained by stochastic gradient descent.
//!
//! Why written here rather than taken from a crate: linfa-logistic and smartcore fit dense
//! matrices (a million descriptions × half a million terms do not fit), and neither trains the
//! thousand small models of a tree in one pass over shared sparse data. The loop is the one
//! fastText and Vowpal Wabbit use: shuffled passes over the samples (seeded, so the same data and seed
//! give the same weights), a learning rate falling linearly to zero, the gradient `p − y`
//! applied only to classes whose probability moved (`|p − y| ≥` [`ACTIVE_GRADIENT`]), which keeps
//! the update sparse once the model separates the classes. No L2 penalty: few epochs and the
//! `min_df` cut of the vocabulary are the regularisation, as in fastText.
//!
//! Stored sparse: a weight under [`PRUNE`] (0.02) in magnitude is dropped — it moves a log-odds
//! score by at most 0.02 per term; on 100,000 generated items dropping them changed no accuracy
//! figure by more than 0.02 points and cut the model file to a third.

use crate::vocab::Matrix;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Updates that train a node: a node passes over its samples only as often as this many
/// updates need, rounded up, within [`MIN_PASSES`] and the epochs (see [`passes`]).
pub const ENOUGH_STEPS: u64 = 1_600_000;
/// The fewest passes over a node's samples, however many it has.
pub const MIN_PASSES: u32 = 2;
/// Gradient components smaller than this are not applied.
pub const ACTIVE_GRADIENT: f32 = 1e-3;
/// The largest weight or bias a model file may hold.
pub const MAX_WEIGHT: f32 = 1e4;
/// Weights smaller than this in magnitude are not stored (unless [`TrainSettings::prune`] says
/// otherwise).
pub const PRUNE: f32 = 0.02;

/// How a node is trained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainSettings {
    /// At most this many passes over a node's samples (see [`passes`]).
    pub epochs: u32,
    /// The learning rate at the start; it falls linearly to zero over the node's passes.
    pub learning_rate: f32,
    pub seed: u64,
    /// Weights smaller than this in magnitude are not stored.
    pub prune: f32,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
            epochs: 5,
            learning_rate: 0.5,
            seed: 42,
            prune: PRUNE,
        }
    }
}

/// A trained node: its children's codes and sparse weights by feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The HS code the node decides under ("" for the root, a chapter, a heading).
    pub code: String,
    /// The children it chooses between (chapters, headings or subheadings), sorted.
    pub classes: Vec<String>,
    /// The global features with stored weights, sorted; `offsets[i]..offsets[i + 1]` indexes
    /// `class_of` and `weight` for `features[i]`.
    pub features: Vec<u32>,
    pub offsets: Vec<u32>,
    pub class_of: Vec<u16>,
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

/// One training sample of a node: a row of the data, its class, its weight.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub row: u32,
    pub class: u16,
    pub weight: f32,
}

impl Node {
    /// Checks a node read from a file: every index in range, offsets ascending, classes known.
    pub fn validate(&self, features: usize) -> Result<(), String> {
        let classes = self.classes.len();
        if classes == 0 || classes > usize::from(u16::MAX) {
            return Err(format!("node {:?} has {classes} classes", self.code));
        }
        if self.bias.len() != classes {
            return Err(format!(
                "node {:?}: {} biases for {classes} classes",
                self.code,
                self.bias.len()
            ));
        }
        if self.offsets.len() != self.features.len() + 1 || self.offsets.first() != Some(&0) {
            return Err(format!(
                "node {:?}: offsets do not match its features",
                self.code
            ));
        }
        if self.offsets.windows(2).any(|w| w[0] > w[1])
            || *self.offsets.last().unwrap_or(&0) as usize != self.weight.len()
            || self.class_of.len() != self.weight.len()
        {
            return Err(format!(
                "node {:?}: offsets do not match its weights",
                self.code
            ));
        }
        if self.features.windows(2).any(|w| w[0] >= w[1])
            || self
                .features
                .last()
                .is_some_and(|&f| f as usize >= features)
        {
            return Err(format!(
                "node {:?}: features out of order or range",
                self.code
            ));
        }
        if self.class_of.iter().any(|&c| usize::from(c) >= classes) {
            return Err(format!(
                "node {:?}: a weight names a class it lacks",
                self.code
            ));
        }
        // bounded, so that no sum over a description's terms can overflow to infinity (and a
        // probability to NaN): trained weights stay within a few tens
        if self
            .weight
            .iter()
            .chain(&self.bias)
            .any(|w| !w.is_finite() || w.abs() > MAX_WEIGHT)
        {
            return Err(format!(
                "node {:?}: a weight is not a number within ±{MAX_WEIGHT}",
                self.code
            ));
        }
        Ok(())
    }

    /// The index of a global feature in `features`.
    #[cfg(test)]
    fn row(&self, feature: u32) -> Option<usize> {
        self.features.binary_search(&feature).ok()
    }

    /// The probability of each class for a TF-IDF vector: the node alone, as the tests check it
    /// (the classifier scores the nodes from their weights grouped by term, `classifier::AllNodes`).
    #[cfg(test)]
    pub fn probabilities(&self, x: &[(u32, f32)]) -> Vec<f32> {
        let mut scores = self.bias.clone();
        for (f, v) in x {
            if let Some(i) = self.row(*f) {
                let (from, to) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
                for (c, w) in self.class_of[from..to].iter().zip(&self.weight[from..to]) {
                    if let Some(score) = scores.get_mut(usize::from(*c)) {
                        *score += v * w;
                    }
                }
            }
        }
        softmax(&mut scores);
        scores
    }

    /// What each feature of `x` adds to `class`'s score.
    #[cfg(test)]
    pub fn contributions(&self, x: &[(u32, f32)], class: usize) -> Vec<(u32, f32)> {
        x.iter()
            .filter_map(|(f, v)| {
                let i = self.row(*f)?;
                let (from, to) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
                let k = self.class_of[from..to]
                    .iter()
                    .position(|c| usize::from(*c) == class)?;
                Some((*f, v * self.weight[from + k]))
            })
            .collect()
    }

    /// A node with one child decides nothing: the child is certain.
    pub fn single(code: String, class: String) -> Node {
        Node {
            code,
            classes: vec![class],
            features: Vec::new(),
            offsets: vec![0],
            class_of: Vec::new(),
            weight: Vec::new(),
            bias: vec![0.0],
        }
    }

    /// Trains the node on `samples` of `rows` (TF-IDF vectors).
    pub fn train(
        code: String,
        classes: Vec<String>,
        samples: &[Sample],
        rows: &Matrix,
        settings: &TrainSettings,
    ) -> Node {
        if classes.len() == 1 {
            return Node::single(code, classes.into_iter().next().expect("one class"));
        }
        let local = LocalData::new(samples, rows);
        let c = classes.len();
        let mut weights = vec![0f32; local.features.len() * c];
        let mut bias = log_priors(samples, c);
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed ^ crate::seed_of(&code));
        let mut order: Vec<u32> = (0..samples.len() as u32).collect();
        let passes = passes(samples.len(), settings.epochs);
        let total = (samples.len() as u64 * u64::from(passes)).max(1) as f32;
        let mut pass = Pass {
            local: &local,
            samples,
            classes: c,
            weights: &mut weights,
            bias: &mut bias,
            learning_rate: settings.learning_rate,
            total,
            step: 0,
            scores: vec![0f32; c],
            active: Vec::with_capacity(c),
        };
        for _ in 0..passes {
            order.shuffle(&mut rng);
            pass.run(&order);
        }
        sparse_node(
            code,
            classes,
            &local.features,
            &weights,
            bias,
            settings.prune,
        )
    }
}

/// One node's training state, and a pass over its samples in a given order.
struct Pass<'a> {
    local: &'a LocalData<'a>,
    samples: &'a [Sample],
    classes: usize,
    /// Dense, `classes` weights per local feature.
    weights: &'a mut [f32],
    bias: &'a mut [f32],
    learning_rate: f32,
    /// Steps in all passes, over which the learning rate falls to zero.
    total: f32,
    step: u64,
    scores: Vec<f32>,
    active: Vec<(usize, f32)>,
}

impl Pass<'_> {
    /// One pass over the samples in `order`. Compiled twice: for any x86-64, and with AVX2 (eight
    /// weights per instruction instead of four), chosen at run time where the processor has it —
    /// the root node's 96 scores per term are most of a million-item training. Both give the same
    /// weights bit for bit: each class's score is summed in the same order with the same
    /// operations (no fused multiply-add). Written with std's `is_x86_feature_detected!` and
    /// `#[target_feature]` rather than the `multiversion` crate: one function, two lines.
    fn run(&mut self, order: &[u32]) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { self.run_avx2(order) };
        }
        self.run_portable(order)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn run_avx2(&mut self, order: &[u32]) {
        self.run_portable(order)
    }

    #[inline(always)]
    fn run_portable(&mut self, order: &[u32]) {
        let c = self.classes;
        for &s in order {
            let lr = self.learning_rate * (1.0 - self.step as f32 / self.total);
            self.step += 1;
            let sample = self.samples[s as usize];
            let x = self.local.row(s as usize, sample.row);
            self.scores.copy_from_slice(self.bias);
            for (f, v) in x {
                let row = &self.weights[*f as usize * c..(*f as usize + 1) * c];
                for (acc, w) in self.scores.iter_mut().zip(row) {
                    *acc += v * w;
                }
            }
            softmax(&mut self.scores);
            self.active.clear();
            for (k, p) in self.scores.iter().enumerate() {
                let g = p - if k == usize::from(sample.class) {
                    1.0
                } else {
                    0.0
                };
                if g.abs() >= ACTIVE_GRADIENT {
                    self.active.push((k, g * lr * sample.weight));
                }
            }
            for &(k, g) in &self.active {
                self.bias[k] -= g;
            }
            for (f, v) in x {
                let row = &mut self.weights[*f as usize * c..(*f as usize + 1) * c];
                for &(k, g) in &self.active {
                    row[k] -= g * v;
                }
            }
        }
    }
}

/// The samples' rows with features renumbered to the node's own (the features that occur in
/// them), so the dense weights during training are as small as the node. The root, which sees
/// every row, reads the rows as they are instead of copying them.
struct LocalData<'a> {
    features: Vec<u32>,
    rows: &'a Matrix,
    renumbered: Option<Matrix>,
}

impl<'a> LocalData<'a> {
    fn new(samples: &[Sample], rows: &'a Matrix) -> LocalData<'a> {
        if samples.len() == rows.len()
            && samples.iter().enumerate().all(|(i, s)| s.row as usize == i)
        {
            let features = (0..rows.width()).collect();
            return LocalData {
                features,
                rows,
                renumbered: None,
            };
        }
        // A dense map from global to local feature: one pass over the samples' terms marks the
        // features, the (few) distinct ones are sorted, a second pass renumbers. Sorting every
        // occurrence and searching for each cost more than training the 1,300 small nodes.
        const UNSEEN: u32 = u32::MAX;
        let mut local_of = vec![UNSEEN; rows.width() as usize];
        let mut features = Vec::new();
        for s in samples {
            for (f, _) in rows.row(s.row as usize) {
                if local_of[*f as usize] == UNSEEN {
                    local_of[*f as usize] = 0;
                    features.push(*f);
                }
            }
        }
        features.sort_unstable();
        for (i, f) in features.iter().enumerate() {
            local_of[*f as usize] = i as u32;
        }
        let mut local = Matrix::default();
        for s in samples {
            local.push(
                rows.row(s.row as usize)
                    .iter()
                    .map(|(f, v)| (local_of[*f as usize], *v)),
            );
        }
        LocalData {
            features,
            rows,
            renumbered: Some(local),
        }
    }

    /// Sample `sample`'s row (row `row` of the data).
    fn row(&self, sample: usize, row: u32) -> &[(u32, f32)] {
        match &self.renumbered {
            Some(local) => local.row(sample),
            None => self.rows.row(row as usize),
        }
    }
}

/// How many times a node of `samples` samples is passed over: as many as [`ENOUGH_STEPS`]
/// updates need (rounded up), but at least [`MIN_PASSES`] and at most `epochs`. With the default
/// five epochs, nodes under 400,000 samples pass five times; from 400,000 four, from 533,334
/// three, from 800,000 two. A node with many samples sees each pattern many times in one pass:
/// on a million generated items the root (800,899 samples, 96 chapters; half the fit at five
/// passes) ranked as well after two passes as after five (no top-1 or top-3 accuracy at HS6,
/// HS4 or HS2 moved by more than 0.05 points), while on 20,000 items three passes instead of
/// five cost 1–2 points. The constant was chosen on that generated million, where it makes the
/// root pass twice; it has not been checked on real data of that size.
pub fn passes(samples: usize, epochs: u32) -> u32 {
    let enough = ENOUGH_STEPS.div_ceil(samples.max(1) as u64);
    let fewest = u64::from(MIN_PASSES.min(epochs));
    enough.clamp(fewest, u64::from(epochs)) as u32
}

/// Each class's log share of the samples' weight: the bias a model without terms would learn.
/// Starting from it, a rare class's probability is small from the first step, so its weights are
/// not touched by the samples of other classes (their gradient for it is under
/// [`ACTIVE_GRADIENT`]): training is faster and the weights sparser than from uniform odds.
fn log_priors(samples: &[Sample], classes: usize) -> Vec<f32> {
    let mut weight = vec![0f64; classes];
    for s in samples {
        weight[usize::from(s.class)] += f64::from(s.weight.max(0.0));
    }
    let total: f64 = weight.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    weight
        .iter()
        .map(|w| ((w / total).max(1e-9)).ln() as f32)
        .collect()
}

/// The trained dense weights kept where they matter.
fn sparse_node(
    code: String,
    classes: Vec<String>,
    local_features: &[u32],
    weights: &[f32],
    bias: Vec<f32>,
    prune: f32,
) -> Node {
    let c = classes.len();
    let mut node = Node {
        code,
        classes,
        features: Vec::new(),
        offsets: vec![0],
        class_of: Vec::new(),
        weight: Vec::new(),
        bias,
    };
    for (i, f) in local_features.iter().enumerate() {
        let before = node.weight.len();
        for (k, w) in weights[i * c..(i + 1) * c].iter().enumerate() {
            if w.abs() >= prune {
                node.class_of.push(k as u16);
                node.weight.push(*w);
            }
        }
        if node.weight.len() > before {
            node.features.push(*f);
            node.offsets.push(node.weight.len() as u32);
        }
    }
    node
}

/// Scores to probabilities, in place.
pub fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_nodes_pass_over_their_samples_fewer_times() {
        assert_eq!(passes(20_000, 5), 5);
        assert_eq!(passes(320_000, 5), 5);
        assert_eq!(passes(399_999, 5), 5);
        assert_eq!(passes(400_000, 5), 4);
        assert_eq!(passes(533_334, 5), 3);
        assert_eq!(passes(799_999, 5), 3);
        assert_eq!(passes(800_000, 5), 2);
        assert_eq!(passes(100_000, 20), 16);
        assert_eq!(passes(800_000, 5), 2);
        assert_eq!(passes(10_000_000, 5), 2);
        assert_eq!(passes(10_000_000, 1), 1);
        assert_eq!(passes(0, 3), 3);
    }

    /// Two classes told apart by feature 0 or 1; feature 2 is in both.
    fn data() -> (Matrix, Vec<Sample>) {
        let mut rows = Matrix::default();
        rows.push([(0, 0.8), (2, 0.6)]);
        rows.push([(1, 0.8), (2, 0.6)]);
        let samples = (0..200)
            .map(|i| Sample {
                row: i % 2,
                class: (i % 2) as u16,
                weight: 1.0,
            })
            .collect();
        (rows, samples)
    }

    /// The dispatched pass (AVX2 where the processor has it) and the portable one train the
    /// same weights, bit for bit, on 37 classes (not a multiple of the vector width) and terms
    /// of random weight. On a processor without AVX2 both runs take the portable path and the
    /// test shows nothing; CI's machines have AVX2.
    #[test]
    fn the_vectorised_pass_trains_the_same_weights_as_the_portable_one() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut rows = Matrix::default();
        for _ in 0..300 {
            let mut row: Vec<(u32, f32)> = (0..12)
                .map(|_| {
                    (
                        rand::Rng::random_range(&mut rng, 0..200),
                        rand::Rng::random(&mut rng),
                    )
                })
                .collect();
            row.sort_by_key(|(f, _)| *f);
            row.dedup_by_key(|(f, _)| *f);
            rows.push(row);
        }
        let samples: Vec<Sample> = (0..300u32)
            .map(|i| Sample {
                row: i,
                class: (i % 37) as u16,
                weight: 1.0,
            })
            .collect();
        let local = LocalData::new(&samples, &rows);
        let train = |portable: bool| {
            let (mut weights, mut bias) = (vec![0f32; local.features.len() * 37], vec![0f32; 37]);
            let mut pass = Pass {
                local: &local,
                samples: &samples,
                classes: 37,
                weights: &mut weights,
                bias: &mut bias,
                learning_rate: 0.5,
                total: 900.0,
                step: 0,
                scores: vec![0f32; 37],
                active: Vec::new(),
            };
            let order: Vec<u32> = (0..300).rev().collect();
            for _ in 0..3 {
                match portable {
                    true => pass.run_portable(&order),
                    false => pass.run(&order),
                }
            }
            (weights, bias)
        };
        let (portable, dispatched) = (train(true), train(false));
        let bits = |w: &[f32]| w.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert!(portable.0.iter().any(|w| *w != 0.0));
        assert_eq!(bits(&portable.0), bits(&dispatched.0));
        assert_eq!(bits(&portable.1), bits(&dispatched.1));
    }

    /// The data and a node trained on it with the default settings.
    fn trained() -> (Matrix, Node) {
        let (rows, samples) = data();
        let classes = vec!["01".to_string(), "02".to_string()];
        let node = Node::train(
            "".into(),
            classes,
            &samples,
            &rows,
            &TrainSettings::default(),
        );
        (rows, node)
    }

    #[test]
    fn learns_two_separable_classes_and_explains_them() {
        let (rows, node) = trained();
        node.validate(3).unwrap();
        let p = node.probabilities(rows.row(0));
        assert!(p[0] > 0.95, "{p:?}");
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(node.probabilities(rows.row(1))[1] > 0.95);
        let why = node.contributions(rows.row(0), 0);
        let top = why.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(top.0, 0, "{why:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_weights() {
        let (rows, samples) = data();
        let classes = vec!["01".to_string(), "02".to_string()];
        let s = TrainSettings::default();
        let a = Node::train("".into(), classes.clone(), &samples, &rows, &s);
        let b = Node::train("".into(), classes, &samples, &rows, &s);
        assert_eq!(a, b);
    }

    #[test]
    fn unknown_features_leave_the_prior() {
        let (_, node) = trained();
        let p = node.probabilities(&[(99, 1.0)]);
        assert!((p[0] - 0.5).abs() < 0.05, "{p:?}");
    }

    #[test]
    fn a_node_read_back_is_checked() {
        let mut node = Node::single("85".into(), "8528".into());
        node.validate(10).unwrap();
        node.features = vec![3];
        assert!(node.validate(10).is_err());
        node.offsets = vec![0, 1];
        node.class_of = vec![1];
        node.weight = vec![0.5];
        assert!(node.validate(10).is_err(), "class 1 of a one-class node");
        node.class_of = vec![0];
        node.validate(10).unwrap();
        assert!(node.validate(3).is_err(), "feature 3 of 3");
        node.weight = vec![f32::INFINITY];
        assert!(node.validate(10).is_err());
        // finite but large enough for a sum of them to overflow to infinity
        node.weight = vec![3e38];
        assert!(node.validate(10).is_err());
        node.weight = vec![0.5];
        node.bias = vec![-2e5];
        assert!(node.validate(10).is_err());
    }
}
