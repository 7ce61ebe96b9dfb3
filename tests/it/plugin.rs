//! Plugins: the echo protocol fixture (plugins/echo) through both transports proves every host
//! guarantee — approval and changed-plugin refusal, version refusal, timeouts that kill,
//! output caps, environment isolation, side effects behind --yes, sensitive redaction — and
//! that tables and streams land in DuckDB.

use crate::support::{flat, repo, stderr_of, stdout_of, Scratch};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A scratch workspace with the echo plugin copied into its `plugins/` folder.
fn with_echo() -> Scratch {
    let s = Scratch::new();
    copy_plugin(&repo().join("plugins/echo"), &s.path("plugins/echo"));
    s
}

fn copy_plugin(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in ["plugin.toml", "echo.py"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
}

/// A fixture or reference service on a free loopback port (the echo fixture with `--http`,
/// idcheck, ledger-node), stopped on drop.
struct HttpEcho {
    child: std::process::Child,
    port: u16,
}

impl HttpEcho {
    fn start(version: &str) -> HttpEcho {
        start_service(
            "plugins/echo/echo.py",
            &["--http", "0", "--version", version],
            &[],
        )
    }
}

impl Drop for HttpEcho {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes `plugins/NAME/plugin.toml`: echo's manifest with an http transport.
fn http_manifest(s: &Scratch, name: &str, port: u16) {
    let text = std::fs::read_to_string(repo().join("plugins/echo/plugin.toml")).unwrap();
    let text = text
        .replacen(
            "name = \"echo\"\nversion",
            &format!("name = \"{name}\"\nversion"),
            1,
        )
        .replace(
            "kind = \"exec\"\ncommand = [\"python3\", \"echo.py\"]\nenv = [\"LANG\"]",
            &format!("kind = \"http\"\nbase_url = \"http://127.0.0.1:{port}\""),
        );
    assert!(text.contains("kind = \"http\""));
    let dir = s.path("plugins").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("plugin.toml"), text).unwrap();
}

/// `clearway --workspace <ws> ARGS` with the shipped plugins (the repository's `plugins/`) on
/// the search path.
fn shipped(s: &Scratch, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = s.run(args);
    cmd.env("CLEARWAY_PLUGIN_PATH", repo().join("plugins"));
    cmd
}

fn init(s: &Scratch) {
    s.run(&["init"]).assert().success();
}

#[test]
fn plugins_are_listed_checked_and_run_only_once_approved() {
    let s = with_echo();
    init(&s);
    let list = stdout_of(s.run(&["plugin", "list"]));
    assert!(
        list.contains("echo") && list.contains("not approved") && list.contains("workspace"),
        "{list}"
    );
    let check = stdout_of(s.run(&["plugin", "check", "echo"]));
    for said in [
        "handshake: ok",
        "12 declared, 12 announced, they agree",
        "dry call:  `echo` ok",
        "check:     echo passes",
    ] {
        assert!(check.contains(said), "{check}");
    }
    let err = flat(&stderr_of(
        s.run(&["plugin", "call", "echo", "echo", "--arg", "text=hi"]),
        3,
    ));
    assert!(err.contains("plugin `echo` is not approved"), "{err}");
    s.run(&["plugin", "approve", "echo"]).assert().success();
    let out = stdout_of(s.run(&[
        "plugin", "call", "echo", "echo", "--arg", "text=hi", "--arg", "n=3",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["args"], serde_json::json!({"text": "hi", "n": 3}));
    // the plugin's code changes under the analyst: refused until approved again
    let script = s.path("plugins/echo/echo.py");
    let mut code = std::fs::read_to_string(&script).unwrap();
    code.push_str("\n# changed\n");
    std::fs::write(&script, code).unwrap();
    assert!(stdout_of(s.run(&["plugin", "list"])).contains("CHANGED (its entrypoint echo.py)"));
    let err = flat(&stderr_of(s.run(&["plugin", "call", "echo", "echo"]), 3));
    assert!(
        err.contains("plugin `echo` changed since it was approved: its entrypoint echo.py"),
        "{err}"
    );
    s.run(&["plugin", "approve", "echo"]).assert().success();
    s.run(&["plugin", "call", "echo", "echo"])
        .assert()
        .success();
    let lock = std::fs::read_to_string(s.path("plugins.lock")).unwrap();
    assert!(
        lock.contains("[plugins.echo]") && lock.contains("entrypoint_sha256"),
        "{lock}"
    );
    // Issue 19: a helper module beside the approved entrypoint is pinned too; before, the
    // changed module ran unseen.
    let helper = s.path("plugins/echo/echo_helper.py");
    std::fs::write(&helper, "GREETING = 'hello'\n").unwrap();
    let err = flat(&stderr_of(s.run(&["plugin", "call", "echo", "echo"]), 3));
    assert!(
        err.contains("changed since it was approved: new file echo_helper.py"),
        "{err}"
    );
    let code = std::fs::read_to_string(&script).unwrap();
    std::fs::write(&script, format!("import echo_helper  # noqa\n{code}")).unwrap();
    s.run(&["plugin", "approve", "echo"]).assert().success();
    s.run(&["plugin", "call", "echo", "echo"])
        .assert()
        .success();
    // Importing the helper wrote no bytecode cache into the pinned folder ...
    assert!(!s.path("plugins/echo/__pycache__").exists());
    s.run(&["plugin", "call", "echo", "echo"])
        .assert()
        .success();
    // ... and a changed helper is refused until approved again.
    std::fs::write(&helper, "GREETING = 'changed'\n").unwrap();
    assert!(stdout_of(s.run(&["plugin", "list"])).contains("CHANGED (its file echo_helper.py)"));
    s.run(&["plugin", "call", "echo", "echo"]).assert().code(3);
}

#[test]
fn describe_shows_transport_limits_and_command_flags() {
    let s = with_echo();
    let out = stdout_of(s.run(&["plugin", "describe", "echo"]));
    let out = out.replace(&s.dir.path().display().to_string(), "[TMP]");
    insta::assert_snapshot!(out);
}

/// The guarantees that hold whatever the transport.
fn guarantees(s: &Scratch, name: &str) {
    let started = Instant::now();
    let err = flat(&stderr_of(
        s.run(&[
            "plugin",
            "call",
            name,
            "sleep",
            "--arg",
            "ms=20000",
            "--arg",
            "ignore_cancel=true",
            "--timeout",
            "300",
        ]),
        3,
    ));
    assert!(
        err.contains(&format!(
            "plugin `{name}` did not answer within 300 ms; it was cancelled and stopped"
        )),
        "{err}"
    );
    // 300 ms, the 500 ms grace and the kill: nowhere near the 20 s the plugin wanted
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let err = flat(&stderr_of(
        s.run(&["plugin", "call", name, "big", "--arg", "bytes=2000000"]),
        3,
    ));
    assert!(
        err.contains("sent more than 1048576 bytes in one message"),
        "{err}"
    );
    let err = flat(&stderr_of(s.run(&["plugin", "call", name, "malformed"]), 3));
    assert!(err.contains("broke the protocol"), "{err}");
    let err = flat(&stderr_of(s.run(&["plugin", "call", name, "crash"]), 3));
    assert!(err.contains(&format!("plugin `{name}`")), "{err}");
    let err = flat(&stderr_of(
        s.run(&["plugin", "call", name, "error", "--arg", "kind=transient"]),
        3,
    ));
    assert!(
        err.contains("failed (transient, code -32001): asked to fail")
            && err.contains("this is the help line"),
        "{err}"
    );
    let err = flat(&stderr_of(
        s.run(&["plugin", "call", name, "side_effect"]),
        2,
    ));
    assert!(
        err.contains("has side effects") && err.contains("pass --yes"),
        "{err}"
    );
    s.run(&["plugin", "call", name, "side_effect", "--yes"])
        .assert()
        .success();
    // tables: Arrow both ways, JSON rows both ways
    let sql = "SELECT range AS id, 'row ' || range AS label, range / 4 AS share, DATE '2025-01-01' + range::INTEGER AS day FROM range(5000)";
    s.run(&[
        "plugin",
        "call",
        name,
        "table_echo",
        "--input-query",
        sql,
        "--into",
        "back",
    ])
    .assert()
    .success();
    s.run(&[
        "plugin",
        "call",
        name,
        "rows_echo",
        "--input-format",
        "json",
        "--input-query",
        sql,
        "--into",
        "rows_back",
    ])
    .assert()
    .success();
    // Issue 19: `--input-query` is documented read-only, but ran on the read-write connection
    // unchecked: `DELETE … ; SELECT 1` emptied the table before the plugin was called.
    let before: i64 = s.scalar("SELECT count(*) FROM back");
    s.run(&[
        "plugin",
        "call",
        name,
        "table_echo",
        "--input-query",
        "DELETE FROM back; SELECT 1 AS id",
        "--into",
        "other",
    ])
    .assert()
    .code(2);
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM back"), before);
    for table in ["back", "rows_back"] {
        let same: i64 = s.scalar(&format!(
            "SELECT count(*) FROM (SELECT id, label, share, day FROM {table} EXCEPT SELECT * FROM ({sql}))"
        ));
        let n: i64 = s.scalar(&format!("SELECT count(*) FROM {table}"));
        assert_eq!((n, same), (5000, 0), "{table}");
    }
    // a stream stopped at --max-items keeps what came
    s.run(&[
        "plugin",
        "stream",
        name,
        "stream",
        "--arg",
        "n=100000",
        "--arg",
        "interval_ms=2",
        "--max-items",
        "7",
        "--into",
        "items",
    ])
    .assert()
    .success();
    let n: i64 = s.scalar(&format!(
        "SELECT count(*) FROM items WHERE plugin = '{name}'"
    ));
    assert_eq!(n, 7);
}

#[test]
fn host_guarantees_hold_over_exec() {
    let s = with_echo();
    init(&s);
    s.run(&["plugin", "approve", "echo"]).assert().success();
    guarantees(&s, "echo");
    // the timed-out plugin (it ignored $/cancel) was killed with its process group
    let out = s
        .run(&[
            "plugin",
            "call",
            "echo",
            "sleep",
            "--arg",
            "ms=20000",
            "--arg",
            "ignore_cancel=true",
            "--timeout",
            "200",
        ])
        .assert()
        .code(3)
        .get_output()
        .stderr
        .clone();
    let log = String::from_utf8_lossy(&out);
    assert_the_sleeper_is_gone(&log);
}

/// The echo plugin's `sleep` logs its pid; after a timeout or Ctrl-C that process must be gone.
fn assert_the_sleeper_is_gone(log: &str) {
    let pid: u32 = log
        .lines()
        .find_map(|l| l.strip_prefix("[echo] sleeping pid "))
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("no pid in {log}"));
    assert!(
        !PathBuf::from(format!("/proc/{pid}")).exists(),
        "plugin {pid} still runs"
    );
}

#[test]
fn host_guarantees_hold_over_http() {
    let s = Scratch::new();
    init(&s);
    let service = HttpEcho::start("1.0");
    http_manifest(&s, "echo-http", service.port);
    s.run(&["plugin", "check", "echo-http"]).assert().success();
    s.run(&["plugin", "approve", "echo-http"])
        .assert()
        .success();
    guarantees(&s, "echo-http");
    drop(service);
    let err = flat(&stderr_of(
        s.run(&["plugin", "call", "echo-http", "echo"]),
        3,
    ));
    assert!(err.contains("could not be reached"), "{err}");
}

#[test]
fn the_environment_is_only_the_allow_list_and_sensitive_calls_are_redacted() {
    let s = with_echo();
    init(&s);
    let out = stdout_of(
        s.run(&["plugin", "call", "echo", "env", "--trust"])
            .env("LANG", "C.UTF-8")
            .env("SECRET_TOKEN", "hunter2"),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v["env"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // python may add LC_CTYPE when it coerces the locale; nothing of the caller's leaks
    let names: Vec<&str> = names.into_iter().filter(|n| *n != "LC_CTYPE").collect();
    assert_eq!(
        names,
        // PYTHONDONTWRITEBYTECODE: clearway's own, so that running a plugin adds no bytecode
        // cache to its pinned folder
        [
            "CLEARWAY_PLUGIN",
            "CLEARWAY_PROTOCOL",
            "LANG",
            "PYTHONDONTWRITEBYTECODE"
        ],
        "{v}"
    );
    let detail: String = s.scalar(
        "SELECT CAST(detail AS VARCHAR) FROM audit_log WHERE command = 'plugin call' ORDER BY seq DESC LIMIT 1",
    );
    assert!(
        detail.contains("(redacted: sensitive)") && detail.contains("\"command\":\"env\""),
        "{detail}"
    );
    assert!(!detail.contains("hunter2"));
}

#[test]
fn a_plugin_speaking_another_protocol_major_is_refused() {
    let s = Scratch::new();
    let dir = s.path("plugins/echo2");
    copy_plugin(&repo().join("plugins/echo"), &dir);
    let manifest = std::fs::read_to_string(dir.join("plugin.toml"))
        .unwrap()
        .replace("name = \"echo\"\nversion", "name = \"echo2\"\nversion")
        .replace(
            "[\"python3\", \"echo.py\"]",
            "[\"python3\", \"echo.py\", \"--version\", \"2.0\"]",
        );
    std::fs::write(dir.join("plugin.toml"), manifest).unwrap();
    let err = flat(&stderr_of(s.run(&["plugin", "check", "echo2"]), 3));
    assert!(
        err.contains("it speaks protocol 2.0; this clearway speaks 1.x"),
        "{err}"
    );
    let service = HttpEcho::start("2.0");
    http_manifest(&s, "echo2-http", service.port);
    let err = flat(&stderr_of(s.run(&["plugin", "check", "echo2-http"]), 3));
    assert!(err.contains("it speaks protocol 2.0"), "{err}");
}

#[test]
fn a_stream_into_telemetry_events_is_a_load_with_lineage() {
    let s = with_echo();
    init(&s);
    s.run(&[
        "plugin",
        "stream",
        "echo",
        "stream",
        "--arg",
        "n=20",
        "--into",
        "telemetry_events",
        "--trust",
    ])
    .assert()
    .success();
    let (n, files, rows): (i64, String, i64) = {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.query_row(
            "SELECT count(*), string_agg(DISTINCT source_file), max(source_row) FROM telemetry_events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!((n, files.as_str(), rows), (20, "plugin:echo/stream", 20));
    let loaded: i64 = s.scalar(
        "SELECT rows_loaded FROM loads WHERE source_file = 'plugin:echo/stream' AND format = 'plugin-stream'",
    );
    assert_eq!(loaded, 20);
    let payload: String =
        s.scalar("SELECT CAST(payload AS VARCHAR) FROM telemetry_events WHERE source_row = 3");
    assert_eq!(payload, "{\"i\":2}");
}

#[test]
fn bad_manifests_and_unknown_names_are_usage_errors() {
    let s = Scratch::new();
    let dir = s.path("plugins/broken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("plugin.toml"),
        "[plugin]\nname = \"broken\"\nversion = \"1\"\nprotocol = 1\n[transport]\nkind = \"exec\"\ncommand = [\"x\"]\n[limits]\ncall_timeout = 5\n",
    )
    .unwrap();
    let list = stdout_of(s.run(&["plugin", "list"]));
    assert!(
        list.contains("BROKEN") && list.contains("(line 9)"),
        "{list}"
    );
    let err = flat(&stderr_of(s.run(&["plugin", "call", "broken", "x"]), 2));
    assert!(
        err.contains("no plugin named `broken`") && err.contains("call_timeout"),
        "{err}"
    );
    let err = flat(&stderr_of(s.run(&["plugin", "describe", "nope"]), 2));
    assert!(err.contains("no plugin named `nope`"), "{err}");
}

/// A reference service started on a free loopback port (prints `listening on PORT`).
fn start_service(script: &str, args: &[&str], env: &[(&str, &str)]) -> HttpEcho {
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(repo().join(script))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("python3 runs the service");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    HttpEcho { child, port }
}

#[test]
fn idcheck_verifies_actors_through_its_reference_service() {
    let s = Scratch::new();
    init(&s);
    let service = start_service(
        "plugins/idcheck/service.py",
        &["--port", "0", "--token", "s3cret"],
        &[],
    );
    let url = format!("http://127.0.0.1:{}", service.port);
    let run = |args: &[&str]| {
        let mut cmd = shipped(&s, args);
        cmd.env("CLEARWAY_IDCHECK_URL", &url)
            .env("IDCHECK_TOKEN", "s3cret");
        cmd
    };
    stdout_of(run(&["plugin", "check", "idcheck"]));
    let out = stdout_of(run(&[
        "plugin",
        "call",
        "idcheck",
        "verify",
        "--arg",
        "actor_id=DEC00002",
        "--trust",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["status"].as_str(), v["eori"].as_str()),
        (Some("suspended"), Some("BE300000003")),
        "{v}"
    );
    run(&["plugin", "call", "idcheck", "verify_batch", "--into", "actor_checks", "--input-query",
          "SELECT * FROM (VALUES ('DEC00000', 'Harbour Brokers BV'), ('DEC00001', 'Someone Else'), ('DEC00003', NULL), ('ZZ9', NULL)) t(actor_id, name)"])
        .assert()
        .success();
    let got: String = s.scalar("SELECT string_agg(queried_actor_id || '=' || status, ' ' ORDER BY queried_actor_id) FROM actor_checks");
    assert_eq!(
        got,
        "DEC00000=valid DEC00001=name_mismatch DEC00003=revoked ZZ9=unknown"
    );
    // identity data stays out of the audit trail
    let detail: String = s.scalar("SELECT string_agg(CAST(detail AS VARCHAR), ' ') FROM audit_log WHERE command = 'plugin call'");
    assert!(
        !detail.contains("DEC00002") && detail.contains("(redacted: sensitive)"),
        "{detail}"
    );
    // from the TUI: the current result is the table of actors, the verdicts a popup
    let screen = tui_replay(
        &s,
        "SetQuery SELECT 'DEC00002' AS actor_id\nRunQuery\nPluginRun idcheck verify_batch\n",
        run,
    );
    assert!(
        screen.contains("idcheck verify_batch") && screen.contains("\"status\": \"suspended\""),
        "{screen}"
    );
    // a wrong token is an auth failure
    let err = flat(&stderr_of(
        run(&[
            "plugin",
            "call",
            "idcheck",
            "verify",
            "--arg",
            "eori=NL100000001",
        ])
        .env("IDCHECK_TOKEN", "wrong"),
        3,
    ));
    assert!(
        err.contains("(auth, code -32001): missing or wrong bearer token"),
        "{err}"
    );
}

/// drone-feed's simulated drone sending MAVLink to `port` for 25 s at 50 Hz.
fn simulated_drone(port: u16) -> std::process::Child {
    std::process::Command::new("python3")
        .arg(repo().join("plugins/drone-feed/drone_feed.py"))
        .args([
            "--simulate",
            "--to",
            &format!("127.0.0.1:{port}"),
            "--seconds",
            "25",
            "--rate",
            "50",
        ])
        .spawn()
        .unwrap()
}

#[test]
fn drone_feed_streams_mavlink_positions_from_a_simulated_drone() {
    let s = Scratch::new();
    init(&s);
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let feed = std::process::Command::new(assert_cmd::cargo::cargo_bin("clearway"))
        .env("CLEARWAY_AUDIT_KEY_FILE", crate::support::AUDIT_KEY_FILE)
        .arg("--workspace")
        .arg(s.workspace())
        .args([
            "plugin",
            "stream",
            "drone-feed",
            "positions",
            "--into",
            "telemetry_events",
            "--trust",
        ])
        .args([
            "--arg",
            &format!("port={port}"),
            "--max-items",
            "60",
            "--duration",
            "30",
        ])
        .env("CLEARWAY_PLUGIN_PATH", repo().join("plugins"))
        .env("CLEARWAY_NO_PROGRESS", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // the drone starts once the plugin listens (its log line), then flies until stopped
    std::thread::sleep(Duration::from_millis(700));
    let mut drone = simulated_drone(port);
    let out = feed.wait_with_output().unwrap();
    let _ = drone.kill();
    let _ = drone.wait();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("60 items from drone-feed positions"), "{log}");
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let (n, devices, near, clock): (i64, String, bool, String) = conn
        .query_row(
            "SELECT count(*), string_agg(DISTINCT device_id), bool_and(abs(lat - 51.95) < 0.002 AND abs(lon - 4.05) < 0.003),
                    string_agg(DISTINCT payload->>'clock')
             FROM telemetry_events WHERE source = 'drone'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((n, devices.as_str(), near), (60, "mavlink:7", true));
    // positions before the first SYSTEM_TIME use the receiver's clock, later ones the drone's
    assert!(clock.contains("vehicle"), "{clock}");
    // a damaged packet comes every 25 positions: dropped, never streamed
    assert!(log.contains("packets dropped (bad checksum)"), "{log}");
    drop(conn);
    // from the TUI: the live view, then the items stored
    let mut drone = simulated_drone(port);
    let screen = tui_replay(
        &s,
        &format!(
            "PluginStream --into telemetry_events drone-feed positions port={port} max_items=15\n"
        ),
        |args| shipped(&s, args),
    );
    let _ = drone.kill();
    let _ = drone.wait();
    assert!(
        screen.contains("15 items from drone-feed positions")
            && screen.contains("\"device_id\":\"mavlink:7\""),
        "{screen}"
    );
    let n: i64 = s.scalar("SELECT count(*) FROM telemetry_events WHERE source = 'drone'");
    assert_eq!(n, 75);
}

/// ganache from the npm registry (`.ci/run` installs it into ~/.cache/clearway/node); under CI
/// it must be there, elsewhere the test is skipped with a note.
fn ganache() -> Option<PathBuf> {
    let p = std::env::var_os("CLEARWAY_GANACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/clearway/node/node_modules/.bin/ganache")
        });
    if p.exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but ganache is not installed at {}", p.display());
    }
    eprintln!(
        "skipping: {} not found (npm install --prefix ~/.cache/clearway/node ganache@7.9.2)",
        p.display()
    );
    None
}

fn eth(url: &str, method: &str, params: serde_json::Value) -> serde_json::Value {
    let answer: serde_json::Value = reqwest::blocking::Client::new()
        .post(url)
        .json(&serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
        .send()
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    assert!(answer.get("error").is_none(), "{method}: {answer}");
    answer["result"].clone()
}

/// Init code deploying a 9-byte contract that logs the first 32 bytes of its calldata.
const LOGGER_INIT: &str = concat!(
    "0x",
    "6009600c600039", // CODECOPY(dest 0, offset 12, size 9): the runtime below
    "60096000f3",     // RETURN(0, 9)
    "600035",         // runtime: topic = CALLDATALOAD(0)
    "60006000a1",     // LOG1(offset 0, size 0, topic)
    "00",             // STOP
);

#[test]
fn ledger_node_finds_a_document_hash_on_a_real_local_evm_node() {
    let Some(ganache) = ganache() else { return };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut node = std::process::Command::new(&ganache)
        .args([
            "--server.host",
            "127.0.0.1",
            "--server.port",
            &port.to_string(),
        ])
        .args([
            "--wallet.deterministic",
            "--logging.quiet",
            "--chain.chainId",
            "1337",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("ganache starts");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while reqwest::blocking::Client::new()
        .post(&url)
        .json(&serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber", "params": []}))
        .send()
        .is_err()
    {
        assert!(Instant::now() < deadline, "ganache did not come up");
        std::thread::sleep(Duration::from_millis(200));
    }
    let accounts = eth(&url, "eth_accounts", serde_json::json!([]));
    let from = accounts[0].as_str().unwrap().to_string();
    // init code copying a 9-byte runtime (PUSH1 0 CALLDATALOAD PUSH1 0 PUSH1 0 LOG1 STOP):
    // every call logs its first 32 bytes of calldata as the topic
    let deploy = eth(
        &url,
        "eth_sendTransaction",
        serde_json::json!([{"from": from, "data": LOGGER_INIT, "gas": "0x100000"}]),
    );
    let receipt = eth(
        &url,
        "eth_getTransactionReceipt",
        serde_json::json!([deploy]),
    );
    let contract = receipt["contractAddress"].as_str().unwrap().to_string();
    let doc = "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988";
    let anchored = eth(
        &url,
        "eth_sendTransaction",
        serde_json::json!([{"from": from, "to": contract, "data": format!("0x{doc}"), "gas": "0x100000"}]),
    );
    let plain = eth(
        &url,
        "eth_sendTransaction",
        serde_json::json!([{"from": from, "to": accounts[1], "value": "0x0", "data": format!("0xdeadbeef{doc}")}]),
    );
    let service = start_service(
        "plugins/ledger-node/service.py",
        &["--node", &url, "--port", "0"],
        &[],
    );
    let s = Scratch::new();
    init(&s);
    let run = |args: &[&str]| {
        let mut cmd = shipped(&s, args);
        cmd.env(
            "CLEARWAY_LEDGER_NODE_URL",
            format!("http://127.0.0.1:{}", service.port),
        );
        cmd
    };
    stdout_of(run(&["plugin", "check", "ledger-node"]));
    let out = stdout_of(run(&[
        "plugin",
        "call",
        "ledger-node",
        "find_document",
        "--arg",
        &format!("hash=0x{doc}"),
        "--trust",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut hits: Vec<(String, String, i64)> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["where"].as_str().unwrap().to_string(),
                h["tx_hash"].as_str().unwrap().to_string(),
                h["status"].as_i64().unwrap(),
            )
        })
        .collect();
    hits.sort();
    let (anchored, plain) = (
        anchored.as_str().unwrap().to_string(),
        plain.as_str().unwrap().to_string(),
    );
    let mut want = vec![
        ("input".to_string(), anchored.clone(), 1),
        ("input".to_string(), plain.clone(), 1),
        ("log".to_string(), anchored.clone(), 1),
    ];
    want.sort();
    assert_eq!(hits, want, "{v}");
    let out = stdout_of(run(&[
        "plugin",
        "call",
        "ledger-node",
        "tx",
        "--arg",
        &format!("hash={plain}"),
    ]));
    let t: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (t["status"].as_i64(), t["from"].as_str()),
        (Some(1), Some(from.as_str())),
        "{t}"
    );
    run(&[
        "plugin",
        "call",
        "ledger-node",
        "logs",
        "--arg",
        &format!("address={contract}"),
        "--into",
        "node_logs",
    ])
    .assert()
    .success();
    let topic: String = s.scalar("SELECT topic0 FROM node_logs");
    assert_eq!(topic, format!("0x{doc}"));
    // from the TUI: the hits in a popup
    let screen = tui_replay(
        &s,
        &format!("PluginRun ledger-node find_document hash=0x{doc}\n"),
        run,
    );
    assert!(screen.contains("\"where\": \"input\""), "{screen}");
    // the node goes away: a transient failure, exit 3
    let _ = node.kill();
    let _ = node.wait();
    let err = flat(&stderr_of(
        run(&[
            "plugin",
            "call",
            "ledger-node",
            "find_document",
            "--arg",
            &format!("hash=0x{doc}"),
        ]),
        3,
    ));
    assert!(
        err.contains("(transient, code -32003)") && err.contains("does not answer"),
        "{err}"
    );
}

/// ml-score's Python environment (`plugins/ml-score/setup.sh`, run by `.ci/run`); under CI it
/// must exist, elsewhere the test is skipped with a note.
fn ml_venv() -> bool {
    let venv = PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
        .join(".cache/clearway/ml-score-venv/bin/python");
    if venv.exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but ml-score's environment is missing: bash plugins/ml-score/setup.sh");
    }
    eprintln!("skipping: run plugins/ml-score/setup.sh for ml-score's test");
    false
}

#[test]
fn ml_score_trains_scores_and_feeds_the_scoring_rule_pack() {
    if !ml_venv() {
        return;
    }
    let s = Scratch::new();
    let dir = s.path("gen");
    crate::support::generate_summary(&dir, 4000, 7);
    s.load("declarations", &dir.join("declarations.csv"));
    let run = |args: &[&str]| shipped(&s, args);
    let model = s.path("model.pkl");
    let model_arg = format!("model={}", model.display());
    let out = stdout_of(run(&[
        "plugin",
        "call",
        "ml-score",
        "train",
        "--trust",
        "--arg",
        &model_arg,
        "--input-query",
        "SELECT * FROM declarations ORDER BY declared_at",
    ]));
    let trained: serde_json::Value = serde_json::from_str(&out).unwrap();
    let features = trained["features"].to_string();
    assert!(
        features.contains("value_per_kg")
            && !features.contains("illicit")
            && !features.contains("lane"),
        "{trained}"
    );
    // better than chance on the hold-out: the generator plants value and mass patterns
    assert!(trained["holdout_auc"].as_f64().unwrap() > 0.6, "{trained}");
    run(&[
        "plugin",
        "call",
        "ml-score",
        "score",
        "--arg",
        &model_arg,
        "--into",
        "plugin_scores",
        "--input-query",
        "SELECT * FROM declarations",
    ])
    .assert()
    .success();
    let scored: i64 = s.scalar("SELECT count(*) FROM plugin_scores WHERE score BETWEEN 0 AND 1 AND reason LIKE 'model.pkl p=%'");
    let rows: i64 = s.scalar("SELECT count(*) FROM declarations");
    assert_eq!(scored, rows);
    run(&["risk", "run", "--pack", "declarations,scoring"])
        .assert()
        .success();
    let (hits, in_scores): (i64, i64) = {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.query_row(
            "SELECT (SELECT count(*) FROM risk_hits WHERE rule_id = 'plugin_score'),
                    (SELECT count(*) FROM risk_scores WHERE len(list_filter(top_reasons, lambda r: starts_with(r, 'plugin_score: '))) > 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert!(
        hits > 0 && in_scores > 0,
        "{hits} hits, {in_scores} in top reasons"
    );
    // from the TUI: the current result scored, the scores become the result
    let screen = tui_replay(
        &s,
        &format!("SetQuery SELECT * FROM declarations ORDER BY declaration_id, item_no LIMIT 30\nRunQuery\nPluginRun ml-score score {model_arg}\nFocusGrid\n"),
        run,
    );
    assert!(
        screen.contains("30 rows")
            && screen.contains("col 1/5 declaration_id")
            && screen.contains(" score "),
        "{screen}"
    );
    // a missing model is the plugin's error, with its help line
    let err = flat(&stderr_of(
        run(&[
            "plugin",
            "call",
            "ml-score",
            "score",
            "--arg",
            "model=/nonexistent.pkl",
            "--input-query",
            "SELECT * FROM declarations LIMIT 1",
        ]),
        3,
    ));
    assert!(
        err.contains("no model file") && err.contains("train one first"),
        "{err}"
    );
}

/// Replays a TUI script on a workspace with the echo plugin; the final screen.
fn tui_screen(s: &Scratch, script: &str) -> String {
    tui_replay(s, script, |args| s.run(args))
}

/// Replays a TUI script through `run` (which sets what the plugins need); the final screen.
fn tui_replay(s: &Scratch, script: &str, run: impl Fn(&[&str]) -> assert_cmd::Command) -> String {
    let file = s.write("script.txt", script);
    let file = file.display().to_string();
    stdout_of(run(&[
        "tui",
        "--replay",
        &file,
        "--snapshot",
        "-",
        "--size",
        "100x24",
    ]))
}

#[test]
fn the_tui_plugins_pane_approves_runs_on_the_result_confirms_and_streams() {
    let s = with_echo();
    init(&s);
    // the pane lists the plugin, not approved; Enter asks, yes pins it
    insta::assert_snapshot!("tui_plugins_pane", tui_screen(&s, "Plugins\n"));
    insta::assert_snapshot!("tui_plugins_confirm", tui_screen(&s, "Plugins\nOpen\n"));
    tui_screen(&s, "Plugins\nOpen\nOpen\n");
    assert!(std::fs::read_to_string(s.path("plugins.lock"))
        .unwrap()
        .contains("[plugins.echo]"));
    // a table command takes the current result and its answer becomes the result
    let screen = tui_screen(
        &s,
        "SetQuery SELECT range AS id, 'row ' || range AS label FROM range(20)\nRunQuery\nPluginRun echo table_echo\nFocusGrid\nBottom\n",
    );
    assert!(
        screen.contains("20 rows") && screen.contains(" 19 row 19"),
        "{screen}"
    );
    // the TUI keeps a plugin's session between calls, until idle_shutdown_s
    let screen = tui_screen(&s, "PluginRun echo echo text=hi\nPlugins\n");
    assert!(screen.contains("approved · up, idle 0 s"), "{screen}");
    let manifest = std::fs::read_to_string(s.path("plugins/echo/plugin.toml")).unwrap();
    std::fs::write(
        s.path("plugins/echo/plugin.toml"),
        manifest.replace("[limits]\n", "[limits]\nidle_shutdown_s = 0\n"),
    )
    .unwrap();
    s.run(&["plugin", "approve", "echo"]).assert().success();
    let screen = tui_screen(&s, "PluginRun echo echo text=hi\nPlugins\n");
    assert!(
        !screen.contains("· up,") && screen.contains("approved"),
        "{screen}"
    );
    // a side-effecting command asks first
    insta::assert_snapshot!(
        "tui_plugins_side_effect",
        tui_screen(&s, "PluginRun echo side_effect\n")
    );
    // a stream shows its items live and stores them
    insta::assert_snapshot!(
        "tui_plugins_stream",
        tui_screen(&s, "PluginStream --into drone_items echo stream n=6\n")
    );
    let n: i64 = s.scalar("SELECT count(*) FROM drone_items");
    assert_eq!(n, 6);
    let calls: i64 = s.scalar("SELECT count(*) FROM audit_log WHERE command IN ('plugin call', 'plugin stream') AND detail->>'from' = 'tui'");
    assert_eq!(calls, 4);
}

#[test]
fn every_shipped_plugin_passes_its_check() {
    let s = Scratch::new();
    let mut checked = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("plugins"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("plugin.toml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let manifest = std::fs::read_to_string(dir.join("plugin.toml")).unwrap();
        let mut cmd = shipped(&s, &["plugin", "check", &name]);
        // an http plugin's reference service is started for it, on a free port
        let _service = if manifest.contains("kind = \"http\"") {
            let script = format!("plugins/{name}/service.py");
            let service = start_service(
                &script,
                &["--port", "0", "--node", "http://127.0.0.1:9"],
                &[],
            );
            let var = manifest
                .lines()
                .find_map(|l| l.strip_prefix("base_url_env = \""))
                .map(|v| v.trim_end_matches('"').to_string())
                .expect("shipped http plugins name a base_url_env");
            cmd.env(var, format!("http://127.0.0.1:{}", service.port))
                .env(
                    "IDCHECK_TOKEN",
                    "unused: the service was started without a token",
                );
            Some(service)
        } else {
            None
        };
        let out = stdout_of(cmd);
        assert!(out.contains(&format!("check:     {name} passes")), "{out}");
        checked.push(name);
    }
    assert_eq!(
        checked,
        ["drone-feed", "echo", "idcheck", "ledger-node", "ml-score"]
    );
}

#[test]
fn ctrl_c_cancels_the_call_and_stops_the_plugin() {
    let s = with_echo();
    init(&s);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("clearway"))
        .env("CLEARWAY_AUDIT_KEY_FILE", crate::support::AUDIT_KEY_FILE)
        .arg("--workspace")
        .arg(s.workspace())
        .args([
            "plugin",
            "call",
            "echo",
            "sleep",
            "--arg",
            "ms=30000",
            "--arg",
            "ignore_cancel=true",
            "--trust",
        ])
        .env("CLEARWAY_NO_PROGRESS", "1")
        .env_remove("CLEARWAY_PLUGIN_PATH")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let started = Instant::now();
    // SAFETY: kill(2) on a child we spawned; no memory is touched
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{log}");
    // the grace (500 ms) and the kill, not the 30 s the plugin wanted
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        flat(&log).contains("plugin `echo` call interrupted"),
        "{log}"
    );
    assert_the_sleeper_is_gone(&log);
}

/// The misbehaving plugin of the log and process-group tests: a few lines of Python written
/// into the scratch workspace's `plugins/unruly`. `flood` writes `mb` MiB to stderr without a
/// newline and then answers (or, with `answer=false`, sleeps); `fork` starts `sleep 300` in
/// its process group, writes that pid to `pidfile`, answers and (with `crash=true`) exits
/// without answering instead.
fn with_unruly() -> Scratch {
    let s = Scratch::new();
    let dir = s.path("plugins/unruly");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("plugin.toml"),
        r#"[plugin]
name = "unruly"
version = "1.0.0"
protocol = 1

[transport]
kind = "exec"
command = ["python3", "unruly.py"]

[limits]
call_timeout_ms = 20000
cancel_grace_ms = 500

[[commands]]
name = "flood"
args = { mb = "MiB of stderr without a newline", answer = "false to never answer" }

[[commands]]
name = "fork"
args = { pidfile = "where the child's pid goes", crash = "true to exit without answering" }
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("unruly.py"),
        r#"import json, os, subprocess, sys, time

def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()

for line in sys.stdin:
    msg = json.loads(line)
    rid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": rid, "result": {"version": "1.0", "commands": [
            {"name": "flood", "output": "json"}, {"name": "fork", "output": "json"}]}})
    elif method == "shutdown":
        send({"jsonrpc": "2.0", "id": rid, "result": None})
        sys.exit(0)
    elif method == "call":
        args = params.get("args") or {}
        if params.get("command") == "flood":
            block = b"x" * (1 << 20)
            for _ in range(int(args.get("mb", 200))):
                sys.stderr.buffer.write(block)
            sys.stderr.buffer.flush()
            if str(args.get("answer", "true")).lower() == "false":
                time.sleep(300)
            sys.stderr.buffer.write(b"\nflooded\n")
            sys.stderr.buffer.flush()
            send({"jsonrpc": "2.0", "id": rid, "result": {"flooded": True}})
        else:
            child = subprocess.Popen(["sleep", "300"], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(args["pidfile"], "w") as f:
                f.write(str(child.pid))
            if str(args.get("crash", "false")).lower() == "true":
                os._exit(4)
            send({"jsonrpc": "2.0", "id": rid, "result": {"child": child.pid}})
"#,
    )
    .unwrap();
    init(&s);
    s.run(&["plugin", "approve", "unruly"]).assert().success();
    s
}

/// Runs clearway with `args`; its stdout, stderr, exit code, peak memory (KiB) and how long it
/// took. The peak is the kernel's own count for that one process (wait4's ru_maxrss).
// the child is waited for with wait4(2), which clippy does not see
#[allow(clippy::zombie_processes)]
fn run_measured(s: &Scratch, args: &[&str]) -> (String, String, i32, i64, Duration) {
    use std::io::Read;
    let started = Instant::now();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("clearway"))
        .env("CLEARWAY_AUDIT_KEY_FILE", crate::support::AUDIT_KEY_FILE)
        .arg("--workspace")
        .arg(s.workspace())
        .args(args)
        .env("CLEARWAY_NO_PROGRESS", "1")
        .env_remove("CLEARWAY_PLUGIN_PATH")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let mut status = 0;
    // SAFETY: wait4(2) on our own child, writing into a zeroed rusage we own; `child` is not
    // waited for again (dropping a Child does not wait)
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    let took = started.elapsed();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (
        text(out.join().unwrap()),
        text(err.join().unwrap()),
        libc::WEXITSTATUS(status),
        usage.ru_maxrss,
        took,
    )
}

#[test]
fn a_plugin_flooding_stderr_without_newlines_is_cut_and_bounded() {
    let s = with_unruly();
    // 200 MiB of stderr with no newline, then an answer: the call completes, the log line is
    // cut with its marker, and clearway's memory and output stay small
    let (out, err, code, peak_kib, _) = run_measured(
        &s,
        &["plugin", "call", "unruly", "flood", "--arg", "mb=200"],
    );
    assert_eq!(code, 0, "{}", &err[..err.len().min(2000)]);
    assert!(out.contains("flooded"), "{out}");
    assert!(
        err.len() < 200_000,
        "clearway echoed {} bytes of log",
        err.len()
    );
    assert!(
        err.contains("[… line cut at 64 KiB]"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    assert!(
        err.contains("[unruly] flooded"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    // clearway itself (DuckDB, the runtime) peaks near 150 MiB on some runs; holding the
    // 200 MiB line, as the old reader did, takes it past 350 MiB
    assert!(peak_kib < 300 * 1024, "clearway peaked at {peak_kib} KiB");
    // flooding and never answering: the call timeout still fires
    let (_, err, code, peak_kib, took) = run_measured(
        &s,
        &[
            "plugin",
            "call",
            "unruly",
            "flood",
            "--arg",
            "mb=300",
            "--arg",
            "answer=false",
            "--timeout",
            "3000",
        ],
    );
    assert_eq!(code, 3, "{}", &err[..err.len().min(2000)]);
    assert!(
        flat(&err).contains("did not answer within 3000 ms"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(took < Duration::from_secs(15), "{took:?}");
    // clearway itself (DuckDB, the runtime) peaks near 150 MiB on some runs; holding the
    // 200 MiB line, as the old reader did, takes it past 350 MiB
    assert!(peak_kib < 300 * 1024, "clearway peaked at {peak_kib} KiB");
}

/// Kills `pid` on drop, so a failing assertion leaves no `sleep 300` behind.
struct Reap(i32);

impl Drop for Reap {
    fn drop(&mut self) {
        // SAFETY: kill(2) of the sleep the test plugin started; no memory is touched
        unsafe { libc::kill(self.0, libc::SIGKILL) };
    }
}

/// The pid the test plugin wrote, and whether that process still runs (a zombie waiting for
/// its reaper counts as gone).
fn forked_child(pidfile: &Path) -> (Reap, bool) {
    let pid: i32 = std::fs::read_to_string(pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let alive = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| Some(s.rsplit_once(')')?.1.split_whitespace().next()? != "Z"))
            .unwrap_or(false);
        if !alive || Instant::now() >= deadline {
            return (Reap(pid), alive);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_child_forked_by_a_plugin_does_not_outlive_the_call() {
    let s = with_unruly();
    // a successful call: the plugin answers, shuts down politely, its child stays behind
    let pidfile = s.path("child.pid");
    let arg = format!("pidfile={}", pidfile.display());
    s.run(&["plugin", "call", "unruly", "fork", "--arg", &arg])
        .assert()
        .success();
    let (_reap, alive) = forked_child(&pidfile);
    assert!(!alive, "the plugin's child outlived a successful call");
    // a failed call: the plugin exits without answering, its child stays behind
    let pidfile = s.path("crashed.pid");
    let arg = format!("pidfile={}", pidfile.display());
    s.run(&[
        "plugin",
        "call",
        "unruly",
        "fork",
        "--arg",
        &arg,
        "--arg",
        "crash=true",
    ])
    .assert()
    .code(3);
    let (_reap, alive) = forked_child(&pidfile);
    assert!(!alive, "the plugin's child outlived a failed call");
}
