//! `plugin.toml`: what a plugin is, how to reach it, what it may do and how long it may take.
//!
//! The manifest is declarative so that clearway can list, describe and lock a plugin without
//! running it, and so that every limit is the host's to enforce: a plugin never decides its own
//! timeout, environment or output size. Unknown keys are refused — a misspelt `call_timeout`
//! silently falling back to the default is the kind of mistake a manifest must not allow.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The protocol major this host speaks (`plugins/README.md`).
pub const PROTOCOL_MAJOR: u64 = 1;
/// The protocol version this host offers in `initialize`.
pub const PROTOCOL_VERSION: &str = "1.0";

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub plugin: About,
    pub transport: Transport,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub commands: Vec<CommandSpec>,
    /// The dry call `clearway plugin check` makes after the handshake.
    pub check: Option<DryCall>,
    /// Where the manifest was read from (not in the file).
    #[serde(skip_deserializing)]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub name: String,
    pub version: String,
    /// The protocol major the plugin speaks.
    pub protocol: u64,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Transport {
    /// A child process speaking newline-delimited JSON-RPC on stdin/stdout.
    Exec {
        /// argv, run without a shell, in the plugin's folder.
        command: Vec<String>,
        /// The file whose sha256 the lock pins [default: the first argv element that is a
        /// file in the plugin's folder].
        entrypoint: Option<String>,
        /// Environment variables passed through; nothing else is inherited.
        #[serde(default)]
        env: Vec<String>,
    },
    /// A service taking the same JSON-RPC envelope by HTTP POST.
    Http {
        base_url: String,
        /// An environment variable that, when set, replaces `base_url` (a service started on
        /// another port, a staging instance).
        base_url_env: Option<String>,
        #[serde(default = "default_rpc_path")]
        rpc: String,
        /// An environment variable holding a bearer token sent with every request.
        bearer_env: Option<String>,
    },
}

fn default_rpc_path() -> String {
    "/rpc".into()
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    pub startup_timeout_ms: u64,
    pub call_timeout_ms: u64,
    pub cancel_grace_ms: u64,
    /// Largest JSON message (a line on stdout, an HTTP body) accepted.
    pub max_response_bytes: u64,
    /// Largest Arrow table file or body accepted.
    pub max_table_bytes: u64,
    /// A persistent plugin (the TUI's) is shut down after this long unused.
    pub idle_shutdown_s: u64,
    /// HTTP: attempts for an idempotent command that failed transiently.
    pub retries: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            startup_timeout_ms: 5_000,
            call_timeout_ms: 60_000,
            cancel_grace_ms: 2_000,
            max_response_bytes: 16 << 20,
            max_table_bytes: 4 << 30,
            idle_shutdown_s: 300,
            retries: 2,
        }
    }
}

/// What a command takes and gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    None,
    Json,
    Table,
    Stream,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default = "kind_none")]
    pub input: Kind,
    #[serde(default = "kind_json")]
    pub output: Kind,
    /// Changes something outside clearway (sends, writes, pays): `--yes` in batch, a
    /// confirmation in the TUI.
    #[serde(default)]
    pub side_effects: bool,
    /// Handles personal or secret data: arguments, results and log lines are kept out of the
    /// logs and the audit trail (which records only that the call happened).
    #[serde(default)]
    pub sensitive: bool,
    /// Safe to repeat: HTTP retries only these.
    #[serde(default)]
    pub idempotent: bool,
    /// How an input table travels unless the caller says otherwise: Arrow IPC, or JSON rows
    /// for plugins that cannot read Arrow.
    #[serde(default)]
    pub input_format: Encoding,
    /// Argument names and what they mean (shown by `plugin describe`).
    #[serde(default)]
    pub args: BTreeMap<String, String>,
}

/// How a table travels to a plugin.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// Arrow IPC stream (fast, typed).
    #[default]
    Arrow,
    /// JSON rows (an array of objects).
    Json,
}

fn kind_none() -> Kind {
    Kind::None
}
fn kind_json() -> Kind {
    Kind::Json
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct DryCall {
    pub command: String,
    #[serde(default)]
    pub args: serde_json::Map<String, serde_json::Value>,
}

impl Manifest {
    /// Reads `DIR/plugin.toml`.
    pub fn read(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join("plugin.toml");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut m: Manifest = toml::from_str(&text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            format!(
                "{}{at}: {}",
                path.display(),
                e.message().trim_end_matches('\n')
            )
        })?;
        m.dir = dir.to_path_buf();
        m.validate()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(m)
    }

    fn validate(&self) -> Result<(), String> {
        let name = &self.plugin.name;
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "plugin name `{name}` must be letters, digits, - and _"
            ));
        }
        if let Transport::Exec { command, .. } = &self.transport {
            if command.is_empty() {
                return Err("transport.command is empty".into());
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in &self.commands {
            if !seen.insert(&c.name) {
                return Err(format!("command `{}` is declared twice", c.name));
            }
            if c.input == Kind::Stream {
                return Err(format!(
                    "command `{}`: input cannot be a stream (output can)",
                    c.name
                ));
            }
        }
        if let Some(check) = &self.check {
            if self.command(&check.command).is_none() {
                return Err(format!(
                    "[check] names command `{}`, which is not declared",
                    check.command
                ));
            }
        }
        Ok(())
    }

    pub fn command(&self, name: &str) -> Option<&CommandSpec> {
        self.commands.iter().find(|c| c.name == name)
    }

    /// The file the lock pins: the declared entrypoint, or the first argv element that is a
    /// file in the plugin's folder; HTTP plugins pin only their manifest.
    pub fn entrypoint(&self) -> Option<PathBuf> {
        match &self.transport {
            Transport::Exec {
                command,
                entrypoint,
                ..
            } => match entrypoint {
                Some(e) => Some(self.dir.join(e)),
                None => command
                    .iter()
                    .map(|a| self.dir.join(a))
                    .find(|p| p.is_file()),
            },
            Transport::Http { .. } => None,
        }
    }

    /// The base URL in effect (the override variable wins when set).
    pub fn base_url(&self) -> Option<String> {
        match &self.transport {
            Transport::Http {
                base_url,
                base_url_env,
                ..
            } => Some(
                base_url_env
                    .as_ref()
                    .and_then(|v| std::env::var(v).ok())
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| base_url.clone()),
            ),
            Transport::Exec { .. } => None,
        }
    }

    pub fn transport_text(&self) -> String {
        match &self.transport {
            Transport::Exec { command, .. } => format!("exec {}", command.join(" ")),
            Transport::Http { rpc, .. } => {
                format!("http {}{rpc}", self.base_url().unwrap_or_default())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join("plugin.toml"), text).unwrap();
    }

    #[test]
    fn a_manifest_reads_with_defaults_and_mistakes_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("run.py"), "").unwrap();
        write(
            dir.path(),
            "[plugin]\nname = \"demo\"\nversion = \"1.0.0\"\nprotocol = 1\n\n[transport]\nkind = \"exec\"\ncommand = [\"python3\", \"run.py\"]\n\n[[commands]]\nname = \"echo\"\n",
        );
        let m = Manifest::read(dir.path()).unwrap();
        assert_eq!(m.limits.call_timeout_ms, 60_000);
        assert_eq!(m.command("echo").unwrap().output, Kind::Json);
        assert_eq!(m.entrypoint(), Some(dir.path().join("run.py")));
        write(
            dir.path(),
            "[plugin]\nname = \"demo\"\nversion = \"1.0.0\"\nprotocol = 1\n\n[transport]\nkind = \"exec\"\ncommand = [\"x\"]\n\n[limits]\ncall_timeout = 5\n",
        );
        let err = Manifest::read(dir.path()).unwrap_err();
        assert!(
            err.contains("(line 11)") && err.contains("call_timeout"),
            "{err}"
        );
        write(
            dir.path(),
            "[plugin]\nname = \"no spaces\"\nversion = \"1\"\nprotocol = 1\n[transport]\nkind = \"http\"\nbase_url = \"http://127.0.0.1:1\"\n",
        );
        assert!(Manifest::read(dir.path())
            .unwrap_err()
            .contains("must be letters"));
    }
}
