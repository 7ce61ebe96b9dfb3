//! Design fingerprinting throughput, for bench/print3d.sh.
//!
//! ```text
//! design_fingerprint generate TRIANGLES FILE   a binary STL of TRIANGLES triangles (a closed
//!                                              tessellated sphere, written as it is generated)
//! design_fingerprint fingerprint FILE          clearway's streaming fingerprint: prints
//!                                              triangles, sorted runs spilled, seconds, cgh-v2
//! ```

use clearway_formats::print3d::stream::fingerprint_binary_stl;
use std::io::Write;

fn usage() -> ! {
    eprintln!("usage: design_fingerprint generate TRIANGLES FILE | fingerprint FILE");
    std::process::exit(2);
}

/// A UV sphere with about `triangles` faces, streamed facet by facet.
fn generate(triangles: u64, path: &str) {
    let rings = ((triangles as f64 / 2.0).sqrt() as u64).max(4);
    let segments = (triangles / (2 * rings)).max(3);
    let count = 2 * rings * segments;
    let mut out =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("create"));
    let mut header = [0u8; 80];
    header[..22].copy_from_slice(b"clearway bench sphere ");
    out.write_all(&header).expect("write");
    out.write_all(&(count as u32).to_le_bytes()).expect("write");
    let r = 50.0;
    let at = |i: u64, j: u64| -> [f32; 3] {
        let theta = std::f64::consts::PI * i as f64 / rings as f64;
        let phi = 2.0 * std::f64::consts::PI * (j % segments) as f64 / segments as f64;
        [
            (r * theta.sin() * phi.cos()) as f32,
            (r * theta.sin() * phi.sin()) as f32,
            (r * theta.cos()) as f32,
        ]
    };
    let mut facet = |a: [f32; 3], b: [f32; 3], c: [f32; 3]| {
        let mut rec = [0u8; 50];
        for (k, v) in [a, b, c].iter().enumerate() {
            for (m, x) in v.iter().enumerate() {
                let at = 12 + 12 * k + 4 * m;
                rec[at..at + 4].copy_from_slice(&x.to_le_bytes());
            }
        }
        out.write_all(&rec).expect("write");
    };
    for i in 0..rings {
        for j in 0..segments {
            facet(at(i, j), at(i + 1, j), at(i + 1, j + 1));
            facet(at(i, j), at(i + 1, j + 1), at(i, j + 1));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") if args.len() == 3 => {
            generate(args[1].parse().unwrap_or_else(|_| usage()), &args[2])
        }
        Some("fingerprint") if args.len() == 2 => {
            // as `clearway provenance scan` streams (DESIGN_RUN overrides, for experiments)
            let run = std::env::var("DESIGN_RUN")
                .ok()
                .and_then(|r| r.parse().ok())
                .unwrap_or(clearway_formats::print3d::STREAM_RUN);
            let started = std::time::Instant::now();
            let s =
                fingerprint_binary_stl(std::path::Path::new(&args[1]), run).unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(2);
                });
            println!(
                "{} {} {:.3} {}",
                s.triangles,
                s.runs,
                started.elapsed().as_secs_f64(),
                s.cgh_v2
            );
        }
        _ => usage(),
    }
}
