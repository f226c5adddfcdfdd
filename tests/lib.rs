//! One integration test binary (link time matters on a 2-core machine), a module per area.

// A failing test is supposed to panic.
#![allow(clippy::panic, clippy::unwrap_used)]

mod access;
mod architecture;
mod audit_chain;
mod backup;
mod books_properties;
mod central;
mod clerk;
mod clerk_pty;
mod clerk_screens;
mod cli;
mod config;
mod crash;
mod deposits;
mod doctor;
mod electronic;
mod fee_books;
mod fee_ledger;
mod fees;
mod hledger;
mod intake_screening;
mod kiosk;
mod kiosk_pty;
mod kiosk_screens;
mod kiosk_speech;
mod logs;
mod money;
mod pg;
mod posting_runs;
mod printing;
mod properties;
mod pty;
mod reconciliation;
mod rules;
mod schema;
mod screening;
mod spool;
mod statements;
mod support;
mod tamper;
mod two_processes;
mod virtual_printer;
mod waivers;
