//! `inspect record RESULT.json`: the officer's answers taken back into the workspace.
//!
//! A result is refused whole — nothing recorded — when it is not a result file clearway reads
//! (unknown fields included), when its pack was not issued by this workspace, when the
//! checklist it carries is not the one issued (the SHA-256 of its canonical JSON, as the pack
//! wrote it, differs from the hash recorded with the pack), when the pack was recorded already, when a check is unanswered,
//! answered twice or unknown, when a deviation or a skipped check has no note, when a photo
//! beside the result does not have the hash the result gives it, or when a label names an
//! item the declaration does not have, an amount that is not a sum of money, or would leave an
//! item not illicit with revenue recovered. The file's own faults are judged by
//! `clearway_formats::inspection` (the fuzzed reader), after the pack is known to be this
//! workspace's.
//!
//! An accepted result is one transaction: each answer becomes a row of `inspection_answers`,
//! an annotation (`INSPECTION`) and an audit entry; the declaration's items are marked
//! `inspected`; each label sets `illicit` and `revenue_recovered` of its item (the learned
//! model's labels) with an audit entry of its own; and the pack is marked recorded.

use crate::error::{Error, Result};
use crate::workspace::{audit, Workspace};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

use clearway_formats::inspection::{self as file, Refusal};
pub use clearway_formats::inspection::{
    Answer, InspectionResult, Label, Outcome, Photo, MAX_RESULT_BYTES, RESULT_FORMAT as FORMAT,
};

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

impl Recorded {
    /// What was recorded, as the CLI prints it and the TUI's status line shows it.
    pub fn summary(&self) -> String {
        format!(
            "recorded pack {} for declaration {}: {} answers ({} found, {} not found, {} deviations, {} not checked), {} labels, {} photos verified{} — by {}\n",
            self.pack_id,
            self.declaration_id,
            self.answers,
            self.found,
            self.not_found,
            self.deviations,
            self.not_checked,
            self.labels,
            self.photos_verified,
            if self.photos_not_present > 0 {
                format!(
                    ", {} not beside the result (hashes kept unchecked)",
                    self.photos_not_present
                )
            } else {
                String::new()
            },
            self.inspector
        )
    }
}

/// Reads, checks and records the result at `path`.
pub fn record(ws: &Workspace, path: &Path) -> Result<Recorded> {
    let bytes = read_result(path)?;
    let refused = |refusal| match refusal {
        Refusal::NotAResult { why, help } => Error::bad_input(path, why, help.to_string()),
        Refusal::Refused { why, help } => Error::input_refused(path, why, help.to_string()),
    };
    // the pack first: a result for a pack this workspace did not issue is told so before
    // anything is said about its answers
    let result = file::parse_result(&bytes).map_err(refused)?;
    let refuse = |why: String, help: &str| Error::input_refused(path, why, help.to_string());
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
    file::check_result(&result).map_err(refused)?;
    let inspected_at = check_time(&result, &issued.issued_at).map_err(|why| {
        refuse(
            why,
            "give the time of the inspection in RFC 3339, e.g. 2026-12-07T10:30:00Z",
        )
    })?;
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

/// The result file's bytes: a regular file of at most [`MAX_RESULT_BYTES`].
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

/// The time against the pack's issue and the clock (its form was checked by the reader).
fn check_time(
    result: &InspectionResult,
    issued: &chrono::NaiveDateTime,
) -> std::result::Result<chrono::NaiveDateTime, String> {
    let at = file::inspected_at(result)?;
    let text = &result.inspected_at;
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

/// (verified, not present): a photo beside the result must have the hash the result gives it.
fn check_photos(
    result: &InspectionResult,
    folder: &Path,
) -> std::result::Result<(usize, usize), String> {
    let (mut verified, mut absent) = (0, 0);
    for a in &result.answers {
        for p in &a.photos {
            // the name and the hash's shape were checked by the reader
            let hash = p.sha256.to_ascii_lowercase();
            let relative = Path::new(&p.file);
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
    let mut out = Vec::new();
    for l in &result.labels {
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
        let revenue = l.revenue()?;
        let illicit = settle_illicit(
            ws,
            &result.declaration_id,
            l.item_no,
            l.illicit,
            revenue.as_deref(),
        )?;
        out.push(CheckedLabel {
            item_no: l.item_no,
            illicit,
            revenue,
        });
    }
    Ok(out)
}

/// The `illicit` a label stores, such that no item ends "not illicit, with revenue recovered"
/// (revenue comes from a finding; the learned model would otherwise train on the
/// contradiction):
/// - revenue above 0 with `illicit: false` is refused;
/// - revenue above 0 with `illicit` left out is a finding, and stored as `illicit = true` (a
///   loaded export says `false` for every item nobody has inspected, so the stored value
///   cannot be the officer's word);
/// - `illicit: false` without revenue, on an item whose recorded revenue is above 0, is refused
///   unless the label gives revenue 0 to clear it.
fn settle_illicit(
    ws: &Workspace,
    declaration_id: &str,
    item_no: i32,
    illicit: Option<bool>,
    revenue: Option<&str>,
) -> std::result::Result<Option<bool>, String> {
    let positive = |amount: &str| amount.chars().any(|c| ('1'..='9').contains(&c));
    match (illicit, revenue) {
        (Some(false), Some(amount)) if positive(amount) => Err(format!(
            "item {item_no} is labelled not illicit yet {amount} revenue is recovered from it: \
             label it illicit, or give no revenue (or 0)"
        )),
        (None, Some(amount)) if positive(amount) => Ok(Some(true)),
        (Some(false), None) => {
            let recorded: Option<String> = ws
                .conn
                .query_row(
                    "SELECT CAST(revenue_recovered AS VARCHAR) FROM declarations
                     WHERE declaration_id = ? AND item_no = ? AND revenue_recovered > 0",
                    duckdb::params![declaration_id, item_no],
                    |r| r.get(0),
                )
                .map(Some)
                .or_else(|e| match e {
                    duckdb::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e.to_string()),
                })?;
            match recorded {
                Some(amount) => Err(format!(
                    "item {item_no} has {amount} revenue recovered on record, which a label of not \
                     illicit contradicts: give revenue_recovered 0 with it to clear the amount"
                )),
                None => Ok(illicit),
            }
        }
        _ => Ok(illicit),
    }
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
    fn no_item_ends_clean_with_revenue_recovered() {
        let ws = Workspace::in_memory().unwrap();
        // as a loaded export has them: not inspected, illicit false, no revenue; and an item
        // an earlier inspection found
        ws.conn
            .execute_batch(
                "INSERT INTO declarations (declaration_id, item_no, declared_at, illicit, revenue_recovered)
                 VALUES ('D', 1, TIMESTAMP '2025-01-01', false, NULL),
                        ('D', 2, TIMESTAMP '2025-01-01', true, 250.00)",
            )
            .unwrap();
        let settle = |item, illicit, revenue| settle_illicit(&ws, "D", item, illicit, revenue);
        assert!(settle(1, Some(false), Some("10")).is_err(), "said clean");
        assert_eq!(settle(1, None, Some("0.01")), Ok(Some(true)), "a finding");
        assert_eq!(settle(1, Some(true), Some("10")), Ok(Some(true)));
        assert_eq!(settle(1, Some(false), Some("0.00")), Ok(Some(false)));
        assert_eq!(settle(1, None, Some("0")), Ok(None), "nothing recovered");
        assert_eq!(settle(1, Some(false), None), Ok(Some(false)));
        let err = settle(2, Some(false), None).unwrap_err();
        assert!(err.contains("250.00 revenue recovered on record"), "{err}");
        assert_eq!(
            settle(2, Some(false), Some("0")),
            Ok(Some(false)),
            "cleared"
        );
    }
}
