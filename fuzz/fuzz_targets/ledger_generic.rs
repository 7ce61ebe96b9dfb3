#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::ledger::{read, LedgerFormat};

// generic hash-linked chain, one JSON block per line: the ledger load's read of one file, plus format detection.
fuzz_target!(|data: &[u8]| {
    let _ = read::detect(data);
    let _ = read::parse(
        LedgerFormat::GenericJsonl,
        data,
        None,
        &read::builtin_events(),
    );
});
