//! `clearway report`: the HTML report an analyst sends to a supervisor.

use super::Ctx;
use crate::cli::ReportArgs;
use crate::error::Result;
use crate::workspace::{audit, Workspace};

pub fn run(args: ReportArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let written = crate::viz::report::write(&ws, args.run, &args.out)?;
    drop(ws);
    audit::record_read(
        &ctx.workspace,
        &ctx.engine()?,
        "report",
        serde_json::json!({ "out": written.html.display().to_string(), "charts": written.charts.len(), "scenes": written.scenes.len() }),
    )?;
    outln!("{}", written.html.display());
    for chart in &written.charts {
        ctx.say(format!("  chart {}", chart.display()));
    }
    for scene in &written.scenes {
        ctx.say(format!("  3D view {}", scene.display()));
    }
    Ok(0)
}
