//! One file per subcommand. Each `run` turns parsed arguments into calls of the library and
//! prints the result; the logic itself lives in the library so the TUI and tests share it.

/// `println!` to stdout that returns a write error instead of panicking: a closed pipe
/// (`clearway ... | head -1`) ends the command quietly in `main` (`Error::is_broken_pipe`),
/// and any other failure to write is an error like any other. Every command prints through
/// this or [`out!`]; `tests/it/cli.rs` runs each one into a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::error::Error::Io)?
    }};
}

/// `print!` as [`outln!`] is `println!`.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*).map_err($crate::error::Error::Io)?
    }};
}

/// `writeln!` into a `String` (which cannot fail): the text of a report is built, then
/// printed in the format asked for.
macro_rules! push_line {
    ($text:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($text, $($arg)*);
    }};
}

pub mod audit;
pub mod check;
pub mod classify;
pub mod config;
pub mod demo;
pub mod export;
pub mod generate;
pub mod init;
pub mod inspect;
pub mod lake;
pub mod ledger;
pub mod load;
pub mod model;
pub mod plot;
pub mod plugin;
pub mod provenance;
pub mod query;
pub mod report;
pub mod risk;
pub mod sample_data;
pub mod scene;
pub mod tui;

use crate::cli::{Cli, Command};
use crate::error::Result;
use crate::workspace::{EngineConfig, DEFAULT_PATH};
use std::path::PathBuf;

/// What every command needs to know besides its own arguments.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub workspace: PathBuf,
    /// True when the user named the workspace (flag or environment).
    pub workspace_given: bool,
    pub quiet: bool,
    pub progress: bool,
    /// `--memory-limit` (or `CLEARWAY_MEMORY_LIMIT`), when given.
    pub memory_limit: Option<String>,
    /// `--input-limit NAME=SIZE`, as given.
    pub limits: Vec<String>,
}

impl Ctx {
    /// The engine settings of the CLI's workspace: clearway's defaults, then `clearway.toml`'s
    /// `[engine]`, then `--memory-limit`.
    pub fn engine(&self) -> Result<EngineConfig> {
        self.engine_with(EngineConfig::default())
    }

    /// As [`Ctx::engine`], over a front end's own `defaults` (the TUI's smaller limit).
    pub fn engine_with(&self, defaults: EngineConfig) -> Result<EngineConfig> {
        EngineConfig::resolve(defaults, self.memory_limit.as_deref(), &self.workspace)
    }

    /// The bounds on input: clearway's defaults, then `clearway.toml`'s `[limits]`, then
    /// `--input-limit`.
    pub fn limits(&self) -> Result<crate::limits::Limits> {
        crate::workspace::limits::resolve(&self.limits, &self.workspace)
    }

    /// The workspace opened for writing, with the bounds on the input files a command reads
    /// into it (resolved first, so a bad `--input-limit` touches nothing).
    pub fn open_for_reading_files(&self) -> Result<crate::workspace::Workspace> {
        self.open_for_reading_files_with(&self.engine()?)
    }

    /// As [`Ctx::open_for_reading_files`], with engine settings the command resolved from its
    /// own defaults ([`Ctx::engine_with`]: a declarations load's lower memory limit).
    pub fn open_for_reading_files_with(
        &self,
        engine: &EngineConfig,
    ) -> Result<crate::workspace::Workspace> {
        let limits = self.limits()?;
        Ok(crate::workspace::Workspace::open_rw(&self.workspace, engine)?.with_limits(limits))
    }

    /// Narration goes to stderr, unless `--quiet`.
    pub fn say(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", text.as_ref());
        }
    }
}

/// Runs the parsed command line; the returned code is the process exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let ctx = Ctx {
        workspace_given: cli.workspace.is_some(),
        workspace: cli.workspace.unwrap_or_else(|| PathBuf::from(DEFAULT_PATH)),
        quiet: cli.quiet,
        progress: crate::progress::enabled() && !cli.quiet,
        memory_limit: cli.memory_limit,
        limits: cli.limits,
    };
    // An out-of-memory error is told the limit the command gave DuckDB (the TUI names its own
    // first), so its help can say which limit to raise.
    dispatch(cli.command, &ctx).map_err(|e| match ctx.engine() {
        Ok(engine) => e.with_memory_limit(&engine.memory_limit),
        Err(_) => e,
    })
}

fn dispatch(command: Command, ctx: &Ctx) -> Result<u8> {
    match command {
        Command::Init => init::run(ctx),
        Command::Load(cmd) => load::run(cmd, ctx),
        Command::Query(args) => query::run(args, ctx),
        Command::Export(args) => export::run(args, ctx),
        Command::Tui(args) => tui::run(args, ctx),
        Command::Plot(args) => plot::run(args, ctx),
        Command::Inspect(cmd) => inspect::run(cmd, ctx),
        Command::Scene(cmd) => scene::run(cmd, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::Risk(cmd) => risk::run(cmd, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::Lake(cmd) => lake::run(cmd, ctx),
        Command::Ledger(cmd) => ledger::run(cmd, ctx),
        Command::Provenance(cmd) => provenance::run(cmd, ctx),
        Command::Model(cmd) => model::run(cmd, ctx),
        Command::Classify(cmd) => classify::run(cmd, ctx),
        Command::Plugin(cmd) => plugin::run(cmd, ctx),
        Command::Audit(cmd) => audit::run(cmd, ctx),
        Command::SampleData(cmd) => sample_data::run(cmd, ctx),
        Command::Demo(args) => demo::run(args, ctx),
        Command::Config { format } => config::run(format, ctx),
        Command::Completions { shell } => generate::print_completions(shell),
        Command::Generate(cmd) => generate::run(cmd),
    }
}
