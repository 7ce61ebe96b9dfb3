//! Which files an analyst's ad-hoc SQL may read.
//!
//! `clearway query` runs SQL the analyst typed on a read-only connection, and the statement
//! check ([`super::statements::require_read_only_query`]) refuses everything but one query, so
//! it cannot write, attach, copy, export, install, load or set. A query can still *read* files
//! through DuckDB's table functions (`read_csv('/etc/passwd')`, `'data.parquet'`), with the
//! permissions of the user who runs clearway.
//!
//! The decision (docs/reliability.md, "What `clearway query` may read"): by default it may read
//! any file its user may read ([`FileAccess::Any`]), because reading an ad-hoc CSV beside the
//! workspace is part of an analyst's work and clearway grants no permission the user lacks.
//! Where clearway runs on behalf of someone else (a shared service account, a CI job fed
//! queries from a ticket), [`FileAccess::Workspace`] confines reads to the workspace's own
//! folder, using DuckDB's own settings rather than inspecting the text: external access is
//! switched off, the folder (and the output file being written, if any) is the only allowed
//! place, and the configuration is then locked so that no statement can widen it again.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What ad-hoc SQL may read: `--files` on `clearway query`, or `[query] files` in
/// `clearway.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FileAccess {
    /// Any file the user running clearway may read.
    #[default]
    Any,
    /// Only files under the workspace's folder.
    Workspace,
}

impl FileAccess {
    /// The setting as `--files` and `[query] files` spell it.
    pub fn name(self) -> &'static str {
        match self {
            FileAccess::Any => "any",
            FileAccess::Workspace => "workspace",
        }
    }

    /// `--files` when given, else `[query] files` of the settings files (the workspace's over
    /// the user's), else any file.
    pub fn resolve(flag: Option<FileAccess>, workspace: &Path) -> Result<FileAccess> {
        if let Some(access) = flag {
            return Ok(access);
        }
        let mut access = FileAccess::default();
        for (path, file) in crate::workspace::config(workspace)? {
            if let Some(set) = FileAccess::from_config(&file, &path)? {
                access = set;
            }
        }
        Ok(access)
    }

    /// The setting from the `[query]` table of a `clearway.toml` at `path`, when it has one.
    pub fn from_config(file: &toml::Table, path: &Path) -> Result<Option<Self>> {
        let Some(query) = file.get("query") else {
            return Ok(None);
        };
        let help = "[query] knows one key: files = \"any\" or \"workspace\"";
        let Some(query) = query.as_table() else {
            return Err(Error::bad_input(path, "[query] is not a table", help));
        };
        let mut access = None;
        for (key, value) in query {
            access = match (key.as_str(), value.as_str()) {
                ("files", Some("any")) => Some(FileAccess::Any),
                ("files", Some("workspace")) => Some(FileAccess::Workspace),
                _ => {
                    return Err(Error::bad_input(
                        path,
                        format!("[query] {key} = {value} is not valid"),
                        help,
                    ))
                }
            };
        }
        Ok(access)
    }
}

/// Applies `access` to `conn`, a connection to the workspace at `workspace`. `output` is a file
/// the query itself must write (the temporary file of `--out … --format parquet`).
pub fn confine(
    conn: &duckdb::Connection,
    access: FileAccess,
    workspace: &Path,
    output: Option<&Path>,
) -> Result<()> {
    if access == FileAccess::Any {
        return Ok(());
    }
    let folder = workspace_folder(workspace)?;
    // DuckDB's SET takes no parameters; the values are paths clearway itself resolved, quoted
    // by the one literal function.
    let mut statements = vec![format!(
        "SET allowed_directories = [{}]",
        super::literal(&directory_text(&folder))
    )];
    if let Some(output) = output {
        statements.push(format!(
            "SET allowed_paths = [{}]",
            super::literal(&output.display().to_string())
        ));
    }
    statements.push("SET enable_external_access = false".into());
    statements.push("SET lock_configuration = true".into());
    for statement in statements {
        conn.execute_batch(&statement)?;
    }
    Ok(())
}

/// The workspace's folder, absolute and with symbolic links resolved, as DuckDB compares
/// paths by their text.
fn workspace_folder(workspace: &Path) -> Result<PathBuf> {
    let absolute = workspace.canonicalize().map_err(|cause| Error::Read {
        path: workspace.to_path_buf(),
        cause,
    })?;
    Ok(absolute.parent().map(Path::to_path_buf).unwrap_or(absolute))
}

/// A folder as DuckDB's `allowed_directories` wants it: with a trailing separator, so that
/// `/data/ws` does not also allow `/data/ws-other`.
fn directory_text(folder: &Path) -> String {
    let mut text = folder.display().to_string();
    if !text.ends_with(std::path::MAIN_SEPARATOR) {
        text.push(std::path::MAIN_SEPARATOR);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{EngineConfig, Workspace};

    fn workspace_with_files() -> (tempfile::TempDir, tempfile::TempDir, Workspace) {
        let inside = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let path = inside.path().join("ws.duckdb");
        drop(Workspace::open_rw(&path, &EngineConfig::default()).unwrap());
        std::fs::write(inside.path().join("near.csv"), "a\n1\n").unwrap();
        std::fs::write(outside.path().join("far.csv"), "a\n2\n").unwrap();
        let ws = Workspace::open_ro(&path, &EngineConfig::default()).unwrap();
        (inside, outside, ws)
    }

    fn read(ws: &Workspace, file: &Path) -> std::result::Result<i64, duckdb::Error> {
        ws.conn.query_row(
            "SELECT a FROM read_csv(?)",
            [file.display().to_string()],
            |r| r.get(0),
        )
    }

    #[test]
    fn any_reads_everywhere_the_user_may() {
        let (inside, outside, ws) = workspace_with_files();
        confine(&ws.conn, FileAccess::Any, &ws.path, None).unwrap();
        assert_eq!(read(&ws, &inside.path().join("near.csv")).unwrap(), 1);
        assert_eq!(read(&ws, &outside.path().join("far.csv")).unwrap(), 2);
    }

    #[test]
    fn workspace_reads_only_the_workspace_folder_and_cannot_be_unlocked() {
        let (inside, outside, ws) = workspace_with_files();
        confine(&ws.conn, FileAccess::Workspace, &ws.path, None).unwrap();
        assert_eq!(read(&ws, &inside.path().join("near.csv")).unwrap(), 1);
        let refused = read(&ws, &outside.path().join("far.csv")).unwrap_err();
        assert!(
            refused.to_string().contains("Permission Error"),
            "{refused}"
        );
        let passwd = read(&ws, Path::new("/etc/passwd")).unwrap_err();
        assert!(passwd.to_string().contains("Permission Error"), "{passwd}");
        // A sibling folder whose name starts with the workspace folder's is outside it.
        let sibling = PathBuf::from(format!("{}-other/x.csv", inside.path().display()));
        assert!(read(&ws, &sibling)
            .unwrap_err()
            .to_string()
            .contains("Permission Error"));
        for widen in [
            "SET enable_external_access = true",
            "SET allowed_directories = ['/']",
            "SET lock_configuration = false",
        ] {
            assert!(ws.conn.execute_batch(widen).is_err(), "{widen} was allowed");
        }
        let still = read(&ws, &outside.path().join("far.csv")).unwrap_err();
        assert!(still.to_string().contains("Permission Error"), "{still}");
        // The workspace's own tables still answer.
        let loads: i64 = ws
            .conn
            .query_row("SELECT count(*) FROM loads", [], |r| r.get(0))
            .unwrap();
        assert_eq!(loads, 0);
    }

    #[test]
    fn the_setting_is_read_from_clearway_toml() {
        let path = Path::new("clearway.toml");
        let table = |text: &str| -> toml::Table { toml::from_str(text).unwrap() };
        assert_eq!(FileAccess::from_config(&table(""), path).unwrap(), None);
        assert_eq!(
            FileAccess::from_config(&table("[query]\nfiles = \"workspace\""), path).unwrap(),
            Some(FileAccess::Workspace)
        );
        for bad in [
            "[query]\nfiles = \"all\"",
            "[query]\nfile = \"any\"",
            "query = 1",
        ] {
            assert!(FileAccess::from_config(&table(bad), path).is_err(), "{bad}");
        }
    }
}
