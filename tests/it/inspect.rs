//! Inspection packs: brief → the officer's result → `inspect record`, through the page's own
//! form in headless Chromium and through a result written as an officer's app would; every
//! way a result can be wrong is refused whole, with nothing recorded.

use crate::support::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The sample loaded, the declarations pack run; a declaration with linked positions.
fn sample() -> (Scratch, String) {
    let s = sample_with_risk_run();
    let id: String = s.scalar(
        "SELECT s.declaration_id FROM risk_scores s
         WHERE s.declaration_id IN (SELECT declaration_id FROM declaration_telemetry WHERE lat IS NOT NULL)
           AND s.declaration_id IN (SELECT declaration_id FROM declarations WHERE extra->>'seal_numbers' <> '')
         ORDER BY s.total DESC, s.declaration_id LIMIT 1",
    );
    (s, id)
}

fn brief(s: &Scratch, id: &str, dir: &Path) -> Value {
    let out = s
        .run(&["inspect", "brief", id, "--format", "json", "--out"])
        .arg(dir)
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// A result answering every check `found`, as an officer's app writes it.
pub(crate) fn result_for(dir: &Path) -> Value {
    let checklist: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("checklist.json")).unwrap())
            .unwrap();
    let text = std::fs::read_to_string(dir.join("checklist.json")).unwrap();
    let sha = hex(&text);
    let answers: Vec<Value> = checklist["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!({ "check": c["id"], "outcome": "found" }))
        .collect();
    json!({
        "format": "clearway-inspection-result/1",
        "pack_id": checklist["pack_id"],
        "declaration_id": checklist["declaration_id"],
        "checklist": checklist,
        "checklist_sha256": sha,
        "inspector": "Officer 4711",
        "inspected_at": chrono::Utc::now().to_rfc3339(),
        "answers": answers,
    })
}

fn hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

fn write_result(s: &Scratch, name: &str, result: &Value) -> PathBuf {
    s.write(name, serde_json::to_vec_pretty(result).unwrap())
}

fn counts(s: &Scratch, id: &str) -> (i64, i64, i64, i64) {
    (
        s.scalar(&format!(
            "SELECT count(*) FROM annotations WHERE declaration_id = '{id}'"
        )),
        s.scalar(&format!(
            "SELECT count(*) FROM declarations WHERE declaration_id = '{id}' AND inspected"
        )),
        s.scalar("SELECT count(*) FROM audit_log WHERE command = 'inspect record'"),
        s.scalar("SELECT count(*) FROM inspection_answers"),
    )
}

#[test]
fn a_brief_round_trips_into_annotations_labels_and_audit_entries() {
    let (s, id) = sample();
    let dir = s.path("pack");
    let b = brief(&s, &id, &dir);
    assert!(b["journey"].as_bool().unwrap(), "{b}");
    for f in ["index.html", "checklist.json", "journey.svg"] {
        assert!(dir.join(f).exists(), "{f}");
    }
    let checklist: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("checklist.json")).unwrap())
            .unwrap();
    let checks = checklist["checks"].as_array().unwrap();
    assert_eq!(b["checks"], checks.len());
    assert!(checks.iter().any(|c| c["kind"] == "seal"), "{checklist}");
    assert!(
        checks.iter().any(|c| c["kind"] == "rule"),
        "every reason is a check"
    );
    // the recorded hash is the hash of the file in the pack
    let recorded: String = s.scalar("SELECT checklist_sha256 FROM inspection_packs");
    assert_eq!(
        recorded,
        hex(&std::fs::read_to_string(dir.join("checklist.json")).unwrap())
    );
    assert_eq!(b["checklist_sha256"], recorded);

    let before = counts(&s, &id);
    assert_eq!((before.0, before.2, before.3), (0, 0, 0));
    let mut result = result_for(&dir);
    result["answers"][0]["outcome"] = json!("deviation");
    result["answers"][0]["note"] = json!("the seal is a different number");
    let photo = s.write("seal.jpg", b"\xff\xd8\xff not really a jpeg");
    let _ = photo;
    result["answers"][0]["photos"] = json!([{ "file": "seal.jpg", "sha256": hex("\u{0}") }]);
    // the wrong hash first: refused, nothing recorded
    let file = write_result(&s, "result.json", &result);
    let err = flat(&stderr_of(s.run(&["inspect", "record"]).arg(&file), 2));
    assert!(err.contains("photo seal.jpg of check C01 has SHA"), "{err}");
    assert_eq!(counts(&s, &id), before);
    // the right hash
    use sha2::Digest;
    let right = hex::encode(sha2::Sha256::digest(
        std::fs::read(s.path("seal.jpg")).unwrap(),
    ));
    result["answers"][0]["photos"] =
        json!([{ "file": "seal.jpg", "sha256": right }, { "file": "later.jpg", "sha256": right }]);
    result["labels"] = json!([{ "item_no": 1, "illicit": true, "revenue_recovered": "1234.50" }]);
    let file = write_result(&s, "result.json", &result);
    let out = s
        .run(&["inspect", "record", "--format", "json"])
        .arg(&file)
        .assert()
        .success();
    let recorded: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(recorded["answers"], checks.len());
    assert_eq!(recorded["deviations"], 1);
    assert_eq!(recorded["photos_verified"], 1);
    assert_eq!(recorded["photos_not_present"], 1);
    let items: i64 = s.scalar(&format!(
        "SELECT count(*) FROM declarations WHERE declaration_id = '{id}'"
    ));
    let (annotations, inspected, audit, answers) = counts(&s, &id);
    assert_eq!(annotations, checks.len() as i64);
    assert_eq!(
        inspected, items,
        "every item of the declaration is inspected"
    );
    assert_eq!(
        audit,
        checks.len() as i64 + 1,
        "one entry per answer and per label"
    );
    assert_eq!(answers, checks.len() as i64);
    let label: String = s.scalar(&format!(
        "SELECT illicit || ' ' || revenue_recovered FROM declarations WHERE declaration_id = '{id}' AND item_no = 1"
    ));
    assert_eq!(label, "true 1234.50");
    let note: String = s.scalar("SELECT note FROM annotations WHERE reason_code = 'INSPECTION' ORDER BY annotation_id LIMIT 1");
    assert!(
        note.starts_with("C01 deviation: ") && note.ends_with("— the seal is a different number"),
        "{note}"
    );
    s.run(&["audit", "verify"]).assert().success();
    // a second time: refused, nothing doubled
    let err = flat(&stderr_of(s.run(&["inspect", "record"]).arg(&file), 2));
    assert!(err.contains("was recorded already"), "{err}");
    assert_eq!(counts(&s, &id), (annotations, inspected, audit, answers));
}

#[test]
fn revenue_from_an_item_the_export_calls_clean_is_a_finding() {
    // the sample says illicit = false for every item nobody inspected: the officer's form may
    // leave illicit unset and give the amount
    let (s, id) = sample();
    let stored: bool = s.scalar(&format!(
        "SELECT illicit FROM declarations WHERE declaration_id = '{id}' AND item_no = 1"
    ));
    assert!(!stored, "the sample's item is loaded as not illicit");
    let dir = s.path("pack");
    brief(&s, &id, &dir);
    let mut result = result_for(&dir);
    result["labels"] = json!([{ "item_no": 1, "revenue_recovered": 80 }]);
    let file = write_result(&s, "result.json", &result);
    s.run(&["inspect", "record"]).arg(&file).assert().success();
    let label: String = s.scalar(&format!(
        "SELECT illicit || ' ' || revenue_recovered FROM declarations WHERE declaration_id = '{id}' AND item_no = 1"
    ));
    assert_eq!(label, "true 80.00");
    let audited: String = s.scalar(
        "SELECT detail->>'illicit' FROM audit_log WHERE command = 'inspect record' AND detail->>'item_no' = '1'",
    );
    assert_eq!(audited, "true", "the entry says what was stored");
}

/// A change made to a good result.
type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn every_wrong_result_is_refused_whole() {
    let (s, id) = sample();
    let dir = s.path("pack");
    brief(&s, &id, &dir);
    let good = result_for(&dir);
    let before = counts(&s, &id);
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "altered",
            Box::new(|r: &mut Value| r["checklist"]["checks"][0]["text"] = json!("nothing to see")),
            "the checklist was altered",
        ),
        (
            "rehashed",
            Box::new(|r: &mut Value| {
                r["checklist"]["checks"].as_array_mut().unwrap().pop();
                r["answers"].as_array_mut().unwrap().pop();
            }),
            "the checklist was altered",
        ),
        (
            "other pack",
            Box::new(|r: &mut Value| {
                r["pack_id"] = json!("00000000-0000-0000-0000-000000000000");
            }),
            "was not issued by this workspace",
        ),
        (
            "other pack, half answered",
            Box::new(|r: &mut Value| {
                r["pack_id"] = json!("00000000-0000-0000-0000-000000000000");
                r["answers"].as_array_mut().unwrap().remove(1);
            }),
            "was not issued by this workspace",
        ),
        (
            "unanswered",
            Box::new(|r: &mut Value| {
                r["answers"].as_array_mut().unwrap().remove(1);
            }),
            "C02 not answered",
        ),
        (
            "twice",
            Box::new(|r: &mut Value| {
                let first = r["answers"][0].clone();
                r["answers"].as_array_mut().unwrap().push(first);
            }),
            "answered twice",
        ),
        (
            "unknown check",
            Box::new(|r: &mut Value| r["answers"][0]["check"] = json!("C99")),
            "C99 is not on the checklist",
        ),
        (
            "silent deviation",
            Box::new(|r: &mut Value| r["answers"][0]["outcome"] = json!("deviation")),
            "without a note",
        ),
        (
            "no item",
            Box::new(|r: &mut Value| r["labels"] = json!([{ "item_no": 999, "illicit": true }])),
            "has no item 999",
        ),
        (
            "bad money",
            Box::new(|r: &mut Value| {
                r["labels"] = json!([{ "item_no": 1, "revenue_recovered": "-5" }])
            }),
            "not a sum of money",
        ),
        (
            "revenue without a finding",
            Box::new(|r: &mut Value| {
                r["labels"] =
                    json!([{ "item_no": 1, "illicit": false, "revenue_recovered": "10.00" }])
            }),
            "labelled not illicit yet 10.00 revenue is recovered",
        ),
        (
            "escape",
            Box::new(|r: &mut Value| {
                r["answers"][0]["photos"] =
                    json!([{ "file": "../x.jpg", "sha256": "0".repeat(64) }])
            }),
            "without ..",
        ),
        (
            "future",
            Box::new(|r: &mut Value| r["inspected_at"] = json!("2999-01-01T00:00:00Z")),
            "in the future",
        ),
        (
            "extra field",
            Box::new(|r: &mut Value| r["approved"] = json!(true)),
            "unknown field `approved`",
        ),
        (
            "no inspector",
            Box::new(|r: &mut Value| r["inspector"] = json!(" ")),
            "inspector is empty",
        ),
    ];
    for (name, edit, expected) in cases {
        let mut r = good.clone();
        edit(&mut r);
        let file = write_result(&s, &format!("{}.json", name.replace(' ', "-")), &r);
        let err = flat(&stderr_of(s.run(&["inspect", "record"]).arg(&file), 2));
        assert!(err.contains(expected), "{name}: {err}");
        assert!(
            err.contains(".json"),
            "{name}: the diagnostic names the file: {err}"
        );
        assert_eq!(counts(&s, &id), before, "{name}: nothing recorded");
    }
    // not UTF-8, and too large: refused before any parsing
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("{}".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let file = s.write("utf16.json", utf16);
    let err = flat(&stderr_of(s.run(&["inspect", "record"]).arg(&file), 2));
    assert!(err.contains("not UTF-8 at byte 0"), "{err}");
    let file = s.write("huge.json", vec![b' '; 5 << 20]);
    let err = flat(&stderr_of(s.run(&["inspect", "record"]).arg(&file), 2));
    assert!(
        err.contains("a result file is at most 4194304 bytes"),
        "{err}"
    );
    assert_eq!(counts(&s, &id), before);
    // a checklist altered and rehashed by hand is still not the one issued
    let mut r = good.clone();
    r["checklist"]["checks"][0]["text"] = json!("nothing to see");
    let list: clearway::inspect::checklist::Checklist =
        serde_json::from_value(r["checklist"].clone()).unwrap();
    r["checklist_sha256"] = json!(list.sha256());
    let file = write_result(&s, "rehashed-by-hand.json", &r);
    let err = flat(&stderr_of(s.run(&["inspect", "record"]).arg(&file), 2));
    assert!(err.contains("the checklist was altered"), "{err}");
    // a pack is never written over another
    let err = flat(&stderr_of(
        s.run(&["inspect", "brief", &id, "--out"]).arg(&dir),
        2,
    ));
    assert!(err.contains("is not empty"), "{err}");
    let err = flat(&stderr_of(
        s.run(&["inspect", "brief", "NO-SUCH-ID", "--out"])
            .arg(s.path("p2")),
        2,
    ));
    assert!(err.contains("is not in this workspace"), "{err}");
    assert!(!s.path("p2").exists());
    // and the good one is still accepted
    let file = write_result(&s, "good.json", &good);
    s.run(&["inspect", "record"]).arg(&file).assert().success();
}

#[test]
fn the_pages_form_writes_a_result_that_records() {
    if chromium().is_none() {
        return;
    }
    let (s, id) = sample();
    let dir = s.path("pack");
    brief(&s, &id, &dir);
    let page = dir.join("index.html");
    let dom = browse(&page, "#fill-test", None);
    assert_eq!(attribute(&dom, "<body", "data-resources-loaded"), Some("0"));
    assert_eq!(attribute(&dom, "<body", "data-csp-violations"), Some("0"));
    let start = dom
        .find("<pre id=\"result-json\">")
        .expect("the form showed its result")
        + "<pre id=\"result-json\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let file = s.write("result.json", text);
    s.run(&["inspect", "record"]).arg(&file).assert().success();
    let label: String = s.scalar(&format!(
        "SELECT illicit || ' ' || revenue_recovered FROM declarations WHERE declaration_id = '{id}' AND item_no = 1"
    ));
    assert_eq!(label, "true 120.50");
    let png = s.path("brief.png");
    browse(&page, "", Some(&png));
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
}

#[test]
fn a_declared_design_comes_as_a_model_at_real_size() {
    let s = Scratch::new();
    controlled_tee_checked(&s);
    let sha: String = s.scalar("SELECT any_value(sha256) FROM provenance_checks");
    let csv = format!(
        "declaration_id,declared_at,hs_code,goods_description,customs_value,quantity,quantity_unit,design_refs\n\
         D1,2025-05-02,848520,\"</script><img src=x onerror=alert(1)><!--<script>\",1000,4,NAR,{sha}\n"
    );
    let file = s.write("declarations.csv", csv);
    s.load("declarations", &file);
    s.run(&["risk", "run", "--pack", "provenance"])
        .assert()
        .success();
    let dir = s.path("pack");
    let b = brief(&s, "D1", &dir);
    assert_eq!(b["models"], json!(["design-1.glb"]), "{b}");
    validate_glb(&[dir.join("design-1.glb")]);
    let checklist = std::fs::read_to_string(dir.join("checklist.json")).unwrap();
    assert!(
        checklist.contains(
            "compare them with the declared design file tee_rotated.stl (provenance: controlled"
        ),
        "{checklist}"
    );
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(
        html.contains("data-real-scale=\"true\""),
        "AR at real size is offered for the model"
    );
    // a hostile description stays text: escaped in the page, exact in the checklist
    assert!(!html.contains("<img src=x"), "the description is escaped");
    assert!(checklist.contains("</script><img src=x onerror=alert(1)><!--<script>"));
    if chromium().is_some() {
        let dom = browse(&dir.join("index.html"), "#fill-test", None);
        assert_eq!(attribute(&dom, "<figure", "data-viewer"), Some("drawn"));
        assert_eq!(
            attribute(&dom, "<body", "data-csp-violations"),
            Some("0"),
            "nothing injected ran or loaded"
        );
        assert!(
            dom.contains("<pre id=\"result-json\">"),
            "the form still works"
        );
    }
}
