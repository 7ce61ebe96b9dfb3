//! Selectivity lanes (`clearway risk lanes`), after ASYCUDA's selectivity module
//! (shared/reference/declarations.md §5).
//!
//! Per customs office, declarations are ranked by the combined score of a risk run and the
//! inspection budget is filled in order: **red** (physical examination) for the top `red` %,
//! **yellow** (documentary check) for the next `yellow` %, **blue** (release, then post-clearance
//! audit) for the next `blue` %, and **green** (release) for the rest. Only declarations with a
//! score above zero take a budget place; a budget is a ceiling, not a quota. A reproducible
//! random share of the otherwise-green declarations is sent red as a control group
//! (`random` %, chosen by a hash of the declaration id and the seed): it keeps the selection
//! honest and gives evaluation labels the rules did not choose (selective-label bias).
//!
//! Every declaration of the workspace gets a lane and a reason in `risk_scores` for the run;
//! declarations no rule flagged are added with a total of 0.

use crate::error::{Error, Result};
use crate::workspace::{audit, Workspace};

/// Shares of each office's declarations, in percent.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Budget {
    pub red: f64,
    pub yellow: f64,
    pub blue: f64,
    pub random: f64,
}

impl Budget {
    /// Parses `red=3%,yellow=7%[,blue=5%]` (the `%` is optional).
    pub fn parse(text: &str, random: f64) -> Result<Budget> {
        let mut b = Budget {
            red: 0.0,
            yellow: 0.0,
            blue: 0.0,
            random,
        };
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (lane, pct) = part.split_once('=').ok_or_else(|| bad_budget(part))?;
            let pct: f64 = pct
                .trim()
                .trim_end_matches('%')
                .trim()
                .parse()
                .map_err(|_| bad_budget(part))?;
            if !(0.0..=100.0).contains(&pct) {
                return Err(bad_budget(part));
            }
            match lane.trim() {
                "red" => b.red = pct,
                "yellow" => b.yellow = pct,
                "blue" => b.blue = pct,
                _ => return Err(bad_budget(part)),
            }
        }
        if b.red + b.yellow + b.blue + b.random > 100.0 || !(0.0..=100.0).contains(&random) {
            return Err(Error::usage(
                "the lane budgets add up to more than 100 %",
                "for example --budget red=3%,yellow=7% --random 1%",
            ));
        }
        Ok(b)
    }
}

fn bad_budget(part: &str) -> Error {
    Error::usage(
        format!("`{part}` is not a lane budget"),
        "write --budget red=3%,yellow=7%[,blue=5%] with percentages between 0 and 100",
    )
}

/// Lane counts of an assignment.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LaneCount {
    pub lane: String,
    pub declarations: i64,
    pub random_control: i64,
}

/// Assigns lanes for `run` (the latest when None); returns the run id and the counts.
pub fn assign(
    ws: &Workspace,
    run: Option<i64>,
    budget: Budget,
    seed: u64,
) -> Result<(i64, Vec<LaneCount>)> {
    let conn = &ws.conn;
    let run_id = super::runner::resolve_run(conn, run)?;
    let counts = ws.in_transaction(|| -> Result<Vec<LaneCount>> {
        conn.execute(
            "INSERT INTO risk_scores (run_id, declaration_id, total, lane, top_reasons)
             SELECT DISTINCT $run, d.declaration_id, 0.0, NULL, []::VARCHAR[]
             FROM declarations d
             WHERE NOT EXISTS (SELECT 1 FROM risk_scores s WHERE s.run_id = $run AND s.declaration_id = d.declaration_id)",
            duckdb::named_params! { "run": run_id },
        )?;
        conn.execute(
            LANES_SQL,
            duckdb::named_params! {
                "run": run_id, "red": budget.red, "yellow": budget.yellow, "blue": budget.blue,
                "random": budget.random, "seed": seed.to_string()
            },
        )?;
        let mut stmt = conn.prepare(
            "SELECT lane, count(*), count(*) FILTER (WHERE lane_reason LIKE 'random control%')
             FROM risk_scores WHERE run_id = ? GROUP BY lane
             ORDER BY CASE lane WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'blue' THEN 2 ELSE 3 END",
        )?;
        let rows = stmt.query_map([run_id], |r| {
            Ok(LaneCount {
                lane: r.get(0)?,
                declarations: r.get(1)?,
                random_control: r.get(2)?,
            })
        })?;
        let counts = rows.collect::<Result<Vec<_>, _>>()?;
        audit::append(
            ws,
            "risk lanes",
            serde_json::json!({ "run_id": run_id, "budget": budget, "seed": seed, "counts": counts }),
        )?;
        Ok(counts)
    })?;
    Ok((run_id, counts))
}

/// Ranks each office's declarations and fills the budgets in order (see module docs).
const LANES_SQL: &str = "
UPDATE risk_scores s SET lane = a.lane, lane_reason = a.reason
FROM (
    WITH offices AS (
        SELECT declaration_id, any_value(office_id) AS office_id FROM declarations GROUP BY declaration_id
    ),
    ranked AS (
        SELECT s.declaration_id, s.total, s.top_reasons, coalesce(o.office_id, '(no office)') AS office,
               row_number() OVER (PARTITION BY o.office_id ORDER BY s.total DESC, hash(s.declaration_id)) AS rk,
               count(*) OVER (PARTITION BY o.office_id) AS n,
               row_number() OVER (PARTITION BY o.office_id ORDER BY hash(s.declaration_id || $seed)) AS draw
        FROM risk_scores s LEFT JOIN offices o USING (declaration_id)
        WHERE s.run_id = $run
    ),
    cut AS (
        SELECT *,
               ceil(n * $red / 100.0) AS red_end,
               ceil(n * ($red + $yellow) / 100.0) AS yellow_end,
               ceil(n * ($red + $yellow + $blue) / 100.0) AS blue_end
        FROM ranked
    ),
    selected AS (
        SELECT *,
               CASE WHEN total > 0 AND rk <= red_end THEN 'red'
                    WHEN total > 0 AND rk <= yellow_end THEN 'yellow'
                    WHEN total > 0 AND rk <= blue_end THEN 'blue' END AS risk_lane
        FROM cut
    ),
    control AS (
        SELECT *, row_number() OVER (PARTITION BY office ORDER BY draw) AS control_rank
        FROM selected WHERE risk_lane IS NULL
    )
    SELECT s.declaration_id,
           coalesce(s.risk_lane, CASE WHEN c.control_rank <= ceil(s.n * $random / 100.0) THEN 'red' ELSE 'green' END) AS lane,
           CASE WHEN s.risk_lane IS NOT NULL
                THEN printf('score %.2f, rank %d of %d at %s: %s', s.total, s.rk, s.n, s.office, coalesce(s.top_reasons[1], ''))
                WHEN c.control_rank <= ceil(s.n * $random / 100.0)
                THEN printf('random control (%.1f %% of %s, seed %s)', $random, s.office, $seed)
                WHEN s.total > 0 THEN printf('score %.2f below the inspection budget at %s', s.total, s.office)
                ELSE 'no rule fired' END AS reason
    FROM selected s LEFT JOIN control c USING (declaration_id)
) a
WHERE s.run_id = $run AND s.declaration_id = a.declaration_id
";
