//! The TUI's one vocabulary of actions: keys map to them, the command palette lists them, a
//! replay script is a list of them.
//!
//! An action has a stable name (`SortDesc`, `Filter`) and, for some, one free-text argument:
//! the rest of the script line (`Filter customs_value > 1000`). Keymaps in `clearway.toml` name
//! argument-less actions; the palette lists every action with its description.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    FocusNext,
    FocusPrev,
    FocusCatalog,
    FocusEditor,
    FocusGrid,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    GotoRow(u64),
    /// Enter: preview a table, open a case, drill into a frequency row.
    Open,
    Back,
    RunQuery,
    RunAll,
    /// Replaces the current buffer's text (scripts; the keyboard types instead).
    SetQuery(String),
    NewBuffer,
    NextBuffer,
    HistoryPrev,
    HistoryNext,
    HistorySearch(String),
    Complete,
    OpenInEditor,
    Cancel,
    SortAsc,
    SortDesc,
    Filter(String),
    ClearFilter,
    Find(String),
    FindNext,
    Record,
    Stats,
    Freq,
    Histogram,
    TimeSeries,
    Bars,
    SaveChart(String),
    Export(String),
    CopyCell,
    CopyRow,
    CopyVisible,
    RiskRun,
    RiskView,
    OpenCase(String),
    Annotate(String),
    /// Write the open case's inspection pack into a folder (`inspect brief`).
    InspectBrief(String),
    /// Take an officer's result file back (`inspect record`).
    InspectRecord(String),
    /// `tracks|flows PATH`: a 3D scene of the workspace (`clearway scene`), `.glb` or `.html`.
    Scene(String),
    Palette,
    Help,
    Refresh,
    /// The plugins pane: what is found, approved, and what each command takes.
    Plugins,
    /// `[--yes] NAME COMMAND [KEY=VALUE…]` on the current result.
    PluginRun(String),
    /// `[--into TABLE] NAME COMMAND [KEY=VALUE…]`, items shown live until Esc.
    PluginStream(String),
    /// Trust a plugin: its files pinned in plugins.lock.
    PluginApprove(String),
}

/// Name, whether it takes an argument, and what it does — in palette order.
pub const ACTIONS: &[(&str, bool, &str)] = &[
    ("RunQuery", false, "run the statement under the cursor"),
    (
        "RunAll",
        false,
        "run every statement of the buffer; show the last result",
    ),
    ("SetQuery", true, "replace the buffer's text"),
    ("NewBuffer", false, "open a new editor buffer"),
    ("NextBuffer", false, "switch to the next editor buffer"),
    ("HistoryPrev", false, "previous query from the history"),
    ("HistoryNext", false, "next query from the history"),
    (
        "HistorySearch",
        true,
        "the latest query in the history containing the text",
    ),
    (
        "Complete",
        false,
        "complete the word before the cursor (tables, columns, functions, rules)",
    ),
    ("OpenInEditor", false, "edit the buffer in $EDITOR"),
    (
        "Cancel",
        false,
        "cancel the running statement, or close a popup",
    ),
    (
        "SortAsc",
        false,
        "sort the whole result by the current column, ascending",
    ),
    (
        "SortDesc",
        false,
        "sort the whole result by the current column, descending",
    ),
    (
        "Filter",
        true,
        "keep rows matching a SQL condition (over the whole result)",
    ),
    (
        "ClearFilter",
        false,
        "back to the unfiltered, unsorted result",
    ),
    ("Find", true, "find text in the current column"),
    ("FindNext", false, "next match of the last find"),
    (
        "Record",
        false,
        "show the current row as a record (long values whole)",
    ),
    ("Stats", false, "SUMMARIZE the current column"),
    (
        "Freq",
        false,
        "frequency table of the current column; Enter drills down",
    ),
    ("Histogram", false, "chart: histogram of the current column"),
    (
        "TimeSeries",
        false,
        "chart: rows per period of the current (date) column",
    ),
    (
        "Bars",
        false,
        "chart: most frequent values of the current column",
    ),
    (
        "SaveChart",
        true,
        "save the chart shown as PNG or SVG (path)",
    ),
    (
        "Export",
        true,
        "export the current result (path: .csv, .parquet, .ndjson) with provenance",
    ),
    ("CopyCell", false, "copy the current cell (OSC 52)"),
    (
        "CopyRow",
        false,
        "copy the current row as tab-separated text (OSC 52)",
    ),
    ("RiskRun", false, "run the declaration rule pack"),
    ("RiskView", false, "top risks of the latest run"),
    ("OpenCase", true, "open a declaration's case"),
    ("Annotate", true, "flag the open case: REASON_CODE [note]"),
    (
        "InspectBrief",
        true,
        "write the open case's inspection pack into folder DIR",
    ),
    (
        "InspectRecord",
        true,
        "record an officer's result file (RESULT.json)",
    ),
    (
        "Scene",
        true,
        "write a 3D scene: tracks|flows PATH (.glb, or .html to view)",
    ),
    (
        "Open",
        false,
        "open what is selected (table, case, frequency row)",
    ),
    ("Back", false, "leave the case or risk view"),
    ("FocusNext", false, "focus the next pane"),
    ("FocusPrev", false, "focus the previous pane"),
    ("FocusCatalog", false, "focus the catalog"),
    ("FocusEditor", false, "focus the SQL editor"),
    ("FocusGrid", false, "focus the result grid"),
    ("Up", false, "move up"),
    ("Down", false, "move down"),
    ("Left", false, "move left"),
    ("Right", false, "move right"),
    ("PageUp", false, "one page up"),
    ("PageDown", false, "one page down"),
    ("Top", false, "first row"),
    ("Bottom", false, "last row"),
    ("GotoRow", true, "go to row N"),
    ("Refresh", false, "reload the catalog"),
    (
        "Plugins",
        false,
        "the plugins pane: status, commands; Enter runs or approves",
    ),
    (
        "PluginRun",
        true,
        "run a plugin command on the current result: [--yes] NAME COMMAND [k=v…]",
    ),
    (
        "PluginStream",
        true,
        "stream a plugin command live (Esc stops): [--into TABLE] NAME COMMAND [k=v…]",
    ),
    (
        "PluginApprove",
        true,
        "approve a plugin (pin its files in plugins.lock)",
    ),
    ("Palette", false, "the command palette"),
    ("Help", false, "keys of the focused pane"),
    ("Quit", false, "leave clearway"),
];

impl Action {
    pub fn name(&self) -> &'static str {
        use Action::*;
        match self {
            Quit => "Quit",
            FocusNext => "FocusNext",
            FocusPrev => "FocusPrev",
            FocusCatalog => "FocusCatalog",
            FocusEditor => "FocusEditor",
            FocusGrid => "FocusGrid",
            Up => "Up",
            Down => "Down",
            Left => "Left",
            Right => "Right",
            PageUp => "PageUp",
            PageDown => "PageDown",
            Top => "Top",
            Bottom => "Bottom",
            GotoRow(_) => "GotoRow",
            Open => "Open",
            Back => "Back",
            RunQuery => "RunQuery",
            RunAll => "RunAll",
            SetQuery(_) => "SetQuery",
            NewBuffer => "NewBuffer",
            NextBuffer => "NextBuffer",
            HistoryPrev => "HistoryPrev",
            HistoryNext => "HistoryNext",
            HistorySearch(_) => "HistorySearch",
            Complete => "Complete",
            OpenInEditor => "OpenInEditor",
            Cancel => "Cancel",
            SortAsc => "SortAsc",
            SortDesc => "SortDesc",
            Filter(_) => "Filter",
            ClearFilter => "ClearFilter",
            Find(_) => "Find",
            FindNext => "FindNext",
            Record => "Record",
            Stats => "Stats",
            Freq => "Freq",
            Histogram => "Histogram",
            TimeSeries => "TimeSeries",
            Bars => "Bars",
            SaveChart(_) => "SaveChart",
            Export(_) => "Export",
            CopyCell => "CopyCell",
            CopyRow => "CopyRow",
            CopyVisible => "CopyVisible",
            RiskRun => "RiskRun",
            RiskView => "RiskView",
            OpenCase(_) => "OpenCase",
            Annotate(_) => "Annotate",
            InspectBrief(_) => "InspectBrief",
            InspectRecord(_) => "InspectRecord",
            Scene(_) => "Scene",
            Palette => "Palette",
            Help => "Help",
            Refresh => "Refresh",
            Plugins => "Plugins",
            PluginRun(_) => "PluginRun",
            PluginStream(_) => "PluginStream",
            PluginApprove(_) => "PluginApprove",
        }
    }

    /// Parses `Name` or `Name argument…` (a script line, a keymap value, a palette entry).
    pub fn parse(line: &str) -> Result<Action, String> {
        let line = line.trim();
        let (name, arg) = match line.split_once(char::is_whitespace) {
            Some((n, a)) => (n, a.trim().to_string()),
            None => (line, String::new()),
        };
        let Some((_, takes_arg, _)) = ACTIONS.iter().find(|(n, _, _)| *n == name) else {
            let close: Vec<&str> = ACTIONS
                .iter()
                .map(|(n, _, _)| *n)
                .filter(|n| {
                    n.to_lowercase()
                        .starts_with(&name.to_lowercase().chars().take(3).collect::<String>())
                })
                .collect();
            return Err(format!(
                "unknown action `{name}`{}",
                if close.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", close.join(", "))
                }
            ));
        };
        if *takes_arg && arg.is_empty() {
            return Err(format!("{name} needs an argument"));
        }
        if !*takes_arg && !arg.is_empty() {
            return Err(format!("{name} takes no argument (got `{arg}`)"));
        }
        use Action::*;
        Ok(match name {
            "GotoRow" => GotoRow(
                arg.parse()
                    .map_err(|_| format!("GotoRow needs a row number, not `{arg}`"))?,
            ),
            "SetQuery" => SetQuery(arg),
            "Filter" => Filter(arg),
            "Find" => Find(arg),
            "HistorySearch" => HistorySearch(arg),
            "SaveChart" => SaveChart(arg),
            "Export" => Export(arg),
            "OpenCase" => OpenCase(arg),
            "Annotate" => Annotate(arg),
            "InspectBrief" => InspectBrief(arg),
            "InspectRecord" => InspectRecord(arg),
            "Scene" => Scene(arg),
            "PluginRun" => PluginRun(arg),
            "PluginStream" => PluginStream(arg),
            "PluginApprove" => PluginApprove(arg),
            other => simple(other).expect("every argument-less name in ACTIONS is in simple()"),
        })
    }
}

fn simple(name: &str) -> Option<Action> {
    use Action::*;
    Some(match name {
        "Quit" => Quit,
        "FocusNext" => FocusNext,
        "FocusPrev" => FocusPrev,
        "FocusCatalog" => FocusCatalog,
        "FocusEditor" => FocusEditor,
        "FocusGrid" => FocusGrid,
        "Up" => Up,
        "Down" => Down,
        "Left" => Left,
        "Right" => Right,
        "PageUp" => PageUp,
        "PageDown" => PageDown,
        "Top" => Top,
        "Bottom" => Bottom,
        "Open" => Open,
        "Back" => Back,
        "RunQuery" => RunQuery,
        "RunAll" => RunAll,
        "NewBuffer" => NewBuffer,
        "NextBuffer" => NextBuffer,
        "HistoryPrev" => HistoryPrev,
        "HistoryNext" => HistoryNext,
        "Complete" => Complete,
        "OpenInEditor" => OpenInEditor,
        "Cancel" => Cancel,
        "SortAsc" => SortAsc,
        "SortDesc" => SortDesc,
        "ClearFilter" => ClearFilter,
        "FindNext" => FindNext,
        "Record" => Record,
        "Stats" => Stats,
        "Freq" => Freq,
        "Histogram" => Histogram,
        "TimeSeries" => TimeSeries,
        "Bars" => Bars,
        "CopyCell" => CopyCell,
        "CopyRow" => CopyRow,
        "CopyVisible" => CopyVisible,
        "RiskRun" => RiskRun,
        "RiskView" => RiskView,
        "Palette" => Palette,
        "Help" => Help,
        "Refresh" => Refresh,
        "Plugins" => Plugins,
        _ => return None,
    })
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Action::*;
        match self {
            GotoRow(n) => write!(f, "GotoRow {n}"),
            SetQuery(a) | Filter(a) | Find(a) | HistorySearch(a) | SaveChart(a) | Export(a)
            | OpenCase(a) | Annotate(a) | InspectBrief(a) | InspectRecord(a) | Scene(a)
            | PluginRun(a) | PluginStream(a) | PluginApprove(a) => {
                write!(f, "{} {a}", self.name())
            }
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_name() {
        for (name, takes_arg, _) in ACTIONS {
            let line = if *takes_arg {
                format!("{name} 7")
            } else {
                name.to_string()
            };
            let action = Action::parse(&line).unwrap();
            assert_eq!(action.name(), *name);
            assert_eq!(action.to_string(), line);
        }
    }

    #[test]
    fn bad_lines_say_why() {
        assert_eq!(
            Action::parse("Filter").unwrap_err(),
            "Filter needs an argument"
        );
        assert_eq!(
            Action::parse("Quit now").unwrap_err(),
            "Quit takes no argument (got `now`)"
        );
        assert!(Action::parse("Sortdesc")
            .unwrap_err()
            .contains("did you mean SortAsc, SortDesc?"));
        assert!(Action::parse("GotoRow x").is_err());
    }
}
