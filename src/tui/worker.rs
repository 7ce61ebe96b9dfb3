//! The DuckDB side of the TUI: jobs in, events out, on a thread with its own connection.
//!
//! The UI thread never waits on DuckDB. Every statement runs here, on a clone of the
//! workspace connection (DuckDB connections are `Send`, not `Sync`), and its outcome comes back
//! as an [`Event`]. Esc cancels the running statement through DuckDB's interrupt handle. For
//! scripted replays and tests the same jobs run inline ([`Worker::inline`]), so a replay is
//! deterministic: each action's work is finished before the next action is read.
//!
//! Results are never turned into strings wholesale: a query's result is materialised once in
//! a temporary table (`_cw_result_N`, which DuckDB spills to disk beyond the TUI's memory
//! limit) — a table preview is the table itself, a sort or filter a view over either — and the
//! grid asks for pages of it (`LIMIT … OFFSET …`), formatted here, a page at a time.
//!
//! Every other job is one function here that calls the library operation the command line
//! calls too — a risk run prepared by [`crate::risk::prepare_run`], an export through
//! [`crate::export`], a chart saved through [`crate::viz::save`], a plugin call or stream
//! through [`crate::plugin::call`], a case from [`crate::case`] — and turns its outcome into
//! events; so the TUI and the command line cannot give different answers on one workspace.

use crate::error::{first_line, Result};
use crate::plugin::call::{
    prepare_call, prepare_stream, CallRequest, Keep, Sessions, StreamRequest, Unwatched, Watch,
};
use crate::plugin::wire::Flow;
use crate::sql::ident;
use crate::sql::statements::StatementKind;
use crate::workspace::Workspace;
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

/// Work for the DuckDB thread. `id` ties answers to the request that asked for them, so a
/// late answer to a superseded request is dropped by the app.
#[derive(Debug, Clone)]
pub enum Job {
    /// Materialise the analyst's statement as result `id`.
    Query {
        id: u64,
        sql: String,
    },
    /// Show a table as it is (no copy).
    Preview {
        id: u64,
        table: String,
    },
    /// Result `id` = `base` filtered and sorted, materialised.
    Derive {
        id: u64,
        base: String,
        filter: Option<String>,
        sort: Option<(String, bool)>,
    },
    Count {
        id: u64,
        source: String,
    },
    Page {
        id: u64,
        source: String,
        offset: u64,
        limit: u64,
    },
    Catalog,
    Stats {
        id: u64,
        source: String,
        column: String,
    },
    Freq {
        id: u64,
        source: String,
        column: String,
    },
    Chart {
        id: u64,
        spec: Box<crate::viz::PlotSpec>,
    },
    SaveChart {
        spec: Box<crate::viz::PlotSpec>,
        path: std::path::PathBuf,
    },
    Export {
        source: String,
        format: crate::export::ExportFormat,
        path: std::path::PathBuf,
    },
    RiskRun,
    TopRisks,
    Case {
        declaration_id: String,
    },
    Annotate {
        declaration_id: String,
        reason_code: String,
        note: String,
    },
    /// The inspection pack of a declaration, written into `out` (the latest risk run's reasons).
    InspectBrief {
        declaration_id: String,
        out: std::path::PathBuf,
    },
    /// An officer's result file recorded.
    InspectRecord {
        path: std::path::PathBuf,
    },
    /// A 3D scene of the workspace with `clearway scene`'s defaults: the tracks cube, or (not
    /// `tracks`) the trade flows.
    Scene {
        tracks: bool,
        out: std::path::PathBuf,
    },
    /// A plugin command on the current result (`input`, a relation) or on nothing; a table it
    /// returns becomes result `id`, JSON is shown in a popup.
    PluginCall {
        id: u64,
        plugin: String,
        command: String,
        args: serde_json::Map<String, serde_json::Value>,
        input: Option<String>,
    },
    /// A streaming command: items shown live until Esc or `max_items`, then stored in `into`.
    PluginStream {
        plugin: String,
        command: String,
        args: serde_json::Map<String, serde_json::Value>,
        into: String,
        max_items: u64,
    },
    /// Trust a plugin: handshake, then its files pinned in plugins.lock.
    PluginApprove {
        plugin: String,
    },
    /// Nothing but the checks every job starts with (idle plugin sessions are shut down).
    Housekeeping,
}

/// Set by Esc (through [`Worker::cancel`]) to stop a running plugin stream.
static STREAM_STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Column name and DuckDB type.
pub type Columns = Vec<(String, String)>;

/// What the DuckDB thread reports back.
#[derive(Debug, Clone)]
pub enum Event {
    Started {
        what: String,
    },
    Result {
        id: u64,
        source: String,
        columns: Columns,
        seconds: f64,
    },
    Counted {
        id: u64,
        rows: u64,
    },
    Page {
        id: u64,
        offset: u64,
        rows: Vec<Vec<String>>,
    },
    Catalog(Catalog),
    Table {
        id: u64,
        title: String,
        columns: Columns,
        rows: Vec<Vec<String>>,
    },
    Chart {
        id: u64,
        chart: Box<crate::viz::Chart>,
    },
    Case(Box<Case>),
    Done {
        message: String,
    },
    /// One item of a running plugin stream, as text.
    PluginItem {
        text: String,
    },
    /// A plugin stream ended.
    PluginDone {
        message: String,
    },
    Failed {
        id: Option<u64>,
        message: String,
    },
}

/// Tables and views with their row counts and columns; rule ids and function names for
/// completion.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub tables: Vec<CatalogTable>,
    /// (load id, source file name, rows loaded, rows rejected), newest first.
    pub loads: Vec<(i64, String, i64, i64)>,
    pub rules: Vec<CatalogRule>,
    pub functions: Vec<String>,
    pub plugins: Vec<PluginInfo>,
}

/// A plugin as the plugins pane lists it.
#[derive(Debug, Clone)]
pub struct PluginInfo {
    pub name: String,
    pub version: String,
    /// `approved`, `not approved` or `CHANGED (…)`.
    pub status: String,
    /// Seconds idle, when a session is kept running between calls.
    pub running: Option<u64>,
    pub transport: String,
    pub commands: Vec<crate::plugin::manifest::CommandSpec>,
}

/// The plugins on the workspace's search path, with their trust status.
fn plugin_infos(workspace: &std::path::Path) -> Vec<PluginInfo> {
    let (found, _) = crate::plugin::discovery::discover(workspace);
    let lock = crate::plugin::host::lock(workspace).unwrap_or_default();
    found
        .into_iter()
        .map(|f| PluginInfo {
            name: f.manifest.plugin.name.clone(),
            version: f.manifest.plugin.version.clone(),
            status: crate::plugin::host::trust_text(&lock, &f.manifest),
            running: crate::plugin::kept::idle_seconds(&f.manifest.dir),
            transport: f.manifest.transport_text(),
            commands: f.manifest.commands.clone(),
        })
        .collect()
}

/// A rule of the shipped pack, as the catalog lists it and Enter opens it in a buffer.
#[derive(Debug, Clone)]
pub struct CatalogRule {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct CatalogTable {
    pub name: String,
    /// Row count; −1 for a view (not counted).
    pub rows: i64,
    pub columns: Columns,
}

/// One declaration as the case view shows it (the library's case file).
pub use crate::case::Case;

/// Reason codes an analyst flags a declaration with (the library's).
pub use crate::case::REASON_CODES;

/// The worker, threaded or inline.
pub enum Worker {
    Thread {
        jobs: Sender<Job>,
        interrupt: Arc<duckdb::InterruptHandle>,
    },
    Inline {
        ws: Box<Workspace>,
        events: VecDeque<Event>,
    },
}

impl Worker {
    /// A worker thread with a clone of `ws`'s connection, sending events through `out`.
    pub fn spawn<T: Send + 'static>(
        ws: &Workspace,
        out: Sender<T>,
        wrap: fn(Event) -> T,
    ) -> Result<Self> {
        let own = clone_workspace(ws)?;
        let interrupt = own.conn.interrupt_handle();
        let (jobs, inbox): (Sender<Job>, Receiver<Job>) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for job in inbox {
                // events go out as they happen: a plugin stream shows its items live
                let mut gone = false;
                run(&own, job, &mut |e| gone |= out.send(wrap(e)).is_err());
                if gone {
                    return;
                }
            }
        });
        Ok(Worker::Thread { jobs, interrupt })
    }

    /// Jobs run when submitted, on the caller's thread (replays and tests).
    pub fn inline(ws: &Workspace) -> Result<Self> {
        Ok(Worker::Inline {
            ws: Box::new(clone_workspace(ws)?),
            events: VecDeque::new(),
        })
    }

    pub fn submit(&mut self, job: Job) {
        match self {
            Worker::Thread { jobs, .. } => {
                let _ = jobs.send(job);
            }
            Worker::Inline { ws, events } => run(ws, job, &mut |e| events.push_back(e)),
        }
    }

    /// Asks DuckDB to stop the running statement.
    pub fn cancel(&self) {
        STREAM_STOP.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Worker::Thread { interrupt, .. } = self {
            interrupt.interrupt();
        }
    }

    /// Events produced inline since the last call.
    pub fn drain(&mut self) -> Vec<Event> {
        match self {
            Worker::Inline { events, .. } => events.drain(..).collect(),
            Worker::Thread { .. } => vec![],
        }
    }
}

fn clone_workspace(ws: &Workspace) -> Result<Workspace> {
    Ok(Workspace {
        path: ws.path.clone(),
        conn: ws.conn.try_clone()?,
        read_only: ws.read_only,
        limits: ws.limits,
    })
}

fn fail(id: Option<u64>, e: impl std::fmt::Display) -> Event {
    Event::Failed {
        id,
        message: first_line(&e.to_string()).to_string(),
    }
}

/// The editor runs queries only: data changes go through clearway's commands, which keep the
/// audit trail. DuckDB's parser decides what the statement is ([`crate::sql::statements`]).
pub fn check_is_query(
    conn: &duckdb::Connection,
    sql: &str,
) -> std::result::Result<StatementKind, String> {
    use crate::sql::statements::{require_query, Refusal};
    match require_query(conn, sql) {
        Ok(kind) => Ok(kind),
        Err(e @ Refusal::NotAQuery { .. }) => Err(format!(
            "{e}: the TUI runs queries; change data with clearway's commands (load, risk run, …)"
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// The column names and types of a relation.
fn columns_of(conn: &duckdb::Connection, source: &str) -> Result<Columns> {
    let mut stmt = conn.prepare(&format!("DESCRIBE SELECT * FROM {source}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Rows of a statement as display text (small results only: stats, frequencies, case items) —
/// the library's, shared with the case file.
use crate::case::rows as table_rows;

/// Marks where a view's ORDER BY starts, so that counting can leave the sort out.
const ORDER_MARK: &str = "/* clearway: order */";

/// `SELECT …` over a relation: a view's own statement (so that DuckDB sees `ORDER BY … LIMIT`
/// and answers with a top-N instead of a full sort), else `SELECT * FROM relation`.
fn select_from(source: &str) -> String {
    match source.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        Some(statement) if statement.starts_with("SELECT") => statement.to_string(),
        _ => format!("SELECT * FROM {source}"),
    }
}

/// The relation without its sort: the row count does not depend on the order.
fn unordered(source: &str) -> String {
    match source.find(ORDER_MARK) {
        Some(i) if source.starts_with('(') => format!("{})", source[..i].trim_end()),
        _ => source.to_string(),
    }
}

fn result_table(id: u64) -> String {
    format!("_cw_result_{id}")
}

/// Runs one job: the function that answers it.
fn run(ws: &Workspace, job: Job, emit: &mut dyn FnMut(Event)) {
    crate::plugin::kept::reap_idle();
    match job {
        Job::Housekeeping => {}
        Job::Query { id, sql } => query(ws, id, &sql, emit),
        Job::Preview { id, table } => answer(emit, Some(id), preview(ws, id, &table)),
        Job::Derive {
            id,
            base,
            filter,
            sort,
        } => answer(emit, Some(id), derive(ws, id, &base, filter, sort)),
        Job::Count { id, source } => answer(emit, Some(id), count(ws, id, &source)),
        Job::Page {
            id,
            source,
            offset,
            limit,
        } => answer(emit, Some(id), page(ws, id, &source, offset, limit)),
        Job::Catalog => answer(emit, None, catalog_with_plugins(ws)),
        Job::Stats { id, source, column } => {
            answer(emit, Some(id), stats(ws, id, &source, &column))
        }
        Job::Freq { id, source, column } => answer(emit, Some(id), freq(ws, id, &source, &column)),
        Job::Chart { id, spec } => answer(emit, Some(id), chart(ws, id, &spec)),
        Job::SaveChart { spec, path } => answer(emit, None, save_chart(ws, &spec, &path)),
        Job::Export {
            source,
            format,
            path,
        } => export(ws, &source, format, &path, emit),
        Job::PluginCall {
            id,
            plugin,
            command,
            args,
            input,
        } => plugin_call(ws, id, &plugin, &command, args, input.as_deref(), emit),
        Job::PluginStream {
            plugin,
            command,
            args,
            into,
            max_items,
        } => plugin_stream(ws, &plugin, &command, args, &into, max_items, emit),
        Job::PluginApprove { plugin } => answer(emit, None, plugin_approve(ws, &plugin)),
        Job::RiskRun => risk_run(ws, emit),
        Job::TopRisks => answer(emit, None, top_risks(ws)),
        Job::Case { declaration_id } => answer(emit, None, open_case(ws, &declaration_id)),
        Job::Annotate {
            declaration_id,
            reason_code,
            note,
        } => annotate(ws, &declaration_id, &reason_code, &note, emit),
        Job::InspectBrief {
            declaration_id,
            out,
        } => answer(
            emit,
            None,
            crate::inspect::brief::write(ws, &declaration_id, None, &out)
                .map(|b| done(&b.summary())),
        ),
        Job::InspectRecord { path } => answer(
            emit,
            None,
            crate::inspect::record::record(ws, &path).map(|r| done(&r.summary())),
        ),
        Job::Scene { tracks, out } => answer(emit, None, scene(ws, tracks, &out)),
    }
}

/// Sends a job's answer, or its failure (tied to request `id`, when there is one).
fn answer(emit: &mut dyn FnMut(Event), id: Option<u64>, outcome: Result<Event>) {
    emit(outcome.unwrap_or_else(|e| fail(id, e)));
}

/// A result ready for the grid: the relation `source` and its columns.
fn result(ws: &Workspace, id: u64, source: String, started: Instant) -> Result<Event> {
    Ok(Event::Result {
        id,
        columns: columns_of(&ws.conn, &source)?,
        source,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The analyst's statement, if it is a query, materialised as result `id`.
fn query(ws: &Workspace, id: u64, sql: &str, emit: &mut dyn FnMut(Event)) {
    let started = Instant::now();
    emit(Event::Started {
        what: "query".into(),
    });
    let kind = match check_is_query(&ws.conn, sql) {
        Ok(kind) => kind,
        Err(why) => {
            return emit(Event::Failed {
                id: Some(id),
                message: why,
            })
        }
    };
    let table = result_table(id);
    let outcome = materialise(&ws.conn, &table, sql, &kind)
        .and_then(|_| audit_query(ws, sql, &table))
        .and_then(|_| result(ws, id, table, started));
    answer(emit, Some(id), outcome);
}

/// The query's rows as the temporary table `table`, which the grid pages through.
fn materialise(
    conn: &duckdb::Connection,
    table: &str,
    sql: &str,
    kind: &StatementKind,
) -> Result<()> {
    let body = crate::sql::statement_body(sql);
    if *kind == StatementKind::Explain {
        return materialise_explain(conn, table, body);
    }
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM ({body})"
    ))?;
    Ok(())
}

/// DuckDB takes no EXPLAIN as a subquery, so the plan's rows (key and text, as DuckDB prints
/// them) are read and written into the result table as bound values. The statement was checked
/// to be one EXPLAIN of a query before it gets here.
fn materialise_explain(conn: &duckdb::Connection, table: &str, body: &str) -> Result<()> {
    let mut explain = conn.prepare(body)?;
    let rows: Vec<(String, String)> = explain
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE {table} (explain_key VARCHAR, explain_value VARCHAR)"
    ))?;
    let mut insert = conn.prepare(&format!("INSERT INTO {table} VALUES (?, ?)"))?;
    for (key, value) in rows {
        insert.execute([key, value])?;
    }
    Ok(())
}

/// Records the query in the audit trail as `clearway query` does (the rows it gave; the grid is
/// its output, so no format and no file).
fn audit_query(ws: &Workspace, sql: &str, table: &str) -> Result<()> {
    let rows: i64 = ws
        .conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    crate::workspace::audit::query_record(sql, &[], None, rows as usize, None).append(ws)
}

/// A table as it is (no copy).
fn preview(ws: &Workspace, id: u64, table: &str) -> Result<Event> {
    result(ws, id, ident(table), Instant::now())
}

/// Result `id` = `base` filtered and sorted. A view, not a copy: the first page of a sorted
/// result is a top-N query, which DuckDB answers without sorting (or holding) the whole
/// result; DESCRIBE checks the filter before any page is asked for.
fn derive(
    ws: &Workspace,
    id: u64,
    base: &str,
    filter: Option<String>,
    sort: Option<(String, bool)>,
) -> Result<Event> {
    let started = Instant::now();
    let mut view = format!("(SELECT * FROM {base}");
    if let Some(f) = &filter {
        view.push_str(&format!(" WHERE {f}"));
    }
    if let Some((col, desc)) = &sort {
        view.push_str(&format!(
            " {ORDER_MARK} ORDER BY {} {} NULLS LAST",
            ident(col),
            if *desc { "DESC" } else { "ASC" }
        ));
    }
    view.push(')');
    // The filter is the analyst's SQL text: it must keep the view one query. Without this,
    // `1=1); DELETE FROM declarations; SELECT (1` ran the DELETE while DESCRIBE was prepared
    // (duckdb-rs runs every statement but the last), with no audit record.
    check_is_query(&ws.conn, &select_from(&view)).map_err(|why| {
        crate::error::Error::usage(
            format!("the filter does not keep the result one query: {why}"),
            "a filter is one condition, as after WHERE: e.g. customs_value > 1000",
        )
    })?;
    result(ws, id, view, started)
}

fn count(ws: &Workspace, id: u64, source: &str) -> Result<Event> {
    let rows: i64 = ws.conn.query_row(
        &format!("SELECT count(*) FROM {}", unordered(source)),
        [],
        |r| r.get(0),
    )?;
    Ok(Event::Counted {
        id,
        rows: rows as u64,
    })
}

fn page(ws: &Workspace, id: u64, source: &str, offset: u64, limit: u64) -> Result<Event> {
    let sql = format!("{} LIMIT {limit} OFFSET {offset}", select_from(source));
    let (_, rows) = table_rows(&ws.conn, &sql, &[])?;
    Ok(Event::Page { id, offset, rows })
}

fn catalog_with_plugins(ws: &Workspace) -> Result<Event> {
    let mut c = catalog(&ws.conn)?;
    c.plugins = plugin_infos(&ws.path);
    Ok(Event::Catalog(c))
}

fn stats(ws: &Workspace, id: u64, source: &str, column: &str) -> Result<Event> {
    let sql = format!(
        // one row per statistic (one column's summary reads down, not across); mean
        // and deviation to six significant digits: their last digits depend on the
        // order parallel threads add in, and a screen should not flicker
        "UNPIVOT (SELECT column_type AS type, CAST(count AS VARCHAR) AS rows,
                         CAST(null_percentage AS VARCHAR) || ' %' AS nulls,
                         CAST(approx_unique AS VARCHAR) AS distinct_approx, min, max,
                         printf('%.6g', TRY_CAST(avg AS DOUBLE)) AS mean,
                         printf('%.6g', TRY_CAST(std AS DOUBLE)) AS std_dev,
                         q25, q50 AS median, q75
                  FROM (SUMMARIZE SELECT {} FROM {source}))
         ON COLUMNS(*) INTO NAME statistic VALUE value",
        ident(column)
    );
    let (columns, rows) = table_rows(&ws.conn, &sql, &[])?;
    Ok(Event::Table {
        id,
        title: format!("statistics of {column}"),
        columns,
        rows,
    })
}

fn freq(ws: &Workspace, id: u64, source: &str, column: &str) -> Result<Event> {
    let c = ident(column);
    let sql = format!(
        "SELECT {c} AS value, count(*) AS rows, round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct
         FROM {source} GROUP BY {c} ORDER BY rows DESC, value LIMIT 1000"
    );
    let (columns, rows) = table_rows(&ws.conn, &sql, &[])?;
    Ok(Event::Table {
        id,
        title: format!("frequency of {column} (Enter shows the rows)"),
        columns,
        rows,
    })
}

fn chart(ws: &Workspace, id: u64, spec: &crate::viz::PlotSpec) -> Result<Event> {
    Ok(Event::Chart {
        id,
        chart: Box::new(crate::viz::data::build(&ws.conn, spec)?),
    })
}

/// The chart shown, drawn into `path` at `clearway plot`'s default size, and audited as
/// `clearway plot` audits it.
fn save_chart(
    ws: &Workspace,
    spec: &crate::viz::PlotSpec,
    path: &std::path::Path,
) -> Result<Event> {
    let saved = crate::viz::save::save(&ws.conn, spec, path, 1200, 720)?;
    saved.record.append(ws)?;
    Ok(Event::Done {
        message: format!("chart saved to {}", path.display()),
    })
}

/// The current result exported with its provenance sidecar, and audited as `clearway export`
/// audits it.
fn export(
    ws: &Workspace,
    source: &str,
    format: crate::export::ExportFormat,
    path: &std::path::Path,
    emit: &mut dyn FnMut(Event),
) {
    emit(Event::Started {
        what: "export".into(),
    });
    let outcome = (|| {
        let exported =
            crate::export::export(ws, &format!("SELECT * FROM {source}"), &[], format, path)?;
        exported.record.append(ws)?;
        Ok(Event::Done {
            message: format!(
                "exported {} rows to {} (provenance: {})",
                exported.provenance.rows,
                path.display(),
                crate::export::sidecar_path(path).display()
            ),
        })
    })();
    answer(emit, None, outcome);
}

/// A plugin command on the current result (`input`, a relation) or on nothing, through the
/// library's call pipeline on the plugin's kept session: a table it returns becomes result
/// `id` (a temporary table), JSON is shown in a popup.
fn plugin_call(
    ws: &Workspace,
    id: u64,
    plugin: &str,
    command: &str,
    args: serde_json::Map<String, serde_json::Value>,
    input: Option<&str>,
    emit: &mut dyn FnMut(Event),
) {
    emit(Event::Started {
        what: format!("{plugin} {command}"),
    });
    let started = Instant::now();
    let request = CallRequest {
        plugin: plugin.to_string(),
        command: command.to_string(),
        args,
        input_query: input.map(select_from),
        input_format: None,
        keep: Keep::Temp(result_table(id)),
        // the App asks before it submits a side-effecting command (its confirmation popup)
        confirmed: true,
        sessions: Sessions::Kept,
        timeout_ms: None,
        from: Some("tui"),
    };
    let outcome = prepare_call(&ws.path, request)
        .and_then(|call| call.run(ws, &mut Unwatched))
        .and_then(|called| match called.temp {
            Some(table) => result(ws, id, table, started),
            None => Ok(Event::Table {
                id,
                title: format!("{plugin} {command}"),
                columns: vec![("result".into(), "JSON".into())],
                rows: serde_json::to_string_pretty(&called.value)
                    .unwrap_or_default()
                    .lines()
                    .map(|l| vec![l.to_string()])
                    .collect(),
            }),
        });
    answer(emit, Some(id), outcome);
}

/// A plugin stream's items shown live, until Esc ([`Worker::cancel`]).
struct Live<'a> {
    emit: &'a mut dyn FnMut(Event),
}

impl Watch for Live<'_> {
    fn item(&mut self, value: &serde_json::Value, sensitive: bool) -> Flow {
        (self.emit)(Event::PluginItem {
            text: if sensitive {
                "(sensitive item)".into()
            } else {
                value.to_string()
            },
        });
        Flow::Continue
    }

    fn stop_asked(&mut self) -> bool {
        STREAM_STOP.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Streams a plugin's items to the TUI as they come, until Esc or `max_items`, through the
/// library's stream pipeline, which stores them in `into` and audits the stream.
fn plugin_stream(
    ws: &Workspace,
    plugin: &str,
    command: &str,
    args: serde_json::Map<String, serde_json::Value>,
    into: &str,
    max_items: u64,
    emit: &mut dyn FnMut(Event),
) {
    STREAM_STOP.store(false, std::sync::atomic::Ordering::SeqCst);
    let request = StreamRequest {
        plugin: plugin.to_string(),
        command: command.to_string(),
        args,
        into: into.to_string(),
        // the App asks no confirmation for a stream: one with side effects is refused
        confirmed: false,
        trust: false,
        timeout_ms: None,
        duration: None,
        max_items: Some(max_items),
        from: Some("tui"),
    };
    let message = match prepare_stream(&ws.path, request)
        .and_then(|stream| stream.run(ws, &mut Live { emit: &mut *emit }))
    {
        Ok(streamed) => format!(
            "{} items from {plugin} {command} ({}); {} rows stored in {into}",
            streamed.items,
            match &streamed.failure {
                None => "ended".to_string(),
                Some(f) => f.explain(plugin).0,
            },
            streamed.stored
        ),
        Err(e) => format!("stopped: {}", first_line(&e.to_string())),
    };
    emit(Event::PluginDone { message });
}

/// Trusts a plugin: handshake, then its files pinned in plugins.lock.
fn plugin_approve(ws: &Workspace, plugin: &str) -> Result<Event> {
    crate::plugin::host::approve(&ws.path, plugin)?;
    Ok(Event::Done {
        message: format!("approved {plugin}: its files are pinned in plugins.lock"),
    })
}

/// The default pack run as `clearway risk run` runs it (the workspace's `[risk.params]`
/// applied), then the top risks of the new run.
fn risk_run(ws: &Workspace, emit: &mut dyn FnMut(Event)) {
    emit(Event::Started {
        what: "risk run".into(),
    });
    let done = crate::risk::prepare_run(&ws.path, &crate::risk::RunRequest::default())
        .and_then(|run| run.run(ws, |_, _| {}));
    match done {
        Ok(r) => {
            emit(Event::Done {
                message: format!(
                    "risk run {}: {} declarations scored in {:.1} s",
                    r.run_id, r.scored_declarations, r.seconds
                ),
            });
            answer(emit, None, top_risks(ws));
        }
        Err(e) => emit(fail(None, e)),
    }
}

fn top_risks(ws: &Workspace) -> Result<Event> {
    let (columns, rows) = crate::case::top_risks(ws)?;
    Ok(Event::Table {
        id: 0,
        title: "top risks".into(),
        columns,
        rows,
    })
}

fn open_case(ws: &Workspace, declaration_id: &str) -> Result<Event> {
    let case = crate::case::build(ws, declaration_id)?;
    // the case view shows the explanation `clearway risk explain` prints: recorded alike
    if let Some(e) = &case.explanation {
        crate::risk::runner::explain_record(e).append(ws)?;
    }
    Ok(Event::Case(Box::new(case)))
}

/// Builds and writes a scene, audited as the TUI's.
fn scene(ws: &Workspace, tracks: bool, out: &std::path::Path) -> Result<Event> {
    use crate::scene::{flows, tracks as cube};
    let built = if tracks {
        cube::build(ws, &cube::TracksRequest::default())?
    } else {
        flows::build(ws, &flows::FlowsRequest::default())?
    };
    let written = crate::scene::save(&built, out)?;
    crate::workspace::audit::append(
        ws,
        "tui scene",
        serde_json::json!({
            "kind": if tracks { "tracks" } else { "flows" },
            "out": written.path, "bytes": written.bytes,
        }),
    )?;
    Ok(done(&written.summary()))
}

/// A finished job's message for the status line: the summary's first line.
fn done(summary: &str) -> Event {
    Event::Done {
        message: first_line(summary).to_string(),
    }
}

/// Flags the open case, then shows it again with the flag.
fn annotate(
    ws: &Workspace,
    declaration_id: &str,
    reason_code: &str,
    note: &str,
    emit: &mut dyn FnMut(Event),
) {
    let done = crate::case::annotate(ws, declaration_id, reason_code, note)
        .and_then(|_| crate::case::build(ws, declaration_id));
    match done {
        Ok(c) => {
            emit(Event::Done {
                message: format!("{declaration_id} flagged {reason_code}"),
            });
            emit(Event::Case(Box::new(c)));
        }
        Err(e) => emit(fail(None, e)),
    }
}

fn catalog(conn: &duckdb::Connection) -> Result<Catalog> {
    let names: Vec<(String, bool)> = {
        let mut stmt = conn.prepare(
            "SELECT table_name, table_type = 'VIEW' FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let mut tables = Vec::new();
    for (name, view) in names {
        let source = ident(&name);
        // a view is a query (declaration_telemetry joins two big tables): not counted here
        let rows: i64 = if view {
            -1
        } else {
            conn.query_row(&format!("SELECT count(*) FROM {source}"), [], |r| r.get(0))?
        };
        tables.push(CatalogTable {
            columns: columns_of(conn, &source)?,
            name,
            rows,
        });
    }
    let functions = {
        let mut stmt =
            conn.prepare("SELECT DISTINCT function_name FROM duckdb_functions() ORDER BY 1")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let rules = crate::risk::load_pack(crate::risk::DEFAULT_PACK)
        .map(|rs| rs.into_iter().map(rule_entry).collect())
        .unwrap_or_default();
    let loads = {
        let mut stmt = conn.prepare(
            "SELECT load_id, regexp_extract(source_file, '[^/\\\\]*$'), rows_loaded, rows_rejected
             FROM loads ORDER BY load_id DESC LIMIT 50",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    Ok(Catalog {
        tables,
        loads,
        rules,
        functions,
        plugins: Vec::new(),
    })
}

/// A rule's SQL with what it needs to be read (and adapted) in the editor.
fn rule_entry(rule: crate::risk::rule::Rule) -> CatalogRule {
    let params: Vec<String> = rule
        .params
        .iter()
        .map(|p| {
            format!(
                "${} = {}",
                p.name,
                serde_json::to_string(&p.default).unwrap_or_default()
            )
        })
        .collect();
    let text = format!(
        "-- rule {} (v{}, {}): {}\n-- parameters, bound by `clearway risk run`: {}\n{}",
        rule.id,
        rule.version,
        rule.severity.name(),
        rule.title,
        if params.is_empty() {
            "none".into()
        } else {
            params.join(", ")
        },
        rule.sql.trim()
    );
    CatalogRule { id: rule.id, text }
}

/// Shuts down every kept plugin session (the TUI is leaving).
pub fn stop_plugins() {
    crate::plugin::kept::stop_all();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_page_as_their_own_statement_and_count_without_sorting() {
        let view = format!(
            "(SELECT * FROM \"t\" WHERE a > 1 {ORDER_MARK} ORDER BY \"a\" DESC NULLS LAST)"
        );
        assert_eq!(
            select_from(&view),
            format!("SELECT * FROM \"t\" WHERE a > 1 {ORDER_MARK} ORDER BY \"a\" DESC NULLS LAST")
        );
        assert_eq!(unordered(&view), "(SELECT * FROM \"t\" WHERE a > 1)");
        assert_eq!(select_from("\"t\""), "SELECT * FROM \"t\"");
        assert_eq!(unordered("_cw_result_3"), "_cw_result_3");
    }

    #[test]
    fn only_queries_run_from_the_editor() {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        assert!(check_is_query(&conn, "  -- top\n select 1").is_ok());
        assert!(check_is_query(&conn, "(SELECT 1)").is_ok());
        assert!(check_is_query(&conn, "summarize declarations").is_ok());
        assert!(check_is_query(&conn, "DELETE FROM declarations")
            .unwrap_err()
            .starts_with("DELETE is not a query"));
        assert_eq!(check_is_query(&conn, "  ").unwrap_err(), "nothing to run");
    }

    #[test]
    fn a_grid_filter_cannot_smuggle_in_a_second_statement() {
        let ws = Workspace::in_memory().unwrap();
        ws.conn
            .execute_batch("CREATE TABLE t AS SELECT range AS n FROM range(10)")
            .unwrap();
        let smuggled = "1=1); DELETE FROM t; SELECT * FROM (SELECT 1".to_string();
        let refused = derive(&ws, 1, "t", Some(smuggled), None);
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("one query"), "{message}");
        let left: i64 = ws
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 10);
        let fine = derive(&ws, 2, "t", Some("n > 5".into()), Some(("n".into(), true)));
        assert!(matches!(fine, Ok(Event::Result { .. })));
    }

    #[test]
    fn an_explain_shows_its_plan_in_the_grid() {
        let ws = Workspace::in_memory().unwrap();
        let mut events = Vec::new();
        query(&ws, 7, "EXPLAIN SELECT 42 AS answer", &mut |e| {
            events.push(e)
        });
        let Some(Event::Result {
            source, columns, ..
        }) = events.last()
        else {
            panic!("no result: {events:#?}");
        };
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["explain_key", "explain_value"]);
        let plan: String = ws
            .conn
            .query_row(&format!("SELECT explain_value FROM {source}"), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(plan.to_lowercase().contains("projection"), "{plan}");
        // an EXPLAIN of a change is refused before anything runs
        let mut refused = Vec::new();
        query(&ws, 8, "EXPLAIN ANALYZE DELETE FROM audit_log", &mut |e| {
            refused.push(e)
        });
        assert!(
            matches!(refused.last(), Some(Event::Failed { message, .. }) if message.contains("not a query")),
            "{refused:#?}"
        );
    }
}
