//! The `clearway` binary: parse, run, map the outcome to an exit code. Everything else is in
//! the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = clearway::cli::parse();
    match clearway::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.exit_code();
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::from(code)
        }
    }
}
