//! `clearway tui`: the analyst's interactive workbench — catalog, SQL editor, result grid, risk
//! and case views, charts — over the same library the batch commands use.
//!
//! Shape (after gitui, bottom and csvlens): one [`action::Action`] vocabulary shared by keys,
//! the command palette and scripted replays; a pure state machine ([`app::App`]) whose
//! transitions return DuckDB jobs; a [`worker`] thread that owns its own connection and answers
//! with events; and [`ui`], which draws a frame from the state. The interactive loop feeds
//! input, worker events and a tick through one channel; a replay runs the same transitions
//! headless with the worker inline and writes the final screen.

pub mod action;
pub mod app;
pub mod keymap;
pub mod ui;
pub mod worker;

use crate::error::{Error, Result};
use crate::workspace::Workspace;
use action::Action;
use app::{App, Popup};
use keymap::{Binding, Context, Keymap};
use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, MouseEventKind,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use worker::{Event, Job, Worker};

/// Everything the front ends share: the keymap, the theme, the history file.
pub struct Setup {
    pub keymap: Keymap,
    pub theme: ui::Theme,
    pub history_file: PathBuf,
}

impl Setup {
    pub fn for_workspace(workspace: &Path) -> Result<Setup> {
        let config = crate::workspace::config(workspace)?;
        let value = config.as_ref().map(|(_, t)| toml::Value::Table(t.clone()));
        let keymap = Keymap::with_overrides(value.as_ref()).map_err(|e| {
            let path = config.as_ref().map(|(p, _)| p.clone()).unwrap_or_default();
            Error::bad_input(
                &path,
                e,
                "see `clearway tui --help` for contexts and the palette (Ctrl-P) for action names",
            )
        })?;
        let mut history_file = workspace.as_os_str().to_owned();
        history_file.push(".history");
        Ok(Setup {
            keymap,
            theme: ui::Theme::choose(value.as_ref()),
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

/// Turns a key into an action, or feeds it to the editor or an open prompt.
pub fn handle_key(app: &mut App, keymap: &Keymap, key: KeyEvent) -> Option<Action> {
    match &mut app.popup {
        Some(Popup::Prompt { action, text }) => {
            match key.code {
                KeyCode::Enter => {
                    let line = format!("{action} {text}");
                    app.popup = None;
                    match Action::parse(&line) {
                        Ok(a) => return Some(a),
                        Err(e) => app.error = Some(e),
                    }
                }
                KeyCode::Esc => app.popup = None,
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) => text.push(c),
                _ => {}
            }
            return None;
        }
        Some(Popup::Palette { filter, selected }) => {
            match key.code {
                KeyCode::Enter => {
                    let matches = ui::palette_matches(filter);
                    let chosen = matches
                        .get((*selected).min(matches.len().saturating_sub(1)))
                        .map(|(n, _)| *n);
                    app.popup = None;
                    let name = chosen?;
                    return match action::ACTIONS.iter().find(|(n, _, _)| *n == name) {
                        Some((n, true, _)) => {
                            app.popup = Some(Popup::Prompt {
                                action: n,
                                text: String::new(),
                            });
                            None
                        }
                        _ => Action::parse(name).ok(),
                    };
                }
                KeyCode::Esc => app.popup = None,
                KeyCode::Up => return Some(Action::Up),
                KeyCode::Down => return Some(Action::Down),
                KeyCode::Backspace => {
                    filter.pop();
                    *selected = 0;
                }
                KeyCode::Char(c) => {
                    filter.push(c);
                    *selected = 0;
                }
                _ => {}
            }
            return None;
        }
        Some(Popup::Table(_)) if key.code == KeyCode::Enter => return Some(Action::Open),
        Some(Popup::Confirm { .. }) => {
            return match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => Some(Action::Open),
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('N') => Some(Action::Cancel),
                _ => None,
            }
        }
        Some(Popup::Plugins { selected }) => {
            return match key.code {
                KeyCode::Enter => Some(Action::Open),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
                // s: stream the selected plugin's command, in a prompt to complete
                KeyCode::Char('s') => {
                    let name = app.catalog.plugins.get(*selected).map(|p| p.name.clone());
                    app.popup = Some(Popup::Prompt {
                        action: "PluginStream",
                        text: format!("{} ", name.unwrap_or_default()),
                    });
                    None
                }
                KeyCode::Esc => Some(Action::Cancel),
                _ => None,
            };
        }
        _ => {}
    }
    let context = match (app.screen, app.focus) {
        (app::Screen::Risk, _) => Context::Risk,
        (app::Screen::Case, _) => Context::Case,
        (_, app::Focus::Catalog) => Context::Catalog,
        (_, app::Focus::Editor) => Context::Editor,
        (_, app::Focus::Grid) => Context::Grid,
    };
    let context = if app.popup.is_some() && context == Context::Editor {
        Context::Grid
    } else {
        context
    };
    match keymap.lookup(context, &key) {
        Some(Binding::Action(a)) => Some(a),
        Some(Binding::Prompt(name)) => {
            app.popup = Some(Popup::Prompt {
                action: name,
                text: String::new(),
            });
            None
        }
        None => {
            if context == Context::Editor {
                app.editor().input(key);
            }
            None
        }
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
                    match handle_key(&mut app, &setup.keymap, key) {
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
                        app.editor().insert_str(text);
                    }
                    vec![]
                }
                Msg::Input(_) => vec![],
            };
            for job in jobs {
                worker.submit(job);
            }
            if let Some(text) = app.clipboard.take() {
                print!("{}", osc52(&text));
                let _ = std::io::stdout().flush();
                app.status = format!("copied {} characters", text.chars().count());
            }
            if app.wants_editor {
                app.wants_editor = false;
                ratatui::restore();
                let edited = edit_externally(&app.editor_text());
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
    setup.save_history(&app.history)?;
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
