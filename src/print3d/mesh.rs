//! Triangle meshes from any design format, and what clearway measures on them: size, area,
//! volume, watertightness, and the fingerprints that recognise a design in another file.
//!
//! Fingerprints come in layers (reference print3d.md §6): the file's sha256 binds the exact
//! bytes; the canonical geometry hash `cgh-v1` is the same for the same triangles in any order,
//! any starting vertex, any file format and any position; the D2 shape distribution (Osada et
//! al. 2002) survives rotation, scaling and re-meshing and gives a similarity score.

use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub type Point = [f64; 3];
pub type Triangle = [Point; 3];

/// One mesh (an STL solid, a 3MF object).
#[derive(Debug, Clone, Default)]
pub struct Mesh {
    pub name: String,
    pub triangles: Vec<Triangle>,
}

/// What a mesh measures.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Measures {
    pub triangles: u64,
    pub vertices: u64,
    pub bbox_min: Point,
    pub bbox_max: Point,
    pub area: f64,
    /// Signed volume; meaningful when the mesh is watertight and consistently oriented.
    pub volume: f64,
    pub edges: u64,
    /// Edges shared by other than two triangles.
    pub non_manifold_edges: u64,
    /// Edges two triangles traverse in the same direction (flipped faces).
    pub orientation_conflicts: u64,
    pub degenerate_faces: u64,
    pub euler_characteristic: i64,
    pub watertight: bool,
}

fn sub(a: Point, b: Point) -> Point {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn cross(a: Point, b: Point) -> Point {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn norm(a: Point) -> f64 {
    (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt()
}

/// A triangle's area.
pub fn area(t: &Triangle) -> f64 {
    norm(cross(sub(t[1], t[0]), sub(t[2], t[0]))) / 2.0
}

/// Vertices welded on exact coordinates (STL repeats them per facet).
fn vertex_key(p: Point) -> [u64; 3] {
    // +0.0 and -0.0 are the same vertex
    p.map(|c| if c == 0.0 { 0u64 } else { c.to_bits() })
}

/// Measures a mesh.
pub fn measure(mesh: &Mesh) -> Measures {
    let mut m = Measures {
        triangles: mesh.triangles.len() as u64,
        bbox_min: [f64::INFINITY; 3],
        bbox_max: [f64::NEG_INFINITY; 3],
        ..Default::default()
    };
    let mut ids: HashMap<[u64; 3], u32> = HashMap::new();
    // directed edge → count; an undirected edge is (low, high)
    let mut directed: HashMap<(u32, u32), u32> = HashMap::new();
    for t in &mesh.triangles {
        for p in t {
            m.bbox_min = [0, 1, 2].map(|k| m.bbox_min[k].min(p[k]));
            m.bbox_max = [0, 1, 2].map(|k| m.bbox_max[k].max(p[k]));
        }
        let a = area(t);
        m.area += a;
        m.volume += t[0][0] * (t[1][1] * t[2][2] - t[1][2] * t[2][1])
            - t[0][1] * (t[1][0] * t[2][2] - t[1][2] * t[2][0])
            + t[0][2] * (t[1][0] * t[2][1] - t[1][1] * t[2][0]);
        let v: Vec<u32> = t
            .iter()
            .map(|p| {
                let n = ids.len() as u32;
                *ids.entry(vertex_key(*p)).or_insert(n)
            })
            .collect();
        if a <= f64::EPSILON || v[0] == v[1] || v[1] == v[2] || v[0] == v[2] {
            m.degenerate_faces += 1;
        }
        for (x, y) in [(v[0], v[1]), (v[1], v[2]), (v[2], v[0])] {
            *directed.entry((x, y)).or_default() += 1;
        }
    }
    m.volume /= 6.0;
    m.vertices = ids.len() as u64;
    let mut undirected: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    for (&(x, y), &n) in &directed {
        let e = undirected.entry((x.min(y), x.max(y))).or_default();
        if x < y {
            e.0 += n;
        } else {
            e.1 += n;
        }
    }
    m.edges = undirected.len() as u64;
    for &(forward, backward) in undirected.values() {
        if forward + backward != 2 {
            m.non_manifold_edges += 1;
        } else if forward != 1 {
            m.orientation_conflicts += 1;
        }
    }
    m.euler_characteristic = m.vertices as i64 - m.edges as i64 + m.triangles as i64;
    m.watertight = m.triangles > 0 && m.non_manifold_edges == 0 && m.orientation_conflicts == 0;
    if mesh.triangles.is_empty() {
        m.bbox_min = [0.0; 3];
        m.bbox_max = [0.0; 3];
    }
    m
}

/// `round_half_away_from_zero(x / step)` as an integer.
fn quantise(x: f64, step: f64) -> i64 {
    // `f64::round` (half away from zero) without its libm call, which dominated streaming
    // fingerprints: the truncation is exact and so is the fraction left (|y| < 2^53 is
    // integral-exact, larger values have no fraction), so this rounds exactly as `round` does.
    let y = x / step;
    let whole = y as i64;
    let fraction = y - whole as f64;
    if fraction >= 0.5 {
        whole.saturating_add(1)
    } else if fraction <= -0.5 {
        whole.saturating_sub(1)
    } else {
        whole
    }
}

/// The canonical geometry hash `cgh-v1` (reference print3d.md §6.2): triangles in mm, centred
/// on the area-weighted centroid, quantised to 1e-4 mm, each rotated to start at its smallest
/// vertex (winding kept), sorted; sha256 of the count and the 9 integers of each, little-endian.
pub fn cgh_v1(triangles: &[Triangle]) -> String {
    cgh(triangles, 1e-4)
}

fn cgh(triangles: &[Triangle], step: f64) -> String {
    let mut centroid = Centroid::default();
    for t in triangles {
        centroid.add(t);
    }
    let centre = centroid.centre();
    let mut quantised: Vec<[i64; 9]> = triangles
        .iter()
        .map(|t| canonical_triangle(t, centre, step))
        .collect();
    quantised.sort_unstable();
    let mut h = CghHasher::new(quantised.len());
    for t in &quantised {
        h.add(t);
    }
    h.finish()
}

/// The area-weighted centroid, accumulated triangle by triangle (cgh-v1 step 2).
#[derive(Default)]
pub struct Centroid {
    weight: f64,
    sum: Point,
}

impl Centroid {
    pub fn add(&mut self, t: &Triangle) {
        let a = area(t);
        self.weight += a;
        let sum = self.sum;
        self.sum = [0, 1, 2].map(|k| sum[k] + a * (t[0][k] + t[1][k] + t[2][k]) / 3.0);
    }

    pub fn centre(&self) -> Point {
        if self.weight > 0.0 {
            self.sum.map(|c| c / self.weight)
        } else {
            self.sum
        }
    }
}

/// A triangle as cgh-v1 sorts it: quantised about the centre, starting at its smallest vertex
/// (steps 3 and 4).
pub fn canonical_triangle(t: &Triangle, centre: Point, step: f64) -> [i64; 9] {
    let q: [[i64; 3]; 3] = t.map(|p| [0, 1, 2].map(|k| quantise(p[k] - centre[k], step)));
    let first = (0..3).min_by_key(|&i| q[i]).expect("three vertices");
    let mut out = [0i64; 9];
    for j in 0..3 {
        out[j * 3..j * 3 + 3].copy_from_slice(&q[(first + j) % 3]);
    }
    out
}

/// cgh-v1 step 6: the count, then the sorted triangles' integers, little-endian.
pub struct CghHasher(Sha256);

impl CghHasher {
    pub fn new(count: usize) -> Self {
        let mut h = Sha256::new();
        h.update((count as u32).to_le_bytes());
        CghHasher(h)
    }

    pub fn add(&mut self, t: &[i64; 9]) {
        for v in t {
            self.0.update(v.to_le_bytes());
        }
    }

    /// Triangles already laid out as step 6 writes them (9 × i64 LE each).
    pub fn add_bytes(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}

/// Bins of the D2 distribution.
pub const D2_BINS: usize = 64;
/// Point pairs sampled for D2.
pub const D2_PAIRS: usize = 1 << 18;

/// The D2 shape distribution: distances between random surface points (area-weighted triangle,
/// uniform barycentric point), divided by their mean, histogrammed over [0, 4) — a fixed seed,
/// so the same shape always gives the same vector.
pub fn d2(triangles: &[Triangle]) -> Vec<f64> {
    let total: f64 = triangles.iter().map(area).sum();
    let mut sampler = D2Sampler::new(total);
    for t in triangles {
        sampler.add(t);
    }
    sampler.finish()
}

/// D2 in one pass over the triangles, once their total area is known: the sample positions
/// (uniform over the accumulated area) are drawn and sorted up front, so each point is taken as
/// the walk crosses its position — no per-triangle table, so a mesh of any size samples in
/// constant memory. The points are then paired in a seeded random order.
pub struct D2Sampler {
    rng: rand_chacha::ChaCha8Rng,
    targets: Vec<f64>,
    next: usize,
    walked: f64,
    points: Vec<Point>,
}

impl D2Sampler {
    pub fn new(total_area: f64) -> Self {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0xD2);
        let mut targets: Vec<f64> = if total_area > 0.0 {
            (0..2 * D2_PAIRS)
                .map(|_| rng.random::<f64>() * total_area)
                .collect()
        } else {
            Vec::new()
        };
        targets.sort_unstable_by(f64::total_cmp);
        D2Sampler {
            rng,
            points: Vec::with_capacity(targets.len()),
            targets,
            next: 0,
            walked: 0.0,
        }
    }

    /// The next triangle of the walk (in the same order as the total was summed).
    pub fn add(&mut self, t: &Triangle) {
        use rand::Rng;
        self.walked += area(t);
        while self.next < self.targets.len() && self.targets[self.next] < self.walked {
            let (mut u, mut v) = (self.rng.random::<f64>(), self.rng.random::<f64>());
            if u + v > 1.0 {
                (u, v) = (1.0 - u, 1.0 - v);
            }
            self.points.push(
                [0, 1, 2].map(|k| t[0][k] + u * (t[1][k] - t[0][k]) + v * (t[2][k] - t[0][k])),
            );
            self.next += 1;
        }
    }

    pub fn finish(mut self) -> Vec<f64> {
        use rand::seq::SliceRandom;
        let mut hist = vec![0.0; D2_BINS];
        if self.points.len() < 2 {
            return hist;
        }
        self.points.shuffle(&mut self.rng);
        let distances: Vec<f64> = self
            .points
            .chunks_exact(2)
            .map(|p| norm(sub(p[0], p[1])))
            .collect();
        let mean = distances.iter().sum::<f64>() / distances.len() as f64;
        if mean <= 0.0 {
            return hist;
        }
        for d in &distances {
            let bin = ((d / mean) / 4.0 * D2_BINS as f64) as usize;
            hist[bin.min(D2_BINS - 1)] += 1.0 / distances.len() as f64;
        }
        hist
    }
}

/// Similarity of two D2 vectors: 1 − half their L1 distance (1 = same distribution, 0 = disjoint).
pub fn similarity(a: &[f64], b: &[f64]) -> f64 {
    1.0 - a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>() / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_rounds_exactly_as_round_does() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let special = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            0.49999999999999994,
            -0.49999999999999994,
            4503599627370495.5,
            4503599627370497.0,
            1e300,
            -1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9.3e18,
            -9.3e18,
        ];
        let random = (0..100_000).map(|_| rng.random_range(-1e7..1e7) / 16.0);
        for x in special.into_iter().chain(random) {
            assert_eq!(quantise(x, 1.0), x.round() as i64, "{x}");
        }
    }

    /// An axis-aligned box as 12 outward-facing triangles.
    pub fn cuboid(size: Point, at: Point) -> Vec<Triangle> {
        let p = |x: usize, y: usize, z: usize| -> Point {
            [
                at[0] + size[0] * x as f64,
                at[1] + size[1] * y as f64,
                at[2] + size[2] * z as f64,
            ]
        };
        let quads = [
            [p(0, 0, 0), p(0, 1, 0), p(1, 1, 0), p(1, 0, 0)],
            [p(0, 0, 1), p(1, 0, 1), p(1, 1, 1), p(0, 1, 1)],
            [p(0, 0, 0), p(1, 0, 0), p(1, 0, 1), p(0, 0, 1)],
            [p(0, 1, 0), p(0, 1, 1), p(1, 1, 1), p(1, 1, 0)],
            [p(0, 0, 0), p(0, 0, 1), p(0, 1, 1), p(0, 1, 0)],
            [p(1, 0, 0), p(1, 1, 0), p(1, 1, 1), p(1, 0, 1)],
        ];
        quads
            .iter()
            .flat_map(|q| [[q[0], q[1], q[2]], [q[0], q[2], q[3]]])
            .collect()
    }

    #[test]
    fn a_box_measures_as_a_box() {
        let m = measure(&Mesh {
            name: "box".into(),
            triangles: cuboid([10.0, 20.0, 30.0], [0.0; 3]),
        });
        assert_eq!((m.triangles, m.vertices, m.edges), (12, 8, 18));
        assert_eq!(m.euler_characteristic, 2);
        assert!((m.area - 2200.0).abs() < 1e-9 && (m.volume - 6000.0).abs() < 1e-9);
        assert!(m.watertight);
        // a flipped face is an orientation conflict, a missing one leaves open edges
        let mut flipped = cuboid([1.0; 3], [0.0; 3]);
        flipped[0].swap(1, 2);
        assert!(
            measure(&Mesh {
                name: String::new(),
                triangles: flipped
            })
            .orientation_conflicts
                > 0
        );
        let mut open = cuboid([1.0; 3], [0.0; 3]);
        open.pop();
        let m = measure(&Mesh {
            name: String::new(),
            triangles: open,
        });
        assert_eq!((m.non_manifold_edges, m.watertight), (3, false));
    }

    #[test]
    fn the_geometry_hash_ignores_order_start_vertex_and_position() {
        let a = cuboid([10.0, 20.0, 30.0], [0.0; 3]);
        let mut b = cuboid([10.0, 20.0, 30.0], [35.0, 33.0, 16.92]);
        b.reverse();
        for t in b.iter_mut() {
            t.rotate_left(1);
        }
        assert_eq!(cgh_v1(&a), cgh_v1(&b));
        let c = cuboid([10.0, 20.0, 30.5], [0.0; 3]);
        assert_ne!(cgh_v1(&a), cgh_v1(&c));
        // D2 survives rotation and scale: a box turned on its side and doubled
        let turned: Vec<Triangle> = a
            .iter()
            .map(|t| t.map(|p| [p[2] * 2.0, p[0] * 2.0, p[1] * 2.0]))
            .collect();
        let s = similarity(&d2(&a), &d2(&turned));
        assert!(s > 0.95, "{s}");
        let flat = cuboid([10.0, 100.0, 1.0], [0.0; 3]);
        assert!(similarity(&d2(&a), &d2(&flat)) < s);
    }
}
