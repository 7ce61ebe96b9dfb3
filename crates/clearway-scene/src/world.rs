//! The world as scenes draw it: Natural Earth's 1:110m coastlines and a centre point for each
//! country from its 1:50m countries (which keep the small trade hubs: Singapore, Hong Kong,
//! Malta), embedded (no file or network at run time).
//!
//! Source: world-atlas 2.0.2 from the npm registry (ISC licence, Michael Bostock), which
//! redistributes Natural Earth 4.1.0 (public domain). `data/make_world.py` derives the two
//! embedded files from it (coastline rings at 0.1°; each country's centre is the centre of its
//! largest polygon) and says how to run it again.

/// Coastline rings, each a list of (longitude, latitude) in degrees.
pub fn coastlines() -> Vec<Vec<(f64, f64)>> {
    include_str!("../data/world-110m.txt")
        .lines()
        .map(|line| {
            line.split(' ')
                .filter_map(|pair| {
                    let (lon, lat) = pair.split_once(',')?;
                    Some((lon.parse().ok()?, lat.parse().ok()?))
                })
                .collect()
        })
        .filter(|ring: &Vec<(f64, f64)>| ring.len() >= 2)
        .collect()
}

/// A country's centre (longitude, latitude) by ISO 3166-1 numeric code ("250" or "056"), and
/// its name; None for a code the outline does not have (small islands, new codes).
pub fn country_centre(numeric: &str) -> Option<(String, f64, f64)> {
    let code: u32 = numeric.trim().parse().ok()?;
    include_str!("../data/country-centroids.csv")
        .lines()
        .skip(1)
        .find_map(|line| {
            let mut f = line.split(',');
            let id: u32 = f.next()?.parse().ok()?;
            if id != code {
                return None;
            }
            let name = f.next()?.to_string();
            Some((name, f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coastlines_cover_the_world_in_degrees() {
        let rings = coastlines();
        assert!(rings.len() > 100);
        let points: Vec<_> = rings.iter().flatten().collect();
        assert!(points
            .iter()
            .all(|(lon, lat)| lon.abs() <= 180.0 && lat.abs() <= 90.0));
        assert!(points.iter().any(|(lon, _)| *lon < -150.0));
        assert!(points.iter().any(|(lon, _)| *lon > 150.0));
    }

    #[test]
    fn a_country_centre_is_in_the_country() {
        let (name, lon, lat) = country_centre("250").unwrap();
        assert_eq!(name, "France");
        assert!((-5.0..8.0).contains(&lon) && (42.0..51.0).contains(&lat));
        assert_eq!(country_centre("56").unwrap().0, "Belgium");
        assert!(country_centre("999").is_none());
        assert!(country_centre("x").is_none());
    }
}
