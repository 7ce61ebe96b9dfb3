//! A plugin call and a plugin stream as every front end makes them: one pipeline from the
//! request to the audit record, so that `clearway plugin call|stream` and the TUI cannot drift
//! apart (they once did: the TUI's failed calls left no audit record).
//!
//! A call is prepared first ([`prepare_call`], [`prepare_stream`]): the plugin and command are
//! found and the host's preconditions checked — a side-effecting command needs the user's yes,
//! a command that takes a table gets one and one that does not gets none, a stream is streamed
//! and a call is called — before anything opens the workspace. Running it
//! ([`Call::run`], [`Stream::run`]) then does the rest in one order: the input table written,
//! the plugin started (a fresh session, or the TUI's kept one, see [`super::kept`]), the call
//! made, the plugin's log handed back, the result stored where asked, and the audit record
//! appended — also, and above all, when the call failed. What the front end shows along the
//! way (notices, items, the log) it is told through a [`Watch`].
//!
//! Sensitive commands keep their notices and log lines away from every front end (only a count
//! of withheld lines is passed on) and their arguments and results out of the audit trail
//! ([`super::host::audit_detail`]).

use super::manifest::{CommandSpec, Encoding, Kind, Manifest};
use super::session::{Input, Session};
use super::wire::{Failure, Flow, Notice};
use super::{failed, host, kept, table};
use crate::error::{Error, Result};
use crate::workspace::{audit, Workspace};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where a plugin session comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sessions {
    /// Started for this call and ended after it; `trust` approves (pins) a plugin that is not
    /// approved, or changed, instead of refusing it (`--trust`).
    Fresh { trust: bool },
    /// The front end's kept session of the plugin, kept again after a successful call.
    Kept,
}

/// Where a call's result goes besides back to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keep {
    /// Nowhere: the front end prints or shows it.
    Nothing,
    /// Stored in a workspace table (`--into`): a table output, or JSON rows; appended unless
    /// `replace`.
    Table { name: String, replace: bool },
    /// A table output becomes this temporary table of the connection (the TUI's result grid);
    /// a JSON output stays a value.
    Temp(String),
}

/// A plugin call as a user asks for it.
#[derive(Debug, Clone)]
pub struct CallRequest {
    pub plugin: String,
    pub command: String,
    pub args: Map<String, Value>,
    /// The rows of this query are the call's input table.
    pub input_query: Option<String>,
    /// How the input table travels, when not as the command prefers.
    pub input_format: Option<Encoding>,
    pub keep: Keep,
    /// The user agreed to the command's side effects (`--yes`, or the TUI's confirmation).
    pub confirmed: bool,
    pub sessions: Sessions,
    /// Overrides the manifest's `call_timeout_ms`.
    pub timeout_ms: Option<u64>,
    /// Which front end asked, recorded as `from` in the audit detail when given.
    pub from: Option<&'static str>,
}

/// A plugin stream as a user asks for it.
#[derive(Debug, Clone)]
pub struct StreamRequest {
    pub plugin: String,
    pub command: String,
    pub args: Map<String, Value>,
    /// The table the items are stored in (see [`host::store_items`]).
    pub into: String,
    pub confirmed: bool,
    /// Approve (pin) the plugin on the way instead of refusing it (`--trust`).
    pub trust: bool,
    pub timeout_ms: Option<u64>,
    /// Stop after this long (the call's timeout then defaults to it plus the cancel grace).
    pub duration: Option<Duration>,
    /// Stop after this many items.
    pub max_items: Option<u64>,
    pub from: Option<&'static str>,
}

/// The plugin's own log after a call, as a front end may show it.
#[derive(Debug, Clone, Copy)]
pub enum PluginLog<'a> {
    Lines(&'a [String]),
    /// A sensitive command's log lines, withheld: how many there were.
    Withheld(usize),
}

/// What a front end is told while a call runs. Every method has a silent default.
pub trait Watch {
    /// The plugin is about to start (its input, if any, is written): from here on an
    /// interrupt should cancel the call, not end the front end.
    fn starting(&mut self) {}
    /// The plugin is running; `pinned` when it was approved on the way (`--trust`).
    fn started(&mut self, _m: &Manifest, _pinned: bool) {}
    /// A `$/log` or `$/progress` notice (never one of a sensitive command).
    fn notice(&mut self, _plugin: &str, _n: &Notice) {}
    /// A streamed item as it arrives (`sensitive`: show that it came, not what it is);
    /// [`Flow::Stop`] ends the stream.
    fn item(&mut self, _value: &Value, _sensitive: bool) -> Flow {
        Flow::Continue
    }
    /// Asked on every message of a stream: true stops it (the TUI's Esc).
    fn stop_asked(&mut self) -> bool {
        false
    }
    /// The plugin's log, once, when the call is over.
    fn log(&mut self, _plugin: &str, _log: PluginLog) {}
}

/// A [`Watch`] that shows nothing.
pub struct Unwatched;

impl Watch for Unwatched {}

/// A call whose plugin, command and preconditions have been checked.
pub struct Call {
    pub manifest: Manifest,
    pub spec: CommandSpec,
    request: CallRequest,
}

/// A stream whose plugin, command and preconditions have been checked.
pub struct Stream {
    pub manifest: Manifest,
    pub spec: CommandSpec,
    request: StreamRequest,
}

/// What a call gave.
pub struct Called {
    /// The JSON result.
    pub value: Value,
    /// A table output not stored anywhere: its Arrow IPC stream file (removed with this value).
    pub table: Option<PathBuf>,
    /// Rows stored in the [`Keep::Table`] asked for.
    pub stored: Option<u64>,
    /// The temporary table a table output became ([`Keep::Temp`]).
    pub temp: Option<String>,
    pub seconds: f64,
    _scratch: tempfile::TempDir,
}

/// What a stream gave. Items received before a failure are stored all the same; the failure is
/// handed back for the front end to report.
pub struct Streamed {
    pub items: u64,
    pub stored: u64,
    pub failure: Option<Failure>,
    pub seconds: f64,
}

/// The plugin's command, refused when it has side effects the user did not agree to.
fn find_allowed(
    workspace: &Path,
    plugin: &str,
    command: &str,
    confirmed: bool,
) -> Result<(Manifest, CommandSpec)> {
    let (m, spec) = super::find_command(workspace, plugin, command)?;
    if spec.side_effects && !confirmed {
        return Err(Error::usage(
            format!(
                "`{}` of plugin `{}` has side effects (it changes something outside clearway)",
                spec.name, m.plugin.name
            ),
            "pass --yes to run it",
        ));
    }
    Ok((m, spec))
}

/// Checks a call before anything runs (see the module docs).
pub fn prepare_call(workspace: &Path, request: CallRequest) -> Result<Call> {
    let (m, spec) = find_allowed(
        workspace,
        &request.plugin,
        &request.command,
        request.confirmed,
    )?;
    match (spec.input, &request.input_query) {
        (Kind::Table, None) => {
            return Err(Error::usage(
                format!("`{}` takes a table", spec.name),
                "give it one with --input-query \"SELECT …\"",
            ))
        }
        (Kind::None | Kind::Json, Some(_)) => {
            return Err(Error::usage(
                format!("`{}` takes no table", spec.name),
                "drop --input-query; pass arguments with --arg KEY=VALUE",
            ))
        }
        _ => {}
    }
    if spec.output == Kind::Stream {
        return Err(Error::usage(
            format!("`{}` streams", spec.name),
            format!(
                "use `clearway plugin stream {} {} --into TABLE`",
                m.plugin.name, spec.name
            ),
        ));
    }
    Ok(Call {
        manifest: m,
        spec,
        request,
    })
}

/// Checks a stream before anything runs.
pub fn prepare_stream(workspace: &Path, request: StreamRequest) -> Result<Stream> {
    let (m, spec) = find_allowed(
        workspace,
        &request.plugin,
        &request.command,
        request.confirmed,
    )?;
    if spec.output != Kind::Stream {
        return Err(Error::usage(
            format!("`{}` does not stream", spec.name),
            format!("use `clearway plugin call {} {}`", m.plugin.name, spec.name),
        ));
    }
    Ok(Stream {
        manifest: m,
        spec,
        request,
    })
}

/// `extra` with the front end that asked, when it said.
fn with_origin(mut extra: Value, from: Option<&'static str>) -> Value {
    if let (Some(from), Some(object)) = (from, extra.as_object_mut()) {
        object.insert("from".into(), json!(from));
    }
    extra
}

/// Notices go to the front end, unless the command is sensitive.
fn pass_notice(watch: &mut dyn Watch, m: &Manifest, spec: &CommandSpec, n: &Notice) {
    if !spec.sensitive {
        watch.notice(&m.plugin.name, n);
    }
}

/// The log goes to the front end, withheld when the command is sensitive.
fn pass_log(watch: &mut dyn Watch, m: &Manifest, spec: &CommandSpec, lines: &[String]) {
    let log = if spec.sensitive && !lines.is_empty() {
        PluginLog::Withheld(lines.len())
    } else {
        PluginLog::Lines(lines)
    };
    watch.log(&m.plugin.name, log);
}

impl Call {
    /// Runs the call on `ws` (see the module docs); a failure of the plugin is in the audit
    /// trail before it is returned.
    pub fn run(self, ws: &Workspace, watch: &mut dyn Watch) -> Result<Called> {
        let Call {
            manifest: m,
            spec,
            request,
        } = self;
        let scratch = tempfile::tempdir()?;
        let started = Instant::now();
        let encoding = request.input_format.unwrap_or(spec.input_format);
        let (input, input_rows) = match &request.input_query {
            Some(sql) => table::input_from_query(ws, sql, encoding, scratch.path())?,
            None => (Input::None, 0),
        };
        let mut session = start(ws, &m, request.sessions, watch)?;
        let timeout = Duration::from_millis(request.timeout_ms.unwrap_or(m.limits.call_timeout_ms));
        let outcome = session.call(
            &spec.name,
            &request.args,
            input,
            scratch.path(),
            timeout,
            &mut |n| {
                pass_notice(watch, &m, &spec, n);
                Flow::Continue
            },
        );
        let outcome = match outcome {
            Ok(o) => {
                let log = end_well(session, request.sessions);
                pass_log(watch, &m, &spec, &log);
                o
            }
            Err(f) => {
                // a failed session is never kept: aborting (or dropping) it stops the plugin
                pass_log(watch, &m, &spec, &session.abort());
                let detail = json!({"failed": f.explain(&m.plugin.name).0});
                audit::append(
                    ws,
                    "plugin call",
                    host::audit_detail(&m, &spec, &request.args, with_origin(detail, request.from)),
                )?;
                return Err(failed(&m.plugin.name, &f));
            }
        };
        let (stored, temp) = keep(ws, &request.keep, &outcome, scratch.path())?;
        let into = match &request.keep {
            Keep::Table { name, .. } => Some(name.clone()),
            Keep::Nothing | Keep::Temp(_) => None,
        };
        let seconds = started.elapsed().as_secs_f64();
        let detail = json!({"input_rows": input_rows, "into": into, "rows_stored": stored,
                            "seconds": seconds});
        audit::append(
            ws,
            "plugin call",
            host::audit_detail(&m, &spec, &request.args, with_origin(detail, request.from)),
        )?;
        Ok(Called {
            value: outcome.value,
            table: outcome.table.filter(|_| stored.is_none() && temp.is_none()),
            stored,
            temp,
            seconds,
            _scratch: scratch,
        })
    }
}

/// Starts (or takes the kept) session, telling the front end.
fn start(
    ws: &Workspace,
    m: &Manifest,
    sessions: Sessions,
    watch: &mut dyn Watch,
) -> Result<Session> {
    watch.starting();
    let (session, pinned) = match sessions {
        Sessions::Fresh { trust } => host::start(&ws.path, m, trust)?,
        Sessions::Kept => (kept::take(&ws.path, m)?, false),
    };
    watch.started(m, pinned);
    Ok(session)
}

/// Ends a session after a successful call: a fresh one is finished (its whole log returned), a
/// kept one is kept.
fn end_well(session: Session, sessions: Sessions) -> Vec<String> {
    match sessions {
        Sessions::Fresh { .. } => session.finish(),
        Sessions::Kept => {
            kept::keep(session);
            Vec::new()
        }
    }
}

/// Stores the outcome where asked: (rows stored in a workspace table, the temporary table).
fn keep(
    ws: &Workspace,
    keep: &Keep,
    outcome: &super::session::Outcome,
    scratch: &Path,
) -> Result<(Option<u64>, Option<String>)> {
    Ok(match (keep, &outcome.table) {
        (Keep::Nothing, _) | (Keep::Temp(_), None) => (None, None),
        (Keep::Table { name, replace }, Some(t)) => {
            let mode = if *replace {
                table::Mode::Replace
            } else {
                table::Mode::Append
            };
            (Some(table::arrow_into_table(ws, t, name, mode)?), None)
        }
        (Keep::Table { name, replace }, None) => (
            Some(table::json_rows_into_table(
                ws,
                &outcome.value,
                name,
                *replace,
                scratch,
            )?),
            None,
        ),
        (Keep::Temp(name), Some(t)) => {
            table::arrow_into_table(ws, t, name, table::Mode::Temp)?;
            (None, Some(name.clone()))
        }
    })
}

/// The stop conditions of a stream other than the front end's own.
struct Limits {
    max_items: Option<u64>,
    until: Option<Instant>,
}

impl Limits {
    fn enough(&self, items: u64) -> bool {
        self.max_items.is_some_and(|max| items >= max) || self.time_up()
    }

    fn time_up(&self) -> bool {
        self.until.is_some_and(|u| Instant::now() >= u)
    }
}

impl Stream {
    /// Runs the stream on `ws`: items are spooled to disk as they come and stored in one
    /// transaction at the end, so a stream stopped by the user, a limit or a crash keeps
    /// everything received; then the audit record.
    pub fn run(self, ws: &Workspace, watch: &mut dyn Watch) -> Result<Streamed> {
        let Stream {
            manifest: m,
            spec,
            request,
        } = self;
        let scratch = tempfile::tempdir()?;
        let spool_path = scratch.path().join("items.ndjson");
        let mut spool = std::io::BufWriter::new(std::fs::File::create(&spool_path)?);
        let mut session = start(
            ws,
            &m,
            Sessions::Fresh {
                trust: request.trust,
            },
            watch,
        )?;
        let started = Instant::now();
        let limits = Limits {
            max_items: request.max_items,
            until: request.duration.map(|d| started + d),
        };
        // a stream's call lasts as long as asked, plus the grace to stop it
        let timeout = match (request.timeout_ms, request.duration) {
            (Some(ms), _) => Duration::from_millis(ms),
            (None, Some(d)) => d + Duration::from_millis(m.limits.cancel_grace_ms),
            (None, None) => Duration::from_millis(m.limits.call_timeout_ms),
        };
        let mut items = 0u64;
        let mut spool_error: Option<std::io::Error> = None;
        let outcome = session.call(
            &spec.name,
            &request.args,
            Input::None,
            scratch.path(),
            timeout,
            &mut |n| {
                if limits.enough(items) || watch.stop_asked() {
                    // items still arriving while the plugin takes its cancel are not kept
                    return Flow::Stop;
                }
                if n.method == "$/item" {
                    let value = &n.params["value"];
                    let line = json!({"n": items + 1, "received_at": chrono::Utc::now().naive_utc().to_string(), "item": value});
                    if let Err(e) = writeln!(spool, "{line}") {
                        spool_error.get_or_insert(e);
                        return Flow::Stop;
                    }
                    items += 1;
                    if watch.item(value, spec.sensitive) == Flow::Stop
                        || limits.max_items.is_some_and(|max| items >= max)
                    {
                        return Flow::Stop;
                    }
                } else {
                    pass_notice(watch, &m, &spec, n);
                }
                if limits.time_up() {
                    return Flow::Stop;
                }
                Flow::Continue
            },
        );
        let (failure, log) = match outcome {
            Ok(_) => (None, session.finish()),
            Err(f) => (Some(f), session.abort()),
        };
        pass_log(watch, &m, &spec, &log);
        if let Some(e) = spool_error {
            return Err(Error::Write {
                path: spool_path,
                cause: e,
            });
        }
        spool.flush()?;
        drop(spool);
        let stored = host::store_items(ws, &spool_path, &request.into, &m, &spec, items)?;
        let ended = match &failure {
            None => "completed".to_string(),
            Some(f) => f.explain(&m.plugin.name).0,
        };
        let seconds = started.elapsed().as_secs_f64();
        let detail = json!({"into": request.into, "items": items, "stored": stored, "ended": ended,
                            "seconds": seconds});
        audit::append(
            ws,
            "plugin stream",
            host::audit_detail(&m, &spec, &request.args, with_origin(detail, request.from)),
        )?;
        Ok(Streamed {
            items,
            stored,
            failure,
            seconds,
        })
    }
}
