//! A declaration's case file: its items, why it scored, the analyst's flags, and everything
//! the workspace links to it — telemetry events (with their track) and ledger records (with
//! the verification state of the block each sits in).
//!
//! The TUI's case view draws this; it lives here, not in `tui/`, so that whatever a case shows
//! is one query path that any front end (and a test) reads the same way. The risk list cases
//! are opened from ([`top_risks`]) and the analyst's flags ([`annotate`]) live here too. Everything linked is
//! read from the views `declaration_telemetry` and `declaration_ledger` (workspace schema), the
//! same links the telemetry and ledger rules use.

use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// Column names with their DuckDB types, as the result grid shows them.
pub type Columns = Vec<(String, String)>;

/// At most this many linked telemetry events are listed (the newest); the track below keeps
/// every position up to [`TRACK_POINTS`], thinned evenly beyond that.
pub const EVENT_ROWS: usize = 50;
/// Positions drawn as the case's track.
pub const TRACK_POINTS: usize = 2_000;
/// Linked ledger records listed.
pub const LEDGER_ROWS: usize = 200;

/// One declaration as a case.
#[derive(Debug, Clone)]
pub struct Case {
    pub declaration_id: String,
    pub items: (Columns, Vec<Vec<String>>),
    pub explanation: Option<crate::risk::runner::Explanation>,
    pub annotations: Vec<Vec<String>>,
    /// Linked telemetry summarised: link, kind, what, events, from, to.
    pub telemetry: Vec<Vec<String>>,
    /// Linked telemetry events, newest first: time, link, kind, what, lat, lon, detail.
    pub events: Vec<Vec<String>>,
    /// Every linked event, counted (`events` may show fewer).
    pub events_total: i64,
    /// Linked positions in time order: (lon, lat), thinned to [`TRACK_POINTS`].
    pub track: Vec<(f64, f64)>,
    /// Linked ledger records: link, chain, block, record type, document, hash, valid, block
    /// state ("verified", "header only", or the block's problems).
    pub ledger: Vec<Vec<String>>,
    /// Every linked ledger record, counted.
    pub ledger_total: i64,
    /// Per item with a suggestion (`classify score`): item, declared HS6, description, first
    /// suggestion, its probability, and why.
    pub classification: Vec<Vec<String>>,
}

/// Builds the case of `declaration_id`.
pub fn build(ws: &Workspace, declaration_id: &str) -> Result<Case> {
    let items = rows(
        &ws.conn,
        "SELECT item_no, hs_code, origin_country, export_country, quantity, quantity_unit, net_mass_kg, customs_value, importer_id, exporter_id
         FROM declarations WHERE declaration_id = ? ORDER BY item_no",
        &[&declaration_id],
    )?;
    if items.1.is_empty() {
        return Err(Error::usage(
            format!("declaration {declaration_id} is not in this workspace"),
            "pick one from the top risks",
        ));
    }
    let explanation = crate::risk::runner::explain(ws, declaration_id, None).ok();
    let (_, annotations) = rows(
        &ws.conn,
        "SELECT strftime(created_at, '%Y-%m-%d %H:%M') AS at, reason_code, coalesce(note, ''), created_by FROM annotations
         WHERE declaration_id = ? ORDER BY annotation_id",
        &[&declaration_id],
    )?;
    let (_, telemetry) = rows(
        &ws.conn,
        "SELECT link, event_type, coalesce(mmsi, imo, container_id, device_id, '') AS what, count(*) AS events,
                coalesce(strftime(min(ts), '%Y-%m-%d %H:%M'), 'no time') AS first, coalesce(strftime(max(ts), '%Y-%m-%d %H:%M'), '') AS last
         FROM declaration_telemetry WHERE declaration_id = ? GROUP BY ALL ORDER BY link, event_type, what",
        &[&declaration_id],
    )?;
    let (events, events_total) = telemetry_events(ws, declaration_id)?;
    let track = track(ws, declaration_id)?;
    let (ledger, ledger_total) = ledger_records(ws, declaration_id)?;
    let (_, classification) = rows(
        &ws.conn,
        "SELECT CAST(d.item_no AS VARCHAR), left(d.hs_code, 6), coalesce(d.goods_description, ''), s.hs_code,
                printf('%.2f', s.probability), s.reason
         FROM declarations d
         JOIN hs_suggestions s ON s.declaration_id = d.declaration_id AND s.item_no = d.item_no AND s.rank = 1
         WHERE d.declaration_id = ? ORDER BY d.item_no",
        &[&declaration_id],
    )?;
    Ok(Case {
        declaration_id: declaration_id.to_string(),
        items,
        explanation,
        annotations,
        telemetry,
        events,
        events_total,
        track,
        ledger,
        ledger_total,
        classification,
    })
}

fn telemetry_events(ws: &Workspace, declaration_id: &str) -> Result<(Vec<Vec<String>>, i64)> {
    let total: i64 = ws.conn.query_row(
        "SELECT count(*) FROM declaration_telemetry WHERE declaration_id = ?",
        [declaration_id],
        |r| r.get(0),
    )?;
    let (_, events) = rows(
        &ws.conn,
        &format!(
            "SELECT coalesce(strftime(ts, '%Y-%m-%d %H:%M'), 'no time') AS at, link, event_type,
                    coalesce(mmsi, imo, container_id, device_id, '') AS what,
                    coalesce(printf('%.4f', lat), '') AS lat, coalesce(printf('%.4f', lon), '') AS lon,
                    concat_ws(' ', CASE WHEN location_code IS NOT NULL THEN 'at ' || location_code END,
                              CASE WHEN speed_kn IS NOT NULL THEN printf('%.1f kn', speed_kn) END,
                              CASE WHEN temperature_c IS NOT NULL THEN printf('%.1f °C', temperature_c) END) AS detail
             FROM declaration_telemetry WHERE declaration_id = ?
             ORDER BY ts DESC NULLS LAST, link, what LIMIT {EVENT_ROWS}"
        ),
        &[&declaration_id],
    )?;
    Ok((events, total))
}

/// The linked positions in time order, every n-th kept beyond [`TRACK_POINTS`].
fn track(ws: &Workspace, declaration_id: &str) -> Result<Vec<(f64, f64)>> {
    let mut stmt = ws.conn.prepare(&format!(
        "WITH p AS (
             SELECT lon, lat, row_number() OVER (ORDER BY ts, lon, lat) AS n, count(*) OVER () AS total
             FROM declaration_telemetry
             WHERE declaration_id = ? AND lat IS NOT NULL AND lon IS NOT NULL AND ts IS NOT NULL)
         SELECT lon, lat FROM p
         WHERE (n - 1) % greatest(1, ceil(total / {TRACK_POINTS})::BIGINT) = 0
         ORDER BY n"
    ))?;
    let points = stmt.query_map([declaration_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(points.collect::<std::result::Result<_, _>>()?)
}

fn ledger_records(ws: &Workspace, declaration_id: &str) -> Result<(Vec<Vec<String>>, i64)> {
    let total: i64 = ws.conn.query_row(
        "SELECT count(*) FROM declaration_ledger WHERE declaration_id = ?",
        [declaration_id],
        |r| r.get(0),
    )?;
    let (_, records) = rows(
        &ws.conn,
        &format!(
            "SELECT link, chain_id, block_number, record_type, coalesce(document_ref, ''),
                    coalesce(doc_hash, ''), CASE WHEN valid THEN 'valid' ELSE 'not valid' END,
                    block_state
             FROM declaration_ledger WHERE declaration_id = ?
             ORDER BY link, chain_id, block_number, record_type LIMIT {LEDGER_ROWS}"
        ),
        &[&declaration_id],
    )?;
    Ok((records, total))
}

/// The risk list cases are picked from: the latest run's declarations by score, each with its
/// lane, its latest flag and its top reason.
pub fn top_risks(ws: &Workspace) -> Result<(Columns, Vec<Vec<String>>)> {
    rows(
        &ws.conn,
        "SELECT s.declaration_id, round(s.total, 2) AS score, coalesce(s.lane, '') AS lane,
                coalesce(a.reason_code, '') AS flag, s.top_reasons[1] AS top_reason
         FROM risk_scores s
         LEFT JOIN (SELECT declaration_id, arg_max(reason_code, annotation_id) AS reason_code FROM annotations GROUP BY 1) a USING (declaration_id)
         WHERE s.run_id = (SELECT max(run_id) FROM risk_runs)
         ORDER BY s.total DESC, s.declaration_id LIMIT 500",
        &[],
    )
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

/// Flags `declaration_id` with a reason code (any case) and a note, against the latest risk
/// run, and records it in the audit trail (as `tui annotate`: the case view is where analysts
/// flag declarations). The annotation and its audit entry are one transaction: a failure or
/// a crash between them must not leave an annotation nobody recorded.
pub fn annotate(ws: &Workspace, declaration_id: &str, reason_code: &str, note: &str) -> Result<()> {
    let code = reason_code.to_ascii_uppercase();
    if !REASON_CODES.contains(&code.as_str()) {
        return Err(Error::usage(
            format!("unknown reason code {reason_code}"),
            format!("reason codes: {}", REASON_CODES.join(", ")),
        ));
    }
    ws.in_transaction(|| {
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
    })
}

/// A query's rows as display text.
pub fn rows(
    conn: &duckdb::Connection,
    sql: &str,
    params: &[&dyn duckdb::ToSql],
) -> Result<(Columns, Vec<Vec<String>>)> {
    let mut stmt = conn.prepare(sql)?;
    let arrow = stmt.query_arrow(params)?;
    let schema = arrow.get_schema();
    let columns = schema
        .fields()
        .iter()
        .map(|f| (f.name().clone(), f.data_type().to_string()))
        .collect();
    let mut rows = Vec::new();
    for batch in arrow {
        rows.extend(crate::output::format_rows(&batch, "NULL")?);
    }
    Ok((columns, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_annotation_whose_audit_entry_fails_is_not_kept() {
        let ws = Workspace::in_memory().unwrap();
        // the audit entry cannot be written: nothing of the annotation may stay
        ws.conn
            .execute_batch("ALTER TABLE audit_log RENAME TO audit_log_away")
            .unwrap();
        assert!(annotate(&ws, "D1", "documents", "checked").is_err());
        let kept: i64 = ws
            .conn
            .query_row("SELECT count(*) FROM annotations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 0, "an annotation without its audit entry");
    }
}
