#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::ledger::{read, LedgerFormat};

// EVM JSON-RPC transcripts, raw RLP blocks/receipts and Portal block data, verified through their bodies: the ledger load's read of one file, plus format detection.
fuzz_target!(|data: &[u8]| {
    let _ = read::detect(data);
    let _ = read::parse(
        LedgerFormat::EvmJsonrpc,
        data,
        None,
        &read::builtin_events(),
    );
});
