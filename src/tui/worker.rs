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

use crate::error::{first_line, Error, Result};
use crate::sql::ident;
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
        format: crate::cli::ExportFormat,
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
    let running = kept_status();
    found
        .into_iter()
        .map(|f| PluginInfo {
            name: f.manifest.plugin.name.clone(),
            version: f.manifest.plugin.version.clone(),
            status: crate::plugin::host::trust_text(&lock, &f.manifest),
            running: running.get(&f.manifest.plugin.name).copied(),
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
pub fn check_is_query(conn: &duckdb::Connection, sql: &str) -> std::result::Result<(), String> {
    use crate::sql::statements::{require_query, Refusal};
    match require_query(conn, sql) {
        Ok(_) => Ok(()),
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

fn run(ws: &Workspace, job: Job, emit: &mut dyn FnMut(Event)) {
    let conn = &ws.conn;
    let started = Instant::now();
    reap_idle_plugins();
    match job {
        Job::Housekeeping => {}
        Job::Query { id, sql } => {
            emit(Event::Started {
                what: "query".into(),
            });
            if let Err(why) = check_is_query(conn, &sql) {
                return emit(Event::Failed {
                    id: Some(id),
                    message: why,
                });
            }
            let table = result_table(id);
            let body = crate::sql::statement_body(&sql);
            let create = format!("CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM ({body})");
            match conn
                .execute_batch(&create)
                .map_err(Error::from)
                .and_then(|_| columns_of(conn, &table))
            {
                Ok(columns) => emit(Event::Result {
                    id,
                    source: table,
                    columns,
                    seconds: started.elapsed().as_secs_f64(),
                }),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::Preview { id, table } => {
            let source = ident(&table);
            match columns_of(conn, &source) {
                Ok(columns) => emit(Event::Result {
                    id,
                    source,
                    columns,
                    seconds: started.elapsed().as_secs_f64(),
                }),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::Derive {
            id,
            base,
            filter,
            sort,
        } => {
            // A view, not a copy: the first page of a sorted result is a top-N query, which
            // DuckDB answers without sorting (or holding) the whole result; DESCRIBE checks
            // the filter before any page is asked for.
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
            match columns_of(conn, &view) {
                Ok(columns) => emit(Event::Result {
                    id,
                    source: view,
                    columns,
                    seconds: started.elapsed().as_secs_f64(),
                }),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::Count { id, source } => {
            match conn.query_row(
                &format!("SELECT count(*) FROM {}", unordered(&source)),
                [],
                |r| r.get::<_, i64>(0),
            ) {
                Ok(n) => emit(Event::Counted { id, rows: n as u64 }),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::Page {
            id,
            source,
            offset,
            limit,
        } => {
            let sql = format!("{} LIMIT {limit} OFFSET {offset}", select_from(&source));
            match table_rows(conn, &sql, &[]) {
                Ok((_, rows)) => emit(Event::Page { id, offset, rows }),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::Catalog => match catalog(conn) {
            Ok(mut c) => {
                c.plugins = plugin_infos(&ws.path);
                emit(Event::Catalog(c))
            }
            Err(e) => emit(fail(None, e)),
        },
        Job::Stats { id, source, column } => {
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
                ident(&column)
            );
            match table_rows(conn, &sql, &[]) {
                Ok((columns, rows)) => emit(Event::Table {
                    id,
                    title: format!("statistics of {column}"),
                    columns,
                    rows,
                }),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::Freq { id, source, column } => {
            let c = ident(&column);
            let sql = format!(
                "SELECT {c} AS value, count(*) AS rows, round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct
                 FROM {source} GROUP BY {c} ORDER BY rows DESC, value LIMIT 1000"
            );
            match table_rows(conn, &sql, &[]) {
                Ok((columns, rows)) => emit(Event::Table {
                    id,
                    title: format!("frequency of {column} (Enter shows the rows)"),
                    columns,
                    rows,
                }),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::Chart { id, spec } => match crate::viz::data::build(conn, &spec) {
            Ok(chart) => emit(Event::Chart {
                id,
                chart: Box::new(chart),
            }),
            Err(e) => emit(fail(Some(id), e)),
        },
        Job::SaveChart { spec, path } => {
            let done = crate::viz::data::build(conn, &spec)
                .and_then(|chart| crate::commands::plot::write_chart(&chart, &path, 1200, 720));
            match done {
                Ok(()) => emit(Event::Done {
                    message: format!("chart saved to {}", path.display()),
                }),
                Err(e) => emit(fail(None, e)),
            }
        }
        Job::Export {
            source,
            format,
            path,
        } => {
            emit(Event::Started {
                what: "export".into(),
            });
            match crate::commands::export::export(
                ws,
                &format!("SELECT * FROM {source}"),
                &[],
                format,
                &path,
            ) {
                Ok(p) => emit(Event::Done {
                    message: format!(
                        "exported {} rows to {} (provenance: {})",
                        p.rows,
                        path.display(),
                        crate::commands::export::sidecar_path(&path).display()
                    ),
                }),
                Err(e) => emit(fail(None, e)),
            }
        }
        Job::PluginCall {
            id,
            plugin,
            command,
            args,
            input,
        } => {
            emit(Event::Started {
                what: format!("{plugin} {command}"),
            });
            match plugin_call(ws, id, &plugin, &command, &args, input.as_deref()) {
                Ok(e) => emit(e),
                Err(e) => emit(fail(Some(id), e)),
            }
        }
        Job::PluginStream {
            plugin,
            command,
            args,
            into,
            max_items,
        } => match plugin_stream(ws, &plugin, &command, &args, &into, max_items, emit) {
            Ok(message) => emit(Event::PluginDone { message }),
            Err(e) => emit(Event::PluginDone {
                message: format!("stopped: {}", first_line(&e.to_string())),
            }),
        },
        Job::PluginApprove { plugin } => {
            let approved = crate::plugin::find(&ws.path, &plugin).and_then(|m| {
                let session = crate::plugin::session::Session::start(&m)
                    .map_err(|f| crate::plugin::failed(&plugin, &f))?;
                crate::plugin::host::pin(&ws.path, &m, &session)?;
                session.shutdown();
                Ok(())
            });
            match approved {
                Ok(()) => emit(Event::Done {
                    message: format!("approved {plugin}: its files are pinned in plugins.lock"),
                }),
                Err(e) => emit(fail(None, e)),
            }
        }
        Job::RiskRun => {
            emit(Event::Started {
                what: "risk run".into(),
            });
            let done = crate::risk::load_pack(crate::risk::DEFAULT_PACK).and_then(|rules| {
                crate::risk::runner::run(
                    ws,
                    crate::risk::DEFAULT_PACK,
                    &rules,
                    &crate::risk::Overrides::default(),
                    |_, _| {},
                )
            });
            match done {
                Ok(r) => {
                    emit(Event::Done {
                        message: format!(
                            "risk run {}: {} declarations scored in {:.1} s",
                            r.run_id, r.scored_declarations, r.seconds
                        ),
                    });
                    run(ws, Job::TopRisks, emit);
                }
                Err(e) => emit(fail(None, e)),
            }
        }
        Job::TopRisks => {
            let sql = "SELECT s.declaration_id, round(s.total, 2) AS score, coalesce(s.lane, '') AS lane,
                              coalesce(a.reason_code, '') AS flag, s.top_reasons[1] AS top_reason
                       FROM risk_scores s
                       LEFT JOIN (SELECT declaration_id, arg_max(reason_code, annotation_id) AS reason_code FROM annotations GROUP BY 1) a USING (declaration_id)
                       WHERE s.run_id = (SELECT max(run_id) FROM risk_runs)
                       ORDER BY s.total DESC, s.declaration_id LIMIT 500";
            match table_rows(conn, sql, &[]) {
                Ok((columns, rows)) => emit(Event::Table {
                    id: 0,
                    title: "top risks".into(),
                    columns,
                    rows,
                }),
                Err(e) => emit(fail(None, e)),
            }
        }
        Job::Case { declaration_id } => match case(ws, &declaration_id) {
            Ok(c) => emit(Event::Case(Box::new(c))),
            Err(e) => emit(fail(None, e)),
        },
        Job::Annotate {
            declaration_id,
            reason_code,
            note,
        } => {
            let done = annotate(ws, &declaration_id, &reason_code, &note)
                .and_then(|_| case(ws, &declaration_id));
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

fn case(ws: &Workspace, declaration_id: &str) -> Result<Case> {
    crate::case::build(ws, declaration_id)
}

/// Reason codes an analyst flags a declaration with.
pub const REASON_CODES: &[&str] = &[
    "SUSPECT_VALUE",
    "SUSPECT_ORIGIN",
    "MISCLASSIFIED",
    "SPLIT_SHIPMENT",
    "DOCUMENTS",
    "CLEARED",
    "OTHER",
];

fn annotate(ws: &Workspace, declaration_id: &str, reason_code: &str, note: &str) -> Result<()> {
    let code = reason_code.to_ascii_uppercase();
    if !REASON_CODES.contains(&code.as_str()) {
        return Err(Error::usage(
            format!("unknown reason code {reason_code}"),
            format!("reason codes: {}", REASON_CODES.join(", ")),
        ));
    }
    ws.conn.execute(
        "INSERT INTO annotations SELECT coalesce(max(annotation_id), 0) + 1, ?, ?, NULLIF(?, ''),
                (SELECT max(run_id) FROM risk_runs), now()::TIMESTAMP, ? FROM annotations",
        duckdb::params![declaration_id, code, note, crate::workspace::audit::actor()],
    )?;
    crate::workspace::audit::append(
        ws,
        "tui annotate",
        serde_json::json!({ "declaration_id": declaration_id, "reason_code": code, "note": note }),
    )
}

/// Plugin sessions the TUI keeps between calls, so a plugin that loads a model or opens a
/// connection pool does it once: each is shut down after its manifest's `idle_shutdown_s`
/// ([`reap_idle_plugins`], run before every job and on the interactive loop's housekeeping
/// ticks) and when the TUI ends ([`stop_plugins`]). Streams always get their own session.
static KEPT: std::sync::Mutex<
    std::collections::BTreeMap<String, (crate::plugin::session::Session, Instant)>,
> = std::sync::Mutex::new(std::collections::BTreeMap::new());

fn kept() -> std::sync::MutexGuard<
    'static,
    std::collections::BTreeMap<String, (crate::plugin::session::Session, Instant)>,
> {
    KEPT.lock().unwrap_or_else(|p| p.into_inner())
}

/// The plugin's kept session when it is still approved (its files unchanged), else a new one.
fn kept_session(
    ws: &Workspace,
    m: &crate::plugin::manifest::Manifest,
) -> Result<crate::plugin::session::Session> {
    let kept = kept().remove(&m.plugin.name);
    let approved = matches!(
        crate::plugin::host::lock(&ws.path)?.trust(m),
        Ok(crate::plugin::discovery::Trust::Approved)
    );
    match kept {
        Some((session, _)) if approved => Ok(session),
        // changed since it started: stopped, and the new files are refused until approved
        Some((session, _)) => {
            session.shutdown();
            Ok(crate::plugin::host::start(&ws.path, m, false)?.0)
        }
        None => Ok(crate::plugin::host::start(&ws.path, m, false)?.0),
    }
}

fn keep_session(session: crate::plugin::session::Session) {
    let name = session.manifest.plugin.name.clone();
    if let Some((old, _)) = kept().insert(name, (session, Instant::now())) {
        old.shutdown();
    }
}

/// Shuts down kept sessions idle longer than their manifest allows.
pub fn reap_idle_plugins() {
    let mut kept = kept();
    let idle: Vec<String> = kept
        .iter()
        .filter(|(_, (s, used))| used.elapsed().as_secs() >= s.manifest.limits.idle_shutdown_s)
        .map(|(name, _)| name.clone())
        .collect();
    for name in idle {
        if let Some((session, _)) = kept.remove(&name) {
            session.shutdown();
        }
    }
}

/// Shuts down every kept session (the TUI is leaving).
pub fn stop_plugins() {
    let all = std::mem::take(&mut *kept());
    for (_, (session, _)) in all {
        session.shutdown();
    }
}

/// Which plugins have a kept session, and how long each has been idle.
fn kept_status() -> std::collections::BTreeMap<String, u64> {
    kept()
        .iter()
        .map(|(name, (_, used))| (name.clone(), used.elapsed().as_secs()))
        .collect()
}

/// Runs a plugin command for the TUI: the current result as its input table when it takes
/// one; a table it returns becomes result `id` (a temporary table), JSON a popup.
fn plugin_call(
    ws: &Workspace,
    id: u64,
    plugin: &str,
    command: &str,
    args: &serde_json::Map<String, serde_json::Value>,
    input: Option<&str>,
) -> Result<Event> {
    use crate::plugin::{host, session::Input, table, wire::Flow};
    let started = Instant::now();
    let (m, spec) = crate::plugin::find_command(&ws.path, plugin, command)?;
    let scratch = tempfile::tempdir()?;
    let (input, input_rows) = match input {
        None => (Input::None, 0),
        Some(source) => {
            table::input_from_query(ws, &select_from(source), spec.input_format, scratch.path())?
        }
    };
    let mut session = kept_session(ws, &m)?;
    let outcome = session.call(
        command,
        args,
        input,
        scratch.path(),
        std::time::Duration::from_millis(m.limits.call_timeout_ms),
        &mut |_| Flow::Continue,
    );
    let outcome = match outcome {
        Ok(o) => {
            keep_session(session);
            o
        }
        // a failed session is not kept: dropping it stops the plugin
        Err(f) => return Err(crate::plugin::failed(plugin, &f)),
    };
    crate::workspace::audit::append(
        ws,
        "plugin call",
        host::audit_detail(
            &m,
            &spec,
            args,
            serde_json::json!({"input_rows": input_rows, "from": "tui"}),
        ),
    )?;
    Ok(match outcome.table {
        Some(path) => {
            let name = result_table(id);
            table::arrow_into_table(ws, &path, &name, table::Mode::Temp)?;
            Event::Result {
                id,
                columns: columns_of(&ws.conn, &name)?,
                source: name,
                seconds: started.elapsed().as_secs_f64(),
            }
        }
        None => Event::Table {
            id,
            title: format!("{plugin} {command}"),
            columns: vec![("result".into(), "JSON".into())],
            rows: serde_json::to_string_pretty(&outcome.value)
                .unwrap_or_default()
                .lines()
                .map(|l| vec![l.to_string()])
                .collect(),
        },
    })
}

/// Streams a plugin's items to the TUI as they come, until Esc or `max_items`; then stores
/// them in `into` (see [`crate::plugin::host::store_items`]).
fn plugin_stream(
    ws: &Workspace,
    plugin: &str,
    command: &str,
    args: &serde_json::Map<String, serde_json::Value>,
    into: &str,
    max_items: u64,
    emit: &mut dyn FnMut(Event),
) -> Result<String> {
    use crate::plugin::{host, session::Input, wire::Flow};
    use std::io::Write;
    use std::sync::atomic::Ordering;
    STREAM_STOP.store(false, Ordering::SeqCst);
    let (m, spec) = crate::plugin::find_command(&ws.path, plugin, command)?;
    let scratch = tempfile::tempdir()?;
    let spool_path = scratch.path().join("items.ndjson");
    let mut spool = std::io::BufWriter::new(std::fs::File::create(&spool_path)?);
    let (mut session, _) = host::start(&ws.path, &m, false)?;
    let mut items = 0u64;
    let outcome = session.call(
        command,
        args,
        Input::None,
        scratch.path(),
        std::time::Duration::from_millis(m.limits.call_timeout_ms),
        &mut |n| {
            if items >= max_items || STREAM_STOP.load(Ordering::SeqCst) {
                return Flow::Stop;
            }
            if n.method == "$/item" {
                items += 1;
                let value = &n.params["value"];
                let line = serde_json::json!({"n": items, "received_at": chrono::Utc::now().naive_utc().to_string(), "item": value});
                if writeln!(spool, "{line}").is_err() {
                    return Flow::Stop;
                }
                emit(Event::PluginItem {
                    text: if spec.sensitive {
                        "(sensitive item)".into()
                    } else {
                        value.to_string()
                    },
                });
            }
            Flow::Continue
        },
    );
    let ended = match &outcome {
        Ok(_) => {
            session.shutdown();
            "ended".to_string()
        }
        Err(f) => {
            drop(session);
            f.explain(plugin).0
        }
    };
    spool.flush()?;
    drop(spool);
    let stored = host::store_items(ws, &spool_path, into, &m, &spec, items)?;
    crate::workspace::audit::append(
        ws,
        "plugin stream",
        host::audit_detail(
            &m,
            &spec,
            args,
            serde_json::json!({"into": into, "items": items, "from": "tui"}),
        ),
    )?;
    Ok(format!(
        "{items} items from {plugin} {command} ({ended}); {stored} rows stored in {into}"
    ))
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
}
