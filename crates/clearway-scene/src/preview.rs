//! A still picture of a scene as SVG, for a page opened where there is no WebGL (and for
//! people who print it): the same objects seen from above at an angle, triangles shaded and
//! drawn back to front, lines and points over them.
//!
//! Bounded: at most [`MAX_TRIANGLES`] triangles and [`MAX_SEGMENTS`] segments are drawn, evenly
//! chosen, and the picture says so when it drew fewer than the scene has.

use crate::model::{Mode, Scene};
use std::fmt::Write;

pub const MAX_TRIANGLES: usize = 20_000;
pub const MAX_SEGMENTS: usize = 50_000;

/// The picture, `width` × `height` pixels.
pub fn svg(scene: &Scene, width: u32, height: u32) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}"><rect width="100%" height="100%" fill="#f4f5f7"/>"##,
        escape(&scene.title)
    );
    let Some(bounds) = scene.bounds() else {
        out.push_str(r#"<text x="50%" y="50%" text-anchor="middle" font-family="sans-serif" font-size="14">nothing to draw</text></svg>"#);
        return out;
    };
    let view = View::fit(bounds.min, bounds.max, width as f32, height as f32);
    let triangles = scene.triangle_count();
    let tri_step = triangles.div_ceil(MAX_TRIANGLES).max(1);
    let mut faces: Vec<(f32, String)> = Vec::new();
    let mut marks = String::new();
    let mut segments_drawn = 0usize;
    let segments: usize = scene
        .drawable()
        .filter(|o| matches!(o.mode, Mode::Lines | Mode::LineStrip))
        .map(|o| o.positions.len())
        .sum();
    let seg_step = segments.div_ceil(MAX_SEGMENTS).max(1);
    let mut tri_index = 0usize;
    for object in scene.drawable() {
        let colour = css(object.colour);
        match object.mode {
            Mode::Triangles => {
                for t in object.positions.chunks_exact(3) {
                    tri_index += 1;
                    if !tri_index.is_multiple_of(tri_step) {
                        continue;
                    }
                    let shade = view.shade(t);
                    let points: Vec<(f32, f32, f32)> = t.iter().map(|p| view.project(*p)).collect();
                    let depth = points.iter().map(|p| p.2).sum::<f32>() / 3.0;
                    let c = object.colour.map(|v| v * shade);
                    faces.push((
                        depth,
                        format!(
                            r#"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{}"/>"#,
                            points[0].0,
                            points[0].1,
                            points[1].0,
                            points[1].1,
                            points[2].0,
                            points[2].1,
                            css([c[0], c[1], c[2], object.colour[3]])
                        ),
                    ));
                }
            }
            Mode::Lines | Mode::LineStrip => {
                let pairs: Vec<([f32; 3], [f32; 3])> = if object.mode == Mode::Lines {
                    object
                        .positions
                        .chunks_exact(2)
                        .map(|p| (p[0], p[1]))
                        .collect()
                } else {
                    object.positions.windows(2).map(|p| (p[0], p[1])).collect()
                };
                let mut path = String::new();
                for (i, (a, b)) in pairs.iter().enumerate() {
                    if !i.is_multiple_of(seg_step) {
                        continue;
                    }
                    segments_drawn += 1;
                    let (a, b) = (view.project(*a), view.project(*b));
                    let _ = write!(path, "M{:.1} {:.1}L{:.1} {:.1}", a.0, a.1, b.0, b.1);
                }
                if !path.is_empty() {
                    let _ = write!(
                        marks,
                        r#"<path d="{path}" stroke="{colour}" stroke-width="1.2" fill="none"/>"#
                    );
                }
            }
            Mode::Points => {
                for p in &object.positions {
                    let (x, y, _) = view.project(*p);
                    let _ = write!(
                        marks,
                        r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{colour}"/>"#
                    );
                }
            }
        }
    }
    faces.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, face) in faces {
        out.push_str(&face);
    }
    out.push_str(&marks);
    if tri_step > 1 || seg_step > 1 {
        let _ = write!(
            out,
            r##"<text x="8" y="{}" font-family="sans-serif" font-size="12" fill="#333">picture drawn from {} of {triangles} triangles and {segments_drawn} segments (one in {seg_step}); the 3D view shows all</text>"##,
            height.saturating_sub(8),
            triangles / tri_step
        );
    }
    out.push_str("</svg>");
    out
}

/// An orthographic view from the south-east, above, fitted to the picture.
struct View {
    centre: [f32; 3],
    scale: f32,
    width: f32,
    height: f32,
}

const YAW: f32 = -0.6;
const PITCH: f32 = 0.55;

impl View {
    fn fit(min: [f32; 3], max: [f32; 3], width: f32, height: f32) -> View {
        let centre = [
            (min[0] + max[0]) / 2.0,
            (min[1] + max[1]) / 2.0,
            (min[2] + max[2]) / 2.0,
        ];
        let mut probe = View {
            centre,
            scale: 1.0,
            width: 0.0,
            height: 0.0,
        };
        let mut extent: f32 = 1e-6;
        for i in 0..8 {
            let corner = [
                if i & 1 == 0 { min[0] } else { max[0] },
                if i & 2 == 0 { min[1] } else { max[1] },
                if i & 4 == 0 { min[2] } else { max[2] },
            ];
            let (x, y, _) = probe.rotate(corner);
            extent = extent
                .max((x / (width / 2.0)).abs())
                .max((y / (height / 2.0)).abs());
        }
        probe.scale = 0.9 / extent;
        probe.width = width;
        probe.height = height;
        probe
    }

    fn rotate(&self, p: [f32; 3]) -> (f32, f32, f32) {
        let (x, y, z) = (
            p[0] - self.centre[0],
            p[1] - self.centre[1],
            p[2] - self.centre[2],
        );
        let (sy, cy) = YAW.sin_cos();
        let (x1, z1) = (x * cy + z * sy, -x * sy + z * cy);
        let (sp, cp) = PITCH.sin_cos();
        let (y2, z2) = (y * cp - z1 * sp, y * sp + z1 * cp);
        (x1, y2, z2)
    }

    /// Picture coordinates (y down) and depth (larger is nearer).
    fn project(&self, p: [f32; 3]) -> (f32, f32, f32) {
        let (x, y, z) = self.rotate(p);
        (
            self.width / 2.0 + x * self.scale,
            self.height / 2.0 - y * self.scale,
            z,
        )
    }

    /// Brightness of a triangle lit from above and behind the viewer.
    fn shade(&self, t: &[[f32; 3]]) -> f32 {
        let u = [t[1][0] - t[0][0], t[1][1] - t[0][1], t[1][2] - t[0][2]];
        let v = [t[2][0] - t[0][0], t[2][1] - t[0][1], t[2][2] - t[0][2]];
        let n = [
            u[1] * v[2] - u[2] * v[1],
            u[2] * v[0] - u[0] * v[2],
            u[0] * v[1] - u[1] * v[0],
        ];
        let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
        if len <= f32::EPSILON || !len.is_finite() {
            return 0.6;
        }
        let light = [0.3_f32, 0.8, 0.5];
        let l = (light[0] * light[0] + light[1] * light[1] + light[2] * light[2]).sqrt();
        let d = (n[0] * light[0] + n[1] * light[1] + n[2] * light[2]) / (len * l);
        0.45 + 0.55 * d.abs()
    }
}

fn css(c: [f32; 4]) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", b(c[0]), b(c[1]), b(c[2]))
}

/// Text for SVG and HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Object;

    #[test]
    fn a_box_is_drawn_as_shaded_faces_inside_the_picture() {
        let mut s = Scene {
            title: "a <box>".into(),
            ..Default::default()
        };
        let mut b = Object::new("b", Mode::Triangles, [0.8, 0.2, 0.2, 1.0]);
        b.push_box([0.0; 3], [1.0, 1.0, 1.0]);
        s.objects.push(b);
        let svg = svg(&s, 400, 300);
        assert_eq!(svg.matches("<polygon").count(), 12);
        assert!(svg.contains("a &lt;box&gt;"));
        for n in svg
            .split(['"', ' ', ','])
            .filter_map(|t| t.parse::<f32>().ok())
        {
            assert!((-1.0..=401.0).contains(&n), "{n} outside the picture");
        }
        assert!(!svg.contains("picture drawn from"));
    }

    #[test]
    fn a_big_mesh_is_thinned_and_says_so() {
        let mut s = Scene::default();
        let mut b = Object::new("b", Mode::Triangles, [0.8, 0.2, 0.2, 1.0]);
        for i in 0..(MAX_TRIANGLES / 12 + 10) {
            let x = i as f32;
            b.push_box([x, 0.0, 0.0], [x + 0.5, 1.0, 1.0]);
        }
        s.objects.push(b);
        let svg = svg(&s, 400, 300);
        assert!(svg.matches("<polygon").count() <= MAX_TRIANGLES);
        assert!(svg.contains("picture drawn from"));
    }

    #[test]
    fn an_empty_scene_says_there_is_nothing() {
        assert!(svg(&Scene::default(), 10, 10).contains("nothing to draw"));
    }
}
