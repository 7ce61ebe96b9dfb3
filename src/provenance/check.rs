//! `provenance check`: each mesh judged against every registered design with
//! [`print3d::compare`] (same geometry, mirror image, same shape and size, shape at another
//! size), keeping the strongest relation; only a mesh that *is* a design (exact, same
//! geometry, similar) inherits its controls, licence and designer — a mirror image or another
//! size of a controlled design says so in its reasons instead. Files without geometry
//! (G-code) are held against the registry by the names they print and the settings they were
//! sliced with. Whether a file is anchored on a loaded ledger is said for every verdict, and
//! the verdicts are recorded in `provenance_checks`.

use super::{design_files, file_metadata, read_design, try_read_design};
use crate::error::{Error, Result};
use crate::print3d::{self, DesignFormat, Scanned};
use crate::workspace::{audit, Workspace};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A registered design as the check compares it.
struct Registered {
    design_id: String,
    title: String,
    owner: String,
    controlled: bool,
    sha256: Option<String>,
    /// cgh-v1
    fingerprint: Option<String>,
    cgh_v2: Option<String>,
    shape: Option<print3d::mesh::Shape>,
    licence: Option<String>,
    designer: Option<String>,
    d2: Option<Vec<f64>>,
    settings: BTreeMap<String, String>,
}

impl Registered {
    fn reference(&self) -> print3d::compare::Reference<'_> {
        print3d::compare::Reference {
            cgh_v1: self.fingerprint.as_deref(),
            cgh_v2: self.cgh_v2.as_deref(),
            shape: self.shape.as_ref(),
            d2: self.d2.as_deref(),
        }
    }
}

/// One mesh's verdict.
#[derive(serde::Serialize)]
pub struct Verdict {
    pub file: String,
    pub mesh: String,
    pub sha256: String,
    pub fingerprint: String,
    pub verdict: &'static str,
    pub design_id: Option<String>,
    pub similarity: Option<f64>,
    pub controlled: bool,
    pub anchored: Option<String>,
    pub claimed_design: Option<String>,
    pub reasons: Vec<String>,
}

fn registry(ws: &Workspace) -> Result<Vec<Registered>> {
    let mut stmt = ws.conn.prepare(
        "SELECT design_id, coalesce(title, ''), coalesce(owner, ''), coalesce(controlled, false), sha256, fingerprint,
                licence, designer, CAST(to_json(d2) AS VARCHAR), CAST(print_settings AS VARCHAR),
                cgh_v2, CAST(shape AS VARCHAR)
         FROM design_registry ORDER BY design_id",
    )?;
    let rows = stmt.query_map([], |r| {
        let d2: Option<String> = r.get(8)?;
        let settings: Option<String> = r.get(9)?;
        let shape: Option<String> = r.get(11)?;
        Ok(Registered {
            design_id: r.get(0)?,
            title: r.get(1)?,
            owner: r.get(2)?,
            controlled: r.get(3)?,
            sha256: r.get(4)?,
            fingerprint: r.get(5)?,
            cgh_v2: r.get(10)?,
            shape: shape.and_then(|t| serde_json::from_str(&t).ok()),
            licence: r.get(6)?,
            designer: r.get(7)?,
            d2: d2.and_then(|t| serde_json::from_str(&t).ok()),
            settings: settings
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Where the file or its geometry is anchored: a valid record in a verified block whose
/// document hash (or `design_sha256` / `cgh` field) is the file's sha256, its cgh-v1 or its
/// cgh-v2.
fn anchor(ws: &Workspace, sha256: &str, cgh: &str, cgh_v2: &str) -> Result<(Option<String>, bool)> {
    let sql = "SELECT string_agg(DISTINCT chain_id || ' block ' || block_number, ', ') FILTER (WHERE valid),
                      count(*) FILTER (WHERE NOT valid)
               FROM ledger_records
               WHERE lower(replace(coalesce(doc_hash, ''), '0x', '')) IN (?, ?, ?)
                  OR payload->>'design_sha256' = ? OR payload->>'cgh' IN (?, ?)";
    let (valid, invalid): (Option<String>, i64) = ws.conn.query_row(
        sql,
        duckdb::params![sha256, cgh, cgh_v2, sha256, cgh, cgh_v2],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((valid, invalid > 0))
}

/// What a check compares a file with: the registry, the thresholds and the design the file
/// claims to be, if one was given.
struct Against<'a> {
    designs: &'a [Registered],
    thresholds: print3d::compare::Thresholds,
    claim: Option<&'a Registered>,
}

fn judge(
    ws: &Workspace,
    s: &Scanned,
    m: &print3d::ScannedMesh,
    against: &Against,
) -> Result<Verdict> {
    use print3d::compare::{compare, ratio_text, Probe, Relation};
    let designs = against.designs;
    let mut reasons = Vec::new();
    let exact = designs
        .iter()
        .find(|d| d.sha256.as_deref() == Some(s.sha256.as_str()));
    // the design the mesh relates to best (the first one in id order among equals)
    let probe = Probe::of(m);
    let mut best: Option<(&Registered, Relation)> = None;
    for d in designs {
        let relation = compare(&probe, &d.reference(), &against.thresholds);
        let better = best.as_ref().is_none_or(|(_, b)| {
            let (r, b) = (relation.rank(), b.rank());
            r.0 > b.0 || (r.0 == b.0 && r.1 > b.1)
        });
        if better {
            best = Some((d, relation));
        }
    }
    let tolerance = against.thresholds.size_tolerance * 100.0;
    // (verdict, the design related, the score, whether the mesh IS that design)
    let (kind, related, score, is_design) = match (exact, &best) {
        (Some(d), _) => {
            reasons.push(format!("exact copy of {} ({})", d.design_id, d.title));
            ("exact", Some(d), Some(1.0), true)
        }
        (None, Some((d, relation))) => {
            let (id, title) = (&d.design_id, &d.title);
            let score = match relation {
                Relation::SameGeometry { recipe } => {
                    reasons.push(format!(
                        "same geometry as {id} ({title}) in a different file (same {recipe}{})",
                        if *recipe == "cgh-v2" {
                            ": the same triangles up to position and rotation"
                        } else {
                            ""
                        }
                    ));
                    Some(1.0)
                }
                Relation::Mirror { d2: None, .. } => {
                    reasons.push(format!(
                        "mirror image of {id} ({title}): its reflection has {id}'s cgh-v2 — not the same part"
                    ));
                    None
                }
                Relation::Mirror {
                    d2: Some(d2),
                    ratio,
                } => {
                    reasons.push(format!(
                        "mirror image of {id} ({title}): D2 similarity {d2:.3}, size ratio {} (principal axes), opposite handedness (chirality {:+.3} against {:+.3}) — not the same part",
                        ratio.as_ref().map(ratio_text).unwrap_or_default(),
                        m.shape.chirality,
                        d.shape.map(|x| x.chirality).unwrap_or_default()
                    ));
                    Some(*d2)
                }
                Relation::Similar {
                    d2,
                    ratio,
                    mirrored: false,
                } => {
                    reasons.push(format!(
                        "similar to {id} ({title}): D2 similarity {d2:.3}, size ratio {} (principal axes, within ±{tolerance:.1} %)",
                        ratio_text(ratio)
                    ));
                    Some(*d2)
                }
                Relation::Similar {
                    d2, mirrored: true, ..
                } => {
                    reasons.push(format!(
                        "similar to {id} ({title}): its mirror image has {id}'s cgh-v2, and {id} has no handedness (a symmetry plane), so this is {id} triangulated the other way round"
                    ));
                    Some(*d2)
                }
                Relation::ShapeOnly {
                    d2,
                    ratio: Some(ratio),
                } => {
                    reasons.push(format!(
                        "shaped like {id} ({title}) (D2 similarity {d2:.3}) but not its size: size ratio {} (principal axes; beyond ±{tolerance:.1} %)",
                        ratio_text(ratio)
                    ));
                    Some(*d2)
                }
                Relation::ShapeOnly { d2, ratio: None } => {
                    reasons.push(format!(
                        "shaped like {id} ({title}) (D2 similarity {d2:.3}), but {id}'s size is not on record (registered before clearway recorded sizes, and its file could not be read again): not judged to be {id}; register it again"
                    ));
                    Some(*d2)
                }
                Relation::Unrelated { d2 } => {
                    reasons.push("matches no registered design".into());
                    *d2
                }
            };
            match relation {
                Relation::Unrelated { .. } => ("unknown", None, score, false),
                r => (r.verdict(), Some(*d), score, r.is_the_design()),
            }
        }
        (None, None) => {
            reasons.push("matches no registered design".into());
            ("unknown", None, None, false)
        }
    };
    let design = related.filter(|_| is_design);
    let controlled = design.is_some_and(|d| d.controlled);
    match related {
        Some(d) if d.controlled && is_design => {
            reasons.push(format!("{} is a CONTROLLED design", d.design_id))
        }
        Some(d) if d.controlled => reasons.push(format!(
            "{} is a CONTROLLED design; this file is {}, not the design itself",
            d.design_id,
            if kind == "mirror" {
                "its mirror image"
            } else {
                "its shape at another size"
            }
        )),
        _ => {}
    }
    let contradicted = against
        .claim
        .filter(|c| design.map(|d| &d.design_id) != Some(&c.design_id));
    if let Some(c) = contradicted {
        reasons.push(format!(
            "its geometry contradicts the claimed design {} ({}): {}",
            c.design_id,
            c.title,
            match related {
                Some(d) if is_design => format!("it is {}", d.design_id),
                Some(d) if kind == "mirror" => format!("it is the mirror image of {}", d.design_id),
                Some(d) => format!("it is {}'s shape at another size", d.design_id),
                None => "it matches no registered design".into(),
            }
        ));
    }
    // licence and designer metadata (3MF carries them; STL has no place for them)
    if s.format == DesignFormat::ThreeMf {
        let licence = file_metadata(s, "LicenseTerms");
        let designer = file_metadata(s, "Designer");
        if licence.is_none() {
            reasons.push("no LicenseTerms metadata".into());
        }
        if designer.is_none() {
            reasons.push("no Designer metadata".into());
        }
        if let Some(d) = design {
            if let (Some(have), Some(want)) = (&licence, &d.licence) {
                if !have.eq_ignore_ascii_case(want) {
                    reasons.push(format!(
                        "LicenseTerms `{have}` contradicts the registry's `{want}`"
                    ));
                }
            }
            let on_record = d.designer.clone().unwrap_or_else(|| d.owner.clone());
            if let Some(have) = &designer {
                if !on_record.is_empty() && !have.to_lowercase().contains(&on_record.to_lowercase())
                {
                    reasons.push(format!(
                        "Designer `{have}` is not the registry's `{on_record}`"
                    ));
                }
            }
        }
    } else {
        reasons.push("the format carries no licence or designer metadata".into());
    }
    let (anchored, only_invalid) = anchor(
        ws,
        &s.sha256,
        m.cgh.as_deref().unwrap_or(&m.cgh_v2),
        &m.cgh_v2,
    )?;
    match &anchored {
        Some(at) => reasons.push(format!("anchored on {at}")),
        None if only_invalid => reasons.push(
            "its hash is on a ledger only in an invalid record or a failed block: not anchored"
                .into(),
        ),
        None => reasons.push("not anchored on any loaded ledger".into()),
    }
    Ok(Verdict {
        file: s.path.clone(),
        mesh: if m.name.is_empty() {
            format!("mesh {}", m.index + 1)
        } else {
            m.name.clone()
        },
        sha256: s.sha256.clone(),
        fingerprint: m.cgh_v2.clone(),
        verdict: if controlled {
            "controlled"
        } else if contradicted.is_some() {
            "contradicted"
        } else {
            kind
        },
        design_id: related.map(|d| d.design_id.clone()),
        similarity: score,
        controlled,
        anchored,
        claimed_design: against.claim.map(|c| c.design_id.clone()),
        reasons,
    })
}

/// A file without geometry (G-code, an all-encrypted 3MF): what it says it prints, set
/// against the registry by name — a G-code whose objects are named after a registered design
/// claims that design, and a controlled one is flagged — and whether its bytes are anchored.
/// Given a claimed design, object names that are not the claimed design's contradict the
/// claim; and the print settings the claimed (or named) design prescribes are held against the
/// slicer's.
fn judge_without_geometry(ws: &Workspace, s: &Scanned, against: &Against) -> Result<Verdict> {
    let designs = against.designs;
    let mut reasons = vec!["no geometry to compare (G-code, or encrypted content)".to_string()];
    let text = |k: &str| s.info.get(k).and_then(|v| v.as_str()).map(String::from);
    if let Some(generator) = text("generator") {
        reasons.push(format!(
            "sliced by {generator} {}{}{}{}",
            text("version").unwrap_or_default(),
            text("date").map(|d| format!(" on {d}")).unwrap_or_default(),
            text("printer")
                .map(|p| format!(" for {p}"))
                .unwrap_or_default(),
            text("material")
                .map(|m| format!(" in {m}"))
                .unwrap_or_default()
        ));
    }
    let objects: Vec<String> = s
        .info
        .get("objects")
        .and_then(|o| o.as_array())
        .into_iter()
        .flatten()
        .filter_map(|o| o.as_str().map(str::to_lowercase))
        .collect();
    let named = designs
        .iter()
        .find(|d| objects.iter().any(|o| names_design(o, d)));
    if !objects.is_empty() {
        reasons.push(format!("prints objects named {}", objects.join(", ")));
    }
    if let Some(d) = named {
        reasons.push(format!(
            "an object is named after registered design {} ({})",
            d.design_id, d.title
        ));
        if d.controlled {
            reasons.push(format!("{} is a CONTROLLED design", d.design_id));
        }
    }
    let mut contradicted = false;
    if let Some(c) = against.claim {
        if !objects.is_empty() && !objects.iter().any(|o| names_design(o, c)) {
            reasons.push(format!(
                "its object names contradict the claimed design {} ({})",
                c.design_id, c.title
            ));
            contradicted = true;
        }
    }
    let held_to = against.claim.or(named);
    if let Some(d) = held_to.filter(|d| !d.settings.is_empty()) {
        let (said, differs) = compare_settings(&s.info, &d.settings, &d.design_id);
        reasons.extend(said);
        contradicted |= differs;
    }
    let (anchored, _) = anchor(ws, &s.sha256, &s.sha256, &s.sha256)?;
    reasons.push(match &anchored {
        Some(at) => format!("anchored on {at}"),
        None => "not anchored on any loaded ledger".into(),
    });
    let controlled =
        named.is_some_and(|d| d.controlled) || against.claim.is_some_and(|d| d.controlled);
    Ok(Verdict {
        file: s.path.clone(),
        mesh: "-".into(),
        sha256: s.sha256.clone(),
        fingerprint: String::new(),
        verdict: if controlled {
            "controlled"
        } else if contradicted {
            "contradicted"
        } else if named.is_some() {
            "named_like"
        } else {
            "no_geometry"
        },
        design_id: named.or(against.claim).map(|d| d.design_id.clone()),
        similarity: None,
        controlled,
        anchored,
        claimed_design: against.claim.map(|c| c.design_id.clone()),
        reasons,
    })
}

/// An object name (lower case) that names a design: its id or title, three letters or more.
fn names_design(object: &str, d: &Registered) -> bool {
    [d.design_id.to_lowercase(), d.title.to_lowercase()]
        .iter()
        .any(|n| n.len() >= 3 && object.contains(n.as_str()))
}

/// The prescribed print settings held against what the slicer recorded: reasons, and whether
/// any contradicts. A setting is looked up by clearway's normalised names (`material`,
/// `layer_height`, `printer`), then among the slicer's own keys ignoring case and `_` versus
/// space (PrusaSlicer `fill_density`, Cura `Layer height`); values compare as numbers when
/// both are (a trailing `%` or `mm` dropped), otherwise as text, and a per-extruder list
/// (`0.4,0.4`) agrees when any element does. A setting the file does not record is said, not
/// held against it.
fn compare_settings(
    info: &serde_json::Value,
    prescribed: &BTreeMap<String, String>,
    design_id: &str,
) -> (Vec<String>, bool) {
    let key = |k: &str| k.trim().to_lowercase().replace(' ', "_");
    let recorded = |k: &str| -> Option<String> {
        let wanted = key(k);
        info.get(&wanted)
            .and_then(|v| v.as_str())
            .map(String::from)
            .or_else(|| {
                info.get("settings")?
                    .as_object()?
                    .iter()
                    .find(|(have, _)| key(have) == wanted)
                    .and_then(|(_, v)| v.as_str().map(String::from))
            })
    };
    let (mut reasons, mut differs) = (Vec::new(), false);
    for (k, want) in prescribed {
        match recorded(k) {
            None => reasons.push(format!(
                "does not record `{k}` ({design_id} prescribes {want})"
            )),
            Some(have) if same_setting(&have, want) => {
                reasons.push(format!("`{k}` = {have}, as {design_id} prescribes"))
            }
            Some(have) => {
                differs = true;
                reasons.push(format!(
                    "setting `{k}` = {have} contradicts the registry's {want} for {design_id}"
                ));
            }
        }
    }
    (reasons, differs)
}

fn same_setting(have: &str, want: &str) -> bool {
    let number = |v: &str| {
        v.trim()
            .trim_end_matches('%')
            .trim_end_matches("mm")
            .trim()
            .parse::<f64>()
            .ok()
    };
    have.split([',', ';'])
        .any(|h| match (number(h), number(want)) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            _ => h.trim().eq_ignore_ascii_case(want.trim()),
        })
}

/// Registry rows written before cgh-v2 (no cgh-v2, no sizes) whose file is still where it was
/// registered from, with the same sha256, get both recomputed from it — so an old workspace
/// compares as a new one wherever it can; the rest keep what they have (cgh-v1, D2) and are
/// compared with that, and a match by shape alone then says the size is not on record.
/// Returns the designs refreshed (each in the audit trail).
fn refresh_legacy(ws: &Workspace) -> Result<Vec<String>> {
    let mut stmt = ws.conn.prepare(
        "SELECT design_id, sha256, notes FROM design_registry
         WHERE cgh_v2 IS NULL AND sha256 IS NOT NULL AND notes LIKE 'registered from %'
         ORDER BY design_id",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut updates = Vec::new();
    for (id, sha256, notes) in rows {
        let path = PathBuf::from(notes.trim_start_matches("registered from "));
        let Ok(s) = try_read_design(&path, &ws.limits) else {
            continue;
        };
        if s.sha256 != sha256 {
            continue;
        }
        // `ID#n` is mesh n of a file with several
        let index = match id
            .rsplit_once('#')
            .and_then(|(_, n)| n.parse::<usize>().ok())
        {
            Some(n) if s.meshes.len() > 1 && n >= 1 => n - 1,
            _ if s.meshes.len() == 1 => 0,
            _ => continue,
        };
        let Some(m) = s.meshes.get(index) else {
            continue;
        };
        updates.push((id, m.cgh_v2.clone(), serde_json::json!(m.shape).to_string()));
    }
    if updates.is_empty() {
        return Ok(Vec::new());
    }
    ws.in_transaction(|| {
        for (id, cgh_v2, shape) in &updates {
            ws.conn.execute(
                "UPDATE design_registry SET cgh_v2 = ?, shape = CAST(? AS JSON) WHERE design_id = ?",
                duckdb::params![cgh_v2, shape, id],
            )?;
        }
        audit::append(
            ws,
            "provenance registry refresh",
            serde_json::json!({ "designs": updates.iter().map(|u| &u.0).collect::<Vec<_>>(),
                                "why": "cgh-v2 and principal sizes recomputed from the registered files" }),
        )
    })?;
    Ok(updates.into_iter().map(|u| u.0).collect())
}

/// Judges the design files under `paths` against the registry and the ledgers, and records the
/// verdicts in `provenance_checks`.
pub fn check_paths(
    ws: &Workspace,
    paths: &[PathBuf],
    thresholds: print3d::compare::Thresholds,
    claim: Option<&str>,
) -> Result<Vec<Verdict>> {
    refresh_legacy(ws)?;
    let designs = registry(ws)?;
    let claim = match claim {
        None => None,
        Some(id) => Some(designs.iter().find(|d| d.design_id == id).ok_or_else(|| {
            Error::usage(
                format!("the claimed design `{id}` is not registered"),
                "see the registry: clearway query \"SELECT design_id, title FROM design_registry\"",
            )
        })?),
    };
    let against = Against {
        designs: &designs,
        thresholds,
        claim,
    };
    let mut verdicts = Vec::new();
    for file in design_files(paths)? {
        let s = read_design(&file, &ws.limits)?;
        for m in &s.meshes {
            verdicts.push(judge(ws, &s, m, &against)?);
        }
        if s.meshes.is_empty() {
            verdicts.push(judge_without_geometry(ws, &s, &against)?);
        }
    }
    ws.in_transaction(|| {
        for v in &verdicts {
            ws.conn.execute(
                "INSERT INTO provenance_checks (check_id, file_id, design_id, verdict, similarity, reasons, checked_at, path, sha256, fingerprint, anchored, claimed_design)
                 SELECT coalesce(max(check_id), 0) + 1, ?, ?, ?, ?, CAST(? AS JSON)::VARCHAR[], now()::TIMESTAMP, ?, ?, ?, ?, ?
                 FROM provenance_checks",
                duckdb::params![
                    format!("{}#{}", &v.sha256[..16], v.mesh),
                    v.design_id,
                    v.verdict,
                    v.similarity,
                    serde_json::json!(v.reasons).to_string(),
                    v.file,
                    v.sha256,
                    v.fingerprint,
                    v.anchored,
                    v.claimed_design
                ],
            )?;
        }
        audit::append(
            ws,
            "provenance check",
            serde_json::json!({ "files": verdicts.iter().map(|v| &v.file).collect::<std::collections::BTreeSet<_>>(),
                                "verdicts": verdicts.iter().map(|v| v.verdict).collect::<Vec<_>>() }),
        )
    })?;
    Ok(verdicts)
}
