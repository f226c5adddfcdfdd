//! What a deposit slip's print job stores since schema 19: only what the slip's row does
//! not hold. The row has the number, the inmate as confirmed, the sender, the amount, the
//! language, the kiosk and the time; the job adds the inmate's facility when the slip was
//! made (a move after it must not change a reprint) and the large-print choice. The whole
//! payload the printer needs is made again from both when the job is claimed.

use rusqlite::Error::{
    FromSqlConversionFailure, IntegralValueOutOfRange, InvalidColumnType, QueryReturnedNoRows,
};
use rusqlite::Transaction;

use super::deposits::CapturedSlip;
use super::LedgerError;
use crate::domain::{DocNumber, Language, Money, SlipNumber};

/// A deposit slip job's own payload. Unknown fields are refused, so that a whole payload
/// (a job written before schema 19) is never taken for one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SlipJob {
    pub facility: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub large_print: bool,
}

/// The payload a slip or stub job prints: `payload` as stored (a stub's already resolved to
/// its slip job's, `print_jobs::PAYLOAD`) made whole from the slip's row when it is a
/// `SlipJob`. Anything else, and a job whose slip row is missing or unreadable, is returned
/// as it is: a whole payload prints, a broken one fails as unreadable, alone. (An error of
/// the ledger itself, a busy or failing file, is returned: the job stays queued.)
pub(crate) fn printable(
    tx: &Transaction<'_>,
    kind: &str,
    subject: &str,
    payload: String,
) -> Result<String, LedgerError> {
    if kind != "deposit_slip" && kind != "visitor_stub" {
        return Ok(payload);
    }
    let Ok(job) = serde_json::from_str::<SlipJob>(&payload) else {
        return Ok(payload);
    };
    let Some(number) = subject
        .strip_prefix("slip:")
        .and_then(|n| SlipNumber::parse(n).ok())
    else {
        return Ok(payload);
    };
    let row = tx
        .prepare_cached(
            "SELECT doc, inmate_name, sender_name, sender_address, amount_cents, language,
                    kiosk_id, created_at
             FROM slip WHERE id = ?1",
        )?
        .query_row([number.sequence()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        });
    let (doc, inmate_name, sender_name, sender_address, cents, language, kiosk_id, at) = match row {
        Ok(row) => row,
        // No row, or a value of a type lockbox never writes (a row edited behind the
        // ledger's back): the job fails alone, and the jobs queued after it print.
        // (`check` names such a row by its seal.)
        Err(
            QueryReturnedNoRows
            | InvalidColumnType(..)
            | FromSqlConversionFailure(..)
            | IntegralValueOutOfRange(..),
        ) => return Ok(payload),
        Err(e) => return Err(e.into()),
    };
    let (Ok(doc), Some(language)) = (DocNumber::parse(&doc), Language::parse(&language)) else {
        return Ok(payload);
    };
    let whole = CapturedSlip {
        number,
        doc,
        inmate_name,
        facility: job.facility,
        sender_name,
        sender_address,
        amount: Money::from_cents(cents),
        language,
        kiosk_id,
        created_at: at,
        large_print: job.large_print,
    };
    serde_json::to_string(&whole).map_err(|e| LedgerError::Corrupt(e.to_string()))
}
