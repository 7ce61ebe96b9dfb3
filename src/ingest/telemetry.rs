//! `clearway load telemetry`: telemetry exports into `telemetry_events`, with lineage (file,
//! line, load), rejects with their reasons and a load report that reconciles, exactly as for
//! declarations. One file is one transaction: rows, rejects, the `loads` row and the audit entry
//! commit together or not at all.
//!
//! Formats: AIS NMEA 0183 (`ais-nmea`), AIS CSV exports of the Danish Maritime Authority and
//! MarineCadastre (`ais-csv`), tracker / e-seal / reefer exports in CSV or JSON with a column
//! mapping (`iot-csv`, `iot-json`), DCSA Track & Trace events (`dcsa`) and drone logs
//! (`drone-csv`, in [`super::drone`]). Each loader turns its rows into [`Event`]s; the shared
//! pieces (report, CSV opening, rejects, Arrow batches) live here.

use crate::error::{Error, Result};
use crate::ingest::duplicates::{self, DuplicateReport, OnDuplicate};
use crate::ingest::source;
use crate::telemetry::ais::{self, Decoder, Outcome};
use crate::workspace::{audit, Workspace};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

/// Telemetry formats `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TelemetryFormat {
    Auto,
    IotCsv,
    IotJson,
    AisNmea,
    AisCsv,
    Dcsa,
    DroneCsv,
}

impl TelemetryFormat {
    /// The format as the load report names it.
    pub fn label(self) -> &'static str {
        match self {
            TelemetryFormat::Auto => "detected",
            TelemetryFormat::IotCsv => "tracker / e-seal CSV",
            TelemetryFormat::IotJson => "tracker / e-seal JSON",
            TelemetryFormat::AisNmea => "AIS NMEA 0183",
            TelemetryFormat::AisCsv => "AIS CSV export",
            TelemetryFormat::Dcsa => "DCSA Track & Trace events",
            TelemetryFormat::DroneCsv => "drone log CSV",
        }
    }
}

/// What a telemetry load did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TelemetryReport {
    pub load_id: i64,
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub format: TelemetryFormat,
    pub lines: u64,
    /// Messages decoded and stored.
    pub rows_loaded: u64,
    /// Messages decoded but not stored: their natural key was already loaded (see
    /// `ingest::duplicates`).
    pub rows_duplicate: u64,
    /// Lines rejected (a broken multi-line message counts each of its lines).
    pub rows_rejected: u64,
    /// Lines that are not messages, by kind (other NMEA, comments, empty payloads …).
    pub skipped: BTreeMap<String, u64>,
    /// Lines that are fragments of messages loaded as one row.
    pub fragments_joined: u64,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub duplicates: DuplicateReport,
    pub warnings: Vec<String>,
    pub seconds: f64,
}

impl TelemetryReport {
    /// An empty report for a new load of `path` (its load id taken from the workspace).
    pub(super) fn start(
        ws: &Workspace,
        path: &Path,
        fp: &source::Fingerprint,
        format: TelemetryFormat,
    ) -> Result<Self> {
        let load_id: i64 = ws
            .conn
            .query_row("SELECT nextval('load_id_seq')", [], |r| r.get(0))?;
        Ok(TelemetryReport {
            load_id,
            file: super::declarations::absolute(path),
            sha256: fp.sha256.clone(),
            bytes: fp.bytes,
            format,
            lines: 0,
            rows_loaded: 0,
            rows_duplicate: 0,
            rows_rejected: 0,
            skipped: BTreeMap::new(),
            fragments_joined: 0,
            rejected_by_reason: BTreeMap::new(),
            duplicates: DuplicateReport::default(),
            warnings: vec![],
            seconds: 0.0,
        })
    }

    /// A CSV file's header line: read, and not a row.
    pub(super) fn count_header(&mut self) {
        self.lines += 1;
        *self.skipped.entry("header".into()).or_default() += 1;
    }

    /// Every line is accounted for once.
    pub fn reconciles(&self) -> bool {
        self.lines
            == self.rows_loaded
                + self.rows_duplicate
                + self.fragments_joined
                + self.rows_rejected
                + self.skipped.values().sum::<u64>()
    }
}

/// Format from `--format`, else from the content: lines that are (tag-blocked) AIS sentences.
fn detect(path: &Path, format: TelemetryFormat) -> Result<TelemetryFormat> {
    if format != TelemetryFormat::Auto {
        return Ok(format);
    }
    let file = std::fs::File::open(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let looks_nmea = std::io::BufReader::new(file)
        .lines()
        .take(50)
        .map_while(|l| l.ok())
        .any(|l| {
            let s = l.trim_start();
            let s = if s.starts_with('\\') {
                s.splitn(3, '\\').nth(2).unwrap_or("")
            } else {
                s
            };
            s.len() > 6 && s.starts_with('!') && matches!(&s[3..6], "VDM" | "VDO")
        });
    let header = std::fs::File::open(path)
        .ok()
        .and_then(|f| std::io::BufReader::new(f).lines().next())
        .and_then(|l| l.ok())
        .unwrap_or_default();
    let header_names: Vec<String> = header.split(',').map(|h| h.trim().to_string()).collect();
    if looks_nmea {
        Ok(TelemetryFormat::AisNmea)
    } else if AisCsvProfile::of_header(&header).is_some() {
        Ok(TelemetryFormat::AisCsv)
    } else if super::drone::DroneProfile::of_header(&header_names).is_some() {
        Ok(TelemetryFormat::DroneCsv)
    } else if IOT_COLUMNS
        .iter()
        .filter(|(_, names)| {
            names.iter().any(|n| {
                header
                    .to_ascii_lowercase()
                    .split(',')
                    .any(|h| h.trim() == *n)
            })
        })
        .count()
        >= 3
    {
        Ok(TelemetryFormat::IotCsv)
    } else if header.trim_start().starts_with(['{', '[']) {
        // DCSA event files name their shape in the first kilobytes; other JSON is a tracker export
        let head: String = std::fs::read_to_string(path)
            .unwrap_or_default()
            .chars()
            .take(4096)
            .collect();
        if [
            "\"eventClassification\"",
            "\"eventClassifierCode\"",
            "\"metadata\"",
        ]
        .iter()
        .any(|k| head.contains(k))
        {
            Ok(TelemetryFormat::Dcsa)
        } else {
            Ok(TelemetryFormat::IotJson)
        }
    } else {
        Err(Error::bad_input(
            path,
            "cannot tell the telemetry format from the first 50 lines",
            "name it with --format (ais-nmea, iot-csv, iot-json, ais-csv, dcsa, drone-csv)",
        ))
    }
}

/// Loads one telemetry file; events whose natural key is already loaded are handled by
/// `on_duplicate` (see `ingest::duplicates`).
pub fn load(
    ws: &Workspace,
    path: &Path,
    format: TelemetryFormat,
    force: bool,
    mapping: Option<&Path>,
    on_duplicate: OnDuplicate,
) -> Result<TelemetryReport> {
    let started = std::time::Instant::now();
    let format = detect(path, format)?;
    let fp = source::fingerprint(path, false)?;
    super::declarations::refuse_reload(ws, path, &fp.sha256, force, "telemetry")?;
    ws.conn.execute_batch("BEGIN TRANSACTION")?;
    let loaded = match format {
        TelemetryFormat::AisCsv => load_ais_csv(ws, path, &fp),
        TelemetryFormat::IotCsv => load_iot_csv(ws, path, &fp, mapping),
        TelemetryFormat::IotJson => load_iot_json(ws, path, &fp, mapping),
        TelemetryFormat::Dcsa => load_dcsa(ws, path, &fp),
        TelemetryFormat::DroneCsv => super::drone::load(ws, path, &fp),
        TelemetryFormat::AisNmea | TelemetryFormat::Auto => load_nmea(ws, path, &fp),
    };
    let result = loaded.and_then(|mut report| {
        drop_duplicates(ws, path, &mut report, on_duplicate)?;
        report.seconds = started.elapsed().as_secs_f64();
        record_load(ws, &report, force)?;
        Ok(report)
    });
    match result {
        Ok(report) => {
            ws.conn.execute_batch("COMMIT")?;
            Ok(report)
        }
        Err(e) => {
            let _ = ws.conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn load_nmea(ws: &Workspace, path: &Path, fp: &source::Fingerprint) -> Result<TelemetryReport> {
    let conn = &ws.conn;
    let file = std::fs::File::open(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let mut report = TelemetryReport::start(ws, path, fp, TelemetryFormat::AisNmea)?;
    let (load_id, file_name) = (report.load_id, report.file.clone());
    let mut rejects: Vec<(Vec<usize>, Vec<String>, String)> = Vec::new();
    let (mut bad_imo, mut bad_mmsi, mut no_position) = (0u64, 0u64, 0u64);
    let mut decoder = Decoder::default();
    {
        let mut appender = conn.appender("telemetry_events")?;
        let mut rows = EventRows::new(&file_name, load_id);
        for (i, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
            let line_no = i + 1;
            let bytes = line.map_err(|cause| Error::Read {
                path: path.to_path_buf(),
                cause,
            })?;
            report.lines += 1;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match decoder.feed(line_no, &text) {
                Outcome::Message(d) => {
                    report.rows_loaded += 1;
                    report.fragments_joined += d.lines.len() as u64 - 1;
                    let m = &d.message;
                    bad_mmsi += u64::from(ais::mmsi_problem(m.mmsi).is_some());
                    bad_imo +=
                        u64::from(m.imo.is_some_and(|imo| imo != 0 && !ais::imo_is_valid(imo)));
                    let event_type = ais_event_type(m.msg_type);
                    no_position += u64::from(event_type == "position" && !m.has_position());
                    let (lat, lon) = if m.has_position() {
                        (m.lat, m.lon)
                    } else {
                        (None, None)
                    };
                    let payload = payload_json(&d);
                    rows.push(
                        &mut appender,
                        Event {
                            source: "ais",
                            mmsi: Some(format!("{:09}", m.mmsi)),
                            imo: m.imo.filter(|i| *i != 0).map(|i| i.to_string()),
                            ts: d.received.map(|t| t.timestamp_micros()),
                            lat,
                            lon,
                            speed_kn: m.sog(),
                            course_deg: m.cog(),
                            event_type: event_type.to_string(),
                            payload,
                            source_row: d.lines[0] as i64,
                            ..Default::default()
                        },
                    )?;
                }
                Outcome::Pending => {}
                Outcome::Skipped(kind) => *report.skipped.entry(kind.to_string()).or_default() += 1,
                Outcome::Rejected { lines, raw, reason } => rejects.push((lines, raw, reason)),
            }
        }
        rows.close(&mut appender)?;
    }
    rejects.extend(decoder.finish());
    let mut rejected = conn.appender("rejects")?;
    for (lines, raw, reason) in &rejects {
        // "tag block checksum A is wrong (computed 1D)" and "… (computed 61)" are one reason
        let key = reason
            .split([':', '('])
            .next()
            .unwrap_or(reason)
            .trim()
            .to_string();
        *report.rejected_by_reason.entry(key).or_default() += lines.len() as u64;
        report.rows_rejected += lines.len() as u64;
        for (line, text) in lines.iter().zip(raw) {
            rejected.append_row(duckdb::params![
                load_id,
                file_name,
                *line as i64,
                *line as i64,
                "decode",
                reason,
                text.trim_end()
            ])?;
        }
    }
    rejected.flush()?;
    drop(rejected);
    if bad_mmsi > 0 {
        report.warnings.push(format!("{bad_mmsi} message(s) with a placeholder or malformed MMSI (kept, flagged by the rules)"));
    }
    if bad_imo > 0 {
        report.warnings.push(format!(
            "{bad_imo} IMO number(s) with a wrong check digit (kept)"
        ));
    }
    if no_position > 0 {
        report.warnings.push(format!("{no_position} position report(s) without a position (lat 91 / lon 181): stored without coordinates"));
    }
    let timed: i64 = conn.query_row(
        "SELECT count(ts) FROM telemetry_events WHERE load_id = ?",
        [load_id],
        |r| r.get(0),
    )?;
    if timed == 0 && report.rows_loaded > 0 {
        report.warnings.push("no receive times (tag block c: or $PGHP): messages carry only the UTC second, so ts is empty and time-based rules cannot use them".into());
    }
    if !report.reconciles() {
        return Err(Error::usage(
            format!("internal: {} lines do not reconcile", report.lines),
            "please report this",
        ));
    }
    Ok(report)
}

/// `telemetry_events.event_type` of an AIS message. Vessel position reports (1–3, 18, 19, 27)
/// are "position", the only kind the vessel rules pair with each other; the other messages
/// that carry a position — base stations (4), UTC responses (11), SAR aircraft (9), DGNSS
/// reference stations (17), aids to navigation (21, 28) — keep it in `lat`/`lon` under their own
/// type, so a buoy is never taken for a vessel lying alongside. Every decoded field is in the
/// payload.
fn ais_event_type(msg_type: u8) -> &'static str {
    match msg_type {
        1..=3 | 18 | 19 | 27 => "position",
        5 | 24 => "static",
        4 => "base_station",
        11 => "utc_response",
        9 => "sar_aircraft",
        17 => "dgnss",
        21 | 28 => "aid_to_navigation",
        6 | 8 | 25 | 26 => "binary",
        7 | 13 => "acknowledgement",
        10 => "utc_inquiry",
        12 | 14 => "safety_message",
        15 => "interrogation",
        16 => "assignment",
        20 => "data_link_management",
        22 => "channel_management",
        23 => "group_assignment",
        _ => "other",
    }
}

/// The stored payload: every decoded field, the sentence text, station and lines. Written
/// straight to text — building a JSON tree per message cost more than decoding it.
fn payload_json(d: &ais::Decoded) -> String {
    let fields = serde_json::to_string(&d.message).expect("messages serialise");
    let mut out = String::with_capacity(fields.len() + d.raw.len() + 64);
    out.push_str(&fields[..fields.len() - 1]);
    out.push_str(",\"raw\":");
    out.push_str(&serde_json::to_string(&d.raw).expect("strings serialise"));
    if let Some(station) = &d.station {
        out.push_str(",\"station\":");
        out.push_str(&serde_json::to_string(station).expect("strings serialise"));
    }
    out.push_str(",\"lines\":[");
    out.push_str(
        &d.lines
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("]}");
    out
}

/// Rows appended to DuckDB per Arrow batch.
const BATCH_ROWS: usize = 65_536;

/// One decoded event, in the columns `telemetry_events` gets from AIS.
#[derive(Default)]
pub(super) struct Event {
    pub(super) source: &'static str,
    pub(super) device_id: Option<String>,
    pub(super) container_id: Option<String>,
    pub(super) mmsi: Option<String>,
    pub(super) imo: Option<String>,
    pub(super) ts: Option<i64>,
    pub(super) lat: Option<f64>,
    pub(super) lon: Option<f64>,
    pub(super) speed_kn: Option<f64>,
    pub(super) course_deg: Option<f64>,
    pub(super) event_type: String,
    pub(super) temperature_c: Option<f64>,
    pub(super) humidity_pct: Option<f64>,
    pub(super) location_code: Option<String>,
    pub(super) payload: String,
    pub(super) source_row: i64,
}

/// Events gathered column by column and handed to DuckDB as Arrow batches: appending a batch
/// costs a fraction of appending its values one by one.
pub(super) struct EventRows {
    rows: Vec<Event>,
    file: String,
    load_id: i64,
}

impl EventRows {
    pub(super) fn new(file: &str, load_id: i64) -> Self {
        EventRows {
            rows: Vec::new(),
            file: file.to_string(),
            load_id,
        }
    }

    /// Adds an event; a full batch goes to DuckDB.
    pub(super) fn push(&mut self, appender: &mut duckdb::Appender<'_>, e: Event) -> Result<()> {
        self.rows.push(e);
        if self.rows.len() >= BATCH_ROWS {
            appender.append_record_batch(self.finish()?)?;
        }
        Ok(())
    }

    /// Hands the rest to DuckDB and flushes the appender.
    pub(super) fn close(&mut self, appender: &mut duckdb::Appender<'_>) -> Result<()> {
        if !self.rows.is_empty() {
            appender.append_record_batch(self.finish()?)?;
        }
        Ok(appender.flush()?)
    }

    /// The gathered rows as a batch in `telemetry_events` column order; empties the buffer.
    fn finish(&mut self) -> Result<arrow::array::RecordBatch> {
        let (file, load_id) = (self.file.as_str(), self.load_id);
        use arrow::array::{
            ArrayRef, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
        };
        use std::sync::Arc;
        let rows = std::mem::take(&mut self.rows);
        let n = rows.len();
        let text = |f: &dyn Fn(&Event) -> Option<&str>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        };
        let float = |f: &dyn Fn(&Event) -> Option<f64>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<Float64Array>())
        };
        let columns: Vec<ArrayRef> = vec![
            text(&|e| Some(e.source)),
            text(&|e| e.device_id.as_deref()),
            text(&|e| e.container_id.as_deref()),
            text(&|e| e.mmsi.as_deref()),
            text(&|e| e.imo.as_deref()),
            Arc::new(
                rows.iter()
                    .map(|e| e.ts)
                    .collect::<TimestampMicrosecondArray>(),
            ),
            float(&|e| e.lat),
            float(&|e| e.lon),
            float(&|e| e.speed_kn),
            float(&|e| e.course_deg),
            text(&|e| Some(e.event_type.as_str())),
            float(&|e| e.temperature_c),
            float(&|e| e.humidity_pct),
            text(&|e| e.location_code.as_deref()),
            text(&|e| Some(e.payload.as_str())),
            Arc::new(StringArray::from(vec![file; n])),
            Arc::new(
                rows.iter()
                    .map(|e| Some(e.source_row))
                    .collect::<Int64Array>(),
            ),
            Arc::new(Int64Array::from(vec![load_id; n])),
        ];
        let names = [
            "source",
            "device_id",
            "container_id",
            "mmsi",
            "imo",
            "ts",
            "lat",
            "lon",
            "speed_kn",
            "course_deg",
            "event_type",
            "temperature_c",
            "humidity_pct",
            "location_code",
            "payload",
            "source_file",
            "source_row",
            "load_id",
        ];
        let fields: Vec<arrow::datatypes::Field> = names
            .iter()
            .zip(&columns)
            .map(|(name, c)| arrow::datatypes::Field::new(*name, c.data_type().clone(), true))
            .collect();
        Ok(arrow::array::RecordBatch::try_new(
            Arc::new(arrow::datatypes::Schema::new(fields)),
            columns,
        )?)
    }
}

/// Applies the duplicate policy to the rows a format's loader stored, and reconciles again.
fn drop_duplicates(
    ws: &Workspace,
    path: &Path,
    report: &mut TelemetryReport,
    on_duplicate: OnDuplicate,
) -> Result<()> {
    let found = duplicates::resolve(
        ws,
        &duplicates::TELEMETRY_EVENTS,
        duplicates::LoadSource {
            load_id: report.load_id,
            path,
            position: match report.format {
                // one event per JSON object: `source_row` is its ordinal
                TelemetryFormat::Dcsa | TelemetryFormat::IotJson => duplicates::Position::Record,
                _ => duplicates::Position::Line { offset: 0 },
            },
        },
        on_duplicate,
    )?;
    let dropped = found.rows as u64;
    let stored: i64 = ws.conn.query_row(
        "SELECT count(*) FROM telemetry_events WHERE load_id = ?",
        [report.load_id],
        |r| r.get(0),
    )?;
    if report.rows_loaded.checked_sub(dropped) != Some(stored as u64) {
        return Err(Error::usage(
            format!(
                "internal: {} messages stored, {} duplicates dropped, {stored} rows left",
                report.rows_loaded, dropped
            ),
            "please report this",
        ));
    }
    report.rows_loaded -= dropped;
    report.rows_duplicate = dropped;
    report.duplicates = found;
    if !report.reconciles() {
        return Err(Error::usage(
            format!("internal: {} lines do not reconcile", report.lines),
            "please report this",
        ));
    }
    Ok(())
}

fn record_load(ws: &Workspace, report: &TelemetryReport, forced: bool) -> Result<()> {
    super::insert_load(
        ws,
        &super::LoadRow {
            load_id: report.load_id,
            kind: "telemetry",
            target_table: "telemetry_events",
            file: &report.file,
            sha256: &report.sha256,
            bytes: report.bytes,
            format: serde_json::to_value(report.format)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            encoding: Some("UTF-8"),
            options: None,
            read: report.lines,
            loaded: report.rows_loaded,
            rejected: report.rows_rejected,
            warnings: &report.warnings,
            forced,
            seconds: report.seconds,
        },
    )?;
    report.duplicates.store(ws, report.load_id)?;
    audit::append(
        ws,
        "load telemetry",
        serde_json::json!({ "load_id": report.load_id, "file": report.file, "sha256": report.sha256, "format": report.format,
                            "lines": report.lines, "rows_loaded": report.rows_loaded, "rows_duplicate": report.rows_duplicate,
                            "rows_rejected": report.rows_rejected, "on_duplicate": report.duplicates.policy }),
    )
}

/// Records one rejected row: counted in the report under `key`, stored in `rejects` with the
/// full reason and the row's text.
pub(super) fn reject_row(
    report: &mut TelemetryReport,
    rejected: &mut duckdb::Appender<'_>,
    line: i64,
    key: &str,
    reason: &str,
    raw: Option<&str>,
) -> Result<()> {
    report.rows_rejected += 1;
    *report
        .rejected_by_reason
        .entry(key.to_string())
        .or_default() += 1;
    rejected.append_row(duckdb::params![
        report.load_id,
        report.file,
        line,
        line,
        "parse",
        reason,
        raw
    ])?;
    Ok(())
}

/// Counts the next CSV record as a line of the file: its line number and fields, or `None`
/// when it cannot be read (then it is a reject).
pub(super) fn counted_record(
    report: &mut TelemetryReport,
    rejected: &mut duckdb::Appender<'_>,
    record: csv::Result<csv::StringRecord>,
) -> Result<Option<(i64, csv::StringRecord)>> {
    report.lines += 1;
    let line = report.lines as i64;
    match record {
        Ok(r) => Ok(Some((line, r))),
        Err(e) => {
            let reason = format!("unreadable CSV row: {e}");
            reject_row(report, rejected, line, "unreadable CSV row", &reason, None)?;
            Ok(None)
        }
    }
}

/// The AIS CSV exports clearway knows by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AisCsvProfile {
    /// Danish Maritime Authority `aisdk-*.csv` (22 or 26 columns), `dd/mm/yyyy HH:MM:SS`.
    Dma,
    /// MarineCadastre / USCG NAIS `AIS_YYYY_MM_DD.csv`, ISO timestamps, `IMO…` numbers.
    MarineCadastre,
}

impl AisCsvProfile {
    fn of_header(header: &str) -> Option<Self> {
        let h = header.to_ascii_lowercase();
        if h.contains("basedatetime") && h.contains("mmsi") {
            Some(AisCsvProfile::MarineCadastre)
        } else if h.contains("timestamp") && h.contains("type of mobile") && h.contains("mmsi") {
            Some(AisCsvProfile::Dma)
        } else {
            None
        }
    }

    /// Header names of (time, mmsi, lat, lon, sog, cog, imo).
    fn columns(self) -> [&'static str; 7] {
        match self {
            AisCsvProfile::Dma => [
                "# timestamp",
                "mmsi",
                "latitude",
                "longitude",
                "sog",
                "cog",
                "imo",
            ],
            AisCsvProfile::MarineCadastre => {
                ["basedatetime", "mmsi", "lat", "lon", "sog", "cog", "imo"]
            }
        }
    }

    /// The timestamp layout as an analyst writes it.
    fn time_layout(self) -> &'static str {
        match self {
            AisCsvProfile::Dma => "dd/mm/yyyy HH:MM:SS",
            AisCsvProfile::MarineCadastre => "YYYY-MM-DDTHH:MM:SS",
        }
    }

    fn time_format(self) -> &'static str {
        match self {
            AisCsvProfile::Dma => "%d/%m/%Y %H:%M:%S",
            AisCsvProfile::MarineCadastre => "%Y-%m-%dT%H:%M:%S",
        }
    }
}

/// A CSV row as the JSON payload: every column that has a value, by header (a DMA header's
/// leading `# ` dropped).
fn row_payload<'a>(headers: &[String], values: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::Object(row_fields(headers, values)).to_string()
}

/// [`row_payload`]'s fields, for a loader that adds its own.
pub(super) fn row_fields<'a>(
    headers: &[String],
    values: impl Iterator<Item = &'a str>,
) -> serde_json::Map<String, serde_json::Value> {
    headers
        .iter()
        .zip(values)
        .filter_map(|(h, v)| {
            present(v).map(|v| {
                (
                    h.trim_start_matches("# ").to_string(),
                    serde_json::Value::String(v.to_string()),
                )
            })
        })
        .collect()
}

/// Text placeholders the exports use for "no value".
pub(super) fn present(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty() && !matches!(v, "Unknown" | "Undefined" | "Unknown value" | "NA")).then_some(v)
}

/// A CSV export and its header names (trimmed); rows may have more or fewer fields than the
/// header (each row is judged on its own).
pub(super) fn open_csv(path: &Path) -> Result<(csv::Reader<std::fs::File>, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| {
            Error::bad_input(path, format!("cannot read the CSV: {e}"), "check the file")
        })?;
    let headers = reader
        .headers()
        .map_err(|e| {
            Error::bad_input(
                path,
                format!("cannot read the header: {e}"),
                "the first line must name the columns",
            )
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok((reader, headers))
}

fn load_ais_csv(ws: &Workspace, path: &Path, fp: &source::Fingerprint) -> Result<TelemetryReport> {
    let conn = &ws.conn;
    let (mut reader, headers) = open_csv(path)?;
    let profile = AisCsvProfile::of_header(&headers.join(",")).ok_or_else(|| {
        Error::bad_input(
            path,
            "not a known AIS CSV export (DMA aisdk or MarineCadastre)",
            "the header must name the columns of one of them",
        )
    })?;
    let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    let index = |name: &str| {
        lower
            .iter()
            .position(|h| h == name || h.trim_start_matches("# ") == name.trim_start_matches("# "))
    };
    let [time, mmsi, lat, lon, sog, cog, imo] = profile.columns().map(index);
    let (Some(time), Some(mmsi), Some(lat), Some(lon)) = (time, mmsi, lat, lon) else {
        return Err(Error::bad_input(
            path,
            "the header lacks a time, MMSI, latitude or longitude column",
            "see the README for the recognised exports",
        ));
    };
    let mut report = TelemetryReport::start(ws, path, fp, TelemetryFormat::AisCsv)?;
    report.count_header();
    let (load_id, file_name) = (report.load_id, report.file.clone());
    let mut appender = conn.appender("telemetry_events")?;
    let mut rejected = conn.appender("rejects")?;
    let mut rows = EventRows::new(&file_name, load_id);
    let mut no_position = 0u64;
    for record in reader.records() {
        let Some((line, record)) = counted_record(&mut report, &mut rejected, record)? else {
            continue;
        };
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).and_then(present);
        let number = |i: Option<usize>| field(i).and_then(|v| v.parse::<f64>().ok());
        let problem = match (
            field(Some(time))
                .map(|t| chrono::NaiveDateTime::parse_from_str(t, profile.time_format())),
            field(Some(mmsi)).map(|m| m.parse::<u32>()),
        ) {
            (None, _) => Some(("missing timestamp".to_string(), "missing timestamp")),
            (Some(Err(_)), _) => Some((
                format!(
                    "timestamp `{}` is not {}",
                    field(Some(time)).unwrap_or(""),
                    profile.time_layout()
                ),
                "timestamp format",
            )),
            (_, None) | (_, Some(Err(_))) => Some((
                format!("MMSI `{}` is not a number", field(Some(mmsi)).unwrap_or("")),
                "MMSI not a number",
            )),
            _ => None,
        };
        if let Some((reason, key)) = problem {
            let raw = record.iter().collect::<Vec<_>>().join(",");
            reject_row(&mut report, &mut rejected, line, key, &reason, Some(&raw))?;
            continue;
        }
        let ts = chrono::NaiveDateTime::parse_from_str(
            field(Some(time)).unwrap_or(""),
            profile.time_format(),
        )
        .expect("checked above");
        let (la, lo) = (number(Some(lat)), number(Some(lon)));
        let on_globe = matches!((la, lo), (Some(a), Some(o)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&o));
        no_position += u64::from(!on_globe);
        let payload = row_payload(&headers, record.iter());
        rows.push(
            &mut appender,
            Event {
                source: "ais",
                mmsi: Some(format!(
                    "{:09}",
                    field(Some(mmsi))
                        .and_then(|m| m.parse::<u32>().ok())
                        .unwrap_or(0)
                )),
                imo: field(imo)
                    .map(|i| i.trim_start_matches("IMO").to_string())
                    .filter(|i| i.chars().all(|c| c.is_ascii_digit()) && i != "0"),
                ts: Some(ts.and_utc().timestamp_micros()),
                lat: la.filter(|_| on_globe),
                lon: lo.filter(|_| on_globe),
                speed_kn: number(sog).filter(|s| *s < 102.3),
                course_deg: number(cog).filter(|c| *c < 360.0),
                event_type: "position".into(),
                payload,
                source_row: line,
                ..Default::default()
            },
        )?;
        report.rows_loaded += 1;
    }
    rows.close(&mut appender)?;
    rejected.flush()?;
    if no_position > 0 {
        report.warnings.push(format!(
            "{no_position} row(s) without a usable position: stored without coordinates"
        ));
    }
    if profile == AisCsvProfile::Dma {
        report.warnings.push(
            "DMA exports repeat rows heavily; the AIS rules count each (MMSI, time, position) once"
                .into(),
        );
    }
    Ok(report)
}

/// The tracker / e-seal / reefer profile: canonical field → header names it is recognised by
/// (lower case). Vendor exports differ (reference: telemetry.md §3); a TOML file given with
/// `--mapping` names the header of any field: `[columns]` then `ts = "Time (UTC)"`.
const IOT_COLUMNS: &[(&str, &[&str])] = &[
    (
        "device_id",
        &["device_id", "device", "tracker_id", "unit_id"],
    ),
    (
        "container_id",
        &[
            "container_id",
            "container",
            "equipment_reference",
            "container_number",
        ],
    ),
    ("seal_id", &["seal_id", "seal", "seal_number"]),
    (
        "ts",
        &[
            "ts_utc",
            "ts",
            "timestamp",
            "event_time",
            "time_utc",
            "time",
        ],
    ),
    ("lat", &["lat", "latitude"]),
    ("lon", &["lon", "lng", "longitude"]),
    ("speed_kmh", &["speed_kmh", "speed"]),
    ("temperature_c", &["temperature_c", "temperature", "temp_c"]),
    ("setpoint_c", &["setpoint_c", "setpoint"]),
    ("humidity_pct", &["humidity_pct", "humidity"]),
    ("event_type", &["event_type", "event"]),
    ("door_state", &["door_state", "door"]),
    ("seal_state", &["seal_state"]),
];

/// Reads a `--mapping` TOML: `[columns]` field = header.
fn iot_mapping(path: Option<&Path>) -> Result<std::collections::HashMap<String, String>> {
    let Some(path) = path else {
        return Ok(Default::default());
    };
    let text = std::fs::read_to_string(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        Error::bad_input(
            path,
            format!("invalid TOML: {}", e.message()),
            "a mapping is [columns] then field = \"header\"",
        )
    })?;
    let columns = table
        .get("columns")
        .and_then(|c| c.as_table())
        .ok_or_else(|| {
            Error::bad_input(
                path,
                "no [columns] table",
                "a mapping is [columns] then field = \"header\"",
            )
        })?;
    let mut out = std::collections::HashMap::new();
    for (field, header) in columns {
        if !IOT_COLUMNS.iter().any(|(f, _)| f == field) {
            return Err(Error::bad_input(
                path,
                format!("[columns] {field}: not a telemetry field"),
                format!(
                    "fields: {}",
                    IOT_COLUMNS
                        .iter()
                        .map(|(f, _)| *f)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let header = header.as_str().ok_or_else(|| {
            Error::bad_input(
                path,
                format!("[columns] {field} must name a header"),
                "e.g. ts = \"Time (UTC)\"",
            )
        })?;
        out.insert(field.clone(), header.to_string());
    }
    Ok(out)
}

/// A timestamp as tracker exports write them: RFC 3339, or ISO without a zone (UTC).
pub(super) fn parse_time(text: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp_micros());
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
    .map(|t| t.and_utc().timestamp_micros())
}

/// One row of a tracker export: its values in header order and its text as read, or why it
/// could not be read.
type IotRecord = std::result::Result<(Vec<String>, String), String>;

fn load_iot_csv(
    ws: &Workspace,
    path: &Path,
    fp: &source::Fingerprint,
    mapping: Option<&Path>,
) -> Result<TelemetryReport> {
    let (reader, headers) = open_csv(path)?;
    let records = reader.into_records().map(|r| {
        r.map(|r| {
            let values: Vec<String> = r.iter().map(String::from).collect();
            let raw = values.join(",");
            (values, raw)
        })
        .map_err(|e| format!("unreadable CSV row: {e}"))
    });
    load_iot_records(
        ws,
        path,
        fp,
        mapping,
        TelemetryFormat::IotCsv,
        headers,
        records,
    )
}

/// One object of a JSON export with its text, or why the line is not one.
type JsonRecord = std::result::Result<(serde_json::Map<String, serde_json::Value>, String), String>;

/// Tracker exports as JSON: an array of objects, or one object per line (NDJSON). Keys are
/// the columns, in order of first appearance; nested values are kept as JSON text.
fn load_iot_json(
    ws: &Workspace,
    path: &Path,
    fp: &source::Fingerprint,
    mapping: Option<&Path>,
) -> Result<TelemetryReport> {
    let text = std::fs::read_to_string(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let objects: Vec<JsonRecord> = if text.trim_start().starts_with('[') {
        let all: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| {
            Error::bad_input(
                path,
                format!("not a JSON array of objects: {e}"),
                "one object per event",
            )
        })?;
        all.into_iter()
            .map(|v| match v {
                serde_json::Value::Object(m) => {
                    let raw = serde_json::Value::Object(m.clone()).to_string();
                    Ok((m, raw))
                }
                other => Err(format!("not an object: {other}")),
            })
            .collect()
    } else {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
                Ok(serde_json::Value::Object(m)) => Ok((m, l.to_string())),
                Ok(other) => Err(format!("not an object: {other}")),
                Err(e) => Err(format!("not JSON: {e}")),
            })
            .collect()
    };
    let mut headers: Vec<String> = Vec::new();
    for (m, _) in objects.iter().flatten() {
        for k in m.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    let columns = headers.clone();
    let records = objects.into_iter().map(move |o| {
        o.map(|(m, raw)| {
            let values = columns
                .iter()
                .map(|h| match m.get(h) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                })
                .collect();
            (values, raw)
        })
    });
    load_iot_records(
        ws,
        path,
        fp,
        mapping,
        TelemetryFormat::IotJson,
        headers,
        records,
    )
}

fn load_iot_records(
    ws: &Workspace,
    path: &Path,
    fp: &source::Fingerprint,
    mapping: Option<&Path>,
    format: TelemetryFormat,
    headers: Vec<String>,
    records: impl Iterator<Item = IotRecord>,
) -> Result<TelemetryReport> {
    let conn = &ws.conn;
    let mapped = iot_mapping(mapping)?;
    let find = |field: &str| -> Option<usize> {
        match mapped.get(field) {
            Some(h) => headers.iter().position(|x| x == h),
            None => IOT_COLUMNS
                .iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, names)| {
                    headers
                        .iter()
                        .position(|h| names.contains(&h.to_ascii_lowercase().as_str()))
                }),
        }
    };
    for (field, header) in &mapped {
        if find(field).is_none() {
            return Err(Error::bad_input(
                path,
                format!(
                    "the mapping names `{header}` for {field}, but the file has no such column"
                ),
                format!("columns: {}", headers.join(", ")),
            ));
        }
    }
    let col = |f: &str| find(f);
    let (Some(ts), device, container) = (col("ts"), col("device_id"), col("container_id")) else {
        return Err(Error::bad_input(
            path,
            "no timestamp column (ts_utc, timestamp, event_time …)",
            "name it with --mapping: [columns] ts = \"…\"",
        ));
    };
    if device.is_none() && container.is_none() {
        return Err(Error::bad_input(
            path,
            "neither a device nor a container column",
            "name one with --mapping: [columns] container_id = \"…\"",
        ));
    }
    let (seal, lat, lon, speed, temp, humidity, event, door, seal_state) = (
        col("seal_id"),
        col("lat"),
        col("lon"),
        col("speed_kmh"),
        col("temperature_c"),
        col("humidity_pct"),
        col("event_type"),
        col("door_state"),
        col("seal_state"),
    );
    let mut report = TelemetryReport::start(ws, path, fp, format)?;
    if format == TelemetryFormat::IotCsv {
        report.count_header();
    }
    let (load_id, file_name) = (report.load_id, report.file.clone());
    let mut appender = conn.appender("telemetry_events")?;
    let mut rejected = conn.appender("rejects")?;
    let mut rows = EventRows::new(&file_name, load_id);
    let mut bad_containers = std::collections::BTreeSet::new();
    for record in records {
        report.lines += 1;
        let line = report.lines as i64;
        let mut reject =
            |report: &mut TelemetryReport, key: &str, reason: String, raw: Option<String>| {
                reject_row(report, &mut rejected, line, key, &reason, raw.as_deref())
            };
        let (record, raw) = match record {
            Ok(r) => r,
            Err(e) => {
                reject(&mut report, "unreadable row", e, None)?;
                continue;
            }
        };
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(String::as_str)
                .and_then(present)
        };
        let Some(time) = field(Some(ts)).and_then(parse_time) else {
            reject(
                &mut report,
                "timestamp",
                format!(
                    "timestamp `{}` is not ISO 8601 / RFC 3339",
                    field(Some(ts)).unwrap_or("")
                ),
                Some(raw),
            )?;
            continue;
        };
        let mut number_problem = None;
        let mut number = |i: Option<usize>, name: &str| -> Option<f64> {
            let v = field(i)?;
            match v.parse::<f64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    number_problem.get_or_insert(format!("{name} `{v}` is not a number"));
                    None
                }
            }
        };
        let (la, lo) = (number(lat, "latitude"), number(lon, "longitude"));
        let (kmh, t, h) = (
            number(speed, "speed"),
            number(temp, "temperature"),
            number(humidity, "humidity"),
        );
        if let Some(problem) = number_problem {
            reject(&mut report, "not a number", problem, Some(raw))?;
            continue;
        }
        if matches!((la, lo), (Some(a), Some(o)) if !(-90.0..=90.0).contains(&a) || !(-180.0..=180.0).contains(&o))
        {
            reject(
                &mut report,
                "position off the globe",
                format!(
                    "position {}, {} is off the globe",
                    la.unwrap_or(0.0),
                    lo.unwrap_or(0.0)
                ),
                Some(raw),
            )?;
            continue;
        }
        let container_id = field(container).map(|c| c.replace([' ', '-'], "").to_ascii_uppercase());
        if let Some(c) = &container_id {
            if !crate::reference::iso6346::is_valid(c) {
                bad_containers.insert(c.clone());
            }
        }
        // the event: as exported, else what the door or seal state says
        let event_type = field(event)
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_else(|| {
                match (
                    field(door).map(str::to_ascii_lowercase),
                    field(seal_state).map(str::to_ascii_lowercase),
                ) {
                    (Some(d), _) if d == "open" || d == "opened" => "door_open".into(),
                    (_, Some(s)) if matches!(s.as_str(), "opened" | "tampered" | "cut") => {
                        format!("seal_{s}")
                    }
                    _ => "position".into(),
                }
            });
        let mut payload = row_fields(&headers, record.iter().map(String::as_str));
        if let Some(seal) = field(seal) {
            // the one place the seal rule looks, whatever the export called its column
            payload.insert("seal_ids".into(), serde_json::json!([seal]));
        }
        let payload = serde_json::Value::Object(payload).to_string();
        rows.push(
            &mut appender,
            Event {
                source: "iot",
                device_id: field(device).map(String::from),
                container_id,
                ts: Some(time),
                lat: la,
                lon: lo,
                speed_kn: kmh.map(|k| k / 1.852),
                event_type,
                temperature_c: t,
                humidity_pct: h,
                payload,
                source_row: line,
                ..Default::default()
            },
        )?;
        report.rows_loaded += 1;
    }
    rows.close(&mut appender)?;
    rejected.flush()?;
    warn_bad_containers(&mut report, &bad_containers);
    Ok(report)
}

/// Container numbers whose ISO 6346 check digit is wrong are kept (DCSA's own examples carry
/// some) and named in a warning.
fn warn_bad_containers(report: &mut TelemetryReport, bad: &std::collections::BTreeSet<String>) {
    if bad.is_empty() {
        return;
    }
    report.warnings.push(format!(
        "{} container number(s) fail the ISO 6346 check digit (kept, flagged): {}",
        bad.len(),
        bad.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
    ));
}

/// A JSON value as text or number → f64 (DCSA 3.0 writes coordinates as strings).
fn json_number(v: Option<&serde_json::Value>) -> Option<f64> {
    match v? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn json_text(v: Option<&serde_json::Value>) -> Option<String> {
    v?.as_str().map(String::from).filter(|s| !s.is_empty())
}

/// One DCSA event in clearway's terms, from any of the three shapes: TNT 2.2 (flat), 3.0 beta
/// (`metadata` + `payload`) and 3.0 final (`eventClassification` …).
fn dcsa_event(e: &serde_json::Value) -> std::result::Result<Option<(Event, String)>, String> {
    let get = |path: &[&str]| -> Option<&serde_json::Value> {
        path.iter()
            .try_fold(e, |v, k| v.get(*k))
            .filter(|v| !v.is_null())
    };
    let (shape, body) = if e.get("metadata").is_some() {
        if get(&["metadata", "retractedEventID"]).is_some() {
            return Ok(None);
        }
        (
            "3.0-beta",
            e.get("payload").unwrap_or(&serde_json::Value::Null),
        )
    } else if e.get("eventClassification").is_some() {
        if get(&["isRetracted"]).and_then(|v| v.as_bool()) == Some(true) {
            return Ok(None);
        }
        ("3.0", e)
    } else {
        ("2.2", e)
    };
    let at = |path: &[&str]| {
        path.iter()
            .try_fold(body, |v, k| v.get(*k))
            .filter(|v| !v.is_null())
    };
    let kind = json_text(at(&["eventClassification", "eventTypeCode"]))
        .or_else(|| json_text(at(&["eventType"])))
        .or_else(|| json_text(get(&["metadata", "eventType"])))
        .unwrap_or_else(|| "UNKNOWN".into());
    let code = |field: &str| {
        json_text(at(&["eventClassification", field])).or_else(|| json_text(at(&[field])))
    };
    let event_type = match kind.as_str() {
        "IOT" => match json_text(at(&["iotDetails", "iotEventCode"]))
            .or_else(|| code("iotEventCode"))
            .as_deref()
        {
            Some("DRO") => "door_open".to_string(),
            Some("DRC") => "door_closed".to_string(),
            _ => "position".to_string(),
        },
        "EQUIPMENT" => format!(
            "equipment_{}",
            code("equipmentEventTypeCode").unwrap_or_default()
        ),
        "TRANSPORT" => format!(
            "transport_{}",
            code("transportEventTypeCode").unwrap_or_default()
        ),
        "SHIPMENT" => format!(
            "shipment_{}",
            code("shipmentEventTypeCode").unwrap_or_default()
        ),
        "REEFER" => format!("reefer_{}", code("reeferEventTypeCode").unwrap_or_default()),
        other => other.to_lowercase(),
    };
    let Some(when) = json_text(at(&["eventDateTime"])) else {
        return Err(format!(
            "{kind} event {} has no eventDateTime",
            json_text(get(&["eventID"])).unwrap_or_default()
        ));
    };
    let ts = chrono::DateTime::parse_from_rfc3339(&when)
        .map_err(|_| format!("eventDateTime `{when}` is not RFC 3339"))?
        .timestamp_micros();
    let container = json_text(at(&["equipmentDetails", "equipmentReference"]))
        .or_else(|| json_text(at(&["equipmentReference"])));
    let lat = json_number(at(&["eventLocation", "geoCoordinate", "latitude"]))
        .or_else(|| json_number(at(&["eventLocation", "latitude"])))
        .or_else(|| json_number(at(&["geoLocation", "latitude"])));
    let lon = json_number(at(&["eventLocation", "geoCoordinate", "longitude"]))
        .or_else(|| json_number(at(&["eventLocation", "longitude"])))
        .or_else(|| json_number(at(&["geoLocation", "longitude"])));
    let imo = json_text(at(&[
        "transportDetails",
        "vesselTransport",
        "vesselIMONumber",
    ]))
    .or_else(|| json_text(at(&["transportCall", "vessel", "vesselIMONumber"])));
    let location = json_text(at(&["eventLocation", "UNLocationCode"]))
        .or_else(|| json_text(at(&["transportCall", "UNLocationCode"])));
    // reefer readings: the first probe, else the ambient reading; Fahrenheit converted
    let fahrenheit = json_text(at(&["reeferDetails", "temperatureUnit"])).as_deref() == Some("FAH");
    let temperature = at(&["reeferDetails", "temperatureProbeMeasurements"])
        .and_then(|p| p.as_array())
        .and_then(|p| p.first())
        .and_then(|p| json_number(p.get("measuredTemperatureValue")))
        .or_else(|| json_number(at(&["measurements", "temperature"])))
        .map(|t| {
            if fahrenheit {
                (t - 32.0) * 5.0 / 9.0
            } else {
                t
            }
        });
    let humidity = json_number(at(&[
        "reeferDetails",
        "measuredParameters",
        "humidityPercentage",
    ]))
    .or_else(|| json_number(at(&["measurements", "humidity"])));
    let mut payload = e.clone();
    if let (serde_json::Value::Object(m), Some(setpoint)) = (
        &mut payload,
        json_number(at(&["reeferDetails", "internalSetpointTemperature"])),
    ) {
        // the reefer rule reads the setpoint from here, in °C
        m.insert(
            "setpoint_c".into(),
            serde_json::json!(if fahrenheit {
                (setpoint - 32.0) * 5.0 / 9.0
            } else {
                setpoint
            }),
        );
    }
    if let serde_json::Value::Object(m) = &mut payload {
        m.insert("dcsa_shape".into(), serde_json::json!(shape));
        // 2.2 writes seals[].sealNumber, 3.0 seals[].number
        let seals: Vec<String> = at(&["seals"])
            .or_else(|| at(&["equipmentDetails", "seals"]))
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
            .filter_map(|s| json_text(s.get("sealNumber")).or_else(|| json_text(s.get("number"))))
            .collect();
        if !seals.is_empty() {
            m.insert("seal_ids".into(), serde_json::json!(seals));
        }
    }
    let id = json_text(get(&["eventID"]))
        .or_else(|| json_text(get(&["metadata", "eventID"])))
        .unwrap_or_default();
    Ok(Some((
        Event {
            source: "dcsa",
            container_id: container.map(|c| c.replace([' ', '-'], "").to_ascii_uppercase()),
            imo,
            ts: Some(ts),
            lat,
            lon,
            event_type,
            temperature_c: temperature,
            humidity_pct: humidity,
            location_code: location,
            payload: payload.to_string(),
            ..Default::default()
        },
        id,
    )))
}

/// DCSA Track & Trace events (2.2, 3.0 beta, 3.0), IoT (door, location) and reefer readings.
/// An event updated later in the same file (same eventID, later eventUpdatedDateTime) replaces
/// the earlier one; retractions remove nothing here and are skipped and counted.
fn load_dcsa(ws: &Workspace, path: &Path, fp: &source::Fingerprint) -> Result<TelemetryReport> {
    let conn = &ws.conn;
    let text = std::fs::read_to_string(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::bad_input(
            path,
            format!("not JSON: {e}"),
            "a DCSA file is a JSON array of events or {\"events\": [...]}",
        )
    })?;
    let events: Vec<serde_json::Value> = match doc {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(mut m) => match m.remove("events") {
            Some(serde_json::Value::Array(a)) => a,
            _ => vec![serde_json::Value::Object(m)],
        },
        _ => {
            return Err(Error::bad_input(
                path,
                "neither an array of events nor {\"events\": [...]}",
                "check the export",
            ))
        }
    };
    let mut report = TelemetryReport::start(ws, path, fp, TelemetryFormat::Dcsa)?;
    let (load_id, file_name) = (report.load_id, report.file.clone());
    report.lines = events.len() as u64;
    let mut latest: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let id = json_text(e.get("eventID")).unwrap_or_else(|| format!("#{i}"));
        let updated = json_text(e.get("eventUpdatedDateTime")).unwrap_or_default();
        match latest.get(&id) {
            Some((seen, _)) if *seen > updated => {}
            _ => {
                latest.insert(id, (updated, i));
            }
        }
    }
    let keep: std::collections::BTreeSet<usize> = latest.values().map(|(_, i)| *i).collect();
    let mut bad_containers = std::collections::BTreeSet::new();
    let mut appender = conn.appender("telemetry_events")?;
    let mut rejected = conn.appender("rejects")?;
    let mut rows = EventRows::new(&file_name, load_id);
    for (i, e) in events.iter().enumerate() {
        let number = i as i64 + 1;
        if !keep.contains(&i) {
            *report
                .skipped
                .entry("superseded by a later update".into())
                .or_default() += 1;
            continue;
        }
        match dcsa_event(e) {
            Ok(Some((mut event, _))) => {
                event.source_row = number;
                if let Some(c) = event
                    .container_id
                    .as_ref()
                    .filter(|c| !crate::reference::iso6346::is_valid(c))
                {
                    bad_containers.insert(c.clone());
                }
                rows.push(&mut appender, event)?;
                report.rows_loaded += 1;
            }
            Ok(None) => *report.skipped.entry("retraction".into()).or_default() += 1,
            Err(reason) => {
                let key = reason.split(" `").next().unwrap_or(&reason).to_string();
                reject_row(
                    &mut report,
                    &mut rejected,
                    number,
                    &key,
                    &reason,
                    Some(&e.to_string()),
                )?;
            }
        }
    }
    rows.close(&mut appender)?;
    rejected.flush()?;
    warn_bad_containers(&mut report, &bad_containers);
    Ok(report)
}

/// The report as the analyst reads it.
pub fn render(report: &TelemetryReport) -> String {
    let n = |v: u64| crate::output::group_thousands(v as i64);
    let mut out = format!(
        "load {} · {}\n  format    {} · {} bytes · sha256 {}\n  lines     read {} = messages {} + duplicates {} + joined fragments {} + rejected {} + skipped {}\n",
        report.load_id,
        report.file,
        report.format.label(),
        n(report.bytes),
        &report.sha256[..16.min(report.sha256.len())],
        n(report.lines),
        n(report.rows_loaded),
        n(report.rows_duplicate),
        n(report.fragments_joined),
        n(report.rows_rejected),
        n(report.skipped.values().sum())
    );
    for (kind, count) in &report.skipped {
        out.push_str(&format!("              skipped {kind}: {}\n", n(*count)));
    }
    for line in report.duplicates.render(report.load_id) {
        out.push_str(&format!("              {line}\n"));
    }
    for (reason, count) in &report.rejected_by_reason {
        out.push_str(&format!("              rejected {reason}: {}\n", n(*count)));
    }
    if report.rows_rejected > 0 {
        out.push_str(&format!(
            "              see: clearway query \"SELECT * FROM rejects WHERE load_id = {}\"\n",
            report.load_id
        ));
    }
    for w in &report.warnings {
        out.push_str(&format!("  warning   {w}\n"));
    }
    out.push_str(&format!("  took      {:.2} s\n", report.seconds));
    out
}
