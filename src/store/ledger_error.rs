use crate::domain::Rejection;

/// Why a ledger operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The request broke a rule; nothing was written.
    #[error("refused: {0:?}")]
    Rejected(Rejection),
    /// The database was written by a newer lockbox than this one.
    #[error("this database has schema version {found}, but this lockbox understands only up to version {supported}; use a newer lockbox")]
    SchemaTooNew { found: i64, supported: i64 },
    /// The stored data breaks an invariant that should be impossible (a bug or tampering).
    #[error("the ledger is inconsistent: {0}")]
    Corrupt(String),
    /// Nothing at the path, or a file that is not a lockbox ledger: only `init` and `demo`
    /// create one, so a mistyped path never becomes an empty ledger.
    #[error("no ledger at {0}: `lockbox init` creates one")]
    NoLedger(String),
    /// The PIN key file is missing while the ledger holds hashes made with it.
    #[error("the PIN key {path} is missing, but the ledger holds {hashes} PIN or password hash(es) made with it: restore the key from its copy (a new key would make every PIN and password fail)")]
    KeyMissing { path: String, hashes: i64 },
    /// The PIN key file is not the one the ledger's hashes were made with.
    #[error("the PIN key {0} is not the key this ledger's PINs and passwords were made with: restore the right key from its copy")]
    KeyMismatch(String),
    /// The PIN key file cannot be read or made.
    #[error("{0}")]
    Key(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl From<Rejection> for LedgerError {
    fn from(r: Rejection) -> Self {
        LedgerError::Rejected(r)
    }
}
