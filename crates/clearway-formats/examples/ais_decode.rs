//! Decoding throughput of clearway's AIS decoder alone (no database), for bench/telemetry.sh:
//! `cargo run --release -p clearway-formats --example ais_decode FILE` prints messages decoded and seconds.
//!
//! Decoding means what pyais's `decode()` does: every field of every message into a value
//! (`AisMessage`), fragments joined, checksums checked.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: ais_decode FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let started = std::time::Instant::now();
    let mut decoder = clearway_formats::telemetry::ais::Decoder::default();
    let mut messages = 0u64;
    for (i, line) in text.lines().enumerate() {
        if let clearway_formats::telemetry::ais::Outcome::Message(d) = decoder.feed(i + 1, line) {
            messages += 1;
            std::hint::black_box(d);
        }
    }
    println!("{messages} {:.4}", started.elapsed().as_secs_f64());
}
