//! The command line as a whole: help, demo, completions and man pages.

use crate::support::{clearway, flat, generate, repo, stderr_of, stdout_of, Scratch};
use predicates::str::contains;
use std::path::Path;

#[test]
fn demo_runs_on_a_temporary_workspace() {
    let s = Scratch::new();
    let out = stdout_of(clearway().current_dir(s.dir.path()).arg("demo"));
    let text = out;
    for section in [
        "## Overview",
        "## Top HS chapters",
        "## Selectivity lanes (red",
        "## Planted risk patterns",
        "## Risk rules",
        "## Top risks",
        "## Evaluation at 5 %",
        "## Telemetry findings",
    ] {
        assert!(text.contains(section), "missing {section} in\n{text}");
    }
    assert!(text.contains("rejected 0"), "{text}");
    assert!(
        !s.path("clearway.duckdb").exists(),
        "the demo must not create ./clearway.duckdb"
    );
    // the report and its charts, in ./clearway-demo, each path printed
    assert!(text.contains("clearway-demo/report.html"), "{text}");
    let charts = std::fs::read_dir(s.path("clearway-demo/charts")).unwrap();
    for chart in charts {
        let name = chart.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            text.contains(&format!("clearway-demo/charts/{name}")),
            "{name}"
        );
    }
}

#[test]
fn demo_into_a_named_workspace_can_be_rerun() {
    let s = Scratch::new();
    let out = s.path("out");
    s.run(&["demo", "--out"]).arg(&out).assert().success();
    s.run(&["demo", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("sample already loaded"));
    assert!(s.scalar::<i64>("SELECT count(*) FROM declarations") > 1000);
}

#[test]
fn usage_errors_exit_2() {
    clearway().args(["load", "declarations"]).assert().code(2);
    clearway().args(["query"]).assert().code(2);
    clearway()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("risk analysts"));
}

#[test]
fn the_memory_limit_reaches_duckdb_and_nonsense_is_refused() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let shown = stdout_of(s.run(&[
        "--memory-limit",
        "1GB",
        "query",
        "SELECT current_setting('memory_limit') AS m",
        "--format",
        "csv",
    ]));
    assert_eq!(shown, "m\n953.6 MiB\n");
    let err = flat(&stderr_of(s.run(&["--memory-limit", "lots", "init"]), 2));
    assert!(
        err.contains("--memory-limit \"lots\" is not a memory size"),
        "{err}"
    );
}

#[test]
fn running_out_of_memory_says_which_limit_and_how_to_raise_it() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let err = flat(&stderr_of(
        s.run(&[
            "--memory-limit",
            "20MB",
            "query",
            "SELECT count(*) FROM (SELECT i % 3000000 AS k, list(i) FROM range(20000000) t(i) GROUP BY k)",
        ]),
        2,
    ));
    assert!(err.contains("clearway::out_of_memory"), "{err}");
    assert!(err.contains("DuckDB ran out of memory: "), "{err}");
    assert!(err.contains("clearway lets DuckDB use 20MB"), "{err}");
    assert!(err.contains("--memory-limit"), "{err}");
    assert!(
        !err.contains("SET memory_limit"),
        "DuckDB's shell advice is dropped: {err}"
    );
}

/// Compares a freshly generated folder with the committed one.
fn assert_same_tree(fresh: &Path, committed: &Path, regenerate: &str) {
    let mut names: Vec<_> = std::fs::read_dir(fresh)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    let mut committed_names: Vec<_> = std::fs::read_dir(committed)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    committed_names.sort();
    assert_eq!(
        names,
        committed_names,
        "{} is stale: run `{regenerate}`",
        committed.display()
    );
    for name in names {
        let a = std::fs::read(fresh.join(&name)).unwrap();
        let b = std::fs::read(committed.join(&name)).unwrap();
        assert!(
            a == b,
            "{} is stale: run `{regenerate}`",
            committed.join(&name).display()
        );
    }
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let s = Scratch::new();
    let comp = s.path("completions");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        clearway()
            .args(["generate", "completions", shell, "--out"])
            .arg(&comp)
            .assert()
            .success();
    }
    let regenerate = "for s in bash zsh fish powershell elvish; do cargo run --release -- generate completions $s --out completions; done; cargo run --release -- generate man --out man";
    assert_same_tree(&comp, &repo().join("completions"), regenerate);
    let man = s.path("man");
    clearway()
        .args(["generate", "man", "--out"])
        .arg(&man)
        .assert()
        .success();
    assert_same_tree(&man, &repo().join("man"), regenerate);
}

#[test]
fn sample_generation_is_deterministic() {
    let s = Scratch::new();
    for dir in ["a", "b"] {
        generate(&s.path(dir), 30000, 9);
    }
    let a = std::fs::read(s.path("a/declarations.csv")).unwrap();
    let b = std::fs::read(s.path("b/declarations.csv")).unwrap();
    assert!(a == b);
    assert_eq!(a.iter().filter(|&&c| c == b'\n').count(), 30001);
}

#[test]
fn committed_sample_matches_the_generator() {
    let s = Scratch::new();
    generate(&s.path("g"), 5000, 42);
    for file in [
        "declarations.csv",
        "ais.nmea",
        "containers.csv",
        "ledger.jsonl",
        "ledger-evm.json",
        "designs/README.md",
        "designs/registry/gear_12t.3mf",
        "designs/registry/tee_receiver_proxy.stl",
        "designs/registry/plate.stl",
        "designs/incoming/gear_reordered_moved.stl",
        "designs/incoming/gear_relicensed.3mf",
        "designs/incoming/tee_rotated.stl",
        "designs/incoming/tee_remeshed.3mf",
        "designs/incoming/plate_scaled.stl",
        "designs/incoming/plate_copy.stl",
        "designs/incoming/star.stl",
        "designs/incoming/job_tee.gcode",
    ] {
        let fresh = std::fs::read(s.path("g").join(file)).unwrap();
        let committed = std::fs::read(repo().join("sample-data").join(file)).unwrap();
        assert!(fresh == committed, "sample-data/{file} is stale: run `cargo run --release -- sample-data generate --rows 5000 --seed 42 --out sample-data`");
    }
}

/// The version `--version` prints is the first release in CHANGELOG.md, and the licences
/// Cargo.toml declares (MIT OR Apache-2.0) are files beside it.
#[test]
fn the_changelog_and_licences_agree_with_the_binary() {
    let printed = stdout_of(clearway().arg("--version"));
    let version = printed
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("`clearway --version` printed {printed:?}"));
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let changelog = std::fs::read_to_string(repo().join("CHANGELOG.md")).unwrap();
    let first_release = changelog
        .lines()
        .filter_map(|l| l.strip_prefix("## ["))
        .find(|l| !l.starts_with("Unreleased"))
        .and_then(|l| l.split(']').next())
        .expect("CHANGELOG.md has a released version heading");
    assert_eq!(
        first_release, version,
        "CHANGELOG.md's first release is not the version clearway reports"
    );
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT OR Apache-2.0");
    let mit = std::fs::read_to_string(repo().join("LICENSE-MIT")).unwrap();
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = std::fs::read_to_string(repo().join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
}

/// Every example `--help` and the man pages show is a command line the real parser accepts,
/// of the command it is shown for (issue 23, point 6): an example cannot name a flag that does
/// not exist. Shell syntax around them (`&&`, `>`) is taken apart first.
#[test]
fn every_help_example_is_a_command_line_clearway_accepts() {
    let mut seen = 0;
    for (path, examples) in clearway::cli::examples::EXAMPLES {
        for (_, line) in examples.iter() {
            let tokens = shlex::split(line).unwrap_or_else(|| panic!("{line}"));
            for command in tokens.split(|t| t == "&&") {
                // a redirection ends the command's own words
                let end = command
                    .iter()
                    .position(|t| t == ">")
                    .unwrap_or(command.len());
                let words = &command[..end];
                assert_eq!(words[0], "clearway", "{line}");
                let under = format!("clearway {path}");
                assert!(
                    line.starts_with(under.trim_end()),
                    "an example of `{path}` runs another command: {line}"
                );
                if let Err(e) = clearway::cli::command().try_get_matches_from(words) {
                    panic!("{line}: {e}");
                }
                seen += 1;
            }
        }
    }
    assert!(seen >= 30, "{seen}");
    // and they are where they are said to be
    let help = String::from_utf8(
        crate::support::clearway()
            .args(["risk", "run", "--help"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        help.contains("Examples:\n  Run the default pack:\n    $ clearway risk run\n"),
        "{help}"
    );
    let page = std::fs::read_to_string(repo().join("man/clearway-risk-run.1")).unwrap();
    assert!(
        page.contains(".SH EXAMPLES") && page.contains(".SH \"EXIT STATUS\""),
        "{page}"
    );
}

/// `clearway completions SHELL` prints the same script the committed completions/ holds.
#[test]
fn completions_print_to_stdout() {
    let bash = crate::support::clearway()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(bash.status.success());
    let committed = std::fs::read(repo().join("completions/clearway.bash")).unwrap();
    assert_eq!(bash.stdout, committed);
}
