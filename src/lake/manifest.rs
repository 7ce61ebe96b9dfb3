//! `_clearway/manifest.json`: what a lake holds, file by file, and where it came from.
//!
//! A manifest is read from disk that anyone may have edited, so reading it is parsing untrusted
//! input: its size is capped, its JSON errors name line and column, a newer lake version is
//! refused, and every file path in it must be a plain relative path under a known table's
//! folder (a `../` or absolute path would make `verify` read, or `--since` link, a file outside
//! the lake).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The version of the lake layout this build writes and reads. A lake with a higher version
/// is refused; a change that old readers could misread raises it.
pub const LAKE_VERSION: u32 = 1;

/// Where the manifest sits, relative to the lake folder.
pub const MANIFEST_PATH: &str = "_clearway/manifest.json";

/// The manifest's content.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always "clearway-lake": tells a manifest from any other JSON file.
    pub format: String,
    pub lake_version: u32,
    /// The workspace schema version the tables' columns follow.
    pub workspace_schema_version: i64,
    pub clearway_version: String,
    pub duckdb_version: String,
    /// The workspace the lake was exported from (its path when exported; informative).
    pub workspace: String,
    /// The audit identity of that workspace, when it has one: `--since` refuses a lake of
    /// another workspace, whose load ids mean other loads.
    pub workspace_id: Option<String>,
    /// The highest load id whose rows the lake holds (0: none).
    pub up_to_load: i64,
    /// One entry per export that wrote this lake, oldest first.
    pub exports: Vec<ExportEntry>,
    /// The loads whose rows the lake holds.
    pub loads: Vec<LoadEntry>,
    /// Per table, its files and row counts.
    pub tables: BTreeMap<String, TableEntry>,
}

/// One `lake export` run that wrote into the lake.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExportEntry {
    /// `None` for a full export; the `--since` load id otherwise.
    pub since: Option<i64>,
    pub up_to_load: i64,
    pub at: String,
    pub files_written: usize,
    pub rows_written: u64,
}

/// A load whose rows the lake holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LoadEntry {
    pub load_id: i64,
    pub kind: String,
    pub target_table: String,
    pub source_file: String,
    pub source_sha256: String,
}

/// A table in the lake.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableEntry {
    /// The derived partition columns, outermost first (empty: one folder).
    pub partitioned_by: Vec<String>,
    pub rows: u64,
    /// For tables whose rows carry a load id: rows per load (`--since` checks them against
    /// the workspace); empty for tables written whole.
    pub rows_by_load: BTreeMap<i64, u64>,
    /// The 0-row file with the table's columns (`_clearway/schema/<table>.parquet`).
    pub schema_file: FileEntry,
    /// The data files.
    pub files: Vec<FileEntry>,
}

/// One file of the lake.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative to the lake folder, `/`-separated.
    pub path: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

impl Manifest {
    /// Every file the manifest lists (schema files first within each table).
    pub fn files(&self) -> impl Iterator<Item = &FileEntry> {
        self.tables
            .values()
            .flat_map(|t| std::iter::once(&t.schema_file).chain(&t.files))
    }

    /// Reads and checks `DIR/_clearway/manifest.json`.
    pub fn read(lake: &Path) -> Result<Manifest> {
        let path = lake.join(MANIFEST_PATH);
        if !lake.is_dir() {
            return Err(Error::input_refused(
                lake,
                if lake.exists() {
                    "not a folder"
                } else {
                    "no such folder"
                },
                "give the folder `clearway lake export --out DIR` wrote",
            ));
        }
        if !path.is_file() {
            return Err(Error::input_refused(
                lake,
                format!("not a clearway lake: {MANIFEST_PATH} is missing"),
                "give the folder `clearway lake export --out DIR` wrote; a lake written by another tool has no manifest to check",
            ));
        }
        let text = crate::limits::read_to_string_capped(&path).map_err(|cause| Error::Read {
            path: path.clone(),
            cause,
        })?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
            Error::bad_input(
                &path,
                format!("line {}, column {}: {e}", e.line(), e.column()),
                "the manifest was edited or damaged; export the lake again (`clearway lake export --out DIR`)",
            )
        })?;
        manifest.check(&path)?;
        Ok(manifest)
    }

    /// The checks a parsed manifest must pass before any of its paths is used.
    fn check(&self, path: &Path) -> Result<()> {
        if self.format != "clearway-lake" {
            return Err(Error::bad_input(
                path,
                format!("format is {:?}, not \"clearway-lake\"", self.format),
                "give the folder `clearway lake export --out DIR` wrote",
            ));
        }
        if self.lake_version > LAKE_VERSION {
            return Err(Error::input_refused(
                path,
                format!(
                    "the lake was written by a newer clearway ({}: lake version {}, this build reads up to {LAKE_VERSION})",
                    self.clearway_version, self.lake_version
                ),
                "use that clearway version or newer, or export the lake again with this one",
            ));
        }
        if self.workspace_schema_version > crate::workspace::schema::CURRENT_VERSION {
            return Err(Error::input_refused(
                path,
                format!(
                    "the lake's tables follow workspace schema version {}, this build knows up to {}",
                    self.workspace_schema_version,
                    crate::workspace::schema::CURRENT_VERSION
                ),
                "use the clearway version that wrote the lake, or newer",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (name, table) in &self.tables {
            if super::table(name).is_none() {
                return Err(Error::bad_input(
                    path,
                    format!("unknown table {name:?}"),
                    format!("a lake holds only {}", super::table_names()),
                ));
            }
            if table.schema_file.path != schema_path(name) {
                return Err(Error::bad_input(
                    path,
                    format!("table {name}: its schema file is not {}", schema_path(name)),
                    "the manifest was edited; export the lake again",
                ));
            }
            for file in &table.files {
                check_file_path(path, name, &file.path)?;
                if !seen.insert(file.path.as_str()) {
                    return Err(Error::bad_input(
                        path,
                        format!("table {name}: the file {} is listed twice", file.path),
                        "the manifest was edited or damaged; export the lake again",
                    ));
                }
            }
            // the counts come from a file anyone may have edited: added without overflow
            let sum = table
                .files
                .iter()
                .try_fold(0u64, |acc, f| acc.checked_add(f.rows));
            if sum != Some(table.rows) {
                let sum = sum.map_or("more than 2^64".to_string(), |s| s.to_string());
                return Err(Error::bad_input(
                    path,
                    format!(
                        "table {name}: its files hold {sum} rows, the manifest says {}",
                        table.rows
                    ),
                    "the manifest was edited or damaged; export the lake again",
                ));
            }
        }
        Ok(())
    }

    /// Writes the manifest as pretty JSON into `lake` (a staging folder: the lake's swap is what
    /// makes it visible).
    pub fn write(&self, lake: &Path) -> Result<()> {
        let path = lake.join(MANIFEST_PATH);
        let dir = path.parent().expect("the manifest path has a folder");
        std::fs::create_dir_all(dir).map_err(|cause| Error::Write {
            path: dir.to_path_buf(),
            cause,
        })?;
        let text = serde_json::to_string_pretty(self).expect("a manifest serialises") + "\n";
        std::fs::write(&path, text).map_err(|cause| Error::Write { path, cause })
    }
}

/// A manifest's file path must be relative, plain (no `.`, `..`, root or drive) and inside its
/// table's folder.
fn check_file_path(manifest: &Path, table: &str, file: &str) -> Result<()> {
    let relative = Path::new(file);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    let first = relative.components().next().map(|c| c.as_os_str());
    if plain && first == Some(std::ffi::OsStr::new(table)) && !file.contains('\\') {
        return Ok(());
    }
    Err(Error::bad_input(
        manifest,
        format!("table {table}: file path {file:?} is not a plain path inside {table}/"),
        "the manifest was edited; a lake's files are always inside their table's folder",
    ))
}

/// Where a table's 0-row schema file sits: outside the table's folder, so that no reader of
/// the folder (Spark, DuckDB's `**/*.parquet`) takes it for data.
pub fn schema_path(table: &str) -> String {
    format!("_clearway/schema/{table}.parquet")
}

/// `lake/relative` for a manifest path (`/`-separated).
pub fn file_path(lake: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .fold(lake.to_path_buf(), |p, c| p.join(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_path_must_stay_inside_its_table() {
        let m = Path::new("m.json");
        assert!(check_file_path(
            m,
            "declarations",
            "declarations/declared_month=2024-01/part-0.parquet"
        )
        .is_ok());
        for bad in [
            "../etc/passwd",
            "declarations/../../x",
            "/etc/passwd",
            "ledger_records/part-0.parquet",
            "declarations\\..\\x",
            "./declarations/part-0.parquet",
            "",
        ] {
            assert!(check_file_path(m, "declarations", bad).is_err(), "{bad}");
        }
    }
}
