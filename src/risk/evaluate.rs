//! `clearway risk evaluate`: how good are the rules, when labels exist?
//!
//! Items are ranked by a model's score and the top n % "inspected", for n in 1, 2, 5 and 10
//! (DATE paper §5.1.2, shared/reference/declarations.md §6): precision (illicit share among the
//! inspected), recall (share of all illicit items found) and revenue (share of the recoverable
//! revenue found). Models: the combined score of a risk run, each rule on its own, and two
//! baselines from the DATE paper — "price" (most valuable first) and "importer" (the importer's
//! smoothed illicit rate in the earlier period, `illicit / (items + 10)`).
//!
//! Time split: only items declared on or after `test_from` are scored; the earlier period is
//! what the importer baseline learns from, so nothing of the test period's labels leaks into
//! it. The default split puts the last quarter of the workspace's dates in the test period.
//! Ties (e.g. the many items a rule does not flag) are broken by a hash of the item, so the
//! numbers are reproducible and do not favour file order.

use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// One model at one inspection rate.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Metric {
    pub model: String,
    pub inspected_pct: i64,
    pub inspected_items: i64,
    pub precision: f64,
    pub recall: f64,
    pub revenue: f64,
}

/// The evaluation of a run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Evaluation {
    pub run_id: i64,
    pub test_from: String,
    pub test_items: i64,
    pub illicit_rate: f64,
    pub metrics: Vec<Metric>,
}

/// Evaluates `run` (the latest when None) on items declared from `test_from` (default: the last
/// quarter of the dates).
pub fn evaluate(ws: &Workspace, run: Option<i64>, test_from: Option<&str>) -> Result<Evaluation> {
    evaluate_with(ws, run, test_from, None)
}

/// Scores from outside the run ranked beside it: the model's label and a table of
/// `declaration_id, item_no, score` (the learned model's, `clearway model evaluate`).
pub struct Extra<'a> {
    pub label: &'a str,
    pub table: &'a str,
}

/// [`evaluate`], with `extra` scores ranked beside the run's.
pub fn evaluate_with(
    ws: &Workspace,
    run: Option<i64>,
    test_from: Option<&str>,
    extra: Option<&Extra>,
) -> Result<Evaluation> {
    let conn = &ws.conn;
    let run_id = super::runner::resolve_run(conn, run)?;
    let test_from: String = match test_from {
        Some(d) => {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                Error::usage(format!("--test-from `{d}` is not a date"), "write it as YYYY-MM-DD")
            })?;
            d.to_string()
        }
        None => conn
            .query_row(
                "SELECT strftime(CAST(quantile_disc(declared_at, 0.75) AS DATE), '%Y-%m-%d') FROM declarations",
                [],
                |r| r.get::<_, Option<String>>(0),
            )?
            .ok_or_else(|| Error::usage("the workspace holds no declarations", "load declarations first"))?,
    };
    let (test_items, illicit_rate): (i64, Option<f64>) = conn.query_row(
        "SELECT count(*), avg(CASE WHEN illicit THEN 1.0 ELSE 0.0 END) FROM declarations
         WHERE declared_at >= CAST(? AS DATE) AND illicit IS NOT NULL",
        [&test_from],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if test_items == 0 {
        return Err(Error::usage(
            format!("no labelled items (illicit known) declared on or after {test_from}"),
            "evaluation needs the `illicit` label; choose another --test-from or load labelled data",
        ));
    }
    let extra_scores = extra
        .map(|e| {
            format!(
                "UNION ALL
    SELECT {}, t.*, coalesce(x.score, 0) FROM test t
    LEFT JOIN {} x ON x.declaration_id = t.declaration_id AND x.item_no = t.item_no",
                crate::ingest::literal(&format!("model {}", e.label)),
                crate::ingest::ident(e.table)
            )
        })
        .unwrap_or_default();
    let sql = EVALUATION_SQL.replace("{extra}", &extra_scores).replace(
        "{order}",
        "CASE WHEN model LIKE 'model %' THEN -1 WHEN model = 'combined score' THEN 0",
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        duckdb::named_params! { "run": run_id, "from": test_from.as_str() },
        |r| {
            Ok(Metric {
                model: r.get(0)?,
                inspected_pct: r.get(1)?,
                inspected_items: r.get(2)?,
                precision: r.get(3)?,
                recall: r.get(4)?,
                revenue: r.get(5)?,
            })
        },
    )?;
    let metrics = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(Evaluation {
        run_id,
        test_from,
        test_items,
        illicit_rate: illicit_rate.unwrap_or(0.0),
        metrics,
    })
}

const EVALUATION_SQL: &str = "
WITH test AS (
    SELECT declaration_id, item_no, illicit, coalesce(revenue_recovered, 0) AS revenue, customs_value, importer_id
    FROM declarations
    WHERE declared_at >= CAST($from AS DATE) AND illicit IS NOT NULL
),
history AS (
    SELECT importer_id, sum(CASE WHEN illicit THEN 1 ELSE 0 END) / (count(*) + 10.0) AS rate
    FROM declarations WHERE declared_at < CAST($from AS DATE) AND illicit IS NOT NULL
    GROUP BY importer_id
),
rule_scores AS (
    SELECT rule_id, declaration_id, item_no, max(score) AS score
    FROM risk_hits WHERE run_id = $run GROUP BY ALL
),
models AS (SELECT DISTINCT rule_id AS model FROM risk_hits WHERE run_id = $run),
scored AS (
    SELECT 'combined score' AS model, t.*, coalesce(s.total, 0) AS score
    FROM test t LEFT JOIN risk_scores s ON s.run_id = $run AND s.declaration_id = t.declaration_id
    UNION ALL
    SELECT 'rule ' || m.model, t.*, coalesce(r.score, 0)
    FROM test t CROSS JOIN models m
    LEFT JOIN rule_scores r ON r.rule_id = m.model AND r.declaration_id = t.declaration_id AND r.item_no = t.item_no
    UNION ALL
    SELECT 'baseline: price', t.*, coalesce(t.customs_value, 0) FROM test t
    UNION ALL
    SELECT 'baseline: importer', t.*, coalesce(h.rate, 0) FROM test t LEFT JOIN history h USING (importer_id)
    {extra}
),
ranked AS (
    SELECT model, illicit, revenue,
           row_number() OVER (PARTITION BY model ORDER BY score DESC, hash(declaration_id, item_no)) AS rk,
           count(*) OVER (PARTITION BY model) AS n,
           sum(CASE WHEN illicit THEN 1 ELSE 0 END) OVER (PARTITION BY model) AS all_illicit,
           sum(revenue) OVER (PARTITION BY model) AS all_revenue
    FROM scored
),
rates(pct) AS (VALUES (1), (2), (5), (10))
SELECT model, pct, CAST(ceil(any_value(n) * pct / 100.0) AS BIGINT) AS k,
       sum(CASE WHEN illicit THEN 1 ELSE 0 END) FILTER (WHERE rk <= ceil(n * pct / 100.0)) / ceil(any_value(n) * pct / 100.0) AS precision,
       coalesce(sum(CASE WHEN illicit THEN 1 ELSE 0 END) FILTER (WHERE rk <= ceil(n * pct / 100.0)) / nullif(any_value(all_illicit), 0), 0) AS recall,
       coalesce(sum(revenue) FILTER (WHERE rk <= ceil(n * pct / 100.0)) / nullif(any_value(all_revenue), 0), 0) AS revenue
FROM ranked CROSS JOIN rates
GROUP BY model, pct
ORDER BY {order} WHEN model LIKE 'rule %' THEN 1 ELSE 2 END, model, pct
";

/// The area under the ROC curve of each model over the test items (ties share their average
/// rank), for `clearway model evaluate`: model name → AUC.
pub fn aucs(
    ws: &Workspace,
    run: i64,
    test_from: &str,
    extra: &Extra,
) -> Result<Vec<(String, f64)>> {
    let sql = format!(
        "WITH test AS (
            SELECT declaration_id, item_no, illicit FROM declarations
            WHERE declared_at >= CAST($from AS DATE) AND illicit IS NOT NULL),
        scored AS (
            SELECT {label} AS model, t.illicit, coalesce(x.score, 0) AS score FROM test t
            LEFT JOIN {table} x ON x.declaration_id = t.declaration_id AND x.item_no = t.item_no
            UNION ALL
            SELECT 'combined score', t.illicit, coalesce(s.total, 0) FROM test t
            LEFT JOIN risk_scores s ON s.run_id = $run AND s.declaration_id = t.declaration_id),
        ranked AS (
            SELECT model, illicit,
                   rank() OVER (PARTITION BY model ORDER BY score)
                     + (count(*) OVER (PARTITION BY model, score) - 1) / 2.0 AS r
            FROM scored)
        SELECT model,
               (sum(r) FILTER (WHERE illicit) - count(*) FILTER (WHERE illicit) * (count(*) FILTER (WHERE illicit) + 1) / 2.0)
               / nullif(count(*) FILTER (WHERE illicit) * count(*) FILTER (WHERE NOT illicit), 0) AS auc
        FROM ranked GROUP BY model ORDER BY model DESC",
        label = crate::ingest::literal(&format!("model {}", extra.label)),
        table = crate::ingest::ident(extra.table)
    );
    let mut stmt = ws.conn.prepare(&sql)?;
    let rows = stmt.query_map(
        duckdb::named_params! { "run": run, "from": test_from },
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<f64>>(1)?.unwrap_or(0.5),
            ))
        },
    )?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
