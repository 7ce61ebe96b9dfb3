//! `clearway scene` and the report's 3D views: every `.glb` passes the Khronos validator, the
//! scene's counts and bounds agree with the data as SQL counts it independently, pages draw in
//! headless Chromium, and bad input is refused with a diagnostic.

use crate::support::*;
use std::path::{Path, PathBuf};

fn sample() -> Scratch {
    sample_with_risk_run()
}

fn json_of(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out = cmd.arg("--format").arg("json").assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// (nodes, the nodes' names, positions per node) of a .glb.
fn read_glb(path: &Path) -> gltf::Gltf {
    gltf::Gltf::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn positions(node: &gltf::Node) -> usize {
    node.mesh()
        .map(|m| {
            m.primitives()
                .map(|p| p.get(&gltf::Semantic::Positions).unwrap().count())
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn tracks_are_bounded_in_duckdb_and_agree_with_the_data() {
    let s = sample();
    let out = s.path("tracks.glb");
    let report = json_of(
        s.run(&[
            "scene",
            "tracks",
            "--max-tracks",
            "40",
            "--points",
            "25",
            "--markers",
            "30",
            "--out",
        ])
        .arg(&out),
    );
    validate_glb(std::slice::from_ref(&out));
    let tracks: i64 = s.scalar(
        "SELECT count(DISTINCT coalesce(mmsi, container_id, device_id)) FROM telemetry_events
         WHERE ts IS NOT NULL AND lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180",
    );
    assert!(tracks > 40, "the sample has more tracks than the bound");
    assert_eq!(report["facts"]["tracks drawn"], 40);
    let glb = read_glb(&out);
    let names: Vec<String> = glb
        .nodes()
        .filter_map(|n| n.name().map(str::to_string))
        .collect();
    let track_nodes: Vec<gltf::Node> = glb
        .nodes()
        .filter(|n| {
            n.name().is_some_and(|name| {
                name != "coastlines" && name != "frame" && !name.starts_with("declaration ")
            })
        })
        .collect();
    assert_eq!(track_nodes.len(), 40, "{names:?}");
    assert!(track_nodes.iter().all(|n| positions(n) <= 25));
    let drawn: usize = track_nodes.iter().map(positions).sum();
    assert_eq!(report["facts"]["positions drawn"], drawn);
    let markers = names
        .iter()
        .filter(|n| n.starts_with("declaration "))
        .count();
    assert!(markers <= 30 && markers > 0, "{markers}");
    assert_eq!(report["facts"]["markers"], markers);
    // a declaration naming two drawn tracks (vessel and container) stands on both
    let marked = report["facts"]["declarations marked"].as_u64().unwrap() as usize;
    assert!(marked <= markers && marked > 0, "{marked}");
    assert!(report["facts"]["tracks in the data"].as_i64().unwrap() == tracks);
    // the riskiest track first: its colour is the top of the ramp, and its info names the score
    let top: f64 = s.scalar(
        "SELECT max(s.total) FROM risk_scores s JOIN declarations d USING (declaration_id)
         JOIN (SELECT DISTINCT coalesce(mmsi, container_id, device_id) AS t FROM telemetry_events) e
           ON e.t = d.vessel_mmsi OR list_contains(d.container_ids, e.t)",
    );
    let highest = track_nodes
        .iter()
        .filter_map(|n| n.extras().as_ref())
        .filter_map(|e| serde_json::from_str::<serde_json::Value>(e.get()).ok())
        .filter_map(|v| v["highest score"].as_f64())
        .fold(0.0, f64::max);
    assert!(
        (highest - (top * 100.0).round() / 100.0).abs() < 1e-9,
        "{highest} vs {top}"
    );
    // every drawn position lies in the cube: floor at most 2 m (plus margin), time 0..1.5 m
    for node in &track_nodes {
        for p in node.mesh().unwrap().primitives() {
            let b = p.bounding_box();
            assert!(b.min[1] >= 0.0 && b.max[1] <= 1.5 + 1e-6, "{b:?}");
            assert!(b.min[0].abs() <= 1.1 && b.max[0].abs() <= 1.1, "{b:?}");
        }
    }
}

#[test]
fn flows_count_every_item_and_place_each_origin_once() {
    let s = sample();
    let out = s.path("flows.glb");
    let report = json_of(s.run(&["scene", "flows", "--out"]).arg(&out));
    validate_glb(std::slice::from_ref(&out));
    let items: i64 = s.scalar("SELECT count(*) FROM declarations");
    let drawn = report["facts"]["items drawn"].as_i64().unwrap();
    let unplaced = report["facts"]["items not placed"].as_i64().unwrap();
    assert_eq!(drawn + unplaced, items, "no item is lost");
    let origins: i64 = s.scalar(
        "SELECT count(DISTINCT origin_country) FROM declarations WHERE origin_country IS NOT NULL",
    );
    assert_eq!(
        unplaced, 0,
        "every origin in the sample is a country the outline places"
    );
    assert_eq!(report["facts"]["origins drawn"], origins);
    let glb = read_glb(&out);
    let columns = glb
        .nodes()
        .filter(|n| {
            n.mesh().is_some_and(|m| {
                m.primitives()
                    .any(|p| p.mode() == gltf::mesh::Mode::Triangles)
            })
        })
        .count();
    assert_eq!(
        columns as i64,
        report["facts"]["origins drawn"].as_i64().unwrap()
    );
    let routes: i64 = s.scalar(
        "SELECT count(*) FROM (SELECT DISTINCT origin_country, export_country FROM declarations
         WHERE origin_country <> export_country)",
    );
    assert_eq!(report["facts"]["routes through a third country"], routes);
    // the tallest column is 1 m: the origin with the largest customs value
    let tallest = glb
        .nodes()
        .filter_map(|n| n.mesh())
        .flat_map(|m| m.primitives().collect::<Vec<_>>())
        .filter(|p| p.mode() == gltf::mesh::Mode::Triangles)
        .map(|p| p.bounding_box().max[1])
        .fold(0.0_f32, f32::max);
    assert!((tallest - 1.0).abs() < 1e-6);
}

#[test]
fn a_design_is_drawn_at_real_size_with_its_verdict() {
    let s = Scratch::new();
    let file = controlled_tee_checked(&s);
    let out = s.path("tee.glb");
    let report = json_of(
        s.run(&["scene", "design"])
            .arg(&file)
            .arg("--out")
            .arg(&out),
    );
    validate_glb(std::slice::from_ref(&out));
    assert!(
        report["facts"]["provenance"]
            .as_str()
            .unwrap()
            .starts_with("controlled"),
        "{report}"
    );
    // the mesh's bounding box in the file, in millimetres, is the scene's in metres
    let scanned =
        clearway::provenance::read_design(&file, &clearway::limits::Limits::default()).unwrap();
    let m = &scanned.meshes[0].measures;
    let glb = read_glb(&out);
    let b = glb
        .meshes()
        .next()
        .unwrap()
        .primitives()
        .next()
        .unwrap()
        .bounding_box();
    let size_mm = [
        (b.max[0] - b.min[0]) * 1000.0,
        (b.max[2] - b.min[2]) * 1000.0,
        (b.max[1] - b.min[1]) * 1000.0,
    ];
    for axis in 0..3 {
        let expected = (m.bbox_max[axis] - m.bbox_min[axis]) as f32;
        assert!(
            (size_mm[axis] - expected).abs() < 0.01,
            "{size_mm:?} vs {:?}..{:?}",
            m.bbox_min,
            m.bbox_max
        );
    }
    assert_eq!(report["triangles"], m.triangles);
}

#[test]
fn a_scene_page_draws_offline_in_a_browser() {
    if chromium().is_none() {
        return;
    }
    let s = sample();
    let page = s.path("tracks.html");
    s.run(&["scene", "tracks", "--out"])
        .arg(&page)
        .assert()
        .success();
    let dom = browse(&page, "", None);
    assert_eq!(attribute(&dom, "<figure", "data-viewer"), Some("drawn"));
    let pixels: u64 = attribute(&dom, "<figure", "data-drawn-pixels")
        .unwrap()
        .parse()
        .unwrap();
    assert!(pixels > 2_000, "{pixels}");
    assert_eq!(attribute(&dom, "<body", "data-resources-loaded"), Some("0"));
    assert_eq!(attribute(&dom, "<body", "data-csp-violations"), Some("0"));
}

#[test]
fn the_report_carries_its_3d_views() {
    let s = sample();
    let dir = s.path("report");
    s.run(&["report", "--out"]).arg(&dir).assert().success();
    let files: Vec<PathBuf> = ["tracks", "flows"]
        .iter()
        .map(|n| dir.join("scenes").join(format!("{n}.glb")))
        .collect();
    validate_glb(&files);
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("<figure class=\"cw-scene\"").count(), 2);
    assert!(html.contains("default-src 'none'"));
    if chromium().is_some() {
        let png = s.path("report.png");
        browse(&dir.join("report.html"), "", Some(&png));
        let dom = browse(&dir.join("report.html"), "", None);
        assert_eq!(
            dom.matches("data-viewer=\"drawn\"").count(),
            2,
            "both views drew"
        );
    }
}

#[test]
fn bad_requests_are_refused_with_a_diagnostic() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let err = flat(&stderr_of(
        s.run(&["scene", "tracks", "--out"]).arg(s.path("t.glb")),
        2,
    ));
    assert!(
        err.contains("nothing to draw: no telemetry position"),
        "{err}"
    );
    let err = flat(&stderr_of(
        s.run(&["scene", "flows", "--out"]).arg(s.path("f.obj")),
        2,
    ));
    assert!(err.contains("no declarations"), "{err}");
    let decl = s.write(
        "d.csv",
        "declaration_id,declared_at,hs_code,origin_country,export_country,customs_value\nA,2025-01-01,852852, fr ,FR,10\nB,2025-01-02,852852,FR,fr,20\nC,2025-01-03,852852,,CN,5\nD,2025-01-04,852852,CN,VN,7\n",
    );
    s.load("declarations", &decl);
    let err = flat(&stderr_of(
        s.run(&["scene", "flows", "--out"]).arg(s.path("f.obj")),
        2,
    ));
    assert!(err.contains(".glb or .html"), "{err}");
    assert!(!s.path("f.obj").exists());
    // messy codes: " fr " and "FR" are one country, not a route through a third one
    let out = s.path("f.glb");
    let report = json_of(s.run(&["scene", "flows", "--out"]).arg(&out));
    assert_eq!(report["facts"]["origins drawn"], 2, "FR and CN: {report}");
    assert_eq!(
        report["facts"]["routes through a third country"], 1,
        "CN -> VN only: {report}"
    );
    assert_eq!(report["facts"]["routes through a third country drawn"], 1);
    assert_eq!(report["facts"]["items not placed"], 1, "C has no origin");
    assert_eq!(report["facts"]["origin codes not placed"], "(none)");
    let junk = s.write(
        "junk.stl",
        b"solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 nan\n",
    );
    let err = flat(&stderr_of(
        s.run(&["scene", "design"])
            .arg(&junk)
            .arg("--out")
            .arg(s.path("j.glb")),
        2,
    ));
    assert!(err.contains("junk.stl"), "{err}");
    assert!(!s.path("j.glb").exists(), "nothing half-written");
    let err = flat(&stderr_of(
        s.run(&["scene", "tracks", "--max-tracks", "0", "--out", "x.glb"]),
        2,
    ));
    assert!(err.contains("--max-tracks"), "{err}");
}

#[test]
fn a_real_3mf_is_drawn_with_what_its_reader_said_and_an_encrypted_one_is_refused_as_such() {
    let (Some(dup), Some(secret)) = (
        shared_data("print3d/3mf/metadata_negative_MUSTFAIL_DuplicatedMetadataName.3mf"),
        shared_data("print3d/3mf/securecontent_keystore_plain.3mf"),
    ) else {
        return;
    };
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let out = s.path("dup.glb");
    let report = json_of(s.run(&["scene", "design"]).arg(&dup).arg("--out").arg(&out));
    validate_glb(std::slice::from_ref(&out));
    assert!(
        report["facts"]["reader warnings"]
            .as_str()
            .unwrap()
            .contains("given more than once"),
        "{report}"
    );
    let err = flat(&stderr_of(
        s.run(&["scene", "design"])
            .arg(&secret)
            .arg("--out")
            .arg(s.path("x.glb")),
        2,
    ));
    assert!(
        err.contains("no triangle clearway can read") && err.contains("encrypted"),
        "{err}"
    );
    assert!(!s.path("x.glb").exists());
}
