//! The command line. Doc comments here ARE the help text, the man pages and the completions.

use crate::ingest::source::Format;
use crate::output::OutputFormat;
use crate::sql::Param;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub mod examples;

/// The command line as `clearway` parses it: the derived definition below, with each main
/// command's examples after its help ([`examples::EXAMPLES`]). Completions and man pages are
/// made from this too.
pub fn command() -> clap::Command {
    examples::EXAMPLES
        .iter()
        .fold(Cli::command(), |cmd, (path, list)| {
            let help = examples::help_text(list);
            with_subcommand(cmd, path, &|c| c.after_help(help.clone()))
        })
}

/// `cmd` with `change` applied to the subcommand at `path` (`"risk run"`; `""` is `cmd`).
fn with_subcommand(
    cmd: clap::Command,
    path: &str,
    change: &dyn Fn(clap::Command) -> clap::Command,
) -> clap::Command {
    match path.split_once(' ') {
        _ if path.is_empty() => change(cmd),
        Some((first, rest)) => cmd.mut_subcommand(first, |sub| with_subcommand(sub, rest, change)),
        None => cmd.mut_subcommand(path, change),
    }
}

/// Parses the process's arguments with [`command`]; exits with clap's message on a usage
/// error (code 2) or after `--help` / `--version` (code 0).
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// A terminal workbench for customs and border-management risk analysts.
///
/// Loads declaration exports into an embedded DuckDB workspace, answers ad-hoc risk questions
/// over them and exports results that pandas, polars, Spark and DuckDB read as they are.
/// Data goes to stdout, narration and progress to stderr. Exit codes: 0 ok, 1 a check found
/// what it looks for (e.g. `audit verify` found tampering), 2 usage, configuration or input
/// error, 3 plugin or external-service failure.
#[derive(Debug, Parser)]
#[command(
    name = "clearway",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The workspace database file [default: ./clearway.duckdb].
    #[arg(long, global = true, env = "CLEARWAY_WORKSPACE", value_name = "PATH")]
    pub workspace: Option<PathBuf>,

    /// The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50%
    /// [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`].
    #[arg(
        long,
        global = true,
        env = "CLEARWAY_MEMORY_LIMIT",
        value_name = "SIZE"
    )]
    pub memory_limit: Option<String>,

    /// Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml):
    /// max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB),
    /// max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip's parts
    /// together, 512MiB).
    #[arg(long = "input-limit", global = true, value_name = "NAME=SIZE")]
    pub limits: Vec<String>,

    /// Print less narration on stderr (errors are always printed).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace (or migrate an existing one to this version's schema).
    Init,
    /// Load exports into the workspace.
    #[command(subcommand)]
    Load(LoadCommand),
    /// Run SQL against the workspace (read-only) and print or save the result.
    Query(QueryArgs),
    /// Export a table or a query to CSV, Parquet or JSON, with a provenance sidecar.
    Export(ExportArgs),
    /// The interactive workbench: catalog, SQL editor, result grid, risks and cases, charts.
    Tui(TuiArgs),
    /// Draw a chart of a table or query to PNG or SVG; DuckDB does the aggregating.
    Plot(PlotArgs),
    /// Write a self-contained HTML report (tables and charts, no network) to a folder.
    Report(ReportArgs),
    /// Risk rule packs: list, check and run them.
    #[command(subcommand)]
    Risk(RiskCommand),
    /// Run a risk pack for CI and fail (exit 1) on what --fail-on / --max-hits name.
    Check(CheckArgs),
    /// The workspace as a Parquet lake for Spark and other engines: export it, verify it.
    #[command(subcommand)]
    Lake(LakeCommand),
    /// Inspection packs for the officer at the container: write one, record its result.
    ///
    /// A pack is an offline page (declaration, why it was selected, a checklist, the journey,
    /// declared designs in 3D with AR) whose checklist carries an id and a hash; its result
    /// comes back as annotations, labels for the learned model and audit entries.
    #[command(subcommand)]
    Inspect(InspectCommand),
    /// Big data as 3D scenes: glTF binary (.glb) for any viewer, or an offline page (.html)
    /// with clearway's WebGL viewer and VR/AR where the browser offers it.
    #[command(subcommand)]
    Scene(SceneCommand),
    /// 3D-print design files: scan them into the workspace with their fingerprints.
    #[command(subcommand)]
    Provenance(ProvenanceCommand),
    /// Ledgers: verify the loaded chains offline.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// The learned risk model: features, train, evaluate, score, monitor.
    ///
    /// Gradient-boosted trees (pure Rust) trained on inspection outcomes over SQL features
    /// computed only from each item's past; compared with the rules; scores become hits of
    /// rule `model_score` (pack `scoring`) with each item's top feature contributions.
    #[command(subcommand)]
    Model(ModelCommand),
    /// HS code suggestions from goods descriptions: train, suggest, score, evaluate.
    ///
    /// A tree of linear models (chapter, heading, subheading) over word and character n-gram
    /// TF-IDF, trained on the HS 2022 nomenclature and the workspace's classified items. Each
    /// suggestion names the words that carried it and the nearest labelled examples; scored
    /// suggestions feed rule `hs_misclassification` of the declarations pack.
    #[command(subcommand)]
    Classify(ClassifyCommand),
    /// Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks).
    ///
    /// A plugin is a folder with a plugin.toml, found in the workspace's plugins/, the user's
    /// config dir or CLEARWAY_PLUGIN_PATH. clearway talks JSON-RPC to it over stdio or HTTP and
    /// enforces its timeouts, output caps and environment allow-list. Plugin failures exit 3.
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// Inspect the workspace's tamper-evident audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Synthetic data for trials, tests and benchmarks.
    #[command(subcommand, name = "sample-data")]
    SampleData(SampleDataCommand),
    /// Load the bundled sample into a temporary workspace and print a short report.
    Demo(DemoArgs),
    /// The effective settings and where each came from: defaults, the user's config.toml, the
    /// clearway.toml beside the workspace, flags and environment (docs/configuration.md).
    Config {
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Print the completion script for SHELL on stdout (see the examples for where it goes).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Generate shell completions or man pages (maintainers' tool).
    #[command(subcommand, hide = true)]
    Generate(GenerateCommand),
}

#[derive(Debug, Subcommand)]
pub enum LoadCommand {
    /// Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON.
    ///
    /// Each file is one load and one transaction: it loads completely or not at all. Rows that
    /// fail validation go to the `rejects` table with their line and reason; rows whose
    /// (declaration_id, item_no) is already loaded, or repeats an earlier row of the file, are
    /// duplicates (--on-duplicate); the report reconciles read = loaded + duplicates +
    /// rejected. A file already loaded (same sha256) is refused.
    Declarations(LoadDeclarationsArgs),
    /// Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones.
    ///
    /// Formats, told from the content (--input-format names one): AIS NMEA 0183, the AIS CSV
    /// exports of the Danish Maritime Authority and MarineCadastre, container tracker, e-seal
    /// and reefer exports in CSV or JSON (with a column mapping), DCSA Track & Trace events and
    /// drone flight logs. zstd- or gzip-compressed files load as they are; tracker and drone
    /// times may be ISO 8601 or Unix seconds or milliseconds.
    ///
    /// Each file is one load and one transaction. Multi-fragment messages are joined; a bad
    /// checksum, a tag block that does not check out or an orphan fragment is a reject with
    /// its line and reason; other NMEA sentences, comments and empty payloads are skipped and
    /// counted. Events whose (source, device or MMSI or container, time, event type) is already
    /// loaded are duplicates (--on-duplicate). The report reconciles every line. Receive times
    /// come from NMEA 4.10 tag blocks (c:) or $PGHP wrappers.
    Telemetry(LoadTelemetryArgs),
    /// Load trade-document ledger exports, verifying them as they load.
    ///
    /// Hyperledger Fabric peer block files and `.block` files, EVM JSON-RPC exports (blocks,
    /// receipts, logs: arrays, NDJSON or request/response transcripts), OpenAttestation v2
    /// wrapped documents and clearway's generic JSONL chain. Blocks go to `ledger_blocks` with
    /// their verdict and problems, business facts to `ledger_records`; records in invalid
    /// transactions or failed blocks are kept with valid = false.
    Ledger(LoadLedgerArgs),
}

#[derive(Debug, Args)]
pub struct LoadLedgerArgs {
    /// Files to load.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Input format [default: auto, from the content].
    #[arg(long = "input-format", value_enum, default_value_t = crate::ledger::LedgerFormat::Auto)]
    pub format: crate::ledger::LedgerFormat,

    /// Name of the chain [default: the Fabric channel, the generic chain's own name, or
    /// `evm` / `openattestation`].
    #[arg(long, value_name = "ID")]
    pub chain: Option<String>,

    /// EVM: a TOML file mapping more events to records ([[event]] signature, record_type,
    /// doc_hash = topic1|topic2|topic3|data), beside the built-in DocumentStore events.
    #[arg(long, value_name = "TOML")]
    pub events: Option<PathBuf>,

    /// Load a file even if the same bytes were loaded before.
    #[arg(long)]
    pub force: bool,

    /// Blocks already loaded (same chain, block hash, data hash and state; a block that failed
    /// verification is never a duplicate) or repeated in the file:
    /// skip them with their records (counted, with the earlier load), replace the stored ones
    /// (audited), or reject the whole file.
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = crate::ingest::duplicates::OnDuplicate::Skip)]
    pub on_duplicate: crate::ingest::duplicates::OnDuplicate,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ProvenanceCommand {
    /// Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into
    /// `design_files`: per mesh its
    /// size, area, volume, watertightness and fingerprints — the file's sha256, the canonical
    /// geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2
    /// (also in any rotation; a mirror image differs), the principal sizes and chirality, and a
    /// D2 shape distribution (survives rotation, scale and re-meshing).
    Scan(ProvenanceScanArgs),
    /// Add designs to the registry: a rights holder's catalogue, or a list of controlled
    /// designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2,
    /// principal sizes and D2), or from a registry CSV
    /// (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`).
    Register(ProvenanceRegisterArgs),
    /// Judge design files against the registry and the loaded ledgers: exact match, same
    /// geometry in another file (any position or rotation), its mirror image, similar (same
    /// shape and size, with a score), the shape at another size (shape_only, with the size
    /// ratio) or unknown; controlled designs; licence
    /// and designer metadata missing or contradicting the registry; anchored in a verified
    /// ledger record or not. Writes `provenance_checks`.
    Check(ProvenanceCheckArgs),
}

#[derive(Debug, Args)]
pub struct ProvenanceRegisterArgs {
    /// A design file to register (STL, 3MF).
    #[arg(value_name = "FILE", required_unless_present = "registry")]
    pub file: Option<PathBuf>,

    /// A registry CSV to load instead of a file.
    #[arg(long, value_name = "CSV", conflicts_with_all = ["owner", "licence", "controlled", "title", "design_id", "settings"])]
    pub registry: Option<PathBuf>,

    /// The rights holder.
    #[arg(long, required_unless_present = "registry")]
    pub owner: Option<String>,

    /// The licence the design is published under.
    #[arg(long, required_unless_present = "registry")]
    pub licence: Option<String>,

    /// A controlled design (e.g. a firearm part): any match is flagged.
    #[arg(long)]
    pub controlled: bool,

    /// Title [default: the file's metadata title, else its name].
    #[arg(long)]
    pub title: Option<String>,

    /// Identifier [default: the file name without extension].
    #[arg(long, value_name = "ID")]
    pub design_id: Option<String>,

    /// A print setting the design prescribes (repeatable), e.g. `material=PA12`,
    /// `layer_height=0.1`, `fill_density=100%`: G-code claiming the design is held to it.
    #[arg(long = "setting", value_name = "KEY=VALUE")]
    pub settings: Vec<Param>,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ProvenanceCheckArgs {
    /// Design files or folders to judge.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,

    /// D2 similarity from which a file has a registered design's shape.
    #[arg(long, default_value_t = crate::print3d::compare::SIMILAR)]
    pub similar: f64,

    /// Relative difference allowed on each principal size for a file with a design's shape to
    /// be "similar" (that design at its size) rather than "shape_only" (another size).
    #[arg(long, default_value_t = crate::print3d::compare::SIZE_TOLERANCE, value_name = "FRACTION")]
    pub size_tolerance: f64,

    /// The registered design the files claim to be (from the declaration or the papers that
    /// travel with them): a file whose geometry, object names or print settings say otherwise
    /// is CONTRADICTED.
    #[arg(long, value_name = "DESIGN_ID")]
    pub claim: Option<String>,

    /// Exit 1 when a file matches a controlled design, or is not anchored on a ledger.
    #[arg(long, value_enum)]
    pub fail_on: Option<ProvenanceFailOn>,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProvenanceFailOn {
    Controlled,
    Unanchored,
}

#[derive(Debug, Args)]
pub struct ProvenanceScanArgs {
    /// Design files or folders.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Export the exact feature matrix the model uses (one row per item) to Parquet.
    Features(ModelFeaturesArgs),
    /// Train on the labelled items before the test period; writes a versioned model file.
    Train(ModelTrainArgs),
    /// AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the
    /// combined rule score, each rule and the DATE baselines.
    Evaluate(ModelFileArgs),
    /// Score items into model_scores (rule `model_score` of pack `scoring` reads them), each
    /// with its top feature contributions as the reason.
    Score(ModelScoreArgs),
    /// Population stability index of every feature: training period against recent items.
    Monitor(ModelMonitorArgs),
}

#[derive(Debug, Args)]
pub struct ModelFeaturesArgs {
    /// The Parquet file to write.
    #[arg(long, value_name = "FILE.parquet")]
    pub out: PathBuf,

    /// The risk run whose rule hits become features [default: the latest].
    #[arg(long, value_name = "N")]
    pub run: Option<i64>,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ModelTrainArgs {
    /// The label column (the canonical `illicit`).
    #[arg(long, default_value = "illicit")]
    pub label: String,

    /// Revenue column reported beside the label in evaluation.
    #[arg(long, default_value = "revenue_recovered")]
    pub revenue: String,

    /// Items declared from this date are the test period (never trained on).
    #[arg(long, value_name = "DATE", conflicts_with = "split_frac")]
    pub split: Option<String>,

    /// Train on this share of the items, by date [default: 0.8].
    #[arg(long, value_name = "FRACTION", default_value_t = 0.8)]
    pub split_frac: f64,

    /// The model file to write.
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,

    /// Boosting rounds at most (early stopping usually ends sooner).
    #[arg(long, default_value_t = 500)]
    pub iterations: usize,

    /// Shrinkage per round (XGBoost's default η).
    #[arg(long, default_value_t = 0.3)]
    pub learning_rate: f32,

    #[arg(long, default_value_t = 6)]
    pub max_depth: usize,

    /// Seed: the same data and seed give the same model.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Rows each tree grows from: `auto` samples with GOSS (the largest gradients and a random
    /// tenth of the rest) from 50,000 training rows, `all` never, `goss` always.
    #[arg(long, value_enum, default_value = "auto")]
    pub sampling: crate::model::Sampling,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ModelFileArgs {
    /// A model file from `model train`.
    pub model: PathBuf,

    /// The risk run to compare with [default: the latest].
    #[arg(long, value_name = "N")]
    pub run: Option<i64>,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ModelScoreArgs {
    /// A model file from `model train`.
    pub model: PathBuf,

    /// Score items declared from this date [default: all].
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ModelMonitorArgs {
    /// A model file from `model train`.
    pub model: PathBuf,

    /// Recent items: declared from this date [default: the last 30 days of the data].
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// The PSI from which a feature has drifted (0.1 watch, 0.25 act, by convention).
    #[arg(long, default_value_t = 0.2)]
    pub threshold: f64,

    /// Exit 1 when a feature drifted past the threshold.
    #[arg(long)]
    pub fail_on_drift: bool,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ClassifyCommand {
    /// Train a model on the nomenclature and the classified items; writes a versioned file.
    Train(ClassifyTrainArgs),
    /// The most probable HS 2022 subheadings for one description, and why.
    Suggest(ClassifySuggestArgs),
    /// Suggest codes for every item into hs_suggestions (replacing the previous ones).
    Score(ClassifyScoreArgs),
    /// Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or
    /// on a labelled file.
    Evaluate(ClassifyEvaluateArgs),
}

#[derive(Debug, Args)]
pub struct ClassifyTrainArgs {
    /// What to learn from (comma-separated). Without classified items in the workspace the
    /// model learns from the nomenclature alone, and says so.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "nomenclature,history"
    )]
    pub from: Vec<crate::classify::Source>,

    /// Learn only from items declared before this date (the items from it are the test period
    /// of `classify evaluate`) [default: every item].
    #[arg(long, value_name = "DATE")]
    pub before: Option<String>,

    /// The model file to write.
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,

    /// Passes over the training items, at most: a node of the tree passes over its items only
    /// as often as 1.6 million updates need, rounded up, and at least twice.
    #[arg(long, default_value_t = 5)]
    pub epochs: u32,

    /// A term is a feature from this many training descriptions.
    #[arg(long, default_value_t = 2)]
    pub min_df: u32,

    /// Seed: the same items and seed give the same model.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ClassifySuggestArgs {
    /// The goods description, as declared.
    pub text: String,

    /// A model file from `classify train` [default: one trained on the nomenclature alone, now].
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,

    /// How many subheadings to suggest.
    #[arg(long, default_value_t = 3)]
    pub top: usize,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ClassifyScoreArgs {
    /// A model file from `classify train`.
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,

    /// Suggestions kept per item.
    #[arg(long, default_value_t = crate::classify::DEFAULT_TOP)]
    pub top: usize,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ClassifyEvaluateArgs {
    /// A model file from `classify train`.
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,

    /// Evaluate on the items declared from this date [default: the model's `--before`].
    #[arg(long, value_name = "DATE", conflicts_with = "file")]
    pub from: Option<String>,

    /// Evaluate on a labelled CSV file instead (columns `description` and `hs_code`).
    #[arg(long, value_name = "CSV")]
    pub file: Option<PathBuf>,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// The plugins found, where, and whether they are approved.
    List(PluginListArgs),
    /// A plugin's manifest: transport, limits, commands and their arguments.
    Describe(PluginNameArgs),
    /// Contract test: handshake, the announced commands against the manifest, one dry call.
    ///
    /// Runs the plugin whether or not it is approved: it is how a plugin is inspected before
    /// `approve`. Nothing is pinned.
    Check(PluginNameArgs),
    /// Trust a plugin (again): handshake, then pin its files' sha256 in plugins.lock.
    Approve(PluginNameArgs),
    /// Call a command; JSON results are printed, tables printed or stored with --into.
    Call(PluginCallArgs),
    /// Run a streaming command and store its items in a table until --duration or --max-items.
    Stream(PluginStreamArgs),
}

#[derive(Debug, Args)]
pub struct PluginListArgs {
    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Args)]
pub struct PluginNameArgs {
    /// The plugin's name.
    pub name: String,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct PluginRunArgs {
    /// The plugin's name.
    pub name: String,

    /// The command to run.
    pub command: String,

    /// An argument, KEY=VALUE (repeatable); the value is JSON when it parses as JSON, else text.
    #[arg(long = "arg", value_name = "KEY=VALUE")]
    pub args: Vec<Param>,

    /// Allow a command with side effects (it changes something outside clearway).
    #[arg(long)]
    pub yes: bool,

    /// Run a plugin that is not approved (or changed since), and pin it.
    #[arg(long)]
    pub trust: bool,

    /// Override the manifest's call timeout, in milliseconds.
    #[arg(long, value_name = "MS")]
    pub timeout: Option<u64>,
}

#[derive(Debug, Args)]
pub struct PluginCallArgs {
    #[command(flatten)]
    pub run: PluginRunArgs,

    /// Send the result of this query (read-only) as the command's input table.
    #[arg(long, value_name = "SQL")]
    pub input_query: Option<String>,

    /// How the input table travels: Arrow IPC (fast) or JSON rows [default: the command's
    /// `input_format` in plugin.toml, else arrow].
    #[arg(long, value_enum)]
    pub input_format: Option<crate::plugin::manifest::Encoding>,

    /// Store a table result (or a JSON array of objects) in this workspace table.
    #[arg(long, value_name = "TABLE")]
    pub into: Option<String>,

    /// With --into: replace the table instead of appending to it.
    #[arg(long, requires = "into")]
    pub replace: bool,

    /// How to print a table result.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct PluginStreamArgs {
    #[command(flatten)]
    pub run: PluginRunArgs,

    /// Where the items go: telemetry_events (items carrying telemetry fields, with lineage),
    /// or any other table (created as received_at, item JSON).
    #[arg(long, value_name = "TABLE")]
    pub into: String,

    /// Stop after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<f64>,

    /// Stop after this many items.
    #[arg(long, value_name = "N")]
    pub max_items: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Re-verify the loaded ledgers from their source files and report each block's verdict.
    ///
    /// Recomputes, offline: Fabric header (DER) and data hashes with the canonical-envelope
    /// check (CVE-2023-46132), orderer and transaction ECDSA signatures; EVM header hashes
    /// (keccak256 of the RLP header, every fork's field list) and parent links; OpenAttestation
    /// target hashes and Merkle proofs; the generic chain's hashes and links — and the links
    /// between blocks loaded from different files. Updates `ledger_blocks`.
    Verify(LedgerVerifyArgs),
}

#[derive(Debug, Args)]
pub struct LedgerVerifyArgs {
    /// Only this chain.
    #[arg(long, value_name = "ID")]
    pub chain: Option<String>,

    /// Exit 1 when any block fails verification.
    #[arg(long, value_enum)]
    pub fail_on: Option<LedgerFailOn>,

    /// table: a summary and the failed blocks; json: everything (csv, ndjson, markdown: one
    /// row per block); fabric: Fabric's `ledgerutil verify` output
    /// (`[{"blockNum":…,"valid":false,"errors":[…]}]`) per chain.
    #[arg(long, value_enum, default_value_t = LedgerVerifyFormat::Table)]
    pub format: LedgerVerifyFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LedgerFailOn {
    /// Any block that fails verification.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LedgerVerifyFormat {
    Table,
    Csv,
    Json,
    Ndjson,
    Markdown,
    Fabric,
}

#[derive(Debug, Args)]
pub struct LoadTelemetryArgs {
    /// Files to load.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Input format [default: auto, from the content].
    #[arg(long = "input-format", value_enum, default_value_t = crate::ingest::telemetry::TelemetryFormat::Auto)]
    pub format: crate::ingest::telemetry::TelemetryFormat,

    /// Tracker CSV: a TOML file naming the header of any field (`[columns]` then
    /// `ts = "Time (UTC)"`); recognised header names are used otherwise.
    #[arg(long, value_name = "TOML")]
    pub mapping: Option<PathBuf>,

    /// Load a file even if the same bytes were loaded before.
    #[arg(long)]
    pub force: bool,

    /// Rows whose natural key is already loaded (or repeats an earlier row of the file): skip
    /// them (counted, with the earlier load), replace the stored rows (audited), or reject the
    /// whole file.
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = crate::ingest::duplicates::OnDuplicate::Skip)]
    pub on_duplicate: crate::ingest::duplicates::OnDuplicate,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

#[derive(Debug, Args)]
pub struct LoadDeclarationsArgs {
    /// Files to load.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Mapping profile: `canonical`, `bacuda`, or a TOML mapping file. Detected from the
    /// header when it is unambiguous.
    #[arg(long, value_name = "PROFILE")]
    pub mapping: Option<String>,

    /// Load a file even if the same bytes were loaded before.
    #[arg(long)]
    pub force: bool,

    /// Input format [default: from the extension, else from the content]. (`--format` names
    /// the report's format, as in every command.)
    #[arg(long = "input-format", value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Rows whose natural key is already loaded (or repeats an earlier row of the file): skip
    /// them (counted, with the earlier load), replace the stored rows (audited), or reject the
    /// whole file.
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = crate::ingest::duplicates::OnDuplicate::Skip)]
    pub on_duplicate: crate::ingest::duplicates::OnDuplicate,

    /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for
    /// programs (docs/output.md). `--report` is the old spelling.
    #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub report: ReportFormat,
}

pub use crate::output::ReportFormat;

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The SQL to run (DuckDB dialect). Use `$name` for parameters.
    #[arg(
        value_name = "SQL",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub sql: Option<String>,

    /// Read the SQL from a file.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Bind a parameter: `--param min=100` sets `$min`. Values are bound, never spliced.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<Param>,

    /// Output format (parquet needs --out).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Write the result to a file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// At most this many rows (a table shows 100 unless told otherwise).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Which files the query may read: `any` file you may read, or only files under the
    /// `workspace`'s folder. Default: `[query] files` in clearway.toml, else `any`.
    #[arg(long, value_enum, value_name = "WHERE")]
    pub files: Option<crate::sql::files::FileAccess>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  clearway plot histogram --table declarations --x customs_value --log-x --out values.png
  clearway plot timeseries --table declarations --x declared_at --by office_id --out offices.svg
  clearway plot scatter --table declarations --x net_mass_kg --y customs_value --log-x --log-y --hits --out scatter.png
  clearway plot heatmap --query \"SELECT left(hs_code, 2) AS chapter, origin_country, illicit FROM declarations WHERE inspected\" --x chapter --y origin_country --value \"avg(CAST(illicit AS INT))\" --out rate.svg
  clearway plot bar --table declarations --x importer_id --y customs_value --top 15 --out importers.png
  clearway plot benford --table declarations --x customs_value --out digits.svg
  clearway plot track --table telemetry_events --by device_id --time observed_at --event event_type --out tracks.png
  clearway plot unit-value --declaration DCL25-00000-000042 --out why.svg
  clearway plot track --declaration DCL25-00000-000042 --out journey.png")]
pub struct PlotArgs {
    /// What to draw.
    #[arg(value_enum, value_name = "KIND")]
    pub kind: crate::viz::Kind,

    /// The table to draw from.
    #[arg(long, value_name = "TABLE", conflicts_with = "query")]
    pub table: Option<String>,

    /// A query to draw from (run read-only); instead of --table.
    #[arg(long, value_name = "SQL")]
    pub query: Option<String>,

    /// The x column (track maps: longitude, found by name when not given).
    #[arg(long, value_name = "COLUMN")]
    pub x: Option<String>,

    /// The y column (time series and bars: summed; track maps: latitude).
    #[arg(long, value_name = "COLUMN")]
    pub y: Option<String>,

    /// One series (time series) or one track (track map) per value of this column.
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,

    /// An aggregate SQL expression to show (heatmap, bar), e.g. `avg(CAST(illicit AS INT))`
    /// [default: count(*)].
    #[arg(long, value_name = "SQL")]
    pub value: Option<String>,

    /// Histogram bins.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub bins: usize,

    /// Time-series buckets [default: by the time span].
    #[arg(long, value_enum)]
    pub period: Option<crate::viz::Period>,

    /// Categories kept (bar: bars; heatmap: rows and columns).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,

    /// Logarithmic x axis (values <= 0 are left out and counted in the caption).
    #[arg(long)]
    pub log_x: bool,

    /// Logarithmic y axis (scatter).
    #[arg(long)]
    pub log_y: bool,

    /// Scatter: draw the latest risk run's hits on top (needs declaration_id, item_no).
    #[arg(long)]
    pub hits: bool,

    /// Unit-value chart: the declaration to show. Track map without --table/--query: draw the
    /// journey of this declaration's linked vessels and containers.
    #[arg(long, value_name = "ID")]
    pub declaration: Option<String>,

    /// Unit-value chart: the item [default: the one the outlier rule flagged most strongly,
    /// else the first].
    #[arg(long, value_name = "N")]
    pub item: Option<i32>,

    /// Track map: the column that orders a track's points.
    #[arg(long, value_name = "COLUMN")]
    pub time: Option<String>,

    /// Track map: a column whose non-empty values are events to mark (door open, gap ...).
    #[arg(long, value_name = "COLUMN")]
    pub event: Option<String>,

    /// The chart's title [default: one that says what is drawn].
    #[arg(long)]
    pub title: Option<String>,

    /// Width in pixels.
    #[arg(long, default_value_t = 1200)]
    pub width: u32,

    /// Height in pixels.
    #[arg(long, default_value_t = 720)]
    pub height: u32,

    /// The file to write: .png or .svg.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,

    /// Print what was drawn on stdout (kind, title, rows, rows fetched, file, timings) in this
    /// format [default: nothing on stdout; a line on stderr].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,

    /// The old spelling of `--format json`.
    #[arg(long, hide = true, conflicts_with = "format")]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Keys: F1 help, Ctrl-P command palette, F5 run, F3 risks, Ctrl-Q quit. Keymap overrides and the theme go in clearway.toml beside the workspace:
  [tui]
  theme = \"light\"        # dark (default), light or none; NO_COLOR also turns colour off
  [tui.keys.grid]          # contexts: global, catalog, editor, grid, risk, case
  \"x\" = \"SortDesc\"
A replay script has one action per line, named as the palette names them, e.g.:
  SetQuery SELECT * FROM declarations
  RunQuery
  FocusGrid
  SortDesc"
)]
pub struct TuiArgs {
    /// Run the actions of this script headless instead of an interactive session.
    #[arg(long, value_name = "SCRIPT")]
    pub replay: Option<PathBuf>,

    /// With --replay: write the final screen as text to this file (`-` for stdout).
    #[arg(long, value_name = "FILE", requires = "replay")]
    pub snapshot: Option<PathBuf>,

    /// With --replay: the terminal size, WIDTHxHEIGHT.
    #[arg(
        long,
        value_name = "WxH",
        default_value = "120x40",
        requires = "replay"
    )]
    pub size: String,

    /// With --replay: write each action's DuckDB and frame time as JSON to this file.
    #[arg(long, value_name = "FILE", requires = "replay")]
    pub timings: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The folder to write report.html (and its charts as SVG files) into.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// The risk run to report on [default: the latest].
    #[arg(long, value_name = "N")]
    pub run: Option<i64>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub verify: Option<ExportCommand>,

    /// The table to export.
    #[arg(
        value_name = "TABLE",
        required_unless_present = "query",
        conflicts_with = "query"
    )]
    pub table: Option<String>,

    /// Export the result of this SQL instead of a table.
    #[arg(long, value_name = "SQL")]
    pub query: Option<String>,

    /// Bind a parameter of --query: `--param min=100` sets `$min`.
    #[arg(
        long = "param",
        short = 'p',
        value_name = "NAME=VALUE",
        requires = "query"
    )]
    pub params: Vec<Param>,

    /// The file to write; FILE.provenance.json is written beside it.
    #[arg(long, short, value_name = "FILE", required = true)]
    pub out: Option<PathBuf>,

    /// File format [default: from the extension of --out]. `json` is newline-delimited JSON.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Re-check an exported file against its provenance sidecar (hash, size, row count).
    Verify {
        /// The exported file (its sidecar is FILE.provenance.json).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long = "format", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        report: ReportFormat,
    },
}

/// The export formats (the library's, [`crate::export::ExportFormat`]).
pub use crate::export::ExportFormat;

#[derive(Debug, Subcommand)]
pub enum RiskCommand {
    /// List the rules of a pack with their severity, weight and parameters.
    List {
        /// A shipped pack's name or a folder of rule files.
        #[arg(long, default_value = crate::risk::DEFAULT_PACK, value_name = "PACK")]
        pack: String,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Check every rule of a pack: header, SQL against the workspace schema, output columns,
    /// declared tables and parameters (exit 2 when any rule is broken).
    Lint {
        /// A shipped pack's name or a folder of rule files.
        #[arg(long, default_value = crate::risk::DEFAULT_PACK, value_name = "PACK")]
        pack: String,
        /// Also report, with file, line and column, every construct that would not run
        /// identically on Apache Spark (docs/spark.md lists the checks).
        #[arg(long)]
        portable: bool,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Compile a pack for another engine: a self-contained Apache Spark job (the rules' Spark
    /// SQL, their resolved parameters, the combined score and a PySpark driver) that
    /// `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake.
    Compile {
        /// The engine to compile for.
        #[arg(long, value_enum)]
        engine: CompileEngine,
        /// The job folder to write (replaced when it holds an earlier job).
        #[arg(long, value_name = "JOB")]
        out: PathBuf,
        /// A shipped pack's name (or several, comma-separated) or a folder of rule files.
        #[arg(long, default_value = crate::risk::DEFAULT_PACK, value_name = "PACK")]
        pack: String,
        /// Compile only this rule (repeatable).
        #[arg(long = "rule", value_name = "ID")]
        rules: Vec<String>,
        /// Override a parameter, as for `risk run`.
        #[arg(long = "param", short = 'p', value_name = "[RULE.]NAME=VALUE")]
        params: Vec<String>,
    },
    /// Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores.
    Run {
        /// A shipped pack's name or a folder of rule files.
        #[arg(long, default_value = crate::risk::DEFAULT_PACK, value_name = "PACK")]
        pack: String,
        /// Run only this rule (repeatable).
        #[arg(long = "rule", value_name = "ID")]
        rules: Vec<String>,
        /// Override a parameter: `--param threshold=4` for every rule that has it, or
        /// `--param unit_value_outlier.threshold=4` for one. Bound, never spliced.
        #[arg(long = "param", short = 'p', value_name = "[RULE.]NAME=VALUE")]
        params: Vec<String>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md). `--report` is the old spelling.
        #[arg(long = "format", alias = "report", value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        report: ReportFormat,
        /// Where the rules run: the workspace's DuckDB, or Apache Spark (a local pyspark)
        /// over a lake, writing RUN_DIR for `clearway risk import`.
        #[arg(long, value_enum, default_value_t = RunEngine::Duckdb)]
        engine: RunEngine,
        /// With --engine spark: the lake to read (`clearway lake export --out DIR`).
        #[arg(long, value_name = "DIR", required_if_eq("engine", "spark"))]
        lake: Option<PathBuf>,
        /// With --engine spark: the run folder to write (new, or an earlier run to replace).
        #[arg(long, value_name = "RUN_DIR", required_if_eq("engine", "spark"))]
        out: Option<PathBuf>,
        /// With --engine spark: Spark's master URL.
        #[arg(long, default_value = "local[2]", value_name = "URL")]
        master: String,
        /// With --engine spark: the Python that imports pyspark 4.2 or newer
        /// [default: $CLEARWAY_PYSPARK_PYTHON, else python3].
        #[arg(long, value_name = "PATH")]
        python: Option<PathBuf>,
        /// With --engine spark: a Spark setting for the session (repeatable), e.g.
        /// `--spark-conf spark.driver.memory=8g` (a local master gets 4g unless set).
        #[arg(long = "spark-conf", value_name = "KEY=VALUE")]
        spark_conf: Vec<String>,
    },
    /// Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one
    /// more risk run, after checking every file against the run's record; `risk explain`,
    /// `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run.
    Import {
        /// The run folder the Spark driver wrote.
        #[arg(value_name = "RUN_DIR")]
        run_dir: PathBuf,
        /// Keep only declarations of this workspace for which this SQL condition over the
        /// columns of `declarations` holds (for any of their items).
        #[arg(long = "where", value_name = "CONDITION")]
        condition: Option<String>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Show why a declaration scores what it does: every rule that fired, its evidence, the
    /// contributions and the combined score.
    Explain {
        /// The declaration to explain.
        #[arg(value_name = "DECLARATION_ID")]
        declaration_id: String,
        /// The risk run to read [default: the latest].
        #[arg(long, value_name = "RUN_ID")]
        run: Option<i64>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Assign selectivity lanes (red, yellow, blue, green) per office under an inspection
    /// budget, with a reproducible random control share, from a run's combined scores.
    Lanes {
        /// Shares of each office's declarations per lane, e.g. `red=3%,yellow=7%,blue=5%`.
        #[arg(long, default_value = "red=3%,yellow=7%", value_name = "LANE=PCT,...")]
        budget: String,
        /// Share of the otherwise-green declarations sent red at random as a control group.
        #[arg(long, default_value_t = 1.0, value_name = "PCT", value_parser = parse_percent)]
        random: f64,
        /// Seed of the random control draw (the same seed draws the same declarations).
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// The risk run to use [default: the latest].
        #[arg(long, value_name = "RUN_ID")]
        run: Option<i64>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined
    /// score, each rule and the DATE paper's price and importer baselines — on a time split.
    Evaluate {
        /// The risk run to evaluate [default: the latest].
        #[arg(long, value_name = "RUN_ID")]
        run: Option<i64>,
        /// First day of the test period, YYYY-MM-DD [default: the last quarter of the dates].
        #[arg(long, value_name = "DATE")]
        test_from: Option<String>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum LakeCommand {
    /// Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest
    /// (DIR/_clearway/manifest.json: versions, loads, each file's rows and sha256).
    ///
    /// `declarations` is partitioned by month of declared_at, `telemetry_events` by source
    /// and month; the small tables are one file each. The lake is built beside DIR and swapped
    /// into place in one step: a reader never sees half a lake, and an interrupted export
    /// leaves the previous one as it was. `--since LOAD_ID` adds only the rows of later loads
    /// (LOAD_ID must be the last load the lake holds, and its loads must be unchanged).
    Export(LakeExportArgs),
    /// Re-hash every file of a lake against its manifest and look for files it does not list
    /// (exit 1 when any file is missing, altered or unlisted).
    Verify {
        /// The lake folder.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum InspectCommand {
    /// Write the inspection pack of one declaration to DIR (DIR must not exist or be empty):
    /// index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the
    /// workspace with its checklist's hash.
    Brief {
        /// The declaration to inspect.
        #[arg(value_name = "DECLARATION_ID")]
        declaration_id: String,
        /// The pack's folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The risk run whose reasons the pack gives [default: the latest].
        #[arg(long, value_name = "RUN_ID")]
        run: Option<i64>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Record an officer's result (the result.json a pack's page saves): answers become
    /// annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit
    /// entry. A result for another pack, an altered checklist or a pack recorded before is
    /// refused whole.
    Record {
        /// The result file; photos it names are looked for beside it.
        #[arg(value_name = "RESULT.json")]
        result: PathBuf,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum SceneCommand {
    /// A space-time cube of vessel and container tracks (longitude, latitude, time upwards),
    /// coloured by risk, the declarations they carry as markers. DuckDB thins the positions:
    /// at most --max-tracks × --points are drawn, however many rows there are.
    Tracks {
        /// The scene file: .glb, or .html for the offline viewer page.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Tracks drawn, the riskiest first, then the longest.
        #[arg(long, default_value_t = 500, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5_000))]
        max_tracks: u32,
        /// Positions kept per track: the first reported in each of N equal slices of time.
        #[arg(long, default_value_t = 200, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=2_000))]
        points: u32,
        /// Declarations marked on the tracks, the riskiest first.
        #[arg(long, default_value_t = 1_000, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10_000))]
        markers: u32,
        /// The risk run colouring the scene [default: the latest].
        #[arg(long, value_name = "RUN_ID")]
        run: Option<i64>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Trade by origin over the world's coastlines: a column per origin country, routes
    /// through a third country as arcs, coloured by mean risk score.
    Flows {
        /// The scene file: .glb, or .html for the offline viewer page.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// What a column's height shows.
        #[arg(long, value_enum, default_value_t = crate::scene::flows::Height::Value)]
        height: crate::scene::flows::Height,
        /// Arcs drawn, the largest routes first.
        #[arg(long, default_value_t = 200, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=5_000))]
        max_arcs: u32,
        /// The risk run colouring the scene [default: the latest].
        #[arg(long, value_name = "RUN_ID")]
        run: Option<i64>,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// A design file's mesh at real size with what `provenance check` last said of it.
    Design {
        /// The design file (STL, 3MF, OBJ, AMF).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The scene file: .glb, or .html for the offline viewer page.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
}

#[derive(Debug, Args)]
pub struct LakeExportArgs {
    /// The lake folder: created, or replaced when it holds a lake (never a folder of other
    /// files).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Only these tables (comma-separated) [default: all].
    #[arg(long, value_delimiter = ',', value_name = "TABLE,...")]
    pub tables: Option<Vec<String>>,
    /// Append the rows of the loads after LOAD_ID (the last load the lake at --out holds).
    #[arg(long, value_name = "LOAD_ID")]
    pub since: Option<i64>,
}

/// Engines `risk run` runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunEngine {
    /// The workspace's embedded DuckDB (writes risk_runs, risk_hits and risk_scores).
    Duckdb,
    /// Apache Spark through a local pyspark, over a lake (writes a run folder).
    Spark,
}

/// Engines `risk compile` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompileEngine {
    /// Apache Spark 4 (spark-submit, Databricks, EMR, Dataproc, …).
    Spark,
}

/// What makes `clearway check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Low,
    Medium,
    High,
}

/// `check --format`: the report formats of every command, and JUnit XML for CI systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Csv,
    Json,
    Ndjson,
    Markdown,
    Junit,
}

impl CheckFormat {
    /// The report format, or None for JUnit.
    pub fn report(self) -> Option<ReportFormat> {
        match self {
            CheckFormat::Table => Some(ReportFormat::Table),
            CheckFormat::Csv => Some(ReportFormat::Csv),
            CheckFormat::Json => Some(ReportFormat::Json),
            CheckFormat::Ndjson => Some(ReportFormat::Ndjson),
            CheckFormat::Markdown => Some(ReportFormat::Markdown),
            CheckFormat::Junit => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A shipped pack's name or a folder of rule files.
    #[arg(long, default_value = crate::risk::DEFAULT_PACK, value_name = "PACK")]
    pub pack: String,
    /// Fail (exit 1) when a rule of this severity or higher has any hit.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Fail (exit 1) when RULE has more than N hits (repeatable).
    #[arg(long = "max-hits", value_name = "RULE=N")]
    pub max_hits: Vec<String>,
    /// Override a parameter, as for `risk run`.
    #[arg(long = "param", short = 'p', value_name = "[RULE.]NAME=VALUE")]
    pub params: Vec<String>,
    /// Output: a table for people, JSON, or JUnit XML that CI systems display.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
    /// Judge this stored risk run (one run here, or a Spark run brought in with `risk
    /// import`) instead of running the pack; its own pack decides the rules.
    #[arg(long, value_name = "RUN_ID", conflicts_with_all = ["params", "pack"])]
    pub run: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain and report edited or deleted rows (exit 1 when any are found).
    Verify {
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
    /// Show the most recent audit records.
    Show {
        /// How many records.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown`
        /// for programs (docs/output.md).
        #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
        format: ReportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum SampleDataCommand {
    /// Generate deterministic synthetic declarations with planted, labelled risk patterns.
    Generate {
        /// Folder to write declarations.csv, ais.nmea, containers.csv, ledger.jsonl,
        /// ledger-evm.json and designs/ into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Number of item rows.
        #[arg(long, default_value_t = 5000)]
        rows: u64,
        /// Random seed; the same seed and row count give the same bytes.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Vessels with AIS tracks [default: one per 500 rows, 5 to 400].
        #[arg(long, value_name = "N")]
        ais_vessels: Option<u64>,
        /// Minutes between two AIS reports of a vessel.
        #[arg(long, value_name = "MINUTES", default_value_t = 360)]
        ais_every: u64,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder holding the sample (declarations.csv); the bundled sample when absent.
    #[arg(long, value_name = "DIR")]
    pub sample: Option<PathBuf>,

    /// Folder for the HTML report and the charts.
    #[arg(long, short, value_name = "DIR", default_value = "clearway-demo")]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Write a completion script for SHELL into DIR.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Write man pages (one per subcommand) into DIR.
    Man {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// `1%` or `1` → 1.0.
fn parse_percent(text: &str) -> Result<f64, String> {
    text.trim()
        .trim_end_matches('%')
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=100.0).contains(p))
        .ok_or_else(|| format!("`{text}` is not a percentage between 0 and 100"))
}

#[cfg(test)]
mod tests {
    /// clap checks its own definition only in debug builds (`Command::debug_assert` does
    /// nothing in the release profile the suite runs in), so a global flag named like a
    /// subcommand's own (`--limit` beside `query --limit`) would pass silently without this.
    #[test]
    fn no_command_defines_a_long_flag_twice() {
        fn check(cmd: &clap::Command, path: &str) {
            let mut seen = std::collections::HashSet::new();
            for arg in cmd.get_arguments() {
                if let Some(long) = arg.get_long() {
                    assert!(seen.insert(long), "{path}: --{long} is defined twice");
                }
            }
            for sub in cmd.get_subcommands() {
                check(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        let mut cmd = <super::Cli as clap::CommandFactory>::command();
        cmd.build();
        check(&cmd, "clearway");
    }
}
