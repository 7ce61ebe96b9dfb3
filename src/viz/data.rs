//! From a [`PlotSpec`] to a [`Chart`]: the SQL that makes DuckDB do the aggregating.
//!
//! Every query here returns an aggregate whose size depends on the chart (bins, periods,
//! categories, thinned track points), never on the table: at most [`MAX_POINTS`] raw points
//! for a small scatter, otherwise bins. Column names are quoted identifiers; the only SQL
//! spliced in is what the analyst wrote as SQL (`--query`, `--value`), and DuckDB's errors
//! about it point at it. Values (a declaration's HS code and origin) are bound.
//!
//! The unit-value chart redraws what rule `unit_value_outlier` judged, so it takes the rule's
//! parameters (threshold, minimum group) from the risk module's own resolution, never from
//! constants of its own: the chart and the rule cannot disagree on where "outlier" begins.

use super::{Bin, Cell, Chart, ChartData, Kind, Period, PlotSpec, Series, Track};
use crate::error::{Error, Result};
use crate::risk::rule::ParamValue;
use crate::sql::ident;
use duckdb::Connection;

/// Above this many rows a scatter becomes a 2-D density.
pub const MAX_POINTS: i64 = 2_000;
/// Risk hits drawn on top of a scatter, at most.
const MAX_HIGHLIGHTS: usize = 500;
/// Cells per axis of a density.
const DENSITY_BINS: usize = 120;
/// Lines of a time series; the rest are summed into "other".
const MAX_SERIES: usize = 7;
/// Points kept per track, and tracks drawn.
const TRACK_POINTS: i64 = 2_000;
const MAX_TRACKS: i64 = 12;

/// A column of the source and its DuckDB type.
struct Column {
    name: String,
    ty: String,
}

impl Column {
    fn is_numeric(&self) -> bool {
        crate::sql::types::is_numeric_type(&self.ty)
    }

    fn is_temporal(&self) -> bool {
        let t = self.ty.to_ascii_uppercase();
        t == "DATE" || t.starts_with("TIMESTAMP")
    }

    fn sql(&self) -> String {
        ident(&self.name)
    }
}

/// The source's columns, or DuckDB's complaint about the source's SQL.
fn columns(conn: &Connection, spec: &PlotSpec) -> Result<Vec<Column>> {
    crate::sql::statements::require_wrappable_query(conn, &spec.source.sql, "query")?;
    let sql = format!("DESCRIBE SELECT * FROM ({})", spec.source.sql);
    let mut stmt = conn
        .prepare(&sql)
        .map_err(|e| crate::sql::sql_error(conn, e, &spec.source.sql, "query"))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| crate::sql::sql_error(conn, e, &spec.source.sql, "query"))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, ty) = row?;
        out.push(Column { name, ty });
    }
    Ok(out)
}

/// The column named by `--{role}`, which must exist.
fn column<'a>(
    cols: &'a [Column],
    name: Option<&str>,
    role: &str,
    kind: Kind,
) -> Result<&'a Column> {
    let name = name.ok_or_else(|| {
        Error::usage(
            format!("a {} chart needs --{role} COLUMN", kind_name(kind)),
            format!("columns of the source: {}", names(cols)),
        )
    })?;
    cols.iter()
        .find(|c| c.name == name)
        .or_else(|| cols.iter().find(|c| c.name.eq_ignore_ascii_case(name)))
        .ok_or_else(|| {
            Error::usage(
                format!("--{role} {name}: the source has no column `{name}`"),
                format!("columns of the source: {}", names(cols)),
            )
        })
}

fn numeric<'a>(
    cols: &'a [Column],
    name: Option<&str>,
    role: &str,
    kind: Kind,
) -> Result<&'a Column> {
    let c = column(cols, name, role, kind)?;
    if !c.is_numeric() {
        return Err(Error::usage(
            format!(
                "--{role} {}: column `{}` is {}, and a {} chart needs numbers there",
                c.name,
                c.name,
                c.ty,
                kind_name(kind)
            ),
            format!(
                "convert it in --query, e.g. `SELECT TRY_CAST({} AS DOUBLE) AS {} FROM ...`",
                c.sql(),
                c.sql()
            ),
        ));
    }
    Ok(c)
}

fn names(cols: &[Column]) -> String {
    cols.iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Histogram => "histogram",
        Kind::Timeseries => "time-series",
        Kind::Scatter => "scatter",
        Kind::Heatmap => "heatmap",
        Kind::Bar => "bar",
        Kind::Benford => "Benford",
        Kind::Track => "track",
        Kind::UnitValue => "unit-value",
    }
}

fn empty(spec: &PlotSpec, what: &str) -> Error {
    Error::usage(
        format!("nothing to plot: {} has no {what}", spec.source.label),
        "check the table or the query's filters (`clearway query` shows what it returns)",
    )
}

/// Runs the analyst-facing aggregate `sql`; errors in the analyst's own SQL (the source or
/// `--value`) come back as diagnostics on that SQL.
fn rows<T>(
    conn: &Connection,
    spec: &PlotSpec,
    sql: &str,
    params: &[&dyn duckdb::ToSql],
    row: impl FnMut(&duckdb::Row<'_>) -> duckdb::Result<T>,
) -> Result<Vec<T>> {
    let blame = |e: duckdb::Error| {
        let text = spec.value.as_deref().unwrap_or(&spec.source.sql);
        crate::sql::sql_error(conn, e, text, "query")
    };
    // Every statement a chart runs holds the analyst's text (the source query, `--value`):
    // it must stay one query, as duckdb-rs's `prepare` runs every statement but the last.
    crate::sql::statements::require_wrappable_query(
        conn,
        sql,
        if spec.value.is_some() {
            "--value"
        } else {
            "query"
        },
    )?;
    let mut stmt = conn.prepare(sql).map_err(blame)?;
    let mapped = stmt.query_map(params, row).map_err(blame)?;
    let mut out = Vec::new();
    for r in mapped {
        out.push(r.map_err(blame)?);
    }
    Ok(out)
}

/// Labels of well-known canonical columns, with their units.
pub fn axis_label(column: &str) -> String {
    let unit = match column {
        "customs_value" | "invoice_value" | "fob_value" | "total_taxes" | "revenue_recovered" => {
            " (customs currency)"
        }
        "net_mass_kg" | "gross_mass_kg" => "",
        "quantity" => " (supplementary units)",
        "lat" | "latitude" => " (°)",
        "lon" | "longitude" => " (°)",
        _ => "",
    };
    format!("{}{unit}", column.replace('_', " ").replace(" kg", " (kg)"))
}

/// Aggregates the source as `spec` asks.
pub fn build(conn: &Connection, spec: &PlotSpec) -> Result<Chart> {
    if spec.source.params.is_empty() {
        return build_from(conn, spec);
    }
    let bound = BoundRows::select(conn, spec)?;
    let mut local = spec.clone();
    local.source.sql = format!("SELECT * FROM {}", crate::sql::ident(&bound.table));
    local.source.params.clear();
    build_from(conn, &local)
}

/// The rows of a source with bound values, in a temporary table for the length of one chart.
/// A chart runs several statements over its source, each with placeholders of its own; selecting
/// the rows once, with the values bound, keeps every one of those statements free of the user's
/// value and of counting where its placeholders fall. Temporary tables live in the connection's
/// memory, so this works on a workspace opened read-only.
struct BoundRows<'c> {
    conn: &'c Connection,
    table: String,
}

impl<'c> BoundRows<'c> {
    fn select(conn: &'c Connection, spec: &PlotSpec) -> Result<Self> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let table = format!("clearway_chart_rows_{}_{n}", std::process::id());
        let source = &spec.source;
        crate::sql::statements::require_wrappable_query(conn, &source.sql, "query")?;
        let sql = format!(
            "CREATE TEMP TABLE {} AS SELECT * FROM ({})",
            crate::sql::ident(&table),
            source.sql
        );
        conn.execute(&sql, duckdb::params_from_iter(source.params.iter()))
            .map_err(|e| crate::sql::sql_error(conn, e, &source.sql, "query"))?;
        Ok(BoundRows { conn, table })
    }
}

impl Drop for BoundRows<'_> {
    fn drop(&mut self) {
        // nothing to report: the table goes with the connection in any case
        let _ = self.conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.{}",
            crate::sql::ident(&self.table)
        ));
    }
}

fn build_from(conn: &Connection, spec: &PlotSpec) -> Result<Chart> {
    if spec.kind == Kind::UnitValue {
        return unit_value(conn, spec);
    }
    let cols = columns(conn, spec)?;
    match spec.kind {
        Kind::Histogram => histogram(conn, spec, &cols),
        Kind::Timeseries => timeseries(conn, spec, &cols),
        Kind::Scatter => scatter(conn, spec, &cols),
        Kind::Heatmap => heatmap(conn, spec, &cols),
        Kind::Bar => bar(conn, spec, &cols),
        Kind::Benford => benford(conn, spec, &cols),
        Kind::Track => track(conn, spec, &cols),
        Kind::UnitValue => unreachable!("handled above"),
    }
}

fn chart(
    spec: &PlotSpec,
    (default_title, x_label, y_label): (String, String, String),
    data: ChartData,
    rows: i64,
    fetched: usize,
    notes: &[String],
) -> Chart {
    let mut caption = format!(
        "{} rows · {}",
        crate::output::group_thousands(rows),
        spec.source.label
    );
    for note in notes.iter().filter(|n| !n.is_empty()) {
        caption.push_str(" · ");
        caption.push_str(note);
    }
    Chart {
        kind: spec.kind,
        title: spec.title.clone().unwrap_or(default_title),
        x_label,
        y_label,
        log_x: spec.log_x,
        log_y: spec.log_y,
        data,
        rows,
        fetched,
        caption,
    }
}

/// `ln`-free axis transform: log10 on a log axis (non-positive values drop out), else as is.
fn axis_expr(column: &str, log: bool) -> String {
    if log {
        format!("CASE WHEN CAST({column} AS DOUBLE) > 0 THEN log10(CAST({column} AS DOUBLE)) END")
    } else {
        format!("CAST({column} AS DOUBLE)")
    }
}

fn from_axis(v: f64, log: bool) -> f64 {
    if log {
        10f64.powf(v)
    } else {
        v
    }
}

/// Equal-width bins over `expr` (already in axis space) of `from`, whose `?` are bound with
/// `from_params`: (bins, rows binned, rows left out).
fn binned(
    conn: &Connection,
    spec: &PlotSpec,
    (from, from_params): (&str, &[&dyn duckdb::ToSql]),
    expr: &str,
    bins: usize,
    log: bool,
) -> Result<(Vec<Bin>, i64, i64)> {
    let stats = rows(
        conn,
        spec,
        &format!(
            "SELECT min(a), max(a), count(a), count(*) FROM (SELECT {expr} AS a FROM ({from}))"
        ),
        from_params,
        |r| {
            Ok((
                r.get::<_, Option<f64>>(0)?,
                r.get::<_, Option<f64>>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        },
    )?;
    let (lo, hi, n, total) = stats[0];
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return Ok((vec![], 0, total));
    };
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    let last_bin = bins as i64 - 1;
    let params: Vec<&dyn duckdb::ToSql> = [&lo as &dyn duckdb::ToSql, &width, &last_bin]
        .into_iter()
        .chain(from_params.iter().copied())
        .collect();
    let counts = rows(
        conn,
        spec,
        &format!(
            "SELECT least(CAST(floor((a - ?) / ?) AS BIGINT), ?) AS b, count(*) FROM (SELECT {expr} AS a FROM ({from}))
             WHERE a IS NOT NULL GROUP BY b ORDER BY b"
        ),
        &params,
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    )?;
    let used = if hi > lo { bins } else { 1 };
    let mut out: Vec<Bin> = (0..used)
        .map(|b| Bin {
            lo: from_axis(lo + b as f64 * width, log),
            hi: from_axis(lo + (b + 1) as f64 * width, log),
            count: 0,
        })
        .collect();
    for (b, c) in counts {
        if let Some(bin) = out.get_mut(b.clamp(0, used as i64 - 1) as usize) {
            bin.count += c;
        }
    }
    Ok((out, n, total - n))
}

fn histogram(conn: &Connection, spec: &PlotSpec, cols: &[Column]) -> Result<Chart> {
    let x = numeric(cols, spec.x.as_deref(), "x", spec.kind)?;
    if spec.auto_log && !spec.log_x {
        let range = rows(
            conn,
            spec,
            &format!(
                "SELECT min(CAST({c} AS DOUBLE)), max(CAST({c} AS DOUBLE)) FROM ({})",
                spec.source.sql,
                c = x.sql()
            ),
            &[],
            |r| Ok((r.get::<_, Option<f64>>(0)?, r.get::<_, Option<f64>>(1)?)),
        )?;
        if let (Some(lo), Some(hi)) = range[0] {
            if lo > 0.0 && hi / lo >= 1000.0 {
                let mut logged = spec.clone();
                logged.log_x = true;
                logged.auto_log = false;
                return histogram(conn, &logged, cols);
            }
        }
    }
    let (bins, n, dropped) = binned(
        conn,
        spec,
        (&spec.source.sql, &[]),
        &axis_expr(&x.sql(), spec.log_x),
        spec.bins.max(1),
        spec.log_x,
    )?;
    if n == 0 {
        return Err(empty(spec, &format!("values in `{}`", x.name)));
    }
    let fetched = bins.len();
    let notes = vec![
        format!(
            "{} {} bins",
            bins.len(),
            if spec.log_x { "logarithmic" } else { "equal" }
        ),
        if dropped > 0 {
            format!(
                "{} rows left out (NULL{})",
                crate::output::group_thousands(dropped),
                if spec.log_x { " or ≤ 0" } else { "" }
            )
        } else {
            String::new()
        },
    ];
    Ok(chart(
        spec,
        (
            format!("Distribution of {}", x.name),
            axis_label(&x.name),
            "rows".into(),
        ),
        ChartData::Histogram {
            bins,
            log: spec.log_x,
            dropped,
        },
        n,
        fetched,
        &notes,
    ))
}

fn timeseries(conn: &Connection, spec: &PlotSpec, cols: &[Column]) -> Result<Chart> {
    let x = column(cols, spec.x.as_deref(), "x", spec.kind)?;
    if !x.is_temporal() {
        return Err(Error::usage(
            format!(
                "--x {}: column `{}` is {}, and a time series needs a DATE or TIMESTAMP",
                x.name, x.name, x.ty
            ),
            format!(
                "convert it in --query, e.g. `SELECT CAST({} AS DATE) AS {} FROM ...`",
                x.sql(),
                x.sql()
            ),
        ));
    }
    let measure = match &spec.y {
        Some(_) => format!(
            "CAST({} AS DOUBLE)",
            numeric(cols, spec.y.as_deref(), "y", spec.kind)?.sql()
        ),
        None => "1.0".to_string(),
    };
    let group = match &spec.by {
        Some(_) => format!(
            "coalesce(CAST({} AS VARCHAR), '(none)')",
            column(cols, spec.by.as_deref(), "by", spec.kind)?.sql()
        ),
        None => "'all'".to_string(),
    };
    let period = match spec.period {
        Some(p) => p,
        None => {
            let span = rows(
                conn,
                spec,
                &format!(
                    "SELECT datediff('day', min({x}), max({x})) FROM ({})",
                    spec.source.sql,
                    x = x.sql()
                ),
                &[],
                |r| r.get::<_, Option<i64>>(0),
            )?;
            match span[0] {
                None => return Err(empty(spec, &format!("values in `{}`", x.name))),
                Some(d) if d > 550 => Period::Month,
                Some(d) if d > 90 => Period::Week,
                Some(_) => Period::Day,
            }
        }
    };
    let sql = format!(
        "WITH s AS (SELECT CAST(date_trunc('{p}', {x}) AS DATE) AS t, {group} AS g, {measure} AS m FROM ({src}) WHERE {x} IS NOT NULL),
              per AS (SELECT t, g, sum(m) AS v, count(*) AS n FROM s GROUP BY t, g),
              tops AS (SELECT g FROM per GROUP BY g ORDER BY sum(v) DESC NULLS LAST, g LIMIT {max}),
              named AS (SELECT t, CASE WHEN tops.g IS NULL THEN 'other' ELSE per.g END AS g, v, n FROM per LEFT JOIN tops USING (g)),
              -- a series with nothing in a period shows 0 there rather than a line across the gap
              grid AS (SELECT p.t, s.g FROM (SELECT DISTINCT t FROM named) p, (SELECT DISTINCT g FROM named) s)
         SELECT CAST(epoch(CAST(grid.t AS TIMESTAMP)) / 86400 AS DOUBLE) AS day, grid.g, coalesce(sum(v), 0), coalesce(sum(n), 0)
         FROM grid LEFT JOIN named USING (t, g) GROUP BY grid.t, grid.g ORDER BY grid.g, grid.t LIMIT 50000",
        p = period.name(),
        x = x.sql(),
        src = spec.source.sql,
        max = MAX_SERIES,
    );
    let fetched = rows(conn, spec, &sql, &[], |r| {
        Ok((
            r.get::<_, f64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<f64>>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    if fetched.is_empty() {
        return Err(empty(spec, &format!("values in `{}`", x.name)));
    }
    let mut series: Vec<Series> = Vec::new();
    let mut total = 0;
    for (day, g, v, n) in &fetched {
        total += n;
        match series.last_mut() {
            Some(s) if &s.name == g => s.points.push((*day, v.unwrap_or(0.0))),
            _ => series.push(Series {
                name: g.clone(),
                points: vec![(*day, v.unwrap_or(0.0))],
            }),
        }
    }
    // the largest series first, "other" last: the legend reads in order of importance
    series.sort_by(|a, b| {
        let sum = |s: &Series| s.points.iter().map(|p| p.1).sum::<f64>();
        (a.name == "other")
            .cmp(&(b.name == "other"))
            .then(sum(b).total_cmp(&sum(a)))
    });
    let what = match &spec.y {
        Some(y) => format!("sum of {y}"),
        None => "rows".into(),
    };
    let notes = vec![
        format!("per {}", period.name()),
        match &spec.by {
            Some(by) => format!("one line per {by} (top {MAX_SERIES}, the rest as \"other\")"),
            None => String::new(),
        },
    ];
    Ok(chart(
        spec,
        (
            format!("{} per {}", capitalise(&what), period.name()),
            axis_label(&x.name),
            format!("{what} per {}", period.name()),
        ),
        ChartData::Series { series, period },
        total,
        fetched.len(),
        &notes,
    ))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn scatter(conn: &Connection, spec: &PlotSpec, cols: &[Column]) -> Result<Chart> {
    let x = numeric(cols, spec.x.as_deref(), "x", spec.kind)?;
    let y = numeric(cols, spec.y.as_deref(), "y", spec.kind)?;
    let (ax, ay) = (
        axis_expr(&x.sql(), spec.log_x),
        axis_expr(&y.sql(), spec.log_y),
    );
    let pairs = format!("SELECT * FROM (SELECT {ax} AS ax, {ay} AS ay FROM ({})) WHERE ax IS NOT NULL AND ay IS NOT NULL", spec.source.sql);
    let stats = rows(
        conn,
        spec,
        &format!("SELECT min(ax), max(ax), min(ay), max(ay), count(*) FROM ({pairs})"),
        &[],
        |r| {
            Ok((
                r.get::<_, Option<f64>>(0)?,
                r.get::<_, Option<f64>>(1)?,
                r.get::<_, Option<f64>>(2)?,
                r.get::<_, Option<f64>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    let (Some(x0), Some(x1), Some(y0), Some(y1), n) = stats[0] else {
        return Err(empty(
            spec,
            &format!(
                "rows with both `{}` and `{}`{}",
                x.name,
                y.name,
                if spec.log_x || spec.log_y {
                    " (positive, for a log axis)"
                } else {
                    ""
                }
            ),
        ));
    };
    let highlighted = if spec.hits {
        hit_points(conn, spec, cols, &ax, &ay)?
    } else {
        vec![]
    };
    let back = |p: (f64, f64)| (from_axis(p.0, spec.log_x), from_axis(p.1, spec.log_y));
    let mut notes = vec![];
    let (data, fetched) = if n <= MAX_POINTS {
        let points = rows(
            conn,
            spec,
            &format!("SELECT ax, ay FROM ({pairs})"),
            &[],
            |r| Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?)),
        )?;
        let fetched = points.len() + highlighted.len();
        (
            ChartData::Points {
                points: points.into_iter().map(back).collect(),
                highlighted: highlighted.into_iter().map(back).collect(),
            },
            fetched,
        )
    } else {
        let (wx, wy) = (
            ((x1 - x0) / DENSITY_BINS as f64).max(f64::MIN_POSITIVE),
            ((y1 - y0) / DENSITY_BINS as f64).max(f64::MIN_POSITIVE),
        );
        let last = DENSITY_BINS as i64 - 1;
        let cells = rows(
            conn,
            spec,
            &format!("SELECT least(CAST(floor((ax - ?) / ?) AS BIGINT), ?) AS i, least(CAST(floor((ay - ?) / ?) AS BIGINT), ?) AS j, count(*) FROM ({pairs}) GROUP BY i, j"),
            &[&x0, &wx, &last, &y0, &wy, &last],
            |r| Ok(Cell { i: r.get::<_, i64>(0)? as usize, j: r.get::<_, i64>(1)? as usize, count: r.get(2)? }),
        )?;
        notes.push(format!(
            "density of {DENSITY_BINS} × {DENSITY_BINS} bins (more than {} rows)",
            crate::output::group_thousands(MAX_POINTS)
        ));
        let fetched = cells.len() + highlighted.len();
        (
            ChartData::Density {
                cells,
                x_range: (from_axis(x0, spec.log_x), from_axis(x1, spec.log_x)),
                y_range: (from_axis(y0, spec.log_y), from_axis(y1, spec.log_y)),
                nx: DENSITY_BINS,
                ny: DENSITY_BINS,
                highlighted: highlighted.into_iter().map(back).collect(),
            },
            fetched,
        )
    };
    if spec.hits {
        notes.push(format!(
            "the {MAX_HIGHLIGHTS} items with the highest risk scores of the latest run marked ×"
        ));
    }
    Ok(chart(
        spec,
        (
            format!(
                "{} against {}",
                capitalise(&y.name.replace('_', " ")),
                x.name.replace('_', " ")
            ),
            axis_label(&x.name),
            axis_label(&y.name),
        ),
        data,
        n,
        fetched,
        &notes,
    ))
}

/// The source's items with the highest combined scores of the latest risk run, in axis
/// space: the few hundred an analyst would look at first, not every low-scoring hit.
fn hit_points(
    conn: &Connection,
    spec: &PlotSpec,
    cols: &[Column],
    ax: &str,
    ay: &str,
) -> Result<Vec<(f64, f64)>> {
    for key in ["declaration_id", "item_no"] {
        column(cols, Some(key), "hits", spec.kind).map_err(|_| {
            Error::usage(
                format!("--hits needs the source's `{key}` column to find risk hits"),
                "plot declarations (`--table declarations`) or keep declaration_id and item_no in --query",
            )
        })?;
    }
    rows(
        conn,
        spec,
        &format!(
            "WITH latest AS (SELECT max(run_id) AS run_id FROM risk_runs),
                  flagged AS (SELECT DISTINCT h.declaration_id, h.item_no, s.total
                              FROM risk_hits h JOIN risk_scores s USING (run_id, declaration_id)
                              WHERE h.run_id = (SELECT run_id FROM latest))
             SELECT ax, ay FROM (SELECT {ax} AS ax, {ay} AS ay, CAST(declaration_id AS VARCHAR) AS declaration_id, item_no FROM ({src})) s
             JOIN flagged f USING (declaration_id, item_no)
             WHERE ax IS NOT NULL AND ay IS NOT NULL
             ORDER BY f.total DESC, declaration_id, item_no LIMIT {MAX_HIGHLIGHTS}",
            src = spec.source.sql
        ),
        &[],
        |r| Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?)),
    )
}

fn heatmap(conn: &Connection, spec: &PlotSpec, cols: &[Column]) -> Result<Chart> {
    let x = column(cols, spec.x.as_deref(), "x", spec.kind)?;
    let y = column(cols, spec.y.as_deref(), "y", spec.kind)?;
    let value = spec.value.clone().unwrap_or_else(|| "count(*)".into());
    let sql = format!(
        "WITH s AS (SELECT CAST({x} AS VARCHAR) AS __x, CAST({y} AS VARCHAR) AS __y, * FROM ({src})),
              tx AS (SELECT __x, sum(count(*)) OVER () AS total FROM s GROUP BY __x ORDER BY count(*) DESC, __x LIMIT {top}),
              ty AS (SELECT __y FROM s GROUP BY __y ORDER BY count(*) DESC, __y LIMIT {top})
         SELECT __x, __y, CAST(({value}) AS DOUBLE) AS v, (SELECT max(total) FROM tx) AS total
         FROM s SEMI JOIN tx USING (__x) SEMI JOIN ty USING (__y)
         GROUP BY __x, __y ORDER BY __x, __y",
        x = x.sql(),
        y = y.sql(),
        src = spec.source.sql,
        top = spec.top.max(1),
    );
    let fetched = rows(conn, spec, &sql, &[], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?
                .unwrap_or_else(|| "(none)".into()),
            r.get::<_, Option<String>>(1)?
                .unwrap_or_else(|| "(none)".into()),
            r.get::<_, Option<f64>>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    if fetched.is_empty() {
        return Err(empty(spec, "rows"));
    }
    let mut xs: Vec<String> = fetched.iter().map(|r| r.0.clone()).collect();
    let mut ys: Vec<String> = fetched.iter().map(|r| r.1.clone()).collect();
    for v in [&mut xs, &mut ys] {
        v.sort();
        v.dedup();
    }
    let values = fetched
        .iter()
        .filter_map(|(a, b, v, _)| {
            Some((xs.binary_search(a).ok()?, ys.binary_search(b).ok()?, (*v)?))
        })
        .collect();
    let total = fetched[0].3;
    let notes = vec![
        format!("value: {value}"),
        format!("the {} most frequent of each", spec.top.max(1)),
    ];
    Ok(chart(
        spec,
        (
            format!("{value} by {} and {}", x.name, y.name),
            x.name.replace('_', " "),
            y.name.replace('_', " "),
        ),
        ChartData::Matrix { xs, ys, values },
        total,
        fetched.len(),
        &notes,
    ))
}

fn bar(conn: &Connection, spec: &PlotSpec, cols: &[Column]) -> Result<Chart> {
    let x = column(cols, spec.x.as_deref(), "x", spec.kind)?;
    let (value, what) = match (&spec.value, &spec.y) {
        (Some(v), _) => (v.clone(), v.clone()),
        (None, Some(_)) => {
            let y = numeric(cols, spec.y.as_deref(), "y", spec.kind)?;
            (format!("sum({})", y.sql()), format!("sum of {}", y.name))
        }
        (None, None) => ("count(*)".into(), "rows".into()),
    };
    let sql = format!(
        "SELECT coalesce(CAST({x} AS VARCHAR), '(none)') AS label, CAST(({value}) AS DOUBLE) AS v, sum(count(*)) OVER () AS total
         FROM ({src}) GROUP BY label ORDER BY v DESC NULLS LAST, label LIMIT {top}",
        x = x.sql(),
        src = spec.source.sql,
        top = spec.top.max(1),
    );
    let fetched = rows(conn, spec, &sql, &[], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<f64>>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    if fetched.is_empty() {
        return Err(empty(spec, "rows"));
    }
    let total = fetched[0].2;
    let labels = fetched.iter().map(|r| r.0.clone()).collect();
    let values = fetched.iter().map(|r| r.1.unwrap_or(0.0)).collect();
    Ok(chart(
        spec,
        (
            format!("Top {} {} by {what}", fetched.len(), x.name),
            x.name.replace('_', " "),
            what,
        ),
        ChartData::Bars { labels, values },
        total,
        fetched.len(),
        &[],
    ))
}

/// Benford's expected share of first digit `d`.
pub fn benford_share(d: usize) -> f64 {
    (1.0 + 1.0 / d as f64).log10()
}

fn benford(conn: &Connection, spec: &PlotSpec, cols: &[Column]) -> Result<Chart> {
    let x = numeric(cols, spec.x.as_deref(), "x", spec.kind)?;
    // The first significant digit from the decimal text: floor(v / 10^floor(log10 v)) gets
    // 0.3 wrong (2.999...).
    let sql = format!(
        "SELECT CAST(regexp_extract(printf('%e', abs(CAST({x} AS DOUBLE))), '^([1-9])', 1) AS INTEGER) AS d, count(*)
         FROM ({src}) WHERE {x} IS NOT NULL AND {x} <> 0 GROUP BY d ORDER BY d",
        x = x.sql(),
        src = spec.source.sql
    );
    let fetched = rows(conn, spec, &sql, &[], |r| {
        Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut counts = [0i64; 9];
    for (d, c) in &fetched {
        if let Some(d @ 1..=9) = d {
            counts[*d as usize - 1] += c;
        }
    }
    let n: i64 = counts.iter().sum();
    if n == 0 {
        return Err(empty(spec, &format!("non-zero values in `{}`", x.name)));
    }
    let mad = (1..=9)
        .map(|d| (counts[d - 1] as f64 / n as f64 - benford_share(d)).abs())
        .sum::<f64>()
        / 9.0;
    let verdict = match mad {
        m if m < 0.006 => "close conformity",
        m if m < 0.012 => "acceptable conformity",
        m if m < 0.015 => "marginal conformity",
        _ => "nonconformity",
    };
    let notes = vec![format!(
        "MAD {mad:.4}: {verdict} (Nigrini's first-digit bands)"
    )];
    Ok(chart(
        spec,
        (
            format!("First digits of {} against Benford's law", x.name),
            "first significant digit".into(),
            "share of values".into(),
        ),
        ChartData::Benford { counts, mad },
        n,
        fetched.len(),
        &notes,
    ))
}

/// The first of `candidates` the source has, for track maps' default columns.
fn first_present<'a>(
    cols: &[Column],
    given: Option<&'a str>,
    candidates: &[&'a str],
) -> Option<String> {
    given.map(str::to_string).or_else(|| {
        candidates.iter().find_map(|c| {
            cols.iter()
                .find(|col| col.name.eq_ignore_ascii_case(c))
                .map(|col| col.name.clone())
        })
    })
}

fn track(conn: &Connection, spec: &PlotSpec, cols: &[Column]) -> Result<Chart> {
    let lon_name = first_present(cols, spec.x.as_deref(), &["lon", "longitude", "lng"]);
    let lat_name = first_present(cols, spec.y.as_deref(), &["lat", "latitude"]);
    let lon = numeric(cols, lon_name.as_deref(), "x", spec.kind)?;
    let lat = numeric(cols, lat_name.as_deref(), "y", spec.kind)?;
    let group = match &spec.by {
        Some(_) => format!(
            "CAST({} AS VARCHAR)",
            column(cols, spec.by.as_deref(), "by", spec.kind)?.sql()
        ),
        None => "'track'".into(),
    };
    let order = match &spec.time {
        Some(t) => column(cols, Some(t), "time", spec.kind)?.sql(),
        None => "1".into(),
    };
    let event = match &spec.event {
        Some(e) => format!(
            "NULLIF(CAST({} AS VARCHAR), '')",
            column(cols, Some(e), "event", spec.kind)?.sql()
        ),
        None => "CAST(NULL AS VARCHAR)".into(),
    };
    // Thinning keeps every k-th point of a track, its ends, and every event.
    let sql = format!(
        "WITH s AS (SELECT {group} AS g, CAST({lon} AS DOUBLE) AS lon, CAST({lat} AS DOUBLE) AS lat, {event} AS ev, {order} AS o
                    FROM ({src}) WHERE {lon} BETWEEN -180 AND 180 AND {lat} BETWEEN -90 AND 90),
              tops AS (SELECT g, count(*) AS n FROM s GROUP BY g ORDER BY n DESC, g LIMIT {MAX_TRACKS}),
              numbered AS (SELECT s.*, tops.n, row_number() OVER (PARTITION BY s.g ORDER BY s.o) AS rn
                           FROM s JOIN tops USING (g))
         SELECT g, lon, lat, ev, (SELECT count(*) FROM s) AS total FROM numbered
         WHERE rn % greatest(1, CAST(ceil(n / {TRACK_POINTS}) AS BIGINT)) = 0 OR rn = 1 OR rn = n OR ev IS NOT NULL
         ORDER BY g, rn",
        lon = lon.sql(),
        lat = lat.sql(),
        src = spec.source.sql,
    );
    let fetched = rows(conn, spec, &sql, &[], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, f64>(1)?,
            r.get::<_, f64>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    if fetched.is_empty() {
        return Err(empty(
            spec,
            "positions (longitude -180..180, latitude -90..90)",
        ));
    }
    let mut tracks: Vec<Track> = Vec::new();
    for (g, x, y, ev, _) in &fetched {
        if tracks.last().map(|t| &t.name) != Some(g) {
            tracks.push(Track {
                name: g.clone(),
                points: vec![],
                events: vec![],
            });
        }
        let t = tracks.last_mut().expect("pushed above");
        t.points.push((*x, *y));
        if let Some(label) = ev {
            t.events.push((*x, *y, label.clone()));
        }
    }
    let notes = vec![format!(
        "at most {MAX_TRACKS} tracks of at most {} points each, events kept",
        crate::output::group_thousands(TRACK_POINTS)
    )];
    let total = fetched[0].4;
    let title = match &spec.by {
        Some(by) => format!("Tracks by {by}"),
        None => "Track".into(),
    };
    Ok(chart(
        spec,
        (title, "longitude (°)".into(), "latitude (°)".into()),
        ChartData::Tracks { tracks },
        total,
        fetched.len(),
        &notes,
    ))
}

/// The picture behind a unit-value explanation: the item's peer group on a log scale, the
/// rule's thresholds, the item itself.
fn unit_value(conn: &Connection, spec: &PlotSpec) -> Result<Chart> {
    let id = spec.declaration.as_deref().ok_or_else(|| {
        Error::usage(
            "a unit-value chart needs --declaration ID",
            "e.g. `clearway plot unit-value --declaration DCL25-00001-000042`",
        )
    })?;
    let item: Option<(String, Option<String>, Option<f64>, i32)> = conn
        .query_row(
            "SELECT left(hs_code, 6), coalesce(origin_country, extra->>'country'),
                    CASE WHEN customs_value > 0 AND net_mass_kg > 0 THEN customs_value / net_mass_kg END, item_no
             FROM declarations d
             LEFT JOIN (SELECT item_no, max(score) AS score FROM risk_hits
                        WHERE rule_id = $3 AND declaration_id = $1
                          AND run_id = (SELECT max(run_id) FROM risk_runs) GROUP BY item_no) h USING (item_no)
             WHERE d.declaration_id = $1 AND ($2 IS NULL OR d.item_no = $2)
             ORDER BY h.score DESC NULLS LAST, d.item_no LIMIT 1",
            duckdb::params![id, spec.item, OUTLIER_RULE],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            duckdb::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    let Some((hs6, origin, Some(own), item_no)) = item else {
        return Err(Error::usage(
            format!("declaration {id}{}: no item with a customs value and a net mass", spec.item.map(|i| format!(" item {i}")).unwrap_or_default()),
            "`clearway query \"SELECT * FROM declarations WHERE declaration_id = '...'\"` shows its items",
        ));
    };
    let OutlierParameters {
        threshold,
        min_group,
    } = outlier_parameters(conn, spec)?;
    // the rule's own fall-back: HS6 × origin, else HS6, else the HS4 heading, whichever first
    // has `min_group` items; the codes and the origin are bound
    let hs4 = hs6[..hs6.len().min(4)].to_string();
    let levels: [(String, &str, Vec<&dyn duckdb::ToSql>); 3] = [
        (
            format!("HS6 {hs6} from {}", origin.as_deref().unwrap_or("unknown origin")),
            "left(hs_code, 6) = ? AND coalesce(origin_country, extra->>'country') IS NOT DISTINCT FROM ?",
            vec![&hs6, &origin],
        ),
        (format!("HS6 {hs6}"), "left(hs_code, 6) = ?", vec![&hs6]),
        (format!("HS4 {hs4}"), "left(hs_code, 4) = ?", vec![&hs4]),
    ];
    let mut chosen = None;
    for (label, filter, params) in levels {
        let from = format!("SELECT ln(customs_value / net_mass_kg) AS a FROM declarations WHERE customs_value > 0 AND net_mass_kg > 0 AND {filter}");
        let size: i64 = conn.query_row(
            &format!("SELECT count(*) FROM ({from})"),
            params.as_slice(),
            |r| r.get(0),
        )?;
        if size >= min_group {
            chosen = Some((label, from, params));
            break;
        }
    }
    let Some((peer_group, from, params)) = chosen else {
        return Err(Error::usage(
            format!("declaration {id} item {item_no}: no peer group (HS6 × origin, HS6 or HS4) has {min_group} items with a value and a mass"),
            "the unit_value_outlier rule does not judge this item either; compare it with `clearway query`",
        ));
    };
    let (median, sd, n): (f64, f64, i64) = conn.query_row(
        &format!("SELECT median(a), 1.4826 * mad(a), count(*) FROM ({from})"),
        params.as_slice(),
        |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<f64>>(1)?.unwrap_or(0.0),
                r.get(2)?,
            ))
        },
    )?;
    let (bins, _, _) = binned(conn, spec, (&from, &params), "a", spec.bins.max(1), false)?;
    let bins: Vec<Bin> = bins
        .into_iter()
        .map(|b| Bin {
            lo: b.lo.exp(),
            hi: b.hi.exp(),
            count: b.count,
        })
        .collect();
    let z = if sd > 0.0 {
        (own.ln() - median) / sd
    } else {
        0.0
    };
    let fetched = bins.len();
    let notes = vec![
        format!(
            "declaration {id} item {item_no}: {} per kg, robust z {z:.1}",
            super::human(own)
        ),
        format!("thresholds at ±{threshold} robust SD ({OUTLIER_RULE})"),
    ];
    let mut spec = spec.clone();
    spec.log_x = true;
    spec.source.label = format!("declarations of {peer_group}");
    Ok(chart(
        &spec,
        (
            format!("Customs value per kg of {peer_group}"),
            "customs value per kg (customs currency, log scale)".into(),
            "items".into(),
        ),
        ChartData::UnitValue {
            bins,
            median: median.exp(),
            lower: (median - threshold * sd).exp(),
            upper: (median + threshold * sd).exp(),
            own,
            peer_group,
            z,
        },
        n,
        fetched,
        &notes,
    ))
}

/// The rule whose judgement the unit-value chart draws.
const OUTLIER_RULE: &str = "unit_value_outlier";

/// The parameters of [`OUTLIER_RULE`] the chart draws with.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OutlierParameters {
    /// Robust z from which an item is an outlier.
    threshold: f64,
    /// Items a peer group needs before it is a norm.
    min_group: i64,
}

/// The outlier rule's parameters as the risk module resolves them: the rule's declared
/// defaults, then `spec.risk_params` (`clearway.toml`, `--param`), then — when the latest risk
/// run ran the rule — the values that run used, so that the chart explains that run's hits.
fn outlier_parameters(conn: &Connection, spec: &PlotSpec) -> Result<OutlierParameters> {
    let rule = crate::risk::load_pack(crate::risk::DEFAULT_PACK)?
        .into_iter()
        .find(|r| r.id == OUTLIER_RULE)
        .ok_or_else(|| {
            Error::usage(
                format!("the {} pack has no rule {OUTLIER_RULE}", crate::risk::DEFAULT_PACK),
                "the unit-value chart draws that rule's judgement; run clearway where ./declarations is not a folder of other rules",
            )
        })?;
    let mut overrides = spec.risk_params.clone();
    overrides.add_raw(&latest_run_values(conn)?)?;
    let values = overrides.resolve(&rule)?;
    let number = |name: &str| match values.get(name) {
        Some(ParamValue::Float(x)) => Some(*x),
        Some(ParamValue::Integer(i)) => Some(*i as f64),
        _ => None,
    };
    match (number("threshold"), number("min_group")) {
        (Some(threshold), Some(min_group)) => Ok(OutlierParameters {
            threshold,
            min_group: min_group as i64,
        }),
        _ => Err(Error::usage(
            format!(
                "rule {OUTLIER_RULE} ({}) declares no numeric threshold and min_group",
                rule.origin
            ),
            "the unit-value chart draws with those two parameters of the rule",
        )),
    }
}

/// The outlier rule's parameters in the latest risk run, as `rule.name=value` overrides (none
/// when that run did not run the rule).
fn latest_run_values(conn: &Connection) -> Result<Vec<String>> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT CAST(parameters->$1 AS VARCHAR) FROM risk_runs ORDER BY run_id DESC LIMIT 1",
            [OUTLIER_RULE],
            |r| r.get(0),
        )
        .or_else(|e| match e {
            duckdb::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    let values: serde_json::Map<String, serde_json::Value> = stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Ok(values
        .iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(text) => format!("{OUTLIER_RULE}.{name}={text}"),
            other => format!("{OUTLIER_RULE}.{name}={other}"),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::{self, Overrides};
    use crate::viz::Source;
    use crate::workspace::Workspace;

    /// 30 items of one HS6 × origin at 10.0–12.9 per kg, and item X at 15 per kg: about 2.8
    /// robust SD above their median.
    fn workspace() -> Workspace {
        let ws = Workspace::in_memory().unwrap();
        ws.conn
            .execute_batch(
                "INSERT INTO declarations (declaration_id, item_no, declared_at, hs_code, origin_country, customs_value, net_mass_kg)
                 SELECT 'D' || i, 1, TIMESTAMP '2025-01-01', '8504400000', 'CN', 100 + i, 10 FROM range(30) t(i);
                 INSERT INTO declarations (declaration_id, item_no, declared_at, hs_code, origin_country, customs_value, net_mass_kg)
                 VALUES ('X', 1, TIMESTAMP '2025-01-02', '8504400000', 'CN', 150, 10);",
            )
            .unwrap();
        ws
    }

    fn overrides(threshold: f64) -> Overrides {
        let mut o = Overrides::default();
        o.add_raw(&[format!("{OUTLIER_RULE}.threshold={threshold}")])
            .unwrap();
        o
    }

    /// The chart of item X: (its robust z, the thresholds' distance from the median in robust
    /// SD, its caption).
    fn chart_of_x(ws: &Workspace, risk_params: Overrides) -> (f64, f64, String) {
        let spec = PlotSpec {
            declaration: Some("X".into()),
            risk_params,
            ..PlotSpec::new(Kind::UnitValue, Source::table("declarations"))
        };
        let chart = build(&ws.conn, &spec).unwrap();
        let ChartData::UnitValue {
            median,
            upper,
            own,
            z,
            ..
        } = chart.data
        else {
            panic!("a unit-value chart");
        };
        let sd = (own.ln() - median.ln()) / z;
        (z, (upper.ln() - median.ln()) / sd, chart.caption)
    }

    fn flags_x(ws: &Workspace, threshold: f64) -> bool {
        let rules: Vec<_> = risk::load_pack(risk::DEFAULT_PACK)
            .unwrap()
            .into_iter()
            .filter(|r| r.id == OUTLIER_RULE)
            .collect();
        let report = risk::runner::run(
            ws,
            risk::DEFAULT_PACK,
            &rules,
            &overrides(threshold),
            |_, _| {},
        )
        .unwrap();
        ws.conn
            .query_row(
                "SELECT count(*) > 0 FROM risk_hits WHERE run_id = ? AND declaration_id = 'X'",
                [report.run_id],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn the_unit_value_chart_draws_the_thresholds_the_outlier_rule_flags_with() {
        let ws = workspace();
        // before any run: the parameters a run would resolve (clearway.toml, --param)
        let (z, drawn, caption) = chart_of_x(&ws, overrides(2.5));
        assert!((drawn - 2.5).abs() < 1e-9, "{drawn}");
        assert!(
            caption.contains("thresholds at ±2.5 robust SD"),
            "{caption}"
        );
        assert!(z > 2.5 && z < 3.5, "{z}");
        // after a run: the run's own parameters, whatever the chart was given
        for threshold in [2.5, 3.5] {
            let flagged = flags_x(&ws, threshold);
            let (z, drawn, caption) = chart_of_x(&ws, Overrides::default());
            assert!((drawn - threshold).abs() < 1e-9, "{drawn} for {threshold}");
            assert!(
                caption.contains(&format!("±{threshold} robust SD")),
                "{caption}"
            );
            assert_eq!(
                flagged,
                z.abs() >= threshold,
                "z {z}, threshold {threshold}"
            );
        }
        assert!(
            !flags_x(&ws, 3.5) && flags_x(&ws, 2.5),
            "the parameter decides"
        );
    }

    #[test]
    fn a_bound_value_selects_rows_and_cannot_become_sql() {
        let ws = workspace();
        let sql = "SELECT customs_value FROM declarations WHERE declaration_id = ?";
        let spec = |id: &str| {
            PlotSpec::new(Kind::Histogram, Source::bound(sql, vec![id.into()])).x("customs_value")
        };
        assert_eq!(build(&ws.conn, &spec("X")).unwrap().rows, 1);
        // a value that would widen a spliced query to every row is one id that matches none
        let err = build(&ws.conn, &spec("X' OR '1'='1")).unwrap_err();
        assert!(err.to_string().starts_with("nothing to plot"), "{err}");
        let left: i64 = ws
            .conn
            .query_row(
                "SELECT count(*) FROM duckdb_tables() WHERE temporary",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "the chart's rows went with the chart");
    }
}
