//! Documentation that cannot lie (issue 23, point 2): every `$ clearway …` example of README.md
//! and docs/*.md is in a ```` ```console ```` block, and every such block runs here, in order,
//! against the files the repository ships, its output compared with what the page shows.
//!
//! The syntax is trycmd's (the clap project's tester for Markdown), which this file follows
//! rather than uses: trycmd runs a page's commands in the page's own folder, and these pages
//! need a scratch workspace with `sample-data/` in it and the commands run through a shell
//! (`&&`, `>`), so an equivalent of ~150 lines is simpler than bending it. Per page:
//!
//! - one scratch folder, with `sample-data`, `queries` and `plugins` linked in and `clearway`
//!   first on `PATH`; the workspace is the default `./clearway.duckdb`;
//! - `$ COMMAND` runs COMMAND with `sh -c`; the lines after it, up to the next `$ `, are its
//!   stdout (narration on stderr is not compared unless the command says `2>&1`);
//! - in those lines `[..]` stands for any text within a line and a line `...` for any number
//!   of lines; a line `? N` says the command exits with N (0 otherwise);
//! - ```` ```console not-run: REASON ```` marks a block that needs what the repository does not
//!   ship (a public sample from `../shared/data`, a Spark installation); the reason is required.

use crate::support::{clearway_std, repo};
use std::path::{Path, PathBuf};

/// One command of a block and what it must print.
#[derive(Debug)]
struct Step {
    command: String,
    expected: Vec<String>,
    code: i32,
    line: usize,
}

/// The console blocks of a page: the runnable ones' steps, and the count of those not run.
fn console_blocks(text: &str, page: &Path) -> (Vec<Step>, usize) {
    let mut steps = Vec::new();
    let mut not_run = 0;
    let mut in_block: Option<bool> = None;
    // the indentation of the block's fence, which its lines share
    let mut indent = String::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if in_block.is_none() {
            indent = line[..line.len() - line.trim_start().len()].to_string();
        }
        // fences may be indented (inside a list item)
        match (in_block, line.trim()) {
            (None, "```console") => in_block = Some(true),
            (None, fence) if fence.starts_with("```console not-run") => {
                let reason = fence.trim_start_matches("```console not-run").trim();
                assert!(
                    reason.starts_with(':') && reason.len() > 10,
                    "{}:{number}: a block not run says why (```console not-run: REASON)",
                    page.display()
                );
                not_run += 1;
                in_block = Some(false);
            }
            (Some(_), "```") => in_block = None,
            (Some(true), _) => match line.trim_start().strip_prefix("$ ") {
                Some(command) => steps.push(Step {
                    command: command.to_string(),
                    expected: Vec::new(),
                    code: 0,
                    line: number,
                }),
                None => {
                    let step = steps.last_mut().unwrap_or_else(|| {
                        panic!("{}:{number}: output before any `$ ` line", page.display())
                    });
                    let text = line.strip_prefix(&indent).unwrap_or(line);
                    match text.strip_prefix("? ") {
                        Some(code) => step.code = code.parse().expect("`? N` names an exit code"),
                        None => step.expected.push(text.to_string()),
                    }
                }
            },
            _ => {}
        }
    }
    assert!(
        in_block.is_none(),
        "{}: a console block is not closed",
        page.display()
    );
    (steps, not_run)
}

/// Whether one output line matches one expected line (`[..]`: any text).
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[..]").collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || !line[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// Whether the output lines match the expected ones (`...`: any number of lines).
fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            !actual.is_empty() && line_matches(first, actual[0]) && lines_match(rest, &actual[1..])
        }
    }
}

/// A scratch folder set up as the pages assume: the shipped files linked in, `clearway` on
/// `PATH`.
fn scratch() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    for shipped in ["sample-data", "queries", "plugins"] {
        std::os::unix::fs::symlink(repo().join(shipped), dir.path().join(shipped)).unwrap();
    }
    let bin = dir.path().join(".bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_clearway"), bin.join("clearway")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (dir, path)
}

/// Runs a page's steps in order; returns every mismatch.
fn run_page(page: &Path, steps: &[Step]) -> Vec<String> {
    let (dir, path) = scratch();
    let mut failures = Vec::new();
    for step in steps {
        // the environment of every test run (audit key, no progress bars, no colour)
        let env = clearway_std();
        let mut cmd = std::process::Command::new("sh");
        for (k, v) in env.get_envs() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let out = cmd
            .args(["-c", &step.command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let actual: Vec<&str> = stdout.lines().collect();
        let code = out.status.code().unwrap_or(-1);
        if code != step.code || !lines_match(&step.expected, &actual) {
            failures.push(format!(
                "{}:{}: $ {}\n--- exit {code} (expected {}), printed:\n{stdout}--- stderr:\n{}",
                page.display(),
                step.line,
                step.command,
                step.code,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    failures
}

/// README.md and every page under docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![repo().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

#[test]
fn every_example_in_the_readme_and_the_docs_runs_and_prints_what_the_page_shows() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        // an example outside a console block would not run: there are none
        let mut fence: Option<bool> = None; // Some(true) inside a console block
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.starts_with("```") {
                fence = match fence {
                    Some(_) => None,
                    None => Some(trimmed.starts_with("```console")),
                };
                continue;
            }
            assert!(
                fence == Some(true) || !trimmed.starts_with("$ clearway"),
                "{}:{}: an example outside a ```console block: {line}",
                page.display(),
                i + 1
            );
        }
        let (steps, _) = console_blocks(&text, &page);
        ran += steps.len();
        failures.extend(run_page(&page, &steps));
    }
    assert!(ran >= 20, "only {ran} examples ran");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_matcher_takes_wildcards_and_elided_lines() {
    let expected: Vec<String> = ["load 1 · [..]/d.csv", "...", "(3 rows)"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(lines_match(
        &expected,
        &["load 1 · /tmp/x/d.csv", "a", "b", "(3 rows)"]
    ));
    assert!(lines_match(&expected, &["load 1 · /d.csv", "(3 rows)"]));
    assert!(!lines_match(&expected, &["load 2 · /d.csv", "(3 rows)"]));
    assert!(!lines_match(
        &expected,
        &["load 1 · /d.csv", "(3 rows)", "extra"]
    ));
    assert!(line_matches("a[..]b[..]c", "a-x-b-y-c"));
    assert!(!line_matches("a[..]b[..]c", "a-x-c-y-b"));
    assert!(!line_matches("ab[..]ba", "aba"));
}
