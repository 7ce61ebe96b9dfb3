#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::mapping_file::parse;

// A mapping file as `load declarations --mapping FILE` reads it (the text lossily as UTF-8,
// as the loader reads it), parsed and its values checked; what the main crate checks against
// the workspace (canonical names, the file's header) takes the spans kept here, so they must
// lie inside the text.
fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse(&text) {
        Ok(mapping) => {
            for c in &mapping.columns {
                assert!(text.get(c.source_span.clone()).is_some());
                assert!(text.get(c.target_span.clone()).is_some());
                let _ = c.transform.describe();
            }
            for c in &mapping.constants {
                assert!(text.get(c.target_span.clone()).is_some());
            }
        }
        Err(problem) => assert!(problem.span.end <= text.len()),
    }
});
