//! `clearway config`: the effective settings and where each came from ([`crate::settings`]
//! resolves them with the code every command runs; this file prints them).

use super::Ctx;
use crate::error::Result;
use crate::output::report::{self, Summary};
use crate::output::ReportFormat;
use crate::settings::{effective, Overrides};

pub fn run(format: ReportFormat, ctx: &Ctx) -> Result<u8> {
    let settings = effective(
        &ctx.workspace,
        &Overrides {
            memory_limit: ctx.memory_limit.as_deref(),
            input_limits: &ctx.limits,
        },
    )?;
    let rows = settings
        .iter()
        .map(|s| vec![s.setting.clone(), s.value.clone(), s.source.clone()])
        .collect();
    let text = crate::output::table_text(&["setting", "value", "source"], rows)?;
    let records = settings.iter().map(|s| serde_json::json!(s)).collect();
    report::print(
        format,
        &Summary::new(serde_json::json!(settings), text).with_records(records),
    )?;
    Ok(0)
}
