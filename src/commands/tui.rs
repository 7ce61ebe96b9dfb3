//! `clearway tui`: an interactive session, or a scripted replay that writes the final screen.

use super::Ctx;
use crate::cli::TuiArgs;
use crate::error::{Error, Result};
use crate::tui::{self, Setup};
use crate::workspace::EngineConfig;

fn size(text: &str) -> Result<(u16, u16)> {
    let parsed = text
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)));
    match parsed {
        Some((w, h)) if (40..=1000).contains(&w) && (10..=500).contains(&h) => Ok((w, h)),
        _ => Err(Error::usage(
            format!("--size {text}: expected WIDTHxHEIGHT, at least 40x10"),
            "e.g. --size 120x40",
        )),
    }
}

/// The TUI's DuckDB memory ceiling unless `--memory-limit` says otherwise: a workbench that
/// stays open all day beside other tools keeps under 500 MB; big results spill to disk.
const TUI_MEMORY_LIMIT: &str = "400MB";

pub fn run(args: TuiArgs, ctx: &Ctx) -> Result<u8> {
    // clearway.toml's [engine] or --memory-limit, when given, override the TUI's own ceiling
    let engine = ctx.engine_with(EngineConfig {
        memory_limit: TUI_MEMORY_LIMIT.to_string(),
        ..EngineConfig::default()
    })?;
    run_with(args, ctx, &engine).map_err(|e| e.with_memory_limit(&engine.memory_limit))
}

fn run_with(args: TuiArgs, ctx: &Ctx, engine: &EngineConfig) -> Result<u8> {
    // read-write: the TUI runs the rule pack and writes annotations (each audited); it reads
    // files (a pack's design files, a result) within the same limits as the commands
    let ws = ctx.open_for_reading_files_with(engine)?;
    let setup = Setup::for_workspace(&ctx.workspace)?;
    let Some(script_path) = &args.replay else {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            return Err(Error::usage(
                "clearway tui needs a terminal",
                "run it in a terminal, or script it: clearway tui --replay SCRIPT --snapshot out.txt",
            ));
        }
        tui::interactive(&ws, &setup)?;
        return Ok(0);
    };
    let (width, height) = size(&args.size)?;
    let script =
        crate::limits::read_to_string_capped(script_path).map_err(|cause| Error::Read {
            path: script_path.clone(),
            cause,
        })?;
    let (screen, timings) = tui::replay(&ws, &setup, &script, width, height)?;
    match args.snapshot.as_deref() {
        Some(p) if p.as_os_str() != "-" => crate::output::write_atomically(p, |tmp| {
            std::fs::write(tmp, &screen).map_err(|cause| Error::Write {
                path: p.to_path_buf(),
                cause,
            })
        })?,
        _ => out!("{screen}"),
    }
    if let Some(path) = &args.timings {
        let json = serde_json::to_string_pretty(&timings).expect("timings serialise");
        std::fs::write(path, json).map_err(|cause| Error::Write {
            path: path.clone(),
            cause,
        })?;
    }
    Ok(0)
}
