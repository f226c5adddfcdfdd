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

/// Every allocation in the process, SQLite's too (the `override` feature puts mimalloc in
/// place of the C library's `malloc`), goes through mimalloc. A posting or the demo on a
/// big ledger has SQLite allocate and free page-sized blocks (the page cache growing,
/// statement journals of 1 KiB chunks) by the million among a gigabyte of live ones, and
/// the C library's allocator spent a fifth of the 100,000-person demo's time walking and
/// merging its free lists (README, "Benchmarks"). Set here, in the library, so that the
/// benches and tests run on the allocator the product runs on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
