//! `clearway sample-data generate`.

use super::Ctx;
use crate::cli::SampleDataCommand;
use crate::error::Result;

pub fn run(cmd: SampleDataCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        SampleDataCommand::Generate { out, rows, seed } => {
            let started = std::time::Instant::now();
            let summary = crate::sample_data::generate(&out, rows, seed, ctx.progress)?;
            // tracks for the vessels that carry most of the generated cargo
            let vessels = (rows / 500).clamp(5, crate::sample_data::VESSELS);
            let tracks = crate::sample_data::ais::generate(&out, vessels, seed)?;
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({ "declarations": summary, "ais": tracks })
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
