//! What the next posting will do, before it runs: per inmate, the money orders, their total,
//! what goes to obligations and what to the trust account. It reads; it writes nothing.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::OptionalExtension;

use super::{timestamp, Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{split_deposit, Money, ObligationDue};

/// One inmate's part of the posting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InmatePreview {
    pub doc: String,
    pub name: String,
    pub count: i64,
    pub total: Money,
    pub to_obligations: Money,
    pub to_trust: Money,
}

/// The whole posting, and the first inmates' parts (by DOC number).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PostingPreview {
    /// Money orders and electronic deposits together (`electronic` of them the latter).
    pub count: i64,
    pub electronic: i64,
    pub total: Money,
    pub to_obligations: Money,
    pub to_trust: Money,
    pub inmates: usize,
    pub rows: Vec<InmatePreview>,
    /// The day's posting already ran: nothing more posts that day.
    pub already_posted: bool,
    /// Ready money orders the posting will not take (taken in after its cut-off, or after
    /// the day's posting finished): they wait for the next business day's.
    pub waiting: i64,
}

/// An obligation as the posting reads it: id, its percentage, what is still owed.
type Owed = (i64, u32, i64);

impl Ledger {
    /// The posting of `date` as it would run at `now`, split exactly as `post` splits: the
    /// money orders the batch would take (none once the day's batch finished; up to the
    /// cut-off of a batch under way; else all ready now), each inmate's in order, each
    /// taking the obligation share at the oldest owed obligation's rate and lowering what is
    /// owed for the next. Keeps the parts of the first `keep` inmates; the totals cover all.
    pub fn posting_preview(
        &self,
        date: NaiveDate,
        now: NaiveDateTime,
        keep: usize,
    ) -> Result<PostingPreview, LedgerError> {
        let default_bp = self.obligation_percent_bp()?;
        let batch: Option<(String, bool)> = self
            .conn
            .query_row(
                "SELECT cutoff, finished_at IS NOT NULL FROM posting_batch
                 WHERE business_date = ?1",
                [date.format(DATE_FORMAT).to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let end_of_day = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
        let (cutoff, already_posted) = match batch {
            Some((_, true)) => (String::new(), true),
            Some((cutoff, false)) => (cutoff, false),
            None => (timestamp(now.min(end_of_day)), false),
        };
        let ready: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM money_order WHERE status = 'ready'",
            [],
            |r| r.get(0),
        )?;
        // Money orders, then accepted electronic deposits, as the posting takes them (each
        // inmate's in that order).
        let mut orders = self.conn.prepare(
            "SELECT doc, amount_cents, last_name, first_name, owes, source FROM (
                 SELECT m.doc, m.amount_cents, p.last_name, p.first_name,
                        EXISTS (SELECT 1 FROM obligation o WHERE o.doc = m.doc) AS owes,
                        0 AS source, m.id
                 FROM money_order m JOIN person p ON p.doc = m.doc
                 WHERE m.status = 'ready' AND m.ready_at <= ?1
                 UNION ALL
                 SELECT e.doc, e.amount_cents, p.last_name, p.first_name,
                        EXISTS (SELECT 1 FROM obligation o WHERE o.doc = e.doc),
                        1, e.id
                 FROM electronic_deposit e JOIN person p ON p.doc = e.doc
                 WHERE e.outcome = 'accepted' AND e.batch_id IS NULL AND e.charged_back_at IS NULL
                   AND COALESCE(e.reviewed_at, e.imported_at) <= ?1)
             ORDER BY doc, source, id",
        )?;
        let mut preview = PostingPreview::default();
        let (mut obligations_cents, mut trust_cents, mut total_cents) = (0i64, 0i64, 0i64);
        let mut owed: Vec<Owed> = Vec::new();
        let mut current: Option<InmatePreview> = None;
        let mut rows = orders.query([&cutoff])?;
        while let Some(row) = rows.next()? {
            let doc: String = row.get(0)?;
            let amount = Money::from_cents(row.get(1)?);
            preview.electronic += row.get::<_, i64>(5)?;
            if current.as_ref().map(|c| c.doc.as_str()) != Some(doc.as_str()) {
                if let Some(done) = current.take() {
                    if preview.rows.len() < keep {
                        preview.rows.push(done);
                    }
                }
                preview.inmates += 1;
                // Owed as the posting will take it (an intervention fee as the fee engine
                // says), from the same function.
                owed = match (
                    row.get::<_, bool>(4)?,
                    crate::domain::DocNumber::parse(&doc),
                ) {
                    (true, Ok(d)) => super::posting::obligations_owed(&self.conn, &d, date)?
                        .into_iter()
                        .map(|o| (o.id, o.rate_bp, o.remaining_cents))
                        .collect(),
                    _ => Vec::new(),
                };
                current = Some(InmatePreview {
                    name: format!(
                        "{}, {}",
                        row.get::<_, String>(2)?.to_uppercase(),
                        row.get::<_, String>(3)?
                    ),
                    doc,
                    count: 0,
                    total: Money::ZERO,
                    to_obligations: Money::ZERO,
                    to_trust: Money::ZERO,
                });
            }
            let rate = owed.iter().find(|o| o.2 > 0).map_or(default_bp, |o| o.1);
            let dues: Vec<ObligationDue> = owed
                .iter()
                .map(|o| ObligationDue {
                    obligation_id: o.0,
                    remaining: Money::from_cents(o.2),
                })
                .collect();
            let split = split_deposit(amount, rate, &dues);
            let mut paid = 0i64;
            for (id, part) in &split.to_obligations {
                paid += part.cents();
                if let Some(o) = owed.iter_mut().find(|o| o.0 == *id) {
                    o.2 -= part.cents();
                }
            }
            if let Some(c) = current.as_mut() {
                c.count += 1;
                c.total = Money::from_cents(c.total.cents() + amount.cents());
                c.to_obligations = Money::from_cents(c.to_obligations.cents() + paid);
                c.to_trust = Money::from_cents(c.to_trust.cents() + split.to_trust.cents());
            }
            preview.count += 1;
            total_cents += amount.cents();
            obligations_cents += paid;
            trust_cents += split.to_trust.cents();
        }
        if let Some(done) = current.take() {
            if preview.rows.len() < keep {
                preview.rows.push(done);
            }
        }
        preview.total = Money::from_cents(total_cents);
        preview.to_obligations = Money::from_cents(obligations_cents);
        preview.to_trust = Money::from_cents(trust_cents);
        preview.already_posted = already_posted;
        // Money orders ready that this posting leaves: its electronic deposits are no
        // money orders (counted among them, the figure went below zero).
        preview.waiting = ready - (preview.count - preview.electronic);
        Ok(preview)
    }
}
