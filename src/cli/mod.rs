//! The `kloe` command line: arguments (`args.rs`), each command run
//! (`run.rs`), and what is printed (`output.rs`).

mod args;
mod output;
mod run;

pub use args::Cli;
pub use run::run;
