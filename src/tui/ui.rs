//! Drawing a frame: the layout of the screens, the status line, and the popup on top. Each pane
//! draws itself ([`super::components`]); this module decides where, and with which look. A
//! frame is a function of the [`App`] (drawing only learns the sizes of the areas), which is
//! what makes the screens snapshot-testable with ratatui's `TestBackend`.

use super::app::{App, Focus, Screen};
use super::components::grid::status_line;
use super::components::popup::Popup;
use super::components::{centered, Component, Look, Theme};
use super::keymap::Keymap;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &mut App, keymap: &Keymap, theme: Theme) {
    let look = Look {
        theme,
        focused: true,
        keymap,
        context: app.context(),
    };
    let [body, status] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(frame.area());
    match app.screen {
        Screen::Main => draw_main(frame, body, app, &look),
        Screen::Risk => app.risks.draw(frame, body, &look),
        Screen::Case => app.case.draw(frame, body, &look),
    }
    draw_status(frame, status, app, theme);
    draw_popup(frame, app, &look);
}

/// The catalog on the left; the editor over the grid on the right.
fn draw_main(frame: &mut Frame, area: Rect, app: &mut App, look: &Look) {
    let catalog_width = if area.width >= 100 { 30 } else { 22 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(catalog_width), Constraint::Min(20)]).areas(area);
    app.catalog
        .draw(frame, left, &look.focus(app.focus == Focus::Catalog));
    let editor_height = if area.height >= 30 { 8 } else { 5 };
    let [editor, grid] =
        Layout::vertical([Constraint::Length(editor_height), Constraint::Min(3)]).areas(right);
    app.editor
        .draw(frame, editor, &look.focus(app.focus == Focus::Editor));
    app.grid
        .draw(frame, grid, &look.focus(app.focus == Focus::Grid));
}

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// What runs (or the error, or where the grid is), then the status message or the prompt.
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
        (None, None) => Line::raw(status_line(&app.grid)),
    };
    frame.render_widget(Paragraph::new(first), top);
    let second = match app.popup.current() {
        Some(Popup::Prompt { action, text }) => Line::from(vec![
            Span::styled(format!("{action}: "), theme.accent()),
            Span::raw(text.clone()),
            Span::raw("▏"),
        ]),
        _ => Line::styled(app.status.clone(), theme.dim()),
    };
    frame.render_widget(Paragraph::new(second), bottom);
}

/// The open popup; the plugins pane and a stream are components of their own.
fn draw_popup(frame: &mut Frame, app: &mut App, look: &Look) {
    let area = frame.area();
    match app.popup.current() {
        None => {}
        Some(Popup::Plugins) => app.plugins.draw(frame, centered(area, 80, 80), look),
        Some(Popup::Stream) => {
            if let Some(view) = &mut app.stream {
                view.draw(frame, centered(area, 80, 80), look);
            }
        }
        Some(_) => app.popup.draw(frame, area, look),
    }
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
