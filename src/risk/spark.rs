//! The Spark SQL of a portable rule: DuckDB's parse tree of the rule (the one `risk lint
//! --portable` walks, [`super::portable::parse`]) printed as Spark 4 SQL.
//!
//! Why print from DuckDB's own tree rather than transpile text (sqlglot): the rule is read
//! exactly as DuckDB runs it — lambdas, struct literals, `->>`, `INTERVAL` (which the parser
//! turns into `to_days(…)`) — with no second SQL grammar to disagree with, and the Rust binary
//! needs no Python. Every place where the two engines differ in meaning, not only in spelling,
//! is written out here once (listed beside [`function`]): `/` always divides as DOUBLE,
//! `list()` keeps NULLs and is NULL over no rows, `flatten` and `list_contains` skip NULL
//! elements, `date_diff` counts boundaries, `regexp_replace` replacements use `$1`, string
//! literals escape backslashes, `strftime` patterns become Java patterns. A construct the
//! printer does not know is an error naming the rule, line and column — never a guess.
//!
//! Parameters stay parameters: `$name` becomes Spark's named marker `:name`, bound by the
//! driver from the typed values in the job (never spliced into the SQL text).

use super::rule::Rule;
use crate::error::{Error, Result};
use serde_json::Value;

/// The Spark SQL of `rule` (which should pass `risk lint --portable`), its parameters as
/// named markers. `values` are the rule's resolved parameters: Spark's grammar takes only
/// literals as window-frame bounds, so a bound written with a parameter
/// (`to_days(CAST($window_days AS INTEGER)) PRECEDING`) is printed with the parameter's typed
/// value as an interval literal — a number clearway parsed, never text from the user.
pub fn compile(
    conn: &duckdb::Connection,
    rule: &Rule,
    values: &std::collections::BTreeMap<String, super::rule::ParamValue>,
) -> Result<String> {
    let tree = super::portable::parse(conn, &rule.sql, &rule.origin)?;
    let statements = tree.as_array().cloned().unwrap_or_default();
    let [statement] = statements.as_slice() else {
        return Err(Error::usage(
            format!("{}: a rule is one query", rule.origin),
            "keep one SELECT per rule file",
        ));
    };
    let mut printer = Printer {
        sql: &rule.sql,
        first_line: rule.sql_line,
        at: 0,
        unsupported: Vec::new(),
        values,
    };
    let text = printer.query(&statement["node"]);
    if printer.unsupported.is_empty() {
        return Ok(text);
    }
    Err(Error::usage(
        format!(
            "{}: cannot be compiled for Spark:\n{}",
            rule.origin,
            printer
                .unsupported
                .iter()
                .map(|u| format!("  {u}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        "run `clearway risk lint --portable` and write the construct in a portable form (docs/spark.md)",
    ))
}

struct Printer<'a> {
    sql: &'a str,
    first_line: usize,
    at: usize,
    unsupported: Vec<String>,
    values: &'a std::collections::BTreeMap<String, super::rule::ParamValue>,
}

/// A node's string field.
fn text<'v>(node: &'v Value, key: &str) -> &'v str {
    node[key].as_str().unwrap_or_default()
}

/// True for `x->'key'`, which DuckDB's parser gives as a single-arrow lambda with a string body.
fn is_json_arrow(e: &Value) -> bool {
    text(e, "class") == "LAMBDA"
        && text(e, "syntax_type") == "SINGLE_ARROW"
        && text(&e["expr"], "class") == "CONSTANT"
        && e["expr"]["literal"]["kind"] == "STRING"
}

/// `name` as a Spark identifier.
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `s` as a Spark string literal (Spark unescapes backslashes in literals; DuckDB does not).
fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

impl Printer<'_> {
    fn unsupported(&mut self, what: String) -> String {
        let before = &self.sql.as_bytes()[..self.at.min(self.sql.len())];
        let line = self.first_line + before.iter().filter(|b| **b == b'\n').count();
        let start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        self.unsupported
            .push(format!("line {line}, column {column}: {what}"));
        "NULL".into()
    }

    fn locate(&mut self, node: &Value) {
        if let Some(at) = node["query_location"].as_u64().filter(|a| *a != u64::MAX) {
            self.at = at as usize;
        }
    }

    // ---- queries -------------------------------------------------------------------------

    fn query(&mut self, node: &Value) -> String {
        let ctes = self.ctes(&node["cte_map"]);
        let body = match text(node, "type") {
            "SELECT_NODE" => self.select(node),
            "SET_OPERATION_NODE" => self.set_operation(node),
            other => self.unsupported(format!("query node {other}")),
        };
        let modifiers = self.modifiers(node);
        format!("{ctes}{body}{modifiers}")
    }

    fn ctes(&mut self, cte_map: &Value) -> String {
        let Some(entries) = cte_map["map"].as_array().filter(|m| !m.is_empty()) else {
            return String::new();
        };
        let parts: Vec<String> = entries
            .iter()
            .map(|e| {
                let name = ident(text(e, "key"));
                let columns: Vec<String> = e["value"]["aliases"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| ident(a.as_str().unwrap_or_default()))
                    .collect();
                let columns = match columns.is_empty() {
                    true => String::new(),
                    false => format!("({})", columns.join(", ")),
                };
                let body = self.query(&e["value"]["query_node"]);
                format!("{name}{columns} AS (\n{body}\n)")
            })
            .collect();
        format!("WITH {}\n", parts.join(",\n"))
    }

    fn set_operation(&mut self, node: &Value) -> String {
        let all = node["setop_all"].as_bool().unwrap_or(false);
        let op = match text(node, "setop_type") {
            "UNION" => "UNION",
            "EXCEPT" => "EXCEPT",
            "INTERSECT" => "INTERSECT",
            other => return self.unsupported(format!("set operation {other}")),
        };
        let children: Vec<Value> = match node["children"].as_array() {
            Some(c) if !c.is_empty() => c.clone(),
            _ => vec![node["left"].clone(), node["right"].clone()],
        };
        let parts: Vec<String> = children
            .iter()
            .map(|c| format!("({})", self.query(c)))
            .collect();
        parts.join(&format!("\n{op}{}\n", if all { " ALL" } else { "" }))
    }

    fn select(&mut self, node: &Value) -> String {
        let distinct = node["modifiers"]
            .as_array()
            .is_some_and(|m| m.iter().any(|x| text(x, "type") == "DISTINCT_MODIFIER"));
        let items: Vec<String> = node["select_list"]
            .as_array()
            .map(|l| l.iter().map(|e| self.aliased(e)).collect())
            .unwrap_or_default();
        let mut out = format!(
            "SELECT {}{}",
            if distinct { "DISTINCT " } else { "" },
            items.join(", ")
        );
        if text(&node["from_table"], "type") != "EMPTY" {
            out += &format!("\nFROM {}", self.table(&node["from_table"]));
        }
        if !node["where_clause"].is_null() {
            out += &format!("\nWHERE {}", self.expr(&node["where_clause"]));
        }
        if text(node, "aggregate_handling") == "FORCE_AGGREGATES" {
            out += "\nGROUP BY ALL";
        } else if let Some(groups) = node["group_expressions"]
            .as_array()
            .filter(|g| !g.is_empty())
        {
            let sets = node["group_sets"].as_array().map_or(1, Vec::len);
            if sets > 1 {
                return self.unsupported("GROUPING SETS".into());
            }
            let groups: Vec<String> = groups.iter().map(|g| self.expr(g)).collect();
            out += &format!("\nGROUP BY {}", groups.join(", "));
        }
        if !node["having"].is_null() {
            out += &format!("\nHAVING {}", self.expr(&node["having"]));
        }
        if !node["qualify"].is_null() {
            out += &format!("\nQUALIFY {}", self.expr(&node["qualify"]));
        }
        out
    }

    fn modifiers(&mut self, node: &Value) -> String {
        let mut out = String::new();
        for m in node["modifiers"].as_array().into_iter().flatten() {
            match text(m, "type") {
                "ORDER_MODIFIER" => {
                    let orders = self.orders(&m["orders"]);
                    out += &format!("\nORDER BY {orders}");
                }
                "LIMIT_MODIFIER" => {
                    if !m["limit"].is_null() {
                        out += &format!("\nLIMIT {}", self.expr(&m["limit"]));
                    }
                    if !m["offset"].is_null() {
                        out += &format!("\nOFFSET {}", self.expr(&m["offset"]));
                    }
                }
                "DISTINCT_MODIFIER" => {
                    if m["distinct_on_targets"]
                        .as_array()
                        .is_some_and(|t| !t.is_empty())
                    {
                        return self.unsupported("DISTINCT ON".into());
                    }
                }
                other => return self.unsupported(format!("modifier {other}")),
            }
        }
        out
    }

    fn orders(&mut self, orders: &Value) -> String {
        orders
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| {
                let e = self.expr(&o["expression"]);
                let dir = match text(o, "type") {
                    "DESCENDING" => " DESC",
                    _ => "",
                };
                // DuckDB's default puts NULLs last in both directions; Spark's puts them first
                // ascending: say it
                let nulls = match text(o, "null_order") {
                    "NULLS FIRST" | "NULLS_FIRST" => " NULLS FIRST",
                    _ => " NULLS LAST",
                };
                format!("{e}{dir}{nulls}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn alias_of(node: &Value) -> Option<String> {
        node["alias"].as_str().filter(|a| !a.is_empty()).map(ident)
    }

    fn aliased(&mut self, e: &Value) -> String {
        let printed = self.expr(e);
        match Self::alias_of(e) {
            Some(a) => format!("{printed} AS {a}"),
            None => printed,
        }
    }

    // ---- tables --------------------------------------------------------------------------

    fn table(&mut self, t: &Value) -> String {
        self.locate(t);
        let alias = Self::alias_of(t);
        let columns = t["column_name_alias"]
            .as_array()
            .filter(|c| !c.is_empty())
            .map(|c| {
                let names: Vec<String> = c
                    .iter()
                    .map(|n| ident(n.as_str().unwrap_or_default()))
                    .collect();
                format!("({})", names.join(", "))
            })
            .unwrap_or_default();
        let named = |body: String| match &alias {
            Some(a) => format!("{body} AS {a}{columns}"),
            None => body,
        };
        match text(t, "type") {
            "BASE_TABLE" => named(ident(text(t, "table_name"))),
            "SUBQUERY" => named(format!("(\n{}\n)", self.query(&t["subquery"]["node"]))),
            "JOIN" => self.join(t),
            "EXPRESSION_LIST" => {
                let rows: Vec<String> = t["values"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|row| {
                        let vals: Vec<String> = row
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|v| self.expr(v))
                            .collect();
                        format!("({})", vals.join(", "))
                    })
                    .collect();
                named(format!("(VALUES {})", rows.join(", ")))
            }
            other => self.unsupported(format!("table reference {other}")),
        }
    }

    fn join(&mut self, t: &Value) -> String {
        // NATURAL, ASOF and POSITIONAL joins have no plain-join meaning to print
        let ref_type = text(t, "ref_type");
        if !matches!(ref_type, "REGULAR" | "CROSS") {
            return self.unsupported(format!("{ref_type} join"));
        }
        let left = self.table(&t["left"]);
        let right_node = &t["right"];
        let right = self.table(right_node);
        let lateral = if text(right_node, "type") == "SUBQUERY" {
            "LATERAL "
        } else {
            ""
        };
        if text(t, "ref_type") == "CROSS" {
            return format!("{left}\nCROSS JOIN {lateral}{right}");
        }
        let kind = match text(t, "join_type") {
            "INNER" => "JOIN",
            "LEFT" => "LEFT JOIN",
            "RIGHT" => "RIGHT JOIN",
            "OUTER" => "FULL JOIN",
            "ANTI" => "LEFT ANTI JOIN",
            "SEMI" => "LEFT SEMI JOIN",
            other => return self.unsupported(format!("{other} join")),
        };
        let using: Vec<String> = t["using_columns"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| ident(c.as_str().unwrap_or_default()))
            .collect();
        let on = if !using.is_empty() {
            format!(" USING ({})", using.join(", "))
        } else if t["condition"].is_null() {
            String::new()
        } else {
            format!(" ON {}", self.expr(&t["condition"]))
        };
        format!("{left}\n{kind} {right}{on}")
    }

    // ---- expressions ---------------------------------------------------------------------

    fn expr(&mut self, e: &Value) -> String {
        // the position of this node, for an error found in it (restored after its children)
        let saved = self.at;
        self.locate(e);
        let printed = self.expr_here(e);
        self.at = saved;
        printed
    }

    fn expr_here(&mut self, e: &Value) -> String {
        let class = text(e, "class");
        let kind = text(e, "type");
        match class {
            "COLUMN_REF" => e["column_names"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| ident(n.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("."),
            "CONSTANT" => self.literal(&e["literal"]),
            "PARAMETER" => format!(":{}", text(e, "identifier")),
            "STAR" => {
                if e["exclude_list"].as_array().is_some_and(|l| !l.is_empty())
                    || e["replace_list"].as_array().is_some_and(|l| !l.is_empty())
                {
                    return self.unsupported("* EXCLUDE / REPLACE".into());
                }
                match e["relation_name"].as_str().filter(|r| !r.is_empty()) {
                    Some(r) => format!("{}.*", ident(r)),
                    None => "*".into(),
                }
            }
            "COMPARISON" => self.comparison(e, kind),
            "CONJUNCTION" => {
                let op = if kind == "CONJUNCTION_AND" {
                    " AND "
                } else {
                    " OR "
                };
                let parts: Vec<String> = e["children"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| self.expr(c))
                    .collect();
                format!("({})", parts.join(op))
            }
            "OPERATOR" => self.operator(e, kind),
            "CASE" => {
                let mut out = "CASE".to_string();
                for check in e["case_checks"].as_array().into_iter().flatten() {
                    let when = self.expr(&check["when_expr"]);
                    let then = self.expr(&check["then_expr"]);
                    out += &format!(" WHEN {when} THEN {then}");
                }
                if !e["else_expr"].is_null() {
                    out += &format!(" ELSE {}", self.expr(&e["else_expr"]));
                }
                out + " END"
            }
            "CAST" => self.cast(e),
            "BETWEEN" => {
                let (i, l, u) = (
                    self.expr(&e["input"]),
                    self.expr(&e["lower"]),
                    self.expr(&e["upper"]),
                );
                format!("({i} BETWEEN {l} AND {u})")
            }
            "FUNCTION" => self.function(e),
            "WINDOW" => self.window(e),
            // `payload->'key'` reaches the parser as a lambda; DuckDB's binder makes it a JSON
            // member when its "body" is a string
            "LAMBDA" if is_json_arrow(e) => {
                let x = self.expr(&e["lhs"]);
                self.json_path(&x, &e["expr"])
            }
            "LAMBDA" => {
                let params = self.lambda_params(&e["lhs"]);
                format!("{params} -> {}", self.expr(&e["expr"]))
            }
            "SUBQUERY" => self.subquery(e),
            other => self.unsupported(format!("expression {other} {kind}")),
        }
    }

    fn lambda_params(&mut self, lhs: &Value) -> String {
        match text(lhs, "class") {
            "COLUMN_REF" => ident(lhs["column_names"][0].as_str().unwrap_or_default()),
            _ => self.unsupported("a lambda with several parameters".into()),
        }
    }

    fn subquery(&mut self, e: &Value) -> String {
        let body = self.query(&e["subquery"]["node"]);
        match text(e, "subquery_type") {
            "SCALAR" => format!("(\n{body}\n)"),
            "EXISTS" => format!("EXISTS (\n{body}\n)"),
            "NOT_EXISTS" => format!("NOT EXISTS (\n{body}\n)"),
            "ANY" if text(e, "comparison_type") == "COMPARE_EQUAL" => {
                format!("({} IN (\n{body}\n))", self.expr(&e["child"]))
            }
            other => self.unsupported(format!("{other} subquery")),
        }
    }

    fn comparison(&mut self, e: &Value, kind: &str) -> String {
        let (l, r) = (self.expr(&e["left"]), self.expr(&e["right"]));
        let op = match kind {
            "COMPARE_EQUAL" => "=",
            "COMPARE_NOTEQUAL" => "<>",
            "COMPARE_LESSTHAN" => "<",
            "COMPARE_GREATERTHAN" => ">",
            "COMPARE_LESSTHANOREQUALTO" => "<=",
            "COMPARE_GREATERTHANOREQUALTO" => ">=",
            "COMPARE_DISTINCT_FROM" => "IS DISTINCT FROM",
            "COMPARE_NOT_DISTINCT_FROM" => "IS NOT DISTINCT FROM",
            other => return self.unsupported(format!("comparison {other}")),
        };
        format!("({l} {op} {r})")
    }

    fn operator(&mut self, e: &Value, kind: &str) -> String {
        let children: Vec<Value> = e["children"].as_array().cloned().unwrap_or_default();
        let args: Vec<String> = children.iter().map(|c| self.expr(c)).collect();
        match (kind, args.as_slice()) {
            ("OPERATOR_NOT", [a]) => format!("(NOT {a})"),
            ("OPERATOR_IS_NULL", [a]) => format!("({a} IS NULL)"),
            ("OPERATOR_IS_NOT_NULL", [a]) => format!("({a} IS NOT NULL)"),
            ("OPERATOR_COALESCE", _) => format!("coalesce({})", args.join(", ")),
            ("ARRAY_EXTRACT", [x, i]) => format!("element_at({x}, {i})"),
            ("ARRAY_SLICE", [x, from, to]) => format!("slice({x}, {from}, {to} - {from} + 1)"),
            ("COMPARE_IN", [a, rest @ ..]) => format!("({a} IN ({}))", rest.join(", ")),
            ("COMPARE_NOT_IN", [a, rest @ ..]) => format!("({a} NOT IN ({}))", rest.join(", ")),
            _ => self.unsupported(format!("operator {kind}")),
        }
    }

    fn literal(&mut self, lit: &Value) -> String {
        let value = text(lit, "text");
        match text(lit, "kind") {
            "STRING" => string_literal(value),
            "INTEGER" => match value.parse::<i64>() {
                Ok(n) if i32::try_from(n).is_ok() => value.to_string(),
                Ok(_) => format!("{value}L"),
                Err(_) => format!("{value}BD"),
            },
            // a decimal literal in both engines (DuckDB: DECIMAL, Spark: decimal)
            "NUMERIC" => value.to_string(),
            "NULL_LITERAL" => "NULL".into(),
            "BOOLEAN" => value.to_ascii_lowercase(),
            other => self.unsupported(format!("literal of kind {other}")),
        }
    }

    fn spark_type(&mut self, t: &Value) -> String {
        let name = text(t, "type_name").to_ascii_uppercase();
        let children: Vec<Value> = t["children"].as_array().cloned().unwrap_or_default();
        match name.as_str() {
            "INTEGER" | "INT" | "INT4" => "INT".into(),
            "BIGINT" | "INT8" => "BIGINT".into(),
            "SMALLINT" => "SMALLINT".into(),
            "DOUBLE" | "FLOAT8" => "DOUBLE".into(),
            "FLOAT" | "REAL" => "FLOAT".into(),
            "VARCHAR" | "TEXT" | "STRING" => "STRING".into(),
            "BOOLEAN" | "BOOL" => "BOOLEAN".into(),
            "DATE" => "DATE".into(),
            "TIMESTAMP" => "TIMESTAMP_NTZ".into(),
            "DECIMAL" | "NUMERIC" => {
                let mods: Vec<String> = t["modifiers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m["literal"]["text"].as_str().map(str::to_string))
                    .collect();
                match mods.as_slice() {
                    [p, s] => format!("DECIMAL({p},{s})"),
                    _ => "DECIMAL(18,3)".into(),
                }
            }
            "LIST" => match children.as_slice() {
                [child] => format!("ARRAY<{}>", self.spark_type(child)),
                _ => self.unsupported("a list type without its element".into()),
            },
            other => self.unsupported(format!("type {other}")),
        }
    }

    fn cast(&mut self, e: &Value) -> String {
        let child = self.expr(&e["child"]);
        let target = &e["type_expr"];
        let name = text(target, "type_name").to_ascii_uppercase();
        if name == "JSON" {
            // a STRUCT (or list) as JSON text, nulls kept and timestamps as DuckDB writes them
            return format!("to_json({child}, {})", JSON_OPTIONS);
        }
        // a JSON array read as a list: parsed, not cast
        if name == "LIST"
            && (text(&e["child"], "function_name") == "->" || is_json_arrow(&e["child"]))
        {
            let ty = self.spark_type(target);
            return format!(
                "from_json({child}, {})",
                string_literal(&ty.to_ascii_lowercase())
            );
        }
        let ty = self.spark_type(target);
        let try_ = e["try_cast"].as_bool().unwrap_or(false);
        // DuckDB rounds a fraction cast to an integer; Spark truncates it. Rounded where the
        // value is computed as a fraction (a division, ln, avg, …); a DOUBLE column cast to an
        // integer cannot be told from the tree (docs/spark.md, "not checked")
        let child = match ty.as_str() {
            "INT" | "BIGINT" | "SMALLINT" if super::portable::makes_float(&e["child"]) => {
                format!("round({child})")
            }
            _ => child,
        };
        format!("{}CAST({child} AS {ty})", if try_ { "TRY_" } else { "" })
    }

    fn window(&mut self, e: &Value) -> String {
        let name = text(e, "function_name").to_ascii_lowercase();
        // modifiers the printer does not carry over would silently change the result
        if e["distinct"].as_bool() == Some(true)
            || !e["filter_expr"].is_null()
            || e["ignore_nulls"].as_bool() == Some(true)
            || !matches!(e["exclude_clause"].as_str(), None | Some("NO_OTHER"))
            || e["arg_orders"].as_array().is_some_and(|o| !o.is_empty())
        {
            return self.unsupported(format!(
                "{name}() OVER with DISTINCT, FILTER, IGNORE NULLS, EXCLUDE or an argument ORDER BY"
            ));
        }
        let args: Vec<String> = e["children"]
            .as_array()
            .or_else(|| e["arguments"].as_array())
            .into_iter()
            .flatten()
            .map(|a| {
                let a = if a.get("expression").is_some() {
                    &a["expression"]
                } else {
                    a
                };
                self.expr(a)
            })
            .collect();
        let offset = (!e["offset_expr"].is_null()).then(|| self.expr(&e["offset_expr"]));
        let default = (!e["default_expr"].is_null()).then(|| self.expr(&e["default_expr"]));
        let call = match name.as_str() {
            "row_number" | "rank" | "dense_rank" | "percent_rank" | "cume_dist" => {
                format!("{name}()")
            }
            "lag" | "lead" => {
                let mut all = args.clone();
                all.push(offset.unwrap_or_else(|| "1".into()));
                if let Some(d) = default {
                    all.push(d);
                }
                format!("{name}({})", all.join(", "))
            }
            "first_value" | "last_value" | "count" | "sum" | "min" | "max" | "avg" => {
                let args = if name == "avg" {
                    args.iter()
                        .map(|a| format!("CAST({a} AS DOUBLE)"))
                        .collect()
                } else {
                    args.clone()
                };
                if name == "count" && args.is_empty() {
                    "count(1)".into()
                } else {
                    format!("{name}({})", args.join(", "))
                }
            }
            "count_star" => "count(1)".into(),
            other => return self.unsupported(format!("window function {other}")),
        };
        let mut over = Vec::new();
        let parts: Vec<String> = e["partitions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| self.expr(p))
            .collect();
        if !parts.is_empty() {
            over.push(format!("PARTITION BY {}", parts.join(", ")));
        }
        if e["orders"].as_array().is_some_and(|o| !o.is_empty()) {
            over.push(format!("ORDER BY {}", self.orders(&e["orders"])));
        }
        if let Some(frame) = self.frame(e) {
            over.push(frame);
        }
        format!("{call} OVER ({})", over.join(" "))
    }

    /// The frame clause, or None for DuckDB's default frame (which is Spark's too).
    fn frame(&mut self, e: &Value) -> Option<String> {
        let (start, end) = (text(e, "start"), text(e, "end"));
        if matches!(
            (start, end),
            ("UNBOUNDED_PRECEDING", "CURRENT_ROW_RANGE") | ("", "")
        ) {
            return None;
        }
        let unit = if start.ends_with("_RANGE") || end.ends_with("_RANGE") {
            "RANGE"
        } else {
            "ROWS"
        };
        let mut bound = |b: &str, expr: &Value| -> String {
            match b {
                "UNBOUNDED_PRECEDING" => "UNBOUNDED PRECEDING".into(),
                "UNBOUNDED_FOLLOWING" => "UNBOUNDED FOLLOWING".into(),
                "CURRENT_ROW_ROWS" | "CURRENT_ROW_RANGE" => "CURRENT ROW".into(),
                "EXPR_PRECEDING_ROWS" | "EXPR_PRECEDING_RANGE" => {
                    format!("{} PRECEDING", self.frame_literal(expr))
                }
                "EXPR_FOLLOWING_ROWS" | "EXPR_FOLLOWING_RANGE" => {
                    format!("{} FOLLOWING", self.frame_literal(expr))
                }
                other => self.unsupported(format!("window frame bound {other}")),
            }
        };
        let s = bound(start, &e["start_expr"]);
        let t = bound(end, &e["end_expr"]);
        Some(format!("{unit} BETWEEN {s} AND {t}"))
    }
}

impl Printer<'_> {
    /// A frame bound as the literal Spark's grammar requires: a row count, or an interval of
    /// whole days, hours, minutes or seconds, computed from literals and parameter values.
    fn frame_literal(&mut self, e: &Value) -> String {
        let unit = match text(e, "function_name") {
            "to_days" => Some("DAY"),
            "to_hours" => Some("HOUR"),
            "to_minutes" => Some("MINUTE"),
            "to_seconds" => Some("SECOND"),
            _ => None,
        };
        let number = match unit {
            Some(_) => self.constant(&e["arguments"][0]["expression"]),
            None => self.constant(e),
        };
        match (unit, number) {
            (Some(unit), Some(n)) if n.fract() == 0.0 => format!("INTERVAL '{}' {unit}", n as i64),
            (None, Some(n)) if n.fract() == 0.0 => format!("{}", n as i64),
            _ => self.unsupported(
                "a window-frame bound that is not a whole number of rows, days, hours, minutes or seconds".into(),
            ),
        }
    }

    /// The value of a constant expression: literals, parameters, casts, `trunc`, + − ×.
    fn constant(&self, e: &Value) -> Option<f64> {
        match text(e, "class") {
            "CONSTANT" => e["literal"]["text"].as_str()?.parse().ok(),
            "PARAMETER" => match self.values.get(text(e, "identifier"))? {
                super::rule::ParamValue::Integer(n) => Some(*n as f64),
                super::rule::ParamValue::Float(x) => Some(*x),
                _ => None,
            },
            "CAST" => {
                let x = self.constant(&e["child"])?;
                match text(&e["type_expr"], "type_name")
                    .to_ascii_uppercase()
                    .as_str()
                {
                    "INTEGER" | "BIGINT" | "INT" => Some(x.round()),
                    _ => Some(x),
                }
            }
            "FUNCTION" => {
                let args: Vec<f64> = e["arguments"]
                    .as_array()?
                    .iter()
                    .map(|a| self.constant(&a["expression"]))
                    .collect::<Option<_>>()?;
                match (text(e, "function_name"), args.as_slice()) {
                    ("trunc", [x]) => Some(x.trunc()),
                    ("+", [x, y]) => Some(x + y),
                    ("-", [x, y]) => Some(x - y),
                    ("-", [x]) => Some(-x),
                    ("*", [x, y]) => Some(x * y),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// `to_json`'s options: keep NULL fields (DuckDB writes them) and write TIMESTAMPs with all six
/// fractional digits, which the driver trims to DuckDB's form (`evidence_as_json` in
/// spark_driver.py).
const JSON_OPTIONS: &str = "map('ignoreNullFields', 'false', 'timestampNTZFormat', 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'timestampFormat', 'yyyy-MM-dd HH:mm:ss.SSSSSS')";

mod functions;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped rule compiles: the printer knows every construct they use.
    #[test]
    fn every_shipped_rule_compiles_for_spark() {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        for pack in crate::risk::shipped_packs() {
            for rule in crate::risk::load_pack(pack).unwrap() {
                let values = crate::risk::Overrides::default().resolve(&rule).unwrap();
                let sql =
                    compile(&conn, &rule, &values).unwrap_or_else(|e| panic!("{}: {e}", rule.id));
                assert!(
                    sql.starts_with("WITH") || sql.starts_with("SELECT") || sql.starts_with('('),
                    "{sql}"
                );
            }
        }
    }

    #[test]
    fn differences_in_meaning_are_written_out() {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        let rule = |sql: &str| {
            let text = format!("-- ---\n-- id = \"t\"\n-- title = \"t\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = []\n-- ---\n{sql}");
            compile(
                &conn,
                &Rule::parse(&text, "t.sql").unwrap(),
                &Default::default(),
            )
            .unwrap()
        };
        assert_eq!(
            rule("SELECT a / b FROM t"),
            "SELECT (CAST(`a` AS DOUBLE) / CAST(`b` AS DOUBLE))\nFROM `t`"
        );
        assert_eq!(rule("SELECT 'a\\d' FROM t"), "SELECT 'a\\\\d'\nFROM `t`");
        assert!(rule("SELECT x FROM t WHERE y > $min").contains("(`y` > :min)"));
        assert!(rule("SELECT {'k': a ->> 'x'} FROM t")
            .contains("named_struct('k', get_json_object(`a`, '$.x'))"));
        assert!(rule("SELECT ts - INTERVAL 30 DAY FROM t").contains("make_dt_interval("));
        assert!(
            rule("SELECT a FROM t QUALIFY row_number() OVER (ORDER BY a / b DESC) = 1")
                .contains("DOUBLE)) DESC NULLS LAST) = 1")
        );
        assert!(
            rule("SELECT a FROM t ORDER BY a NULLS FIRST").ends_with("ORDER BY `a` NULLS FIRST")
        );
        assert!(rule("SELECT a FROM t WHERE b LIKE 'C:\\x%'")
            .contains("LIKE 'C:\\\\x%' ESCAPE '\\u001F'"));
        assert!(rule("SELECT CAST(a / 2 AS INTEGER) FROM t").contains("CAST(round("));
        assert!(rule("SELECT list(a ORDER BY b) FROM t").contains(
            "array_sort(collect_list(named_struct('n0', `b` IS NULL, 'k0', `b`, 'v', `a`)))"
        ));
    }
}
