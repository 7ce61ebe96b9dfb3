//! Risk rule packs: loading, parameters, linting and running.
//!
//! A pack is a folder of rule files ([`rule`]); the shipped packs (`queries/<pack>/`) are also
//! compiled into the binary so that `clearway risk run` works from any directory. The same
//! rules run from the CLI, CI (`risk lint`, `risk run`, `check`) and the TUI: this module is the
//! one place that knows how. A run is asked for as a [`RunRequest`] and resolved by
//! [`prepare_run`] for every front end alike; [`check`] judges a run against CI conditions.
//!
//! Parameters are resolved in this order, later winning: the rule's declared default, the
//! workspace's `clearway.toml` (`[risk.params]` for every rule, `[risk.params.<rule_id>]` for
//! one), then `--param name=value` or `--param rule_id.name=value`. Values are parsed as the
//! declared type and bound by name — never spliced into the SQL.

pub mod check;
pub mod evaluate;
pub mod import;
pub mod lanes;
pub mod portable;
pub mod request;
pub mod rule;
pub mod runner;
pub mod spark;
pub mod spark_job;
pub mod spark_run;

pub use request::{prepare_run, PreparedRun, RunRequest};

use crate::error::{Error, Result};
use rule::{ParamValue, Rule};
use std::collections::BTreeMap;
use std::path::Path;

/// The shipped packs: (pack, file name, text).
pub const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "declarations",
        "declared_value_digits.sql",
        include_str!("../../queries/declarations/declared_value_digits.sql"),
    ),
    (
        "declarations",
        "document_reuse.sql",
        include_str!("../../queries/declarations/document_reuse.sql"),
    ),
    (
        "declarations",
        "hs_misclassification.sql",
        include_str!("../../queries/declarations/hs_misclassification.sql"),
    ),
    (
        "declarations",
        "mass_inconsistency.sql",
        include_str!("../../queries/declarations/mass_inconsistency.sql"),
    ),
    (
        "declarations",
        "new_trader.sql",
        include_str!("../../queries/declarations/new_trader.sql"),
    ),
    (
        "declarations",
        "origin_mismatch.sql",
        include_str!("../../queries/declarations/origin_mismatch.sql"),
    ),
    (
        "declarations",
        "profile_risk.sql",
        include_str!("../../queries/declarations/profile_risk.sql"),
    ),
    (
        "declarations",
        "split_consignment.sql",
        include_str!("../../queries/declarations/split_consignment.sql"),
    ),
    (
        "declarations",
        "unit_value_outlier.sql",
        include_str!("../../queries/declarations/unit_value_outlier.sql"),
    ),
    (
        "ledger",
        "container_mismatch.sql",
        include_str!("../../queries/ledger/container_mismatch.sql"),
    ),
    (
        "ledger",
        "discharge_port.sql",
        include_str!("../../queries/ledger/discharge_port.sql"),
    ),
    (
        "ledger",
        "document_problem.sql",
        include_str!("../../queries/ledger/document_problem.sql"),
    ),
    (
        "ledger",
        "loading_port.sql",
        include_str!("../../queries/ledger/loading_port.sql"),
    ),
    (
        "ledger",
        "origin_mismatch.sql",
        include_str!("../../queries/ledger/origin_mismatch.sql"),
    ),
    (
        "ledger",
        "value_mismatch.sql",
        include_str!("../../queries/ledger/value_mismatch.sql"),
    ),
    (
        "provenance",
        "design_check.sql",
        include_str!("../../queries/provenance/design_check.sql"),
    ),
    (
        "scoring",
        "model_score.sql",
        include_str!("../../queries/scoring/model_score.sql"),
    ),
    (
        "scoring",
        "plugin_score.sql",
        include_str!("../../queries/scoring/plugin_score.sql"),
    ),
    (
        "telemetry",
        "ais_encounter.sql",
        include_str!("../../queries/telemetry/ais_encounter.sql"),
    ),
    (
        "telemetry",
        "ais_gap.sql",
        include_str!("../../queries/telemetry/ais_gap.sql"),
    ),
    (
        "telemetry",
        "ais_jump.sql",
        include_str!("../../queries/telemetry/ais_jump.sql"),
    ),
    (
        "telemetry",
        "ais_loitering.sql",
        include_str!("../../queries/telemetry/ais_loitering.sql"),
    ),
    (
        "telemetry",
        "door_open_at_sea.sql",
        include_str!("../../queries/telemetry/door_open_at_sea.sql"),
    ),
    (
        "telemetry",
        "reefer_excursion.sql",
        include_str!("../../queries/telemetry/reefer_excursion.sql"),
    ),
    (
        "telemetry",
        "road_dwell.sql",
        include_str!("../../queries/telemetry/road_dwell.sql"),
    ),
    (
        "telemetry",
        "route_deviation.sql",
        include_str!("../../queries/telemetry/route_deviation.sql"),
    ),
    (
        "telemetry",
        "seal_mismatch.sql",
        include_str!("../../queries/telemetry/seal_mismatch.sql"),
    ),
];

/// The default pack.
pub const DEFAULT_PACK: &str = "declarations";

/// Loads a pack: a shipped pack's name, or a folder of `.sql` files (sorted by name); several
/// separated by commas run as one (`declarations,telemetry`), so that telemetry findings feed
/// the same combined score and lanes.
pub fn load_pack(pack: &str) -> Result<Vec<Rule>> {
    if pack.contains(',') {
        let mut rules = Vec::new();
        for part in pack.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            rules.extend(load_pack(part)?);
        }
        return check_unique(pack, rules);
    }
    let shipped: Vec<_> = SHIPPED.iter().filter(|(p, _, _)| *p == pack).collect();
    let rules = if !shipped.is_empty() && !Path::new(pack).is_dir() {
        shipped
            .iter()
            .map(|(p, file, text)| Rule::parse(text, &format!("builtin:{p}/{file}")))
            .collect::<Result<Vec<_>>>()?
    } else {
        load_folder(Path::new(pack))?
    };
    check_unique(pack, rules)
}

fn check_unique(pack: &str, rules: Vec<Rule>) -> Result<Vec<Rule>> {
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = rules.iter().find(|r| !seen.insert(r.id.clone())) {
        return Err(Error::usage(
            format!(
                "two rules in {pack} share the id `{}` ({})",
                dup.id, dup.origin
            ),
            "rule ids must be unique within a pack",
        ));
    }
    Ok(rules)
}

fn load_folder(dir: &Path) -> Result<Vec<Rule>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        cause: source,
    })?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::usage(
            format!("{} holds no .sql rule files", dir.display()),
            format!(
                "name a folder of rules, or a shipped pack: {}",
                shipped_packs().join(", ")
            ),
        ));
    }
    files
        .iter()
        .map(|f| {
            let text = crate::limits::read_to_string_capped(f).map_err(|source| Error::Read {
                path: f.clone(),
                cause: source,
            })?;
            Rule::parse(&text, &f.display().to_string())
        })
        .collect()
}

/// Names of the shipped packs.
pub fn shipped_packs() -> Vec<&'static str> {
    let mut packs: Vec<&str> = SHIPPED.iter().map(|(p, _, _)| *p).collect();
    packs.dedup();
    packs
}

/// Parameter overrides from `clearway.toml` and the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// (rule id or None for every rule, parameter, text value, where it came from)
    entries: Vec<(Option<String>, String, String, String)>,
}

impl Overrides {
    /// (rule id or None for every rule, parameter, text value, where it came from), in the
    /// order they apply: a later entry for the same rule and parameter wins.
    pub fn entries(&self) -> &[(Option<String>, String, String, String)] {
        &self.entries
    }

    /// Reads `[risk.params]` from the settings files (the user's, then the `clearway.toml`
    /// beside the workspace).
    pub fn from_workspace_config(workspace: &Path) -> Result<Self> {
        let mut o = Overrides::default();
        // the user's file first, the workspace's after it: a later entry wins
        for (path, value) in crate::workspace::config(workspace)? {
            let Some(params) = value
                .get("risk")
                .and_then(|r| r.get("params"))
                .and_then(|p| p.as_table())
            else {
                continue;
            };
            let origin = path.display().to_string();
            for (key, v) in params {
                match v {
                    toml::Value::Table(rule_params) => {
                        for (name, v) in rule_params {
                            o.entries.push((
                                Some(key.clone()),
                                name.clone(),
                                toml_text(v),
                                origin.clone(),
                            ));
                        }
                    }
                    v => o
                        .entries
                        .push((None, key.clone(), toml_text(v), origin.clone())),
                }
            }
        }
        Ok(o)
    }

    /// Adds `--param rule_id.name=value` given as raw text (dots are not allowed in CLI names).
    pub fn add_raw(&mut self, raw: &[String]) -> Result<()> {
        for r in raw {
            let (key, value) = r.split_once('=').ok_or_else(|| {
                Error::usage(
                    format!("`{r}` is not NAME=VALUE"),
                    "write --param threshold=4 or --param unit_value_outlier.threshold=4",
                )
            })?;
            let (rule, name) = match key.split_once('.') {
                Some((rule, name)) => (Some(rule.trim().to_string()), name.trim().to_string()),
                None => (None, key.trim().to_string()),
            };
            self.entries
                .push((rule, name, value.to_string(), "--param".into()));
        }
        Ok(())
    }

    /// The values every parameter of `rule` takes.
    pub fn resolve(&self, rule: &Rule) -> Result<BTreeMap<String, ParamValue>> {
        let mut values: BTreeMap<String, ParamValue> = rule
            .params
            .iter()
            .map(|p| (p.name.clone(), p.default.clone()))
            .collect();
        // Global entries first, then rule-specific ones, each in the order given.
        let ordered = self
            .entries
            .iter()
            .filter(|e| e.0.is_none())
            .chain(self.entries.iter().filter(|e| e.0.is_some()));
        for (target, name, text, origin) in ordered {
            if target.as_deref().is_some_and(|t| t != rule.id) {
                continue;
            }
            let Some(p) = rule.params.iter().find(|p| &p.name == name) else {
                continue;
            };
            let value = ParamValue::parse(p.ty, text).map_err(|e| {
                Error::usage(
                    format!("{origin}: parameter {}.{name}: {e}", rule.id),
                    format!("{name} is a {:?} parameter", p.ty).to_lowercase(),
                )
            })?;
            values.insert(name.clone(), value);
        }
        Ok(values)
    }

    /// Overrides that name a rule or a parameter no rule of the pack has (a typo guard).
    pub fn unused(&self, rules: &[Rule]) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(target, name, _, _)| {
                !rules.iter().any(|r| {
                    target.as_ref().is_none_or(|t| t == &r.id)
                        && r.params.iter().any(|p| &p.name == name)
                })
            })
            .map(|(target, name, _, origin)| match target {
                Some(t) => format!("{t}.{name} ({origin})"),
                None => format!("{name} ({origin})"),
            })
            .collect()
    }
}

fn toml_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_queries_is_shipped_and_parses() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        let mut on_disk: Vec<(String, String)> = Vec::new();
        for pack in std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
        {
            let name = pack.file_name().unwrap().to_string_lossy().into_owned();
            for file in std::fs::read_dir(&pack).unwrap() {
                let file = file.unwrap().file_name().to_string_lossy().into_owned();
                if file.ends_with(".sql") {
                    on_disk.push((name.clone(), file));
                }
            }
        }
        on_disk.sort();
        let shipped: Vec<(String, String)> = SHIPPED
            .iter()
            .map(|(p, f, _)| (p.to_string(), f.to_string()))
            .collect();
        assert_eq!(
            on_disk, shipped,
            "add every queries/<pack>/*.sql to risk::SHIPPED, in order"
        );
        for pack in shipped_packs() {
            let count = SHIPPED.iter().filter(|(p, _, _)| *p == pack).count();
            assert_eq!(load_pack(pack).unwrap().len(), count, "{pack}");
        }
    }

    #[test]
    fn overrides_resolve_in_order_and_typos_are_found() {
        let rules = load_pack(DEFAULT_PACK).unwrap();
        let uv = rules.iter().find(|r| r.id == "unit_value_outlier").unwrap();
        let mut o = Overrides::default();
        o.add_raw(&[
            "unit_value_outlier.threshold=5".into(),
            "threshold=4".into(),
            "treshold=1".into(),
        ])
        .unwrap();
        assert_eq!(o.resolve(uv).unwrap()["threshold"], ParamValue::Float(5.0));
        assert_eq!(o.unused(&rules), vec!["treshold (--param)".to_string()]);
        let mut bad = Overrides::default();
        bad.add_raw(&["min_group=many".into()]).unwrap();
        assert!(bad.resolve(uv).is_err());
    }
}
