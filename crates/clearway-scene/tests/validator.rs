//! Every kind of object the writer makes, passed through the Khronos glTF validator (npm
//! `gltf-validator`, installed by `.ci/run` under `~/.cache/clearway/node`): no errors, no
//! warnings. Under CI a missing validator fails the test; elsewhere the test says it skipped.

use clearway_scene::{glb, Mode, Object, Scene};
use std::path::PathBuf;
use std::process::Command;

/// The validator's module folder, if installed.
pub fn validator_module() -> Option<PathBuf> {
    let prefix = std::env::var_os("CLEARWAY_NODE_PREFIX")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/clearway/node"))
        })?;
    let module = prefix.join("node_modules/gltf-validator");
    module.join("package.json").exists().then_some(module)
}

fn every_kind() -> Scene {
    let mut s = Scene {
        title: "every kind".into(),
        ..Default::default()
    };
    s.info.insert("source".into(), "test".into());
    let mut b = Object::new("box", Mode::Triangles, [0.8, 0.2, 0.2, 1.0]);
    b.push_box([0.0; 3], [1.0, 2.0, 0.5]);
    b.info.insert("declaration_id".into(), "D1".into());
    s.objects.push(b);
    let mut t = Object::new("track", Mode::LineStrip, [0.2, 0.2, 0.8, 1.0]);
    t.positions = (0..50)
        .map(|i| [i as f32 * 0.1, (i as f32 * 0.3).sin(), 0.0])
        .collect();
    s.objects.push(t);
    let mut l = Object::new("outline", Mode::Lines, [0.5, 0.5, 0.5, 1.0]);
    l.positions = vec![[0.0; 3], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 1.0]];
    s.objects.push(l);
    let mut p = Object::new("markers", Mode::Points, [0.8, 0.2, 0.2, 1.0]);
    p.positions = vec![[0.5, 2.5, 0.0], [0.2, 2.5, 0.1]];
    s.objects.push(p);
    let mut degenerate = Object::new("flat", Mode::Triangles, [0.1, 0.6, 0.1, 1.0]);
    degenerate.positions = vec![
        [0.0; 3],
        [0.0; 3],
        [0.0; 3],
        [0.0; 3],
        [1.0, 0.0, 0.0],
        [0.0, 0.0, 1.0],
    ];
    s.objects.push(degenerate);
    s
}

#[test]
fn the_khronos_validator_finds_nothing_wrong() {
    let Some(module) = validator_module() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and gltf-validator is not installed (.ci/run installs it)"
        );
        eprintln!("skipped: gltf-validator is not installed (npm install --prefix ~/.cache/clearway/node gltf-validator)");
        return;
    };
    let dir = tempfile_dir();
    let mut files = Vec::new();
    for (name, scene) in [("every-kind", every_kind()), ("empty", Scene::default())] {
        let path = dir.join(format!("{name}.glb"));
        std::fs::write(&path, glb::write(&scene)).unwrap();
        files.push(path);
    }
    let out = Command::new("node")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/gltf-validate.js"
        ))
        .arg(&module)
        .args(&files)
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in text.lines() {
        let report: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(report["errors"], 0, "{line}");
        assert_eq!(report["warnings"], 0, "{line}");
    }
    let every: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(every["info"]["drawCallCount"], 5, "{every}");
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clearway-scene-validator-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
