//! Drawing a [`Chart`] with plotters, to SVG text or PNG bytes.
//!
//! Text is drawn with DejaVu Sans, compiled into the binary (ab_glyph), so a PNG looks the same
//! on a server without fonts; SVG keeps text as `<text>` elements. Colours are the Okabe–Ito
//! palette, which stays distinguishable with the common colour-vision deficiencies; densities
//! and heatmaps use a viridis-like ramp, which is also readable in greyscale. Log axes are
//! drawn in log10 space with tick labels turned back into data units.

use super::data::benford_share;
use super::{human, Bin, Chart, ChartData};
use crate::error::{Error, Result};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::Once;

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const SANS: &str = "sans-serif";

/// Okabe & Ito (2008), black last.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];
const HIGHLIGHT: RGBColor = RGBColor(213, 94, 0);
/// The "other" series: present, but not competing with the named ones.
const OTHER: RGBColor = RGBColor(160, 160, 160);
const CAPTION_HEIGHT: u32 = 46;

fn register_font() -> Result<()> {
    static ONCE: Once = Once::new();
    let mut failed = false;
    ONCE.call_once(|| {
        failed = plotters::style::register_font(SANS, FontStyle::Normal, FONT).is_err();
    });
    if failed {
        return Err(Error::usage(
            "the bundled chart font could not be read",
            "this build is broken; please report it",
        ));
    }
    Ok(())
}

fn draw_error(e: impl std::fmt::Debug) -> Error {
    Error::usage(
        format!("the chart could not be drawn: {e:?}"),
        "try another size (--width/--height) or kind",
    )
}

/// The chart as an SVG document.
pub fn svg(chart: &Chart, width: u32, height: u32) -> Result<String> {
    register_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&root, chart)?;
        root.present().map_err(draw_error)?;
    }
    Ok(out)
}

/// The chart as a PNG image.
pub fn png(chart: &Chart, width: u32, height: u32) -> Result<Vec<u8>> {
    register_font()?;
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        draw(&root, chart)?;
        root.present().map_err(draw_error)?;
    }
    let image =
        image::RgbImage::from_raw(width, height, rgb).ok_or_else(|| draw_error("buffer size"))?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageOutputFormat::Png)
        .map_err(draw_error)?;
    Ok(bytes.into_inner())
}

/// Draws on any plotters backend: the chart above, its caption below.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart) -> Result<()> {
    root.fill(&WHITE).map_err(draw_error)?;
    let (_, height) = root.dim_in_pixel();
    let (plot, caption) = root.split_vertically(height.saturating_sub(CAPTION_HEIGHT));
    draw_caption(&caption, &chart.caption)?;
    match &chart.data {
        ChartData::Histogram { bins, .. } => histogram(&plot, chart, bins, &[]),
        ChartData::UnitValue {
            bins,
            median,
            lower,
            upper,
            own,
            ..
        } => {
            let marks = [
                (*lower, "lower threshold", PALETTE[1]),
                (*median, "group median", PALETTE[7]),
                (*upper, "upper threshold", PALETTE[1]),
                (*own, "this item", HIGHLIGHT),
            ];
            histogram(&plot, chart, bins, &marks)
        }
        ChartData::Series { series, .. } => timeseries(&plot, chart, series),
        ChartData::Points {
            points,
            highlighted,
        } => points_chart(&plot, chart, points, highlighted),
        ChartData::Density { .. } => density(&plot, chart),
        ChartData::Matrix { xs, ys, values } => matrix(&plot, chart, xs, ys, values),
        ChartData::Bars { labels, values } => bars(&plot, chart, labels, values),
        ChartData::Benford { counts, .. } => benford(&plot, chart, counts),
        ChartData::Tracks { tracks } => tracks_map(&plot, chart, tracks),
    }
}

fn draw_caption<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, caption: &str) -> Result<()> {
    let (width, _) = area.dim_in_pixel();
    let per_line = (width as usize / 7).max(20);
    let mut lines = vec![String::new()];
    for word in caption.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + word.chars().count() + 1 > per_line {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    let style = TextStyle::from((SANS, 12).into_font()).color(&RGBColor(80, 80, 80));
    for (i, line) in lines.iter().take(3).enumerate() {
        area.draw(&Text::new(
            line.clone(),
            (10, 4 + 14 * i as i32),
            style.clone(),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

/// Log-aware axis: values are drawn in log10 space when `log`.
#[derive(Clone, Copy)]
struct Axis {
    log: bool,
}

impl Axis {
    fn to(self, v: f64) -> f64 {
        if self.log {
            v.max(f64::MIN_POSITIVE).log10()
        } else {
            v
        }
    }

    fn label(self, v: f64) -> String {
        if self.log {
            human(10f64.powf(v))
        } else {
            human(v)
        }
    }

    /// How many tick labels to ask plotters for: on a log axis spanning two decades or more,
    /// one per decade, so that labels fall on 10, 100, 1,000 rather than on 316.2.
    fn ticks(self, range: &std::ops::Range<f64>) -> usize {
        let decades = range.end - range.start;
        if self.log && decades >= 2.0 {
            decades.floor() as usize + 1
        } else {
            10
        }
    }

    /// A drawing range around [lo, hi] in axis space, never empty.
    fn range(self, lo: f64, hi: f64) -> std::ops::Range<f64> {
        let (a, b) = (self.to(lo), self.to(hi));
        if b > a {
            a..b
        } else {
            a - 0.5..a + 0.5
        }
    }
}

type Cartesian<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn cartesian<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    chart: &Chart,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    (ax, ay): (Axis, Axis),
) -> Result<Cartesian<'a, DB>> {
    let mut c = ChartBuilder::on(area)
        .caption(&chart.title, (SANS, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(x, y)
        .map_err(draw_error)?;
    let xf = move |v: &f64| ax.label(*v);
    let yf = move |v: &f64| ay.label(*v);
    let (x_ticks, y_ticks) = (ax.ticks(&c.x_range()), ay.ticks(&c.y_range()));
    c.configure_mesh()
        .x_labels(x_ticks)
        .y_labels(y_ticks)
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .label_style((SANS, 12))
        .axis_desc_style((SANS, 14))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(draw_error)?;
    Ok(c)
}

fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    bins: &[Bin],
    marks: &[(f64, &str, RGBColor)],
) -> Result<()> {
    let ax = Axis { log: chart.log_x };
    let ay = Axis { log: false };
    let lo = bins.first().map(|b| b.lo).unwrap_or(0.0);
    let hi = bins.last().map(|b| b.hi).unwrap_or(1.0);
    let (lo, hi) = marks
        .iter()
        .fold((lo, hi), |(l, h), m| (l.min(m.0), h.max(m.0)));
    let top = bins.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64 * 1.08;
    let mut x = ax.range(lo, hi);
    if !marks.is_empty() {
        // a mark on the last bin's edge must not disappear into the frame
        let pad = (x.end - x.start) * 0.03;
        x = x.start - pad..x.end + pad;
    }
    let mut c = cartesian(area, chart, x, 0.0..top, (ax, ay))?;
    c.draw_series(bins.iter().map(|b| {
        Rectangle::new(
            [(ax.to(b.lo), 0.0), (ax.to(b.hi), b.count as f64)],
            PALETTE[0].mix(0.85).filled(),
        )
    }))
    .map_err(draw_error)?;
    for (v, label, colour) in marks {
        let x = ax.to(*v);
        c.draw_series(LineSeries::new(
            [(x, 0.0), (x, top)],
            colour.stroke_width(2),
        ))
        .map_err(draw_error)?
        .label(format!("{label}: {}", human(*v)))
        .legend(move |(lx, ly)| {
            PathElement::new([(lx, ly), (lx + 16, ly)], colour.stroke_width(2))
        });
    }
    if !marks.is_empty() {
        legend(&mut c)?;
    }
    Ok(())
}

fn legend<'a, DB: DrawingBackend + 'a>(c: &mut Cartesian<'a, DB>) -> Result<()> {
    c.configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .label_font((SANS, 12))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(draw_error)
}

fn date_label(days: f64) -> String {
    chrono::DateTime::from_timestamp((days * 86_400.0) as i64, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn timeseries<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    series: &[super::Series],
) -> Result<()> {
    let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let top = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.08;
    let x = if x1 > x0 { x0..x1 } else { x0 - 1.0..x0 + 1.0 };
    let mut c = ChartBuilder::on(area)
        .caption(&chart.title, (SANS, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(x, 0.0..top)
        .map_err(draw_error)?;
    c.configure_mesh()
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .x_label_formatter(&|v| date_label(*v))
        .y_label_formatter(&|v| human(*v))
        .x_labels(8)
        .label_style((SANS, 12))
        .axis_desc_style((SANS, 14))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(draw_error)?;
    for (i, s) in series.iter().enumerate() {
        let colour = if s.name == "other" {
            OTHER
        } else {
            PALETTE[i % PALETTE.len()]
        };
        c.draw_series(LineSeries::new(
            s.points.iter().copied(),
            colour.stroke_width(2),
        ))
        .map_err(draw_error)?
        .label(s.name.clone())
        .legend(move |(lx, ly)| {
            PathElement::new([(lx, ly), (lx + 16, ly)], colour.stroke_width(2))
        });
    }
    legend(&mut c)
}

fn points_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    points: &[(f64, f64)],
    highlighted: &[(f64, f64)],
) -> Result<()> {
    let (ax, ay) = (Axis { log: chart.log_x }, Axis { log: chart.log_y });
    let all = points.iter().chain(highlighted);
    let (x0, x1, y0, y1) = all.fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(a, b, c, d), p| (a.min(p.0), b.max(p.0), c.min(p.1), d.max(p.1)),
    );
    let mut c = cartesian(area, chart, ax.range(x0, x1), ay.range(y0, y1), (ax, ay))?;
    c.draw_series(
        points
            .iter()
            .map(|p| Circle::new((ax.to(p.0), ay.to(p.1)), 2, PALETTE[0].mix(0.6).filled())),
    )
    .map_err(draw_error)?
    .label("items")
    .legend(|(lx, ly)| Circle::new((lx + 8, ly), 3, PALETTE[0].filled()));
    draw_hits(&mut c, highlighted, ax, ay)?;
    legend(&mut c)
}

fn draw_hits<'a, DB: DrawingBackend + 'a>(
    c: &mut Cartesian<'a, DB>,
    highlighted: &[(f64, f64)],
    ax: Axis,
    ay: Axis,
) -> Result<()> {
    if highlighted.is_empty() {
        return Ok(());
    }
    c.draw_series(
        highlighted
            .iter()
            .map(|p| Cross::new((ax.to(p.0), ay.to(p.1)), 4, HIGHLIGHT.stroke_width(2))),
    )
    .map_err(draw_error)?
    .label("highest risk scores")
    .legend(|(lx, ly)| Cross::new((lx + 8, ly), 4, HIGHLIGHT.stroke_width(2)));
    Ok(())
}

/// A viridis-like ramp: dark blue → green → yellow, `t` in [0, 1].
pub fn ramp(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t.floor() as usize).min(STOPS.len() - 2);
    let f = t - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn density<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, chart: &Chart) -> Result<()> {
    let ChartData::Density {
        cells,
        x_range,
        y_range,
        nx,
        ny,
        highlighted,
    } = &chart.data
    else {
        unreachable!("called for densities only");
    };
    let (ax, ay) = (Axis { log: chart.log_x }, Axis { log: chart.log_y });
    let (plot, bar) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(90));
    let (xr, yr) = (
        ax.range(x_range.0, x_range.1),
        ay.range(y_range.0, y_range.1),
    );
    let (wx, wy) = (
        (xr.end - xr.start) / *nx as f64,
        (yr.end - yr.start) / *ny as f64,
    );
    let mut c = cartesian(&plot, chart, xr.clone(), yr.clone(), (ax, ay))?;
    let max = cells.iter().map(|c| c.count).max().unwrap_or(1).max(1) as f64;
    // log colour scale: one crowded cell must not wash out the rest
    let shade = |n: i64| ramp((n as f64).ln_1p() / max.ln_1p());
    c.draw_series(cells.iter().map(|cell| {
        let (x, y) = (xr.start + cell.i as f64 * wx, yr.start + cell.j as f64 * wy);
        Rectangle::new([(x, y), (x + wx, y + wy)], shade(cell.count).filled())
    }))
    .map_err(draw_error)?;
    if !highlighted.is_empty() {
        draw_hits(&mut c, highlighted, ax, ay)?;
        legend(&mut c)?;
    }
    colour_bar(&bar, 0.0, max, "rows per cell (log)")
}

fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    min: f64,
    max: f64,
    label: &str,
) -> Result<()> {
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = (50i32, h as i32 - 60);
    let steps = 64;
    for k in 0..steps {
        let y0 = bottom - (bottom - top) * (k + 1) / steps;
        let y1 = bottom - (bottom - top) * k / steps;
        area.draw(&Rectangle::new(
            [(10, y0), (28, y1)],
            ramp(k as f64 / (steps - 1) as f64).filled(),
        ))
        .map_err(draw_error)?;
    }
    let style = TextStyle::from((SANS, 11).into_font());
    area.draw(&Text::new(human(max), (32, top - 4), style.clone()))
        .map_err(draw_error)?;
    area.draw(&Text::new(human(min), (32, bottom - 8), style.clone()))
        .map_err(draw_error)?;
    area.draw(&Text::new(label.to_string(), (4, top - 24), style))
        .map_err(draw_error)?;
    Ok(())
}

fn matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    xs: &[String],
    ys: &[String],
    values: &[(usize, usize, f64)],
) -> Result<()> {
    let (plot, bar) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(90));
    let (min, max) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v.2), b.max(v.2)));
    let span = if max > min { max - min } else { 1.0 };
    let mut c = ChartBuilder::on(&plot)
        .caption(&chart.title, (SANS, 20))
        .margin(12)
        .x_label_area_size(60)
        .y_label_area_size(90)
        .build_cartesian_2d(
            (0..xs.len() as i32).into_segmented(),
            (0..ys.len() as i32).into_segmented(),
        )
        .map_err(draw_error)?;
    let label = |names: &[String], v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            names.get(*i as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    };
    c.configure_mesh()
        .disable_mesh()
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .x_labels(xs.len())
        .y_labels(ys.len())
        .x_label_formatter(&|v| label(xs, v))
        .y_label_formatter(&|v| label(ys, v))
        .label_style((SANS, 11))
        .axis_desc_style((SANS, 14))
        .draw()
        .map_err(draw_error)?;
    c.draw_series(values.iter().map(|(i, j, v)| {
        let (i, j) = (*i as i32, *j as i32);
        Rectangle::new(
            [
                (SegmentValue::Exact(i), SegmentValue::Exact(j)),
                (SegmentValue::Exact(i + 1), SegmentValue::Exact(j + 1)),
            ],
            ramp((v - min) / span).filled(),
        )
    }))
    .map_err(draw_error)?;
    colour_bar(&bar, min, max, "value")
}

fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    labels: &[String],
    values: &[f64],
) -> Result<()> {
    let n = labels.len() as i32;
    let max = values
        .iter()
        .copied()
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE)
        * 1.1;
    let min = values.iter().copied().fold(0.0, f64::min);
    let longest = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(4)
        .min(28) as u32;
    let mut c = ChartBuilder::on(area)
        .caption(&chart.title, (SANS, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(20 + longest * 7)
        .build_cartesian_2d(min..max, (0..n).into_segmented())
        .map_err(draw_error)?;
    // the largest bar on top: rank r is drawn at row n - 1 - r
    let row_label = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => labels
            .get((n - 1 - *i) as usize)
            .map(|l| l.chars().take(28).collect())
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    c.configure_mesh()
        .disable_y_mesh()
        .x_desc(&chart.y_label)
        .y_desc(&chart.x_label)
        .y_labels(labels.len())
        .x_label_formatter(&|v| human(*v))
        .y_label_formatter(&row_label)
        .label_style((SANS, 12))
        .axis_desc_style((SANS, 14))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(draw_error)?;
    c.draw_series(values.iter().enumerate().map(|(r, v)| {
        let row = n - 1 - r as i32;
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(row)),
                (*v, SegmentValue::Exact(row + 1)),
            ],
            PALETTE[0].filled(),
        );
        bar.set_margin(3, 3, 0, 0);
        bar
    }))
    .map_err(draw_error)?;
    Ok(())
}

fn benford<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    counts: &[i64; 9],
) -> Result<()> {
    let n = counts.iter().sum::<i64>().max(1) as f64;
    let shares: Vec<f64> = counts.iter().map(|c| *c as f64 / n).collect();
    let top = shares.iter().copied().fold(benford_share(1), f64::max) * 1.12;
    let mut c = ChartBuilder::on(area)
        .caption(&chart.title, (SANS, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(0.5f64..9.5f64, 0.0..top)
        .map_err(draw_error)?;
    c.configure_mesh()
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .x_labels(9)
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| format!("{:.0} %", v * 100.0))
        .label_style((SANS, 12))
        .axis_desc_style((SANS, 14))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(draw_error)?;
    c.draw_series(shares.iter().enumerate().map(|(i, s)| {
        let d = (i + 1) as f64;
        Rectangle::new(
            [(d - 0.35, 0.0), (d + 0.35, *s)],
            PALETTE[0].mix(0.85).filled(),
        )
    }))
    .map_err(draw_error)?
    .label("observed")
    .legend(|(lx, ly)| Rectangle::new([(lx, ly - 5), (lx + 12, ly + 5)], PALETTE[0].filled()));
    let expected: Vec<(f64, f64)> = (1..=9).map(|d| (d as f64, benford_share(d))).collect();
    c.draw_series(LineSeries::new(expected.clone(), HIGHLIGHT.stroke_width(2)))
        .map_err(draw_error)?
        .label("Benford's law")
        .legend(|(lx, ly)| PathElement::new([(lx, ly), (lx + 16, ly)], HIGHLIGHT.stroke_width(2)));
    c.draw_series(
        expected
            .iter()
            .map(|p| Circle::new(*p, 3, HIGHLIGHT.filled())),
    )
    .map_err(draw_error)?;
    legend(&mut c)
}

/// Degrees as map labels: 12°E, 3.5°S.
fn degrees(v: f64, positive: char, negative: char) -> String {
    let hemisphere = if v > 0.0 {
        positive.to_string()
    } else if v < 0.0 {
        negative.to_string()
    } else {
        String::new()
    };
    format!("{}°{hemisphere}", human(v.abs()))
}

fn tracks_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    tracks: &[super::Track],
) -> Result<()> {
    let all = tracks.iter().flat_map(|t| t.points.iter());
    let (x0, x1, y0, y1) = all.fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(a, b, c, d), p| (a.min(p.0), b.max(p.0), c.min(p.1), d.max(p.1)),
    );
    // Equirectangular: one degree of longitude as wide as one of latitude is tall, so the
    // ranges grow to the plot's aspect ratio around the data (padded by 10 %, at least 0.5°).
    let (w, h) = area.dim_in_pixel();
    let (pw, ph) = (
        w.saturating_sub(100).max(1) as f64,
        h.saturating_sub(80).max(1) as f64,
    );
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut dx = ((x1 - x0) * 1.2).max(0.5);
    let mut dy = ((y1 - y0) * 1.2).max(0.5);
    if dx / dy > pw / ph {
        dy = dx * ph / pw;
    } else {
        dx = dy * pw / ph;
    }
    let xr = (cx - dx / 2.0).max(-180.0)..(cx + dx / 2.0).min(180.0);
    let yr = (cy - dy / 2.0).max(-90.0)..(cy + dy / 2.0).min(90.0);
    let mut c = ChartBuilder::on(area)
        .caption(&chart.title, (SANS, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(xr, yr)
        .map_err(draw_error)?;
    // the mesh lines are the graticule
    c.configure_mesh()
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .x_label_formatter(&|v| degrees(*v, 'E', 'W'))
        .y_label_formatter(&|v| degrees(*v, 'N', 'S'))
        .label_style((SANS, 12))
        .axis_desc_style((SANS, 14))
        .bold_line_style(RGBColor(200, 200, 200))
        .light_line_style(RGBColor(238, 238, 238))
        .draw()
        .map_err(draw_error)?;
    for (i, t) in tracks.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        c.draw_series(LineSeries::new(
            t.points.iter().copied(),
            colour.stroke_width(2),
        ))
        .map_err(draw_error)?
        .label(t.name.clone())
        .legend(move |(lx, ly)| {
            PathElement::new([(lx, ly), (lx + 16, ly)], colour.stroke_width(2))
        });
        c.draw_series(t.events.iter().take(40).map(|(x, y, label)| {
            EmptyElement::at((*x, *y))
                + Circle::new((0, 0), 4, HIGHLIGHT.filled())
                + Text::new(label.clone(), (6, -6), (SANS, 11).into_font())
        }))
        .map_err(draw_error)?;
    }
    legend(&mut c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_from_dark_to_light() {
        let luminance =
            |c: RGBColor| 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
        let steps: Vec<f64> = (0..=10).map(|i| luminance(ramp(i as f64 / 10.0))).collect();
        assert!(steps.windows(2).all(|w| w[1] > w[0]), "{steps:?}");
        assert_eq!(ramp(-1.0), ramp(0.0));
        assert_eq!(ramp(2.0), ramp(1.0));
    }

    #[test]
    fn log_axes_label_decades_in_data_units() {
        let log = Axis { log: true };
        assert_eq!(log.label(3.0), "1,000");
        assert_eq!(log.ticks(&(0.5..4.5)), 5);
        assert_eq!(Axis { log: false }.ticks(&(0.5..4.5)), 10);
        assert_eq!(
            log.range(10.0, 10.0),
            0.5..1.5,
            "one value still gets an axis"
        );
        assert_eq!(log.range(10.0, 1000.0), 1.0..3.0);
    }

    #[test]
    fn map_labels_name_the_hemisphere() {
        assert_eq!(degrees(12.5, 'E', 'W'), "12.5°E");
        assert_eq!(degrees(-3.0, 'N', 'S'), "3°S");
        assert_eq!(degrees(0.0, 'E', 'W'), "0°");
    }
}
