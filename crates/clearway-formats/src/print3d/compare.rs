//! How a scanned mesh relates to a registered design, from the fingerprints alone: the same
//! triangles (a canonical geometry hash), the mirror image, the same shape at the same size
//! (D2 and the principal sizes), the same shape at another size, or nothing.
//!
//! Kept apart from `provenance check` so that the threshold measurement
//! (`examples/geometry_thresholds.rs`, the README's table) judges its generated variants with
//! exactly the code the command uses.
//!
//! * Scale enters every shape verdict: D2 is normalised by its mean distance, so it cannot see
//!   size. A match by shape also needs each principal size (largest first) within
//!   `size_tolerance` of the design's; otherwise it is [`Relation::ShapeOnly`], with the ratios.
//!   A design registered before the principal sizes were recorded (and whose file could not be
//!   re-read) has no size on record, and is never more than `ShapeOnly` either.
//! * Mirror images: a mirror's cgh-v2 is computed with the file's own, so an exact mirror of a
//!   registered design is found by hash; a re-meshed mirror is found by an opposite chirality
//!   when both are clearly chiral (|chirality| ≥ `chirality`). An achiral part is its own
//!   mirror image (up to a rotation), so its mirror is the same geometry, as it should be.

use super::mesh::{similarity, Shape};

// The thresholds, as measured by examples/geometry_thresholds.rs on 13 bases × 21 variants
// and 156 distractor pairs (README, "Geometry verdicts, measured"):
// * D2: the lowest score of a variant that is the design (moved, rotated, re-meshed, noisy,
//   1 % scale) was 0.9911; distractors reached 0.9842 (a 10×10×11 box against a 10 mm cube)
//   but none of them within the size tolerance. 0.97 keeps the box/cube pair in reach of
//   `shape_only` (with its size ratio said) while the size check keeps it from `similar`.
// * Size: same-size variants deviated at most 1.00 % (the 1 % scale) on a principal axis,
//   other-size ones (5 %/10 %/0.2× scale, 5 %/10 % stretch) at least 3.92 %; ±2 % also admits
//   a slicer's shrink compensation (typically 0.5–2 %).
// * Chirality: achiral parts' variants measured at most 7.8e-7 (f32 rounding), chiral ones at
//   least 2.8e-3; 5e-5 is between them, about the geometric mean.

/// Default D2 similarity from which a shape matches.
pub const SIMILAR: f64 = 0.97;
/// Default relative size difference allowed on each principal axis for a match by shape.
pub const SIZE_TOLERANCE: f64 = 0.02;
/// |chirality| from which a part counts as handed.
pub const CHIRALITY: f64 = 5e-5;

/// Thresholds of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub similar: f64,
    pub size_tolerance: f64,
    pub chirality: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            similar: SIMILAR,
            size_tolerance: SIZE_TOLERANCE,
            chirality: CHIRALITY,
        }
    }
}

/// The fingerprints of a mesh being judged.
#[derive(Debug, Clone, Copy)]
pub struct Probe<'a> {
    pub cgh_v1: Option<&'a str>,
    pub cgh_v2: &'a str,
    pub cgh_v2_mirror: Option<&'a str>,
    pub shape: &'a Shape,
    pub d2: &'a [f64],
}

impl<'a> Probe<'a> {
    pub fn of(m: &'a super::ScannedMesh) -> Self {
        Probe {
            cgh_v1: m.cgh.as_deref(),
            cgh_v2: &m.cgh_v2,
            cgh_v2_mirror: m.cgh_v2_mirror.as_deref(),
            shape: &m.shape,
            d2: &m.d2,
        }
    }
}

/// What is on record for a registered design (any of it may be missing: a registry CSV gives
/// hashes only; rows from before cgh-v2 have no cgh-v2 and no sizes).
#[derive(Debug, Clone, Copy, Default)]
pub struct Reference<'a> {
    pub cgh_v1: Option<&'a str>,
    pub cgh_v2: Option<&'a str>,
    pub shape: Option<&'a Shape>,
    pub d2: Option<&'a [f64]>,
}

/// How a mesh relates to one design.
#[derive(Debug, Clone, PartialEq)]
pub enum Relation {
    /// The same triangles, by this hash recipe ("cgh-v2" or "cgh-v1").
    SameGeometry { recipe: &'static str },
    /// Its mirror image: by hash (exact), or by shape, size and opposite chirality.
    Mirror {
        d2: Option<f64>,
        ratio: Option<[f64; 3]>,
    },
    /// The same shape (D2 ≥ threshold) at the same size (every ratio within tolerance); or
    /// (`mirrored`) the exact mirror image of a part that has no handedness, which is the
    /// part itself triangulated the other way round.
    Similar {
        d2: f64,
        ratio: [f64; 3],
        mirrored: bool,
    },
    /// The same shape at another size (the ratios), or a size not on record (None).
    ShapeOnly { d2: f64, ratio: Option<[f64; 3]> },
    /// Neither; the D2 similarity when both have one.
    Unrelated { d2: Option<f64> },
}

impl Relation {
    /// Strength, for picking the design a mesh relates to best: the same triangles, then an
    /// exact mirror, then the same shape and size, a mirror by shape, the shape alone.
    pub fn rank(&self) -> (u8, f64) {
        match self {
            Relation::SameGeometry { .. } => (6, 1.0),
            Relation::Mirror { d2: None, .. } => (5, 1.0),
            Relation::Similar { d2, .. } => (4, *d2),
            Relation::Mirror { d2: Some(d2), .. } => (3, *d2),
            Relation::ShapeOnly { d2, .. } => (2, *d2),
            Relation::Unrelated { d2 } => (1, d2.unwrap_or(f64::NEG_INFINITY)),
        }
    }

    /// The verdict word `provenance check` prints for it.
    pub fn verdict(&self) -> &'static str {
        match self {
            Relation::SameGeometry { .. } => "same_geometry",
            Relation::Mirror { .. } => "mirror",
            Relation::Similar { .. } => "similar",
            Relation::ShapeOnly { .. } => "shape_only",
            Relation::Unrelated { .. } => "unknown",
        }
    }

    /// The mesh is the design (so its controls and licence apply): the same triangles or the
    /// same shape at the same size.
    pub fn is_the_design(&self) -> bool {
        matches!(
            self,
            Relation::SameGeometry { .. } | Relation::Similar { .. }
        )
    }
}

/// The mesh's principal sizes over the design's, axis by axis (largest first). Two sizes that
/// are both nil against the part's largest (a flat part has no thickness) compare as 1.
pub fn size_ratio(probe: &Shape, design: &Shape) -> [f64; 3] {
    let scale = probe.principal_mm[0].max(design.principal_mm[0]);
    [0, 1, 2].map(|k| {
        let (p, d) = (probe.principal_mm[k], design.principal_mm[k]);
        if p <= 1e-9 * scale && d <= 1e-9 * scale {
            1.0
        } else if d > 0.0 {
            p / d
        } else {
            f64::INFINITY
        }
    })
}

/// Whether every ratio is within `tolerance` of 1.
pub fn same_size(ratio: &[f64; 3], tolerance: f64) -> bool {
    ratio
        .iter()
        .all(|r| r.is_finite() && (r - 1.0).abs() <= tolerance)
}

/// How `probe` relates to `design`.
pub fn compare(probe: &Probe, design: &Reference, t: &Thresholds) -> Relation {
    if design.cgh_v2 == Some(probe.cgh_v2) {
        return Relation::SameGeometry { recipe: "cgh-v2" };
    }
    if probe.cgh_v1.is_some() && design.cgh_v1 == probe.cgh_v1 {
        return Relation::SameGeometry { recipe: "cgh-v1" };
    }
    let d2 = design.d2.map(|v| similarity(v, probe.d2));
    if probe.cgh_v2_mirror.is_some() && design.cgh_v2 == probe.cgh_v2_mirror {
        // a part with no handedness (a symmetry plane: chirality 0) is its own mirror image;
        // only its triangulation is mirrored
        if probe.shape.chirality.abs() < t.chirality {
            return Relation::Similar {
                d2: d2.unwrap_or(1.0),
                ratio: design
                    .shape
                    .map_or([1.0; 3], |d| size_ratio(probe.shape, d)),
                mirrored: true,
            };
        }
        return Relation::Mirror {
            d2: None,
            ratio: None,
        };
    }
    let Some(d2) = d2 else {
        return Relation::Unrelated { d2: None };
    };
    if d2.is_nan() || d2 < t.similar {
        return Relation::Unrelated {
            d2: d2.is_finite().then_some(d2),
        };
    }
    let Some(shape) = design.shape else {
        return Relation::ShapeOnly { d2, ratio: None };
    };
    let ratio = size_ratio(probe.shape, shape);
    if !same_size(&ratio, t.size_tolerance) {
        return Relation::ShapeOnly {
            d2,
            ratio: Some(ratio),
        };
    }
    let (a, b) = (probe.shape.chirality, shape.chirality);
    if a.abs() >= t.chirality && b.abs() >= t.chirality && a.signum() != b.signum() {
        return Relation::Mirror {
            d2: Some(d2),
            ratio: Some(ratio),
        };
    }
    Relation::Similar {
        d2,
        ratio,
        mirrored: false,
    }
}

/// `1.000 × 1.000 × 1.100`.
pub fn ratio_text(ratio: &[f64; 3]) -> String {
    ratio
        .iter()
        .map(|r| format!("{r:.3}"))
        .collect::<Vec<_>>()
        .join(" × ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(principal: [f64; 3], chirality: f64) -> Shape {
        Shape {
            area: 1.0,
            principal_mm: principal,
            chirality,
        }
    }

    fn probe<'a>(cgh_v2: &'a str, mirror: &'a str, shape: &'a Shape, d2: &'a [f64]) -> Probe<'a> {
        Probe {
            cgh_v1: None,
            cgh_v2,
            cgh_v2_mirror: Some(mirror),
            shape,
            d2,
        }
    }

    #[test]
    fn size_enters_every_match_by_shape() {
        let d2 = [0.5, 0.5];
        let cube = shape([3.7, 3.7, 3.7], 0.0);
        let design = Reference {
            cgh_v2: Some("cube"),
            shape: Some(&cube),
            d2: Some(&d2),
            ..Default::default()
        };
        let t = Thresholds::default();
        // the same D2 (1.0), a tenth taller on one axis: the shape, not the part
        let taller = shape([4.0, 3.72, 3.72], 0.0);
        let got = compare(&probe("box", "box'", &taller, &d2), &design, &t);
        assert_eq!(got.verdict(), "shape_only", "{got:?}");
        assert!(!got.is_the_design());
        // within ±2 % on every axis it is the design
        let close = shape([3.75, 3.7, 3.65], 0.0);
        let got = compare(&probe("c2", "c2'", &close, &d2), &design, &t);
        assert!(got.is_the_design() && got.verdict() == "similar", "{got:?}");
        // a design whose size is not on record is never more than its shape
        let legacy = Reference {
            shape: None,
            ..design
        };
        let got = compare(&probe("c2", "c2'", &close, &d2), &legacy, &t);
        assert_eq!(
            got,
            Relation::ShapeOnly {
                d2: 1.0,
                ratio: None
            }
        );
        // a flat part (no thickness) compares its third size as equal
        let flat = shape([5.0, 2.0, 0.0], 0.0);
        assert_eq!(size_ratio(&flat, &flat), [1.0; 3]);
        assert!(!same_size(&[1.0, f64::INFINITY, 1.0], 0.02));
        assert!(!same_size(&[1.0, f64::NAN, 1.0], 0.02));
    }

    #[test]
    fn mirrors_are_told_apart_from_the_part_unless_it_has_no_hand() {
        let d2 = [1.0];
        let t = Thresholds::default();
        let left = shape([9.0, 4.0, 2.0], 0.003);
        let right = shape([9.0, 4.0, 2.0], -0.003);
        let design = Reference {
            cgh_v2: Some("L"),
            shape: Some(&left),
            d2: Some(&d2),
            ..Default::default()
        };
        // exact mirror image: by hash
        let got = compare(&probe("R", "L", &right, &d2), &design, &t);
        assert_eq!(
            got,
            Relation::Mirror {
                d2: None,
                ratio: None
            }
        );
        // re-meshed mirror image: by shape, size and opposite chirality
        let got = compare(&probe("R2", "L2", &right, &d2), &design, &t);
        assert_eq!(got.verdict(), "mirror", "{got:?}");
        // no hand (a symmetry plane): the mirror image is the part, triangulated the other way
        let none = shape([9.0, 4.0, 2.0], 0.0);
        let achiral = Reference {
            shape: Some(&none),
            ..design
        };
        let got = compare(&probe("R", "L", &none, &d2), &achiral, &t);
        assert!(
            matches!(got, Relation::Similar { mirrored: true, .. }) && got.is_the_design(),
            "{got:?}"
        );
        // the ranking prefers the same triangles, then an exact mirror, then shape and size
        let same = Relation::SameGeometry { recipe: "cgh-v2" };
        let similar = Relation::Similar {
            d2: 0.99,
            ratio: [1.0; 3],
            mirrored: false,
        };
        assert!(
            same.rank()
                > Relation::Mirror {
                    d2: None,
                    ratio: None
                }
                .rank()
        );
        assert!(
            Relation::Mirror {
                d2: None,
                ratio: None
            }
            .rank()
                > similar.rank()
        );
        assert!(
            similar.rank()
                > Relation::ShapeOnly {
                    d2: 0.999,
                    ratio: None
                }
                .rank()
        );
    }
}
