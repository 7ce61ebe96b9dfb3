//! `provenance register`: designs into `design_registry` with what their holders (or a control
//! list) say about them — owner, licence, controlled, prescribed print settings — from a design
//! file (its geometry fingerprinted) or a registry CSV (hashes only).

use super::{file_metadata, read_design};
use crate::error::{Error, Result};
use crate::print3d;
use crate::workspace::{audit, Workspace};
use std::collections::BTreeMap;
use std::path::Path;

/// What a rights holder (or a control list) says about a design being registered.
#[derive(Default)]
pub struct Terms {
    pub owner: String,
    pub licence: Option<String>,
    pub controlled: bool,
    /// Default: the file's metadata title, else its name.
    pub title: Option<String>,
    /// Default: the file name without extension.
    pub design_id: Option<String>,
    /// Print settings the design prescribes (key → value, as `--setting` gives them).
    pub settings: BTreeMap<String, String>,
}

/// `k=v; k=v`, the registry CSV's and the report's way of writing settings.
pub fn settings_text(settings: &BTreeMap<String, String>) -> String {
    settings
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Registry entries for a design file: one per mesh (`ID#n` when there are several).
pub fn entries_from_file(
    file: &Path,
    terms: &Terms,
    limits: &crate::limits::Limits,
) -> Result<Vec<Entry>> {
    let s = read_design(file, limits)?;
    let stem = file
        .file_stem()
        .map(|x| x.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = terms.design_id.clone().unwrap_or(stem.clone());
    let several = s.meshes.len() > 1;
    Ok(s.meshes
        .iter()
        .map(|m| Entry {
            design_id: if several {
                format!("{id}#{}", m.index + 1)
            } else {
                id.clone()
            },
            title: terms
                .title
                .clone()
                .or_else(|| file_metadata(&s, "Title"))
                .unwrap_or_else(|| stem.clone()),
            owner: terms.owner.clone(),
            licence: terms.licence.clone(),
            designer: file_metadata(&s, "Designer"),
            controlled: terms.controlled,
            settings: terms.settings.clone(),
            sha256: Some(s.sha256.clone()),
            fingerprint: m.cgh.clone(),
            cgh_v2: Some(m.cgh_v2.clone()),
            shape: Some(m.shape),
            d2: Some(m.d2.clone()),
            notes: Some(format!("registered from {}", file.display())),
        })
        .collect())
}

/// Adds entries to `design_registry` in one transaction; an id already taken refuses them all.
pub fn register_entries(ws: &Workspace, entries: &[Entry]) -> Result<()> {
    ws.in_transaction(|| {
        for e in entries {
            let taken: i64 = ws.conn.query_row(
                "SELECT count(*) FROM design_registry WHERE design_id = ?",
                [&e.design_id],
                |r| r.get(0),
            )?;
            if taken > 0 {
                return Err(Error::usage(
                    format!("design `{}` is already registered", e.design_id),
                    "give another --design-id",
                ));
            }
            ws.conn.execute(
                "INSERT INTO design_registry (design_id, title, owner, controlled, sha256, fingerprint, notes, registered_at, licence, designer, d2, print_settings, cgh_v2, shape)
                 VALUES (?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP, ?, ?, CAST(? AS JSON)::DOUBLE[], CAST(? AS JSON), ?, CAST(? AS JSON))",
                duckdb::params![
                    e.design_id,
                    e.title,
                    e.owner,
                    e.controlled,
                    e.sha256,
                    e.fingerprint,
                    e.notes,
                    e.licence,
                    e.designer,
                    e.d2.as_ref().map(|d| serde_json::json!(d).to_string()),
                    (!e.settings.is_empty()).then(|| serde_json::json!(e.settings).to_string()),
                    e.cgh_v2,
                    e.shape.map(|x| serde_json::json!(x).to_string())
                ],
            )?;
        }
        audit::append(
            ws,
            "provenance register",
            serde_json::json!({ "designs": entries.iter().map(|e| &e.design_id).collect::<Vec<_>>() }),
        )
    })
}

/// A registry entry.
#[derive(serde::Serialize)]
pub struct Entry {
    pub design_id: String,
    pub title: String,
    pub owner: String,
    pub licence: Option<String>,
    pub designer: Option<String>,
    pub controlled: bool,
    pub settings: BTreeMap<String, String>,
    pub sha256: Option<String>,
    /// cgh-v1
    pub fingerprint: Option<String>,
    pub cgh_v2: Option<String>,
    pub shape: Option<print3d::mesh::Shape>,
    pub d2: Option<Vec<f64>>,
    pub notes: Option<String>,
}

/// A registry CSV: `design_id` and `owner` required, with a `sha256`, a `fingerprint`
/// (cgh-v1) or a `cgh_v2`; `title`, `licence`, `designer`, `controlled` (true/false, yes/no,
/// 1/0) and `settings` (prescribed print settings, `key=value; key=value`) optional. A CSV
/// carries no shape or size, so its rows match by hash only.
pub fn entries_from_csv(path: &Path) -> Result<Vec<Entry>> {
    let help = "columns: design_id, owner, sha256 and/or fingerprint (cgh-v1) and/or cgh_v2; optional title, licence, designer, controlled, settings (key=value; key=value)";
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| Error::bad_input(path, format!("cannot read the CSV: {e}"), help))?;
    let headers = reader
        .headers()
        .map_err(|e| Error::bad_input(path, format!("no header: {e}"), help))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(id), Some(owner)) = (col("design_id"), col("owner")) else {
        return Err(Error::bad_input(
            path,
            "the header lacks design_id or owner",
            help,
        ));
    };
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| Error::bad_input(path, format!("line {line}: {e}"), help))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        let hex64 = |v: Option<String>, what: &str| -> Result<Option<String>> {
            match v {
                Some(h) if h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()) => {
                    Err(Error::bad_input(
                        path,
                        format!("line {line}: {what} `{h}` is not 64 hex digits"),
                        help,
                    ))
                }
                other => Ok(other.map(|h| h.to_ascii_lowercase())),
            }
        };
        let sha256 = hex64(get(col("sha256")), "sha256")?;
        let fingerprint = hex64(get(col("fingerprint")), "fingerprint")?;
        let cgh_v2 = hex64(get(col("cgh_v2")), "cgh_v2")?;
        if sha256.is_none() && fingerprint.is_none() && cgh_v2.is_none() {
            return Err(Error::bad_input(
                path,
                format!("line {line}: neither a sha256 nor a fingerprint"),
                help,
            ));
        }
        let controlled = match get(col("controlled")).map(|c| c.to_ascii_lowercase()) {
            None => false,
            Some(c) if ["true", "yes", "1", "y"].contains(&c.as_str()) => true,
            Some(c) if ["false", "no", "0", "n"].contains(&c.as_str()) => false,
            Some(c) => {
                return Err(Error::bad_input(
                    path,
                    format!("line {line}: controlled `{c}` is not true or false"),
                    help,
                ))
            }
        };
        let mut settings = BTreeMap::new();
        for pair in get(col("settings")).iter().flat_map(|t| t.split(';')) {
            match pair.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                    settings.insert(k.trim().to_string(), v.trim().to_string());
                }
                _ if pair.trim().is_empty() => {}
                _ => {
                    return Err(Error::bad_input(
                        path,
                        format!("line {line}: setting `{}` is not key=value", pair.trim()),
                        help,
                    ))
                }
            }
        }
        out.push(Entry {
            design_id: get(Some(id)).ok_or_else(|| {
                Error::bad_input(path, format!("line {line}: no design_id"), help)
            })?,
            title: get(col("title")).unwrap_or_default(),
            owner: get(Some(owner)).unwrap_or_default(),
            licence: get(col("licence")),
            designer: get(col("designer")),
            controlled,
            settings,
            sha256,
            fingerprint,
            cgh_v2,
            shape: None,
            d2: None,
            notes: Some(format!("{} line {line}", path.display())),
        });
    }
    Ok(out)
}
