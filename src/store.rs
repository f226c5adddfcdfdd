//! The ledger on SQLite: opening and migrating, one function per query, every write that
//! moves money in one transaction together with its audit record.

/// The condition (on `outbox o`) of an entry holding a copy that lockbox did not write: one
/// after the first entry that names its row (none has been written as a copy since schema
/// 15), or a transfer's copy that says other than its sealed transfer (the first naming
/// entry turned into a copy, to pass as history). One text for `check`, which names such
/// entries, and for the push, which never sends them.
macro_rules! forged_outbox_copy {
    () => {
        "o.source IS NULL
         AND (o.seq > (SELECT min(seq) FROM outbox WHERE source IS NOT NULL)
              OR (o.kind = 'transfer' AND NOT EXISTS
                   (SELECT 1 FROM outbox_transfer_body b WHERE b.id = json_extract(o.body, '$.id')
                    AND json_extract(b.body, '$.amount_cents') IS json_extract(o.body, '$.amount_cents')
                    AND json_extract(b.body, '$.debit') IS json_extract(o.body, '$.debit')
                    AND json_extract(b.body, '$.credit') IS json_extract(o.body, '$.credit')
                    AND json_extract(b.body, '$.kind') IS json_extract(o.body, '$.kind'))))"
    };
}

pub(crate) mod attempt_lock;
pub mod audit;
pub mod audit_key;
pub mod central_changes;
pub(crate) mod central_moves;
pub mod check;
pub mod deposits;
pub mod documents;
pub mod electronic;
pub mod electronic_books;
pub mod export;
pub mod fee_books;
pub mod fees;
pub mod holds_filter;
pub mod ledger;
pub mod ledger_error;
pub mod outbox;
pub mod passwords;
pub mod people;
pub mod pins;
pub mod policy;
pub mod posting;
pub mod posting_preview;
pub(crate) mod posting_rows;
pub mod print_jobs;
pub mod reconciliation;
pub mod reports;
pub(crate) mod row_batch;
pub(crate) mod seal;
pub(crate) mod slip_job;
pub(crate) mod velocity;
pub mod waivers;

pub use audit::{AuditProblem, AuditVerdict};
pub use audit_key::AuditKey;
pub use central_changes::CentralApplied;
pub use check::CheckReport;
pub use deposits::{
    CapturedSlip, FoundItem, HeldMoneyOrder, IntakeOutcome, IntakeStatus, Verification,
};
pub use export::ExportError;
pub use fee_books::CatchUp;
pub use fees::{AssessOutcome, CaseAccount, CaseLine, ImportError, ImportSummary};
pub use holds_filter::HoldsFilter;
pub use ledger::Ledger;
pub use ledger_error::LedgerError;
pub use outbox::{OutboxEntry, SyncState};
pub use passwords::SignIn;
pub use people::NewPerson;
pub use people::{Person, Role, User};
pub use pins::{key_file_too_open, PinCheck, PinKey, PinKeyError, PinStatus};
pub use policy::Policy;
pub use posting::{PostingOutcome, PostingProgress};
pub use posting_preview::{InmatePreview, PostingPreview};
pub use print_jobs::{FoundDocument, JobFate, JobFilter, PrintJob, PrintJobRow};
pub use reports::{
    Activity, InmateBalance, ObligationStatus, PendingMoneyOrder, Statement, StatementLine,
};

pub use waivers::{PendingWaiver, WaiverDecision, WaiverRequest};

/// How timestamps are stored: local wall-clock time, sortable as text.
pub const TIMESTAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
pub const DATE_FORMAT: &str = "%Y-%m-%d";

pub(crate) fn timestamp(t: chrono::NaiveDateTime) -> String {
    t.format(TIMESTAMP_FORMAT).to_string()
}

/// The steps of SQLite's plan for `sql` on a new ledger in memory, for the tests that hold
/// a hot query to its index (a scan there would not fail any other test, only slow a big
/// ledger down).
#[cfg(test)]
pub(crate) fn query_plan(
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<String>, LedgerError> {
    let ledger = Ledger::open_in_memory()?;
    let plan = ledger
        .connection()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?
        .query_map(params, |r| r.get::<_, String>(3))?
        .collect::<Result<_, _>>()?;
    Ok(plan)
}
