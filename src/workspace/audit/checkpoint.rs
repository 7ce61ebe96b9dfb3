//! Checkpoints: a signed note of the chain's head (seq, MAC, time), kept outside the workspace
//! so that deleting the newest rows — or every row — cannot pass as a shorter intact chain.
//!
//! Where: beside the key that signs them, in `audit-checkpoints/<path tag>.json`, the path tag
//! being the first 8 bytes of the sha256 of the workspace's canonical path. The file is found
//! by nothing the workspace file holds: were it named by the workspace id (a random UUID made
//! by migration 15 and kept in the workspace), someone who deleted every row and changed the id
//! would send `audit verify` to a checkpoint that does not exist. The id is inside the signed
//! checkpoint instead, and a checkpoint for this path that names another id is a problem (the
//! id was edited, or another workspace was put in this one's place). A copied workspace (a
//! backup, an experiment, a test's twin) has a path of its own, so it does not fight over its
//! original's checkpoint. A moved workspace
//! has no checkpoint at its new path until its next write there; `audit verify` says so. A
//! per-user key keeps per-user checkpoints; a site key on a shared path keeps the site's.
//! Someone who can edit the workspace but not that folder cannot rewind both.
//!
//! When: at the end of every command that opened the workspace for writing (the read-write
//! [`Workspace`]'s drop, once its transactions are settled), after the pending queue is
//! drained, and after every record a front end appends on its own (`Record::append`, the TUI's
//! actions). Not after every committed transaction: a TUI session's own audited transactions
//! (a case annotation) are checkpointed by its next action or at its end. A checkpoint only ever moves forward along the same
//! chain: when the row it names is gone or different, it is left as it is (and a warning
//! printed), so a later honest write cannot paper over a truncation.
//!
//! One file per workspace holds only the latest checkpoint, replaced atomically (temporary file
//! and rename): it stays a few hundred bytes however long the trail grows.

use super::key::{Key, KeyRing};
use super::Problem;
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

/// The folder beside the key that holds the checkpoints.
pub const DIR: &str = "audit-checkpoints";

/// A signed note of the chain's head.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub workspace_id: String,
    /// Where the workspace was when the checkpoint was written (for a reader of the folder).
    pub workspace_path: String,
    pub seq: i64,
    pub mac: String,
    pub written_at: String,
    pub key_id: String,
    pub signature: String,
}

impl Checkpoint {
    fn signed_parts(&self) -> [String; 6] {
        [
            "clearway-audit-checkpoint-v1".into(),
            self.workspace_id.clone(),
            self.seq.to_string(),
            self.mac.clone(),
            self.written_at.clone(),
            self.key_id.clone(),
        ]
    }

    fn sign(mut self, key: &Key) -> Self {
        let parts = self.signed_parts();
        self.signature = key.mac(&parts.each_ref().map(String::as_str));
        self
    }

    fn signature_verifies(&self, key: &Key) -> bool {
        let parts = self.signed_parts();
        key.verifies(&parts.each_ref().map(String::as_str), &self.signature)
    }
}

/// The checkpoint file of the workspace at this path (see the module doc for why the path
/// alone names it).
pub fn file(ring: &KeyRing, workspace: &Path) -> PathBuf {
    let path_tag = hex::encode(
        &<sha2::Sha256 as sha2::Digest>::digest(
            canonical(workspace).as_os_str().as_encoded_bytes(),
        )[..8],
    );
    ring.dir().join(DIR).join(format!("{path_tag}.json"))
}

/// The workspace's path with links and `..` resolved, as far as it exists.
fn canonical(workspace: &Path) -> PathBuf {
    std::fs::canonicalize(workspace)
        .or_else(|_| std::path::absolute(workspace))
        .unwrap_or_else(|_| workspace.to_path_buf())
}

/// What the checkpoint store holds for a workspace.
pub enum Stored {
    None,
    Garbled(String),
    Found(Checkpoint),
}

pub fn read(path: &Path) -> Stored {
    match std::fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Stored::None,
        Err(e) => Stored::Garbled(format!("cannot read it: {e}")),
        Ok(text) => match serde_json::from_str(&text) {
            Ok(c) => Stored::Found(c),
            Err(e) => Stored::Garbled(format!("not a checkpoint: {e}")),
        },
    }
}

/// The hash of the row at `seq`, if there is one.
fn row_mac(ws: &Workspace, seq: i64) -> Result<Option<String>> {
    let mut stmt = ws
        .conn
        .prepare("SELECT hash FROM audit_log WHERE seq = ?")?;
    let mut rows = stmt.query([seq])?;
    Ok(match rows.next()? {
        Some(r) => Some(r.get(0)?),
        None => None,
    })
}

/// Writes a checkpoint of the workspace's current head, unless the stored one names a row the
/// chain no longer has (then it is kept, and the mismatch reported as an error).
pub fn record(ws: &Workspace) -> Result<()> {
    let Some(workspace_id) = super::workspace_id(ws)? else {
        return Ok(());
    };
    let (seq, mac): (i64, Option<String>) = ws.conn.query_row(
        "SELECT coalesce(max(seq), 0), arg_max(hash, seq) FROM audit_log",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(mac) = mac.filter(|_| seq > 0) else {
        return Ok(());
    };
    let ring = KeyRing::load()?;
    let path = file(&ring, &ws.path);
    match read(&path) {
        Stored::None => {}
        Stored::Garbled(why) => return Err(kept(ws, &path, why)),
        Stored::Found(old) => {
            if old.workspace_id != workspace_id {
                let why = format!(
                    "it is of workspace {}, this one says it is {workspace_id}",
                    old.workspace_id
                );
                return Err(kept(ws, &path, why));
            }
            if old.seq == seq && old.mac == mac {
                return Ok(());
            }
            let signed = ring
                .find(&old.key_id)
                .is_some_and(|key| old.signature_verifies(key));
            if !signed {
                return Err(kept(ws, &path, "its signature does not verify".into()));
            }
            if row_mac(ws, old.seq)?.as_deref() != Some(old.mac.as_str()) {
                let why = format!(
                    "the audit trail no longer holds row #{} as checkpointed at {}",
                    old.seq, old.written_at
                );
                return Err(kept(ws, &path, why));
            }
        }
    }
    let checkpoint = Checkpoint {
        workspace_id,
        workspace_path: canonical(&ws.path).display().to_string(),
        seq,
        mac,
        written_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        key_id: ring.current.id.clone(),
        signature: String::new(),
    }
    .sign(&ring.current);
    write_atomically(&path, &checkpoint)
}

/// The error of a checkpoint that is kept rather than replaced: replacing it would hide what
/// it shows.
fn kept(ws: &Workspace, path: &Path, why: String) -> Error {
    Error::VerifyFailed {
        message: format!(
            "the checkpoint of {} was not moved forward: {why}",
            ws.path.display()
        ),
        help: format!(
            "run `clearway audit verify`; the checkpoint {} is kept as evidence (move it aside once the trail is reviewed)",
            path.display()
        ),
    }
}

fn write_atomically(path: &Path, checkpoint: &Checkpoint) -> Result<()> {
    let write_err = |p: &Path, cause| Error::Write {
        path: p.to_path_buf(),
        cause,
    };
    let dir = path.parent().expect("a checkpoint file is in a folder");
    std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".checkpoint-")
        .tempfile_in(dir)
        .map_err(|e| write_err(dir, e))?;
    let text = serde_json::to_string_pretty(checkpoint).expect("a checkpoint serialises");
    std::fs::write(tmp.path(), text).map_err(|e| write_err(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| write_err(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| write_err(path, e.error))?;
    Ok(())
}

/// What `audit verify` learned from the checkpoint store.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Seen {
    pub file: String,
    pub seq: i64,
    pub written_at: String,
}

/// The stored checkpoint, checked for its own signature. Problems about it go to `problems`.
pub fn load_for_verify(
    ring: &KeyRing,
    workspace_id: &str,
    workspace: &Path,
    problems: &mut Vec<Problem>,
) -> Option<(Checkpoint, PathBuf)> {
    let path = file(ring, workspace);
    let checkpoint = match read(&path) {
        Stored::None => return None,
        Stored::Garbled(why) => {
            problems.push(Problem {
                seq: 0,
                problem: format!(
                    "the checkpoint {} is unusable ({why}): it was edited or damaged",
                    path.display()
                ),
            });
            return None;
        }
        Stored::Found(c) => c,
    };
    let signed_by = ring.find(&checkpoint.key_id);
    let bad = match signed_by {
        None => Some(format!(
            "the checkpoint {} was signed with key {}, you have key {}",
            path.display(),
            checkpoint.key_id,
            ring.current.id
        )),
        Some(key) if !checkpoint.signature_verifies(key) => Some(format!(
            "the checkpoint {} does not match its signature: it was edited",
            path.display()
        )),
        Some(_) if checkpoint.workspace_id != workspace_id => Some(format!(
            "the checkpoint {} is of workspace {}, but this workspace says it is {workspace_id}: its audit_identity was edited, or another workspace was put in its place",
            path.display(),
            checkpoint.workspace_id
        )),
        Some(_) => None,
    };
    if let Some(problem) = bad {
        problems.push(Problem { seq: 0, problem });
        return None;
    }
    Some((checkpoint, path))
}

/// Compares the chain with the checkpoint: the row at its seq must still be there with its MAC.
pub fn compare(
    checkpoint: &Checkpoint,
    head_seq: i64,
    mac_at_checkpoint: Option<&str>,
    problems: &mut Vec<Problem>,
) {
    match mac_at_checkpoint {
        None => problems.push(Problem {
            seq: checkpoint.seq,
            problem: format!(
                "truncated: the checkpoint of {} saw the trail up to #{}, it now ends at #{head_seq}",
                checkpoint.written_at, checkpoint.seq
            ),
        }),
        Some(mac) if mac != checkpoint.mac => problems.push(Problem {
            seq: checkpoint.seq,
            problem: format!(
                "tampered: this row is not the one the checkpoint of {} saw",
                checkpoint.written_at
            ),
        }),
        Some(_) => {}
    }
}
