//! `inspect brief DECLARATION_ID --out DIR`: the pack an officer takes to the container.
//!
//! DIR holds `index.html` (opens from the file system on a tablet or phone, fetches nothing:
//! the viewer's policy forbids every request), `checklist.json`, the journey as `journey.svg`
//! and each declared design file's model as `design-N.glb`. The page shows the declaration,
//! why it was selected, the checklist with a form whose answers are saved as `result.json`
//! for `inspect record`, the journey, and the 3D models with AR at real size where the browser
//! offers it; without WebGL or scripts it shows pictures and text.
//!
//! The pack is built in a staging folder beside DIR, moved to DIR in one rename, and then
//! recorded in the workspace (its id, its checklist and the checklist's hash, with an audit
//! entry); a failed record removes DIR again. So a failed brief leaves no half-written folder
//! and no issued pack without its folder; a pack on disk whose record never happened (the
//! process killed between the two) is refused by `inspect record` as not issued.
//! DIR must not exist or be empty: a pack is never written over another.

use super::checklist::{self, Check, Checklist, Design, Hit};
use crate::error::{Error, Result};
use crate::output::html_escape;
use crate::scene::design as design_scene;
use crate::workspace::{audit, Workspace};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The form's script (answers to result.json).
const FORM_SCRIPT: &str = include_str!("brief.js");

/// What a brief wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Brief {
    pub pack_id: String,
    pub declaration_id: String,
    pub dir: String,
    pub checklist_sha256: String,
    pub checks: usize,
    /// Rule hits shown as the reasons for selection.
    pub reasons: usize,
    pub run_id: Option<i64>,
    pub journey: bool,
    pub models: Vec<String>,
    /// Declared design files without a model, and why.
    pub models_missing: Vec<String>,
}

impl Brief {
    /// What was written, as the CLI prints it and the TUI's status line shows its first line.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{}: pack {} for declaration {} ({} checks, {} reasons{}{})\n",
            self.dir,
            self.pack_id,
            self.declaration_id,
            self.checks,
            self.reasons,
            if self.journey { ", journey" } else { "" },
            if self.models.is_empty() {
                String::new()
            } else {
                format!(", {} 3D model(s)", self.models.len())
            }
        );
        text.push_str(&format!("  checklist SHA-256 {}\n", self.checklist_sha256));
        for missing in &self.models_missing {
            text.push_str(&format!("  no model: {missing}\n"));
        }
        text
    }
}

/// A declared design file with its model, if it can be drawn.
struct DeclaredDesign {
    design: Design,
    scene: std::result::Result<clearway_scene::Scene, String>,
}

/// Writes the pack of `declaration_id` (risk run `run`, the latest when None) to `out`.
pub fn write(ws: &Workspace, declaration_id: &str, run: Option<i64>, out: &Path) -> Result<Brief> {
    let items = checklist::items(ws, declaration_id)?;
    if items.is_empty() {
        return Err(Error::usage(
            format!("declaration {declaration_id} is not in this workspace"),
            "pick one from `clearway risk lanes` or the TUI's risk list",
        ));
    }
    ensure_empty(out)?;
    let explanation = match crate::risk::runner::run_or_latest(&ws.conn, run)? {
        Some(run) => Some(crate::risk::runner::explain(ws, declaration_id, Some(run))?),
        None => None,
    };
    let hits: Vec<Hit> = explanation
        .iter()
        .flat_map(|e| &e.hits)
        .map(|h| Hit {
            rule_id: h.rule_id.clone(),
            item_no: h.item_no,
            reason: h.reason.clone(),
        })
        .collect();
    let designs = declared_designs(ws, &items)?;
    let checks = checklist::derive(
        &items,
        &hits,
        &designs.iter().map(|d| d.design.clone()).collect::<Vec<_>>(),
    );
    let pack_id: String = ws
        .conn
        .query_row("SELECT uuid()::VARCHAR", [], |r| r.get(0))?;
    let issued_at = chrono::Utc::now();
    let list = Checklist {
        format: checklist::FORMAT.to_string(),
        pack_id: pack_id.clone(),
        declaration_id: declaration_id.to_string(),
        run_id: explanation.as_ref().map(|e| e.run_id),
        issued_at: issued_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        checks,
    };
    let sha256 = list.sha256();
    let staging = staging_dir(out)?;
    let case = crate::case::build(ws, declaration_id)?;
    let journey = journey_svg(ws, declaration_id)?;
    let mut models = Vec::new();
    let mut models_missing = Vec::new();
    let mut figures = String::new();
    for (n, d) in designs.iter().enumerate() {
        match &d.scene {
            Ok(scene) => {
                let name = format!("design-{}.glb", n + 1);
                let bytes = clearway_scene::glb::write(scene);
                write_file(&staging.path().join(&name), &bytes)?;
                figures.push_str(&clearway_scene::viewer::figure_with(
                    &format!("design-{}", n + 1),
                    scene,
                    &bytes,
                ));
                models.push(name);
            }
            Err(why) => models_missing.push(format!("{}: {why}", d.design.name)),
        }
    }
    if let Some(svg) = &journey {
        write_file(&staging.path().join("journey.svg"), svg.as_bytes())?;
    }
    write_file(
        &staging.path().join("checklist.json"),
        list.to_json().as_bytes(),
    )?;
    let page = page(&PageParts {
        list: &list,
        sha256: &sha256,
        explanation: explanation.as_ref(),
        case: &case,
        items: &items,
        journey: journey.as_deref(),
        figures: &figures,
        models_missing: &models_missing,
    });
    write_file(&staging.path().join("index.html"), page.as_bytes())?;
    if out.exists() {
        // an empty folder (checked above) is replaced by the pack
        std::fs::remove_dir(out).map_err(|cause| Error::Write {
            path: out.to_path_buf(),
            cause,
        })?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, out).map_err(|cause| {
        let _ = std::fs::remove_dir_all(&staged);
        Error::Write {
            path: out.to_path_buf(),
            cause,
        }
    })?;
    let recorded = ws.in_transaction(|| {
        ws.conn.execute(
            "INSERT INTO inspection_packs (pack_id, declaration_id, run_id, checklist, checklist_sha256, issued_at, issued_by)
             VALUES (?, ?, ?, ?::JSON, ?, ?::TIMESTAMP, ?)",
            duckdb::params![
                pack_id,
                declaration_id,
                list.run_id,
                list.to_json(),
                sha256,
                issued_at.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string(),
                audit::actor()
            ],
        )?;
        audit::append(
            ws,
            "inspect brief",
            serde_json::json!({
                "pack_id": pack_id, "declaration_id": declaration_id, "run_id": list.run_id,
                "checklist_sha256": sha256, "checks": list.checks.len(), "out": out.display().to_string(),
            }),
        )
    });
    if let Err(e) = recorded {
        // not recorded: no pack may exist that nobody can record
        let _ = std::fs::remove_dir_all(out);
        return Err(e);
    }
    Ok(Brief {
        pack_id,
        declaration_id: declaration_id.to_string(),
        dir: out.display().to_string(),
        checklist_sha256: sha256,
        checks: list.checks.len(),
        reasons: hits.len(),
        run_id: list.run_id,
        journey: journey.is_some(),
        models,
        models_missing,
    })
}

fn ensure_empty(out: &Path) -> Result<()> {
    match std::fs::read_dir(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(cause) => Err(Error::Write {
            path: out.to_path_buf(),
            cause,
        }),
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(Error::usage(
                format!("{} is not empty", out.display()),
                "a pack is never written over another: name a new folder",
            )),
        },
    }
}

fn staging_dir(out: &Path) -> Result<tempfile::TempDir> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|cause| Error::Write {
        path: parent.clone(),
        cause,
    })?;
    tempfile::Builder::new()
        .prefix(".clearway-pack-")
        .tempdir_in(&parent)
        .map_err(|cause| Error::Write {
            path: parent,
            cause,
        })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|cause| Error::Write {
        path: path.to_path_buf(),
        cause,
    })
}

/// The design files the declaration cites (`design_refs`: their sha256), each with the verdict
/// on it and its model when the scanned file is still where it was, unchanged.
fn declared_designs(ws: &Workspace, items: &[checklist::Item]) -> Result<Vec<DeclaredDesign>> {
    let mut refs: Vec<String> = items
        .iter()
        .flat_map(|i| &i.design_refs)
        .map(|r| r.to_ascii_lowercase())
        .collect();
    refs.sort();
    refs.dedup();
    let mut out = Vec::new();
    for sha in refs {
        if sha.len() != 64 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
            // a reference that is not a file's SHA-256 names no file: said, not looked up
            let shown: String = sha.chars().take(20).collect();
            out.push(DeclaredDesign {
                design: Design {
                    sha256: sha.clone(),
                    name: format!("design reference {shown:?}"),
                    verdict: None,
                },
                scene: Err("the declared reference is not a SHA-256 of a file".to_string()),
            });
            continue;
        }
        let path: Option<String> = ws
            .conn
            .query_row(
                // scanned (`provenance scan`) or checked (`provenance check`), the latest first
                "SELECT path FROM (
                     SELECT path, 1 AS k, load_id AS n FROM design_files WHERE lower(sha256) = $sha
                     UNION ALL
                     SELECT path, 0, check_id FROM provenance_checks WHERE lower(sha256) = $sha AND path IS NOT NULL)
                 ORDER BY k DESC, n DESC LIMIT 1",
                [&sha],
                |r| r.get(0),
            )
            .or_else(|e| match e {
                duckdb::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        let verdict = design_scene::verdict(ws, &sha)?;
        let name = path
            .as_deref()
            .and_then(|p| Path::new(p).file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("sha256 {}…", &sha[..12]));
        let scene = match &path {
            None => Err(
                "never scanned or checked in this workspace (`clearway provenance scan`)"
                    .to_string(),
            ),
            Some(p) => model(ws, Path::new(p), &sha, verdict.as_ref()),
        };
        out.push(DeclaredDesign {
            design: Design {
                sha256: sha.clone(),
                name,
                verdict: verdict.map(|v| match v.design {
                    Some(d) => format!("{} ({d})", v.verdict),
                    None => v.verdict,
                }),
            },
            scene,
        });
    }
    Ok(out)
}

/// The model of the scanned file at `path`, if it is still the file with `sha256`.
fn model(
    ws: &Workspace,
    path: &Path,
    sha256: &str,
    verdict: Option<&design_scene::Verdict>,
) -> std::result::Result<clearway_scene::Scene, String> {
    let design =
        design_scene::read(path, &ws.limits).map_err(|why| format!("{}: {why}", path.display()))?;
    if design.sha256 != sha256 {
        return Err(format!(
            "{} changed since it was scanned (its SHA-256 is now {})",
            path.display(),
            design.sha256
        ));
    }
    design_scene::scene(path, &design, verdict).map_err(|e| e.to_string())
}

/// The journey map as SVG, or None when no linked position exists.
fn journey_svg(ws: &Workspace, declaration_id: &str) -> Result<Option<String>> {
    let spec = crate::viz::journey(declaration_id, None);
    match crate::viz::data::build(&ws.conn, &spec) {
        Ok(chart) => {
            let svg = crate::viz::render::svg(&chart, 900, 520)?;
            Ok(Some(
                svg.trim_start()
                    .strip_prefix("<?xml")
                    .and_then(|s| s.split_once("?>"))
                    .map(|(_, rest)| rest.trim_start().to_string())
                    .unwrap_or(svg),
            ))
        }
        Err(Error::Usage { message, .. }) if message.starts_with("nothing to plot") => Ok(None),
        Err(e) => Err(e),
    }
}

struct PageParts<'a> {
    list: &'a Checklist,
    sha256: &'a str,
    explanation: Option<&'a crate::risk::runner::Explanation>,
    case: &'a crate::case::Case,
    items: &'a [checklist::Item],
    journey: Option<&'a str>,
    figures: &'a str,
    models_missing: &'a [String],
}

fn page(p: &PageParts) -> String {
    let id = html_escape(&p.list.declaration_id);
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Inspection brief: declaration {id}</h1>\n<p class=\"muted\">Pack {} · issued {} · checklist SHA-256 <code>{}</code></p>\n",
        html_escape(&p.list.pack_id),
        html_escape(&p.list.issued_at),
        html_escape(p.sha256)
    );
    body.push_str(&why_section(p.explanation));
    body.push_str(&checklist_section(p.list, p.sha256, p.items));
    body.push_str(&declaration_section(p.case));
    body.push_str("<h2>Journey</h2>\n");
    match p.journey {
        Some(svg) => {
            let _ = writeln!(body, "<figure>{svg}<figcaption>Positions of the vessels and containers linked to the declaration (also journey.svg).</figcaption></figure>");
        }
        None => body.push_str("<p>No position is linked to this declaration.</p>\n"),
    }
    body.push_str("<h2>3D models</h2>\n");
    if p.figures.is_empty() && p.models_missing.is_empty() {
        body.push_str("<p>No design file is declared.</p>\n");
    }
    body.push_str(p.figures);
    for missing in p.models_missing {
        let _ = writeln!(body, "<p>No model: {}</p>", html_escape(missing));
    }
    let _ = write!(body, "<script>\n{FORM_SCRIPT}</script>\n");
    clearway_scene::viewer::page(
        &format!("Inspection brief {}", p.list.declaration_id),
        &body,
    )
}

fn why_section(explanation: Option<&crate::risk::runner::Explanation>) -> String {
    let mut html = String::from("<h2>Why it was selected</h2>\n");
    let Some(e) = explanation else {
        html.push_str("<p>No risk run yet: nothing has selected this declaration.</p>\n");
        return html;
    };
    let _ = writeln!(
        html,
        "<p>Risk run {}: score {:.2}, lane {}.</p>",
        e.run_id,
        e.total,
        html_escape(e.lane.as_deref().unwrap_or("none"))
    );
    if e.hits.is_empty() {
        html.push_str("<p>No rule fired on it.</p>\n");
        return html;
    }
    html.push_str("<table class=\"why\"><thead><tr><th>rule</th><th>item</th><th>counts for</th><th>what it found</th></tr></thead><tbody>\n");
    for h in &e.hits {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{:.2}</td><td>{}</td></tr>",
            html_escape(&h.rule_id),
            if h.item_no > 0 {
                h.item_no.to_string()
            } else {
                "all".into()
            },
            h.contribution,
            html_escape(&h.reason)
        );
    }
    html.push_str("</tbody></table>\n");
    html
}

fn checklist_section(list: &Checklist, sha256: &str, items: &[checklist::Item]) -> String {
    let mut html = format!(
        "<h2>Checklist</h2>\n<form id=\"cw-result\" data-checklist-sha256=\"{}\">\n<ol class=\"checklist\">\n",
        html_escape(sha256)
    );
    for c in &list.checks {
        html.push_str(&check_item(c));
    }
    html.push_str("</ol>\n<h2>Result</h2>\n<p><label>Inspector <input name=\"inspector\" required></label> <label>Inspected at <input name=\"inspected_at\" type=\"datetime-local\" required></label></p>\n");
    html.push_str("<table><thead><tr><th>item</th><th>illicit</th><th>revenue recovered</th></tr></thead><tbody>\n");
    for item in items {
        let _ = writeln!(
            html,
            "<tr data-label-item=\"{n}\"><td>{n}</td><td><select aria-label=\"item {n} illicit\"><option value=\"\">not set</option><option value=\"true\">illicit</option><option value=\"false\">not illicit</option></select></td><td><input type=\"text\" inputmode=\"decimal\" aria-label=\"item {n} revenue recovered\"></td></tr>",
            n = item.item_no
        );
    }
    html.push_str("</tbody></table>\n<p><button type=\"submit\">Save result.json</button> <span id=\"cw-result-status\" aria-live=\"polite\"></span></p>\n<pre id=\"result-json\" hidden></pre>\n</form>\n");
    // the checklist exactly as issued, for the form to send back. JSON inside a script
    // element: every `<` is written as the JSON escape \u003c, so no text from a declaration
    // ("</script>", "<!--") can end or bend the element; JSON.parse gives the same checklist
    let _ = writeln!(
        html,
        "<script type=\"application/json\" id=\"cw-checklist\">{}</script>",
        list.to_json().replace('<', "\\u003c")
    );
    html
}

fn check_item(c: &Check) -> String {
    let id = html_escape(&c.id);
    let because = if c.because.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"muted\">(because of {})</span>",
            html_escape(&c.because.join(", "))
        )
    };
    let mut radios = String::new();
    for (value, label) in [
        ("found", "found"),
        ("not_found", "not found"),
        ("deviation", "deviation"),
        ("not_checked", "not checked"),
    ] {
        let _ = write!(
            radios,
            "<label><input type=\"radio\" name=\"outcome-{id}\" value=\"{value}\"> {label}</label>"
        );
    }
    format!(
        "<li id=\"{id}\"><strong>{id}</strong> {}{because}<br><span class=\"answer\">{radios}</span> <input name=\"note-{id}\" placeholder=\"note\" aria-label=\"note on {id}\"> <input type=\"file\" accept=\"image/*\" capture=\"environment\" multiple data-check=\"{id}\" aria-label=\"photos of {id}\"></li>\n",
        html_escape(&c.text)
    )
}

fn declaration_section(case: &crate::case::Case) -> String {
    let mut html = String::from("<h2>Declaration</h2>\n<table><thead><tr>");
    for (name, _) in &case.items.0 {
        let _ = write!(html, "<th>{}</th>", html_escape(&name.replace('_', " ")));
    }
    html.push_str("</tr></thead><tbody>\n");
    for row in &case.items.1 {
        html.push_str("<tr>");
        for v in row {
            let _ = write!(html, "<td>{}</td>", html_escape(v));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table>\n<h2>Documents</h2>\n");
    if case.ledger.is_empty() {
        html.push_str("<p>No ledger record is linked to this declaration.</p>\n");
    } else {
        html.push_str("<table><thead><tr><th>link</th><th>chain</th><th>block</th><th>record</th><th>document</th><th>hash</th><th>valid</th><th>block state</th></tr></thead><tbody>\n");
        for row in &case.ledger {
            html.push_str("<tr>");
            for v in row {
                let _ = write!(html, "<td>{}</td>", html_escape(v));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table>\n");
        if case.ledger_total > case.ledger.len() as i64 {
            let _ = writeln!(
                html,
                "<p class=\"muted\">{} of {} linked records shown.</p>",
                case.ledger.len(),
                case.ledger_total
            );
        }
    }
    html
}
