//! The settings files: the user's `config.toml` in the platform's configuration folder
//! (`$XDG_CONFIG_HOME/clearway`, else `~/.config/clearway`, on Linux; found with the
//! `directories` crate) and the `clearway.toml` beside the workspace, which overrides it.
//!
//! Why a schema before the values: each setting is owned by the module it steers (the engine,
//! the input bounds, `[query]`, the TUI, the risk parameters), which checks what a type cannot
//! (a memory size DuckDB understands, a key binding, a rule's parameter). But a table or key
//! none of them knows used to pass in silence: `[enigne] threads = 2` was ignored, and the
//! analyst believed it applied. So every file is first read into [`SettingsFile`], whose
//! structs refuse unknown keys and wrong types; the error names the file, the line and column,
//! and the keys that are valid there. Then the modules apply the files in order, user file
//! first, each value checked and named with the file it came from ([`layers`]).
//!
//! `clearway config` prints the effective settings and where each came from
//! ([`crate::commands::config`]); docs/configuration.md lists every key.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One settings file as a type: every table and key clearway reads, nothing else.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    pub engine: Option<EngineSection>,
    pub limits: Option<LimitsSection>,
    pub query: Option<QuerySection>,
    pub tui: Option<TuiSection>,
    pub risk: Option<RiskSection>,
}

/// `[engine]`: DuckDB's memory limit, threads and spill folder.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineSection {
    pub memory_limit: Option<String>,
    pub threads: Option<u32>,
    pub temp_dir: Option<String>,
}

/// `[limits]`: the bounds on input. A size is a number of bytes or text such as `"64MiB"`,
/// which `workspace::limits` reads and checks (naming a bad one better than a type could).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    pub max_file_bytes: Option<toml::Value>,
    pub max_line_bytes: Option<toml::Value>,
    pub max_part_bytes: Option<toml::Value>,
    pub max_package_bytes: Option<toml::Value>,
    pub csv_max_columns: Option<u64>,
    pub csv_max_field_bytes: Option<u64>,
}

/// `[query]`: which files a query may read.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySection {
    pub files: Option<String>,
}

/// `[tui]`: the theme and key bindings per context.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TuiSection {
    pub theme: Option<String>,
    pub keys: Option<BTreeMap<String, BTreeMap<String, String>>>,
}

/// `[risk]`: parameter overrides, for every rule (`[risk.params]`) or one (`[risk.params.ID]`);
/// their names and types are the rules' own, checked when a pack is prepared.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSection {
    pub params: Option<toml::Table>,
}

/// The folder of the user's settings (and audit key, and plugins): `directories`' config
/// folder for clearway. `$XDG_CONFIG_HOME` counts only when absolute, as the XDG spec says.
pub fn user_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "clearway").map(|d| d.config_dir().to_path_buf())
}

/// The user's settings file, whether or not it exists.
#[cfg(not(test))]
pub fn user_file() -> Option<PathBuf> {
    user_dir().map(|d| d.join("config.toml"))
}

/// Unit tests never read the tester's own settings.
#[cfg(test)]
pub fn user_file() -> Option<PathBuf> {
    None
}

/// The workspace's settings file, whether or not it exists.
pub fn workspace_file(workspace: &Path) -> PathBuf {
    workspace.with_file_name("clearway.toml")
}

/// The settings files that exist, in the order they apply (user file, then the workspace's),
/// each checked against [`SettingsFile`] and returned as its TOML table.
pub fn layers(workspace: &Path) -> Result<Vec<(PathBuf, toml::Table)>> {
    let mut found = Vec::new();
    for path in user_file().into_iter().chain([workspace_file(workspace)]) {
        if let Some(table) = read(&path)? {
            found.push((path, table));
        }
    }
    Ok(found)
}

/// One settings file: None when there is none. A file that exists but cannot be read is an
/// error, not an absent file (it would otherwise silently drop a site's `[query] files` or
/// `[limits]`), and so is one that does not fit the schema.
pub fn read(path: &Path) -> Result<Option<toml::Table>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match crate::limits::read_to_string_capped(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::bad_input(
                path,
                format!("{name} cannot be read: {e}"),
                "fix the file (UTF-8 TOML, readable by you) or move it aside",
            ))
        }
    };
    check(path, &text)?;
    let table = toml::from_str(&text).map_err(|e| schema_error(path, &text, &e))?;
    Ok(Some(table))
}

/// Refuses a file that is not TOML, or has a table or key clearway does not read, or a value
/// of the wrong type, naming where.
pub fn check(path: &Path, text: &str) -> Result<()> {
    toml::from_str::<SettingsFile>(text)
        .map(|_| ())
        .map_err(|e| schema_error(path, text, &e))
}

/// The diagnostic of a settings file that does not fit: toml's message (which lists the valid
/// keys of an unknown one) at its line and column, with the file shown around it.
fn schema_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let span = e.span().unwrap_or(0..0);
    let (line, column) = line_and_column(text, span.start);
    let message = e.message().trim().to_string();
    let help = if message.contains("unknown field") {
        "a key clearway does not read would be ignored in silence, so it is refused; docs/configuration.md lists every key"
    } else {
        "fix the value or move the file aside; docs/configuration.md lists every key and its type"
    };
    Error::Settings {
        message: format!("{}:{line}:{column}: {message}", path.display()),
        help: help.to_string(),
        src: miette::NamedSource::new(path.display().to_string(), text.to_string()),
        at: (span.start, span.len()).into(),
        label: "here".into(),
    }
}

/// 1-based line and column of byte `at` in `text`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Where the last file that sets `key` (`engine.threads`, `tui.keys.grid.q`) is, among
/// `layers`; None when none does.
pub fn source_of(layers: &[(PathBuf, toml::Table)], key: &str) -> Option<PathBuf> {
    layers
        .iter()
        .rev()
        .find(|(_, table)| lookup(table, key).is_some())
        .map(|(path, _)| path.clone())
}

/// The value at a dotted `key` of a table.
pub fn lookup<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    let mut parts = key.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

/// The layers as one table, later files overriding earlier ones key by key (tables merged).
pub fn merged(layers: &[(PathBuf, toml::Table)]) -> toml::Table {
    let mut out = toml::Table::new();
    for (_, table) in layers {
        merge_into(&mut out, table);
    }
    out
}

fn merge_into(out: &mut toml::Table, table: &toml::Table) {
    for (key, value) in table {
        match (out.get_mut(key), value) {
            (Some(toml::Value::Table(mine)), toml::Value::Table(theirs)) => {
                merge_into(mine, theirs)
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
}

/// One effective setting: its key, its value as clearway uses it, and where it came from
/// (`default`, a file's path, a flag or an environment variable).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Effective {
    pub setting: String,
    pub value: String,
    pub source: String,
}

/// What the command line gave besides the files: `--memory-limit` (or its environment
/// variable) and `--input-limit NAME=SIZE` flags.
#[derive(Debug, Default, Clone)]
pub struct Overrides<'a> {
    pub memory_limit: Option<&'a str>,
    pub input_limits: &'a [String],
}

/// Every setting as the commands would use it for `workspace`, resolved by the same code the
/// commands run (so the values are exactly theirs), with the source of each: the last of the
/// flag, the workspace's file and the user's file that sets it, else the default.
pub fn effective(workspace: &Path, given: &Overrides<'_>) -> Result<Vec<Effective>> {
    let layers = layers(workspace)?;
    let from_files = |key: &str| source_of(&layers, key).map(|p| p.display().to_string());
    let source = |key: &str, flag: Option<String>| {
        flag.or_else(|| from_files(key))
            .unwrap_or_else(|| "default".to_string())
    };
    let mut out = Vec::new();
    let mut push = |key: &str, value: String, source: String| {
        out.push(Effective {
            setting: key.to_string(),
            value,
            source,
        })
    };
    for (key, path) in [
        ("files.user", user_file()),
        ("files.workspace", Some(workspace_file(workspace))),
    ] {
        let (value, state) = match path {
            Some(p) if p.exists() => (p.display().to_string(), "read"),
            Some(p) => (p.display().to_string(), "absent"),
            None => ("(no home folder)".to_string(), "absent"),
        };
        push(key, value, state.to_string());
    }

    let engine = crate::workspace::EngineConfig::resolve(
        crate::workspace::EngineConfig::default(),
        given.memory_limit,
        workspace,
    )?;
    let memory_flag = given
        .memory_limit
        .map(|_| "--memory-limit or CLEARWAY_MEMORY_LIMIT".to_string());
    push(
        "engine.memory_limit",
        engine.memory_limit.clone(),
        source("engine.memory_limit", memory_flag),
    );
    push(
        "engine.threads",
        engine
            .threads
            .map_or("one per core".to_string(), |t| t.to_string()),
        source("engine.threads", None),
    );
    let spill = match &engine.temp_dir {
        Some(dir) => dir.display().to_string(),
        None => {
            let mut dir = workspace.as_os_str().to_owned();
            dir.push(".tmp");
            PathBuf::from(dir).display().to_string()
        }
    };
    push("engine.temp_dir", spill, source("engine.temp_dir", None));

    let limits = crate::workspace::limits::resolve(given.input_limits, workspace)?;
    for bound in crate::limits::Bound::ALL {
        let name = bound.name();
        let flag = given
            .input_limits
            .iter()
            .rev()
            .find(|f| f.split_once('=').is_some_and(|(n, _)| n.trim() == name))
            .map(|f| format!("--input-limit {f}"));
        push(
            &format!("limits.{name}"),
            limits.get(bound).to_string(),
            source(&format!("limits.{name}"), flag),
        );
    }
    let csv = crate::ingest::csv_repair::CsvLimits::resolve(workspace)?;
    push(
        "limits.csv_max_columns",
        csv.max_columns.to_string(),
        source("limits.csv_max_columns", None),
    );
    push(
        "limits.csv_max_field_bytes",
        csv.max_field_bytes.to_string(),
        source("limits.csv_max_field_bytes", None),
    );

    let files = crate::sql::files::FileAccess::resolve(None, workspace)?;
    push(
        "query.files",
        files.name().to_string(),
        source("query.files", None),
    );

    let all = merged(&layers);
    let theme = lookup(&all, "tui.theme")
        .and_then(|t| t.as_str())
        .unwrap_or("dark")
        .to_string();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color {
        push("tui.theme", "none".into(), "NO_COLOR".into());
    } else {
        push("tui.theme", theme, source("tui.theme", None));
    }
    if let Some(contexts) = lookup(&all, "tui.keys").and_then(|k| k.as_table()) {
        for (context, keys) in contexts {
            for (key, action) in keys.as_table().into_iter().flatten() {
                let dotted = format!("tui.keys.{context}.{key}");
                let action = action.as_str().unwrap_or_default().to_string();
                push(&dotted, action, source(&dotted, None));
            }
        }
    }
    for (rule, name, value, origin) in
        crate::risk::Overrides::from_workspace_config(workspace)?.entries()
    {
        let key = match rule {
            Some(rule) => format!("risk.params.{rule}.{name}"),
            None => format!("risk.params.{name}"),
        };
        // a later file's entry for the same parameter replaces the earlier one
        out.retain(|e| e.setting != key);
        out.push(Effective {
            setting: key,
            value: value.clone(),
            source: origin.clone(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> std::result::Result<(), String> {
        check(Path::new("clearway.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn every_key_clearway_reads_passes() {
        let text = r#"
[engine]
memory_limit = "8GB"
threads = 4
temp_dir = "spill"
[limits]
max_file_bytes = 1048576
max_line_bytes = "64MiB"
csv_max_columns = 100
csv_max_field_bytes = 4096
[query]
files = "workspace"
[tui]
theme = "light"
[tui.keys.grid]
q = "Quit"
[risk.params]
threshold = 4
[risk.params.unit_value_outlier]
min_group = 10
"#;
        assert_eq!(checked(text), Ok(()));
    }

    #[test]
    fn an_unknown_table_or_key_is_named_with_its_line_and_the_valid_keys() {
        let e = checked("[engine]\nthreads = 2\n\n[enigne]\nthreads = 2\n").unwrap_err();
        assert!(e.starts_with("clearway.toml:4:"), "{e}");
        assert!(
            e.contains("enigne") && e.contains("engine") && e.contains("limits"),
            "{e}"
        );
        let e = checked("[engine]\nthread = 2\n").unwrap_err();
        assert!(e.starts_with("clearway.toml:2:1"), "{e}");
        assert!(e.contains("memory_limit") && e.contains("temp_dir"), "{e}");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_with_its_line() {
        let e = checked("[engine]\nthreads = \"four\"\n").unwrap_err();
        assert!(e.starts_with("clearway.toml:2:"), "{e}");
        assert!(e.contains("invalid type"), "{e}");
        let e = checked("[query]\nfiles = 1\n").unwrap_err();
        assert!(e.starts_with("clearway.toml:2:"), "{e}");
        assert!(checked("not toml at all").is_err());
    }

    #[test]
    fn later_files_override_earlier_ones_key_by_key() {
        let user: toml::Table =
            toml::from_str("[engine]\nthreads = 2\nmemory_limit = \"1GB\"\n").unwrap();
        let site: toml::Table = toml::from_str("[engine]\nthreads = 8\n").unwrap();
        let layers = vec![
            (PathBuf::from("user.toml"), user),
            (PathBuf::from("site.toml"), site),
        ];
        let all = merged(&layers);
        assert_eq!(
            lookup(&all, "engine.threads").and_then(|v| v.as_integer()),
            Some(8)
        );
        assert_eq!(
            lookup(&all, "engine.memory_limit").and_then(|v| v.as_str()),
            Some("1GB")
        );
        assert_eq!(
            source_of(&layers, "engine.threads"),
            Some(PathBuf::from("site.toml"))
        );
        assert_eq!(
            source_of(&layers, "engine.memory_limit"),
            Some(PathBuf::from("user.toml"))
        );
        assert_eq!(source_of(&layers, "engine.temp_dir"), None);
        assert_eq!(line_and_column("a\nbc\nd", 4), (2, 3));
    }
}
