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
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl From<Rejection> for LedgerError {
    fn from(r: Rejection) -> Self {
        LedgerError::Rejected(r)
    }
}
