use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use lockbox::cli::{Cli, Command};

/// Logs go to stderr, which systemd hands to the journal. A full-screen kiosk or console on
/// a terminal logs nothing there: its screen is the terminal. `LOCKBOX_LOG` sets the level
/// (`info`, `debug`...); by default a service logs `info` and a command on a terminal only
/// warnings.
fn init_logs(cli: &Cli) {
    let full_screen = matches!(cli.command, None | Some(Command::Kiosk(_) | Command::Clerk));
    if full_screen && std::io::stderr().is_terminal() {
        return;
    }
    let level = if std::env::var_os("JOURNAL_STREAM").is_some() {
        "info"
    } else {
        "warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("LOCKBOX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(&cli);
    lockbox::app::command::run(cli)
}
