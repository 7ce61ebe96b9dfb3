//! `clearway plot` and `clearway report`: every kind of chart from sample data, asserted on the
//! structure of the SVG (texts, series, bars), not on its bytes.

use crate::support::{demo_workspace, flat, shared_data, stderr_of, stdout_of, Scratch};

/// Draws `args` into `name` (kind first); returns the `--json` summary and the SVG text.
fn plot(s: &Scratch, name: &str, args: &[&str]) -> (serde_json::Value, String) {
    let out = s.path(name);
    let summary = stdout_of(
        s.run(&["--quiet", "plot"])
            .args(args)
            .arg("--out")
            .arg(&out)
            .arg("--json"),
    );
    let svg = std::fs::read_to_string(&out).unwrap_or_default();
    (serde_json::from_str(&summary).unwrap(), svg)
}

/// The text of every `<text>` element, XML entities decoded.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..t.find("</text>")?];
            Some(
                body.trim()
                    .replace("&apos;", "'")
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

fn has_text(svg: &str, wanted: &str) -> bool {
    texts(svg).iter().any(|t| t.contains(wanted))
}

/// Filled rectangles of the palette's first colour: bars, bins.
fn bars(svg: &str) -> usize {
    svg.matches("fill=\"#0072B2\"").count()
}

#[test]
fn histograms_bin_in_sql_and_label_their_axes() {
    let s = demo_workspace();
    let (j, svg) = plot(
        &s,
        "h.svg",
        &[
            "histogram",
            "--table",
            "declarations",
            "--x",
            "customs_value",
            "--log-x",
            "--bins",
            "40",
        ],
    );
    assert_eq!(j["rows"], 5000);
    assert_eq!(j["fetched"], 40);
    assert_eq!(bars(&svg), 40);
    assert!(
        has_text(&svg, "Distribution of customs_value"),
        "{:?}",
        texts(&svg)
    );
    assert!(has_text(&svg, "customs value (customs currency)"));
    assert!(has_text(
        &svg,
        "5,000 rows · table declarations · 40 logarithmic bins"
    ));
    // log ticks fall on decades, with thousands separators
    assert!(
        has_text(&svg, "1,000") && has_text(&svg, "100,000"),
        "{:?}",
        texts(&svg)
    );
}

#[test]
fn time_series_draw_one_line_per_group_with_a_legend() {
    let s = demo_workspace();
    let (j, svg) = plot(
        &s,
        "t.svg",
        &[
            "timeseries",
            "--table",
            "declarations",
            "--x",
            "declared_at",
            "--by",
            "office_id",
            "--period",
            "month",
        ],
    );
    assert_eq!(j["rows"], 5000);
    let offices: i64 = s.scalar("SELECT count(DISTINCT office_id) FROM declarations");
    let lines = offices.min(7) as usize + usize::from(offices > 7);
    // one polyline per series, and one per legend entry
    assert_eq!(
        svg.matches("stroke-width=\"2\"").count(),
        2 * lines,
        "{offices} offices"
    );
    assert!(has_text(&svg, "Rows per month"));
    assert!(has_text(&svg, "2025-"), "dates on the x axis");
    let busiest: String =
        s.scalar("SELECT office_id FROM declarations GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    assert!(has_text(&svg, &busiest));
    if offices > 7 {
        assert!(texts(&svg).iter().any(|t| t == "other"));
    }
    assert!(j["fetched"].as_u64().unwrap() <= 12 * lines as u64);
}

#[test]
fn scatters_become_densities_and_show_the_riskiest_items() {
    let s = demo_workspace();
    let (j, svg) = plot(
        &s,
        "s.svg",
        &[
            "scatter",
            "--table",
            "declarations",
            "--x",
            "net_mass_kg",
            "--y",
            "customs_value",
            "--log-x",
            "--log-y",
            "--hits",
        ],
    );
    assert!(j["caption"]
        .as_str()
        .unwrap()
        .contains("density of 120 × 120 bins"));
    assert!(has_text(&svg, "highest risk scores"));
    assert!(has_text(&svg, "rows per cell (log)"));
    // a small query stays a point cloud
    let (j, svg) = plot(
        &s,
        "p.svg",
        &[
            "scatter",
            "--query",
            "SELECT net_mass_kg, customs_value FROM declarations LIMIT 300",
            "--x",
            "net_mass_kg",
            "--y",
            "customs_value",
        ],
    );
    assert_eq!(j["fetched"], 300);
    assert_eq!(
        svg.matches("<circle").count(),
        300 + 1,
        "points and the legend's"
    );
}

#[test]
fn heatmaps_bars_and_benford_show_what_they_aggregate() {
    let s = demo_workspace();
    let (j, svg) = plot(
        &s,
        "hm.svg",
        &[
            "heatmap",
            "--query",
            "SELECT left(hs_code, 2) AS chapter, origin_country, illicit FROM declarations WHERE inspected",
            "--x",
            "chapter",
            "--y",
            "origin_country",
            "--value",
            "avg(CAST(illicit AS INTEGER))",
            "--top",
            "5",
        ],
    );
    assert!(j["fetched"].as_u64().unwrap() <= 25);
    let top_chapter: String = s.scalar("SELECT left(hs_code, 2) FROM declarations WHERE inspected GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    assert!(texts(&svg).contains(&top_chapter), "{:?}", texts(&svg));
    assert!(has_text(&svg, "value: avg(CAST(illicit AS INTEGER))"));

    let (j, svg) = plot(
        &s,
        "b.svg",
        &[
            "bar",
            "--table",
            "declarations",
            "--x",
            "importer_id",
            "--y",
            "customs_value",
            "--top",
            "7",
        ],
    );
    assert_eq!(j["fetched"], 7);
    assert_eq!(bars(&svg), 7);
    let top: String = s.scalar(
        "SELECT importer_id FROM declarations GROUP BY 1 ORDER BY sum(customs_value) DESC LIMIT 1",
    );
    assert!(texts(&svg).contains(&top));
    assert!(has_text(&svg, "sum of customs_value"));

    let (j, svg) = plot(
        &s,
        "bf.svg",
        &["benford", "--table", "declarations", "--x", "customs_value"],
    );
    assert_eq!(j["fetched"], 9);
    assert_eq!(bars(&svg), 9 + 1, "nine digits and the legend's swatch");
    assert!(has_text(&svg, "Benford's law") && has_text(&svg, "conformity"));
}

#[test]
fn tracks_and_unit_values_are_drawn_from_their_own_data() {
    let s = demo_workspace();
    let (j, svg) = plot(
        &s,
        "tr.svg",
        &[
            "track",
            "--query",
            "SELECT 'MSKU' || (i % 3) AS container, -5 + (i // 3) * 0.4 AS lon, 36 + (i % 3) AS lat,
                    CASE WHEN i = 31 THEN 'door open' END AS event, i AS t FROM range(90) r(i)",
            "--by",
            "container",
            "--time",
            "t",
            "--event",
            "event",
        ],
    );
    assert_eq!(j["rows"], 90);
    for t in [
        "MSKU0",
        "MSKU1",
        "MSKU2",
        "door open",
        "Tracks by container",
    ] {
        assert!(has_text(&svg, t), "{t} in {:?}", texts(&svg));
    }
    assert!(
        texts(&svg).iter().any(|t| t.ends_with("°N"))
            && texts(&svg).iter().any(|t| t.ends_with("°W"))
    );

    // the chart draws value per kg: take the strongest hit the rule made on that basis (it
    // judges per supplementary unit too, where that is further from its norm)
    let id: String = s.scalar("SELECT declaration_id FROM risk_hits WHERE rule_id = 'unit_value_outlier' AND evidence->>'basis' = 'per kg' ORDER BY score DESC, declaration_id LIMIT 1");
    let (j, svg) = plot(&s, "uv.svg", &["unit-value", "--declaration", &id]);
    let evidence: String = s.scalar(&format!(
        "SELECT CAST(evidence AS VARCHAR) FROM risk_hits WHERE rule_id = 'unit_value_outlier' AND declaration_id = '{id}' AND evidence->>'basis' = 'per kg' ORDER BY score DESC LIMIT 1"
    ));
    let e: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    // the picture and the rule agree on the peer group, its size and the item's z
    assert!(
        j["title"]
            .as_str()
            .unwrap()
            .ends_with(e["peer_group"].as_str().unwrap()),
        "{j} {e}"
    );
    assert_eq!(j["rows"], e["group_items"]);
    assert!(
        j["caption"]
            .as_str()
            .unwrap()
            .contains(&format!("robust z {:.1}", e["z"].as_f64().unwrap())),
        "{j} {e}"
    );
    for t in [
        "lower threshold",
        "upper threshold",
        "group median",
        "this item",
    ] {
        assert!(has_text(&svg, t), "{t}");
    }
}

#[test]
fn png_has_the_requested_size() {
    let s = demo_workspace();
    let out = s.path("h.png");
    s.run(&[
        "plot",
        "histogram",
        "--table",
        "declarations",
        "--x",
        "customs_value",
        "--width",
        "640",
        "--height",
        "360",
        "--out",
    ])
    .arg(&out)
    .assert()
    .success();
    let png = std::fs::read(&out).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    assert_eq!((be(&png[16..20]), be(&png[20..24])), (640, 360));
}

#[test]
fn a_million_rows_reach_rust_as_a_few_thousand_aggregates() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let million = "SELECT i AS id, 1 + (i * 7919) % 1000003 AS v, (i * 104729) % 999983 AS w, 'g' || (i % 13) AS g,
                   DATE '2025-01-01' + CAST(i % 365 AS INTEGER) AS day FROM range(1000000) r(i)";
    for (kind, extra) in [
        ("histogram", vec!["--x", "v"]),
        ("scatter", vec!["--x", "v", "--y", "w"]),
        ("timeseries", vec!["--x", "day", "--by", "g"]),
        ("heatmap", vec!["--x", "g", "--y", "g"]),
        ("bar", vec!["--x", "g"]),
        ("benford", vec!["--x", "v"]),
    ] {
        let mut args = vec![kind, "--query", million];
        args.extend(extra);
        let (j, _) = plot(&s, &format!("{kind}.svg"), &args);
        assert_eq!(j["rows"], 1_000_000, "{kind}: {j}");
        assert!(j["fetched"].as_u64().unwrap() <= 120 * 120, "{kind}: {j}");
    }
}

#[test]
fn bad_plots_name_the_column_and_what_is_wrong() {
    let s = demo_workspace();
    let out = s.path("x.svg");
    let err = |args: &[&str]| {
        flat(&stderr_of(
            s.run(&["plot"]).args(args).arg("--out").arg(&out),
            2,
        ))
    };
    let e = err(&["histogram", "--table", "declarations", "--x", "importer_id"]);
    assert!(
        e.contains("column `importer_id` is VARCHAR") && e.contains("needs numbers"),
        "{e}"
    );
    let e = err(&["histogram", "--table", "declarations", "--x", "nope"]);
    assert!(
        e.contains("the source has no column `nope`") && e.contains("customs_value"),
        "{e}"
    );
    let e = err(&[
        "histogram",
        "--query",
        "SELECT customs_value FROM declarations WHERE false",
        "--x",
        "customs_value",
    ]);
    assert!(e.contains("nothing to plot"), "{e}");
    let e = err(&[
        "timeseries",
        "--table",
        "declarations",
        "--x",
        "customs_value",
    ]);
    assert!(e.contains("needs a DATE or TIMESTAMP"), "{e}");
    let e = err(&["histogram", "--table", "nosuch", "--x", "v"]);
    assert!(e.contains("nosuch"), "{e}");
    let e = err(&[
        "scatter",
        "--query",
        "SELECT customs_value AS a, net_mass_kg AS b FROM declarations",
        "--x",
        "a",
        "--y",
        "b",
        "--hits",
    ]);
    assert!(
        e.contains("--hits needs the source's `declaration_id` column"),
        "{e}"
    );
    let gif = s.path("x.gif");
    let e = flat(&stderr_of(
        s.run(&[
            "plot",
            "histogram",
            "--table",
            "declarations",
            "--x",
            "customs_value",
            "--out",
        ])
        .arg(&gif),
        2,
    ));
    assert!(e.contains("written as .png or .svg"), "{e}");
    assert!(
        !out.exists() && !gif.exists(),
        "nothing is written on failure"
    );
}

#[test]
fn the_report_is_one_self_contained_file() {
    let s = demo_workspace();
    let dir = s.path("report");
    let printed = stdout_of(s.run(&["report", "--out"]).arg(&dir));
    assert_eq!(
        printed.trim(),
        dir.join("report.html").display().to_string()
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for wanted in [
        "<h2>Overview</h2>",
        "<h2>Top risks",
        "<h2>Selectivity lanes</h2>",
        "<h2>Evaluation",
        "<svg",
        "Customs value against net mass",
    ] {
        assert!(html.contains(wanted), "missing {wanted}");
    }
    // nothing is fetched when it is opened: no external sources or links, a policy that
    // refuses any request, and two scripts, clearway's own, inline: the refusal counter in the
    // head and the viewer (the other script elements hold the 3D views' .glb, which no browser
    // runs)
    assert!(!html.contains("src=") && !html.contains("href=\"http"));
    assert!(html.contains("content=\"default-src 'none'"));
    let scripts = html.matches("<script").count();
    let models = html
        .matches("<script type=\"model/gltf-binary;base64\">")
        .count();
    assert_eq!(
        (scripts - models, models),
        (2, 2),
        "the counter and the viewer once, two 3D views"
    );
    assert!(
        !html.contains("<?xml"),
        "SVG inlined without its XML declaration"
    );
    let charts = std::fs::read_dir(dir.join("charts")).unwrap().count();
    assert_eq!(html.matches("<figure").count(), charts + models);
    assert!(charts >= 6, "{charts} charts");
}

#[test]
fn real_ais_positions_draw_as_vessel_tracks() {
    // pyais's decoding of a public NMEA sample: one row per message, lon/lat in degrees, 181
    // and 91 where a vessel reports "not available"
    let Some(path) = shared_data("telemetry/ais/nmea_data_sample.expected.csv") else {
        return;
    };
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (lon, lat, mmsi) = (col("lon"), col("lat"), col("mmsi"));
    let mut positions = 0;
    let mut vessels = std::collections::HashSet::new();
    for row in reader.records() {
        let row = row.unwrap();
        let (Ok(x), Ok(y)) = (row[lon].parse::<f64>(), row[lat].parse::<f64>()) else {
            continue;
        };
        if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) {
            positions += 1;
            vessels.insert(row[mmsi].to_string());
        }
    }
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let query = format!(
        "SELECT CAST(mmsi AS VARCHAR) AS mmsi, lon, lat, line_no FROM read_csv('{}')",
        path.display()
    );
    let (j, svg) = plot(
        &s,
        "ais.svg",
        &[
            "track", "--query", &query, "--by", "mmsi", "--time", "line_no",
        ],
    );
    assert_eq!(j["rows"], positions, "positions on the globe");
    assert!(positions > 100 && vessels.len() > 12);
    // the twelve vessels with the most positions, one legend entry each
    assert_eq!(svg.matches("stroke-width=\"2\"").count(), 2 * 12);
    assert!(has_text(&svg, "°N") && has_text(&svg, "°E"));
}

#[test]
fn a_declarations_journey_is_drawn_from_its_linked_telemetry() {
    let s = demo_workspace();
    let id: String = s.scalar("SELECT declaration_id FROM declaration_telemetry WHERE lat IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    let mmsi: String = s.scalar(&format!(
        "SELECT any_value(mmsi) FROM declaration_telemetry WHERE declaration_id = '{id}'"
    ));
    let positions: i64 = s.scalar(&format!("SELECT count(*) FROM declaration_telemetry WHERE declaration_id = '{id}' AND lat IS NOT NULL"));
    let (j, svg) = plot(&s, "journey.svg", &["track", "--declaration", &id]);
    assert_eq!(j["rows"], positions);
    assert!(
        has_text(&svg, &format!("Journey of declaration {id}")) && has_text(&svg, &mmsi),
        "{:?}",
        texts(&svg)
    );
    assert!(j["caption"]
        .as_str()
        .unwrap()
        .contains(&format!("telemetry linked to declaration {id}")));
}
