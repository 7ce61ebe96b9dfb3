//! The queue of records that read-only commands could not append because another process held
//! the write lock: `<workspace>.audit-pending.ndjson`, drained into the chain by the next
//! writer.
//!
//! Each record is authenticated: it carries the id of the key that queued it and an
//! HMAC-SHA256 over its content, so a line written by hand (another actor, a back-dated time)
//! is refused rather than chained in. Refused lines are moved to
//! `<workspace>.audit-refused.ndjson` with the reason, and `audit verify` reports them.
//!
//! Each record is written with one `write_all` of a complete line on a file opened with
//! `O_APPEND`, under an exclusive lock (`File::lock`: `flock` on Unix, `LockFileEx` on
//! Windows), and starts with a newline: a writer killed
//! mid-write leaves at most one fragment, which the next line terminates, and which the drain
//! ignores with a warning (it never became a record). The drainer holds the same lock while it
//! reads, chains and removes the file, so no record is appended to a file already read; a
//! writer that finds the path moved on under its lock opens it again. A record already in the
//! chain (same time, actor, command and detail: a drain killed between its commit and the
//! removal of the file) is not chained twice.

use super::key::{Key, KeyRing};
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// A record waiting to join the chain, as one line of the queue.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Queued {
    at_micros: i64,
    actor: String,
    command: String,
    /// The detail as JSON text, so that the MAC covers exactly these bytes.
    detail: String,
    key_id: String,
    mac: String,
}

impl Queued {
    /// What the MAC covers: the record, and the workspace it was queued for (its canonical
    /// path), so that a line copied from another workspace's queue is refused (review finding).
    fn parts(&self, workspace: &Path) -> [String; 7] {
        [
            "clearway-audit-pending-v2".into(),
            place(workspace),
            self.key_id.clone(),
            self.at_micros.to_string(),
            self.actor.clone(),
            self.command.clone(),
            self.detail.clone(),
        ]
    }

    fn authentic(&self, key: &Key, workspace: &Path) -> bool {
        let parts = self.parts(workspace);
        key.verifies(&parts.each_ref().map(String::as_str), &self.mac)
    }
}

/// The workspace's path with links and `..` resolved, as far as it exists.
fn place(workspace: &Path) -> String {
    std::fs::canonicalize(workspace)
        .or_else(|_| std::path::absolute(workspace))
        .unwrap_or_else(|_| workspace.to_path_buf())
        .display()
        .to_string()
}

pub fn queue_path(workspace: &Path) -> PathBuf {
    let mut name = workspace.as_os_str().to_owned();
    name.push(".audit-pending.ndjson");
    PathBuf::from(name)
}

pub fn refused_path(workspace: &Path) -> PathBuf {
    let mut name = workspace.as_os_str().to_owned();
    name.push(".audit-refused.ndjson");
    PathBuf::from(name)
}

/// The queue line of a record: a leading newline, the JSON, a trailing newline.
fn line(
    key: &Key,
    workspace: &Path,
    at_micros: i64,
    actor: &str,
    command: &str,
    detail: &serde_json::Value,
) -> String {
    let mut queued = Queued {
        at_micros,
        actor: actor.into(),
        command: command.into(),
        detail: detail.to_string(),
        key_id: key.id.clone(),
        mac: String::new(),
    };
    let parts = queued.parts(workspace);
    queued.mac = key.mac(&parts.each_ref().map(String::as_str));
    format!(
        "\n{}\n",
        serde_json::to_string(&queued).expect("a queued record serialises")
    )
}

fn write_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |cause| Error::Write {
        path: path.to_path_buf(),
        cause,
    }
}

/// Takes an exclusive lock on `file` (released when it is closed).
fn lock(file: &std::fs::File) -> std::io::Result<()> {
    file.lock()
}

/// True when `file` is still the file at `path` (a drainer may have removed it meanwhile):
/// same device and inode on Unix, same volume and file index on Windows (`same-file`).
fn still_at(file: &std::fs::File, path: &Path) -> std::io::Result<bool> {
    let open = same_file::Handle::from_file(file.try_clone()?)?;
    Ok(match same_file::Handle::from_path(path) {
        Ok(now) => now == open,
        Err(_) => false,
    })
}

/// Opens the queue without following a symbolic link at `path`: someone who can write the
/// workspace's folder must not turn the queue into a link that makes a read append to another
/// file (review finding). Unix refuses the link in the open itself (`O_NOFOLLOW`).
#[cfg(unix)]
fn open_no_follow(
    options: &mut std::fs::OpenOptions,
    path: &Path,
) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NOFOLLOW).open(path)
}

/// Elsewhere a link is refused by a look before the open; a link made between the look and the
/// open is not seen (Unix's flag has no such gap).
#[cfg(not(unix))]
fn open_no_follow(
    options: &mut std::fs::OpenOptions,
    path: &Path,
) -> std::io::Result<std::fs::File> {
    refuse_link(path)?;
    options.open(path)
}

/// An error when `path` is a symbolic link (a missing path is not one).
#[cfg_attr(unix, allow(dead_code))]
fn refuse_link(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(std::io::Error::other(format!(
            "{} is a symbolic link; the audit queue must be a plain file",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// Queues one record for the workspace at `workspace`.
pub fn enqueue(
    workspace: &Path,
    ring: &KeyRing,
    at_micros: i64,
    actor: &str,
    command: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    let path = queue_path(workspace);
    let bytes = line(&ring.current, workspace, at_micros, actor, command, detail);
    loop {
        let mut file = open_no_follow(std::fs::OpenOptions::new().create(true).append(true), &path)
            .map_err(write_err(&path))?;
        lock(&file).map_err(write_err(&path))?;
        if !still_at(&file, &path).map_err(write_err(&path))? {
            continue;
        }
        file.write_all(bytes.as_bytes()).map_err(write_err(&path))?;
        return file.sync_data().map_err(write_err(&path));
    }
}

/// One line of the queue, sorted.
enum Line {
    Record(Queued),
    Refused(String),
    Torn,
}

fn classify(text: &str, ring: &KeyRing, workspace: &Path) -> Line {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Line::Torn;
    };
    let Ok(queued) = serde_json::from_value::<Queued>(value) else {
        return Line::Refused(
            "not an authenticated record (no key id or MAC): written by hand or by a clearway before the keyed queue".into(),
        );
    };
    if serde_json::from_str::<serde_json::Value>(&queued.detail).is_err() {
        return Line::Refused("its detail is not JSON".into());
    }
    match ring.find(&queued.key_id) {
        None => Line::Refused(format!(
            "queued with key {}, this writer has key {}",
            queued.key_id, ring.current.id
        )),
        Some(key) if !queued.authentic(key, workspace) => Line::Refused(
            "its MAC does not verify: written or edited by hand, or queued for another workspace"
                .into(),
        ),
        Some(_) => Line::Record(queued),
    }
}

/// Moves queued records into the chain, in the order they were queued; refused lines go to the
/// refused file, torn ones are dropped with a warning.
pub fn drain(ws: &Workspace) -> Result<()> {
    let path = queue_path(&ws.path);
    // Read-only: the lock and the read need no more, and removing the file afterwards needs
    // only the folder's permission (a queue written by another user stays drainable).
    let mut file = match open_no_follow(std::fs::OpenOptions::new().read(true), &path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(write_err(&path)(e)),
    };
    lock(&file).map_err(write_err(&path))?;
    if !still_at(&file, &path).map_err(write_err(&path))? {
        return Ok(()); // drained and removed while this process waited for the lock
    }
    let ring = KeyRing::load()?;
    let mut refused = Vec::new();
    let reader = std::io::BufReader::new(&mut file);
    ws.in_transaction(|| {
        for (i, raw) in reader.split(b'\n').enumerate() {
            let raw = raw.map_err(write_err(&path))?;
            let raw = String::from_utf8_lossy(&raw);
            if raw.trim().is_empty() {
                continue;
            }
            let raw = raw.as_ref();
            match classify(raw, &ring, &ws.path) {
                Line::Record(q) => chain_in(ws, &ring, q)?,
                Line::Refused(reason) => refused.push((i + 1, reason, raw.to_string())),
                Line::Torn => eprintln!(
                    "warning: {} line {}: an incomplete queued audit record (a writer was stopped mid-write) was ignored",
                    path.display(),
                    i + 1
                ),
            }
        }
        Ok(())
    })?;
    set_aside(&ws.path, &path, &refused)?;
    std::fs::remove_file(&path).map_err(write_err(&path))?;
    Ok(())
}

fn chain_in(ws: &Workspace, ring: &KeyRing, q: Queued) -> Result<()> {
    let detail: serde_json::Value =
        serde_json::from_str(&q.detail).expect("classify checked the detail");
    let already: i64 = ws.conn.query_row(
        "SELECT count(*) FROM audit_log WHERE epoch_us(recorded_at) = ? AND actor = ? AND command = ? AND CAST(detail AS VARCHAR) = ?",
        duckdb::params![q.at_micros, q.actor, q.command, detail.to_string()],
        |r| r.get(0),
    )?;
    if already > 0 {
        return Ok(());
    }
    super::append_with(ws, ring, q.at_micros, &q.actor, &q.command, &detail)
}

/// Appends refused lines, with why and when, to the refused file (one write per line).
fn set_aside(workspace: &Path, queue: &Path, refused: &[(usize, String, String)]) -> Result<()> {
    if refused.is_empty() {
        return Ok(());
    }
    let path = refused_path(workspace);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(write_err(&path))?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for (line_no, reason, raw) in refused {
        eprintln!(
            "warning: {} line {line_no}: queued audit record refused ({reason}); kept in {}",
            queue.display(),
            path.display()
        );
        let entry = serde_json::json!({ "refused_at": now, "queue_line": line_no, "reason": reason, "line": raw });
        file.write_all(format!("{entry}\n").as_bytes())
            .map_err(write_err(&path))?;
    }
    file.sync_data().map_err(write_err(&path))
}

/// The refused records kept beside the workspace, as `audit verify` reports them.
pub fn refused(workspace: &Path) -> Result<Vec<String>> {
    let path = refused_path(workspace);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(cause) => return Err(Error::Read { path, cause }),
    };
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
            Ok(v) => format!(
                "queued record refused at {}: {} ({})",
                v["refused_at"].as_str().unwrap_or("?"),
                v["reason"].as_str().unwrap_or("?"),
                claimed(v["line"].as_str().unwrap_or_default())
            ),
            Err(_) => format!("unreadable entry in {}: {l}", path.display()),
        })
        .collect())
}

/// What a refused line claims to be: its actor, command and time, as far as it says.
fn claimed(line: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
    let at = v["at_micros"]
        .as_i64()
        .and_then(chrono::DateTime::from_timestamp_micros)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| "?".into());
    let text = |key: &str| v[key].as_str().unwrap_or("?").to_string();
    format!(
        "claims actor {}, command {}, at {at}",
        text("actor"),
        text("command")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_refused_by_both_the_flag_and_the_portable_look() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "").unwrap();
        let queue = dir.path().join("queue");
        assert!(refuse_link(&queue).is_ok(), "a missing queue is no link");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &queue).unwrap();
        #[cfg(unix)]
        {
            assert!(refuse_link(&queue).is_err());
            let opened = open_no_follow(std::fs::OpenOptions::new().append(true), &queue);
            assert!(opened.is_err());
        }
        assert!(refuse_link(&victim).is_ok());
    }

    #[test]
    fn a_file_moved_on_under_the_lock_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("queue");
        let file =
            open_no_follow(std::fs::OpenOptions::new().create(true).append(true), &path).unwrap();
        lock(&file).unwrap();
        assert!(still_at(&file, &path).unwrap());
        std::fs::remove_file(&path).unwrap();
        assert!(!still_at(&file, &path).unwrap());
        std::fs::write(&path, "another").unwrap();
        assert!(!still_at(&file, &path).unwrap());
    }
}
