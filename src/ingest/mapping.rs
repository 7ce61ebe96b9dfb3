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
use clearway_formats::mapping_file;
use miette::NamedSource;
use serde::Serialize;
use std::path::Path;

// The file's text is parsed and its values checked in clearway-formats (untrusted text,
// fuzzed there); the transforms are its types.
pub use clearway_formats::mapping_file::{CountryForm, Transform};

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
    let file =
        mapping_file::parse(text).map_err(|p| mapping_error(p.message, p.help, p.span, p.label))?;
    let mut columns = Vec::new();
    for entry in file.columns {
        if !source_columns.contains(&entry.source) {
            return Err(mapping_error(
                format!("source column `{}` is not in the input file", entry.source),
                format!("the input's columns are: {}", column_list(source_columns)),
                entry.source_span,
                "unknown source column",
            ));
        }
        if !is_canonical(&entry.target) {
            return Err(mapping_error(
                format!("`{}` is not a canonical declarations column", entry.target),
                format!("canonical columns: {}", canonical_names()),
                entry.target_span,
                "unknown target",
            ));
        }
        columns.push(ColumnMap {
            source: entry.source,
            target: entry.target,
            transform: entry.transform,
        });
    }
    let mut constants = Vec::new();
    for constant in file.constants {
        if !is_canonical(&constant.target) {
            return Err(mapping_error(
                format!(
                    "`{}` is not a canonical declarations column",
                    constant.target
                ),
                format!("canonical columns: {}", canonical_names()),
                constant.target_span,
                "unknown target",
            ));
        }
        constants.push((constant.target, constant.value));
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
