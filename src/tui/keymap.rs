//! Keys → actions, per context, with overrides from the workspace's `clearway.toml`:
//!
//! ```toml
//! [tui.keys.grid]
//! "x" = "SortDesc"
//! ```
//!
//! Keys are written as crossterm reports them: `j`, `G`, `ctrl-r`, `alt-enter`, `f5`, `enter`,
//! `esc`, `tab`, `backtab`, `pagedown`, `up`. An action that needs an argument (`Filter`) opens
//! a prompt for it when bound to a key. The help overlay is generated from this table.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

/// Where a key is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Global,
    Catalog,
    Editor,
    Grid,
    Risk,
    Case,
}

impl Context {
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Catalog => "catalog",
            Context::Editor => "editor",
            Context::Grid => "grid",
            Context::Risk => "risk",
            Context::Case => "case",
        }
    }

    fn parse(name: &str) -> Option<Context> {
        [
            Context::Global,
            Context::Catalog,
            Context::Editor,
            Context::Grid,
            Context::Risk,
            Context::Case,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }
}

const DEFAULTS: &[(Context, &str, &str)] = &[
    (Context::Global, "ctrl-q", "Quit"),
    (Context::Global, "f1", "Help"),
    (Context::Global, "ctrl-p", "Palette"),
    (Context::Global, "f2", "FocusNext"),
    (Context::Global, "backtab", "FocusPrev"),
    (Context::Global, "f3", "RiskView"),
    (Context::Global, "f5", "RunQuery"),
    (Context::Global, "f6", "Plugins"),
    (Context::Global, "esc", "Cancel"),
    (Context::Catalog, "j", "Down"),
    (Context::Catalog, "down", "Down"),
    (Context::Catalog, "k", "Up"),
    (Context::Catalog, "up", "Up"),
    (Context::Catalog, "enter", "Open"),
    (Context::Catalog, "tab", "FocusNext"),
    (Context::Catalog, "r", "Refresh"),
    (Context::Catalog, "q", "Quit"),
    (Context::Editor, "ctrl-e", "RunQuery"),
    (Context::Editor, "alt-enter", "RunAll"),
    (Context::Editor, "tab", "Complete"),
    (Context::Editor, "ctrl-n", "NewBuffer"),
    (Context::Editor, "ctrl-b", "NextBuffer"),
    (Context::Editor, "ctrl-up", "HistoryPrev"),
    (Context::Editor, "ctrl-down", "HistoryNext"),
    (Context::Editor, "ctrl-o", "OpenInEditor"),
    (Context::Editor, "ctrl-r", "HistorySearch"),
    (Context::Grid, "j", "Down"),
    (Context::Grid, "down", "Down"),
    (Context::Grid, "k", "Up"),
    (Context::Grid, "up", "Up"),
    (Context::Grid, "h", "Left"),
    (Context::Grid, "left", "Left"),
    (Context::Grid, "l", "Right"),
    (Context::Grid, "right", "Right"),
    (Context::Grid, "ctrl-d", "PageDown"),
    (Context::Grid, "pagedown", "PageDown"),
    (Context::Grid, "ctrl-u", "PageUp"),
    (Context::Grid, "pageup", "PageUp"),
    (Context::Grid, "g", "Top"),
    (Context::Grid, "G", "Bottom"),
    (Context::Grid, ":", "GotoRow"),
    (Context::Grid, "s", "SortAsc"),
    (Context::Grid, "S", "SortDesc"),
    (Context::Grid, "f", "Filter"),
    (Context::Grid, "F", "ClearFilter"),
    (Context::Grid, "/", "Find"),
    (Context::Grid, "n", "FindNext"),
    (Context::Grid, "enter", "Record"),
    (Context::Grid, "i", "Stats"),
    (Context::Grid, "v", "Freq"),
    (Context::Grid, "#", "Histogram"),
    (Context::Grid, "t", "TimeSeries"),
    (Context::Grid, "b", "Bars"),
    (Context::Grid, "w", "SaveChart"),
    (Context::Grid, "e", "Export"),
    (Context::Grid, "y", "CopyCell"),
    (Context::Grid, "Y", "CopyRow"),
    (Context::Grid, "ctrl-y", "CopyVisible"),
    (Context::Grid, "tab", "FocusNext"),
    (Context::Grid, "q", "Quit"),
    (Context::Risk, "j", "Down"),
    (Context::Risk, "down", "Down"),
    (Context::Risk, "k", "Up"),
    (Context::Risk, "up", "Up"),
    (Context::Risk, "pagedown", "PageDown"),
    (Context::Risk, "pageup", "PageUp"),
    (Context::Risk, "enter", "Open"),
    (Context::Risk, "R", "RiskRun"),
    (Context::Risk, "q", "Back"),
    (Context::Case, "a", "Annotate"),
    (Context::Case, "i", "InspectBrief"),
    (Context::Case, "j", "Down"),
    (Context::Case, "k", "Up"),
    (Context::Case, "q", "Back"),
];

/// What a key does: an action, or a prompt for an action's argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Action(Action),
    Prompt(&'static str),
}

#[derive(Debug, Clone)]
pub struct Keymap {
    keys: BTreeMap<(Context, String), String>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            keys: DEFAULTS
                .iter()
                .map(|(c, k, a)| ((*c, k.to_string()), a.to_string()))
                .collect(),
        }
    }
}

/// The name crossterm's key event goes by in keymaps.
pub fn key_name(key: &KeyEvent) -> String {
    let base = match key.code {
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "backtab".into(),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::F(n) => format!("f{n}"),
        _ => "?".into(),
    };
    let mut name = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        name.push_str("ctrl-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        name.push_str("alt-");
    }
    name + &base
}

impl Keymap {
    /// The defaults with `[tui.keys.CONTEXT]` overrides applied; bad entries are reported, not
    /// ignored.
    pub fn with_overrides(config: Option<&toml::Value>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        let Some(contexts) = config
            .and_then(|c| c.get("tui"))
            .and_then(|t| t.get("keys"))
            .and_then(|k| k.as_table())
        else {
            return Ok(map);
        };
        for (context, keys) in contexts {
            let ctx = Context::parse(context).ok_or_else(|| format!("[tui.keys.{context}]: no such context (global, catalog, editor, grid, risk, case)"))?;
            let keys = keys.as_table().ok_or_else(|| {
                format!("[tui.keys.{context}] must be a table of \"key\" = \"Action\"")
            })?;
            for (key, action) in keys {
                let action = action.as_str().ok_or_else(|| {
                    format!("[tui.keys.{context}] {key}: the action must be a string")
                })?;
                if !super::action::ACTIONS.iter().any(|(n, _, _)| *n == action) {
                    Action::parse(action)
                        .map_err(|e| format!("[tui.keys.{context}] {key}: {e}"))?;
                }
                map.keys.insert((ctx, key.clone()), action.to_string());
            }
        }
        Ok(map)
    }

    /// The binding of `key` in `context`, falling back to the global keys.
    pub fn lookup(&self, context: Context, key: &KeyEvent) -> Option<Binding> {
        let name = key_name(key);
        let action = self
            .keys
            .get(&(context, name.clone()))
            .or_else(|| self.keys.get(&(Context::Global, name)))?;
        Some(binding(action))
    }

    /// (key, action, description) of a context and the global keys, for the help overlay.
    pub fn describe(&self, context: Context) -> Vec<(String, String, &'static str)> {
        let describe = |a: &str| {
            super::action::ACTIONS
                .iter()
                .find(|(n, _, _)| *n == a)
                .map(|(_, _, d)| *d)
                .unwrap_or("")
        };
        self.keys
            .iter()
            .filter(|((c, _), _)| *c == context || *c == Context::Global)
            .map(|((_, k), a)| (k.clone(), a.clone(), describe(a)))
            .collect()
    }
}

fn binding(action: &str) -> Binding {
    match super::action::ACTIONS.iter().find(|(n, _, _)| *n == action) {
        Some((name, true, _)) => Binding::Prompt(name),
        _ => Binding::Action(Action::parse(action).unwrap_or(Action::Help)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_resolve_per_context_then_globally() {
        let map = Keymap::default();
        assert_eq!(
            map.lookup(Context::Grid, &key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Binding::Action(Action::Bottom))
        );
        assert_eq!(
            map.lookup(Context::Grid, &key(KeyCode::Char('f'), KeyModifiers::NONE)),
            Some(Binding::Prompt("Filter"))
        );
        assert_eq!(
            map.lookup(
                Context::Editor,
                &key(KeyCode::Char('q'), KeyModifiers::CONTROL)
            ),
            Some(Binding::Action(Action::Quit))
        );
        assert_eq!(
            map.lookup(
                Context::Editor,
                &key(KeyCode::Char('j'), KeyModifiers::NONE)
            ),
            None,
            "typing is not a command"
        );
    }

    #[test]
    fn overrides_replace_defaults_and_bad_ones_are_reported() {
        let config: toml::Value =
            toml::from_str("[tui.keys.grid]\n\"x\" = \"SortDesc\"\n\"q\" = \"Help\"\n").unwrap();
        let map = Keymap::with_overrides(Some(&config)).unwrap();
        assert_eq!(
            map.lookup(Context::Grid, &key(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Binding::Action(Action::SortDesc))
        );
        assert_eq!(
            map.lookup(Context::Grid, &key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Binding::Action(Action::Help))
        );
        let bad: toml::Value = toml::from_str("[tui.keys.grid]\n\"x\" = \"Fly\"\n").unwrap();
        assert!(Keymap::with_overrides(Some(&bad))
            .unwrap_err()
            .contains("unknown action `Fly`"));
        let bad: toml::Value = toml::from_str("[tui.keys.sidebar]\n\"x\" = \"Quit\"\n").unwrap();
        assert!(Keymap::with_overrides(Some(&bad))
            .unwrap_err()
            .contains("no such context"));
    }
}
