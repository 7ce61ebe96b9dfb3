//! Progress bars, drawn only when stderr is a terminal: a pipe or a CI log gets none.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// True when progress may be drawn.
pub fn enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CLEARWAY_NO_PROGRESS").is_none()
}

/// A 0–100 % bar for work whose share done is known (DuckDB's query progress).
pub fn percent_bar(label: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos:>3}% ({elapsed})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(label.to_string());
    bar
}

/// A bar counting items (rows generated, files written).
pub fn count_bar(label: &str, total: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {human_pos}/{human_len} ({per_sec}, {eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(label.to_string());
    bar
}

/// A spinner counting items of unknown total (a plugin's stream), hidden unless `shown`.
pub fn item_spinner(shown: bool, label: &str) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}: {human_pos} ({per_sec}, {elapsed})")
            .expect("a valid template"),
    );
    bar.set_message(label.to_string());
    bar
}
