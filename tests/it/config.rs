//! Configuration users can trust (issue 23, point 4): the user's `config.toml` (in
//! `$XDG_CONFIG_HOME/clearway`) and the workspace's `clearway.toml` are read into typed
//! settings; an unknown key or a wrong type is refused naming the file, the line and the valid
//! keys; `clearway config` prints every effective setting and where it came from.

use crate::support::{flat, stderr_of, stdout_of, Scratch};
use serde_json::Value;

/// `clearway --workspace WS ARGS` with the user's configuration folder in the scratch folder.
fn with_user_config(s: &Scratch, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = s.run(args);
    cmd.env("XDG_CONFIG_HOME", s.path("xdg"));
    cmd
}

fn user_file(s: &Scratch, text: &str) {
    std::fs::create_dir_all(s.path("xdg/clearway")).unwrap();
    std::fs::write(s.path("xdg/clearway/config.toml"), text).unwrap();
}

fn setting<'a>(settings: &'a [Value], key: &str) -> (&'a str, &'a str) {
    let s = settings
        .iter()
        .find(|s| s["setting"] == key)
        .unwrap_or_else(|| panic!("no {key}: {settings:?}"));
    (s["value"].as_str().unwrap(), s["source"].as_str().unwrap())
}

#[test]
fn every_setting_says_where_it_came_from_and_later_sources_win() {
    let s = Scratch::new();
    user_file(
        &s,
        "[engine]\nthreads = 2\nmemory_limit = \"1GB\"\n[query]\nfiles = \"workspace\"\n",
    );
    s.write(
        "clearway.toml",
        "[engine]\nthreads = 4\n[tui]\ntheme = \"light\"\n",
    );
    let out = stdout_of(with_user_config(
        &s,
        &[
            "--input-limit",
            "max_line_bytes=64MiB",
            "config",
            "--format",
            "json",
        ],
    ));
    let settings: Vec<Value> = serde_json::from_str(&out).unwrap();
    let user = s.path("xdg/clearway/config.toml").display().to_string();
    let site = s.path("clearway.toml").display().to_string();
    assert_eq!(setting(&settings, "engine.threads"), ("4", site.as_str()));
    assert_eq!(
        setting(&settings, "engine.memory_limit"),
        ("1GB", user.as_str())
    );
    assert_eq!(
        setting(&settings, "query.files"),
        ("workspace", user.as_str())
    );
    // the tests run with NO_COLOR, which wins over any theme
    assert_eq!(setting(&settings, "tui.theme"), ("none", "NO_COLOR"));
    assert_eq!(
        setting(&settings, "limits.max_line_bytes"),
        ("67108864", "--input-limit max_line_bytes=64MiB")
    );
    assert_eq!(
        setting(&settings, "limits.max_file_bytes"),
        ("536870912", "default")
    );
    assert_eq!(setting(&settings, "files.user"), (user.as_str(), "read"));
    // the flag is over both files
    let out = stdout_of(
        with_user_config(&s, &["--memory-limit", "2GB", "config", "--format", "json"])
            .env_remove("NO_COLOR"),
    );
    let settings: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(
        setting(&settings, "engine.memory_limit"),
        ("2GB", "--memory-limit or CLEARWAY_MEMORY_LIMIT")
    );
    assert_eq!(setting(&settings, "tui.theme"), ("light", site.as_str()));
}

#[test]
fn the_user_file_applies_to_every_workspace_and_the_workspace_file_overrides_it() {
    let s = Scratch::new();
    // the user's file confines queries to the workspace's folder: a read outside it fails
    user_file(&s, "[query]\nfiles = \"workspace\"\n");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "a\n1\n").unwrap();
    with_user_config(&s, &["init"]).assert().success();
    let sql = format!("SELECT * FROM read_csv('{}')", outside.path().display());
    stderr_of(with_user_config(&s, &["query", &sql]), 2);
    s.write("clearway.toml", "[query]\nfiles = \"any\"\n");
    with_user_config(&s, &["query", &sql]).assert().success();
}

#[test]
fn an_unknown_key_or_a_wrong_type_is_refused_with_file_line_and_the_valid_keys() {
    let s = Scratch::new();
    s.write(
        "clearway.toml",
        "[engine]\nthreads = 4\n\n[enigne]\nthreads = 2\n",
    );
    let err = flat(&stderr_of(with_user_config(&s, &["config"]), 2));
    assert!(
        err.contains("clearway.toml:4:2: unknown field `enigne`, expected one of `engine`, `limits`, `query`, `tui`, `risk`"),
        "{err}"
    );
    // every command that reads the settings refuses them, not only `config`
    let err = flat(&stderr_of(with_user_config(&s, &["query", "SELECT 1"]), 2));
    assert!(err.contains("unknown field `enigne`"), "{err}");

    std::fs::remove_file(s.path("clearway.toml")).unwrap();
    user_file(&s, "[engine]\nthreads = \"four\"\n");
    let err = flat(&stderr_of(with_user_config(&s, &["config"]), 2));
    assert!(
        err.contains("xdg/clearway/config.toml:2:11: invalid type: string \"four\", expected u32"),
        "{err}"
    );
}
