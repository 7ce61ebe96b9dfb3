//! `clearway init`: create or migrate the workspace.

use super::Ctx;
use crate::error::Result;
use crate::workspace::{audit, schema::CURRENT_VERSION, Workspace};

pub fn run(ctx: &Ctx) -> Result<u8> {
    let existed = ctx.workspace.exists();
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    audit::append(
        &ws,
        "init",
        serde_json::json!({ "existed": existed, "schema_version": CURRENT_VERSION }),
    )?;
    let verb = if existed { "is ready" } else { "created" };
    outln!(
        "workspace {} {verb} (schema version {CURRENT_VERSION})",
        ws.path.display()
    );
    Ok(0)
}
