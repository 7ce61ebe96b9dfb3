//! The boosting loop around forust's tree learner.
//!
//! Why not `GradientBooster::fit`: profiling the 10 M-item benchmark (556 k training rows,
//! 33 features) showed two costs that have nothing to do with growing trees — binning sorted
//! every value of every column (0.43 s, a quarter of the fit), and after each round the new tree
//! was walked over the `f64` matrix for every training row (about 90 MB read per round). Here
//! the histogram cuts come from a sample of at most [`CUT_SAMPLE_ROWS`] rows per column (as
//! scikit-learn's histogram GBDT does with 200 k), and the training predictions are updated by
//! walking each tree over the binned `u16` matrix, which holds exactly the information the
//! trees split on.
//!
//! Everything else is forust's: the histograms and split search (`Tree::fit`), GOSS
//! (`GossSampler`, `RowSubset`), the objective's gradients, the AUC used for early stopping, and
//! the booster that is serialised, predicts and explains. With forust's own cuts this loop grows
//! exactly the trees `GradientBooster::fit` grows (a test checks it), so the only departure is
//! where the cuts come from.

use forust_ml::binning::BinnedData;
use forust_ml::constraints::ConstraintMap;
use forust_ml::data::{JaggedMatrix, Matrix};
use forust_ml::gradientbooster::GrowPolicy;
use forust_ml::metric::{is_comparison_better, roc_auc_score};
use forust_ml::objective::{calc_init_callables, gradient_hessian_callables};
use forust_ml::sampler::{GossSampler, RowSubset, SampleMethod, Sampler};
use forust_ml::splitter::MissingImputerSplitter;
use forust_ml::tree::Tree;
use forust_ml::GradientBooster;
use rand08::rngs::StdRng;
use rand08::SeedableRng;
use rayon::prelude::*;

/// Rows per column the histogram cuts are computed from (every k-th row).
pub const CUT_SAMPLE_ROWS: usize = 1 << 18;

/// A validation set: its matrix and labels (every item weighs 1).
pub struct Validation<'a> {
    pub data: Matrix<'a, f64>,
    pub y: &'a [f64],
}

/// Histogram cuts in forust's layout — per column the ascending cut values, the first no
/// larger than the column's minimum and the last `f64::MAX` — and the matrix binned with them:
/// bin 0 is missing, bin `b` holds the values in `[cut b-1, cut b)`.
pub fn bin(data: &Matrix<f64>, nbins: u16) -> BinnedData<f64> {
    let columns: Vec<&[f64]> = (0..data.cols).map(|c| data.get_col(c)).collect();
    let per_column: Vec<Vec<f64>> = columns
        .par_iter()
        .map(|column| column_cuts(column, nbins))
        .collect();
    let cuts = JaggedMatrix::from_vecs(&per_column);
    let nunique = per_column.iter().map(Vec::len).collect();
    let mut binned = vec![0u16; data.rows * data.cols];
    if data.rows > 0 {
        binned
            .par_chunks_mut(data.rows)
            .zip(columns.par_iter().zip(per_column.par_iter()))
            .for_each(|(out, (column, cuts))| {
                for (b, v) in out.iter_mut().zip(column.iter()) {
                    *b = bin_of(cuts, *v);
                }
            });
    }
    BinnedData {
        binned_data: binned,
        cuts,
        nunique,
    }
}

/// How many cuts are at or below `v` (0 for missing): the bin forust's `map_bin` gives.
fn bin_of(cuts: &[f64], v: f64) -> u16 {
    if v.is_nan() {
        0
    } else {
        cuts.partition_point(|c| *c <= v) as u16
    }
}

/// Quantile cuts of one column from an evenly strided sample; the column's true minimum
/// replaces the sample's so every present value lands in a bin above 0 (which means missing).
fn column_cuts(column: &[f64], nbins: u16) -> Vec<f64> {
    let step = column.len().div_ceil(CUT_SAMPLE_ROWS).max(1);
    let mut sample: Vec<f64> = column
        .iter()
        .step_by(step)
        .copied()
        .filter(|v| !v.is_nan())
        .collect();
    let minimum = column
        .iter()
        .copied()
        .filter(|v| !v.is_nan())
        .fold(f64::INFINITY, f64::min);
    let mut cuts = Vec::with_capacity(usize::from(nbins) + 1);
    if minimum < f64::INFINITY {
        sample.sort_unstable_by(f64::total_cmp);
        cuts.push(minimum);
        // a sparse column's sample may hold none of its values: the minimum alone then cuts it
        let n = sample.len();
        let nbins = usize::from(nbins);
        if n > 0 {
            cuts.extend((1..nbins).map(|i| sample[i * n / nbins]));
        }
        cuts.dedup();
    }
    cuts.push(f64::MAX);
    cuts.dedup();
    cuts
}

/// Grows `booster`'s trees (its objective must be LogLoss; its learning rate, depth,
/// regularisation, rounds, early stopping, seed and GOSS rates are used) on `binned`, the
/// binning of `data`, stopping when the validation AUC has not risen for the booster's
/// early-stopping rounds; keeps the trees up to the best round and returns that round's
/// validation AUC (NaN when no round was grown).
pub fn fit(
    booster: &mut GradientBooster,
    data: &Matrix<f64>,
    binned: &BinnedData<f64>,
    y: &[f64],
    weight: &[f64],
    validation: &Validation,
    sampling: SampleMethod,
) -> f64 {
    let splitter = MissingImputerSplitter {
        l1: booster.l1,
        l2: booster.l2,
        max_delta_step: booster.max_delta_step,
        gamma: booster.gamma,
        min_leaf_weight: booster.min_leaf_weight,
        learning_rate: booster.learning_rate,
        allow_missing_splits: booster.allow_missing_splits,
        constraints_map: ConstraintMap::new(),
    };
    let calc_grad_hess = gradient_hessian_callables(&booster.objective_type);
    booster.base_score = calc_init_callables(&booster.objective_type)(y, weight);
    let bdata = Matrix::new(&binned.binned_data, data.rows, data.cols);
    let mut rng = StdRng::seed_from_u64(booster.seed);
    let mut yhat = vec![booster.base_score; y.len()];
    let (mut grad, mut hess) = calc_grad_hess(y, &yhat, weight);
    let mut valid_yhat = vec![booster.base_score; validation.y.len()];
    let valid_weight = vec![1.0; validation.y.len()];
    let index: Vec<usize> = (0..data.rows).collect();
    let columns: Vec<usize> = (0..data.cols).collect();
    let warmup = GossSampler::warmup_iterations(booster.learning_rate);
    let mut subset = RowSubset::default();
    let mut trees: Vec<Tree> = Vec::new();
    let mut best: Option<(usize, f64)> = None;
    for round in 0..booster.iterations {
        let method = match sampling {
            SampleMethod::Goss if round >= warmup => SampleMethod::Goss,
            _ => SampleMethod::None,
        };
        let chosen = match method {
            SampleMethod::Goss => {
                GossSampler::new(booster.top_rate, booster.other_rate)
                    .with_parallel(booster.parallel)
                    .sample(&mut rng, &index, &mut grad, &mut hess)
                    .0
            }
            _ => index.clone(),
        };
        let mut tree = Tree::new();
        let grow = |tree: &mut Tree, data: &Matrix<u16>, rows: Vec<usize>, g: &[f32], h: &[f32]| {
            tree.fit(
                data,
                rows,
                &columns,
                &binned.cuts,
                g,
                h,
                &splitter,
                booster.max_leaves,
                booster.max_depth,
                booster.parallel,
                &method,
                &GrowPolicy::DepthWise,
            )
        };
        if method != SampleMethod::None && RowSubset::should_use(chosen.len(), data.rows) {
            subset.fill(&bdata, &chosen, &columns, &grad, &hess, booster.parallel);
            let (rows_data, rows) = subset.matrix();
            grow(&mut tree, &rows_data, rows, &subset.grad, &subset.hess);
        } else {
            grow(&mut tree, &bdata, chosen, &grad, &hess);
        }
        add_tree(&tree, data, &bdata, &binned.cuts, &mut yhat);
        let valid_add = tree.predict(&validation.data, booster.parallel, &booster.missing);
        valid_yhat
            .iter_mut()
            .zip(valid_add)
            .for_each(|(p, a)| *p += a);
        let auc = roc_auc_score(validation.y, &valid_yhat, &valid_weight);
        trees.push(tree);
        match best {
            Some((at, value)) if !is_comparison_better(value, auc, true) => {
                if booster
                    .early_stopping_rounds
                    .is_some_and(|patience| round - at >= patience)
                {
                    break;
                }
            }
            _ => best = Some((round, auc)),
        }
        (grad, hess) = calc_grad_hess(y, &yhat, weight);
    }
    let mut best_auc = f64::NAN;
    if let Some((best_round, auc)) = best {
        trees.truncate(best_round + 1);
        booster.best_iteration = Some(best_round);
        booster.prediction_iteration = Some(best_round + 1);
        best_auc = auc;
    }
    booster.trees = trees;
    best_auc
}

/// Adds the tree's leaf weights to `yhat`, walking it over the binned matrix; a tree whose
/// split values are not all cuts (none of ours) is walked over the raw values instead.
fn add_tree(
    tree: &Tree,
    data: &Matrix<f64>,
    binned: &Matrix<u16>,
    cuts: &JaggedMatrix<f64>,
    yhat: &mut [f64],
) {
    let Some(left_up_to) = split_bins(tree, cuts) else {
        let add = tree.predict(data, true, &f64::NAN);
        yhat.iter_mut().zip(add).for_each(|(p, a)| *p += a);
        return;
    };
    let rows = binned.rows;
    yhat.par_iter_mut().enumerate().for_each(|(row, p)| {
        let mut at = 0;
        loop {
            let node = &tree.nodes[at];
            if node.is_leaf {
                *p += f64::from(node.weight_value);
                break;
            }
            let b = binned.data[node.split_feature * rows + row];
            at = if b == 0 {
                node.missing_node
            } else if b <= left_up_to[at] {
                node.left_child
            } else {
                node.right_child
            };
        }
    });
}

/// For each split node, the highest bin that goes left: a value goes left when it is below the
/// split value, which is cut `k` of its feature, so exactly the bins `1..=k` go left.
fn split_bins(tree: &Tree, cuts: &JaggedMatrix<f64>) -> Option<Vec<u16>> {
    tree.nodes
        .iter()
        .map(|node| {
            if node.is_leaf {
                return Some(0);
            }
            let feature_cuts = cuts.get_col(node.split_feature);
            let k = feature_cuts.partition_point(|c| *c < node.split_value);
            (feature_cuts.get(k) == Some(&node.split_value)).then_some(k as u16)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use forust_ml::objective::ObjectiveType;

    /// Deterministic rows: 4 features (one with missing values, one with few values) and a
    /// label that depends on three of them.
    fn dataset(rows: usize) -> (Vec<f64>, Vec<f64>) {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut columns = vec![0.0; rows * 4];
        let mut y = vec![0.0; rows];
        for r in 0..rows {
            let (a, b, c, d) = (next(), next() * 10.0, (next() * 5.0).floor(), next());
            columns[r] = a;
            columns[rows + r] = if d < 0.1 { f64::NAN } else { b };
            columns[2 * rows + r] = c;
            columns[3 * rows + r] = d;
            let score = 2.0 * a + if b.is_nan() || d < 0.1 { 1.0 } else { b / 5.0 } + c / 4.0;
            y[r] = f64::from(score + next() * 1.5 > 3.2);
        }
        (columns, y)
    }

    fn booster() -> GradientBooster {
        GradientBooster::default()
            .set_objective_type(ObjectiveType::LogLoss)
            .set_iterations(400)
            .set_max_depth(4)
            .set_nbins(32)
            .set_seed(3)
            .set_early_stopping_rounds(Some(5))
            .set_evaluation_metric(Some(forust_ml::metric::Metric::AUC))
    }

    #[test]
    fn with_forusts_cuts_the_loop_grows_forusts_trees() {
        let (train, y) = dataset(3000);
        let (valid, vy) = dataset(800);
        let weight: Vec<f64> = y.iter().map(|v| 1.0 + v).collect();
        let data = Matrix::new(&train, 3000, 4);
        let mut theirs = booster();
        let ones = vec![1.0; 800];
        theirs
            .fit(
                &data,
                &y,
                &weight,
                Some(vec![(Matrix::new(&valid, 800, 4), &vy, &ones)]),
            )
            .unwrap();
        let binned = forust_ml::binning::bin_matrix(&data, &weight, 32, f64::NAN, true).unwrap();
        let mut ours = booster();
        let validation = Validation {
            data: Matrix::new(&valid, 800, 4),
            y: &vy,
        };
        let best_auc = fit(
            &mut ours,
            &data,
            &binned,
            &y,
            &weight,
            &validation,
            SampleMethod::None,
        );
        let kept = ours.predict(&Matrix::new(&valid, 800, 4), false);
        assert_eq!(best_auc, roc_auc_score(&vy, &kept, &ones));
        let best = theirs.best_iteration.unwrap();
        assert_eq!(ours.best_iteration, Some(best));
        assert!(
            theirs.trees.len() > best + 1,
            "early stopping was exercised"
        );
        let json = |t: &Tree| serde_json::to_string(t).unwrap();
        assert_eq!(ours.trees.len(), best + 1);
        for (a, b) in ours.trees.iter().zip(&theirs.trees) {
            assert_eq!(json(a), json(b));
        }
        assert_eq!(ours.base_score, theirs.base_score);
    }

    #[test]
    fn binned_walks_equal_walks_over_the_values() {
        let (train, y) = dataset(2000);
        let data = Matrix::new(&train, 2000, 4);
        let binned = bin(&data, 16);
        let (valid, vy) = dataset(500);
        let mut b = booster().set_iterations(8).set_early_stopping_rounds(None);
        let validation = Validation {
            data: Matrix::new(&valid, 500, 4),
            y: &vy,
        };
        let weight = vec![1.0; 2000];
        fit(
            &mut b,
            &data,
            &binned,
            &y,
            &weight,
            &validation,
            SampleMethod::Goss,
        );
        let bdata = Matrix::new(&binned.binned_data, 2000, 4);
        for tree in &b.trees {
            assert!(split_bins(tree, &binned.cuts).is_some());
            let mut walked = vec![0.0; 2000];
            add_tree(tree, &data, &bdata, &binned.cuts, &mut walked);
            assert_eq!(walked, tree.predict(&data, false, &f64::NAN));
        }
    }

    #[test]
    fn cuts_cover_every_value_and_keep_missing_apart() {
        let column = [3.0, f64::NAN, -7.5, 2.0, 2.0, 9.0, f64::NAN, 0.5];
        let cuts = column_cuts(&column, 4);
        assert_eq!(cuts[0], -7.5, "the true minimum opens the first bin");
        assert_eq!(*cuts.last().unwrap(), f64::MAX);
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
        for v in column {
            let b = bin_of(&cuts, v);
            assert_eq!(b == 0, v.is_nan(), "{v} → bin {b}");
        }
        assert_eq!(column_cuts(&[f64::NAN; 3], 4), vec![f64::MAX]);
        // infinities are values, not missing
        let cuts = column_cuts(&[f64::NEG_INFINITY, 1.0, f64::INFINITY], 4);
        for v in [f64::NEG_INFINITY, 1.0, f64::INFINITY] {
            assert!(bin_of(&cuts, v) > 0, "{v} in {cuts:?}");
        }
        // a column too sparse for the sample still has every value in a bin
        let mut sparse = vec![f64::NAN; 3 * CUT_SAMPLE_ROWS];
        sparse[1] = 4.0;
        sparse[2] = -1.0;
        let cuts = column_cuts(&sparse, 8);
        assert_eq!(cuts, vec![-1.0, f64::MAX]);
        assert_eq!((bin_of(&cuts, 4.0), bin_of(&cuts, -1.0)), (1, 1));
        // a column with a few values keeps them apart
        let few: Vec<f64> = (0..1000).map(|i| f64::from(i % 3)).collect();
        assert_eq!(column_cuts(&few, 16), vec![0.0, 1.0, 2.0, f64::MAX]);
    }
}
