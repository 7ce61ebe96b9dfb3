//! A chart over the grid: the same aggregate `clearway plot` draws — bins and lines on braille
//! axes, categories as horizontal bars — drawn in the terminal. The view owns the chart and the
//! plot spec it came from, so `w` can save the very chart on screen as PNG or SVG.

use super::{block, clip, Component, Look, Theme};
use crate::viz::{Chart, ChartData, Kind, PlotSpec};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Clear, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug, Clone)]
pub struct ChartView {
    pub chart: Box<Chart>,
    pub spec: Box<PlotSpec>,
}

impl ChartView {
    /// The view while the worker aggregates: a placeholder titled "drawing…".
    pub fn drawing(kind: Kind, spec: PlotSpec) -> Self {
        ChartView {
            chart: Box::new(placeholder_chart(kind)),
            spec: Box::new(spec),
        }
    }
}

impl Component for ChartView {
    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        frame.render_widget(Clear, area);
        let b = block(
            format!(" {} · w saves as PNG/SVG · Esc closes ", self.chart.title),
            true,
            look.theme,
        );
        let inner = b.inner(area);
        frame.render_widget(b, area);
        draw_chart(frame, inner, &self.chart, look.theme);
    }
}

/// A chart in the terminal: the same aggregate `clearway plot` draws — bins and lines on
/// braille axes, categories as horizontal bars.
fn draw_chart(frame: &mut Frame, area: Rect, chart: &Chart, theme: Theme) {
    use ratatui::symbols::Marker;
    use ratatui::widgets::{Axis, Chart as LineChart, Dataset, GraphType};
    let [plot, caption] = Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area);
    frame.render_widget(
        Paragraph::new(chart.caption.clone())
            .wrap(Wrap { trim: true })
            .style(theme.dim()),
        caption,
    );
    let colours = [
        Color::Cyan,
        Color::Yellow,
        Color::Green,
        Color::Magenta,
        Color::Blue,
        Color::Red,
        Color::White,
    ];
    let colour = |i: usize| {
        if theme == Theme::Plain {
            Style::new()
        } else {
            Style::new().fg(colours[i % colours.len()])
        }
    };
    let axis = |title: &str, lo: f64, hi: f64, labels: Vec<String>| {
        Axis::default()
            .title(title.to_string())
            .bounds([lo, if hi > lo { hi } else { lo + 1.0 }])
            .labels(labels)
            .style(theme.dim())
    };
    match &chart.data {
        ChartData::Histogram { bins, log, .. } => {
            let to = |v: f64| {
                if *log {
                    v.max(f64::MIN_POSITIVE).log10()
                } else {
                    v
                }
            };
            let points: Vec<(f64, f64)> = bins
                .iter()
                .map(|b| ((to(b.lo) + to(b.hi)) / 2.0, b.count as f64))
                .collect();
            let (lo, hi) = (
                bins.first().map(|b| b.lo).unwrap_or(0.0),
                bins.last().map(|b| b.hi).unwrap_or(1.0),
            );
            let top = points.iter().map(|p| p.1).fold(1.0, f64::max);
            let mid = if *log {
                10f64.powf((to(lo) + to(hi)) / 2.0)
            } else {
                (lo + hi) / 2.0
            };
            let data = [Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Bar)
                .style(colour(0))
                .data(&points)];
            let widget = LineChart::new(data.to_vec())
                .x_axis(axis(
                    &chart.x_label,
                    to(lo),
                    to(hi),
                    vec![
                        crate::viz::human(lo),
                        crate::viz::human(mid),
                        crate::viz::human(hi),
                    ],
                ))
                .y_axis(axis(
                    "rows",
                    0.0,
                    top,
                    vec!["0".into(), crate::viz::human(top)],
                ));
            frame.render_widget(widget, plot);
        }
        ChartData::Series { series, .. } => {
            let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
            let (lo, hi) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
            let top = series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.1))
                .fold(1.0, f64::max);
            let data: Vec<Dataset> = series
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    Dataset::default()
                        .name(s.name.clone())
                        .marker(Marker::Braille)
                        .graph_type(GraphType::Line)
                        .style(colour(i))
                        .data(&s.points)
                })
                .collect();
            let widget = LineChart::new(data)
                .x_axis(axis(
                    &chart.x_label,
                    lo,
                    hi,
                    vec![date_label(lo), date_label((lo + hi) / 2.0), date_label(hi)],
                ))
                .y_axis(axis(
                    &chart.y_label,
                    0.0,
                    top,
                    vec!["0".into(), crate::viz::human(top)],
                ));
            frame.render_widget(widget, plot);
        }
        ChartData::Bars { labels, values } if !values.is_empty() => {
            let bars: Vec<Bar> = labels
                .iter()
                .zip(values)
                .map(|(l, v)| {
                    Bar::default()
                        .label(Line::raw(clip(l, 18)))
                        .value(v.max(0.0).round() as u64)
                        .text_value(crate::viz::human(*v))
                        .style(colour(0))
                })
                .collect();
            let widget = BarChart::default()
                .data(BarGroup::default().bars(&bars))
                .direction(ratatui::layout::Direction::Horizontal)
                .bar_width(1)
                .bar_gap(0);
            frame.render_widget(widget, plot);
        }
        ChartData::Bars { .. } => {
            frame.render_widget(Paragraph::new("drawing…").style(theme.dim()), plot)
        }
        _ => frame.render_widget(
            Paragraph::new("this kind is drawn by `clearway plot`; w saves it").style(theme.dim()),
            plot,
        ),
    }
}

fn date_label(days: f64) -> String {
    chrono::DateTime::from_timestamp((days * 86_400.0) as i64, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn placeholder_chart(kind: Kind) -> Chart {
    Chart {
        kind,
        title: "drawing…".into(),
        x_label: String::new(),
        y_label: String::new(),
        log_x: false,
        log_y: false,
        data: crate::viz::ChartData::Bars {
            labels: vec![],
            values: vec![],
        },
        rows: 0,
        fetched: 0,
        caption: String::new(),
    }
}
