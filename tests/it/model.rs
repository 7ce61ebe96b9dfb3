//! The learned risk model: features without leakage, a deterministic model that beats the
//! rules on generated data, scores as rule hits with their reasons, drift monitoring, and the
//! BACUDA schema.

use crate::support::{clearway, flat, stderr_of, stdout_of, Scratch};

/// A workspace of `rows` generated items with the declarations pack run.
fn trained_workspace(rows: u64) -> Scratch {
    let s = Scratch::new();
    let dir = s.path("gen");
    crate::support::generate_summary(&dir, rows, 3);
    s.load("declarations", &dir.join("declarations.csv"));
    s.run(&["risk", "run"]).assert().success();
    s
}

#[test]
fn profiles_use_only_earlier_labels() {
    let s = Scratch::new();
    // one importer, four days; the label of an item never reaches its own features
    let csv = "declaration_id,item_no,declared_at,importer_id,declarant_id,office_id,hs_code,origin_country,quantity,customs_value,inspected,illicit\n\
               D1,1,2025-01-01T10:00:00,IMP1,DEC1,OFF1,8703241128,CN,1,1000,true,true\n\
               D2,1,2025-01-02T10:00:00,IMP1,DEC1,OFF1,8703241128,CN,1,1000,true,false\n\
               D3,1,2025-01-03T10:00:00,IMP1,DEC1,OFF1,8703241128,CN,1,1000,false,\n\
               D4,1,2025-01-04T10:00:00,IMP1,DEC1,OFF1,8703241128,CN,1,1000,true,true\n";
    let file = s.write("d.csv", csv);
    s.load("declarations", &file);
    s.run(&["model", "features", "--out"])
        .arg(s.path("f.parquet"))
        .assert()
        .success();
    let p = |id: &str| -> (f64, i64) {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        conn.query_row(
            &format!(
                "SELECT p_importer, n_importer FROM '{}' WHERE declaration_id = '{id}'",
                s.path("f.parquet").display()
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    // D1: nothing before; prior (0 + 1) / (0 + 20)
    let prior0 = 1.0 / 20.0;
    assert!((p("D1").0 - prior0).abs() < 1e-12 && p("D1").1 == 0);
    // D3: two labelled before (one offence); prior = (1 + 1) / (2 + 20)
    let prior = 2.0 / 22.0;
    assert!(
        (p("D3").0 - (1.0 + 10.0 * prior) / (2.0 + 10.0)).abs() < 1e-12,
        "{:?}",
        p("D3")
    );
    // D4: D3 was not inspected, so still two labelled before
    assert!((p("D4").0 - (1.0 + 10.0 * prior) / (2.0 + 10.0)).abs() < 1e-12);
    assert_eq!(p("D4").1, 3);
}

#[test]
fn the_model_trains_deterministically_beats_the_rules_and_explains_its_scores() {
    let s = trained_workspace(20_000);
    let out = stdout_of(
        s.run(&["model", "features", "--out"])
            .arg(s.path("f.parquet")),
    );
    assert!(out.contains("wrote 20000 items"), "{out}");
    let columns: String = {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        conn.query_row(
            &format!(
                "SELECT string_agg(name, ',') FROM parquet_schema('{}')",
                s.path("f.parquet").display()
            ),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    for c in [
        "p_importer",
        "p_origin_hs6",
        "uv_robust_z",
        "new_importer",
        "rule_profile_risk",
        "illicit",
    ] {
        assert!(columns.contains(c), "{c} in {columns}");
    }
    for leak in ["lane", "inspected,", "risk_pattern"] {
        assert!(!columns.contains(leak), "{leak} in {columns}");
    }
    for name in ["a.json", "b.json"] {
        s.run(&["model", "train", "--seed", "7", "--out"])
            .arg(s.path(name))
            .assert()
            .success();
    }
    let booster = |name: &str| -> String {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(s.path(name)).unwrap()).unwrap();
        assert_eq!(v["format"], "clearway-risk-model");
        assert!(v["training"]["loads"].as_array().unwrap().len() == 1);
        v["booster"].as_str().unwrap().to_string()
    };
    assert_eq!(
        booster("a.json"),
        booster("b.json"),
        "same data and seed, same model"
    );
    // GOSS draws its rows from the seed too; it is what `auto` picks on large data
    for name in ["goss-a.json", "goss-b.json"] {
        s.run(&[
            "model",
            "train",
            "--seed",
            "7",
            "--sampling",
            "goss",
            "--out",
        ])
        .arg(s.path(name))
        .assert()
        .success()
        .stdout(predicates::str::contains("GOSS-sampled rows per tree"));
    }
    assert_eq!(booster("goss-a.json"), booster("goss-b.json"));
    assert_ne!(booster("a.json"), booster("goss-a.json"));
    let sampling = |name: &str| -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(s.path(name)).unwrap()).unwrap();
        v["training"]["sampling"].clone()
    };
    assert_eq!(sampling("goss-a.json"), "goss");
    assert_eq!(
        sampling("a.json"),
        "all",
        "auto keeps every row on small data"
    );
    let out = stdout_of(
        s.run(&["model", "evaluate", "--report", "json"])
            .arg(s.path("a.json")),
    );
    let e: serde_json::Value = serde_json::from_str(&out).unwrap();
    let auc = |model: &str| {
        e["auc"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a[0] == model)
            .unwrap()[1]
            .as_f64()
            .unwrap()
    };
    let precision = |model: &str| {
        e["evaluation"]["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == model && m["inspected_pct"] == 5)
            .unwrap()["precision"]
            .as_f64()
            .unwrap()
    };
    assert!(
        auc("model a") > 0.75 && auc("model a") > auc("combined score"),
        "{e}"
    );
    assert!(precision("model a") > precision("combined score"), "{e}");
    // scores become hits of rule model_score, with their reasons
    s.run(&["model", "score"])
        .arg(s.path("a.json"))
        .assert()
        .success();
    s.run(&["risk", "run", "--pack", "declarations,scoring"])
        .assert()
        .success();
    let top: String = s.scalar(
        "SELECT declaration_id FROM risk_hits WHERE rule_id = 'model_score' AND run_id = 2 ORDER BY score DESC, declaration_id LIMIT 1",
    );
    let explained = stdout_of(s.run(&["risk", "explain", &top]));
    assert!(
        explained.contains("model_score") && explained.contains("model p="),
        "{explained}"
    );
    // drift: reported, and an exit code when asked
    let out = stdout_of(s.run(&["model", "monitor"]).arg(s.path("a.json")));
    assert!(
        out.contains("items declared since") && out.contains("p_importer"),
        "{out}"
    );
    s.run(&["model", "monitor", "--threshold", "0", "--fail-on-drift"])
        .arg(s.path("a.json"))
        .assert()
        .code(1);
}

#[test]
fn bad_model_files_and_too_little_data_are_refused() {
    let s = trained_workspace(300);
    let bad = s.write("bad.json", "{\"format\": \"something else\"}");
    let err = flat(&stderr_of(s.run(&["model", "evaluate"]).arg(&bad), 2));
    assert!(err.contains("not a clearway model file"), "{err}");
    let err = flat(&stderr_of(
        s.run(&["model", "train", "--split", "2025-01-02", "--out"])
            .arg(s.path("m.json")),
        2,
    ));
    assert!(err.contains("too few to learn from"), "{err}");
    assert!(!s.path("m.json").exists());
    let err = flat(&stderr_of(
        s.run(&["model", "train", "--iterations", "0", "--out"])
            .arg(s.path("m.json")),
        2,
    ));
    assert!(err.contains("at least one round"), "{err}");
    let err = flat(&stderr_of(
        s.run(&["model", "train", "--learning-rate=-0.1", "--out"])
            .arg(s.path("m.json")),
        2,
    ));
    assert!(err.contains("above 0 and at most 1"), "{err}");
    assert!(!s.path("m.json").exists());
}

#[test]
fn the_model_works_on_the_bacuda_schema() {
    let s = Scratch::new();
    let dir = s.path("gen");
    crate::support::generate_summary(&dir, 8000, 5);
    // the generated items as BACUDA rows: anonymised countries, integer tariff codes
    let bacuda = s.path("bacuda.csv");
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "COPY (SELECT declaration_id || '-' || item_no AS \"sgd.id\", strftime(CAST(declared_at AS TIMESTAMP), '%y-%m-%d') AS \"sgd.date\",
                      importer_id AS \"importer.id\", declarant_id AS \"declarant.id\", 'CNTRY' || hash(origin_country) % 1000 AS country,
                      office_id AS \"office.id\", CAST(hs_code AS BIGINT) AS \"tariff.code\", quantity, gross_mass_kg AS \"gross.weight\",
                      fob_value AS \"fob.value\", customs_value AS \"cif.value\", total_taxes AS \"total.taxes\",
                      CAST(illicit AS INTEGER) AS illicit, revenue_recovered AS revenue
               FROM read_csv('{}') WHERE inspected) TO '{}' (HEADER)",
        dir.join("declarations.csv").display(),
        bacuda.display()
    ))
    .unwrap();
    drop(conn);
    s.run(&["load", "declarations", "--mapping", "bacuda"])
        .arg(&bacuda)
        .assert()
        .success();
    s.run(&["risk", "run"]).assert().success();
    s.run(&["model", "train", "--out"])
        .arg(s.path("m.json"))
        .assert()
        .success();
    let out = stdout_of(s.run(&["model", "evaluate"]).arg(s.path("m.json")));
    assert!(
        out.contains("AUC model m") && out.contains("combined score"),
        "{out}"
    );
}

/// Dates from flags and model files are parsed and bound: an injection attempt is a clear
/// diagnostic, and the command stops before it opens (or creates) the workspace.
#[test]
fn dates_from_flags_and_model_files_are_parsed_not_spliced() {
    let s = trained_workspace(2_000);
    s.run(&["model", "train", "--out"])
        .arg(s.path("m.json"))
        .assert()
        .success();
    let hostile = "2024-01-01' OR 1=1 --";
    let untouched = s.path("untouched.duckdb");
    let in_untouched = |args: &[&str]| {
        let mut cmd = clearway();
        cmd.arg("--workspace").arg(&untouched).args(args);
        cmd
    };
    let err = flat(&stderr_of(
        in_untouched(&["model", "monitor", "--since", hostile]).arg(s.path("m.json")),
        2,
    ));
    assert!(
        err.contains(&format!("--since `{hostile}` is not a date")),
        "{err}"
    );
    assert!(err.contains("write it as YYYY-MM-DD"), "{err}");
    assert!(!untouched.exists(), "no workspace was opened");

    let mut model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("m.json")).unwrap()).unwrap();
    model["training"]["test_from"] = hostile.into();
    let tampered = s.write("tampered.json", model.to_string());
    let audited: i64 = s.scalar("SELECT count(*) FROM audit_log");
    for mut cmd in [
        s.run(&["model", "evaluate"]),
        in_untouched(&["model", "evaluate"]),
    ] {
        cmd.arg(&tampered);
        let err = flat(&stderr_of(cmd, 2));
        assert!(
            err.contains(&format!("training.test_from `{hostile}` is not a date")),
            "{err}"
        );
        assert!(err.contains("retrain the model"), "{err}");
    }
    assert!(!untouched.exists(), "no workspace was opened");
    assert_eq!(
        s.scalar::<i64>("SELECT count(*) FROM audit_log"),
        audited,
        "nothing ran"
    );

    // well-formed dates are bound and select what they say
    let out = stdout_of(
        s.run(&["model", "monitor", "--since", "2000-01-01"])
            .arg(s.path("m.json")),
    );
    assert!(
        out.starts_with("2000 items declared since 2000-01-01"),
        "{out}"
    );
    let out = stdout_of(
        s.run(&["model", "score", "--from", "2000-01-01"])
            .arg(s.path("m.json")),
    );
    assert!(out.starts_with("scored 2000 items"), "{out}");
}
