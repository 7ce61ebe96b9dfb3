//! The feature matrix of the learned risk model, in SQL — the one place the features are
//! defined. `clearway model features --out FILE.parquet` exports exactly this matrix, and
//! `train`, `evaluate`, `score` and `monitor` all read it.
//!
//! One row per declaration item. Every feature is known when the item is declared:
//!
//! * **Risk profiles** (`p_<key>`): the key's smoothed offence rate from the *labelled* items
//!   (inspected, outcome known) declared on earlier days —
//!   `(offences + 10 · prior) / (labelled + 10)`, where `prior` is the overall rate before the
//!   item's day. Keys: importer, declarant, HS6, HS4, HS2, origin, office, and the pairs
//!   importer × HS6, origin × HS6, declarant × importer. Only days before the item's own count,
//!   so an item never sees its own label, a same-day one or any later one (no leakage).
//! * **Experience** (`n_importer`, `new_importer`, `first_importer_hs6`, `first_importer_origin`):
//!   how many items the importer declared on earlier days, and first times.
//! * **Values and ratios**: customs value (log), quantity, masses, taxes, unit value, value per
//!   kg, tax rate, net/gross mass; `uv_robust_z`, the log unit value's robust z against its HS6
//!   (median and MAD of all items: label-free).
//! * **Rule hits** (`rule_<id>`): each rule's best score for the item in a risk run (the latest
//!   by default), so telemetry and ledger findings enter the model when their packs ran.
//!
//! The label (`illicit`) and `revenue_recovered` travel with the matrix but are never features;
//! nor are `lane` and `inspected` (they encode the selection, not the risk). The same SQL reads
//! the BACUDA schema after loading (anonymised countries and integer tariff codes are just
//! values here: HS prefixes are taken from the code's text).

use crate::error::Result;
use crate::sql::ident;
use crate::workspace::Workspace;

/// Profile keys: name and SQL expression over `declarations`.
const PROFILE_KEYS: &[(&str, &str)] = &[
    ("importer", "importer_id"),
    ("declarant", "declarant_id"),
    ("hs6", "left(CAST(hs_code AS VARCHAR), 6)"),
    ("hs4", "left(CAST(hs_code AS VARCHAR), 4)"),
    ("hs2", "left(CAST(hs_code AS VARCHAR), 2)"),
    ("origin", "origin_country"),
    ("office", "office_id"),
    (
        "importer_hs6",
        "importer_id || '|' || left(CAST(hs_code AS VARCHAR), 6)",
    ),
    (
        "origin_hs6",
        "origin_country || '|' || left(CAST(hs_code AS VARCHAR), 6)",
    ),
    ("declarant_importer", "declarant_id || '|' || importer_id"),
];

/// Smoothing weight of the profiles (pseudo-items at the prior rate).
pub const SMOOTHING: f64 = 10.0;

/// The table the matrix is materialised in (temporary, per connection).
pub const TABLE: &str = "_cw_model_features";

/// The order of the matrix and of every read of it: by time, then item. (The table is built
/// in this order: at 10 M items, building it unordered ran out of memory — the sort is what
/// lets DuckDB spill.)
pub const ORDER: &str = "declared_at, declaration_id, item_no";

/// Columns of the matrix that are not features.
pub const NOT_FEATURES: &[&str] = &[
    "declaration_id",
    "item_no",
    "declared_at",
    "illicit",
    "labelled",
    "revenue_recovered",
];

/// The rules whose hits become features: those of `run` (the latest when None).
fn rule_ids(ws: &Workspace, run: Option<i64>) -> Result<(Option<i64>, Vec<String>)> {
    let run: Option<i64> = match run {
        Some(r) => Some(r),
        None => ws
            .conn
            .query_row("SELECT max(run_id) FROM risk_runs", [], |r| r.get(0))?,
    };
    let Some(run) = run else {
        return Ok((None, Vec::new()));
    };
    let mut stmt = ws
        .conn
        .prepare("SELECT DISTINCT rule_id FROM risk_hits WHERE run_id = ? ORDER BY rule_id")?;
    let ids = stmt
        .query_map([run], |r| r.get::<_, String>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok((Some(run), ids))
}

/// Keys whose item counts before the day are features (experience, first times), besides the
/// profile keys.
const COUNT_KEYS: &[(&str, &str)] = &[("importer_origin", "importer_id || '|' || origin_country")];

/// Prefix of the stage tables [`build`] materialises and drops (temporary, like [`TABLE`]).
const STAGE: &str = "_cw_f_";

/// The feature SQL: named stages (each reads the ones before it) and the matrix query with
/// the values its `?` are bound with (the rule ids and the run of the rule-hit features).
struct Stages {
    stages: Vec<(String, String)>,
    matrix: String,
    matrix_params: Vec<duckdb::types::Value>,
}

/// The feature SQL for the rules given (documented above).
///
/// Shape, for speed on millions of items: each key's offences, labelled items and items are
/// summed per (key, day), cumulated over earlier days, and joined back — hash joins on small
/// tables instead of one sort of every item per key. The history of an item is therefore the
/// days before its own: an inspection's outcome from the same day is not known when the item is
/// declared either.
fn stages(run: Option<i64>, rules: &[String]) -> Stages {
    let keys: Vec<(&str, &str)> = PROFILE_KEYS.iter().chain(COUNT_KEYS).copied().collect();
    let key_columns: String = keys
        .iter()
        .map(|(k, e)| format!(",\n           {e} AS k_{k}"))
        .collect();
    let cumulative = keys.iter().map(|(k, _)| {
        (
            format!("{STAGE}c_{k}"),
            format!(
                "SELECT k, day, CAST(coalesce(sum(o) OVER w, 0) AS INTEGER) AS o, CAST(coalesce(sum(l) OVER w, 0) AS INTEGER) AS l,
           CAST(coalesce(sum(c) OVER w, 0) AS INTEGER) AS c
    FROM (SELECT k_{k} AS k, day, CAST(sum(offence) AS INTEGER) AS o, CAST(sum(labelled_i) AS INTEGER) AS l,
                 CAST(count(*) AS INTEGER) AS c FROM {STAGE}items GROUP BY ALL)
    WINDOW w AS (PARTITION BY k ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
            ),
        )
    });
    let joins: String = keys
        .iter()
        .map(|(k, _)| {
            format!("\nJOIN {STAGE}c_{k} c_{k} ON c_{k}.k IS NOT DISTINCT FROM i.k_{k} AND c_{k}.day = i.day")
        })
        .collect();
    let profiles: String = PROFILE_KEYS
        .iter()
        .map(|(k, _)| {
            format!(
                ",\n           (c_{k}.o + {SMOOTHING} * pa.prior) / (c_{k}.l + {SMOOTHING}) AS p_{k}"
            )
        })
        .collect();
    let rule_columns: Vec<String> = rules
        .iter()
        .map(|r| {
            format!(
                "coalesce(max(score) FILTER (WHERE rule_id = ?), 0) AS {}",
                ident(&format!("rule_{r}"))
            )
        })
        .collect();
    let (hits, matrix_params) = match (run, rule_columns.is_empty()) {
        (Some(run), false) => (
            format!(
                "SELECT declaration_id, item_no, {} FROM risk_hits WHERE run_id = ? GROUP BY declaration_id, item_no",
                rule_columns.join(", ")
            ),
            rules
                .iter()
                .map(|r| duckdb::types::Value::Text(r.clone()))
                .chain([duckdb::types::Value::BigInt(run)])
                .collect(),
        ),
        _ => (
            "SELECT NULL::VARCHAR AS declaration_id, NULL::INTEGER AS item_no WHERE false".into(),
            Vec::new(),
        ),
    };
    let rule_select: String = rules
        .iter()
        .map(|r| {
            let c = ident(&format!("rule_{r}"));
            format!(", coalesce(h.{c}, 0) AS {c}")
        })
        .collect();
    let mut stages = vec![
        (
            format!("{STAGE}items"),
            format!(
                "SELECT *,
           CAST(declared_at AS DATE) AS day,
           CAST(illicit IS NOT NULL AND coalesce(inspected, true) AS INTEGER) AS labelled_i,
           CAST(illicit IS NOT NULL AND coalesce(inspected, true) AND illicit AS INTEGER) AS offence,
           CASE WHEN quantity > 0 THEN customs_value / quantity END AS unit_value{key_columns}
    FROM declarations"
            ),
        ),
        (
            format!("{STAGE}prior_all"),
            format!(
                "SELECT day, (coalesce(sum(o) OVER w, 0) + 1) / (coalesce(sum(l) OVER w, 0) + 20) AS prior
    FROM (SELECT day, sum(offence) AS o, sum(labelled_i) AS l FROM {STAGE}items GROUP BY day)
    WINDOW w AS (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
            ),
        ),
        (
            format!("{STAGE}hs6_uv"),
            format!(
                "SELECT left(CAST(hs_code AS VARCHAR), 6) AS hs6, median(ln(unit_value)) AS med
    FROM {STAGE}items WHERE unit_value > 0 GROUP BY ALL"
            ),
        ),
        (
            format!("{STAGE}hs6_mad"),
            format!(
                "SELECT left(CAST(i.hs_code AS VARCHAR), 6) AS hs6, any_value(u.med) AS med,
           median(abs(ln(i.unit_value) - u.med)) AS mad
    FROM {STAGE}items i JOIN {STAGE}hs6_uv u ON u.hs6 = left(CAST(i.hs_code AS VARCHAR), 6)
    WHERE i.unit_value > 0 GROUP BY ALL"
            ),
        ),
    ];
    stages.extend(cumulative);
    let matrix = format!(
        "SELECT i.declaration_id, i.item_no, i.declared_at, i.illicit, i.labelled_i = 1 AS labelled,
           coalesce(i.revenue_recovered, 0) AS revenue_recovered{profiles},
           c_importer.c AS n_importer, c_importer_hs6.c AS n_importer_hs6, c_importer_origin.c AS n_importer_origin,
           ln(1 + greatest(coalesce(i.customs_value, 0), 0)) AS log_customs_value,
           CAST(i.quantity AS DOUBLE) AS quantity, CAST(i.gross_mass_kg AS DOUBLE) AS gross_mass_kg,
           CAST(i.net_mass_kg AS DOUBLE) AS net_mass_kg, CAST(i.total_taxes AS DOUBLE) AS total_taxes,
           ln(i.unit_value) AS log_unit_value,
           CASE WHEN i.net_mass_kg > 0 THEN ln(1 + i.customs_value / i.net_mass_kg) END AS log_value_per_kg,
           CASE WHEN i.customs_value > 0 THEN i.total_taxes / i.customs_value END AS tax_rate,
           CASE WHEN i.gross_mass_kg > 0 THEN i.net_mass_kg / i.gross_mass_kg END AS mass_ratio,
           CAST(c_importer.c = 0 AS INTEGER) AS new_importer,
           CAST(c_importer_hs6.c = 0 AS INTEGER) AS first_importer_hs6,
           CAST(c_importer_origin.c = 0 AS INTEGER) AS first_importer_origin,
           CASE WHEN i.unit_value > 0 AND m.mad > 0 THEN (ln(i.unit_value) - m.med) / (1.4826 * m.mad) END AS uv_robust_z{rule_select}
FROM {STAGE}items i
JOIN {STAGE}prior_all pa ON pa.day = i.day{joins}
LEFT JOIN {STAGE}hs6_mad m ON m.hs6 = left(CAST(i.hs_code AS VARCHAR), 6)
LEFT JOIN ({hits}) h ON h.declaration_id = i.declaration_id AND h.item_no = i.item_no
ORDER BY {ORDER}"
    );
    Stages {
        stages,
        matrix,
        matrix_params,
    }
}

/// Each stage in a temporary table of its own, then the matrix. One statement per stage
/// because at 10 M items the single query (stages as CTEs) had all of them in memory at once
/// and spilled: 85–94 s under the 3 GB limit against 60 s staged.
fn materialise(ws: &Workspace, stages: &Stages) -> Result<()> {
    for (name, body) in &stages.stages {
        ws.conn
            .execute_batch(&format!("CREATE OR REPLACE TEMP TABLE {name} AS {body}"))?;
    }
    ws.conn.execute(
        &format!("CREATE OR REPLACE TEMP TABLE {TABLE} AS {}", stages.matrix),
        duckdb::params_from_iter(&stages.matrix_params),
    )?;
    Ok(())
}

/// Materialises the matrix in [`TABLE`]; returns the run whose rule hits it carries and the
/// feature names (in column order).
pub fn build(ws: &Workspace, run: Option<i64>) -> Result<(Option<i64>, Vec<String>)> {
    let (run, rules) = rule_ids(ws, run)?;
    let stages = stages(run, &rules);
    let built = materialise(ws, &stages);
    // dropped whatever happened: a long-lived connection (the TUI) must not keep them
    for (name, _) in &stages.stages {
        ws.conn
            .execute_batch(&format!("DROP TABLE IF EXISTS temp.{name}"))?;
    }
    built?;
    let mut stmt = ws.conn.prepare(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
    )?;
    let names = stmt
        .query_map([TABLE], |r| r.get::<_, String>(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|c| !NOT_FEATURES.contains(&c.as_str()))
        .collect();
    Ok((run, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_tables_are_dropped_after_the_build() {
        let ws = Workspace::in_memory().unwrap();
        let (_, names) = build(&ws, None).unwrap();
        assert!(names.contains(&"p_importer_hs6".to_string()), "{names:?}");
        let left: i64 = ws
            .conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '{STAGE}%'"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }
}
