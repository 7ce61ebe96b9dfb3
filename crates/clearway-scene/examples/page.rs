//! Writes a page with one scene of every kind of object, to look at in a browser:
//! `cargo run -p clearway-scene --example page -- OUT.html`.
use clearway_scene::{viewer, Mode, Object, Scene};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "scene.html".into());
    let mut s = Scene {
        title: "Boxes and a track".into(),
        scale_note: "1 unit = 1 m.".into(),
        real_scale: true,
        ..Default::default()
    };
    for i in 0..5 {
        let mut b = Object::new(
            format!("box {i}"),
            Mode::Triangles,
            clearway_scene::model::risk_colour(i as f64 / 4.0),
        );
        let x = i as f32 * 1.5;
        b.push_box([x, 0.0, 0.0], [x + 1.0, 1.0 + i as f32 * 0.5, 1.0]);
        b.info
            .insert("declaration_id".into(), format!("D{i}").into());
        s.objects.push(b);
    }
    let mut t = Object::new("track", Mode::LineStrip, [0.2, 0.2, 0.8, 1.0]);
    t.positions = (0..200)
        .map(|i| [i as f32 * 0.04, 3.5 + (i as f32 * 0.1).sin(), 0.5])
        .collect();
    t.info.insert("vessel".into(), "MMSI 1".into());
    s.objects.push(t);
    std::fs::write(&out, viewer::page("scene", &viewer::figure("scene-1", &s))).unwrap();
}
