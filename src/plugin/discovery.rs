//! Where plugins are found, and the lock that pins what was approved.
//!
//! Search order: the workspace's `plugins/` (beside the workspace file), the user's
//! `$XDG_CONFIG_HOME/clearway/plugins` (or `~/.config/clearway/plugins`), then each folder of
//! `CLEARWAY_PLUGIN_PATH` (`:`-separated). Each holds one folder per plugin with a `plugin.toml`;
//! the first plugin of a name wins, later ones are reported as shadowed. Executables on `PATH`
//! are never plugins: a plugin is only what a manifest declares.
//!
//! The lock (`plugins.lock` beside the workspace) records, per approved plugin, the sha256 of
//! its manifest and entrypoint, of every other file in its folder (helper modules, data,
//! caches: a plugin's entrypoint imports what lies beside it), and the command signatures its
//! handshake announced. A plugin whose files no longer hash to what was approved — a file
//! changed, added or removed — is refused until `clearway plugin approve` (or `--trust`) pins
//! it again: code that changed under the analyst does not run unseen.
//!
//! What is not pinned: anything outside the folder (the interpreter, a virtual environment
//! elsewhere, system libraries) and a `.git` folder inside it. The folder is walked following
//! symbolic links, so a link to a file outside is pinned by the content it points at. Python
//! plugins run with `PYTHONDONTWRITEBYTECODE=1`, so running one does not add `__pycache__`
//! files to its pinned folder; caches present at approval are pinned like any file. A folder
//! of more than [`MAX_PINNED_FILES`] files or [`MAX_PINNED_BYTES`] bytes is refused rather
//! than hashed for minutes on every call.

use super::manifest::Manifest;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A plugin found on the search path.
#[derive(Debug, Clone)]
pub struct Found {
    pub manifest: Manifest,
    /// Which search-path entry it came from (`workspace`, `user`, `CLEARWAY_PLUGIN_PATH`).
    pub origin: &'static str,
}

/// A folder that looked like a plugin but could not be read.
#[derive(Debug, Clone)]
pub struct Broken {
    pub dir: PathBuf,
    pub reason: String,
}

/// The search path for a workspace, in order.
pub fn search_path(workspace: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    let beside = workspace
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    out.push((beside.join("plugins"), "workspace"));
    if let Some(dir) = crate::settings::user_dir() {
        out.push((dir.join("plugins"), "user"));
    }
    if let Some(extra) = std::env::var_os("CLEARWAY_PLUGIN_PATH") {
        for p in std::env::split_paths(&extra).filter(|p| !p.as_os_str().is_empty()) {
            out.push((p, "CLEARWAY_PLUGIN_PATH"));
        }
    }
    out
}

/// Every plugin on the search path (first of a name wins), and the folders that failed.
pub fn discover(workspace: &Path) -> (Vec<Found>, Vec<Broken>) {
    let mut found: Vec<Found> = Vec::new();
    let mut broken = Vec::new();
    for (root, origin) in search_path(workspace) {
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("plugin.toml").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            match Manifest::read(&dir) {
                Ok(m)
                    if found
                        .iter()
                        .any(|f| f.manifest.plugin.name == m.plugin.name) =>
                {
                    broken.push(Broken {
                        reason: format!(
                            "shadowed by the plugin `{}` found earlier on the search path",
                            m.plugin.name
                        ),
                        dir,
                    })
                }
                Ok(manifest) => found.push(Found { manifest, origin }),
                Err(reason) => broken.push(Broken { dir, reason }),
            }
        }
    }
    (found, broken)
}

/// The lock file's path for a workspace: `plugins.lock` in the workspace's folder, beside the
/// `plugins/` it mostly pins.
pub fn lock_path(workspace: &Path) -> PathBuf {
    workspace.with_file_name("plugins.lock")
}

/// One approved plugin, as pinned.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Pin {
    pub version: String,
    pub protocol: u64,
    pub manifest_sha256: String,
    pub entrypoint: Option<String>,
    pub entrypoint_sha256: Option<String>,
    /// Every file of the plugin's folder, by its path inside the folder → sha256. Empty in a
    /// lock written before folders were pinned, which is treated as a change.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// The commands the handshake announced: name → output kind.
    pub commands: BTreeMap<String, String>,
    pub approved_at: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Lock {
    #[serde(default)]
    pub plugins: BTreeMap<String, Pin>,
}

/// Whether a plugin may run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    Approved,
    New,
    /// The files changed since approval: what changed.
    Changed(String),
}

impl Lock {
    pub fn read(path: &Path) -> Result<Lock, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lock::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Written to a temporary file and renamed, so a crash never leaves half a lock.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = format!(
            "# Written by `clearway plugin approve`: the plugins this workspace trusts, pinned by\n# the sha256 of their manifest and entrypoint. Do not edit by hand.\n{}",
            toml::to_string_pretty(self).map_err(|e| e.to_string())?
        );
        let tmp = path.with_extension("lock.tmp");
        std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn trust(&self, m: &Manifest) -> Result<Trust, String> {
        let Some(pin) = self.plugins.get(&m.plugin.name) else {
            return Ok(Trust::New);
        };
        let now = fingerprint(m)?;
        let mut changed = Vec::new();
        if now.manifest_sha256 != pin.manifest_sha256 {
            changed.push("its manifest".to_string());
        }
        if now.entrypoint_sha256 != pin.entrypoint_sha256 {
            changed.push(format!(
                "its entrypoint {}",
                now.entrypoint.as_deref().unwrap_or("-")
            ));
        }
        if pin.files.is_empty() {
            changed.push("its folder (approved before clearway pinned every file)".to_string());
        } else {
            let already_named = ["plugin.toml", now.entrypoint.as_deref().unwrap_or("")];
            changed.extend(
                file_changes(&pin.files, &now.files)
                    .into_iter()
                    .filter(|(file, _)| !already_named.contains(&file.as_str()))
                    .map(|(file, how)| format!("{how} {file}")),
            );
        }
        Ok(if changed.is_empty() {
            Trust::Approved
        } else {
            Trust::Changed(changed.join(" and "))
        })
    }
}

/// The hashes a pin records (commands and time filled in by the caller).
pub fn fingerprint(m: &Manifest) -> Result<Pin, String> {
    let manifest_path = m.dir.join("plugin.toml");
    let entry = m.entrypoint();
    let entrypoint_sha256 = match &entry {
        Some(p) => Some(sha256_of(p)?),
        None => None,
    };
    Ok(Pin {
        version: m.plugin.version.clone(),
        protocol: m.plugin.protocol,
        manifest_sha256: sha256_of(&manifest_path)?,
        entrypoint: entry.map(|p| p.strip_prefix(&m.dir).unwrap_or(&p).display().to_string()),
        entrypoint_sha256,
        files: folder_files(&m.dir)?,
        commands: BTreeMap::new(),
        approved_at: String::new(),
    })
}

/// At most this many files are pinned per plugin folder.
pub const MAX_PINNED_FILES: usize = 10_000;
/// At most this many bytes are hashed per plugin folder (1 GiB).
pub const MAX_PINNED_BYTES: u64 = 1 << 30;

/// Every file under `dir` (links followed, `.git` left out), by its `/`-separated path inside
/// `dir` → sha256.
fn folder_files(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let mut bytes = 0u64;
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || e.file_name() != ".git");
    for entry in walk {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
        if files.len() >= MAX_PINNED_FILES || bytes > MAX_PINNED_BYTES {
            return Err(format!(
                "{}: more than {MAX_PINNED_FILES} files or {} MiB to pin; keep only the plugin's own code and data in its folder",
                dir.display(),
                MAX_PINNED_BYTES >> 20
            ));
        }
        let inside = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.insert(name, sha256_of(entry.path())?);
    }
    Ok(files)
}

/// How the files pinned (`then`) differ from the files now: `(file, "changed"|"new"|"removed")`.
fn file_changes(
    then: &BTreeMap<String, String>,
    now: &BTreeMap<String, String>,
) -> Vec<(String, &'static str)> {
    let mut changes = Vec::new();
    for (file, hash) in then {
        match now.get(file) {
            Some(current) if current == hash => {}
            Some(_) => changes.push((file.clone(), "its file")),
            None => changes.push((file.clone(), "removed file")),
        }
    }
    for file in now.keys().filter(|f| !then.contains_key(*f)) {
        changes.push((file.clone(), "new file"));
    }
    changes
}

fn sha256_of(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_entrypoint_is_no_longer_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p");
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("run.py"), "print(1)").unwrap();
        std::fs::write(
            p.join("plugin.toml"),
            "[plugin]\nname = \"p\"\nversion = \"1\"\nprotocol = 1\n[transport]\nkind = \"exec\"\ncommand = [\"python3\", \"run.py\"]\n",
        )
        .unwrap();
        let m = Manifest::read(&p).unwrap();
        let mut lock = Lock::default();
        assert_eq!(lock.trust(&m).unwrap(), Trust::New);
        lock.plugins.insert("p".into(), fingerprint(&m).unwrap());
        let path = lock_path(&dir.path().join("ws.duckdb"));
        lock.write(&path).unwrap();
        let lock = Lock::read(&path).unwrap();
        assert_eq!(lock.trust(&m).unwrap(), Trust::Approved);
        std::fs::write(p.join("run.py"), "print(2)").unwrap();
        assert_eq!(
            lock.trust(&m).unwrap(),
            Trust::Changed("its entrypoint run.py".into())
        );
    }

    #[test]
    fn a_changed_added_or_removed_helper_file_is_no_longer_trusted() {
        // Issue 19: a helper module beside the approved entrypoint ran changed, unseen.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p");
        std::fs::create_dir_all(p.join("lib")).unwrap();
        std::fs::write(p.join("run.py"), "import lib.helper").unwrap();
        std::fs::write(p.join("lib/helper.py"), "X = 1").unwrap();
        std::fs::write(p.join("data.json"), "{}").unwrap();
        std::fs::write(
            p.join("plugin.toml"),
            "[plugin]\nname = \"p\"\nversion = \"1\"\nprotocol = 1\n[transport]\nkind = \"exec\"\ncommand = [\"python3\", \"run.py\"]\n",
        )
        .unwrap();
        let m = Manifest::read(&p).unwrap();
        let mut lock = Lock::default();
        lock.plugins.insert("p".into(), fingerprint(&m).unwrap());
        assert_eq!(lock.trust(&m).unwrap(), Trust::Approved);
        std::fs::write(p.join("lib/helper.py"), "X = 2").unwrap();
        assert_eq!(
            lock.trust(&m).unwrap(),
            Trust::Changed("its file lib/helper.py".into())
        );
        std::fs::write(p.join("lib/helper.py"), "X = 1").unwrap();
        std::fs::write(p.join("lib/extra.py"), "").unwrap();
        std::fs::remove_file(p.join("data.json")).unwrap();
        assert_eq!(
            lock.trust(&m).unwrap(),
            Trust::Changed("removed file data.json and new file lib/extra.py".into())
        );
        // A .git folder is not the plugin's code.
        std::fs::remove_file(p.join("lib/extra.py")).unwrap();
        std::fs::write(p.join("data.json"), "{}").unwrap();
        std::fs::create_dir(p.join(".git")).unwrap();
        std::fs::write(p.join(".git/HEAD"), "ref").unwrap();
        assert_eq!(lock.trust(&m).unwrap(), Trust::Approved);
        // A lock from before folders were pinned asks for approval again.
        lock.plugins.get_mut("p").unwrap().files.clear();
        assert!(matches!(lock.trust(&m).unwrap(), Trust::Changed(w) if w.contains("folder")));
    }
}
