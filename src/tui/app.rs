//! The TUI's state and its transitions: `step(action)` and `on_event(event)` change the state
//! and return the DuckDB jobs to run — no I/O here, so every transition is testable without a
//! terminal or a database.

use super::action::Action;
use super::worker::{Case, Catalog, Columns, Event, Job};
use crate::viz::{Chart, Kind, PlotSpec, Source};
use ratatui_textarea::TextArea;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Rows fetched per page of a result.
pub const PAGE: u64 = 200;
/// Pages kept around the visible window; the rest are dropped (memory stays flat).
const KEEP_PAGES: u64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Catalog,
    Editor,
    Grid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Main,
    Risk,
    Case,
}

/// A line of the catalog that Enter can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Table(usize),
    Rule(usize),
    /// A load's report (every field of its `loads` row).
    LoadReport(i64),
    /// The rows a load rejected, with line, stage and reason.
    LoadRejects(i64),
}

/// The catalog's selectable lines, in display order: tables, the pack's rules, then each load's
/// report and rejects.
pub fn catalog_entries(catalog: &Catalog) -> Vec<Entry> {
    (0..catalog.tables.len())
        .map(Entry::Table)
        .chain((0..catalog.rules.len()).map(Entry::Rule))
        .chain(
            catalog
                .loads
                .iter()
                .flat_map(|l| [Entry::LoadReport(l.0), Entry::LoadRejects(l.0)]),
        )
        .collect()
}

/// A small table shown over the grid: statistics or a frequency table.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub title: String,
    pub columns: Columns,
    pub rows: Vec<Vec<String>>,
    pub selected: usize,
    /// The column a frequency table counts (Enter filters the result to the selected value).
    pub freq_of: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Popup {
    Help,
    Palette {
        filter: String,
        selected: usize,
    },
    Prompt {
        action: &'static str,
        text: String,
    },
    Record,
    Table(Overlay),
    Chart(Box<Chart>, Box<PlotSpec>),
    /// The plugins pane.
    Plugins {
        selected: usize,
    },
    /// A yes/no question; yes runs `then`.
    Confirm {
        question: String,
        then: Box<Action>,
    },
    /// A plugin stream's items, live.
    Stream,
}

/// A plugin stream as the TUI shows it: the latest items and how it ended.
#[derive(Debug, Clone, Default)]
pub struct StreamView {
    pub title: String,
    pub items: std::collections::VecDeque<String>,
    pub count: u64,
    pub done: Option<String>,
}

/// Items a stream view keeps (the table keeps them all).
const STREAM_SHOWN: usize = 200;

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

/// One result: where its rows live, what is known of its size, and the cached pages.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub id: u64,
    /// The relation pages are read from (a temp table or a quoted table name).
    pub source: String,
    /// The result before sort and filter.
    pub base: String,
    pub columns: Columns,
    /// Exact row count once counted.
    pub rows: Option<u64>,
    /// Rows known to exist so far (the status line says "≥ N" until counted).
    pub seen: u64,
    pub row: u64,
    pub col: usize,
    pub top: u64,
    pub left: usize,
    pub pages: BTreeMap<u64, Vec<Vec<String>>>,
    pub pending: BTreeSet<u64>,
    pub widths: Vec<u16>,
    pub sort: Option<(String, bool)>,
    pub filter: Option<String>,
    pub find: Option<String>,
    pub seconds: f64,
    pub height: u64,
}

impl Grid {
    pub fn cell(&self, row: u64, col: usize) -> Option<&str> {
        let page = row / PAGE * PAGE;
        self.pages
            .get(&page)?
            .get((row - page) as usize)?
            .get(col)
            .map(String::as_str)
    }

    pub fn row_values(&self, row: u64) -> Option<&Vec<String>> {
        let page = row / PAGE * PAGE;
        self.pages.get(&page)?.get((row - page) as usize)
    }

    fn last_row(&self) -> Option<u64> {
        self.rows.map(|n| n.saturating_sub(1))
    }

    pub fn column_name(&self) -> Option<&str> {
        self.columns.get(self.col).map(|c| c.0.as_str())
    }

    fn column_type(&self) -> &str {
        self.columns
            .get(self.col)
            .map(|c| c.1.as_str())
            .unwrap_or("")
    }

    /// Widths from the header and the values of the first page, capped so one long text
    /// column cannot push the others off screen.
    fn measure(&mut self) {
        let sample = self.pages.get(&0);
        self.widths = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                let longest = sample
                    .map(|rows| {
                        rows.iter()
                            .map(|r| r.get(i).map(|v| v.chars().count()).unwrap_or(0))
                            .max()
                            .unwrap_or(0)
                    })
                    .unwrap_or(0);
                // room for the sort marker
                longest.max(name.chars().count() + 2).clamp(3, 40) as u16
            })
            .collect();
    }

    /// Keeps the cursor inside the result and the window around the cursor; returns the page
    /// fetches the new window needs.
    fn settle(&mut self) -> Vec<Job> {
        if let Some(last) = self.last_row() {
            self.row = self.row.min(last);
        }
        let height = self.height.max(1);
        if self.row < self.top {
            self.top = self.row;
        } else if self.row >= self.top + height {
            self.top = self.row + 1 - height;
        }
        let first = self.top / PAGE * PAGE;
        let last = (self.top + height) / PAGE * PAGE;
        self.pages
            .retain(|p, _| *p + KEEP_PAGES * PAGE >= first && *p <= last + KEEP_PAGES * PAGE);
        let mut jobs = Vec::new();
        let mut page = first;
        while page <= last {
            let beyond = self.rows.is_some_and(|n| page >= n && page > 0);
            if !beyond && !self.pages.contains_key(&page) && self.pending.insert(page) {
                jobs.push(Job::Page {
                    id: self.id,
                    source: self.source.clone(),
                    offset: page,
                    limit: PAGE,
                });
            }
            page += PAGE;
        }
        jobs
    }
}

pub struct App {
    pub focus: Focus,
    pub screen: Screen,
    pub popup: Option<Popup>,
    pub catalog: Catalog,
    pub catalog_selected: usize,
    pub buffers: Vec<TextArea<'static>>,
    pub buffer: usize,
    pub history: Vec<String>,
    pub history_pos: Option<usize>,
    pub grid: Grid,
    pub next_id: u64,
    pub running: Option<(String, Instant)>,
    pub status: String,
    pub error: Option<String>,
    pub risks: Overlay,
    pub case: Option<Case>,
    pub case_scroll: u16,
    pub quit: bool,
    /// Text to put on the clipboard (the terminal front end sends it as OSC 52).
    pub clipboard: Option<String>,
    /// Set when the buffer should be edited in $EDITOR (the terminal front end does it).
    pub wants_editor: bool,
    pub completions: Vec<String>,
    pub stream: Option<StreamView>,
}

pub fn new_buffer(text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(text.lines().map(String::from).collect());
    t.set_tab_length(4);
    super::ui::style_editor(&mut t);
    t
}

impl App {
    pub fn new(history: Vec<String>) -> Self {
        App {
            focus: Focus::Editor,
            screen: Screen::Main,
            popup: None,
            catalog: Catalog::default(),
            catalog_selected: 0,
            buffers: vec![new_buffer("SELECT * FROM declarations LIMIT 1000")],
            buffer: 0,
            history,
            history_pos: None,
            grid: Grid::default(),
            next_id: 1,
            running: None,
            status: "F1 help · Ctrl-P commands · F5 run · F3 risks".into(),
            error: None,
            risks: Overlay {
                title: "top risks".into(),
                columns: vec![],
                rows: vec![],
                selected: 0,
                freq_of: None,
            },
            case: None,
            case_scroll: 0,
            quit: false,
            clipboard: None,
            wants_editor: false,
            completions: vec![],
            stream: None,
        }
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Page fetches the current window needs (after a frame has set the grid's height).
    pub fn grid_settle(&mut self) -> Vec<Job> {
        if self.grid.columns.is_empty() {
            vec![]
        } else {
            self.grid.settle()
        }
    }

    pub fn editor(&mut self) -> &mut TextArea<'static> {
        &mut self.buffers[self.buffer]
    }

    pub fn editor_text(&self) -> String {
        self.buffers[self.buffer].lines().join("\n")
    }

    /// The statement under the cursor: the `;`-separated piece of the buffer holding it.
    pub fn statement_at_cursor(&self) -> String {
        let editor = &self.buffers[self.buffer];
        let ratatui_textarea::DataCursor(row, col) = editor.cursor();
        let lines = editor.lines();
        let offset: usize = lines.iter().take(row).map(|l| l.len() + 1).sum::<usize>()
            + lines
                .get(row)
                .map(|l| l.char_indices().nth(col).map(|(i, _)| i).unwrap_or(l.len()))
                .unwrap_or(0);
        let text = lines.join("\n");
        let mut start = 0;
        for piece in text.split(';') {
            let end = start + piece.len();
            if offset <= end && !piece.trim().is_empty() {
                return piece.trim().to_string();
            }
            start = end + 1;
        }
        text.split(';')
            .rev()
            .find(|p| !p.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    }

    fn run_sql(&mut self, sql: String) -> Vec<Job> {
        if sql.trim().is_empty() {
            self.error = Some("nothing to run: the buffer is empty".into());
            return vec![];
        }
        if self.history.last() != Some(&sql) {
            self.history.push(sql.clone());
        }
        self.history_pos = None;
        let id = self.new_result();
        self.error = None;
        vec![Job::Query { id, sql }]
    }

    /// A request for a new result: it will not inherit the current sort, filter or find.
    fn new_result(&mut self) -> u64 {
        let id = self.fresh_id();
        self.grid.id = id;
        self.grid.sort = None;
        self.grid.filter = None;
        self.grid.find = None;
        id
    }

    fn derive(&mut self) -> Vec<Job> {
        let id = self.fresh_id();
        self.grid.id = id;
        vec![Job::Derive {
            id,
            base: self.grid.base.clone(),
            filter: self.grid.filter.clone(),
            sort: self.grid.sort.clone(),
        }]
    }

    /// A chart of the current column, drawn from the whole result.
    fn chart(&mut self, kind: Kind) -> Vec<Job> {
        let Some(column) = self.grid.column_name().map(String::from) else {
            self.error = Some("no result to chart".into());
            return vec![];
        };
        let mut spec = PlotSpec::new(
            kind,
            Source {
                sql: format!("SELECT * FROM {}", self.grid.source),
                label: "the result".into(),
            },
        )
        .x(&column);
        spec.top = 15;
        spec.auto_log = true;
        let id = self.fresh_id();
        self.popup = Some(Popup::Chart(
            Box::new(placeholder_chart(kind)),
            Box::new(spec.clone()),
        ));
        vec![Job::Chart {
            id,
            spec: Box::new(spec),
        }]
    }

    pub fn step(&mut self, action: Action) -> Vec<Job> {
        use Action::*;
        self.clipboard = None;
        if let Some(jobs) = self.step_popup(&action) {
            return jobs;
        }
        match action {
            Quit => {
                self.quit = true;
                vec![]
            }
            FocusNext | FocusPrev => {
                let order = [Focus::Catalog, Focus::Editor, Focus::Grid];
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                self.focus = order[if action == FocusNext {
                    (i + 1) % 3
                } else {
                    (i + 2) % 3
                }];
                vec![]
            }
            FocusCatalog => self.focus_on(Focus::Catalog),
            FocusEditor => self.focus_on(Focus::Editor),
            FocusGrid => self.focus_on(Focus::Grid),
            Up | Down | PageUp | PageDown | Top | Bottom | Left | Right | GotoRow(_) => {
                self.move_cursor(&action)
            }
            Open => self.open(),
            Back => {
                self.screen = match self.screen {
                    Screen::Case => Screen::Risk,
                    _ => Screen::Main,
                };
                vec![]
            }
            RunQuery => {
                let sql = self.statement_at_cursor();
                self.run_sql(sql)
            }
            RunAll => {
                let text = self.editor_text();
                let statements: Vec<String> = text
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                match statements.last() {
                    Some(last) => self.run_sql(last.clone()),
                    None => self.run_sql(String::new()),
                }
            }
            SetQuery(text) => {
                self.buffers[self.buffer] = new_buffer(&text);
                self.buffers[self.buffer].move_cursor(ratatui_textarea::CursorMove::Bottom);
                vec![]
            }
            NewBuffer => {
                self.buffers.push(new_buffer(""));
                self.buffer = self.buffers.len() - 1;
                self.focus = Focus::Editor;
                vec![]
            }
            NextBuffer => {
                self.buffer = (self.buffer + 1) % self.buffers.len();
                vec![]
            }
            HistorySearch(text) => {
                let needle = text.to_lowercase();
                match self
                    .history
                    .iter()
                    .rposition(|q| q.to_lowercase().contains(&needle))
                {
                    Some(i) => {
                        self.history_pos = Some(i);
                        let query = self.history[i].clone();
                        self.buffers[self.buffer] = new_buffer(&query);
                        self.status = format!("history {} of {}", i + 1, self.history.len());
                    }
                    None => self.status = format!("no query in the history contains \"{text}\""),
                }
                vec![]
            }
            HistoryPrev | HistoryNext => {
                if self.history.is_empty() {
                    return vec![];
                }
                let last = self.history.len() - 1;
                let pos = match (self.history_pos, &action) {
                    (None, HistoryPrev) => last,
                    (Some(p), HistoryPrev) => p.saturating_sub(1),
                    (None, _) => return vec![],
                    (Some(p), _) => (p + 1).min(last),
                };
                self.history_pos = Some(pos);
                let text = self.history[pos].clone();
                self.buffers[self.buffer] = new_buffer(&text);
                vec![]
            }
            Complete => {
                self.complete();
                vec![]
            }
            OpenInEditor => {
                self.wants_editor = true;
                vec![]
            }
            Cancel => {
                // the front end interrupts DuckDB; here the view forgets the request
                if let Some((what, _)) = self.running.take() {
                    self.status = format!("{what} cancelled");
                    self.grid.id = self.fresh_id();
                }
                vec![]
            }
            SortAsc | SortDesc => match self.grid.column_name().map(String::from) {
                Some(col) => {
                    self.grid.sort = Some((col, action == SortDesc));
                    self.derive()
                }
                None => vec![],
            },
            Filter(condition) => {
                if self.grid.columns.is_empty() {
                    return vec![];
                }
                self.grid.filter = Some(condition);
                self.derive()
            }
            ClearFilter => {
                self.grid.filter = None;
                self.grid.sort = None;
                self.grid.source = self.grid.base.clone();
                let id = self.fresh_id();
                self.grid.id = id;
                self.reset_pages();
                let mut jobs = vec![Job::Count {
                    id,
                    source: self.grid.source.clone(),
                }];
                jobs.extend(self.grid.settle());
                jobs
            }
            Find(text) => {
                self.grid.find = Some(text);
                self.find_next()
            }
            FindNext => self.find_next(),
            Record => {
                if self.grid.row_values(self.grid.row).is_some() {
                    self.popup = Some(Popup::Record);
                }
                vec![]
            }
            Stats | Freq => match self.grid.column_name().map(String::from) {
                Some(column) => {
                    let id = self.fresh_id();
                    let source = self.grid.source.clone();
                    if action == Stats {
                        vec![Job::Stats { id, source, column }]
                    } else {
                        vec![Job::Freq { id, source, column }]
                    }
                }
                None => vec![],
            },
            Histogram => {
                let numeric = super::ui::is_numeric_type(self.grid.column_type());
                self.chart(if numeric { Kind::Histogram } else { Kind::Bar })
            }
            TimeSeries => self.chart(Kind::Timeseries),
            Bars => self.chart(Kind::Bar),
            SaveChart(path) => match &self.popup {
                Some(Popup::Chart(_, spec)) => vec![Job::SaveChart {
                    spec: spec.clone(),
                    path: path.into(),
                }],
                _ => {
                    self.error = Some("no chart to save: draw one first (#, t, b)".into());
                    vec![]
                }
            },
            Export(path) => {
                if self.grid.columns.is_empty() {
                    self.error = Some("no result to export".into());
                    return vec![];
                }
                match crate::export::format_from_extension(std::path::Path::new(&path)) {
                    Ok(format) => vec![Job::Export {
                        source: self.grid.source.clone(),
                        format,
                        path: path.into(),
                    }],
                    Err(e) => {
                        self.error = Some(e.to_string());
                        vec![]
                    }
                }
            }
            CopyCell => {
                self.clipboard = self
                    .grid
                    .cell(self.grid.row, self.grid.col)
                    .map(String::from);
                vec![]
            }
            CopyRow => {
                self.clipboard = self.grid.row_values(self.grid.row).map(|r| r.join("\t"));
                vec![]
            }
            CopyVisible => {
                let g = &self.grid;
                let header = g
                    .columns
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>()
                    .join("\t");
                let rows: Vec<String> = (g.top..g.top + g.height)
                    .filter_map(|r| g.row_values(r))
                    .map(|r| r.join("\t"))
                    .collect();
                self.clipboard = (!rows.is_empty()).then(|| {
                    std::iter::once(header)
                        .chain(rows)
                        .collect::<Vec<_>>()
                        .join("\n")
                });
                vec![]
            }
            RiskRun => vec![Job::RiskRun],
            RiskView => {
                self.screen = Screen::Risk;
                vec![Job::TopRisks]
            }
            OpenCase(id) => vec![Job::Case { declaration_id: id }],
            Annotate(text) => match &self.case {
                Some(case) => {
                    let (code, note) = text.split_once(char::is_whitespace).unwrap_or((&text, ""));
                    vec![Job::Annotate {
                        declaration_id: case.declaration_id.clone(),
                        reason_code: code.to_string(),
                        note: note.trim().to_string(),
                    }]
                }
                None => {
                    self.error = Some("open a case first (F3, Enter)".into());
                    vec![]
                }
            },
            Plugins => {
                self.popup = Some(Popup::Plugins { selected: 0 });
                vec![Job::Catalog]
            }
            PluginRun(text) => self.plugin_run(&text),
            PluginStream(text) => self.plugin_stream(&text),
            PluginApprove(name) => {
                self.status = format!("approving {name}…");
                vec![Job::PluginApprove { plugin: name }]
            }
            Palette => {
                self.popup = Some(Popup::Palette {
                    filter: String::new(),
                    selected: 0,
                });
                vec![]
            }
            Help => {
                self.popup = Some(Popup::Help);
                vec![]
            }
            Refresh => vec![Job::Catalog],
        }
    }

    /// Actions while a popup is open: most close it, some act on it.
    fn step_popup(&mut self, action: &Action) -> Option<Vec<Job>> {
        let popup = self.popup.as_mut()?;
        match (popup, action) {
            (_, Action::Cancel) | (_, Action::Back) => {
                self.popup = None;
                Some(vec![])
            }
            (Popup::Table(t), Action::Down) => {
                t.selected = (t.selected + 1).min(t.rows.len().saturating_sub(1));
                Some(vec![])
            }
            (Popup::Table(t), Action::Up) => {
                t.selected = t.selected.saturating_sub(1);
                Some(vec![])
            }
            (Popup::Table(t), Action::Open) => {
                // drill down: the rows of the result with the selected value
                let (Some(column), Some(row)) = (t.freq_of.clone(), t.rows.get(t.selected)) else {
                    self.popup = None;
                    return Some(vec![]);
                };
                let value = row[0].clone();
                let condition = if value == "NULL" {
                    format!("{} IS NULL", crate::ingest::ident(&column))
                } else {
                    format!(
                        "CAST({} AS VARCHAR) = {}",
                        crate::ingest::ident(&column),
                        crate::ingest::literal(&value)
                    )
                };
                self.popup = None;
                self.grid.filter = Some(condition);
                Some(self.derive())
            }
            (Popup::Palette { selected, .. }, Action::Down) => {
                *selected += 1;
                Some(vec![])
            }
            (Popup::Palette { selected, .. }, Action::Up) => {
                *selected = selected.saturating_sub(1);
                Some(vec![])
            }
            (Popup::Plugins { selected }, Action::Down) => {
                *selected = (*selected + 1).min(self.catalog.plugins.len().saturating_sub(1));
                Some(vec![])
            }
            (Popup::Plugins { selected }, Action::Up) => {
                *selected = selected.saturating_sub(1);
                Some(vec![])
            }
            (Popup::Plugins { selected }, Action::Open) => {
                let Some(p) = self.catalog.plugins.get(*selected) else {
                    return Some(vec![]);
                };
                self.popup = Some(if p.status == "approved" {
                    Popup::Prompt {
                        action: "PluginRun",
                        text: format!("{} ", p.name),
                    }
                } else {
                    Popup::Confirm {
                        question: format!(
                            "Plugin {} is {}. Approve it? Its manifest and entrypoint are pinned by sha256; it runs with your rights. (y/n)",
                            p.name, p.status
                        ),
                        then: Box::new(Action::PluginApprove(p.name.clone())),
                    }
                });
                Some(vec![])
            }
            (Popup::Confirm { then, .. }, Action::Open) => {
                let then = (**then).clone();
                self.popup = None;
                Some(self.step(then))
            }
            (Popup::Chart(..), Action::SaveChart(_)) => None,
            (Popup::Help | Popup::Record | Popup::Chart(..), a) if !matches!(a, Action::Quit) => {
                self.popup = None;
                None
            }
            _ => None,
        }
    }

    /// A plugin command line parsed, with the command's spec; errors go to the status line.
    fn plugin_line(
        &mut self,
        text: &str,
    ) -> Option<(PluginLine, crate::plugin::manifest::CommandSpec)> {
        match PluginLine::parse(text) {
            Ok(line) => {
                let spec = self.plugin_command(&line)?;
                Some((line, spec))
            }
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// The plugin and command a line names, from the catalog (so the pane, the keys and a
    /// replay agree on what exists).
    fn plugin_command(
        &mut self,
        line: &PluginLine,
    ) -> Option<crate::plugin::manifest::CommandSpec> {
        let Some(p) = self.catalog.plugins.iter().find(|p| p.name == line.plugin) else {
            self.error = Some(format!(
                "no plugin named `{}` (F6 lists the plugins found)",
                line.plugin
            ));
            return None;
        };
        let spec = p.commands.iter().find(|c| c.name == line.command).cloned();
        if spec.is_none() {
            self.error = Some(format!(
                "plugin `{}` has no command `{}`; it has {}",
                p.name,
                line.command,
                p.commands
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        spec
    }

    /// Runs a plugin command: on the current result when it takes a table; side effects ask
    /// first.
    fn plugin_run(&mut self, text: &str) -> Vec<Job> {
        use crate::plugin::manifest::Kind;
        let Some((line, spec)) = self.plugin_line(text) else {
            return vec![];
        };
        if spec.output == Kind::Stream {
            self.error = Some(format!("`{}` streams: use PluginStream", spec.name));
            return vec![];
        }
        if spec.side_effects && !line.yes {
            self.popup = Some(Popup::Confirm {
                question: format!(
                    "`{} {}` has side effects: it changes something outside clearway. Run it? (y/n)",
                    line.plugin, line.command
                ),
                then: Box::new(Action::PluginRun(format!("--yes {text}"))),
            });
            return vec![];
        }
        let input = if spec.input == Kind::Table {
            if self.grid.source.is_empty() {
                self.error = Some(format!(
                    "`{}` takes a table: run a query first, the current result is its input",
                    spec.name
                ));
                return vec![];
            }
            Some(self.grid.source.clone())
        } else {
            None
        };
        let id = if spec.output == Kind::Table {
            self.new_result()
        } else {
            self.fresh_id()
        };
        self.error = None;
        vec![Job::PluginCall {
            id,
            plugin: line.plugin,
            command: line.command,
            args: line.args,
            input,
        }]
    }

    /// Starts a plugin stream and opens its live view.
    fn plugin_stream(&mut self, text: &str) -> Vec<Job> {
        let Some((line, spec)) = self.plugin_line(text) else {
            return vec![];
        };
        if spec.output != crate::plugin::manifest::Kind::Stream {
            self.error = Some(format!("`{}` does not stream: use PluginRun", spec.name));
            return vec![];
        }
        let into = line.into.clone().unwrap_or_else(|| "plugin_items".into());
        self.stream = Some(StreamView {
            title: format!("{} {} → {into}", line.plugin, line.command),
            ..StreamView::default()
        });
        self.popup = Some(Popup::Stream);
        self.running = Some((format!("{} {}", line.plugin, line.command), Instant::now()));
        self.error = None;
        let max_items = line
            .args
            .get("max_items")
            .and_then(|v| v.as_u64())
            .unwrap_or(100_000);
        let mut args = line.args;
        args.remove("max_items");
        vec![Job::PluginStream {
            plugin: line.plugin,
            command: line.command,
            args,
            into,
            max_items,
        }]
    }

    fn focus_on(&mut self, focus: Focus) -> Vec<Job> {
        self.focus = focus;
        self.screen = Screen::Main;
        vec![]
    }

    fn reset_pages(&mut self) {
        self.grid.pages.clear();
        self.grid.pending.clear();
        self.grid.row = 0;
        self.grid.top = 0;
    }

    fn move_cursor(&mut self, action: &Action) -> Vec<Job> {
        use Action::*;
        match (self.screen, self.focus) {
            (Screen::Risk, _) => {
                let n = self.risks.rows.len();
                let s = &mut self.risks.selected;
                *s = match action {
                    Up => s.saturating_sub(1),
                    Down => (*s + 1).min(n.saturating_sub(1)),
                    PageUp => s.saturating_sub(20),
                    PageDown => (*s + 20).min(n.saturating_sub(1)),
                    Top => 0,
                    Bottom => n.saturating_sub(1),
                    _ => *s,
                };
                vec![]
            }
            (Screen::Case, _) => {
                self.case_scroll = match action {
                    Up => self.case_scroll.saturating_sub(1),
                    Down => self.case_scroll + 1,
                    Top => 0,
                    _ => self.case_scroll,
                };
                vec![]
            }
            (_, Focus::Catalog) => {
                let n = catalog_entries(&self.catalog).len();
                self.catalog_selected = match action {
                    Up => self.catalog_selected.saturating_sub(1),
                    Down => (self.catalog_selected + 1).min(n.saturating_sub(1)),
                    Top => 0,
                    Bottom => n.saturating_sub(1),
                    _ => self.catalog_selected,
                };
                vec![]
            }
            (_, Focus::Editor) => vec![],
            (_, Focus::Grid) => {
                let g = &mut self.grid;
                if g.columns.is_empty() {
                    return vec![];
                }
                let page = g.height.max(1);
                match action {
                    Up => g.row = g.row.saturating_sub(1),
                    Down => g.row += u64::from(g.rows.is_none_or(|n| g.row + 1 < n)),
                    PageUp => g.row = g.row.saturating_sub(page),
                    PageDown => g.row += page,
                    Top => g.row = 0,
                    Bottom => {
                        g.row = g
                            .rows
                            .map(|n| n.saturating_sub(1))
                            .unwrap_or(g.seen.saturating_sub(1))
                    }
                    GotoRow(n) => g.row = n.saturating_sub(1),
                    Left => g.col = g.col.saturating_sub(1),
                    Right => g.col = (g.col + 1).min(g.columns.len().saturating_sub(1)),
                    _ => {}
                }
                if g.col < g.left {
                    g.left = g.col;
                }
                g.settle()
            }
        }
    }

    fn open(&mut self) -> Vec<Job> {
        match (self.screen, self.focus) {
            (Screen::Risk, _) => match self.risks.rows.get(self.risks.selected) {
                Some(row) => vec![Job::Case {
                    declaration_id: row[0].clone(),
                }],
                None => vec![],
            },
            (Screen::Main, Focus::Catalog) => {
                match catalog_entries(&self.catalog)
                    .get(self.catalog_selected)
                    .cloned()
                {
                    Some(Entry::Table(i)) => {
                        let table = self.catalog.tables[i].name.clone();
                        let id = self.new_result();
                        self.focus = Focus::Grid;
                        vec![Job::Preview { id, table }]
                    }
                    Some(Entry::Rule(i)) => {
                        // a rule's SQL opens in a new buffer, to read or adapt
                        let text = self.catalog.rules[i].text.clone();
                        self.buffers.push(new_buffer(&text));
                        self.buffer = self.buffers.len() - 1;
                        self.focus = Focus::Editor;
                        vec![]
                    }
                    Some(Entry::LoadReport(load)) => {
                        self.focus = Focus::Grid;
                        self.run_sql(format!(
                            "UNPIVOT (SELECT COLUMNS(*)::VARCHAR FROM loads WHERE load_id = {load}) ON COLUMNS(*) INTO NAME field VALUE value"
                        ))
                    }
                    Some(Entry::LoadRejects(load)) => {
                        self.focus = Focus::Grid;
                        self.run_sql(format!(
                            "SELECT line, source_row, stage, reason, raw FROM rejects WHERE load_id = {load} ORDER BY line"
                        ))
                    }
                    None => vec![],
                }
            }
            (Screen::Main, Focus::Grid) => self.step(Action::Record),
            _ => vec![],
        }
    }

    fn find_next(&mut self) -> Vec<Job> {
        let Some(needle) = self.grid.find.clone().map(|f| f.to_lowercase()) else {
            return vec![];
        };
        let col = self.grid.col;
        // search the cached pages after the cursor; the status line says when the search
        // reached the end of what is loaded
        let start = self.grid.row + 1;
        let hit = self
            .grid
            .pages
            .iter()
            .flat_map(|(offset, rows)| {
                rows.iter()
                    .enumerate()
                    .map(move |(i, r)| (offset + i as u64, r))
            })
            .find(|(n, r)| {
                *n >= start
                    && r.get(col)
                        .is_some_and(|v| v.to_lowercase().contains(&needle))
            });
        match hit {
            Some((n, _)) => {
                self.grid.row = n;
                self.status = format!("found \"{needle}\" at row {}", n + 1);
                self.grid.settle()
            }
            None => {
                let loaded = self
                    .grid
                    .pages
                    .keys()
                    .next_back()
                    .map(|p| p + PAGE)
                    .unwrap_or(0);
                self.status = format!("\"{needle}\" not found in rows {}–{loaded} (loaded); PageDown loads more, or Filter searches everything", start + 1);
                vec![]
            }
        }
    }

    fn complete(&mut self) {
        let editor = &self.buffers[self.buffer];
        let ratatui_textarea::DataCursor(row, col) = editor.cursor();
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
            self.editor().insert_tab();
            return;
        }
        let lower = word.to_lowercase();
        let mut candidates: Vec<String> = self
            .catalog
            .tables
            .iter()
            .flat_map(|t| {
                std::iter::once(t.name.clone()).chain(t.columns.iter().map(|c| c.0.clone()))
            })
            .chain(self.catalog.rules.iter().map(|r| r.id.clone()))
            .chain(self.catalog.functions.iter().cloned())
            .filter(|c| c.to_lowercase().starts_with(&lower) && c.len() > word.len())
            .collect();
        candidates.sort();
        candidates.dedup();
        let Some(first) = candidates.first() else {
            self.status = format!("no completion for {word}");
            return;
        };
        let common = candidates.iter().fold(first.clone(), |acc, c| {
            acc.chars()
                .zip(c.chars())
                .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                .map(|(a, _)| a)
                .collect()
        });
        let rest: String = common.chars().skip(word.chars().count()).collect();
        self.buffers[self.buffer].insert_str(rest);
        self.status = if candidates.len() == 1 {
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
    }

    /// A worker's answer; returns follow-up jobs (first page, count).
    pub fn on_event(&mut self, event: Event) -> Vec<Job> {
        match event {
            Event::Started { what } => {
                self.running = Some((what, Instant::now()));
                vec![]
            }
            Event::Result {
                id,
                source,
                columns,
                seconds,
            } if id == self.grid.id => {
                self.running = None;
                let derived = self.grid.sort.is_some() || self.grid.filter.is_some();
                let keep = derived.then(|| {
                    (
                        self.grid.base.clone(),
                        self.grid.sort.clone(),
                        self.grid.filter.clone(),
                        self.grid.col,
                    )
                });
                self.grid = Grid {
                    id,
                    source: source.clone(),
                    base: source.clone(),
                    columns,
                    seconds,
                    height: self.grid.height,
                    ..Grid::default()
                };
                if let Some((base, sort, filter, col)) = keep {
                    self.grid.base = base;
                    self.grid.sort = sort;
                    self.grid.filter = filter;
                    self.grid.col = col.min(self.grid.columns.len().saturating_sub(1));
                }
                self.focus = if self.focus == Focus::Catalog {
                    Focus::Grid
                } else {
                    self.focus
                };
                self.status = format!("{} columns in {:.2} s", self.grid.columns.len(), seconds);
                // the first page before the exact count: rows appear as soon as they can
                let mut jobs = self.grid.settle();
                jobs.push(Job::Count { id, source });
                jobs
            }
            Event::Counted { id, rows } if id == self.grid.id => {
                self.grid.rows = Some(rows);
                self.grid.seen = rows;
                self.grid.settle()
            }
            Event::Page { id, offset, rows } if id == self.grid.id => {
                self.grid.pending.remove(&offset);
                self.grid.seen = self.grid.seen.max(offset + rows.len() as u64);
                if rows.len() < PAGE as usize && self.grid.rows.is_none() {
                    self.grid.rows = Some(offset + rows.len() as u64);
                }
                let first = offset == 0;
                self.grid.pages.insert(offset, rows);
                if first {
                    self.grid.measure();
                }
                self.grid.settle()
            }
            Event::Catalog(c) => {
                self.catalog = c;
                self.catalog_selected = self
                    .catalog_selected
                    .min(catalog_entries(&self.catalog).len().saturating_sub(1));
                vec![]
            }
            Event::Table {
                id: 0,
                title,
                columns,
                rows,
            } => {
                self.running = None;
                self.risks = Overlay {
                    title,
                    columns,
                    rows,
                    selected: self.risks.selected,
                    freq_of: None,
                };
                self.risks.selected = self
                    .risks
                    .selected
                    .min(self.risks.rows.len().saturating_sub(1));
                vec![]
            }
            Event::Table {
                title,
                columns,
                rows,
                ..
            } => {
                let freq_of = title
                    .strip_prefix("frequency of ")
                    .map(|t| t.split(" (").next().unwrap_or(t).to_string());
                self.popup = Some(Popup::Table(Overlay {
                    title,
                    columns,
                    rows,
                    selected: 0,
                    freq_of,
                }));
                vec![]
            }
            Event::Chart { chart, .. } => {
                if let Some(Popup::Chart(shown, _)) = &mut self.popup {
                    *shown = chart;
                }
                vec![]
            }
            Event::Case(case) => {
                self.running = None;
                self.case = Some(*case);
                self.case_scroll = 0;
                self.screen = Screen::Case;
                vec![]
            }
            Event::Done { message } => {
                self.running = None;
                self.status = message;
                self.error = None;
                vec![Job::Catalog]
            }
            Event::PluginItem { text } => {
                if let Some(view) = &mut self.stream {
                    view.count += 1;
                    if view.items.len() == STREAM_SHOWN {
                        view.items.pop_front();
                    }
                    view.items.push_back(text);
                }
                vec![]
            }
            Event::PluginDone { message } => {
                self.running = None;
                if let Some(view) = &mut self.stream {
                    view.done = Some(message.clone());
                }
                self.status = message;
                vec![Job::Catalog]
            }
            Event::Failed { id, message } => {
                if id.is_none() || id == Some(self.grid.id) {
                    self.running = None;
                    self.error = Some(message);
                    if id.is_some() {
                        // a failed sort or filter leaves the view as it was
                        self.grid.filter = None;
                        self.grid.sort = None;
                    }
                }
                vec![]
            }
            // an answer to a request that was superseded
            _ => vec![],
        }
    }
}

fn placeholder_chart(kind: Kind) -> Chart {
    Chart {
        kind,
        title: "drawing…".into(),
        x_label: String::new(),
        y_label: String::new(),
        log_x: false,
        log_y: false,
        data: crate::viz::ChartData::Bars {
            labels: vec![],
            values: vec![],
        },
        rows: 0,
        fetched: 0,
        caption: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app_with_result(rows: u64, height: u64) -> App {
        let mut app = App::new(vec![]);
        app.grid.height = height;
        let jobs = app.step(Action::RunQuery);
        let Job::Query { id, .. } = jobs[0].clone() else {
            panic!("{jobs:?}")
        };
        let jobs = app.on_event(Event::Result {
            id,
            source: "_r".into(),
            columns: vec![("n".into(), "BIGINT".into())],
            seconds: 0.0,
        });
        assert!(
            matches!(jobs[0], Job::Page { offset: 0, .. }) && matches!(jobs[1], Job::Count { .. }),
            "the first page is asked for before the count"
        );
        app.on_event(Event::Counted { id, rows });
        for offset in (0..rows.min(PAGE)).step_by(PAGE as usize) {
            app.on_event(Event::Page {
                id,
                offset,
                rows: (offset..(offset + PAGE).min(rows))
                    .map(|i| vec![i.to_string()])
                    .collect(),
            });
        }
        app.focus = Focus::Grid;
        app
    }

    #[test]
    fn paging_fetches_only_the_window_and_stops_at_the_end() {
        let mut app = app_with_result(1_000, 30);
        assert!(app.step(Action::Down).is_empty(), "row 1 is cached");
        let jobs = app.step(Action::Bottom);
        assert_eq!(app.grid.row, 999);
        assert_eq!(app.grid.top, 970);
        let offsets: Vec<u64> = jobs
            .iter()
            .filter_map(|j| {
                if let Job::Page { offset, .. } = j {
                    Some(*offset)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(offsets, vec![800], "the last page only");
        assert!(app.step(Action::Down).is_empty(), "no page beyond the end");
        assert_eq!(app.grid.row, 999);
        app.step(Action::Top);
        assert_eq!((app.grid.row, app.grid.top), (0, 0));
        app.step(Action::GotoRow(500));
        assert_eq!(app.grid.row, 499);
        app.step(Action::PageUp);
        assert_eq!(app.grid.row, 469);
    }

    #[test]
    fn the_cache_stays_small_on_a_long_result() {
        let mut app = app_with_result(10_000_000, 40);
        for _ in 0..500 {
            let jobs = app.step(Action::PageDown);
            for job in jobs {
                if let Job::Page {
                    id, offset, limit, ..
                } = job
                {
                    app.on_event(Event::Page {
                        id,
                        offset,
                        rows: vec![vec!["x".into()]; limit as usize],
                    });
                }
            }
        }
        assert_eq!(app.grid.row, 500 * 40);
        assert!(
            app.grid.pages.len() <= 2 * KEEP_PAGES as usize + 2,
            "{} pages",
            app.grid.pages.len()
        );
    }

    #[test]
    fn empty_results_and_late_answers_are_harmless() {
        let mut app = app_with_result(0, 10);
        assert!(app.step(Action::Bottom).is_empty());
        assert_eq!(app.grid.row, 0);
        let stale = app.grid.id - 1;
        app.on_event(Event::Page {
            id: stale,
            offset: 0,
            rows: vec![vec!["old".into()]],
        });
        assert!(
            app.grid.cell(0, 0).is_none(),
            "a superseded request's page is dropped"
        );
    }

    #[test]
    fn the_statement_under_the_cursor_is_the_one_run() {
        let mut app = App::new(vec![]);
        app.step(Action::SetQuery("SELECT 1;\nSELECT 2;\nSELECT 3".into()));
        app.editor()
            .move_cursor(ratatui_textarea::CursorMove::Jump(1, 3));
        assert_eq!(app.statement_at_cursor(), "SELECT 2");
        let jobs = app.step(Action::RunAll);
        assert!(matches!(&jobs[0], Job::Query { sql, .. } if sql == "SELECT 3"));
        assert_eq!(app.history, vec!["SELECT 3".to_string()]);
    }

    #[test]
    fn history_is_searched_from_the_latest_query_back() {
        let mut app = App::new(vec![
            "SELECT 1 AS a".into(),
            "SELECT hs_code FROM declarations".into(),
            "SELECT 2 AS a".into(),
        ]);
        app.step(Action::HistorySearch("HS_CODE".into()));
        assert_eq!(app.editor_text(), "SELECT hs_code FROM declarations");
        app.step(Action::HistorySearch("AS a".into()));
        assert_eq!(app.editor_text(), "SELECT 2 AS a");
        app.step(Action::HistorySearch("nothing like it".into()));
        assert!(
            app.status.starts_with("no query in the history"),
            "{}",
            app.status
        );
    }

    #[test]
    fn copying_the_visible_rows_takes_the_header_and_the_window() {
        let mut app = app_with_result(1_000, 3);
        app.step(Action::CopyVisible);
        assert_eq!(app.clipboard.as_deref(), Some("n\n0\n1\n2"));
    }

    #[test]
    fn sort_and_filter_are_pushed_down_over_the_whole_result() {
        let mut app = app_with_result(1_000, 10);
        let jobs = app.step(Action::SortDesc);
        assert!(
            matches!(&jobs[0], Job::Derive { base, sort: Some((c, true)), filter: None, .. } if base == "_r" && c == "n")
        );
        let jobs = app.step(Action::Filter("n > 5".into()));
        assert!(
            matches!(&jobs[0], Job::Derive { filter: Some(f), sort: Some(_), .. } if f == "n > 5")
        );
    }
}
