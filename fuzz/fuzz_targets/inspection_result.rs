#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::inspection::{read_result, MAX_RESULT_BYTES};

// An officer's result file as `inspect record` reads it (bounded by the caller first): every
// refusal is a value, never a panic; an accepted result writes back to JSON that is accepted
// again as the same result, and its checklist hashes the same each time (the hash is what ties
// a result to the pack that was issued).
fuzz_target!(|data: &[u8]| {
    if data.len() as u64 > MAX_RESULT_BYTES {
        return;
    }
    let Ok(result) = read_result(data) else {
        return;
    };
    let written = serde_json::to_vec(&result).expect("a read result serialises");
    let again = read_result(&written).expect("a written result reads back");
    assert_eq!(again, result);
    assert_eq!(again.checklist.sha256(), result.checklist.sha256());
    for label in &result.labels {
        let _ = label.revenue().expect("checked by the reader");
    }
});
