#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::plugin_wire::{classify, parse_line, Failure, Line};

// What a plugin writes to stdout, as the host reads it: line by line, each line parsed as
// JSON, each message classified (response, notification or protocol fault), and every failure
// explained as the diagnostic the analyst would see.
fuzz_target!(|data: &[u8]| {
    for line in data.split(|b| *b == b'\n') {
        match parse_line(line) {
            Some(Line::Message(value)) => match classify(value) {
                Ok(_) => {}
                Err(failure) => {
                    let _ = failure.explain("fuzz");
                }
            },
            Some(Line::Malformed(excerpt)) => {
                let _ = Failure::Protocol(excerpt).explain("fuzz");
            }
            Some(Line::TooLong) | None => {}
        }
    }
});
