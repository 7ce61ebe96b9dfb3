//! The viewer pages in a real browser: Debian's Chromium, headless, with WebGL on the CPU
//! (SwiftShader, what a machine without a GPU has), opening a page from the file system as an
//! officer's laptop would. The tests of this crate and of the workbench use it to see that a
//! page draws, asks for nothing and keeps hostile text as text; it is library code so that both
//! use one runner rather than two copies.
//!
//! What a page reports about itself is read back from its DOM (`--dump-dom`), through the
//! `data-*` attributes the viewer sets ([`attribute`]).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Chromium, if installed (`CLEARWAY_CHROMIUM` names another binary).
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLEARWAY_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// How to open a page.
#[derive(Debug, Clone, Default)]
pub struct Visit<'a> {
    /// Appended to the address (`#pick-test`, `#measure`).
    pub fragment: &'a str,
    /// More switches (`--disable-webgl`).
    pub extra: &'a [&'a str],
    /// Write a PNG of the page here instead of dumping its DOM.
    pub screenshot: Option<&'a Path>,
    /// The window's height in pixels (1000 wide); 800 when 0.
    pub height: u32,
}

/// The DOM of `page` after its scripts ran (or a screenshot, with [`Visit::screenshot`]).
/// Err: Chromium is missing, could not start, or failed (with what it printed).
pub fn visit(page: &Path, how: &Visit<'_>) -> Result<String, String> {
    let browser = chromium().ok_or("chromium is not installed (apt-get install chromium)")?;
    let profile = Profile::new()?;
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-unsafe-swiftshader",
        // time runs ahead until the page is idle or 5 s of page time passed
        "--virtual-time-budget=5000",
    ])
    .arg(format!(
        "--window-size=1000,{}",
        if how.height == 0 { 800 } else { how.height }
    ))
    .arg(format!("--user-data-dir={}", profile.0.display()))
    .args(how.extra);
    match how.screenshot {
        Some(png) => cmd.arg(format!("--screenshot={}", png.display())),
        None => cmd.arg("--dump-dom"),
    };
    let out = cmd
        .arg(format!("file://{}{}", page.display(), how.fragment))
        .output()
        .map_err(|e| format!("chromium did not start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "chromium failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The value of attribute `name` of the first tag starting with `tag_start` (`<body`,
/// `<figure`) in `dom`, as Chromium serialises it (double quotes, one space before).
pub fn attribute<'a>(dom: &'a str, tag_start: &str, name: &str) -> Option<&'a str> {
    let tag = &dom[dom.find(tag_start)?..];
    let tag = &tag[..tag.find('>')?];
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// A browser profile of one visit, removed after it.
struct Profile(PathBuf);

impl Profile {
    fn new() -> Result<Self, String> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "clearway-chromium-profile-{}-{n}",
            std::process::id()
        ));
        // a folder left by an earlier process of the same id may hold a stale profile lock
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Profile(dir))
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_from_the_first_matching_tag() {
        let dom = r#"<html><body data-viewer="ready" data-csp-violations="0"><figure class="a" data-viewer="drawn"></figure>"#;
        assert_eq!(attribute(dom, "<body", "data-viewer"), Some("ready"));
        assert_eq!(attribute(dom, "<figure", "data-viewer"), Some("drawn"));
        assert_eq!(attribute(dom, "<figure", "viewer"), None);
        assert_eq!(attribute(dom, "<table", "class"), None);
    }
}
