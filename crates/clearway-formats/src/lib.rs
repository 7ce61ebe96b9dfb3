//! clearway-formats: the readers and verifiers of the untrusted files clearway loads, with no
//! database in sight.
//!
//! Everything here takes bytes (or a path) and returns typed rows, verdicts and named problems;
//! nothing here opens DuckDB, writes a table or prints. That line is drawn on purpose:
//!
//! * these are the parsers of hostile input (a tracker's NMEA, a ledger export, a design file
//!   from a seized laptop), so they are what the fuzz targets exercise — and a fuzz target that
//!   links DuckDB spends its time rebuilding C++ rather than fuzzing;
//! * a one-line change to a reader rebuilds and tests this crate in seconds instead of the
//!   whole workbench;
//! * the main crate (`clearway`) owns what happens next — the load session, lineage, the audit
//!   trail — and re-exports these modules under the same paths (`clearway::telemetry`,
//!   `clearway::ledger`, `clearway::print3d`), so callers do not care where they live.
//!
//! Modules:
//!
//! * [`telemetry`] — AIS NMEA (all message types, multi-fragment grouping) and ASTM F3411
//!   Remote ID decoding;
//! * [`ledger`] — Hyperledger Fabric blocks (protobuf and JSON, endorsement signatures), EVM
//!   JSON-RPC/raw RLP/Portal blocks verified through their bodies, OpenAttestation documents,
//!   generic hash-linked chains;
//! * [`print3d`] — STL, 3MF, OBJ, AMF, G-code and Prusa binary G-code readers, mesh measures and
//!   the layered geometry fingerprints (cgh-v1/v2) with their comparison;
//! * [`mapping_file`] — the TOML mapping files that say how an export's columns become
//!   canonical declaration columns (text from someone else, values bound for SQL);
//! * [`plugin_wire`] — the JSON-RPC messages a plugin sends back (a plugin is outside code:
//!   its output is untrusted bytes like any file's);
//! * [`inspection`] — the checklist of an inspection pack and the officer's result file that
//!   comes back from the container;
//! * [`limits`] — the bounds every reader keeps (file, line, zip part and package sizes), the
//!   short excerpts its messages quote.
//!
//! The `clap` feature derives `clap::ValueEnum` on the format enums the command line names.

pub mod inspection;
pub mod ledger;
pub mod limits;
pub mod mapping_file;
pub mod plugin_wire;
pub mod print3d;
pub mod telemetry;
