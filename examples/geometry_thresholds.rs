//! Measures the geometry verdicts of `clearway provenance check` on generated variants and
//! distractors, for the README's threshold table.
//!
//! ```text
//! cargo run --release --example geometry_thresholds            the table at the defaults
//! cargo run --release --example geometry_thresholds -- sweep   also D2 × size-tolerance sweeps
//! ```
//!
//! Each base shape (the sample designs' gear, tee, plate and star; generated cubes, boxes, a
//! cylinder, a cone, a UV sphere; chiral parts: a twisted tee and a skew tetrahedron) is
//! registered from a binary STL. Its variants are written by clearway's own STL (f32) and 3MF
//! (f64 text) writers, read back and fingerprinted exactly as `provenance scan` does, and judged
//! against it with `print3d::compare` — the code `provenance check` runs. Every other base is a
//! distractor. Variants have a truth class:
//!
//! * `identical` — the same triangles moved: reordered, translated, rotated (quarter turns and
//!   arbitrary angles, in f64 and in f32), another format; and mirrors of achiral parts;
//! * `same shape & size` — re-meshed, 1 µm and 10 µm vertex noise, scaled by 1 % (within the
//!   2 % size tolerance);
//! * `other size` — scaled by 5 %, 10 %, 0.2×, stretched on one axis by 5 % and 10 %;
//! * `mirror` — mirror images of chiral parts (plain, rotated, re-meshed);
//! * `distractor` — another base.

use clearway::print3d::compare::{compare, Probe, Reference, Relation, Thresholds};
use clearway::print3d::mesh::{Point, Triangle};
use clearway::print3d::{self, ScannedMesh};
use clearway::sample_data::designs::{gear, prism, tee, write_3mf};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::collections::BTreeMap;

type Mesh = Vec<Triangle>;

fn map(m: &Mesh, f: impl Fn(Point) -> Point) -> Mesh {
    m.iter().map(|t| t.map(&f)).collect()
}

fn cuboid(s: Point) -> Mesh {
    let outline = [
        [-s[0] / 2.0, -s[1] / 2.0],
        [s[0] / 2.0, -s[1] / 2.0],
        [s[0] / 2.0, s[1] / 2.0],
        [-s[0] / 2.0, s[1] / 2.0],
    ];
    prism(&outline, s[2])
}

fn polygon(n: usize, r: f64) -> Vec<[f64; 2]> {
    (0..n)
        .map(|k| {
            let a = 2.0 * std::f64::consts::PI * k as f64 / n as f64;
            [r * a.cos(), r * a.sin()]
        })
        .collect()
}

fn cone(r: f64, h: f64, n: usize) -> Mesh {
    let ring = polygon(n, r);
    let p = |k: usize| -> Point { [ring[k % n][0], ring[k % n][1], 0.0] };
    (0..n)
        .flat_map(|k| {
            [
                [[0.0, 0.0, 0.0], p(k + 1), p(k)],
                [p(k), p(k + 1), [0.0, 0.0, h]],
            ]
        })
        .collect()
}

fn sphere(r: f64, rings: usize, segments: usize) -> Mesh {
    let at = |i: usize, j: usize| -> Point {
        let theta = std::f64::consts::PI * i as f64 / rings as f64;
        let phi = 2.0 * std::f64::consts::PI * (j % segments) as f64 / segments as f64;
        [
            r * theta.sin() * phi.cos(),
            r * theta.sin() * phi.sin(),
            r * theta.cos(),
        ]
    };
    let mut out = Vec::new();
    for i in 0..rings {
        for j in 0..segments {
            if i + 1 < rings {
                out.push([at(i, j), at(i + 1, j), at(i + 1, j + 1)]);
            }
            if i > 0 {
                out.push([at(i, j), at(i + 1, j + 1), at(i, j + 1)]);
            }
        }
    }
    out
}

/// A rotation matrix about `axis` by `degrees` (Rodrigues).
fn rotation(axis: Point, degrees: f64) -> [[f64; 3]; 3] {
    let n = (axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]).sqrt();
    let [x, y, z] = axis.map(|c| c / n);
    let (s, c) = degrees.to_radians().sin_cos();
    let t = 1.0 - c;
    [
        [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
        [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
        [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
    ]
}

fn rotate(m: &Mesh, r: [[f64; 3]; 3]) -> Mesh {
    map(m, |p| {
        [0, 1, 2].map(|i| r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2])
    })
}

/// Reflected in x, winding reversed so the faces still point out.
fn mirror(m: &Mesh) -> Mesh {
    m.iter()
        .map(|t| {
            let f = |p: Point| [-p[0], p[1], p[2]];
            [f(t[0]), f(t[2]), f(t[1])]
        })
        .collect()
}

fn subdivide(m: &Mesh) -> Mesh {
    let mid = |a: Point, b: Point| -> Point { [0, 1, 2].map(|k| (a[k] + b[k]) / 2.0) };
    m.iter()
        .flat_map(|&[a, b, c]| {
            let (ab, bc, ca) = (mid(a, b), mid(b, c), mid(c, a));
            [[a, ab, ca], [ab, b, bc], [ca, bc, c], [ab, bc, ca]]
        })
        .collect()
}

/// Every vertex moved by up to `amount` mm, the same way wherever it appears (the mesh stays
/// closed): the offset is a hash of the vertex's coordinates.
fn noise(m: &Mesh, amount: f64) -> Mesh {
    map(m, |p| {
        let mut h: u64 = 0xcbf29ce484222325;
        for c in p {
            h = (h ^ c.to_bits()).wrapping_mul(0x100000001b3);
        }
        [0, 1, 2].map(|k| {
            let bits = (h >> (k * 20)) & 0xFFFFF;
            p[k] + amount * (bits as f64 / 0xFFFFF as f64 * 2.0 - 1.0)
        })
    })
}

#[derive(Clone, Copy)]
enum Format {
    Stl,
    ThreeMf,
}

fn scan(m: &Mesh, format: Format) -> ScannedMesh {
    let (name, bytes) = match format {
        Format::Stl => ("v.stl", print3d::stl::write_binary("v", m)),
        Format::ThreeMf => ("v.3mf", write_3mf(m, &[]).expect("3MF")),
    };
    let mut s = print3d::scan(std::path::Path::new(name), &bytes).expect("scan");
    s.meshes.remove(0)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Class {
    Identical,
    SameShapeSize,
    OtherSize,
    Mirror,
    Distractor,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Identical => "identical (moved, rotated, reformatted)",
            Class::SameShapeSize => "same shape & size (re-meshed, noise, 1 % scale)",
            Class::OtherSize => "other size (5 %, 10 %, 0.2× scale; 5 %, 10 % stretch)",
            Class::Mirror => "mirror image of a chiral part",
            Class::Distractor => "distractor (another base)",
        }
    }
}

struct Base {
    name: &'static str,
    mesh: Mesh,
    chiral: bool,
}

fn bases() -> Vec<Base> {
    let twisted = map(&prism(&tee(), 6.0), |p| {
        if p[2] > 0.0 {
            let r = rotation([0.0, 0.0, 1.0], 15.0);
            [0, 1, 2].map(|i| r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2])
        } else {
            p
        }
    });
    let (a, b, c, d) = (
        [0.0, 0.0, 0.0],
        [30.0, 0.0, 0.0],
        [0.0, 17.0, 0.0],
        [5.0, 7.0, 23.0],
    );
    let tetra = vec![[a, c, b], [a, b, d], [b, c, d], [c, a, d]];
    let mut out = vec![
        Base {
            name: "gear 12T",
            mesh: prism(&gear(12, 18.0, 22.0), 8.0),
            chiral: false,
        },
        Base {
            name: "tee proxy",
            mesh: prism(&tee(), 6.0),
            chiral: false,
        },
        Base {
            name: "plate",
            mesh: cuboid([40.0, 20.0, 4.0]),
            chiral: false,
        },
        Base {
            name: "star",
            mesh: prism(&gear(5, 8.0, 25.0), 3.0),
            chiral: false,
        },
        Base {
            name: "cube 10",
            mesh: cuboid([10.0; 3]),
            chiral: false,
        },
        Base {
            name: "box 10×10×11",
            mesh: cuboid([10.0, 10.0, 11.0]),
            chiral: false,
        },
        Base {
            name: "box 10×20×30",
            mesh: cuboid([10.0, 20.0, 30.0]),
            chiral: false,
        },
        Base {
            name: "cylinder",
            mesh: prism(&polygon(48, 10.0), 20.0),
            chiral: false,
        },
        Base {
            name: "cone",
            mesh: cone(10.0, 25.0, 48),
            chiral: false,
        },
        Base {
            name: "sphere",
            mesh: sphere(15.0, 12, 24),
            chiral: false,
        },
        Base {
            name: "twisted tee",
            mesh: twisted,
            chiral: true,
        },
        Base {
            name: "skew tetrahedron",
            mesh: tetra,
            chiral: true,
        },
    ];
    // the real netfabb pyramid, where the shared data is present
    for dir in ["../shared/data", "/work/shared/data"] {
        let path = std::path::Path::new(dir).join("print3d/stl/binary_pyramid_netfabb.stl");
        if let Ok(bytes) = std::fs::read(&path) {
            let (meshes, _) = print3d::stl::read(&bytes).expect("pyramid");
            out.push(Base {
                name: "netfabb pyramid",
                mesh: meshes[0].triangles.clone(),
                chiral: false,
            });
            break;
        }
    }
    out
}

fn variants(b: &Base, rng: &mut rand_chacha::ChaCha8Rng) -> Vec<(String, Class, Mesh, Format)> {
    use Class::*;
    use Format::*;
    let m = &b.mesh;
    let mut reordered = m.clone();
    reordered.shuffle(rng);
    for t in reordered.iter_mut() {
        t.rotate_left(1);
    }
    let odd = rotation([1.0, 2.0, 3.0], 37.0);
    let mirror_class = if b.chiral { Mirror } else { Identical };
    let scale = |s: Point| map(m, |p| [p[0] * s[0], p[1] * s[1], p[2] * s[2]]);
    vec![
        ("reordered, restarted".into(), Identical, reordered, Stl),
        ("as 3MF".into(), Identical, m.clone(), ThreeMf),
        (
            "translated (3MF)".into(),
            Identical,
            map(m, |p| [p[0] + 12.345, p[1] - 6.789, p[2] + 3.21]),
            ThreeMf,
        ),
        (
            "translated (STL f32)".into(),
            Identical,
            map(m, |p| [p[0] + 12.345, p[1] - 6.789, p[2] + 3.21]),
            Stl,
        ),
        (
            "quarter turn about z (STL)".into(),
            Identical,
            map(m, |p| [-p[1], p[0], p[2]]),
            Stl,
        ),
        (
            "quarter turn about x (STL)".into(),
            Identical,
            map(m, |p| [p[0], -p[2], p[1]]),
            Stl,
        ),
        (
            "30° about z (3MF)".into(),
            Identical,
            rotate(m, rotation([0.0, 0.0, 1.0], 30.0)),
            ThreeMf,
        ),
        (
            "37° about (1,2,3) (3MF)".into(),
            Identical,
            rotate(m, odd),
            ThreeMf,
        ),
        (
            "37° about (1,2,3) (STL f32)".into(),
            Identical,
            rotate(m, odd),
            Stl,
        ),
        (
            "re-meshed (3MF)".into(),
            SameShapeSize,
            subdivide(m),
            ThreeMf,
        ),
        (
            "1 µm noise (3MF)".into(),
            SameShapeSize,
            noise(m, 0.001),
            ThreeMf,
        ),
        (
            "10 µm noise (3MF)".into(),
            SameShapeSize,
            noise(m, 0.01),
            ThreeMf,
        ),
        ("scaled 1 %".into(), SameShapeSize, scale([1.01; 3]), Stl),
        ("scaled 5 %".into(), OtherSize, scale([1.05; 3]), Stl),
        ("scaled 10 %".into(), OtherSize, scale([1.10; 3]), Stl),
        ("scaled 0.2×".into(), OtherSize, scale([0.2; 3]), Stl),
        (
            "x stretched 5 %".into(),
            OtherSize,
            scale([1.05, 1.0, 1.0]),
            Stl,
        ),
        (
            "z stretched 10 %".into(),
            OtherSize,
            scale([1.0, 1.0, 1.1]),
            Stl,
        ),
        ("mirrored (STL)".into(), mirror_class, mirror(m), Stl),
        (
            "mirrored, 37° about (1,2,3) (STL f32)".into(),
            mirror_class,
            rotate(&mirror(m), odd),
            Stl,
        ),
        (
            "mirrored, re-meshed (3MF)".into(),
            if b.chiral { Mirror } else { SameShapeSize },
            subdivide(&mirror(m)),
            ThreeMf,
        ),
    ]
}

type Judged = (Class, String, Relation, ScannedMesh, usize);

/// "tp/pos = x % | fp/neg = y %": how often `fired` holds where `want` says it should, and
/// where it should not.
fn rate(
    judged: &[Judged],
    want: &dyn Fn(Class) -> bool,
    fired: &dyn Fn(&Relation) -> bool,
) -> String {
    let (mut tp, mut pos, mut fp, mut neg) = (0, 0, 0, 0);
    for (class, _, relation, _, _) in judged {
        if want(*class) {
            pos += 1;
            tp += usize::from(fired(relation));
        } else {
            neg += 1;
            fp += usize::from(fired(relation));
        }
    }
    format!(
        "{tp}/{pos} = {:.1} % | {fp}/{neg} = {:.1} %",
        100.0 * tp as f64 / pos.max(1) as f64,
        100.0 * fp as f64 / neg.max(1) as f64
    )
}

const VERDICTS: [&str; 5] = [
    "same_geometry",
    "mirror",
    "similar",
    "shape_only",
    "unknown",
];

fn main() {
    let sweep = std::env::args().any(|a| a == "sweep");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    let bases = bases();
    let registered: Vec<ScannedMesh> = bases.iter().map(|b| scan(&b.mesh, Format::Stl)).collect();
    // (class, relation, base) for every judged pair
    let mut judged: Vec<Judged> = Vec::new();
    for (i, b) in bases.iter().enumerate() {
        for (name, class, mesh, format) in variants(b, &mut rng) {
            let v = scan(&mesh, format);
            judged.push((class, name, Relation::Unrelated { d2: None }, v, i));
        }
        for (j, other) in registered.iter().enumerate() {
            if j != i {
                judged.push((
                    Class::Distractor,
                    format!("{} vs {}", bases[j].name, b.name),
                    Relation::Unrelated { d2: None },
                    other.clone(),
                    i,
                ));
            }
        }
    }
    let reference = |i: usize| Reference {
        cgh_v1: registered[i].cgh.as_deref(),
        cgh_v2: Some(&registered[i].cgh_v2),
        shape: Some(&registered[i].shape),
        d2: Some(&registered[i].d2),
    };
    let judge = |t: &Thresholds, judged: &mut Vec<Judged>| {
        for (_, _, relation, v, i) in judged.iter_mut() {
            *relation = compare(&Probe::of(v), &reference(*i), t);
        }
    };
    let t = Thresholds::default();
    judge(&t, &mut judged);
    println!(
        "thresholds: D2 ≥ {}, size within ±{} %, |chirality| ≥ {}; {} bases, {} judged pairs\n",
        t.similar,
        t.size_tolerance * 100.0,
        t.chirality,
        bases.len(),
        judged.len()
    );
    // verdict counts per class
    let mut table: BTreeMap<Class, BTreeMap<&str, usize>> = BTreeMap::new();
    for (class, _, relation, _, _) in &judged {
        *table
            .entry(*class)
            .or_default()
            .entry(relation.verdict())
            .or_default() += 1;
    }
    println!(
        "| truth | n | {} |",
        VERDICTS.map(|v| format!("`{v}`")).join(" | ")
    );
    println!("|---|---|{}", "---|".repeat(VERDICTS.len()));
    for (class, counts) in &table {
        let n: usize = counts.values().sum();
        let cells: Vec<String> = VERDICTS
            .iter()
            .map(|v| {
                let k = counts.get(v).copied().unwrap_or(0);
                format!("{k} ({:.0} %)", 100.0 * k as f64 / n as f64)
            })
            .collect();
        println!("| {} | {n} | {} |", class.name(), cells.join(" | "));
    }
    // per verdict: true positives over the class it should fire on, false positives elsewhere
    println!("\n| verdict | fires on | TP rate | FP rate |\n|---|---|---|---|");
    println!(
        "| `same_geometry` | identical | {} |",
        rate(&judged, &|c| c == Class::Identical, &|r| r.verdict()
            == "same_geometry")
    );
    println!(
        "| is the design (`same_geometry` or `similar`: controlled applies) | identical, same shape & size | {} |",
        rate(
            &judged,
            &|c| matches!(c, Class::Identical | Class::SameShapeSize),
            &|r| r.is_the_design()
        )
    );
    println!(
        "| `mirror` | mirror of a chiral part | {} |",
        rate(&judged, &|c| c == Class::Mirror, &|r| r.verdict()
            == "mirror")
    );
    println!(
        "| `shape_only` | other size | {} |",
        rate(&judged, &|c| c == Class::OtherSize, &|r| r.verdict()
            == "shape_only")
    );
    // the misses, named
    println!("\nnot as their class wants:");
    for (class, name, relation, _, i) in &judged {
        let fine = match class {
            Class::Identical | Class::SameShapeSize => relation.is_the_design(),
            Class::OtherSize => relation.verdict() == "shape_only",
            Class::Mirror => relation.verdict() == "mirror",
            Class::Distractor => !relation.is_the_design() && relation.verdict() != "mirror",
        };
        if !fine {
            println!("  {:<20} {:<40} {:?}", bases[*i].name, name, relation);
        }
    }
    // what the thresholds rest on
    let d2 =
        |v: &ScannedMesh, i: usize| clearway::print3d::mesh::similarity(&registered[i].d2, &v.d2);
    let shape_d2 = judged
        .iter()
        .filter(|j| j.0 != Class::Distractor)
        .map(|j| d2(&j.3, j.4))
        .fold(f64::INFINITY, f64::min);
    let mut distractor_d2: Vec<(f64, String)> = judged
        .iter()
        .filter(|j| j.0 == Class::Distractor)
        .map(|j| (d2(&j.3, j.4), j.1.clone()))
        .collect();
    distractor_d2.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nlowest D2 of a variant against its own base: {shape_d2:.4}");
    println!("highest D2 of distractors:");
    for (s, name) in distractor_d2.iter().take(6) {
        println!("  {s:.4} {name}");
    }
    let size_dev = |c: Class| {
        judged
            .iter()
            .filter(|j| j.0 == c)
            .map(|j| {
                clearway::print3d::compare::size_ratio(&j.3.shape, &registered[j.4].shape)
                    .iter()
                    .map(|r| (r - 1.0).abs())
                    .fold(0.0, f64::max)
            })
            .collect::<Vec<f64>>()
    };
    let same = size_dev(Class::Identical)
        .into_iter()
        .chain(size_dev(Class::SameShapeSize))
        .fold(0.0, f64::max);
    let other = size_dev(Class::OtherSize)
        .into_iter()
        .fold(f64::INFINITY, f64::min);
    println!(
        "largest size deviation of a same-size variant: {:.4} %",
        same * 100.0
    );
    println!(
        "smallest size deviation of an other-size variant: {:.4} %",
        other * 100.0
    );
    let own_d2 = judged
        .iter()
        .filter(|j| matches!(j.0, Class::Identical | Class::SameShapeSize))
        .map(|j| d2(&j.3, j.4))
        .fold(f64::INFINITY, f64::min);
    let same_size_distractor = judged
        .iter()
        .filter(|j| {
            j.0 == Class::Distractor
                && clearway::print3d::compare::same_size(
                    &clearway::print3d::compare::size_ratio(&j.3.shape, &registered[j.4].shape),
                    t.size_tolerance,
                )
        })
        .map(|j| (d2(&j.3, j.4), j.1.clone()))
        .fold((f64::NEG_INFINITY, String::new()), |a, b| {
            if b.0 > a.0 {
                b
            } else {
                a
            }
        });
    println!("lowest D2 of an identical or same-shape-and-size variant: {own_d2:.4}");
    println!(
        "highest D2 of a distractor of the same size (±{} %): {:.4} ({})",
        t.size_tolerance * 100.0,
        same_size_distractor.0,
        same_size_distractor.1
    );
    let (mut achiral, mut chiral) = (0.0f64, f64::INFINITY);
    for j in judged.iter().filter(|j| j.0 != Class::Distractor) {
        let c = j.3.shape.chirality.abs();
        if bases[j.4].chiral {
            chiral = chiral.min(c);
        } else {
            achiral = achiral.max(c);
        }
    }
    println!("|chirality|: largest of an achiral part's variant {achiral:.2e}, smallest of a chiral one's {chiral:.2e}");
    // per variant: how often the hash alone held
    let mut by_variant: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for (class, name, relation, _, _) in &judged {
        if *class != Class::Distractor {
            let e = by_variant.entry(name.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(relation.verdict() == "same_geometry");
            e.2 += usize::from(relation.is_the_design());
        }
    }
    println!("\n| variant | n | `same_geometry` | is the design |\n|---|---|---|---|");
    for (name, (n, same, design)) in by_variant {
        println!("| {name} | {n} | {same} | {design} |");
    }
    let chirality: Vec<String> = registered
        .iter()
        .zip(&bases)
        .map(|(r, b)| format!("{} {:+.4}", b.name, r.shape.chirality))
        .collect();
    println!("chirality: {}", chirality.join(", "));
    if sweep {
        println!("\nsweep: is-the-design TP / FP rates");
        for similar in [0.95, 0.96, 0.97, 0.98, 0.99] {
            for tolerance in [0.005, 0.01, 0.02, 0.03] {
                let t = Thresholds {
                    similar,
                    size_tolerance: tolerance,
                    ..Default::default()
                };
                judge(&t, &mut judged);
                println!(
                    "  D2 ≥ {similar}, size ±{:.1} %: {}",
                    tolerance * 100.0,
                    rate(
                        &judged,
                        &|c| matches!(c, Class::Identical | Class::SameShapeSize),
                        &|r| r.is_the_design()
                    )
                );
            }
        }
    }
}
