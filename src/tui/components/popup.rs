//! The popup layer: at most one popup over the screen at a time — help, the command palette,
//! an argument prompt, a record, a statistics or frequency table, a chart, a yes/no question,
//! the plugins pane or a plugin stream.
//!
//! The layer owns the open popup and the popup's own state (the palette's filter, the prompt's
//! text, the question and what yes runs), reads the keys of the popups that take typing, and
//! draws the popups that are drawn from their own state. The plugins pane and the stream view
//! keep state that outlives the popup (the plugin list, the items), so they are components of
//! their own that the layer only marks as open.

use super::chart::ChartView;
use super::table::Overlay;
use super::{block, centered, Component, KeyOutcome, Look};
use crate::tui::action::{self, Action};
use crate::tui::worker::Columns;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug, Clone)]
pub enum Popup {
    Help,
    Palette {
        filter: String,
        selected: usize,
    },
    /// An action's argument being typed (shown on the status line).
    Prompt {
        action: &'static str,
        text: String,
    },
    Record(RecordView),
    Table(Overlay),
    Chart(ChartView),
    /// The plugins pane ([`super::plugins::PluginsPane`]).
    Plugins,
    /// A yes/no question; yes runs `then`.
    Confirm {
        question: String,
        then: Box<Action>,
    },
    /// A plugin stream's items, live ([`super::plugins::StreamView`]).
    Stream,
}

impl Popup {
    pub fn prompt(action: &'static str, text: impl Into<String>) -> Popup {
        Popup::Prompt {
            action,
            text: text.into(),
        }
    }
}

/// One row of the result, field by field.
#[derive(Debug, Clone)]
pub struct RecordView {
    /// The row's number in the result, from 0.
    pub row: u64,
    pub columns: Columns,
    pub values: Vec<String>,
}

/// Where popups open and close.
#[derive(Debug, Default)]
pub struct PopupLayer {
    open: Option<Popup>,
}

impl PopupLayer {
    /// Opens `popup` in place of any other.
    pub fn open(&mut self, popup: Popup) {
        self.open = Some(popup);
    }

    pub fn close(&mut self) {
        self.open = None;
    }

    pub fn current(&self) -> Option<&Popup> {
        self.open.as_ref()
    }

    pub fn current_mut(&mut self) -> Option<&mut Popup> {
        self.open.as_mut()
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Enter in the prompt: the popup closes and the line is parsed as `Action argument`.
    fn submit_prompt(&mut self, action: &str, text: &str) -> KeyOutcome {
        let line = format!("{action} {text}");
        self.close();
        match Action::parse(&line) {
            Ok(a) => KeyOutcome::Act(a),
            Err(e) => KeyOutcome::Error(e),
        }
    }

    /// Enter in the palette: the chosen action runs, or prompts for its argument.
    fn choose_from_palette(&mut self, filter: &str, selected: usize) -> KeyOutcome {
        let matches = palette_matches(filter);
        let chosen = matches
            .get(selected.min(matches.len().saturating_sub(1)))
            .map(|(n, _)| *n);
        self.close();
        let Some(name) = chosen else {
            return KeyOutcome::Consumed;
        };
        match action::ACTIONS.iter().find(|(n, _, _)| *n == name) {
            Some((n, true, _)) => KeyOutcome::Prompt {
                action: n,
                text: String::new(),
            },
            _ => Action::parse(name).map_or(KeyOutcome::Consumed, KeyOutcome::Act),
        }
    }
}

/// Palette entries matching the typed filter.
pub fn palette_matches(filter: &str) -> Vec<(&'static str, &'static str)> {
    let f = filter.to_lowercase();
    action::ACTIONS
        .iter()
        .filter(|(n, _, d)| n.to_lowercase().contains(&f) || d.to_lowercase().contains(&f))
        .map(|(n, _, d)| (*n, *d))
        .collect()
}

impl Component for PopupLayer {
    /// The prompt and the palette take typing; a question takes y/n; a table takes Enter.
    /// Other popups leave keys to the keymap (an action closes them).
    fn handle_key(&mut self, key: KeyEvent) -> KeyOutcome {
        match &mut self.open {
            Some(Popup::Prompt { action, text }) => match key.code {
                KeyCode::Enter => {
                    let (action, text) = (*action, text.clone());
                    self.submit_prompt(action, &text)
                }
                KeyCode::Esc => {
                    self.close();
                    KeyOutcome::Consumed
                }
                KeyCode::Backspace => {
                    text.pop();
                    KeyOutcome::Consumed
                }
                KeyCode::Char(c) => {
                    text.push(c);
                    KeyOutcome::Consumed
                }
                _ => KeyOutcome::Consumed,
            },
            Some(Popup::Palette { filter, selected }) => match key.code {
                KeyCode::Enter => {
                    let (filter, selected) = (filter.clone(), *selected);
                    self.choose_from_palette(&filter, selected)
                }
                KeyCode::Esc => {
                    self.close();
                    KeyOutcome::Consumed
                }
                KeyCode::Up => KeyOutcome::Act(Action::Up),
                KeyCode::Down => KeyOutcome::Act(Action::Down),
                KeyCode::Backspace => {
                    filter.pop();
                    *selected = 0;
                    KeyOutcome::Consumed
                }
                KeyCode::Char(c) => {
                    filter.push(c);
                    *selected = 0;
                    KeyOutcome::Consumed
                }
                _ => KeyOutcome::Consumed,
            },
            Some(Popup::Table(_)) if key.code == KeyCode::Enter => KeyOutcome::Act(Action::Open),
            Some(Popup::Confirm { .. }) => match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => {
                    KeyOutcome::Act(Action::Open)
                }
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('N') => {
                    KeyOutcome::Act(Action::Cancel)
                }
                _ => KeyOutcome::Consumed,
            },
            _ => KeyOutcome::Unhandled,
        }
    }

    /// Draws the open popup over `area` (the whole frame); a prompt is drawn by the status
    /// line, the plugins pane and a stream by their own components.
    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        let theme = look.theme;
        let popup_area = centered(area, 80, 80);
        match &mut self.open {
            None | Some(Popup::Prompt { .. } | Popup::Plugins | Popup::Stream) => {}
            Some(Popup::Help) => {
                let lines: Vec<Line> = look
                    .keymap
                    .describe(look.context)
                    .into_iter()
                    .map(|(k, a, d)| {
                        Line::from(vec![
                            Span::styled(format!("{k:>10}  "), theme.accent()),
                            Span::raw(format!("{a:<13} ")),
                            Span::styled(d.to_string(), theme.dim()),
                        ])
                    })
                    .collect();
                frame.render_widget(Clear, popup_area);
                frame.render_widget(
                    Paragraph::new(lines).block(block(
                        format!(" Keys · {} (and global) · Esc closes ", look.context.name()),
                        true,
                        theme,
                    )),
                    popup_area,
                );
            }
            Some(Popup::Palette { filter, selected }) => {
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
                frame.render_widget(Clear, popup_area);
                frame.render_widget(
                    Paragraph::new(lines).block(block(
                        " Commands · type to filter · Enter runs ".into(),
                        true,
                        theme,
                    )),
                    popup_area,
                );
            }
            Some(Popup::Record(record)) => {
                let name_width = record
                    .columns
                    .iter()
                    .map(|c| c.0.chars().count())
                    .max()
                    .unwrap_or(4);
                let lines: Vec<Line> = record
                    .columns
                    .iter()
                    .zip(record.values.iter())
                    .map(|((name, ty), v)| {
                        Line::from(vec![
                            Span::styled(format!("{name:>name_width$} "), theme.accent()),
                            Span::styled(format!("{:<10} ", ty.to_lowercase()), theme.dim()),
                            Span::raw(v.clone()),
                        ])
                    })
                    .collect();
                frame.render_widget(Clear, popup_area);
                frame.render_widget(
                    Paragraph::new(lines)
                        .wrap(Wrap { trim: false })
                        .block(block(
                            format!(" Row {} · Esc closes ", record.row + 1),
                            true,
                            theme,
                        )),
                    popup_area,
                );
            }
            Some(Popup::Table(o)) => {
                frame.render_widget(Clear, popup_area);
                let b = block(format!(" {} · Esc closes ", o.title), true, theme);
                let inner = b.inner(popup_area);
                frame.render_widget(b, popup_area);
                frame.render_widget(
                    o.widget(theme, inner.height.saturating_sub(1) as usize),
                    inner,
                );
            }
            Some(Popup::Confirm { question, .. }) => {
                let question_area = centered(area, 60, 30);
                frame.render_widget(Clear, question_area);
                frame.render_widget(
                    Paragraph::new(question.clone())
                        .wrap(Wrap { trim: true })
                        .block(block(
                            " Confirm · y / Enter yes · n / Esc no ".into(),
                            true,
                            theme,
                        )),
                    question_area,
                );
            }
            Some(Popup::Chart(view)) => view.draw(frame, popup_area, look),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(layer: &mut PopupLayer, text: &str) {
        for c in text.chars() {
            assert_eq!(
                layer.handle_key(key(KeyCode::Char(c))),
                KeyOutcome::Consumed
            );
        }
    }

    #[test]
    fn a_prompt_collects_its_argument_and_closes_on_enter() {
        let mut layer = PopupLayer::default();
        layer.open(Popup::prompt("Filter", ""));
        typed(&mut layer, "a > 11");
        layer.handle_key(key(KeyCode::Backspace));
        assert_eq!(
            layer.handle_key(key(KeyCode::Enter)),
            KeyOutcome::Act(Action::Filter("a > 1".into()))
        );
        assert!(!layer.is_open());
        layer.open(Popup::prompt("GotoRow", "x"));
        assert_eq!(
            layer.handle_key(key(KeyCode::Enter)),
            KeyOutcome::Error("GotoRow needs a row number, not `x`".into())
        );
    }

    #[test]
    fn the_palette_runs_the_chosen_action_or_prompts_for_its_argument() {
        let mut layer = PopupLayer::default();
        layer.open(Popup::Palette {
            filter: String::new(),
            selected: 0,
        });
        typed(&mut layer, "sortdesc");
        assert_eq!(
            layer.handle_key(key(KeyCode::Enter)),
            KeyOutcome::Act(Action::SortDesc)
        );
        layer.open(Popup::Palette {
            filter: String::new(),
            selected: 0,
        });
        typed(&mut layer, "filter");
        assert_eq!(
            layer.handle_key(key(KeyCode::Enter)),
            KeyOutcome::Prompt {
                action: "Filter",
                text: String::new()
            }
        );
        layer.open(Popup::Palette {
            filter: "no such thing".into(),
            selected: 0,
        });
        assert_eq!(layer.handle_key(key(KeyCode::Enter)), KeyOutcome::Consumed);
        assert!(!layer.is_open());
    }

    #[test]
    fn a_question_takes_yes_or_no_and_other_popups_leave_keys_to_the_keymap() {
        let mut layer = PopupLayer::default();
        layer.open(Popup::Confirm {
            question: "?".into(),
            then: Box::new(Action::Quit),
        });
        assert_eq!(
            layer.handle_key(key(KeyCode::Char('y'))),
            KeyOutcome::Act(Action::Open)
        );
        assert_eq!(
            layer.handle_key(key(KeyCode::Char('N'))),
            KeyOutcome::Act(Action::Cancel)
        );
        assert_eq!(
            layer.handle_key(key(KeyCode::Char('x'))),
            KeyOutcome::Consumed
        );
        layer.open(Popup::Help);
        assert_eq!(
            layer.handle_key(key(KeyCode::Char('j'))),
            KeyOutcome::Unhandled
        );
    }
}
