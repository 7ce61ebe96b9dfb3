//! `clearway provenance scan`: design files into `design_files`, one row per mesh, each file its
//! own load (a `loads` row, the audit entry) and its own transaction.
//!
//! A folder is searched for design files; a file that cannot be read does not stop the others —
//! it is listed with its reason, and the command then fails (exit 2) naming how many, so a
//! script cannot miss it. A file already scanned (same sha256) is skipped and said so.
//!
//! `provenance check` judges each mesh against every registered design with
//! [`print3d::compare`] (same geometry, mirror image, same shape and size, shape at another
//! size), keeps the strongest relation, and only a mesh that *is* a design (exact, same
//! geometry, similar) inherits its controls, licence and designer; a mirror image or another
//! size of a controlled design says so in its reasons instead.

use super::Ctx;
use crate::cli::{
    ProvenanceCheckArgs, ProvenanceCommand, ProvenanceFailOn, ProvenanceRegisterArgs,
    ProvenanceScanArgs, ReportFormat,
};
use crate::error::{Error, Result};
use crate::print3d::{self, DesignFormat, Scanned};
use crate::workspace::{audit, Workspace};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn run(cmd: ProvenanceCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        ProvenanceCommand::Scan(args) => scan(args, ctx),
        ProvenanceCommand::Register(args) => register(args, ctx),
        ProvenanceCommand::Check(args) => check(args, ctx),
    }
}

/// The files to scan: those named, and the design files under the folders named (sorted).
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(Error::Read {
                path: p.clone(),
                cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|cause| Error::Read {
        path: dir.to_path_buf(),
        cause,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if DesignFormat::of(&path, &[]).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

fn scan(args: ProvenanceScanArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let files = files(&args.paths)?;
    let mut scanned = Vec::new();
    let mut failed: Vec<(PathBuf, String)> = Vec::new();
    let mut skipped = Vec::new();
    for file in &files {
        let started = std::time::Instant::now();
        match scan_any(file) {
            Ok(s) => match store(&ws, file, &s, started.elapsed().as_secs_f64()) {
                Ok(()) => scanned.push(s),
                Err(Error::AlreadyLoaded { load_id, .. }) => skipped.push((file.clone(), load_id)),
                Err(e) => return Err(e),
            },
            Err(why) => failed.push((file.clone(), why)),
        }
    }
    match args.report {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "scanned": scanned,
                "skipped": skipped.iter().map(|(p, id)| serde_json::json!({"file": p, "load_id": id})).collect::<Vec<_>>(),
                "failed": failed.iter().map(|(p, why)| serde_json::json!({"file": p, "reason": why})).collect::<Vec<_>>(),
            }))
            .expect("JSON serialises")
        ),
        ReportFormat::Text => print!("{}", render(&scanned, &skipped, &failed)),
    }
    match failed.first() {
        None => Ok(0),
        Some((path, why)) => Err(Error::bad_input(
            path,
            format!(
                "{why}{}",
                if failed.len() > 1 {
                    format!(" (and {} more file(s) could not be read)", failed.len() - 1)
                } else {
                    String::new()
                }
            ),
            "the other files were scanned; see the list above",
        )),
    }
}

/// One file's rows, its `loads` row and audit entry, in one transaction.
fn store(ws: &Workspace, path: &Path, s: &Scanned, seconds: f64) -> Result<()> {
    crate::ingest::declarations::refuse_reload(ws, path, &s.sha256, false, "design")?;
    let load_id: i64 = ws
        .conn
        .query_row("SELECT nextval('load_id_seq')", [], |r| r.get(0))?;
    let file = crate::ingest::declarations::absolute(path);
    let format = serde_json::to_value(s.format)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    ws.in_transaction(|| {
        if s.meshes.is_empty() {
            // a file with no readable geometry (all of it encrypted, say) is still on record
            ws.conn.execute(
                "INSERT INTO design_files VALUES (?, ?, ?, ?, ?, 0, NULL, NULL, NULL, ?, ?, 0, ?)",
                duckdb::params![
                    format!("{}#-", &s.sha256[..16]),
                    file,
                    format,
                    s.sha256,
                    s.bytes as i64,
                    serde_json::json!({ "file": s.info, "warnings": s.warnings }).to_string(),
                    file,
                    load_id
                ],
            )?;
        }
        for m in &s.meshes {
            let b = &m.measures;
            ws.conn.execute(
                "INSERT INTO design_files VALUES (?, ?, ?, ?, ?, ?, CAST(? AS JSON)::DOUBLE[], ?, ?, ?, ?, ?, ?)",
                duckdb::params![
                    format!("{}#{}", &s.sha256[..16], m.index),
                    file,
                    format,
                    s.sha256,
                    s.bytes as i64,
                    b.triangles as i64,
                    serde_json::json!([b.bbox_min[0], b.bbox_min[1], b.bbox_min[2], b.bbox_max[0], b.bbox_max[1], b.bbox_max[2]]).to_string(),
                    b.volume,
                    m.cgh,
                    serde_json::json!({ "mesh": m.name, "measures": b, "cgh_v2": m.cgh_v2, "cgh_v2_mirror": m.cgh_v2_mirror,
                                        "shape": m.shape, "d2": m.d2, "file": s.info, "warnings": s.warnings }).to_string(),
                    file,
                    m.index as i64 + 1,
                    load_id
                ],
            )?;
        }
        crate::ingest::insert_load(
            ws,
            &crate::ingest::LoadRow {
                load_id,
                kind: "design",
                target_table: "design_files",
                file: &file,
                sha256: &s.sha256,
                bytes: s.bytes,
                format: format.clone(),
                encoding: None,
                options: None,
                read: s.meshes.len() as u64,
                loaded: s.meshes.len() as u64,
                rejected: 0,
                warnings: &s.warnings,
                forced: false,
                seconds,
            },
        )?;
        audit::append(
            ws,
            "provenance scan",
            serde_json::json!({ "load_id": load_id, "file": file, "sha256": s.sha256, "format": format,
                                "meshes": s.meshes.len() }),
        )
    })
}

fn render(scanned: &[Scanned], skipped: &[(PathBuf, i64)], failed: &[(PathBuf, String)]) -> String {
    let mut out = String::new();
    for s in scanned {
        out.push_str(&format!(
            "{} · {} · {} bytes · sha256 {}\n",
            s.path,
            serde_json::to_value(s.format)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            crate::output::group_thousands(s.bytes as i64),
            &s.sha256[..16]
        ));
        for m in &s.meshes {
            let b = &m.measures;
            let size: Vec<String> = (0..3)
                .map(|k| format!("{:.4}", b.bbox_max[k] - b.bbox_min[k]))
                .collect();
            out.push_str(&format!(
                "  {:<28} {:>8} triangles  {} mm  area {:.2}  volume {:.2}  {}  cgh {}  cgh-v2 {}\n",
                if m.name.is_empty() {
                    format!("mesh {}", m.index + 1)
                } else {
                    m.name.clone()
                },
                b.triangles,
                size.join(" × "),
                b.area,
                b.volume,
                if b.watertight { "watertight" } else { "OPEN" },
                m.cgh.as_deref().map_or("-", |h| &h[..16]),
                &m.cgh_v2[..16]
            ));
        }
        for w in &s.warnings {
            out.push_str(&format!("  warning {w}\n"));
        }
    }
    for (p, load_id) in skipped {
        out.push_str(&format!(
            "{}: already scanned (load {load_id}); skipped\n",
            p.display()
        ));
    }
    for (p, why) in failed {
        out.push_str(&format!("{}: NOT READ: {why}\n", p.display()));
    }
    out
}

/// Reads and scans one design file; an unreadable one is an input error.
fn scan_file(path: &Path) -> Result<Scanned> {
    scan_any(path).map_err(|why| {
        Error::bad_input(
            path,
            why,
            "clearway reads STL, 3MF, OBJ, AMF, G-code and binary G-code design files",
        )
    })
}

/// Scans a file: streamed when it is a binary STL too large to read whole (in bounded memory),
/// else read and scanned in memory.
fn scan_any(path: &Path) -> std::result::Result<Scanned, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if size > print3d::STREAM_ABOVE_BYTES && DesignFormat::of(path, &[]) == Some(DesignFormat::Stl)
    {
        return print3d::scan_streamed(path);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    print3d::scan(path, &bytes)
}

/// A text field of a 3MF file's metadata.
fn file_metadata(s: &Scanned, name: &str) -> Option<String> {
    s.info
        .pointer(&format!("/metadata/{name}"))
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
}

fn register(args: ProvenanceRegisterArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let entries = match (&args.registry, &args.file) {
        (Some(csv), _) => registry_csv(csv)?,
        (None, Some(file)) => entries_from_file(
            file,
            &Terms {
                owner: args.owner.clone().unwrap_or_default(),
                licence: args.licence.clone(),
                controlled: args.controlled,
                title: args.title.clone(),
                design_id: args.design_id.clone(),
                settings: args
                    .settings
                    .iter()
                    .map(|p| (p.name.clone(), p.value.clone()))
                    .collect(),
            },
        )?,
        (None, None) => unreachable!("clap requires a file or --registry"),
    };
    register_entries(&ws, &entries)?;
    for e in &entries {
        println!(
            "registered {} · {} · owner {} · licence {}{}{}",
            e.design_id,
            e.title,
            e.owner,
            e.licence.as_deref().unwrap_or("-"),
            if e.controlled { " · CONTROLLED" } else { "" },
            if e.settings.is_empty() {
                String::new()
            } else {
                format!(" · prints with {}", settings_text(&e.settings))
            }
        );
    }
    Ok(0)
}

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
fn settings_text(settings: &BTreeMap<String, String>) -> String {
    settings
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Registry entries for a design file: one per mesh (`ID#n` when there are several).
pub fn entries_from_file(file: &Path, terms: &Terms) -> Result<Vec<Entry>> {
    let s = scan_file(file)?;
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
pub struct Entry {
    design_id: String,
    title: String,
    owner: String,
    licence: Option<String>,
    designer: Option<String>,
    controlled: bool,
    settings: BTreeMap<String, String>,
    sha256: Option<String>,
    /// cgh-v1
    fingerprint: Option<String>,
    cgh_v2: Option<String>,
    shape: Option<print3d::mesh::Shape>,
    d2: Option<Vec<f64>>,
    notes: Option<String>,
}

/// A registry CSV: `design_id` and `owner` required, with a `sha256`, a `fingerprint`
/// (cgh-v1) or a `cgh_v2`; `title`, `licence`, `designer`, `controlled` (true/false, yes/no,
/// 1/0) and `settings` (prescribed print settings, `key=value; key=value`) optional. A CSV
/// carries no shape or size, so its rows match by hash only.
fn registry_csv(path: &Path) -> Result<Vec<Entry>> {
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
    file: String,
    mesh: String,
    sha256: String,
    fingerprint: String,
    verdict: &'static str,
    design_id: Option<String>,
    similarity: Option<f64>,
    controlled: bool,
    anchored: Option<String>,
    claimed_design: Option<String>,
    reasons: Vec<String>,
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
        let Ok(s) = scan_any(&path) else { continue };
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
    for file in files(paths)? {
        let s = scan_file(&file)?;
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

fn check(args: ProvenanceCheckArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let thresholds = print3d::compare::Thresholds {
        similar: args.similar,
        size_tolerance: args.size_tolerance,
        ..Default::default()
    };
    let verdicts = check_paths(&ws, &args.paths, thresholds, args.claim.as_deref())?;
    match args.report {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&verdicts).expect("JSON serialises")
        ),
        ReportFormat::Text => {
            for v in &verdicts {
                println!(
                    "{} · {} · {}{}",
                    v.file,
                    v.mesh,
                    v.verdict.to_uppercase(),
                    v.similarity
                        .map(|s| format!(" (similarity {s:.3})"))
                        .unwrap_or_default()
                );
                for r in &v.reasons {
                    println!("  - {r}");
                }
            }
        }
    }
    let failed = match args.fail_on {
        Some(ProvenanceFailOn::Controlled) => verdicts.iter().any(|v| v.controlled),
        Some(ProvenanceFailOn::Unanchored) => verdicts.iter().any(|v| v.anchored.is_none()),
        None => false,
    };
    Ok(u8::from(failed))
}
