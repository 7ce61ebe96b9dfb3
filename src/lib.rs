//! clearway: a terminal-first workbench for customs and border-management risk analysts.
//!
//! Module map (see docs/architecture.md and the README):
//!
//! * [`case`] — a declaration's case file: items, scores, flags, linked telemetry and ledgers;
//! * [`cli`] — the command line (clap derive; doc comments are the help text);
//! * [`commands`] — one file per subcommand, thin: they parse, call the library and print (the
//!   TUI calls the same library functions, never `commands`);
//! * [`workspace`] — the DuckDB file, its schema and migrations, and the audit trail;
//! * [`ingest`] — format detection, mapping profiles and the declaration loader;
//! * [`sql`] — the one quoting of names, user values parsed and bound, pointed SQL errors;
//! * [`model`] — the learned risk model: SQL features, gradient-boosted trees, evaluation;
//! * [`classify`] — HS code suggestions from goods descriptions (the `clearway-classify`
//!   crate's tree of linear models) trained on the nomenclature and the workspace's history;
//! * [`output`] — table / CSV / JSON / NDJSON / Markdown writers over Arrow batches;
//! * [`export`] — tables and queries to files with a provenance sidecar, and their check;
//! * [`provenance`] — design files scanned, registered and judged against the registry;
//! * [`risk`] — risk rule packs (`queries/`): parsing, parameters, lint, runs and scores;
//! * [`telemetry`], [`print3d`] and most of [`ledger`] — the DuckDB-free readers and verifiers
//!   of the `clearway-formats` crate, re-exported under these paths;
//! * [`plugin`] — outside services driven through manifests, JSON-RPC and Arrow;
//! * [`tui`] — the interactive workbench (ratatui): actions, state, DuckDB worker, drawing;
//! * [`viz`] — charts (`plot`, the report, the demo): DuckDB aggregates, plotters draws;
//! * [`sample_data`] — the deterministic synthetic declaration generator;
//! * [`reference`] — HS 2022, ISO 3166, major ports and the ISO 6346 check, compiled in;
//! * [`error`] — every user-facing failure as a miette diagnostic with its exit code;
//! * [`failpoint`] — named places where tests make a writing command fail, die or stall;
//! * [`interrupt`] — SIGINT/SIGTERM during a load: roll back, exit 130/143.

// `Error` carries miette source excerpts (the SQL or mapping text) so diagnostics can point
// into them; that makes it large, and clippy's `result_large_err` would have us box it. Errors
// here end a command, once: the cost is nil and plain variants keep `match`es readable.
#![allow(clippy::result_large_err)]

pub mod case;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod error;
pub mod export;
pub mod failpoint;
pub mod ingest;
pub mod inspect;
pub mod interrupt;
pub mod lake;
pub mod ledger;
/// The bounds every reader keeps on its input (from `clearway-formats`).
pub use clearway_formats::limits;
pub mod model;
pub mod output;
pub mod plugin;
/// 3D-print design readers and fingerprints (from `clearway-formats`).
pub use clearway_formats::print3d;
pub mod process_group;
pub mod progress;
pub mod provenance;
pub mod reference;
pub mod risk;
pub mod sample_data;
pub mod scene;
pub mod settings;
pub mod sql;
/// AIS and Remote ID decoders (from `clearway-formats`).
pub use clearway_formats::telemetry;
pub mod tui;
pub mod viz;
pub mod workspace;

/// This build's version, recorded in loads, exports and the audit trail.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
