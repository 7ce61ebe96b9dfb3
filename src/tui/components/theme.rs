//! The TUI's colours: one small palette every component draws with, so that `NO_COLOR` and
//! `[tui] theme` in `clearway.toml` change every pane at once.

use ratatui::style::{Color, Modifier, Style};

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

    pub fn accent(self) -> Style {
        match self {
            Theme::Dark => Style::new().fg(Color::Cyan),
            Theme::Light => Style::new().fg(Color::Blue),
            Theme::Plain => Style::new(),
        }
    }

    pub fn selected(self) -> Style {
        match self {
            Theme::Plain => Style::new().add_modifier(Modifier::REVERSED),
            Theme::Dark => Style::new().bg(Color::DarkGray).fg(Color::White),
            Theme::Light => Style::new().bg(Color::Gray).fg(Color::Black),
        }
    }

    pub fn error(self) -> Style {
        match self {
            Theme::Plain => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new().fg(Color::Red),
        }
    }

    pub fn dim(self) -> Style {
        match self {
            Theme::Plain => Style::new(),
            _ => Style::new().fg(Color::DarkGray),
        }
    }
}
