//! The learned risk model: gradient-boosted trees trained on inspection outcomes, over the
//! SQL feature matrix of [`features`].
//!
//! Rules encode what analysts already know; the model learns from what inspections found
//! (WCO: risk targeting is AI/ML's first customs use). The trees are forust's (pure Rust, the
//! XGBoost algorithm: histogram splits, L2 regularisation, early stopping, Shapley
//! contributions), so nothing is downloaded or compiled from C++; [`boost`] drives them with
//! clearway's own boosting loop (faster cuts and prediction updates, GOSS on large sets).
//!
//! A model file (JSON, `format = "clearway-risk-model"`, versioned) carries everything needed to
//! trust and reuse it: the feature names in matrix order, the rules whose hits were features,
//! the training period and split, the loads it learned from (`loads.load_id` with their
//! sha256), the parameters and seed, the validation metrics, per-feature decile bins of the
//! training period (for `monitor`) and the booster itself.
//!
//! A model file is input like any other: its dates are parsed into dates when it is read
//! (`training.test_from`), and every date that selects items ([`Items`]) is bound as a
//! parameter, never written into the SQL.
//!
//! What a user starts with a model (write the features, train, evaluate, score, monitor) is
//! one function each in [`ops`].

pub mod boost;
pub mod features;
pub mod ops;

use crate::error::{Error, Result};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use forust_ml::gradientbooster::ContributionsMethod;
use forust_ml::objective::ObjectiveType;
use forust_ml::sampler::SampleMethod;
use forust_ml::{GradientBooster, Matrix};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FORMAT: &str = "clearway-risk-model";
pub const VERSION: u32 = 1;

/// Training settings; the defaults are XGBoost's (η 0.3, depth 6, λ 1, min child weight 1) and
/// were not tuned to the sample.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    pub iterations: usize,
    pub learning_rate: f32,
    pub max_depth: usize,
    pub l2: f32,
    pub min_leaf_weight: f32,
    pub early_stopping_rounds: usize,
    /// Histogram bins per feature. XGBoost's `hist` uses 256; on the 1 M-item benchmark 128
    /// fitted in two thirds of the time at the same test AUC and precision (bench/model.sh).
    pub bins: u16,
    /// The last share of the training period (by time) held out for early stopping.
    pub validation_share: f64,
    pub seed: u64,
    /// Which rows each tree is grown from (files written before this setting: every row).
    #[serde(default = "Sampling::all_rows")]
    pub sampling: Sampling,
}

/// Rows each tree is grown from.
///
/// GOSS (LightGBM's gradient-based one-side sampling, as forust implements it): after a warm-up
/// of 1/η rounds on every row, a tree sees the 20 % of rows with the largest gradients — the ones
/// still badly predicted — and a random 10 % of the rest, weighted up to stand for them, so a
/// round builds its histograms from 30 % of the rows. `Auto` uses it from [`GOSS_FROM_ROWS`]
/// training rows, where a tree still sees at least 15,000 rows (about 230 per leaf of a depth-6
/// tree); below that the estimate gets noisy and a fit takes a fraction of a second anyway.
/// Measured (bench/model.sh): on 10 M items GOSS fits in two thirds of the time of every row at
/// the same test AUC and precision@5 % (within 0.1 point), on 1 M items (56 k training rows)
/// within 0.3 point of XGBoost's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sampling {
    /// GOSS from [`GOSS_FROM_ROWS`] training rows, every row below.
    Auto,
    /// Every row for every tree (XGBoost's default).
    All,
    /// Gradient-based one-side sampling whatever the size.
    Goss,
}

/// Training rows from which [`Sampling::Auto`] samples with GOSS.
pub const GOSS_FROM_ROWS: usize = 50_000;

impl Sampling {
    fn all_rows() -> Sampling {
        Sampling::All
    }

    /// What this choice means for `rows` training rows.
    pub fn resolve(self, rows: usize) -> Sampling {
        match self {
            Sampling::Auto if rows >= GOSS_FROM_ROWS => Sampling::Goss,
            Sampling::Auto => Sampling::All,
            chosen => chosen,
        }
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            iterations: 500,
            learning_rate: 0.3,
            max_depth: 6,
            l2: 1.0,
            min_leaf_weight: 1.0,
            early_stopping_rounds: 25,
            bins: 128,
            validation_share: 0.15,
            seed: 42,
            sampling: Sampling::Auto,
        }
    }
}

/// Decile edges of a feature in the training period and each bin's share (NULLs last).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bins {
    pub feature: String,
    pub edges: Vec<f64>,
    pub shares: Vec<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Training {
    pub label: String,
    pub train_from: String,
    pub train_to: String,
    /// Items declared from this date are the test period (never trained on).
    #[serde(deserialize_with = "test_from_date")]
    pub test_from: NaiveDate,
    pub split: String,
    pub train_rows: usize,
    pub validation_rows: usize,
    pub positives: usize,
    pub positive_weight: f64,
    /// The sampling the trees were grown with (`params.sampling` resolved for `train_rows`).
    #[serde(default = "Sampling::all_rows")]
    pub sampling: Sampling,
    /// (load id, file sha256) of the declarations learned from.
    pub loads: Vec<(i64, String)>,
    pub rules_run: Option<i64>,
    /// Building the feature matrix (SQL), fitting the trees, and the whole command.
    pub feature_seconds: f64,
    pub fit_seconds: f64,
    pub seconds: f64,
}

/// `training.test_from` of a model file, which must be a `YYYY-MM-DD` date: it selects the
/// test period's items, and a file is not trusted to hold one.
fn test_from_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
        serde::de::Error::custom(format!(
            "training.test_from `{text}` is not a date (YYYY-MM-DD)"
        ))
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelFile {
    pub format: String,
    pub version: u32,
    pub clearway_version: String,
    pub created_at: String,
    pub features: Vec<String>,
    pub params: Params,
    pub training: Training,
    pub validation_auc: f64,
    pub trees: usize,
    pub bins: Vec<Bins>,
    pub booster: String,
}

impl ModelFile {
    pub fn read(path: &Path) -> Result<ModelFile> {
        let text = crate::limits::read_to_string_capped(path).map_err(|cause| Error::Read {
            path: path.to_path_buf(),
            cause,
        })?;
        let m: ModelFile = serde_json::from_str(&text).map_err(|e| {
            let help = match e.classify() {
                // JSON of the right shape with a field that is not what `model train` writes
                serde_json::error::Category::Data => {
                    "the file's fields are written by `clearway model train`; retrain the model rather than editing the file"
                }
                _ => "train one with `clearway model train --out FILE`",
            };
            Error::bad_input(path, format!("not a clearway model file: {e}"), help)
        })?;
        if m.format != FORMAT || m.version > VERSION {
            return Err(Error::bad_input(
                path,
                format!(
                    "a {} version {} file; this clearway reads {FORMAT} up to version {VERSION}",
                    m.format, m.version
                ),
                "retrain the model with this clearway",
            ));
        }
        Ok(m)
    }

    fn booster(&self) -> Result<GradientBooster> {
        GradientBooster::from_json(&self.booster).map_err(|e| {
            Error::usage(
                format!("the model's booster does not load: {e}"),
                "retrain the model",
            )
        })
    }
}

/// Rows of the matrix ([`features::TABLE`]) as [`read_rows`] reads them: ids, labels, revenue
/// and the features in `names` order, column-major with NULL as NaN (missing).
pub struct Rows {
    pub ids: Vec<(String, i64)>,
    pub label: Vec<f64>,
    pub revenue: Vec<f64>,
    pub declared: Vec<String>,
    pub columns: Vec<f64>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn matrix(&self, features: usize) -> Matrix<'_, f64> {
        Matrix::new(&self.columns, self.len(), features)
    }
}

/// Which items of the feature matrix ([`features::TABLE`]) a step reads. The date is bound as
/// a parameter of [`Items::condition`]: it comes from a flag or a model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    /// Every item.
    All,
    /// Items declared on or after the date (`score --from`, `monitor --since`).
    DeclaredFrom(NaiveDate),
    /// Items declared before the date: the training period, whose drift bins are kept.
    DeclaredBefore(NaiveDate),
    /// Labelled items declared before the date: what the trees learn from.
    LabelledBefore(NaiveDate),
    /// Items with a known outcome declared on or after the date: the test period.
    InspectedFrom(NaiveDate),
}

impl Items {
    /// The SQL condition over the matrix, with one `?` per [`Items::params`] value.
    fn condition(self) -> &'static str {
        match self {
            Items::All => "true",
            Items::DeclaredFrom(_) => "declared_at >= CAST(? AS DATE)",
            Items::DeclaredBefore(_) => "declared_at < CAST(? AS DATE)",
            Items::LabelledBefore(_) => "labelled AND declared_at < CAST(? AS DATE)",
            Items::InspectedFrom(_) => "declared_at >= CAST(? AS DATE) AND illicit IS NOT NULL",
        }
    }

    /// The values [`Items::condition`] is bound with.
    fn params(self) -> impl duckdb::Params {
        let date = match self {
            Items::All => None,
            Items::DeclaredFrom(d)
            | Items::DeclaredBefore(d)
            | Items::LabelledBefore(d)
            | Items::InspectedFrom(d) => Some(d),
        };
        duckdb::params_from_iter(date)
    }
}

/// How many items of the matrix `items` selects.
pub fn count(ws: &Workspace, items: Items) -> Result<i64> {
    Ok(ws.conn.query_row(
        &format!(
            "SELECT count(*) FROM {} WHERE {}",
            features::TABLE,
            items.condition()
        ),
        items.params(),
        |r| r.get(0),
    )?)
}

/// The `items` of the matrix, with the features in `names` order.
pub fn read_rows(ws: &Workspace, names: &[String], items: Items) -> Result<Rows> {
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{Float64Type, Int64Type};
    let columns: Vec<String> = names
        .iter()
        .map(|n| format!("CAST({} AS DOUBLE)", crate::sql::ident(n)))
        .collect();
    let sql = format!(
        "SELECT declaration_id, CAST(item_no AS BIGINT), CAST(coalesce(illicit, false) AS DOUBLE),
                CAST(coalesce(revenue_recovered, 0) AS DOUBLE), strftime(declared_at, '%Y-%m-%d'), {}
         FROM {} WHERE {} ORDER BY {}",
        columns.join(", "),
        features::TABLE,
        items.condition(),
        features::ORDER
    );
    let mut stmt = ws.conn.prepare(&sql)?;
    // read as Arrow: column by column, which is the layout the trees want
    let mut per_column: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut out = Rows {
        ids: Vec::new(),
        label: Vec::new(),
        revenue: Vec::new(),
        declared: Vec::new(),
        columns: Vec::new(),
    };
    let doubles = |a: &dyn Array, into: &mut Vec<f64>| {
        let a = a.as_primitive::<Float64Type>();
        into.extend((0..a.len()).map(|i| {
            if a.is_null(i) || !a.value(i).is_finite() {
                f64::NAN
            } else {
                a.value(i)
            }
        }));
    };
    for batch in stmt.query_arrow(items.params())? {
        let ids = batch.column(0).as_string::<i32>();
        let items = batch.column(1).as_primitive::<Int64Type>();
        let dates = batch.column(4).as_string::<i32>();
        for i in 0..batch.num_rows() {
            out.ids.push((ids.value(i).to_string(), items.value(i)));
            out.declared.push(dates.value(i).to_string());
        }
        doubles(batch.column(2).as_ref(), &mut out.label);
        doubles(batch.column(3).as_ref(), &mut out.revenue);
        for (j, column) in per_column.iter_mut().enumerate() {
            doubles(batch.column(5 + j).as_ref(), column);
        }
    }
    out.label
        .iter_mut()
        .for_each(|y| *y = if y.is_nan() { 0.0 } else { *y });
    out.revenue
        .iter_mut()
        .for_each(|r| *r = if r.is_nan() { 0.0 } else { *r });
    out.columns = per_column.concat();
    Ok(out)
}

/// Where the test period starts: `split` (a date), or the date at `split_frac` of the items.
pub fn test_from(ws: &Workspace, split: Option<&str>, split_frac: f64) -> Result<NaiveDate> {
    if let Some(d) = split {
        return crate::sql::date_flag("--split", d);
    }
    if !(0.05..=0.95).contains(&split_frac) {
        return Err(Error::usage(
            format!("--split-frac {split_frac} is outside 0.05–0.95"),
            "the share of items (by date) to train on, e.g. 0.8",
        ));
    }
    ws.conn
        .query_row(
            "SELECT CAST(quantile_disc(declared_at, ?) AS DATE) FROM declarations",
            [split_frac],
            |r| r.get::<_, Option<NaiveDate>>(0),
        )?
        .ok_or_else(|| {
            Error::usage(
                "the workspace holds no declarations",
                "load declarations first",
            )
        })
}

/// Trains on the labelled items declared before the test period; the last
/// `validation_share` of them (by time) stops the boosting early.
pub fn train(
    ws: &Workspace,
    label: &str,
    split: Option<&str>,
    split_frac: f64,
    params: &Params,
) -> Result<ModelFile> {
    if label != "illicit" {
        return Err(Error::usage(
            format!("--label {label}: the model learns the `illicit` outcome"),
            "the canonical label column is `illicit` (BACUDA's is mapped to it when loading)",
        ));
    }
    if params.iterations == 0 {
        return Err(Error::usage(
            "--iterations 0: the model needs at least one round",
            "leave it at 500: early stopping ends training when the validation AUC stops rising",
        ));
    }
    if !(params.learning_rate > 0.0 && params.learning_rate <= 1.0) {
        return Err(Error::usage(
            format!(
                "--learning-rate {}: the shrinkage must be above 0 and at most 1",
                params.learning_rate
            ),
            "XGBoost's default, 0.3, is clearway's; smaller values need more rounds",
        ));
    }
    let started = std::time::Instant::now();
    let (run, names) = features::build(ws, None)?;
    let feature_seconds = started.elapsed().as_secs_f64();
    let test_from = test_from(ws, split, split_frac)?;
    let all = read_rows(ws, &names, Items::LabelledBefore(test_from))?;
    let positives = all.label.iter().filter(|y| **y > 0.5).count();
    if all.len() < 50 || positives < 5 {
        return Err(Error::usage(
            format!(
                "{} labelled items ({positives} illicit) before {test_from}: too few to learn from",
                all.len()
            ),
            "load more inspected declarations, or move --split later",
        ));
    }
    let cut = ((all.len() as f64) * (1.0 - params.validation_share)) as usize;
    let (train_rows, valid_rows) = split_rows(&all, names.len(), cut);
    let negatives = train_rows.label.len() - train_rows.label.iter().filter(|y| **y > 0.5).count();
    let train_pos = train_rows.len() - negatives;
    // class imbalance: positives weigh as much, in total, as negatives
    let positive_weight = negatives as f64 / train_pos.max(1) as f64;
    let weight: Vec<f64> = train_rows
        .label
        .iter()
        .map(|y| if *y > 0.5 { positive_weight } else { 1.0 })
        .collect();
    let sampling = params.sampling.resolve(train_rows.len());
    let mut booster = booster_for(params);
    let fit_started = std::time::Instant::now();
    let data = train_rows.matrix(names.len());
    let binned = boost::bin(&data, params.bins);
    let validation = boost::Validation {
        data: valid_rows.matrix(names.len()),
        y: &valid_rows.label,
    };
    let method = match sampling {
        Sampling::Goss => SampleMethod::Goss,
        Sampling::All | Sampling::Auto => SampleMethod::None,
    };
    // the AUC of the kept trees on the validation slice, as early stopping measured it
    let validation_auc = boost::fit(
        &mut booster,
        &data,
        &binned,
        &train_rows.label,
        &weight,
        &validation,
        method,
    );
    let fit_seconds = fit_started.elapsed().as_secs_f64();
    let loads = training_loads(ws)?;
    // drift is judged against every item of the training period, not only the inspected ones
    let bins = feature_bins(ws, &names, Items::DeclaredBefore(test_from))?;
    Ok(ModelFile {
        format: FORMAT.into(),
        version: VERSION,
        clearway_version: crate::VERSION.into(),
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        trees: booster.trees.len(),
        features: names,
        params: params.clone(),
        training: Training {
            label: label.into(),
            train_from: all.declared.first().cloned().unwrap_or_default(),
            train_to: all.declared.last().cloned().unwrap_or_default(),
            test_from,
            split: split
                .map(|d| format!("date {d}"))
                .unwrap_or(format!("fraction {split_frac}")),
            train_rows: train_rows.len(),
            validation_rows: valid_rows.len(),
            positives,
            positive_weight,
            sampling,
            loads,
            rules_run: run,
            feature_seconds,
            fit_seconds,
            seconds: started.elapsed().as_secs_f64(),
        },
        validation_auc,
        bins,
        booster: booster.json_dump().map_err(|e| {
            Error::usage(
                format!("the booster does not serialise: {e}"),
                "report this",
            )
        })?,
    })
}

/// The booster's settings; [`boost::fit`] grows its trees.
fn booster_for(p: &Params) -> GradientBooster {
    GradientBooster::default()
        .set_objective_type(ObjectiveType::LogLoss)
        .set_iterations(p.iterations)
        .set_learning_rate(p.learning_rate)
        .set_max_depth(p.max_depth)
        .set_l2(p.l2)
        .set_min_leaf_weight(p.min_leaf_weight)
        .set_early_stopping_rounds(Some(p.early_stopping_rounds))
        // ranking is what inspections use: stop when the validation AUC stops rising
        .set_evaluation_metric(Some(forust_ml::metric::Metric::AUC))
        .set_seed(p.seed)
        .set_parallel(true)
        .set_nbins(p.bins)
}

/// Rows [0, cut) and [cut, n) of `all`, each with its own column-major matrix.
fn split_rows(all: &Rows, features: usize, cut: usize) -> (Rows, Rows) {
    let n = all.len();
    let part = |from: usize, to: usize| {
        let mut columns = Vec::with_capacity((to - from) * features);
        for j in 0..features {
            columns.extend_from_slice(&all.columns[j * n + from..j * n + to]);
        }
        Rows {
            ids: all.ids[from..to].to_vec(),
            label: all.label[from..to].to_vec(),
            revenue: all.revenue[from..to].to_vec(),
            declared: all.declared[from..to].to_vec(),
            columns,
        }
    };
    (part(0, cut), part(cut, n))
}

/// Probabilities (the booster predicts log-odds).
fn predict(booster: &GradientBooster, rows: &Rows, features: usize) -> Vec<f64> {
    if rows.is_empty() {
        return Vec::new();
    }
    booster
        .predict(&rows.matrix(features), true)
        .into_iter()
        .map(|z| 1.0 / (1.0 + (-z).exp()))
        .collect()
}

/// The rank AUC (ties share their average rank); 0.5 when one class is missing.
pub fn auc(scores: &[f64], labels: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*a].total_cmp(&scores[*b]));
    let mut ranks = vec![0.0; scores.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for k in &order[i..=j] {
            ranks[*k] = r;
        }
        i = j + 1;
    }
    let pos = labels.iter().filter(|y| **y > 0.5).count() as f64;
    let neg = labels.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return 0.5;
    }
    let sum: f64 = ranks
        .iter()
        .zip(labels)
        .filter(|(_, y)| **y > 0.5)
        .map(|(r, _)| r)
        .sum();
    (sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

fn training_loads(ws: &Workspace) -> Result<Vec<(i64, String)>> {
    let mut stmt = ws.conn.prepare(
        "SELECT load_id, source_sha256 FROM loads WHERE target_table = 'declarations' ORDER BY load_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A feature as SQL over the matrix: a finite double, else NULL.
fn finite(feature: &str) -> String {
    let c = format!("CAST({} AS DOUBLE)", crate::sql::ident(feature));
    format!("CASE WHEN isfinite({c}) THEN {c} END")
}

/// Decile edges of every feature over the `items`, and each bin's share — in SQL, so the
/// population (millions of items) never has to fit in memory.
fn feature_bins(ws: &Workspace, names: &[String], items: Items) -> Result<Vec<Bins>> {
    let deciles = "[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]";
    let edges_sql: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                "CAST(to_json(quantile_disc({}, {deciles})) AS VARCHAR)",
                finite(n)
            )
        })
        .collect();
    let edges: Vec<Vec<f64>> = ws.conn.query_row(
        &format!(
            "SELECT {} FROM {} WHERE {}",
            edges_sql.join(", "),
            features::TABLE,
            items.condition()
        ),
        items.params(),
        |r| {
            (0..names.len())
                .map(|j| {
                    let text: Option<String> = r.get(j)?;
                    let mut e: Vec<f64> = text
                        .and_then(|t| serde_json::from_str::<Vec<Option<f64>>>(&t).ok())
                        .unwrap_or_default()
                        .into_iter()
                        .flatten()
                        .collect();
                    e.dedup();
                    Ok(e)
                })
                .collect()
        },
    )?;
    names
        .iter()
        .zip(edges)
        .map(|(name, edges)| {
            Ok(Bins {
                feature: name.clone(),
                shares: shares_sql(ws, name, &edges, items)?,
                edges,
            })
        })
        .collect()
}

/// The share of the `items` in each bin of `edges` (value < edge), then one bin for missing
/// values.
pub fn shares_sql(ws: &Workspace, feature: &str, edges: &[f64], items: Items) -> Result<Vec<f64>> {
    // typed numbers from the model file, written as Rust's round-trip form of an f64
    let list = format!(
        "[{}]::DOUBLE[]",
        edges
            .iter()
            .map(|e| format!("{e:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let missing = edges.len() + 1;
    let mut stmt = ws.conn.prepare(&format!(
        "SELECT CASE WHEN v IS NULL THEN {missing} ELSE len(list_filter({list}, lambda e: e <= v)) END AS bin,
                count(*) AS n
         FROM (SELECT {} AS v FROM {} WHERE {}) GROUP BY bin",
        finite(feature),
        features::TABLE,
        items.condition()
    ))?;
    let mut counts = vec![0i64; edges.len() + 2];
    let rows = stmt.query_map(items.params(), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (bin, n) = row?;
        counts[bin as usize] += n;
    }
    let total = counts.iter().sum::<i64>().max(1) as f64;
    Ok(counts.into_iter().map(|c| c as f64 / total).collect())
}

/// The population stability index of `now` against `then` (shares of the same bins), with a
/// floor so an empty bin does not make it infinite.
pub fn psi(then: &[f64], now: &[f64]) -> f64 {
    then.iter()
        .zip(now)
        .map(|(a, b)| {
            let (a, b) = (a.max(1e-4), b.max(1e-4));
            (b - a) * (b / a).ln()
        })
        .sum()
}

/// Scores the `items` with `model`: (rows, probabilities, the three largest Shapley
/// contributions of each item as (feature, value, contribution)).
pub type Reasons = Vec<Vec<(String, f64, f64)>>;

/// Reasons cost a TreeSHAP pass over every tree: `explain = false` (evaluation) skips them.
pub fn score(
    ws: &Workspace,
    model: &ModelFile,
    items: Items,
    explain: bool,
) -> Result<(Rows, Vec<f64>, Reasons)> {
    let (_, names) = features::build(ws, model.training.rules_run)?;
    let missing: Vec<&String> = model
        .features
        .iter()
        .filter(|f| !names.contains(f))
        .collect();
    if !missing.is_empty() {
        return Err(Error::usage(
            format!(
                "the workspace lacks features the model was trained with: {}",
                missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ),
            "rule features come from a risk run: run the packs the model was trained with (see its file's training.rules_run)",
        ));
    }
    let rows = read_rows(ws, &model.features, items)?;
    let booster = model.booster()?;
    let probabilities = predict(&booster, &rows, model.features.len());
    let k = model.features.len();
    let n = rows.len();
    if !explain || rows.is_empty() {
        return Ok((rows, probabilities, vec![Vec::new(); n]));
    }
    let contributions =
        booster.predict_contributions(&rows.matrix(k), ContributionsMethod::Shapley, true);
    let reasons = (0..n)
        .map(|i| {
            let c = &contributions[i * (k + 1)..i * (k + 1) + k];
            let mut top: Vec<usize> = (0..k).collect();
            top.sort_by(|a, b| c[*b].abs().total_cmp(&c[*a].abs()));
            top.into_iter()
                .take(3)
                .filter(|j| c[*j] != 0.0)
                .map(|j| (model.features[j].clone(), rows.columns[j * n + i], c[j]))
                .collect()
        })
        .collect();
    Ok((rows, probabilities, reasons))
}

/// A reason as an analyst reads it: the probability and what pushed it, in log-odds.
pub fn reason_text(p: f64, top: &[(String, f64, f64)]) -> String {
    let parts: Vec<String> = top
        .iter()
        .map(|(f, v, c)| {
            let value = if v.is_nan() {
                "missing".to_string()
            } else {
                format!("{v:.3}")
            };
            format!("{f}={value} ({c:+.2})")
        })
        .collect();
    format!("model p={p:.2}; {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_ranks_ties_and_missing_classes() {
        assert_eq!(auc(&[0.1, 0.4, 0.35, 0.8], &[0.0, 0.0, 1.0, 1.0]), 0.75);
        assert_eq!(auc(&[0.5, 0.5], &[0.0, 1.0]), 0.5);
        assert_eq!(auc(&[0.2, 0.9], &[1.0, 1.0]), 0.5);
    }

    #[test]
    fn auto_sampling_uses_goss_only_on_large_training_sets() {
        assert_eq!(Sampling::Auto.resolve(GOSS_FROM_ROWS - 1), Sampling::All);
        assert_eq!(Sampling::Auto.resolve(GOSS_FROM_ROWS), Sampling::Goss);
        assert_eq!(Sampling::All.resolve(10_000_000), Sampling::All);
        assert_eq!(Sampling::Goss.resolve(100), Sampling::Goss);
    }

    #[test]
    fn model_files_without_a_sampling_setting_grew_on_every_row() {
        let mut params = serde_json::to_value(Params::default()).unwrap();
        params.as_object_mut().unwrap().remove("sampling");
        let read: Params = serde_json::from_value(params).unwrap();
        assert_eq!(read.sampling, Sampling::All);
    }

    #[test]
    fn a_test_from_that_is_not_a_date_is_refused_with_the_field_and_the_value() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        std::fs::write(
            &path,
            r#"{"format": "clearway-risk-model", "version": 1,
                "training": {"label": "illicit", "test_from": "2024-01-01' OR 1=1 --"}}"#,
        )
        .unwrap();
        let e = ModelFile::read(&path).unwrap_err();
        let message = e.to_string();
        assert!(
            message.contains("training.test_from `2024-01-01' OR 1=1 --` is not a date"),
            "{message}"
        );
        let help = miette::Diagnostic::help(&e).unwrap().to_string();
        assert!(help.contains("retrain"), "{help}");
    }

    #[test]
    fn items_select_by_their_bound_date() {
        let ws = Workspace::in_memory().unwrap();
        ws.conn
            .execute_batch(&format!(
                "CREATE TEMP TABLE {} AS
                 SELECT DATE '2025-01-01' + CAST(i AS INTEGER) AS declared_at, i % 2 = 0 AS labelled,
                        CASE WHEN i >= 5 THEN true END AS illicit
                 FROM range(10) t(i)",
                features::TABLE
            ))
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 1, 4).unwrap();
        let n = |items| count(&ws, items).unwrap();
        assert_eq!(n(Items::All), 10);
        assert_eq!(n(Items::DeclaredFrom(day)), 7);
        assert_eq!(n(Items::DeclaredBefore(day)), 3);
        assert_eq!(n(Items::LabelledBefore(day)), 2);
        assert_eq!(n(Items::InspectedFrom(day)), 5);
    }

    #[test]
    fn psi_is_zero_for_the_same_shares_and_grows_with_drift() {
        let then = vec![0.2; 5];
        assert!(psi(&then, &then).abs() < 1e-12);
        let now = [0.2, 0.0, 0.0, 0.8, 0.0];
        assert!(psi(&then, &now) > 0.5);
        // an empty bin is floored, not infinite
        assert!(psi(&then, &now).is_finite());
    }
}
