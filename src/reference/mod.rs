//! Reference data compiled into the binary, so that validation and the sample generator work
//! offline and identically everywhere: the HS 2022 nomenclature and ISO 3166-1 countries.

pub mod countries;
pub mod hs;
