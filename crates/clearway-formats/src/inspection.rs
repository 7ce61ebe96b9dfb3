//! The files of an inspection pack that come back from the container: the checklist clearway
//! wrote and the officer's result (`clearway-inspection-result/1`), read from bytes.
//!
//! A result file travels on a tablet and back by mail or USB: it is untrusted bytes like any
//! export, so its reading lives here, beside the other readers the fuzz targets exercise.
//! [`read_result`] refuses everything a result can get wrong by itself — not UTF-8, not this
//! JSON, unknown fields, answers that do not fit the checklist it carries, notes that are empty
//! where they are needed, too long or hold control characters, photo names that leave the
//! result's folder, hashes that are not SHA-256, labels that repeat an item or give an amount
//! that is not a sum of money, a time that is not RFC 3339. What needs the workspace (was the pack issued, is the checklist
//! the one issued, do the items exist, do the photos beside the file have those hashes) is the
//! main crate's `inspect record`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Component, Path};

/// The format name a checklist file carries.
pub const CHECKLIST_FORMAT: &str = "clearway-inspection-checklist/1";
/// The format name a result file carries.
pub const RESULT_FORMAT: &str = "clearway-inspection-result/1";
/// The largest result file read (answers and notes, not photos).
pub const MAX_RESULT_BYTES: u64 = 4 << 20;
/// The longest note kept.
pub const MAX_NOTE: usize = 4_000;
/// The longest inspector name kept.
pub const MAX_NAME: usize = 200;

/// A pack's checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub format: String,
    pub pack_id: String,
    pub declaration_id: String,
    /// The risk run the reasons come from (None: no run yet).
    pub run_id: Option<i64>,
    /// When the pack was issued (RFC 3339, UTC).
    pub issued_at: String,
    pub checks: Vec<Check>,
}

/// One thing to look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// `C01`, `C02`, … in the order shown.
    pub id: String,
    /// container, seal, count, weigh, goods, design or rule.
    pub kind: String,
    /// The declaration item the check is about, if one.
    pub item_no: Option<i32>,
    /// What to do, in plain words.
    pub text: String,
    /// The rules whose hits make this check matter (empty: a routine check).
    pub because: Vec<String>,
}

impl Checklist {
    /// The JSON the pack holds: pretty, in the struct's field order.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a checklist serialises")
    }

    /// SHA-256 of [`Checklist::to_json`], in hex: what the pack is recorded with.
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(self.to_json().as_bytes()))
    }

    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// A result file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionResult {
    pub format: String,
    pub pack_id: String,
    pub declaration_id: String,
    /// The checklist as the pack gave it, unchanged.
    pub checklist: Checklist,
    /// Its SHA-256 as the pack gave it.
    pub checklist_sha256: String,
    pub inspector: String,
    /// RFC 3339.
    pub inspected_at: String,
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub labels: Vec<Label>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub check: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub photos: Vec<Photo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// As declared.
    Found,
    /// Not there (a seal, a container, packages).
    NotFound,
    /// There, but not as declared: the note says how.
    Deviation,
    /// Not looked at: the note says why.
    NotChecked,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Found => "found",
            Outcome::NotFound => "not_found",
            Outcome::Deviation => "deviation",
            Outcome::NotChecked => "not_checked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// The photo's file, relative to the result file's folder.
    pub file: String,
    pub sha256: String,
}

/// What the officer concluded about one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub item_no: i32,
    #[serde(default)]
    pub illicit: Option<bool>,
    /// A sum of money: a JSON string or number with at most two decimals ("1234.50").
    #[serde(default)]
    pub revenue_recovered: Option<serde_json::Value>,
}

impl Label {
    /// The revenue as decimal text (`DECIMAL(18,2)`), or None when the label gives none.
    pub fn revenue(&self) -> Result<Option<String>, String> {
        match &self.revenue_recovered {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => money(s).map(Some),
            Some(serde_json::Value::Number(n)) => money(&n.to_string()).map(Some),
            Some(other) => Err(format!("revenue_recovered {other} is not a sum of money")),
        }
    }
}

/// Why a result file was refused, and what its sender should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The bytes are not a result file at all (not UTF-8, not this JSON).
    NotAResult { why: String, help: &'static str },
    /// A result file whose content is wrong.
    Refused { why: String, help: &'static str },
}

impl Refusal {
    fn refused(help: &'static str) -> impl Fn(String) -> Refusal {
        move |why| Refusal::Refused { why, help }
    }
}

/// Reads a result file's bytes and refuses what it gets wrong by itself (the module doc lists
/// what). The caller bounds the size ([`MAX_RESULT_BYTES`]) before reading.
pub fn read_result(bytes: &[u8]) -> Result<InspectionResult, Refusal> {
    let result = parse_result(bytes)?;
    check_result(&result)?;
    Ok(result)
}

/// The bytes as a result of this format, not yet checked: what `inspect record` needs to ask
/// the workspace about the pack first (a result for another workspace's pack is told so before
/// anything else is said about it).
pub fn parse_result(bytes: &[u8]) -> Result<InspectionResult, Refusal> {
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(Refusal::NotAResult {
            why: format!("not UTF-8 at byte {}", e.valid_up_to()),
            help: "a result file is UTF-8 JSON, as the pack's page saves it",
        });
    }
    let result: InspectionResult =
        serde_json::from_slice(bytes).map_err(|e| Refusal::NotAResult {
            why: format!("not an inspection result: {e}"),
            help: "a result is the JSON the pack's page saves (clearway-inspection-result/1); see docs/inspect.md",
        })?;
    if result.format != RESULT_FORMAT {
        return Err(Refusal::Refused {
            why: format!("format {:?} is not {RESULT_FORMAT}", result.format),
            help: "this clearway reads results of the pack format it writes",
        });
    }
    Ok(result)
}

/// What a parsed result gets wrong by itself (the module doc lists what).
pub fn check_result(result: &InspectionResult) -> Result<(), Refusal> {
    if result.checklist.format != CHECKLIST_FORMAT {
        return Err(Refusal::Refused {
            why: format!(
                "the checklist's format {:?} is not {CHECKLIST_FORMAT}",
                result.checklist.format
            ),
            help: "record the result of the pack as it was issued; a changed checklist is a different inspection",
        });
    }
    check_text("inspector", &result.inspector, MAX_NAME, true)
        .map_err(Refusal::refused("name the officer who inspected"))?;
    check_answers(result).map_err(Refusal::refused("answer every check of the checklist once"))?;
    check_photo_names(result).map_err(Refusal::refused(
        "give each photo's file relative to the result's folder and its SHA-256 as the camera app computed it",
    ))?;
    check_labels(result).map_err(Refusal::refused(
        "label items of this declaration; revenue as a sum of money such as \"1234.50\"",
    ))?;
    inspected_at(result).map_err(Refusal::refused(
        "give the time of the inspection in RFC 3339, e.g. 2026-12-07T10:30:00Z",
    ))?;
    Ok(())
}

/// The time of the inspection, parsed (RFC 3339, kept as UTC).
pub fn inspected_at(result: &InspectionResult) -> Result<chrono::NaiveDateTime, String> {
    let text = &result.inspected_at;
    Ok(chrono::DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| format!("inspected_at {text:?} is not an RFC 3339 time: {e}"))?
        .naive_utc())
}

/// A text of the officer's: not empty where `required`, at most `max` characters, no control
/// characters but newlines and tabs (a note is shown in a terminal and in HTML).
pub fn check_text(what: &str, text: &str, max: usize, required: bool) -> Result<(), String> {
    if required && text.trim().is_empty() {
        return Err(format!("{what} is empty"));
    }
    if text.chars().count() > max {
        return Err(format!("{what} is longer than {max} characters"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(format!("{what} holds control characters"));
    }
    Ok(())
}

fn check_answers(result: &InspectionResult) -> Result<(), String> {
    let mut answered = std::collections::BTreeSet::new();
    for a in &result.answers {
        if result.checklist.check(&a.check).is_none() {
            return Err(format!("check {} is not on the checklist", a.check));
        }
        if !answered.insert(a.check.as_str()) {
            return Err(format!("check {} is answered twice", a.check));
        }
        check_text(
            &format!("the note of check {}", a.check),
            &a.note,
            MAX_NOTE,
            false,
        )?;
        if matches!(a.outcome, Outcome::Deviation | Outcome::NotChecked) && a.note.trim().is_empty()
        {
            return Err(format!(
                "check {} is {} without a note saying {}",
                a.check,
                a.outcome.as_str(),
                if a.outcome == Outcome::Deviation {
                    "what deviates"
                } else {
                    "why"
                }
            ));
        }
    }
    let missing: Vec<&str> = result
        .checklist
        .checks
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| !answered.contains(id))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "check{} {} not answered (an answer may be not_checked, with a note)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ));
    }
    Ok(())
}

/// Every photo is named inside the result's folder and given a SHA-256 (whether the file beside
/// the result has it is the caller's to check: this reader has no file system).
fn check_photo_names(result: &InspectionResult) -> Result<(), String> {
    for a in &result.answers {
        for p in &a.photos {
            if p.sha256.len() != 64 || !p.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!(
                    "photo {:?} of check {}: {:?} is not a SHA-256",
                    p.file, a.check, p.sha256
                ));
            }
            let inside = !p.file.is_empty()
                && Path::new(&p.file)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
            // a backslash is a separator on Windows: `..\x` would leave the folder there
            if !inside || p.file.split(['/', '\\']).any(|part| part == "..") {
                return Err(format!(
                    "photo {:?} of check {}: a photo is named relative to the result's folder, without ..",
                    p.file, a.check
                ));
            }
        }
    }
    Ok(())
}

fn check_labels(result: &InspectionResult) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for l in &result.labels {
        if !seen.insert(l.item_no) {
            return Err(format!("item {} is labelled twice", l.item_no));
        }
        let revenue = l.revenue()?;
        if l.illicit.is_none() && revenue.is_none() {
            return Err(format!("the label of item {} sets nothing", l.item_no));
        }
    }
    Ok(())
}

/// A non-negative sum with at most two decimals and sixteen digits before the point (what
/// `DECIMAL(18,2)` holds), as its text.
pub fn money(text: &str) -> Result<String, String> {
    let t = text.trim();
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 16
        || !digits(whole)
        || fraction.len() > 2
        || !digits(fraction)
        || (t.contains('.') && fraction.is_empty())
    {
        return Err(format!(
            "revenue_recovered {text:?} is not a sum of money (digits, at most two decimals, not negative)"
        ));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result() -> InspectionResult {
        InspectionResult {
            format: RESULT_FORMAT.into(),
            pack_id: "p".into(),
            declaration_id: "D".into(),
            checklist: Checklist {
                format: CHECKLIST_FORMAT.into(),
                pack_id: "p".into(),
                declaration_id: "D".into(),
                run_id: None,
                issued_at: "2026-12-07T00:00:00Z".into(),
                checks: vec![Check {
                    id: "C01".into(),
                    kind: "seal".into(),
                    item_no: None,
                    text: "check seal S1".into(),
                    because: vec![],
                }],
            },
            checklist_sha256: String::new(),
            inspector: "A. Officer".into(),
            inspected_at: "2026-12-07T10:00:00Z".into(),
            answers: vec![Answer {
                check: "C01".into(),
                outcome: Outcome::Found,
                note: String::new(),
                photos: vec![],
            }],
            labels: vec![],
        }
    }

    fn read(r: &InspectionResult) -> Result<InspectionResult, String> {
        read_result(serde_json::to_string(r).unwrap().as_bytes()).map_err(|e| match e {
            Refusal::NotAResult { why, .. } | Refusal::Refused { why, .. } => why,
        })
    }

    #[test]
    fn a_result_reads_back_as_written() {
        assert_eq!(read(&result()).unwrap(), result());
    }

    #[test]
    fn bytes_that_are_not_a_result_say_where() {
        let Err(Refusal::NotAResult { why, .. }) = read_result(b"{\"format\": \"\xff\"}") else {
            panic!("refused")
        };
        assert_eq!(why, "not UTF-8 at byte 12");
        let Err(Refusal::NotAResult { why, .. }) = read_result(b"{\"format\":\n") else {
            panic!("refused")
        };
        assert!(
            why.contains("EOF while parsing a value at line 2 column 0"),
            "{why}"
        );
    }

    #[test]
    fn what_a_result_gets_wrong_by_itself_is_refused() {
        type Edit = fn(&mut InspectionResult);
        let cases: [(Edit, &str); 9] = [
            (|r| r.answers.clear(), "C01 not answered"),
            (
                |r| r.answers[0].outcome = Outcome::Deviation,
                "without a note",
            ),
            (
                |r| r.answers[0].note = "a\u{1b}[2J".into(),
                "control characters",
            ),
            (
                |r| {
                    r.answers[0].photos = vec![Photo {
                        file: "..\\x.jpg".into(),
                        sha256: "0".repeat(64),
                    }]
                },
                "without ..",
            ),
            (
                |r| {
                    r.answers[0].photos = vec![Photo {
                        file: "x.jpg".into(),
                        sha256: "zz".into(),
                    }]
                },
                "is not a SHA-256",
            ),
            (
                |r| {
                    r.labels = vec![Label {
                        item_no: 1,
                        illicit: None,
                        revenue_recovered: None,
                    }]
                },
                "sets nothing",
            ),
            (
                |r| {
                    let label = Label {
                        item_no: 1,
                        illicit: Some(true),
                        revenue_recovered: Some(serde_json::json!(12.5)),
                    };
                    r.labels = vec![label.clone(), label];
                },
                "labelled twice",
            ),
            (|r| r.checklist.format = "x".into(), "checklist's format"),
            // found by the fuzz target: an amount beside `illicit` went unchecked
            (
                |r| {
                    r.labels = vec![Label {
                        item_no: 1,
                        illicit: Some(true),
                        revenue_recovered: Some(serde_json::json!("123:.50")),
                    }]
                },
                "is not a sum of money",
            ),
        ];
        for (edit, expected) in cases {
            let mut r = result();
            edit(&mut r);
            let why = read(&r).unwrap_err();
            assert!(why.contains(expected), "{why} (expected {expected})");
        }
    }

    #[test]
    fn money_is_digits_with_at_most_two_decimals() {
        assert_eq!(money("1234.50").unwrap(), "1234.50");
        assert_eq!(money("0").unwrap(), "0");
        for bad in [
            "-1",
            "1.234",
            "1e3",
            "",
            "12.",
            ".5",
            "NaN",
            "12345678901234567",
        ] {
            assert!(money(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn texts_are_bounded_and_free_of_control_characters() {
        assert!(check_text("x", "a\u{7}b", 10, false).is_err());
        assert!(check_text("x", "  ", 10, true).is_err());
        assert!(check_text("x", &"a".repeat(11), 10, false).is_err());
        assert!(check_text("x", "two\nlines", 10, true).is_ok());
    }
}
