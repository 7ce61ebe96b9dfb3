//! One output convention (issue 23, points 5 and 6): every command that prints data or a report
//! takes `--format table|csv|json|ndjson|markdown`; the JSON shapes CI jobs parse are written
//! down in docs/json-shapes.md, which this test regenerates and compares; the row formats
//! print the same records; and no command panics or complains when its stdout is closed.

use crate::support::{clearway_std, demo_workspace, repo, Scratch};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A workspace with everything the report commands read: the demo's (declarations,
/// telemetry, ledgers, designs, runs, lanes) and a lake.
fn workspace() -> Scratch {
    let s = demo_workspace();
    // a file of each kind per format (and per format into a closed pipe), so that every run
    // of a load command loads something new
    let ledger = std::fs::read_to_string(repo().join("sample-data/ledger.jsonl")).unwrap();
    for (i, format) in ["table", "csv", "json", "ndjson", "markdown"]
        .iter()
        .enumerate()
    {
        for tag in [format.to_string(), format!("{format}-closed")] {
            s.write(
                &format!("decl-{tag}.csv"),
                format!("declaration_id,item_no,declared_at,hs_code,customs_value\nF-{tag},1,2025-06-01,852852,10\n"),
            );
            s.write(
                &format!("tracker-{tag}.csv"),
                format!("device_id,container_id,ts_utc,lat,lon\nT-{tag},MSKU9070323,2025-06-01T00:00:00Z,51.9,4.1\n"),
            );
            // the same blocks (duplicates, skipped) in a file of other bytes
            let padding = "\n".repeat(2 * i + usize::from(tag.ends_with("closed")) + 1);
            s.write(&format!("ledger-{tag}.jsonl"), format!("{ledger}{padding}"));
        }
    }
    s.run(&["lake", "export", "--out"])
        .arg(s.path("lake"))
        .assert()
        .success();
    s
}

/// The commands of the convention, as run against [`workspace`], `{dir}` standing for its
/// folder, `{repo}` for the checkout, `{format}` for the format it runs with (a design is
/// registered once per id) and `~` for a space inside an argument. Each prints a report or
/// data.
fn report_commands() -> Vec<Vec<String>> {
    let lines = [
        "load declarations {dir}/decl-{format}.csv",
        "load telemetry {dir}/tracker-{format}.csv",
        "load ledger {dir}/ledger-{format}.jsonl",
        "risk list",
        "risk lint",
        "risk run --pack declarations",
        "risk explain DCL25-00000-000001",
        "risk lanes",
        "risk evaluate",
        "check",
        "audit verify",
        "audit show --limit 3",
        "ledger verify",
        "lake verify {dir}/lake",
        "provenance scan {repo}/sample-data/designs/incoming/plate_copy.stl",
        "provenance check {repo}/sample-data/designs/incoming/plate_scaled.stl",
        "provenance register {repo}/sample-data/designs/registry/plate.stl --owner Acme --licence CC-BY-4.0 --design-id plate-{format}",
        "classify suggest ROUTER~WIFI6~TP-LINK",
        "plugin list",
        "plugin describe echo",
        "model train --out {dir}/m.json --iterations 5",
        "model evaluate {dir}/m.json",
        "model monitor {dir}/m.json",
        "plot histogram --table declarations --x customs_value --out {dir}/h.svg",
        "scene tracks --max-tracks 20 --out {dir}/tracks.glb",
        "scene flows --out {dir}/flows.glb",
        "scene design {repo}/sample-data/designs/incoming/plate_copy.stl --out {dir}/plate.glb",
        "inspect brief DCL25-00000-000001 --out {dir}/pack-{format}",
        "query SELECT~1~AS~one",
        "config",
    ];
    lines
        .iter()
        .map(|l| {
            l.split(' ')
                .map(|w| {
                    w.replace("{repo}", &repo().display().to_string())
                        .replace('~', " ")
                })
                .collect()
        })
        .collect()
}

fn run(s: &Scratch, args: &[String], format: &str) -> std::process::Output {
    let mut cmd = clearway_std();
    cmd.arg("--workspace").arg(s.workspace());
    for a in args {
        cmd.arg(
            a.replace("{dir}", &s.dir.path().display().to_string())
                .replace("{format}", format),
        );
    }
    cmd.args(["--format", format])
        .env("CLEARWAY_PLUGIN_PATH", repo().join("plugins"));
    cmd.output().expect("the binary runs")
}

/// The JSON value's shape: each field's type, lists as the merged shape of their elements.
fn shape(value: &Value) -> Value {
    match value {
        Value::Null => Value::String("null".into()),
        Value::Bool(_) => Value::String("boolean".into()),
        Value::Number(_) => Value::String("number".into()),
        Value::String(_) => Value::String("string".into()),
        Value::Array(items) => {
            let merged = items.iter().map(shape).reduce(|a, b| merge(&a, &b));
            Value::Array(merged.into_iter().collect())
        }
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), shape(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// Two shapes as one: objects field by field, lists element-wise, differing types joined.
fn merge(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut out = x.clone();
            for (k, v) in y {
                let merged = match out.get(k) {
                    Some(old) => merge(old, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(x), Value::Array(y)) => match (x.first(), y.first()) {
            (Some(p), Some(q)) => Value::Array(vec![merge(p, q)]),
            (Some(p), None) | (None, Some(p)) => Value::Array(vec![p.clone()]),
            (None, None) => Value::Array(vec![]),
        },
        (Value::String(x), Value::String(y)) if x == y => a.clone(),
        (Value::String(x), Value::String(y)) => {
            let kinds: BTreeSet<&str> = x.split('|').chain(y.split('|')).collect();
            Value::String(kinds.into_iter().collect::<Vec<_>>().join("|"))
        }
        // an object or list in one place and a scalar in another (null, mostly)
        (Value::String(n), other) | (other, Value::String(n)) if n == "null" => other.clone(),
        _ => Value::String("mixed".into()),
    }
}

#[test]
fn every_report_prints_the_same_records_in_every_format_and_its_json_shape_is_documented() {
    let s = workspace();
    let mut doc = String::from(
        "# JSON shapes\n\n\
         Generated by `tests/it/formats.rs` (run it with `CLEARWAY_UPDATE_DOCS=1` after a change):\n\
         the shape of each command's `--format json` document, every field with its JSON type,\n\
         a list as the merged shape of its elements (`string|null`: either; `mixed`: a list\n\
         whose elements are of different kinds, such as a tuple). The commands run on the demo's\n\
         workspace (`{dir}` is a scratch folder, `{format}` the format asked for); a list that\n\
         was empty there shows as `[]`. CI jobs may rely on these fields: a change to them is a\n\
         change to this file, reviewed like code. docs/output.md says how the other formats\n\
         derive from the same report.\n",
    );
    for args in report_commands() {
        let name = args.join(" ");
        let json = run(&s, &args, "json");
        assert!(
            json.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&json.stderr)
        );
        let value: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| {
            panic!(
                "{name}: not JSON ({e}): {}",
                String::from_utf8_lossy(&json.stdout)
            )
        });
        doc.push_str(&format!(
            "\n## `clearway {}`\n\n```json\n{}\n```\n",
            args.iter()
                .map(|a| a.replace(&repo().display().to_string(), "."))
                .map(|a| if a.contains(' ') {
                    format!("\"{a}\"")
                } else {
                    a
                })
                .collect::<Vec<_>>()
                .join(" "),
            serde_json::to_string_pretty(&shape(&value)).unwrap()
        ));

        let ndjson = run(&s, &args, "ndjson");
        assert!(ndjson.status.success(), "{name} ndjson");
        let records: Vec<Value> = String::from_utf8(ndjson.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
            .collect();
        let csv = run(&s, &args, "csv");
        assert!(csv.status.success(), "{name} csv");
        let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
        let rows: Vec<csv::StringRecord> =
            reader.records().map(|r| r.expect("valid CSV")).collect();
        assert_eq!(
            rows.len(),
            records.len(),
            "{name}: csv rows against ndjson records"
        );
        if !records.is_empty() {
            // the CSV's columns are the records' fields, flattened
            let mut fields: Vec<String> = records
                .iter()
                .flat_map(|r| {
                    clearway::output::report::flatten(r)
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .collect();
            fields.sort();
            fields.dedup();
            let mut header: Vec<String> =
                reader.headers().unwrap().iter().map(String::from).collect();
            header.sort();
            assert_eq!(header, fields, "{name}: csv header against ndjson fields");
        }
        let markdown = run(&s, &args, "markdown");
        assert!(markdown.status.success(), "{name} markdown");
        let md = String::from_utf8(markdown.stdout).unwrap();
        if !records.is_empty() {
            assert_eq!(md.lines().count(), records.len() + 2, "{name}: {md}");
            assert!(md.starts_with("| "), "{name}: {md}");
        }
        let table = run(&s, &args, "table");
        assert!(table.status.success(), "{name} table");
    }
    let path = repo().join("docs/json-shapes.md");
    if std::env::var_os("CLEARWAY_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &doc).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == doc,
        "docs/json-shapes.md is not what the commands print; review the change and run this test with CLEARWAY_UPDATE_DOCS=1\n--- printed now:\n{doc}"
    );
}

#[test]
fn the_old_spellings_still_work() {
    let s = Scratch::new();
    let file = s.write(
        "d.csv",
        "declaration_id,item_no,declared_at,hs_code,customs_value\nD1,1,2025-06-01,852852,10\n",
    );
    // --report json (every report command before issue 23) and --report text
    let out = s
        .run(&["load", "declarations", "--report", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["rows_loaded"], 1);
    let out = s
        .run(&["risk", "list", "--format", "text"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("unit_value_outlier"));
    // the input format of a load is --input-format now
    let other = s.write(
        "d2.txt",
        "declaration_id,item_no,declared_at,hs_code,customs_value\nD2,1,2025-06-01,852852,10\n",
    );
    let out = s
        .run(&[
            "load",
            "declarations",
            "--input-format",
            "csv",
            "--format",
            "csv",
        ])
        .arg(&other)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("load_id,file,sha256,bytes,format,encoding"),
        "{text}"
    );
}

/// `clearway … | head -1` with a reader that is already gone: every command that prints data
/// or a report ends with exit 0 and says nothing, in every format (before issue 23, a
/// `println!` into the closed pipe panicked).
#[test]
fn no_command_panics_or_complains_into_a_closed_pipe() {
    let s = workspace();
    let mut commands = report_commands();
    commands.extend(
        [
            vec!["query", "SELECT * FROM declarations"],
            vec!["completions", "bash"],
            vec!["--help"],
        ]
        .into_iter()
        .map(|c| c.into_iter().map(String::from).collect()),
    );
    for args in commands {
        for format in ["table", "csv", "json", "ndjson", "markdown"] {
            let takes_no_format = matches!(args[0].as_str(), "completions" | "--help");
            if takes_no_format && format != "table" {
                continue;
            }
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            let mut cmd = clearway_std();
            cmd.arg("--workspace").arg(s.workspace());
            for a in &args {
                cmd.arg(
                    a.replace("{dir}", &s.dir.path().display().to_string())
                        .replace("{format}", &format!("{format}-closed")),
                );
            }
            if !takes_no_format {
                cmd.args(["--format", format]);
            }
            let out = cmd
                .env("CLEARWAY_PLUGIN_PATH", repo().join("plugins"))
                .stdout(writer)
                .stderr(std::process::Stdio::piped())
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            let name = format!("{} --format {format}", args.join(" "));
            assert!(
                !err.contains("panicked") && !err.contains("Broken pipe"),
                "{name}: {err}"
            );
            assert_eq!(out.status.code(), Some(0), "{name}: {err}");
        }
    }
}

/// A reader that stops early does not turn a failed check into a success: the verdict's exit
/// code stands (before, the closed pipe ended `check` with exit 0).
#[test]
fn a_failed_check_keeps_its_exit_code_into_a_closed_pipe() {
    let s = demo_workspace();
    for format in ["table", "json", "junit"] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = clearway_std()
            .arg("--workspace")
            .arg(s.workspace())
            .args(["check", "--fail-on", "low", "--format", format])
            .stdout(writer)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{err}"
        );
    }
}
