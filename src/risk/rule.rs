//! One risk rule: a `.sql` file whose leading comment block is a TOML header.
//!
//! ```sql
//! -- ---
//! -- id = "unit_value_outlier"
//! -- title = "Unit value far from its HS6 × origin norm"
//! -- severity = "high"            # low | medium | high
//! -- weight = 3.0
//! -- version = 1
//! -- tables = ["declarations"]
//! -- description = "..."
//! -- [params.threshold]
//! -- type = "float"               # integer | float | string | boolean | date
//! -- default = 3.0
//! -- description = "..."
//! -- ---
//! SELECT declaration_id, item_no, score, reason, evidence FROM ... WHERE ... >= $threshold
//! ```
//!
//! The header lives in SQL comments so that the file stays runnable in any SQL tool (with the
//! parameters substituted by hand) and diffable as one unit. The query returns one row per
//! flagged item with `declaration_id`, `item_no`, `score` (0–1), a human `reason` and an
//! `evidence` value (a STRUCT or JSON, may be NULL) that `risk explain` shows.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Output columns every rule must return.
pub const REQUIRED_OUTPUT: &[&str] = &["declaration_id", "item_no", "score", "reason", "evidence"];

/// How much a rule's hit may weigh in the combined score at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    /// The cap on one rule's contribution to a declaration's combined score.
    pub fn cap(self) -> f64 {
        match self {
            Severity::Low => 1.0,
            Severity::Medium => 2.0,
            Severity::High => 4.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// Types a rule parameter can have; values are bound with this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    Integer,
    Float,
    String,
    Boolean,
    Date,
}

/// A parameter's value, typed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Integer(i64),
    Float(f64),
    Text(String),
    Boolean(bool),
}

impl ParamValue {
    /// Parses `text` as a value of type `ty` (command-line and `clearway.toml` overrides).
    pub fn parse(ty: ParamType, text: &str) -> std::result::Result<Self, String> {
        let text = text.trim();
        match ty {
            ParamType::Integer => text
                .parse()
                .map(ParamValue::Integer)
                .map_err(|_| format!("`{text}` is not an integer")),
            ParamType::Float => text
                .parse()
                .map(ParamValue::Float)
                .map_err(|_| format!("`{text}` is not a number")),
            ParamType::Boolean => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Ok(ParamValue::Boolean(true)),
                "false" | "no" | "0" => Ok(ParamValue::Boolean(false)),
                _ => Err(format!("`{text}` is not true or false")),
            },
            ParamType::Date => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|_| ParamValue::Text(text.to_string()))
                .map_err(|_| format!("`{text}` is not a date (YYYY-MM-DD)")),
            ParamType::String => Ok(ParamValue::Text(text.to_string())),
        }
    }

    /// Converts a TOML value of the declared type.
    fn from_toml(ty: ParamType, v: &toml::Value) -> std::result::Result<Self, String> {
        match (ty, v) {
            (ParamType::Integer, toml::Value::Integer(i)) => Ok(ParamValue::Integer(*i)),
            (ParamType::Float, toml::Value::Float(f)) => Ok(ParamValue::Float(*f)),
            (ParamType::Float, toml::Value::Integer(i)) => Ok(ParamValue::Float(*i as f64)),
            (ParamType::Boolean, toml::Value::Boolean(b)) => Ok(ParamValue::Boolean(*b)),
            (ParamType::String | ParamType::Date, toml::Value::String(s)) => Self::parse(ty, s),
            (ParamType::Date, toml::Value::Datetime(d)) => Self::parse(ty, &d.to_string()),
            (ty, v) => Err(format!("{v} is not of type {ty:?}").to_lowercase()),
        }
    }

    /// The DuckDB value to bind.
    pub fn to_duckdb(&self) -> duckdb::types::Value {
        use duckdb::types::Value;
        match self {
            ParamValue::Integer(i) => Value::BigInt(*i),
            ParamValue::Float(f) => Value::Double(*f),
            ParamValue::Text(s) => Value::Text(s.clone()),
            ParamValue::Boolean(b) => Value::Boolean(*b),
        }
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Integer(i) => write!(f, "{i}"),
            ParamValue::Float(x) => write!(f, "{x}"),
            ParamValue::Text(s) => write!(f, "{s}"),
            ParamValue::Boolean(b) => write!(f, "{b}"),
        }
    }
}

/// A declared parameter.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Param {
    pub name: String,
    pub ty: ParamType,
    pub default: ParamValue,
    pub description: String,
}

/// A parsed rule.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub weight: f64,
    pub version: i64,
    pub description: String,
    pub tables: Vec<String>,
    pub params: Vec<Param>,
    /// The query, without the header.
    pub sql: String,
    /// The line of the rule file on which `sql` starts (1-based), for messages that point
    /// into the file.
    pub sql_line: usize,
    /// Where the rule came from (a path, or `builtin:<pack>/<file>`).
    pub origin: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    id: String,
    title: String,
    severity: Severity,
    weight: f64,
    version: i64,
    #[serde(default)]
    description: String,
    tables: Vec<String>,
    #[serde(default)]
    params: BTreeMap<String, ParamHeader>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamHeader {
    #[serde(rename = "type")]
    ty: ParamType,
    default: toml::Value,
    #[serde(default)]
    description: String,
}

/// Splits a rule file into its TOML header and its SQL, with the line the SQL starts on.
fn split_header(text: &str) -> Option<(String, String, usize)> {
    let mut lines = text.lines().enumerate();
    let (_, first) = lines.by_ref().find(|(_, l)| !l.trim().is_empty())?;
    if first.trim() != "-- ---" {
        return None;
    }
    let mut header = String::new();
    for (index, line) in lines.by_ref() {
        let t = line.trim_start();
        if t.trim_end() == "-- ---" {
            let sql: Vec<&str> = lines.map(|(_, l)| l).collect();
            return Some((header, sql.join("\n"), index + 2));
        }
        let body = t.strip_prefix("--")?;
        header.push_str(body.strip_prefix(' ').unwrap_or(body));
        header.push('\n');
    }
    None
}

fn rule_error(origin: &str, message: impl Into<String>) -> Error {
    Error::usage(
        format!("{origin}: {}", message.into()),
        "a rule file starts with a `-- ---` … `-- ---` block of TOML comments (id, title, severity, weight, version, tables, params), then one SELECT; see queries/README.md",
    )
}

impl Rule {
    /// Parses one rule file's text.
    pub fn parse(text: &str, origin: &str) -> Result<Rule> {
        let (header, sql, after_header) =
            split_header(text).ok_or_else(|| rule_error(origin, "no `-- ---` header block"))?;
        let h: Header = toml::from_str(&header)
            .map_err(|e| rule_error(origin, format!("header: {}", e.message())))?;
        if h.id.is_empty()
            || !h
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(rule_error(
                origin,
                format!("id `{}` must be lower-case letters, digits and _", h.id),
            ));
        }
        if !(h.weight.is_finite() && h.weight > 0.0) {
            return Err(rule_error(origin, "weight must be a positive number"));
        }
        let mut params = Vec::new();
        for (name, p) in h.params {
            let default = ParamValue::from_toml(p.ty, &p.default)
                .map_err(|e| rule_error(origin, format!("parameter {name}: default {e}")))?;
            params.push(Param {
                name,
                ty: p.ty,
                default,
                description: p.description,
            });
        }
        let body = crate::sql::statement_body(&sql);
        let skipped = sql.len() - sql.trim_start().len();
        let sql_line = after_header + sql[..skipped].matches('\n').count();
        let sql = body.to_string();
        if sql.is_empty() {
            return Err(rule_error(origin, "the header is followed by no query"));
        }
        Ok(Rule {
            id: h.id,
            title: h.title,
            severity: h.severity,
            weight: h.weight,
            version: h.version,
            description: h.description.trim().to_string(),
            tables: h.tables,
            params,
            sql,
            sql_line,
            origin: origin.to_string(),
        })
    }

    /// The contribution cap of this rule (its severity's).
    pub fn cap(&self) -> f64 {
        self.severity.cap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "-- ---\n-- id = \"r1\"\n-- title = \"T\"\n-- severity = \"medium\"\n-- weight = 2.0\n-- version = 1\n-- tables = [\"declarations\"]\n-- [params.limit]\n-- type = \"float\"\n-- default = 10\n-- ---\nSELECT 1;\n";

    #[test]
    fn header_and_sql_are_split() {
        let r = Rule::parse(RULE, "t.sql").unwrap();
        assert_eq!(r.id, "r1");
        assert_eq!(r.sql, "SELECT 1");
        assert_eq!(r.params[0].default, ParamValue::Float(10.0));
        assert_eq!(r.cap(), 2.0);
    }

    #[test]
    fn bad_headers_are_named() {
        assert!(Rule::parse("SELECT 1", "x.sql").is_err());
        let err = Rule::parse(&RULE.replace("medium", "urgent"), "x.sql").unwrap_err();
        assert!(err.to_string().contains("x.sql: header"), "{err}");
        let err =
            Rule::parse(&RULE.replace("default = 10", "default = \"ten\""), "x.sql").unwrap_err();
        assert!(err.to_string().contains("parameter limit"), "{err}");
    }

    #[test]
    fn overrides_are_typed() {
        assert_eq!(
            ParamValue::parse(ParamType::Integer, "5"),
            Ok(ParamValue::Integer(5))
        );
        assert!(ParamValue::parse(ParamType::Integer, "5.5").is_err());
        assert!(ParamValue::parse(ParamType::Date, "2025-13-01").is_err());
        assert_eq!(
            ParamValue::parse(ParamType::Boolean, "yes"),
            Ok(ParamValue::Boolean(true))
        );
    }
}
