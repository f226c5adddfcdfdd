//! The central PostgreSQL that every site's ledger synchronises with (issue 18).
//!
//! Each site keeps its own SQLite ledger as its store and works on it offline; the central
//! server holds what every site pushed, once, and what the state decides for every site.
//! Its schema is versioned as `schema.sql` is: `schema.sql` beside this module, one section
//! per version, applied in one transaction by `lockbox central init`.

pub mod central_error;
pub mod changes;
mod moves;
pub mod push;
pub mod report;
pub mod server;

pub use central_error::CentralError;
pub use push::Pushed;
pub use report::SiteBooks;
pub use server::{Central, InitOutcome, CENTRAL_SCHEMA_VERSION};
