//! SQL as clearway writes and runs it: parameters bound (never spliced), the one quoting of
//! identifiers and literals, values from users parsed into their types before they are bound,
//! and DuckDB's errors turned into diagnostics that point at the offending text.
//!
//! Why one module: SQL text is built in many places (loaders, rules, charts, the model, the
//! TUI), and every one of them must quote a name the same way and must never paste a user's
//! value into the text. Identifiers go through [`ident`]; a value is bound as a parameter, and
//! where DuckDB only takes a literal (a `COPY ... TO` path, a reader option) it goes through
//! [`literal`]; dates a user gives are parsed by [`date_flag`] first.
//!
//! DuckDB reports the position of parse and binder errors as a `LINE n: <excerpt>` line
//! followed by a caret line; [`locate_error`] maps that back to a byte offset in the SQL so
//! miette can underline it.

pub mod files;
pub mod statements;
pub mod time_zones;
pub mod types;

use crate::error::{Error, Result};
use miette::NamedSource;

/// Quotes an SQL identifier (a table or column name): the only way clearway writes a name into
/// SQL text, so a name with a quote, a space or a keyword in it stays one name.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes an SQL string literal, for the few places DuckDB takes no parameter (file paths of
/// `COPY ... TO`, reader options); values in queries are bound instead.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A date a user gave on the command line (`--since 2024-01-01`), parsed before it goes near
/// SQL: anything but `YYYY-MM-DD` is refused with the flag and the value named.
pub fn date_flag(flag: &str, text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Error::usage(
            format!("{flag} `{text}` is not a date"),
            "write it as YYYY-MM-DD",
        )
    })
}

/// A `--param name=value` pair.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Param {
    pub name: String,
    pub value: String,
}

impl Param {
    /// A parameter from a value clearway itself chose (a load id, a path), bound as its text.
    pub fn new(name: &str, value: impl std::fmt::Display) -> Param {
        Param {
            name: name.to_string(),
            value: value.to_string(),
        }
    }
}

impl std::str::FromStr for Param {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let (name, value) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not name=value"))?;
        let name = name.trim().trim_start_matches('$');
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "`{name}` is not a parameter name (letters, digits, _)"
            ));
        }
        Ok(Param {
            name: name.to_string(),
            value: value.to_string(),
        })
    }
}

/// A statement without surrounding space and trailing semicolons, ready to be wrapped in
/// `COPY (...)` or a subquery.
pub fn statement_body(text: &str) -> &str {
    text.trim().trim_end_matches(';').trim_end()
}

/// Parameter values by name, as DuckDB's named-parameter binding takes them.
pub type Bindings = std::collections::HashMap<String, String>;

/// Prepares `sql` and checks `params` against its `$name` placeholders: every placeholder needs
/// a value and every value a placeholder. Values are bound as text; DuckDB casts them to the
/// type the statement expects, so `--param min=10` compares as a number with a numeric column.
pub fn prepare<'c>(
    conn: &'c duckdb::Connection,
    sql: &str,
    params: &[Param],
    source_name: &str,
) -> Result<(duckdb::Statement<'c>, Bindings)> {
    let stmt = conn
        .prepare(sql)
        .map_err(|e| sql_error(conn, e, sql, source_name))?;
    let names: Vec<String> = (1..=stmt.parameter_count())
        .filter_map(|i| stmt.parameter_name(i).ok())
        .collect();
    if let Some(positional) = names.iter().find(|n| n.chars().all(|c| c.is_ascii_digit())) {
        return Err(Error::usage(
            format!("the SQL uses a positional parameter (?{positional} or ?); clearway binds parameters by name"),
            "write $name in the SQL and pass --param name=value",
        ));
    }
    if let Some(name) = names.iter().find(|n| !params.iter().any(|p| &p.name == *n)) {
        return Err(Error::usage(
            format!("the SQL uses parameter ${name} but no --param {name}=VALUE was given"),
            "give every $name used in the SQL a value with --param name=value",
        ));
    }
    if let Some(unused) = params.iter().find(|p| !names.contains(&p.name)) {
        return Err(Error::usage(
            format!("--param {} is not used by the SQL", unused.name),
            format!(
                "the SQL's parameters are: {}",
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            ),
        ));
    }
    let bindings = params
        .iter()
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect();
    Ok((stmt, bindings))
}

/// Converts a DuckDB error about `sql` into a diagnostic with its position.
pub fn sql_error(
    conn: &duckdb::Connection,
    e: duckdb::Error,
    sql: &str,
    source_name: &str,
) -> Error {
    let full = e.to_string();
    let message = full
        .split("\n\nLINE ")
        .next()
        .unwrap_or(&full)
        .trim()
        .to_string();
    let at = locate_error(sql, &full);
    let src = Some(NamedSource::new(source_name, sql.to_string()));
    if let Some(name) = missing_table_name(&message) {
        let tables = table_names(conn);
        let at = at.or_else(|| find_word(sql, &name)).map(Into::into);
        return Error::MissingTable {
            help: format!(
                "tables in this workspace: {}. Load data with `clearway load declarations FILE`",
                if tables.is_empty() {
                    "none".into()
                } else {
                    tables.join(", ")
                }
            ),
            name,
            src,
            at,
        };
    }
    if let Some(oom) = Error::out_of_memory(&message) {
        return oom;
    }
    if let Some(full) = Error::disk_full_from(&message) {
        return full;
    }
    let help = if message.starts_with("Parser Error") {
        "check the SQL syntax at the marked position (DuckDB's dialect: https://duckdb.org/docs/sql/introduction)".to_string()
    } else if message.contains("Binder Error") && message.contains("column") {
        "check the column names: `clearway query \"DESCRIBE <table>\"` lists a table's columns"
            .to_string()
    } else if needs_icu(&message) {
        "clearway's engine has no ICU extension (docs/reliability.md, \"Dates and time zones\"): \
         `current_date`, `today()` and `AT TIME ZONE 'Area/City'` work; for other calendar \
         arithmetic cast the value to TIMESTAMP (UTC) first, e.g. `ts::TIMESTAMP + INTERVAL 1 DAY`"
            .to_string()
    } else if message.contains("read-only") || message.contains("read only") {
        "`clearway query` runs read-only; change data with clearway's own commands".to_string()
    } else {
        "see DuckDB's message above".to_string()
    };
    Error::Sql {
        message,
        help,
        src,
        at: at.map(Into::into),
    }
}

/// DuckDB's messages for what only its ICU extension provides: a function it names as ICU's, an
/// attempt to fetch ICU, no overload for the `TIMESTAMP WITH TIME ZONE` argument the statement
/// gave (only the quoted argument types count: the list of candidates that follows names time
/// zones for unrelated mistakes too), or the casts to DATE and TIME that ICU implements.
fn needs_icu(message: &str) -> bool {
    let given_types = message
        .split_once("argument types '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(types, _)| types);
    message.contains("icu extension")
        || message.contains("extension 'icu")
        || given_types.is_some_and(|types| types.contains("TIMESTAMP WITH TIME ZONE"))
        || message.contains("(TIMESTAMP WITH TIME ZONE -> DATE)")
        || message.contains("(TIMESTAMP WITH TIME ZONE -> TIME)")
}

fn table_names(conn: &duckdb::Connection) -> Vec<String> {
    let Ok(mut stmt) = conn.prepare(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1",
    ) else {
        return vec![];
    };
    stmt.query_map([], |r| r.get::<_, String>(0))
        .map(|rows| rows.filter_map(|r| r.ok()).collect())
        .unwrap_or_default()
}

fn missing_table_name(message: &str) -> Option<String> {
    let rest = message.split("Table with name ").nth(1)?;
    let name = rest.split(" does not exist").next()?;
    Some(name.trim().to_string())
}

fn find_word(sql: &str, word: &str) -> Option<(usize, usize)> {
    let lower = sql.to_lowercase();
    lower.find(&word.to_lowercase()).map(|i| (i, word.len()))
}

/// Finds the byte offset DuckDB's `LINE n: excerpt` + caret points at.
pub fn locate_error(sql: &str, message: &str) -> Option<(usize, usize)> {
    let mut lines = message.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("LINE ") else {
            continue;
        };
        let (num, excerpt) = rest.split_once(": ")?;
        let line_no: usize = num.trim().parse().ok()?;
        let caret_line = lines.next()?;
        let caret = caret_line.find('^')?;
        let prefix_len = "LINE ".len() + num.len() + 2;
        let col_in_excerpt = caret.checked_sub(prefix_len)?;
        let (excerpt, skipped) = match excerpt.strip_prefix("...") {
            Some(e) => (e, 3),
            None => (excerpt, 0),
        };
        let excerpt = excerpt.strip_suffix("...").unwrap_or(excerpt);
        let line_start: usize = sql
            .split_inclusive('\n')
            .take(line_no - 1)
            .map(str::len)
            .sum();
        let sql_line = sql[line_start..].lines().next().unwrap_or("");
        let excerpt_at = sql_line.find(excerpt.trim_end()).unwrap_or(0);
        let offset = line_start + excerpt_at + col_in_excerpt.saturating_sub(skipped);
        let offset = offset.min(sql.len());
        let len = sql[offset..]
            .find(|c: char| c.is_whitespace() || c == ',' || c == ')')
            .unwrap_or(sql.len() - offset)
            .max(1);
        return Some((offset, len.min(sql.len() - offset)));
    }
    None
}

/// The workspace tables a query reads, from DuckDB's own parser (`json_serialize_sql`), for
/// provenance and rule linting. Falls back to an empty list when the statement cannot be serialised.
pub fn tables_read(conn: &duckdb::Connection, sql: &str) -> Vec<String> {
    let json: Option<String> = conn
        .query_row("SELECT json_serialize_sql(?)", [sql], |r| r.get(0))
        .ok();
    let Some(value) = json.and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok()) else {
        return vec![];
    };
    let mut names = Vec::new();
    collect_table_names(&value, &mut names);
    // The serialised plan names common table expressions like tables; keep real ones only.
    let real = table_names(conn);
    names.retain(|n| real.contains(n));
    names.sort();
    names.dedup();
    names
}

fn collect_table_names(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if map.get("type").and_then(|t| t.as_str()) == Some("BASE_TABLE") {
                if let Some(name) = map.get("table_name").and_then(|t| t.as_str()) {
                    out.push(name.to_string());
                }
            }
            map.values().for_each(|x| collect_table_names(x, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect_table_names(x, out)),
        _ => {}
    }
}

/// The table functions a rule may call: they make rows, they read nothing.
const ROW_MAKING_TABLE_FUNCTIONS: &[&str] = &["range", "generate_series", "unnest"];

/// What `sql` reads that is not a table of the workspace, as DuckDB's parser sees it: every
/// table function but the row-making ones (`read_text`, `read_csv`, `query`, `glob`, …) and
/// every table name that is a path (`FROM 'export.csv'`). A rule pack is a file from someone
/// else: its rules may read the workspace's tables, not the analyst's files (the audit key
/// among them). Empty when `sql` does not parse (the caller refuses that on its own).
pub fn outside_reads(conn: &duckdb::Connection, sql: &str) -> Vec<String> {
    let json: Option<String> = conn
        .query_row("SELECT json_serialize_sql(?)", [sql], |r| r.get(0))
        .ok();
    let Some(value) = json.and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok()) else {
        return vec![];
    };
    let mut found = Vec::new();
    collect_outside_reads(&value, &mut found);
    found.sort();
    found.dedup();
    found
}

fn collect_outside_reads(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            match map.get("type").and_then(|t| t.as_str()) {
                Some("TABLE_FUNCTION") => {
                    let name = map
                        .get("function")
                        .and_then(|f| f.get("function_name"))
                        .and_then(|n| n.as_str())
                        .unwrap_or("?");
                    if !ROW_MAKING_TABLE_FUNCTIONS.contains(&name.to_ascii_lowercase().as_str()) {
                        out.push(format!("{name}(…)"));
                    }
                }
                Some("BASE_TABLE") => {
                    if let Some(name) = map.get("table_name").and_then(|t| t.as_str()) {
                        if name.contains(['.', '/', '\\', ':', '*']) {
                            out.push(format!("'{name}'"));
                        }
                    }
                }
                _ => {}
            }
            map.values().for_each(|x| collect_outside_reads(x, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect_outside_reads(x, out)),
        _ => {}
    }
}

/// `SELECT * FROM "table"` after checking the table exists.
pub fn select_all(conn: &duckdb::Connection, table: &str) -> Result<String> {
    let exists: i64 = conn.query_row(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
        [table],
        |r| r.get(0),
    )?;
    if exists == 0 {
        let tables = table_names(conn);
        return Err(Error::MissingTable {
            name: table.to_string(),
            help: format!("tables in this workspace: {}", tables.join(", ")),
            src: None,
            at: None,
        });
    }
    Ok(format!("SELECT * FROM {}", ident(table)))
}

/// Streams the result of `text` into `out` in `format`; returns the number of rows written.
pub fn run_query(
    conn: &duckdb::Connection,
    text: &str,
    params: &[Param],
    source_name: &str,
    format: crate::output::OutputFormat,
    limit: Option<usize>,
    out: &mut dyn std::io::Write,
) -> Result<usize> {
    let (mut stmt, bindings) = prepare(conn, text, params, source_name)?;
    let stream = stmt
        .stream_arrow(&bindings)
        .map_err(|e| sql_error(conn, e, text, source_name))?;
    let schema = stream.get_schema();
    // A statement can fail after its first rows too (a cast DuckDB meets mid-result): that is
    // still the analyst's SQL, reported as such, not as an internal error.
    let batches = stream.map(|b| b.map_err(|e| sql_error(conn, e, text, source_name)));
    let summary = crate::output::write(format, schema, batches, out, limit)?;
    Ok(summary.rows_written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_icu_provides_gets_the_icu_help() {
        // DuckDB 2.0's messages, as the official and the bundled build print them.
        assert!(needs_icu("Binder Error: No function matches the given name and argument types '+(TIMESTAMP WITH TIME ZONE, INTERVAL)'. You might need to add explicit type casts."));
        assert!(needs_icu(
            "Conversion Error: Unimplemented type for cast (TIMESTAMP WITH TIME ZONE -> DATE)"
        ));
        assert!(needs_icu("Catalog Error: Scalar Function with name \"current_time\" is not in the catalog, but it exists in the icu extension."));
        // A plain type mistake whose list of candidates merely names a time-zone overload.
        assert!(!needs_icu("Binder Error: No function matches the given name and argument types 'strftime(INTEGER_LITERAL, STRING_LITERAL)'. You might need to add explicit type casts.\n\tCandidate functions:\n\tstrftime(\"data\" TIMESTAMP WITH TIME ZONE, \"format\" VARCHAR) -> VARCHAR"));
        assert!(!needs_icu(
            "Conversion Error: Unimplemented type for cast (TIMESTAMP WITH TIME ZONE -> INTEGER)"
        ));
    }

    #[test]
    fn caret_maps_to_offset() {
        let sql = "SELECT *\nFORM declarations";
        let msg = "Parser Error: syntax error at or near \"FORM\"\n\nLINE 2: FORM declarations\n        ^";
        let (off, len) = locate_error(sql, msg).unwrap();
        assert_eq!(&sql[off..off + len], "FORM");
    }

    #[test]
    fn quoting_doubles_the_quote_character() {
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(literal("it's"), "'it''s'");
    }

    #[test]
    fn a_date_flag_is_a_date_or_a_usage_error_naming_flag_and_value() {
        assert_eq!(
            date_flag("--since", "2024-01-31").unwrap(),
            chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap()
        );
        let e = date_flag("--since", "2024-01-01' OR 1=1 --").unwrap_err();
        assert!(matches!(e, Error::Usage { .. }));
        assert_eq!(
            e.to_string(),
            "--since `2024-01-01' OR 1=1 --` is not a date"
        );
    }

    #[test]
    fn params_parse() {
        let p: Param = "min=10".parse().unwrap();
        assert_eq!((p.name.as_str(), p.value.as_str()), ("min", "10"));
        assert!("nonsense".parse::<Param>().is_err());
        assert!("a b=1".parse::<Param>().is_err());
    }
}
