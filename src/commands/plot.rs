//! `clearway plot`: one chart of a table or query, to PNG or SVG. The arguments become a
//! [`PlotSpec`]; the chart is aggregated, drawn and written by [`crate::viz::save`], as the
//! TUI's SaveChart writes it.

use super::Ctx;
use crate::cli::PlotArgs;
use crate::error::{Error, Result};
use crate::output::report;
use crate::output::ReportFormat;
use crate::viz::save::{image_format, save};
use crate::viz::{self, PlotSpec, Source};
use crate::workspace::Workspace;

fn spec(args: &PlotArgs, conn: &duckdb::Connection) -> Result<PlotSpec> {
    if args.kind == viz::Kind::Track && args.table.is_none() && args.query.is_none() {
        if let Some(id) = &args.declaration {
            return Ok(viz::journey(id, args.title.clone()));
        }
    }
    let source = match (&args.table, &args.query) {
        (Some(t), _) => {
            crate::sql::select_all(conn, t)?;
            Source::table(t)
        }
        (None, Some(q)) => Source::query(q),
        (None, None) if args.kind == viz::Kind::UnitValue => Source::table("declarations"),
        (None, None) => {
            return Err(Error::usage(
                "say what to draw from: --table TABLE or --query SQL",
                "e.g. `clearway plot histogram --table declarations --x customs_value --out values.png`",
            ))
        }
    };
    Ok(PlotSpec {
        x: args.x.clone(),
        y: args.y.clone(),
        by: args.by.clone(),
        value: args.value.clone(),
        bins: args.bins,
        period: args.period,
        top: args.top,
        log_x: args.log_x,
        log_y: args.log_y,
        hits: args.hits,
        declaration: args.declaration.clone(),
        item: args.item,
        time: args.time.clone(),
        event: args.event.clone(),
        title: args.title.clone(),
        ..PlotSpec::new(args.kind, source)
    })
}

pub fn run(args: PlotArgs, ctx: &Ctx) -> Result<u8> {
    image_format(&args.out)?;
    if args.width < 200 || args.height < 150 || args.width > 10_000 || args.height > 10_000 {
        return Err(Error::usage(
            format!(
                "--width {} --height {}: a chart is 200–10,000 by 150–10,000 pixels",
                args.width, args.height
            ),
            "the default is 1200 × 720",
        ));
    }
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let spec = spec(&args, &ws.conn)?;
    let saved = save(&ws.conn, &spec, &args.out, args.width, args.height)?;
    drop(ws);
    saved
        .record
        .append_after_read(&ctx.workspace, &ctx.engine()?)?;
    let chart = &saved.chart;
    let format = args.format.or(args.json.then_some(ReportFormat::Json));
    if let Some(format) = format {
        let value = serde_json::json!({ "kind": chart.kind, "title": chart.title, "rows": chart.rows, "fetched": chart.fetched,
                                        "caption": chart.caption, "out": args.out.display().to_string(),
                                        "aggregate_seconds": saved.aggregate_seconds, "draw_seconds": saved.draw_seconds });
        let text = format!(
            "{} · {} rows ({} fetched) · {}\n",
            chart.title,
            crate::output::group_thousands(chart.rows),
            crate::output::group_thousands(chart.fetched as i64),
            args.out.display()
        );
        report::print(format, &report::Summary::new(value, text))?;
    }
    ctx.say(format!(
        "drew {} from {} rows ({} fetched) into {}",
        chart.title,
        crate::output::group_thousands(chart.rows),
        crate::output::group_thousands(chart.fetched as i64),
        args.out.display()
    ));
    Ok(0)
}
