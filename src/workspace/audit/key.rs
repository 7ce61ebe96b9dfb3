//! The audit key: the secret that makes the audit chain and its checkpoints unforgeable by
//! someone who can edit the workspace file but cannot read the key.
//!
//! Where it lives: `CLEARWAY_AUDIT_KEY_FILE` when set (a site key on a shared path, readable by
//! the analysts of one site and nobody else), otherwise per user at
//! `$XDG_CONFIG_HOME/clearway/audit.key` (or `~/.config/clearway/audit.key`). A missing key file
//! is created on first use: 32 bytes from the operating system's random source, written as hex,
//! mode 0600, published with a hard link so that two processes starting at once end up with the
//! same key. The workspace stores only the key's *id* (the first 8 bytes of sha256(key), in
//! hex), so that `audit verify` can say "written with key X, you have key Y".
//!
//! Rotation: move the key file into `audit-keys-retired/` beside it (any file name ending in
//! `.key`); the next command creates a new key, and `audit verify` still checks the older rows
//! with the retired key, found by its id. Deleting a retired key makes the rows it wrote
//! unverifiable, which `audit verify` reports by key id.

use crate::error::{Error, Result};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The environment variable naming the key file (a site key).
pub const KEY_FILE_ENV: &str = "CLEARWAY_AUDIT_KEY_FILE";

/// Beside the key file: retired keys, still used to verify the rows they wrote.
pub const RETIRED_DIR: &str = "audit-keys-retired";

/// Bytes of randomness in a new key.
const KEY_BYTES: usize = 32;

/// A key and its id.
#[derive(Clone)]
pub struct Key {
    pub id: String,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.id)
    }
}

impl Key {
    fn from_bytes(bytes: Vec<u8>) -> Self {
        let id = hex::encode(&Sha256::digest(&bytes)[..8]);
        Key { id, bytes }
    }

    /// HMAC-SHA256 over `parts`, each prefixed by its length so that no two different lists
    /// of parts give the same input.
    pub fn mac(&self, parts: &[&str]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.bytes).expect("HMAC takes any key");
        for part in parts {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// True when `expected` is the MAC of `parts` (compared in constant time).
    pub fn verifies(&self, parts: &[&str], expected: &str) -> bool {
        let Ok(expected) = hex::decode(expected) else {
            return false;
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.bytes).expect("HMAC takes any key");
        for part in parts {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part.as_bytes());
        }
        mac.verify_slice(&expected).is_ok()
    }
}

/// The key this process writes with, and the retired keys it can still verify with.
#[derive(Debug, Clone)]
pub struct KeyRing {
    pub file: PathBuf,
    pub current: Key,
    pub retired: Vec<Key>,
}

impl KeyRing {
    /// The current key, created when absent, and the retired keys beside it.
    pub fn load() -> Result<Self> {
        let file = key_file();
        let current = load_or_create(&file)?;
        let retired = retired_keys(&file)?;
        Ok(KeyRing {
            file,
            current,
            retired,
        })
    }

    /// The key with this id, current or retired.
    pub fn find(&self, id: &str) -> Option<&Key> {
        std::iter::once(&self.current)
            .chain(&self.retired)
            .find(|k| k.id == id)
    }

    /// The folder the key file is in, where its checkpoints are kept too.
    pub fn dir(&self) -> PathBuf {
        self.file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    }
}

/// The key file chosen for the whole process by [`set_process_key_file`].
static PROCESS_KEY_FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Chooses the key file for the whole process, over `CLEARWAY_AUDIT_KEY_FILE`: for a program
/// that embeds clearway (the integration tests, which open workspaces in-process and must never
/// touch the tester's own key) without changing its environment. The first call wins.
pub fn set_process_key_file(file: PathBuf) {
    let _ = PROCESS_KEY_FILE.set(file);
}

/// Where the key is: the process's choice, the environment's site key, or the user's.
pub fn key_file() -> PathBuf {
    // The library's own unit tests open workspaces too: they must never create or use the
    // tester's key (the integration tests choose theirs with `set_process_key_file`).
    #[cfg(test)]
    set_process_key_file(
        std::env::temp_dir()
            .join("clearway-unit-tests")
            .join("audit.key"),
    );
    if let Some(file) = PROCESS_KEY_FILE.get() {
        return file.clone();
    }
    if let Some(file) = std::env::var_os(KEY_FILE_ENV).filter(|f| !f.is_empty()) {
        return PathBuf::from(file);
    }
    user_key_file()
}

#[cfg(not(test))]
fn user_key_file() -> PathBuf {
    crate::settings::user_dir()
        .unwrap_or_else(|| PathBuf::from(".config").join("clearway"))
        .join("audit.key")
}

/// Unit tests never touch the real home: their key lives in the temp folder.
#[cfg(test)]
fn user_key_file() -> PathBuf {
    std::env::temp_dir()
        .join("clearway-unit-tests")
        .join("audit.key")
}

fn load_or_create(file: &Path) -> Result<Key> {
    match std::fs::read_to_string(file) {
        Ok(text) => parse_key(file, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create(file).map_err(|e| {
                Error::usage(
                    format!("cannot create the audit key {}: {e}", file.display()),
                    format!("clearway signs its audit trail with a key kept outside the workspace: make that folder writable, or set {KEY_FILE_ENV} to a key file (a site key)"),
                )
            })?;
            let text = std::fs::read_to_string(file).map_err(|cause| Error::Read {
                path: file.to_path_buf(),
                cause,
            })?;
            parse_key(file, &text)
        }
        Err(cause) => Err(Error::Read {
            path: file.to_path_buf(),
            cause,
        }),
    }
}

fn parse_key(file: &Path, text: &str) -> Result<Key> {
    match hex::decode(text.trim()) {
        Ok(bytes) if bytes.len() >= 16 => Ok(Key::from_bytes(bytes)),
        _ => Err(Error::bad_input(
            file,
            "not an audit key (expected at least 32 hex digits on one line)",
            format!("restore the key from a backup, or point {KEY_FILE_ENV} at the right file; a new key cannot verify rows the old one wrote"),
        )),
    }
}

/// Writes a new random key to a temporary file and links it into place, so that a reader never
/// sees a half-written key and a concurrent creator's key wins or loses whole.
fn create(file: &Path) -> Result<()> {
    let write_err = |path: &Path, cause| Error::Write {
        path: path.to_path_buf(),
        cause,
    };
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    let mut bytes = [0u8; KEY_BYTES];
    rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut bytes)
        .map_err(|e| write_err(file, std::io::Error::other(e.to_string())))?;
    let tmp = private_temp_file()
        .tempfile_in(dir)
        .map_err(|e| write_err(dir, e))?;
    std::fs::write(tmp.path(), format!("{}\n", hex::encode(bytes)))
        .map_err(|e| write_err(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| write_err(tmp.path(), e))?;
    match std::fs::hard_link(tmp.path(), file) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(write_err(file, e)),
    }
}

fn retired_keys(file: &Path) -> Result<Vec<Key>> {
    let dir = file.parent().unwrap_or(Path::new(".")).join(RETIRED_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut keys = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "key") {
            let text = std::fs::read_to_string(&path).map_err(|cause| Error::Read {
                path: path.clone(),
                cause,
            })?;
            keys.push(parse_key(&path, &text)?);
        }
    }
    Ok(keys)
}

/// A temporary file only its owner can read: mode 0600 on Unix. On Windows the key lives in
/// the user's profile (`settings::user_dir`), whose access list already admits the user alone,
/// and tempfile creates its files without sharing; no mode is set there.
fn private_temp_file() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".audit-key-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub").join("audit.key");
        let first = load_or_create(&file).unwrap();
        let again = load_or_create(&file).unwrap();
        assert_eq!(first.id, again.id);
        assert_eq!(first.id.len(), 16);
        #[cfg(unix)]
        {
            let mode = std::os::unix::fs::PermissionsExt::mode(
                &std::fs::metadata(&file).unwrap().permissions(),
            );
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_mac_depends_on_key_and_every_part() {
        let a = Key::from_bytes(vec![1; 32]);
        let b = Key::from_bytes(vec![2; 32]);
        let m = a.mac(&["x", "y"]);
        assert!(a.verifies(&["x", "y"], &m));
        assert!(!b.verifies(&["x", "y"], &m));
        assert!(!a.verifies(&["xy", ""], &m));
    }
}
