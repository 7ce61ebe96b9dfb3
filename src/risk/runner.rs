//! Running a pack: every rule's hits into `risk_hits`, one combined score per declaration into
//! `risk_scores`, and the run itself into `risk_runs` — one transaction.
//!
//! The combined score is meant to be read by a person: each rule contributes
//! `min(weight × best item score, severity cap)` (caps: low 1, medium 2, high 4), and the total
//! is the sum of the contributions. A declaration's top reasons are the reasons of its three
//! largest contributions. `risk explain` can therefore show exactly why a declaration scores
//! what it does.
//!
//! A rule whose input tables are empty is reported "not applicable" rather than "0 hits": an
//! analyst must be able to tell "nothing suspicious" from "nothing to look at".

use super::rule::{ParamValue, Rule, Severity, REQUIRED_OUTPUT};
use super::Overrides;
use crate::error::{first_line, Error, Result};
use crate::sql::{ident, literal};
use crate::workspace::{audit, Workspace};
use std::collections::BTreeMap;
use std::time::Instant;

/// What one rule did in a run (also read back from a Spark run's record, `risk import`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOutcome {
    pub rule_id: String,
    pub version: i64,
    pub severity: String,
    pub weight: f64,
    /// `ran` or `not applicable`.
    pub status: String,
    pub hits: i64,
    pub declarations: i64,
    /// Not measured per rule on Spark (its rules run as one plan): 0 there.
    #[serde(default)]
    pub seconds: f64,
    pub parameters: BTreeMap<String, ParamValue>,
}

/// What a run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunReport {
    pub run_id: i64,
    pub pack: String,
    pub rules: Vec<RuleOutcome>,
    pub scored_declarations: i64,
    pub seconds: f64,
}

/// Builds the named-parameter map a rule's statement is bound with.
fn bindings(
    values: &BTreeMap<String, ParamValue>,
) -> std::collections::HashMap<String, duckdb::types::Value> {
    values
        .iter()
        .map(|(k, v)| (k.clone(), v.to_duckdb()))
        .collect()
}

/// True when every table the rule needs has rows.
fn applicable(conn: &duckdb::Connection, rule: &Rule) -> Result<bool> {
    for t in &rule.tables {
        let exists: bool = conn
            .query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {})", ident(t)),
                [],
                |r| r.get(0),
            )
            .map_err(|e| rule_sql_error(rule, e))?;
        if !exists {
            return Ok(false);
        }
    }
    Ok(true)
}

fn rule_sql_error(rule: &Rule, e: duckdb::Error) -> Error {
    Error::usage(
        format!(
            "rule {} ({}): {}",
            rule.id,
            rule.origin,
            first_line(&e.to_string())
        ),
        "run `clearway risk lint` to check the pack against the workspace schema",
    )
}

/// A rule's SQL is one query, checked by DuckDB's parser before it is wrapped in the
/// `INSERT INTO risk_hits … FROM (…)` that runs it: a rule pack is a file that may come from
/// anyone, and text that closes the parenthesis would start statements of its own (a
/// `DELETE FROM audit_log` inside the risk run's transaction). The newline after the rule's
/// text in the wrapper ends a `--` comment it may end with. And it reads only the workspace's
/// tables ([`crate::sql::outside_reads`]): a rule that read `~/.config/clearway/audit.key`
/// into `risk_hits` would hand the key to whoever can read the workspace.
fn require_one_query(conn: &duckdb::Connection, rule: &Rule) -> Result<()> {
    crate::sql::statements::require_query(conn, &rule.sql).map_err(|refusal| {
        Error::usage(
            format!("rule {} ({}): {refusal}: a rule is one query", rule.id, rule.origin),
            "a rule's SQL is one SELECT (WITH … SELECT) that returns declaration_id, item_no, score, reason, evidence",
        )
    })?;
    let outside = crate::sql::outside_reads(conn, &rule.sql);
    if outside.is_empty() {
        return Ok(());
    }
    Err(Error::usage(
        format!(
            "rule {} ({}) reads outside the workspace: {}",
            rule.id,
            rule.origin,
            outside.join(", ")
        ),
        "a rule reads the workspace's tables only; load a file first (`clearway load …`) and read its table",
    ))
}

/// Runs `rules` against the workspace; `on_rule` is told when each rule starts and ends.
pub fn run(
    ws: &Workspace,
    pack: &str,
    rules: &[Rule],
    overrides: &Overrides,
    mut on_rule: impl FnMut(&Rule, Option<&RuleOutcome>),
) -> Result<RunReport> {
    let started = Instant::now();
    let conn = &ws.conn;
    ws.in_transaction(|| {
        let run_id: i64 = conn.query_row(
            "SELECT coalesce(max(run_id), 0) + 1 FROM risk_runs",
            [],
            |r| r.get(0),
        )?;
        let mut outcomes = Vec::new();
        for rule in rules {
            on_rule(rule, None);
            let outcome = run_rule(conn, run_id, rule, &overrides.resolve(rule)?)?;
            on_rule(rule, Some(&outcome));
            outcomes.push(outcome);
        }
        let scored = combine(conn, run_id, rules)?;
        let report = RunReport {
            run_id,
            pack: pack.to_string(),
            rules: outcomes,
            scored_declarations: scored,
            seconds: started.elapsed().as_secs_f64(),
        };
        record_run(ws, &report)?;
        Ok(report)
    })
}

fn run_rule(
    conn: &duckdb::Connection,
    run_id: i64,
    rule: &Rule,
    values: &BTreeMap<String, ParamValue>,
) -> Result<RuleOutcome> {
    let started = Instant::now();
    let mut outcome = RuleOutcome {
        rule_id: rule.id.clone(),
        version: rule.version,
        severity: rule.severity.name().to_string(),
        weight: rule.weight,
        status: "not applicable".into(),
        hits: 0,
        declarations: 0,
        seconds: 0.0,
        parameters: values.clone(),
    };
    if applicable(conn, rule)? {
        require_one_query(conn, rule)?;
        let insert = format!(
            "INSERT INTO risk_hits
             SELECT {run_id}, {id}, CAST(declaration_id AS VARCHAR), CAST(item_no AS INTEGER), CAST(score AS DOUBLE),
                    CAST(reason AS VARCHAR), CAST(evidence AS JSON)
             FROM ({sql}\n) q",
            id = literal(&rule.id),
            sql = rule.sql,
        );
        let mut stmt = conn.prepare(&insert).map_err(|e| rule_sql_error(rule, e))?;
        outcome.hits = stmt
            .execute(&bindings(values))
            .map_err(|e| rule_sql_error(rule, e))? as i64;
        outcome.declarations = conn.query_row(
            "SELECT count(DISTINCT declaration_id) FROM risk_hits WHERE run_id = ? AND rule_id = ?",
            duckdb::params![run_id, rule.id],
            |r| r.get(0),
        )?;
        outcome.status = "ran".into();
    }
    outcome.seconds = started.elapsed().as_secs_f64();
    Ok(outcome)
}

/// Writes `risk_scores` for the run (see module docs for the formula).
fn combine(conn: &duckdb::Connection, run_id: i64, rules: &[Rule]) -> Result<i64> {
    let Some(select) = combine_sql(rules) else {
        return Ok(0);
    };
    let n = conn.execute(
        &format!(
            "INSERT INTO risk_scores (run_id, declaration_id, total, lane, top_reasons)\n{select}"
        ),
        duckdb::named_params! { "run": run_id },
    )?;
    Ok(n as i64)
}

/// The combined-score query over `risk_hits` of run `$run` (None without rules): each rule's
/// contribution per declaration, their sum and the three largest contributions' reasons. It is
/// portable SQL: the Spark job compiles this same text (`risk compile --engine spark`). The
/// weights and caps are the rules' own header values, not user input.
pub fn combine_sql(rules: &[Rule]) -> Option<String> {
    let meta: Vec<String> = rules
        .iter()
        .map(|r| format!("({}, {:?}, {:?})", literal(&r.id), r.weight, r.cap()))
        .collect();
    if meta.is_empty() {
        return None;
    }
    Some(format!(
        "WITH meta(rule_id, weight, cap) AS (VALUES {}),
         per_rule AS (
            SELECT h.declaration_id, h.rule_id,
                   least(max(h.score) * max(m.weight), max(m.cap)) AS contribution,
                   -- the best-scored item's reason; among equal scores the first item's, so
                   -- that every run (and Spark, issue 21) picks the same one
                   arg_min(h.reason, (-h.score, h.item_no, h.reason)) AS reason
            FROM risk_hits h JOIN meta m ON m.rule_id = h.rule_id
            WHERE h.run_id = $run
            GROUP BY h.declaration_id, h.rule_id)
         SELECT $run AS run_id, declaration_id, sum(contribution) AS total, NULL AS lane,
                list(rule_id || ': ' || reason ORDER BY -contribution, rule_id)[1:3] AS top_reasons
         FROM per_rule GROUP BY declaration_id",
        meta.join(", ")
    ))
}

fn record_run(ws: &Workspace, report: &RunReport) -> Result<()> {
    let rules = serde_json::to_string(&report.rules).expect("outcomes serialise");
    let params: BTreeMap<&str, &BTreeMap<String, ParamValue>> = report
        .rules
        .iter()
        .map(|r| (r.rule_id.as_str(), &r.parameters))
        .collect();
    let params = serde_json::to_string(&params).expect("parameters serialise");
    ws.conn.execute(
        "INSERT INTO risk_runs (run_id, started_at, finished_at, pack, rules, parameters, clearway_version, engine)
         VALUES (?, now()::TIMESTAMP - to_microseconds(CAST(? * 1e6 AS BIGINT)), now()::TIMESTAMP, ?, ?, ?, ?, 'duckdb')",
        duckdb::params![report.run_id, report.seconds, report.pack, rules, params, crate::VERSION],
    )?;
    audit::append(
        ws,
        "risk run",
        serde_json::json!({ "run_id": report.run_id, "pack": report.pack,
                            "rules": report.rules.iter().map(|r| serde_json::json!({"id": r.rule_id, "version": r.version, "status": r.status, "hits": r.hits})).collect::<Vec<_>>(),
                            "scored_declarations": report.scored_declarations }),
    )
}

/// Lints one rule into `problems`.
fn check_rule(ws: &Workspace, rule: &Rule, problems: &mut Vec<String>) {
    let declared: BTreeMap<String, ParamValue> = rule
        .params
        .iter()
        .map(|p| (p.name.clone(), p.default.clone()))
        .collect();
    // The statement (and any result it streams) must be gone before the connection is used
    // again, so the checks that need it live in this block.
    if let Err(e) = require_one_query(&ws.conn, rule) {
        problems.push(e.to_string());
        return;
    }
    {
        let mut stmt = match ws.conn.prepare(&rule.sql) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!(
                    "the SQL does not prepare: {}",
                    first_line(&e.to_string())
                ));
                return;
            }
        };
        let placeholders: Vec<String> = (1..=stmt.parameter_count())
            .filter_map(|i| stmt.parameter_name(i).ok())
            .collect();
        for name in placeholders.iter().filter(|n| !declared.contains_key(*n)) {
            problems.push(format!(
                "the SQL uses ${name}, which the header does not declare"
            ));
        }
        for name in declared.keys().filter(|n| !placeholders.contains(n)) {
            problems.push(format!(
                "parameter {name} is declared but the SQL never uses it"
            ));
        }
        if placeholders.iter().all(|n| declared.contains_key(n)) {
            let used: BTreeMap<String, ParamValue> = declared
                .iter()
                .filter(|(k, _)| placeholders.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            match stmt.stream_arrow(&bindings(&used)) {
                Ok(stream) => {
                    let schema = stream.get_schema();
                    for col in REQUIRED_OUTPUT
                        .iter()
                        .filter(|c| schema.field_with_name(c).is_err())
                    {
                        problems.push(format!("the query does not return the column `{col}`"));
                    }
                }
                Err(e) => problems.push(format!(
                    "the SQL fails on an empty workspace: {}",
                    first_line(&e.to_string())
                )),
            }
        }
    }
    for t in crate::sql::tables_read(&ws.conn, &rule.sql)
        .iter()
        .filter(|t| !rule.tables.contains(t))
    {
        problems.push(format!(
            "the SQL reads `{t}` but the header's tables do not list it"
        ));
    }
}

/// One problem `lint` found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LintProblem {
    pub rule: String,
    pub problem: String,
}

/// Checks every rule against an empty workspace of the current schema: the SQL binds with its
/// default parameters, returns the required columns, and reads only the tables it declares;
/// with `portable`, also every construct that would not run identically on Spark
/// ([`super::portable`]), with its line and column in the rule file.
pub fn lint(rules: &[Rule], portable: bool) -> Result<Vec<LintProblem>> {
    let ws = Workspace::in_memory()?;
    let mut problems = Vec::new();
    for rule in rules {
        let mut found = Vec::new();
        check_rule(&ws, rule, &mut found);
        let broken = !found.is_empty();
        problems.extend(found.into_iter().map(|p| LintProblem {
            rule: format!("{} ({})", rule.id, rule.origin),
            problem: p,
        }));
        if portable {
            // a rule that does not parse is reported once, by the check above, and the other
            // rules are still checked
            let findings = match super::portable::check(&ws.conn, rule) {
                Ok(findings) => findings,
                Err(_) if broken => continue,
                Err(e) => {
                    problems.push(LintProblem {
                        rule: format!("{} ({})", rule.id, rule.origin),
                        problem: e.to_string(),
                    });
                    continue;
                }
            };
            for f in findings {
                problems.push(LintProblem {
                    rule: format!("{} ({}:{}:{})", rule.id, rule.origin, f.line, f.column),
                    problem: format!("not portable [{}]: {}; {}", f.check, f.message, f.fix),
                });
            }
        }
    }
    Ok(problems)
}

/// The id of risk run `run`, or of the latest run when None; an error that says what to do
/// when there is none.
pub fn resolve_run(conn: &duckdb::Connection, run: Option<i64>) -> Result<i64> {
    let run_id: Option<i64> = conn.query_row(
        "SELECT max(run_id) FROM risk_runs WHERE run_id = coalesce(?, run_id)",
        [run],
        |r| r.get(0),
    )?;
    run_id.ok_or_else(|| {
        Error::usage(
            run.map(|r| format!("there is no risk run {r}"))
                .unwrap_or_else(|| "no risk run yet".into()),
            "run the rules first: `clearway risk run`",
        )
    })
}

/// Run `run` when given (refused when there is no such run), else the latest run, or None when
/// there is none yet: for views that draw without a run rather than refuse (scenes, packs).
/// Every other failure is an error, never "no run".
pub fn run_or_latest(conn: &duckdb::Connection, run: Option<i64>) -> Result<Option<i64>> {
    match run {
        Some(r) => resolve_run(conn, Some(r)).map(Some),
        None => Ok(conn.query_row("SELECT max(run_id) FROM risk_runs", [], |r| r.get(0))?),
    }
}

/// Stored run `run_id` as a report (its rules' outcomes, as recorded), with the rules of the
/// pack it ran: what `check --run` judges. A run whose pack no longer has one of its rules is
/// refused (its severity would be a guess).
pub fn stored_run(conn: &duckdb::Connection, run_id: i64) -> Result<(RunReport, Vec<Rule>)> {
    let run_id = resolve_run(conn, Some(run_id))?;
    let (pack, rules_json, seconds): (String, String, f64) = conn.query_row(
        "SELECT pack, CAST(rules AS VARCHAR),
                coalesce(epoch(finished_at) - epoch(started_at), 0)
         FROM risk_runs WHERE run_id = ?",
        [run_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let outcomes: Vec<RuleOutcome> = serde_json::from_str(&rules_json).map_err(|e| {
        Error::usage(
            format!("risk run {run_id}'s record of its rules cannot be read: {e}"),
            "judge a run made by this clearway version, or run the pack again with `clearway check`",
        )
    })?;
    let mut rules = super::load_pack(&pack)?;
    if let Some(missing) = outcomes
        .iter()
        .find(|o| !rules.iter().any(|r| r.id == o.rule_id))
    {
        return Err(Error::usage(
            format!(
                "risk run {run_id} ran rule {}, which pack {pack} no longer has",
                missing.rule_id
            ),
            "judge it with the pack it ran, or run the pack again with `clearway check`",
        ));
    }
    // the rules the run ran, with the severity it recorded (a rule edited since is judged as
    // it was when it ran); `--max-hits` may name only these
    rules.retain(|r| outcomes.iter().any(|o| o.rule_id == r.id));
    for rule in &mut rules {
        let recorded = outcomes
            .iter()
            .find(|o| o.rule_id == rule.id)
            .map(|o| o.severity.as_str());
        if let Some(severity) = [Severity::Low, Severity::Medium, Severity::High]
            .into_iter()
            .find(|s| Some(s.name()) == recorded)
        {
            rule.severity = severity;
        }
    }
    let scored: i64 = conn.query_row(
        "SELECT count(*) FROM risk_scores WHERE run_id = ?",
        [run_id],
        |r| r.get(0),
    )?;
    Ok((
        RunReport {
            run_id,
            pack,
            rules: outcomes,
            scored_declarations: scored,
            seconds,
        },
        rules,
    ))
}

/// One rule hit of an explained declaration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExplainedHit {
    pub rule_id: String,
    pub item_no: i32,
    pub score: f64,
    pub weight: f64,
    pub cap: f64,
    /// `min(weight × score, cap)` of this item.
    pub contribution: f64,
    pub reason: String,
    pub evidence: serde_json::Value,
}

/// Why a declaration scores what it does in a run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Explanation {
    pub declaration_id: String,
    pub run_id: i64,
    pub total: f64,
    pub lane: Option<String>,
    pub hits: Vec<ExplainedHit>,
}

/// The audit record of an explanation read (`clearway risk explain`, the TUI's case view).
pub fn explain_record(e: &Explanation) -> crate::workspace::audit::Record {
    crate::workspace::audit::Record {
        command: "risk explain",
        detail: serde_json::json!({ "declaration_id": e.declaration_id, "run_id": e.run_id }),
    }
}

/// Gathers every hit of `declaration_id` in `run` (the latest run when None).
pub fn explain(ws: &Workspace, declaration_id: &str, run: Option<i64>) -> Result<Explanation> {
    let conn = &ws.conn;
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM declarations WHERE declaration_id = ?)",
        [declaration_id],
        |r| r.get(0),
    )?;
    if !known {
        return Err(Error::usage(
            format!("declaration {declaration_id} is not in this workspace"),
            "check the id: `clearway query \"SELECT DISTINCT declaration_id FROM declarations LIMIT 10\"`",
        ));
    }
    let run_id = resolve_run(conn, run)?;
    let rules_json: String = conn.query_row(
        "SELECT CAST(rules AS VARCHAR) FROM risk_runs WHERE run_id = ?",
        [run_id],
        |r| r.get(0),
    )?;
    // Weight and severity of each rule as they were when the run was made.
    let outcomes: Vec<serde_json::Value> = serde_json::from_str(&rules_json).unwrap_or_default();
    let meta = |rule: &str| -> (f64, f64) {
        outcomes
            .iter()
            .find(|o| o["rule_id"] == rule)
            .map(|o| {
                let weight = o["weight"].as_f64().unwrap_or(1.0);
                let cap = serde_json::from_value::<super::rule::Severity>(o["severity"].clone())
                    .map(|s| s.cap())
                    .unwrap_or(1.0);
                (weight, cap)
            })
            .unwrap_or((1.0, 1.0))
    };
    let mut stmt = conn.prepare(
        "SELECT rule_id, item_no, score, reason, CAST(evidence AS VARCHAR) FROM risk_hits
         WHERE run_id = ? AND declaration_id = ? ORDER BY score DESC, rule_id, item_no",
    )?;
    let rows = stmt.query_map(duckdb::params![run_id, declaration_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i32>(1)?,
            r.get::<_, f64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (rule_id, item_no, score, reason, evidence) = row?;
        let (weight, cap) = meta(&rule_id);
        hits.push(ExplainedHit {
            contribution: (weight * score).min(cap),
            evidence: evidence
                .and_then(|e| serde_json::from_str(&e).ok())
                .unwrap_or(serde_json::Value::Null),
            rule_id,
            item_no,
            score,
            weight,
            cap,
            reason,
        });
    }
    let (total, lane): (f64, Option<String>) = conn
        .query_row(
            "SELECT total, lane FROM risk_scores WHERE run_id = ? AND declaration_id = ?",
            duckdb::params![run_id, declaration_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_else(|e| match e {
            duckdb::Error::QueryReturnedNoRows => Ok((0.0, None)),
            e => Err(e),
        })?;
    Ok(Explanation {
        declaration_id: declaration_id.to_string(),
        run_id,
        total,
        lane,
        hits,
    })
}
