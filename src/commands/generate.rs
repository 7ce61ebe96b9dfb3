//! `clearway completions SHELL` (a completion script on stdout), and the hidden `clearway
//! generate completions SHELL|man --out DIR`: the committed `completions/` and `man/` folders
//! are made by this, and a test fails when they are stale.
//!
//! Man pages are rendered section by section with clap_mangen, which has no EXIT STATUS or
//! EXAMPLES section of its own: those are added here, the examples from the same table as
//! `--help` shows ([`crate::cli::examples`]).

use crate::cli::{examples, GenerateCommand};
use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

pub fn run(cmd: GenerateCommand) -> Result<u8> {
    match cmd {
        GenerateCommand::Completions { shell, out } => completions(shell, &out)?,
        GenerateCommand::Man { out } => man_pages(&out)?,
    }
    Ok(0)
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        cause: source,
    })
}

/// `clearway completions SHELL`: the script on stdout.
pub fn print_completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "clearway", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(Error::Io)?;
    Ok(0)
}

/// Writes one completion script, named as each shell expects (`clearway.bash`, `_clearway`, ...).
pub fn completions(shell: clap_complete::Shell, dir: &Path) -> Result<()> {
    create_dir(dir)?;
    let mut cmd = crate::cli::command();
    clap_complete::generate_to(shell, &mut cmd, "clearway", dir).map_err(|source| {
        Error::Write {
            path: dir.to_path_buf(),
            cause: source,
        }
    })?;
    Ok(())
}

/// Writes `clearway.1` and one page per subcommand (`clearway-load-declarations.1`, ...).
pub fn man_pages(dir: &Path) -> Result<()> {
    create_dir(dir)?;
    let mut cmd = crate::cli::command();
    cmd.build();
    write_pages(&cmd, "", dir)
}

/// The page of `cmd` (at `path` among the subcommands: `"risk run"`), then its subcommands'.
fn write_pages(cmd: &clap::Command, path: &str, dir: &Path) -> Result<()> {
    let file_name = if path.is_empty() {
        "clearway".to_string()
    } else {
        format!("clearway-{}", path.replace(' ', "-"))
    };
    let file = dir.join(format!("{file_name}.1"));
    let page = man_page(cmd, &file_name, path).map_err(|source| Error::Write {
        path: file.clone(),
        cause: source,
    })?;
    std::fs::write(&file, page).map_err(|source| Error::Write {
        path: file.clone(),
        cause: source,
    })?;
    // `build` adds a `help` subcommand to every command with subcommands; it has no page
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let sub_path = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        write_pages(sub, &sub_path, dir)?;
    }
    Ok(())
}

/// One page: clap_mangen's sections, with EXIT STATUS and EXAMPLES before VERSION.
fn man_page(cmd: &clap::Command, title: &str, path: &str) -> std::io::Result<Vec<u8>> {
    let version = env!("CARGO_PKG_VERSION");
    let man = clap_mangen::Man::new(cmd.clone().name(title.to_string()).version(version))
        .title(title.to_string())
        .source(format!("clearway {version}"))
        .manual("clearway manual");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    page.extend_from_slice(EXIT_STATUS.as_bytes());
    if let Some((_, list)) = examples::EXAMPLES.iter().find(|(p, _)| *p == path) {
        page.extend_from_slice(examples::roff(list).as_bytes());
    }
    man.render_version_section(&mut page)?;
    Ok(once_preamble(&page))
}

/// Each of clap_mangen's section renderers starts with the same two-line roff preamble (the
/// quote-string definition); a page needs it once, at the top.
fn once_preamble(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let preamble = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    match text.split_once(preamble) {
        Some((before, after)) => {
            format!("{before}{preamble}{}", after.replace(preamble, "")).into_bytes()
        }
        None => page.to_vec(),
    }
}

/// The exit codes every command shares (docs/architecture.md §6).
const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"
.TP
0
Success.
.TP
1
A check found what it looks for: a risk check's failure condition (\\fB\\-\\-fail\\-on\\fR), tampering found by \\fBaudit verify\\fR, a lake that does not verify, failed ledger blocks under \\fB\\-\\-fail\\-on any\\fR.
.TP
2
A usage, configuration or input error; nothing was changed by the failing step.
.TP
3
A plugin or an outside service failed.
.TP
130, 143
Interrupted by SIGINT or SIGTERM; the current transaction was rolled back.
";
