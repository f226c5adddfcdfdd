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
    // An entry that holds a copy (the form from before schema 15) is one of the oldest: none
    // is written after the first entry that names its row. One after it, or one whose copy
    // is of a transfer the ledger does not hold, was written behind lockbox's back, and
    // would change the central books by itself (found by an outside review).
    (
        "an outbox entry not yet sent holding a copy of a row, written behind the ledger's back (lockbox has written none since schema 15, and a transfer's copy says what the transfer says)",
        concat!(
            "SELECT o.seq FROM outbox o WHERE o.sent_at IS NULL AND ",
            forged_outbox_copy!()
        ),
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
        // Three parts, each read in one transaction of its own connection, on two cores:
        // SQLite's integrity check (it reads every page), the seals and the audit chain
        // (they recompute a keyed hash of every sealed row and audit entry), and the
        // invariants that compare figures with one another. Each part's figures are read
        // in one snapshot, so a writer committing meanwhile cannot make two of them
        // disagree; the parts compare nothing across. Measured on the 100,000-person demo
        // before its first sync: 9.6-10.1 s with the seals and chain after the invariants,
        // 8.5-9.0 s beside them (with the invariants read through a memory map too). A
        // ledger in memory has no second connection: checked here, one part after another.
        let path = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        std::thread::scope(|scope| {
            let integrity = path.clone().map(|p| scope.spawn(move || integrity_of(&p)));
            let sealed = path.map(|p| {
                let key = self.audit_key.clone();
                scope.spawn(move || sealed_of(&p, key))
            });
            let (mut violations, anchor) = self.check_invariants(today)?;
            let (seals, audit) = match sealed {
                Some(handle) => handle
                    .join()
                    .map_err(|_| LedgerError::Corrupt("the seal check stopped".into()))??,
                None => seals_and_chain(&self.conn, self.audit_key.as_ref())?,
            };
            violations.extend(seals);
            violations.extend(anchor);
            let integrity = match integrity {
                Some(handle) => handle
                    .join()
                    .map_err(|_| LedgerError::Corrupt("the integrity check stopped".into()))??,
                None => self
                    .conn
                    .query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
            };
            Ok(CheckReport {
                integrity,
                violations,
                audit,
            })
        })
    }

    /// Every invariant and the fee books, read in one transaction so that a writer in
    /// another process cannot make two figures disagree by committing between the reads;
    /// and what the audit anchor finds (apart: the seals and the chain come between them
    /// in the report).
    fn check_invariants(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<(Vec<String>, Vec<String>), LedgerError> {
        // Read through a memory map as the other two parts are (the pages the invariants
        // read at random are not copied into the page cache: 1.7 s of the kernel's time
        // less on the 100,000-person demo).
        self.with_mapped_reads(|ledger| ledger.invariants_read(today))
    }

    fn invariants_read(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<(Vec<String>, Vec<String>), LedgerError> {
        let read = self.conn.unchecked_transaction()?;
        // The anchor first: its file is read before this transaction's first read takes
        // its snapshot, so an entry a writer adds and anchors while the check runs is in
        // the snapshot whenever its anchor was read (the chain is proven in a snapshot
        // taken later still).
        let anchor = self.anchor_problems(None)?;
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
                    r.get::<_, rusqlite::types::Value>(0).map(|v| shown(&v))
                })?
                .take(10)
                .collect::<Result<_, _>>()?;
            if !ids.is_empty() {
                violations.push(format!("{what}: {}", ids.join(", ")));
            }
        }
        violations.extend(outbox_order_violations(&self.conn, older)?);
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
        read.finish()?;
        Ok((violations, anchor))
    }
}

/// The seals and the audit chain, read in one transaction on a connection of its own to
/// the ledger file, with the ledger's audit key (or the reason there is none).
fn sealed_of(
    path: &str,
    key: Result<super::audit_key::AuditKey, String>,
) -> Result<(Vec<String>, AuditVerdict), LedgerError> {
    let conn = read_only(path)?;
    super::seal::register(&conn, key.clone())?;
    seals_and_chain(&conn, key.as_ref())
}

/// Rows changed, added or deleted by SQL, the triggers, the key; then the audit chain.
fn seals_and_chain(
    conn: &rusqlite::Connection,
    key: Result<&super::audit_key::AuditKey, &String>,
) -> Result<(Vec<String>, AuditVerdict), LedgerError> {
    let read = conn.unchecked_transaction()?;
    let seals = super::seal::violations(conn, key)?;
    let audit = verify(conn, key.is_ok())?;
    read.finish()?;
    Ok((seals, audit))
}

/// A connection of the check's own that reads the ledger file through a memory map:
/// every page of a table is read, most of them more than once (a table, then each of its
/// indexes), and mapped instead of copied into SQLite's page cache a 1 GB ledger is
/// checked three times faster (measured: 6 s against 22). The map holds the file's own
/// pages (the kernel's page cache), not memory of the process's own.
fn read_only(path: &str) -> Result<rusqlite::Connection, LedgerError> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "mmap_size", super::ledger::MAPPED_BYTES)?;
    Ok(conn)
}

/// The outbox entries not yet sent naming a transfer (an audit entry) twice or out of the
/// order written: each kind's sources rise with the entries' numbers. One pass over the
/// entries in their order, both kinds at once, where a window query per kind sorted them
/// again (3.0 of `check`'s 14 s on the 100,000-person demo before its first sync, 2.2
/// million entries; the pass takes 0.3 s).
fn outbox_order_violations(
    conn: &rusqlite::Connection,
    older: bool,
) -> Result<Vec<String>, LedgerError> {
    use rusqlite::types::Value;
    const SHOWN: usize = 10;
    // A ledger older than the outbox's `source` (a refused upgrade) has nothing to prove.
    let mut stmt = match conn.prepare(
        "SELECT seq, kind, source FROM outbox
         WHERE sent_at IS NULL AND source IS NOT NULL ORDER BY seq",
    ) {
        Ok(stmt) => stmt,
        Err(_) if older => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut rows = stmt.query([])?;
    // Per kind (transfer, action): the source before, and the entries out of order.
    let mut before: [Option<Value>; 2] = [None, None];
    let mut out_of_order: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    while let Some(row) = rows.next()? {
        let seq: Value = row.get(0)?;
        // Another kind (only an edit that turned the table's checks off can write one)
        // is in neither order.
        let kind = match row.get_ref(1)?.as_str().ok() {
            Some("transfer") => 0,
            Some("action") => 1,
            _ => continue,
        };
        let source: Value = row.get(2)?;
        if before[kind]
            .as_ref()
            .is_some_and(|b| sqlite_order(&source, b).is_le())
            && out_of_order[kind].len() < SHOWN
        {
            out_of_order[kind].push(shown(&seq));
        }
        before[kind] = Some(source);
    }
    let [transfers, actions] = out_of_order;
    let mut found = Vec::new();
    for (what, seqs) in [("a transfer", transfers), ("an audit entry", actions)] {
        if !seqs.is_empty() {
            found.push(format!(
                "outbox entries not yet sent naming {what} twice or out of the order written: {}",
                seqs.join(", ")
            ));
        }
    }
    Ok(found)
}

/// How SQLite orders two values of a column without a collation: numbers (by value)
/// before text (by its bytes) before blobs (by their bytes); NULL first. The outbox's
/// sources are whole numbers unless an edit stored something else, and then they are
/// compared as the query this pass replaced compared them.
fn sqlite_order(a: &rusqlite::types::Value, b: &rusqlite::types::Value) -> std::cmp::Ordering {
    use rusqlite::types::Value;
    let class = |v: &Value| match v {
        Value::Null => 0,
        Value::Integer(_) | Value::Real(_) => 1,
        Value::Text(_) => 2,
        Value::Blob(_) => 3,
    };
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        // An integer against a real: exact for every source a ledger can hold (below
        // 2^53), and the same order as SQLite's beyond it but for ties.
        // (SQLite stores no NaN; -0.0 and 0.0 are equal to it, as to `partial_cmp`.)
        (Value::Integer(x), Value::Real(y)) => real_order(*x as f64, *y),
        (Value::Real(x), Value::Integer(y)) => real_order(*x, *y as f64),
        (Value::Real(x), Value::Real(y)) => real_order(*x, *y),
        (Value::Text(x), Value::Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => class(a).cmp(&class(b)),
    }
}

fn real_order(a: f64, b: f64) -> std::cmp::Ordering {
    a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal)
}

/// A value as the invariants' report shows it.
fn shown(v: &rusqlite::types::Value) -> String {
    match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(t) => t.clone(),
        other => format!("{other:?}"),
    }
}

/// `PRAGMA integrity_check` on a connection of its own to the ledger file ("ok" when sound).
fn integrity_of(path: &str) -> Result<String, LedgerError> {
    let conn = read_only(path)?;
    let found: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(found.join("; "))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::outbox_order_violations;
    use rusqlite::types::Value;

    /// The query the pass replaced, per kind: the entries it named, in its words.
    fn by_window_query(conn: &rusqlite::Connection) -> Vec<String> {
        let mut found = Vec::new();
        for (kind, what) in [("transfer", "a transfer"), ("action", "an audit entry")] {
            let seqs: Vec<String> = conn
                .prepare(
                    "SELECT seq FROM (SELECT seq, source, lag(source) OVER (ORDER BY seq) AS before
                                      FROM outbox WHERE sent_at IS NULL AND kind = ?1
                                        AND source IS NOT NULL)
                     WHERE source <= before",
                )
                .unwrap()
                .query_map([kind], |r| r.get::<_, i64>(0))
                .unwrap()
                .take(10)
                .map(|s| s.unwrap().to_string())
                .collect();
            if !seqs.is_empty() {
                found.push(format!(
                    "outbox entries not yet sent naming {what} twice or out of the order written: {}",
                    seqs.join(", ")
                ));
            }
        }
        found
    }

    /// Outboxes edited behind lockbox's back, at random: sources out of order, repeated,
    /// stored as reals, text or blobs, kinds the table's checks would refuse, entries
    /// sent and not. The one pass names what the window queries named, entry for entry.
    #[test]
    fn the_pass_names_what_the_window_queries_named() {
        let ledger = crate::store::Ledger::open_in_memory().unwrap();
        let conn = ledger.connection();
        conn.execute_batch("PRAGMA ignore_check_constraints = 1")
            .unwrap();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut differing = 0;
        let mut named = 0;
        for round in 0..300 {
            let first: i64 = conn
                .query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox", [], |r| {
                    r.get(0)
                })
                .unwrap();
            // Everything before this round is sent: each round is an outbox of its own.
            conn.execute("UPDATE outbox SET sent_at = 'x' WHERE sent_at IS NULL", [])
                .unwrap();
            for _ in 0..(5 + next(40)) {
                let kind = ["transfer", "action", "action", "transfer", "other"]
                    [usize::try_from(next(5)).unwrap()];
                let base = i64::try_from(next(30)).unwrap();
                let source = match next(12) {
                    0 => Value::Real(base as f64 + 0.5),
                    1 => Value::Text(format!("{}", next(3))),
                    2 => Value::Blob(vec![u8::try_from(next(3)).unwrap()]),
                    3 => Value::Real(base as f64),
                    _ => Value::Integer(base + i64::from(round % 2 == 0) * 1000),
                };
                let sent = (next(10) == 0).then_some("2026-12-01");
                conn.execute(
                    "INSERT INTO outbox (kind, source, sent_at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![kind, source, sent],
                )
                .unwrap();
            }
            let pass = outbox_order_violations(conn, false).unwrap();
            let query = by_window_query(conn);
            if pass != query {
                differing += 1;
                eprintln!("round {round} (from seq {first}): pass {pass:?}, query {query:?}");
            }
            named += usize::from(!query.is_empty());
        }
        assert_eq!(differing, 0);
        // The rounds are worth comparing: most of them break the order somewhere.
        assert!(named > 150, "{named}");
    }
}
