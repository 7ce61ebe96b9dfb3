//! Trade-document ledgers: the readers and offline verifiers live in the DuckDB-free
//! `clearway-formats` crate and are re-exported here under their usual paths
//! (`clearway::ledger::evm`, `…::fabric`, …); what needs the workspace stays here:
//! [`issuance`] matches OpenAttestation documents against the chains loaded in DuckDB, and
//! [`reverify`] verifies loaded ledgers again from their files (`clearway ledger verify`).

pub use clearway_formats::ledger::*;

pub mod issuance;
pub mod reverify;
