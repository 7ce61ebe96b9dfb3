//! Plugin sessions kept running between calls, for a front end that stays open (the TUI): a
//! plugin that loads a model or opens a connection pool does it once.
//!
//! A kept session is handed out again only while the plugin is still approved (its files
//! unchanged); it is shut down after its manifest's `idle_shutdown_s` ([`reap_idle`], which
//! the TUI runs before every job and on its housekeeping ticks) and when the front end ends
//! ([`stop_all`]). Sessions are kept per plugin folder, so two plugins of one name in two
//! workspaces never share one. A session that failed a call is never kept: dropping it stops
//! the plugin. Streams always get their own session. A kept session's whole process group —
//! the plugin and whatever it started, a worker pool say — runs on between calls and is ended
//! with the session ([`super::exec`]): a child the plugin leaves running does not outlive it.

use super::discovery::Trust;
use super::host;
use super::manifest::Manifest;
use super::session::Session;
use crate::error::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

/// Kept sessions by plugin folder, with when each was last used.
static KEPT: Mutex<BTreeMap<PathBuf, (Session, Instant)>> = Mutex::new(BTreeMap::new());

fn kept() -> MutexGuard<'static, BTreeMap<PathBuf, (Session, Instant)>> {
    KEPT.lock().unwrap_or_else(|p| p.into_inner())
}

/// The plugin's kept session when it is still approved, else a new one (refused, as
/// [`host::start`] refuses, when the plugin is not approved).
pub fn take(workspace: &Path, m: &Manifest) -> Result<Session> {
    let kept = kept().remove(&m.dir);
    let approved = matches!(host::lock(workspace)?.trust(m), Ok(Trust::Approved));
    match kept {
        Some((session, _)) if approved => Ok(session),
        // changed since it started: stopped, and the new files are refused until approved
        Some((session, _)) => {
            session.shutdown();
            Ok(host::start(workspace, m, false)?.0)
        }
        None => Ok(host::start(workspace, m, false)?.0),
    }
}

/// Keeps `session` for the next call (replacing, and stopping, an older one of its plugin).
pub fn keep(session: Session) {
    let dir = session.manifest.dir.clone();
    if let Some((old, _)) = kept().insert(dir, (session, Instant::now())) {
        old.shutdown();
    }
}

/// Shuts down kept sessions idle longer than their manifest allows.
pub fn reap_idle() {
    let mut kept = kept();
    let idle: Vec<PathBuf> = kept
        .iter()
        .filter(|(_, (s, used))| used.elapsed().as_secs() >= s.manifest.limits.idle_shutdown_s)
        .map(|(dir, _)| dir.clone())
        .collect();
    for dir in idle {
        if let Some((session, _)) = kept.remove(&dir) {
            session.shutdown();
        }
    }
}

/// Shuts down every kept session (the front end is leaving).
pub fn stop_all() {
    let all = std::mem::take(&mut *kept());
    for (_, (session, _)) in all {
        session.shutdown();
    }
}

/// How long the kept session of the plugin in `dir` has been idle, in seconds, when there is
/// one.
pub fn idle_seconds(dir: &Path) -> Option<u64> {
    kept().get(dir).map(|(_, used)| used.elapsed().as_secs())
}
