//! `clearway demo`: the README's first command. Loads the bundled sample into a fresh temporary
//! workspace (or the one named with `--workspace`), runs the analyses that exist and prints a
//! short report. Later capabilities add their sections here.

use super::Ctx;
use crate::cli::DemoArgs;
use crate::error::{Error, Result};
use crate::ingest::declarations::{self, LoadOptions};
use crate::output::OutputFormat;
use crate::risk;
use crate::workspace::Workspace;
use std::io::Write;

/// The checked-in sample (see sample-data/README.md), compiled in so the demo runs anywhere.
pub const SAMPLE_DECLARATIONS: &[u8] = include_bytes!("../../sample-data/declarations.csv");

/// The report's sections: a title and the SQL that answers it.
pub const SECTIONS: &[(&str, &str)] = &[
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

fn section(
    ws: &Workspace,
    out: &mut dyn Write,
    title: &str,
    sql: &str,
    params: &[crate::sql::Param],
) -> Result<()> {
    writeln!(out, "\n## {title}\n")?;
    super::query::run_query(&ws.conn, sql, params, title, OutputFormat::Table, None, out)?;
    Ok(())
}

/// Runs the shipped rule pack, assigns lanes and evaluates against the sample's labels.
fn risk_sections(ws: &Workspace, out: &mut dyn Write) -> Result<()> {
    let rules = risk::load_pack(risk::DEFAULT_PACK)?;
    let report = risk::runner::run(
        ws,
        risk::DEFAULT_PACK,
        &rules,
        &risk::Overrides::default(),
        |_, _| {},
    )?;
    let run = crate::sql::Param {
        name: "run".into(),
        value: report.run_id.to_string(),
    };
    section(
        ws,
        out,
        &format!(
            "Risk rules (run {}: the shipped declaration pack)",
            report.run_id
        ),
        "SELECT rule_id, count(*) AS hits, count(DISTINCT declaration_id) AS declarations,
                round(100.0 * avg(CASE WHEN d.illicit THEN 1 ELSE 0 END), 1) AS pct_illicit
         FROM risk_hits h JOIN declarations d USING (declaration_id, item_no)
         WHERE h.run_id = $run GROUP BY rule_id ORDER BY rule_id",
        std::slice::from_ref(&run),
    )?;
    section(
        ws,
        out,
        "Top risks (clearway risk explain ID shows why)",
        "SELECT declaration_id, round(total, 2) AS score, top_reasons[1] AS top_reason
         FROM risk_scores WHERE run_id = $run ORDER BY total DESC, declaration_id LIMIT 5",
        std::slice::from_ref(&run),
    )?;
    let budget = risk::lanes::Budget::parse("red=3%,yellow=7%", 1.0)?;
    risk::lanes::assign(ws, Some(report.run_id), budget, 42)?;
    section(
        ws,
        out,
        "Selectivity lanes (red 3 %, yellow 7 % per office, 1 % random control)",
        "SELECT lane, count(*) AS declarations,
                count(*) FILTER (WHERE lane_reason LIKE 'random control%') AS random_control
         FROM risk_scores WHERE run_id = $run GROUP BY lane
         ORDER BY CASE lane WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'blue' THEN 2 ELSE 3 END",
        std::slice::from_ref(&run),
    )?;
    let evaluation = risk::evaluate::evaluate(ws, Some(report.run_id), None)?;
    writeln!(
        out,
        "\n## Evaluation at 5 % inspected (test period from {}, illicit rate {:.1} %)\n",
        evaluation.test_from,
        100.0 * evaluation.illicit_rate
    )?;
    for m in evaluation.metrics.iter().filter(|m| m.inspected_pct == 5) {
        writeln!(
            out,
            "{:<28} precision {:>5.1} %   recall {:>5.1} %   revenue {:>5.1} %",
            m.model,
            100.0 * m.precision,
            100.0 * m.recall,
            100.0 * m.revenue
        )?;
    }
    Ok(())
}

pub fn run(args: DemoArgs, ctx: &Ctx) -> Result<u8> {
    let temp = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        cause: source,
    })?;
    let workspace = if ctx.workspace_given {
        ctx.workspace.clone()
    } else {
        temp.path().join("demo.duckdb")
    };
    let sample = match &args.sample {
        Some(dir) => dir.join("declarations.csv"),
        None => {
            let path = temp.path().join("declarations.csv");
            std::fs::write(&path, SAMPLE_DECLARATIONS).map_err(|source| Error::Write {
                path: path.clone(),
                cause: source,
            })?;
            path
        }
    };
    let ws = Workspace::open_rw(&workspace)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "clearway demo — workspace {}",
        if ctx.workspace_given {
            workspace.display().to_string()
        } else {
            "(temporary)".into()
        }
    )?;
    writeln!(out)?;
    match declarations::load(
        &ws,
        &sample,
        &LoadOptions {
            progress: ctx.progress,
            ..Default::default()
        },
    ) {
        Ok(report) => write!(out, "{}", super::load::render_report(&report))?,
        Err(Error::AlreadyLoaded { load_id, .. }) => writeln!(
            out,
            "sample already loaded in this workspace (load {load_id}); reusing it"
        )?,
        Err(e) => return Err(e),
    }
    for (title, sql) in SECTIONS {
        section(&ws, &mut out, title, sql, &[])?;
    }
    risk_sections(&ws, &mut out)?;
    writeln!(out, "\nNext: `clearway sample-data generate --out DIR --rows 100000`, then `clearway load declarations DIR/declarations.csv`,")?;
    writeln!(out, "`clearway risk run`, `clearway risk lanes` and `clearway risk explain ID`. `clearway --help` lists every command.")?;
    out.flush()?;
    Ok(0)
}
