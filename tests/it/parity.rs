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

use crate::support::{repo, stderr_of, stdout_of, Scratch};
use clearway::export::ExportFormat;
use clearway::tui::worker::{Event, Job, Worker};
use clearway::viz::{Kind, PlotSpec, Source};
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

/// The TUI's worker, inline (as replays run it), on the workspace opened read-write as
/// `clearway tui` opens it. Dropped before the workspace is read from outside.
struct Tui {
    worker: Worker,
    _ws: Workspace,
}

impl Tui {
    fn open(s: &Scratch) -> Tui {
        let ws = Workspace::open_rw(
            &s.workspace(),
            &clearway::workspace::EngineConfig::default(),
        )
        .expect("the workspace opens");
        let worker = Worker::inline(&ws).expect("an inline worker");
        Tui { worker, _ws: ws }
    }

    /// Runs `job`; every event it produced (its follow-up jobs' included).
    fn run(&mut self, job: Job) -> Vec<Event> {
        self.worker.submit(job);
        self.worker.drain()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // as the TUI does when it ends: the plugin sessions it kept are shut down
        clearway::tui::worker::stop_plugins();
    }
}

/// Runs `jobs` through the TUI's worker (see [`Tui`]); every event they produced.
fn tui(s: &Scratch, jobs: Vec<Job>) -> Vec<Event> {
    let mut tui = Tui::open(s);
    jobs.into_iter().flat_map(|job| tui.run(job)).collect()
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
        .map(|d| without(serde_json::from_str(d).unwrap(), volatile))
        .collect()
}

/// The bundled sample's declarations loaded.
fn declarations(s: &Scratch) {
    s.load("declarations", &repo().join("sample-data/declarations.csv"));
}

/// The echo protocol fixture in `plugins/`, not yet approved.
fn echo(s: &Scratch) {
    let dir = s.path("plugins/echo");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["plugin.toml", "echo.py"] {
        std::fs::copy(repo().join("plugins/echo").join(f), dir.join(f)).unwrap();
    }
    s.run(&["init"]).assert().success();
}

/// The echo protocol fixture in `plugins/`, approved.
fn echo_approved(s: &Scratch) {
    echo(s);
    s.run(&["plugin", "approve", "echo"]).assert().success();
}

/// The risk run with the bundled sample's declarations: what explain and cases read.
fn scored(s: &Scratch) {
    declarations(s);
    s.run(&["risk", "run"]).assert().success();
}

/// A JSON object without the keys in `volatile`.
fn without(mut v: Value, volatile: &[&str]) -> Value {
    for key in volatile {
        v.as_object_mut().unwrap().remove(*key);
    }
    v
}

/// The one event of `events` that `pick` picks.
fn the<T>(events: &[Event], pick: impl Fn(&Event) -> Option<T>) -> T {
    let mut picked: Vec<T> = events.iter().filter_map(pick).collect();
    assert_eq!(picked.len(), 1, "{events:#?}");
    picked.remove(0)
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
fn a_typo_in_risk_params_is_refused_by_both_front_ends() {
    let s = Scratch::new();
    declarations(&s);
    s.write("clearway.toml", "[risk.params]\ntreshold = 2\n");
    let err = crate::support::flat(&stderr_of(s.run(&["risk", "run"]), 2));
    let events = tui(&s, vec![Job::RiskRun]);
    let failed = failures(&events);
    assert_eq!(failed.len(), 1, "{events:#?}");
    assert!(
        failed[0].starts_with("parameter treshold (") && failed[0].contains("clearway.toml"),
        "{failed:?}"
    );
    assert!(err.contains(&crate::support::flat(&failed[0])), "{err}");
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM risk_runs"), 0);
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

#[test]
fn explain_is_what_the_case_view_explains_and_both_record_it() {
    let twins = Twins::new(scored);
    let id: String = twins.cli.scalar(
        "SELECT declaration_id FROM risk_scores ORDER BY total DESC, declaration_id LIMIT 1",
    );
    let cli: Value = serde_json::from_str(&stdout_of(
        twins.cli.run(&["risk", "explain", &id, "--format", "json"]),
    ))
    .unwrap();
    let events = tui(
        &twins.tui,
        vec![Job::Case {
            declaration_id: id.clone(),
        }],
    );
    let case = the(&events, |e| match e {
        Event::Case(c) => Some(c.clone()),
        _ => None,
    });
    let explained = serde_json::to_value(case.explanation.expect("the case is explained")).unwrap();
    assert!(
        cli["hits"].as_array().is_some_and(|h| !h.is_empty()),
        "{cli}"
    );
    assert_eq!(cli, explained);
    // the read is on the audit trail whichever face showed it
    let recorded = audited(&twins.cli, "risk explain", &[]);
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded, audited(&twins.tui, "risk explain", &[]));
}

#[test]
fn a_query_is_recorded_alike_by_both_front_ends() {
    let twins = Twins::new(declarations);
    let sql = "SELECT origin_country, count(*) AS n FROM declarations GROUP BY ALL";
    twins.cli.run(&["query", sql]).assert().success();
    let events = tui(
        &twins.tui,
        vec![Job::Query {
            id: 1,
            sql: sql.into(),
        }],
    );
    assert_no_failure(&events);
    // the command line names its output format; the TUI's output is its grid
    let cli = audited(&twins.cli, "query", &["format"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert!(cli[0]["rows"].as_u64().is_some_and(|n| n > 1), "{cli:?}");
    assert_eq!(cli, audited(&twins.tui, "query", &["format"]));
}

#[test]
fn an_export_writes_the_same_file_sidecar_and_audit_record() {
    let twins = Twins::new(declarations);
    let (cli_out, tui_out) = (twins.cli.path("decl.csv"), twins.tui.path("decl.csv"));
    twins
        .cli
        .run(&["export", "declarations", "--out"])
        .arg(&cli_out)
        .assert()
        .success();
    let events = tui(
        &twins.tui,
        vec![Job::Export {
            // the grid's source for a previewed table
            source: "\"declarations\"".into(),
            format: ExportFormat::Csv,
            path: tui_out.clone(),
        }],
    );
    assert_no_failure(&events);
    assert_eq!(
        std::fs::read(&cli_out).unwrap(),
        std::fs::read(&tui_out).unwrap(),
        "the exported files"
    );
    let sidecar = |p: &Path| -> Value {
        let text = std::fs::read_to_string(format!("{}.provenance.json", p.display())).unwrap();
        without(
            serde_json::from_str(&text).unwrap(),
            &["file", "workspace", "created_at"],
        )
    };
    assert_eq!(sidecar(&cli_out), sidecar(&tui_out));
    let cli = audited(&twins.cli, "export", &["out"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(cli, audited(&twins.tui, "export", &["out"]));
}

#[test]
fn a_saved_chart_is_the_same_file_and_audit_record() {
    let twins = Twins::new(declarations);
    let (cli_out, tui_out) = (twins.cli.path("values.svg"), twins.tui.path("values.svg"));
    twins
        .cli
        .run(&[
            "plot",
            "histogram",
            "--table",
            "declarations",
            "--x",
            "customs_value",
            "--out",
        ])
        .arg(&cli_out)
        .assert()
        .success();
    let spec = PlotSpec::new(Kind::Histogram, Source::table("declarations")).x("customs_value");
    let events = tui(
        &twins.tui,
        vec![Job::SaveChart {
            spec: Box::new(spec),
            path: tui_out.clone(),
        }],
    );
    assert_no_failure(&events);
    let svg = std::fs::read_to_string(&cli_out).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    assert_eq!(svg, std::fs::read_to_string(&tui_out).unwrap());
    let cli = audited(&twins.cli, "plot", &["out"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(cli, audited(&twins.tui, "plot", &["out"]));
}

#[test]
fn a_plugin_call_on_a_table_gives_the_same_rows_and_audit_record() {
    let twins = Twins::new(echo_approved);
    let sql = "SELECT range AS id, 'row ' || range AS label FROM range(5)";
    let csv = stdout_of(twins.cli.run(&[
        "plugin",
        "call",
        "echo",
        "table_echo",
        "--input-query",
        sql,
        "--format",
        "csv",
    ]));
    let cli_rows: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    let tui_rows = {
        let mut tui = Tui::open(&twins.tui);
        let events = tui.run(Job::PluginCall {
            id: 7,
            plugin: "echo".into(),
            command: "table_echo".into(),
            args: Default::default(),
            // the grid's current result: a query's, as a relation
            input: Some(format!("({sql})")),
        });
        let source = the(&events, |e| match e {
            Event::Result { id: 7, source, .. } => Some(source.clone()),
            _ => None,
        });
        let events = tui.run(Job::Page {
            id: 7,
            source,
            offset: 0,
            limit: 100,
        });
        the(&events, |e| match e {
            Event::Page { rows, .. } => Some(rows.clone()),
            _ => None,
        })
    };
    assert_eq!(cli_rows.len(), 5, "{csv}");
    assert_eq!(cli_rows, tui_rows);
    let cli = audited(&twins.cli, "plugin call", &["from", "seconds"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(cli[0]["input_rows"], json!(5));
    assert_eq!(
        cli,
        audited(&twins.tui, "plugin call", &["from", "seconds"])
    );
}

#[test]
fn a_plugin_call_answering_json_gives_the_same_value_and_audit_record() {
    let twins = Twins::new(echo_approved);
    let cli: Value = serde_json::from_str(&stdout_of(twins.cli.run(&[
        "plugin", "call", "echo", "echo", "--arg", "text=hi", "--arg", "n=3",
    ])))
    .unwrap();
    let events = tui(
        &twins.tui,
        vec![Job::PluginCall {
            id: 3,
            plugin: "echo".into(),
            command: "echo".into(),
            args: args(&[("text", json!("hi")), ("n", json!(3))]),
            input: None,
        }],
    );
    // the TUI shows the value in a popup, a line of pretty JSON per row
    let shown = the(&events, |e| match e {
        Event::Table { rows, .. } => Some(rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>()),
        _ => None,
    });
    let shown: Value = serde_json::from_str(&shown.join("\n")).unwrap();
    assert_eq!(cli["args"], json!({"text": "hi", "n": 3}));
    assert_eq!(cli, shown);
    let cli = audited(&twins.cli, "plugin call", &["from", "seconds"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(
        cli,
        audited(&twins.tui, "plugin call", &["from", "seconds"])
    );
}

#[test]
fn a_plugin_stream_stores_the_same_items_and_audit_record() {
    let twins = Twins::new(echo_approved);
    twins
        .cli
        .run(&[
            "plugin", "stream", "echo", "stream", "--arg", "n=4", "--into", "items",
        ])
        .assert()
        .success();
    let events = tui(
        &twins.tui,
        vec![Job::PluginStream {
            plugin: "echo".into(),
            command: "stream".into(),
            args: args(&[("n", json!(4))]),
            into: "items".into(),
            max_items: 100,
        }],
    );
    let done = the(&events, |e| match e {
        Event::PluginDone { message } => Some(message.clone()),
        _ => None,
    });
    assert!(done.contains("4 rows stored in items"), "{done}");
    let stored = |s: &Scratch| -> String {
        s.scalar(
            "SELECT string_agg(plugin || ' ' || command || ' ' || CAST(item AS VARCHAR), chr(10) ORDER BY received_at, CAST(item->>'i' AS INT)) FROM items",
        )
    };
    assert_eq!(stored(&twins.cli).lines().count(), 4);
    assert_eq!(stored(&twins.cli), stored(&twins.tui));
    let cli = audited(&twins.cli, "plugin stream", &["from", "seconds"]);
    assert_eq!(cli.len(), 1, "{cli:?}");
    assert_eq!(
        cli,
        audited(&twins.tui, "plugin stream", &["from", "seconds"])
    );
}

#[test]
fn approving_a_plugin_pins_the_same_lock() {
    let twins = Twins::new(echo);
    twins
        .cli
        .run(&["plugin", "approve", "echo"])
        .assert()
        .success();
    let events = tui(
        &twins.tui,
        vec![Job::PluginApprove {
            plugin: "echo".into(),
        }],
    );
    assert_no_failure(&events);
    let lock = |s: &Scratch| -> toml::Value {
        let mut lock: toml::Value =
            toml::from_str(&std::fs::read_to_string(s.path("plugins.lock")).unwrap()).unwrap();
        lock["plugins"]["echo"]
            .as_table_mut()
            .unwrap()
            .remove("approved_at");
        lock
    };
    assert!(lock(&twins.cli)["plugins"]["echo"]["entrypoint_sha256"].is_str());
    assert_eq!(lock(&twins.cli), lock(&twins.tui));
}
