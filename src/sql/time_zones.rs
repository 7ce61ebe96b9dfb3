//! Named time zones and today's date in an engine built without DuckDB's ICU extension.
//!
//! Why this module exists: DuckDB moved `current_date`, `today()`, `AT TIME ZONE` and all
//! calendar arithmetic on `TIMESTAMP WITH TIME ZONE` into its ICU extension, and the ICU
//! sources are not in the `libduckdb-sys` crate on crates.io (its `icu` feature needs a git
//! checkout of duckdb-rs with the DuckDB sources beside it; the crate leaves them out to stay
//! under crates.io's 10 MB limit). clearway builds only from crates, so instead of ICU it
//! registers, on every connection it opens, the everyday functions an analyst reaches for,
//! computed in Rust with the IANA time-zone database that `chrono-tz` compiles in:
//!
//! - `current_date` and `today()`: the date in UTC (the engine's only session time zone) when
//!   the statement is planned;
//! - `timezone(zone, ts)`, which is what `ts AT TIME ZONE zone` calls: a `TIMESTAMP` read as
//!   the wall-clock time in `zone` becomes the instant (`TIMESTAMPTZ`), and an instant becomes
//!   the wall-clock time in `zone` (`TIMESTAMP`). A wall-clock time that occurs twice (the
//!   autumn change) is the second of the two (standard time); one that does not occur (the
//!   spring change) is read with the offset in force before the change: both as ICU, and so
//!   DuckDB's official build, resolve them (checked against Python duckdb 2.0.0).
//!
//! `TIMESTAMPTZ` values themselves are plain UTC instants in DuckDB's core and reach results,
//! exports and the TUI through Arrow (the `chrono-tz` feature of the `arrow` dependency). What
//! stays ICU-only is listed in docs/reliability.md ("Dates and time zones").

use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use duckdb::core::{DataChunkHandle, LogicalTypeHandle, LogicalTypeId};
use duckdb::ffi::duckdb_string_t;
use duckdb::types::DuckString;
use duckdb::vscalar::{ScalarFunctionSignature, VScalar};
use duckdb::vtab::arrow::WritableVector;
use duckdb::Connection;
use std::error::Error as StdError;

/// Registers the functions on `conn`'s database (each clearway connection opens a database of
/// its own, so this runs once per database).
pub fn register(conn: &Connection) -> duckdb::Result<()> {
    conn.register_scalar_function::<AtTimeZone>("timezone")?;
    conn.register_scalar_function::<CurrentDate>("current_date")?;
    conn.register_scalar_function::<CurrentDate>("today")?;
    Ok(())
}

/// `timezone(zone, TIMESTAMP) -> TIMESTAMPTZ` and `timezone(zone, TIMESTAMPTZ) -> TIMESTAMP`.
struct AtTimeZone;

impl VScalar for AtTimeZone {
    type State = ();

    fn invoke(
        _: &Self::State,
        input: &mut DataChunkHandle,
        output: &mut dyn WritableVector,
    ) -> Result<(), Box<dyn StdError>> {
        let rows = input.len();
        let zones = input.flat_vector(0);
        let stamps = input.flat_vector(1);
        let to_instant = stamps.logical_type().id() == LogicalTypeId::Timestamp;
        // SAFETY: DuckDB hands a flattened chunk of `rows` rows whose first column is VARCHAR
        // and second a 64-bit timestamp (the signatures below); nothing is kept past return.
        let zone_texts = unsafe { zones.as_slice_with_len::<duckdb_string_t>(rows) };
        let micros = unsafe { stamps.as_slice_with_len::<i64>(rows) };
        let mut out = output.flat_vector();
        let mut cached: Option<(String, Tz)> = None;
        for row in 0..rows {
            if zones.row_is_null(row as u64) || stamps.row_is_null(row as u64) {
                out.set_null(row);
                continue;
            }
            let mut text = zone_texts[row];
            // Borrowed, not copied, unless the zone differs from the last row's.
            let name = DuckString::new(&mut text).as_str();
            let zone = match &cached {
                Some((cached_name, zone)) if *cached_name == *name => *zone,
                _ => {
                    let zone = parse_zone(&name)?;
                    cached = Some((name.into_owned(), zone));
                    zone
                }
            };
            let converted = if to_instant {
                wall_clock_to_instant(zone, micros[row])
            } else {
                instant_to_wall_clock(zone, micros[row])
            };
            // SAFETY: the output vector has room for the chunk's rows (DuckDB's contract).
            unsafe { out.as_mut_slice_with_len::<i64>(rows)[row] = converted };
        }
        Ok(())
    }

    fn signatures() -> Vec<ScalarFunctionSignature> {
        let varchar = || LogicalTypeHandle::from(LogicalTypeId::Varchar);
        vec![
            ScalarFunctionSignature::exact(
                vec![varchar(), LogicalTypeId::Timestamp.into()],
                LogicalTypeId::TimestampTZ.into(),
            ),
            ScalarFunctionSignature::exact(
                vec![varchar(), LogicalTypeId::TimestampTZ.into()],
                LogicalTypeId::Timestamp.into(),
            ),
        ]
    }
}

/// `current_date` / `today()`: the UTC date, evaluated once per statement (no arguments, not
/// volatile: DuckDB folds it to a constant when it plans the statement).
struct CurrentDate;

impl VScalar for CurrentDate {
    type State = ();

    fn invoke(
        _: &Self::State,
        input: &mut DataChunkHandle,
        output: &mut dyn WritableVector,
    ) -> Result<(), Box<dyn StdError>> {
        let today = days_since_epoch(Utc::now().date_naive());
        let rows = input.len();
        let mut out = output.flat_vector();
        // SAFETY: the output vector has room for the chunk's rows (DuckDB's contract).
        unsafe { out.as_mut_slice_with_len::<i32>(rows) }.fill(today);
        Ok(())
    }

    fn signatures() -> Vec<ScalarFunctionSignature> {
        vec![ScalarFunctionSignature::exact(
            vec![],
            LogicalTypeId::Date.into(),
        )]
    }
}

/// An IANA zone name (`Europe/Amsterdam`, `UTC`, `Etc/GMT-2`), case as written or not. ICU's
/// own offset spellings (`UTC+2`, `GMT+2`) are not IANA names and are refused; `Etc/GMT-2` is
/// the IANA name of UTC+2.
fn parse_zone(name: &str) -> Result<Tz, Box<dyn StdError>> {
    name.parse::<Tz>()
        .or_else(|_| Tz::from_str_insensitive(name))
        .map_err(|_| {
            // A zone column can hold anything: the message shows at most 64 characters of it.
            let shown: String = name.chars().take(64).collect();
            let cut = if shown.len() < name.len() { "…" } else { "" };
            format!(
                "Unknown time zone {shown:?}{cut}: give an IANA name such as 'Europe/Amsterdam', 'Africa/Nairobi' or 'UTC'"
            )
            .into()
        })
}

/// DuckDB stores `infinity` and `-infinity` as the extreme 64-bit values; they, and anything
/// outside chrono's range, pass through unchanged.
fn wall_clock_to_instant(zone: Tz, micros: i64) -> i64 {
    let Some(local) = DateTime::from_timestamp_micros(micros).map(|t| t.naive_utc()) else {
        return micros;
    };
    let offset_seconds = match zone.offset_from_local_datetime(&local) {
        // Twice (the autumn change): the later of the two, standard time, as ICU (and so
        // DuckDB's official build) resolves it.
        chrono::LocalResult::Single(offset) | chrono::LocalResult::Ambiguous(_, offset) => {
            offset.fix().local_minus_utc()
        }
        // In a gap: the offset in force before the change.
        chrono::LocalResult::None => offset_before(zone, local),
    };
    micros - i64::from(offset_seconds) * 1_000_000
}

fn offset_before(zone: Tz, local: NaiveDateTime) -> i32 {
    zone.offset_from_utc_datetime(&(local - TimeDelta::days(1)))
        .fix()
        .local_minus_utc()
}

fn instant_to_wall_clock(zone: Tz, micros: i64) -> i64 {
    let Some(instant) = DateTime::from_timestamp_micros(micros) else {
        return micros;
    };
    let offset_seconds = zone
        .offset_from_utc_datetime(&instant.naive_utc())
        .fix()
        .local_minus_utc();
    micros + i64::from(offset_seconds) * 1_000_000
}

fn days_since_epoch(date: NaiveDate) -> i32 {
    (date - DateTime::UNIX_EPOCH.date_naive()).num_days() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn
    }

    fn text(conn: &Connection, sql: &str) -> String {
        conn.query_row(&format!("SELECT ({sql})::VARCHAR"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_wall_clock_time_becomes_an_instant_and_back() {
        let conn = conn();
        // Amsterdam is UTC+1 in winter, UTC+2 in summer.
        assert_eq!(
            text(
                &conn,
                "TIMESTAMP '2025-01-15 10:00' AT TIME ZONE 'Europe/Amsterdam'"
            ),
            "2025-01-15 09:00:00+00"
        );
        assert_eq!(
            text(
                &conn,
                "TIMESTAMP '2025-07-15 10:00' AT TIME ZONE 'Europe/Amsterdam'"
            ),
            "2025-07-15 08:00:00+00"
        );
        assert_eq!(
            text(
                &conn,
                "TIMESTAMPTZ '2025-07-15 08:00:00+00' AT TIME ZONE 'Africa/Nairobi'"
            ),
            "2025-07-15 11:00:00"
        );
        assert_eq!(
            text(
                &conn,
                "timezone('america/new_york', TIMESTAMPTZ '2025-01-15 12:00+00')"
            ),
            "2025-01-15 07:00:00"
        );
    }

    #[test]
    fn the_clock_changes_resolve_as_icu_resolves_them() {
        let conn = conn();
        // 02:30 on 30 March 2025 does not exist in Amsterdam: read with the winter offset.
        assert_eq!(
            text(
                &conn,
                "TIMESTAMP '2025-03-30 02:30' AT TIME ZONE 'Europe/Amsterdam'"
            ),
            "2025-03-30 01:30:00+00"
        );
        // 02:30 on 26 October 2025 happens twice: the second (winter time) is taken, as the
        // official build answers (2025-10-26 01:30:00+00 in Python duckdb 2.0.0).
        assert_eq!(
            text(
                &conn,
                "TIMESTAMP '2025-10-26 02:30' AT TIME ZONE 'Europe/Amsterdam'"
            ),
            "2025-10-26 01:30:00+00"
        );
    }

    #[test]
    fn nulls_infinities_and_unknown_zones() {
        let conn = conn();
        let null: Option<String> = conn
            .query_row(
                "SELECT (NULL::TIMESTAMP AT TIME ZONE 'UTC')::VARCHAR",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(null, None);
        assert_eq!(
            text(&conn, "TIMESTAMP 'infinity' AT TIME ZONE 'Asia/Tokyo'"),
            "infinity"
        );
        let err = conn
            .query_row(
                "SELECT TIMESTAMP '2025-01-01' AT TIME ZONE 'Mars/Olympus'",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("Unknown time zone \"Mars/Olympus\":"), "{err}");
        let long = conn
            .query_row(
                "SELECT TIMESTAMP '2025-01-01' AT TIME ZONE repeat('x', 100000)",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap_err()
            .to_string();
        assert!(
            long.len() < 400,
            "the message quotes the whole value: {} bytes",
            long.len()
        );
    }

    #[test]
    fn current_date_and_today_are_the_utc_date() {
        let conn = conn();
        let expected = Utc::now().date_naive().to_string();
        let (current, today): (String, String) = conn
            .query_row("SELECT current_date::VARCHAR, today()::VARCHAR", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((current.as_str(), today.as_str()), (&*expected, &*expected));
    }
}
