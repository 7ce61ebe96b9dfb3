//! `inspect record RESULT.json`: the officer's answers taken back into the workspace.
//!
//! A result is refused whole — nothing recorded — when it is not a result file clearway reads
//! (unknown fields included), when its pack was not issued by this workspace, when the
//! checklist it carries is not the one issued (the SHA-256 of its canonical JSON, as the pack
//! wrote it, differs from the hash recorded with the pack), when the pack was recorded already, when a check is unanswered,
//! answered twice or unknown, when a deviation or a skipped check has no note, when a photo
//! beside the result does not have the hash the result gives it, or when a label names an
//! item the declaration does not have or an amount that is not a sum of money.
//!
//! An accepted result is one transaction: each answer becomes a row of `inspection_answers`,
//! an annotation (`INSPECTION`) and an audit entry; the declaration's items are marked
//! `inspected`; each label sets `illicit` and `revenue_recovered` of its item (the learned
//! model's labels) with an audit entry of its own; and the pack is marked recorded.

use super::checklist::{Checklist, FORMAT as CHECKLIST_FORMAT};
use crate::error::{Error, Result};
use crate::workspace::{audit, Workspace};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Component, Path};

/// The format name a result file carries.
pub const FORMAT: &str = "clearway-inspection-result/1";
/// The largest result file read (answers and notes, not photos).
pub const MAX_RESULT_BYTES: u64 = 4 << 20;
/// The longest note and inspector name kept.
const MAX_NOTE: usize = 4_000;
const MAX_NAME: usize = 200;

/// A result file.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// The photo's file, relative to the result file's folder.
    pub file: String,
    pub sha256: String,
}

/// What the officer concluded about one item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub item_no: i32,
    #[serde(default)]
    pub illicit: Option<bool>,
    /// A sum of money: a JSON string or number with at most two decimals ("1234.50").
    #[serde(default)]
    pub revenue_recovered: Option<serde_json::Value>,
}

/// What was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub pack_id: String,
    pub declaration_id: String,
    pub answers: usize,
    pub found: usize,
    pub not_found: usize,
    pub deviations: usize,
    pub not_checked: usize,
    pub labels: usize,
    pub photos_verified: usize,
    /// Photos named in the result whose files were not beside it (their hashes are kept as
    /// given, unchecked).
    pub photos_not_present: usize,
    pub inspector: String,
}

/// Reads, checks and records the result at `path`.
pub fn record(ws: &Workspace, path: &Path) -> Result<Recorded> {
    let bytes = read_result(path)?;
    let result: InspectionResult = serde_json::from_slice(&bytes).map_err(|e| {
        Error::bad_input(
            path,
            format!("not an inspection result: {e}"),
            format!("a result is the JSON the pack's page saves ({FORMAT}); see docs/inspect.md"),
        )
    })?;
    let refuse = |why: String, help: &str| Error::input_refused(path, why, help.to_string());
    if result.format != FORMAT {
        return Err(refuse(
            format!("format {:?} is not {FORMAT}", result.format),
            "this clearway reads results of the pack format it writes",
        ));
    }
    let issued = issued_pack(ws, &result.pack_id)?.ok_or_else(|| {
        refuse(
            format!("pack {} was not issued by this workspace", result.pack_id),
            "record the result in the workspace that wrote the pack (`clearway inspect brief`)",
        )
    })?;
    check_checklist(&result, &issued).map_err(|why| {
        refuse(why, "record the result of the pack as it was issued; a changed checklist is a different inspection")
    })?;
    if let Some((at, by)) = &issued.recorded {
        return Err(refuse(
            format!(
                "pack {} was recorded already, at {at} by {by}",
                result.pack_id
            ),
            "a pack is recorded once; write a new pack for a new inspection",
        ));
    }
    let inspected_at = check_time(&result.inspected_at, &issued.issued_at).map_err(|why| {
        refuse(
            why,
            "give the time of the inspection in RFC 3339, e.g. 2026-12-07T10:30:00Z",
        )
    })?;
    check_text("inspector", &result.inspector, MAX_NAME, true)
        .map_err(|why| refuse(why, "name the officer who inspected"))?;
    check_answers(&result)
        .map_err(|why| refuse(why, "answer every check of the checklist once"))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let photos = check_photos(&result, folder).map_err(|why| {
        refuse(why, "give each photo's file relative to the result's folder and its SHA-256 as the camera app computed it")
    })?;
    let labels = check_labels(ws, &result).map_err(|why| {
        refuse(
            why,
            "label items of this declaration; revenue as a sum of money such as \"1234.50\"",
        )
    })?;
    let result_sha256 = hex::encode(Sha256::digest(&bytes));
    ws.in_transaction(|| {
        // under the write lock: a second recorder of the same pack finds it recorded
        if issued_pack(ws, &result.pack_id)?
            .and_then(|p| p.recorded)
            .is_some()
        {
            return Err(refuse(
                format!("pack {} was recorded meanwhile", result.pack_id),
                "a pack is recorded once",
            ));
        }
        store(ws, &result, &inspected_at, &labels, &result_sha256)
    })?;
    let count = |o: Outcome| result.answers.iter().filter(|a| a.outcome == o).count();
    Ok(Recorded {
        pack_id: result.pack_id.clone(),
        declaration_id: result.declaration_id.clone(),
        answers: result.answers.len(),
        found: count(Outcome::Found),
        not_found: count(Outcome::NotFound),
        deviations: count(Outcome::Deviation),
        not_checked: count(Outcome::NotChecked),
        labels: labels.len(),
        photos_verified: photos.0,
        photos_not_present: photos.1,
        inspector: result.inspector.clone(),
    })
}

/// The result file's bytes: a regular file of at most [`MAX_RESULT_BYTES`], UTF-8.
fn read_result(path: &Path) -> Result<Vec<u8>> {
    let size = crate::limits::require_regular_file(path).map_err(|why| {
        Error::input_refused(path, why, "name the result file the officer's pack wrote")
    })?;
    if size > MAX_RESULT_BYTES {
        return Err(Error::input_refused(
            path,
            format!("{size} bytes: a result file is at most {MAX_RESULT_BYTES} bytes"),
            "a result holds answers and photo hashes, not the photos: keep the photos beside it",
        ));
    }
    let bytes = crate::limits::read_file_capped(path, MAX_RESULT_BYTES).map_err(|why| {
        Error::input_refused(path, why, "name the result file the officer's pack wrote")
    })?;
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(Error::bad_input(
            path,
            format!("not UTF-8 at byte {}", e.valid_up_to()),
            "a result file is UTF-8 JSON, as the pack's page saves it",
        ));
    }
    Ok(bytes)
}

/// A pack as issued.
struct Issued {
    declaration_id: String,
    checklist_sha256: String,
    issued_at: chrono::NaiveDateTime,
    recorded: Option<(String, String)>,
}

fn issued_pack(ws: &Workspace, pack_id: &str) -> Result<Option<Issued>> {
    let mut stmt = ws.conn.prepare(
        "SELECT declaration_id, checklist_sha256, strftime(issued_at, '%Y-%m-%dT%H:%M:%S'),
                strftime(recorded_at, '%Y-%m-%d %H:%M'), inspector
         FROM inspection_packs WHERE pack_id = ?",
    )?;
    let mut rows = stmt.query([pack_id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let recorded_at: Option<String> = row.get(3)?;
    let inspector: Option<String> = row.get(4)?;
    let issued_at: String = row.get(2)?;
    Ok(Some(Issued {
        declaration_id: row.get(0)?,
        checklist_sha256: row.get(1)?,
        issued_at: chrono::NaiveDateTime::parse_from_str(&issued_at, "%Y-%m-%dT%H:%M:%S").map_err(
            |e| {
                Error::usage(
                    format!("pack {pack_id}: issue time {issued_at}: {e}"),
                    "the workspace's inspection_packs table was edited",
                )
            },
        )?,
        recorded: recorded_at.map(|at| (at, inspector.unwrap_or_default())),
    }))
}

fn check_checklist(result: &InspectionResult, issued: &Issued) -> std::result::Result<(), String> {
    let list = &result.checklist;
    if list.format != CHECKLIST_FORMAT {
        return Err(format!(
            "the checklist's format {:?} is not {CHECKLIST_FORMAT}",
            list.format
        ));
    }
    if list.pack_id != result.pack_id
        || result.declaration_id != issued.declaration_id
        || list.declaration_id != issued.declaration_id
    {
        return Err(format!(
            "the result names pack {} and declaration {}, its checklist pack {} and declaration {}, and the pack was issued for declaration {}",
            result.pack_id, result.declaration_id, list.pack_id, list.declaration_id, issued.declaration_id
        ));
    }
    let actual = list.sha256();
    if actual != issued.checklist_sha256 || result.checklist_sha256 != issued.checklist_sha256 {
        return Err(format!(
            "the checklist was altered: its SHA-256 is {actual}, the result says {}, and pack {} was issued with {}",
            result.checklist_sha256, result.pack_id, issued.checklist_sha256
        ));
    }
    Ok(())
}

fn check_time(
    text: &str,
    issued: &chrono::NaiveDateTime,
) -> std::result::Result<chrono::NaiveDateTime, String> {
    let at = chrono::DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| format!("inspected_at {text:?} is not an RFC 3339 time: {e}"))?
        .naive_utc();
    if at < *issued - chrono::Duration::minutes(5) {
        return Err(format!(
            "inspected_at {text} is before the pack was issued ({issued} UTC)"
        ));
    }
    if at > chrono::Utc::now().naive_utc() + chrono::Duration::minutes(5) {
        return Err(format!("inspected_at {text} is in the future"));
    }
    Ok(at)
}

fn check_text(
    what: &str,
    text: &str,
    max: usize,
    required: bool,
) -> std::result::Result<(), String> {
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

fn check_answers(result: &InspectionResult) -> std::result::Result<(), String> {
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

/// (verified, not present): a photo beside the result must have the hash the result gives it.
fn check_photos(
    result: &InspectionResult,
    folder: &Path,
) -> std::result::Result<(usize, usize), String> {
    let (mut verified, mut absent) = (0, 0);
    for a in &result.answers {
        for p in &a.photos {
            let hash = p.sha256.to_ascii_lowercase();
            if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!(
                    "photo {:?} of check {}: {:?} is not a SHA-256",
                    p.file, a.check, p.sha256
                ));
            }
            let relative = Path::new(&p.file);
            if p.file.is_empty()
                || relative
                    .components()
                    .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
            {
                return Err(format!(
                    "photo {:?} of check {}: a photo is named relative to the result's folder, without ..",
                    p.file, a.check
                ));
            }
            let file = folder.join(relative);
            match std::fs::metadata(&file) {
                Ok(m) if m.is_file() => {
                    let actual =
                        file_sha256(&file).map_err(|e| format!("photo {}: {e}", file.display()))?;
                    if actual != hash {
                        return Err(format!(
                            "photo {} of check {} has SHA-256 {actual}, the result says {hash}",
                            p.file, a.check
                        ));
                    }
                    verified += 1;
                }
                _ => absent += 1,
            }
        }
    }
    Ok((verified, absent))
}

fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

/// A label as bound: item, illicit, revenue as decimal text.
struct CheckedLabel {
    item_no: i32,
    illicit: Option<bool>,
    revenue: Option<String>,
}

fn check_labels(
    ws: &Workspace,
    result: &InspectionResult,
) -> std::result::Result<Vec<CheckedLabel>, String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for l in &result.labels {
        if !seen.insert(l.item_no) {
            return Err(format!("item {} is labelled twice", l.item_no));
        }
        let exists: bool = ws
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM declarations WHERE declaration_id = ? AND item_no = ?)",
                duckdb::params![result.declaration_id, l.item_no],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        if !exists {
            return Err(format!(
                "declaration {} has no item {}",
                result.declaration_id, l.item_no
            ));
        }
        let revenue = match &l.revenue_recovered {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(money(s)?),
            Some(serde_json::Value::Number(n)) => Some(money(&n.to_string())?),
            Some(other) => return Err(format!("revenue_recovered {other} is not a sum of money")),
        };
        if l.illicit.is_none() && revenue.is_none() {
            return Err(format!("the label of item {} sets nothing", l.item_no));
        }
        out.push(CheckedLabel {
            item_no: l.item_no,
            illicit: l.illicit,
            revenue,
        });
    }
    Ok(out)
}

/// A non-negative sum with at most two decimals and sixteen digits before the point (what
/// `DECIMAL(18,2)` holds), as its text.
fn money(text: &str) -> std::result::Result<String, String> {
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

fn store(
    ws: &Workspace,
    result: &InspectionResult,
    inspected_at: &chrono::NaiveDateTime,
    labels: &[CheckedLabel],
    result_sha256: &str,
) -> Result<()> {
    let id = &result.declaration_id;
    for a in &result.answers {
        let check = result.checklist.check(&a.check).expect("checked before");
        let photos = serde_json::to_string(&a.photos).expect("photos serialise");
        ws.conn.execute(
            "INSERT INTO inspection_answers VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?::JSON, ?, ?::TIMESTAMP)",
            duckdb::params![
                result.pack_id,
                id,
                check.id,
                check.item_no,
                check.kind,
                check.text,
                a.outcome.as_str(),
                a.note,
                photos,
                result.inspector,
                timestamp(inspected_at)
            ],
        )?;
        let note = format!(
            "{} {}: {}{}",
            check.id,
            a.outcome.as_str().replace('_', " "),
            check.text,
            if a.note.trim().is_empty() {
                String::new()
            } else {
                format!(" — {}", a.note.trim())
            }
        );
        ws.conn.execute(
            "INSERT INTO annotations SELECT coalesce(max(annotation_id), 0) + 1, ?, 'INSPECTION', ?,
                    (SELECT run_id FROM inspection_packs WHERE pack_id = ?), ?::TIMESTAMP, ? FROM annotations",
            duckdb::params![id, note, result.pack_id, timestamp(inspected_at), result.inspector],
        )?;
        audit::append(
            ws,
            "inspect record",
            serde_json::json!({
                "pack_id": result.pack_id, "declaration_id": id, "check": check.id,
                "outcome": a.outcome.as_str(), "note": a.note, "photos": a.photos,
                "inspector": result.inspector,
            }),
        )?;
    }
    ws.conn.execute(
        "UPDATE declarations SET inspected = true WHERE declaration_id = ?",
        [id],
    )?;
    for l in labels {
        ws.conn.execute(
            "UPDATE declarations SET illicit = coalesce(?, illicit),
                    revenue_recovered = coalesce(CAST(? AS DECIMAL(18,2)), revenue_recovered)
             WHERE declaration_id = ? AND item_no = ?",
            duckdb::params![l.illicit, l.revenue, id, l.item_no],
        )?;
        audit::append(
            ws,
            "inspect record",
            serde_json::json!({
                "pack_id": result.pack_id, "declaration_id": id, "item_no": l.item_no,
                "illicit": l.illicit, "revenue_recovered": l.revenue,
                "inspector": result.inspector,
            }),
        )?;
    }
    ws.conn.execute(
        "UPDATE inspection_packs SET recorded_at = now()::TIMESTAMP, inspector = ?, result_sha256 = ?
         WHERE pack_id = ?",
        duckdb::params![result.inspector, result_sha256, result.pack_id],
    )?;
    Ok(())
}

/// A time as DuckDB's TIMESTAMP reads it.
fn timestamp(at: &chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
