//! Exports of the ledger for accountants and spreadsheets.

use std::io::Write;

use super::{Ledger, LedgerError};
use crate::domain::Money;

/// Writing an export failed: either the ledger or the output.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("could not write the export: {0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for ExportError {
    fn from(e: rusqlite::Error) -> Self {
        ExportError::Ledger(e.into())
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

impl Ledger {
    /// Every transfer as a plain-text journal entry that `hledger` reads: the debited
    /// account gets the positive amount, the credited one the negative.
    pub fn export_journal(&self, out: &mut dyn Write) -> Result<usize, ExportError> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.business_date, t.kind, t.money_order_id, d.name, c.name, t.amount_cents
             FROM transfer t
             JOIN account d ON d.id = t.debit_account
             JOIN account c ON c.id = t.credit_account
             ORDER BY t.business_date, t.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut count = 0;
        writeln!(
            out,
            "; lockbox ledger journal: one entry per transfer, amounts in USD"
        )?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let date: String = r.get(1)?;
            let kind: String = r.get(2)?;
            let mo: Option<i64> = r.get(3)?;
            let debit: String = r.get(4)?;
            let credit: String = r.get(5)?;
            let amount = Money::from_cents(r.get(6)?);
            let about = mo.map_or(String::new(), |m| format!(" money order {m}"));
            writeln!(out, "\n{date} {kind}{about}  ; transfer:{id}")?;
            writeln!(out, "    {debit}  {amount}")?;
            writeln!(out, "    {credit}  -{amount}")?;
            count += 1;
        }
        Ok(count)
    }

    /// Every transfer as CSV, one row each, with a header.
    pub fn export_csv(&self, out: &mut dyn Write) -> Result<usize, ExportError> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.business_date, t.kind, COALESCE(t.money_order_id, ''), d.name, c.name,
                    t.amount_cents, t.created_at
             FROM transfer t
             JOIN account d ON d.id = t.debit_account
             JOIN account c ON c.id = t.credit_account
             ORDER BY t.id",
        )?;
        let mut rows = stmt.query([])?;
        writeln!(
            out,
            "transfer_id,business_date,kind,money_order_id,debit_account,credit_account,amount,created_at"
        )?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            let mo: rusqlite::types::Value = r.get(3)?;
            let mo = match mo {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                _ => String::new(),
            };
            writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                r.get::<_, i64>(0)?,
                csv_field(&r.get::<_, String>(1)?),
                csv_field(&r.get::<_, String>(2)?),
                mo,
                csv_field(&r.get::<_, String>(4)?),
                csv_field(&r.get::<_, String>(5)?),
                Money::from_cents(r.get(6)?),
                csv_field(&r.get::<_, String>(7)?),
            )?;
            count += 1;
        }
        Ok(count)
    }
}
