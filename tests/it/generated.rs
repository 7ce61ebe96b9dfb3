//! End to end on generated data: what the generator plants, the loader keeps.

use crate::support::{generate, Scratch};

#[test]
fn generated_declarations_load_without_rejects_and_carry_the_planted_patterns() {
    let s = Scratch::new();
    generate(&s.path("gen"), 50000, 3);
    s.run(&["load", "declarations"])
        .arg(s.path("gen/declarations.csv"))
        .assert()
        .success();
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 50000);
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM rejects"), 0);
    let patterns: i64 = s.scalar("SELECT count(DISTINCT extra->>'risk_pattern') FROM declarations WHERE extra->>'risk_pattern' <> ''");
    assert_eq!(patterns, 5);
    // Heavy tail: the busiest 1 % of importers file a large share of the items.
    let top_share: f64 = s.scalar(
        "WITH c AS (SELECT importer_id, count(*) n FROM declarations GROUP BY 1),
              r AS (SELECT n, row_number() OVER (ORDER BY n DESC) rk, count(*) OVER () total FROM c)
         SELECT sum(n) FILTER (WHERE rk <= total / 100) / sum(n) FROM r",
    );
    assert!(top_share > 0.2, "top 1 % of importers file {top_share}");
    // Undervalued items sit well below their HS6 median unit value.
    let ratio: f64 = s.scalar(
        "WITH u AS (SELECT extra->>'risk_pattern' p, customs_value / net_mass_kg uv,
                           median(customs_value / net_mass_kg) OVER (PARTITION BY left(hs_code, 6), origin_country) m FROM declarations)
         SELECT median(uv / m) FROM u WHERE p = 'undervaluation'",
    );
    assert!(ratio < 0.5, "undervalued items at {ratio} of the median");
    // Split consignments: one importer, one day, each under the threshold, together above it.
    let splits: i64 = s.scalar(
        "SELECT count(*) FROM (SELECT importer_id, CAST(declared_at AS DATE) d, sum(customs_value) v, max(customs_value) mx
                               FROM declarations WHERE extra->>'risk_pattern' = 'split_consignment' GROUP BY ALL)
         WHERE mx < 2500 AND v > 2500",
    );
    assert!(splits > 0);
}

#[test]
fn source_row_is_the_record_number_in_the_file() {
    // 60,000 rows span many of DuckDB's CSV buffers, read by both threads.
    let s = Scratch::new();
    generate(&s.path("gen"), 60000, 5);
    let file = s.path("gen/declarations.csv");
    s.load("declarations", &file);
    let text = std::fs::read_to_string(&file).unwrap();
    let expected: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join("#"))
        .collect();
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let mut stmt = conn
        .prepare("SELECT declaration_id || '#' || item_no FROM declarations ORDER BY source_row")
        .unwrap();
    let actual: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(actual.len(), expected.len());
    let first_difference = actual.iter().zip(&expected).position(|(a, e)| a != e);
    assert_eq!(
        first_difference, None,
        "source_row order differs from the file"
    );
}

#[test]
fn a_latin1_byte_past_the_first_mebibyte_still_transcodes() {
    let s = Scratch::new();
    let mut bytes = b"declaration_id,declared_at,hs_code,goods_description\n".to_vec();
    let mut i = 0;
    while bytes.len() < (1 << 20) + 4096 {
        bytes.extend_from_slice(format!("A{i},2025-01-01,080810,Apples\n").as_bytes());
        i += 1;
    }
    bytes.extend_from_slice(b"Z1,2025-01-01,090111,Caf\xe9\n");
    let file = s.write("late-latin1.csv", bytes);
    s.load("declarations", &file);
    assert_eq!(
        s.scalar::<String>(
            "SELECT goods_description FROM declarations WHERE declaration_id = 'Z1'"
        ),
        "Café"
    );
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), i + 1);
    assert!(s
        .scalar::<String>("SELECT encoding FROM loads")
        .starts_with("Windows-1252"));
}
