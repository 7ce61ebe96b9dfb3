//! `clearway provenance scan` on the real 3MF and STL samples: the measures and the canonical
//! geometry hashes data/SOURCES.md expects, and hostile files refused within bounds.

use crate::support::{flat, shared_data, stderr_of, stdout_of, Scratch};

fn scan(s: &Scratch, path: &std::path::Path) -> serde_json::Value {
    let out = stdout_of(s.run(&["provenance", "scan", "--report", "json"]).arg(path));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_samples_measure_and_fingerprint_as_expected() {
    let Some(dir) = shared_data("print3d") else {
        return;
    };
    let s = Scratch::new();
    let report = scan(&s, &dir);
    assert_eq!(report["scanned"].as_array().unwrap().len(), 8, "{report}");
    let rows: String = s.scalar(
        "SELECT string_agg(regexp_extract(path, '[^/]+$') || ':' || coalesce(metadata->>'mesh', '') || ':' || triangles || ':' || coalesce(left(fingerprint, 16), '-'), ' ' ORDER BY path, source_row)
         FROM design_files",
    );
    assert_eq!(
        rows,
        "core_box.3mf:object 1:12:d7250e5049767806 \
         metadata_full_MUSTPASS_Chapter3.4.2.3mf:cube:12:db570a6007364dc2 \
         metadata_negative_MUSTFAIL_DuplicatedMetadataName.3mf:dice:12:b8996cb36dfaa4a6 \
         production_box_prod.3mf:box:12:d7250e5049767806 \
         securecontent_keystore_plain.3mf::0:- \
         ascii_two_cubes_translated.stl:CubeExportedFromCAD:12:ab517292e3df3c1d \
         ascii_two_cubes_translated.stl:TranslatedCubeExportedFromCAD:12:ab517292e3df3c1d \
         binary_box_netfabb.stl::12:d7250e5049767806 \
         binary_pyramid_netfabb.stl::10:9c40496fe588684f"
    );
    // the full hashes the contract names, and the box's three files differ in sha256 only
    let box_hashes: String = s.scalar(
        "SELECT count(DISTINCT fingerprint) || ' ' || count(DISTINCT sha256) || ' ' || any_value(fingerprint) FROM design_files WHERE volume_mm3 BETWEEN 5999.99 AND 6000.01",
    );
    assert_eq!(
        box_hashes,
        "1 3 d7250e5049767806e558faa75706e84ce2fc6b57d2acff8985c02a9cdec8096d"
    );
    // cgh-v2 keeps the same equalities (and differs from cgh-v1's values: another recipe)
    let v2: String = s.scalar(
        "SELECT count(DISTINCT metadata->>'cgh_v2') FILTER (WHERE volume_mm3 BETWEEN 5999.99 AND 6000.01) || ' '
             || count(DISTINCT metadata->>'cgh_v2') FILTER (WHERE path LIKE '%two_cubes%') || ' '
             || count(DISTINCT metadata->>'cgh_v2') FILTER (WHERE triangles > 0) || ' '
             || count(*) FILTER (WHERE metadata->>'cgh_v2' = fingerprint)
         FROM design_files",
    );
    assert_eq!(v2, "1 1 5 0");
    // the pyramid: 7 distinct vertices, bbox, area and volume
    let pyramid: String = s.scalar(
        "SELECT (metadata->'measures'->>'vertices') || ' ' || round(bbox_mm[4] - bbox_mm[1], 4) || ' ' || round(bbox_mm[5] - bbox_mm[2], 4) || ' ' || round(CAST(metadata->'measures'->>'area' AS DOUBLE), 2) || ' ' || round(volume_mm3, 2)
         FROM design_files WHERE path LIKE '%pyramid%'",
    );
    assert_eq!(pyramid, "7 144.7214 152.169 43222.98 507230.12");
    // every mesh closed, consistently wound, Euler characteristic 2
    let closed: String = s.scalar(
        "SELECT string_agg(DISTINCT (metadata->'measures'->>'watertight') || '/' || (metadata->'measures'->>'euler_characteristic'), ',') FROM design_files WHERE triangles > 0",
    );
    assert_eq!(closed, "true/2");
    // 3MF facts: metadata, Production UUIDs, the duplicated name, Secure Content
    let full: String = s.scalar(
        "SELECT (metadata->'file'->'metadata'->>'Designer') || '|' || (metadata->'file'->'metadata'->>'LicenseTerms') || '|' || (metadata->'file'->'items'->0->>2) FROM design_files WHERE path LIKE '%MUSTPASS%'",
    );
    assert_eq!(full, "Microsoft Corporation|All rights reserved|A15T6");
    let production: String = s.scalar(
        "SELECT (metadata->'file'->>'build_uuid') || ' ' || (metadata->'file'->'objects'->0->>2) FROM design_files WHERE path LIKE '%box_prod%'",
    );
    assert_eq!(
        production,
        "96681a5d-5b0f-e592-8c51-da7ed587cb5f 01cbb956-1d24-062d-fbe6-7362e5727594"
    );
    let duplicated: String = s.scalar(
        "SELECT CAST(metadata->'file'->'duplicated_metadata' AS VARCHAR) FROM design_files WHERE path LIKE '%MUSTFAIL%'",
    );
    assert_eq!(duplicated, r#"["Title"]"#);
    let secure: String = s.scalar(
        "SELECT (metadata->'file'->'keystore'->>'uuid') || ' ' || (metadata->'file'->'keystore'->'consumers'->>0) || ' ' || (metadata->'file'->'encrypted_parts'->>0) FROM design_files WHERE path LIKE '%securecontent%'",
    );
    assert_eq!(
        secure,
        "eacec996-a9b9-41ea-b4bf-544b4141c2ab LIB3MF#TEST /3D/3dexternal.model"
    );
    // scanning again skips what is already there
    let again = scan(&s, &dir);
    assert_eq!(again["skipped"].as_array().unwrap().len(), 8);
}

#[test]
fn hostile_design_files_are_refused_with_their_reason() {
    use std::io::Write;
    let s = Scratch::new();
    // a binary STL whose facet count lies
    let mut stl =
        clearway::print3d::stl::write_binary("x", &[[[0.0; 3], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]]);
    stl[80] = 0xFF;
    let lying = s.write("lying.stl", &stl);
    let err = flat(&stderr_of(s.run(&["provenance", "scan"]).arg(&lying), 2));
    assert!(
        err.contains("says 255 facets, which needs 12834 bytes, but the file has 134"),
        "{err}"
    );
    // a zip whose entry climbs out of the package
    let zip_with = |name: &str, data: &[u8], deflate: bool| -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        w.start_file(
            name,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap();
        buf.into_inner()
    };
    let traversal = s.write("traversal.3mf", zip_with("../../etc/evil", b"x", false));
    let err = flat(&stderr_of(
        s.run(&["provenance", "scan"]).arg(&traversal),
        2,
    ));
    assert!(err.contains("path traversal"), "{err}");
    // a zip bomb: 300 MB of zeros in a few hundred kilobytes
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        w.start_file(
            "3D/3dmodel.model",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true),
        )
        .unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..300 {
            w.write_all(&zeros).unwrap();
        }
        w.finish().unwrap();
    }
    let bomb = s.write("bomb.3mf", buf.into_inner());
    let err = flat(&stderr_of(s.run(&["provenance", "scan"]).arg(&bomb), 2));
    assert!(err.contains("zip bomb"), "{err}");
    // XML entity expansion: a DOCTYPE is refused before any entity is read
    let billion = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><model unit="millimeter"><metadata name="Title">&lol2;</metadata></model>"#;
    let xml_bomb = s.write(
        "entities.3mf",
        zip_with("3D/3dmodel.model", billion.as_bytes(), true),
    );
    let err = flat(&stderr_of(s.run(&["provenance", "scan"]).arg(&xml_bomb), 2));
    assert!(err.contains("DOCTYPE"), "{err}");
    // nothing of the refused files was stored
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM design_files"), 0);
}

#[test]
fn check_finds_copies_scaled_copies_controlled_designs_and_anchors() {
    let (Some(box_stl), Some(box_3mf), Some(cube), Some(dice), Some(pyramid)) = (
        shared_data("print3d/stl/binary_box_netfabb.stl"),
        shared_data("print3d/3mf/core_box.3mf"),
        shared_data("print3d/3mf/metadata_full_MUSTPASS_Chapter3.4.2.3mf"),
        shared_data("print3d/3mf/metadata_negative_MUSTFAIL_DuplicatedMetadataName.3mf"),
        shared_data("print3d/stl/binary_pyramid_netfabb.stl"),
    ) else {
        return;
    };
    let s = Scratch::new();
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "netfabb GmbH",
        "--licence",
        "CC-BY-4.0",
        "--design-id",
        "box",
    ])
    .arg(&box_stl)
    .assert()
    .success();
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "Microsoft Corporation",
        "--licence",
        "CC0",
        "--controlled",
        "--design-id",
        "cube",
    ])
    .arg(&cube)
    .assert()
    .success();
    // the box's file and geometry hashes anchored on a generic ledger
    let sha: String = s.scalar("SELECT sha256 FROM design_registry WHERE design_id = 'box'");
    let cgh: String = s.scalar("SELECT fingerprint FROM design_registry WHERE design_id = 'box'");
    let (line, _) = clearway::ledger::generic::block_line(
        "designs",
        0,
        "",
        "2025-01-01T00:00:00Z",
        &serde_json::json!({"type": "design_anchor", "doc_hash": sha, "cgh": cgh}),
    );
    let ledger = s.write("anchors.jsonl", line + "\n");
    s.run(&["load", "ledger"]).arg(&ledger).assert().success();
    let out = stdout_of(
        s.run(&["provenance", "check", "--report", "json"])
            .args([&box_stl, &box_3mf, &dice, &pyramid]),
    );
    let verdicts: serde_json::Value = serde_json::from_str(&out).unwrap();
    let summary: Vec<String> = verdicts
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            format!(
                "{} {} {}",
                v["verdict"].as_str().unwrap(),
                v["design_id"].as_str().unwrap_or("-"),
                v["anchored"].as_str().unwrap_or("unanchored")
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "exact box designs block 0",
            "same_geometry box designs block 0",
            // the 2 mm die has the 10 mm controlled cube's shape (D2 sees through the scale),
            // but a fifth of its size: not the controlled part
            "shape_only cube unanchored",
            "unknown - unanchored",
        ]
    );
    let reasons = verdicts[2]["reasons"].to_string();
    assert!(
        reasons.contains("shaped like cube (Cube) (D2 similarity 0.99")
            && reasons.contains("size ratio 0.200 × 0.200 × 0.200"),
        "{reasons}"
    );
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM provenance_checks"), 4);
    // --fail-on: a controlled match fails (the cube itself; not the die); so does an
    // unanchored file
    s.run(&["provenance", "check", "--fail-on", "controlled"])
        .arg(&dice)
        .assert()
        .success();
    s.run(&["provenance", "check", "--fail-on", "controlled"])
        .arg(&cube)
        .assert()
        .code(1);
    s.run(&["provenance", "check", "--fail-on", "unanchored"])
        .arg(&box_stl)
        .assert()
        .success();
    s.run(&["provenance", "check", "--fail-on", "unanchored"])
        .arg(&pyramid)
        .assert()
        .code(1);
    // the cube's own file contradicts the registry's licence
    let out = stdout_of(s.run(&["provenance", "check"]).arg(&cube));
    assert!(
        out.contains("LicenseTerms `All rights reserved` contradicts the registry's `CC0`"),
        "{out}"
    );
    // a registry CSV with a bad fingerprint is refused with its line
    let csv = s.write(
        "registry.csv",
        "design_id,owner,fingerprint,controlled\nG1,ACME,abc,yes\n",
    );
    let err = flat(&stderr_of(
        s.run(&["provenance", "register", "--registry"]).arg(&csv),
        2,
    ));
    assert!(
        err.contains("line 2: fingerprint `abc` is not 64 hex digits"),
        "{err}"
    );
    let csv = s.write(
        "registry.csv",
        "design_id,owner,fingerprint,controlled\nG1,ACME,9c40496fe588684ff3e3d63e441122f93507e5007ed5ec9671d1b90db8955e54,yes\n",
    );
    s.run(&["provenance", "register", "--registry"])
        .arg(&csv)
        .assert()
        .success();
    let out = stdout_of(s.run(&["provenance", "check"]).arg(&pyramid));
    assert!(
        out.contains("CONTROLLED") && out.contains("same geometry as G1"),
        "{out}"
    );
}

#[test]
fn obj_and_gcode_are_read_and_gcode_object_names_are_set_against_the_registry() {
    let s = Scratch::new();
    let obj = s.write(
        "bracket.obj",
        "o bracket\nv 0 0 0\nv 10 0 0\nv 0 10 0\nv 0 0 10\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n",
    );
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "ACME",
        "--licence",
        "proprietary",
        "--controlled",
        "--design-id",
        "bracket",
    ])
    .arg(&obj)
    .assert()
    .success();
    let report = scan(&s, &obj);
    let m = &report["scanned"][0]["meshes"][0]["measures"];
    assert_eq!(
        (
            m["triangles"].as_u64(),
            m["watertight"].as_bool(),
            (m["volume"].as_f64().unwrap() * 1000.0).round()
        ),
        (Some(4), Some(true), 166667.0),
        "{m}"
    );
    let gcode = s.write(
        "job.gcode",
        "; generated by PrusaSlicer 2.6.0+linux on 2025-03-01 at 09:00:00 UTC\n; printing object bracket.obj id:0 copy 0\nG1 X1 Y1 E1\n; filament_type = PETG\n; printer_model = MK4\n",
    );
    let out = stdout_of(
        s.run(&["provenance", "check", "--report", "json"])
            .arg(&gcode),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["verdict"], "controlled", "{v}");
    let reasons = v[0]["reasons"].to_string();
    assert!(
        reasons.contains(
            "sliced by PrusaSlicer 2.6.0+linux on 2025-03-01 09:00:00 UTC for MK4 in PETG"
        ),
        "{reasons}"
    );
    assert!(
        reasons.contains("named after registered design bracket"),
        "{reasons}"
    );
}

#[test]
fn the_sample_designs_get_the_verdicts_their_readme_states() {
    let s = Scratch::new();
    let dir = s.path("gen");
    let summary = crate::support::generate_summary(&dir, 200, 42);
    let designs = dir.join("designs");
    for (file, owner, licence, controlled) in [
        ("gear_12t.3mf", "Acme Gears Ltd", "CC-BY-NC-4.0", false),
        ("tee_receiver_proxy.stl", "(controlled list)", "none", true),
        ("plate.stl", "Acme Gears Ltd", "CC-BY-4.0", false),
    ] {
        let mut cmd = s.run(&[
            "provenance",
            "register",
            "--owner",
            owner,
            "--licence",
            licence,
        ]);
        if controlled {
            cmd.arg("--controlled");
        }
        if file.starts_with("gear") {
            cmd.args([
                "--setting",
                "material=PA12",
                "--setting",
                "layer_height=0.1",
            ]);
        }
        cmd.arg(designs.join("registry").join(file))
            .assert()
            .success();
    }
    let out = stdout_of(
        s.run(&["provenance", "check", "--report", "json"])
            .arg(designs.join("incoming")),
    );
    let verdicts: serde_json::Value = serde_json::from_str(&out).unwrap();
    let got: std::collections::BTreeMap<String, String> = verdicts
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                v["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: std::collections::BTreeMap<String, String> = summary["designs"]["incoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let relicensed = verdicts
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["file"].as_str().unwrap().ends_with("gear_relicensed.3mf"))
        .unwrap()["reasons"]
        .to_string();
    assert!(
        relicensed.contains("LicenseTerms `CC0` contradicts the registry's `CC-BY-NC-4.0`"),
        "{relicensed}"
    );
    assert!(
        relicensed.contains("Designer `Someone Else` is not the registry's `Acme Gears Ltd`"),
        "{relicensed}"
    );
    let job = verdicts
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["file"].as_str().unwrap().ends_with("job_gear_pla.gcode"))
        .unwrap()["reasons"]
        .to_string();
    for said in [
        "setting `material` = PLA contradicts the registry's PA12 for gear_12t",
        "setting `layer_height` = 0.3 contradicts the registry's 0.1 for gear_12t",
    ] {
        assert!(job.contains(said), "{job}");
    }
}

#[test]
fn gcode_settings_and_claimed_designs_are_held_to_the_registry() {
    let s = Scratch::new();
    let obj = s.write(
        "bracket.obj",
        "o bracket\nv 0 0 0\nv 10 0 0\nv 0 10 0\nv 0 0 10\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n",
    );
    let other = s.write(
        "wedge.obj",
        "o wedge\nv 0 0 0\nv 30 0 0\nv 0 5 0\nv 0 0 2\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n",
    );
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "ACME",
        "--licence",
        "proprietary",
    ])
    .args([
        "--setting",
        "material=PETG",
        "--setting",
        "fill_density=100%",
    ])
    .args(["--setting", "nozzle_diameter=0.6"])
    .arg(&obj)
    .assert()
    .success()
    .stdout(predicates::str::contains(
        "prints with fill_density=100%; material=PETG; nozzle_diameter=0.6",
    ));
    let job = |name: &str, object: &str, fill: &str| {
        s.write(
            name,
            format!("; generated by PrusaSlicer 2.6.0+linux on 2025-03-01 at 09:00:00 UTC\n; printing object {object} id:0 copy 0\nG1 X1 Y1 E1\n; filament_type = PETG\n; fill_density = {fill}\n; nozzle_diameter = 0.4,0.6\n"),
        )
    };
    let check = |args: &[&str], file: &std::path::Path| -> serde_json::Value {
        let out = stdout_of(
            s.run(&["provenance", "check", "--report", "json"])
                .args(args)
                .arg(file),
        );
        serde_json::from_str::<serde_json::Value>(&out).unwrap()[0].clone()
    };
    // as prescribed (numbers compare as numbers; a per-extruder list agrees when one does)
    let v = check(&[], &job("ok.gcode", "bracket.obj", "100.0%"));
    assert_eq!(v["verdict"], "named_like", "{v}");
    let reasons = v["reasons"].to_string();
    for said in [
        "`material` = PETG, as bracket prescribes",
        "`fill_density` = 100.0%, as bracket prescribes",
        "`nozzle_diameter` = 0.4,0.6, as bracket prescribes",
    ] {
        assert!(reasons.contains(said), "{reasons}");
    }
    // a setting the holder did not prescribe
    let v = check(&[], &job("sparse.gcode", "bracket.obj", "15%"));
    assert_eq!(v["verdict"], "contradicted", "{v}");
    assert!(
        v["reasons"]
            .to_string()
            .contains("setting `fill_density` = 15% contradicts the registry's 100% for bracket"),
        "{v}"
    );
    // a job claimed to print the bracket whose objects are something else
    let v = check(
        &["--claim", "bracket"],
        &job("other.gcode", "widget.stl", "100%"),
    );
    assert_eq!(
        (v["verdict"].as_str(), v["claimed_design"].as_str()),
        (Some("contradicted"), Some("bracket")),
        "{v}"
    );
    assert!(
        v["reasons"]
            .to_string()
            .contains("its object names contradict the claimed design bracket"),
        "{v}"
    );
    // meshes: the claimed design itself, and another shape claimed to be it
    assert_eq!(check(&["--claim", "bracket"], &obj)["verdict"], "exact");
    let v = check(&["--claim", "bracket"], &other);
    assert_eq!(v["verdict"], "contradicted", "{v}");
    assert!(
        v["reasons"].to_string().contains(
            "its geometry contradicts the claimed design bracket (bracket): it matches no registered design"
        ),
        "{v}"
    );
    // the claim is recorded for SQL
    let out = stdout_of(s.run(&[
        "query",
        "--format",
        "csv",
        "SELECT count(*) FROM provenance_checks WHERE claimed_design = 'bracket' AND verdict = 'contradicted'",
    ]));
    assert!(out.ends_with("2\n"), "{out}");
    // an unregistered claim is a usage error, a registry CSV's malformed setting names its line
    let err = flat(&stderr_of(
        s.run(&["provenance", "check", "--claim", "nope"]).arg(&obj),
        2,
    ));
    assert!(
        err.contains("the claimed design `nope` is not registered"),
        "{err}"
    );
    let csv = s.write(
        "registry.csv",
        format!(
            "design_id,owner,sha256,settings\nx,ACME,{},material=PLA; infill\n",
            "ab".repeat(32)
        ),
    );
    let err = flat(&stderr_of(
        s.run(&["provenance", "register", "--registry"]).arg(&csv),
        2,
    ));
    assert!(
        err.contains("line 2: setting `infill` is not key=value"),
        "{err}"
    );
}

#[test]
fn declared_design_files_feed_the_provenance_rule() {
    let s = Scratch::new();
    let dir = s.path("gen");
    crate::support::generate_summary(&dir, 200, 42);
    let designs = dir.join("designs");
    for (file, controlled) in [
        ("gear_12t.3mf", false),
        ("tee_receiver_proxy.stl", true),
        ("plate.stl", false),
    ] {
        let mut cmd = s.run(&[
            "provenance",
            "register",
            "--owner",
            "Acme Gears Ltd",
            "--licence",
            "CC-BY-NC-4.0",
        ]);
        if controlled {
            cmd.arg("--controlled");
        }
        cmd.arg(designs.join("registry").join(file))
            .assert()
            .success();
    }
    s.run(&["provenance", "check"])
        .arg(designs.join("incoming"))
        .assert()
        .success();
    let sha = |name: &str| -> String {
        s.scalar(&format!(
            "SELECT any_value(sha256) FROM provenance_checks WHERE path LIKE '%/{name}'"
        ))
    };
    let csv = format!(
        "declaration_id,declared_at,hs_code,customs_value,design_refs\n\
         D1,2025-05-02,848520,1000,{}\n\
         D2,2025-05-02,490600,50,{}\n\
         D3,2025-05-02,490600,50,{}\n\
         D4,2025-05-02,490600,50,{}\n\
         D5,2025-05-02,391620,80,\n",
        sha("tee_rotated.stl"),
        sha("gear_relicensed.3mf"),
        sha("star.stl"),
        sha("plate_copy.stl")
    );
    let file = s.write("declarations.csv", csv);
    s.load("declarations", &file);
    s.run(&["risk", "run", "--pack", "provenance"])
        .assert()
        .success();
    let hits: String = s.scalar(
        "SELECT string_agg(declaration_id || ' ' || score, ', ' ORDER BY declaration_id) FROM risk_hits",
    );
    assert_eq!(hits, "D1 1.0, D2 0.6, D3 0.3");
    let reason: String = s.scalar("SELECT reason FROM risk_hits WHERE declaration_id = 'D1'");
    assert_eq!(
        reason,
        "declared design file tee_rotated.stl matches controlled design tee_receiver_proxy"
    );
}

type Tri = [[f64; 3]; 3];

/// An axis-aligned box from the origin, 12 outward triangles.
fn cuboid(size: [f64; 3]) -> Vec<Tri> {
    let outline = [
        [0.0, 0.0],
        [size[0], 0.0],
        [size[0], size[1]],
        [0.0, size[1]],
    ];
    // prism() fans about the origin, which is a corner here: move the outline about its centre
    let centred: Vec<[f64; 2]> = outline
        .iter()
        .map(|p| [p[0] - size[0] / 2.0, p[1] - size[1] / 2.0])
        .collect();
    clearway::sample_data::designs::prism(&centred, size[2])
}

fn turned(m: &[Tri], axis: [f64; 3], degrees: f64) -> Vec<Tri> {
    let n = (axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]).sqrt();
    let [x, y, z] = axis.map(|c| c / n);
    let (s, c) = degrees.to_radians().sin_cos();
    let t = 1.0 - c;
    let r = [
        [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
        [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
        [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
    ];
    m.iter()
        .map(|tri| tri.map(|p| [0, 1, 2].map(|i| r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2])))
        .collect()
}

/// A chiral part: a tee whose top face is turned 15° against its bottom.
fn twisted_tee() -> Vec<Tri> {
    let tee = clearway::sample_data::designs::prism(&clearway::sample_data::designs::tee(), 6.0);
    tee.iter()
        .map(|t| {
            t.map(|p| {
                if p[2] > 0.0 {
                    turned(&[[p, p, p]], [0.0, 0.0, 1.0], 15.0)[0][0]
                } else {
                    p
                }
            })
        })
        .collect()
}

fn check_json(s: &Scratch, files: &[&std::path::Path]) -> Vec<serde_json::Value> {
    let out = stdout_of(
        s.run(&["provenance", "check", "--report", "json"])
            .args(files),
    );
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_rotated_copy_is_the_same_geometry() {
    use clearway::print3d::stl::write_binary;
    use clearway::sample_data::designs::write_3mf;
    let s = Scratch::new();
    let part = twisted_tee();
    let original = s.write("bracket.stl", write_binary("bracket", &part));
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "ACME",
        "--licence",
        "proprietary",
    ])
    .arg(&original)
    .assert()
    .success();
    // the registered file's triangles (its coordinates are f32), turned from there
    let (read, _) = clearway::print3d::stl::read(&std::fs::read(&original).unwrap()).unwrap();
    let part = read[0].triangles.clone();
    // a quarter turn written as STL, an arbitrary turn (and a move) written as 3MF
    let quarter: Vec<Tri> = part
        .iter()
        .map(|t| t.map(|p| [p[1], -p[0], p[2]]))
        .collect();
    let quarter = s.write("quarter.stl", write_binary("q", &quarter));
    let odd: Vec<Tri> = turned(&part, [1.0, -2.0, 0.7], 41.0)
        .iter()
        .map(|t| t.map(|p| [p[0] + 100.0, p[1] + 0.125, p[2] - 7.0]))
        .collect();
    let odd = s.write("odd.3mf", write_3mf(&odd, &[]).unwrap());
    for v in check_json(&s, &[&quarter, &odd]) {
        assert_eq!(
            (v["verdict"].as_str(), v["design_id"].as_str()),
            (Some("same_geometry"), Some("bracket")),
            "{v}"
        );
        assert!(
            v["reasons"][0]
                .as_str()
                .unwrap()
                .contains("same geometry as bracket (bracket) in a different file (same cgh-v2"),
            "{v}"
        );
    }
}

#[test]
fn a_box_a_millimetre_taller_is_not_the_controlled_cube() {
    use clearway::print3d::stl::write_binary;
    let s = Scratch::new();
    let cube = s.write("cube.stl", write_binary("cube", &cuboid([10.0; 3])));
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "(control list)",
        "--licence",
        "none",
        "--controlled",
    ])
    .arg(&cube)
    .assert()
    .success();
    let taller = s.write(
        "taller.stl",
        write_binary("box", &cuboid([10.0, 10.0, 11.0])),
    );
    let v = &check_json(&s, &[&taller])[0];
    assert_eq!(
        (
            v["verdict"].as_str(),
            v["controlled"].as_bool(),
            v["design_id"].as_str()
        ),
        (Some("shape_only"), Some(false), Some("cube")),
        "{v}"
    );
    let reasons = v["reasons"].to_string();
    assert!(
        reasons.contains("shaped like cube (cube) (D2 similarity 0.9")
            && reasons.contains("but not its size: size ratio 1.0")
            && reasons.contains("beyond ±2.0 %"),
        "{reasons}"
    );
    assert!(
        reasons.contains("cube is a CONTROLLED design; this file is its shape at another size, not the design itself"),
        "{reasons}"
    );
    // --fail-on controlled does not fire on it; a looser --size-tolerance makes it the cube
    s.run(&["provenance", "check", "--fail-on", "controlled"])
        .arg(&taller)
        .assert()
        .success();
    let out = stdout_of(
        s.run(&["provenance", "check", "--size-tolerance", "0.1"])
            .arg(&taller),
    );
    assert!(out.contains("CONTROLLED (similarity 0.9"), "{out}");
    // the risk pack: checked at the default tolerance, a declaration citing it is looked at
    // (0.6), not scored as the controlled design (1.0)
    s.run(&["provenance", "check"])
        .arg(&taller)
        .assert()
        .success();
    let sha: String =
        s.scalar("SELECT any_value(sha256) FROM provenance_checks WHERE path LIKE '%taller.stl'");
    let csv = format!(
        "declaration_id,declared_at,hs_code,customs_value,design_refs\nD1,2025-05-02,848520,1000,{sha}\n"
    );
    let file = s.write("declarations.csv", csv);
    s.load("declarations", &file);
    s.run(&["risk", "run", "--pack", "provenance"])
        .assert()
        .success();
    let hit: String = s.scalar("SELECT score || ' ' || reason FROM risk_hits");
    assert!(
        hit.starts_with("0.6 declared design file taller.stl has the shape of controlled design cube at another size: shaped like cube"),
        "{hit}"
    );
}

#[test]
fn a_mirrored_part_is_reported_as_its_mirror_image() {
    use clearway::print3d::stl::write_binary;
    use clearway::sample_data::designs::write_3mf;
    let s = Scratch::new();
    let part = twisted_tee();
    let original = s.write("lever.stl", write_binary("lever", &part));
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "(control list)",
        "--licence",
        "none",
        "--controlled",
    ])
    .arg(&original)
    .assert()
    .success();
    // reflected in x, faces kept outward; and the same mirror re-meshed finer
    let mirror: Vec<Tri> = part
        .iter()
        .map(|t| {
            let f = |p: [f64; 3]| [-p[0], p[1], p[2]];
            [f(t[0]), f(t[2]), f(t[1])]
        })
        .collect();
    let mid = |a: [f64; 3], b: [f64; 3]| [0, 1, 2].map(|k| (a[k] + b[k]) / 2.0);
    let finer: Vec<Tri> = mirror
        .iter()
        .flat_map(|&[a, b, c]| {
            let (ab, bc, ca) = (mid(a, b), mid(b, c), mid(c, a));
            [[a, ab, ca], [ab, b, bc], [ca, bc, c], [ab, bc, ca]]
        })
        .collect();
    let mirror = s.write("mirror.stl", write_binary("m", &mirror));
    let finer = s.write("mirror_finer.3mf", write_3mf(&finer, &[]).unwrap());
    let verdicts = check_json(&s, &[&mirror, &finer]);
    for v in &verdicts {
        assert_eq!(
            (
                v["verdict"].as_str(),
                v["controlled"].as_bool(),
                v["design_id"].as_str()
            ),
            (Some("mirror"), Some(false), Some("lever")),
            "{v}"
        );
        assert!(
            v["reasons"].to_string().contains(
                "lever is a CONTROLLED design; this file is its mirror image, not the design itself"
            ),
            "{v}"
        );
    }
    assert!(
        verdicts[0]["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("mirror image of lever (lever): its reflection has lever's cgh-v2"),
        "{}",
        verdicts[0]
    );
    assert!(
        verdicts[1]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("opposite handedness"),
        "{}",
        verdicts[1]
    );
}

#[test]
fn registry_rows_from_before_cgh_v2_are_recomputed_or_held_to_what_they_have() {
    use clearway::print3d::stl::write_binary;
    let s = Scratch::new();
    let part = twisted_tee();
    let original = s.write("part.stl", write_binary("part", &part));
    s.run(&[
        "provenance",
        "register",
        "--owner",
        "ACME",
        "--licence",
        "CC0",
    ])
    .arg(&original)
    .assert()
    .success();
    let forget = || {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute_batch("UPDATE design_registry SET cgh_v2 = NULL, shape = NULL")
            .unwrap();
    };
    forget();
    let quarter: Vec<Tri> = part
        .iter()
        .map(|t| t.map(|p| [-p[1], p[0], p[2]]))
        .collect();
    let quarter = s.write("quarter.stl", write_binary("q", &quarter));
    // the registered file is still there: both recomputed, and said in the audit trail
    assert_eq!(check_json(&s, &[&quarter])[0]["verdict"], "same_geometry");
    assert_eq!(
        s.scalar::<i64>(
            "SELECT count(*) FROM design_registry WHERE cgh_v2 IS NOT NULL AND shape IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        s.scalar::<i64>(
            "SELECT count(*) FROM audit_log WHERE command = 'provenance registry refresh'"
        ),
        1
    );
    // gone: the row keeps cgh-v1 and D2; its shape matches, but its size is not on record
    forget();
    std::fs::remove_file(&original).unwrap();
    let v = &check_json(&s, &[&quarter])[0];
    assert_eq!(v["verdict"], "shape_only", "{v}");
    assert!(
        v["reasons"]
            .to_string()
            .contains("part's size is not on record"),
        "{v}"
    );
}
