//! lockbox: a lobby kiosk and a clerk console over one local SQLite ledger.
//!
//! `domain` holds the pure rules; `store` the ledger; `strings` the words people read;
//! `cli` the command line's shape; `central` the state's PostgreSQL server; `app` wires them
//! together.

pub mod app;
pub mod central;
pub mod cli;
pub mod domain;
pub mod print;
pub mod store;
pub mod strings;
pub mod ui;
