//! `clearway tui`: the analyst's interactive workbench — catalog, SQL editor, result grid, risk
//! and case views, charts — over the same library the batch commands use.
//!
//! Shape (after gitui, bottom and csvlens), in layers that import only downwards:
//! - [`action::Action`], one vocabulary shared by keys ([`keymap`]), the command palette and
//!   scripted replays; [`worker`], the thread that owns its own DuckDB connection, takes jobs
//!   and answers with events;
//! - [`components`], one per pane (catalog, editor, grid, risk list, case view, charts,
//!   plugins, popups), each owning its state, its keys and its drawing;
//! - [`app::App`], the pure state machine that holds the panes and routes keys, actions and
//!   events to them, returning the jobs to run;
//! - [`ui`], which lays a frame out and has each pane draw itself;
//! - this module: the interactive loop, which feeds input, worker events and a tick through
//!   one channel, and the headless replay, which runs the same transitions with the worker
//!   inline and writes the final screen.

pub mod action;
pub mod app;
pub mod components;
pub mod keymap;
pub mod ui;
pub mod worker;

use crate::error::{Error, Result};
use crate::workspace::Workspace;
use action::Action;
use app::App;
use keymap::Keymap;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind, MouseEventKind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use worker::{Event, Job, Worker};

/// Everything the front ends share: the keymap, the theme, the history file.
pub struct Setup {
    pub keymap: Keymap,
    pub theme: components::Theme,
    pub history_file: PathBuf,
}

impl Setup {
    pub fn for_workspace(workspace: &Path) -> Result<Setup> {
        let layers = crate::workspace::config(workspace)?;
        // each file's bindings are checked on their own, so a bad one names its file
        let bad_keys = |path: &Path, e: String| {
            Error::bad_input(
                path,
                e,
                "see `clearway tui --help` for contexts and the palette (Ctrl-P) for action names",
            )
        };
        for (path, table) in &layers {
            Keymap::with_overrides(Some(&toml::Value::Table(table.clone())))
                .map_err(|e| bad_keys(path, e))?;
        }
        let value =
            (!layers.is_empty()).then(|| toml::Value::Table(crate::settings::merged(&layers)));
        let keymap = Keymap::with_overrides(value.as_ref())
            .map_err(|e| bad_keys(&crate::settings::workspace_file(workspace), e))?;
        let mut history_file = workspace.as_os_str().to_owned();
        history_file.push(".history");
        Ok(Setup {
            keymap,
            theme: components::Theme::choose(value.as_ref()),
            history_file: history_file.into(),
        })
    }

    /// Queries from earlier sessions, oldest first (one JSON string per line).
    pub fn load_history(&self) -> Vec<String> {
        std::fs::read_to_string(&self.history_file)
            .map(|t| {
                t.lines()
                    .filter_map(|l| serde_json::from_str(l).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn save_history(&self, history: &[String]) -> Result<()> {
        let keep = &history[history.len().saturating_sub(1000)..];
        let text: String = keep
            .iter()
            .map(|q| serde_json::to_string(q).expect("strings serialise") + "\n")
            .collect();
        std::fs::write(&self.history_file, text).map_err(|cause| Error::Write {
            path: self.history_file.clone(),
            cause,
        })
    }
}

/// When, during one [`settle`], a new result was ready and when its first page was.
#[derive(Default, Clone, Copy)]
struct Moments {
    result: Option<Instant>,
    first_page: Option<Instant>,
}

/// Runs `jobs` and every job their answers lead to, inline, until nothing is left.
fn settle(app: &mut App, worker: &mut Worker, jobs: Vec<Job>) -> Moments {
    let mut queue: std::collections::VecDeque<Job> = jobs.into();
    let mut moments = Moments::default();
    while let Some(job) = queue.pop_front() {
        worker.submit(job);
        for event in worker.drain() {
            match &event {
                Event::Result { .. } => moments.result = Some(Instant::now()),
                Event::Page { .. } if moments.result.is_some() && moments.first_page.is_none() => {
                    moments.first_page = Some(Instant::now())
                }
                _ => {}
            }
            queue.extend(app.on_event(event));
        }
    }
    moments
}

/// What one replayed action cost.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Timing {
    pub line: usize,
    pub action: String,
    /// DuckDB work the action caused (queries, pages, counts).
    pub work_seconds: f64,
    /// Building the frame afterwards.
    pub frame_seconds: f64,
    /// When the action produced a new result: from the result being ready (the query
    /// finished) to its first page fetched and drawn.
    pub first_page_seconds: Option<f64>,
    /// When the action produced a new result: from the key to its first page fetched and
    /// drawn (for a sort or filter, whose query runs as the page is fetched).
    pub first_page_after_action_seconds: Option<f64>,
}

/// A headless session: the script's actions, the final screen as text.
pub fn replay(
    ws: &Workspace,
    setup: &Setup,
    script: &str,
    width: u16,
    height: u16,
) -> Result<(String, Vec<Timing>)> {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .map_err(|e| Error::usage(format!("terminal: {e}"), "check --size"))?;
    let mut app = App::new(vec![]);
    let mut worker = Worker::inline(ws)?;
    settle(&mut app, &mut worker, vec![Job::Catalog]);
    let draw = |terminal: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
                app: &mut App|
     -> Result<f64> {
        let started = Instant::now();
        terminal
            .draw(|f| ui::draw(f, app, &setup.keymap, setup.theme))
            .map_err(|e| Error::usage(format!("drawing: {e}"), "report this"))?;
        Ok(started.elapsed().as_secs_f64())
    };
    draw(&mut terminal, &mut app)?;
    let mut timings = Vec::new();
    for (n, line) in script.lines().enumerate() {
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let action = Action::parse(text).map_err(|e| {
            Error::usage(
                format!("replay script line {}: {e}", n + 1),
                "one action per line, as the command palette (Ctrl-P) names them",
            )
        })?;
        let started = Instant::now();
        let jobs = app.step(action.clone());
        let moments = settle(&mut app, &mut worker, jobs);
        let work_seconds = started.elapsed().as_secs_f64();
        // a frame decides the grid's height, which decides which pages are needed
        let mut frame_seconds = draw(&mut terminal, &mut app)?;
        let jobs = app.grid_settle();
        if !jobs.is_empty() {
            settle(&mut app, &mut worker, jobs);
            frame_seconds = draw(&mut terminal, &mut app)?;
        }
        let since = |from: Instant| {
            moments
                .first_page
                .map(|p| (p - from).as_secs_f64() + frame_seconds)
        };
        let first_page_seconds = moments.result.and_then(since);
        let first_page_after_action_seconds = moments.result.and(since(started));
        timings.push(Timing {
            line: n + 1,
            action: action.to_string(),
            work_seconds,
            frame_seconds,
            first_page_seconds,
            first_page_after_action_seconds,
        });
        if app.quit {
            break;
        }
    }
    worker::stop_plugins();
    Ok((ui::buffer_text(terminal.backend().buffer()), timings))
}

/// Messages into the interactive loop.
enum Msg {
    Input(TermEvent),
    Worker(Event),
    Tick,
}

/// OSC 52: the terminal (local or over ssh) puts the text on the system clipboard.
fn osc52(text: &str) -> String {
    use base64::Engine;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

/// The interactive session.
pub fn interactive(ws: &Workspace, setup: &Setup) -> Result<()> {
    use std::io::Write;
    let (tx, rx) = std::sync::mpsc::channel::<Msg>();
    let mut worker = Worker::spawn(ws, tx.clone(), Msg::Worker)?;
    let input = tx.clone();
    std::thread::spawn(move || {
        while let Ok(e) = event::read() {
            if input.send(Msg::Input(e)).is_err() {
                return;
            }
        }
    });
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(100));
        if tx.send(Msg::Tick).is_err() {
            return;
        }
    });
    let mut app = App::new(setup.load_history());
    let mut terminal = ratatui::init();
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::EnableMouseCapture
    );
    worker.submit(Job::Catalog);
    let mut ticks = 0u64;
    let result = (|| -> Result<()> {
        loop {
            terminal.draw(|f| ui::draw(f, &mut app, &setup.keymap, setup.theme))?;
            for job in app.grid_settle() {
                worker.submit(job);
            }
            let Ok(msg) = rx.recv() else { return Ok(()) };
            let jobs = match msg {
                Msg::Tick => {
                    ticks += 1;
                    // every 10 s: idle plugin sessions are shut down
                    if ticks.is_multiple_of(100) {
                        vec![Job::Housekeeping]
                    } else {
                        vec![]
                    }
                }
                Msg::Worker(e) => app.on_event(e),
                Msg::Input(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => {
                    match app.handle_key(&setup.keymap, key) {
                        Some(Action::Cancel) if app.running.is_some() => {
                            worker.cancel();
                            app.step(Action::Cancel)
                        }
                        Some(a) => app.step(a),
                        None => vec![],
                    }
                }
                Msg::Input(TermEvent::Mouse(m)) => match m.kind {
                    MouseEventKind::ScrollDown => {
                        (0..3).flat_map(|_| app.step(Action::Down)).collect()
                    }
                    MouseEventKind::ScrollUp => (0..3).flat_map(|_| app.step(Action::Up)).collect(),
                    _ => vec![],
                },
                Msg::Input(TermEvent::Paste(text)) => {
                    if app.focus == app::Focus::Editor {
                        app.editor.insert_str(text);
                    }
                    vec![]
                }
                Msg::Input(_) => vec![],
            };
            for job in jobs {
                worker.submit(job);
            }
            if let Some(text) = app.clipboard.take() {
                // a terminal that stopped reading loses the copy, not the session
                let mut out = std::io::stdout();
                let _ = write!(out, "{}", osc52(&text)).and_then(|()| out.flush());
                app.status = format!("copied {} characters", text.chars().count());
            }
            if app.wants_editor {
                app.wants_editor = false;
                ratatui::restore();
                let edited = edit_externally(&app.editor.text());
                terminal = ratatui::init();
                match edited {
                    Ok(text) => {
                        app.step(Action::SetQuery(text));
                    }
                    Err(e) => app.error = Some(e.to_string()),
                }
            }
            if app.quit {
                return Ok(());
            }
        }
    })();
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::DisableMouseCapture
    );
    ratatui::restore();
    worker::stop_plugins();
    setup.save_history(&app.editor.history)?;
    result
}

/// The buffer in $VISUAL / $EDITOR (vi when neither is set), back as text.
fn edit_externally(text: &str) -> Result<String> {
    let file = tempfile::Builder::new()
        .suffix(".sql")
        .tempfile()
        .map_err(|cause| Error::Write {
            path: std::env::temp_dir(),
            cause,
        })?;
    std::fs::write(file.path(), text).map_err(|cause| Error::Write {
        path: file.path().to_path_buf(),
        cause,
    })?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(file.path())
        .status()
        .map_err(|e| Error::usage(format!("cannot start {editor}: {e}"), "set $EDITOR"))?;
    if !status.success() {
        return Err(Error::usage(
            format!("{editor} exited with {status}"),
            "the buffer is unchanged",
        ));
    }
    std::fs::read_to_string(file.path()).map_err(|cause| Error::Read {
        path: file.path().to_path_buf(),
        cause,
    })
}
