//! `clearway plugin list | describe | check | approve | call | stream`.
//!
//! The command line is where the host guarantees become visible: an unapproved or changed
//! plugin is refused before it runs, a side-effecting command needs `--yes`, a sensitive one
//! keeps its arguments, results' log lines and audit detail out of every log, and every
//! failure of the plugin is a diagnostic with exit code 3. Calls and streams run through the
//! library's pipeline ([`crate::plugin::call`], which the TUI runs too); this file turns the
//! arguments into its requests and narrates on stderr.

use super::Ctx;
use crate::cli::{
    PluginCallArgs, PluginCommand, PluginListArgs, PluginNameArgs, PluginRunArgs, PluginStreamArgs,
};
use crate::error::{Error, Result};
use crate::output::report::{self, Summary};
use crate::output::OutputFormat;
use crate::plugin::call::{CallRequest, Keep, PluginLog, Sessions, StreamRequest, Watch};
use crate::plugin::check::{kind_text, Dry, DryAnswer};
use crate::plugin::discovery;
use crate::plugin::host::{self, lock, trust_text};
use crate::plugin::manifest::Manifest;
use crate::plugin::wire::{Flow, Notice};
use crate::plugin::{failed, find};
use crate::workspace::Workspace;
use serde_json::{json, Value};
use std::io::Write;
use std::time::Duration;

pub fn run(cmd: PluginCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        PluginCommand::List(args) => list(args, ctx),
        PluginCommand::Describe(args) => describe(args, ctx),
        PluginCommand::Check(args) => check(args, ctx),
        PluginCommand::Approve(args) => approve(args, ctx),
        PluginCommand::Call(args) => call(args, ctx),
        PluginCommand::Stream(args) => stream(args, ctx),
    }
}

fn list(args: PluginListArgs, ctx: &Ctx) -> Result<u8> {
    let (found, broken) = discovery::discover(&ctx.workspace);
    let lock = lock(&ctx.workspace)?;
    let rows: Vec<Value> = found
        .iter()
        .map(|f| {
            let m = &f.manifest;
            json!({"name": m.plugin.name, "version": m.plugin.version, "origin": f.origin,
                   "dir": m.dir, "transport": m.transport_text(), "status": trust_text(&lock, m),
                   "commands": m.commands.iter().map(|c| &c.name).collect::<Vec<_>>()})
        })
        .chain(
            broken
                .iter()
                .map(|b| json!({"dir": b.dir, "status": "broken", "reason": b.reason})),
        )
        .collect();
    let mut text = String::new();
    if found.is_empty() && broken.is_empty() {
        push_line!(text, "no plugins found; clearway looks in:");
        for (dir, origin) in discovery::search_path(&ctx.workspace) {
            push_line!(text, "  {} ({origin})", dir.display());
        }
    } else {
        push_line!(
            text,
            "{:<16} {:<9} {:<22} {:<20} {:<34} commands",
            "name",
            "version",
            "status",
            "origin",
            "transport"
        );
    }
    for f in &found {
        let m = &f.manifest;
        push_line!(
            text,
            "{:<16} {:<9} {:<22} {:<20} {:<34} {}",
            m.plugin.name,
            m.plugin.version,
            trust_text(&lock, m),
            f.origin,
            cut(&m.transport_text(), 34),
            m.commands
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for b in &broken {
        push_line!(text, "BROKEN {}: {}", b.dir.display(), b.reason);
    }
    report::print(args.report, &Summary::new(json!(rows), text))?;
    Ok(0)
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(width - 1).collect::<String>())
    }
}

/// `plugin describe`: the manifest (its JSON is the manifest as read, with the trust status);
/// one record per command in the row formats.
fn describe(args: PluginNameArgs, ctx: &Ctx) -> Result<u8> {
    let m = find(&ctx.workspace, &args.name)?;
    let lock = lock(&ctx.workspace)?;
    let mut text = String::new();
    push_line!(
        text,
        "{} {} — {}",
        m.plugin.name,
        m.plugin.version,
        m.plugin.description
    );
    push_line!(text, "folder:    {}", m.dir.display());
    push_line!(text, "transport: {}", m.transport_text());
    push_line!(text, "protocol:  {}.x", m.plugin.protocol);
    push_line!(text, "status:    {}", trust_text(&lock, &m));
    if let crate::plugin::manifest::Transport::Exec { env, .. } = &m.transport {
        push_line!(
            text,
            "env:       {}",
            if env.is_empty() {
                "(nothing inherited)".into()
            } else {
                env.join(", ")
            }
        );
    }
    let l = &m.limits;
    push_line!(
        text,
        "limits:    startup {} ms, call {} ms, cancel grace {} ms, response {} bytes, table {} bytes, idle {} s",
        l.startup_timeout_ms, l.call_timeout_ms, l.cancel_grace_ms, l.max_response_bytes, l.max_table_bytes, l.idle_shutdown_s
    );
    push_line!(text, "commands:");
    for c in &m.commands {
        let mut flags = Vec::new();
        if c.side_effects {
            flags.push("side effects: needs --yes");
        }
        if c.sensitive {
            flags.push("sensitive: redacted from logs");
        }
        if c.idempotent {
            flags.push("idempotent");
        }
        push_line!(
            text,
            "  {} ({} → {}){}  {}",
            c.name,
            kind_text(c.input),
            kind_text(c.output),
            if flags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", flags.join("; "))
            },
            c.summary
        );
        for (arg, about) in &c.args {
            push_line!(text, "      --arg {arg}=…  {about}");
        }
    }
    let mut value = json!(m);
    value["status"] = json!(trust_text(&lock, &m));
    let commands = m.commands.iter().map(|c| json!(c)).collect();
    report::print(
        args.format,
        &Summary::new(value, text).with_records(commands),
    )?;
    Ok(0)
}

/// `plugin check`: printed in full in every format, passing or not; a failing check is then
/// the error of exit code 3.
fn check(args: PluginNameArgs, ctx: &Ctx) -> Result<u8> {
    let c = crate::plugin::check::check(&ctx.workspace, &args.name)?;
    let name = &c.manifest.plugin.name;
    let mut text = String::new();
    push_line!(
        text,
        "handshake: ok in {} ms — {name} {} speaks {}; effective protocol {}",
        c.handshake_ms,
        c.plugin_version,
        c.speaks,
        c.effective
    );
    push_line!(
        text,
        "commands:  {} declared, {} announced{}",
        c.declared,
        c.announced,
        if c.commands_agree { ", they agree" } else { "" }
    );
    let dry = match &c.dry {
        Dry::NotDeclared => {
            push_line!(text, "dry call:  none declared ([check] in plugin.toml)");
            json!({"outcome": "not declared"})
        }
        Dry::Skipped { command } => {
            push_line!(text, "dry call:  skipped — `{command}` has side effects");
            json!({"outcome": "skipped", "command": command})
        }
        Dry::Passed {
            command,
            ms,
            answer,
        } => {
            push_line!(
                text,
                "dry call:  `{command}` ok in {ms} ms{}",
                match answer {
                    DryAnswer::Items(n) => format!(" ({n} item)"),
                    DryAnswer::Redacted => " (result redacted: sensitive)".into(),
                    DryAnswer::Value(v) => format!(" → {}", cut(&v.to_string(), 100)),
                }
            );
            json!({"outcome": "passed", "command": command, "ms": ms, "answer": match answer {
                DryAnswer::Items(n) => json!({"items": n}),
                DryAnswer::Redacted => json!("redacted"),
                DryAnswer::Value(v) => v.clone(),
            }})
        }
        Dry::Failed => json!({"outcome": "failed"}),
    };
    if c.problems.is_empty() {
        push_line!(text, "check:     {name} passes");
    }
    let value = json!({
        "plugin": name,
        "passes": c.problems.is_empty(),
        "handshake_ms": c.handshake_ms,
        "plugin_version": c.plugin_version,
        "speaks": c.speaks,
        "effective": c.effective,
        "commands": {"declared": c.declared, "announced": c.announced, "agree": c.commands_agree},
        "dry_call": dry,
        "problems": c.problems,
    });
    report::print_before_verdict(args.format, &Summary::new(value, text))?;
    c.verdict()?;
    Ok(0)
}

fn approve(args: PluginNameArgs, ctx: &Ctx) -> Result<u8> {
    let m = host::approve(&ctx.workspace, &args.name)?;
    let pinned = discovery::lock_path(&ctx.workspace);
    let text = format!(
        "approved {} {} (pinned in {})\n",
        m.plugin.name,
        m.plugin.version,
        pinned.display()
    );
    let value = json!({"plugin": m.plugin.name, "version": m.plugin.version, "lock": pinned});
    report::print(args.format, &Summary::new(value, text))?;
    Ok(0)
}

/// `--arg k=v` as JSON (see [`host::call_args`]).
fn call_args(run: &PluginRunArgs) -> serde_json::Map<String, Value> {
    host::call_args(run.args.iter().map(|p| (p.name.as_str(), p.value.as_str())))
}

/// How the command line follows a plugin call: from the plugin's start Ctrl-C cancels the call;
/// it says that `--trust` pinned the plugin, shows `$/log` and `$/progress` on stderr, a
/// stream's item count on a spinner, and the plugin's own stderr lines after the call (the
/// pipeline withholds a sensitive command's).
struct Narration<'a> {
    ctx: &'a Ctx,
    spinner: Option<indicatif::ProgressBar>,
}

impl<'a> Narration<'a> {
    fn new(ctx: &'a Ctx) -> Self {
        Narration { ctx, spinner: None }
    }

    /// With a spinner counting a stream's items (shown on a terminal only).
    fn counting(ctx: &'a Ctx) -> Self {
        Narration {
            ctx,
            spinner: Some(crate::progress::item_spinner(ctx.progress, "items")),
        }
    }
}

impl Watch for Narration<'_> {
    fn starting(&mut self) {
        // Ctrl-C now cancels the call (the plugin is stopped, the failure audited)
        crate::plugin::exec::watch_interrupts();
    }

    fn started(&mut self, m: &Manifest, pinned: bool) {
        if pinned {
            self.ctx
                .say(format!("trusted and pinned {} (--trust)", m.plugin.name));
        }
    }

    fn notice(&mut self, plugin: &str, n: &Notice) {
        if self.ctx.quiet {
            return;
        }
        match n.method.as_str() {
            "$/log" => eprintln!(
                "[{plugin}] {}",
                n.params["message"].as_str().unwrap_or_default()
            ),
            "$/progress" => eprintln!(
                "[{plugin}] {}{}",
                n.params["fraction"]
                    .as_f64()
                    .map(|f| format!("{:.0}% ", f * 100.0))
                    .unwrap_or_default(),
                n.params["message"].as_str().unwrap_or_default()
            ),
            _ => {}
        }
    }

    fn item(&mut self, _value: &Value, _sensitive: bool) -> Flow {
        if let Some(s) = &self.spinner {
            s.inc(1);
        }
        Flow::Continue
    }

    fn log(&mut self, plugin: &str, log: PluginLog) {
        if let Some(s) = self.spinner.take() {
            s.finish_and_clear();
        }
        if self.ctx.quiet {
            return;
        }
        match log {
            PluginLog::Withheld(n) => {
                eprintln!("[{plugin}] ({n} log lines withheld: sensitive command)")
            }
            PluginLog::Lines(lines) => {
                for line in lines {
                    eprintln!("[{plugin}] {line}");
                }
            }
        }
    }
}

fn call(args: PluginCallArgs, ctx: &Ctx) -> Result<u8> {
    let keep = match &args.into {
        Some(name) => Keep::Table {
            name: name.clone(),
            replace: args.replace,
        },
        None => Keep::Nothing,
    };
    let request = CallRequest {
        plugin: args.run.name.clone(),
        command: args.run.command.clone(),
        args: call_args(&args.run),
        input_query: args.input_query.clone(),
        input_format: args.input_format,
        keep,
        confirmed: args.run.yes,
        sessions: Sessions::Fresh {
            trust: args.run.trust,
        },
        timeout_ms: args.run.timeout,
        from: None,
    };
    let call = crate::plugin::call::prepare_call(&ctx.workspace, request)?;
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let called = call.run(&ws, &mut Narration::new(ctx))?;
    match (called.stored, &called.table) {
        (Some(n), _) => ctx.say(format!(
            "stored {n} rows in {} ({:.2} s)",
            args.into.as_deref().unwrap_or_default(),
            called.seconds
        )),
        (None, Some(t)) => print_arrow(t, args.format)?,
        (None, None) => outln!(
            "{}",
            serde_json::to_string_pretty(&called.value).expect("JSON serialises")
        ),
    }
    Ok(0)
}

fn print_arrow(path: &std::path::Path, format: OutputFormat) -> Result<()> {
    if format == OutputFormat::Parquet {
        // Parquet is a file, written by DuckDB's COPY: not something to print
        return Err(Error::usage(
            "plugin call --format parquet: a table result is printed as table, csv, json, ndjson, markdown or html",
            "store it with --into TABLE and write Parquet with `clearway export TABLE --out FILE.parquet`",
        ));
    }
    let file = std::fs::File::open(path)?;
    let reader = arrow::ipc::reader::StreamReader::try_new(std::io::BufReader::new(file), None)?;
    let schema = reader.schema();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    crate::output::write(
        format,
        schema,
        reader.map(|b| b.map_err(Error::from)),
        &mut out,
        None,
    )?;
    out.flush()?;
    Ok(())
}

fn stream(args: PluginStreamArgs, ctx: &Ctx) -> Result<u8> {
    let request = StreamRequest {
        plugin: args.run.name.clone(),
        command: args.run.command.clone(),
        args: call_args(&args.run),
        into: args.into.clone(),
        confirmed: args.run.yes,
        trust: args.run.trust,
        timeout_ms: args.run.timeout,
        duration: args.duration.map(Duration::from_secs_f64),
        max_items: args.max_items,
        from: None,
    };
    let stream = crate::plugin::call::prepare_stream(&ctx.workspace, request)?;
    let (name, command) = (
        stream.manifest.plugin.name.clone(),
        stream.spec.name.clone(),
    );
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let streamed = stream.run(&ws, &mut Narration::counting(ctx))?;
    ctx.say(format!(
        "{} items from {name} {command} in {:.1} s → {} rows in {}",
        streamed.items, streamed.seconds, streamed.stored, args.into
    ));
    match streamed.failure {
        // the items received are kept; the failure is still reported
        Some(f) if !matches!(f, crate::plugin::wire::Failure::Interrupted) => {
            Err(failed(&name, &f))
        }
        _ => Ok(0),
    }
}
