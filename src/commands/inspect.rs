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
            let text = b.summary();
            report::print(format, &Summary::new(serde_json::json!(b), text))?;
            Ok(0)
        }
        InspectCommand::Record { result, format } => {
            let ws = ctx.open_for_reading_files()?;
            let r = record::record(&ws, &result)?;
            let text = r.summary();
            report::print(format, &Summary::new(serde_json::json!(r), text))?;
            Ok(0)
        }
    }
}
