//! `risk run --engine spark`: the job of [`super::spark_job`] run on a local pyspark, for an
//! analyst who has one (a cluster runs the same job with `spark-submit`, docs/spark.md).
//!
//! Before anything starts, the things a Spark run needs are checked, each with its own
//! diagnostic: the lake matches its manifest (a run over an altered file would be a verdict
//! about data nobody exported), the Python named by `--python` exists and imports pyspark
//! 4.2 or newer (QUALIFY and exact window percentiles came with 4.2), and a Java 17 or newer
//! is there for it to start. The job is compiled into a temporary folder, the driver runs as
//! a child process, and its `clearway-progress` lines drive the progress display; Spark's own
//! log is kept (bounded) and shown only when the run fails. The driver builds RUN_DIR in a
//! staging folder and renames it into place, so a failed or interrupted run leaves nothing
//! under RUN_DIR's name (or the earlier run there, untouched).
//!
//! Python is needed only here: the DuckDB engine and the job compiler never start it.

use super::request::PreparedRun;
use crate::error::{Error, Result};
use crate::process_group;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The oldest pyspark the compiled SQL runs on (QUALIFY, exact `percentile` windows).
pub const MIN_PYSPARK: (u32, u32) = (4, 2);
/// The oldest Java that Spark 4 starts on.
pub const MIN_JAVA: u32 = 17;
/// How much of Spark's stderr is kept for the diagnostic of a failed run.
const LOG_TAIL_BYTES: usize = 64 * 1024;

/// Where and how to run.
#[derive(Debug, Clone)]
pub struct SparkRunRequest {
    pub lake: PathBuf,
    pub out: PathBuf,
    /// Spark's master URL (`local[2]`, or a cluster's).
    pub master: String,
    /// The Python that imports pyspark.
    pub python: PathBuf,
    /// Spark settings for the session (`--spark-conf KEY=VALUE`).
    pub settings: Vec<(String, String)>,
}

/// Memory for a local Spark (driver and executor are one JVM) unless the user sets
/// `spark.driver.memory`: Spark's 1 GB default fails on a million declaration items.
pub const LOCAL_DRIVER_MEMORY: &str = "4g";

/// Parses `KEY=VALUE` settings; a malformed one is refused.
pub fn parse_settings(raw: &[String]) -> Result<Vec<(String, String)>> {
    raw.iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(Error::usage(
                format!("--spark-conf {s:?} is not KEY=VALUE"),
                "write e.g. --spark-conf spark.driver.memory=8g",
            )),
        })
        .collect()
}

impl SparkRunRequest {
    /// The settings passed to the driver: the user's, and for a local master the driver
    /// memory when the user did not set it.
    fn effective_settings(&self) -> Vec<(String, String)> {
        let mut settings = self.settings.clone();
        let local = self.master.starts_with("local");
        // a memory the user set (here, or as Spark's own SPARK_DRIVER_MEMORY) is theirs
        let set_by_user = settings.iter().any(|(k, _)| k == "spark.driver.memory")
            || std::env::var_os("SPARK_DRIVER_MEMORY").is_some();
        if local && !set_by_user {
            settings.push(("spark.driver.memory".into(), LOCAL_DRIVER_MEMORY.into()));
        }
        settings
    }
}

/// The Python to use when `--python` is not given: `CLEARWAY_PYSPARK_PYTHON`, else `python3`.
pub fn default_python() -> PathBuf {
    std::env::var_os("CLEARWAY_PYSPARK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// Runs `run` on Spark against the lake; `on_stage` hears each stage the driver reaches.
/// Returns the run record the driver wrote (already checked like `risk import` checks it).
pub fn run(
    run: &PreparedRun,
    request: &SparkRunRequest,
    progress: bool,
    mut on_stage: impl FnMut(&str),
) -> Result<super::import::SparkRun> {
    refuse_other_folder(&request.out)?;
    on_stage("verifying the lake");
    let verification = crate::lake::verify(&request.lake, progress)?;
    if let Some(p) = verification.problems.first() {
        return Err(Error::usage(
            format!(
                "the lake {} does not match its manifest: {}: {} ({} problem(s) in all)",
                request.lake.display(),
                p.path,
                p.problem,
                verification.problems.len()
            ),
            "export the lake again (`clearway lake export --out DIR`); `clearway lake verify DIR` lists every problem",
        ));
    }
    on_stage("checking pyspark and Java");
    check_pyspark(&request.python)?;
    check_java()?;
    let job_dir = tempfile::Builder::new()
        .prefix("clearway-spark-job-")
        .tempdir()
        .map_err(|cause| Error::Write {
            path: std::env::temp_dir(),
            cause,
        })?;
    let job = job_dir.path().join("job");
    super::spark_job::write(run, &job)?;
    run_driver(&job, request, &mut on_stage)?;
    super::import::SparkRun::read(&request.out)
}

/// RUN_DIR may be new or an earlier run (a run record and its two table folders, nothing
/// else); anything else is not overwritten.
fn refuse_other_folder(out: &Path) -> Result<()> {
    if out.symlink_metadata().is_ok() && !super::import::is_run_folder(out) {
        return Err(Error::usage(
            format!("{} exists and is not a clearway Spark run", out.display()),
            "name a new folder, or an earlier run to replace",
        ));
    }
    Ok(())
}

/// Runs `python -c CODE` and returns its trimmed stdout, or what went wrong.
fn python_says(python: &Path, code: &str) -> std::result::Result<String, String> {
    let out = Command::new(python)
        .args(["-c", code])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().last().unwrap_or("it failed").trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `python` exists and imports a pyspark of at least [`MIN_PYSPARK`].
pub fn check_pyspark(python: &Path) -> Result<String> {
    let install = format!(
        "install it: `{} -m pip install 'pyspark>={}.{}'`, or name another Python with --python (or CLEARWAY_PYSPARK_PYTHON)",
        python.display(),
        MIN_PYSPARK.0,
        MIN_PYSPARK.1
    );
    if let Err(e) = python_says(python, "import sys") {
        return Err(Error::usage(
            format!("cannot start Python `{}`: {e}", python.display()),
            "install Python 3 with pyspark, or name it with --python (or CLEARWAY_PYSPARK_PYTHON)",
        ));
    }
    let version =
        python_says(python, "import pyspark; print(pyspark.__version__)").map_err(|e| {
            Error::usage(
                format!("Python `{}` has no pyspark ({e})", python.display()),
                install.clone(),
            )
        })?;
    match parse_version(&version) {
        Some(v) if v >= MIN_PYSPARK => Ok(version),
        _ => Err(Error::usage(
            format!(
                "pyspark {version} (Python `{}`) is older than {}.{}, which the compiled rules need (QUALIFY, exact window percentiles)",
                python.display(),
                MIN_PYSPARK.0,
                MIN_PYSPARK.1
            ),
            install,
        )),
    }
}

/// The (major, minor) of a version string like `4.3.0` or `4.2.0.dev1`.
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((major, minor))
}

/// The Java pyspark will start (JAVA_HOME's, else `java` on PATH) is at least [`MIN_JAVA`].
pub fn check_java() -> Result<u32> {
    let java = std::env::var_os("JAVA_HOME")
        .map(|home| PathBuf::from(home).join("bin").join("java"))
        .unwrap_or_else(|| PathBuf::from("java"));
    let help = format!(
        "install a Java runtime {MIN_JAVA} or newer (Debian: `apt-get install openjdk-17-jre-headless`) and put it on PATH or in JAVA_HOME"
    );
    let out = Command::new(&java)
        .arg("-version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::usage(
                format!(
                    "Spark needs Java, and `{}` cannot be started: {e}",
                    java.display()
                ),
                help.clone(),
            )
        })?;
    // `java -version` writes to stderr: `openjdk version "17.0.9" …` or `java version "1.8.0_392"`
    let text = String::from_utf8_lossy(&out.stderr);
    let major = java_major(&text);
    match major {
        Some(m) if m >= MIN_JAVA => Ok(m),
        _ => Err(Error::usage(
            format!(
                "Spark 4 needs Java {MIN_JAVA} or newer; `{}` is {}",
                java.display(),
                text.lines()
                    .next()
                    .unwrap_or("of an unknown version")
                    .trim()
            ),
            help,
        )),
    }
}

/// The major version in `java -version`'s first line (`1.8` is 8).
fn java_major(text: &str) -> Option<u32> {
    let quoted = text.split('"').nth(1)?;
    let mut parts = quoted.split(['.', '_', '-', '+']);
    let first: u32 = parts.next()?.parse().ok()?;
    if first == 1 {
        return parts.next()?.parse().ok();
    }
    Some(first)
}

/// Starts the driver and waits for it; its progress lines go to `on_stage`, its stderr is
/// kept (the last [`LOG_TAIL_BYTES`]) for the diagnostic of a failure.
///
/// Signals (Unix; [`process_group`] has the fallback): the driver runs in a process group of
/// its own (a Ctrl-C at the terminal reaches clearway only). The first SIGINT or SIGTERM is
/// passed on to the driver, which stops Spark and removes its staging folder; a second kills
/// the driver's whole group at once. The child is waited for without being reaped until the
/// forwarding has stopped, so a signal is never sent to a process id the system has given to
/// someone else.
fn run_driver(
    job: &Path,
    request: &SparkRunRequest,
    on_stage: &mut impl FnMut(&str),
) -> Result<()> {
    // caught before the driver starts, so a Ctrl-C in between is not lost
    let mut forwarder = process_group::Forwarder::catch()?;
    let mut command = Command::new(&request.python);
    command
        .arg(job.join("driver.py"))
        // `--name=value`, so that a path starting with `-` is not read as an option
        .arg(flag_value("--lake", &request.lake))
        .arg(flag_value("--out", &request.out))
        .arg(flag_value("--master", Path::new(&request.master)))
        .args(
            request
                .effective_settings()
                .iter()
                .flat_map(|(k, v)| ["--conf".to_string(), format!("{k}={v}")]),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    process_group::own_group(&mut command);
    let mut child = command.spawn().map_err(|e| {
        Error::usage(
            format!("cannot start `{}`: {e}", request.python.display()),
            "name a Python with pyspark with --python",
        )
    })?;
    forwarder.forward_to(&child);
    let stderr = child.stderr.take().expect("stderr is piped");
    let log = std::thread::spawn(move || tail(stderr, LOG_TAIL_BYTES));
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout);
    let mut line = Vec::new();
    let mut done = false;
    // bytes, not text: a line that is not UTF-8 must not stop the pipe from being drained
    while lines.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
        let text = String::from_utf8_lossy(&line);
        if let Some(stage) = text.trim_end().strip_prefix("clearway-progress\t") {
            done |= stage == DONE_STAGE;
            on_stage(stage);
        }
        line.clear();
    }
    process_group::wait_exited(&child);
    let signal = forwarder.stop();
    let status = child.wait()?;
    let log = log.join().unwrap_or_default();
    if status.success() && done {
        // the run was in place before any signal could stop it
        return Ok(());
    }
    if let Some(signal) = signal {
        return Err(Error::Interrupted {
            signal: crate::interrupt::name(signal).to_string(),
            signo: signal,
            undone: format!(
                "the Spark run was stopped; {} is as it was before",
                request.out.display()
            ),
        });
    }
    Err(driver_failure(&log, status))
}

/// The stage the driver reports once the run is in place (signals are ignored after it).
const DONE_STAGE: &str = "done";

/// `--name=value` as one argument.
fn flag_value(name: &str, value: &Path) -> std::ffi::OsString {
    let mut arg = std::ffi::OsString::from(format!("{name}="));
    arg.push(value.as_os_str());
    arg
}

/// The last `limit` bytes `reader` gives, as text.
fn tail(mut reader: impl Read, limit: usize) -> String {
    let mut kept: std::collections::VecDeque<u8> = std::collections::VecDeque::new();
    let mut buf = [0u8; 8192];
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        kept.extend(&buf[..n]);
        let excess = kept.len().saturating_sub(limit);
        kept.drain(..excess);
    }
    String::from_utf8_lossy(kept.make_contiguous()).into_owned()
}

/// The diagnostic of a failed driver: the driver's own refusal when it made one (a lake that
/// does not fit the job), else Spark's error with the end of its log.
fn driver_failure(log: &str, status: std::process::ExitStatus) -> Error {
    if let Some(at) = log.rfind("clearway spark job: ") {
        let said = &log[at + "clearway spark job: ".len()..];
        let mut lines = said.lines();
        let message = lines.next().unwrap_or_default().to_string();
        let help = lines
            .next()
            .and_then(|l| l.trim().strip_prefix("help: "))
            .unwrap_or("see the message")
            .to_string();
        return Error::usage(message, help);
    }
    let last: Vec<&str> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Error::usage(
        format!(
            "the Spark run failed ({status}); the end of its log:\n{}",
            last.join("\n")
        ),
        "a rule's SQL error names the rule's file under the job; `clearway risk compile --engine spark --out JOB` writes the job to read",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_as_python_and_java_print_them() {
        assert_eq!(parse_version("4.3.0"), Some((4, 3)));
        assert_eq!(parse_version("4.2.0.dev1"), Some((4, 2)));
        assert_eq!(parse_version("3.5.1"), Some((3, 5)));
        assert_eq!(parse_version("four"), None);
        assert_eq!(
            java_major("openjdk version \"17.0.9\" 2023-10-17\nOpenJDK Runtime"),
            Some(17)
        );
        assert_eq!(java_major("java version \"1.8.0_392\""), Some(8));
        assert_eq!(java_major("openjdk version \"21\" 2023-09-19"), Some(21));
        assert_eq!(java_major("no quotes here"), None);
    }

    #[test]
    fn settings_are_key_value_and_a_local_spark_gets_memory_unless_told() {
        let parsed = parse_settings(&["spark.driver.memory=8g".into(), "a.b=x=y".into()]).unwrap();
        assert_eq!(parsed[1], ("a.b".to_string(), "x=y".to_string()));
        assert!(parse_settings(&["novalue".into()]).is_err());
        assert!(parse_settings(&["=1".into()]).is_err());
        let request = |master: &str, settings| SparkRunRequest {
            lake: "lake".into(),
            out: "run".into(),
            master: master.into(),
            python: "python3".into(),
            settings,
        };
        let memory = |r: &SparkRunRequest| {
            r.effective_settings()
                .into_iter()
                .filter(|(k, _)| k == "spark.driver.memory")
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
        };
        assert_eq!(memory(&request("local[2]", vec![])), ["4g"]);
        assert_eq!(memory(&request("local[2]", parsed.clone())), ["8g"]);
        assert!(memory(&request("yarn", vec![])).is_empty());
    }

    #[test]
    fn the_log_kept_is_bounded_to_its_end() {
        let text = "x".repeat(100_000) + "the end";
        let kept = tail(text.as_bytes(), 1000);
        assert_eq!(kept.len(), 1000);
        assert!(kept.ends_with("the end"));
    }
}
