//! Drawing the TUI from its state. Nothing here changes the state: a frame is a function of
//! [`App`], which is what makes the screens snapshot-testable with ratatui's `TestBackend`.

use super::app::{App, Focus, Overlay, Popup, Screen};
use super::keymap::{Context, Keymap};
use crate::viz::{Chart, ChartData};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap,
};
use ratatui::Frame;
use ratatui_textarea::TextArea;

/// Colours, or none at all (NO_COLOR, `theme = "none"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
    Plain,
}

impl Theme {
    /// NO_COLOR wins; then `[tui] theme` from clearway.toml.
    pub fn choose(config: Option<&toml::Value>) -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Theme::Plain;
        }
        match config
            .and_then(|c| c.get("tui"))
            .and_then(|t| t.get("theme"))
            .and_then(|t| t.as_str())
        {
            Some("light") => Theme::Light,
            Some("none") => Theme::Plain,
            _ => Theme::Dark,
        }
    }

    fn accent(self) -> Style {
        match self {
            Theme::Dark => Style::new().fg(Color::Cyan),
            Theme::Light => Style::new().fg(Color::Blue),
            Theme::Plain => Style::new(),
        }
    }

    fn selected(self) -> Style {
        match self {
            Theme::Plain => Style::new().add_modifier(Modifier::REVERSED),
            Theme::Dark => Style::new().bg(Color::DarkGray).fg(Color::White),
            Theme::Light => Style::new().bg(Color::Gray).fg(Color::Black),
        }
    }

    fn error(self) -> Style {
        match self {
            Theme::Plain => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new().fg(Color::Red),
        }
    }

    fn dim(self) -> Style {
        match self {
            Theme::Plain => Style::new(),
            _ => Style::new().fg(Color::DarkGray),
        }
    }
}

const SQL_KEYWORDS: &str = r"(?i)\b(select|from|where|group|by|order|having|limit|offset|join|left|right|inner|outer|full|cross|on|using|as|and|or|not|in|is|null|case|when|then|else|end|with|distinct|union|all|except|intersect|between|like|ilike|asc|desc|nulls|first|last|over|partition|window|qualify|describe|summarize|values|cast|filter|exists)\b";

/// SQL keywords highlighted through the editor's search highlighting.
pub fn style_editor(t: &mut TextArea<'static>) {
    let _ = t.set_search_pattern(SQL_KEYWORDS);
    t.set_search_style(Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD));
    t.set_cursor_line_style(Style::new());
    t.set_line_number_style(Style::new().fg(Color::DarkGray));
}

pub fn is_numeric_type(ty: &str) -> bool {
    let t = ty.to_ascii_uppercase();
    [
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL",
        "UBIGINT", "UINTEGER", "INT64", "INT32", "FLOAT64",
    ]
    .iter()
    .any(|n| t.starts_with(n))
}

fn block(title: String, focused: bool, theme: Theme) -> Block<'static> {
    let b = Block::new().borders(Borders::ALL).title(title);
    if focused {
        b.border_style(theme.accent())
    } else {
        b
    }
}

pub fn draw(frame: &mut Frame, app: &mut App, keymap: &Keymap, theme: Theme) {
    let [body, status] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(frame.area());
    match app.screen {
        Screen::Main => draw_main(frame, body, app, theme),
        Screen::Risk => draw_risks(frame, body, app, theme),
        Screen::Case => draw_case(frame, body, app, theme),
    }
    draw_status(frame, status, app, theme);
    draw_popup(frame, app, keymap, theme);
}

fn draw_main(frame: &mut Frame, area: Rect, app: &mut App, theme: Theme) {
    let catalog_width = if area.width >= 100 { 30 } else { 22 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(catalog_width), Constraint::Min(20)]).areas(area);
    draw_catalog(frame, left, app, theme);
    let editor_height = if area.height >= 30 { 8 } else { 5 };
    let [editor, grid] =
        Layout::vertical([Constraint::Length(editor_height), Constraint::Min(3)]).areas(right);
    let title = format!(" SQL · buffer {}/{} ", app.buffer + 1, app.buffers.len());
    let focused = app.focus == Focus::Editor;
    let textarea = app.editor();
    textarea.set_block(block(title, focused, theme));
    textarea.set_cursor_style(if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    });
    frame.render_widget(&*textarea, editor);
    draw_grid(frame, grid, app, theme);
}

fn draw_catalog(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    use super::app::Entry;
    let focused = app.focus == Focus::Catalog;
    let inner_width = area.width.saturating_sub(2) as usize;
    let right = |label: &str, count: String| {
        let width = inner_width.saturating_sub(count.chars().count() + 1);
        let label: String = label.chars().take(width).collect();
        format!("{label:<width$} {count}")
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut selected = 0u16;
    for (i, entry) in super::app::catalog_entries(&app.catalog)
        .into_iter()
        .enumerate()
    {
        let (text, empty) = match entry {
            Entry::Table(t) => {
                let t = &app.catalog.tables[t];
                let count = if t.rows < 0 {
                    "view".to_string()
                } else {
                    crate::output::group_thousands(t.rows)
                };
                (right(&t.name, count), t.rows == 0)
            }
            Entry::Rule(r) => {
                if r == 0 {
                    lines.push(Line::styled("rules", theme.accent()));
                }
                (format!(" {}", app.catalog.rules[r].id), false)
            }
            Entry::LoadReport(id) => {
                let (_, file, loaded, _) = app
                    .catalog
                    .loads
                    .iter()
                    .find(|l| l.0 == id)
                    .cloned()
                    .unwrap_or_default();
                if app.catalog.loads.first().map(|l| l.0) == Some(id) {
                    lines.push(Line::styled("loads", theme.accent()));
                }
                (
                    right(
                        &format!(" {id} {file}"),
                        crate::output::group_thousands(loaded),
                    ),
                    false,
                )
            }
            Entry::LoadRejects(id) => {
                let rejected = app
                    .catalog
                    .loads
                    .iter()
                    .find(|l| l.0 == id)
                    .map(|l| l.3)
                    .unwrap_or(0);
                (
                    right("   rejects", crate::output::group_thousands(rejected)),
                    rejected == 0,
                )
            }
        };
        if i == app.catalog_selected {
            selected = lines.len() as u16;
        }
        let style = if i == app.catalog_selected && focused {
            theme.selected()
        } else if empty {
            theme.dim()
        } else {
            Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    let height = area.height.saturating_sub(2);
    let scroll = selected.saturating_sub(height.saturating_sub(1));
    if let Some(t) = app
        .catalog
        .tables
        .get(app.catalog_selected)
        .filter(|_| focused && area.height > 12)
    {
        // the selected table's columns under the list, as far as they fit
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("{}:", t.name), theme.accent()));
        for (c, ty) in &t.columns {
            lines.push(Line::styled(
                format!(" {c} {}", ty.to_lowercase()),
                theme.dim(),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(block(" Catalog ".into(), focused, theme)),
        area,
    );
}

fn draw_grid(frame: &mut Frame, area: Rect, app: &mut App, theme: Theme) {
    let focused = app.focus == Focus::Grid;
    let g = &mut app.grid;
    // header and borders take 3 rows
    g.height = u64::from(area.height.saturating_sub(3));
    let title = if g.columns.is_empty() {
        " Result ".to_string()
    } else {
        format!(" Result · {} ", describe_source(&g.source))
    };
    let outer = block(title, focused, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if g.columns.is_empty() {
        frame.render_widget(
            Paragraph::new("Run a query (F5) or open a table from the catalog (Enter).")
                .style(theme.dim()),
            inner,
        );
        return;
    }
    let last_visible = g.top + g.height;
    let number_width = (last_visible.max(1).to_string().len() as u16).max(3);
    // the first column stays; the others scroll so the current one is visible
    let mut widths = vec![number_width];
    let mut shown: Vec<usize> = vec![0];
    let mut used = number_width + 1 + g.widths.first().copied().unwrap_or(3) + 1;
    if g.col > 0 && g.col < g.left.max(1) {
        g.left = g.col;
    }
    let mut start = g.left.max(1);
    loop {
        let fits = |from: usize| {
            let mut w = used;
            (from..=g.col.max(from)).all(|c| {
                w += g.widths.get(c).copied().unwrap_or(3) + 1;
                w <= inner.width
            })
        };
        if g.col == 0 || start >= g.col || fits(start) {
            break;
        }
        start += 1;
    }
    g.left = start;
    widths.push(g.widths.first().copied().unwrap_or(3));
    for c in start..g.columns.len() {
        let w = g.widths.get(c).copied().unwrap_or(3);
        if used + w + 1 > inner.width && shown.len() > 1 {
            break;
        }
        used += w + 1;
        widths.push(w);
        shown.push(c);
    }
    let header = Row::new(
        std::iter::once(Cell::from("#")).chain(shown.iter().map(|c| {
            let (name, _) = &g.columns[*c];
            let marker = match &g.sort {
                Some((s, desc)) if s == name => {
                    if *desc {
                        " ↓"
                    } else {
                        " ↑"
                    }
                }
                _ => "",
            };
            let style = if *c == g.col && focused {
                theme.accent().add_modifier(Modifier::BOLD)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            Cell::from(format!("{name}{marker}")).style(style)
        })),
    );
    let rows = (g.top..last_visible)
        .filter(|r| g.rows.is_none_or(|n| *r < n))
        .map(|r| {
            let values = g.row_values(r);
            let cells = std::iter::once(
                Cell::from(format!("{:>w$}", r + 1, w = number_width as usize)).style(theme.dim()),
            )
            .chain(shown.iter().enumerate().map(|(i, c)| {
                let text = values
                    .and_then(|v| v.get(*c))
                    .map(String::as_str)
                    .unwrap_or("…");
                let w = widths[i + 1] as usize;
                let clipped = clip(text, w);
                let aligned = if is_numeric_type(&g.columns[*c].1) {
                    format!("{clipped:>w$}")
                } else {
                    clipped
                };
                let style = if r == g.row && *c == g.col && focused {
                    theme.selected().add_modifier(Modifier::BOLD)
                } else if text == "NULL" {
                    theme.dim()
                } else {
                    Style::new()
                };
                Cell::from(aligned).style(style)
            }));
            let row = Row::new(cells);
            if r == g.row {
                row.add_modifier(Modifier::UNDERLINED)
            } else {
                row
            }
        });
    let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
    frame.render_widget(
        Table::new(rows, constraints)
            .header(header)
            .column_spacing(1),
        inner,
    );
}

/// Cut to `width` characters, marking the cut with … (truncation is never silent).
fn clip(text: &str, width: usize) -> String {
    let flat = text.replace(['\n', '\r', '\t'], " ");
    if flat.chars().count() <= width {
        flat
    } else {
        let mut s: String = flat.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn describe_source(source: &str) -> String {
    if source.starts_with("_cw_result_") {
        "query result".into()
    } else if source.starts_with('(') {
        "sorted/filtered view".into()
    } else {
        source.trim_matches('"').to_string()
    }
}

/// "rows 12,345 (exact) · window 1–40 · sorted by x ↓ · filtered by …".
pub fn status_line(app: &App) -> String {
    let g = &app.grid;
    if g.columns.is_empty() {
        return String::new();
    }
    let rows = match g.rows {
        Some(n) => format!("{} rows", crate::output::group_thousands(n as i64)),
        None => format!(
            "≥ {} rows (counting)",
            crate::output::group_thousands(g.seen as i64)
        ),
    };
    let last = g
        .rows
        .map(|n| n.min(g.top + g.height))
        .unwrap_or(g.top + g.height);
    let mut parts = vec![
        rows,
        format!(
            "row {} · rows {}–{}",
            thousands(g.row + 1),
            thousands((g.top + 1).min(last.max(1))),
            thousands(last)
        ),
        format!(
            "col {}/{} {}",
            g.col + 1,
            g.columns.len(),
            g.column_name().unwrap_or("")
        ),
    ];
    if let Some((c, desc)) = &g.sort {
        parts.push(format!("sorted by {c} {}", if *desc { "↓" } else { "↑" }));
    }
    if let Some(f) = &g.filter {
        parts.push(format!("filtered by {f}"));
    }
    parts.join(" · ")
}

fn thousands(n: u64) -> String {
    crate::output::group_thousands(n as i64)
}

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let [top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let first = match (&app.running, &app.error) {
        (Some((what, since)), _) => {
            let secs = since.elapsed().as_secs_f64();
            Line::from(vec![Span::raw(format!(
                "{} {what} running {secs:.1} s — Esc cancels",
                SPINNER[(secs * 10.0) as usize % SPINNER.len()]
            ))])
        }
        (None, Some(e)) => Line::styled(format!("error: {e}"), theme.error()),
        (None, None) => Line::raw(status_line(app)),
    };
    frame.render_widget(Paragraph::new(first), top);
    let second = match &app.popup {
        Some(Popup::Prompt { action, text }) => Line::from(vec![
            Span::styled(format!("{action}: "), theme.accent()),
            Span::raw(text.clone()),
            Span::raw("▏"),
        ]),
        _ => Line::styled(app.status.clone(), theme.dim()),
    };
    frame.render_widget(Paragraph::new(second), bottom);
}

fn overlay_table(o: &Overlay, theme: Theme, height: usize) -> Table<'static> {
    let widths: Vec<Constraint> = o
        .columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            Constraint::Length(
                o.rows
                    .iter()
                    .map(|r| r.get(i).map(|v| v.chars().count()).unwrap_or(0))
                    .max()
                    .unwrap_or(0)
                    .max(name.chars().count())
                    .clamp(3, 48) as u16,
            )
        })
        .collect();
    let skip = o.selected.saturating_sub(height.saturating_sub(1));
    let rows: Vec<Row> = o
        .rows
        .iter()
        .enumerate()
        .skip(skip)
        .take(height)
        .map(|(i, r)| {
            let row = Row::new(
                r.iter()
                    .map(|v| Cell::from(clip(v, 48)))
                    .collect::<Vec<_>>(),
            );
            if i == o.selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(
            o.columns
                .iter()
                .map(|c| Cell::from(c.0.clone()).add_modifier(Modifier::BOLD))
                .collect::<Vec<_>>(),
        ))
        .column_spacing(2)
}

fn draw_risks(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let outer = block(
        " Top risks (latest run) · Enter opens the case · R runs the pack · q back ".into(),
        true,
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if app.risks.rows.is_empty() {
        frame.render_widget(
            Paragraph::new("No risk run yet: press R to run the declaration pack.")
                .style(theme.dim()),
            inner,
        );
        return;
    }
    frame.render_widget(
        overlay_table(&app.risks, theme, inner.height.saturating_sub(1) as usize),
        inner,
    );
}

fn draw_case(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(case) = &app.case else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    match &case.explanation {
        Some(e) => {
            lines.push(Line::styled(
                format!(
                    "risk run {} · total score {:.2} · lane {}",
                    e.run_id,
                    e.total,
                    e.lane.clone().unwrap_or_else(|| "not assigned".into())
                ),
                theme.accent().add_modifier(Modifier::BOLD),
            ));
            // one line per rule and reason, with every item it concerns
            let mut i = 0;
            while i < e.hits.len() {
                let hit = &e.hits[i];
                let same: Vec<_> = e.hits[i..]
                    .iter()
                    .take_while(|h| h.rule_id == hit.rule_id && h.reason == hit.reason)
                    .collect();
                let items = same
                    .iter()
                    .map(|h| h.item_no.to_string())
                    .collect::<Vec<_>>()
                    .join(",");
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{:<22}", hit.rule_id),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(format!(
                        " +{:.2}  item {items}: {}",
                        hit.contribution, hit.reason
                    )),
                ]));
                lines.push(Line::styled(
                    format!("{:23}{}", "", hit.evidence),
                    theme.dim(),
                ));
                i += same.len();
            }
        }
        None => lines.push(Line::styled(
            "no risk run has scored this declaration",
            theme.dim(),
        )),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("items ({})", case.items.1.len()),
        theme.accent(),
    ));
    lines.push(Line::styled(
        case.items
            .0
            .iter()
            .map(|c| c.0.clone())
            .collect::<Vec<_>>()
            .join(" | "),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for item in &case.items.1 {
        lines.push(Line::raw(item.join(" | ")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "flags ({}) — a flags: REASON_CODE note; codes {}",
            case.annotations.len(),
            super::worker::REASON_CODES.join(" ")
        ),
        theme.accent(),
    ));
    for a in &case.annotations {
        lines.push(Line::raw(a.join(" · ")));
    }
    lines.push(Line::raw(""));
    // ledger records first: a handful per case, where the events can be hundreds
    linked_ledger_lines(case, theme, &mut lines);
    linked_telemetry_lines(case, theme, &mut lines);
    let title = format!(" Case {} · q back ", case.declaration_id);
    // the track beside the text, where the case has positions and the screen has room
    let (text_area, track_area) = if case.track.is_empty() || area.width < 60 {
        (area, None)
    } else {
        let [text, track] =
            Layout::horizontal([Constraint::Min(40), Constraint::Percentage(35)]).areas(area);
        (text, Some(track))
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.case_scroll, 0))
            .block(block(title, true, theme)),
        text_area,
    );
    if let Some(track_area) = track_area {
        draw_track(frame, track_area, &case.track, theme);
    }
}

/// The linked telemetry: groups, then the newest events one per line.
fn linked_telemetry_lines(case: &crate::case::Case, theme: Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "telemetry ({} linked events in {} groups; `clearway plot track` draws them large)",
            case.events_total,
            case.telemetry.len()
        ),
        theme.accent(),
    ));
    if case.telemetry.is_empty() {
        lines.push(Line::styled(
            "no telemetry is linked (by container, MMSI or IMO, 30 days around the declaration)",
            theme.dim(),
        ));
        return;
    }
    for t in &case.telemetry {
        lines.push(Line::raw(format!(
            "{} {} {}: {} events, {} – {}",
            t[0], t[1], t[2], t[3], t[4], t[5]
        )));
    }
    lines.push(Line::styled(
        format!(
            "newest {} events: time | link | kind | what | lat | lon | detail",
            case.events.len()
        ),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for e in &case.events {
        lines.push(Line::raw(e.join(" | ")));
    }
}

/// The linked ledger records, each with the state of the block it sits in.
fn linked_ledger_lines(case: &crate::case::Case, theme: Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("ledger records ({} linked)", case.ledger_total),
        theme.accent(),
    ));
    if case.ledger.is_empty() {
        lines.push(Line::styled(
            "no ledger record is linked (by declaration id, a cited document, a container, or the DocumentStore anchoring one)",
            theme.dim(),
        ));
        return;
    }
    lines.push(Line::styled(
        "block state · record · link chain#block record type · document · hash",
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for r in &case.ledger {
        let hash = r[5].get(..14).unwrap_or(&r[5]);
        let style = if r[6] == "valid" && r[7] == "verified" {
            Style::new()
        } else {
            theme.dim()
        };
        lines.push(Line::styled(
            format!(
                "{} · {} · {} {}#{} {} · {} · {}",
                r[7], r[6], r[0], r[1], r[2], r[3], r[4], hash
            ),
            style,
        ));
    }
}

/// The linked positions as a track on a world map, framed to their extent.
fn draw_track(frame: &mut Frame, area: Rect, track: &[(f64, f64)], theme: Theme) {
    use ratatui::widgets::canvas::{Canvas, Line as CanvasLine, Map, MapResolution, Points};
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (lon, lat) in track {
        x0 = x0.min(*lon);
        x1 = x1.max(*lon);
        y0 = y0.min(*lat);
        y1 = y1.max(*lat);
    }
    // at least a degree of context around a track that barely moves
    let pad_x = ((x1 - x0) * 0.1).max(0.5);
    let pad_y = ((y1 - y0) * 0.1).max(0.5);
    let colour = match theme {
        Theme::Plain => Color::Reset,
        _ => Color::Yellow,
    };
    let title = format!(
        " track · {} positions · {:.1}…{:.1}°E {:.1}…{:.1}°N ",
        track.len(),
        x0,
        x1,
        y0,
        y1
    );
    let canvas = Canvas::default()
        .block(block(title, false, theme))
        .x_bounds([(x0 - pad_x).max(-180.0), (x1 + pad_x).min(180.0)])
        .y_bounds([(y0 - pad_y).max(-90.0), (y1 + pad_y).min(90.0)])
        .paint(move |ctx| {
            ctx.draw(&Map {
                resolution: MapResolution::High,
                color: Color::DarkGray,
            });
            ctx.layer();
            for pair in track.windows(2) {
                ctx.draw(&CanvasLine {
                    x1: pair[0].0,
                    y1: pair[0].1,
                    x2: pair[1].0,
                    y2: pair[1].1,
                    color: colour,
                });
            }
            ctx.draw(&Points {
                coords: track,
                color: colour,
            });
        });
    frame.render_widget(canvas, area);
}

fn centered(area: Rect, width_pct: u16, height_pct: u16) -> Rect {
    let [_, v, _] = Layout::vertical([
        Constraint::Percentage((100 - height_pct) / 2),
        Constraint::Percentage(height_pct),
        Constraint::Min(0),
    ])
    .areas(area);
    let [_, h, _] = Layout::horizontal([
        Constraint::Percentage((100 - width_pct) / 2),
        Constraint::Percentage(width_pct),
        Constraint::Min(0),
    ])
    .areas(v);
    h
}

fn context_of(app: &App) -> Context {
    match (app.screen, app.focus) {
        (Screen::Risk, _) => Context::Risk,
        (Screen::Case, _) => Context::Case,
        (_, Focus::Catalog) => Context::Catalog,
        (_, Focus::Editor) => Context::Editor,
        (_, Focus::Grid) => Context::Grid,
    }
}

/// Palette entries matching the typed filter.
pub fn palette_matches(filter: &str) -> Vec<(&'static str, &'static str)> {
    let f = filter.to_lowercase();
    super::action::ACTIONS
        .iter()
        .filter(|(n, _, d)| n.to_lowercase().contains(&f) || d.to_lowercase().contains(&f))
        .map(|(n, _, d)| (*n, *d))
        .collect()
}

fn draw_popup(frame: &mut Frame, app: &App, keymap: &Keymap, theme: Theme) {
    let Some(popup) = &app.popup else {
        return;
    };
    let area = centered(frame.area(), 80, 80);
    match popup {
        Popup::Prompt { .. } => {}
        Popup::Help => {
            let context = context_of(app);
            let lines: Vec<Line> = keymap
                .describe(context)
                .into_iter()
                .map(|(k, a, d)| {
                    Line::from(vec![
                        Span::styled(format!("{k:>10}  "), theme.accent()),
                        Span::raw(format!("{a:<13} ")),
                        Span::styled(d.to_string(), theme.dim()),
                    ])
                })
                .collect();
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(lines).block(block(
                    format!(" Keys · {} (and global) · Esc closes ", context.name()),
                    true,
                    theme,
                )),
                area,
            );
        }
        Popup::Palette { filter, selected } => {
            let matches = palette_matches(filter);
            let selected = (*selected).min(matches.len().saturating_sub(1));
            let lines: Vec<Line> =
                std::iter::once(Line::styled(format!("> {filter}▏"), theme.accent()))
                    .chain(matches.iter().enumerate().map(|(i, (n, d))| {
                        let l = Line::from(vec![
                            Span::raw(format!("{n:<14} ")),
                            Span::styled(d.to_string(), theme.dim()),
                        ]);
                        if i == selected {
                            l.style(theme.selected())
                        } else {
                            l
                        }
                    }))
                    .collect();
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(lines).block(block(
                    " Commands · type to filter · Enter runs ".into(),
                    true,
                    theme,
                )),
                area,
            );
        }
        Popup::Record => {
            let g = &app.grid;
            let values = g.row_values(g.row).cloned().unwrap_or_default();
            let name_width = g
                .columns
                .iter()
                .map(|c| c.0.chars().count())
                .max()
                .unwrap_or(4);
            let lines: Vec<Line> = g
                .columns
                .iter()
                .zip(values.iter())
                .map(|((name, ty), v)| {
                    Line::from(vec![
                        Span::styled(format!("{name:>name_width$} "), theme.accent()),
                        Span::styled(format!("{:<10} ", ty.to_lowercase()), theme.dim()),
                        Span::raw(v.clone()),
                    ])
                })
                .collect();
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(block(
                        format!(" Row {} · Esc closes ", g.row + 1),
                        true,
                        theme,
                    )),
                area,
            );
        }
        Popup::Table(o) => {
            frame.render_widget(Clear, area);
            let b = block(format!(" {} · Esc closes ", o.title), true, theme);
            let inner = b.inner(area);
            frame.render_widget(b, area);
            frame.render_widget(
                overlay_table(o, theme, inner.height.saturating_sub(1) as usize),
                inner,
            );
        }
        Popup::Plugins { selected } => draw_plugins(frame, area, app, *selected, theme),
        Popup::Confirm { question, .. } => {
            let area = centered(frame.area(), 60, 30);
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(question.clone())
                    .wrap(Wrap { trim: true })
                    .block(block(
                        " Confirm · y / Enter yes · n / Esc no ".into(),
                        true,
                        theme,
                    )),
                area,
            );
        }
        Popup::Stream => {
            let Some(view) = &app.stream else { return };
            frame.render_widget(Clear, area);
            let state = match &view.done {
                Some(done) => format!("{done} · Esc closes"),
                None => format!("{} items · Esc stops", view.count),
            };
            let b = block(format!(" {} · {state} ", view.title), true, theme);
            let inner = b.inner(area);
            let shown = inner.height as usize;
            let lines: Vec<Line> = view
                .items
                .iter()
                .skip(view.items.len().saturating_sub(shown))
                .map(|t| Line::raw(t.clone()))
                .collect();
            frame.render_widget(Paragraph::new(lines).block(b), area);
        }
        Popup::Chart(chart, _) => {
            frame.render_widget(Clear, area);
            let b = block(
                format!(" {} · w saves as PNG/SVG · Esc closes ", chart.title),
                true,
                theme,
            );
            let inner = b.inner(area);
            frame.render_widget(b, area);
            draw_chart(frame, inner, chart, theme);
        }
    }
}

/// The plugins pane: each plugin with its status, then the selected one's commands.
fn draw_plugins(frame: &mut Frame, area: Rect, app: &App, selected: usize, theme: Theme) {
    frame.render_widget(Clear, area);
    let b = block(
        " Plugins · Enter runs on the result (or approves) · Esc closes ".into(),
        true,
        theme,
    );
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let plugins = &app.catalog.plugins;
    if plugins.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "No plugins found. clearway looks in plugins/ beside the workspace, the user's config dir (clearway/plugins) and CLEARWAY_PLUGIN_PATH.",
            )
            .wrap(Wrap { trim: true })
            .style(theme.dim()),
            inner,
        );
        return;
    }
    let mut lines: Vec<Line> = plugins
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let l = Line::from(vec![
                Span::styled(format!("{:<14} ", p.name), theme.accent()),
                Span::raw(format!(
                    "{:<8} {:<24} ",
                    p.version,
                    match p.running {
                        Some(idle) => format!("{} · up, idle {idle} s", p.status),
                        None => p.status.clone(),
                    }
                )),
                Span::styled(p.transport.clone(), theme.dim()),
            ]);
            if i == selected {
                l.style(theme.selected())
            } else {
                l
            }
        })
        .collect();
    if let Some(p) = plugins.get(selected) {
        lines.push(Line::raw(""));
        for c in &p.commands {
            let mut flags = Vec::new();
            if c.side_effects {
                flags.push("side effects");
            }
            if c.sensitive {
                flags.push("sensitive");
            }
            lines.push(Line::from(vec![
                Span::raw(format!("  {:<14} ", c.name)),
                Span::styled(
                    format!(
                        "{:?} → {:?}{} ",
                        c.input,
                        c.output,
                        if flags.is_empty() {
                            String::new()
                        } else {
                            format!(" [{}]", flags.join(", "))
                        }
                    )
                    .to_lowercase(),
                    theme.dim(),
                ),
                Span::raw(c.summary.clone()),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
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

/// The text of a drawn buffer, one line per row, trailing spaces removed (replay snapshots).
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
