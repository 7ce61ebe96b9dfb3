//! `clearway scene tracks|flows|design`: 3D scenes of the workspace ([`crate::scene`] asks
//! DuckDB and builds them; this file reads the arguments and says what was written).

use super::Ctx;
use crate::cli::SceneCommand;
use crate::error::Result;
use crate::output::report::{self, Summary};
use crate::scene::{self, flows::FlowsRequest, tracks::TracksRequest};
use crate::workspace::{audit, Workspace};

pub fn run(cmd: SceneCommand, ctx: &Ctx) -> Result<u8> {
    // a scene is an aggregation with a small result: DuckDB spills its joins rather than hold
    // ten million links in memory (peak under 1 GB, docs/benchmarks.md, issue 24), unless the
    // user or clearway.toml says otherwise
    let engine = ctx.engine_with(crate::workspace::EngineConfig {
        memory_limit: crate::scene::MEMORY_LIMIT.to_string(),
        ..Default::default()
    })?;
    let (written, format, kind) = match cmd {
        SceneCommand::Tracks {
            out,
            max_tracks,
            points,
            markers,
            run,
            format,
        } => {
            let ws = Workspace::open_ro(&ctx.workspace, &engine)?;
            let request = TracksRequest {
                max_tracks: max_tracks as usize,
                points_per_track: points as usize,
                max_markers: markers as usize,
                run,
            };
            let built = scene::tracks::build(&ws, &request)?;
            (scene::save(&built, &out)?, format, "tracks")
        }
        SceneCommand::Flows {
            out,
            height,
            max_arcs,
            run,
            format,
        } => {
            let ws = Workspace::open_ro(&ctx.workspace, &engine)?;
            let request = FlowsRequest {
                height,
                max_arcs: max_arcs as usize,
                run,
            };
            let built = scene::flows::build(&ws, &request)?;
            (scene::save(&built, &out)?, format, "flows")
        }
        SceneCommand::Design { file, out, format } => {
            let ws = Workspace::open_ro(&ctx.workspace, &engine)?.with_limits(ctx.limits()?);
            let built = scene::design::build(&ws, &file)?;
            (scene::save(&built, &out)?, format, "design")
        }
    };
    audit::record_read(
        &ctx.workspace,
        &engine,
        "scene",
        serde_json::json!({ "kind": kind, "out": written.path, "bytes": written.bytes }),
    )?;
    report::print(
        format,
        &Summary::new(serde_json::json!(written), written.summary()),
    )?;
    Ok(0)
}
