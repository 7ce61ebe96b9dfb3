#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::print3d::{amf, obj, stl, threemf};

// The mesh readers alone, without `print3d::scan`'s fingerprints (whose fixed 2^18 D2 samples
// keep the print3d_stl / print3d_3mf targets near 10–90 executions/s): STL, 3MF (with its
// bounded zip parts), OBJ and AMF on the same bytes, for throughput.
fuzz_target!(|data: &[u8]| {
    let _ = stl::read(data);
    let _ = threemf::bounded_parts(data);
    let _ = threemf::read(data);
    let _ = obj::read(data);
    let _ = amf::read(data);
});
