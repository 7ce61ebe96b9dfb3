//! Telemetry decoders: what container trackers, e-seals, reefers, vessels (AIS) and drones
//! report, turned into the events of `telemetry_events` — the AIS ([`ais`]) and Remote ID
//! ([`remote_id`]) message decoders, and [`rows`]: what a record of each export format means.
//! The loader that writes them, with lineage, rejects and the load report, is the main crate's
//! `ingest::telemetry`.

pub mod ais;
pub mod remote_id;
pub mod rows;
