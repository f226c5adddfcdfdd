//! What can go wrong with the central server, in words a technician can act on.

/// A failure talking to the central PostgreSQL.
#[derive(Debug, thiserror::Error)]
pub enum CentralError {
    /// The URL does not parse, or the server cannot be reached or refuses the sign-in.
    #[error("cannot reach the central server at {url}: {problem}")]
    Unreachable { url: String, problem: String },
    /// The central schema is newer than this lockbox: upgrade the site first.
    #[error("the central schema is version {found}, newer than this lockbox knows ({supported}): upgrade lockbox")]
    TooNew { found: i64, supported: i64 },
    /// A site sent an entry under a number the server holds with other content: a copied
    /// or edited ledger. Nothing more is applied from that site until someone looks.
    #[error("outbox entry {seq} of site {site} was applied before with other content: nothing more is taken from this site until someone finds out why (a ledger copied, restored or edited?)")]
    Conflict { site: String, seq: i64 },
    /// Anything else PostgreSQL said.
    #[error("the central server: {0}")]
    Server(String),
}

impl From<postgres::Error> for CentralError {
    fn from(e: postgres::Error) -> Self {
        // The server's own message (with its detail) says more than the driver's summary.
        match e.as_db_error() {
            Some(db) => CentralError::Server(match db.detail() {
                Some(detail) => format!("{} ({detail})", db.message()),
                None => db.message().to_string(),
            }),
            None => CentralError::Server(e.to_string()),
        }
    }
}
