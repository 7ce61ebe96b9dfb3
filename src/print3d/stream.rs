//! Fingerprinting a binary STL too large to hold: two passes over the file and an external
//! merge sort, in bounded memory whatever the file's size.
//!
//! Pass 1 hashes the bytes (sha256) and accumulates what needs the whole mesh first: the
//! area-weighted centroid (cgh-v1 centres on it), the total area (D2 samples by it), bounding
//! box, area and signed volume. Pass 2 quantises each triangle about the centroid into sorted
//! runs of at most `run` triangles, spilled to a temporary folder, and walks D2's sample
//! positions. The runs are then merged in order straight into the cgh-v1 hash. The file's
//! sha256 is computed by a second thread while the passes run, and the merge hands its bytes to
//! a hashing thread, so the two SHA-256 streams — the floor of this work — overlap the rest.
//! The results
//! equal the in-memory path's ([`super::mesh`]) bit for bit: same order of accumulation, same
//! sort, same sampler. Edge topology (manifoldness) needs every vertex at once and is left to
//! the in-memory path.

use super::mesh::{self, Centroid, CghHasher, D2Sampler, Point, Triangle};
use sha2::{Digest, Sha256};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

/// Triangles read per chunk.
const CHUNK: usize = 1 << 16;

/// What streaming a binary STL measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Streamed {
    pub sha256: String,
    pub bytes: u64,
    pub triangles: u64,
    pub bbox_min: Point,
    pub bbox_max: Point,
    pub area: f64,
    pub volume: f64,
    pub degenerate_faces: u64,
    pub cgh: String,
    pub d2: Vec<f64>,
    /// Sorted runs spilled to disk (0: the sort fitted in memory).
    pub runs: usize,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

/// Calls `each` for every triangle of the binary STL at `path`, in file order, feeding every
/// byte read to `bytes` first.
fn walk(
    path: &Path,
    mut bytes: impl FnMut(&[u8]),
    mut each: impl FnMut(&Triangle),
) -> Result<u64, String> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let len = file.metadata().map_err(io(path))?.len();
    let mut header = [0u8; 84];
    file.read_exact(&mut header)
        .map_err(|_| format!("{}: shorter than an STL header", path.display()))?;
    bytes(&header);
    let count = u64::from(u32::from_le_bytes(
        header[80..84].try_into().expect("4 bytes"),
    ));
    if 84 + 50 * count != len {
        return Err(format!(
            "binary STL: the header says {count} facets, which needs {} bytes, but the file has {len} (truncated, or a facet count that lies)",
            84 + 50 * count
        ));
    }
    let mut buf = vec![0u8; 50 * CHUNK];
    let mut left = count;
    while left > 0 {
        let n = (left as usize).min(CHUNK);
        let chunk = &mut buf[..50 * n];
        file.read_exact(chunk).map_err(io(path))?;
        bytes(chunk);
        for facet in chunk.chunks_exact(50) {
            let f = |at: usize| {
                f64::from(f32::from_le_bytes(
                    facet[at..at + 4].try_into().expect("4 bytes"),
                ))
            };
            let v = |k: usize| -> Point { [f(12 + 12 * k), f(16 + 12 * k), f(20 + 12 * k)] };
            each(&[v(0), v(1), v(2)]);
        }
        left -= n as u64;
    }
    Ok(count)
}

/// Fingerprints a binary STL holding at most `run` quantised triangles (72 bytes each) in memory.
pub fn fingerprint_binary_stl(path: &Path, run: usize) -> Result<Streamed, String> {
    let run = run.max(1024);
    std::thread::scope(|scope| {
        let file_hash = scope.spawn(|| sha256_file(path));
        let mut s = passes(path, run)?;
        s.sha256 = file_hash
            .join()
            .map_err(|_| "the hashing thread failed".to_string())??;
        Ok(s)
    })
}

/// The file's sha256, read on its own.
fn sha256_file(path: &Path) -> Result<String, String> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 8 << 20];
    loop {
        let n = file.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
    }
    Ok(hex::encode(sha.finalize()))
}

fn passes(path: &Path, run: usize) -> Result<Streamed, String> {
    // pass 1
    let mut centroid = Centroid::default();
    let (mut area, mut volume, mut degenerate) = (0.0, 0.0, 0u64);
    let (mut lo, mut hi) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
    let count = walk(
        path,
        |_| {},
        |t| {
            centroid.add(t);
            let a = mesh::area(t);
            area += a;
            degenerate += u64::from(a <= f64::EPSILON);
            volume += t[0][0] * (t[1][1] * t[2][2] - t[1][2] * t[2][1])
                - t[0][1] * (t[1][0] * t[2][2] - t[1][2] * t[2][0])
                + t[0][2] * (t[1][0] * t[2][1] - t[1][1] * t[2][0]);
            for p in t {
                lo = [0, 1, 2].map(|k| lo[k].min(p[k]));
                hi = [0, 1, 2].map(|k| hi[k].max(p[k]));
            }
        },
    )?;
    let centre = centroid.centre();
    // pass 2: sorted runs and D2 samples
    let spill = tempfile::tempdir().map_err(|e| format!("a temporary folder: {e}"))?;
    let mut runs: Vec<std::path::PathBuf> = Vec::new();
    let mut buffer: Vec<[i64; 9]> = Vec::with_capacity(run.min(count as usize));
    let mut sampler = D2Sampler::new(area);
    let mut spill_error: Option<String> = None;
    walk(
        path,
        |_| {},
        |t| {
            sampler.add(t);
            buffer.push(mesh::canonical_triangle(t, centre, 1e-4));
            if buffer.len() == run && spill_error.is_none() {
                match write_run(spill.path(), runs.len(), &mut buffer) {
                    Ok(p) => runs.push(p),
                    Err(e) => spill_error = Some(e),
                }
            }
        },
    )?;
    if let Some(e) = spill_error {
        return Err(e);
    }
    let spilled = !runs.is_empty();
    let cgh = std::thread::scope(|scope| -> Result<String, String> {
        // the merge lays triangles out as bytes; another thread hashes them
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let hashing = scope.spawn(move || {
            let mut hasher = CghHasher::new(count as usize);
            for block in receive {
                hasher.add_bytes(&block);
            }
            hasher.finish()
        });
        let mut block = Vec::with_capacity(BLOCK);
        let mut emit = |t: &[i64; 9]| {
            for v in t {
                block.extend_from_slice(&v.to_le_bytes());
            }
            if block.len() >= BLOCK {
                let full = std::mem::replace(&mut block, Vec::with_capacity(BLOCK));
                let _ = send.send(full);
            }
        };
        if spilled {
            if !buffer.is_empty() {
                runs.push(write_run(spill.path(), runs.len(), &mut buffer)?);
            }
            merge(&runs, &mut emit)?;
        } else {
            buffer.sort_unstable();
            buffer.iter().for_each(&mut emit);
        }
        if !block.is_empty() {
            let _ = send.send(block);
        }
        drop(send);
        hashing
            .join()
            .map_err(|_| "the hashing thread failed".to_string())
    })?;
    let empty = count == 0;
    Ok(Streamed {
        sha256: String::new(),
        bytes: 84 + 50 * count,
        triangles: count,
        bbox_min: if empty { [0.0; 3] } else { lo },
        bbox_max: if empty { [0.0; 3] } else { hi },
        area,
        volume: volume / 6.0,
        degenerate_faces: degenerate,
        cgh,
        d2: sampler.finish(),
        runs: if spilled { runs.len() } else { 0 },
    })
}

fn write_run(
    dir: &Path,
    n: usize,
    buffer: &mut Vec<[i64; 9]>,
) -> Result<std::path::PathBuf, String> {
    buffer.sort_unstable();
    let path = dir.join(format!("run-{n}"));
    let file = std::fs::File::create(&path).map_err(io(&path))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    for t in buffer.iter() {
        for v in t {
            out.write_all(&v.to_le_bytes()).map_err(io(&path))?;
        }
    }
    out.flush().map_err(io(&path))?;
    buffer.clear();
    Ok(path)
}

fn read_one(r: &mut impl Read) -> Option<[i64; 9]> {
    let mut raw = [0u8; 72];
    r.read_exact(&mut raw).ok()?;
    let mut t = [0i64; 9];
    for (k, v) in t.iter_mut().enumerate() {
        *v = i64::from_le_bytes(raw[8 * k..8 * k + 8].try_into().expect("8 bytes"));
    }
    Some(t)
}

/// Bytes handed to the hashing thread at a time.
const BLOCK: usize = 1 << 20;

/// A k-way merge of the sorted runs, each triangle to `emit` in order.
fn merge(runs: &[std::path::PathBuf], emit: &mut impl FnMut(&[i64; 9])) -> Result<(), String> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut readers = runs
        .iter()
        .map(|p| {
            std::fs::File::open(p)
                .map(|f| BufReader::with_capacity(1 << 20, f))
                .map_err(io(p))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(t) = read_one(r) {
            heap.push(Reverse((t, i)));
        }
    }
    while let Some(Reverse((t, i))) = heap.pop() {
        emit(&t);
        if let Some(next) = read_one(&mut readers[i]) {
            heap.push(Reverse((next, i)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_equals_the_in_memory_path_with_and_without_spilling() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let triangles: Vec<Triangle> = (0..5000)
            .map(|_| {
                [0, 1, 2].map(|_| [0, 1, 2].map(|_| f64::from(rng.random_range(-50.0f32..50.0))))
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("random.stl");
        std::fs::write(&path, super::super::stl::write_binary("random", &triangles)).unwrap();
        let (meshes, _) = super::super::stl::read(&std::fs::read(&path).unwrap()).unwrap();
        let whole = &meshes[0].triangles;
        for run in [1 << 20, 1024] {
            let s = fingerprint_binary_stl(&path, run).unwrap();
            assert_eq!(s.cgh, mesh::cgh_v1(whole), "run {run}");
            assert_eq!(s.d2, mesh::d2(whole), "run {run}");
            assert_eq!(s.runs > 0, run == 1024);
        }
    }
}
