//! `lockbox check`: SQLite's integrity check plus the ledger's own invariants.

use super::audit::{verify, AuditVerdict};
use super::ledger::{LOCKBOX_ACCOUNT, UNPOSTED_ACCOUNT};
use super::reports::account_balance;
use super::{Ledger, LedgerError};

/// The findings of a full check; empty `violations` and an intact chain mean all is well.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    pub integrity: String,
    pub violations: Vec<String>,
    pub audit: AuditVerdict,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == "ok" && self.violations.is_empty() && self.audit.is_intact()
    }
}

/// The people whose trust balance is below what chargebacks explain (see the invariant
/// that uses it): a `move_out` credit to a trust account is a negative balance sent on.
pub(crate) const CHARGEBACKS_OWED_SQL: &str =
    "SELECT t.doc FROM trust_account t JOIN account a ON a.id = t.account_id
     WHERE a.credits_cents - a.debits_cents
           + (SELECT COALESCE(SUM(c.amount_cents), 0) FROM transfer c
              WHERE c.debit_account = a.id AND c.kind IN ('chargeback', 'move_in'))
           - (SELECT COALESCE(SUM(c.amount_cents), 0) FROM transfer c
              WHERE c.credit_account = a.id AND c.kind = 'move_out') < 0";

/// Each query returns rows that break one invariant, with a sentence naming it.
const INVARIANTS: &[(&str, &str)] = &[
    (
        "a money order whose intake transfer is missing or differs from its amount",
        "SELECT m.id FROM money_order m
         WHERE (SELECT COUNT(*) FROM transfer t WHERE t.money_order_id = m.id AND t.kind = 'intake'
                AND t.amount_cents = m.amount_cents) <> 1",
    ),
    (
        "a posted money order whose postings do not add up to its amount",
        "SELECT m.id FROM money_order m WHERE m.status = 'posted'
         AND (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer t
              WHERE t.money_order_id = m.id AND t.kind IN ('post_trust', 'post_obligation'))
             <> m.amount_cents",
    ),
    (
        "a money order with postings that is not posted",
        "SELECT DISTINCT m.id FROM money_order m JOIN transfer t ON t.money_order_id = m.id
         WHERE m.status <> 'posted' AND t.kind IN ('post_trust', 'post_obligation')",
    ),
    (
        "a posted money order without exactly one receipt",
        "SELECT m.id FROM money_order m WHERE m.status = 'posted'
         AND (SELECT COUNT(*) FROM receipt r WHERE r.money_order_id = m.id) <> 1",
    ),
    (
        // The velocity windows leave out the money orders with a return time.
        "a money order whose return time does not match its status",
        "SELECT id FROM money_order WHERE (status = 'returned') <> (returned_at IS NOT NULL)",
    ),
    (
        "a returned money order without its return transfer",
        "SELECT m.id FROM money_order m WHERE m.status = 'returned'
         AND (SELECT COUNT(*) FROM transfer t WHERE t.money_order_id = m.id AND t.kind = 'return'
              AND t.amount_cents = m.amount_cents) <> 1",
    ),
    (
        "an obligation paid beyond what was owed",
        "SELECT o.id FROM obligation o
         WHERE (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer t
                WHERE t.credit_account = o.account_id) > o.amount_cents",
    ),
    (
        "an account whose running totals differ from the sums of its transfers",
        "SELECT a.name FROM account a
         WHERE a.debits_cents <> (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer t
                                  WHERE t.debit_account = a.id)
            OR a.credits_cents <> (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer t
                                   WHERE t.credit_account = a.id)",
    ),
    (
        "receipt numbers with a gap",
        "SELECT m FROM (SELECT MAX(number) AS m, COUNT(*) AS c FROM receipt) WHERE c > 0 AND m <> c",
    ),
    (
        "a held money order without an open hold",
        "SELECT m.id FROM money_order m WHERE m.status = 'held'
         AND NOT EXISTS (SELECT 1 FROM hold h WHERE h.money_order_id = m.id AND h.resolution IS NULL)",
    ),
    (
        "a finished batch whose totals differ from its money orders",
        "SELECT b.id FROM posting_batch b WHERE b.finished_at IS NOT NULL
         AND (b.posted_count <> (SELECT COUNT(*) FROM money_order m WHERE m.batch_id = b.id)
              OR b.posted_cents <> (SELECT COALESCE(SUM(amount_cents), 0) FROM money_order m
                                    WHERE m.batch_id = b.id))",
    ),
    (
        // From the running totals, which the invariant above proves equal to the transfers.
        // Only a chargeback takes a balance below zero, and never below what it took: here,
        // or at the person's old site (a balance that arrived below zero, a `move_in`
        // debit); less what was sent on below zero to their next site (a `move_out` credit).
        "a trust account with a negative balance not owed to chargebacks",
        CHARGEBACKS_OWED_SQL,
    ),
    (
        "an electronic deposit in the books that was not accepted, or accepted and not in them",
        "SELECT e.processor_id FROM electronic_deposit e
         WHERE (SELECT COUNT(*) FROM transfer t WHERE t.electronic_id = e.id AND t.kind = 'electronic'
                AND t.amount_cents = e.amount_cents) <> (e.outcome = 'accepted')
            OR (SELECT COUNT(*) FROM transfer t WHERE t.electronic_id = e.id AND t.kind = 'electronic')
               <> (e.outcome = 'accepted')",
    ),
    (
        "a posted electronic deposit whose postings do not add up to its amount, or postings of one not posted",
        "SELECT e.processor_id FROM electronic_deposit e
         WHERE (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer t
                WHERE t.electronic_id = e.id AND t.kind IN ('post_trust', 'post_obligation'))
               <> CASE WHEN e.batch_id IS NULL THEN 0 ELSE e.amount_cents END
            OR (e.batch_id IS NOT NULL AND e.outcome <> 'accepted')",
    ),
    (
        "a posted electronic deposit without exactly one receipt",
        "SELECT e.processor_id FROM electronic_deposit e
         WHERE (SELECT COUNT(*) FROM receipt r WHERE r.electronic_id = e.id)
               <> (e.batch_id IS NOT NULL)",
    ),
    (
        "an electronic deposit charged back without its chargeback, or with one it did not have",
        "SELECT e.processor_id FROM electronic_deposit e
         WHERE (SELECT COUNT(*) FROM transfer t WHERE t.electronic_id = e.id AND t.kind = 'chargeback'
                AND t.amount_cents = e.amount_cents)
               <> (e.charged_back_at IS NOT NULL AND e.outcome = 'accepted')
            OR (SELECT COUNT(*) FROM transfer t WHERE t.electronic_id = e.id AND t.kind = 'chargeback')
               <> (e.charged_back_at IS NOT NULL AND e.outcome = 'accepted')",
    ),
    (
        "a transfer of a kind that belongs to electronic deposits without one",
        "SELECT t.id FROM transfer t
         WHERE t.kind IN ('electronic', 'chargeback') AND t.electronic_id IS NULL",
    ),
    // The outbox (issue 18) names, since schema 15, the transfer or audit entry each of its
    // entries carries to the central server, written by triggers in the same transaction:
    // each one once, in the order written. (Entries from before hold a copy instead.) Only
    // the entries not yet sent are read: the central server holds the others already, by
    // their content hash, and refuses entries that skip any (a whole-outbox pass would
    // cost seconds on a state's ledger).
    (
        "an outbox entry not yet sent naming a transfer or audit entry that is not in the ledger",
        "SELECT o.seq FROM outbox o WHERE o.sent_at IS NULL AND o.source IS NOT NULL
         AND NOT (o.kind = 'transfer' AND EXISTS (SELECT 1 FROM transfer t WHERE t.id = o.source))
         AND NOT (o.kind = 'action' AND EXISTS (SELECT 1 FROM audit a WHERE a.id = o.source))",
    ),
    (
        "outbox entries not yet sent naming a transfer twice or out of the order written",
        "SELECT seq FROM (SELECT seq, source, lag(source) OVER (ORDER BY seq) AS before
                          FROM outbox WHERE sent_at IS NULL AND kind = 'transfer'
                            AND source IS NOT NULL)
         WHERE source <= before",
    ),
    (
        "outbox entries not yet sent naming an audit entry twice or out of the order written",
        "SELECT seq FROM (SELECT seq, source, lag(source) OVER (ORDER BY seq) AS before
                          FROM outbox WHERE sent_at IS NULL AND kind = 'action'
                            AND source IS NOT NULL)
         WHERE source <= before",
    ),
    (
        "the newest transfer or audit entry missing from the outbox (the central server would never get it)",
        "SELECT kind FROM (
             SELECT 'transfer' AS kind,
                    (SELECT source FROM outbox WHERE kind = 'transfer' AND source IS NOT NULL
                     ORDER BY seq DESC LIMIT 1) AS named,
                    (SELECT max(id) FROM transfer) AS newest
             UNION ALL
             SELECT 'action',
                    (SELECT source FROM outbox WHERE kind = 'action' AND source IS NOT NULL
                     ORDER BY seq DESC LIMIT 1),
                    (SELECT max(id) FROM audit))
         WHERE named IS NOT NULL AND named IS NOT newest",
    ),
];

impl Ledger {
    /// Runs the integrity check, every ledger invariant and the audit chain check; `today`
    /// is the date the fee books are compared with the fee engine on.
    pub fn check(&self, today: chrono::NaiveDate) -> Result<CheckReport, LedgerError> {
        // SQLite's integrity check reads every page (most of the time on a big ledger): it
        // runs on a connection of its own, on the other core, while this one checks the
        // invariants. A ledger in memory has no second connection: checked here.
        let path = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        std::thread::scope(|scope| {
            let integrity = path.map(|p| scope.spawn(move || integrity_of(&p)));
            let mut report = self.check_invariants(today)?;
            report.integrity = match integrity {
                Some(handle) => handle
                    .join()
                    .map_err(|_| LedgerError::Corrupt("the integrity check stopped".into()))??,
                None => self
                    .conn
                    .query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
            };
            Ok(report)
        })
    }

    /// Every invariant, the fee books and the audit chain, read in one transaction so that
    /// a writer in another process cannot make two figures disagree by committing between
    /// the reads.
    fn check_invariants(&self, today: chrono::NaiveDate) -> Result<CheckReport, LedgerError> {
        let read = self.conn.unchecked_transaction()?;
        let integrity = String::new();
        let mut violations = Vec::new();
        // A ledger whose upgrade was refused (rows changed behind lockbox's back, which the
        // upgrade would seal over) stays at its version and is checked as it is: a rule on
        // a table or column a later version adds is left out, so that the report names
        // what is wrong instead of failing.
        let older = self.schema_version()? < super::ledger::SCHEMA_VERSION;
        for (what, sql) in INVARIANTS {
            let mut stmt = match self.conn.prepare(sql) {
                Ok(stmt) => stmt,
                Err(_) if older => continue,
                Err(e) => return Err(e.into()),
            };
            let ids: Vec<String> = stmt
                .query_map([], |r| {
                    r.get::<_, rusqlite::types::Value>(0).map(|v| match v {
                        rusqlite::types::Value::Integer(i) => i.to_string(),
                        rusqlite::types::Value::Text(t) => t,
                        other => format!("{other:?}"),
                    })
                })?
                .take(10)
                .collect::<Result<_, _>>()?;
            if !ids.is_empty() {
                violations.push(format!("{what}: {}", ids.join(", ")));
            }
        }
        let (waiting, outstanding): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT COALESCE(SUM(amount_cents), 0) FROM money_order WHERE status IN ('ready', 'held')),
                    (SELECT COALESCE(SUM(amount_cents), 0) FROM money_order WHERE status <> 'returned')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let unposted = account_balance(&self.conn, UNPOSTED_ACCOUNT)?;
        if unposted.cents() != waiting {
            violations.push(format!(
                "unposted deposits account holds {unposted} but ready and held money orders total {}",
                crate::domain::Money::from_cents(waiting)
            ));
        }
        // Electronic deposits accepted, not posted and not charged back wait in their own
        // unposted account.
        let electronic_waiting: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM electronic_deposit
             WHERE outcome = 'accepted' AND batch_id IS NULL AND charged_back_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        let electronic_unposted = account_balance(
            &self.conn,
            super::electronic_books::ElectronicAccounts::load(&self.conn)?.unposted,
        )?;
        if electronic_unposted.cents() != electronic_waiting {
            violations.push(format!(
                "unposted electronic deposits account holds {electronic_unposted} but accepted electronic deposits waiting to post total {}",
                crate::domain::Money::from_cents(electronic_waiting)
            ));
        }
        let lockbox = account_balance(&self.conn, LOCKBOX_ACCOUNT)?;
        if lockbox.cents() != outstanding {
            violations.push(format!(
                "lock box account holds {lockbox} but money orders not returned total {}",
                crate::domain::Money::from_cents(outstanding)
            ));
        }
        // Assets (debit-normal) must equal liabilities (credit-normal): every transfer moves
        // the same amount on both sides, so a difference means a row was forged or lost.
        let (assets, liabilities): (i64, i64) = self.conn.query_row(
            "SELECT
               COALESCE(SUM(CASE WHEN d.normal = 'debit' THEN t.amount_cents ELSE 0 END
                          - CASE WHEN c.normal = 'debit' THEN t.amount_cents ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN c.normal = 'credit' THEN t.amount_cents ELSE 0 END
                          - CASE WHEN d.normal = 'credit' THEN t.amount_cents ELSE 0 END), 0)
             FROM transfer t
             JOIN account d ON d.id = t.debit_account
             JOIN account c ON c.id = t.credit_account",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if assets != liabilities {
            violations.push(format!(
                "assets ({assets} cents) do not equal liabilities ({liabilities} cents)"
            ));
        }
        violations.extend(super::fee_books::fee_book_violations(&self.conn, today)?);
        // Rows changed, added or deleted by SQL; the triggers; the key.
        violations.extend(super::seal::violations(
            &self.conn,
            self.audit_key.as_ref(),
        )?);
        // The chain is at least as long as the last entry known written.
        violations.extend(self.anchor_problems(None)?);
        let audit = verify(&self.conn, self.audit_key.is_ok())?;
        read.finish()?;
        Ok(CheckReport {
            integrity,
            violations,
            audit,
        })
    }
}

/// `PRAGMA integrity_check` on a connection of its own to the ledger file ("ok" when sound).
fn integrity_of(path: &str) -> Result<String, LedgerError> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Every page is read, most of them more than once (a table, then each of its indexes):
    // read through a memory map instead of copied into SQLite's page cache, a 1 GB ledger
    // is checked three times faster (measured: 6 s against 22). The map holds the file's
    // own pages (the kernel's page cache), not memory of the process's own.
    conn.pragma_update(None, "mmap_size", 4_i64 << 30)?;
    let found: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(found.join("; "))
}
