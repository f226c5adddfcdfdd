//! Documents queued on request (statements, payment vouchers): each is a print job whose
//! payload holds what the paper shows, written with an audit row.

use chrono::{NaiveDate, NaiveDateTime};

use super::audit::AuditWriter;
use super::deposits::{queue_print_job, DESK};
use super::{timestamp, Ledger, LedgerError};
use crate::domain::month::month_label;
use crate::domain::{DocNumber, Language, Money};

impl Ledger {
    /// Queues an inmate's monthly statement for the printer, numbered the first time it is
    /// issued; a statement issued before prints again marked DUPLICATE, under its number.
    pub fn queue_statement(
        &mut self,
        doc: &str,
        year: i32,
        month: u32,
        language: Language,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        let mut statement = self.statement(doc, year, month)?;
        let at = timestamp(now);
        let tx = self.write()?;
        let again = statement.number.is_some();
        // Only a month that is over has a statement of record: one printed before the month
        // ends is a provisional copy, without a number.
        let over = NaiveDate::from_ymd_opt(year, month, 1)
            .is_some_and(|first| crate::domain::month::next_month(first) <= now.date());
        let number = if over {
            Some(issue_statement_tx(
                &tx,
                &statement.doc,
                &statement.month,
                &at,
                actor,
            )?)
        } else {
            None
        };
        statement.number = number;
        let id = queue_statement_tx(&tx, &statement, language, again, &at, actor)?;
        tx.commit()?;
        Ok(id)
    }

    /// Queues a statement `issue_all_statements` handed out (already numbered), marked
    /// DUPLICATE when it had been issued before that run.
    pub fn queue_issued_statement(
        &mut self,
        statement: &super::Statement,
        language: Language,
        duplicate: bool,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        let at = timestamp(now);
        let tx = self.write()?;
        let id = queue_statement_tx(&tx, statement, language, duplicate, &at, actor)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every inmate's statement for a month that is over, numbered in DOC-number order in
    /// one transaction (the numbers stay without gaps), each handed to `each` with its
    /// inmate's language and whether it was issued before (it keeps its number, and a copy
    /// is a duplicate). Returns how many.
    pub fn issue_all_statements(
        &mut self,
        year: i32,
        month: u32,
        now: NaiveDateTime,
        actor: &str,
        each: &mut dyn FnMut(&super::Statement, Language, bool) -> Result<(), LedgerError>,
    ) -> Result<usize, LedgerError> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| LedgerError::Corrupt(format!("no month {year}-{month}")))?;
        if crate::domain::month::next_month(first) > now.date() {
            return Err(crate::domain::Rejection::StatementMonthNotOver.into());
        }
        // Every inmate whose trust account was open by the month's end; an offender who is
        // only under supervision (a trust account with never a deposit) gets none.
        let end = crate::domain::month::next_month(first)
            .format(super::DATE_FORMAT)
            .to_string();
        let docs: Vec<String> = self
            .conn
            .prepare(
                "SELECT t.doc FROM trust_account t
                 WHERE (EXISTS (SELECT 1 FROM transfer x WHERE x.credit_account = t.account_id
                                AND x.business_date < ?1)
                        -- Moved to another site: a statement here only for a month with
                        -- something here (the month their balance left, say).
                        AND (NOT EXISTS (SELECT 1 FROM person_elsewhere e WHERE e.doc = t.doc)
                             OR EXISTS (SELECT 1 FROM transfer x
                                        WHERE x.business_date >= ?2 AND x.business_date < ?1
                                          AND (x.credit_account = t.account_id
                                               OR x.debit_account = t.account_id))))
                    OR (t.opened_at < ?1
                        AND NOT EXISTS (SELECT 1 FROM supervision_case c WHERE c.doc = t.doc)
                        -- Someone at another site with nothing here: their statement is
                        -- theirs there.
                        AND NOT EXISTS (SELECT 1 FROM person_elsewhere e WHERE e.doc = t.doc))
                 ORDER BY t.doc",
            )?
            .query_map([&end, &first.format(super::DATE_FORMAT).to_string()], |r| {
                r.get(0)
            })?
            .collect::<Result<_, _>>()?;
        let at = timestamp(now);
        // Read first (the statements), then number them all in one write.
        let mut statements = Vec::with_capacity(docs.len());
        for doc in &docs {
            let language = self
                .find_person(&DocNumber::parse(doc)?)?
                .map(|p| p.language)
                .unwrap_or_default();
            statements.push((self.statement(doc, year, month)?, language));
        }
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let mut issued = 0usize;
        let mut again_flags = Vec::with_capacity(statements.len());
        for (statement, _) in statements.iter_mut() {
            let again = statement.number.is_some();
            again_flags.push(again);
            statement.number = Some(issue_statement_tx(
                &tx,
                &statement.doc,
                &statement.month,
                &at,
                actor,
            )?);
            if !again {
                issued += 1;
            }
        }
        audit.ok(
            &tx,
            &at,
            actor,
            "statement.issue_all",
            format!("month:{}", month_label(first)),
            format!(
                "{{\"statements\":{},\"newly_numbered\":{issued}}}",
                statements.len()
            ),
        )?;
        tx.commit()?;
        for ((statement, language), again) in statements.iter().zip(again_flags) {
            each(statement, *language, again)?;
        }
        Ok(statements.len())
    }

    /// Queues an offender's payment voucher: the months still owing on the day it is
    /// printed, the amount due, where to send it and the code the clerk's scanner reads.
    /// `large_print` (chosen at the kiosk, issue 19) prints the name and amounts double
    /// height.
    #[allow(clippy::too_many_arguments)]
    pub fn queue_voucher(
        &mut self,
        doc: &DocNumber,
        language: Language,
        now: NaiveDateTime,
        actor: &str,
        destination: &str,
        remit_to: &[String],
        large_print: bool,
    ) -> Result<i64, LedgerError> {
        let as_of = now.date();
        let account = self.fee_account(doc, as_of)?;
        let calendar = super::fees::calendar_of(&self.conn)?;
        let name = self
            .find_person(doc)?
            .map_or_else(|| doc.to_string(), |p| p.display_name());
        let months: Vec<serde_json::Value> = account
            .months
            .iter()
            // Only months whose first working day has come can be paid (no advance payments).
            .filter(|m| {
                m.unpaid().is_positive() && calendar.business_day_on_or_after(m.month) <= as_of
            })
            .map(|m| serde_json::json!({"month": month_label(m.month), "amount": m.unpaid()}))
            .collect();
        let due = account.payable_on(as_of, &calendar);
        // The office's address, one line each: the kiosk's own (`kiosk.district_office`),
        // else the ledger's `fee_remit_to` setting (lines joined by `|`); none set, the
        // voucher says in its own language where it goes.
        let remit_to: Vec<String> = if remit_to.is_empty() {
            self.setting("fee_remit_to")?
                .unwrap_or_default()
                .split('|')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        } else {
            remit_to.to_vec()
        };
        let mut payload = serde_json::json!({
            "doc": doc.as_str(),
            "name": name,
            "months": months,
            "amount_due": due,
            // Behind: due now, since the oldest unpaid month became late (never a future
            // "pay by" date for money already late).
            "pay_by": account.next_due.filter(|_| account.current).map(|d| d.to_string()),
            "late_since": account
                .delinquent_from
                .filter(|_| !account.current)
                .map(|d| d.to_string()),
            "remit_to": remit_to,
            "code": voucher_code(doc, due),
            "printed_at": now.format("%Y-%m-%d %H:%M").to_string(),
        });
        // Named only when chosen: every other voucher's payload is as it always was.
        if large_print {
            payload["large_print"] = serde_json::Value::Bool(true);
        }
        let subject = format!("voucher:{doc}");
        self.queue_document(
            "payment_voucher",
            &subject,
            language,
            &payload.to_string(),
            now,
            actor,
            destination,
        )
    }

    /// Queues an officers' list for the desk printer. `kind` is `delinquent`, `reminders` or
    /// `violations`; each row is (DOC number, name, balance, months in arrears, remind by);
    /// `total` is how many the list has in all (the paper holds the first rows).
    #[allow(clippy::too_many_arguments)]
    pub fn queue_fee_list(
        &mut self,
        kind: &str,
        as_of: NaiveDate,
        rows: &[(String, String, Money, u32, Option<NaiveDate>)],
        total: usize,
        language: Language,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        super::people::authorize(&self.conn, actor, false)?;
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .take(crate::domain::limits::FEE_LIST_ROWS_MAX)
            .map(|(doc, name, balance, months, remind_by)| {
                serde_json::json!({
                    "doc": doc,
                    "name": name,
                    "balance": balance,
                    "months_in_arrears": months,
                    "remind_by": remind_by.map(|d| d.to_string()),
                })
            })
            .collect();
        let payload = serde_json::json!({
            "kind": kind,
            "as_of": as_of.to_string(),
            "rows": rows,
            "total": total,
            "printed_at": now.format("%Y-%m-%d %H:%M").to_string(),
        })
        .to_string();
        let subject = format!("fee_list:{kind}:{as_of}");
        self.queue_document("fee_list", &subject, language, &payload, now, actor, DESK)
    }

    #[allow(clippy::too_many_arguments)]
    fn queue_document(
        &mut self,
        kind: &str,
        subject: &str,
        language: Language,
        payload: &str,
        now: NaiveDateTime,
        actor: &str,
        destination: &str,
    ) -> Result<i64, LedgerError> {
        let at = timestamp(now);
        let tx = self.write()?;
        let id = queue_print_job(&tx, kind, subject, language, payload, &at, destination)?;
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &at,
            actor,
            "print.queue",
            subject.to_string(),
            format!("{{\"job\":{id},\"kind\":\"{kind}\"}}"),
        )?;
        tx.commit()?;
        Ok(id)
    }
}

/// Queues `statement` for the desk printer with its audit row, marked DUPLICATE when asked.
fn queue_statement_tx(
    tx: &rusqlite::Transaction<'_>,
    statement: &super::Statement,
    language: Language,
    duplicate: bool,
    at: &str,
    actor: &str,
) -> Result<i64, LedgerError> {
    let payload =
        serde_json::to_string(statement).map_err(|e| LedgerError::Corrupt(e.to_string()))?;
    let subject = format!("statement:{}:{}", statement.doc, statement.month);
    let id = queue_print_job(tx, "statement", &subject, language, &payload, at, DESK)?;
    if duplicate {
        tx.execute("UPDATE print_job SET duplicate = 1 WHERE id = ?1", [id])?;
    }
    let mut audit = AuditWriter::begin(tx)?;
    audit.ok(
        tx,
        at,
        actor,
        "print.queue",
        subject,
        format!(
            "{{\"job\":{id},\"kind\":\"statement\",\"number\":{}}}",
            statement
                .number
                .map_or("null".to_string(), |n| n.to_string())
        ),
    )?;
    Ok(id)
}

/// The number of the statement of `doc` for `month` (YYYY-MM): the one it was issued
/// under, else the next without a gap.
fn issue_statement_tx(
    tx: &rusqlite::Transaction<'_>,
    doc: &DocNumber,
    month: &str,
    at: &str,
    actor: &str,
) -> Result<i64, LedgerError> {
    use rusqlite::OptionalExtension;
    let existing: Option<i64> = tx
        .prepare_cached("SELECT number FROM statement_issue WHERE doc = ?1 AND month = ?2")?
        .query_row([doc.as_str(), month], |r| r.get(0))
        .optional()?;
    if let Some(n) = existing {
        return Ok(n);
    }
    tx.prepare_cached(
        "INSERT INTO statement_issue (number, doc, month, issued_at, issued_by)
         VALUES ((SELECT COALESCE(MAX(number), 0) + 1 FROM statement_issue), ?1, ?2, ?3, ?4)",
    )?
    .execute([doc.as_str(), month, at, actor])?;
    Ok(tx.last_insert_rowid())
}

/// What a voucher's QR code holds: `V`, the DOC number, `-`, the amount due in cents.
pub fn voucher_code(doc: &DocNumber, due: Money) -> String {
    format!("V{doc}-{}", due.cents())
}
