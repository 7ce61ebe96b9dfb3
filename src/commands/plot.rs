//! `clearway plot`: one chart of a table or query, to PNG or SVG.

use super::Ctx;
use crate::cli::PlotArgs;
use crate::error::{Error, Result};
use crate::output::write_atomically;
use crate::viz::{self, PlotSpec, Source};
use crate::workspace::{audit, Workspace};
use std::path::Path;

/// The image formats a chart can be written in, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

pub fn image_format(path: &Path) -> Result<ImageFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(ImageFormat::Png),
        Some("svg") => Ok(ImageFormat::Svg),
        _ => Err(Error::usage(
            format!(
                "--out {}: a chart is written as .png or .svg",
                path.display()
            ),
            "name the file with one of those extensions",
        )),
    }
}

/// Renders `chart` into `path` (PNG or SVG by extension), all or nothing.
pub fn write_chart(chart: &viz::Chart, path: &Path, width: u32, height: u32) -> Result<()> {
    let bytes = match image_format(path)? {
        ImageFormat::Png => viz::render::png(chart, width, height)?,
        ImageFormat::Svg => viz::render::svg(chart, width, height)?.into_bytes(),
    };
    write_atomically(path, |tmp| {
        std::fs::write(tmp, &bytes).map_err(|cause| Error::Write {
            path: path.to_path_buf(),
            cause,
        })
    })
}

fn spec(args: &PlotArgs, conn: &duckdb::Connection) -> Result<PlotSpec> {
    if args.kind == viz::Kind::Track && args.table.is_none() && args.query.is_none() {
        if let Some(id) = &args.declaration {
            return Ok(journey(args, id));
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

/// `plot track --declaration ID`: the tracks of the vessels and containers linked to one
/// declaration (the view declaration_telemetry), one line per MMSI or container, events marked.
fn journey(args: &PlotArgs, id: &str) -> PlotSpec {
    let sql = format!(
        "SELECT coalesce(mmsi, container_id, device_id) AS track, lat, lon, ts,
                CASE WHEN event_type NOT IN ('position', 'static') THEN event_type END AS event
         FROM declaration_telemetry WHERE declaration_id = {} AND lat IS NOT NULL",
        crate::sql::literal(id)
    );
    let mut source = Source::query(&sql);
    source.label = format!("telemetry linked to declaration {id}");
    PlotSpec {
        by: Some("track".into()),
        time: Some("ts".into()),
        event: Some("event".into()),
        title: args
            .title
            .clone()
            .or_else(|| Some(format!("Journey of declaration {id}"))),
        ..PlotSpec::new(viz::Kind::Track, source)
    }
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
    let mut spec = spec(&args, &ws.conn)?;
    if spec.kind == viz::Kind::UnitValue {
        // the outlier rule's parameters, as a risk run on this workspace resolves them
        spec.risk_params = crate::risk::Overrides::from_workspace_config(&ctx.workspace)?;
    }
    let started = std::time::Instant::now();
    let chart = viz::data::build(&ws.conn, &spec)?;
    let aggregated = started.elapsed().as_secs_f64();
    drop(ws);
    let started = std::time::Instant::now();
    write_chart(&chart, &args.out, args.width, args.height)?;
    let drawn = started.elapsed().as_secs_f64();
    audit::record_read(
        &ctx.workspace,
        &ctx.engine()?,
        "plot",
        serde_json::json!({ "kind": chart.kind, "sql": spec.source.sql, "rows": chart.rows, "out": args.out.display().to_string() }),
    )?;
    if args.json {
        println!(
            "{}",
            serde_json::json!({ "kind": chart.kind, "title": chart.title, "rows": chart.rows, "fetched": chart.fetched,
                                "caption": chart.caption, "out": args.out.display().to_string(),
                                "aggregate_seconds": aggregated, "draw_seconds": drawn })
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_picks_the_format() {
        assert_eq!(
            image_format(Path::new("a/b.PNG")).unwrap(),
            ImageFormat::Png
        );
        assert_eq!(
            image_format(Path::new("chart.svg")).unwrap(),
            ImageFormat::Svg
        );
        assert!(image_format(Path::new("chart.jpeg")).is_err());
        assert!(image_format(Path::new("chart")).is_err());
    }
}
