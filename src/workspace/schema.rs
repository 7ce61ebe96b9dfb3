//! Schema and migrations of the workspace, owned by the binary.
//!
//! Each migration is a plain SQL batch applied once, in order, inside one transaction, and
//! recorded in `schema_version`. A workspace written by a newer clearway is refused rather than
//! guessed at. Version 1 creates the canonical tables of docs/architecture.md §4 for every kind of
//! input at once, so later readers (telemetry, ledgers, design files) only add code, not DDL
//! races; operational tables (`loads`, `rejects`, `audit_log`) are shared by all of them.
//!
//! Monetary amounts are `DECIMAL(18,2)`: analysts sum them, and binary floating point would
//! make those sums drift. Quantities and masses are `DOUBLE`. Every data table carries its
//! lineage: `source_file`, `source_row` and `load_id`.

use super::Workspace;
use crate::error::{Error, Result};

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = 19;

/// Column list of `declarations`, in table order, shared with the loader and the exporter so
/// that there is one statement of the canonical schema.
pub const DECLARATION_COLUMNS: &[(&str, &str)] = &[
    ("declaration_id", "VARCHAR"),
    ("item_no", "INTEGER"),
    ("declared_at", "TIMESTAMP"),
    ("office_id", "VARCHAR"),
    ("procedure", "VARCHAR"),
    ("importer_id", "VARCHAR"),
    ("declarant_id", "VARCHAR"),
    ("exporter_id", "VARCHAR"),
    ("hs_code", "VARCHAR"),
    ("goods_description", "VARCHAR"),
    ("origin_country", "VARCHAR"),
    ("export_country", "VARCHAR"),
    ("transport_mode", "VARCHAR"),
    ("container_ids", "VARCHAR[]"),
    ("vessel_imo", "VARCHAR"),
    ("vessel_mmsi", "VARCHAR"),
    ("quantity", "DOUBLE"),
    ("quantity_unit", "VARCHAR"),
    ("gross_mass_kg", "DOUBLE"),
    ("net_mass_kg", "DOUBLE"),
    ("invoice_value", "DECIMAL(18,2)"),
    ("currency", "VARCHAR"),
    ("customs_value", "DECIMAL(18,2)"),
    ("fob_value", "DECIMAL(18,2)"),
    ("total_taxes", "DECIMAL(18,2)"),
    ("lane", "VARCHAR"),
    ("inspected", "BOOLEAN"),
    ("illicit", "BOOLEAN"),
    ("revenue_recovered", "DECIMAL(18,2)"),
    ("extra", "JSON"),
];

const LINEAGE: &str = "source_file VARCHAR, source_row BIGINT, load_id BIGINT";

fn migration_1() -> String {
    let decl_cols: Vec<String> = DECLARATION_COLUMNS
        .iter()
        .map(|(n, t)| format!("{n} {t}"))
        .collect();
    format!(
        r#"
CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, clearway_version VARCHAR NOT NULL);

CREATE SEQUENCE load_id_seq START 1;
CREATE TABLE loads (
    load_id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, target_table VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, source_bytes BIGINT,
    format VARCHAR, encoding VARCHAR, dialect JSON, mapping_profile VARCHAR, mapping JSON,
    rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, warnings JSON, forced BOOLEAN,
    started_at TIMESTAMP, finished_at TIMESTAMP, clearway_version VARCHAR);
CREATE TABLE rejects (
    load_id BIGINT NOT NULL, source_file VARCHAR, line BIGINT, source_row BIGINT,
    stage VARCHAR, reason VARCHAR, raw VARCHAR);
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY, recorded_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, command VARCHAR NOT NULL,
    detail JSON, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL);

CREATE TABLE hs_codes (hs_code VARCHAR, level INTEGER, section VARCHAR, parent VARCHAR, description VARCHAR, edition VARCHAR);

CREATE TABLE declarations ({decl}, {LINEAGE});

CREATE TABLE telemetry_events (
    source VARCHAR, device_id VARCHAR, container_id VARCHAR, mmsi VARCHAR, imo VARCHAR, ts TIMESTAMP,
    lat DOUBLE, lon DOUBLE, speed_kn DOUBLE, course_deg DOUBLE, event_type VARCHAR,
    temperature_c DOUBLE, humidity_pct DOUBLE, location_code VARCHAR, payload JSON, {LINEAGE});

CREATE TABLE ledger_blocks (
    chain_id VARCHAR, family VARCHAR, number BIGINT, hash VARCHAR, prev_hash VARCHAR, data_hash VARCHAR,
    ts TIMESTAMP, tx_count INTEGER, verified BOOLEAN, problems VARCHAR[], {LINEAGE});
CREATE TABLE ledger_records (
    chain_id VARCHAR, block_number BIGINT, tx_id VARCHAR, valid BOOLEAN, record_type VARCHAR,
    document_ref VARCHAR, declaration_id VARCHAR, container_id VARCHAR, doc_hash VARCHAR,
    signature_ok BOOLEAN, payload JSON, {LINEAGE});

CREATE TABLE risk_runs (
    run_id BIGINT, started_at TIMESTAMP, finished_at TIMESTAMP, pack VARCHAR, rules JSON, parameters JSON,
    clearway_version VARCHAR);
CREATE TABLE risk_hits (
    run_id BIGINT, rule_id VARCHAR, declaration_id VARCHAR, item_no INTEGER, score DOUBLE, reason VARCHAR,
    evidence JSON);
CREATE TABLE risk_scores (
    run_id BIGINT, declaration_id VARCHAR, total DOUBLE, lane VARCHAR, top_reasons VARCHAR[]);

CREATE TABLE design_files (
    file_id VARCHAR, path VARCHAR, format VARCHAR, sha256 VARCHAR, bytes BIGINT, triangles BIGINT,
    bbox_mm DOUBLE[], volume_mm3 DOUBLE, fingerprint VARCHAR, metadata JSON, {LINEAGE});
CREATE TABLE design_registry (
    design_id VARCHAR, title VARCHAR, owner VARCHAR, controlled BOOLEAN, sha256 VARCHAR,
    fingerprint VARCHAR, notes VARCHAR, registered_at TIMESTAMP);
CREATE TABLE provenance_checks (
    check_id BIGINT, file_id VARCHAR, design_id VARCHAR, verdict VARCHAR, similarity DOUBLE,
    reasons VARCHAR[], checked_at TIMESTAMP);
"#,
        decl = decl_cols.join(", ")
    )
}

/// Version 2: selectivity lanes carry the reason they were given (`risk lanes`).
const MIGRATION_2: &str = "ALTER TABLE risk_scores ADD COLUMN lane_reason VARCHAR;";

/// Version 3: the analyst's flags and notes on declarations (the TUI's case view), kept in a
/// table so that SQL can join them with everything else.
const MIGRATION_3: &str = "CREATE TABLE annotations (
    annotation_id BIGINT PRIMARY KEY, declaration_id VARCHAR NOT NULL, reason_code VARCHAR NOT NULL,
    note VARCHAR, run_id BIGINT, created_at TIMESTAMP NOT NULL, created_by VARCHAR NOT NULL);";

/// Version 4: telemetry linked to declarations — by container number, by vessel (MMSI, IMO)
/// — for events from 30 days before a declaration to 30 days after it (or without a receive
/// time, which cannot be placed). The case view and the telemetry rules read this view.
const MIGRATION_4: &str = "CREATE VIEW declaration_telemetry AS
    WITH decl AS (
        SELECT declaration_id, min(declared_at) AS declared_at, any_value(vessel_mmsi) AS vessel_mmsi,
               any_value(vessel_imo) AS vessel_imo, flatten(list(container_ids)) AS containers
        FROM declarations GROUP BY declaration_id)
    SELECT d.declaration_id, d.declared_at, l.link, t.*
    FROM decl d
    JOIN telemetry_events t
      ON (t.ts IS NULL OR t.ts BETWEEN d.declared_at - INTERVAL 30 DAY AND d.declared_at + INTERVAL 30 DAY)
     AND (t.mmsi = d.vessel_mmsi OR t.imo = d.vessel_imo OR list_contains(d.containers, t.container_id)),
    LATERAL (SELECT CASE WHEN t.mmsi = d.vessel_mmsi THEN 'mmsi' WHEN t.imo = d.vessel_imo THEN 'imo'
                         ELSE 'container' END AS link) l;";

/// Version 6: ledger verdicts say why (`details`) beside the short problem names, and each
/// block keeps the load it came from for `ledger verify` to re-read.
const MIGRATION_6: &str = "ALTER TABLE ledger_blocks ADD COLUMN details VARCHAR[];";

/// Version 7: the design registry keeps what `provenance check` compares — the licence and
/// designer on record, and the D2 shape distribution for similarity — and the checks keep the
/// file they judged.
const MIGRATION_7: &str = "ALTER TABLE design_registry ADD COLUMN licence VARCHAR;
ALTER TABLE design_registry ADD COLUMN designer VARCHAR;
ALTER TABLE design_registry ADD COLUMN d2 DOUBLE[];
ALTER TABLE provenance_checks ADD COLUMN path VARCHAR;
ALTER TABLE provenance_checks ADD COLUMN sha256 VARCHAR;
ALTER TABLE provenance_checks ADD COLUMN fingerprint VARCHAR;
ALTER TABLE provenance_checks ADD COLUMN anchored VARCHAR;";

/// Version 8: print settings a registered design prescribes (a JSON object: material, layer
/// height… as the G-code check compares them) and the design a checked file claimed to be.
const MIGRATION_8: &str = "ALTER TABLE design_registry ADD COLUMN print_settings JSON;
ALTER TABLE provenance_checks ADD COLUMN claimed_design VARCHAR;";

/// Version 9: scores from scoring plugins (ml-score …), which the `scoring` rule pack turns into
/// hits; a plugin's table is appended by column name, so its column order does not matter.
const MIGRATION_9: &str = "CREATE TABLE plugin_scores (
    declaration_id VARCHAR, item_no INTEGER, score DOUBLE, reason VARCHAR, model VARCHAR);";

/// Version 10: the learned model's scores with each item's top contributions (`model score`),
/// which rule `model_score` of the `scoring` pack turns into hits.
const MIGRATION_10: &str = "CREATE TABLE model_scores (
    declaration_id VARCHAR, item_no INTEGER, score DOUBLE, reason VARCHAR, model VARCHAR,
    contributions JSON, scored_at TIMESTAMP);";

/// Version 11: what a block's verification recomputed ("header hash", "transactions root",
/// "receipts root", …), so that a header-only check is never read as a full one; and ledger
/// records linked to declarations — by declaration id, by a document the declaration cites
/// (`document_refs`), by container — plus the DocumentStore events that anchor a linked
/// document's hash, each with the state of its block. The case view reads this view.
const MIGRATION_11: &str = "ALTER TABLE ledger_blocks ADD COLUMN checked VARCHAR[];
CREATE VIEW declaration_ledger AS
    WITH decl AS (
        SELECT declaration_id, flatten(list(container_ids)) AS containers,
               list_filter(list_transform(flatten(list(string_split(coalesce(extra->>'document_refs', ''), ';'))),
                                          lambda x: trim(x)), lambda x: x <> '') AS refs
        FROM declarations GROUP BY declaration_id),
    direct AS (
        SELECT d.declaration_id,
               CASE WHEN r.declaration_id = d.declaration_id THEN 'declaration'
                    WHEN list_contains(d.refs, r.document_ref) THEN 'document'
                    ELSE 'container' END AS link,
               r.*
        FROM decl d JOIN ledger_records r
          ON r.declaration_id = d.declaration_id OR list_contains(d.refs, r.document_ref)
             OR list_contains(d.containers, r.container_id)),
    anchored AS (
        SELECT DISTINCT d.declaration_id, 'anchor' AS link, a.*
        FROM direct d JOIN ledger_records a
          ON d.doc_hash IS NOT NULL AND lower(a.doc_hash) = lower(d.doc_hash)
         AND a.record_type IN ('document_issued', 'document_revoked'))
    SELECT l.*, b.verified AS block_verified, b.problems AS block_problems, b.checked AS block_checked,
           CASE WHEN b.verified THEN 'verified'
                WHEN b.problems = ['header only'] THEN 'header only'
                WHEN b.verified IS NULL THEN 'block not loaded'
                ELSE 'failed: ' || array_to_string(b.problems, '; ') END AS block_state
    FROM (SELECT * FROM direct UNION ALL BY NAME SELECT * FROM anchored) l
    LEFT JOIN ledger_blocks b ON b.chain_id = l.chain_id AND b.number = l.block_number AND b.load_id = l.load_id;";

/// Version 12: loads count the rows they did not keep because their natural key was already
/// loaded (`ingest::duplicates`), so that `rows_read = rows_loaded + rows_duplicate +
/// rows_rejected`; the policy used and the per-earlier-load counts travel beside them. Loads
/// recorded before this version checked no keys: 0 duplicates.
const MIGRATION_12: &str = "ALTER TABLE loads ADD COLUMN rows_duplicate BIGINT DEFAULT 0;
ALTER TABLE loads ADD COLUMN on_duplicate VARCHAR;
ALTER TABLE loads ADD COLUMN duplicates JSON;";

/// Version 13: the registry keeps each design's rotation-invariant geometry hash (cgh-v2) and
/// its shape (principal sizes, area, chirality — JSON), so that a rotated copy is the same
/// geometry, a mirror image is told apart and a match by shape is held to the design's size.
/// Rows from before keep their cgh-v1 and D2; `provenance check` recomputes both new fields
/// from the registered file when it is still there unchanged (src/commands/provenance.rs).
const MIGRATION_13: &str = "ALTER TABLE design_registry ADD COLUMN cgh_v2 VARCHAR;
ALTER TABLE design_registry ADD COLUMN shape JSON;";

/// Version 14: what a load read but stored as no row by design (header lines, comments,
/// fragments joined to their message), so that every `loads` row reconciles on its own:
/// `rows_read = rows_loaded + rows_duplicate + rows_rejected + rows_skipped` (NULL for loads
/// that do not count rows one for one — ledgers — and for loads recorded before version 14).
const MIGRATION_14: &str = "ALTER TABLE loads ADD COLUMN rows_skipped BIGINT;";

/// Version 15: the keyed audit chain (`workspace::audit`). Rows name the key that signed them
/// (`key_id`; NULL for the plain-SHA-256 rows written before, which stay as they are), and the
/// workspace gets a random identity that every keyed MAC covers and that names its checkpoint
/// file outside the workspace.
const MIGRATION_15: &str = "ALTER TABLE audit_log ADD COLUMN key_id VARCHAR;
CREATE TABLE audit_identity (workspace_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL);
INSERT INTO audit_identity VALUES (uuid()::VARCHAR, now()::TIMESTAMP);";

/// Version 16: plugin scores carry the order they arrived in, so that rule `plugin_score` takes
/// each item's latest score from the data rather than from DuckDB's physical `rowid` (which
/// Spark does not have, issue 21). Rows already stored are numbered in their stored order.
const MIGRATION_16: &str = "CREATE SEQUENCE plugin_score_arrival START 1;
ALTER TABLE plugin_scores ADD COLUMN arrival BIGINT DEFAULT nextval('plugin_score_arrival');";

/// Version 17: a run says which engine computed it (`duckdb`, or `spark` for a run brought in by
/// `risk import`) and, for an imported run, where it came from (the run folder, its run id and
/// the lake it read), so that `risk import` refuses to bring the same Spark run in twice.
const MIGRATION_17: &str = "ALTER TABLE risk_runs ADD COLUMN engine VARCHAR DEFAULT 'duckdb';
ALTER TABLE risk_runs ADD COLUMN source JSON;";

/// Version 18: HS code suggestions (`clearway classify score`), the top few per item with the
/// reason for each, where rule `hs_misclassification` of the declarations pack reads them.
const MIGRATION_18: &str = "CREATE TABLE hs_suggestions (
    declaration_id VARCHAR, item_no INTEGER, rank INTEGER, hs_code VARCHAR, probability DOUBLE,
    reason VARCHAR, explanation JSON, model VARCHAR, scored_at TIMESTAMP);";

/// Version 19: inspection packs (`clearway inspect brief`): each pack's checklist and its hash,
/// recorded when the pack is issued, so that `inspect record` takes back only results for
/// packs this workspace issued, with the checklist unchanged, and only once; and the officer's
/// answers, one row per check.
const MIGRATION_19: &str = "CREATE TABLE inspection_packs (
    pack_id VARCHAR PRIMARY KEY, declaration_id VARCHAR NOT NULL, run_id BIGINT, checklist JSON NOT NULL,
    checklist_sha256 VARCHAR NOT NULL, issued_at TIMESTAMP NOT NULL, issued_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP, inspector VARCHAR, result_sha256 VARCHAR);
CREATE TABLE inspection_answers (
    pack_id VARCHAR NOT NULL, declaration_id VARCHAR NOT NULL, check_id VARCHAR NOT NULL, item_no INTEGER,
    kind VARCHAR NOT NULL, check_text VARCHAR NOT NULL, outcome VARCHAR NOT NULL, note VARCHAR, photos JSON,
    inspector VARCHAR NOT NULL, inspected_at TIMESTAMP NOT NULL);";

fn migrations() -> Vec<(i64, String)> {
    vec![
        (1, migration_1()),
        (2, MIGRATION_2.to_string()),
        (3, MIGRATION_3.to_string()),
        (4, MIGRATION_4.to_string()),
        // version 5: major ports, for telling "at sea" from "in port" (reference::ports)
        (5, crate::reference::ports::migration_sql()),
        (6, MIGRATION_6.to_string()),
        (7, MIGRATION_7.to_string()),
        (8, MIGRATION_8.to_string()),
        (9, MIGRATION_9.to_string()),
        (10, MIGRATION_10.to_string()),
        (11, MIGRATION_11.to_string()),
        (12, MIGRATION_12.to_string()),
        (13, MIGRATION_13.to_string()),
        (14, MIGRATION_14.to_string()),
        (15, MIGRATION_15.to_string()),
        (16, MIGRATION_16.to_string()),
        (17, MIGRATION_17.to_string()),
        (18, MIGRATION_18.to_string()),
        (19, MIGRATION_19.to_string()),
    ]
}

/// The highest migration applied, or 0 for an empty database.
fn current_version(ws: &Workspace) -> Result<i64> {
    let exists: i64 = ws.conn.query_row(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema='main' AND table_name='schema_version'",
        [],
        |r| r.get(0),
    )?;
    if exists == 0 {
        return Ok(0);
    }
    Ok(ws.conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?)
}

/// The workspace's schema version, refused when a newer clearway wrote it.
fn understood_version(ws: &Workspace) -> Result<i64> {
    let found = current_version(ws)?;
    if found > CURRENT_VERSION {
        return Err(Error::SchemaTooNew {
            path: ws.path.clone(),
            found,
            known: CURRENT_VERSION,
        });
    }
    Ok(found)
}

/// Applies every migration the workspace lacks, each in its own transaction.
pub fn migrate(ws: &Workspace) -> Result<()> {
    let found = understood_version(ws)?;
    for (version, sql) in migrations().into_iter().filter(|(v, _)| *v > found) {
        ws.in_transaction(|| apply(ws, version, &sql))?;
    }
    Ok(())
}

/// One migration and its `schema_version` row (version 1 also loads the HS nomenclature).
fn apply(ws: &Workspace, version: i64, sql: &str) -> Result<()> {
    ws.conn.execute_batch(sql)?;
    ws.conn.execute(
        "INSERT INTO schema_version VALUES (?, now()::TIMESTAMP, ?)",
        duckdb::params![version, crate::VERSION],
    )?;
    if version == 1 {
        crate::reference::hs::load_into(&ws.conn)?;
    }
    Ok(())
}

/// A read-only open cannot migrate, so it only checks that this build understands the file.
pub fn check_readable(ws: &Workspace) -> Result<()> {
    let found = understood_version(ws)?;
    if found < CURRENT_VERSION {
        return Err(Error::usage(
            format!("the workspace {} has schema version {found}, older than this build's {CURRENT_VERSION}", ws.path.display()),
            "run any writing command once (e.g. `clearway init`) to migrate it",
        ));
    }
    Ok(())
}
