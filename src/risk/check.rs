//! `clearway check`'s judgement of a risk run: which rules fail the CI conditions asked for
//! (hits of a rule at or above a severity, more hits than a rule's allowance). The command
//! prints the verdicts as a table, JSON or JUnit XML.

use super::rule::{Rule, Severity};
use super::runner::RunReport;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// The verdict on one rule.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleVerdict {
    pub rule_id: String,
    pub severity: String,
    pub status: String,
    pub hits: i64,
    pub seconds: f64,
    /// Why the rule fails the check, if it does.
    pub failure: Option<String>,
}

/// `RULE=N` allowances (`--max-hits`), each naming a rule of `rules`.
pub fn parse_max_hits(raw: &[String], rules: &[Rule]) -> Result<BTreeMap<String, i64>> {
    let mut limits = BTreeMap::new();
    for r in raw {
        let parsed = r
            .split_once('=')
            .and_then(|(rule, n)| Some((rule.trim().to_string(), n.trim().parse::<i64>().ok()?)));
        let Some((rule, n)) = parsed else {
            return Err(Error::usage(
                format!("--max-hits `{r}` is not RULE=N"),
                "for example --max-hits split_consignment=0",
            ));
        };
        if !rules.iter().any(|x| x.id == rule) {
            return Err(Error::usage(
                format!("--max-hits names `{rule}`, which the pack does not have"),
                "`clearway risk list` shows the rule ids",
            ));
        }
        limits.insert(rule, n);
    }
    Ok(limits)
}

/// Applies the conditions to a run: hits of a rule of severity `fail_on` or above, and more
/// hits than `max_hits` allows a rule, fail it.
pub fn verdicts(
    report: &RunReport,
    rules: &[Rule],
    fail_on: Option<Severity>,
    max_hits: &BTreeMap<String, i64>,
) -> Vec<RuleVerdict> {
    report
        .rules
        .iter()
        .map(|o| {
            let rule = rules
                .iter()
                .find(|r| r.id == o.rule_id)
                .expect("outcomes come from these rules");
            let mut failure = None;
            if let Some(floor) = fail_on {
                if o.hits > 0 && rule.severity >= floor {
                    failure = Some(format!(
                        "{} hit(s) of a {} rule (--fail-on {})",
                        o.hits,
                        rule.severity.name(),
                        floor.name()
                    ));
                }
            }
            if let Some(limit) = max_hits.get(&o.rule_id) {
                if o.hits > *limit {
                    failure = Some(format!(
                        "{} hit(s), more than --max-hits {}={limit}",
                        o.hits, o.rule_id
                    ));
                }
            }
            RuleVerdict {
                rule_id: o.rule_id.clone(),
                severity: o.severity.clone(),
                status: o.status.clone(),
                hits: o.hits,
                seconds: o.seconds,
                failure,
            }
        })
        .collect()
}
