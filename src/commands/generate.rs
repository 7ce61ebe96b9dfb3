//! Hidden `clearway generate completions SHELL|man --out DIR`: the committed `completions/` and
//! `man/` folders are made by this, and a test fails when they are stale.

use crate::cli::{Cli, GenerateCommand};
use crate::error::{Error, Result};
use clap::CommandFactory;
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

/// Writes one completion script, named as each shell expects (`clearway.bash`, `_clearway`, ...).
pub fn completions(shell: clap_complete::Shell, dir: &Path) -> Result<()> {
    create_dir(dir)?;
    let mut cmd = Cli::command();
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
    let cmd = Cli::command();
    clap_mangen::generate_to(cmd, dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        cause: source,
    })?;
    Ok(())
}
