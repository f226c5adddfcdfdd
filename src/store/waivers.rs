//! Waiver requests: a clerk enters one with the request form's figures and the eligibility
//! check; a supervisor approves it (the waiver becomes a case event in the same transaction)
//! or rejects it.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};

use super::audit::{AuditEntry, AuditWriter};
use super::fees::{add_event_tx, load_case};
use super::people::authorize;
use super::{timestamp, Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{
    check_waiver_eligibility, CaseEvent, DatedEvent, DocNumber, Eligibility, Employment, Income,
    Money, Rejection, SupervisionCase,
};

/// What the clerk types from the offender's request form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverRequest {
    pub doc: DocNumber,
    /// The first and last day the waiver would cover (both counted: at most 90 days).
    pub effective: NaiveDate,
    pub expires: NaiveDate,
    /// How much of each month's fee is waived (the whole fee for a full waiver).
    pub amount: Money,
    pub persons: u32,
    pub income: Income,
    pub employment: Employment,
    /// Why a waiver starts before the day it is requested: only a supervisor may backdate
    /// one, and the reason goes into the audit trail.
    pub backdate_reason: Option<String>,
}

/// A request waiting for a supervisor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingWaiver {
    pub id: i64,
    pub doc: String,
    pub name: String,
    pub effective: NaiveDate,
    pub expires: NaiveDate,
    pub amount: Money,
    pub persons: u32,
    pub monthly_income: Money,
    pub threshold: Money,
    pub requested_by: String,
    pub requested_at: String,
}

/// How a supervisor decides a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverDecision {
    Approve,
    Reject,
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, DATE_FORMAT).ok()
}

impl Ledger {
    /// Records a waiver request after the eligibility check. Refused, writing nothing, when
    /// the income test fails, when the waiver itself could not be approved as it stands (too
    /// long, over the fee, a closed case...), or when one is already waiting.
    pub fn request_waiver(
        &mut self,
        request: &WaiverRequest,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(i64, Eligibility), LedgerError> {
        authorize(&self.conn, actor, false)?;
        // A waiver reaching back before its request: a supervisor's, with a reason.
        let backdated = request.effective < now.date();
        let reason = request
            .backdate_reason
            .as_deref()
            .map(|r| crate::domain::text::clean(crate::domain::Field::Note, r))
            .transpose()?
            .flatten();
        if backdated {
            if reason.is_none() {
                return Err(Rejection::WaiverStartsBeforeRequest.into());
            }
            authorize(&self.conn, actor, true)?;
        }
        let eligibility =
            check_waiver_eligibility(request.persons, request.income, request.employment)
                .map_err(Rejection::Household)?;
        if !eligibility.eligible {
            return Err(Rejection::WaiverNotEligible.into());
        }
        let tx = self.write()?;
        let (mut case, _) = load_case(&tx, &request.doc)?.ok_or(Rejection::CaseNotFound)?;
        refuse_closed(&case)?;
        // Tried on a copy of the case: what approval would refuse is refused now.
        case.add_event(
            waiver_event(request.effective, request.expires, request.amount),
            now.date(),
            &super::fees::calendar_of(&tx)?,
        )?;
        let waiting: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM waiver_request WHERE doc = ?1 AND status = 'pending')",
            [request.doc.as_str()],
            |r| r.get(0),
        )?;
        if waiting {
            return Err(Rejection::WaiverAlreadyRequested.into());
        }
        let at = timestamp(now);
        tx.execute(
            "INSERT INTO waiver_request (doc, effective, expires, amount_cents, persons,
                 monthly_income_cents, threshold_cents, employment, requested_at, requested_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                request.doc.as_str(),
                request.effective.format(DATE_FORMAT).to_string(),
                request.expires.format(DATE_FORMAT).to_string(),
                request.amount.cents(),
                request.persons,
                eligibility.monthly_income.cents(),
                eligibility.threshold.cents(),
                request.employment.code(),
                at,
                actor
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut audit = AuditWriter::begin(&tx)?;
        audit.append(
            &tx,
            &at,
            &AuditEntry {
                actor,
                action: "waiver.request",
                subject: format!("doc:{}", request.doc),
                outcome: "ok",
                detail: format!(
                    "request {id}: {} a month from {} to {}; income {} for {} (limit {}){}",
                    request.amount,
                    request.effective,
                    request.expires,
                    eligibility.monthly_income,
                    request.persons,
                    eligibility.threshold,
                    match (backdated, &reason) {
                        (true, Some(why)) => format!("; starts before the request because: {why}"),
                        _ => String::new(),
                    }
                ),
            },
        )?;
        tx.commit()?;
        Ok((id, eligibility))
    }

    /// Requests waiting for a supervisor, oldest first: at most `limit`, and how many wait.
    pub fn pending_waivers(&self, limit: i64) -> Result<(Vec<PendingWaiver>, i64), LedgerError> {
        let total = self.conn.query_row(
            "SELECT COUNT(*) FROM waiver_request WHERE status = 'pending'",
            [],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.id, w.doc, c.name, w.effective, w.expires, w.amount_cents, w.persons,
                    w.monthly_income_cents, w.threshold_cents, w.requested_by, w.requested_at
             FROM waiver_request w JOIN supervision_case c ON c.doc = w.doc
             WHERE w.status = 'pending' ORDER BY w.id LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, u32>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, String>(10)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, doc, name, effective, expires, amount, persons, income, limit, by, at) in rows {
            let (Some(effective), Some(expires)) = (date(&effective), date(&expires)) else {
                return Err(LedgerError::Corrupt(format!("waiver request {id}: dates")));
            };
            out.push(PendingWaiver {
                id,
                doc,
                name,
                effective,
                expires,
                amount: Money::from_cents(amount),
                persons,
                monthly_income: Money::from_cents(income),
                threshold: Money::from_cents(limit),
                requested_by: by,
                requested_at: at,
            });
        }
        Ok((out, total))
    }

    /// A supervisor's decision on a waiting request, with a note. Approval records the
    /// waiver on the case in the same transaction; if the case no longer allows it (closed
    /// since, say), nothing is written and the reason is returned.
    pub fn decide_waiver(
        &mut self,
        id: i64,
        decision: WaiverDecision,
        note: &str,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        let note = crate::domain::text::required(crate::domain::Field::Note, note)?;
        authorize(&self.conn, actor, true)?;
        let tx = self.write()?;
        let found = tx
            .query_row(
                "SELECT doc, effective, expires, amount_cents, requested_by FROM waiver_request
                 WHERE id = ?1 AND status = 'pending'",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?
            .ok_or(Rejection::WaiverRequestNotFound)?;
        let (doc, effective, expires, amount, requested_by) = found;
        // Four eyes: whoever asked for a waiver does not grant it (rejecting one's own
        // request is harmless, and withdraws it).
        if decision == WaiverDecision::Approve && requested_by == actor {
            return Err(Rejection::OwnRequest.into());
        }
        let doc = DocNumber::parse(&doc)?;
        let at = timestamp(now);
        let mut audit = AuditWriter::begin(&tx)?;
        let status = match decision {
            WaiverDecision::Approve => {
                let (Some(effective), Some(expires)) = (date(&effective), date(&expires)) else {
                    return Err(LedgerError::Corrupt(format!("waiver request {id}: dates")));
                };
                let (case, _) = load_case(&tx, &doc)?.ok_or(Rejection::CaseNotFound)?;
                refuse_closed(&case)?;
                let event = waiver_event(effective, expires, Money::from_cents(amount));
                add_event_tx(&tx, &mut audit, &doc, &event, now, actor)?;
                "approved"
            }
            WaiverDecision::Reject => "rejected",
        };
        tx.execute(
            "UPDATE waiver_request SET status = ?2, decided_at = ?3, decided_by = ?4, note = ?5
             WHERE id = ?1",
            params![id, status, at, actor, note],
        )?;
        audit.append(
            &tx,
            &at,
            &AuditEntry {
                actor,
                action: if status == "approved" {
                    "waiver.approve"
                } else {
                    "waiver.reject"
                },
                subject: format!("doc:{doc}"),
                outcome: "ok",
                detail: format!("request {id}: {note}"),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A closed case owes nothing more that a waiver could cover. (The rules let a waiver
/// approved before a close stand after it; a new one is refused.)
fn refuse_closed(case: &SupervisionCase) -> Result<(), Rejection> {
    if case
        .events()
        .iter()
        .any(|e| matches!(e.event, CaseEvent::Closed))
    {
        return Err(Rejection::CaseClosed);
    }
    Ok(())
}

fn waiver_event(effective: NaiveDate, expires: NaiveDate, amount: Money) -> DatedEvent {
    DatedEvent {
        date: effective,
        event: CaseEvent::Waiver {
            to: expires,
            amount,
        },
    }
}
