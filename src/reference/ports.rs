//! A small list of major ports (UN/LOCODE, name, latitude, longitude), loaded into the
//! workspace's `ports` table: the telemetry rules use it to tell "in or near a port" from "at
//! sea" (encounters, later door openings and dwell). Coordinates are approximate — the port's
//! main container terminal to within a few kilometres — which is why every rule that uses them
//! takes a radius parameter of several nautical miles. The official UN/LOCODE list (with its
//! own coordinate precision of one arc-minute) can replace it without changing the rules.

/// (UN/LOCODE, name, latitude, longitude).
pub const PORTS: &[(&str, &str, f64, f64)] = &[
    ("AEJEA", "Jebel Ali", 25.01, 55.06),
    ("BEANR", "Antwerp", 51.27, 4.35),
    ("BJCOO", "Cotonou", 6.35, 2.43),
    ("BRSSZ", "Santos", -23.96, -46.30),
    ("CIABJ", "Abidjan", 5.29, -4.01),
    ("CNNGB", "Ningbo", 29.87, 121.55),
    ("CNSHA", "Shanghai", 30.63, 122.07),
    ("CNYTN", "Yantian", 22.57, 114.27),
    ("DEHAM", "Hamburg", 53.54, 9.97),
    ("EGPSD", "Port Said", 31.26, 32.30),
    ("ESALG", "Algeciras", 36.13, -5.44),
    ("ESVLC", "Valencia", 39.44, -0.32),
    ("FRLEH", "Le Havre", 49.48, 0.11),
    ("GBFXT", "Felixstowe", 51.95, 1.32),
    ("GHTEM", "Tema", 5.62, 0.01),
    ("GRPIR", "Piraeus", 37.94, 23.63),
    ("HKHKG", "Hong Kong", 22.30, 114.17),
    ("INNSA", "Nhava Sheva", 18.95, 72.95),
    ("ITGOA", "Genoa", 44.40, 8.91),
    ("JPTYO", "Tokyo", 35.62, 139.77),
    ("KRPUS", "Busan", 35.10, 129.04),
    ("LKCMB", "Colombo", 6.95, 79.84),
    ("MAPTM", "Tanger Med", 35.89, -5.50),
    ("MYPKG", "Port Klang", 3.00, 101.39),
    ("NGLOS", "Lagos (Apapa)", 6.43, 3.39),
    ("NGTIN", "Tin Can Island", 6.44, 3.36),
    ("NLRTM", "Rotterdam", 51.95, 4.05),
    ("OMSLL", "Salalah", 16.94, 54.01),
    ("PABLB", "Balboa", 8.95, -79.57),
    ("PAONX", "Colón", 9.35, -79.90),
    ("SGSIN", "Singapore", 1.26, 103.84),
    ("SNDKR", "Dakar", 14.68, -17.43),
    ("TGLFW", "Lomé", 6.14, 1.28),
    ("USHOU", "Houston", 29.73, -95.27),
    ("USLAX", "Los Angeles", 33.73, -118.26),
    ("USMSY", "New Orleans", 29.93, -90.06),
    ("USNYC", "New York", 40.67, -74.04),
    ("ZACPT", "Cape Town", -33.91, 18.43),
    ("ZADUR", "Durban", -29.87, 31.03),
];

/// The `ports` table and its rows, as a migration batch.
pub fn migration_sql() -> String {
    let rows: Vec<String> = PORTS
        .iter()
        .map(|(code, name, lat, lon)| {
            format!(
                "({}, {}, {lat}, {lon})",
                crate::sql::literal(code),
                crate::sql::literal(name)
            )
        })
        .collect();
    format!(
        "CREATE TABLE ports (locode VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, lat DOUBLE NOT NULL, lon DOUBLE NOT NULL);
         INSERT INTO ports VALUES {};",
        rows.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_locodes_and_positions_on_the_globe() {
        let mut codes: Vec<&str> = PORTS.iter().map(|p| p.0).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), PORTS.len());
        for (code, _, lat, lon) in PORTS {
            assert!(
                code.len() == 5 && code.chars().all(|c| c.is_ascii_uppercase()),
                "{code}"
            );
            assert!(
                crate::reference::countries::alpha2_codes().contains(&&code[..2]),
                "{code}"
            );
            assert!(
                (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon),
                "{code}"
            );
        }
    }
}
