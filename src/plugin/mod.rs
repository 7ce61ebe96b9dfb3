//! Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks)
//! driven through one small contract, so that clearway never links their SDKs.
//!
//! A plugin is a folder with a `plugin.toml` ([`manifest`]) found on a search path and pinned
//! by a lock ([`discovery`]); clearway talks to it in newline-delimited JSON-RPC 2.0 ([`wire`])
//! over a child process's stdio ([`exec`]) or HTTP POST ([`http`]), through one
//! transport-independent [`session`]. Tables travel as Arrow IPC streams and land in DuckDB
//! through the appender ([`table`]). A call — approval, input, session, result, storage and
//! audit record — is one pipeline ([`call`]) that the CLI and the TUI both run; the TUI keeps
//! sessions between calls ([`kept`]); [`check`] reviews a plugin against its manifest. The
//! protocol is documented for plugin authors in
//! `plugins/README.md`.
//!
//! Why out of process: plugins are written in whatever language the service's SDK is, may
//! crash or hang, and must not take the workbench (or the analyst's data) with them. The host
//! enforces every limit — timeouts, cancel-then-kill of the process group, output caps, a
//! bounded log, the process group ended with every session (so nothing the plugin forked
//! outlives it), an environment reduced to an allow-list (see [`exec`]). It is not a sandbox: a plugin runs with the analyst's
//! rights, which is why changed plugins are refused until re-approved.

pub mod call;
pub mod check;
pub mod discovery;
pub mod exec;
pub mod host;
pub mod http;
pub mod kept;
pub mod manifest;
pub mod session;
pub mod table;
// The JSON-RPC wire is parsed in clearway-formats (untrusted bytes; fuzzed there).
pub use clearway_formats::plugin_wire as wire;

use crate::error::Error;
use manifest::Manifest;
use std::path::Path;

/// The plugin called `name` on the workspace's search path.
pub fn find(workspace: &Path, name: &str) -> Result<Manifest, Error> {
    let (found, broken) = discovery::discover(workspace);
    if let Some(f) = found.into_iter().find(|f| f.manifest.plugin.name == name) {
        return Ok(f.manifest);
    }
    let hint = broken
        .iter()
        .find(|b| b.dir.file_name().is_some_and(|d| d == name))
        .map(|b| format!("its folder was found but: {}", b.reason))
        .unwrap_or_else(|| {
            "`clearway plugin list` shows the plugins found and where clearway looks".into()
        });
    Err(Error::usage(format!("no plugin named `{name}`"), hint))
}

/// The plugin called `name` and its command `command`.
pub fn find_command(
    workspace: &Path,
    name: &str,
    command: &str,
) -> Result<(Manifest, manifest::CommandSpec), Error> {
    let m = find(workspace, name)?;
    let spec = m.command(command).cloned().ok_or_else(|| {
        Error::usage(
            format!("plugin `{name}` has no command `{command}`"),
            format!(
                "its commands: {}",
                m.commands
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    Ok((m, spec))
}

/// A failed plugin call as a diagnostic (exit code 3).
pub fn failed(plugin: &str, f: &wire::Failure) -> Error {
    let (message, help) = f.explain(plugin);
    Error::Plugin { message, help }
}
