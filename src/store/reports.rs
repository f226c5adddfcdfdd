//! Balances, activity and monthly statements: read-only queries, each by index.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rusqlite::OptionalExtension;

use super::{Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{DocNumber, Money, Rejection};

/// How many recent transactions a balance shows.
pub const RECENT_ACTIVITY: usize = 20;

/// The balance of an account on its normal side (credits less debits for a liability).
pub(crate) fn account_balance(conn: &Connection, account_id: i64) -> Result<Money, LedgerError> {
    let (cents, normal): (i64, String) = conn
        .prepare_cached(ACCOUNT_BALANCE_SQL)?
        .query_row([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Money::from_cents(if normal == "credit" {
        cents
    } else {
        -cents
    }))
}

/// One obligation of an inmate and what is left of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ObligationStatus {
    pub id: i64,
    pub kind: String,
    pub account: String,
    pub amount: Money,
    pub paid: Money,
    pub remaining: Money,
    pub percent_bp: u32,
}

/// A money order taken in for the inmate and not yet posted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PendingMoneyOrder {
    pub money_order_id: i64,
    pub amount: Money,
    pub status: String,
    pub received_at: String,
}

/// One ledger transfer touching an inmate's accounts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Activity {
    pub transfer_id: i64,
    pub business_date: String,
    pub kind: String,
    pub account: String,
    pub money_order_id: Option<i64>,
    /// Positive when it increases the account's balance.
    pub amount: Money,
}

/// An inmate's trust balance, obligations, pending deposits and latest activity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InmateBalance {
    pub doc: DocNumber,
    pub name: String,
    pub facility: String,
    pub trust_account: String,
    pub trust_balance: Money,
    pub obligations: Vec<ObligationStatus>,
    pub pending: Vec<PendingMoneyOrder>,
    pub recent: Vec<Activity>,
}

/// One posted deposit on a monthly statement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StatementLine {
    pub date: String,
    /// The posting receipt; for a chargeback, the receipt of the deposit it takes back;
    /// none for a balance moved between sites.
    pub receipt_number: Option<i64>,
    /// `money_order`, `electronic` (a card or cash deposit through the processor),
    /// `chargeback` (the processor took an electronic deposit back: negative amounts),
    /// `move_out` (the balance sent to the site the person was moved to: negative) or
    /// `move_in` (a balance from the site they came from).
    pub kind: String,
    pub money_order_id: Option<i64>,
    /// The processor's transaction id of an electronic deposit or its chargeback.
    pub electronic_id: Option<String>,
    /// Who sent the deposit; for a balance moved, the other site's id.
    pub sender_name: String,
    pub deposit: Money,
    pub to_obligations: Money,
    pub credited: Money,
    pub balance: Money,
}

/// An inmate's monthly statement: every transaction of the month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Statement {
    /// Its number, once issued (printed or saved); numbers have no gaps.
    pub number: Option<i64>,
    pub doc: DocNumber,
    pub name: String,
    pub facility: String,
    pub month: String,
    pub opening_balance: Money,
    pub lines: Vec<StatementLine>,
    pub total_deposits: Money,
    pub total_to_obligations: Money,
    pub total_credited: Money,
    pub closing_balance: Money,
}

impl Ledger {
    /// The balance of an inmate's trust account, obligations, pending money orders and the
    /// last 20 transfers, all found by index.
    pub fn balance(&self, doc: &str) -> Result<InmateBalance, LedgerError> {
        let doc = DocNumber::parse(doc)?;
        let person = self.find_person(&doc)?.ok_or(Rejection::InmateNotFound)?;
        let (trust_id, trust_name): (i64, String) = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.name FROM trust_account t JOIN account a ON a.id = t.account_id
                 WHERE t.doc = ?1",
            )?
            .query_row([doc.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let trust_balance = account_balance(&self.conn, trust_id)?;
        let obligations = self.obligations(&doc)?;
        let pending = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, amount_cents, status, received_at FROM money_order
                 WHERE doc = ?1 AND status IN ('ready', 'held') ORDER BY id",
            )?;
            let rows = stmt.query_map([doc.as_str()], |r| {
                Ok(PendingMoneyOrder {
                    money_order_id: r.get(0)?,
                    amount: Money::from_cents(r.get(1)?),
                    status: r.get(2)?,
                    received_at: r.get(3)?,
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let recent = self.recent_activity(&doc, RECENT_ACTIVITY)?;
        Ok(InmateBalance {
            name: person.display_name(),
            facility: person.facility,
            doc,
            trust_account: trust_name,
            trust_balance,
            obligations,
            pending,
            recent,
        })
    }

    /// An inmate's obligations as the posting sees them. An intervention fee owed as an
    /// offender with a supervision case is the fee receivable's: paid is what deposits paid
    /// into it, remaining what the books (the fee engine's) say is still owed.
    fn obligations(&self, doc: &DocNumber) -> Result<Vec<ObligationStatus>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.kind,
                    COALESCE(r.name, a.name),
                    CASE WHEN r.id IS NULL THEN o.amount_cents
                         ELSE (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                               WHERE t.credit_account = r.id AND t.kind = 'post_obligation')
                              + r.debits_cents - r.credits_cents END,
                    o.percent_bp,
                    CASE WHEN r.id IS NULL THEN a.credits_cents
                         ELSE (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                               WHERE t.credit_account = r.id AND t.kind = 'post_obligation') END
             FROM obligation o JOIN account a ON a.id = o.account_id
             LEFT JOIN supervision_case c ON c.doc = o.doc AND o.kind = 'intervention_fee'
             LEFT JOIN account r ON r.id = c.account_id
             WHERE o.doc = ?1
               AND NOT EXISTS (SELECT 1 FROM obligation_moved m WHERE m.obligation_id = o.id)
             ORDER BY o.id",
        )?;
        let rows = stmt.query_map([doc.as_str()], |r| {
            let amount: i64 = r.get(3)?;
            let paid: i64 = r.get(5)?;
            Ok(ObligationStatus {
                id: r.get(0)?,
                kind: r.get(1)?,
                account: r.get(2)?,
                amount: Money::from_cents(amount),
                paid: Money::from_cents(paid),
                remaining: Money::from_cents(amount - paid),
                percent_bp: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest transfers into or out of any of the inmate's accounts, newest first.
    pub fn recent_activity(
        &self,
        doc: &DocNumber,
        limit: usize,
    ) -> Result<Vec<Activity>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(RECENT_ACTIVITY_SQL)?;
        let rows = stmt.query_map(rusqlite::params![doc.as_str(), limit as i64], |r| {
            Ok(Activity {
                transfer_id: r.get(0)?,
                business_date: r.get(1)?,
                kind: r.get(2)?,
                money_order_id: r.get(3)?,
                amount: Money::from_cents(r.get(4)?),
                account: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The monthly statement of an inmate: opening balance, each deposit posted in the
    /// month with its obligation share, and the closing balance.
    pub fn statement(&self, doc: &str, year: i32, month: u32) -> Result<Statement, LedgerError> {
        let doc = DocNumber::parse(doc)?;
        let person = self.find_person(&doc)?.ok_or(Rejection::InmateNotFound)?;
        let first = NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| LedgerError::Corrupt(format!("no month {year}-{month}")))?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }
        .unwrap_or(first);
        let last = next.pred_opt().unwrap_or(first);
        let trust_id: i64 = self
            .conn
            .prepare_cached("SELECT account_id FROM trust_account WHERE doc = ?1")?
            .query_row([doc.as_str()], |r| r.get(0))?;
        let opening: i64 = self
            .conn
            .prepare_cached(
                "SELECT (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer
                         WHERE credit_account = ?1 AND business_date < ?2)
                      - (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer
                         WHERE debit_account = ?1 AND business_date < ?2)",
            )?
            .query_row(
                rusqlite::params![trust_id, first.format(DATE_FORMAT).to_string()],
                |r| r.get(0),
            )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, receipt, kind, mo, eid, sender, amount, to_obligations, to_trust FROM (
                 SELECT *, 0 AS seq FROM (
                 SELECT b.business_date AS day, r.number AS receipt, 'money_order' AS kind,
                        m.id AS mo, NULL AS eid, COALESCE(m.sender_name, '') AS sender,
                        m.amount_cents AS amount,
                        (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                         WHERE t.money_order_id = m.id AND t.kind = 'post_obligation') AS to_obligations,
                        (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                         WHERE t.money_order_id = m.id AND t.kind = 'post_trust') AS to_trust
                 FROM money_order m
                 JOIN posting_batch b ON b.id = m.batch_id
                 JOIN receipt r ON r.money_order_id = m.id
                 WHERE m.doc = ?1 AND b.business_date BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT b.business_date, r.number, 'electronic', NULL, e.processor_id,
                        e.sender_name, e.amount_cents,
                        (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                         WHERE t.electronic_id = e.id AND t.kind = 'post_obligation'),
                        (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                         WHERE t.electronic_id = e.id AND t.kind = 'post_trust')
                 FROM electronic_deposit e
                 JOIN posting_batch b ON b.id = e.batch_id
                 JOIN receipt r ON r.electronic_id = e.id
                 WHERE e.doc = ?1 AND e.batch_id IS NOT NULL AND b.business_date BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT t.business_date, r.number, 'chargeback', NULL, e.processor_id,
                        e.sender_name, -t.amount_cents, 0, -t.amount_cents
                 FROM transfer t
                 JOIN electronic_deposit e ON e.id = t.electronic_id
                 JOIN receipt r ON r.electronic_id = e.id
                 WHERE t.debit_account = ?4 AND t.kind = 'chargeback'
                   AND t.business_date BETWEEN ?2 AND ?3)
                 UNION ALL
                 -- A balance moved between sites: the other side is the interfacility
                 -- account, whose name ends with the other site's id.
                 SELECT t.business_date, NULL, t.kind, NULL, NULL,
                        substr(a.name, length('liabilities:interfacility:') + 1),
                        CASE WHEN t.credit_account = ?4 THEN t.amount_cents ELSE -t.amount_cents END,
                        0,
                        CASE WHEN t.credit_account = ?4 THEN t.amount_cents ELSE -t.amount_cents END,
                        t.id
                 FROM transfer t
                 JOIN account a ON a.id = CASE WHEN t.credit_account = ?4 THEN t.debit_account
                                               ELSE t.credit_account END
                 WHERE t.kind IN ('move_out', 'move_in')
                   AND (t.credit_account = ?4 OR t.debit_account = ?4)
                   AND t.business_date BETWEEN ?2 AND ?3)
             -- Balances moved between sites come after the day's deposits, in the order
             -- they were booked.
             ORDER BY day, kind IN ('move_out', 'move_in'), receipt, seq, kind = 'chargeback'",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![
                doc.as_str(),
                first.format(DATE_FORMAT).to_string(),
                last.format(DATE_FORMAT).to_string(),
                trust_id
            ],
            |r| {
                Ok((
                    (
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, String>(2)?,
                    ),
                    (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<String>>(4)?),
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                ))
            },
        )?;
        let mut balance = opening;
        let (mut deposits, mut withheld, mut credited) = (0i64, 0i64, 0i64);
        let mut lines = Vec::new();
        for row in rows {
            let ((date, receipt, kind), (mo, eid), sender, amount, to_obligations, to_trust) = row?;
            balance += to_trust;
            // A balance moved between sites is no deposit: only the balance shows it.
            if !matches!(kind.as_str(), "move_out" | "move_in") {
                deposits += amount;
                withheld += to_obligations;
                credited += to_trust;
            }
            lines.push(StatementLine {
                date,
                receipt_number: receipt,
                kind,
                money_order_id: mo,
                electronic_id: eid,
                sender_name: sender,
                deposit: Money::from_cents(amount),
                to_obligations: Money::from_cents(to_obligations),
                credited: Money::from_cents(to_trust),
                balance: Money::from_cents(balance),
            });
        }
        let number = self
            .conn
            .prepare_cached("SELECT number FROM statement_issue WHERE doc = ?1 AND month = ?2")?
            .query_row(
                rusqlite::params![
                    doc.as_str(),
                    format!("{:04}-{:02}", first.year(), first.month())
                ],
                |r| r.get(0),
            )
            .optional()?;
        Ok(Statement {
            number,
            name: person.display_name(),
            facility: person.facility,
            doc,
            month: format!("{:04}-{:02}", first.year(), first.month()),
            opening_balance: Money::from_cents(opening),
            lines,
            total_deposits: Money::from_cents(deposits),
            total_to_obligations: Money::from_cents(withheld),
            total_credited: Money::from_cents(credited),
            closing_balance: Money::from_cents(balance),
        })
    }

    /// Every account with its balance on its normal side.
    pub fn accounts(&self) -> Result<Vec<(String, Money)>, LedgerError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.name, a.normal, a.credits_cents - a.debits_cents
             FROM account a ORDER BY a.name",
        )?;
        let rows = stmt.query_map([], |r| {
            let normal: String = r.get(1)?;
            let cents: i64 = r.get(2)?;
            Ok((
                r.get::<_, String>(0)?,
                Money::from_cents(if normal == "credit" { cents } else { -cents }),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Credits less debits of one account, from its running totals (one row by its key).
pub const ACCOUNT_BALANCE_SQL: &str =
    "SELECT credits_cents - debits_cents, normal FROM account WHERE id = ?1";

/// The two halves each walk one index of `transfer` for the person's few accounts.
pub const RECENT_ACTIVITY_SQL: &str = "
    SELECT id, business_date, kind, money_order_id, amount, name FROM (
        SELECT t.id, t.business_date, t.kind, t.money_order_id, t.amount_cents AS amount, a.name
        FROM account a JOIN transfer t ON t.credit_account = a.id
        WHERE a.doc = ?1
        UNION ALL
        SELECT t.id, t.business_date, t.kind, t.money_order_id, -t.amount_cents, a.name
        FROM account a JOIN transfer t ON t.debit_account = a.id
        WHERE a.doc = ?1
    ) ORDER BY id DESC LIMIT ?2";
