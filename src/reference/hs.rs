//! The Harmonized System 2022 nomenclature (UN Comtrade via datasets/harmonized-system,
//! ODC-PDDL-1.0), embedded as the upstream CSV.
//!
//! It lands in the workspace table `hs_codes` on creation, where rules can join national
//! 8/10-digit codes to their HS6 by prefix, and it feeds the sample generator real codes.

use std::sync::OnceLock;

/// The upstream file, byte for byte.
pub const HS2022_CSV: &str = include_str!("hs2022.csv");
pub const EDITION: &str = "HS2022";

/// One line of the nomenclature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HsEntry {
    pub section: String,
    pub code: String,
    pub description: String,
    pub parent: String,
    pub level: u8,
}

/// All entries, parsed once.
pub fn entries() -> &'static [HsEntry] {
    static ENTRIES: OnceLock<Vec<HsEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(HS2022_CSV).expect("the embedded HS CSV is well-formed"))
}

/// Parses the upstream layout `section,hscode,description,parent,level`.
pub fn parse(text: &str) -> Result<Vec<HsEntry>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("record {}: {e}", i + 1))?;
        let level = rec
            .get(4)
            .unwrap_or("")
            .parse::<u8>()
            .map_err(|e| format!("record {}: level: {e}", i + 1))?;
        out.push(HsEntry {
            section: rec.get(0).unwrap_or("").to_string(),
            code: rec.get(1).unwrap_or("").to_string(),
            description: rec.get(2).unwrap_or("").to_string(),
            parent: rec.get(3).unwrap_or("").to_string(),
            level,
        });
    }
    Ok(out)
}

/// The 6-digit subheadings, without the `999999` catch-all.
pub fn subheadings() -> impl Iterator<Item = &'static HsEntry> {
    entries()
        .iter()
        .filter(|e| e.level == 6 && e.code != "999999")
}

/// Fills `hs_codes` through the appender (it runs inside the migration's transaction).
pub fn load_into(conn: &duckdb::Connection) -> duckdb::Result<()> {
    let mut app = conn.appender("hs_codes")?;
    for e in entries() {
        app.append_row(duckdb::params![
            e.code,
            e.level as i32,
            e.section,
            e.parent,
            e.description,
            EDITION
        ])?;
    }
    app.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_nomenclature_has_the_documented_shape() {
        let all = entries();
        assert_eq!(all.len(), 6940);
        assert_eq!(all.iter().filter(|e| e.level == 2).count(), 97);
        assert_eq!(all.iter().filter(|e| e.level == 4).count(), 1229);
        assert_eq!(all.iter().filter(|e| e.level == 6).count(), 5613);
        let apples = all.iter().find(|e| e.code == "080810").unwrap();
        assert_eq!(apples.description, "Fruit, edible; apples, fresh");
        assert_eq!(apples.parent, "0808");
    }
}
