#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::telemetry::remote_id;

// ASTM F3411 Remote ID: the raw message pack bytes, and the same input read as the hex text a
// drone log carries (each line one message).
fuzz_target!(|data: &[u8]| {
    let _ = remote_id::decode(data);
    let text = String::from_utf8_lossy(data);
    for line in text.lines() {
        if let Ok(bytes) = remote_id::from_hex(line) {
            let _ = remote_id::decode(&bytes);
        }
    }
});
