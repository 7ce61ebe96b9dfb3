//! ISO 3166-1 countries, from the `celes` crate (maintained tables with official names and
//! common aliases) rather than a hand-typed list that would rot.
//!
//! clearway keeps origin and export countries as upper-case alpha-2 codes. Mapping files may
//! say a source column holds names or alpha-3 codes; [`lookup_keys`] gives the normalised
//! spellings that resolve to an alpha-2 code, so the resolution can run inside DuckDB as a join.

use celes::{Country, LookupTable};

/// Every assigned alpha-2 code.
pub fn alpha2_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Country::get_countries().iter().map(|c| c.alpha2).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Lower-case, letters and digits only: "Côte d'Ivoire" and "COTE D IVOIRE" meet here (the
/// same folding is done in SQL by the loader, see `ingest::declarations`).
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// (normalised spelling, alpha-2) pairs: alpha-2, alpha-3, official names (with and without a
/// leading "the") and aliases.
pub fn lookup_keys() -> Vec<(String, &'static str)> {
    let mut keys = Vec::new();
    for c in Country::get_countries().iter() {
        let mut add = |k: String| {
            if !k.is_empty() {
                keys.push((k, c.alpha2));
            }
        };
        add(normalise(c.alpha2));
        add(normalise(c.alpha3));
        let long = normalise(c.long_name);
        if let Some(rest) = long.strip_prefix("the") {
            add(rest.to_string());
        }
        add(long);
        for alias in c.aliases.iter() {
            add(normalise(alias));
        }
    }
    keys.sort();
    keys.dedup_by(|a, b| a.0 == b.0);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_resolve_to_alpha2() {
        let keys = lookup_keys();
        let find = |k: &str| {
            keys.iter()
                .find(|(key, _)| key == &normalise(k))
                .map(|(_, a)| *a)
        };
        assert_eq!(find("Germany"), Some("DE"));
        assert_eq!(find("NGA"), Some("NG"));
        assert_eq!(find("United States of America"), Some("US"));
        assert!(alpha2_codes().contains(&"CN") && !alpha2_codes().contains(&"XX"));
        assert!(alpha2_codes().len() >= 249);
    }
}
