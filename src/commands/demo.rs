//! `clearway demo`: the README's first command. Loads the bundled sample into a fresh temporary
//! workspace (or the one named with `--workspace`), runs the analyses that exist and prints a
//! short report. Later capabilities add their sections here.

use super::Ctx;
use crate::cli::DemoArgs;
use crate::error::{Error, Result};
use crate::ingest::declarations::{self, LoadOptions};
use crate::output::OutputFormat;
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
        "Selectivity lanes",
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
    (
        "First look: unit value below 30 % of the HS6 median (groups of 5+)",
        "WITH uv AS (
            SELECT *, customs_value / nullif(net_mass_kg, 0) AS usd_per_kg,
                   median(customs_value / nullif(net_mass_kg, 0)) OVER (PARTITION BY left(hs_code, 6)) AS hs6_median,
                   count(*) OVER (PARTITION BY left(hs_code, 6)) AS n
            FROM declarations)
         SELECT count(*) AS flagged_items,
                sum(CASE WHEN illicit THEN 1 ELSE 0 END) AS illicit_among_flagged,
                round(100.0 * avg(CASE WHEN illicit THEN 1 ELSE 0 END), 1) AS precision_pct,
                (SELECT round(100.0 * avg(CASE WHEN illicit THEN 1 ELSE 0 END), 1) FROM declarations) AS base_rate_pct
         FROM uv WHERE n >= 5 AND usd_per_kg < 0.3 * hs6_median",
    ),
];

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
        writeln!(out, "\n## {title}\n")?;
        super::query::run_query(
            &ws.conn,
            sql,
            &[],
            title,
            OutputFormat::Table,
            None,
            &mut out,
        )?;
    }
    writeln!(out, "\nNext: `clearway sample-data generate --out DIR --rows 100000`, then `clearway load declarations DIR/declarations.csv`")?;
    writeln!(out, "and `clearway query \"SELECT ... FROM declarations\"`. `clearway --help` lists every command.")?;
    out.flush()?;
    Ok(0)
}
