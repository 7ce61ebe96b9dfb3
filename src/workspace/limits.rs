//! The bounds on input ([`Limits`], docs/reliability.md "Bounds on input") for commands that
//! read files into this workspace: clearway's defaults, then the `[limits]` table of the
//! `clearway.toml` beside the workspace, then `--input-limit NAME=SIZE` over both — the same order
//! as the engine settings. Every value is checked here, so a bad one is named with where it
//! came from.

use super::config;
use crate::error::{Error, Result};
use crate::limits::{parse_size, Bound, Limits};
use std::path::Path;

const KNOWN: &str = "max_file_bytes, max_line_bytes, max_part_bytes and max_package_bytes (and, for declarations CSV, csv_max_columns and csv_max_field_bytes)";
const SIZE_HELP: &str = "write a size in bytes, or with KB/MB/GB or KiB/MiB/GiB, e.g. 64MiB";

/// The defaults overridden by `[limits]` in `clearway.toml`, then by each `--input-limit NAME=SIZE`.
pub fn resolve(flags: &[String], workspace: &Path) -> Result<Limits> {
    let mut limits = Limits::default();
    for (path, file) in config(workspace)? {
        apply_file(&mut limits, &file, &path)?;
    }
    for flag in flags {
        let (bound, value) = parse_flag(flag)?;
        limits.set(bound, value);
    }
    Ok(limits)
}

/// `NAME=SIZE` from the command line.
fn parse_flag(flag: &str) -> Result<(Bound, u64)> {
    let bad = |what: String| Error::usage(format!("--input-limit {flag:?}: {what}"), SIZE_HELP);
    let (name, size) = flag
        .split_once('=')
        .ok_or_else(|| bad("write NAME=SIZE, e.g. --input-limit max_line_bytes=64MiB".into()))?;
    let bound = Bound::of_name(name.trim())
        .ok_or_else(|| bad(format!("no bound named `{name}`; the bounds are {KNOWN}")))?;
    let value = parse_size(size).ok_or_else(|| bad(format!("`{size}` is not a size")))?;
    Ok((bound, value))
}

/// Applies the `[limits]` table of `file` (the `clearway.toml` at `path`).
fn apply_file(limits: &mut Limits, file: &toml::Table, path: &Path) -> Result<()> {
    let Some(table) = file.get("limits") else {
        return Ok(());
    };
    let bad = |what: String| Error::bad_input(path, what, SIZE_HELP);
    let table = table
        .as_table()
        .ok_or_else(|| bad(format!("[limits] is a table: {KNOWN}")))?;
    // The CSV bounds of declarations loads share the table; `ingest::csv_repair::CsvLimits`
    // reads and checks them.
    for (key, value) in table.iter().filter(|(key, _)| !key.starts_with("csv_")) {
        let bound = Bound::of_name(key)
            .ok_or_else(|| bad(format!("[limits] {key}: the bounds are {KNOWN}")))?;
        let size = match value {
            toml::Value::Integer(n) if (1..=1 << 62).contains(n) => Some(*n as u64),
            toml::Value::String(s) => parse_size(s),
            _ => None,
        }
        .ok_or_else(|| bad(format!("[limits] {key} = {value} is not a size")))?;
        limits.set(bound, size);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_sets_limits_and_a_flag_overrides_it() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("w.duckdb");
        std::fs::write(
            dir.path().join("clearway.toml"),
            "[limits]\nmax_line_bytes = \"1MiB\"\nmax_part_bytes = 4096\ncsv_max_columns = 100\n",
        )
        .unwrap();
        // The CSV bounds share the table (read by `ingest::csv_repair::CsvLimits`).
        let from_file = resolve(&[], &workspace).unwrap();
        assert_eq!(from_file.max_line_bytes, 1 << 20);
        assert_eq!(from_file.max_part_bytes, 4096);
        assert_eq!(from_file.max_file_bytes, Limits::default().max_file_bytes);
        let flagged = resolve(&["max_line_bytes=2MiB".into()], &workspace).unwrap();
        assert_eq!(flagged.max_line_bytes, 2 << 20);
    }

    #[test]
    fn bad_limits_name_where_they_came_from() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("w.duckdb");
        for flag in ["max_line_bytes", "max_lines=5", "max_line_bytes=lots"] {
            let e = resolve(&[flag.into()], &workspace).unwrap_err();
            assert!(e.to_string().contains("--input-limit"), "{flag}: {e}");
        }
        std::fs::write(
            dir.path().join("clearway.toml"),
            "[limits]\nmax_line_bytes = -1\n",
        )
        .unwrap();
        let e = format!("{:?}", resolve(&[], &workspace).unwrap_err());
        assert!(e.contains("max_line_bytes"), "{e}");
    }
}
