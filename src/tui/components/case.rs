//! The case view: one declaration as an analyst reviews it — its risk explanation rule by
//! rule, its items, the flags set on it, the ledger records and telemetry linked to it, and
//! the linked positions as a track. It owns the case the worker built and its scroll offset.

use super::{block, Component, Look, Theme};
use crate::tui::action::Action;
use crate::tui::worker::{Case, Job, REASON_CODES};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

#[derive(Default)]
pub struct CaseView {
    case: Option<Case>,
    scroll: u16,
}

impl CaseView {
    /// Shows `case` from its top.
    pub fn show(&mut self, case: Case) {
        self.case = Some(case);
        self.scroll = 0;
    }

    /// The declaration on view, if any.
    pub fn declaration_id(&self) -> Option<&str> {
        self.case.as_ref().map(|c| c.declaration_id.as_str())
    }
}

impl Component for CaseView {
    fn navigate(&mut self, action: &Action) -> Vec<Job> {
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll + 1,
            Action::Top => 0,
            _ => self.scroll,
        };
        vec![]
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        let theme = look.theme;
        let Some(case) = &self.case else {
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
                REASON_CODES.join(" ")
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
        classification_lines(case, theme, &mut lines);
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
                .scroll((self.scroll, 0))
                .block(block(title, true, theme)),
            text_area,
        );
        if let Some(track_area) = track_area {
            draw_track(frame, track_area, &case.track, theme);
        }
    }
}

/// What each item's description reads as (`classify score`), the disagreements first in the
/// analyst's eye: marked where the suggestion leaves the declared heading.
fn classification_lines(case: &crate::case::Case, theme: Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "HS classification (first suggestion per item)",
        theme.accent(),
    ));
    if case.classification.is_empty() {
        lines.push(Line::styled(
            "no suggestions: `clearway classify score --model MODEL` writes them",
            theme.dim(),
        ));
        return;
    }
    for c in &case.classification {
        let (item, declared, description, suggested, probability, reason) =
            (&c[0], &c[1], &c[2], &c[3], &c[4], &c[5]);
        let agrees = declared.get(..4) == suggested.get(..4);
        let verdict = if agrees {
            Span::styled(" agrees", theme.dim())
        } else {
            Span::styled(
                " other heading",
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            )
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "item {item}: declared {declared}, reads as {suggested} (p {probability})"
            )),
            verdict,
            Span::raw(format!(" · \"{description}\"")),
        ]));
        lines.push(Line::styled(format!("  {reason}"), theme.dim()));
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
