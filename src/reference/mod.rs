//! Reference data compiled into the binary, so that validation and the sample generator work
//! offline and identically everywhere: the HS 2022 nomenclature, ISO 3166-1 countries and a
//! list of major ports.

pub mod countries;
pub mod hs;
pub mod ports;
