//! A chart written to a file, PNG or SVG by the file's name: `clearway plot` and the TUI's
//! SaveChart both go through [`save`], so a chart file and its audit record are the same
//! whichever front end wrote them.

use super::{data, render, Chart, PlotSpec};
use crate::error::{Error, Result};
use crate::output::write_atomically;
use crate::workspace::audit;
use std::path::Path;
use std::time::Instant;

/// The image formats a chart can be written in, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

/// The format `path` asks for; other extensions are refused.
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
pub fn write_chart(chart: &Chart, path: &Path, width: u32, height: u32) -> Result<()> {
    let bytes = match image_format(path)? {
        ImageFormat::Png => render::png(chart, width, height)?,
        ImageFormat::Svg => render::svg(chart, width, height)?.into_bytes(),
    };
    write_atomically(path, |tmp| {
        std::fs::write(tmp, &bytes).map_err(|cause| Error::Write {
            path: path.to_path_buf(),
            cause,
        })
    })
}

/// A chart saved: the chart, how long DuckDB aggregated and plotters drew, and the audit
/// record for the front end to append.
pub struct Saved {
    pub chart: Chart,
    pub aggregate_seconds: f64,
    pub draw_seconds: f64,
    pub record: audit::Record,
}

/// Aggregates `spec` on `conn` and draws it into `out` at `width` × `height`.
pub fn save(
    conn: &duckdb::Connection,
    spec: &PlotSpec,
    out: &Path,
    width: u32,
    height: u32,
) -> Result<Saved> {
    image_format(out)?;
    let started = Instant::now();
    let chart = data::build(conn, spec)?;
    let aggregate_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    write_chart(&chart, out, width, height)?;
    let draw_seconds = started.elapsed().as_secs_f64();
    let mut detail = serde_json::json!({ "kind": chart.kind, "sql": spec.source.sql.trim_end(), "rows": chart.rows,
                                         "out": out.display().to_string() });
    if !spec.source.params.is_empty() {
        // the values bound to the query's placeholders, so the entry says what was drawn
        detail["params"] = serde_json::json!(spec.source.params);
    }
    let record = audit::Record {
        command: "plot",
        detail,
    };
    Ok(Saved {
        chart,
        aggregate_seconds,
        draw_seconds,
        record,
    })
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
