//! Parity: an operation a user can start from both front ends gives the same result from
//! either. Each test builds one workspace through the command line, copies it whole (the
//! workspace file, `clearway.toml`, `plugins/`, `plugins.lock`) where the operation writes, runs
//! the operation through `clearway …` on one copy and through the TUI's worker (inline, as
//! replays run it) on the other, and compares what each left behind: scores, rows, files and
//! audit entries.
//!
//! Operations only the command line offers have no TUI side to compare and no test here: load
//! (`clearway load`), lanes (`risk lanes`), provenance scan, register and check, model score
//! (and train, evaluate, monitor), ledger verify, audit verify/show and the HTML report. The TUI
//! gains no screens for them in this test.

use crate::support::{repo, stderr_of, Scratch};
use clearway::tui::worker::{Event, Job, Worker};
use clearway::workspace::Workspace;
use serde_json::{json, Value};
use std::path::Path;

/// One workspace twice: `cli` for the command line, `tui` for the TUI's worker.
struct Twins {
    cli: Scratch,
    tui: Scratch,
}

impl Twins {
    /// `setup` builds the workspace through the command line; then its folder is copied whole.
    fn new(setup: impl FnOnce(&Scratch)) -> Twins {
        let cli = Scratch::new();
        setup(&cli);
        let tui = Scratch::new();
        copy_dir(cli.dir.path(), tui.dir.path());
        Twins { cli, tui }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `jobs` through the TUI's worker, inline, on the workspace opened read-write as
/// `clearway tui` opens it; every event they produced (a job's follow-up jobs included).
fn tui(s: &Scratch, jobs: Vec<Job>) -> Vec<Event> {
    let ws = Workspace::open_rw(&s.workspace()).expect("the workspace opens");
    let mut worker = Worker::inline(&ws).expect("an inline worker");
    let mut events = Vec::new();
    for job in jobs {
        worker.submit(job);
        events.extend(worker.drain());
    }
    events
}

/// The events' failures, as the TUI would show them.
fn failures(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Failed { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

fn assert_no_failure(events: &[Event]) {
    assert!(failures(events).is_empty(), "{events:#?}");
}

/// The details of the audit records of `command`, oldest first, without the keys in `volatile`
/// (timings, output paths, which front end).
fn audited(s: &Scratch, command: &str, volatile: &[&str]) -> Vec<Value> {
    let conn = duckdb::Connection::open(s.workspace()).expect("open workspace");
    let mut stmt = conn
        .prepare("SELECT CAST(detail AS VARCHAR) FROM audit_log WHERE command = ? ORDER BY seq")
        .unwrap();
    let details: Vec<String> = stmt
        .query_map([command], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    details
        .iter()
        .map(|d| {
            let mut v: Value = serde_json::from_str(d).unwrap();
            for key in volatile {
                v.as_object_mut().unwrap().remove(*key);
            }
            v
        })
        .collect()
}

/// The bundled sample's declarations loaded.
fn declarations(s: &Scratch) {
    s.load("declarations", &repo().join("sample-data/declarations.csv"));
}

/// The echo protocol fixture in `plugins/`, approved.
fn echo_approved(s: &Scratch) {
    let dir = s.path("plugins/echo");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["plugin.toml", "echo.py"] {
        std::fs::copy(repo().join("plugins/echo").join(f), dir.join(f)).unwrap();
    }
    s.run(&["init"]).assert().success();
    s.run(&["plugin", "approve", "echo"]).assert().success();
}

fn args(pairs: &[(&str, Value)]) -> serde_json::Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Every declaration's combined score and the parameters the run used.
fn scores(s: &Scratch) -> (String, String) {
    (
        s.scalar(
            "SELECT string_agg(declaration_id || ' ' || round(total, 6), chr(10) ORDER BY declaration_id) FROM risk_scores",
        ),
        s.scalar("SELECT CAST(parameters AS VARCHAR) FROM risk_runs"),
    )
}

#[test]
fn a_risk_run_applies_clearway_toml_in_both_front_ends() {
    let twins = Twins::new(|s| {
        declarations(s);
        s.write(
            "clearway.toml",
            "[risk.params]\nmin_group = 10\n\n[risk.params.unit_value_outlier]\nthreshold = 2\n",
        );
    });
    twins.cli.run(&["risk", "run"]).assert().success();
    let events = tui(&twins.tui, vec![Job::RiskRun]);
    assert_no_failure(&events);
    let (cli_scores, cli_params) = scores(&twins.cli);
    let (tui_scores, tui_params) = scores(&twins.tui);
    let params: Value = serde_json::from_str(&cli_params).unwrap();
    assert_eq!(params["unit_value_outlier"]["threshold"], json!(2.0));
    assert_eq!(params["mass_inconsistency"]["min_group"], json!(10));
    assert_eq!(cli_params, tui_params, "the parameters each run used");
    let differ = cli_scores
        .lines()
        .zip(tui_scores.lines())
        .find(|(a, b)| a != b);
    assert!(
        cli_scores == tui_scores,
        "scores differ, first at {differ:?} ({} and {} declarations scored)",
        cli_scores.lines().count(),
        tui_scores.lines().count()
    );
}

#[test]
fn a_failed_plugin_call_is_audited_by_both_front_ends() {
    let twins = Twins::new(echo_approved);
    let err = stderr_of(
        twins
            .cli
            .run(&["plugin", "call", "echo", "error", "--arg", "kind=transient"]),
        3,
    );
    assert!(err.contains("asked to fail"), "{err}");
    let events = tui(
        &twins.tui,
        vec![Job::PluginCall {
            id: 1,
            plugin: "echo".into(),
            command: "error".into(),
            args: args(&[("kind", json!("transient"))]),
            input: None,
        }],
    );
    let failed = failures(&events);
    assert!(
        failed.len() == 1 && failed[0].contains("asked to fail"),
        "{events:#?}"
    );
    let cli = audited(&twins.cli, "plugin call", &["from"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(cli, audited(&twins.tui, "plugin call", &["from"]));
}
