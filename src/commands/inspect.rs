//! `clearway inspect brief|record`: inspection packs ([`crate::inspect`] does the work; this
//! file reads the arguments and says what was done).

use super::Ctx;
use crate::cli::InspectCommand;
use crate::error::Result;
use crate::inspect::{brief, record};
use crate::output::report::{self, Summary};

pub fn run(cmd: InspectCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        InspectCommand::Brief {
            declaration_id,
            out,
            run,
            format,
        } => {
            let ws = ctx.open_for_reading_files()?;
            let b = brief::write(&ws, &declaration_id, run, &out)?;
            let mut text = format!(
                "{}: pack {} for declaration {} ({} checks, {} reasons{}{})\n",
                b.dir,
                b.pack_id,
                b.declaration_id,
                b.checks,
                b.reasons,
                if b.journey { ", journey" } else { "" },
                if b.models.is_empty() {
                    String::new()
                } else {
                    format!(", {} 3D model(s)", b.models.len())
                }
            );
            text.push_str(&format!("  checklist SHA-256 {}\n", b.checklist_sha256));
            for missing in &b.models_missing {
                text.push_str(&format!("  no model: {missing}\n"));
            }
            report::print(format, &Summary::new(serde_json::json!(b), text))?;
            Ok(0)
        }
        InspectCommand::Record { result, format } => {
            let ws = ctx.open_for_reading_files()?;
            let r = record::record(&ws, &result)?;
            let text = format!(
                "recorded pack {} for declaration {}: {} answers ({} found, {} not found, {} deviations, {} not checked), {} labels, {} photos verified{} — by {}\n",
                r.pack_id,
                r.declaration_id,
                r.answers,
                r.found,
                r.not_found,
                r.deviations,
                r.not_checked,
                r.labels,
                r.photos_verified,
                if r.photos_not_present > 0 {
                    format!(", {} not beside the result (hashes kept unchecked)", r.photos_not_present)
                } else {
                    String::new()
                },
                r.inspector
            );
            report::print(format, &Summary::new(serde_json::json!(r), text))?;
            Ok(0)
        }
    }
}
