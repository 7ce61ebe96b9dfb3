//! `clearway tui`: every screen at two terminal sizes (replayed headless on ratatui's
//! TestBackend and snapshotted), a whole analyst session replayed end to end, and a smoke test
//! in a real terminal (tmux).

use crate::support::{demo_workspace, flat, stderr_of, stdout_of, validate_glb, Scratch};

/// Replays `script` at `size`; returns the final screen with timings and dates masked.
fn screen(s: &Scratch, script: &str, size: &str) -> String {
    let file = s.write("script.txt", script);
    let text =
        stdout_of(
            s.run(&["tui", "--replay"])
                .arg(&file)
                .args(["--snapshot", "-", "--size", size]),
        );
    mask(&text)
}

fn mask(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        // elapsed times and today's date change from run to run
        while let Some(i) = l.find(" in 0.") {
            let end = l[i + 4..]
                .find(" s")
                .map(|e| i + 4 + e + 2)
                .unwrap_or(l.len());
            l.replace_range(i..end, " in [time]");
        }
        if let Some(i) = l.find("20") {
            let candidate = l.get(i..i + 16).unwrap_or("");
            if candidate.len() == 16
                && candidate.as_bytes()[4] == b'-'
                && candidate.as_bytes()[13] == b':'
            {
                l.replace_range(i..i + 16, "[date]");
            }
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

const QUERY: &str = "SetQuery SELECT declaration_id, item_no, hs_code, origin_country, customs_value, net_mass_kg FROM declarations ORDER BY declaration_id, item_no\nRunQuery\nFocusGrid\n";

/// Scripts that end on each screen.
fn screens(relations: usize) -> Vec<(&'static str, String)> {
    vec![
        ("empty", "FocusCatalog\n".to_string()),
        ("grid", format!("{QUERY}Down\nDown\nRight\n")),
        (
            "sorted_filtered",
            format!("{QUERY}Right\nRight\nRight\nRight\nFilter customs_value > 100000\nSortDesc\n"),
        ),
        ("record", format!("{QUERY}Record\n")),
        (
            "stats",
            format!("{QUERY}Right\nRight\nRight\nRight\nStats\n"),
        ),
        ("freq", format!("{QUERY}Right\nRight\nRight\nFreq\n")),
        (
            "chart",
            format!("{QUERY}Right\nRight\nRight\nRight\nHistogram\n"),
        ),
        ("help", format!("{QUERY}Help\n")),
        ("palette", "Palette\n".to_string()),
        ("risks", "RiskView\n".to_string()),
        ("case", "RiskView\nOpen\n".to_string()),
        // the catalog lists the tables and views, then the rules of the pack
        (
            "rule",
            format!("FocusCatalog\n{}Open\n", "Down\n".repeat(relations)),
        ),
    ]
}

/// Tables and views in the workspace, which the catalog lists before the rules.
fn relations(s: &Scratch) -> usize {
    s.scalar::<i64>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'")
        as usize
}

#[test]
fn every_screen_at_two_sizes() {
    let s = demo_workspace();
    for size in ["80x24", "120x40"] {
        for (name, script) in screens(relations(&s)) {
            let text = screen(&s, &script, size);
            insta::assert_snapshot!(format!("tui_{name}_{size}"), text);
        }
    }
}

#[test]
fn a_whole_session_replays_end_to_end() {
    // load (the demo did), query, sort, filter, open a case, annotate, export
    let s = demo_workspace();
    let export = s.path("big.csv");
    let script = format!(
        "{QUERY}Right\nRight\nRight\nRight\nSortDesc\nFilter customs_value > 100000\nExport {}\nRiskView\nOpen\nAnnotate SUSPECT_VALUE checked with the importer's invoice\n",
        export.display()
    );
    // tall enough for the flags under a case of six items and seven reasons
    let text = screen(&s, &script, "120x60");
    assert!(text.contains("flagged SUSPECT_VALUE"), "{text}");
    assert!(
        text.contains("checked with the importer's invoice"),
        "{text}"
    );
    let top: String = s.scalar(
        "SELECT declaration_id FROM risk_scores ORDER BY total DESC, declaration_id LIMIT 1",
    );
    let flagged: String =
        s.scalar("SELECT declaration_id || ' ' || reason_code || ' ' || note FROM annotations");
    assert_eq!(
        flagged,
        format!("{top} SUSPECT_VALUE checked with the importer's invoice")
    );
    // the export holds the filtered, sorted rows, with its provenance
    let expected: i64 = s.scalar("SELECT count(*) FROM declarations WHERE customs_value > 100000");
    let csv = std::fs::read_to_string(&export).unwrap();
    assert_eq!(csv.lines().count() as i64, expected + 1);
    let first_value: f64 = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(4)
        .unwrap()
        .parse()
        .unwrap();
    let max: f64 = s.scalar("SELECT CAST(max(customs_value) AS DOUBLE) FROM declarations");
    assert_eq!(first_value, max, "sorted descending over the whole result");
    assert!(std::path::Path::new(&format!("{}.provenance.json", export.display())).exists());
    // the annotation is in the audit trail, which still verifies
    s.run(&["audit", "verify"]).assert().success();
    let audited: i64 = s.scalar("SELECT count(*) FROM audit_log WHERE command = 'tui annotate'");
    assert_eq!(audited, 1);
}

#[test]
fn replay_scripts_and_configs_are_checked() {
    let s = demo_workspace();
    let bad = s.write("bad.txt", "RunQuery\nSortDesk\n");
    let err = flat(&stderr_of(s.run(&["tui", "--replay"]).arg(&bad), 2));
    assert!(
        err.contains("replay script line 2: unknown action `SortDesk`") && err.contains("SortDesc"),
        "{err}"
    );
    s.write("clearway.toml", "[tui.keys.grid]\n\"x\" = \"Explode\"\n");
    let ok = s.write("ok.txt", "Quit\n");
    let err = flat(&stderr_of(s.run(&["tui", "--replay"]).arg(&ok), 2));
    assert!(err.contains("unknown action `Explode`"), "{err}");
    s.write(
        "clearway.toml",
        "[tui]\ntheme = \"light\"\n[tui.keys.grid]\n\"x\" = \"SortDesc\"\n",
    );
    s.run(&["tui", "--replay"]).arg(&ok).assert().success();
    // the editor runs queries, never changes data
    let text = screen(
        &s,
        "SetQuery DELETE FROM declarations\nRunQuery\n",
        "100x24",
    );
    assert!(text.contains("error: DELETE is not a query"), "{text}");
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 5000);
    let err = flat(&stderr_of(s.run(&["tui"]), 2));
    assert!(err.contains("clearway tui needs a terminal"), "{err}");
}

#[test]
fn the_editor_splits_and_judges_statements_as_duckdb_does() {
    let s = demo_workspace();
    // a `;` inside a string or a comment ends nothing (split on every `;`, the statement under
    // the cursor was `SELECT 'a`, an unterminated string)
    let text = screen(
        &s,
        "SetQuery SELECT 'a;b' AS s, 'c' AS t -- x; y\nRunQuery\n",
        "100x24",
    );
    assert!(text.contains("a;b") && text.contains("1 rows"), "{text}");
    assert!(!text.contains("error:"), "{text}");
    // what a statement is, DuckDB's parser says: an INSERT, UPDATE or DELETE behind a WITH is
    // not a query, and a comment does not hide a keyword
    for (sql, verb) in [
        (
            "WITH d AS (SELECT 1) DELETE FROM declarations WHERE 1 IN (FROM d)",
            "DELETE",
        ),
        ("/* SELECT */ DROP TABLE declarations", "DROP"),
    ] {
        let text = screen(&s, &format!("SetQuery {sql}\nRunQuery\n"), "100x24");
        assert!(
            text.contains(&format!("error: {verb} is not a query")),
            "{sql}: {text}"
        );
    }
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 5000);
    // a PIVOT over the values in the data is a query (DuckDB's parser makes it two statements)
    let text = screen(
        &s,
        "SetQuery PIVOT (SELECT origin_country FROM declarations) ON origin_country USING count(*)\nRunQuery\n",
        "100x24",
    );
    assert!(
        !text.contains("error:") && text.contains("1 rows"),
        "{text}"
    );
}

#[test]
fn a_real_terminal_session_under_tmux() {
    let tmux = std::process::Command::new("tmux").arg("-V").output();
    if tmux.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but tmux is missing"
        );
        eprintln!("skipping: tmux not installed");
        return;
    }
    let s = demo_workspace();
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_clearway"));
    let session = format!("clearway-smoke-{}", std::process::id());
    let socket = s.path("tmux.sock");
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux runs")
    };
    let command = format!(
        "NO_COLOR=1 CLEARWAY_AUDIT_KEY_FILE={} {} --workspace {} tui",
        crate::support::AUDIT_KEY_FILE,
        bin.display(),
        s.workspace().display()
    );
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "120",
        "-y",
        "35",
        &command,
    ]);
    assert!(started.status.success(), "{started:?}");
    let capture =
        || String::from_utf8(tmux(&["capture-pane", "-p", "-t", &session]).stdout).unwrap();
    let wait_for = |needle: &str| {
        for _ in 0..100 {
            let text = capture();
            if text.contains(needle) {
                return text;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("`{needle}` never appeared:\n{}", capture());
    };
    wait_for("declarations");
    tmux(&["send-keys", "-t", &session, "F5"]);
    let text = wait_for("1,000 rows");
    assert!(text.contains("DCL25-"), "{text}");
    tmux(&["send-keys", "-t", &session, "F2"]);
    tmux(&["send-keys", "-t", &session, "G"]);
    wait_for("row 1,000");
    tmux(&["send-keys", "-t", &session, "C-q"]);
    for _ in 0..50 {
        let alive = tmux(&["has-session", "-t", &session]).status.success();
        if !alive {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let alive = tmux(&["has-session", "-t", &session]).status.success();
    tmux(&["kill-server"]);
    assert!(!alive, "Ctrl-Q quits");
    let history = std::fs::read_to_string(format!("{}.history", s.workspace().display())).unwrap();
    assert!(
        history.contains("SELECT * FROM declarations LIMIT 1000"),
        "{history}"
    );
}

#[test]
fn a_loads_report_and_rejects_open_from_the_catalog() {
    let s = Scratch::new();
    let csv = s.write(
        "d.csv",
        "declaration_id,declared_at,hs_code,customs_value\nA1,2025-01-01,852852,100\nA2,not-a-date,852852,100\n",
    );
    s.load("declarations", &csv);
    // the tables and views, the 9 rules, then load 1's report and its rejects
    let relations = relations(&s);
    let report = screen(
        &s,
        &format!("FocusCatalog\n{}Open\n", "Down\n".repeat(relations + 9)),
        "120x30",
    );
    assert!(
        report.contains("rows_rejected    1") && report.contains("d.csv"),
        "{report}"
    );
    let rejects = screen(
        &s,
        &format!("FocusCatalog\n{}Open\n", "Down\n".repeat(relations + 10)),
        "120x30",
    );
    assert!(
        rejects.contains("parse   declared_at:") && rejects.contains("1 rows"),
        "{rejects}"
    );
}

#[test]
fn the_case_view_shows_what_each_item_reads_as() {
    let s = demo_workspace();
    // the demo scores every item with a classifier; a declaration the misclassification rule
    // flagged, with nothing linked, so that its case fits the screen
    let id: String = s.scalar(
        "SELECT h.declaration_id FROM risk_hits h
         WHERE h.rule_id = 'hs_misclassification'
           AND h.declaration_id NOT IN (SELECT declaration_id FROM declaration_telemetry)
           AND h.declaration_id NOT IN (SELECT declaration_id FROM declaration_ledger)
         ORDER BY h.score DESC, h.declaration_id LIMIT 1",
    );
    let (declared, suggested): (String, String) = (
        s.scalar(&format!(
            "SELECT evidence->>'declared' FROM risk_hits WHERE rule_id = 'hs_misclassification' AND declaration_id = '{id}' ORDER BY score DESC LIMIT 1"
        )),
        s.scalar(&format!(
            "SELECT evidence->>'suggested' FROM risk_hits WHERE rule_id = 'hs_misclassification' AND declaration_id = '{id}' ORDER BY score DESC LIMIT 1"
        )),
    );
    let text = screen(&s, &format!("OpenCase {id}\n"), "160x60");
    assert!(text.contains("hs_misclassification"), "{text}");
    assert!(
        text.contains("HS classification (first suggestion per item)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("declared {declared}, reads as {suggested}"))
            && text.contains("other heading"),
        "{declared} → {suggested}: {text}"
    );
    assert!(
        text.contains("carried by \""),
        "the reason names its words: {text}"
    );
}

#[test]
fn the_case_view_shows_linked_ledger_records_and_telemetry_events() {
    let s = demo_workspace();
    // a declaration with both: linked ledger records (with their block state) and positions
    let id: String = s.scalar(
        "SELECT l.declaration_id FROM declaration_ledger l
         WHERE l.declaration_id IN (SELECT declaration_id FROM declaration_telemetry WHERE lat IS NOT NULL)
         GROUP BY l.declaration_id HAVING count(*) <= 12 ORDER BY count(*) DESC, l.declaration_id LIMIT 1",
    );
    let (records, events): (i64, i64) = (
        s.scalar(&format!(
            "SELECT count(*) FROM declaration_ledger WHERE declaration_id = '{id}'"
        )),
        s.scalar(&format!(
            "SELECT count(*) FROM declaration_telemetry WHERE declaration_id = '{id}'"
        )),
    );
    assert!(
        records > 0 && events > 0,
        "{id}: {records} records, {events} events"
    );
    let text = screen(&s, &format!("OpenCase {id}\n"), "160x60");
    assert!(!text.contains("appear here once"), "{text}");
    assert!(
        text.contains(&format!("ledger records ({records} linked)")),
        "{text}"
    );
    assert!(
        text.contains(&format!("telemetry ({events} linked events")),
        "{text}"
    );
    assert!(
        text.contains(" track · "),
        "the positions are drawn as a track: {text}"
    );
    // every linked record has its line, opening with its block's state and its validity
    let expected: String = s.scalar(&format!(
        "SELECT string_agg(block_state || ' · ' || CASE WHEN valid THEN 'valid' ELSE 'not valid' END || ' · ' || link || ' ' || chain_id || '#' || block_number || ' ' || record_type, '\n')
         FROM declaration_ledger WHERE declaration_id = '{id}'"
    ));
    for line in expected.lines() {
        assert!(text.contains(line), "{line} missing: {text}");
    }
    assert!(expected.contains("verified · valid"), "{expected}");
    insta::assert_snapshot!("tui_case_linked_160x60", text);
}

#[test]
fn a_case_writes_its_inspection_pack_and_takes_the_result_back() {
    let s = demo_workspace();
    let top: String = s.scalar(
        "SELECT declaration_id FROM risk_scores ORDER BY total DESC, declaration_id LIMIT 1",
    );
    let pack = s.path("pack");
    let script = format!("RiskView\nOpen\nInspectBrief {}\n", pack.display());
    let text = screen(&s, &script, "240x40");
    assert!(
        text.contains(&format!("for declaration {top} (")),
        "the status line says what was written: {text}"
    );
    for file in ["index.html", "checklist.json"] {
        assert!(pack.join(file).is_file(), "{file}");
    }
    let checks = crate::inspect::result_for(&pack)["answers"]
        .as_array()
        .unwrap()
        .len() as i64;
    let result = s.write(
        "result.json",
        serde_json::to_vec(&crate::inspect::result_for(&pack)).unwrap(),
    );
    let record = format!("InspectRecord {}\n", result.display());
    let text = screen(&s, &record, "240x40");
    assert!(
        text.contains("recorded pack ") && text.contains(&format!("{checks} answers")),
        "{text}"
    );
    let answers: i64 = s.scalar(&format!(
        "SELECT count(*) FROM inspection_answers WHERE declaration_id = '{top}'"
    ));
    assert_eq!(answers, checks);
    // the same checks as the command line: a second recording is refused, on screen
    let text = screen(&s, &record, "240x40");
    assert!(text.contains("was recorded already"), "{text}");
}

#[test]
fn a_scene_is_written_from_the_tui_as_the_command_writes_it() {
    let s = demo_workspace();
    let glb = s.path("tracks.glb");
    let text = screen(&s, &format!("Scene tracks {}\n", glb.display()), "240x40");
    assert!(
        text.contains(&format!("{}: ", glb.display())) && text.contains(" objects, "),
        "{text}"
    );
    validate_glb(std::slice::from_ref(&glb));
    let audited: i64 = s.scalar("SELECT count(*) FROM audit_log WHERE command = 'tui scene'");
    assert_eq!(audited, 1);
    // a kind the command does not have is refused on the status line, nothing written
    let wrong = s.path("x.glb");
    let text = screen(&s, &format!("Scene towers {}\n", wrong.display()), "240x40");
    assert!(
        text.contains("Scene takes tracks|flows and a path"),
        "{text}"
    );
    assert!(!wrong.exists());
}
