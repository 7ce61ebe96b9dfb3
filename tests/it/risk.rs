//! Risk rule packs: `risk list`, `risk lint`, `risk run` and what the shipped rules find.

use crate::support::{flat, generate, stderr_of, stdout_of, Scratch};
use predicates::str::contains;

/// A workspace loaded with 50,000 generated items (planted patterns known).
fn generated_workspace() -> Scratch {
    let s = Scratch::new();
    let csv = generate(&s.path("gen"), 50_000, 3);
    s.load("declarations", &csv);
    s
}

/// (hits, of which illicit, of which carry `pattern`) of one rule in run 1.
fn rule_stats(s: &Scratch, rule: &str, pattern: &str) -> (i64, i64, i64) {
    let q = format!(
        "SELECT count(*) || ',' || count(*) FILTER (WHERE d.illicit) || ',' || count(*) FILTER (WHERE d.extra->>'risk_pattern' = '{pattern}')
         FROM risk_hits h JOIN declarations d USING (declaration_id, item_no) WHERE h.run_id = 1 AND h.rule_id = '{rule}'"
    );
    let text: String = s.scalar(&q);
    let v: Vec<i64> = text.split(',').map(|x| x.parse().unwrap()).collect();
    (v[0], v[1], v[2])
}

fn planted(s: &Scratch, pattern: &str) -> i64 {
    s.scalar(&format!(
        "SELECT count(*) FROM declarations WHERE extra->>'risk_pattern' = '{pattern}'"
    ))
}

#[test]
fn the_shipped_pack_lists_and_lints() {
    let s = Scratch::new();
    insta::assert_snapshot!("risk_list", stdout_of(s.run(&["risk", "list"])));
    s.run(&["risk", "lint"])
        .assert()
        .success()
        .stdout(contains("9 rule(s) in declarations: ok"));
    // every shipped pack runs identically on Spark (issue 21): none uses a construct that
    // `risk lint --portable` reports
    for pack in [
        "declarations",
        "telemetry",
        "ledger",
        "provenance",
        "scoring",
    ] {
        s.run(&["risk", "lint", "--portable", "--pack", pack])
            .assert()
            .success()
            .stdout(contains(format!("in {pack}: ok")));
    }
}

#[test]
fn lint_portable_names_the_file_line_and_the_portable_form() {
    let s = Scratch::new();
    let pack = s.path("pack");
    std::fs::create_dir(&pack).unwrap();
    let rule = "-- ---\n-- id = \"drifting\"\n-- title = \"t\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = [\"declarations\"]\n-- ---\n\
        WITH d AS (\n\
            SELECT declaration_id, any_value(importer_id) AS importer,\n\
                   arg_max(item_no, customs_value) AS top, list(hs_code) AS codes\n\
            FROM declarations WHERE rowid >= 0 GROUP BY declaration_id)\n\
        SELECT declaration_id, top AS item_no, 1.0 AS score, importer AS reason, {'codes': codes} AS evidence FROM d";
    std::fs::write(pack.join("drifting.sql"), rule).unwrap();
    // the rule is sound SQL: plain lint passes
    s.run(&["risk", "lint", "--pack"])
        .arg(&pack)
        .assert()
        .success();
    let err = flat(&stderr_of(
        s.run(&["risk", "lint", "--portable", "--pack"]).arg(&pack),
        2,
    ));
    assert!(err.contains("risk lint found 4 problem(s)"), "{err}");
    for (at, check) in [
        ("drifting.sql:10:24", "[any_value]"),
        ("drifting.sql:11:1", "[tie]"),
        ("drifting.sql:11:41", "[unordered-list]"),
        ("drifting.sql:12:25", "[rowid]"),
    ] {
        assert!(
            err.contains(at) && err.contains(check),
            "{at} {check}: {err}"
        );
    }
    assert!(err.contains("use min(x) or max(x)"), "{err}");
    // a rule that does not parse is one problem, and the others are still checked
    std::fs::write(
        pack.join("broken.sql"),
        "-- ---\n-- id = \"broken\"\n-- title = \"t\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = [\"declarations\"]\n-- ---\nSELECT FROM WHERE",
    )
    .unwrap();
    let err = flat(&stderr_of(
        s.run(&["risk", "lint", "--portable", "--pack"]).arg(&pack),
        2,
    ));
    assert!(err.contains("risk lint found 5 problem(s)"), "{err}");
    assert!(err.contains("drifting.sql:12:25"), "{err}");
}

#[test]
fn lint_names_every_broken_rule() {
    let s = Scratch::new();
    let pack = s.path("pack");
    std::fs::create_dir(&pack).unwrap();
    let header = |id: &str, params: &str| {
        format!("-- ---\n-- id = \"{id}\"\n-- title = \"t\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = [\"declarations\"]\n{params}-- ---\n")
    };
    std::fs::write(
        pack.join("a.sql"),
        header("no_evidence", "")
            + "SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason FROM declarations",
    )
    .unwrap();
    std::fs::write(pack.join("b.sql"), header("undeclared", "") + "SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason, NULL AS evidence FROM declarations WHERE quantity > $q").unwrap();
    std::fs::write(pack.join("c.sql"), header("other_table", "") + "SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason, NULL AS evidence FROM declarations JOIN loads USING (load_id)").unwrap();
    std::fs::write(
        pack.join("d.sql"),
        header("unused_param", "-- [params.limit]\n-- type = \"integer\"\n-- default = 3\n")
            + "SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason, NULL AS evidence FROM declarations",
    )
    .unwrap();
    let err = flat(&stderr_of(s.run(&["risk", "lint", "--pack"]).arg(&pack), 2));
    assert!(err.contains("risk lint found 4 problem(s)"), "{err}");
    assert!(
        err.contains("does not return the column `evidence`"),
        "{err}"
    );
    assert!(
        err.contains("uses $q, which the header does not declare"),
        "{err}"
    );
    assert!(
        err.contains("reads `loads` but the header's tables do not list it"),
        "{err}"
    );
    assert!(
        err.contains("parameter limit is declared but the SQL never uses it"),
        "{err}"
    );
}

#[test]
fn rules_on_an_empty_workspace_are_not_applicable() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let out = stdout_of(s.run(&["risk", "run"]));
    assert_eq!(out.matches("not applicable").count(), 9, "{out}");
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM risk_hits"), 0);
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM risk_runs"), 1);
}

#[test]
fn shipped_rules_find_their_planted_patterns() {
    let s = generated_workspace();
    s.run(&["risk", "run"])
        .assert()
        .success()
        .stdout(contains("risk run 1"));
    let base_rate: f64 =
        s.scalar("SELECT avg(CASE WHEN illicit THEN 1.0 ELSE 0 END) FROM declarations");

    // Split consignments: every planted part, nothing else.
    let (hits, _, found) = rule_stats(&s, "split_consignment", "split_consignment");
    assert_eq!(found, planted(&s, "split_consignment"));
    assert_eq!(hits, found);

    // Unit-value outliers: a large share of the undervalued items, at several times the base rate.
    let (hits, illicit, found) = rule_stats(&s, "unit_value_outlier", "undervaluation");
    assert!(
        found * 3 >= planted(&s, "undervaluation"),
        "found {found} undervalued items"
    );
    assert!(
        illicit as f64 / hits as f64 > 4.0 * base_rate,
        "precision {illicit}/{hits} vs base {base_rate}"
    );

    // New traders: every item of a planted burst, scored as a burst.
    let bursts: i64 = s.scalar(
        "SELECT count(*) FROM risk_hits h JOIN declarations d USING (declaration_id, item_no)
         WHERE h.rule_id = 'new_trader' AND h.score = 0.7 AND d.extra->>'risk_pattern' = 'new_trader_burst'",
    );
    assert_eq!(bursts, planted(&s, "new_trader_burst"));

    // Origin mismatch: every planted item, mostly illicit.
    let (hits, illicit, found) = rule_stats(&s, "origin_mismatch", "origin_mismatch");
    assert_eq!(found, planted(&s, "origin_mismatch"));
    assert!(illicit * 2 > hits, "{illicit}/{hits}");

    // Risk profiles: learned from earlier examinations only, and far above the base rate.
    let (hits, illicit, _) = rule_stats(&s, "profile_risk", "");
    assert!(
        hits > 100 && illicit as f64 / hits as f64 > 5.0 * base_rate,
        "{illicit}/{hits} vs {base_rate}"
    );

    // The combined score is the documented sum of capped, weighted contributions.
    let mismatches: i64 = s.scalar(
        "WITH meta AS (SELECT r->>'rule_id' AS rule_id, CAST(r->>'weight' AS DOUBLE) AS weight,
                              CASE r->>'severity' WHEN 'low' THEN 1.0 WHEN 'medium' THEN 2.0 ELSE 4.0 END AS cap
                       FROM risk_runs, unnest(CAST(rules AS JSON[])) AS t(r) WHERE run_id = 1),
              c AS (SELECT declaration_id, least(max(score) * any_value(weight), any_value(cap)) AS contribution
                    FROM risk_hits JOIN meta USING (rule_id) WHERE run_id = 1 GROUP BY declaration_id, rule_id)
         SELECT count(*) FROM (SELECT declaration_id, sum(contribution) AS t FROM c GROUP BY 1) x
         JOIN risk_scores s USING (declaration_id) WHERE abs(s.total - x.t) > 1e-9",
    );
    assert_eq!(mismatches, 0);
    s.run(&["audit", "verify"]).assert().success();
}

#[test]
fn rules_stay_quiet_on_clean_declarations() {
    // 40 identical, well-formed items of one importer over a year, shipped from their origin,
    // examined now and then without finding anything: nothing is unusual, except that the
    // importer's first declarations are, by definition, those of a new trader.
    let s = Scratch::new();
    let mut csv = String::from("declaration_id,item_no,declared_at,importer_id,declarant_id,office_id,hs_code,origin_country,export_country,quantity,quantity_unit,gross_mass_kg,net_mass_kg,customs_value,inspected,illicit\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "D{i:03},1,2025-{:02}-{:02},IMP1,DEC1,OFF1,852852,CN,CN,10,NAR,110,100,5000.00,{},false\n",
            1 + i % 12,
            1 + i % 28,
            i % 5 == 0
        ));
    }
    let file = s.write("clean.csv", csv);
    s.load("declarations", &file);
    s.run(&["risk", "run"]).assert().success();
    let fired: String =
        s.scalar("SELECT coalesce(string_agg(DISTINCT rule_id, ','), '') FROM risk_hits");
    assert_eq!(fired, "new_trader");
    let new_trader_hits: i64 =
        s.scalar("SELECT count(*) FROM risk_hits WHERE rule_id = 'new_trader'");
    assert_eq!(
        new_trader_hits, 3,
        "only the first three declarations of a new importer"
    );
}

#[test]
fn parameters_are_overridden_by_cli_and_workspace_config() {
    let s = generated_workspace();
    s.write(
        "clearway.toml",
        "[risk.params.split_consignment]\nmin_parts = 100\n",
    );
    s.run(&[
        "risk",
        "run",
        "--rule",
        "split_consignment",
        "--rule",
        "unit_value_outlier",
        "--param",
        "unit_value_outlier.threshold=50",
    ])
    .assert()
    .success();
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM risk_hits"), 0);
    let params: String = s.scalar("SELECT CAST(parameters AS VARCHAR) FROM risk_runs");
    assert!(
        params.contains("\"min_parts\":100") && params.contains("\"threshold\":50.0"),
        "{params}"
    );
    let err = flat(&stderr_of(
        s.run(&["risk", "run", "--param", "treshold=4"]),
        2,
    ));
    assert!(
        err.contains("treshold") && err.contains("matches no parameter"),
        "{err}"
    );
    let err = flat(&stderr_of(
        s.run(&["risk", "run", "--param", "min_group=lots"]),
        2,
    ));
    assert!(err.contains("`lots` is not an integer"), "{err}");
}

#[test]
fn explain_shows_every_hit_with_its_evidence_and_the_total() {
    let s = generated_workspace();
    let err = flat(&stderr_of(
        s.run(&["risk", "explain", "DCL25-00000-000001"]),
        2,
    ));
    assert!(err.contains("no risk run yet"), "{err}");
    s.run(&["risk", "run"]).assert().success();
    let id: String = s.scalar(
        "SELECT declaration_id FROM risk_hits WHERE rule_id = 'split_consignment' ORDER BY declaration_id LIMIT 1",
    );
    let out = stdout_of(s.run(&["risk", "explain", &id, "--format", "json"]));
    let e: serde_json::Value = serde_json::from_str(&out).unwrap();
    let split = e["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["rule_id"] == "split_consignment")
        .unwrap();
    assert!(split["evidence"]["parts"].as_i64().unwrap() >= 3, "{split}");
    assert!(
        split["reason"]
            .as_str()
            .unwrap()
            .contains("declarations of HS6"),
        "{split}"
    );
    let total: f64 = s.scalar(&format!(
        "SELECT total FROM risk_scores WHERE declaration_id = '{id}'"
    ));
    assert!((e["total"].as_f64().unwrap() - total).abs() < 1e-9);
    let text = stdout_of(s.run(&["risk", "explain", &id]));
    assert!(
        text.contains("split_consignment (item 1)") && text.contains("evidence: {"),
        "{text}"
    );
    let err = flat(&stderr_of(s.run(&["risk", "explain", "NO-SUCH-ID"]), 2));
    assert!(err.contains("is not in this workspace"), "{err}");
}

#[test]
fn check_fails_ci_on_what_it_is_asked_to() {
    let s = generated_workspace();
    let table = stdout_of(s.run(&["check"]));
    assert!(
        !table.contains("hit(s)"),
        "no condition, no failure: {table}"
    );
    s.run(&["check", "--fail-on", "high"])
        .assert()
        .code(1)
        .stdout(contains("of a high rule (--fail-on high)"));
    let xml = String::from_utf8(
        s.run(&[
            "check",
            "--format",
            "junit",
            "--max-hits",
            "split_consignment=0",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone(),
    )
    .unwrap();
    assert!(
        xml.starts_with("<?xml") && xml.contains("tests=\"9\" failures=\"1\""),
        "{xml}"
    );
    assert!(
        xml.contains("name=\"split_consignment\"") && xml.contains("<failure message=\""),
        "{xml}"
    );
    let err = flat(&stderr_of(s.run(&["check", "--max-hits", "nope=1"]), 2));
    assert!(err.contains("does not have"), "{err}");
}

#[test]
fn check_passes_and_skips_on_an_empty_workspace() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let xml = stdout_of(s.run(&["check", "--fail-on", "low", "--format", "junit"]));
    assert!(xml.contains("failures=\"0\" skipped=\"9\""), "{xml}");
}

#[test]
fn evaluation_beats_the_papers_baselines_on_planted_data() {
    let s = generated_workspace();
    let err = flat(&stderr_of(s.run(&["risk", "evaluate"]), 2));
    assert!(err.contains("no risk run yet"), "{err}");
    s.run(&["risk", "run"]).assert().success();
    let out = stdout_of(s.run(&["risk", "evaluate", "--format", "json"]));
    let e: serde_json::Value = serde_json::from_str(&out).unwrap();
    let metric = |model: &str, pct: i64, field: &str| -> f64 {
        e["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == model && m["inspected_pct"] == pct)
            .unwrap_or_else(|| panic!("no {model} at {pct} %"))[field]
            .as_f64()
            .unwrap()
    };
    let combined = metric("combined score", 5, "precision");
    assert!(
        combined > 2.0 * metric("baseline: importer", 5, "precision"),
        "{out}"
    );
    assert!(
        combined > 2.0 * metric("baseline: price", 5, "precision"),
        "{out}"
    );
    // revenue: the price baseline takes the most valuable items first, so its revenue is what
    // the few largest frauds of the test period hold — in this one, an undervalued consignment
    // of medicaments declared at USD 10.9 M holds two thirds of it — and says little about a
    // selection; the importer baseline is the one a rule-based selection must beat on revenue
    assert!(
        metric("combined score", 5, "revenue") > metric("baseline: importer", 5, "revenue"),
        "{out}"
    );
    for m in e["metrics"].as_array().unwrap() {
        for f in ["precision", "recall", "revenue"] {
            let v = m[f].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&v), "{m}");
        }
    }
    // coverage: each rule's flagged items are its hits in the test period, and a rule short of
    // a budget is said to be
    let test_from = e["test_from"].as_str().unwrap();
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    for m in e["metrics"].as_array().unwrap() {
        let (flagged, k) = (
            m["flagged"].as_i64().unwrap(),
            m["inspected_items"].as_i64().unwrap(),
        );
        assert_eq!(m["below_budget"].as_bool(), Some(flagged < k), "{m}");
        if let Some(rule) = m["model"].as_str().unwrap().strip_prefix("rule ") {
            let hits: i64 = conn
                .query_row(
                    "SELECT count(DISTINCT (h.declaration_id, h.item_no)) FROM risk_hits h
                     JOIN declarations d USING (declaration_id, item_no)
                     WHERE h.run_id = 1 AND h.rule_id = ? AND h.score > 0
                       AND d.declared_at >= CAST(? AS DATE) AND d.illicit IS NOT NULL",
                    [rule, test_from],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(flagged, hits, "{m}");
        }
    }
    let short: Vec<&str> = e["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["below_budget"] == true && m["model"].as_str().unwrap().starts_with("rule "))
        .map(|m| m["model"].as_str().unwrap())
        .collect();
    assert!(
        !short.is_empty(),
        "some rule flags fewer than 10 % of the items"
    );
    drop(conn);
    let text = stdout_of(s.run(&["risk", "evaluate"]));
    for model in short {
        assert!(
            text.contains(&format!("note: {model} flags ")),
            "{model} in\n{text}"
        );
    }
    let rules_with_hits: i64 =
        s.scalar("SELECT count(DISTINCT rule_id) FROM risk_hits WHERE run_id = 1");
    assert_eq!(
        e["metrics"].as_array().unwrap().len() as i64,
        4 * (1 + rules_with_hits + 2)
    );
    let err = flat(&stderr_of(
        s.run(&["risk", "evaluate", "--test-from", "2030-01-01"]),
        2,
    ));
    assert!(err.contains("no labelled items"), "{err}");
}

#[test]
fn lanes_fill_each_office_budget_with_a_reproducible_random_control() {
    let s = generated_workspace();
    let err = flat(&stderr_of(s.run(&["risk", "lanes"]), 2));
    assert!(err.contains("no risk run yet"), "{err}");
    s.run(&["risk", "run"]).assert().success();
    s.run(&[
        "risk",
        "lanes",
        "--budget",
        "red=3%,yellow=7%",
        "--random",
        "1%",
        "--seed",
        "7",
    ])
    .assert()
    .success()
    .stdout(contains("of which random control"));
    let declarations: i64 = s.scalar("SELECT count(DISTINCT declaration_id) FROM declarations");
    assert_eq!(
        s.scalar::<i64>("SELECT count(*) FROM risk_scores WHERE run_id = 1 AND lane IS NOT NULL"),
        declarations
    );
    // Budgeted red never exceeds 3 % of an office's declarations; yellow never 7 %.
    let over: i64 = s.scalar(
        "WITH o AS (SELECT declaration_id, any_value(office_id) office FROM declarations GROUP BY 1)
         SELECT count(*) FROM (
           SELECT office, count(*) n,
                  count(*) FILTER (WHERE lane = 'red' AND lane_reason NOT LIKE 'random control%') red,
                  count(*) FILTER (WHERE lane = 'yellow') yellow
           FROM risk_scores JOIN o USING (declaration_id) WHERE run_id = 1 GROUP BY office)
         WHERE red > ceil(n * 0.03) OR yellow > ceil(n * 0.07)",
    );
    assert_eq!(over, 0);
    let controls = |seed: &str| -> String {
        s.run(&["risk", "lanes", "--seed", seed]).assert().success();
        s.scalar("SELECT string_agg(declaration_id, ',' ORDER BY declaration_id) FROM risk_scores WHERE run_id = 1 AND lane_reason LIKE 'random control%'")
    };
    let a = controls("7");
    assert_eq!(a, controls("7"));
    assert_ne!(a, controls("8"));
    // Red lanes hold far more illicit declarations than green ones.
    let (red, green): (f64, f64) = {
        let q = |lane: &str| -> f64 {
            s.scalar(&format!(
                "SELECT avg(CASE WHEN d.illicit THEN 1.0 ELSE 0 END) FROM risk_scores r JOIN declarations d USING (declaration_id)
                 WHERE r.run_id = 1 AND r.lane = '{lane}' AND r.lane_reason NOT LIKE 'random control%'"
            ))
        };
        (q("red"), q("green"))
    };
    assert!(red > 3.0 * green, "red {red} vs green {green}");
    let id: String = s.scalar("SELECT declaration_id FROM risk_scores WHERE run_id = 1 AND lane = 'red' ORDER BY total DESC LIMIT 1");
    s.run(&["risk", "explain", &id])
        .assert()
        .success()
        .stdout(contains("lane red"));
    let err = flat(&stderr_of(
        s.run(&["risk", "lanes", "--budget", "red=60%,yellow=50%"]),
        2,
    ));
    assert!(err.contains("more than 100 %"), "{err}");
    let err = flat(&stderr_of(
        s.run(&["risk", "lanes", "--budget", "purple=3%"]),
        2,
    ));
    assert!(err.contains("is not a lane budget"), "{err}");
}

#[test]
fn document_reuse_finds_repeated_items_and_invoices() {
    let s = Scratch::new();
    let csv = "declaration_id,item_no,declared_at,importer_id,exporter_id,hs_code,quantity,net_mass_kg,customs_value,invoice_no\n\
               A1,1,2025-03-01,IMP1,EXP1,852852,10,100,5000.00,INV-1\n\
               A2,1,2025-03-02,IMP1,EXP1,852852,10,100,5000.00,INV-2\n\
               A3,1,2025-06-01,IMP1,EXP1,852852,10,100,5000.00,INV-3\n\
               B1,1,2025-04-01,IMP2,EXP2,080810,500,500,900.00,INV-9\n\
               B2,1,2025-09-01,IMP3,EXP3,090111,20,20,300.00,INV-9\n";
    let file = s.write("reuse.csv", csv);
    s.load("declarations", &file);
    s.run(&["risk", "run", "--rule", "document_reuse"])
        .assert()
        .success();
    let flagged: String = s.scalar("SELECT string_agg(declaration_id || ':' || (evidence->>'check'), ',' ORDER BY declaration_id) FROM risk_hits");
    assert_eq!(
        flagged,
        "A1:identical_item,A2:identical_item,B1:invoice_reuse,B2:invoice_reuse"
    );
}

#[test]
fn made_up_values_are_told_from_natural_ones() {
    // DEC1's values follow Benford's law (a geometric sequence); DEC9 favours the digit 5 and
    // whole thousands.
    let s = Scratch::new();
    let mut csv = String::from("declaration_id,declared_at,hs_code,declarant_id,customs_value\n");
    for i in 0..700 {
        let natural = 10f64.powf(1.0 + (i as f64) * 0.0137 % 4.0);
        csv.push_str(&format!("N{i},2025-01-01,852852,DEC1,{natural:.2}\n"));
    }
    for i in 0..80 {
        let invented = if i % 2 == 0 {
            5000.0
        } else {
            5000.0 + 17.0 * i as f64
        };
        csv.push_str(&format!("M{i},2025-01-01,852852,DEC9,{invented:.2}\n"));
    }
    let file = s.write("digits.csv", csv);
    s.load("declarations", &file);
    s.run(&["risk", "run", "--rule", "declared_value_digits"])
        .assert()
        .success();
    let flagged: String = s.scalar(
        "SELECT string_agg(DISTINCT (evidence->>'declarant_id') || ':' || (evidence->>'check'), ',' ORDER BY (evidence->>'declarant_id') || ':' || (evidence->>'check')) FROM risk_hits",
    );
    assert_eq!(flagged, "DEC9:benford,DEC9:round_numbers");
}

/// Loads `csv` into a fresh workspace and runs one rule with `params` (`rule.name=value`).
fn run_rule_on(csv: String, rule: &str, params: &[&str]) -> Scratch {
    let s = Scratch::new();
    let file = s.write("input.csv", csv);
    s.load("declarations", &file);
    let mut cmd = s.run(&["risk", "run", "--rule", rule]);
    for p in params {
        cmd.args(["--param", p]);
    }
    cmd.assert().success();
    s
}

#[test]
fn risk_profiles_learn_only_from_earlier_days() {
    // Day 1: twenty importers examined, one offence (overall rate 5 %). Day 2: IMPX's first
    // declaration is examined and found illicit, and it files a second one the same day.
    // Day 3: IMPX files again. Only the day-3 declaration may carry IMPX's record; neither
    // the offending declaration itself nor its same-day sibling may.
    let mut csv = String::from("declaration_id,declared_at,importer_id,office_id,hs_code,origin_country,customs_value,inspected,illicit\n");
    for i in 1..=20 {
        csv.push_str(&format!(
            "B{i:02},2025-01-01 10:00,IMPB{i:02},OFF1,852852,CN,1000,true,{}\n",
            i == 1
        ));
    }
    csv.push_str("X1,2025-01-02 09:00,IMPX,OFF1,852852,CN,1000,true,true\n");
    csv.push_str("X2,2025-01-02 15:00,IMPX,OFF1,852852,CN,1000,false,false\n");
    csv.push_str("X3,2025-01-03 09:00,IMPX,OFF1,852852,CN,1000,false,false\n");
    let s = run_rule_on(csv, "profile_risk", &["profile_risk.k=2"]);
    let flagged: String = s.scalar(
        "SELECT string_agg(declaration_id || ':' || (evidence->>'key') || ':' || (evidence->>'offences_before') || '/' || (evidence->>'inspected_before'), ',' ORDER BY declaration_id) FROM risk_hits",
    );
    assert_eq!(flagged, "X3:importer:1/1");
}

#[test]
fn new_traders_and_new_territory_are_told_apart() {
    // IMP1 imports chapter 85 from CN for a year, then from VN (new origin), then chapter 90
    // from CN (new chapter).
    let mut csv = String::from(
        "declaration_id,declared_at,importer_id,hs_code,origin_country,customs_value\n",
    );
    for i in 1..=12 {
        csv.push_str(&format!("D{i:02},2025-{i:02}-01,IMP1,852852,CN,5000\n"));
    }
    csv.push_str("D13,2025-12-10,IMP1,852852,VN,5000\n");
    csv.push_str("D14,2025-12-20,IMP1,901890,CN,5000\n");
    let s = run_rule_on(csv, "new_trader", &[]);
    let flagged: String = s.scalar(
        "SELECT string_agg(declaration_id || ':' || coalesce(evidence->>'new_origins', '') || ':' || coalesce(evidence->>'new_chapters', ''), ',' ORDER BY declaration_id) FROM risk_hits",
    );
    assert_eq!(flagged, "D01::,D02::,D03::,D13:VN:,D14::90");
    let reason: String = s.scalar("SELECT reason FROM risk_hits WHERE declaration_id = 'D13'");
    assert_eq!(
        reason,
        "importer IMP1 (declaration 13) for the first time imports from VN"
    );
}

#[test]
fn split_consignments_are_parts_of_one_exporters_shipment() {
    // IMP1 takes three parts of one shipment from EXP1; IMP2 buys the same goods on the same
    // day from three different suppliers, which is ordinary business.
    let mut csv =
        String::from("declaration_id,declared_at,importer_id,exporter_id,hs_code,customs_value\n");
    for (i, exporter) in ["EXP1", "EXP1", "EXP1"].iter().enumerate() {
        csv.push_str(&format!("A{i},2025-03-01,IMP1,{exporter},852852,900\n"));
    }
    for (i, exporter) in ["EXP1", "EXP2", "EXP3"].iter().enumerate() {
        csv.push_str(&format!("B{i},2025-03-01,IMP2,{exporter},852852,900\n"));
    }
    let s = run_rule_on(csv, "split_consignment", &[]);
    let flagged: String =
        s.scalar("SELECT string_agg(declaration_id, ',' ORDER BY declaration_id) FROM risk_hits");
    assert_eq!(flagged, "A0,A1,A2");
}

#[test]
fn a_rule_cannot_break_out_of_the_statement_that_runs_it() {
    // Issue 19: a rule's SQL is wrapped in `INSERT INTO risk_hits … FROM (…)`. A rule pack is
    // a file anyone may hand over; one that closed the parenthesis deleted the audit log
    // inside the risk run (and `risk lint`'s prepare ran it too).
    let s = crate::query::small_workspace();
    let pack = s.path("pack");
    std::fs::create_dir(&pack).unwrap();
    let header = "-- ---\n-- id = \"sly\"\n-- title = \"t\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = [\"declarations\"]\n-- ---\n";
    std::fs::write(
        pack.join("sly.sql"),
        format!("{header}SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason, NULL AS evidence FROM declarations) q; DELETE FROM audit_log; DELETE FROM declarations; SELECT * FROM (SELECT 1"),
    )
    .unwrap();
    let audit_rows = s.scalar::<i64>("SELECT count(*) FROM audit_log");
    let lint = flat(&stderr_of(s.run(&["risk", "lint", "--pack"]).arg(&pack), 2));
    assert!(lint.contains("a rule is one query"), "{lint}");
    let run = flat(&stderr_of(s.run(&["risk", "run", "--pack"]).arg(&pack), 2));
    assert!(run.contains("a rule is one query"), "{run}");
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 3);
    assert!(s.scalar::<i64>("SELECT count(*) FROM audit_log") >= audit_rows);
    s.run(&["audit", "verify"]).assert().success();
    // Found in review: a rule could read any file the analyst can (the audit key among them)
    // into `risk_hits`. Rules read the workspace's tables only.
    for reads in [
        "read_text('/etc/passwd')",
        "query('SELECT 1 AS x')",
        "'other.csv'",
        "read_csv('/etc/passwd')",
    ] {
        std::fs::write(
            pack.join("sly.sql"),
            format!("{header}SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason, NULL AS evidence FROM declarations, {reads} LIMIT 1"),
        )
        .unwrap();
        let run = flat(&stderr_of(s.run(&["risk", "run", "--pack"]).arg(&pack), 2));
        assert!(
            run.contains("reads outside the workspace"),
            "{reads}: {run}"
        );
        let lint = flat(&stderr_of(s.run(&["risk", "lint", "--pack"]).arg(&pack), 2));
        assert!(
            lint.contains("reads outside the workspace"),
            "{reads}: {lint}"
        );
    }
    // A rule ending in a comment still runs.
    std::fs::write(
        pack.join("sly.sql"),
        format!("{header}SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason, NULL AS evidence FROM declarations -- all of them"),
    )
    .unwrap();
    s.run(&["risk", "run", "--pack"])
        .arg(&pack)
        .assert()
        .success();
}

#[test]
fn compile_for_spark_writes_a_job_with_bound_parameters_and_refuses_what_it_cannot_translate() {
    let s = Scratch::new();
    let job = s.path("job");
    s.run(&[
        "risk",
        "compile",
        "--engine",
        "spark",
        "--pack",
        "declarations,telemetry",
        "--param",
        "unit_value_outlier.threshold=3.5",
        "--param",
        "route_deviation.importing_country=NG",
        "--out",
    ])
    .arg(&job)
    .assert()
    .success()
    .stderr(contains(
        "compiled 18 rule(s) of declarations,telemetry for Spark",
    ));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(job.join("job.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "clearway-spark-job");
    let outlier = manifest["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "unit_value_outlier")
        .unwrap();
    // the parameter is resolved and typed in the job, and stays a marker in the SQL
    assert_eq!(
        outlier["params"]["threshold"],
        serde_json::json!({"type": "float", "value": 3.5})
    );
    assert_eq!(outlier["params"]["min_group"]["value"], 20);
    let sql = std::fs::read_to_string(job.join("rules/unit_value_outlier.sql")).unwrap();
    assert!(sql.contains(":threshold") && !sql.contains("3.5"), "{sql}");
    // a frame bound must be a literal in Spark: the typed value is written as an interval
    let split = std::fs::read_to_string(job.join("rules/split_consignment.sql")).unwrap();
    assert!(
        split.contains("RANGE BETWEEN INTERVAL '1' DAY PRECEDING"),
        "{split}"
    );
    assert!(job.join("driver.py").is_file() && job.join("combine.sql").is_file());
    // an earlier job is replaced; a folder of other files is not
    s.run(&["risk", "compile", "--engine", "spark", "--out"])
        .arg(&job)
        .assert()
        .success();
    let other = s.path("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let err = flat(&stderr_of(
        s.run(&["risk", "compile", "--engine", "spark", "--out"])
            .arg(&other),
        2,
    ));
    assert!(err.contains("is not a clearway Spark job"), "{err}");

    // a rule that is not portable is refused with its file, line and column; nothing is written
    let pack = s.path("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(
        pack.join("m.sql"),
        "-- ---\n-- id = \"m\"\n-- title = \"t\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = [\"declarations\"]\n-- ---\n\
         SELECT declaration_id, item_no, 1.0 AS score, 'x' AS reason, NULL AS evidence\n\
         FROM declarations GROUP BY declaration_id, item_no HAVING mad(customs_value) > 0",
    )
    .unwrap();
    let out = s.path("job-m");
    let err = flat(&stderr_of(
        s.run(&["risk", "compile", "--engine", "spark", "--pack"])
            .arg(&pack)
            .arg("--out")
            .arg(&out),
        2,
    ));
    assert!(
        err.contains("m.sql:10:59: not portable [function]: mad(…) has no Spark translation"),
        "{err}"
    );
    assert!(!out.exists());
}
