//! The analyst's own trail: every command that reads or changes the workspace appends one row
//! to `audit_log` saying who, when and what (SQL text, parameters, input hashes).
//!
//! Rows form a keyed chain: each row's `hash` column holds
//! `HMAC-SHA256(key, workspace id, key id, seq, at, actor, command, detail, prev_hash)` and its
//! `prev_hash` the previous row's `hash`; `key_id` names the key ([`key`]: per user, or a site
//! key from `CLEARWAY_AUDIT_KEY_FILE`, never inside the workspace). Someone who can edit the
//! workspace file but not read the key cannot recompute a MAC, so an edited, inserted or
//! reordered row is caught, and so is a rewrite of the whole trail. Deleting the newest rows (or
//! all of them) leaves a shorter chain that is still consistent; that is what [`checkpoint`]s,
//! kept beside the key, catch. See docs/reliability.md, "The audit trail: threat model".
//!
//! Workspaces from before schema version 15 hold rows chained with plain SHA-256 (`key_id` is
//! NULL). They are not re-sealed: re-sealing would vouch, with the key, for rows nobody can
//! vouch for any more. They stay verifiable as the unkeyed chain they are, the first keyed row
//! links to the last of them (so they cannot be rewritten without breaking it), `audit verify`
//! says from which seq the keyed chain starts, and an unkeyed row after a keyed one is a
//! problem (it could only have been written by hand).
//!
//! Read-only commands cannot write through their read-only connection. They append with a
//! short read-write open after their work is done; if another process holds the write lock at
//! that moment, the record is queued ([`pending`]: authenticated, one write per record) and
//! moved into the chain by the next command that opens the workspace for writing. A workspace
//! that cannot be written at all (read-only media) can still be read; the read is then not
//! recorded, and the command says so on stderr. An operation that both a read-only command and
//! the (read-write) TUI start hands back its [`Record`], so that what is recorded is the
//! operation's and only when it is appended is the front end's.

pub mod checkpoint;
pub mod key;
pub mod pending;

use super::Workspace;
use crate::error::{Error, Result};
use key::KeyRing;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The chain's anchor: `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who runs clearway: the login name and the host, as the operating system reports them
/// (whoami asks each platform its own way: `getpwuid_r` and `gethostname` on Unix,
/// `GetUserNameW` and `GetComputerNameExW` on Windows). `USER` / `LOGNAME` and `HOSTNAME` are
/// the fallback of a system that cannot say, then `unknown` and `localhost`.
pub fn actor() -> String {
    let user = whoami::fallible::username()
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .unwrap_or_else(|| "unknown".into());
    let host = whoami::fallible::hostname()
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into());
    format!("{user}@{host}")
}

/// The plain hash of one row written before schema version 15 (no key).
pub fn row_hash(
    seq: i64,
    at_micros: i64,
    actor: &str,
    command: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        seq.to_string().as_str(),
        at_micros.to_string().as_str(),
        actor,
        command,
        detail,
        prev_hash,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The fields a keyed row's MAC covers, in order.
struct RowFields<'a> {
    workspace_id: &'a str,
    key_id: &'a str,
    seq: i64,
    at_micros: i64,
    actor: &'a str,
    command: &'a str,
    detail: &'a str,
    prev_hash: &'a str,
}

impl RowFields<'_> {
    fn with_parts<T>(&self, use_parts: impl FnOnce(&[&str]) -> T) -> T {
        let (seq, at) = (self.seq.to_string(), self.at_micros.to_string());
        use_parts(&[
            "clearway-audit-row-v1",
            self.workspace_id,
            self.key_id,
            &seq,
            &at,
            self.actor,
            self.command,
            self.detail,
            self.prev_hash,
        ])
    }
}

/// The workspace's identity (migration 15), bound into every keyed row's MAC and naming its
/// checkpoint file.
pub fn workspace_id(ws: &Workspace) -> Result<Option<String>> {
    let tables: i64 = ws.conn.query_row(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'audit_identity'",
        [],
        |r| r.get(0),
    )?;
    if tables == 0 {
        return Ok(None);
    }
    let mut stmt = ws
        .conn
        .prepare("SELECT workspace_id FROM audit_identity ORDER BY created_at LIMIT 2")?;
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(match ids.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

fn now_micros() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

/// Appends one record; the workspace must be writable. Runs inside the caller's transaction
/// when there is one, so a rolled-back load leaves no audit row either.
pub fn append(ws: &Workspace, command: &str, detail: serde_json::Value) -> Result<()> {
    append_with(
        ws,
        &KeyRing::load()?,
        now_micros(),
        &actor(),
        command,
        &detail,
    )
}

/// Appends one record signed with `ring`'s current key.
fn append_with(
    ws: &Workspace,
    ring: &KeyRing,
    at_micros: i64,
    actor: &str,
    command: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    let workspace_id = workspace_id(ws)?.ok_or_else(|| Error::VerifyFailed {
        message: format!(
            "the workspace {} has no single audit identity (table audit_identity was edited)",
            ws.path.display()
        ),
        help: "nothing was recorded; restore the workspace from a backup".into(),
    })?;
    let (seq, prev): (i64, String) = ws.conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1, coalesce(arg_max(hash, seq), ?) FROM audit_log",
        [GENESIS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let detail = detail.to_string();
    let key = &ring.current;
    let fields = RowFields {
        workspace_id: &workspace_id,
        key_id: &key.id,
        seq,
        at_micros,
        actor,
        command,
        detail: &detail,
        prev_hash: &prev,
    };
    let mac = fields.with_parts(|parts| key.mac(parts));
    ws.conn.execute(
        "INSERT INTO audit_log (seq, recorded_at, actor, command, detail, prev_hash, hash, key_id)
         VALUES (?, make_timestamp(?), ?, ?, ?, ?, ?, ?)",
        duckdb::params![seq, at_micros, actor, command, detail, prev, mac, key.id],
    )?;
    Ok(())
}

/// Writes a checkpoint of the chain's head (see [`checkpoint`]); a failure is printed as a
/// warning, since the work it follows is already committed.
pub fn checkpoint_or_warn(ws: &Workspace) {
    if ws.read_only || ws.path.as_os_str() == ":memory:" {
        return;
    }
    if let Err(e) = checkpoint::record(ws) {
        let help = miette::Diagnostic::help(&e)
            .map(|h| format!("\n  help: {h}"))
            .unwrap_or_default();
        eprintln!("warning: audit checkpoint not written: {e}{help}");
    }
}

/// Records a read-only command after it has finished (see module docs), opening the workspace
/// for writing with the command's engine settings.
pub fn record_read(
    workspace: &Path,
    engine: &super::EngineConfig,
    command: &str,
    detail: serde_json::Value,
) -> Result<()> {
    let at = now_micros();
    let actor = actor();
    let ring = KeyRing::load()?;
    let opened = match crate::failpoint::hit(crate::failpoint::AUDIT_QUEUE) {
        Err(_) => Err(Error::WorkspaceLocked {
            path: workspace.to_path_buf(),
            holder: format!("(failpoint {})", crate::failpoint::AUDIT_QUEUE),
        }),
        Ok(()) => Workspace::open_rw(workspace, engine),
    };
    match opened {
        Ok(ws) => append_with(&ws, &ring, at, &actor, command, &detail),
        Err(Error::WorkspaceLocked { .. }) => {
            pending::enqueue(workspace, &ring, at, &actor, command, &detail)
        }
        // a workspace on read-only media can be read but not recorded in: say so, and let
        // the read stand (it changed nothing)
        Err(e @ Error::ReadOnlyWorkspace { .. }) => {
            eprintln!("note: this read is not in the audit trail: {e}");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// A record an operation hands back for its front end to append: through the front end's own
/// read-write connection ([`Record::append`], the TUI), or after a read-only one is closed
/// ([`Record::append_after_read`], the read-only commands). The operation decides what is
/// recorded; the front end only decides when, so both record it alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub command: &'static str,
    pub detail: serde_json::Value,
}

impl Record {
    /// Appends the record through `ws`, which must be writable.
    /// A front end appends outside any transaction, so the new head is checkpointed at once.
    pub fn append(self, ws: &Workspace) -> Result<()> {
        append(ws, self.command, self.detail)?;
        checkpoint_or_warn(ws);
        Ok(())
    }

    /// Appends the record to the workspace at `workspace` once its read-only connection is
    /// closed (see [`record_read`]).
    pub fn append_after_read(self, workspace: &Path, engine: &super::EngineConfig) -> Result<()> {
        record_read(workspace, engine, self.command, self.detail)
    }
}

/// What a query read, as `clearway query` and the TUI's editor both record it: the SQL, its
/// parameters, the rows it gave, and the output format and file where there was one (the TUI
/// shows its result in the grid: no format, no file).
pub fn query_record(
    sql: &str,
    params: &[crate::sql::Param],
    format: Option<crate::output::OutputFormat>,
    rows: usize,
    out: Option<&Path>,
) -> Record {
    Record {
        command: "query",
        detail: serde_json::json!({ "sql": sql, "params": params, "format": format, "rows": rows,
                                    "out": out.map(|p| p.display().to_string()) }),
    }
}

/// Moves queued records into the chain, in the order they were queued (see [`pending`]).
pub fn drain_pending(ws: &Workspace) -> Result<()> {
    pending::drain(ws)?;
    checkpoint_or_warn(ws);
    Ok(())
}

/// One problem found by [`verify`]; `seq` 0 is about the trail as a whole.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub seq: i64,
    pub problem: String,
}

/// Result of walking the chain.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verification {
    pub rows: i64,
    pub head_seq: i64,
    pub head_hash: String,
    /// The first row signed with a key; rows before it are the unkeyed chain of older versions.
    pub keyed_from: Option<i64>,
    /// The key this verifier holds.
    pub key_id: String,
    /// The checkpoint compared with, if the store had one.
    pub checkpoint: Option<checkpoint::Seen>,
    /// Where the checkpoint would be (said when there is none).
    pub checkpoint_file: Option<String>,
    pub problems: Vec<Problem>,
    /// Queued records that were refused (not chained in).
    pub refused: Vec<String>,
}

/// How many unknown key ids `verify` names one by one; rows with more are counted together, so
/// that a file naming a new key on every row cannot grow the verifier's memory with it.
const MAX_UNKNOWN_KEYS: usize = 16;

/// Rows written with a key the verifier does not have, by key id: (first seq, last seq, count).
type UnknownKeys = std::collections::BTreeMap<String, (i64, i64, i64)>;

/// Walks the chain in `seq` order and reports every broken link, altered row, missing row (by
/// the checkpoint) and refused queued record.
pub fn verify(ws: &Workspace) -> Result<Verification> {
    let ring = KeyRing::load()?;
    let workspace_id = workspace_id(ws)?;
    let mut problems = Vec::new();
    let stored = match workspace_id.as_deref() {
        Some(id) => checkpoint::load_for_verify(&ring, id, &ws.path, &mut problems),
        None => {
            problems.push(Problem {
                seq: 0,
                problem:
                    "the workspace has no single audit identity: table audit_identity was edited"
                        .into(),
            });
            None
        }
    };
    let mut stmt = ws.conn.prepare(
        "SELECT seq, epoch_us(recorded_at), actor, command, CAST(detail AS VARCHAR), prev_hash, hash, key_id FROM audit_log ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    let mut keyed_from = None;
    let mut unknown_keys = UnknownKeys::new();
    let mut mac_at_checkpoint = None;
    for row in rows {
        let (seq, at, actor, command, detail, prev_hash, hash, key_id) = row?;
        count += 1;
        if seq != expected_seq {
            problems.push(Problem {
                seq,
                problem: format!(
                    "sequence jumps from {} to {seq}: row(s) deleted",
                    expected_seq - 1
                ),
            });
        }
        if prev_hash != prev {
            problems.push(Problem { seq, problem: "prev_hash does not match the previous row's hash: a row before it was deleted or altered".into() });
        }
        let edited = Problem {
            seq,
            problem: "row content does not match its hash: the row was edited".into(),
        };
        match key_id.as_deref() {
            None if keyed_from.is_some() => problems.push(Problem {
                seq,
                problem:
                    "an unkeyed row after the keyed chain began: written without the key (by hand)"
                        .into(),
            }),
            None => {
                if row_hash(seq, at, &actor, &command, &detail, &prev_hash) != hash {
                    problems.push(edited);
                }
            }
            Some(id) => {
                keyed_from.get_or_insert(seq);
                if let Some(key) = ring.find(id) {
                    let fields = RowFields {
                        workspace_id: workspace_id.as_deref().unwrap_or_default(),
                        key_id: id,
                        seq,
                        at_micros: at,
                        actor: &actor,
                        command: &command,
                        detail: &detail,
                        prev_hash: &prev_hash,
                    };
                    if !fields.with_parts(|parts| key.verifies(parts, &hash)) {
                        problems.push(edited);
                    }
                } else {
                    // key ids are the file's to say: past a few, they share one entry
                    let id =
                        if unknown_keys.len() < MAX_UNKNOWN_KEYS || unknown_keys.contains_key(id) {
                            id
                        } else {
                            "(other keys)"
                        };
                    let e = unknown_keys.entry(id.to_string()).or_insert((seq, seq, 0));
                    e.1 = seq;
                    e.2 += 1;
                }
            }
        }
        if stored.as_ref().is_some_and(|(c, _)| c.seq == seq) {
            mac_at_checkpoint = Some(hash.clone());
        }
        expected_seq = seq + 1;
        prev = hash;
    }
    for (id, (first, last, n)) in &unknown_keys {
        problems.push(Problem {
            seq: *first,
            problem: format!(
                "{n} row(s) from #{first} to #{last} were written with key {id}; you have key {} ({}): they cannot be checked",
                ring.current.id,
                ring.file.display()
            ),
        });
    }
    let head_seq = expected_seq - 1;
    if let Some((c, _)) = &stored {
        checkpoint::compare(c, head_seq, mac_at_checkpoint.as_deref(), &mut problems);
    }
    Ok(Verification {
        rows: count,
        head_seq,
        head_hash: prev,
        keyed_from,
        key_id: ring.current.id.clone(),
        checkpoint: stored.as_ref().map(|(c, path)| checkpoint::Seen {
            file: path.display().to_string(),
            seq: c.seq,
            written_at: c.written_at.clone(),
        }),
        checkpoint_file: Some(checkpoint::file(&ring, &ws.path).display().to_string()),
        problems,
        refused: pending::refused(&ws.path)?,
    })
}
