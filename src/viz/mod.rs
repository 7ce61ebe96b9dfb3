//! Charts of big tables: `clearway plot`, the HTML report, the demo's pictures and (later) the
//! TUI's chart pane all go through this module.
//!
//! The shape is dictated by size. A workspace holds tens of millions of declaration items and
//! a chart has a few thousand pixels across, so every kind of chart is split in two:
//! [`data`] turns a [`PlotSpec`] into SQL that DuckDB aggregates — bins, 2-D bins, periods,
//! top-N, first digits, thinned tracks — and fetches only the aggregate (a few thousand rows
//! at most, counted in [`Chart::fetched`] so tests can hold it to that); [`render`] draws that
//! aggregate with plotters, to SVG (text stays text, so the report can be searched and tests
//! can read it) or PNG. The TUI draws the same [`Chart`] values with its own widgets; a chart
//! saved to a file goes through [`save`] from either front end.

pub mod data;
pub mod render;
pub mod report;
pub mod save;

use serde::Serialize;

/// The kinds of chart, as `clearway plot KIND` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Distribution of one numeric column (linear or log bins).
    Histogram,
    /// Count or sum per day, week or month, one series per value of --by.
    Timeseries,
    /// Two numeric columns; a 2-D density heatmap above 2,000 rows, risk hits on top.
    Scatter,
    /// A measure over two categories (e.g. hit rate by HS chapter × origin).
    Heatmap,
    /// The top N categories by a measure.
    Bar,
    /// First significant digits against Benford's law.
    Benford,
    /// Latitude/longitude paths per container or vessel, with events marked.
    Track,
    /// The unit-value distribution of one declaration item's HS6 × origin group, with the
    /// outlier rule's thresholds and the item's own value.
    UnitValue,
}

/// Where the rows come from: a table or the analyst's query (run read-only).
#[derive(Debug, Clone)]
pub struct Source {
    /// A SELECT statement (no trailing semicolon).
    pub sql: String,
    /// How the caption names it: "table declarations" or the query text.
    pub label: String,
    /// Values bound to the `?` placeholders of `sql`, in order: how clearway's own queries
    /// take a value from the user (a declaration id) without writing it into SQL text.
    pub params: Vec<String>,
}

impl Source {
    pub fn table(name: &str) -> Self {
        Source {
            sql: format!("SELECT * FROM {}", crate::sql::ident(name)),
            label: format!("table {name}"),
            params: Vec::new(),
        }
    }

    pub fn query(sql: &str) -> Self {
        let body = crate::sql::statement_body(sql).to_string();
        Source {
            label: format!("query: {}", one_line(&body)),
            // Wrapped in clearway's own statements (`FROM (…)`): the newline ends a `--`
            // comment the query may end with, so that it cannot swallow the parenthesis.
            sql: format!("{body}\n"),
            params: Vec::new(),
        }
    }

    /// A query with `?` placeholders and the values bound to them.
    pub fn bound(sql: &str, params: Vec<String>) -> Self {
        Source {
            params,
            ..Source::query(sql)
        }
    }
}

/// Time buckets of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// Everything a chart is drawn from.
#[derive(Debug, Clone)]
pub struct PlotSpec {
    pub kind: Kind,
    pub source: Source,
    pub x: Option<String>,
    pub y: Option<String>,
    pub by: Option<String>,
    /// An aggregate SQL expression (`avg(CAST(illicit AS INT))`) for heatmaps and bars.
    pub value: Option<String>,
    pub bins: usize,
    pub period: Option<Period>,
    pub top: usize,
    pub log_x: bool,
    pub log_y: bool,
    /// Histograms: log bins when the values are all positive and span three decades or more
    /// (customs values, masses), linear otherwise. For front ends that cannot ask (the TUI).
    pub auto_log: bool,
    pub hits: bool,
    pub declaration: Option<String>,
    pub item: Option<i32>,
    pub time: Option<String>,
    pub event: Option<String>,
    pub title: Option<String>,
    /// Rule parameter overrides (`clearway.toml`'s `[risk.params]`, `--param`) as a risk run
    /// would apply them: the unit-value chart draws the outlier rule's thresholds from them
    /// when no risk run has used the rule yet.
    pub risk_params: crate::risk::Overrides,
}

impl PlotSpec {
    /// A spec with the defaults `clearway plot` uses.
    pub fn new(kind: Kind, source: Source) -> Self {
        PlotSpec {
            kind,
            source,
            x: None,
            y: None,
            by: None,
            value: None,
            bins: 50,
            period: None,
            top: 20,
            log_x: false,
            log_y: false,
            auto_log: false,
            hits: false,
            declaration: None,
            item: None,
            time: None,
            event: None,
            title: None,
            risk_params: crate::risk::Overrides::default(),
        }
    }

    pub fn x(mut self, column: &str) -> Self {
        self.x = Some(column.to_string());
        self
    }

    pub fn y(mut self, column: &str) -> Self {
        self.y = Some(column.to_string());
        self
    }

    pub fn by(mut self, column: &str) -> Self {
        self.by = Some(column.to_string());
        self
    }

    pub fn value(mut self, expression: &str) -> Self {
        self.value = Some(expression.to_string());
        self
    }

    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(title.to_string());
        self
    }
}

/// One histogram bin, in data units (not log units).
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    pub count: i64,
}

/// A named line of a time series; x is days since 1970-01-01.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// One cell of a 2-D density: bin indices and count.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub i: usize,
    pub j: usize,
    pub count: i64,
}

/// A path on the map with its marked events.
#[derive(Debug, Clone, Serialize)]
pub struct Track {
    pub name: String,
    /// (longitude, latitude) in order of time.
    pub points: Vec<(f64, f64)>,
    /// (longitude, latitude, label).
    pub events: Vec<(f64, f64, String)>,
}

/// The aggregate a chart is drawn from, by kind.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum ChartData {
    Histogram {
        bins: Vec<Bin>,
        log: bool,
        /// Rows left out: NULL, or not positive on a log scale.
        dropped: i64,
    },
    Series {
        series: Vec<Series>,
        period: Period,
    },
    Points {
        points: Vec<(f64, f64)>,
        highlighted: Vec<(f64, f64)>,
    },
    Density {
        cells: Vec<Cell>,
        /// Axis ranges in data units; `nx` × `ny` equal bins in axis space (log if asked).
        x_range: (f64, f64),
        y_range: (f64, f64),
        nx: usize,
        ny: usize,
        highlighted: Vec<(f64, f64)>,
    },
    Matrix {
        xs: Vec<String>,
        ys: Vec<String>,
        /// (x index, y index, value).
        values: Vec<(usize, usize, f64)>,
    },
    Bars {
        labels: Vec<String>,
        values: Vec<f64>,
    },
    Benford {
        /// Items whose first significant digit is 1..=9.
        counts: [i64; 9],
        /// Mean absolute deviation of the observed shares from Benford's (Nigrini's test).
        mad: f64,
    },
    Tracks {
        tracks: Vec<Track>,
    },
    UnitValue {
        bins: Vec<Bin>,
        median: f64,
        lower: f64,
        upper: f64,
        own: f64,
        peer_group: String,
        z: f64,
    },
}

/// A chart ready to draw.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub kind: Kind,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub log_x: bool,
    pub log_y: bool,
    pub data: ChartData,
    /// Rows of the source the chart stands for.
    pub rows: i64,
    /// Rows DuckDB handed to Rust to draw it.
    pub fetched: usize,
    /// What the chart shows, printed under it: row count, source, filters.
    pub caption: String,
}

/// The first line of `text`, shortened to a caption's width.
fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        format!("{}…", flat.chars().take(159).collect::<String>())
    } else {
        flat
    }
}

/// Numbers on axes and in captions: thousands separated, at most two decimals, no trailing
/// zeros; very small or very large values in scientific notation.
pub fn human(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e15).contains(&a) {
        return format!("{v:.2e}");
    }
    if a >= 1000.0 || v.fract() == 0.0 {
        return crate::output::group_thousands(v.round() as i64);
    }
    let digits = if a >= 10.0 { 1 } else { 2 };
    let s = format!("{v:.digits$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// The journey of one declaration (`plot track --declaration ID`, the inspection brief): the
/// tracks of the vessels and containers linked to it (the view `declaration_telemetry`), one
/// line per MMSI or container, events marked.
pub fn journey(declaration_id: &str, title: Option<String>) -> PlotSpec {
    let sql = "SELECT coalesce(mmsi, container_id, device_id) AS track, lat, lon, ts,
                CASE WHEN event_type NOT IN ('position', 'static') THEN event_type END AS event
         FROM declaration_telemetry WHERE declaration_id = ? AND lat IS NOT NULL";
    let mut source = Source::bound(sql, vec![declaration_id.to_string()]);
    source.label = format!("telemetry linked to declaration {declaration_id}");
    PlotSpec {
        by: Some("track".into()),
        time: Some("ts".into()),
        event: Some("event".into()),
        title: title.or_else(|| Some(format!("Journey of declaration {declaration_id}"))),
        ..PlotSpec::new(Kind::Track, source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(human(1234567.0), "1,234,567");
        assert_eq!(human(12.5), "12.5");
        assert_eq!(human(0.25), "0.25");
        assert_eq!(human(3.0), "3");
        assert_eq!(human(-2500.4), "-2,500");
        assert_eq!(human(0.00001), "1.00e-5");
    }

    #[test]
    fn a_journey_binds_its_declaration_id() {
        let id = "D1' OR '1'='1";
        let spec = journey(id, None);
        assert!(!spec.source.sql.contains("D1"), "{}", spec.source.sql);
        assert_eq!(spec.source.params, [id]);
        assert_eq!(spec.source.sql.matches('?').count(), 1);
    }

    #[test]
    fn long_queries_are_shortened_for_captions() {
        let s = Source::query(&format!("SELECT {} FROM t;", "a, ".repeat(100)));
        assert!(s.label.ends_with('…') && s.label.chars().count() <= 168);
        assert!(!s.sql.ends_with(';'));
    }
}
