//! The checklist of an inspection pack: one check per thing to look at, derived from the
//! declaration (containers, seals, each item's packages, mass and goods, declared design files)
//! and from every rule that fired on it, each check saying which rules made it matter.
//!
//! The checklist is hashed (SHA-256 of its JSON as written in the pack, whose field order is
//! fixed by the struct) and the hash is recorded with the pack id when the pack is issued, so
//! a result naming another pack, or carrying an edited checklist, is told apart.

use crate::error::Result;
use crate::workspace::Workspace;

pub use clearway_formats::inspection::{Check, Checklist, CHECKLIST_FORMAT as FORMAT};

/// A declaration item as the checklist reads it.
#[derive(Debug, Clone)]
pub struct Item {
    pub item_no: i32,
    pub hs_code: Option<String>,
    pub description: Option<String>,
    pub origin: Option<String>,
    pub quantity: Option<f64>,
    pub unit: Option<String>,
    pub gross_kg: Option<f64>,
    pub net_kg: Option<f64>,
    pub containers: Vec<String>,
    pub seals: Vec<String>,
    pub design_refs: Vec<String>,
}

/// The declaration's items, in order.
pub fn items(ws: &Workspace, declaration_id: &str) -> Result<Vec<Item>> {
    let mut stmt = ws.conn.prepare(
        "SELECT item_no, hs_code, goods_description, origin_country, quantity, quantity_unit,
                gross_mass_kg, net_mass_kg, coalesce(array_to_string(container_ids, ';'), ''),
                coalesce(extra->>'seal_numbers', ''), coalesce(extra->>'design_refs', '')
         FROM declarations WHERE declaration_id = ? ORDER BY item_no",
    )?;
    let mut rows = stmt.query([declaration_id])?;
    let mut items = Vec::new();
    let split = |s: String| -> Vec<String> {
        s.split([';', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    while let Some(row) = rows.next()? {
        items.push(Item {
            item_no: row.get(0)?,
            hs_code: row.get(1)?,
            description: row.get(2)?,
            origin: row.get(3)?,
            quantity: row.get(4)?,
            unit: row.get(5)?,
            gross_kg: row.get(6)?,
            net_kg: row.get(7)?,
            containers: split(row.get(8)?),
            seals: split(row.get(9)?),
            design_refs: split(row.get(10)?),
        });
    }
    Ok(items)
}

/// A rule hit as the checklist reads it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule_id: String,
    pub item_no: i32,
    pub reason: String,
}

/// A declared design file as the checklist reads it.
#[derive(Debug, Clone)]
pub struct Design {
    pub sha256: String,
    pub name: String,
    /// What `provenance check` said of it (None: never checked).
    pub verdict: Option<String>,
}

/// The checks for a declaration's items, hits and design files, numbered.
pub fn derive(items: &[Item], hits: &[Hit], designs: &[Design]) -> Vec<Check> {
    let mut checks: Vec<Check> = Vec::new();
    let rules_on = |item: Option<i32>, family: &[&str]| -> Vec<String> {
        let mut rules: Vec<String> = hits
            .iter()
            .filter(|h| item.is_none_or(|i| h.item_no == i || h.item_no == 0))
            .filter(|h| family.iter().any(|f| h.rule_id.contains(f)))
            .map(|h| h.rule_id.clone())
            .collect();
        rules.sort();
        rules.dedup();
        rules
    };
    let mut push = |kind: &str, item_no: Option<i32>, text: String, because: Vec<String>| {
        checks.push(Check {
            id: String::new(),
            kind: kind.to_string(),
            item_no,
            text,
            because,
        })
    };
    let mut containers: Vec<&String> = items.iter().flat_map(|i| &i.containers).collect();
    containers.sort();
    containers.dedup();
    for c in containers {
        let digit = if crate::reference::iso6346::is_valid(c) {
            "its check digit is valid"
        } else {
            "its ISO 6346 check digit does NOT verify"
        };
        push(
            "container",
            None,
            format!("container {c}: the number on the doors is the declared one ({digit})"),
            rules_on(
                None,
                &["container", "door", "reefer", "dwell", "route", "encounter"],
            ),
        );
    }
    let mut seals: Vec<&String> = items.iter().flat_map(|i| &i.seals).collect();
    seals.sort();
    seals.dedup();
    for s in seals {
        push(
            "seal",
            None,
            format!("check seal {s}: intact, and its number is the declared one"),
            rules_on(None, &["seal"]),
        );
    }
    for item in items {
        let n = Some(item.item_no);
        if let Some(text) = item
            .quantity
            .and_then(|q| quantity_check(q, item.unit.as_deref()))
        {
            push(
                "count",
                n,
                format!("item {}: {text}", item.item_no),
                rules_on(n, &["quantity", "split", "count"]),
            );
        }
        if item.net_kg.is_some() || item.gross_kg.is_some() {
            let mass = match (item.net_kg, item.gross_kg) {
                (Some(net), Some(gross)) => {
                    format!("{} kg net, {} kg gross", number(net), number(gross))
                }
                (Some(net), None) => format!("{} kg net", number(net)),
                (None, Some(gross)) => format!("{} kg gross", number(gross)),
                (None, None) => unreachable!(),
            };
            push(
                "weigh",
                n,
                format!("item {}: weigh: {mass} declared", item.item_no),
                rules_on(n, &["mass", "weight"]),
            );
        }
        push(
            "goods",
            n,
            format!(
                "item {}: compare the goods with the description: \"{}\" (HS {}, origin {})",
                item.item_no,
                item.description
                    .as_deref()
                    .unwrap_or("no description declared"),
                item.hs_code.as_deref().unwrap_or("?"),
                item.origin.as_deref().unwrap_or("?")
            ),
            rules_on(
                n,
                &[
                    "value", "price", "hs_", "origin", "classif", "model", "score",
                ],
            ),
        );
    }
    for d in designs {
        push(
            "design",
            None,
            format!(
                "the 3D-printed parts: compare them with the declared design file {} ({})",
                d.name,
                match &d.verdict {
                    Some(v) => format!("provenance: {v}"),
                    None => "never checked against the registry".to_string(),
                }
            ),
            rules_on(None, &["provenance", "design"]),
        );
    }
    // every reason in plain words, so none goes unchecked; a rule that said the same of
    // several items is one check naming them all
    let mut reasons: Vec<(&str, &str, Vec<i32>)> = Vec::new();
    for h in hits {
        match reasons
            .iter_mut()
            .find(|(rule, reason, _)| *rule == h.rule_id && *reason == h.reason)
        {
            Some((_, _, items)) => items.push(h.item_no),
            None => reasons.push((&h.rule_id, &h.reason, vec![h.item_no])),
        }
    }
    for (rule, reason, mut items) in reasons {
        items.sort_unstable();
        items.dedup();
        let on = match items.as_slice() {
            [] | [0] => String::new(),
            [one] => format!(", item {one}"),
            many => format!(
                ", items {}",
                many.iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        push(
            "rule",
            (items.len() == 1 && items[0] > 0).then(|| items[0]),
            format!("why it was selected ({rule}{on}): {reason}"),
            vec![rule.to_string()],
        );
    }
    for (i, check) in checks.iter_mut().enumerate() {
        check.id = format!("C{:02}", i + 1);
    }
    checks
}

/// What to do with a declared quantity: count articles or packages, measure a length, area or
/// volume; nothing for a mass (the weighing check covers it). Units are UN/ECE Recommendation
/// 20 codes, as customs exports carry them.
fn quantity_check(quantity: f64, unit: Option<&str>) -> Option<String> {
    let unit = unit.map(str::trim).unwrap_or("");
    let code = unit.to_ascii_uppercase();
    match code.as_str() {
        "KGM" | "KG" | "GRM" | "TNE" | "KGS" => None,
        "MTR" | "MTK" | "MTQ" | "LTR" | "KLT" | "MLT" | "HLT" | "CMT" | "MMT" => Some(format!(
            "measure the quantity: {} {unit} declared",
            number(quantity)
        )),
        "" => Some(format!("count: {} declared (no unit)", number(quantity))),
        _ => Some(format!(
            "count packages: {} {unit} declared",
            number(quantity)
        )),
    }
}

/// A number as an officer reads it: no trailing zeros.
fn number(v: f64) -> String {
    let text = format!("{v:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> Item {
        Item {
            item_no: 1,
            hs_code: Some("8543201000".into()),
            description: Some("SIGNAL GENERATORS".into()),
            origin: Some("CN".into()),
            quantity: Some(34.0),
            unit: Some("NAR".into()),
            gross_kg: Some(1000.5),
            net_kg: Some(907.7),
            containers: vec!["CSQU3054383".into()],
            seals: vec!["CM-5374264".into()],
            design_refs: vec![],
        }
    }

    #[test]
    fn the_checks_name_what_was_declared_and_why_it_matters() {
        let hits = [Hit {
            rule_id: "seal_mismatch".into(),
            item_no: 0,
            reason: "the e-seal reported CM-1 where CM-5374264 was declared".into(),
        }];
        let designs = [Design {
            sha256: "ab".into(),
            name: "gear.stl".into(),
            verdict: Some("controlled (G1)".into()),
        }];
        let checks = derive(&[item()], &hits, &designs);
        let texts: Vec<&str> = checks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "container CSQU3054383: the number on the doors is the declared one (its check digit is valid)",
                "check seal CM-5374264: intact, and its number is the declared one",
                "item 1: count packages: 34 NAR declared",
                "item 1: weigh: 907.7 kg net, 1000.5 kg gross declared",
                "item 1: compare the goods with the description: \"SIGNAL GENERATORS\" (HS 8543201000, origin CN)",
                "the 3D-printed parts: compare them with the declared design file gear.stl (provenance: controlled (G1))",
                "why it was selected (seal_mismatch): the e-seal reported CM-1 where CM-5374264 was declared",
            ]
        );
        assert_eq!(checks[1].because, ["seal_mismatch"]);
        assert!(checks[2].because.is_empty());
        assert_eq!(checks.last().unwrap().id, "C07");
    }

    #[test]
    fn a_mass_is_weighed_not_counted_and_a_reason_on_many_items_is_one_check() {
        let mut kg = item();
        kg.unit = Some("KGM".into());
        kg.seals.clear();
        kg.containers.clear();
        let mut two = kg.clone();
        two.item_no = 2;
        two.unit = Some("LTR".into());
        let hits: Vec<Hit> = [1, 2]
            .into_iter()
            .map(|i| Hit {
                rule_id: "new_trader".into(),
                item_no: i,
                reason: "a trader new to this workspace".into(),
            })
            .collect();
        let checks = derive(&[kg, two], &hits, &[]);
        let texts: Vec<&str> = checks.iter().map(|c| c.text.as_str()).collect();
        assert!(
            !texts.iter().any(|t| t.contains("count packages")),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"item 2: measure the quantity: 34 LTR declared"),
            "{texts:?}"
        );
        assert_eq!(
            *texts.last().unwrap(),
            "why it was selected (new_trader, items 1, 2): a trader new to this workspace"
        );
        assert_eq!(checks.last().unwrap().item_no, None);
    }

    #[test]
    fn the_hash_changes_with_any_edit() {
        let list = Checklist {
            format: FORMAT.into(),
            pack_id: "p".into(),
            declaration_id: "D".into(),
            run_id: Some(1),
            issued_at: "2026-12-07T00:00:00Z".into(),
            checks: derive(&[item()], &[], &[]),
        };
        let before = list.sha256();
        let mut edited = list.clone();
        edited.checks[0].text.push('!');
        assert_ne!(before, edited.sha256());
        let parsed: Checklist = serde_json::from_str(&list.to_json()).unwrap();
        assert_eq!(
            parsed.sha256(),
            before,
            "written and read back, the same hash"
        );
    }
}
