//! `clearway plugin check`: whether a plugin does what its `plugin.toml` says — the handshake
//! answers, the commands it announces agree with the manifest's (names and output kinds), and
//! the dry call the manifest declares (`[check]`) succeeds, unless that command has side
//! effects. The command prints the [`Checked`] report line by line.

use super::manifest::{Kind, Manifest};
use super::session::{Input, Session};
use super::wire::Flow;
use super::{failed, find};
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// What the dry call showed.
#[derive(Debug, Clone)]
pub enum Dry {
    /// The manifest declares none.
    NotDeclared,
    /// Not made: the command has side effects.
    Skipped { command: String },
    /// Made, and it answered in `ms` milliseconds.
    Passed {
        command: String,
        ms: u128,
        answer: DryAnswer,
    },
    /// Made, and it failed (the failure is among the problems).
    Failed,
}

/// What a passed dry call answered, as it may be shown.
#[derive(Debug, Clone)]
pub enum DryAnswer {
    /// A stream: the items received (one proves it works).
    Items(u64),
    /// A sensitive command's answer, not shown.
    Redacted,
    Value(Value),
}

/// A plugin's check.
#[derive(Debug, Clone)]
pub struct Checked {
    pub manifest: Manifest,
    pub handshake_ms: u128,
    /// The plugin's version and protocol as its handshake announced them, and the protocol
    /// the host and it agreed on.
    pub plugin_version: String,
    pub speaks: String,
    pub effective: String,
    /// Commands in `plugin.toml`, and announced.
    pub declared: usize,
    pub announced: usize,
    /// True when names and output kinds of the two agree.
    pub commands_agree: bool,
    pub dry: Dry,
    /// Every disagreement and the dry call's failure.
    pub problems: Vec<String>,
}

impl Checked {
    /// Passes when nothing was found; else the diagnostic naming every problem (exit 3).
    pub fn verdict(&self) -> Result<()> {
        if self.problems.is_empty() {
            return Ok(());
        }
        Err(Error::Plugin {
            message: format!(
                "plugin `{}` fails its check: {}",
                self.manifest.plugin.name,
                self.problems.join("; ")
            ),
            help: "fix the plugin or its plugin.toml so that they agree (plugins/README.md)".into(),
        })
    }
}

/// A command's output kind as a handshake announces it.
pub fn kind_text(k: Kind) -> &'static str {
    match k {
        Kind::None => "nothing",
        Kind::Json => "json",
        Kind::Table => "table",
        Kind::Stream => "stream",
    }
}

/// Checks the plugin called `name` on the workspace's search path. It need not be approved:
/// checking is how an analyst reviews it before approving. A failed handshake is an error.
pub fn check(workspace: &Path, name: &str) -> Result<Checked> {
    let m = find(workspace, name)?;
    let started = Instant::now();
    let mut session = Session::start(&m).map_err(|f| failed(&m.plugin.name, &f))?;
    let handshake_ms = started.elapsed().as_millis();
    let said = |v: &Value| v.as_str().unwrap_or("?").to_string();
    let plugin_version = said(&session.announced["plugin"]["version"]);
    let speaks = said(&session.announced["version"]);
    let effective = session.version.clone();
    let announced = session.announced_commands().len();
    let mut problems = command_disagreements(&m, &session);
    let commands_agree = problems.is_empty();
    let dry = dry_call(&m, &mut session, &mut problems)?;
    session.shutdown();
    Ok(Checked {
        handshake_ms,
        plugin_version,
        speaks,
        effective,
        declared: m.commands.len(),
        announced,
        commands_agree,
        dry,
        problems,
        manifest: m,
    })
}

/// Where the manifest's commands and the announced ones differ (names, output kinds).
fn command_disagreements(m: &Manifest, session: &Session) -> Vec<String> {
    let announced = session.announced_commands();
    let mut problems = Vec::new();
    for c in &m.commands {
        match announced.get(&c.name) {
            None => problems.push(format!("`{}` is in plugin.toml but not announced", c.name)),
            Some(kind)
                if kind != kind_text(c.output) && !(kind == "json" && c.output == Kind::None) =>
            {
                problems.push(format!(
                    "`{}` announces output {kind}, plugin.toml says {}",
                    c.name,
                    kind_text(c.output)
                ))
            }
            Some(_) => {}
        }
    }
    for name in announced.keys() {
        if m.command(name).is_none() {
            problems.push(format!("`{name}` is announced but not in plugin.toml"));
        }
    }
    problems
}

/// The manifest's dry call, unless it has side effects; a failure joins `problems`.
fn dry_call(m: &Manifest, session: &mut Session, problems: &mut Vec<String>) -> Result<Dry> {
    let Some(dry) = &m.check else {
        return Ok(Dry::NotDeclared);
    };
    let spec = m.command(&dry.command).expect("validated").clone();
    if spec.side_effects {
        return Ok(Dry::Skipped { command: spec.name });
    }
    let scratch = tempfile::tempdir()?;
    let started = Instant::now();
    let mut items = 0u64;
    let outcome = session.call(
        &spec.name,
        &dry.args,
        Input::None,
        scratch.path(),
        Duration::from_millis(m.limits.call_timeout_ms),
        &mut |n| {
            if n.method == "$/item" {
                items += 1;
                // one item proves a stream works
                return Flow::Stop;
            }
            Flow::Continue
        },
    );
    Ok(match outcome {
        Ok(o) => Dry::Passed {
            answer: if spec.output == Kind::Stream {
                DryAnswer::Items(items)
            } else if spec.sensitive {
                DryAnswer::Redacted
            } else {
                DryAnswer::Value(o.value)
            },
            command: spec.name,
            ms: started.elapsed().as_millis(),
        },
        Err(f) => {
            problems.push(f.explain(&m.plugin.name).0);
            Dry::Failed
        }
    })
}
