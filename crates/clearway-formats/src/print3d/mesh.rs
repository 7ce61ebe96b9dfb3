//! Triangle meshes from any design format, and what clearway measures on them: size, area,
//! volume, watertightness, and the fingerprints that recognise a design in another file.
//!
//! Fingerprints come in layers (reference print3d.md §6): the file's sha256 binds the exact
//! bytes; the canonical geometry hashes say "the same triangles"; the D2 shape distribution
//! (Osada et al. 2002) and the principal sizes say "the same shape, at this size".
//!
//! * `cgh-v1` (kept as it was: data/SOURCES.md pins its values, old registries hold them) is
//!   the same for the same triangles in any order, any starting vertex, any file format and
//!   any position — but not after a rotation.
//! * `cgh-v2` is also the same after any rotation, and differs for a mirror image. Rather than
//!   a canonical pose (PCA axes are undefined for a cube, a gear or any part whose inertia is
//!   degenerate, and their signs for every part with a symmetry plane — exactly the parts
//!   that are common), it hashes an invariant that is pose-free by construction: each
//!   triangle's three vertices relative to the area-weighted centroid, `a, b, c`, are
//!   described by their Gram matrix taken in winding order (`a·a, b·b, c·c, a·b, b·c, c·a`,
//!   mm², quantised to 1e-4 mm²) and the sign of `det[a, b, c]`. A rotation about the centroid
//!   keeps all seven; a translation moves the centroid with the part; a reflection keeps the
//!   Gram matrix but reverses either the winding (a mirror written with outward faces: the
//!   Gram entries come in the other cyclic order) or the sign (a mirror left inside out), so a
//!   chiral part and its mirror image hash differently, while an achiral part (one with a
//!   symmetry plane) hashes as its own mirror — which it is, up to a rotation. Each triangle
//!   starts at the cyclic rotation whose quantised Gram row is smallest; the triangles are
//!   sorted and hashed. What it cannot tell apart: two surfaces whose triangles match one by
//!   one about the centroid but not by one common rotation (pieces of a part each turned on
//!   their own about the centroid); a closed surface leaves little room for that, and the
//!   shape-level checks (D2, principal sizes) still have to agree for a match by shape.
//!   Quantisation means "exact": a rotation computed in f64 or by quarter turns survives it, a
//!   rotation by an arbitrary angle written back as f32 (binary STL) moves every vertex by up
//!   to a few µm and does not — such a copy is found by shape and size (`provenance check`),
//!   and the README's threshold table gives the measured rates.
//! * The **principal sizes** are the square roots of the eigenvalues of the surface's
//!   second-moment tensor about its centroid (exact per-triangle integrals, so re-meshing a
//!   flat surface does not move them); they scale with the part on each axis, so a 10 mm cube
//!   and a 10×10×11 box, or a 2 mm die, differ in size while their D2 distributions agree.
//!   nalgebra's symmetric eigen-solver gives them (a maintained, well-tested solver; a 3×3
//!   Jacobi loop by hand was the alternative).
//! * The **chirality** is a pseudo-scalar of the same moments: the mixed third moment
//!   `E[x·y·z]` in a right-handed principal frame, weighted by the eigenvalue gaps (see
//!   [`Moments::shape`]): a rotation keeps it, a reflection negates it, a part with a symmetry
//!   plane has 0. It tells a re-meshed mirror image from a re-meshed copy where no hash can.

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

/// Gram-matrix quantum of cgh-v2, in mm².
pub const CGH_V2_STEP: f64 = 1e-4;

/// One triangle as cgh-v2 sorts it: the quantised Gram matrix in winding order from the
/// smallest cyclic start, then the sign of `det[a, b, c]`.
pub type Key = [i64; 7];

fn dot(a: Point, b: Point) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// The cgh-v2 key of a triangle about `centre` (see the module doc).
pub fn invariant_triangle(t: &Triangle, centre: Point) -> Key {
    let [a, b, c] = t.map(|p| sub(p, centre));
    let q = |x: f64| quantise(x, CGH_V2_STEP);
    let gram = [
        q(dot(a, a)),
        q(dot(b, b)),
        q(dot(c, c)),
        q(dot(a, b)),
        q(dot(b, c)),
        q(dot(c, a)),
    ];
    let det = dot(a, cross(b, c));
    // a triangle whose plane passes through the centroid (within rounding) has no side
    let scale = norm(a) * norm(b) * norm(c);
    let sign = if det.abs() <= 1e-9 * scale || det.is_nan() {
        0
    } else if det > 0.0 {
        1
    } else {
        -1
    };
    canonical_start(gram, sign)
}

/// The Gram row `[aa, bb, cc, ab, bc, ca]` started at the cyclic rotation that is smallest.
fn canonical_start(g: [i64; 6], sign: i64) -> Key {
    let rotations = [
        [g[0], g[1], g[2], g[3], g[4], g[5], sign],
        [g[1], g[2], g[0], g[4], g[5], g[3], sign],
        [g[2], g[0], g[1], g[5], g[3], g[4], sign],
    ];
    rotations.into_iter().min().expect("three rotations")
}

/// The key of the same triangle in the mirror image (reflected, winding reversed so that its
/// faces still point out): the Gram matrix of `(a, c, b)`, the same sign.
pub fn mirror_key(k: &Key) -> Key {
    // k = [aa, bb, cc, ab, bc, ca] → order (a, c, b): [aa, cc, bb, ac, cb, ba]
    canonical_start([k[0], k[2], k[1], k[5], k[4], k[3]], k[6])
}

/// cgh-v2 step 6: the tag, the count, then the sorted keys' integers, little-endian.
pub struct CghV2Hasher(Sha256);

impl CghV2Hasher {
    pub fn new(count: usize) -> Self {
        let mut h = Sha256::new();
        h.update(b"cgh-v2");
        h.update((count as u32).to_le_bytes());
        CghV2Hasher(h)
    }

    pub fn add(&mut self, k: &Key) {
        for v in k {
            self.0.update(v.to_le_bytes());
        }
    }

    /// Keys already laid out as [`CghV2Hasher::add`] writes them (7 × i64 LE each).
    pub fn add_bytes(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}

fn hash_keys(mut keys: Vec<Key>) -> String {
    keys.sort_unstable();
    let mut h = CghV2Hasher::new(keys.len());
    for k in &keys {
        h.add(k);
    }
    h.finish()
}

/// The canonical geometry hash `cgh-v2` (rotation-, translation-, order- and format-free,
/// mirror-sensitive; the module doc says how).
pub fn cgh_v2(triangles: &[Triangle]) -> String {
    cgh_v2_with_mirror(triangles).0
}

/// cgh-v2 of the mesh and of its mirror image (what a mirrored copy of it hashes to).
pub fn cgh_v2_with_mirror(triangles: &[Triangle]) -> (String, String) {
    let centre = centre_of(triangles);
    let keys: Vec<Key> = triangles
        .iter()
        .map(|t| invariant_triangle(t, centre))
        .collect();
    let mirrored: Vec<Key> = keys.iter().map(mirror_key).collect();
    (hash_keys(keys), hash_keys(mirrored))
}

fn centre_of(triangles: &[Triangle]) -> Point {
    let mut centroid = Centroid::default();
    for t in triangles {
        centroid.add(t);
    }
    centroid.centre()
}

/// Surface moments about the centroid, accumulated triangle by triangle: the area, the
/// second-moment tensor and the third-moment tensor, each integral exact for a flat triangle
/// (the integral of a product of linear functions over a triangle is a symmetric polynomial
/// of their vertex values), so that re-meshing a surface does not move them.
#[derive(Debug, Clone, Default)]
pub struct Moments {
    area: f64,
    /// xx, yy, zz, xy, yz, zx
    second: [f64; 6],
    /// the components of [`THIRD`], in that order
    third: [f64; 10],
}

/// The independent components of a symmetric 3-tensor.
const THIRD: [(usize, usize, usize); 10] = [
    (0, 0, 0),
    (1, 1, 1),
    (2, 2, 2),
    (0, 0, 1),
    (0, 0, 2),
    (1, 1, 0),
    (1, 1, 2),
    (2, 2, 0),
    (2, 2, 1),
    (0, 1, 2),
];

impl Moments {
    pub fn add(&mut self, t: &Triangle, centre: Point) {
        let [a, b, c] = t.map(|p| sub(p, centre));
        let area = area(&[a, b, c]);
        let s = [a[0] + b[0] + c[0], a[1] + b[1] + c[1], a[2] + b[2] + c[2]];
        self.area += area;
        // P = Σ_i v_i v_iᵀ; ∫ x_p x_q dA = A/12 (P_pq + s_p s_q)
        let p = |i: usize, j: usize| a[i] * a[j] + b[i] * b[j] + c[i] * c[j];
        let pm = [
            [p(0, 0), p(0, 1), p(0, 2)],
            [0.0, p(1, 1), p(1, 2)],
            [0.0, 0.0, p(2, 2)],
        ];
        let pp = |i: usize, j: usize| pm[i.min(j)][i.max(j)];
        let pairs = [(0, 0), (1, 1), (2, 2), (0, 1), (1, 2), (2, 0)];
        for (m, &(i, j)) in pairs.iter().enumerate() {
            self.second[m] += area / 12.0 * (pp(i, j) + s[i] * s[j]);
        }
        // ∫ x_p x_q x_r dA = A/60 (s_p s_q s_r + P_pq s_r + P_pr s_q + P_qr s_p
        //                          + 2 Σ_i v_ip v_iq v_ir)
        for (m, &(i, j, k)) in THIRD.iter().enumerate() {
            let cubes = a[i] * a[j] * a[k] + b[i] * b[j] * b[k] + c[i] * c[j] * c[k];
            self.third[m] += area / 60.0
                * (s[i] * s[j] * s[k]
                    + pp(i, j) * s[k]
                    + pp(i, k) * s[j]
                    + pp(j, k) * s[i]
                    + 2.0 * cubes);
        }
    }

    /// The third-moment tensor's component (i, j, k), per unit area.
    fn third_at(&self, i: usize, j: usize, k: usize) -> f64 {
        let mut idx = [i, j, k];
        idx.sort_unstable();
        let m = match idx {
            [0, 0, 0] => 0,
            [1, 1, 1] => 1,
            [2, 2, 2] => 2,
            [0, 0, 1] => 3,
            [0, 0, 2] => 4,
            [0, 1, 1] => 5,
            [1, 1, 2] => 6,
            [0, 2, 2] => 7,
            [1, 2, 2] => 8,
            _ => 9,
        };
        self.third[m] / self.area
    }

    /// The principal sizes and chirality these moments give.
    ///
    /// Chirality: in a right-handed frame of the principal axes `e1, e2, e3` (largest first)
    /// the mixed third moment `E[x·y·z]` is unchanged by a rotation and by turning two axes
    /// round (the frame's only freedom when the principal sizes differ), and negated by a
    /// reflection. Divided by `ρ1·ρ2·ρ3` and multiplied by the eigenvalue gaps
    /// `(λ1−λ2)(λ2−λ3)(λ1−λ3)/λ1³` — so that it fades to 0, rather than jumping, where two
    /// principal sizes meet and the axes stop being defined — it is clearway's chirality.
    pub fn shape(&self) -> Shape {
        let empty = Shape {
            area: if self.area.is_finite() {
                self.area
            } else {
                0.0
            },
            principal_mm: [0.0; 3],
            chirality: 0.0,
        };
        if self.area <= 0.0
            || !self.area.is_finite()
            || self
                .second
                .iter()
                .chain(&self.third)
                .any(|v| !v.is_finite())
        {
            return empty;
        }
        let [xx, yy, zz, xy, yz, zx] = self.second.map(|v| v / self.area);
        let m = nalgebra::Matrix3::new(xx, xy, zx, xy, yy, yz, zx, yz, zz);
        let Some(eigen) = nalgebra::SymmetricEigen::try_new(m, 1e-15, 1000) else {
            return empty;
        };
        let mut order = [0, 1, 2];
        order.sort_unstable_by(|&i, &j| eigen.eigenvalues[j].total_cmp(&eigen.eigenvalues[i]));
        let lambda = order.map(|i| eigen.eigenvalues[i].max(0.0));
        let principal = lambda.map(f64::sqrt);
        let axis = |k: usize| -> Point {
            let v = eigen.eigenvectors.column(order[k]);
            [v[0], v[1], v[2]]
        };
        let (e1, e2) = (axis(0), axis(1));
        let e3 = cross(e1, e2); // right-handed
        let mut mixed = 0.0;
        for (i, x) in e1.iter().enumerate() {
            for (j, y) in e2.iter().enumerate() {
                for (k, z) in e3.iter().enumerate() {
                    mixed += self.third_at(i, j, k) * x * y * z;
                }
            }
        }
        let size = principal[0] * principal[1] * principal[2];
        let gaps = if lambda[0] > 0.0 {
            (lambda[0] - lambda[1]) * (lambda[1] - lambda[2]) * (lambda[0] - lambda[2])
                / lambda[0].powi(3)
        } else {
            0.0
        };
        let chirality = if size > 0.0 { mixed / size * gaps } else { 0.0 };
        Shape {
            area: self.area,
            principal_mm: principal,
            // below 1e-9 it is rounding, not shape
            chirality: if chirality.is_finite() && chirality.abs() > 1e-9 {
                chirality
            } else {
                0.0
            },
        }
    }
}

/// Size and handedness of a surface, invariant to position and rotation.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    /// Surface area, mm².
    pub area: f64,
    /// Principal radii of gyration of the surface, largest first, mm.
    pub principal_mm: [f64; 3],
    /// Handedness from the third moments in the principal frame ([`Moments::shape`]): 0 for a
    /// part with a symmetry plane (or whose principal sizes coincide), opposite for a mirror
    /// image.
    pub chirality: f64,
}

/// The shape measures of a mesh.
pub fn shape(triangles: &[Triangle]) -> Shape {
    let centre = centre_of(triangles);
    let mut m = Moments::default();
    for t in triangles {
        m.add(t, centre);
    }
    m.shape()
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

    fn rotated(m: &[Triangle], axis: Point, degrees: f64) -> Vec<Triangle> {
        let n = norm(axis);
        let [x, y, z] = axis.map(|c| c / n);
        let (s, c) = degrees.to_radians().sin_cos();
        let t = 1.0 - c;
        let r = [
            [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
            [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
            [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
        ];
        m.iter()
            .map(|tri| tri.map(|p| [0, 1, 2].map(|i| dot(r[i], p))))
            .collect()
    }

    fn mirrored(m: &[Triangle]) -> Vec<Triangle> {
        m.iter()
            .map(|t| {
                let f = |p: Point| [-p[0], p[1], p[2]];
                [f(t[0]), f(t[2]), f(t[1])]
            })
            .collect()
    }

    /// A chiral part: a box whose top face is turned 20° against its bottom about one corner
    /// (turned about its centre it would keep three 2-fold axes, which cancel the third-moment
    /// vector the chirality is read from).
    fn twisted() -> Vec<Triangle> {
        cuboid([30.0, 10.0, 6.0], [0.0; 3])
            .iter()
            .map(|t| {
                t.map(|p| {
                    if p[2] > 0.0 {
                        rotated(&[[p, p, p]], [0.0, 0.0, 1.0], 20.0)[0][0]
                    } else {
                        p
                    }
                })
            })
            .collect()
    }

    #[test]
    fn cgh_v2_is_the_same_after_a_rotation_where_cgh_v1_is_not() {
        let part = twisted();
        let at = |m: &[Triangle]| -> Vec<Triangle> {
            m.iter()
                .map(|t| t.map(|p| [p[0] + 35.0, p[1] - 3.25, p[2] + 16.92]))
                .collect()
        };
        // a quarter turn (exact in floating point) and an arbitrary one (computed in f64),
        // moved, reordered and started at another vertex
        let quarter: Vec<Triangle> = part
            .iter()
            .map(|t| t.map(|p| [-p[1], p[0], p[2]]))
            .collect();
        let mut odd = at(&rotated(&part, [1.0, 2.0, 3.0], 37.0));
        odd.reverse();
        for t in odd.iter_mut() {
            t.rotate_left(1);
        }
        for copy in [&quarter, &odd] {
            assert_eq!(cgh_v2(&part), cgh_v2(copy));
            assert_ne!(
                cgh_v1(&part),
                cgh_v1(copy),
                "cgh-v1 is not rotation-invariant"
            );
        }
        // symmetric parts too: a cube turned about its symmetry axes and about nothing special
        let cube = cuboid([10.0; 3], [0.0; 3]);
        for (axis, degrees) in [
            ([0.0, 0.0, 1.0], 90.0),
            ([1.0, 1.0, 1.0], 120.0),
            ([0.3, -1.0, 0.2], 71.0),
        ] {
            assert_eq!(cgh_v2(&cube), cgh_v2(&rotated(&cube, axis, degrees)));
        }
        // other geometry differs: a box a tenth taller, a flipped face
        assert_ne!(cgh_v2(&cube), cgh_v2(&cuboid([10.0, 10.0, 11.0], [0.0; 3])));
        let mut flipped = cube.clone();
        flipped[3].swap(1, 2);
        assert_ne!(cgh_v2(&cube), cgh_v2(&flipped));
    }

    #[test]
    fn a_mirror_image_hashes_apart_unless_the_part_is_its_own_mirror() {
        let part = twisted();
        let mirror = mirrored(&part);
        let (own, its_mirror) = cgh_v2_with_mirror(&part);
        assert_ne!(
            own,
            cgh_v2(&mirror),
            "a chiral part's mirror is another part"
        );
        assert_eq!(its_mirror, cgh_v2(&mirror));
        // also when the mirror is turned and moved, and its mirror is the part again
        let turned = rotated(&mirror, [2.0, -1.0, 0.5], 133.0);
        assert_eq!(its_mirror, cgh_v2(&turned));
        assert_eq!(cgh_v2_with_mirror(&turned).1, own);
        // a mirror left inside out (winding kept) is neither
        let inside_out: Vec<Triangle> = part
            .iter()
            .map(|t| t.map(|p| [-p[0], p[1], p[2]]))
            .collect();
        assert_ne!(cgh_v2(&inside_out), own);
        assert_ne!(cgh_v2(&inside_out), its_mirror);
        // an achiral part (a box has symmetry planes) is its own mirror image
        let cube = cuboid([10.0, 20.0, 30.0], [0.0; 3]);
        let (own, mirror) = cgh_v2_with_mirror(&cube);
        assert_eq!(own, mirror);
        assert_eq!(own, cgh_v2(&mirrored(&cube)));
    }

    #[test]
    fn surface_moments_are_exact_integrals() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        // one triangle against a degree-3 quadrature (vertices 1/20, edge midpoints 2/15,
        // centroid 9/20: exact for cubics)
        let t: Triangle = [0, 1, 2].map(|_| [0, 1, 2].map(|_| rng.random_range(-5.0..5.0)));
        let mut m = Moments::default();
        m.add(&t, [0.0; 3]);
        let mid = |a: Point, b: Point| [0, 1, 2].map(|k| (a[k] + b[k]) / 2.0);
        let g = [0, 1, 2].map(|k| (t[0][k] + t[1][k] + t[2][k]) / 3.0);
        let points = [
            (t[0], 1.0 / 20.0),
            (t[1], 1.0 / 20.0),
            (t[2], 1.0 / 20.0),
            (mid(t[0], t[1]), 2.0 / 15.0),
            (mid(t[1], t[2]), 2.0 / 15.0),
            (mid(t[2], t[0]), 2.0 / 15.0),
            (g, 9.0 / 20.0),
        ];
        let a = area(&t);
        for (m, &(i, j, k)) in THIRD.iter().enumerate() {
            let want: f64 = points
                .iter()
                .map(|(x, w)| w * x[i] * x[j] * x[k])
                .sum::<f64>()
                * a;
            assert!(
                (m_third(&m_of(&t), m) - want).abs() < 1e-9 * want.abs().max(1.0),
                "{i}{j}{k}"
            );
        }
        let want: f64 = points.iter().map(|(x, w)| w * x[0] * x[1]).sum::<f64>() * a;
        assert!((m.second[3] - want).abs() < 1e-9 * want.abs().max(1.0));
        // a 10 mm cube's surface: E[x²] = 5a²/36 on each axis, whatever the triangulation
        for cube in [
            cuboid([10.0; 3], [0.0; 3]),
            subdivided(&cuboid([10.0; 3], [0.0; 3])),
        ] {
            let s = shape(&cube);
            for r in s.principal_mm {
                assert!((r - 10.0 * (5.0f64 / 36.0).sqrt()).abs() < 1e-9, "{s:?}");
            }
            assert!((s.area - 600.0).abs() < 1e-9 && s.chirality == 0.0, "{s:?}");
        }
        // size follows the part on each axis; chirality follows the hand
        let taller = shape(&cuboid([10.0, 10.0, 11.0], [0.0; 3]));
        assert!(
            taller.principal_mm[0] > 10.0 * (5.0f64 / 36.0).sqrt() * 1.02,
            "{taller:?}"
        );
        let (left, right) = (shape(&twisted()), shape(&mirrored(&twisted())));
        assert!(left.chirality.abs() > 1e-3, "{left:?}");
        assert!((left.chirality + right.chirality).abs() < 1e-9);
        assert!(
            (shape(&rotated(&twisted(), [1.0, 1.0, 0.0], 50.0)).chirality - left.chirality).abs()
                < 1e-9
        );
        // nothing to measure, or coordinates that are not numbers, measure as nothing
        assert_eq!(shape(&[]).principal_mm, [0.0; 3]);
        let nan = [[[f64::NAN; 3], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]];
        assert_eq!(shape(&nan).chirality, 0.0);
        let _ = cgh_v2_with_mirror(&nan);
    }

    fn m_of(t: &Triangle) -> Moments {
        let mut m = Moments::default();
        m.add(t, [0.0; 3]);
        m
    }

    fn m_third(m: &Moments, k: usize) -> f64 {
        m.third[k]
    }

    fn subdivided(m: &[Triangle]) -> Vec<Triangle> {
        let mid = |a: Point, b: Point| -> Point { [0, 1, 2].map(|k| (a[k] + b[k]) / 2.0) };
        m.iter()
            .flat_map(|&[a, b, c]| {
                let (ab, bc, ca) = (mid(a, b), mid(b, c), mid(c, a));
                [[a, ab, ca], [ab, b, bc], [ca, bc, c], [ab, bc, ca]]
            })
            .collect()
    }
}
