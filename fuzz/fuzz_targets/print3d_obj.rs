#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::print3d;
use std::path::Path;

// Wavefront OBJ: `print3d::scan` as `provenance scan` calls it on a file's bytes — the reader, then the
// mesh measures and the cgh-v1/v2, shape and D2 fingerprints of every mesh it returns. The path
// only chooses the format by its extension; nothing is read from disk.
fuzz_target!(|data: &[u8]| {
    let _ = print3d::scan(Path::new("fuzz.obj"), data);
});
