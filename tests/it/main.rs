//! Integration tests, in one binary because every test binary links all of DuckDB.
//!
//! CLI tests drive the real `clearway` binary (assert_cmd) and snapshot what a person reads
//! (insta, with temporary paths, hashes and timings filtered out). Conformance tests check
//! clearway against the real public files in ../shared/data.

mod audit;
mod bounds;
mod classify;
mod cli;
mod compressed;
mod config;
mod conformance;
mod crash;
mod docs;
mod export;
mod formats;
mod fuzz;
mod generated;
mod inspect;
mod lake;
mod ledger;
mod load;
mod messy_csv;
mod model;
mod openattestation;
mod parity;
mod plot;
mod plugin;
mod provenance;
mod query;
mod risk;
mod scene;
mod spark;
mod support;
mod telemetry;
mod tui;
