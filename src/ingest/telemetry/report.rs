//! What a telemetry load reports: the formats by name, the counts that account for every line
//! of the file, and the text the analyst reads.

use crate::ingest::duplicates::DuplicateReport;
use crate::ingest::session::{Accounting, LoadSession, LoadSummary};
use crate::ingest::source;
use crate::reference::iso6346;
use crate::telemetry::rows::Event;
use std::collections::BTreeMap;

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
    /// An empty report for the session's load of a file of `format`.
    pub(super) fn new(
        session: &LoadSession<'_>,
        fp: &source::Fingerprint,
        format: TelemetryFormat,
    ) -> Self {
        TelemetryReport {
            load_id: session.load_id(),
            file: session.file().to_string(),
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
        }
    }

    /// A CSV file's header line: read, and not a row.
    pub(super) fn count_header(&mut self) {
        self.lines += 1;
        *self.skipped.entry("header".into()).or_default() += 1;
    }

    /// A rejected line, counted under `key`.
    pub(super) fn count_reject(&mut self, key: &str, lines: u64) {
        self.rows_rejected += lines;
        *self.rejected_by_reason.entry(key.to_string()).or_default() += lines;
    }

    /// What the session records of the load: the `loads` row and the audit entry. Every line
    /// is a row (loaded, duplicate, rejected) or set aside (a header, a skipped line, a
    /// fragment joined to its message).
    pub(super) fn summary(&self) -> LoadSummary<'_> {
        LoadSummary {
            format: serde_json::to_value(self.format)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            encoding: Some("UTF-8"),
            dialect: None,
            profile: None,
            options: None,
            read: self.lines,
            loaded: self.rows_loaded,
            rejected: self.rows_rejected,
            accounting: Accounting::Rows {
                set_aside: self.fragments_joined + self.skipped.values().sum::<u64>(),
            },
            warnings: &self.warnings,
            audit: serde_json::json!({ "load_id": self.load_id, "file": self.file, "sha256": self.sha256, "format": self.format,
                                       "lines": self.lines, "rows_loaded": self.rows_loaded, "rows_duplicate": self.rows_duplicate,
                                       "rows_rejected": self.rows_rejected, "on_duplicate": self.duplicates.policy }),
        }
    }
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

/// Container numbers whose ISO 6346 check digit is wrong: kept (DCSA's own examples carry
/// some) and named in a warning.
#[derive(Default)]
pub(super) struct InvalidContainers(std::collections::BTreeSet<String>);

impl InvalidContainers {
    /// Notes the event's container number when it fails the check digit.
    pub(super) fn check(&mut self, event: &Event) {
        if let Some(c) = event
            .container_id
            .as_ref()
            .filter(|c| !iso6346::is_valid(c))
        {
            self.0.insert(c.clone());
        }
    }

    /// The warning naming the first five, if any failed.
    pub(super) fn warn(self, report: &mut TelemetryReport) {
        if self.0.is_empty() {
            return;
        }
        report.warnings.push(format!(
            "{} container number(s) fail the ISO 6346 check digit (kept, flagged): {}",
            self.0.len(),
            self.0
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}
