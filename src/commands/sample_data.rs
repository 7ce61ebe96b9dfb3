//! `clearway sample-data generate`.

use super::Ctx;
use crate::cli::SampleDataCommand;
use crate::error::Result;

pub fn run(cmd: SampleDataCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        SampleDataCommand::Generate {
            out,
            rows,
            seed,
            ais_vessels,
            ais_every,
        } => {
            let started = std::time::Instant::now();
            let summary = crate::sample_data::generate(&out, rows, seed, ctx.progress)?;
            // tracks for the vessels that carry most of the generated cargo
            let vessels = ais_vessels
                .unwrap_or(rows / 500)
                .clamp(1, crate::sample_data::VESSELS);
            let vessels = if ais_vessels.is_none() {
                vessels.max(5)
            } else {
                vessels
            };
            if ais_every == 0 || ais_every > 24 * 60 {
                return Err(crate::error::Error::usage(
                    format!("--ais-every {ais_every}: minutes between reports must be 1 to 1440"),
                    "the default is 360 (every 6 hours)",
                ));
            }
            let tracks = crate::sample_data::ais::generate(&out, vessels, seed, ais_every as i64)?;
            let containers = crate::sample_data::containers::generate(&out, seed)?;
            let ledger = crate::sample_data::ledger::generate(&out, seed)?;
            let designs = crate::sample_data::designs::generate(&out, seed)?;
            outln!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({ "declarations": summary, "ais": tracks, "containers": containers, "ledger": ledger, "designs": designs })
                )
                .expect("summary serialises")
            );
            ctx.say(format!(
                "generated {} rows in {:.1} s",
                summary.rows,
                started.elapsed().as_secs_f64()
            ));
            Ok(0)
        }
    }
}
