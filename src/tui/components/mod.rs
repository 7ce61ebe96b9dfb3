//! The TUI's panes as components, in gitui's manner: each one owns its state, reads the keys
//! that are its own, moves its own cursor and draws itself.
//!
//! Why: the catalog, the editor, the result grid, the risk list, the case view, the charts, the
//! plugins pane and the popups used to share one state struct, one key handler and one drawing
//! module that reached into each other (`app.rs` and `ui.rs` imported one another). Now a pane
//! is a type with its own file here; [`crate::tui::app::App`] holds the panes and routes
//! actions and worker events to them, and [`crate::tui::ui`] lays the frame out and asks each
//! pane to draw. Components sit below both: they import the action and keymap vocabulary and
//! the worker's job and event types, never the app or the ui, so no import circle remains.
//!
//! Components do no I/O: a movement returns the page fetches it needs as [`Job`]s for the app
//! to submit, which keeps the TUI a pure state machine that replays headless.

pub mod case;
pub mod catalog;
pub mod chart;
pub mod editor;
pub mod grid;
pub mod plugins;
pub mod popup;
pub mod risks;
pub mod table;
pub mod theme;

pub use theme::Theme;

use super::action::Action;
use super::keymap::{Context, Keymap};
use super::worker::Job;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

/// A pane of the TUI.
pub trait Component {
    /// A key the component reads itself, before the keymap: typing in the editor or a prompt,
    /// the letters of a popup. [`KeyOutcome::Unhandled`] leaves the key to the keymap.
    fn handle_key(&mut self, key: KeyEvent) -> KeyOutcome {
        let _ = key;
        KeyOutcome::Unhandled
    }

    /// A movement inside the component (Up, Down, PageDown, Top, GotoRow …); returns the
    /// fetches the new position needs.
    fn navigate(&mut self, action: &Action) -> Vec<Job> {
        let _ = action;
        vec![]
    }

    /// Draws the component into `area`. `&mut`: drawing learns the area's size, which decides
    /// what is visible (the grid's window, which columns fit).
    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look);
}

/// What a key did in a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOutcome {
    /// Not the component's key: the keymap decides.
    Unhandled,
    /// Taken, and nothing follows.
    Consumed,
    /// Taken, and it means this action.
    Act(Action),
    /// Taken: ask for an action's argument, starting with `text`.
    Prompt { action: &'static str, text: String },
    /// Taken, but wrong: the message goes to the status line.
    Error(String),
}

/// How to draw: the colours, whether the component has the focus, and the keys in force (the
/// help overlay lists them).
#[derive(Clone, Copy)]
pub struct Look<'a> {
    pub theme: Theme,
    pub focused: bool,
    pub keymap: &'a Keymap,
    /// Where keys go now (the help overlay's context).
    pub context: Context,
}

impl Look<'_> {
    /// The same look, with or without the focus.
    pub fn focus(&self, focused: bool) -> Self {
        Look { focused, ..*self }
    }
}

/// A bordered block, its border in the accent colour when focused.
pub fn block(title: String, focused: bool, theme: Theme) -> Block<'static> {
    let b = Block::new().borders(Borders::ALL).title(title);
    if focused {
        b.border_style(theme.accent())
    } else {
        b
    }
}

/// Cut to `width` characters, marking the cut with … (truncation is never silent).
pub fn clip(text: &str, width: usize) -> String {
    let flat = text.replace(['\n', '\r', '\t'], " ");
    if flat.chars().count() <= width {
        flat
    } else {
        let mut s: String = flat.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// A rectangle of `width_pct` × `height_pct` of `area`, centred (where popups are drawn).
pub fn centered(area: Rect, width_pct: u16, height_pct: u16) -> Rect {
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
