//! The HTML report: the demo's tables and the charts, in one self-contained file.
//!
//! What an analyst sends to a supervisor has to open anywhere, offline, years later: one
//! `report.html` with inline SVG charts and inline CSS, no fonts or images fetched from
//! anywhere. The charts are also written beside it as SVG files, to paste into slides. Its 3D
//! views (tracks in space and time, trade by origin: [`crate::scene`]) carry their `.glb`
//! inside and clearway's viewer as the page's one script (also written beside it as
//! `scenes/*.glb`); without scripts or WebGL each shows its picture. The page's
//! Content-Security-Policy allows no request of any kind.
//! The demo's text report and this one run the same SQL ([`OVERVIEW`], [`RISK`]).

use super::{data, Chart, Kind, PlotSpec, Source};
use crate::error::{Error, Result};
use crate::output::{html_escape, OutputFormat};
use crate::sql::Param;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

/// Sections about the declarations: a title and the SQL that answers it.
pub const OVERVIEW: &[(&str, &str)] = &[
    (
        "Overview",
        "SELECT count(DISTINCT declaration_id) AS declarations, count(*) AS items,
                count(DISTINCT importer_id) AS importers,
                strftime(min(declared_at), '%Y-%m-%d') AS first_day, strftime(max(declared_at), '%Y-%m-%d') AS last_day,
                sum(customs_value) AS customs_value_usd, sum(total_taxes) AS taxes_usd
         FROM declarations",
    ),
    (
        "Top HS chapters by customs value",
        "SELECT left(d.hs_code, 2) AS chapter, any_value(left(h.description, 40)) AS description,
                count(*) AS items, sum(d.customs_value) AS customs_value_usd
         FROM declarations d LEFT JOIN hs_codes h ON h.hs_code = left(d.hs_code, 2)
         GROUP BY chapter ORDER BY customs_value_usd DESC LIMIT 5",
    ),
    (
        "Top origins",
        "SELECT origin_country, count(*) AS items, sum(customs_value) AS customs_value_usd,
                round(100.0 * avg(CASE WHEN export_country <> origin_country THEN 1 ELSE 0 END), 1) AS pct_via_third_country
         FROM declarations GROUP BY origin_country ORDER BY customs_value_usd DESC LIMIT 5",
    ),
    (
        "Historic lanes in the export (what was examined then)",
        "SELECT lane, count(*) AS items, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
                sum(CASE WHEN illicit THEN 1 ELSE 0 END) AS illicit_items, sum(revenue_recovered) AS revenue_usd
         FROM declarations GROUP BY lane ORDER BY items DESC",
    ),
    (
        "Planted risk patterns (ground truth of the synthetic sample)",
        "SELECT coalesce(NULLIF(extra->>'risk_pattern', ''), '(none)') AS pattern, count(*) AS items,
                round(100.0 * avg(CASE WHEN illicit THEN 1 ELSE 0 END), 1) AS pct_illicit, sum(revenue_recovered) AS revenue_usd
         FROM declarations GROUP BY pattern ORDER BY items DESC",
    ),
];

/// Sections about one risk run (`$run`).
pub const RISK: &[(&str, &str)] = &[
    (
        "Risk rules",
        "SELECT rule_id, count(*) AS hits, count(DISTINCT declaration_id) AS declarations,
                round(100.0 * avg(CASE WHEN d.illicit THEN 1 ELSE 0 END), 1) AS pct_illicit
         FROM risk_hits h JOIN declarations d USING (declaration_id, item_no)
         WHERE h.run_id = $run GROUP BY rule_id ORDER BY rule_id",
    ),
    (
        "Top risks (clearway risk explain ID shows why)",
        "SELECT declaration_id, round(total, 2) AS score, lane, top_reasons[1] AS top_reason
         FROM risk_scores WHERE run_id = $run ORDER BY total DESC, declaration_id LIMIT 10",
    ),
    (
        "Selectivity lanes",
        "SELECT coalesce(lane, '(not assigned)') AS lane, count(*) AS declarations,
                count(*) FILTER (WHERE lane_reason LIKE 'random control%') AS random_control
         FROM risk_scores WHERE run_id = $run GROUP BY lane
         ORDER BY CASE lane WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'blue' THEN 2 ELSE 3 END",
    ),
];

/// The `$run` parameter of [`RISK`].
pub fn run_param(run_id: i64) -> Param {
    Param {
        name: "run".into(),
        value: run_id.to_string(),
    }
}

/// The charts of a report on `run` (when there is one), by file name. A chart whose data is
/// missing (no hits for the unit-value picture, no labels for the hit rate) is left out.
pub fn charts(ws: &Workspace, run: Option<i64>) -> Result<Vec<(&'static str, Chart)>> {
    let conn = &ws.conn;
    let declarations = Source::table("declarations");
    let mut specs: Vec<(&'static str, PlotSpec)> = vec![
        (
            "declarations-per-week",
            PlotSpec {
                by: Some("office_id".into()),
                period: Some(super::Period::Week),
                ..PlotSpec::new(Kind::Timeseries, declarations.clone()).x("declared_at")
            }
            .title("Declaration items per week, by office"),
        ),
        (
            "value-against-mass",
            PlotSpec {
                log_x: true,
                log_y: true,
                hits: run.is_some(),
                ..PlotSpec::new(Kind::Scatter, declarations.clone())
                    .x("net_mass_kg")
                    .y("customs_value")
            }
            .title("Customs value against net mass, risk hits on top"),
        ),
        (
            "customs-values",
            PlotSpec {
                log_x: true,
                ..PlotSpec::new(Kind::Histogram, declarations.clone()).x("customs_value")
            }
            .title("Customs values per item"),
        ),
        (
            "offence-rate",
            PlotSpec {
                top: 15,
                ..PlotSpec::new(
                    Kind::Heatmap,
                    Source::query(
                        "SELECT left(hs_code, 2) AS hs_chapter, origin_country, illicit FROM declarations WHERE inspected",
                    ),
                )
                .x("hs_chapter")
                .y("origin_country")
                .value("avg(CAST(illicit AS INTEGER))")
            }
            .title("Share of examinations that found an offence, by HS chapter and origin"),
        ),
        (
            "first-digits",
            PlotSpec::new(Kind::Benford, declarations).x("customs_value"),
        ),
    ];
    if let Some(run) = run {
        specs.push((
            "importers-by-risk",
            PlotSpec {
                top: 15,
                ..PlotSpec::new(
                    Kind::Bar,
                    Source::query(&format!(
                        "SELECT d.importer_id, s.total FROM risk_scores s
                         JOIN (SELECT declaration_id, any_value(importer_id) AS importer_id FROM declarations GROUP BY ALL) d
                         USING (declaration_id) WHERE s.run_id = {run}"
                    )),
                )
                .x("importer_id")
                .value("sum(total)")
            }
            .title("Importers by summed risk score"),
        ));
        let worst: Option<(String, i32)> = conn
            .query_row(
                "SELECT declaration_id, item_no FROM risk_hits WHERE run_id = ? AND rule_id = 'unit_value_outlier'
                 ORDER BY score DESC, declaration_id LIMIT 1",
                [run],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        if let Some((id, item)) = worst {
            specs.push((
                "unit-value-outlier",
                PlotSpec {
                    declaration: Some(id),
                    item: Some(item),
                    risk_params: crate::risk::Overrides::from_workspace_config(&ws.path)?,
                    ..PlotSpec::new(Kind::UnitValue, Source::table("declarations"))
                },
            ));
        }
    }
    let mut out = Vec::new();
    for (name, spec) in specs {
        match data::build(conn, &spec) {
            Ok(chart) => out.push((name, chart)),
            // an empty source or a filter that leaves nothing is a chart to leave out, not a
            // failed report
            Err(Error::Usage { message, .. }) if message.starts_with("nothing to plot") => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// What [`write`] wrote.
pub struct Written {
    pub html: PathBuf,
    pub charts: Vec<PathBuf>,
    /// The 3D views' `.glb` files.
    pub scenes: Vec<PathBuf>,
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1240px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left}
th{background:#f5f5f5}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
details{font-size:.8em;color:#555}pre{white-space:pre-wrap}figure{margin:1.5em 0}figcaption{font-size:.85em;color:#555}
.meta{color:#555;font-size:.9em}svg{max-width:100%;height:auto}";

fn section(
    ws: &Workspace,
    html: &mut Vec<u8>,
    title: &str,
    sql: &str,
    params: &[Param],
) -> Result<()> {
    use std::io::Write;
    writeln!(html, "<h2>{}</h2>", html_escape(title))?;
    crate::sql::run_query(
        &ws.conn,
        sql,
        params,
        title,
        OutputFormat::Html,
        Some(100),
        html,
    )?;
    writeln!(
        html,
        "<details><summary>SQL</summary><pre>{}</pre></details>",
        html_escape(sql)
    )?;
    Ok(())
}

/// Writes `dir/report.html` and `dir/charts/*.svg` for `run` (the latest when None; no risk
/// sections when the workspace has no run).
pub fn write(ws: &Workspace, run: Option<i64>, dir: &Path) -> Result<Written> {
    use std::io::Write;
    let run = match run {
        Some(r) => Some(crate::risk::runner::resolve_run(&ws.conn, Some(r))?),
        None => crate::risk::runner::resolve_run(&ws.conn, None).ok(),
    };
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(|cause| Error::Write {
        path: charts_dir.clone(),
        cause,
    })?;
    let mut html: Vec<u8> = Vec::new();
    writeln!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">{}<body>",
        crate::scene::viewer::head("clearway report", STYLE)
    )?;
    writeln!(html, "<h1>clearway report</h1>")?;
    writeln!(
        html,
        "<p class=\"meta\">Workspace {} · generated {} by clearway {}{}</p>",
        html_escape(&ws.path.display().to_string()),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        crate::VERSION,
        run.map(|r| format!(" · risk run {r}")).unwrap_or_default()
    )?;
    for (title, sql) in OVERVIEW {
        section(ws, &mut html, title, sql, &[])?;
    }
    if let Some(run) = run {
        let param = run_param(run);
        for (title, sql) in RISK {
            section(ws, &mut html, title, sql, std::slice::from_ref(&param))?;
        }
        evaluation(ws, run, &mut html)?;
    }
    writeln!(html, "<h2>Charts</h2>")?;
    let mut written = Vec::new();
    for (name, chart) in charts(ws, run)? {
        let svg = super::render::svg(&chart, 1100, 640)?;
        let path = charts_dir.join(format!("{name}.svg"));
        write_file(&path, svg.as_bytes())?;
        // the XML declaration is not allowed inside HTML
        let inline = svg
            .trim_start()
            .strip_prefix("<?xml")
            .and_then(|s| s.split_once("?>"))
            .map(|(_, rest)| rest)
            .unwrap_or(&svg);
        writeln!(
            html,
            "<figure id=\"{name}\">{inline}<figcaption>{}</figcaption></figure>",
            html_escape(&chart.caption)
        )?;
        written.push(path);
    }
    writeln!(html, "<h2>3D views</h2>")?;
    let mut scene_files = Vec::new();
    for (name, scene) in scenes(ws, run)? {
        let bytes = crate::scene::glb::write(&scene);
        let path = dir.join("scenes").join(format!("{name}.glb"));
        std::fs::create_dir_all(dir.join("scenes")).map_err(|cause| Error::Write {
            path: dir.join("scenes"),
            cause,
        })?;
        write_file(&path, &bytes)?;
        html.extend_from_slice(crate::scene::facts_table(&scene.info).as_bytes());
        html.extend_from_slice(crate::scene::viewer::figure_with(name, &scene, &bytes).as_bytes());
        scene_files.push(path);
    }
    writeln!(
        html,
        "<script>\n{}</script>\n</body></html>",
        crate::scene::viewer::SCRIPT
    )?;
    let report = dir.join("report.html");
    write_file(&report, &html)?;
    Ok(Written {
        html: report,
        charts: written,
        scenes: scene_files,
    })
}

/// The report's 3D views: tracks when telemetry has positions, trade flows when declarations
/// exist (a workspace without them has no such view, not an error).
fn scenes(ws: &Workspace, run: Option<i64>) -> Result<Vec<(&'static str, crate::scene::Scene)>> {
    let mut out = Vec::new();
    let tracks = crate::scene::tracks::TracksRequest {
        run,
        ..Default::default()
    };
    match crate::scene::tracks::build(ws, &tracks) {
        Ok(scene) => out.push(("tracks", scene)),
        Err(Error::Usage { message, .. }) if message.starts_with("nothing to draw") => {}
        Err(e) => return Err(e),
    }
    let flows = crate::scene::flows::FlowsRequest {
        run,
        ..Default::default()
    };
    match crate::scene::flows::build(ws, &flows) {
        Ok(scene) => out.push(("flows", scene)),
        Err(Error::Usage { message, .. }) if message.starts_with("nothing to draw") => {}
        Err(e) => return Err(e),
    }
    Ok(out)
}

fn evaluation(ws: &Workspace, run: i64, html: &mut Vec<u8>) -> Result<()> {
    use std::io::Write;
    let evaluation = match crate::risk::evaluate::evaluate(ws, Some(run), None) {
        Ok(e) => e,
        // no labels (nothing inspected) is normal for live data: say so instead of failing
        Err(Error::Usage { message, .. }) => {
            writeln!(html, "<h2>Evaluation</h2><p>{}</p>", html_escape(&message))?;
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    writeln!(
        html,
        "<h2>Evaluation (test period from {}, {} labelled items, illicit rate {:.1} %)</h2>",
        html_escape(&evaluation.test_from),
        crate::output::group_thousands(evaluation.test_items),
        100.0 * evaluation.illicit_rate
    )?;
    writeln!(html, "<table><thead><tr><th>model</th><th class=\"num\">inspected</th><th class=\"num\">flagged</th><th class=\"num\">precision %</th><th class=\"num\">recall %</th><th class=\"num\">revenue %</th></tr></thead><tbody>")?;
    for m in &evaluation.metrics {
        writeln!(
            html,
            "<tr><td>{}</td><td class=\"num\">{} %</td><td class=\"num\">{}{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td></tr>",
            html_escape(&m.model),
            m.inspected_pct,
            crate::output::group_thousands(m.flagged),
            if m.below_budget { " *" } else { "" },
            100.0 * m.precision,
            100.0 * m.recall,
            100.0 * m.revenue
        )?;
    }
    writeln!(html, "</tbody></table>")?;
    if !evaluation.notes.is_empty() {
        writeln!(html, "<p>* flags fewer items than the budget; where a budget cuts through tied scores, the tied items count at their expected value.</p><ul>")?;
        for note in &evaluation.notes {
            writeln!(html, "<li>{}</li>", html_escape(note))?;
        }
        writeln!(html, "</ul>")?;
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::output::write_atomically(path, |tmp| {
        std::fs::write(tmp, bytes).map_err(|cause| Error::Write {
            path: path.to_path_buf(),
            cause,
        })
    })
}
