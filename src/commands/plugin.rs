//! `clearway plugin list | describe | check | approve | call | stream`.
//!
//! The command line is where the host guarantees become visible: an unapproved or changed
//! plugin is refused before it runs, a side-effecting command needs `--yes`, a sensitive one
//! keeps its arguments, results' log lines and audit detail out of every log, and every
//! failure of the plugin is a diagnostic with exit code 3.

use super::Ctx;
use crate::cli::{
    PluginCallArgs, PluginCommand, PluginListArgs, PluginNameArgs, PluginRunArgs, PluginStreamArgs,
    ReportFormat,
};
use crate::error::{Error, Result};
use crate::output::OutputFormat;
use crate::plugin::discovery;
use crate::plugin::host::{self, audit_detail, lock, trust_text};
use crate::plugin::manifest::{CommandSpec, Kind, Manifest};
use crate::plugin::session::{Input, Session};
use crate::plugin::wire::{Flow, Notice};
use crate::plugin::{failed, find, table};
use crate::workspace::{audit, Workspace};
use serde_json::{json, Value};
use std::io::Write;
use std::time::{Duration, Instant};

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
    if args.report == ReportFormat::Json {
        let rows: Vec<Value> = found
            .iter()
            .map(|f| {
                let m = &f.manifest;
                json!({"name": m.plugin.name, "version": m.plugin.version, "origin": f.origin,
                       "dir": m.dir, "transport": m.transport_text(), "status": trust_text(&lock, m),
                       "commands": m.commands.iter().map(|c| &c.name).collect::<Vec<_>>()})
            })
            .chain(broken.iter().map(
                |b| json!({"dir": b.dir, "status": "broken", "reason": b.reason}),
            ))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).expect("JSON serialises")
        );
        return Ok(0);
    }
    if found.is_empty() && broken.is_empty() {
        println!("no plugins found; clearway looks in:");
        for (dir, origin) in discovery::search_path(&ctx.workspace) {
            println!("  {} ({origin})", dir.display());
        }
        return Ok(0);
    }
    println!(
        "{:<16} {:<9} {:<22} {:<20} {:<34} commands",
        "name", "version", "status", "origin", "transport"
    );
    for f in &found {
        let m = &f.manifest;
        println!(
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
        println!("BROKEN {}: {}", b.dir.display(), b.reason);
    }
    Ok(0)
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(width - 1).collect::<String>())
    }
}

fn describe(args: PluginNameArgs, ctx: &Ctx) -> Result<u8> {
    let m = find(&ctx.workspace, &args.name)?;
    let lock = lock(&ctx.workspace)?;
    println!(
        "{} {} — {}",
        m.plugin.name, m.plugin.version, m.plugin.description
    );
    println!("folder:    {}", m.dir.display());
    println!("transport: {}", m.transport_text());
    println!("protocol:  {}.x", m.plugin.protocol);
    println!("status:    {}", trust_text(&lock, &m));
    if let crate::plugin::manifest::Transport::Exec { env, .. } = &m.transport {
        println!(
            "env:       {}",
            if env.is_empty() {
                "(nothing inherited)".into()
            } else {
                env.join(", ")
            }
        );
    }
    let l = &m.limits;
    println!(
        "limits:    startup {} ms, call {} ms, cancel grace {} ms, response {} bytes, table {} bytes, idle {} s",
        l.startup_timeout_ms, l.call_timeout_ms, l.cancel_grace_ms, l.max_response_bytes, l.max_table_bytes, l.idle_shutdown_s
    );
    println!("commands:");
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
        println!(
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
            println!("      --arg {arg}=…  {about}");
        }
    }
    Ok(0)
}

fn kind_text(k: Kind) -> &'static str {
    match k {
        Kind::None => "nothing",
        Kind::Json => "json",
        Kind::Table => "table",
        Kind::Stream => "stream",
    }
}

fn check(args: PluginNameArgs, ctx: &Ctx) -> Result<u8> {
    let m = find(&ctx.workspace, &args.name)?;
    let started = Instant::now();
    let mut session = Session::start(&m).map_err(|f| failed(&m.plugin.name, &f))?;
    println!(
        "handshake: ok in {} ms — {} {} speaks {}; effective protocol {}",
        started.elapsed().as_millis(),
        m.plugin.name,
        session.announced["plugin"]["version"]
            .as_str()
            .unwrap_or("?"),
        session.announced["version"].as_str().unwrap_or("?"),
        session.version
    );
    let announced = session.announced_commands();
    let mut problems = Vec::new();
    for c in &m.commands {
        match announced.get(&c.name) {
            None => problems.push(format!("`{}` is in plugin.toml but not announced", c.name)),
            Some(kind)
                if kind != kind_text(c.output) && !(kind == "json" && c.output == Kind::None) =>
            {
                problems.push(format!(
                    "`{}` announces output {kind}, plugin.toml says {}",
                    c.name,
                    kind_text(c.output)
                ))
            }
            Some(_) => {}
        }
    }
    for name in announced.keys() {
        if m.command(name).is_none() {
            problems.push(format!("`{name}` is announced but not in plugin.toml"));
        }
    }
    println!(
        "commands:  {} declared, {} announced{}",
        m.commands.len(),
        announced.len(),
        if problems.is_empty() {
            ", they agree".to_string()
        } else {
            String::new()
        }
    );
    if let Some(dry) = &m.check {
        let spec = m.command(&dry.command).expect("validated").clone();
        if spec.side_effects {
            println!("dry call:  skipped — `{}` has side effects", spec.name);
        } else {
            let scratch = tempfile::tempdir()?;
            let started = Instant::now();
            let mut items = 0u64;
            let outcome = session.call(
                &spec.name,
                &dry.args,
                Input::None,
                scratch.path(),
                Duration::from_millis(m.limits.call_timeout_ms),
                &mut |n| {
                    if n.method == "$/item" {
                        items += 1;
                        // one item proves a stream works
                        return Flow::Stop;
                    }
                    Flow::Continue
                },
            );
            match outcome {
                Ok(o) => println!(
                    "dry call:  `{}` ok in {} ms{}",
                    spec.name,
                    started.elapsed().as_millis(),
                    if spec.output == Kind::Stream {
                        format!(" ({items} item)")
                    } else if spec.sensitive {
                        " (result redacted: sensitive)".into()
                    } else {
                        format!(" → {}", cut(&o.value.to_string(), 100))
                    }
                ),
                Err(f) => problems.push(f.explain(&m.plugin.name).0),
            }
        }
    } else {
        println!("dry call:  none declared ([check] in plugin.toml)");
    }
    session.shutdown();
    if problems.is_empty() {
        println!("check:     {} passes", m.plugin.name);
        Ok(0)
    } else {
        Err(Error::Plugin {
            message: format!(
                "plugin `{}` fails its check: {}",
                m.plugin.name,
                problems.join("; ")
            ),
            help: "fix the plugin or its plugin.toml so that they agree (plugins/README.md)".into(),
        })
    }
}

fn approve(args: PluginNameArgs, ctx: &Ctx) -> Result<u8> {
    let m = find(&ctx.workspace, &args.name)?;
    let session = Session::start(&m).map_err(|f| failed(&m.plugin.name, &f))?;
    host::pin(&ctx.workspace, &m, &session)?;
    session.shutdown();
    println!(
        "approved {} {} (pinned in {})",
        m.plugin.name,
        m.plugin.version,
        discovery::lock_path(&ctx.workspace).display()
    );
    Ok(0)
}

/// Starts the plugin (see [`host::start`]), saying so when `--trust` pinned it.
fn start_trusted(ctx: &Ctx, m: &Manifest, trust: bool) -> Result<Session> {
    let (session, pinned) = host::start(&ctx.workspace, m, trust)?;
    if pinned {
        ctx.say(format!("trusted and pinned {} (--trust)", m.plugin.name));
    }
    Ok(session)
}

/// The command's spec, with the host's preconditions (known, side effects allowed).
fn command_spec(ctx: &Ctx, run: &PluginRunArgs) -> Result<(Manifest, CommandSpec)> {
    let (m, spec) = crate::plugin::find_command(&ctx.workspace, &run.name, &run.command)?;
    if spec.side_effects && !run.yes {
        return Err(Error::usage(
            format!(
                "`{}` of plugin `{}` has side effects (it changes something outside clearway)",
                spec.name, m.plugin.name
            ),
            "pass --yes to run it",
        ));
    }
    Ok((m, spec))
}

/// `--arg k=v` as JSON (see [`host::call_args`]).
fn call_args(run: &PluginRunArgs) -> serde_json::Map<String, Value> {
    host::call_args(run.args.iter().map(|p| (p.name.as_str(), p.value.as_str())))
}

/// Shows `$/log` and `$/progress` on stderr (never for sensitive commands).
fn show_notice(ctx: &Ctx, plugin: &str, sensitive: bool, n: &Notice) {
    if ctx.quiet || sensitive {
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

/// The plugin's own stderr lines, after the call (never for sensitive commands).
fn show_log(ctx: &Ctx, plugin: &str, sensitive: bool, log: &[String]) {
    if ctx.quiet || log.is_empty() {
        return;
    }
    if sensitive {
        eprintln!(
            "[{plugin}] ({} log lines withheld: sensitive command)",
            log.len()
        );
        return;
    }
    for line in log {
        eprintln!("[{plugin}] {line}");
    }
}

fn call(args: PluginCallArgs, ctx: &Ctx) -> Result<u8> {
    let (m, spec) = command_spec(ctx, &args.run)?;
    match (spec.input, &args.input_query) {
        (Kind::Table, None) => {
            return Err(Error::usage(
                format!("`{}` takes a table", spec.name),
                "give it one with --input-query \"SELECT …\"",
            ))
        }
        (Kind::None | Kind::Json, Some(_)) => {
            return Err(Error::usage(
                format!("`{}` takes no table", spec.name),
                "drop --input-query; pass arguments with --arg KEY=VALUE",
            ))
        }
        _ => {}
    }
    if spec.output == Kind::Stream {
        return Err(Error::usage(
            format!("`{}` streams", spec.name),
            format!(
                "use `clearway plugin stream {} {} --into TABLE`",
                m.plugin.name, spec.name
            ),
        ));
    }
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let scratch = tempfile::tempdir()?;
    let started = Instant::now();
    let encoding = args.input_format.unwrap_or(spec.input_format);
    let (input, input_rows) = match &args.input_query {
        Some(sql) => table::input_from_query(&ws, sql, encoding, scratch.path())?,
        None => (Input::None, 0),
    };
    crate::plugin::exec::watch_interrupts();
    let mut session = start_trusted(ctx, &m, args.run.trust)?;
    let timeout = Duration::from_millis(args.run.timeout.unwrap_or(m.limits.call_timeout_ms));
    let name = m.plugin.name.clone();
    let outcome = session.call(
        &spec.name,
        &call_args(&args.run),
        input,
        scratch.path(),
        timeout,
        &mut |n| {
            show_notice(ctx, &name, spec.sensitive, n);
            Flow::Continue
        },
    );
    let outcome = match outcome {
        Ok(o) => {
            show_log(ctx, &name, spec.sensitive, &session.finish());
            o
        }
        Err(f) => {
            show_log(ctx, &name, spec.sensitive, &session.abort());
            audit::append(
                &ws,
                "plugin call",
                audit_detail(
                    &m,
                    &spec,
                    &call_args(&args.run),
                    json!({"failed": f.explain(&name).0}),
                ),
            )?;
            return Err(failed(&name, &f));
        }
    };
    let stored = match (&args.into, &outcome.table) {
        (Some(into), Some(t)) => {
            let mode = if args.replace {
                table::Mode::Replace
            } else {
                table::Mode::Append
            };
            Some(table::arrow_into_table(&ws, t, into, mode)?)
        }
        (Some(into), None) => Some(table::json_rows_into_table(
            &ws,
            &outcome.value,
            into,
            args.replace,
            scratch.path(),
        )?),
        (None, _) => None,
    };
    audit::append(
        &ws,
        "plugin call",
        audit_detail(
            &m,
            &spec,
            &call_args(&args.run),
            json!({"input_rows": input_rows, "into": args.into, "rows_stored": stored,
                   "seconds": started.elapsed().as_secs_f64()}),
        ),
    )?;
    match (stored, &outcome.table) {
        (Some(n), _) => ctx.say(format!(
            "stored {n} rows in {} ({:.2} s)",
            args.into.as_deref().unwrap_or_default(),
            started.elapsed().as_secs_f64()
        )),
        (None, Some(t)) => print_arrow(t, args.format)?,
        (None, None) => println!(
            "{}",
            serde_json::to_string_pretty(&outcome.value).expect("JSON serialises")
        ),
    }
    Ok(0)
}

fn print_arrow(path: &std::path::Path, format: OutputFormat) -> Result<()> {
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
    let (m, spec) = command_spec(ctx, &args.run)?;
    if spec.output != Kind::Stream {
        return Err(Error::usage(
            format!("`{}` does not stream", spec.name),
            format!("use `clearway plugin call {} {}`", m.plugin.name, spec.name),
        ));
    }
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let scratch = tempfile::tempdir()?;
    // items are spooled to disk as they come and stored in one transaction at the end, so a
    // stream stopped by Ctrl-C, --duration or a crash keeps everything received
    let spool_path = scratch.path().join("items.ndjson");
    let mut spool = std::io::BufWriter::new(std::fs::File::create(&spool_path)?);
    crate::plugin::exec::watch_interrupts();
    let mut session = start_trusted(ctx, &m, args.run.trust)?;
    let started = Instant::now();
    let until = args.duration.map(|s| started + Duration::from_secs_f64(s));
    // a stream's call lasts as long as asked, plus the grace to stop it
    let timeout = match (args.run.timeout, args.duration) {
        (Some(ms), _) => Duration::from_millis(ms),
        (None, Some(s)) => {
            Duration::from_secs_f64(s) + Duration::from_millis(m.limits.cancel_grace_ms)
        }
        (None, None) => Duration::from_millis(m.limits.call_timeout_ms),
    };
    let name = m.plugin.name.clone();
    let mut items = 0u64;
    let mut spool_error: Option<std::io::Error> = None;
    let progress = crate::progress::item_spinner(ctx.progress, "items");
    let outcome = session.call(
        &spec.name,
        &call_args(&args.run),
        Input::None,
        scratch.path(),
        timeout,
        &mut |n| {
            let enough = args.max_items.is_some_and(|max| items >= max)
                || until.is_some_and(|u| Instant::now() >= u);
            if enough {
                // items still arriving while the plugin takes its cancel are not kept
                return Flow::Stop;
            }
            if n.method == "$/item" {
                let line = json!({"n": items + 1, "received_at": chrono::Utc::now().naive_utc().to_string(), "item": n.params["value"]});
                if let Err(e) = writeln!(spool, "{line}") {
                    spool_error.get_or_insert(e);
                    return Flow::Stop;
                }
                items += 1;
                progress.inc(1);
                if args.max_items.is_some_and(|max| items >= max) {
                    return Flow::Stop;
                }
            } else {
                show_notice(ctx, &name, spec.sensitive, n);
            }
            if until.is_some_and(|u| Instant::now() >= u) {
                return Flow::Stop;
            }
            Flow::Continue
        },
    );
    progress.finish_and_clear();
    let (ended, log) = match &outcome {
        Ok(_) => ("completed".to_string(), session.finish()),
        Err(f) => (f.explain(&name).0, session.abort()),
    };
    show_log(ctx, &name, spec.sensitive, &log);
    if let Some(e) = spool_error {
        return Err(Error::Write {
            path: spool_path,
            cause: e,
        });
    }
    spool.flush()?;
    drop(spool);
    let stored = host::store_items(&ws, &spool_path, &args.into, &m, &spec, items)?;
    audit::append(
        &ws,
        "plugin stream",
        audit_detail(
            &m,
            &spec,
            &call_args(&args.run),
            json!({"into": args.into, "items": items, "stored": stored, "ended": ended,
                   "seconds": started.elapsed().as_secs_f64()}),
        ),
    )?;
    ctx.say(format!(
        "{items} items from {name} {} in {:.1} s → {stored} rows in {}",
        spec.name,
        started.elapsed().as_secs_f64(),
        args.into
    ));
    match outcome {
        // the items received are kept; the failure is still reported
        Err(f) if !matches!(f, crate::plugin::wire::Failure::Interrupted) => Err(failed(&name, &f)),
        _ => Ok(0),
    }
}
