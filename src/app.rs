//! The one place that joins the ledger, the command line and (later) the screens and the
//! printer.

/// Prints a line to stdout, ignoring a closed pipe (`lockbox export csv | head` must not
/// crash).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // Whatever it quotes (a name, a path, a value as typed) reaches the terminal
        // without control characters.
        let _ = writeln!(
            std::io::stdout(),
            "{}",
            $crate::domain::text::for_terminal(&format!($($arg)*))
        );
    }};
}

/// `eprintln!` for what a command tells on standard error (progress, where it wrote, what
/// went wrong): like `say!`, without control characters.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            $crate::domain::text::for_terminal(&format!($($arg)*))
        );
    }};
}

pub mod access;
pub mod backup;
pub mod books_commands;
pub mod central_commands;
pub mod clerk;
pub mod clock;
pub mod command;
pub mod config;
pub mod demo;
pub mod demo_fees;
pub mod demo_file;
pub mod deposit_commands;
pub mod doctor;
pub mod electronic_commands;
pub mod fee_commands;
pub mod input_file;
pub mod kiosk;
pub mod printer_commands;
pub mod progress;
pub mod screen_commands;
pub mod setup_commands;
pub mod speaker;
pub mod spool;
pub mod terminal_input;
