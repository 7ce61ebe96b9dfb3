//! What every plugin call relies on, whichever front end makes it: the trust check against the
//! lock, approval (pinning), the audit record (with sensitive commands redacted) and where
//! streamed items are stored. The call pipeline itself is [`super::call`].

use super::discovery::{self, Lock, Trust};
use super::failed;
use super::manifest::{CommandSpec, Manifest};
use super::session::Session;
use crate::error::{Error, Result};
use crate::sql::ident;
use crate::workspace::Workspace;
use serde_json::{json, Value};
use std::path::Path;

/// The workspace's lock (empty when there is none yet).
pub fn lock(workspace: &Path) -> Result<Lock> {
    let path = discovery::lock_path(workspace);
    Lock::read(&path).map_err(|e| {
        Error::bad_input(
            &path,
            e,
            "plugins.lock is written by `clearway plugin approve`; delete it to start over",
        )
    })
}

/// `approved`, `not approved` or `CHANGED (what)`.
pub fn trust_text(lock: &Lock, m: &Manifest) -> String {
    match lock.trust(m) {
        Ok(Trust::Approved) => "approved".into(),
        Ok(Trust::New) => "not approved".into(),
        Ok(Trust::Changed(what)) => format!("CHANGED ({what})"),
        Err(e) => format!("unreadable ({e})"),
    }
}

/// Records the plugin's current hashes and announced commands in the lock.
pub fn pin(workspace: &Path, m: &Manifest, session: &Session) -> Result<()> {
    let path = discovery::lock_path(workspace);
    let mut lock = lock(workspace)?;
    let mut pin =
        discovery::fingerprint(m).map_err(|e| Error::usage(e, "check the plugin's files"))?;
    pin.commands = session.announced_commands();
    pin.approved_at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    lock.plugins.insert(m.plugin.name.clone(), pin);
    lock.write(&path)
        .map_err(|e| Error::bad_input(&path, e, "is the workspace folder writable?"))
}

/// Approves the plugin called `name` (`clearway plugin approve`, Enter in the TUI's plugins
/// pane): a handshake, then its files and announced commands pinned in the lock.
pub fn approve(workspace: &Path, name: &str) -> Result<Manifest> {
    let m = super::find(workspace, name)?;
    let session = Session::start(&m).map_err(|f| failed(&m.plugin.name, &f))?;
    pin(workspace, &m, &session)?;
    session.shutdown();
    Ok(m)
}

/// Starts a plugin: an approved one always; one that is not approved, or changed since, only
/// with `trust`, which pins it (the second value says so). Otherwise it is refused, exit 3.
pub fn start(workspace: &Path, m: &Manifest, trust: bool) -> Result<(Session, bool)> {
    let name = &m.plugin.name;
    let status = lock(workspace)?
        .trust(m)
        .map_err(|e| Error::usage(e, "check the plugin's files"))?;
    let refusal = match &status {
        Trust::Approved => None,
        Trust::New => Some(format!("plugin `{name}` is not approved")),
        Trust::Changed(what) => Some(format!(
            "plugin `{name}` changed since it was approved: {what}"
        )),
    };
    if let (Some(message), false) = (&refusal, trust) {
        return Err(Error::Plugin {
            message: message.clone(),
            help: format!(
                "review it (`clearway plugin describe {name}`, `clearway plugin check {name}`), then `clearway plugin approve {name}` (in the TUI: Enter on it in the plugins pane), or pass --trust"
            ),
        });
    }
    let session = Session::start(m).map_err(|f| failed(name, &f))?;
    if refusal.is_some() {
        pin(workspace, m, &session)?;
    }
    Ok((session, refusal.is_some()))
}

/// `KEY=VALUE` arguments as JSON: values that parse as JSON stay typed, others are text.
pub fn call_args<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> serde_json::Map<String, Value> {
    pairs
        .into_iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string())),
            )
        })
        .collect()
}

/// The audit record of a call: arguments and `extra` only when the command is not sensitive.
pub fn audit_detail(
    m: &Manifest,
    spec: &CommandSpec,
    args: &serde_json::Map<String, Value>,
    extra: Value,
) -> Value {
    let mut detail =
        json!({"plugin": m.plugin.name, "version": m.plugin.version, "command": spec.name});
    if spec.sensitive {
        detail["args"] = json!("(redacted: sensitive)");
    } else {
        detail["args"] = Value::Object(args.clone());
        if let Value::Object(more) = extra {
            detail.as_object_mut().expect("object").extend(more);
        }
    }
    detail
}

/// Stores spooled items: into `telemetry_events` as a load with lineage (items carry the
/// telemetry columns: device_id, ts, lat, lon, speed_kn, course_deg, event_type…; the rest
/// goes to payload), or into any other table as (received_at, plugin, command, item JSON).
pub fn store_items(
    ws: &Workspace,
    spool: &Path,
    into: &str,
    m: &Manifest,
    spec: &CommandSpec,
    items: u64,
) -> Result<u64> {
    // the spool file is bound as the statements' last parameter
    let source = "read_json(?, format = 'newline_delimited', columns = {n: 'BIGINT', received_at: 'TIMESTAMP', item: 'JSON'})";
    let spool_path = spool.display().to_string();
    if items == 0 {
        return Ok(0);
    }
    ws.in_transaction(|| {
        if into == "telemetry_events" {
            let load_id: i64 = ws
                .conn
                .query_row("SELECT nextval('load_id_seq')", [], |r| r.get(0))?;
            let file = format!("plugin:{}/{}", m.plugin.name, spec.name);
            let known = "['source','device_id','container_id','mmsi','imo','ts','lat','lon','speed_kn','course_deg','event_type','temperature_c','humidity_pct','location_code']";
            let inserted = ws.conn.execute(
                &format!(
                    "INSERT INTO telemetry_events (source, device_id, container_id, mmsi, imo, ts, lat, lon, speed_kn, course_deg,
                         event_type, temperature_c, humidity_pct, location_code, payload, source_file, source_row, load_id)
                     SELECT coalesce(item->>'source', 'plugin'), item->>'device_id', item->>'container_id', item->>'mmsi', item->>'imo',
                            TRY_CAST(item->>'ts' AS TIMESTAMP), TRY_CAST(item->>'lat' AS DOUBLE), TRY_CAST(item->>'lon' AS DOUBLE),
                            TRY_CAST(item->>'speed_kn' AS DOUBLE), TRY_CAST(item->>'course_deg' AS DOUBLE), item->>'event_type',
                            TRY_CAST(item->>'temperature_c' AS DOUBLE), TRY_CAST(item->>'humidity_pct' AS DOUBLE), item->>'location_code',
                            to_json(map_from_entries(list_filter(
                                list_transform(json_keys(item), lambda k: {{'key': k, 'value': item->k}}),
                                lambda e: NOT list_contains({known}, e.key)))),
                            ?, n, ?
                     FROM {source}
                     WHERE TRY_CAST(item->>'ts' AS TIMESTAMP) IS NOT NULL"
                ),
                duckdb::params![file, load_id, spool_path],
            )? as u64;
            let bytes = std::fs::metadata(spool).map(|x| x.len()).unwrap_or(0);
            let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(std::fs::read(spool)?));
            let warnings: Vec<String> = if inserted < items {
                vec![format!("{} items without a readable ts were not stored", items - inserted)]
            } else {
                Vec::new()
            };
            crate::ingest::insert_load(
                ws,
                &crate::ingest::LoadRow {
                    load_id,
                    kind: "telemetry",
                    target_table: "telemetry_events",
                    file: &file,
                    sha256: &sha,
                    bytes,
                    format: "plugin-stream".into(),
                    encoding: None,
                    options: None,
                    read: items,
                    loaded: inserted,
                    rejected: items - inserted,
                    skipped: Some(0),
                    warnings: &warnings,
                    forced: false,
                    seconds: 0.0,
                },
            )?;
            Ok(inserted)
        } else {
            ws.conn.execute_batch(&format!(
                "CREATE TABLE IF NOT EXISTS {} (received_at TIMESTAMP, plugin VARCHAR, command VARCHAR, item JSON)",
                ident(into)
            ))?;
            let n = ws.conn.execute(
                &format!(
                    "INSERT INTO {} SELECT received_at, ?, ?, item FROM {source} ORDER BY n",
                    ident(into)
                ),
                duckdb::params![m.plugin.name, spec.name, spool_path],
            )?;
            Ok(n as u64)
        }
    })
}
