//! What a DuckDB type name says about its values, decided in one place.
//!
//! Why it exists: several parts of clearway ask "is this column a number?" of the type names
//! DuckDB reports (`DESCRIBE`, `information_schema.columns`) — the TUI right-aligns numbers
//! and draws a histogram rather than bars for them, the declaration loader and the charts
//! treat them as measures. Each used to keep its own list, and the lists had drifted (one
//! matched any name *starting* with a numeric one, so `INTEGER[]` counted as a number).
//! This module owns the one answer.

/// Whether a column of DuckDB type `duckdb_type_name` holds numbers: the signed and unsigned
/// integers (TINYINT … HUGEINT, UTINYINT … UHUGEINT), FLOAT, DOUBLE, DECIMAL/NUMERIC with or
/// without `(precision, scale)`, the arbitrary-precision integer (BIGNUM, formerly VARINT), and
/// DuckDB's aliases for them (INT, INT8, REAL, FLOAT8, …). Case and surrounding space do not
/// matter. Lists, arrays, structs and maps of numbers are not numbers; neither are dates,
/// times, intervals or booleans.
pub fn is_numeric_type(duckdb_type_name: &str) -> bool {
    let name = duckdb_type_name.trim().to_ascii_uppercase();
    match name.split_once('(') {
        None => NUMERIC_TYPES.contains(&name.as_str()),
        // DECIMAL(18,3): precision and scale; anything after them (`[]`) makes it a list, and
        // other parameterised types (STRUCT(…), MAP(…)) are containers
        Some((base, parameters)) => {
            matches!(base.trim_end(), "DECIMAL" | "NUMERIC")
                && parameters.trim_end().ends_with(')')
                && !parameters.contains(['(', '['])
        }
    }
}

/// DuckDB's numeric type names and their aliases (`SELECT type_name FROM duckdb_types()`), plus
/// the Arrow-style names some producers report.
const NUMERIC_TYPES: &[&str] = &[
    "TINYINT",
    "INT1",
    "SMALLINT",
    "INT2",
    "SHORT",
    "INTEGER",
    "INT",
    "INT4",
    "SIGNED",
    "INT32",
    "BIGINT",
    "INT8",
    "LONG",
    "INT64",
    "HUGEINT",
    "INT128",
    "UTINYINT",
    "UINT8",
    "USMALLINT",
    "UINT16",
    "UINTEGER",
    "UINT32",
    "UBIGINT",
    "UINT64",
    "UHUGEINT",
    "UINT128",
    "FLOAT",
    "FLOAT4",
    "REAL",
    "DOUBLE",
    "FLOAT8",
    "FLOAT64",
    "DECIMAL",
    "NUMERIC",
    "BIGNUM",
    "VARINT",
];

#[cfg(test)]
mod tests {
    use super::is_numeric_type;

    #[test]
    fn integers_of_every_width_and_sign_are_numbers() {
        for t in [
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "UHUGEINT",
            "BIGNUM",
        ] {
            assert!(is_numeric_type(t), "{t}");
        }
    }

    #[test]
    fn decimals_with_and_without_precision_are_numbers() {
        for t in [
            "DECIMAL",
            "DECIMAL(18,3)",
            "decimal(38, 10)",
            "NUMERIC(5,2)",
            " DECIMAL (4,1) ",
        ] {
            assert!(is_numeric_type(t), "{t}");
        }
    }

    #[test]
    fn floats_and_aliases_are_numbers_whatever_the_case() {
        for t in ["FLOAT", "DOUBLE", "real", "Float8", "int", "INT8", "INT64"] {
            assert!(is_numeric_type(t), "{t}");
        }
    }

    #[test]
    fn containers_of_numbers_and_other_types_are_not() {
        for t in [
            "INTEGER[]",
            "DOUBLE[3]",
            "DECIMAL(18,3)[]",
            "STRUCT(a INTEGER)",
            "MAP(VARCHAR, BIGINT)",
            "UNION(n INTEGER, s VARCHAR)",
            "VARCHAR",
            "DATE",
            "TIMESTAMP",
            "INTERVAL",
            "BOOLEAN",
            "BLOB",
            "UUID",
            "INTEGERS",
            "",
        ] {
            assert!(!is_numeric_type(t), "{t}");
        }
    }

    #[test]
    fn every_numeric_name_duckdb_reports_is_a_number() {
        // what DESCRIBE actually says for each numeric type, asked of DuckDB itself
        let conn = duckdb::Connection::open_in_memory().unwrap();
        let mut stmt = conn
            .prepare(
                "DESCRIBE SELECT 1::TINYINT, 1::SMALLINT, 1::INTEGER, 1::BIGINT, 1::HUGEINT,
                        1::UTINYINT, 1::USMALLINT, 1::UINTEGER, 1::UBIGINT, 1::UHUGEINT,
                        1::FLOAT, 1::DOUBLE, 1::DECIMAL(18,3), 1::DECIMAL(4,1), 1.5",
            )
            .unwrap();
        let types: Vec<String> = stmt
            .query_map([], |r| r.get(1))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(types.len(), 15);
        for t in &types {
            assert!(is_numeric_type(t), "{t}");
        }
    }
}
