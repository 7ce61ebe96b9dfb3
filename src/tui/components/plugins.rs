//! Plugins in the TUI: the plugins pane (F6) listing each plugin with its trust status and the
//! selected one's commands, the command line a plugin call is typed as, and the live view of a
//! plugin stream. The pane owns the plugin list (refreshed with the catalog) and its
//! selection; the stream view owns the latest items and how the stream ended.

use super::{block, Component, KeyOutcome, Look};
use crate::plugin::manifest::CommandSpec;
use crate::tui::action::Action;
use crate::tui::worker::{Job, PluginInfo};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::VecDeque;

/// The plugins pane.
#[derive(Default)]
pub struct PluginsPane {
    plugins: Vec<PluginInfo>,
    selected: usize,
}

impl PluginsPane {
    /// The plugins found on the workspace's search path (from the worker's catalog).
    pub fn set(&mut self, plugins: Vec<PluginInfo>) {
        self.plugins = plugins;
    }

    /// Opened afresh: the first plugin selected.
    pub fn open(&mut self) {
        self.selected = 0;
    }

    pub fn selected(&self) -> Option<&PluginInfo> {
        self.plugins.get(self.selected)
    }

    /// The command a line names, from the list (so the pane, the keys and a replay agree on
    /// what exists); the error says what exists instead.
    pub fn command(&self, line: &PluginLine) -> Result<CommandSpec, String> {
        let Some(p) = self.plugins.iter().find(|p| p.name == line.plugin) else {
            return Err(format!(
                "no plugin named `{}` (F6 lists the plugins found)",
                line.plugin
            ));
        };
        p.commands
            .iter()
            .find(|c| c.name == line.command)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "plugin `{}` has no command `{}`; it has {}",
                    p.name,
                    line.command,
                    p.commands
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

impl Component for PluginsPane {
    /// While the pane is open its keys are its own: Enter runs (or approves) the selected
    /// plugin, j/k move, s streams one of its commands, Esc closes; other keys do nothing.
    fn handle_key(&mut self, key: KeyEvent) -> KeyOutcome {
        match key.code {
            KeyCode::Enter => KeyOutcome::Act(Action::Open),
            KeyCode::Down | KeyCode::Char('j') => KeyOutcome::Act(Action::Down),
            KeyCode::Up | KeyCode::Char('k') => KeyOutcome::Act(Action::Up),
            // s: stream the selected plugin's command, in a prompt to complete
            KeyCode::Char('s') => KeyOutcome::Prompt {
                action: "PluginStream",
                text: format!(
                    "{} ",
                    self.selected().map(|p| p.name.clone()).unwrap_or_default()
                ),
            },
            KeyCode::Esc => KeyOutcome::Act(Action::Cancel),
            _ => KeyOutcome::Consumed,
        }
    }

    fn navigate(&mut self, action: &Action) -> Vec<Job> {
        match action {
            Action::Down => {
                self.selected = (self.selected + 1).min(self.plugins.len().saturating_sub(1))
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            _ => {}
        }
        vec![]
    }

    /// Each plugin with its status, then the selected one's commands.
    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        let theme = look.theme;
        let selected = self.selected;
        frame.render_widget(Clear, area);
        let b = block(
            " Plugins · Enter runs on the result (or approves) · Esc closes ".into(),
            true,
            theme,
        );
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let plugins = &self.plugins;
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
}

/// A plugin stream as the TUI shows it: the latest items and how it ended.
#[derive(Debug, Clone, Default)]
pub struct StreamView {
    pub title: String,
    pub items: VecDeque<String>,
    pub count: u64,
    pub done: Option<String>,
}

/// Items a stream view keeps (the table keeps them all).
const STREAM_SHOWN: usize = 200;

impl StreamView {
    pub fn new(title: String) -> Self {
        StreamView {
            title,
            ..StreamView::default()
        }
    }

    /// One more item; the oldest shown goes when the view is full.
    pub fn push(&mut self, text: String) {
        self.count += 1;
        if self.items.len() == STREAM_SHOWN {
            self.items.pop_front();
        }
        self.items.push_back(text);
    }

    pub fn finish(&mut self, message: String) {
        self.done = Some(message);
    }
}

impl Component for StreamView {
    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        frame.render_widget(Clear, area);
        let state = match &self.done {
            Some(done) => format!("{done} · Esc closes"),
            None => format!("{} items · Esc stops", self.count),
        };
        let b = block(format!(" {} · {state} ", self.title), true, look.theme);
        let inner = b.inner(area);
        let shown = inner.height as usize;
        let lines: Vec<Line> = self
            .items
            .iter()
            .skip(self.items.len().saturating_sub(shown))
            .map(|t| Line::raw(t.clone()))
            .collect();
        frame.render_widget(Paragraph::new(lines).block(b), area);
    }
}

/// A plugin command line: `[--yes] [--into TABLE] NAME COMMAND [KEY=VALUE…]`.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginLine {
    pub yes: bool,
    pub into: Option<String>,
    pub plugin: String,
    pub command: String,
    pub args: serde_json::Map<String, serde_json::Value>,
}

impl PluginLine {
    pub fn parse(text: &str) -> Result<PluginLine, String> {
        let mut words = text.split_whitespace().peekable();
        let (mut yes, mut into) = (false, None);
        while let Some(flag) = words.peek().filter(|w| w.starts_with("--")) {
            match *flag {
                "--yes" => yes = true,
                "--into" => {
                    words.next();
                    into = Some(words.peek().ok_or("--into needs a table name")?.to_string());
                }
                other => return Err(format!("unknown flag `{other}` (--yes, --into TABLE)")),
            }
            words.next();
        }
        let plugin = words
            .next()
            .ok_or("name a plugin: NAME COMMAND [KEY=VALUE…]")?;
        let command = words.next().ok_or("name the plugin's command")?;
        let mut pairs = Vec::new();
        for w in words {
            let (k, v) = w
                .split_once('=')
                .ok_or_else(|| format!("`{w}` is not KEY=VALUE"))?;
            pairs.push((k, v));
        }
        Ok(PluginLine {
            yes,
            into,
            plugin: plugin.to_string(),
            command: command.to_string(),
            args: crate::plugin::host::call_args(pairs),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plugin_line_takes_flags_then_name_command_and_pairs() {
        let line = PluginLine::parse("--yes --into out geo lookup city=Rotterdam n=3").unwrap();
        assert!(line.yes);
        assert_eq!(line.into.as_deref(), Some("out"));
        assert_eq!(
            (line.plugin.as_str(), line.command.as_str()),
            ("geo", "lookup")
        );
        assert_eq!(line.args.len(), 2);
        assert!(PluginLine::parse("geo").unwrap_err().contains("command"));
        assert!(PluginLine::parse("geo lookup city")
            .unwrap_err()
            .contains("KEY=VALUE"));
        assert!(PluginLine::parse("--fast geo lookup")
            .unwrap_err()
            .contains("unknown flag"));
    }

    #[test]
    fn a_stream_view_keeps_the_latest_items_and_counts_all() {
        let mut view = StreamView::new("s".into());
        for i in 0..(STREAM_SHOWN + 5) {
            view.push(i.to_string());
        }
        assert_eq!(view.count, STREAM_SHOWN as u64 + 5);
        assert_eq!(view.items.len(), STREAM_SHOWN);
        assert_eq!(view.items.front().map(String::as_str), Some("5"));
    }
}
