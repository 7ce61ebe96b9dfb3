//! Mapping files: the TOML an analyst (or a colleague, or a ticket) hands clearway to say how
//! an export's columns become canonical `declarations` columns.
//!
//! A mapping file is untrusted text like the export it maps, and its values end up in the SQL
//! projection of a load, so it is read here, fuzzed (target `mapping_toml`), and every value is
//! parsed into its type and checked before the main crate sees it: a `factor` is a finite
//! number other than zero, a `zero_pad` width is 1–10 (an HS code has at most 10 digits; a
//! larger width could only ask DuckDB to build enormous strings), a `date_format` is at most
//! 64 characters with no control characters. What depends on the workspace — whether a target
//! is a canonical column, whether a source column is in the file — the main crate checks
//! (`clearway::ingest::mapping`), pointing into the text with the spans kept here.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// How a source column's country values are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CountryForm {
    /// ISO 3166-1 alpha-2 (the default).
    Alpha2,
    /// ISO 3166-1 alpha-3.
    Alpha3,
    /// English names or common aliases, matched case- and punctuation-insensitively.
    Name,
}

/// Declarative transforms applied to a source column on its way to the canonical column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transform {
    /// strptime format of a date/time text (e.g. `%y-%m-%d`); ISO 8601 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// Multiply numbers by this factor (e.g. 0.001 for grams to kilograms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
    /// Left-pad digit strings with zeros to this width when they are not already a 6, 8 or
    /// 10-digit code (tariff codes exported as numbers lose their leading zeros).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_pad: Option<usize>,
    /// How country values are spelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryForm>,
    /// Item numbers are written `N of M` (ASYCUDA's item numbering): N is taken, and a value
    /// that is not `N of M` with 1 <= N <= M rejects the row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub n_of_m: bool,
}

impl Transform {
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.date_format {
            parts.push(format!("date {f}"));
        }
        if let Some(f) = self.factor {
            parts.push(format!("×{f}"));
        }
        if let Some(w) = self.zero_pad {
            parts.push(format!("zero-pad {w}"));
        }
        if let Some(c) = self.country {
            parts.push(format!("country {c:?}").to_lowercase());
        }
        if self.n_of_m {
            parts.push("N of M".into());
        }
        parts.join(", ")
    }
}

/// The widest `zero_pad`: the longest code (HS + national subheadings) has 10 digits.
pub const MAX_ZERO_PAD: usize = 10;
/// The longest `date_format`.
pub const MAX_DATE_FORMAT_CHARS: usize = 64;

/// One `[columns]` entry, with where its parts are in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnEntry {
    pub source: String,
    pub source_span: Range<usize>,
    pub target: String,
    pub target_span: Range<usize>,
    pub transform: Transform,
}

/// One `[constants]` entry: canonical column → its text.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantEntry {
    pub target: String,
    pub target_span: Range<usize>,
    pub value: String,
}

/// A mapping file as written, its values typed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingText {
    pub name: Option<String>,
    pub columns: Vec<ColumnEntry>,
    pub constants: Vec<ConstantEntry>,
}

/// Why a mapping file was refused, and where in its text.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingProblem {
    pub message: String,
    pub help: String,
    pub span: Range<usize>,
    pub label: &'static str,
}

/// What a mapping file holds, for the help line of a TOML error.
pub const SHAPE: &str = "a mapping has `[columns]` entries `SOURCE = \"canonical\"` or `SOURCE = { to = \"canonical\", date_format = \"%d/%m/%Y\", factor = 0.001, zero_pad = 10, country = \"name\", n_of_m = true }` and optional `[constants]`";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    name: Option<String>,
    #[serde(default)]
    columns: BTreeMap<toml::Spanned<String>, toml::Spanned<ColumnSpec>>,
    #[serde(default)]
    constants: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ColumnSpec {
    Target(String),
    Full(FullSpec),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FullSpec {
    to: String,
    date_format: Option<String>,
    factor: Option<f64>,
    zero_pad: Option<usize>,
    country: Option<CountryForm>,
    #[serde(default)]
    n_of_m: bool,
}

/// Parses a mapping file's text.
pub fn parse(text: &str) -> Result<MappingText, MappingProblem> {
    let file: MappingFile = toml::from_str(text).map_err(|e| MappingProblem {
        message: e.message().to_string(),
        help: SHAPE.into(),
        span: e.span().unwrap_or(0..0),
        label: "here",
    })?;
    let mut columns = Vec::new();
    for (source, spec) in &file.columns {
        let (target, transform) = match spec.get_ref() {
            ColumnSpec::Target(t) => (t.clone(), Transform::default()),
            ColumnSpec::Full(f) => (
                f.to.clone(),
                Transform {
                    date_format: f.date_format.clone(),
                    factor: f.factor,
                    zero_pad: f.zero_pad,
                    country: f.country,
                    n_of_m: f.n_of_m,
                },
            ),
        };
        check_transform(&transform, spec.span())?;
        columns.push(ColumnEntry {
            source: source.get_ref().clone(),
            source_span: source.span(),
            target,
            target_span: spec.span(),
            transform,
        });
    }
    let constants = file
        .constants
        .iter()
        .map(|(target, value)| ConstantEntry {
            target: target.get_ref().clone(),
            target_span: target.span(),
            value: match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            },
        })
        .collect();
    Ok(MappingText {
        name: file.name,
        columns,
        constants,
    })
}

fn check_transform(t: &Transform, span: Range<usize>) -> Result<(), MappingProblem> {
    let problem = |message: String, help: &str| MappingProblem {
        message,
        help: help.into(),
        span: span.clone(),
        label: "this entry",
    };
    if let Some(f) = t.factor {
        if !f.is_finite() || f == 0.0 {
            return Err(problem(
                format!("factor {f} is not a finite number other than zero"),
                "a factor scales numbers, e.g. factor = 0.001 for grams to kilograms",
            ));
        }
    }
    if let Some(w) = t.zero_pad {
        if !(1..=MAX_ZERO_PAD).contains(&w) {
            return Err(problem(
                format!("zero_pad {w} is not a width from 1 to {MAX_ZERO_PAD}"),
                "zero_pad restores the leading zeros of a code: 6, 8 or 10",
            ));
        }
    }
    if let Some(f) = &t.date_format {
        if f.chars().count() > MAX_DATE_FORMAT_CHARS || f.chars().any(char::is_control) {
            return Err(problem(
                format!(
                    "date_format is longer than {MAX_DATE_FORMAT_CHARS} characters or holds control characters"
                ),
                "a date_format is a strptime pattern such as \"%d-%b-%y\"",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_mapping_parses_with_spans() {
        let text = "name = \"n\"\n[columns]\nA = \"declaration_id\"\nB = { to = \"hs_code\", zero_pad = 10 }\n[constants]\ncurrency = \"NGN\"\n";
        let m = parse(text).unwrap();
        assert_eq!(m.name.as_deref(), Some("n"));
        assert_eq!(m.columns.len(), 2);
        assert_eq!(&text[m.columns[0].source_span.clone()], "A");
        assert_eq!(m.columns[1].transform.zero_pad, Some(10));
        assert_eq!(m.constants[0].value, "NGN");
    }

    #[test]
    fn values_that_would_reach_sql_are_checked() {
        for (text, said) in [
            (
                "[columns]\nB = { to = \"hs_code\", zero_pad = 10000000000 }",
                "zero_pad",
            ),
            (
                "[columns]\nB = { to = \"hs_code\", zero_pad = 0 }",
                "zero_pad",
            ),
            (
                "[columns]\nB = { to = \"customs_value\", factor = nan }",
                "factor",
            ),
            (
                "[columns]\nB = { to = \"customs_value\", factor = inf }",
                "factor",
            ),
            (
                "[columns]\nB = { to = \"customs_value\", factor = 0.0 }",
                "factor",
            ),
            (
                "[columns]\nB = { to = \"declared_at\", date_format = \"%d\\u0000\" }",
                "date_format",
            ),
        ] {
            let problem = parse(text).unwrap_err();
            assert!(problem.message.contains(said), "{text}: {problem:?}");
            assert_eq!(&text[problem.span.clone()][..1], "{", "{text}");
        }
    }
}
