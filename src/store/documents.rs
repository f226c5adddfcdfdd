//! Documents queued on request (statements, payment vouchers): each is a print job whose
//! payload holds what the paper shows, written with an audit row.

use chrono::{NaiveDate, NaiveDateTime};

use super::audit::AuditWriter;
use super::deposits::{queue_print_job, DESK};
use super::{timestamp, Ledger, LedgerError};
use crate::domain::month::month_label;
use crate::domain::{DocNumber, Language, Money};

/// Where a voucher is sent, when the `fee_remit_to` setting (lines joined by `|`) is not set.
const REMIT_TO_DEFAULT: &str =
    "Drop it in this lobby's lock box,|or mail it to your district office.";

impl Ledger {
    /// Queues an inmate's monthly statement for the printer.
    pub fn queue_statement(
        &mut self,
        doc: &str,
        year: i32,
        month: u32,
        language: Language,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        let statement = self.statement(doc, year, month)?;
        let payload =
            serde_json::to_string(&statement).map_err(|e| LedgerError::Corrupt(e.to_string()))?;
        let subject = format!("statement:{}:{}", statement.doc, statement.month);
        self.queue_document("statement", &subject, language, &payload, now, actor, DESK)
    }

    /// Queues an offender's payment voucher: the months still owing as of `as_of`, the
    /// amount due, where to send it and the code the clerk's scanner reads.
    pub fn queue_voucher(
        &mut self,
        doc: &DocNumber,
        as_of: NaiveDate,
        language: Language,
        now: NaiveDateTime,
        actor: &str,
        destination: &str,
    ) -> Result<i64, LedgerError> {
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
        let remit_to: Vec<String> = self
            .setting("fee_remit_to")?
            .unwrap_or_else(|| REMIT_TO_DEFAULT.into())
            .split('|')
            .map(str::to_string)
            .collect();
        let payload = serde_json::json!({
            "doc": doc.as_str(),
            "name": name,
            "months": months,
            "amount_due": due,
            "pay_by": account.next_due.map(|d| d.to_string()),
            "remit_to": remit_to,
            "code": voucher_code(doc, due),
            "printed_at": now.format("%Y-%m-%d %H:%M").to_string(),
        });
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
            .take(crate::print::document::FEE_LIST_ROWS_MAX)
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

/// What a voucher's QR code holds: `V`, the DOC number, `-`, the amount due in cents.
pub fn voucher_code(doc: &DocNumber, due: Money) -> String {
    format!("V{doc}-{}", due.cents())
}
