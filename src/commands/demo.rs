//! `clearway demo`: the README's first command. Loads the bundled sample into a fresh temporary
//! workspace (or the one named with `--workspace`), runs the analyses that exist, prints a
//! short report and writes the HTML report with its charts into `--out` (./clearway-demo).
//! Later capabilities add their sections here.

use super::Ctx;
use crate::cli::DemoArgs;
use crate::error::{Error, Result};
use crate::ingest::declarations::{self, LoadOptions};
use crate::output::OutputFormat;
use crate::risk;
use crate::viz::report;
use crate::workspace::Workspace;
use std::io::Write;

/// The checked-in sample (see sample-data/README.md), compiled in so the demo runs anywhere.
pub const SAMPLE_DECLARATIONS: &[u8] = include_bytes!("../../sample-data/declarations.csv");
/// AIS tracks of the sample's vessels, with planted dark periods, a spoofed report, meetings at
/// sea and detours.
pub const SAMPLE_AIS: &[u8] = include_bytes!("../../sample-data/ais.nmea");
/// Container tracker export for some of the sample's containers, with planted door openings,
/// seal problems, a reefer excursion and night stops.
pub const SAMPLE_CONTAINERS: &[u8] = include_bytes!("../../sample-data/containers.csv");

/// The sample's trade ledger (generic JSONL) and the DocumentStore anchors of its certificates
/// (EVM JSON-RPC), with planted tampering and mismatches.
pub const SAMPLE_LEDGER: &[u8] = include_bytes!("../../sample-data/ledger.jsonl");
pub const SAMPLE_LEDGER_EVM: &[u8] = include_bytes!("../../sample-data/ledger-evm.json");

/// The sample's customs administration is Nigeria's: the route rule's importing country.
const SAMPLE_IMPORTING_COUNTRY: &str = "route_deviation.importing_country=NG";

/// The demo's run: declarations and telemetry rules in one combined score.
const DEMO_PACK: &str = "declarations,telemetry,ledger";

fn section(
    ws: &Workspace,
    out: &mut dyn Write,
    title: &str,
    sql: &str,
    params: &[crate::sql::Param],
) -> Result<()> {
    writeln!(out, "\n## {title}\n")?;
    crate::sql::run_query(&ws.conn, sql, params, title, OutputFormat::Table, None, out)?;
    Ok(())
}

/// The sample designs (written afresh: the generator is deterministic): the originals
/// registered — the T-shaped proxy as a controlled design — and the incoming files judged.
fn design_section(ws: &Workspace, out: &mut dyn Write, scratch: &std::path::Path) -> Result<()> {
    use crate::provenance::check::check_paths;
    use crate::provenance::register::{entries_from_file, register_entries, Terms};
    let designs = crate::sample_data::designs::generate(scratch, 42)?;
    let root = std::path::Path::new(&designs.folder);
    // the gear is a nylon part: its holder prescribes PA12 at 0.1 mm layers
    let gear_settings = [("material", "PA12"), ("layer_height", "0.1")];
    for (file, owner, licence, controlled, settings) in [
        (
            "gear_12t.3mf",
            "Acme Gears Ltd",
            "CC-BY-NC-4.0",
            false,
            &gear_settings[..],
        ),
        (
            "tee_receiver_proxy.stl",
            "(controlled list)",
            "none",
            true,
            &[],
        ),
        ("plate.stl", "Acme Gears Ltd", "CC-BY-4.0", false, &[]),
    ] {
        let terms = Terms {
            owner: owner.into(),
            licence: Some(licence.into()),
            controlled,
            settings: settings
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Terms::default()
        };
        let entries = entries_from_file(&root.join("registry").join(file), &terms, &ws.limits)?;
        match register_entries(ws, &entries) {
            // a workspace given with --workspace may hold them from an earlier demo
            Ok(()) | Err(Error::Usage { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let verdicts = check_paths(ws, &[root.join("incoming")], Default::default(), None)?;
    writeln!(
        out,
        "\n## Design provenance (sample designs against the registry; the tee is a controlled-design proxy)\n"
    )?;
    for v in verdicts {
        let v = serde_json::to_value(&v).unwrap_or_default();
        let text = |k: &str| v[k].as_str().unwrap_or("-").to_string();
        writeln!(
            out,
            "{:<26} {:<14} {:<20} {}",
            text("file").rsplit('/').next().unwrap_or_default(),
            text("verdict"),
            text("design_id"),
            v["similarity"]
                .as_f64()
                .map(|s| format!("similarity {s:.3}"))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

/// HS code suggestions: a classifier trained on the nomenclature and the sample's classified
/// items suggests a code for every item (`hs_suggestions`), so that the risk run's rule
/// `hs_misclassification` can weigh what the descriptions read as against what was declared.
fn classify_section(
    ws: &Workspace,
    out: &mut dyn Write,
    scratch: &std::path::Path,
    progress: bool,
) -> Result<()> {
    use crate::classify::{self, Source, TrainRequest};
    let model = scratch.join("hs.cwhs");
    let request = TrainRequest {
        sources: vec![Source::Nomenclature, Source::History],
        before: None,
        settings: Default::default(),
    };
    let trained = classify::train(ws, &request, &model, progress)?;
    let scored = classify::score(ws, &model, classify::DEFAULT_TOP, progress)?;
    writeln!(
        out,
        "\n## HS code suggestions (a classifier of {} descriptions: {} classified items and the HS 2022 nomenclature)\n",
        trained.trained.examples, trained.history_items
    )?;
    writeln!(
        out,
        "{} items scored; rule hs_misclassification weighs the confident disagreements below",
        scored.items
    )?;
    Ok(())
}

/// A sample file's load report, or — in a workspace given with --workspace that already holds
/// it — a line saying it is reused.
fn print_load<R>(
    out: &mut dyn Write,
    file: &std::path::Path,
    loaded: Result<R>,
    render: fn(&R) -> String,
) -> Result<()> {
    match loaded {
        Ok(report) => write!(out, "{}", render(&report))?,
        Err(Error::AlreadyLoaded { load_id, .. }) => writeln!(
            out,
            "{} already loaded (load {load_id}); reusing it",
            file.display()
        )?,
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Each rule of a shipped pack: its hits in the demo's run, and one example.
fn findings_section(ws: &Workspace, out: &mut dyn Write, pack: &str, title: &str) -> Result<()> {
    // the pack's rule ids, bound as one comma-separated value (ids are letters, digits and _)
    let rules = crate::sql::Param {
        name: "rules".into(),
        value: risk::load_pack(pack)?
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(","),
    };
    section(
        ws,
        out,
        title,
        "SELECT rule_id, count(*) AS hits, count(DISTINCT declaration_id) AS declarations,
                min(reason) AS example
         FROM risk_hits WHERE run_id = (SELECT max(run_id) FROM risk_runs)
          AND list_contains(string_split($rules, ','), rule_id)
         GROUP BY ALL ORDER BY rule_id",
        &[rules],
    )
}

/// Runs the shipped rule pack, assigns lanes and evaluates against the sample's labels.
fn risk_sections(ws: &Workspace, out: &mut dyn Write) -> Result<()> {
    let rules = risk::load_pack(DEMO_PACK)?;
    let mut overrides = risk::Overrides::default();
    overrides.add_raw(&[SAMPLE_IMPORTING_COUNTRY.to_string()])?;
    let report = risk::runner::run(ws, DEMO_PACK, &rules, &overrides, |_, _| {})?;
    let budget = risk::lanes::Budget::parse("red=3%,yellow=7%", 1.0)?;
    risk::lanes::assign(ws, Some(report.run_id), budget, 42)?;
    let run = report::run_param(report.run_id);
    for (title, sql) in report::RISK {
        let title = match *title {
            "Risk rules" => format!(
                "Risk rules (run {}: the shipped declaration, telemetry and ledger packs)",
                report.run_id
            ),
            "Selectivity lanes" => {
                "Selectivity lanes (red 3 %, yellow 7 % per office, 1 % random control)".into()
            }
            other => other.to_string(),
        };
        section(ws, out, &title, sql, std::slice::from_ref(&run))?;
    }
    let evaluation = risk::evaluate::evaluate(ws, Some(report.run_id), None)?;
    writeln!(
        out,
        "\n## Evaluation at 5 % inspected (test period from {}, illicit rate {:.1} %)\n",
        evaluation.test_from,
        100.0 * evaluation.illicit_rate
    )?;
    for m in evaluation.metrics.iter().filter(|m| m.inspected_pct == 5) {
        writeln!(
            out,
            "{:<28} precision {:>5.1} %   recall {:>5.1} %   revenue {:>5.1} %   flagged {}{}",
            m.model,
            100.0 * m.precision,
            100.0 * m.recall,
            100.0 * m.revenue,
            crate::output::group_thousands(m.flagged),
            if m.below_budget {
                format!(
                    " (< {} inspected: the rest at its expected value)",
                    crate::output::group_thousands(m.inspected_items)
                )
            } else {
                String::new()
            }
        )?;
    }
    model_section(ws, out, report.run_id, &evaluation.test_from)
}

/// The learned model on the same test period: trained on the inspected items before it,
/// ranked beside the rules.
fn model_section(ws: &Workspace, out: &mut dyn Write, run: i64, test_from: &str) -> Result<()> {
    use crate::risk::evaluate::{aucs, evaluate_with, Extra};
    let m = crate::model::train(
        ws,
        "illicit",
        Some(test_from),
        0.8,
        &crate::model::Params::default(),
    )?;
    crate::model::ops::score_into_temp(
        ws,
        &m,
        crate::model::Items::InspectedFrom(m.training.test_from),
        false,
    )?;
    let extra = Extra {
        label: "gbdt",
        table: crate::model::ops::SCORES,
    };
    let evaluation = evaluate_with(ws, Some(run), Some(test_from), Some(&extra))?;
    writeln!(
        out,
        "\n## Learned model (gradient-boosted trees on {} inspected items before {test_from}, {} features)\n",
        m.training.train_rows + m.training.validation_rows,
        m.features.len()
    )?;
    for (model, auc) in aucs(ws, run, test_from, &extra)? {
        let at5 = evaluation
            .metrics
            .iter()
            .find(|x| x.model == model && x.inspected_pct == 5);
        if let Some(x) = at5 {
            writeln!(
                out,
                "{model:<28} AUC {:.3}   precision@5 % {:>5.1} %   revenue@5 % {:>5.1} %",
                auc,
                100.0 * x.precision,
                100.0 * x.revenue
            )?;
        }
    }
    Ok(())
}

pub fn run(args: DemoArgs, ctx: &Ctx) -> Result<u8> {
    let temp = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        cause: source,
    })?;
    let workspace = if ctx.workspace_given {
        ctx.workspace.clone()
    } else {
        temp.path().join("demo.duckdb")
    };
    let bundled = |name: &str, bytes: &[u8]| -> Result<std::path::PathBuf> {
        let path = temp.path().join(name);
        std::fs::write(&path, bytes).map_err(|source| Error::Write {
            path: path.clone(),
            cause: source,
        })?;
        Ok(path)
    };
    let present = |dir: &std::path::Path, names: &[&str]| -> Vec<std::path::PathBuf> {
        names
            .iter()
            .map(|f| dir.join(f))
            .filter(|p| p.exists())
            .collect()
    };
    let (sample, telemetry, ledgers) = match &args.sample {
        Some(dir) => (
            dir.join("declarations.csv"),
            present(dir, &["ais.nmea", "containers.csv"]),
            present(dir, &["ledger.jsonl", "ledger-evm.json"]),
        ),
        None => (
            bundled("declarations.csv", SAMPLE_DECLARATIONS)?,
            vec![
                bundled("ais.nmea", SAMPLE_AIS)?,
                bundled("containers.csv", SAMPLE_CONTAINERS)?,
            ],
            vec![
                bundled("ledger.jsonl", SAMPLE_LEDGER)?,
                bundled("ledger-evm.json", SAMPLE_LEDGER_EVM)?,
            ],
        ),
    };
    let ws = Workspace::open_rw(&workspace, &ctx.engine()?)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "clearway demo — workspace {}",
        if ctx.workspace_given {
            workspace.display().to_string()
        } else {
            "(temporary)".into()
        }
    )?;
    writeln!(out)?;
    match declarations::load(
        &ws,
        &sample,
        &LoadOptions {
            progress: ctx.progress,
            ..Default::default()
        },
    ) {
        Ok(report) => write!(out, "{}", super::load::render_report(&report))?,
        Err(Error::AlreadyLoaded { load_id, .. }) => writeln!(
            out,
            "sample already loaded in this workspace (load {load_id}); reusing it"
        )?,
        Err(e) => return Err(e),
    }
    for file in &telemetry {
        let loaded = crate::ingest::telemetry::load(
            &ws,
            file,
            crate::ingest::telemetry::TelemetryFormat::Auto,
            false,
            None,
            Default::default(),
        );
        print_load(&mut out, file, loaded, crate::ingest::telemetry::render)?;
    }
    for file in &ledgers {
        let loaded = crate::ingest::ledger::load(
            &ws,
            file,
            crate::ledger::LedgerFormat::Auto,
            false,
            None,
            None,
            Default::default(),
        );
        print_load(&mut out, file, loaded, crate::ingest::ledger::render)?;
    }
    for (title, sql) in report::OVERVIEW {
        section(&ws, &mut out, title, sql, &[])?;
    }
    section(
        &ws,
        &mut out,
        "Ledger verification (every block re-hashed, its body recomputed and linked, offline)",
        "SELECT chain_id AS chain, any_value(family) AS family, count(*) AS blocks,
                count(*) FILTER (WHERE verified) AS verified,
                count(*) FILTER (WHERE NOT verified AND problems = ['header only']) AS header_only,
                count(*) FILTER (WHERE NOT verified AND problems <> ['header only']) AS failed,
                coalesce(string_agg(DISTINCT array_to_string(problems, '; '), ' | ') FILTER (WHERE NOT verified), '') AS problems
         FROM ledger_blocks GROUP BY chain_id ORDER BY chain_id",
        &[],
    )?;
    classify_section(&ws, &mut out, temp.path(), ctx.progress)?;
    risk_sections(&ws, &mut out)?;
    for (pack, title) in [
        (
            "telemetry",
            "Telemetry findings (vessels and containers, linked to declarations)",
        ),
        (
            "ledger",
            "Ledger findings (trade documents against declarations)",
        ),
    ] {
        findings_section(&ws, &mut out, pack, title)?;
    }
    design_section(&ws, &mut out, temp.path())?;
    let written = report::write(&ws, None, &args.out)?;
    writeln!(out, "\n## Report and charts\n")?;
    writeln!(out, "{}", written.html.display())?;
    for chart in &written.charts {
        writeln!(out, "{}", chart.display())?;
    }
    writeln!(out, "\nNext: `clearway sample-data generate --out DIR --rows 100000`, then `clearway load declarations DIR/declarations.csv`,")?;
    writeln!(out, "`clearway risk run`, `clearway risk lanes` and `clearway risk explain ID`. `clearway --help` lists every command.")?;
    out.flush()?;
    Ok(0)
}
