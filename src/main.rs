use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    lockbox::app::command::run(lockbox::cli::Cli::parse())
}
