#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::telemetry::ais::Decoder;

// AIS NMEA as a telemetry load reads it: line by line into one decoder (fragments grouped
// across lines), then what is left pending.
fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut decoder = Decoder::default();
    for (i, line) in text.split('\n').enumerate() {
        let _ = decoder.feed(i + 1, line);
    }
    let _ = decoder.finish();
});
