//! DuckDB functions and operators as Spark SQL, with the differences in meaning written out
//! (the module docs of [`super`] list them).

use super::{string_literal, text, Printer};
use serde_json::Value;

/// DuckDB's `time_bucket` origin for intervals of days and less: Monday 2000-01-03, in
/// microseconds since the epoch.
const BUCKET_ORIGIN_MICROS: i64 = 946_857_600_000_000;

/// A LIKE escape character no pattern contains (U+001F, written as Spark unescapes it), so
/// that a backslash in a pattern is the plain character it is in DuckDB.
const NO_ESCAPE: &str = "\\u001F";

impl Printer<'_> {
    pub(super) fn function(&mut self, e: &Value) -> String {
        let name = text(e, "function_name").to_ascii_lowercase();
        let arguments: Vec<Value> = e["arguments"].as_array().cloned().unwrap_or_default();
        let raw: Vec<&Value> = arguments.iter().map(|a| &a["expression"]).collect();
        let distinct = e["distinct"].as_bool().unwrap_or(false);
        let ordered = e["order_bys"]["orders"]
            .as_array()
            .is_some_and(|o| !o.is_empty());
        if ordered && !matches!(name.as_str(), "list" | "array_agg" | "string_agg") {
            return self.unsupported(format!("ORDER BY inside {name}()"));
        }
        let filter = (!e["filter"].is_null()).then(|| self.expr(&e["filter"]));
        let filter_clause = filter
            .as_ref()
            .map(|f| format!(" FILTER (WHERE {f})"))
            .unwrap_or_default();
        let a: Vec<String> = raw.iter().map(|x| self.expr(x)).collect();
        let call = |f: &str, args: &[String]| format!("{f}({})", args.join(", "));
        let agg = |f: &str, args: &[String]| {
            format!(
                "{f}({}{}){filter_clause}",
                if distinct { "DISTINCT " } else { "" },
                args.join(", ")
            )
        };
        match (name.as_str(), a.as_slice()) {
            // operators
            ("+", [x, y]) => format!("({x} + {y})"),
            ("-", [x]) => format!("(- {x})"),
            ("-", [x, y]) => format!("({x} - {y})"),
            ("*", [x, y]) => format!("({x} * {y})"),
            // DuckDB's `/` always divides as floating point (integers and decimals alike)
            ("/", [x, y]) => format!("(CAST({x} AS DOUBLE) / CAST({y} AS DOUBLE))"),
            ("//", [x, y]) => format!("({x} DIV {y})"),
            ("%", [x, y]) => format!("({x} % {y})"),
            ("||", [x, y]) => format!("concat({x}, {y})"),
            // DuckDB's LIKE has no escape character; Spark's default is the backslash
            ("~~", [x, y]) => format!("({x} LIKE {y} ESCAPE '{NO_ESCAPE}')"),
            ("!~~", [x, y]) => format!("({x} NOT LIKE {y} ESCAPE '{NO_ESCAPE}')"),
            ("~~*", [x, y]) => format!("({x} ILIKE {y} ESCAPE '{NO_ESCAPE}')"),
            ("!~~*", [x, y]) => format!("({x} NOT ILIKE {y} ESCAPE '{NO_ESCAPE}')"),
            ("->>", [x, _]) => self.json_path(x, raw[1]),
            ("array_extract" | "list_extract", [x, i]) => format!("element_at({x}, {i})"),
            ("struct_extract", [x, _]) => match raw[1]["literal"]["text"].as_str() {
                Some(field) => format!("{x}.{}", super::ident(field)),
                None => self.unsupported("a struct field that is not a literal".into()),
            },
            ("array_slice", [x, from, to]) => format!("slice({x}, {from}, {to} - {from} + 1)"),
            // values
            ("list_value", _) => call("array", &a),
            ("row", _) => call("struct", &a),
            ("struct_pack", _) => {
                let fields: Vec<String> = arguments
                    .iter()
                    .zip(&a)
                    .map(|(arg, v)| format!("{}, {v}", string_literal(text(arg, "name"))))
                    .collect();
                call("named_struct", &fields)
            }
            // numbers
            ("trunc", [x]) => format!("(CASE WHEN {x} < 0 THEN ceil({x}) ELSE floor({x}) END)"),
            ("pow" | "power", [x, y]) => call("pow", &[x.clone(), y.clone()]),
            // DuckDB rounds a DOUBLE as C does, `std::round(x * 10^d) / 10^d` (half away from
            // zero, after the multiplication's own rounding); Spark rounds the shortest decimal
            // form of x half-up, which differs when that form ends in 5 (10.70125 is stored as
            // 10.701249999…, which DuckDB rounds to 10.7012 and Spark to 10.7013). Spark's
            // round(…, 0) of a double is exact half-away-from-zero, so the same steps give
            // DuckDB's value; DECIMAL and integers keep Spark's exact decimal rounding.
            ("round", [x, _]) if integer_literal(raw[1]).is_some_and(|d| (0..=15).contains(&d)) => {
                let d = integer_literal(raw[1]).unwrap_or_default();
                format!("(CASE WHEN typeof({x}) = 'double' THEN round({x} * 1E{d}, 0) / 1E{d} ELSE round({x}, {d}) END)")
            }
            (
                "abs" | "ceil" | "ceiling" | "floor" | "round" | "sign" | "sqrt" | "exp" | "ln" | "log10"
                | "log2" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "atan2" | "radians"
                | "degrees" | "least" | "greatest" | "isnan" | "nullif" | "coalesce",
                _,
            ) => call(&name, &a),
            // text
            ("lower" | "upper" | "trim" | "ltrim" | "rtrim" | "length" | "left" | "right" | "replace"
            | "concat" | "concat_ws" | "md5" | "lpad" | "rpad" | "instr", _) => call(&name, &a),
            ("substr" | "substring", _) => call("substring", &a),
            ("starts_with", [x, y]) => call("startswith", &[x.clone(), y.clone()]),
            ("ends_with", [x, y]) => call("endswith", &[x.clone(), y.clone()]),
            ("contains", [x, y]) => call("contains", &[x.clone(), y.clone()]),
            ("string_split", [x, _]) => match raw[1]["literal"]["text"].as_str() {
                Some(sep) => format!("split({x}, {}, -1)", string_literal(&regex_quote(sep))),
                None => self.unsupported("string_split with a separator that is not a literal".into()),
            },
            ("regexp_extract", [x, p]) => call("regexp_extract", &[x.clone(), p.clone(), "0".into()]),
            ("regexp_extract", [x, p, g]) => call("regexp_extract", &[x.clone(), p.clone(), g.clone()]),
            ("regexp_matches", [x, p]) => format!("({x} RLIKE {p})"),
            ("regexp_replace", [x, p, _, _]) => match (raw[2]["literal"]["text"].as_str(), raw[3]["literal"]["text"].as_str()) {
                // only 'g' (every match, as Spark always replaces); other options change the
                // pattern's meaning and are refused
                (Some(r), Some("g")) => call("regexp_replace", &[x.clone(), p.clone(), string_literal(&java_replacement(r))]),
                _ => self.unsupported("regexp_replace other than with a literal replacement and the option 'g'".into()),
            },
            ("printf", [_, rest @ ..]) => match raw[0]["literal"]["text"].as_str().and_then(java_format) {
                // each argument is converted to what its conversion reads; DuckDB's printf is
                // NULL when any argument is (Spark's prints "null")
                Some((fmt, kinds)) if kinds.len() == rest.len() => {
                    let mut args = vec![string_literal(&fmt)];
                    args.extend(rest.iter().zip(&kinds).map(|(a, k)| k.convert(a)));
                    let any_null: Vec<String> = rest.iter().map(|a| format!("{a} IS NULL")).collect();
                    format!("(CASE WHEN {} THEN NULL ELSE {} END)", any_null.join(" OR "), call("format_string", &args))
                }
                _ => self.unsupported("printf with a format that is not a literal of %s, %d and %f conversions (flags - + space , and a width) matching its arguments".into()),
            },
            // time
            ("strftime", [x, _]) => match raw[1]["literal"]["text"].as_str() {
                Some(fmt) => match java_datetime_pattern(fmt) {
                    Some(p) => format!("date_format({x}, {})", string_literal(&p)),
                    None => self.unsupported(format!("strftime pattern {fmt:?}")),
                },
                None => self.unsupported("strftime with a pattern that is not a literal".into()),
            },
            ("date_diff" | "datediff", [_, from, to]) => match raw[0]["literal"]["text"].as_str().map(str::to_ascii_lowercase).as_deref() {
                // boundaries crossed, as DuckDB counts them
                Some("second" | "seconds") => boundary_diff(from, to, 1_000_000),
                Some("minute" | "minutes") => boundary_diff(from, to, 60_000_000),
                Some("hour" | "hours") => boundary_diff(from, to, 3_600_000_000),
                Some("day" | "days") => format!("datediff(CAST({to} AS DATE), CAST({from} AS DATE))"),
                other => self.unsupported(format!("date_diff by {other:?}")),
            },
            ("epoch", [x]) => format!("(unix_micros(CAST({x} AS TIMESTAMP)) / 1e6)"),
            ("date_trunc", [_, x]) => match raw[0]["literal"]["text"].as_str().map(str::to_ascii_lowercase).and_then(|u| spark_trunc_unit(&u)) {
                Some(unit) => format!("CAST(date_trunc('{unit}', {x}) AS TIMESTAMP_NTZ)"),
                None => self.unsupported("date_trunc with a unit other than a literal year, quarter, month, week, day, hour, minute or second".into()),
            },
            ("year" | "month" | "day" | "hour" | "minute" | "second", [x]) => call(&name, std::slice::from_ref(x)),
            ("to_days", [n]) => format!("make_dt_interval({n}, 0, 0, 0)"),
            ("to_hours", [n]) => format!("make_dt_interval(0, {n}, 0, 0)"),
            ("to_minutes", [n]) => format!("make_dt_interval(0, 0, {n}, 0)"),
            ("to_seconds", [n]) => format!("make_dt_interval(0, 0, 0, {n})"),
            ("time_bucket", [width, x]) => match self.interval_micros(raw[0]) {
                Some(w) => format!(
                    "CAST(timestamp_micros({BUCKET_ORIGIN_MICROS} + floor((unix_micros(CAST({x} AS TIMESTAMP)) - {BUCKET_ORIGIN_MICROS}) / {w}) * {w}) AS TIMESTAMP_NTZ)"
                ),
                None => {
                    let _ = width;
                    self.unsupported("time_bucket with a width that is not a literal interval".into())
                }
            },
            // lists (DuckDB skips NULL elements where Spark would give NULL)
            ("flatten", [x]) => format!("flatten(filter({x}, l -> l IS NOT NULL))"),
            ("list_contains" | "array_contains", [l, v]) => format!("array_contains(filter({l}, e -> e IS NOT NULL), {v})"),
            ("list_has_any" | "array_has_any", [l, m]) => {
                format!("arrays_overlap(filter({l}, e -> e IS NOT NULL), filter({m}, e -> e IS NOT NULL))")
            }
            ("list_sort" | "array_sort", [l]) => call("array_sort", std::slice::from_ref(l)),
            ("list_distinct" | "array_distinct", [l]) => format!("array_distinct(filter({l}, e -> e IS NOT NULL))"),
            ("list_filter" | "array_filter", [l, f]) => call("filter", &[l.clone(), f.clone()]),
            ("list_transform" | "array_transform", [l, f]) => call("transform", &[l.clone(), f.clone()]),
            ("list_concat" | "array_concat", [x, y]) => {
                format!("concat(coalesce({x}, slice({y}, 1, 0)), coalesce({y}, slice({x}, 1, 0)))")
            }
            ("array_length", [l]) => call("array_size", std::slice::from_ref(l)),
            // a JSON text kept as JSON inside a STRUCT (Spark's VARIANT, which to_json nests)
            ("json", [x]) => call("parse_json", std::slice::from_ref(x)),
            ("array_to_string", [l, sep]) => call("array_join", &[l.clone(), sep.clone()]),
            ("unnest", [l]) => call("explode", std::slice::from_ref(l)),
            // aggregates
            ("count_star", []) => format!("count(1){filter_clause}"),
            ("count" | "sum" | "min" | "max" | "bool_or" | "bool_and" | "median" | "stddev_samp"
            | "stddev_pop" | "var_samp" | "var_pop", _) => agg(&name, &a),
            ("avg", [x]) => agg("avg", &[format!("CAST({x} AS DOUBLE)")]),
            ("quantile_cont", [x, q]) => agg("percentile", &[x.clone(), q.clone()]),
            ("arg_max" | "max_by", [x, k]) => agg("max_by", &[x.clone(), k.clone()]),
            ("arg_min" | "min_by", [x, k]) => agg("min_by", &[x.clone(), k.clone()]),
            ("list" | "array_agg", [x]) => self.list_aggregate(e, x, distinct, filter.as_deref()),
            ("string_agg", [x, sep]) => {
                let list = self.list_aggregate(e, x, distinct, filter.as_deref());
                // DuckDB's string_agg skips NULLs and is NULL over no values
                format!("nullif(array_join({list}, {sep}), '')")
            }
            _ => self.unsupported(format!("{name}() with {} argument(s)", a.len())),
        }
    }

    /// `list(x [ORDER BY k])`: DuckDB keeps NULL elements, is NULL over no rows, and orders by
    /// `k` when asked; Spark's `collect_list` drops NULLs and gives `[]`.
    fn list_aggregate(
        &mut self,
        e: &Value,
        x: &str,
        distinct: bool,
        filter: Option<&str>,
    ) -> String {
        let filter_clause = filter
            .map(|f| format!(" FILTER (WHERE {f})"))
            .unwrap_or_default();
        let orders: Vec<Value> = e["order_bys"]["orders"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let empty = match filter {
            Some(f) => format!("count(1) FILTER (WHERE {f}) = 0"),
            None => "count(1) = 0".into(),
        };
        if distinct {
            if !orders.is_empty() {
                return self.unsupported("list(DISTINCT … ORDER BY …)".into());
            }
            // the distinct values, NULL among them (collect_set would drop it); their order
            // is not defined in either engine (lint asks for list_sort around it)
            return format!(
                "(CASE WHEN {empty} THEN NULL ELSE array_distinct(transform(collect_list(named_struct('v', {x})){filter_clause}, s -> s.v)) END)"
            );
        }
        let mut keys = Vec::new();
        for (i, o) in orders.iter().enumerate() {
            if text(o, "type") == "DESCENDING" {
                return self.unsupported("list(… ORDER BY … DESC)".into());
            }
            // Spark sorts NULL struct fields first: a flag before each key puts NULLs where
            // the rule asked (DuckDB's default: last)
            let key = self.expr(&o["expression"]);
            let nulls_first = matches!(text(o, "null_order"), "NULLS FIRST" | "NULLS_FIRST");
            let flag = if nulls_first {
                "IS NOT NULL"
            } else {
                "IS NULL"
            };
            keys.push(format!("'n{i}', {key} {flag}, 'k{i}', {key}"));
        }
        keys.push(format!("'v', {x}"));
        let collected = format!(
            "collect_list(named_struct({})){filter_clause}",
            keys.join(", ")
        );
        let sorted = if orders.is_empty() {
            collected
        } else {
            format!("array_sort({collected})")
        };
        format!("(CASE WHEN {empty} THEN NULL ELSE transform({sorted}, s -> s.v) END)")
    }

    pub(super) fn json_path(&mut self, x: &str, key: &Value) -> String {
        match key["literal"]["text"].as_str() {
            // a member name (a number would be an array index, another path)
            Some(k)
                if k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                format!("get_json_object({x}, '$.{k}')")
            }
            _ => self.unsupported("a JSON path that is not a plain member name".into()),
        }
    }
}

/// The value of an integer literal node, if `e` is one.
fn integer_literal(e: &Value) -> Option<i64> {
    if e["class"].as_str() != Some("CONSTANT") {
        return None;
    }
    e["literal"]["text"].as_str()?.parse().ok()
}

/// What one printf conversion reads, and how its argument becomes that in Spark.
#[derive(Debug, Clone, PartialEq)]
enum Conversion {
    Text,
    Integer,
    /// `%f`: printed by [`Conversion::convert`] before Java's Formatter sees it, as a string
    /// from a `java.text.DecimalFormat` pattern.
    Fixed {
        pattern: String,
    },
}

impl Conversion {
    /// `arg` as the Spark expression the translated format reads.
    fn convert(&self, arg: &str) -> String {
        match self {
            Conversion::Text => format!("CAST({arg} AS STRING)"),
            Conversion::Integer => format!("CAST({arg} AS BIGINT)"),
            // Java's Formatter rounds the shortest decimal form of a double half-up; C's printf
            // (DuckDB's) rounds the exact binary value, half-even on exact ties, and so does
            // DecimalFormat (format_number with a pattern). Checked on 40,000 values, ties
            // among them, for every pattern the shipped packs use (docs/spark.md).
            Conversion::Fixed { pattern } => format!(
                "(CASE WHEN isnan(CAST({arg} AS DOUBLE)) THEN 'nan' WHEN CAST({arg} AS DOUBLE) = double('Infinity') THEN 'inf' \
                 WHEN CAST({arg} AS DOUBLE) = double('-Infinity') THEN '-inf' ELSE format_number(CAST({arg} AS DOUBLE), {}) END)",
                string_literal(pattern)
            ),
        }
    }
}

/// A printf format for Java's Formatter (every `%f` turned into a `%s` of the number printed
/// as C prints it), with what each argument is converted to; None for what clearway does not
/// translate (`%e`, `%g`, `%x`, `%c`, zero padding, `#`, a precision on `%s` or `%d`).
fn java_format(fmt: &str) -> Option<(String, Vec<Conversion>)> {
    let mut out = String::new();
    let mut kinds = Vec::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&n) = chars.peek().filter(|n| "-+ #0,".contains(**n)) {
            flags.push(n);
            chars.next();
        }
        let mut width = String::new();
        while let Some(&n) = chars.peek().filter(|n| n.is_ascii_digit()) {
            width.push(n);
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut digits = String::new();
            while let Some(&n) = chars.peek().filter(|n| n.is_ascii_digit()) {
                digits.push(n);
                chars.next();
            }
            precision = Some(digits.parse::<usize>().unwrap_or(0));
        }
        // C reads flags in any order and any number of times; Java refuses repeats, `-`
        // without a width, and `+` with a space (where C lets `+` win)
        if flags.contains(['0', '#']) || (flags.contains('+') && flags.contains(' ')) {
            return None;
        }
        let mut unique = String::new();
        for f in flags.chars() {
            if !unique.contains(f) && (f != '-' || !width.is_empty()) {
                unique.push(f);
            }
        }
        let flags = unique;
        let left = if flags.contains('-') { "-" } else { "" };
        match chars.next()? {
            '%' if flags.is_empty() && width.is_empty() && precision.is_none() => {
                out.push_str("%%")
            }
            'd' | 'i' if precision.is_none() => {
                out.push_str(&format!("%{flags}{width}d"));
                kinds.push(Conversion::Integer);
            }
            's' if precision.is_none() && !flags.contains(['+', ' ', ',']) => {
                out.push_str(&format!("%{left}{width}s"));
                kinds.push(Conversion::Text);
            }
            'f' | 'F' => {
                out.push_str(&format!("%{left}{width}s"));
                kinds.push(Conversion::Fixed {
                    pattern: decimal_pattern(&flags, precision.unwrap_or(6)),
                });
            }
            _ => return None,
        }
    }
    Some((out, kinds))
}

/// The DecimalFormat pattern that prints a number as C's `%{flags}.{precision}f` does.
fn decimal_pattern(flags: &str, precision: usize) -> String {
    let mut number = if flags.contains(',') { "#,##0" } else { "0" }.to_string();
    if precision > 0 {
        number.push('.');
        number.push_str(&"0".repeat(precision));
    }
    // an explicit sign for positive numbers (and zero), as C's `+` and ` ` flags print one
    match (flags.contains('+'), flags.contains(' ')) {
        (true, _) => format!("'+'{number};-{number}"),
        (false, true) => format!("' '{number};-{number}"),
        _ => number,
    }
}

/// `text` with the regular-expression metacharacters escaped (Spark's `split` takes a regex).
fn regex_quote(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\^$.|?*+()[]{}".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// A DuckDB (RE2) replacement string in Java's syntax: `\1` → `$1`, a literal `$` escaped.
fn java_replacement(r: &str) -> String {
    let mut out = String::new();
    let mut chars = r.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => out.push_str("\\$"),
            '\\' => match chars.next() {
                Some(d) if d.is_ascii_digit() => {
                    out.push('$');
                    out.push(d);
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push_str("\\\\"),
            },
            c => out.push(c),
        }
    }
    out
}

/// A `strftime` pattern as a Java `DateTimeFormatter` pattern, for the specifiers clearway's
/// rules use; None for any other.
fn java_datetime_pattern(fmt: &str) -> Option<String> {
    let mut out = String::new();
    let mut literal = String::new();
    let flush = |out: &mut String, literal: &mut String| {
        if !literal.is_empty() {
            out.push('\'');
            out.push_str(&literal.replace('\'', "''"));
            out.push('\'');
            literal.clear();
        }
    };
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            if c.is_ascii_alphabetic() || c == '\'' {
                literal.push(c);
            } else {
                flush(&mut out, &mut literal);
                out.push(c);
            }
            continue;
        }
        let spec = match chars.next()? {
            'Y' => "yyyy",
            'm' => "MM",
            'd' => "dd",
            'H' => "HH",
            'M' => "mm",
            'S' => "ss",
            'j' => "DDD",
            '%' => {
                literal.push('%');
                continue;
            }
            _ => return None,
        };
        flush(&mut out, &mut literal);
        out.push_str(spec);
    }
    flush(&mut out, &mut literal);
    Some(out)
}

/// Whole `unit`s (in microseconds) between two timestamps, counted as DuckDB's `date_diff`
/// counts them: boundaries crossed, not whole periods elapsed.
fn boundary_diff(from: &str, to: &str, unit: i64) -> String {
    format!(
        "(CAST(floor(unix_micros(CAST({to} AS TIMESTAMP)) / {unit}) AS BIGINT) - CAST(floor(unix_micros(CAST({from} AS TIMESTAMP)) / {unit}) AS BIGINT))"
    )
}

/// Spark's name for a `date_trunc` unit DuckDB accepts (singular or plural).
fn spark_trunc_unit(unit: &str) -> Option<&'static str> {
    Some(match unit.trim_end_matches('s') {
        "year" => "YEAR",
        "quarter" => "QUARTER",
        "month" => "MONTH",
        "week" => "WEEK",
        "day" => "DAY",
        "hour" => "HOUR",
        "minute" => "MINUTE",
        "second" => "SECOND",
        _ => return None,
    })
}

impl Printer<'_> {
    /// The width in microseconds of a constant interval (`INTERVAL 15 MINUTE` arrives as
    /// `to_minutes(15)`); None unless it is a positive whole number of microseconds.
    fn interval_micros(&self, e: &Value) -> Option<i64> {
        let unit: i64 = match text(e, "function_name") {
            "to_days" => 86_400_000_000,
            "to_hours" => 3_600_000_000,
            "to_minutes" => 60_000_000,
            "to_seconds" => 1_000_000,
            _ => return None,
        };
        let n = self.constant(&e["arguments"][0]["expression"])? * unit as f64;
        (n.fract() == 0.0 && n > 0.0).then_some(n as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strftime_patterns_become_java_patterns() {
        assert_eq!(
            java_datetime_pattern("%Y-%m-%d %H:%M").as_deref(),
            Some("yyyy-MM-dd HH:mm")
        );
        assert_eq!(java_datetime_pattern("%Y-%m").as_deref(), Some("yyyy-MM"));
        assert_eq!(
            java_datetime_pattern("week of %Y").as_deref(),
            Some("'week' 'of' yyyy")
        );
        assert_eq!(java_datetime_pattern("%a"), None);
    }

    #[test]
    fn printf_formats_become_what_java_accepts_and_prints_as_c() {
        let (fmt, kinds) = java_format("%d of %s: %.2f, %+.0f, %,.2f %%").unwrap();
        assert_eq!(fmt, "%d of %s: %s, %s, %s %%");
        let patterns: Vec<String> = kinds
            .iter()
            .filter_map(|k| match k {
                Conversion::Fixed { pattern } => Some(pattern.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(patterns, ["0.00", "'+'0;-0", "#,##0.00"]);
        // `-` without a width, and repeated flags, which Java refuses and C ignores
        assert_eq!(java_format("%-d|%-s|%--5d").unwrap().0, "%d|%s|%-5d");
        assert_eq!(java_format("%8.1f").unwrap().0, "%8s");
        assert_eq!(
            java_format("%f").map(|(_, k)| k),
            Some(vec![Conversion::Fixed {
                pattern: "0.000000".into()
            }])
        );
        for refused in ["%+ d", "%05.1f", "%#x", "%e", "%.3s", "%5%"] {
            assert_eq!(java_format(refused), None, "{refused}");
        }
    }

    #[test]
    fn replacements_and_separators_are_translated() {
        assert_eq!(java_replacement(r"\1-\2 $"), r"$1-$2 \$");
        assert_eq!(regex_quote(";"), ";");
        assert_eq!(regex_quote("a.b|c"), r"a\.b\|c");
    }
}
