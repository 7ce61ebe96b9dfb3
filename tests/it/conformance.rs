//! Conformance with the real public files in ../shared/data (see its SOURCES.md).

use crate::support::{shared_data, Scratch};

#[test]
fn embedded_hs_nomenclature_is_the_published_file() {
    let Some(path) = shared_data("hs/harmonized-system.csv") else {
        return;
    };
    let published = std::fs::read_to_string(path).unwrap();
    assert_eq!(published, clearway::reference::hs::HS2022_CSV);
}

#[test]
fn hs_nomenclature_lands_in_the_workspace_with_its_documented_counts() {
    let Some(_) = shared_data("hs/harmonized-system.csv") else {
        return;
    };
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM hs_codes"), 6940);
    assert_eq!(
        s.scalar::<i64>("SELECT count(*) FROM hs_codes WHERE level = 6"),
        5613
    );
    assert_eq!(
        s.scalar::<String>("SELECT description FROM hs_codes WHERE hs_code = '080810'"),
        "Fruit, edible; apples, fresh"
    );
    assert_eq!(
        s.scalar::<String>("SELECT parent FROM hs_codes WHERE hs_code = '0101'"),
        "01"
    );
}

#[test]
fn the_published_hs_file_loads_as_declaration_codes() {
    // Every published HS6 subheading passes the loader's tariff-code validation.
    let Some(path) = shared_data("hs/harmonized-system.csv") else {
        return;
    };
    let s = Scratch::new();
    let mut csv = String::from("declaration_id,declared_at,hs_code,goods_description\n");
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut n = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        if &rec[4] == "6" {
            n += 1;
            csv.push_str(&format!(
                "H{n},2025-01-01,{},\"{}\"\n",
                &rec[1],
                rec[2].replace('"', "\"\"")
            ));
        }
    }
    let file = s.write("hs6.csv", csv);
    s.load("declarations", &file);
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), n);
    assert_eq!(n, 5613);
}
