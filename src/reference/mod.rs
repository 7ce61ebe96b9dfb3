//! Reference data compiled into the binary, so that validation and the sample generator work
//! offline and identically everywhere: the HS 2022 nomenclature, ISO 3166-1 countries, a list
//! of major ports and the ISO 6346 container number check.
//!
//! This is the ground floor beside `error`: the loaders validate against it and the sample
//! generator draws from it, so it imports neither (only `sql`'s quoting, for the ports table).

pub mod countries;
pub mod hs;
pub mod iso6346;
pub mod ports;
