//! The SQL editor: buffers of SQL with keyword highlighting, the query history, completion
//! from the catalog, and which statement of a buffer runs. It owns the buffers and the
//! history; where statements start and end is [`crate::sql::statements`]' answer, so a `;`
//! inside a string or a comment never cuts a statement.

use super::{block, Component, KeyOutcome, Look};
use crate::sql::statements;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::Frame;
use ratatui_textarea::{CursorMove, DataCursor, TextArea};

const SQL_KEYWORDS: &str = r"(?i)\b(select|from|where|group|by|order|having|limit|offset|join|left|right|inner|outer|full|cross|on|using|as|and|or|not|in|is|null|case|when|then|else|end|with|distinct|union|all|except|intersect|between|like|ilike|asc|desc|nulls|first|last|over|partition|window|qualify|describe|summarize|values|cast|filter|exists)\b";

/// SQL keywords highlighted through the editor's search highlighting.
fn style_editor(t: &mut TextArea<'static>) {
    let _ = t.set_search_pattern(SQL_KEYWORDS);
    t.set_search_style(Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD));
    t.set_cursor_line_style(Style::new());
    t.set_line_number_style(Style::new().fg(Color::DarkGray));
}

fn new_buffer(text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(text.lines().map(String::from).collect());
    t.set_tab_length(4);
    style_editor(&mut t);
    t
}

pub struct Editor {
    buffers: Vec<TextArea<'static>>,
    buffer: usize,
    /// Queries run, oldest first (saved between sessions by the front end).
    pub history: Vec<String>,
    history_pos: Option<usize>,
    /// The candidates of the last completion.
    pub completions: Vec<String>,
}

impl Editor {
    /// One buffer with a first query, and the history of earlier sessions.
    pub fn new(history: Vec<String>) -> Self {
        Editor {
            buffers: vec![new_buffer("SELECT * FROM declarations LIMIT 1000")],
            buffer: 0,
            history,
            history_pos: None,
            completions: vec![],
        }
    }

    /// The current buffer's text widget (the cursor, typing).
    pub fn textarea(&mut self) -> &mut TextArea<'static> {
        &mut self.buffers[self.buffer]
    }

    /// Text pasted into the current buffer.
    pub fn insert_str(&mut self, text: String) {
        self.textarea().insert_str(text);
    }

    pub fn text(&self) -> String {
        self.buffers[self.buffer].lines().join("\n")
    }

    /// The byte offset of the cursor in [`Editor::text`].
    fn cursor_offset(&self) -> usize {
        let editor = &self.buffers[self.buffer];
        let DataCursor(row, col) = editor.cursor();
        let lines = editor.lines();
        lines.iter().take(row).map(|l| l.len() + 1).sum::<usize>()
            + lines
                .get(row)
                .map(|l| l.char_indices().nth(col).map(|(i, _)| i).unwrap_or(l.len()))
                .unwrap_or(0)
    }

    /// The statement under the cursor (see [`statements::statement_at`]), without the
    /// comments after it; empty when the buffer holds nothing to run.
    pub fn statement_at_cursor(&self) -> String {
        statements::statement_at(&self.text(), self.cursor_offset())
            .map(|s| s.code().to_string())
            .unwrap_or_default()
    }

    /// The buffer's last statement (Alt-Enter runs the buffer through to its end), without
    /// the comments after it.
    pub fn last_statement(&self) -> String {
        statements::last_statement(&self.text())
            .map(|s| s.code().to_string())
            .unwrap_or_default()
    }

    /// A query that runs goes into the history (once, when repeated).
    pub fn remember(&mut self, sql: &str) {
        if self.history.last().map(String::as_str) != Some(sql) {
            self.history.push(sql.to_string());
        }
        self.history_pos = None;
    }

    /// Replaces the current buffer's text, the cursor at its end.
    pub fn set_query(&mut self, text: &str) {
        self.buffers[self.buffer] = new_buffer(text);
        self.buffers[self.buffer].move_cursor(CursorMove::Bottom);
    }

    /// A new buffer holding `text`, made current.
    pub fn open_buffer(&mut self, text: &str) {
        self.buffers.push(new_buffer(text));
        self.buffer = self.buffers.len() - 1;
    }

    pub fn next_buffer(&mut self) {
        self.buffer = (self.buffer + 1) % self.buffers.len();
    }

    /// The latest query in the history containing `text` (any case) into the buffer; the
    /// status line's message.
    pub fn history_search(&mut self, text: &str) -> String {
        let needle = text.to_lowercase();
        match self
            .history
            .iter()
            .rposition(|q| q.to_lowercase().contains(&needle))
        {
            Some(i) => {
                self.history_pos = Some(i);
                self.buffers[self.buffer] = new_buffer(&self.history[i]);
                format!("history {} of {}", i + 1, self.history.len())
            }
            None => format!("no query in the history contains \"{text}\""),
        }
    }

    /// The previous (`back`) or next query of the history into the buffer.
    pub fn history_step(&mut self, back: bool) {
        let Some(last) = self.history.len().checked_sub(1) else {
            return;
        };
        let pos = match (self.history_pos, back) {
            (None, true) => last,
            (Some(p), true) => p.saturating_sub(1),
            (None, false) => return,
            (Some(p), false) => (p + 1).min(last),
        };
        self.history_pos = Some(pos);
        self.buffers[self.buffer] = new_buffer(&self.history[pos]);
    }

    /// Completes the word before the cursor from `names` (as far as all candidates agree); a
    /// tab when there is no word. The status line's message, when there is one.
    pub fn complete<'n>(&mut self, names: impl Iterator<Item = &'n str>) -> Option<String> {
        let editor = &self.buffers[self.buffer];
        let DataCursor(row, col) = editor.cursor();
        let line = editor.lines().get(row).cloned().unwrap_or_default();
        let before: String = line.chars().take(col).collect();
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if word.is_empty() {
            self.textarea().insert_tab();
            return None;
        }
        let lower = word.to_lowercase();
        let mut candidates: Vec<String> = names
            .filter(|c| c.to_lowercase().starts_with(&lower) && c.len() > word.len())
            .map(String::from)
            .collect();
        candidates.sort();
        candidates.dedup();
        let Some(first) = candidates.first() else {
            return Some(format!("no completion for {word}"));
        };
        let common = candidates.iter().fold(first.clone(), |acc, c| {
            acc.chars()
                .zip(c.chars())
                .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                .map(|(a, _)| a)
                .collect()
        });
        let rest: String = common.chars().skip(word.chars().count()).collect();
        self.textarea().insert_str(rest);
        let status = if candidates.len() == 1 {
            String::new()
        } else {
            format!(
                "{}: {}",
                candidates.len(),
                candidates
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        self.completions = candidates;
        Some(status)
    }
}

impl Component for Editor {
    /// Keys the keymap does not bind are typing.
    fn handle_key(&mut self, key: KeyEvent) -> KeyOutcome {
        self.textarea().input(key);
        KeyOutcome::Consumed
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        let title = format!(" SQL · buffer {}/{} ", self.buffer + 1, self.buffers.len());
        let focused = look.focused;
        let textarea = self.textarea();
        textarea.set_block(block(title, focused, look.theme));
        textarea.set_cursor_style(if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        });
        frame.render_widget(&*textarea, area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_under_the_cursor_respects_strings_and_comments() {
        let mut editor = Editor::new(vec![]);
        editor.set_query("SELECT 'a;b' AS s; -- one; two\nSELECT 2 -- three; four");
        editor.textarea().move_cursor(CursorMove::Jump(0, 9));
        assert_eq!(editor.statement_at_cursor(), "SELECT 'a;b' AS s");
        editor.textarea().move_cursor(CursorMove::Jump(1, 3));
        assert_eq!(editor.statement_at_cursor(), "-- one; two\nSELECT 2");
        assert_eq!(editor.last_statement(), "-- one; two\nSELECT 2");
        editor.set_query("SELECT 'é;ü';\n-- nothing after");
        assert_eq!(editor.statement_at_cursor(), "SELECT 'é;ü'");
        editor.set_query(" ; ");
        assert_eq!(editor.statement_at_cursor(), "");
    }

    #[test]
    fn history_steps_back_and_forth_and_remembers_once() {
        let mut editor = Editor::new(vec!["SELECT 1".into(), "SELECT 2".into()]);
        editor.history_step(false);
        assert_eq!(editor.text(), "SELECT * FROM declarations LIMIT 1000");
        editor.history_step(true);
        assert_eq!(editor.text(), "SELECT 2");
        editor.history_step(true);
        editor.history_step(true);
        assert_eq!(editor.text(), "SELECT 1");
        editor.history_step(false);
        assert_eq!(editor.text(), "SELECT 2");
        editor.remember("SELECT 2");
        editor.remember("SELECT 3");
        assert_eq!(editor.history, ["SELECT 1", "SELECT 2", "SELECT 3"]);
    }

    #[test]
    fn completion_extends_the_word_as_far_as_the_candidates_agree() {
        let mut editor = Editor::new(vec![]);
        editor.set_query("SELECT decl");
        editor.textarea().move_cursor(CursorMove::End);
        let status = editor.complete(["declarations", "declared_at", "hs_code"].into_iter());
        assert_eq!(editor.text(), "SELECT declar");
        assert_eq!(status.as_deref(), Some("2: declarations declared_at"));
        let status = editor.complete(["declarations"].into_iter());
        assert_eq!(editor.text(), "SELECT declarations");
        assert_eq!(status.as_deref(), Some(""));
        editor.set_query("SELECT zz");
        editor.textarea().move_cursor(CursorMove::End);
        assert_eq!(
            editor.complete(["declarations"].into_iter()).as_deref(),
            Some("no completion for zz")
        );
    }
}
