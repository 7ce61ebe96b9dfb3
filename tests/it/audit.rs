//! The hash-chained audit trail.

use crate::query::small_workspace;
use crate::support::Scratch;
use predicates::str::contains;

#[test]
fn commands_are_audited_and_the_chain_verifies() {
    let s = small_workspace();
    s.run(&["query", "SELECT count(*) FROM declarations"])
        .assert()
        .success();
    let commands: String = s.scalar("SELECT string_agg(command, ',' ORDER BY seq) FROM audit_log");
    assert_eq!(commands, "load declarations,query");
    assert!(s
        .scalar::<String>("SELECT detail->>'sql' FROM audit_log WHERE command = 'query'")
        .contains("count(*)"));
    s.run(&["audit", "verify"])
        .assert()
        .success()
        .stdout(contains("audit trail intact: 2 records"));
}

#[test]
fn an_edited_row_is_caught() {
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    s.run(&["query", "SELECT 2"]).assert().success();
    {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute(
            "UPDATE audit_log SET detail = '{\"sql\":\"SELECT 42\"}' WHERE seq = 2",
            [],
        )
        .unwrap();
    }
    s.run(&["audit", "verify"])
        .assert()
        .code(1)
        .stderr(contains("#2: row content does not match its hash"));
}

#[test]
fn a_deleted_row_is_caught() {
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    s.run(&["query", "SELECT 2"]).assert().success();
    {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute("DELETE FROM audit_log WHERE seq = 2", [])
            .unwrap();
    }
    s.run(&["audit", "verify"])
        .assert()
        .code(1)
        .stderr(contains("#3: sequence jumps"));
}

/// The queue file of the scratch workspace.
fn queue_of(s: &Scratch) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}.audit-pending.ndjson", s.workspace().display()))
}

/// A read-only `query` whose audit append finds the workspace locked (the failpoint), so that
/// its record is queued the way the real contention queues it.
fn queued_query(s: &Scratch, sql: &str) {
    s.run(&["query", sql])
        .env("CLEARWAY_FAILPOINT", "audit-queue")
        .assert()
        .success();
}

/// `audit verify`, which must exit 1; its stderr with miette's line wrapping undone.
fn verify_fails(s: &Scratch) -> String {
    let out = s.run(&["audit", "verify"]).assert().code(1);
    crate::support::flat(&String::from_utf8_lossy(&out.get_output().stderr))
}

#[test]
fn the_pending_queue_is_never_a_link_to_another_file() {
    // Found in review: a link at the queue's path made a queued read append to its target.
    let s = small_workspace();
    let victim = s.write("victim.txt", "untouched\n");
    std::os::unix::fs::symlink(&victim, queue_of(&s)).unwrap();
    let out = s
        .run(&["query", "SELECT 1"])
        .env("CLEARWAY_FAILPOINT", "audit-queue")
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("audit-pending"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched\n");
}

#[test]
fn a_queue_that_cannot_be_drained_does_not_stop_writers() {
    // Found in review: any drain failure (another user's unreadable queue, a folder in its
    // place) made every writer fail to open the workspace.
    let s = small_workspace();
    std::fs::create_dir(queue_of(&s)).unwrap();
    let out = s.run(&["init"]).assert().success();
    let stderr = crate::support::flat(&String::from_utf8_lossy(&out.get_output().stderr));
    assert!(stderr.contains("were not moved into the trail"), "{stderr}");
    s.run(&["audit", "verify"]).assert().success();
}

fn commands(s: &Scratch) -> String {
    s.scalar("SELECT string_agg(command, ',' ORDER BY seq) FROM audit_log")
}

#[test]
fn reads_during_a_write_lock_are_queued_then_chained() {
    let s = small_workspace();
    queued_query(&s, "SELECT 1");
    let queue = queue_of(&s);
    assert!(queue.exists());
    assert_eq!(commands(&s), "load declarations");
    s.run(&["init"]).assert().success();
    assert!(!queue.exists());
    assert_eq!(commands(&s), "load declarations,query,init");
    s.run(&["audit", "verify"]).assert().success();
}

/// Rewrites every row from `from` on with the plain SHA-256 chain, as someone with write access
/// to the file but no key would after editing a row.
fn rehash_plainly(conn: &duckdb::Connection, from: i64) {
    let mut stmt = conn
        .prepare("SELECT seq, epoch_us(recorded_at), actor, command, CAST(detail AS VARCHAR) FROM audit_log WHERE seq >= ? ORDER BY seq")
        .unwrap();
    let rows: Vec<(i64, i64, String, String, String)> = stmt
        .query_map([from], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE seq = ?",
            [from - 1],
            |r| r.get(0),
        )
        .unwrap();
    for (seq, at, actor, command, detail) in rows {
        let hash = clearway::workspace::audit::row_hash(seq, at, &actor, &command, &detail, &prev);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
            duckdb::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn an_edited_row_with_recomputed_hashes_is_caught() {
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    s.run(&["query", "SELECT 2"]).assert().success();
    {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute(
            "UPDATE audit_log SET detail = '{\"sql\":\"SELECT 42\"}' WHERE seq = 2",
            [],
        )
        .unwrap();
        rehash_plainly(&conn, 2);
    }
    s.run(&["audit", "verify"])
        .assert()
        .code(1)
        .stderr(contains("#2: row content does not match its hash"));
}

#[test]
fn deleting_every_row_is_caught() {
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute("DELETE FROM audit_log", []).unwrap();
    }
    let stderr = verify_fails(&s);
    assert!(
        stderr.contains("#2: truncated: the checkpoint of"),
        "{stderr}"
    );
    assert!(stderr.contains("it now ends at #0"), "{stderr}");
}

#[test]
fn deleting_every_row_and_changing_the_workspace_id_is_caught() {
    // Found in review: the checkpoint file was named by the id kept in the workspace, so a new
    // id sent `audit verify` to a checkpoint that did not exist ("intact", exit 0), and the
    // next write started a fresh one.
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute_batch(
            "DELETE FROM audit_log; UPDATE audit_identity SET workspace_id = uuid()::VARCHAR",
        )
        .unwrap();
    }
    let stderr = verify_fails(&s);
    assert!(stderr.contains("this workspace says it is"), "{stderr}");
    // An honest-looking write afterwards does not replace the evidence.
    let _ = s.run(&["query", "SELECT 2"]).assert();
    let stderr = verify_fails(&s);
    assert!(stderr.contains("this workspace says it is"), "{stderr}");
}

#[test]
fn deleting_the_newest_rows_is_caught_even_after_later_writes() {
    let s = small_workspace();
    for sql in ["SELECT 1", "SELECT 2", "SELECT 3"] {
        s.run(&["query", sql]).assert().success();
    }
    {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute("DELETE FROM audit_log WHERE seq >= 3", [])
            .unwrap();
    }
    let stderr = verify_fails(&s);
    assert!(stderr.contains("#4: truncated"), "{stderr}");
    assert!(stderr.contains("it now ends at #2"), "{stderr}");
    // an honest write afterwards refills seq 3 and 4, but cannot move the checkpoint past them
    let out = s.run(&["init"]).assert().success();
    let warned = crate::support::flat(&String::from_utf8_lossy(&out.get_output().stderr));
    assert!(warned.contains("no longer holds row #4"), "{warned}");
    s.run(&["query", "SELECT 4"]).assert().success();
    assert!(verify_fails(&s).contains("#4: tampered"));
}

#[test]
fn a_forged_pending_line_is_refused_and_reported() {
    let s = small_workspace();
    let forged = "{\"at_micros\":1577865600000000,\"actor\":\"someone@else\",\"command\":\"query\",\"detail\":{\"sql\":\"SELECT 1\"}}\n";
    std::fs::write(queue_of(&s), forged).unwrap();
    s.run(&["init"])
        .assert()
        .success()
        .stderr(contains("queued audit record refused"));
    assert_eq!(commands(&s), "load declarations,init");
    let actors: i64 = s.scalar(
        "SELECT count(*) FROM audit_log WHERE actor = 'someone@else' OR year(recorded_at) = 2020",
    );
    assert_eq!(actors, 0);
    let stderr = verify_fails(&s);
    assert!(stderr.contains("queued record refused"), "{stderr}");
    // (miette may wrap the date at its hyphens)
    assert!(
        stderr.contains("claims actor someone@else, command query, at 2020-"),
        "{stderr}"
    );
}

#[test]
fn a_queued_line_copied_from_another_workspace_is_refused() {
    // Found in review: the MAC of a queued record did not name its workspace, so an authentic
    // line from another workspace's queue (same key) was chained in as if it happened here.
    let s = small_workspace();
    let other = small_workspace();
    queued_query(&other, "SELECT 'elsewhere'");
    let line = std::fs::read_to_string(queue_of(&other)).unwrap();
    std::fs::write(queue_of(&s), line).unwrap();
    s.run(&["init"]).assert().success();
    let queried: i64 =
        s.scalar("SELECT count(*) FROM audit_log WHERE CAST(detail AS VARCHAR) LIKE '%elsewhere%'");
    assert_eq!(queried, 0);
    let stderr = verify_fails(&s);
    assert!(stderr.contains("queued for another workspace"), "{stderr}");
}

#[test]
fn a_queued_line_with_a_forged_mac_is_refused() {
    let s = small_workspace();
    queued_query(&s, "SELECT 1");
    let queue = queue_of(&s);
    let text = std::fs::read_to_string(&queue).unwrap();
    std::fs::write(&queue, text.replace("SELECT 1", "SELECT 9")).unwrap();
    s.run(&["init"]).assert().success();
    assert_eq!(commands(&s), "load declarations,init");
    assert!(verify_fails(&s).contains("its MAC does not verify"));
}

#[test]
fn a_torn_pending_line_does_not_block_later_writes() {
    let s = small_workspace();
    let queue = queue_of(&s);
    // a writer killed halfway through its line
    std::fs::write(
        &queue,
        "{\"at_micros\":1735689600000000,\"actor\":\"t@h\",\"comm",
    )
    .unwrap();
    // a later read queues behind the fragment, then a writer drains both
    queued_query(&s, "SELECT 1");
    s.run(&["init"])
        .assert()
        .success()
        .stderr(contains("incomplete queued audit record"));
    assert_eq!(commands(&s), "load declarations,query,init");
    s.run(&["query", "SELECT 2"]).assert().success();
    s.run(&["audit", "verify"]).assert().success();
}

/// The id of the key in `file`: the first 8 bytes of its sha256, in hex.
fn key_id(file: &std::path::Path) -> String {
    use sha2::Digest;
    let bytes = hex::decode(std::fs::read_to_string(file).unwrap().trim()).unwrap();
    hex::encode(&sha2::Sha256::digest(&bytes)[..8])
}

#[test]
fn a_verifier_with_another_key_is_told_both_key_ids() {
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    let other = s.path("other/audit.key");
    let out = s
        .run(&["audit", "verify"])
        .env("CLEARWAY_AUDIT_KEY_FILE", &other)
        .assert()
        .code(1);
    let stderr = crate::support::flat(&String::from_utf8_lossy(&out.get_output().stderr));
    let written_with = key_id(std::path::Path::new(crate::support::AUDIT_KEY_FILE));
    let held = key_id(&other);
    assert_ne!(written_with, held);
    assert!(
        stderr.contains(&format!(
            "written with key {written_with}; you have key {held}"
        )),
        "{stderr}"
    );
}

#[test]
fn rows_from_before_the_keyed_chain_still_verify_and_are_named() {
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    {
        // the workspace as schema version 14 left it: plain hashes, no key ids, no identity
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute_batch(
            "DELETE FROM schema_version WHERE version >= 15;
             DROP TABLE audit_identity;
             ALTER TABLE audit_log DROP COLUMN key_id;
             ALTER TABLE plugin_scores DROP COLUMN arrival;
             DROP SEQUENCE plugin_score_arrival;
             ALTER TABLE risk_runs DROP COLUMN engine;
             ALTER TABLE risk_runs DROP COLUMN source;
             DROP TABLE hs_suggestions;
             DROP TABLE inspection_packs;
             DROP TABLE inspection_answers;",
        )
        .unwrap();
        rehash_from_genesis(&conn);
    }
    // clearway before version 15 kept no checkpoint
    if let Some(file) = checkpoint_of(&s) {
        std::fs::remove_file(file).unwrap();
    }
    s.run(&["init"]).assert().success();
    s.run(&["audit", "verify"])
        .assert()
        .success()
        .stdout(contains("rows #1 to #2 predate the keyed chain"))
        .stdout(contains("keyed chain from #3"));
}

/// Recomputes the whole chain with plain hashes (as clearway before version 15 wrote it).
fn rehash_from_genesis(conn: &duckdb::Connection) {
    let mut stmt = conn
        .prepare("SELECT seq, epoch_us(recorded_at), actor, command, CAST(detail AS VARCHAR) FROM audit_log ORDER BY seq")
        .unwrap();
    let rows: Vec<(i64, i64, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev = clearway::workspace::audit::GENESIS.to_string();
    for (seq, at, actor, command, detail) in rows {
        let hash = clearway::workspace::audit::row_hash(seq, at, &actor, &command, &detail, &prev);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
            duckdb::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
}

/// The checkpoint file of the scratch workspace (it names the workspace's path inside).
fn checkpoint_of(s: &Scratch) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(crate::support::AUDIT_KEY_FILE)
        .parent()
        .unwrap()
        .join("audit-checkpoints");
    let wanted = std::fs::canonicalize(s.workspace()).unwrap();
    std::fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["workspace_path"].as_str().map(std::path::PathBuf::from))
                == Some(wanted.clone())
        })
}

#[test]
fn an_edited_checkpoint_is_reported() {
    let s = small_workspace();
    s.run(&["query", "SELECT 1"]).assert().success();
    let file = checkpoint_of(&s).expect("a checkpoint of this workspace");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("\"seq\": 2", "\"seq\": 1")).unwrap();
    // flattened: miette wraps the long checkpoint path at its hyphens, which depend on the UUID
    let stderr = verify_fails(&s);
    assert!(stderr.contains("does not match its signature"), "{stderr}");
}
