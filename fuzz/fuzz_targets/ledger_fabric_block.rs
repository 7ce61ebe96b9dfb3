#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::ledger::{read, LedgerFormat};

// Hyperledger Fabric protobuf: a block file (length-prefixed blocks) and a single block, each
// through the whole read (header hashes, transactions, endorsement signatures), plus detection.
fuzz_target!(|data: &[u8]| {
    let _ = read::detect(data);
    let events = read::builtin_events();
    let _ = read::parse(LedgerFormat::FabricBlockfile, data, None, &events);
    let _ = read::parse(LedgerFormat::FabricBlock, data, None, &events);
});
