//! `kloe`: the headless way into everything KLOE Workbook does.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line: what happened and what to do.
            let message = e.to_string().replace('\n', " ");
            eprintln!("kloe: {message}");
            ExitCode::FAILURE
        }
    }
}
