//! `risk lint --portable`: the constructs of a rule that would not run identically on Apache
//! Spark (or that do not even run identically twice on DuckDB), each with the rule file's line
//! and column and the portable way to write it.
//!
//! How: the rule's SQL is parsed by DuckDB's own parser (`json_serialize_sql`, the JSON form of
//! the parse tree with each node's byte offset), and the tree is walked. One parser, the one the
//! rules are written and tested against, so nothing is misread; no Python. The same tree is
//! what the Spark compiler prints from (issue 21, point 3), and [`SPARK_FUNCTIONS`] is the list
//! of functions that compiler translates.
//!
//! The checks ([`CHECKS`]; docs/spark.md explains each with an example):
//! - `rowid`: a physical row number; Spark has none, and DuckDB's changes with every rewrite.
//! - `any_value`: an arbitrary row's value; `first`/`last` as aggregates are the same.
//! - `unordered-list`: `list`/`array_agg`/`string_agg` without `ORDER BY`, and
//!   `list_distinct` (which does not keep order), unless the list only reaches functions that
//!   ignore order (`list_sort`, `list_contains`, `list_has_any`, `array_length`, …).
//! - `tie`: `arg_max`/`arg_min` whose ordering key is one value: rows that tie on it give an
//!   arbitrary pick. A tuple `(key, unique_column)` breaks the tie the same way everywhere.
//! - `unordered-window`: `row_number`, `lag`, `lead`, `first_value`, `last_value`, `nth_value`
//!   without `ORDER BY` in their window.
//! - `window-frame`: a frame bound that is not a literal.
//! - `float-equality`: `=`/`<>`/`IS [NOT] DISTINCT FROM` between two computed floating-point
//!   values (a division, `ln`, `sqrt`, `avg`, …): the last bit differs between engines.
//! - `regexp-first-only`: `regexp_replace` without the `'g'` option replaces the first match in
//!   DuckDB and every match in Spark.
//! - `ambiguous-length`: `len` (a string's characters or a list's elements: Spark has two
//!   functions); write `length(text)` or `array_length(list)`.
//! - `volatile`: `random`, `uuid`, `now`, `current_date`, `hash`, …: other values on every run
//!   or in every engine.
//! - `grouping-sets-having`: `HAVING` over `GROUPING SETS`, which Spark filters differently.
//! - `union-by-name`, `star-modifier` (`* EXCLUDE`/`* REPLACE`), `table-function`
//!   (`range()`, `read_csv()` … as tables), `sample`: no Spark SQL equivalent.
//! - `function`: a function outside [`SPARK_FUNCTIONS`].
//!
//! Not checked (docs/spark.md says so): whether a window's or `arg_max`'s ordering has ties
//! in the data, and anything that needs types (the checks are on the syntax tree, before
//! binding): the types behind a comparison, and `unnest` of a STRUCT in the select list (a
//! list's `unnest` is Spark's `explode`; a struct's is refused by Spark's analysis when the
//! compiled job runs).

use super::rule::Rule;
use crate::error::{Error, Result};
use serde_json::Value;

/// One construct that is not portable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Line and column in the rule file (1-based).
    pub line: usize,
    pub column: usize,
    /// The check's name (one of [`CHECKS`]).
    pub check: &'static str,
    /// What was found.
    pub message: String,
    /// How to write it portably.
    pub fix: &'static str,
}

/// Every check, with how to write the construct portably.
pub const CHECKS: &[(&str, &str)] = &[
    ("rowid", "use a column of the data (item_no, load_id, source_row) instead"),
    ("any_value", "use min(x) or max(x), or arg_min(x, (key, unique_column))"),
    ("unordered-list", "give the aggregate an order: list(x ORDER BY x), or sort the list: list_sort(list_distinct(x))"),
    ("tie", "break ties on a unique column: arg_max(x, (key, unique_column))"),
    ("unordered-window", "give the window an ORDER BY that is unique within its partition"),
    ("window-frame", "write the frame bound as a literal (or compute the boundary as a column and filter)"),
    ("float-equality", "compare with a tolerance: abs(a - b) < 1e-9"),
    ("regexp-first-only", "pass exactly 'g' (regexp_replace(s, p, r, 'g')): other options (i, l, …) change the pattern's meaning on Spark"),
    ("ambiguous-length", "write length(text) for text and array_length(list) for a list"),
    ("volatile", "take the value from the data or pass it as a parameter"),
    ("grouping-sets-having", "compute each grouping in its own CTE (GROUP BY … HAVING …) and join them"),
    ("union-by-name", "list the columns of both sides in the same order and use UNION [ALL]"),
    ("star-modifier", "name the columns you want"),
    ("table-function", "read a table of the workspace; for a number series use unnest(generate_series(…)) in a CTE's select list and say so in the docs"),
    ("sample", "filter on the data (e.g. a hash-free condition on a key)"),
    ("function", "use a function from the portable list (docs/spark.md), or compute it from those"),
    ("join-kind", "write the join condition out (NATURAL, ASOF and POSITIONAL joins have no Spark form)"),
    ("window-modifier", "compute it in a CTE first: DISTINCT, FILTER, IGNORE NULLS, EXCLUDE and argument ORDER BY in a window are not translated"),
];

/// The functions (and operators) the Spark compiler translates: exactly the names
/// `spark/functions.rs` and `spark.rs` (windows) print; keep the three in step. Names as DuckDB's parser
/// reports them (operators by their symbol; `INTERVAL 30 DAY` arrives as `to_days`).
pub const SPARK_FUNCTIONS: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "||",
    "->>",
    "~~",
    "!~~",
    "~~*",
    "!~~*",
    "array_extract",
    "list_extract",
    "struct_extract",
    "array_slice",
    "list_value",
    "row",
    "struct_pack",
    "trunc",
    "pow",
    "power",
    "abs",
    "ceil",
    "ceiling",
    "floor",
    "round",
    "sign",
    "sqrt",
    "exp",
    "ln",
    "log10",
    "log2",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "radians",
    "degrees",
    "least",
    "greatest",
    "isnan",
    "nullif",
    "coalesce",
    "lower",
    "upper",
    "trim",
    "ltrim",
    "rtrim",
    "length",
    "left",
    "right",
    "replace",
    "concat",
    "concat_ws",
    "md5",
    "lpad",
    "rpad",
    "instr",
    "substr",
    "substring",
    "starts_with",
    "ends_with",
    "contains",
    "string_split",
    "regexp_extract",
    "regexp_matches",
    "regexp_replace",
    "printf",
    "strftime",
    "date_diff",
    "datediff",
    "epoch",
    "date_trunc",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "to_days",
    "to_hours",
    "to_minutes",
    "to_seconds",
    "time_bucket",
    "flatten",
    "list_contains",
    "array_contains",
    "list_has_any",
    "array_has_any",
    "list_sort",
    "array_sort",
    "list_distinct",
    "array_distinct",
    "list_filter",
    "array_filter",
    "list_transform",
    "array_transform",
    "list_concat",
    "array_concat",
    "array_length",
    "array_to_string",
    "unnest",
    "json",
    "count_star",
    "count",
    "sum",
    "min",
    "max",
    "bool_or",
    "bool_and",
    "median",
    "stddev_samp",
    "stddev_pop",
    "var_samp",
    "var_pop",
    "avg",
    "quantile_cont",
    "arg_max",
    "max_by",
    "arg_min",
    "min_by",
    "list",
    "array_agg",
    "string_agg",
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "lag",
    "lead",
    "first_value",
    "last_value",
];

/// The ancestor name of a table function's call (not a function name DuckDB can have).
const TABLE_CALL: &str = "#table";
const ANY_VALUE: &[&str] = &["any_value", "arbitrary", "first", "last"];
const LIST_AGGREGATES: &[&str] = &["list", "array_agg", "string_agg", "group_concat", "listagg"];
const ORDER_LOSING: &[&str] = &["list_distinct", "array_distinct", "array_unique"];
/// Functions that pass a list's order on to their result.
const ORDER_KEEPING: &[&str] = &[
    "flatten",
    "list_distinct",
    "array_distinct",
    "list_filter",
    "array_filter",
    "list_transform",
    "array_transform",
    "list_apply",
    "list_concat",
    "array_concat",
    "list_cat",
];
/// Functions whose result does not depend on a list's order.
const ORDER_BLIND: &[&str] = &[
    "list_sort",
    "array_sort",
    "list_reverse_sort",
    "array_reverse_sort",
    "list_contains",
    "array_contains",
    "list_has",
    "list_has_any",
    "array_has_any",
    "list_has_all",
    "array_has_all",
    "array_length",
    "list_min",
    "list_max",
    "list_sum",
    // rows are a multiset: the order a list is unnested in is not part of the result
    "unnest",
];
const TIE_PRONE: &[&str] = &["arg_max", "arg_min", "max_by", "min_by", "argmax", "argmin"];
const ORDER_NEEDING_WINDOWS: &[&str] = &[
    "row_number",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
];
const VOLATILE: &[&str] = &[
    "random",
    "uuid",
    "gen_random_uuid",
    "now",
    "current_timestamp",
    "get_current_timestamp",
    "today",
    "current_date",
    "hash",
    "setseed",
    "current_time",
];
/// Functions whose result is (or may be) a computed floating-point value.
const FLOAT_MAKERS: &[&str] = &[
    "/",
    "ln",
    "log",
    "log10",
    "log2",
    "exp",
    "sqrt",
    "pow",
    "power",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "radians",
    "degrees",
    "avg",
    "median",
    "quantile_cont",
    "stddev",
    "stddev_samp",
    "stddev_pop",
    "var_samp",
    "var_pop",
    "variance",
    "corr",
    "mad",
    "epoch",
];

/// The portability findings of one rule, in the order of the file.
pub fn check(conn: &duckdb::Connection, rule: &Rule) -> Result<Vec<Finding>> {
    let tree = parse(conn, &rule.sql, &rule.origin)?;
    let mut walker = Walker {
        sql: &rule.sql,
        first_line: rule.sql_line,
        findings: Vec::new(),
        ancestors: Vec::new(),
        at: 0,
    };
    walker.visit(&tree);
    let mut findings = walker.findings;
    findings.sort_by(|a, b| (a.line, a.column, a.check).cmp(&(b.line, b.column, b.check)));
    findings.dedup();
    Ok(findings)
}

/// DuckDB's parse tree of `sql` (the statements' array).
pub fn parse(conn: &duckdb::Connection, sql: &str, origin: &str) -> Result<Value> {
    let text: String = conn.query_row("SELECT json_serialize_sql(?)", [sql], |r| r.get(0))?;
    let tree: Value = serde_json::from_str(&text).map_err(|e| Error::Usage {
        message: format!("{origin}: DuckDB's parse tree is not JSON: {e}"),
        help: "this is a bug in clearway; please report it".into(),
    })?;
    if tree["error"] == Value::Bool(true) {
        return Err(Error::usage(
            format!(
                "{origin}: the SQL does not parse: {}",
                tree["error_message"].as_str().unwrap_or("unknown error")
            ),
            "fix the rule's SQL (`clearway risk lint` shows where DuckDB stops)",
        ));
    }
    Ok(tree["statements"].clone())
}

struct Walker<'a> {
    sql: &'a str,
    first_line: usize,
    findings: Vec<Finding>,
    /// Function names from the nearest enclosing call outwards; "" for any other node between.
    ancestors: Vec<String>,
    /// Byte offset of the innermost node that had one.
    at: usize,
}

impl Walker<'_> {
    fn visit(&mut self, node: &Value) {
        match node {
            Value::Array(items) => items.iter().for_each(|i| self.visit(i)),
            Value::Object(map) => {
                let saved = self.at;
                if let Some(at) = map.get("query_location").and_then(Value::as_u64) {
                    if at != u64::MAX {
                        self.at = at as usize;
                    }
                }
                self.inspect(node);
                let name = match (
                    map.get("class").and_then(Value::as_str),
                    map.get("function_name"),
                ) {
                    (Some("FUNCTION"), Some(Value::String(f))) => f.to_ascii_lowercase(),
                    _ if map.get("type").and_then(Value::as_str) == Some("TABLE_FUNCTION") => {
                        TABLE_CALL.to_string()
                    }
                    _ => String::new(),
                };
                let pushed = map.contains_key("class") || map.contains_key("type");
                if pushed {
                    self.ancestors.push(name);
                }
                for (key, value) in map {
                    // a function's own name and order are not nested nodes of interest
                    if key != "function_name" && key != "qualified_name" {
                        self.visit(value);
                    }
                }
                if pushed {
                    self.ancestors.pop();
                }
                self.at = saved;
            }
            _ => {}
        }
    }

    fn find(&mut self, check: &'static str, message: String) {
        let fix = CHECKS
            .iter()
            .find(|(c, _)| *c == check)
            .map(|(_, f)| *f)
            .expect("a listed check");
        let (line, column) = self.position();
        self.findings.push(Finding {
            line,
            column,
            check,
            message,
            fix,
        });
    }

    /// Line and column in the rule file of the current node.
    fn position(&self) -> (usize, usize) {
        let bytes = self.sql.as_bytes();
        let at = self.at.min(bytes.len());
        let before = &bytes[..at];
        let line = before.iter().filter(|b| **b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        (self.first_line + line, column)
    }

    fn inspect(&mut self, node: &Value) {
        let class = node["class"].as_str().unwrap_or_default();
        let kind = node["type"].as_str().unwrap_or_default();
        match (class, kind) {
            ("COLUMN_REF", _) => self.column_ref(node),
            ("FUNCTION", _) => self.function(node),
            ("WINDOW", _) => self.window(node),
            ("COMPARISON", _) => self.comparison(node, kind),
            (_, "SELECT_NODE") => self.select_node(node),
            (_, "SET_OPERATION_NODE") if node["setop_type"].as_str() == Some("UNION_BY_NAME") => {
                self.find("union-by-name", "UNION BY NAME".into());
            }
            (_, "JOIN") if !matches!(node["ref_type"].as_str(), Some("REGULAR" | "CROSS")) => {
                let kind = node["ref_type"].as_str().unwrap_or("?").to_string();
                self.find("join-kind", format!("{kind} JOIN"));
            }
            (_, "TABLE_FUNCTION") => {
                let name = node["function"]["function_name"].as_str().unwrap_or("?");
                self.find("table-function", format!("table function {name}() in FROM"));
            }
            ("STAR", _) => {
                let listed = |k: &str| match &node[k] {
                    Value::Array(a) => !a.is_empty(),
                    Value::Object(o) => !o.is_empty(),
                    _ => false,
                };
                if listed("exclude_list") || listed("replace_list") || listed("rename_list") {
                    self.find("star-modifier", "* EXCLUDE / REPLACE / RENAME".into());
                }
            }
            _ => {}
        }
        if !node["sample"].is_null() && node.get("sample").is_some() {
            self.find("sample", "USING SAMPLE / TABLESAMPLE".into());
        }
    }

    fn column_ref(&mut self, node: &Value) {
        let last = node["column_names"]
            .as_array()
            .and_then(|a| a.last())
            .and_then(Value::as_str)
            .unwrap_or_default();
        if last.eq_ignore_ascii_case("rowid") {
            self.find("rowid", "rowid".into());
        }
    }

    fn function(&mut self, node: &Value) {
        if self.ancestors.last().is_some_and(|a| a == TABLE_CALL) {
            return; // reported as `table-function`
        }
        let name = node["function_name"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let name = name.as_str();
        let ordered = node["order_bys"]["orders"]
            .as_array()
            .is_some_and(|o| !o.is_empty());
        if ANY_VALUE.contains(&name) {
            self.find(
                "any_value",
                format!("{name}(…) returns an arbitrary row's value"),
            );
        }
        let unordered =
            (LIST_AGGREGATES.contains(&name) && !ordered) || ORDER_LOSING.contains(&name);
        if unordered && !self.order_is_ignored() {
            self.find(
                "unordered-list",
                format!("{name}(…) gives its elements in no defined order"),
            );
        }
        if TIE_PRONE.contains(&name) {
            let key = &node["arguments"][1]["expression"];
            let tuple = key["class"] == "FUNCTION"
                && matches!(key["function_name"].as_str(), Some("row" | "struct_pack"));
            if !tuple {
                self.find(
                    "tie",
                    format!("{name}(…) picks an arbitrary row among ties on its key"),
                );
            }
        }
        if name == "regexp_replace" {
            let options = node["arguments"][3]["expression"]["literal"]["text"].as_str();
            if options != Some("g") {
                self.find("regexp-first-only", "regexp_replace(…) without 'g'".into());
            }
        }
        if name == "len" {
            self.find("ambiguous-length", "len(…)".into());
        }
        if VOLATILE.contains(&name) {
            self.find("volatile", format!("{name}(…)"));
        }
        let handled = ANY_VALUE.contains(&name) || VOLATILE.contains(&name) || name == "len";
        if !handled && !SPARK_FUNCTIONS.contains(&name) {
            self.find("function", format!("{name}(…) has no Spark translation"));
        }
    }

    /// True when the list made at the current node only reaches functions that ignore order.
    fn order_is_ignored(&self) -> bool {
        // the node's own name is pushed after it is inspected: these are its enclosers
        for name in self.ancestors.iter().rev() {
            if ORDER_BLIND.contains(&name.as_str()) {
                return true;
            }
            if !ORDER_KEEPING.contains(&name.as_str()) {
                return false;
            }
        }
        false
    }

    fn window(&mut self, node: &Value) {
        let name = node["function_name"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if node["distinct"].as_bool() == Some(true)
            || !node["filter_expr"].is_null()
            || node["ignore_nulls"].as_bool() == Some(true)
            || !matches!(node["exclude_clause"].as_str(), None | Some("NO_OTHER"))
            || node["arg_orders"].as_array().is_some_and(|o| !o.is_empty())
        {
            self.find("window-modifier", format!("{name}(…) OVER with a modifier"));
        }
        let ordered = node["orders"].as_array().is_some_and(|o| !o.is_empty());
        if ORDER_NEEDING_WINDOWS.contains(&name.as_str()) && !ordered {
            self.find(
                "unordered-window",
                format!("{name}() OVER a window without ORDER BY"),
            );
        }
        if (LIST_AGGREGATES.contains(&name.as_str()) && !ordered)
            || ANY_VALUE.contains(&name.as_str())
        {
            self.find(
                "unordered-window",
                format!("{name}(…) OVER a window without ORDER BY"),
            );
        }
        for bound in ["start_expr", "end_expr"] {
            let expr = &node[bound];
            if !expr.is_null() && !is_constant(expr) {
                self.find(
                    "window-frame",
                    "a window frame bound that is not a literal".into(),
                );
            }
        }
        if !SPARK_FUNCTIONS.contains(&name.as_str()) && !ANY_VALUE.contains(&name.as_str()) {
            self.find("function", format!("{name}(…) has no Spark translation"));
        }
    }

    fn comparison(&mut self, node: &Value, kind: &str) {
        let equality = matches!(
            kind,
            "COMPARE_EQUAL"
                | "COMPARE_NOTEQUAL"
                | "COMPARE_DISTINCT_FROM"
                | "COMPARE_NOT_DISTINCT_FROM"
        );
        if equality && makes_float(&node["left"]) && makes_float(&node["right"]) {
            self.find(
                "float-equality",
                "equality of two computed floating-point values".into(),
            );
        }
    }

    fn select_node(&mut self, node: &Value) {
        let sets = node["group_sets"].as_array().map_or(0, Vec::len);
        if sets > 1 && !node["having"].is_null() {
            if let Some(at) = node["having"]["query_location"]
                .as_u64()
                .filter(|a| *a != u64::MAX)
            {
                self.at = at as usize;
            }
            self.find("grouping-sets-having", "HAVING over GROUPING SETS".into());
        }
        // unnest in the select list: flagged by `function` above (it is a FUNCTION node)
    }
}

/// True when an expression reads no column and no query: literals and parameters, and
/// functions and casts of them (`to_days(CAST($window_days AS INTEGER))`), which the Spark job
/// binds as literals.
fn is_constant(expr: &Value) -> bool {
    match expr {
        Value::Object(map) => {
            let class = map.get("class").and_then(Value::as_str).unwrap_or_default();
            !matches!(class, "COLUMN_REF" | "SUBQUERY" | "WINDOW" | "STAR")
                && map.values().all(is_constant)
        }
        Value::Array(items) => items.iter().all(is_constant),
        _ => true,
    }
}

/// True when an expression computes a floating-point value (it contains a division or a
/// float-valued function).
pub(super) fn makes_float(expr: &Value) -> bool {
    match expr {
        Value::Object(map) => {
            let name = map
                .get("function_name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let is_call = matches!(
                map.get("class").and_then(Value::as_str),
                Some("FUNCTION" | "WINDOW")
            );
            (is_call && FLOAT_MAKERS.contains(&name.to_ascii_lowercase().as_str()))
                || map
                    .iter()
                    .any(|(k, v)| k != "function_name" && makes_float(v))
        }
        Value::Array(items) => items.iter().any(makes_float),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(sql: &str) -> Vec<(usize, usize, &'static str)> {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        let text = format!(
            "-- ---\n-- id = \"t\"\n-- title = \"t\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = []\n-- ---\n{sql}"
        );
        let rule = Rule::parse(&text, "t.sql").unwrap();
        check(&conn, &rule)
            .unwrap()
            .into_iter()
            .map(|f| (f.line, f.column, f.check))
            .collect()
    }

    #[test]
    fn each_construct_is_found_at_its_line_and_column() {
        for (sql, expected) in [
            ("SELECT rowid FROM t", (9, 8, "rowid")),
            (
                "SELECT a,\n  any_value(b) FROM t GROUP BY a",
                (10, 3, "any_value"),
            ),
            ("SELECT list(b) FROM t", (9, 8, "unordered-list")),
            ("SELECT arg_max(b, c) FROM t", (9, 8, "tie")),
            ("SELECT len(b) FROM t", (9, 8, "ambiguous-length")),
            (
                "SELECT regexp_replace(b, 'x', 'y') FROM t",
                (9, 8, "regexp-first-only"),
            ),
            ("SELECT random() FROM t", (9, 8, "volatile")),
            ("SELECT mad(b) FROM t", (9, 8, "function")),
            ("SELECT * FROM range(3)", (9, 15, "table-function")),
            ("SELECT * EXCLUDE (a) FROM t", (9, 8, "star-modifier")),
            (
                "SELECT row_number() OVER () FROM t",
                (9, 8, "unordered-window"),
            ),
            (
                "SELECT 1 FROM t WHERE a / b = ln(c)",
                (9, 23, "float-equality"),
            ),
            (
                "SELECT a, b FROM t GROUP BY GROUPING SETS ((a), (a, b)) HAVING count(*) > 1",
                (9, 64, "grouping-sets-having"),
            ),
            (
                "SELECT sum(a) OVER (ORDER BY b RANGE BETWEEN c PRECEDING AND CURRENT ROW) FROM t",
                (9, 8, "window-frame"),
            ),
            (
                "SELECT count(DISTINCT a) OVER (PARTITION BY b) FROM t",
                (9, 8, "window-modifier"),
            ),
            ("SELECT * FROM t NATURAL JOIN u", (9, 17, "join-kind")),
            (
                "SELECT regexp_replace(b, 'x', 'y', 'gi') FROM t",
                (9, 8, "regexp-first-only"),
            ),
        ] {
            assert_eq!(findings(sql), [expected], "{sql}");
        }
        assert_eq!(
            findings("SELECT a FROM t UNION BY NAME SELECT a FROM u").len(),
            1
        );
    }

    #[test]
    fn the_portable_forms_pass() {
        for sql in [
            "SELECT min(b), max(b) FROM t GROUP BY a",
            "SELECT list(b ORDER BY b), string_agg(b, ',' ORDER BY b) FROM t",
            "SELECT list_sort(list_distinct(flatten(list(b)))) FROM t",
            "SELECT list_contains(flatten(list(b)), 'x') FROM t",
            "SELECT arg_max(b, (c, d)) FROM t",
            "SELECT length(b), array_length(c) FROM t",
            "SELECT regexp_replace(b, 'x', 'y', 'g') FROM t",
            "SELECT lag(b) OVER (PARTITION BY a ORDER BY c) FROM t",
            "SELECT sum(a) OVER (ORDER BY b RANGE BETWEEN to_days(CAST($d AS INTEGER)) PRECEDING AND CURRENT ROW) FROM t",
            "SELECT 1 FROM t WHERE abs(a / b - ln(c)) < 1e-9 AND a = b",
            "SELECT {'k': a ->> 'x'}, left(b, 4), date_diff('second', c, d) FROM t WHERE c > d - INTERVAL 30 DAY",
        ] {
            assert_eq!(findings(sql), [], "{sql}");
        }
    }
}
