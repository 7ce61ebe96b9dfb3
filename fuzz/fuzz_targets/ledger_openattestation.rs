#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::ledger::{read, LedgerFormat};

// OpenAttestation v2/v3/v4 documents and W3C VC 2.0 credentials (Merkle proofs, DID signatures): the ledger load's read of one file, plus format detection.
fuzz_target!(|data: &[u8]| {
    let _ = read::detect(data);
    let _ = read::parse(
        LedgerFormat::Openattestation,
        data,
        None,
        &read::builtin_events(),
    );
});
