//! The hash-chained audit trail.

use crate::query::small_workspace;
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

#[test]
fn reads_during_a_write_lock_are_queued_then_chained() {
    let s = small_workspace();
    // A read-only query can run while nobody writes; simulate the lock being taken between
    // the query and its audit append by writing to the queue as the command would.
    let queue = format!("{}.audit-pending.ndjson", s.workspace().display());
    std::fs::write(&queue, "{\"at_micros\":1735689600000000,\"actor\":\"t@h\",\"command\":\"query\",\"detail\":{\"sql\":\"SELECT 1\"}}\n").unwrap();
    s.run(&["init"]).assert().success();
    assert!(!std::path::Path::new(&queue).exists());
    assert_eq!(
        s.scalar::<String>("SELECT string_agg(command, ',' ORDER BY seq) FROM audit_log"),
        "load declarations,query,init"
    );
    s.run(&["audit", "verify"]).assert().success();
}
