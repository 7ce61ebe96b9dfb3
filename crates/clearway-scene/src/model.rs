//! The scene model: named objects, each one primitive of one colour, with what a viewer shows
//! when the object is picked.
//!
//! One primitive and one colour per object is all clearway's scenes need (a track, a column, a
//! coastline, a design's mesh), and it keeps the glTF simple enough for the viewer to read
//! without a general glTF loader. Coordinates are metres in glTF's frame: x east, y up,
//! z towards the viewer (south on a map).

use serde_json::{Map, Value};

/// How an object's positions are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each position a point (markers).
    Points,
    /// Positions in pairs, each pair a segment (outlines).
    Lines,
    /// Positions joined in order (a track).
    LineStrip,
    /// Positions in threes, each three a triangle, counter-clockwise seen from outside.
    Triangles,
}

impl Mode {
    /// glTF's number for the mode.
    pub fn gltf(self) -> u32 {
        match self {
            Mode::Points => 0,
            Mode::Lines => 1,
            Mode::LineStrip => 3,
            Mode::Triangles => 4,
        }
    }

    /// The smallest number of positions the mode draws anything with, and the multiple the
    /// count must be.
    fn shape(self) -> (usize, usize) {
        match self {
            Mode::Points => (1, 1),
            Mode::Lines => (2, 2),
            Mode::LineStrip => (2, 1),
            Mode::Triangles => (3, 3),
        }
    }
}

/// One drawable thing.
#[derive(Debug, Clone)]
pub struct Object {
    pub name: String,
    pub mode: Mode,
    pub positions: Vec<[f32; 3]>,
    /// Linear RGBA, each 0..1.
    pub colour: [f32; 4],
    /// What a viewer shows when the object is picked (glTF `extras` of its node): for example
    /// `{"declaration_id": "…", "risk": 0.8}`. Empty: the object cannot be picked.
    pub info: Map<String, Value>,
}

impl Object {
    pub fn new(name: impl Into<String>, mode: Mode, colour: [f32; 4]) -> Object {
        Object {
            name: name.into(),
            mode,
            positions: Vec::new(),
            colour,
            info: Map::new(),
        }
    }

    /// Whether the object has enough positions, in the right multiple, to be drawn.
    pub fn drawable(&self) -> bool {
        let (least, multiple) = self.mode.shape();
        self.positions.len() >= least && self.positions.len().is_multiple_of(multiple)
    }

    /// Adds an axis-aligned box from `min` to `max` as twelve triangles.
    pub fn push_box(&mut self, min: [f32; 3], max: [f32; 3]) {
        let [x0, y0, z0] = min;
        let [x1, y1, z1] = max;
        let corner = |i: usize| {
            [
                if i & 1 == 0 { x0 } else { x1 },
                if i & 2 == 0 { y0 } else { y1 },
                if i & 4 == 0 { z0 } else { z1 },
            ]
        };
        // each face as two triangles, counter-clockwise seen from outside
        const FACES: [[usize; 4]; 6] = [
            [0, 2, 3, 1], // -z
            [4, 5, 7, 6], // +z
            [0, 1, 5, 4], // -y
            [2, 6, 7, 3], // +y
            [0, 4, 6, 2], // -x
            [1, 3, 7, 5], // +x
        ];
        for [a, b, c, d] in FACES {
            for i in [a, b, c, a, c, d] {
                self.positions.push(corner(i));
            }
        }
    }
}

impl Object {
    /// Brings a triangle object down to at most `max` triangles by vertex clustering: vertices
    /// are snapped to the centre of the grid cell they fall in (the grid as fine as the bound
    /// allows) and triangles left with two corners in one cell are dropped. The outline stays;
    /// small detail goes. Returns the triangle count before, or None when nothing was done.
    pub fn simplify(&mut self, max: usize) -> Option<usize> {
        let before = self.positions.len() / 3;
        if self.mode != Mode::Triangles || before <= max {
            return None;
        }
        let bounds = Bounds::of(&self.positions)?;
        let size = bounds.size();
        let extent = size[0].max(size[1]).max(size[2]).max(f32::EPSILON);
        // the finest grid (cells per longest side) whose result fits, by halving the range
        let (mut lo, mut hi) = (1u32, 4096u32);
        let mut best = clustered(&self.positions, &bounds, extent, lo);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let candidate = clustered(&self.positions, &bounds, extent, mid);
            if candidate.len() / 3 <= max {
                best = candidate;
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // a mesh no grid brings under the bound, or that clustering empties (thousands of copies
        // of one triangle spanning the whole box): every k-th triangle instead, so the bound
        // holds and something is drawn
        if best.is_empty() || best.len() / 3 > max {
            let step = before.div_ceil(max.max(1));
            best = self
                .positions
                .chunks_exact(3)
                .step_by(step)
                .flatten()
                .copied()
                .collect();
        }
        self.positions = best;
        Some(before)
    }
}

/// The triangles with corners snapped to a grid of `cells` per `extent`, degenerate ones
/// dropped.
fn clustered(positions: &[[f32; 3]], bounds: &Bounds, extent: f32, cells: u32) -> Vec<[f32; 3]> {
    let step = extent / cells as f32;
    let snap = |p: [f32; 3]| {
        let mut key = [0i64; 3];
        let mut at = [0f32; 3];
        for axis in 0..3 {
            let cell = ((p[axis] - bounds.min[axis]) / step).floor();
            key[axis] = cell as i64;
            at[axis] = bounds.min[axis] + (cell + 0.5) * step;
        }
        (key, at)
    };
    let mut out = Vec::new();
    for t in positions.chunks_exact(3) {
        let (a, b, c) = (snap(t[0]), snap(t[1]), snap(t[2]));
        if a.0 != b.0 && b.0 != c.0 && a.0 != c.0 {
            out.extend([a.1, b.1, c.1]);
        }
    }
    out
}

/// Axis-aligned bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: [f32; 3],
    pub max: [f32; 3],
}

impl Bounds {
    /// The bounds of `points`; None when there are none.
    pub fn of<'a>(points: impl IntoIterator<Item = &'a [f32; 3]>) -> Option<Bounds> {
        let mut points = points.into_iter();
        let first = *points.next()?;
        let mut b = Bounds {
            min: first,
            max: first,
        };
        for p in points {
            for (axis, v) in p.iter().enumerate() {
                b.min[axis] = b.min[axis].min(*v);
                b.max[axis] = b.max[axis].max(*v);
            }
        }
        Some(b)
    }

    pub fn size(&self) -> [f32; 3] {
        [
            self.max[0] - self.min[0],
            self.max[1] - self.min[1],
            self.max[2] - self.min[2],
        ]
    }
}

/// A scene: objects, a title, and what one unit means (for the page's caption).
#[derive(Debug, Clone, Default)]
pub struct Scene {
    pub title: String,
    /// One line on scale and axes, e.g. "1 m = 10° of longitude; time upwards".
    pub scale_note: String,
    /// Whether one unit is one real metre (a design, goods): the viewer then offers AR at
    /// real scale; otherwise VR (a data scene has no real size).
    pub real_scale: bool,
    /// Whether the viewer starts looking down from the south (a map) rather than from the
    /// south-east at an angle (an object, a cube).
    pub overhead: bool,
    pub objects: Vec<Object>,
    /// Scene-wide facts for the page (written as the glTF scene's `extras`).
    pub info: Map<String, Value>,
}

impl Scene {
    /// Objects that will be written: the drawable ones.
    pub fn drawable(&self) -> impl Iterator<Item = &Object> {
        self.objects
            .iter()
            .filter(|o| o.drawable() && all_finite(&o.positions))
    }

    /// Bounds of every drawable object.
    pub fn bounds(&self) -> Option<Bounds> {
        Bounds::of(self.drawable().flat_map(|o| o.positions.iter()))
    }

    /// Positions written, in all.
    pub fn vertex_count(&self) -> usize {
        self.drawable().map(|o| o.positions.len()).sum()
    }

    /// Triangles written, in all.
    pub fn triangle_count(&self) -> usize {
        self.drawable()
            .filter(|o| o.mode == Mode::Triangles)
            .map(|o| o.positions.len() / 3)
            .sum()
    }
}

/// glTF's accessors must hold finite numbers; an object with a NaN or infinity is not written.
fn all_finite(points: &[[f32; 3]]) -> bool {
    points.iter().flatten().all(|v| v.is_finite())
}

/// A colour ramp from low risk (blue-grey) to high (red), for `t` in 0..1.
pub fn risk_colour(t: f64) -> [f32; 4] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    } as f32;
    let low = [0.30, 0.45, 0.65];
    let mid = [0.95, 0.75, 0.20];
    let high = [0.85, 0.12, 0.10];
    let (a, b, u) = if t < 0.5 {
        (low, mid, t * 2.0)
    } else {
        (mid, high, (t - 0.5) * 2.0)
    };
    [
        a[0] + (b[0] - a[0]) * u,
        a[1] + (b[1] - a[1]) * u,
        a[2] + (b[2] - a[2]) * u,
        1.0,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_twelve_triangles_within_its_corners() {
        let mut o = Object::new("b", Mode::Triangles, [1.0; 4]);
        o.push_box([0.0, 0.0, 0.0], [2.0, 1.0, 3.0]);
        assert_eq!(o.positions.len(), 36);
        let b = Bounds::of(&o.positions).unwrap();
        assert_eq!(b.min, [0.0, 0.0, 0.0]);
        assert_eq!(b.max, [2.0, 1.0, 3.0]);
        assert!(o.drawable());
    }

    #[test]
    fn objects_too_short_or_not_finite_are_left_out() {
        let mut s = Scene::default();
        let mut line = Object::new("l", Mode::LineStrip, [1.0; 4]);
        line.positions.push([0.0; 3]);
        s.objects.push(line.clone());
        line.positions.push([1.0, f32::NAN, 0.0]);
        s.objects.push(line);
        let mut tri = Object::new("t", Mode::Triangles, [1.0; 4]);
        tri.positions = vec![[0.0; 3], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]];
        s.objects.push(tri);
        assert_eq!(s.drawable().count(), 1);
        assert_eq!(s.vertex_count(), 3);
        assert_eq!(s.triangle_count(), 1);
    }

    #[test]
    fn a_mesh_over_the_bound_is_simplified_within_it_and_keeps_its_size() {
        let mut o = Object::new("many", Mode::Triangles, [1.0; 4]);
        for i in 0..100 {
            for j in 0..100 {
                let (x, z) = (i as f32 * 0.01, j as f32 * 0.01);
                o.push_box([x, 0.0, z], [x + 0.01, 0.05, z + 0.01]);
            }
        }
        let before = Bounds::of(&o.positions).unwrap();
        assert_eq!(o.simplify(20_000), Some(120_000));
        let count = o.positions.len() / 3;
        assert!(count <= 20_000 && count > 1_000, "{count}");
        let after = Bounds::of(&o.positions).unwrap();
        for axis in [0, 2] {
            assert!((after.size()[axis] - before.size()[axis]).abs() < 0.05 * before.size()[axis]);
        }
        assert_eq!(o.simplify(20_000), None, "already within");
    }

    #[test]
    fn copies_of_one_big_triangle_are_thinned_not_emptied() {
        for third in [[0.0, 0.0, 0.5], [0.0, 1.0, 0.0]] {
            let mut o = Object::new("copies", Mode::Triangles, [1.0; 4]);
            for _ in 0..25_001 {
                o.positions
                    .extend([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], third]);
            }
            assert_eq!(o.simplify(2_500), Some(25_001));
            let n = o.positions.len() / 3;
            assert!((1..=2_500).contains(&n), "{n}");
        }
    }

    #[test]
    fn the_ramp_runs_from_blue_to_red_and_survives_nan() {
        assert!(risk_colour(0.0)[2] > risk_colour(0.0)[0]);
        assert!(risk_colour(1.0)[0] > risk_colour(1.0)[2]);
        assert_eq!(risk_colour(f64::NAN), risk_colour(0.0));
    }
}
