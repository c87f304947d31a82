//! `kloe`: the headless way into everything KLOE Workbook does.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Clap's message as one line: its error text and any lines that belong to
/// it, without the usage and help pointers.
fn one_line(rendered: &str) -> String {
    rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether errors are written for scripts: `KLOE_ERRORS=json`.
fn json_errors() -> bool {
    std::env::var("KLOE_ERRORS").is_ok_and(|v| v == "json")
}

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let message = kloe::text::printable(&one_line(&e.render().to_string()));
            if json_errors() {
                eprintln!(
                    "{}",
                    serde_json::json!({ "code": kloe::Refusal::Usage.code(), "message": message })
                );
            } else {
                eprintln!("kloe: {message}");
            }
            return ExitCode::from(2);
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`kloe show 1 | head`) is not worth an error message.
        Err(kloe::Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // One clear line: what happened and what to do; for scripts
            // that set KLOE_ERRORS=json, the same as {"code", "message"}.
            let message = kloe::text::printable(&e.to_string().replace('\n', " "));
            if json_errors() {
                let line = serde_json::json!({ "code": e.code(), "message": message });
                eprintln!("{line}");
            } else {
                eprintln!("kloe: {message}");
            }
            ExitCode::FAILURE
        }
    }
}
