//! Telemetry decoders: what container trackers, e-seals, reefers, vessels (AIS) and drones
//! report, turned into rows of `telemetry_events`. The loader that writes them, with lineage,
//! rejects and the load report, is `ingest::telemetry`.

pub mod ais;
pub mod remote_id;
