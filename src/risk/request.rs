//! A risk run as a user asks for it, resolved into rules and parameters the same way for every
//! front end: `clearway risk run`, `clearway check` and the TUI's RiskRun all go through
//! [`prepare_run`], so one workspace scores alike wherever it is run (the TUI once ignored
//! `[risk.params]` in `clearway.toml`, which the command line applied).

use super::rule::Rule;
use super::runner::{self, RuleOutcome, RunReport};
use super::{load_pack, Overrides, DEFAULT_PACK};
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use std::path::Path;

/// What to run: a pack, optionally some of its rules, and `name=value` parameter overrides
/// (`--param`).
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub pack: String,
    /// Rule ids; empty runs every rule of the pack.
    pub rules: Vec<String>,
    /// `name=value` or `rule_id.name=value`, applied after `clearway.toml`.
    pub params: Vec<String>,
}

impl RunRequest {
    /// A pack, the rules asked for (all when empty) and `--param` overrides, as given.
    pub fn new(pack: &str, rules: &[String], params: &[String]) -> Self {
        RunRequest {
            pack: pack.to_string(),
            rules: rules.to_vec(),
            params: params.to_vec(),
        }
    }

    /// Every rule of `pack`, with the workspace's parameters and no overrides.
    pub fn pack(pack: &str) -> Self {
        RunRequest {
            pack: pack.to_string(),
            rules: Vec::new(),
            params: Vec::new(),
        }
    }
}

impl Default for RunRequest {
    /// The default pack, as the TUI runs it.
    fn default() -> Self {
        RunRequest::pack(DEFAULT_PACK)
    }
}

/// A run ready to start: its rules, and their parameters resolved.
#[derive(Debug, Clone)]
pub struct PreparedRun {
    pub pack: String,
    pub rules: Vec<Rule>,
    pub overrides: Overrides,
}

/// Resolves `request` for the workspace at `workspace`: the pack loaded and narrowed to the
/// rules asked for; the parameters of `[risk.params]` in the `clearway.toml` beside it, then
/// the request's overrides (see [`super`] for the order). An override that no rule being run
/// takes is refused (a typo guard), wherever it was written.
pub fn prepare_run(workspace: &Path, request: &RunRequest) -> Result<PreparedRun> {
    let rules = select_rules(load_pack(&request.pack)?, &request.rules, &request.pack)?;
    let mut overrides = Overrides::from_workspace_config(workspace)?;
    overrides.add_raw(&request.params)?;
    if let Some(unused) = overrides.unused(&rules).first() {
        return Err(Error::usage(
            format!("parameter {unused} matches no parameter of the rules being run"),
            "`clearway risk list` shows each rule's parameters",
        ));
    }
    Ok(PreparedRun {
        pack: request.pack.clone(),
        rules,
        overrides,
    })
}

impl PreparedRun {
    /// Runs the rules (see [`runner::run`]); `on_rule` is told when each starts and ends.
    pub fn run(
        &self,
        ws: &Workspace,
        on_rule: impl FnMut(&Rule, Option<&RuleOutcome>),
    ) -> Result<RunReport> {
        runner::run(ws, &self.pack, &self.rules, &self.overrides, on_rule)
    }
}

/// The rules of the pack named in `wanted` (all when empty); an unknown id is refused.
fn select_rules(all: Vec<Rule>, wanted: &[String], pack: &str) -> Result<Vec<Rule>> {
    if wanted.is_empty() {
        return Ok(all);
    }
    if let Some(missing) = wanted.iter().find(|w| !all.iter().any(|r| &r.id == *w)) {
        let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
        return Err(Error::usage(
            format!("pack {pack} has no rule `{missing}`"),
            format!("its rules: {}", ids.join(", ")),
        ));
    }
    Ok(all.into_iter().filter(|r| wanted.contains(&r.id)).collect())
}
