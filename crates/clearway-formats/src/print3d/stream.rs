//! Fingerprinting a binary STL too large to hold: two passes over the file and an external
//! merge sort, in bounded memory whatever the file's size.
//!
//! Pass 1 hashes the bytes (sha256) and accumulates what needs the whole mesh first: the
//! area-weighted centroid (cgh-v2 centres on it), the total area (D2 samples by it), bounding
//! box, area and signed volume. Pass 2 turns each triangle into its cgh-v2 key about the
//! centroid (the rotation-free Gram row, [`mesh::invariant_triangle`]) into sorted runs of at
//! most `run` keys, spilled to a temporary folder, accumulates the surface moments about the
//! centroid (principal sizes, chirality) and walks D2's sample positions; a second thread sorts
//! and spills each full run while the next one fills. The runs are then merged in order
//! straight into the cgh-v2 hash. The legacy cgh-v1 (and the mirror image's cgh-v2) would each
//! need another external sort of the whole file, so a streamed file carries cgh-v2 only: a
//! registry row holding only a cgh-v1 finds a streamed file by sha256 or by shape and size.
//! The file's sha256 is computed
//! by another thread while the passes run, and the merge hands its bytes to a hashing thread,
//! so the two SHA-256 streams overlap the rest. The results equal the in-memory path's ([`super::mesh`]) bit for bit: same order of accumulation, same
//! sort, same sampler. Edge topology (manifoldness) needs every vertex at once and is left to
//! the in-memory path.

use super::mesh::{self, Centroid, CghV2Hasher, D2Sampler, Key, Moments, Point, Triangle};
use sha2::{Digest, Sha256};
use std::io::{BufReader, Read, Write};
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
    /// The canonical geometry hash cgh-v2.
    pub cgh_v2: String,
    pub shape: mesh::Shape,
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

/// Fingerprints a binary STL holding at most `run` triangle keys (56 bytes each) in memory.
pub fn fingerprint_binary_stl(path: &Path, run: usize) -> Result<Streamed, String> {
    let run = run.clamp(1024, u32::MAX as usize);
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
    // pass 2: sorted runs and D2 samples. A second thread sorts and spills each full run while
    // this one parses the next, so parsing and sorting overlap.
    let spill = tempfile::tempdir().map_err(|e| format!("a temporary folder: {e}"))?;
    let mut sampler = D2Sampler::new(area);
    let mut moments = Moments::default();
    let (mut runs, mut buffer) = std::thread::scope(|scope| {
        // two buffers take turns (filled here, emptied there): fresh 112 MB allocations per
        // run cost more in page faults than the parsing itself
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Key>>(0);
        let (give_back, returned) = std::sync::mpsc::sync_channel::<Vec<Key>>(1);
        let dir = spill.path();
        let spiller = scope.spawn(move || -> Result<Vec<Run>, String> {
            let mut runs = Vec::new();
            for mut full in receive {
                sort(&mut full);
                runs.push(write_run(dir, runs.len(), &full)?);
                full.clear();
                let _ = give_back.send(full);
            }
            Ok(runs)
        });
        let mut buffer: Vec<Key> = Vec::with_capacity(run.min(count as usize));
        let mut spiller_gone = false;
        walk(
            path,
            |_| {},
            |t| {
                sampler.add(t);
                moments.add(t, centre);
                buffer.push(mesh::invariant_triangle(t, centre));
                if buffer.len() == run && !spiller_gone {
                    let full = std::mem::take(&mut buffer);
                    // a send fails only when the spiller stopped on an error, reported below
                    spiller_gone = send.send(full).is_err();
                    // the spiller gave the previous buffer back before taking this one
                    buffer = returned
                        .try_recv()
                        .unwrap_or_else(|_| Vec::with_capacity(run));
                }
            },
        )?;
        drop(send);
        let runs = spiller
            .join()
            .map_err(|_| "the sorting thread failed".to_string())??;
        Ok::<_, String>((runs, buffer))
    })?;
    let spilled = !runs.is_empty();
    let cgh = std::thread::scope(|scope| -> Result<String, String> {
        // the merge lays triangles out as bytes; another thread hashes them
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let hashing = scope.spawn(move || {
            let mut hasher = CghV2Hasher::new(count as usize);
            for block in receive {
                hasher.add_bytes(&block);
            }
            hasher.finish()
        });
        let mut block = Vec::with_capacity(BLOCK);
        let mut emit = |t: &Key| {
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
                sort(&mut buffer);
                runs.push(write_run(spill.path(), runs.len(), &buffer)?);
            }
            merge(&runs, &mut emit)?;
        } else {
            sort(&mut buffer);
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
        cgh_v2: cgh,
        shape: moments.shape(),
        d2: sampler.finish(),
        runs: if spilled { runs.len() } else { 0 },
    })
}

/// Sorts keys in place, on all cores. cgh-v1's runs sorted indices by a short key (the first
/// vertex's x and y, nearly unique) and settled ties on the whole triangle; cgh-v2's leading
/// Gram entries are |a|² and |b|², which a sphere-like part shares across millions of
/// triangles, so tie groups became huge and were settled by random access — 20× slower on
/// the benchmark sphere. Sorting the 56-byte keys themselves (pdqsort: equal runs cost a
/// linear pass) has no such case.
fn sort(keys: &mut [Key]) {
    use rayon::slice::ParallelSliceMut;
    keys.par_sort_unstable();
}

/// A sorted run on disk. Runs whose coordinates all fit in 32 bits (any part within ±214 m of
/// its centroid) are written narrow: half the bytes to write and read back.
struct Run {
    path: std::path::PathBuf,
    narrow: bool,
}

/// Writes `buffer`, already sorted, as run `n`.
fn write_run(dir: &Path, n: usize, buffer: &[Key]) -> Result<Run, String> {
    let path = dir.join(format!("run-{n}"));
    let mut out = std::fs::File::create(&path).map_err(io(&path))?;
    let narrow = buffer.iter().flatten().all(|&v| i32::try_from(v).is_ok());
    let mut block = Vec::with_capacity(BLOCK);
    for t in buffer {
        if narrow {
            block.extend(t.iter().flat_map(|&v| (v as i32).to_le_bytes()));
        } else {
            block.extend(t.iter().flat_map(|v| v.to_le_bytes()));
        }
        if block.len() >= BLOCK {
            out.write_all(&block).map_err(io(&path))?;
            block.clear();
        }
    }
    out.write_all(&block).map_err(io(&path))?;
    Ok(Run { path, narrow })
}

fn read_one(r: &mut impl Read, narrow: bool) -> Option<Key> {
    let mut raw = [0u8; 56];
    let mut t: Key = [0; 7];
    if narrow {
        r.read_exact(&mut raw[..28]).ok()?;
        for (v, bytes) in t.iter_mut().zip(raw.chunks_exact(4)) {
            *v = i64::from(i32::from_le_bytes(bytes.try_into().expect("4 bytes")));
        }
    } else {
        r.read_exact(&mut raw).ok()?;
        for (v, bytes) in t.iter_mut().zip(raw.chunks_exact(8)) {
            *v = i64::from_le_bytes(bytes.try_into().expect("8 bytes"));
        }
    }
    Some(t)
}

/// Bytes handed to the hashing thread at a time.
const BLOCK: usize = 1 << 20;

/// A k-way merge of the sorted runs, each triangle to `emit` in order.
fn merge(runs: &[Run], emit: &mut impl FnMut(&Key)) -> Result<(), String> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut readers = runs
        .iter()
        .map(|run| {
            std::fs::File::open(&run.path)
                .map(|f| BufReader::with_capacity(1 << 20, f))
                .map_err(io(&run.path))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(t) = read_one(r, runs[i].narrow) {
            heap.push(Reverse((t, i)));
        }
    }
    while let Some(Reverse((t, i))) = heap.pop() {
        emit(&t);
        if let Some(next) = read_one(&mut readers[i], runs[i].narrow) {
            heap.push(Reverse((next, i)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_read_back_as_written_narrow_or_wide() {
        let dir = tempfile::tempdir().unwrap();
        for (n, big) in [(0, 7i64), (1, 1 << 40)] {
            let mut triangles = vec![[big, -3, 0, 1, 2, 3, -1], [-big, 9, 9, 9, 9, 9, 1]];
            sort(&mut triangles);
            let run = write_run(dir.path(), n, &triangles).unwrap();
            assert_eq!(run.narrow, big == 7);
            let mut file = std::fs::File::open(&run.path).unwrap();
            assert_eq!(triangles[0][0], -big, "sorted");
            assert_eq!(read_one(&mut file, run.narrow), Some(triangles[0]));
            assert_eq!(read_one(&mut file, run.narrow), Some(triangles[1]));
            assert_eq!(read_one(&mut file, run.narrow), None);
        }
    }

    #[test]
    fn streaming_equals_the_in_memory_path_with_and_without_spilling() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let mut triangles: Vec<Triangle> = (0..5000)
            .map(|_| {
                [0, 1, 2].map(|_| [0, 1, 2].map(|_| f64::from(rng.random_range(-50.0f32..50.0))))
            })
            .collect();
        // a fan: triangles sharing their smallest vertex, so the sort's short key ties
        triangles.extend((0..3000).map(|k| {
            let z = f64::from(rng.random_range(0..4)) - 50.0;
            [
                [-60.0, -60.0, -60.0],
                [-59.0, f64::from(k % 7), z],
                [-58.0, 3.0, f64::from(k)],
            ]
        }));
        // small triangles kilometres away: the last runs no longer fit 32 bits and spill wide
        triangles.extend((0..1500).map(|k| {
            let x = 3e6 + f64::from(k);
            [[x, 0.0, 0.0], [x + 1.0, 0.0, 0.0], [x, 1.0, -3e6]]
        }));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("random.stl");
        std::fs::write(&path, super::super::stl::write_binary("random", &triangles)).unwrap();
        let (meshes, _) = super::super::stl::read(&std::fs::read(&path).unwrap()).unwrap();
        let whole = &meshes[0].triangles;
        for run in [1 << 20, 1024] {
            let s = fingerprint_binary_stl(&path, run).unwrap();
            assert_eq!(s.cgh_v2, mesh::cgh_v2(whole), "run {run}");
            assert_eq!(s.shape, mesh::shape(whole), "run {run}");
            assert_eq!(s.d2, mesh::d2(whole), "run {run}");
            assert_eq!(s.runs > 0, run == 1024);
        }
    }
}
