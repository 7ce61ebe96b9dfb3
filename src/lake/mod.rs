//! The workspace as a Parquet lake: the canonical tables written as zstd Parquet files under one
//! folder, with a manifest, for engines that read Parquet (Apache Spark first: the rule packs
//! run there at national scale, issue 21 and docs/spark.md).
//!
//! Layout of a lake `DIR/`:
//!
//! ```text
//! DIR/_clearway/manifest.json                  what the lake holds (see Manifest)
//! DIR/_clearway/schema/declarations.parquet    every table: its columns, 0 rows
//! DIR/declarations/declared_month=2024-01/part-0.parquet
//! DIR/telemetry_events/event_source=ais/event_month=2024-01/part-0.parquet
//! DIR/ledger_records/part-0.parquet            small tables: one file
//! DIR/declarations/declared_month=2024-01/loads-13-15-0.parquet   added by `--since 12`
//! ```
//!
//! Why these choices:
//! - **DuckDB writes the files** (`COPY … (FORMAT parquet, PARTITION_BY …)`), so
//!   the lake costs what DuckDB's own export costs plus one sha256 pass and the footers read
//!   back for row counts (by the `parquet` crate); clearway adds only the
//!   manifest and the atomic swap.
//! - **Partition values are derived columns** (`declared_month`, `event_source`,
//!   `event_month`) and every canonical column stays inside the files, so no value travels
//!   only through a folder name (which would be escaped, cased or typed differently by each
//!   reader). Rows without a date go to `…=unknown`.
//! - **`_clearway/schema/<table>.parquet`** holds each table's columns with no rows, so a
//!   reader can give every file the same types and read a table that has no rows yet. It sits
//!   outside the table's folder: DuckDB's `**/*.parquet` does not skip `_` names as Spark does,
//!   and would read it as a (hive-partition-less) data file.
//! - **All or nothing**: a lake is written in a staging folder beside `DIR` and swapped into
//!   place in one step (`renameat2(RENAME_EXCHANGE)` on Linux; two renames elsewhere), so a
//!   reader sees the old lake or the new one, never half of one; an interrupted export leaves
//!   the old lake as it was and removes its staging folder. `--since` builds the new lake from
//!   hard links to the old one's files plus the new files, and swaps the same way.
//! - **`--since` never doubles or loses rows**: rows are appended by load (`load_id > SINCE`),
//!   and only when `SINCE` is the last load the lake holds and every load it holds still has
//!   the rows it had when exported (a `--on-duplicate replace` load deletes earlier rows: then
//!   only a full export is right, and clearway says so). Tables without loads (the HS
//!   nomenclature, ports, annotations, scores, the design registry and checks) are small and
//!   written whole each time.

mod export;
mod manifest;
mod verify;

pub use export::{export, ExportRequest, Exported};
pub use manifest::{FileEntry, LoadEntry, Manifest, TableEntry, LAKE_VERSION, MANIFEST_PATH};
pub use verify::{check_recorded_file, verify, Problem, Verification};

/// How a table's files are split into folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partitioning {
    /// One folder, few files: the small tables.
    None,
    /// `declared_month=YYYY-MM` from `declared_at`.
    DeclaredMonth,
    /// `event_source=ais/event_month=YYYY-MM` from `source` and `ts`.
    SourceAndMonth,
}

impl Partitioning {
    /// The derived partition columns, as `SELECT` items over the table's own columns.
    fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Partitioning::None => &[],
            Partitioning::DeclaredMonth => &[(
                "declared_month",
                "coalesce(strftime(declared_at, '%Y-%m'), 'unknown')",
            )],
            // The source is free text from a mapping; its folder name keeps only characters
            // that are safe in every file system (the real value stays inside the files).
            Partitioning::SourceAndMonth => &[
                (
                    "event_source",
                    "coalesce(nullif(regexp_replace(lower(source), '[^a-z0-9_-]+', '_', 'g'), ''), 'unknown')",
                ),
                ("event_month", "coalesce(strftime(ts, '%Y-%m'), 'unknown')"),
            ],
        }
    }

    /// The partition column names, for the manifest.
    pub fn names(self) -> Vec<String> {
        self.columns().iter().map(|(n, _)| n.to_string()).collect()
    }
}

/// A canonical table and how the lake holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LakeTable {
    pub name: &'static str,
    pub partitioning: Partitioning,
    /// True when rows carry the `load_id` that brought them (appended by `--since`);
    /// false for tables written whole each time.
    pub by_load: bool,
}

/// Every table a lake holds, in the order they are written. What the rule packs read, plus
/// `loads` (which files the rows came from). Not exported: `risk_*` (a run's output, which the
/// Spark job writes itself), `rejects`, the audit chain and its identity (they stay with the
/// workspace they vouch for).
pub const TABLES: &[LakeTable] = &[
    LakeTable {
        name: "declarations",
        partitioning: Partitioning::DeclaredMonth,
        by_load: true,
    },
    LakeTable {
        name: "telemetry_events",
        partitioning: Partitioning::SourceAndMonth,
        by_load: true,
    },
    LakeTable {
        name: "ledger_blocks",
        partitioning: Partitioning::None,
        by_load: true,
    },
    LakeTable {
        name: "ledger_records",
        partitioning: Partitioning::None,
        by_load: true,
    },
    LakeTable {
        name: "design_files",
        partitioning: Partitioning::None,
        by_load: true,
    },
    LakeTable {
        name: "loads",
        partitioning: Partitioning::None,
        by_load: true,
    },
    LakeTable {
        name: "hs_codes",
        partitioning: Partitioning::None,
        by_load: false,
    },
    LakeTable {
        name: "ports",
        partitioning: Partitioning::None,
        by_load: false,
    },
    LakeTable {
        name: "design_registry",
        partitioning: Partitioning::None,
        by_load: false,
    },
    LakeTable {
        name: "provenance_checks",
        partitioning: Partitioning::None,
        by_load: false,
    },
    LakeTable {
        name: "annotations",
        partitioning: Partitioning::None,
        by_load: false,
    },
    LakeTable {
        name: "plugin_scores",
        partitioning: Partitioning::None,
        by_load: false,
    },
    LakeTable {
        name: "model_scores",
        partitioning: Partitioning::None,
        by_load: false,
    },
    LakeTable {
        name: "hs_suggestions",
        partitioning: Partitioning::None,
        by_load: false,
    },
];

/// The number of rows a Parquet file's footer records (the `parquet` crate reads only the
/// footer: no data page is decoded).
pub fn parquet_rows(path: &std::path::Path) -> crate::error::Result<u64> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = std::fs::File::open(path).map_err(|cause| crate::error::Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let reader = SerializedFileReader::new(file).map_err(|e| {
        crate::error::Error::bad_input(
            path,
            format!("not a readable Parquet file: {e}"),
            "the file was damaged or is not Parquet",
        )
    })?;
    Ok(reader.metadata().file_metadata().num_rows().max(0) as u64)
}

/// The lake table called `name`.
pub fn table(name: &str) -> Option<&'static LakeTable> {
    TABLES.iter().find(|t| t.name == name)
}

/// The names of every lake table, for messages.
pub fn table_names() -> String {
    TABLES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
}
