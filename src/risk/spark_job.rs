//! `risk compile --engine spark`: a self-contained folder that `spark-submit` runs against a
//! lake ([`crate::lake`]) to give the hits and combined scores `risk run` gives on DuckDB.
//!
//! ```text
//! JOB/job.json            what to run: the rules (id, version, severity, weight, cap) with
//!                         their resolved, typed parameters; the lake it expects; the run's
//!                         clearway version
//! JOB/rules/<id>.sql      each rule's Spark SQL ([`super::spark`]); parameters as :name
//! JOB/combine.sql         the combined score over the hits (`runner::combine_sql`, compiled)
//! JOB/driver.py           the PySpark driver (spark-submit JOB/driver.py --lake DIR --out RUN)
//! ```
//!
//! Parameters are resolved exactly as `risk run` resolves them (header defaults, then
//! `clearway.toml`, then `--param`) and written typed into job.json; the driver binds them as
//! named parameters, never into the SQL text. The job is written to a staging folder and
//! renamed into place, so a half-written job never exists under its name.

use super::request::PreparedRun;
use super::rule::ParamValue;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The job format version the driver checks.
pub const JOB_VERSION: u32 = 1;

/// The PySpark driver shipped in every job.
pub const DRIVER: &str = include_str!("spark_driver.py");

/// `job.json`.
#[derive(Debug, Serialize)]
pub struct Job {
    pub format: &'static str,
    pub job_version: u32,
    pub clearway_version: &'static str,
    pub pack: String,
    /// The lake the job reads: at most this lake version, exactly this workspace schema.
    pub lake_version: u32,
    pub workspace_schema_version: i64,
    pub rules: Vec<JobRule>,
}

/// One rule of a job.
#[derive(Debug, Serialize)]
pub struct JobRule {
    pub id: String,
    pub version: i64,
    pub severity: String,
    pub weight: f64,
    pub cap: f64,
    pub tables: Vec<String>,
    pub file: String,
    pub params: BTreeMap<String, JobParam>,
}

/// A parameter's resolved value and its type (the driver builds the Python value from both).
#[derive(Debug, Serialize)]
pub struct JobParam {
    #[serde(rename = "type")]
    pub ty: super::rule::ParamType,
    pub value: ParamValue,
}

/// Writes the job for `run` into `out` (which must not exist, or be an earlier job).
pub fn write(run: &PreparedRun, out: &Path) -> Result<Job> {
    if out.exists() && !out.join("job.json").is_file() {
        return Err(Error::usage(
            format!("{} exists and is not a clearway Spark job", out.display()),
            "name a new folder, or an earlier job to replace",
        ));
    }
    let ws = crate::workspace::Workspace::in_memory()?;
    // a rule that would not give the same rows on Spark is not compiled
    for rule in &run.rules {
        if let Some(f) = super::portable::check(&ws.conn, rule)?.first() {
            return Err(Error::usage(
                format!(
                    "{}:{}:{}: not portable [{}]: {}",
                    rule.origin, f.line, f.column, f.check, f.message
                ),
                format!(
                    "{} (`clearway risk lint --portable` lists every finding)",
                    f.fix
                ),
            ));
        }
    }
    let mut rules = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    for rule in &run.rules {
        let values = run.overrides.resolve(rule)?;
        let sql = super::spark::compile(&ws.conn, rule, &values)?;
        let params = rule
            .params
            .iter()
            .map(|p| {
                let value = values
                    .get(&p.name)
                    .cloned()
                    .unwrap_or_else(|| p.default.clone());
                (p.name.clone(), JobParam { ty: p.ty, value })
            })
            .collect();
        let file = format!("rules/{}.sql", rule.id);
        files.push((file.clone(), sql + "\n"));
        rules.push(JobRule {
            id: rule.id.clone(),
            version: rule.version,
            severity: rule.severity.name().to_string(),
            weight: rule.weight,
            cap: rule.cap(),
            tables: rule.tables.clone(),
            file,
            params,
        });
    }
    let combine = super::runner::combine_sql(&run.rules).ok_or_else(|| {
        Error::usage(
            "the pack has no rules",
            "name a pack with rules (`clearway risk list`)",
        )
    })?;
    let combine_rule = super::rule::Rule::parse(
        &format!("-- ---\n-- id = \"combine\"\n-- title = \"combined score\"\n-- severity = \"low\"\n-- weight = 1.0\n-- version = 1\n-- tables = []\n-- ---\n{combine}"),
        "combined score",
    )?;
    files.push((
        "combine.sql".into(),
        super::spark::compile(&ws.conn, &combine_rule, &BTreeMap::new())? + "\n",
    ));
    let job = Job {
        format: "clearway-spark-job",
        job_version: JOB_VERSION,
        clearway_version: crate::VERSION,
        pack: run.pack.clone(),
        lake_version: crate::lake::LAKE_VERSION,
        workspace_schema_version: crate::workspace::schema::CURRENT_VERSION,
        rules,
    };
    files.push((
        "job.json".into(),
        serde_json::to_string_pretty(&job).expect("a job serialises") + "\n",
    ));
    files.push(("driver.py".into(), DRIVER.to_string()));
    write_folder(out, &files)?;
    Ok(job)
}

/// Writes `files` into a staging folder beside `out` and renames it into place (an earlier
/// job there is replaced).
fn write_folder(out: &Path, files: &[(String, String)]) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |cause| Error::Write { path, cause }
    };
    std::fs::create_dir_all(parent).map_err(write_err(parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".clearway-job-")
        .tempdir_in(parent)
        .map_err(write_err(parent))?;
    for (name, text) in files {
        let path = staging.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(write_err(dir))?;
        }
        std::fs::write(&path, text).map_err(write_err(&path))?;
    }
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(write_err(out))?;
    }
    let kept = staging.keep();
    std::fs::rename(&kept, out).map_err(write_err(out))
}
