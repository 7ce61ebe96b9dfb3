//! The TUI's state machine: [`App`] holds the panes and routes to them. `handle_key` turns a
//! key into an action (or hands it to the pane that reads it), `step(action)` and
//! `on_event(event)` change the state and return the DuckDB jobs to run — no I/O here, so
//! every transition is testable without a terminal or a database.
//!
//! What the app itself owns is what no single pane does: which pane has the focus and which
//! screen is up, the id that ties a request to its answer, what is running, the status and
//! error lines, and the requests for the front end (quit, the clipboard, the external
//! editor). Each pane's state, keys and drawing live in [`super::components`].

use super::action::Action;
use super::components::case::CaseView;
use super::components::catalog::{CatalogPane, Entry};
use super::components::chart::ChartView;
use super::components::editor::Editor;
use super::components::grid::Grid;
use super::components::plugins::{PluginLine, PluginsPane, StreamView};
use super::components::popup::{Popup, PopupLayer, RecordView};
use super::components::risks::RiskList;
use super::components::table::Overlay;
use super::components::{Component, KeyOutcome};
use super::keymap::{Binding, Context, Keymap};
use super::worker::{Event, Job};
use crate::plugin::manifest::{CommandSpec, Kind as PluginKind};
use crate::viz::{Kind, PlotSpec, Source};
use ratatui::crossterm::event::KeyEvent;
use std::time::Instant;

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

pub struct App {
    pub focus: Focus,
    pub screen: Screen,
    pub popup: PopupLayer,
    pub catalog: CatalogPane,
    pub editor: Editor,
    pub grid: Grid,
    pub risks: RiskList,
    pub case: CaseView,
    pub plugins: PluginsPane,
    /// The running plugin stream's view, kept when its popup closes.
    pub stream: Option<StreamView>,
    next_id: u64,
    pub running: Option<(String, Instant)>,
    pub status: String,
    pub error: Option<String>,
    pub quit: bool,
    /// Text to put on the clipboard (the terminal front end sends it as OSC 52).
    pub clipboard: Option<String>,
    /// Set when the buffer should be edited in $EDITOR (the terminal front end does it).
    pub wants_editor: bool,
}

impl App {
    pub fn new(history: Vec<String>) -> Self {
        App {
            focus: Focus::Editor,
            screen: Screen::Main,
            popup: PopupLayer::default(),
            catalog: CatalogPane::default(),
            editor: Editor::new(history),
            grid: Grid::default(),
            risks: RiskList::default(),
            case: CaseView::default(),
            plugins: PluginsPane::default(),
            stream: None,
            next_id: 1,
            running: None,
            status: "F1 help · Ctrl-P commands · F5 run · F3 risks".into(),
            error: None,
            quit: false,
            clipboard: None,
            wants_editor: false,
        }
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Where keys go now: the screen, else the focused pane.
    pub fn context(&self) -> Context {
        match (self.screen, self.focus) {
            (Screen::Risk, _) => Context::Risk,
            (Screen::Case, _) => Context::Case,
            (_, Focus::Catalog) => Context::Catalog,
            (_, Focus::Editor) => Context::Editor,
            (_, Focus::Grid) => Context::Grid,
        }
    }

    /// Turns a key into an action: an open popup reads its own keys first, then the keymap of
    /// the context decides, and keys it does not bind are typing in the editor.
    pub fn handle_key(&mut self, keymap: &Keymap, key: KeyEvent) -> Option<Action> {
        let outcome = match self.popup.current() {
            Some(Popup::Plugins) => self.plugins.handle_key(key),
            Some(_) => self.popup.handle_key(key),
            None => KeyOutcome::Unhandled,
        };
        if outcome != KeyOutcome::Unhandled {
            return self.key_outcome(outcome);
        }
        // over a popup, typing does not reach the editor underneath
        let context = match self.context() {
            Context::Editor if self.popup.is_open() => Context::Grid,
            context => context,
        };
        match keymap.lookup(context, &key) {
            Some(Binding::Action(a)) => Some(a),
            Some(Binding::Prompt(name)) => {
                self.popup.open(Popup::prompt(name, ""));
                None
            }
            None if context == Context::Editor => {
                let typed = self.editor.handle_key(key);
                self.key_outcome(typed)
            }
            None => None,
        }
    }

    fn key_outcome(&mut self, outcome: KeyOutcome) -> Option<Action> {
        match outcome {
            KeyOutcome::Act(action) => Some(action),
            KeyOutcome::Prompt { action, text } => {
                self.popup.open(Popup::prompt(action, text));
                None
            }
            KeyOutcome::Error(message) => {
                self.error = Some(message);
                None
            }
            KeyOutcome::Consumed | KeyOutcome::Unhandled => None,
        }
    }

    /// Page fetches the current window needs (after a frame has set the grid's height).
    pub fn grid_settle(&mut self) -> Vec<Job> {
        if self.grid.columns.is_empty() {
            vec![]
        } else {
            self.grid.settle()
        }
    }

    fn run_sql(&mut self, sql: String) -> Vec<Job> {
        if sql.trim().is_empty() {
            self.error = Some("nothing to run: the buffer is empty".into());
            return vec![];
        }
        self.editor.remember(&sql);
        let id = self.new_result();
        self.error = None;
        vec![Job::Query { id, sql }]
    }

    /// A request for a new result: it will not inherit the current sort, filter or find.
    fn new_result(&mut self) -> u64 {
        let id = self.fresh_id();
        self.grid.expect_new(id);
        id
    }

    /// The current result again, sorted and filtered as the grid now says.
    fn derive(&mut self) -> Vec<Job> {
        let id = self.fresh_id();
        self.grid.expect_derived(id);
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
                params: Vec::new(),
            },
        )
        .x(&column);
        spec.top = 15;
        spec.auto_log = true;
        let id = self.fresh_id();
        self.popup
            .open(Popup::Chart(ChartView::drawing(kind, spec.clone())));
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
                self.navigate(&action)
            }
            Open => self.open(),
            Back => {
                self.screen = match self.screen {
                    Screen::Case => Screen::Risk,
                    _ => Screen::Main,
                };
                vec![]
            }
            Cancel => {
                // the front end interrupts DuckDB; here the view forgets the request
                if let Some((what, _)) = self.running.take() {
                    self.status = format!("{what} cancelled");
                    let id = self.fresh_id();
                    self.grid.expect_derived(id);
                }
                vec![]
            }
            RunQuery | RunAll | SetQuery(_) | NewBuffer | NextBuffer | HistorySearch(_)
            | HistoryPrev | HistoryNext | Complete | OpenInEditor => self.step_editor(action),
            SortAsc | SortDesc | Filter(_) | ClearFilter | Find(_) | FindNext | Record | Stats
            | Freq | Histogram | TimeSeries | Bars | SaveChart(_) | Export(_) | CopyCell
            | CopyRow | CopyVisible => self.step_grid(action),
            RiskRun => vec![Job::RiskRun],
            RiskView => {
                self.screen = Screen::Risk;
                vec![Job::TopRisks]
            }
            OpenCase(id) => vec![Job::Case { declaration_id: id }],
            Annotate(text) => self.annotate(&text),
            InspectBrief(dir) => self.inspect_brief(&dir),
            InspectRecord(path) => vec![Job::InspectRecord { path: path.into() }],
            Scene(arg) => self.scene(&arg),
            Plugins => {
                self.plugins.open();
                self.popup.open(Popup::Plugins);
                vec![Job::Catalog]
            }
            PluginRun(text) => self.plugin_run(&text),
            PluginStream(text) => self.plugin_stream(&text),
            PluginApprove(name) => {
                self.status = format!("approving {name}…");
                vec![Job::PluginApprove { plugin: name }]
            }
            Palette => {
                self.popup.open(Popup::Palette {
                    filter: String::new(),
                    selected: 0,
                });
                vec![]
            }
            Help => {
                self.popup.open(Popup::Help);
                vec![]
            }
            Refresh => vec![Job::Catalog],
        }
    }

    /// The editor's actions: running its statements, its buffers and the history.
    fn step_editor(&mut self, action: Action) -> Vec<Job> {
        use Action::*;
        match action {
            RunQuery => {
                let sql = self.editor.statement_at_cursor();
                return self.run_sql(sql);
            }
            RunAll => {
                let sql = self.editor.last_statement();
                return self.run_sql(sql);
            }
            SetQuery(text) => self.editor.set_query(&text),
            NewBuffer => {
                self.editor.open_buffer("");
                self.focus = Focus::Editor;
            }
            NextBuffer => self.editor.next_buffer(),
            HistorySearch(text) => self.status = self.editor.history_search(&text),
            HistoryPrev | HistoryNext => self.editor.history_step(action == HistoryPrev),
            Complete => {
                if let Some(status) = self.editor.complete(self.catalog.names()) {
                    self.status = status;
                }
            }
            OpenInEditor => self.wants_editor = true,
            _ => {}
        }
        vec![]
    }

    /// The grid's actions: sort, filter, find, the record, statistics, charts, export, copy.
    fn step_grid(&mut self, action: Action) -> Vec<Job> {
        use Action::*;
        match action {
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
                let id = self.fresh_id();
                self.grid.clear_derivation(id)
            }
            Find(text) => {
                self.grid.find = Some(text);
                self.find_next()
            }
            FindNext => self.find_next(),
            Record => {
                if let Some(values) = self.grid.row_values(self.grid.row) {
                    self.popup.open(Popup::Record(RecordView {
                        row: self.grid.row,
                        columns: self.grid.columns.clone(),
                        values: values.clone(),
                    }));
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
                let numeric = crate::sql::types::is_numeric_type(self.grid.column_type());
                self.chart(if numeric { Kind::Histogram } else { Kind::Bar })
            }
            TimeSeries => self.chart(Kind::Timeseries),
            Bars => self.chart(Kind::Bar),
            SaveChart(path) => match self.popup.current() {
                Some(Popup::Chart(view)) => vec![Job::SaveChart {
                    spec: view.spec.clone(),
                    path: path.into(),
                }],
                _ => {
                    self.error = Some("no chart to save: draw one first (#, t, b)".into());
                    vec![]
                }
            },
            Export(path) => self.export(path),
            CopyCell => {
                self.clipboard = self.grid.copy_cell();
                vec![]
            }
            CopyRow => {
                self.clipboard = self.grid.copy_row();
                vec![]
            }
            CopyVisible => {
                self.clipboard = self.grid.copy_visible();
                vec![]
            }
            _ => vec![],
        }
    }

    fn find_next(&mut self) -> Vec<Job> {
        match self.grid.find_next() {
            Some((status, jobs)) => {
                self.status = status;
                jobs
            }
            None => vec![],
        }
    }

    fn export(&mut self, path: String) -> Vec<Job> {
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

    /// `Annotate CODE note…` on the case on view.
    fn annotate(&mut self, text: &str) -> Vec<Job> {
        match self.case.declaration_id() {
            Some(declaration_id) => {
                let (code, note) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
                vec![Job::Annotate {
                    declaration_id: declaration_id.to_string(),
                    reason_code: code.to_string(),
                    note: note.trim().to_string(),
                }]
            }
            None => {
                self.error = Some("open a case first (F3, Enter)".into());
                vec![]
            }
        }
    }

    /// `InspectBrief DIR` on the case on view.
    fn inspect_brief(&mut self, dir: &str) -> Vec<Job> {
        match self.case.declaration_id() {
            Some(declaration_id) => vec![Job::InspectBrief {
                declaration_id: declaration_id.to_string(),
                out: dir.into(),
            }],
            None => {
                self.error = Some("open a case first (F3, Enter)".into());
                vec![]
            }
        }
    }

    /// `Scene tracks|flows PATH`.
    fn scene(&mut self, arg: &str) -> Vec<Job> {
        match arg.split_once(char::is_whitespace) {
            Some((kind @ ("tracks" | "flows"), path)) if !path.trim().is_empty() => {
                vec![Job::Scene {
                    tracks: kind == "tracks",
                    out: path.trim().into(),
                }]
            }
            _ => {
                self.error = Some(format!(
                    "Scene takes tracks|flows and a path (.glb or .html), not `{arg}`"
                ));
                vec![]
            }
        }
    }

    /// Actions while a popup is open: most close it, some act on it.
    fn step_popup(&mut self, action: &Action) -> Option<Vec<Job>> {
        let popup = self.popup.current_mut()?;
        match (popup, action) {
            (_, Action::Cancel) | (_, Action::Back) => {
                self.popup.close();
                Some(vec![])
            }
            (Popup::Table(t), Action::Down | Action::Up) => {
                t.navigate(action);
                Some(vec![])
            }
            (Popup::Table(t), Action::Open) => {
                // drill down: the rows of the result with the selected value
                let condition = t.drill_down();
                self.popup.close();
                let Some(condition) = condition else {
                    return Some(vec![]);
                };
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
            (Popup::Plugins, Action::Down | Action::Up) => Some(self.plugins.navigate(action)),
            (Popup::Plugins, Action::Open) => {
                if let Some(next) = self.plugin_popup() {
                    self.popup.open(next);
                }
                Some(vec![])
            }
            (Popup::Confirm { then, .. }, Action::Open) => {
                let then = (**then).clone();
                self.popup.close();
                Some(self.step(then))
            }
            (Popup::Chart(..), Action::SaveChart(_)) => None,
            (Popup::Help | Popup::Record(_) | Popup::Chart(..), a)
                if !matches!(a, Action::Quit) =>
            {
                self.popup.close();
                None
            }
            _ => None,
        }
    }

    /// Enter in the plugins pane: a prompt for a command of an approved plugin, else the
    /// question whether to approve it.
    fn plugin_popup(&self) -> Option<Popup> {
        let p = self.plugins.selected()?;
        Some(if p.status == "approved" {
            Popup::prompt("PluginRun", format!("{} ", p.name))
        } else {
            Popup::Confirm {
                question: format!(
                    "Plugin {} is {}. Approve it? Its manifest and entrypoint are pinned by sha256; it runs with your rights. (y/n)",
                    p.name, p.status
                ),
                then: Box::new(Action::PluginApprove(p.name.clone())),
            }
        })
    }

    /// A plugin command line parsed, with the command's spec; errors go to the status line.
    fn plugin_line(&mut self, text: &str) -> Option<(PluginLine, CommandSpec)> {
        let found = PluginLine::parse(text)
            .and_then(|line| self.plugins.command(&line).map(|spec| (line, spec)));
        match found {
            Ok(found) => Some(found),
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// Runs a plugin command: on the current result when it takes a table; side effects ask
    /// first.
    fn plugin_run(&mut self, text: &str) -> Vec<Job> {
        let Some((line, spec)) = self.plugin_line(text) else {
            return vec![];
        };
        if spec.output == PluginKind::Stream {
            self.error = Some(format!("`{}` streams: use PluginStream", spec.name));
            return vec![];
        }
        if spec.side_effects && !line.yes {
            self.popup.open(Popup::Confirm {
                question: format!(
                    "`{} {}` has side effects: it changes something outside clearway. Run it? (y/n)",
                    line.plugin, line.command
                ),
                then: Box::new(Action::PluginRun(format!("--yes {text}"))),
            });
            return vec![];
        }
        let input = if spec.input == PluginKind::Table {
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
        let id = if spec.output == PluginKind::Table {
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
        if spec.output != PluginKind::Stream {
            self.error = Some(format!("`{}` does not stream: use PluginRun", spec.name));
            return vec![];
        }
        let into = line.into.clone().unwrap_or_else(|| "plugin_items".into());
        self.stream = Some(StreamView::new(format!(
            "{} {} → {into}",
            line.plugin, line.command
        )));
        self.popup.open(Popup::Stream);
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

    /// A movement goes to the pane on screen (or with the focus).
    fn navigate(&mut self, action: &Action) -> Vec<Job> {
        let pane: &mut dyn Component = match (self.screen, self.focus) {
            (Screen::Risk, _) => &mut self.risks,
            (Screen::Case, _) => &mut self.case,
            (_, Focus::Catalog) => &mut self.catalog,
            (_, Focus::Editor) => &mut self.editor,
            (_, Focus::Grid) => &mut self.grid,
        };
        pane.navigate(action)
    }

    fn open(&mut self) -> Vec<Job> {
        match (self.screen, self.focus) {
            (Screen::Risk, _) => match self.risks.selected_declaration() {
                Some(declaration_id) => vec![Job::Case { declaration_id }],
                None => vec![],
            },
            (Screen::Main, Focus::Catalog) => match self.catalog.selected() {
                Some(entry) => self.open_catalog_entry(entry),
                None => vec![],
            },
            (Screen::Main, Focus::Grid) => self.step(Action::Record),
            _ => vec![],
        }
    }

    fn open_catalog_entry(&mut self, entry: Entry) -> Vec<Job> {
        match entry {
            Entry::Table(i) => {
                let Some(table) = self.catalog.table_name(i).map(String::from) else {
                    return vec![];
                };
                let id = self.new_result();
                self.focus = Focus::Grid;
                vec![Job::Preview { id, table }]
            }
            Entry::Rule(i) => {
                // a rule's SQL opens in a new buffer, to read or adapt
                if let Some(text) = self.catalog.rule_text(i).map(String::from) {
                    self.editor.open_buffer(&text);
                    self.focus = Focus::Editor;
                }
                vec![]
            }
            Entry::LoadReport(load) => {
                self.focus = Focus::Grid;
                self.run_sql(format!(
                    "UNPIVOT (SELECT COLUMNS(*)::VARCHAR FROM loads WHERE load_id = {load}) ON COLUMNS(*) INTO NAME field VALUE value"
                ))
            }
            Entry::LoadRejects(load) => {
                self.focus = Focus::Grid;
                self.run_sql(format!(
                    "SELECT line, source_row, stage, reason, raw FROM rejects WHERE load_id = {load} ORDER BY line"
                ))
            }
        }
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
                let jobs = self.grid.show_result(id, source, columns, seconds);
                if self.focus == Focus::Catalog {
                    self.focus = Focus::Grid;
                }
                self.status = format!("{} columns in {:.2} s", self.grid.columns.len(), seconds);
                jobs
            }
            Event::Counted { id, rows } if id == self.grid.id => self.grid.counted(rows),
            Event::Page { id, offset, rows } if id == self.grid.id => self.grid.page(offset, rows),
            Event::Catalog(mut catalog) => {
                self.plugins.set(std::mem::take(&mut catalog.plugins));
                self.catalog.set(catalog);
                vec![]
            }
            Event::Table {
                id: 0,
                title,
                columns,
                rows,
            } => {
                self.running = None;
                self.risks.show(title, columns, rows);
                vec![]
            }
            Event::Table {
                title,
                columns,
                rows,
                ..
            } => {
                self.popup
                    .open(Popup::Table(Overlay::from_event(title, columns, rows)));
                vec![]
            }
            Event::Chart { chart, .. } => {
                if let Some(Popup::Chart(view)) = self.popup.current_mut() {
                    view.chart = chart;
                }
                vec![]
            }
            Event::Case(case) => {
                self.running = None;
                self.case.show(*case);
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
                    view.push(text);
                }
                vec![]
            }
            Event::PluginDone { message } => {
                self.running = None;
                if let Some(view) = &mut self.stream {
                    view.finish(message.clone());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::components::grid::{KEEP_PAGES, PAGE};
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

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
        app.editor
            .textarea()
            .move_cursor(ratatui_textarea::CursorMove::Jump(1, 3));
        assert_eq!(app.editor.statement_at_cursor(), "SELECT 2");
        let jobs = app.step(Action::RunAll);
        assert!(matches!(&jobs[0], Job::Query { sql, .. } if sql == "SELECT 3"));
        assert_eq!(app.editor.history, vec!["SELECT 3".to_string()]);
    }

    #[test]
    fn a_semicolon_inside_a_string_does_not_split_the_statement_run() {
        // before statements were split by SQL's rules, the cursor's piece was `b' AS s`
        let mut app = App::new(vec![]);
        app.step(Action::SetQuery("SELECT 'a;b' AS s".into()));
        app.editor
            .textarea()
            .move_cursor(ratatui_textarea::CursorMove::End);
        let jobs = app.step(Action::RunQuery);
        assert!(
            matches!(&jobs[0], Job::Query { sql, .. } if sql == "SELECT 'a;b' AS s"),
            "{jobs:?}"
        );
        let jobs = app.step(Action::RunAll);
        assert!(
            matches!(&jobs[0], Job::Query { sql, .. } if sql == "SELECT 'a;b' AS s"),
            "{jobs:?}"
        );
    }

    #[test]
    fn history_is_searched_from_the_latest_query_back() {
        let mut app = App::new(vec![
            "SELECT 1 AS a".into(),
            "SELECT hs_code FROM declarations".into(),
            "SELECT 2 AS a".into(),
        ]);
        app.step(Action::HistorySearch("HS_CODE".into()));
        assert_eq!(app.editor.text(), "SELECT hs_code FROM declarations");
        app.step(Action::HistorySearch("AS a".into()));
        assert_eq!(app.editor.text(), "SELECT 2 AS a");
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

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_go_to_the_popup_then_the_keymap_then_the_editor() {
        let keymap = Keymap::default();
        let mut app = App::new(vec![]);
        app.step(Action::SetQuery(String::new()));
        // unbound keys in the editor are typing
        assert_eq!(app.handle_key(&keymap, key(KeyCode::Char('q'))), None);
        assert_eq!(app.editor.text(), "q");
        // a key bound to an action with an argument opens its prompt, which takes the typing
        app.focus = Focus::Grid;
        assert_eq!(app.handle_key(&keymap, key(KeyCode::Char('f'))), None);
        for c in "n>1".chars() {
            assert_eq!(app.handle_key(&keymap, key(KeyCode::Char(c))), None);
        }
        assert_eq!(
            app.handle_key(&keymap, key(KeyCode::Enter)),
            Some(Action::Filter("n>1".into()))
        );
        assert!(!app.popup.is_open());
        // over a popup, the editor's typing is not typing
        app.focus = Focus::Editor;
        app.step(Action::Help);
        assert_eq!(
            app.handle_key(&keymap, key(KeyCode::Char('j'))),
            Some(Action::Down)
        );
        assert_eq!(app.editor.text(), "q");
        // a bad argument is an error on the status line
        app.popup.open(Popup::prompt("GotoRow", "x"));
        assert_eq!(app.handle_key(&keymap, key(KeyCode::Enter)), None);
        assert_eq!(
            app.error.as_deref(),
            Some("GotoRow needs a row number, not `x`")
        );
    }

    #[test]
    fn the_plugins_pane_reads_its_own_keys() {
        let keymap = Keymap::default();
        let mut app = App::new(vec![]);
        app.step(Action::Plugins);
        assert_eq!(
            app.handle_key(&keymap, key(KeyCode::Char('j'))),
            Some(Action::Down)
        );
        assert_eq!(app.handle_key(&keymap, key(KeyCode::Char('q'))), None);
        assert_eq!(app.handle_key(&keymap, key(KeyCode::Char('s'))), None);
        assert!(matches!(
            app.popup.current(),
            Some(Popup::Prompt { action: "PluginStream", text }) if text == " "
        ));
    }

    #[test]
    fn a_frequency_row_drills_down_to_a_filter_on_its_value() {
        let mut app = app_with_result(1_000, 10);
        app.on_event(Event::Table {
            id: 7,
            title: "frequency of n (Enter shows the rows)".into(),
            columns: vec![("value".into(), "BIGINT".into())],
            rows: vec![vec!["4".into()], vec!["NULL".into()]],
        });
        app.step(Action::Down);
        let jobs = app.step(Action::Open);
        assert!(!app.popup.is_open());
        assert!(
            matches!(&jobs[0], Job::Derive { filter: Some(f), .. } if f == "\"n\" IS NULL"),
            "{jobs:?}"
        );
    }
}
