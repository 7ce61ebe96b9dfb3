//! Mapping profiles: how the columns of an export become canonical `declarations` columns.
//!
//! Three kinds: `canonical` (the file already uses clearway's names), `bacuda` (the WCO BACUDA
//! synthetic import-declarations schema, see shared/reference/declarations.md §2) and a user
//! TOML file. A mapping is data, not code: each entry names a source column, a canonical target
//! and a few declarative transforms, and [`crate::ingest::declarations`] turns it into one SQL
//! projection that DuckDB runs in parallel. Source columns that no entry names are never
//! dropped: they travel in the `extra` JSON column.
//!
//! A mapping file looks like this:
//!
//! ```toml
//! name = "nigeria-weekly"
//! [columns]
//! SGD_NUM  = "declaration_id"
//! SGD_DATE = { to = "declared_at", date_format = "%d-%b-%y" }   # 00-68 → 20xx, 69-99 → 19xx
//! ITEM     = { to = "item_no", n_of_m = true }                 # "1 of 3"
//! HSCODE   = { to = "hs_code", zero_pad = 10 }
//! WEIGHT_G = { to = "gross_mass_kg", factor = 0.001 }
//! ORIGIN   = { to = "origin_country", country = "name" }
//! [constants]
//! currency = "NGN"
//! ```

use crate::error::{Error, Result};
use crate::workspace::schema::DECLARATION_COLUMNS;
use miette::NamedSource;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

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

/// One source column → canonical column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnMap {
    pub source: String,
    pub target: String,
    pub transform: Transform,
}

/// A resolved mapping for one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    pub profile: String,
    pub columns: Vec<ColumnMap>,
    /// Canonical column → constant text value.
    pub constants: Vec<(String, String)>,
}

/// Canonical columns a row cannot do without.
pub const REQUIRED: &[&str] = &["declaration_id", "declared_at", "hs_code"];

/// The BACUDA synthetic import-declaration header, in file order.
pub const BACUDA_COLUMNS: &[&str] = &[
    "sgd.id",
    "sgd.date",
    "importer.id",
    "declarant.id",
    "country",
    "office.id",
    "tariff.code",
    "quantity",
    "gross.weight",
    "fob.value",
    "cif.value",
    "total.taxes",
    "illicit",
    "revenue",
];

/// The columns of a header as a message shows them: at most 40, control characters (a NUL of
/// a mis-decoded file) escaped, so a message stays short and printable.
pub fn column_list(columns: &[String]) -> String {
    const SHOWN: usize = 40;
    let mut shown: Vec<String> = columns
        .iter()
        .take(SHOWN)
        .map(|c| {
            c.chars()
                .flat_map(|ch| {
                    if ch.is_control() {
                        ch.escape_default().collect::<Vec<_>>()
                    } else {
                        vec![ch]
                    }
                })
                .collect()
        })
        .collect();
    if columns.len() > SHOWN {
        shown.push(format!("… and {} more", columns.len() - SHOWN));
    }
    shown.join(", ")
}

pub fn is_canonical(name: &str) -> bool {
    DECLARATION_COLUMNS.iter().any(|(n, _)| *n == name) && name != "extra"
}

fn canonical_names() -> String {
    DECLARATION_COLUMNS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != "extra")
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `bacuda` profile. `country` there is an anonymised code (`CNTRY680`), not ISO, so it is
/// deliberately left unmapped and travels in `extra`; `item_no` is 1 because BACUDA rows are
/// single-goods declarations; monetary values are USD equivalents.
pub fn bacuda() -> Mapping {
    let col = |s: &str, t: &str, transform: Transform| ColumnMap {
        source: s.into(),
        target: t.into(),
        transform,
    };
    Mapping {
        profile: "bacuda".into(),
        columns: vec![
            col("sgd.id", "declaration_id", Transform::default()),
            col(
                "sgd.date",
                "declared_at",
                Transform {
                    date_format: Some("%y-%m-%d".into()),
                    ..Default::default()
                },
            ),
            col("importer.id", "importer_id", Transform::default()),
            col("declarant.id", "declarant_id", Transform::default()),
            col("office.id", "office_id", Transform::default()),
            col(
                "tariff.code",
                "hs_code",
                Transform {
                    zero_pad: Some(10),
                    ..Default::default()
                },
            ),
            col("quantity", "quantity", Transform::default()),
            col("gross.weight", "gross_mass_kg", Transform::default()),
            col("fob.value", "fob_value", Transform::default()),
            col("cif.value", "customs_value", Transform::default()),
            col("total.taxes", "total_taxes", Transform::default()),
            col("illicit", "illicit", Transform::default()),
            col("revenue", "revenue_recovered", Transform::default()),
        ],
        constants: vec![
            ("item_no".into(), "1".into()),
            ("currency".into(), "USD".into()),
            ("inspected".into(), "true".into()),
        ],
    }
}

/// The `canonical` profile for a given header: every source column whose name (ignoring case)
/// is a canonical column maps to it.
pub fn canonical(source_columns: &[String]) -> Mapping {
    let columns = source_columns
        .iter()
        .filter(|s| is_canonical(&s.to_ascii_lowercase()))
        .map(|s| ColumnMap {
            source: s.clone(),
            target: s.to_ascii_lowercase(),
            transform: Transform::default(),
        })
        .collect();
    Mapping {
        profile: "canonical".into(),
        columns,
        constants: vec![],
    }
}

/// Picks the profile: an explicit `--mapping` (a built-in name or a TOML path), or the one the
/// header unambiguously matches.
pub fn resolve(choice: Option<&str>, source_columns: &[String], input: &Path) -> Result<Mapping> {
    let mapping = match choice {
        Some("canonical") => canonical(source_columns),
        Some("bacuda") => bacuda(),
        Some(path) => from_toml_file(Path::new(path), source_columns)?,
        None => detect(source_columns, input)?,
    };
    check_sources_exist(&mapping, source_columns)?;
    check_required(&mapping)?;
    Ok(mapping)
}

fn detect(source_columns: &[String], input: &Path) -> Result<Mapping> {
    let has = |c: &str| source_columns.iter().any(|s| s.eq_ignore_ascii_case(c));
    let looks_canonical = REQUIRED.iter().all(|c| has(c));
    let looks_bacuda = ["sgd.id", "sgd.date", "tariff.code"].iter().all(|c| has(c));
    match (looks_canonical, looks_bacuda) {
        (true, false) => Ok(canonical(source_columns)),
        (false, true) => Ok(bacuda()),
        (both, _) => Err(Error::MappingUnresolved {
            message: format!(
                "{}: cannot tell which mapping profile fits this header ({})",
                input.display(),
                if both { "it matches both canonical and bacuda" } else { "it matches no built-in profile" }
            ),
            help: format!(
                "pass --mapping canonical, --mapping bacuda or --mapping FILE.toml; the file's columns are: {}",
                column_list(source_columns)
            ),
        }),
    }
}

fn check_sources_exist(mapping: &Mapping, source_columns: &[String]) -> Result<()> {
    if let Some(missing) = mapping
        .columns
        .iter()
        .find(|c| !source_columns.contains(&c.source))
    {
        return Err(Error::MappingUnresolved {
            message: format!(
                "profile {} expects a source column `{}` that the file lacks",
                mapping.profile, missing.source
            ),
            help: format!("the file's columns are: {}", column_list(source_columns)),
        });
    }
    Ok(())
}

fn check_required(mapping: &Mapping) -> Result<()> {
    let provided = |t: &str| {
        mapping.columns.iter().any(|c| c.target == t)
            || mapping.constants.iter().any(|(c, _)| c == t)
    };
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|t| !provided(t)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::MappingUnresolved {
        message: format!("mapping {} provides no source for required column(s) {}", mapping.profile, missing.join(", ")),
        help: "map a source column to each of declaration_id, declared_at and hs_code (or give a [constants] value)".into(),
    })
}

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

/// Reads and checks a user mapping against the file's header. Every problem points into the
/// TOML text.
pub fn from_toml_file(path: &Path, source_columns: &[String]) -> Result<Mapping> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    })?;
    from_toml_str(&text, &path.display().to_string(), source_columns)
}

pub fn from_toml_str(text: &str, name: &str, source_columns: &[String]) -> Result<Mapping> {
    let mapping_error =
        |message: String, help: String, span: std::ops::Range<usize>, label: &str| Error::Mapping {
            message,
            help,
            src: NamedSource::new(name, text.to_string()),
            at: span.into(),
            label: label.to_string(),
        };
    let file: MappingFile = toml::from_str(text).map_err(|e| {
        mapping_error(
            e.message().to_string(),
            "a mapping has `[columns]` entries `SOURCE = \"canonical\"` or `SOURCE = { to = \"canonical\", date_format = \"%d/%m/%Y\", factor = 0.001, zero_pad = 10, country = \"name\", n_of_m = true }` and optional `[constants]`".into(),
            e.span().unwrap_or(0..0),
            "here",
        )
    })?;
    let mut columns = Vec::new();
    for (source, spec) in &file.columns {
        if !source_columns.iter().any(|c| c == source.get_ref()) {
            return Err(mapping_error(
                format!(
                    "source column `{}` is not in the input file",
                    source.get_ref()
                ),
                format!("the input's columns are: {}", column_list(source_columns)),
                source.span(),
                "unknown source column",
            ));
        }
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
        if !is_canonical(&target) {
            return Err(mapping_error(
                format!("`{target}` is not a canonical declarations column"),
                format!("canonical columns: {}", canonical_names()),
                spec.span(),
                "unknown target",
            ));
        }
        columns.push(ColumnMap {
            source: source.get_ref().clone(),
            target,
            transform,
        });
    }
    let mut constants = Vec::new();
    for (target, value) in &file.constants {
        if !is_canonical(target.get_ref()) {
            return Err(mapping_error(
                format!(
                    "`{}` is not a canonical declarations column",
                    target.get_ref()
                ),
                format!("canonical columns: {}", canonical_names()),
                target.span(),
                "unknown target",
            ));
        }
        let text = match value.get_ref() {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        constants.push((target.get_ref().clone(), text));
    }
    let profile = file.name.unwrap_or_else(|| name.to_string());
    Ok(Mapping {
        profile,
        columns,
        constants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bacuda_header_is_detected() {
        let m = resolve(None, &cols(BACUDA_COLUMNS), Path::new("x.csv")).unwrap();
        assert_eq!(m.profile, "bacuda");
        assert!(m
            .columns
            .iter()
            .any(|c| c.source == "tariff.code" && c.transform.zero_pad == Some(10)));
    }

    #[test]
    fn unknown_source_column_points_at_the_key() {
        let toml = "[columns]\nSGD = \"declaration_id\"\nNOPE = \"hs_code\"\n";
        let err = from_toml_str(toml, "m.toml", &cols(&["SGD", "HS"])).unwrap_err();
        match err {
            Error::Mapping { at, message, .. } => {
                assert!(message.contains("NOPE"), "{message}");
                assert_eq!(&toml[at.offset()..at.offset() + at.len()], "NOPE");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn invalid_toml_has_a_span() {
        let err = from_toml_str("[columns\nA = 1", "m.toml", &cols(&["A"])).unwrap_err();
        assert!(matches!(err, Error::Mapping { .. }));
    }

    #[test]
    fn full_spec_with_transforms_parses() {
        let toml = "name='x'\n[columns]\nD = { to = \"declared_at\", date_format = \"%d/%m/%Y\" }\nH = { to = \"hs_code\", zero_pad = 10 }\nI = \"declaration_id\"\n[constants]\ncurrency = \"EUR\"\n";
        let m = from_toml_str(toml, "m.toml", &cols(&["D", "H", "I"])).unwrap();
        assert_eq!(m.profile, "x");
        assert_eq!(m.columns.len(), 3);
        assert_eq!(
            m.constants,
            vec![("currency".to_string(), "EUR".to_string())]
        );
    }
}
