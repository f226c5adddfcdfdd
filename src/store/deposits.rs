//! The deposit lifecycle before posting: slips, intake of money orders, holds.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Transaction};

use super::audit::{AuditEntry, AuditWriter};
use super::ledger::{LOCKBOX_ACCOUNT, UNPOSTED_ACCOUNT};
use super::people::{authorize, find_person};
use super::{timestamp, HoldsFilter, Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{
    name_match, DocNumber, HoldReason, IntakeRequest, IntakeScreen, Language, Money, OwnerFacts,
    Rejection, SlipNumber, SlipRequest, ValidIntake, ValidIntakeSource, ValidSlip,
};

/// A slip written to the ledger, with what the kiosk prints on it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CapturedSlip {
    pub number: SlipNumber,
    pub doc: DocNumber,
    /// The name on file, as confirmed by the visitor.
    pub inmate_name: String,
    pub facility: String,
    pub sender_name: String,
    pub sender_address: String,
    pub amount: Money,
    pub language: Language,
    pub kiosk_id: String,
    pub created_at: String,
    /// Large print (issue 19): in the slip job's payload only when chosen (a `SlipJob`
    /// since schema 19, made whole into this when printed), and in this JSON likewise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub large_print: bool,
}

/// Where a money order stands after intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum IntakeStatus {
    /// Will post with the next business-day batch.
    Ready,
    /// Held until verified, for this reason.
    Held(HoldReason),
}

/// The result of taking a money order in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IntakeOutcome {
    pub money_order_id: i64,
    pub amount: Money,
    /// The amount on the slip it came with, when a slip on file was given.
    pub slip_amount: Option<Money>,
    pub doc: Option<String>,
    pub status: IntakeStatus,
}

/// A money order waiting on a supervisor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeldMoneyOrder {
    pub money_order_id: i64,
    pub amount: Money,
    /// The amount on its slip, when it came with one on file.
    pub slip_amount: Option<Money>,
    pub issuer: String,
    pub serial: String,
    pub doc: Option<String>,
    pub inmate_name: Option<String>,
    pub sender_name: Option<String>,
    pub sender_address: Option<String>,
    /// The slip number it came with: the slip's on file, else the number typed at intake.
    pub slip_number: Option<String>,
    pub reason: HoldReason,
    pub held_since: String,
}

impl Ledger {
    /// Writes a deposit slip typed at the kiosk, after checking that the DOC number and the
    /// name belong together, and queues the slip and the visitor's stub for printing.
    pub fn capture_slip(
        &mut self,
        request: &SlipRequest,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<CapturedSlip, LedgerError> {
        let slip = request.validate()?;
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let captured = capture_slip_tx(&tx, &mut audit, &slip, now, actor)?;
        tx.commit()?;
        Ok(captured)
    }

    /// Writes all of one visit's slips in one transaction (all or none), and returns each
    /// with the print jobs queued for it.
    pub fn capture_slips(
        &mut self,
        requests: &[SlipRequest],
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<Vec<(CapturedSlip, Vec<i64>)>, LedgerError> {
        let slips = requests
            .iter()
            .map(SlipRequest::validate)
            .collect::<Result<Vec<_>, _>>()?;
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let mut out = Vec::with_capacity(slips.len());
        for slip in &slips {
            let captured = capture_slip_tx(&tx, &mut audit, slip, now, actor)?;
            let jobs = tx
                .prepare_cached("SELECT id FROM print_job WHERE subject = ?1 ORDER BY id")?
                .query_map([format!("slip:{}", captured.number)], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            out.push((captured, jobs));
        }
        tx.commit()?;
        Ok(out)
    }

    /// Records one item from the lock box. Refusals write nothing; a money order whose
    /// owner or sender cannot be determined is written and held.
    pub fn intake(
        &mut self,
        request: &IntakeRequest,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<IntakeOutcome, LedgerError> {
        let valid = request.validate(now.date())?;
        authorize(&self.conn, actor, false)?;
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let outcome = intake_tx(&tx, &mut audit, &valid, now, actor)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Releases a held money order to be posted, after verification by a supervisor. The
    /// verification may supply what the hold lacked: the inmate's DOC number and the
    /// sender's name; a release still needs a known inmate and a named sender (an account
    /// cannot be funded anonymously).
    pub fn release_hold(
        &mut self,
        money_order_id: i64,
        note: &str,
        verified: &Verification,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        self.resolve_hold(
            money_order_id,
            note,
            now,
            actor,
            Resolution::Release(verified.clone()),
        )
    }

    /// Returns a held money order to its sender; it leaves the ledger.
    pub fn return_money_order(
        &mut self,
        money_order_id: i64,
        note: &str,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        self.resolve_hold(money_order_id, note, now, actor, Resolution::Return)
    }

    fn resolve_hold(
        &mut self,
        money_order_id: i64,
        note: &str,
        now: NaiveDateTime,
        actor: &str,
        resolution: Resolution,
    ) -> Result<(), LedgerError> {
        let note = crate::domain::text::required(crate::domain::Field::Note, note)?;
        authorize(&self.conn, actor, true)?;
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let still_held = resolve_hold_tx(
            &tx,
            &mut audit,
            money_order_id,
            &note,
            now,
            actor,
            resolution,
        )?;
        tx.commit()?;
        // Committed: the verification and the new reason are kept, and the supervisor is
        // told why it is not released yet.
        match still_held {
            Some(reason) => Err(Rejection::HeldByScreening(reason).into()),
            None => Ok(()),
        }
    }

    /// Every money order on hold, oldest first.
    pub fn held_money_orders(&self) -> Result<Vec<HeldMoneyOrder>, LedgerError> {
        self.held_page(0, i64::MAX, false, &HoldsFilter::default(), false)
    }

    /// A page of the holds queue by money-order number, oldest first (or `newest_first`):
    /// the `limit` rows from `key` on in that order, or (`before`) the `limit` rows just
    /// before `key`. A key, not an offset, so a page deep in 100,000 holds costs what the
    /// first does.
    pub fn held_page(
        &self,
        key: i64,
        limit: i64,
        before: bool,
        filter: &HoldsFilter,
        newest_first: bool,
    ) -> Result<Vec<HeldMoneyOrder>, LedgerError> {
        const COLUMNS: &str = "SELECT m.id, m.amount_cents, m.issuer, m.serial, m.doc,
                m.inmate_name, m.sender_name, h.reason, h.created_at,
                (SELECT s.amount_cents FROM slip s WHERE s.id = m.slip_id),
                m.sender_address, m.slip_id, m.slip_typed
             FROM hold h JOIN money_order m ON m.id = h.money_order_id
             WHERE h.resolution IS NULL AND (?3 IS NULL OR h.reason = ?3)";
        // Which side of the key, and the order the rows are read in; a page before the key
        // is read backwards from it and then turned the right way round.
        let (side, read, shown) = match (newest_first, before) {
            (false, false) => (">=", "ASC", "ASC"),
            (false, true) => ("<", "DESC", "ASC"),
            (true, false) => ("<=", "DESC", "DESC"),
            (true, true) => (">", "ASC", "DESC"),
        };
        let sql = format!(
            "SELECT * FROM ({COLUMNS} AND {HOLDS_SEARCH} AND h.money_order_id {side} ?1
                 ORDER BY h.money_order_id {read} LIMIT ?2)
             ORDER BY 1 {shown}"
        );
        let sql = sql.as_str();
        let mut stmt = self.conn.prepare_cached(sql)?;
        let search = filter.params();
        let s = search.as_ref();
        let values = params![
            key,
            limit,
            filter.reason.map(HoldReason::code),
            s.is_some(),
            s.and_then(|s| s.doc.as_deref()),
            s.and_then(|s| s.slip_id),
            s.map(|s| s.serial.as_str()),
            s.map(|s| s.name.as_str()),
        ];
        let rows = stmt.query_map(values, |r| {
            Ok(HeldMoneyOrder {
                money_order_id: r.get(0)?,
                amount: Money::from_cents(r.get(1)?),
                issuer: r.get(2)?,
                serial: r.get(3)?,
                doc: r.get(4)?,
                inmate_name: r.get(5)?,
                sender_name: r.get(6)?,
                reason: HoldReason::from_code(&r.get::<_, String>(7)?)
                    .unwrap_or(HoldReason::UnknownSlip),
                held_since: r.get(8)?,
                slip_amount: r.get::<_, Option<i64>>(9)?.map(Money::from_cents),
                sender_address: r.get(10)?,
                slip_number: match r.get::<_, Option<i64>>(11)? {
                    Some(id) => u32::try_from(id)
                        .ok()
                        .and_then(SlipNumber::from_sequence)
                        .map(|n| n.to_string()),
                    None => r.get(12)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// What was found in the lock box that is not a money order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundItem {
    Cash,
    PersonalCheck,
    PersonalItem,
}

impl FoundItem {
    pub fn code(self) -> &'static str {
        match self {
            FoundItem::Cash => "cash",
            FoundItem::PersonalCheck => "personal_check",
            FoundItem::PersonalItem => "personal_item",
        }
    }

    pub fn parse(code: &str) -> Option<FoundItem> {
        [
            FoundItem::Cash,
            FoundItem::PersonalCheck,
            FoundItem::PersonalItem,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }
}

/// A captured slip as the clerk's scan fills it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipOnFile {
    pub doc: String,
    pub inmate_name: String,
    pub sender_name: String,
    pub sender_address: String,
    pub amount: Money,
    /// The money order it was already matched to, if any (a negative number: the found
    /// item, cash or a check, it came with).
    pub used_by: Option<i64>,
}

impl Ledger {
    /// The slip with this number (as typed or scanned), if it is on file. A mistyped number
    /// is refused by its check digit, never matched to another slip.
    pub fn find_slip(&self, typed: &str) -> Result<Option<SlipOnFile>, LedgerError> {
        let number = crate::domain::SlipNumber::parse(typed)?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT s.doc, s.inmate_name, s.sender_name, s.sender_address, s.amount_cents,
                        COALESCE((SELECT m.id FROM money_order m WHERE m.slip_id = s.id),
                                 -(SELECT f.id FROM found_item f WHERE f.slip_id = s.id))
                 FROM slip s WHERE s.id = ?1",
            )?
            .query_row([i64::from(number.sequence())], |r| {
                Ok(SlipOnFile {
                    doc: r.get(0)?,
                    inmate_name: r.get(1)?,
                    sender_name: r.get(2)?,
                    sender_address: r.get(3)?,
                    amount: Money::from_cents(r.get(4)?),
                    used_by: r.get(5)?,
                })
            })
            .optional()?)
    }

    /// Records an item from the lock box that is not a money order: cash or a personal
    /// check (with its amount, which is required) or a personal item, with the slip it came
    /// with when there was one. Nothing is accepted and no money moves, but the item is on
    /// record for who, what, when, how much, and its slip can no longer be matched to a
    /// money order.
    pub fn record_found_item(
        &mut self,
        item: FoundItem,
        amount: &str,
        slip: &str,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        authorize(&self.conn, actor, false)?;
        let amount = match (item, amount.trim()) {
            (FoundItem::PersonalItem, "") => None,
            (_, text) => Some(Money::parse_amount(text).map_err(Rejection::Amount)?),
        };
        let slip = match slip.trim() {
            "" => None,
            typed => Some(SlipNumber::parse(typed)?),
        };
        let at = timestamp(now);
        let tx = self.write()?;
        let (slip_id, slip_typed) = match slip {
            Some(number) => {
                let id = i64::from(number.sequence());
                let (on_file, used): (bool, bool) = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM slip WHERE id = ?1),
                            EXISTS (SELECT 1 FROM money_order WHERE slip_id = ?1)
                            OR EXISTS (SELECT 1 FROM found_item WHERE slip_id = ?1)",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                if used {
                    return Err(Rejection::SlipAlreadyUsed.into());
                }
                if on_file {
                    (Some(id), None)
                } else {
                    (None, Some(number.to_string()))
                }
            }
            None => (None, None),
        };
        tx.execute(
            "INSERT INTO found_item (kind, amount_cents, slip_id, slip_typed, found_at, found_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                item.code(),
                amount.map(Money::cents),
                slip_id,
                slip_typed,
                at,
                actor
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &at,
            actor,
            "intake.found_item",
            format!("found_item:{id}"),
            serde_json::json!({
                "kind": item.code(),
                "amount": amount.map(|a| a.to_string()),
                "slip": slip.map(|s| s.to_string()),
            })
            .to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The issuers of the latest `window` money orders, the most frequent first (at most
    /// `limit`): what a console offers by a key. The window keeps it one indexed read on a
    /// ledger of millions.
    pub fn issuers_seen(&self, window: i64, limit: i64) -> Result<Vec<String>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT issuer FROM (SELECT issuer, issuer_key FROM money_order
                                 ORDER BY id DESC LIMIT ?1)
             GROUP BY issuer_key ORDER BY COUNT(*) DESC, issuer_key LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![window, limit], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Holds still open that the filter lets through.
    pub fn held_count(&self, filter: &HoldsFilter) -> Result<i64, LedgerError> {
        let search = filter.params();
        let s = search.as_ref();
        let reason = filter.reason.map(HoldReason::code);
        if s.is_none() {
            // The count of the whole queue reads the hold table alone.
            return Ok(self.conn.query_row(
                "SELECT COUNT(*) FROM hold WHERE resolution IS NULL AND (?1 IS NULL OR reason = ?1)",
                [reason],
                |r| r.get(0),
            )?);
        }
        let sql = format!(
            "SELECT COUNT(*) FROM hold h JOIN money_order m ON m.id = h.money_order_id
             WHERE h.resolution IS NULL AND (?3 IS NULL OR h.reason = ?3) AND {HOLDS_SEARCH}"
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row(
            params![
                None::<i64>,
                None::<i64>,
                reason,
                s.is_some(),
                s.and_then(|s| s.doc.as_deref()),
                s.and_then(|s| s.slip_id),
                s.map(|s| s.serial.as_str()),
                s.map(|s| s.name.as_str()),
            ],
            |r| r.get(0),
        )?)
    }

    /// What a posting run now would post: ready money orders, count and total.
    pub fn ready_to_post(&self) -> Result<(i64, Money), LedgerError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM money_order WHERE status = 'ready'",
            [],
            |r| Ok((r.get(0)?, Money::from_cents(r.get(1)?))),
        )?)
    }
}

/// The holds queue's search, on parameters ?4 (searching at all) to ?8: a DOC number, a
/// slip's id, a serial's prefix, a name anywhere in the inmate's or sender's name (or in a
/// slip number typed at intake that matched no slip).
const HOLDS_SEARCH: &str = "(?4 = 0 OR m.doc = ?5 OR m.slip_id = ?6
      OR (?7 <> '' AND m.serial_key LIKE ?7 ESCAPE '\\')
      OR m.inmate_name LIKE ?8 ESCAPE '\\' OR m.sender_name LIKE ?8 ESCAPE '\\'
      OR m.slip_typed LIKE ?8 ESCAPE '\\')";

/// What a supervisor verified before releasing a hold; `None` keeps what intake recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    pub doc: Option<String>,
    pub sender_name: Option<String>,
    pub sender_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolution {
    Release(Verification),
    Return,
}

/// Captures a slip inside a caller's transaction (see `Ledger::bulk`).
pub fn capture_slip_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    slip: &ValidSlip,
    now: NaiveDateTime,
    actor: &str,
) -> Result<CapturedSlip, LedgerError> {
    let person = find_person(tx, &slip.doc)?
        .filter(|p| name_match::last_name_matches(&slip.inmate_name, &p.last_name))
        .ok_or(Rejection::InmateNotMatched)?;
    // Moved since the kiosk confirmed them: the slip would be for an account not here.
    if super::central_changes::moved_elsewhere(tx, slip.doc.as_str())?.is_some() {
        return Err(Rejection::InmateMovedAway.into());
    }
    let at = timestamp(now);
    tx.prepare_cached(
        "INSERT INTO slip (doc, inmate_name, sender_name, sender_address, amount_cents,
                           language, kiosk_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        slip.doc.as_str(),
        person.display_name(),
        slip.sender_name,
        slip.sender_address,
        slip.amount.cents(),
        slip.language.code(),
        slip.kiosk_id,
        at
    ])?;
    let id = tx.last_insert_rowid();
    let number = u32::try_from(id)
        .ok()
        .and_then(SlipNumber::from_sequence)
        .ok_or_else(|| LedgerError::Corrupt(format!("slip id {id} out of range")))?;
    let captured = CapturedSlip {
        number,
        doc: slip.doc.clone(),
        inmate_name: person.display_name(),
        facility: person.facility.clone(),
        sender_name: slip.sender_name.clone(),
        sender_address: slip.sender_address.clone(),
        amount: slip.amount,
        language: slip.language,
        kiosk_id: slip.kiosk_id.clone(),
        created_at: at.clone(),
        large_print: slip.large_print,
    };
    // The slip's job holds only what the slip's row does not (`super::slip_job`), and the
    // stub's, which shows the same, names the slip's job by their subject
    // (`super::print_jobs::PAYLOAD`): no copy of the row, in either.
    let payload = serde_json::to_string(&super::slip_job::SlipJob {
        facility: captured.facility.clone(),
        large_print: captured.large_print,
    })
    .map_err(|e| LedgerError::Corrupt(e.to_string()))?;
    for (kind, payload) in [("deposit_slip", payload.as_str()), ("visitor_stub", "")] {
        queue_print_job(
            tx,
            kind,
            &format!("slip:{number}"),
            slip.language,
            payload,
            &at,
            &kiosk_destination(&slip.kiosk_id),
        )?;
    }
    audit.append(
        tx,
        &at,
        &AuditEntry {
            actor,
            action: "slip.capture",
            subject: format!("slip:{number}"),
            outcome: "ok",
            detail: format!(
                "{{\"doc\":\"{}\",\"amount\":\"{}\"}}",
                slip.doc, slip.amount
            ),
        },
    )?;
    Ok(captured)
}

pub(crate) fn queue_print_job(
    tx: &Transaction<'_>,
    kind: &str,
    subject: &str,
    language: Language,
    payload: &str,
    at: &str,
    destination: &str,
) -> Result<i64, LedgerError> {
    tx.prepare_cached(
        "INSERT INTO print_job (kind, subject, language, payload, created_at, updated_at, destination)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
    )?
    .execute(params![kind, subject, language.code(), payload, at, destination])?;
    Ok(tx.last_insert_rowid())
}

/// The destination of what a kiosk prints for its visitor.
pub fn kiosk_destination(kiosk_id: &str) -> String {
    format!("kiosk:{kiosk_id}")
}

/// The clerk's printer.
pub const DESK: &str = "desk";

struct SlipRow {
    amount: Money,
    doc: String,
    inmate_name: String,
    sender_name: String,
    sender_address: String,
    used_by: Option<i64>,
}

/// Takes a money order in inside a caller's transaction (see `Ledger::bulk`).
pub fn intake_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    intake: &ValidIntake,
    now: NaiveDateTime,
    actor: &str,
) -> Result<IntakeOutcome, LedgerError> {
    let (issuer_key, serial_key) = intake.duplicate_key();
    let duplicate: Option<i64> = tx
        .prepare_cached("SELECT id FROM money_order WHERE issuer_key = ?1 AND serial_key = ?2")?
        .query_row([&issuer_key, &serial_key], |r| r.get(0))
        .optional()?;
    if duplicate.is_some() {
        return Err(Rejection::DuplicateMoneyOrder.into());
    }
    // Who the money order is for, from the slip or as typed.
    let mut slip_amount = None;
    let (slip_id, slip_typed, slip_found, doc, inmate_name, sender_name, sender_address) =
        match &intake.source {
            ValidIntakeSource::Slip(number) => {
                let row = tx
                    .prepare_cached(
                        "SELECT s.doc, s.inmate_name, s.sender_name, s.sender_address,
                                COALESCE(m.id, -f.id), s.amount_cents
                         FROM slip s LEFT JOIN money_order m ON m.slip_id = s.id
                         LEFT JOIN found_item f ON f.slip_id = s.id
                         WHERE s.id = ?1",
                    )?
                    .query_row([number.sequence()], |r| {
                        Ok(SlipRow {
                            amount: Money::from_cents(r.get(5)?),
                            doc: r.get(0)?,
                            inmate_name: r.get(1)?,
                            sender_name: r.get(2)?,
                            sender_address: r.get(3)?,
                            used_by: r.get(4)?,
                        })
                    })
                    .optional()?;
                match row {
                    Some(s) if s.used_by.is_some() => {
                        return Err(Rejection::SlipAlreadyUsed.into());
                    }
                    Some(s) => (
                        {
                            slip_amount = Some(s.amount);
                            Some(i64::from(number.sequence()))
                        },
                        None,
                        true,
                        DocNumber::parse(&s.doc).ok(),
                        Some(s.inmate_name),
                        Some(s.sender_name),
                        Some(s.sender_address),
                    ),
                    None => (
                        None,
                        Some(number.to_string()),
                        false,
                        None,
                        None,
                        None,
                        None,
                    ),
                }
            }
            ValidIntakeSource::ByHand {
                doc,
                inmate_name,
                sender_name,
                sender_address,
            } => (
                None,
                None,
                true,
                doc.clone(),
                inmate_name.clone(),
                sender_name.clone(),
                sender_address.clone(),
            ),
        };
    let person = match &doc {
        Some(d) => find_person(tx, d)?,
        None => None,
    };
    // The velocity rules and watchlists (DOMAIN.md, "Electronic deposits") once the owner
    // and the sender are known: before, the money order is held for those anyway.
    let sender_key =
        super::velocity::money_order_sender(sender_name.as_deref(), sender_address.as_deref());
    let received_utc = super::velocity::utc_of_local(now);
    let screen = match (&person, &doc, &sender_key) {
        (Some(_), Some(doc), Some(sender)) => {
            super::velocity::screen(tx, sender, doc.as_str(), &received_utc)?
        }
        _ => IntakeScreen::default(),
    };
    let reason = HoldReason::first_applicable(OwnerFacts {
        taken_in_elsewhere: super::central_changes::taken_in_elsewhere(
            tx,
            &issuer_key,
            &serial_key,
        )?,
        moved_elsewhere: match &doc {
            Some(d) => super::central_changes::moved_elsewhere(tx, d.as_str())?.is_some(),
            None => false,
        },
        slip_found,
        last_name_on_file: person.as_ref().map(|p| p.last_name.as_str()),
        inmate_name: inmate_name.as_deref(),
        sender_name: sender_name.as_deref(),
        sender_address: sender_address.as_deref(),
        slip_amount,
        amount: intake.amount,
        screen,
    });
    let at = timestamp(now);
    let (status, ready_at) = match reason {
        None => ("ready", Some(at.as_str())),
        Some(_) => ("held", None),
    };
    tx.prepare_cached(
        "INSERT INTO money_order (issuer, serial, issuer_key, serial_key, amount_cents, issued_on,
             slip_id, slip_typed, doc, inmate_name, sender_name, sender_address, status,
             received_at, received_by, ready_at, sender_key, received_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18)",
    )?
    .execute(params![
        intake.issuer,
        intake.serial,
        issuer_key,
        serial_key,
        intake.amount.cents(),
        intake.issued_on.format(DATE_FORMAT).to_string(),
        slip_id,
        slip_typed,
        doc.as_ref().map(DocNumber::as_str),
        inmate_name,
        sender_name,
        sender_address,
        status,
        at,
        actor,
        ready_at,
        sender_key,
        received_utc
    ])?;
    let id = tx.last_insert_rowid();
    if let Some(reason) = reason {
        tx.prepare_cached(
            "INSERT INTO hold (money_order_id, reason, created_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, reason.code(), at])?;
    }
    insert_transfer(
        tx,
        LOCKBOX_ACCOUNT,
        UNPOSTED_ACCOUNT,
        intake.amount,
        "intake",
        Some(id),
        None,
        now.date(),
        &at,
    )?;
    audit.append(
        tx,
        &at,
        &AuditEntry {
            actor,
            action: "money_order.intake",
            subject: format!("money_order:{id}"),
            outcome: reason.map_or("ready", |_| "held"),
            detail: format!(
                "{{\"amount\":\"{}\",\"doc\":{},\"hold\":{}}}",
                intake.amount,
                doc.as_ref()
                    .map_or("null".to_string(), |d| format!("\"{d}\"")),
                reason.map_or("null".to_string(), |r| format!("\"{}\"", r.code()))
            ),
        },
    )?;
    Ok(IntakeOutcome {
        money_order_id: id,
        amount: intake.amount,
        slip_amount,
        doc: doc.map(|d| d.to_string()),
        status: reason.map_or(IntakeStatus::Ready, IntakeStatus::Held),
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_transfer(
    tx: &Transaction<'_>,
    debit: i64,
    credit: i64,
    amount: Money,
    kind: &str,
    money_order_id: Option<i64>,
    batch_id: Option<i64>,
    business_date: NaiveDate,
    at: &str,
) -> Result<i64, LedgerError> {
    insert_transfer_row(
        tx,
        (debit, credit),
        amount,
        kind,
        (money_order_id, None),
        batch_id,
        business_date,
        at,
    )
}

/// One transfer row: `(debit, credit)` accounts, and what it moves `(money order,
/// electronic deposit)`, at most one of them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_transfer_row(
    tx: &Transaction<'_>,
    (debit, credit): (i64, i64),
    amount: Money,
    kind: &str,
    (money_order_id, electronic_id): (Option<i64>, Option<i64>),
    batch_id: Option<i64>,
    business_date: NaiveDate,
    at: &str,
) -> Result<i64, LedgerError> {
    tx.prepare_cached(
        "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind,
             money_order_id, electronic_id, batch_id, business_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        debit,
        credit,
        amount.cents(),
        kind,
        money_order_id,
        electronic_id,
        batch_id,
        business_date.format(DATE_FORMAT).to_string(),
        at
    ])?;
    Ok(tx.last_insert_rowid())
}

/// A release that finds a reason to keep the money order on hold: its open hold takes that
/// reason, audited as a rescreen.
#[allow(clippy::too_many_arguments)]
fn held_again(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    money_order_id: i64,
    reason: &str,
    detail: serde_json::Value,
    at: &str,
    actor: &str,
) -> Result<(), LedgerError> {
    tx.prepare_cached(
        "UPDATE hold SET reason = ?2 WHERE money_order_id = ?1 AND resolution IS NULL",
    )?
    .execute(params![money_order_id, reason])?;
    audit.append(
        tx,
        at,
        &AuditEntry {
            actor,
            action: "hold.rescreen",
            subject: format!("money_order:{money_order_id}"),
            outcome: "held",
            detail: detail.to_string(),
        },
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn resolve_hold_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    money_order_id: i64,
    note: &str,
    now: NaiveDateTime,
    actor: &str,
    resolution: Resolution,
) -> Result<Option<HoldReason>, LedgerError> {
    type Row = (
        String,
        i64,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    );
    let row: Option<Row> = tx
        .prepare_cached(
            "SELECT m.status, m.amount_cents, m.doc, m.sender_name, m.received_by,
                    m.sender_address
             FROM money_order m WHERE m.id = ?1",
        )?
        .query_row([money_order_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let (status, amount_cents, doc, sender_name, received_by, sender_address) =
        row.ok_or(Rejection::MoneyOrderNotFound)?;
    if status != "held" {
        return Err(Rejection::NotOnHold.into());
    }
    if matches!(resolution, Resolution::Release(_)) && received_by == actor {
        return Err(Rejection::OwnIntake.into());
    }
    let at = timestamp(now);
    let (new_status, ready_at, code, action) = match resolution {
        Resolution::Release(_) => ("ready", Some(at.as_str()), "released", "hold.release"),
        Resolution::Return => ("returned", None, "returned", "hold.return"),
    };
    let (doc, sender_name, sender_address) = match &resolution {
        Resolution::Release(verified) => {
            let doc = match &verified.doc {
                Some(d) => Some(DocNumber::parse(d)?.to_string()),
                None => doc,
            };
            let known = match &doc {
                Some(d) => find_person(tx, &DocNumber::parse(d)?)?.is_some(),
                None => false,
            };
            if !known {
                return Err(Rejection::InmateNotFound.into());
            }
            // Their account is at the site they were moved to: posted here, the money
            // would land in an account they no longer use.
            if let Some(d) = &doc {
                if super::central_changes::moved_elsewhere(tx, d)?.is_some() {
                    return Err(Rejection::InmateMovedAway.into());
                }
            }
            let sender_name = match &verified.sender_name {
                Some(s) => {
                    crate::domain::text::clean(crate::domain::Field::SenderName, s)?.or(sender_name)
                }
                None => sender_name,
            };
            if sender_name.is_none() {
                return Err(Rejection::FieldRequired(crate::domain::Field::SenderName).into());
            }
            // A blank answer keeps what intake recorded rather than erasing it.
            let sender_address = match &verified.sender_address {
                Some(a) => crate::domain::text::clean(crate::domain::Field::SenderAddress, a)?
                    .or(sender_address),
                None => sender_address,
            };
            // A deposit names its sender with an address (DOMAIN.md): whatever the hold's
            // recorded reason (intake records only the first that applies), none is
            // released without one.
            let missing = sender_address
                .as_deref()
                .is_none_or(|a| a.trim().is_empty());
            if missing {
                return Err(Rejection::FieldRequired(crate::domain::Field::SenderAddress).into());
            }
            (doc, sender_name, sender_address)
        }
        Resolution::Return => (doc, sender_name, sender_address),
    };
    // A sender verified at release is the sender the windows count from now on.
    let sender_key =
        super::velocity::money_order_sender(sender_name.as_deref(), sender_address.as_deref());
    // A hold about its owner or sender came before the watchlists and velocity rules could
    // look at it: they look now, with what the supervisor verified, over the window ending
    // at its intake. What they find keeps it on hold with that reason; released again (the
    // supervisor has then seen why), it goes.
    if matches!(resolution, Resolution::Release(_)) {
        let reason: String = tx
            .prepare_cached(
                "SELECT reason FROM hold WHERE money_order_id = ?1 AND resolution IS NULL",
            )?
            .query_row([money_order_id], |r| r.get(0))?;
        // The central server said, since this hold began, that the same money order was
        // taken in at another site first: it stays on hold for that, which the supervisor
        // sees and may then release (a reason they have seen is not raised again).
        let elsewhere = HoldReason::DuplicateElsewhere.code();
        if reason != elsewhere {
            let (issuer_key, serial_key): (String, String) = tx
                .prepare_cached("SELECT issuer_key, serial_key FROM money_order WHERE id = ?1")?
                .query_row([money_order_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if super::central_changes::taken_in_elsewhere(tx, &issuer_key, &serial_key)? {
                let detail = serde_json::json!({"was": reason, "now": elsewhere, "note": note});
                held_again(tx, audit, money_order_id, elsewhere, detail, &at, actor)?;
                return Ok(Some(HoldReason::DuplicateElsewhere));
            }
        }
        let owner_hold =
            HoldReason::from_code(&reason).is_none_or(|r| HoldReason::OWNER.contains(&r));
        if let (true, Some(doc), Some(sender)) = (owner_hold, &doc, &sender_key) {
            // Its row carries the verified owner and sender first, so the window counts it
            // once, as verified.
            tx.prepare_cached(
                "UPDATE money_order SET doc = ?2, sender_name = ?3, sender_address = ?4,
                        sender_key = ?5
                 WHERE id = ?1",
            )?
            .execute(params![
                money_order_id,
                doc,
                sender_name,
                sender_address,
                sender_key
            ])?;
            let received_utc: String = tx
                .prepare_cached("SELECT received_utc FROM money_order WHERE id = ?1")?
                .query_row([money_order_id], |r| r.get(0))?;
            let screen = super::velocity::screen(tx, sender, doc, &received_utc)?;
            if let Some(found) = screen.first_hold() {
                let detail = serde_json::json!({
                    "was": reason,
                    "now": found.code(),
                    "note": note,
                    "doc": doc,
                    "sender_name": sender_name,
                    "sender_address": sender_address,
                });
                held_again(tx, audit, money_order_id, found.code(), detail, &at, actor)?;
                return Ok(Some(found));
            }
        }
    }
    let returned_at = (resolution == Resolution::Return).then_some(at.as_str());
    tx.prepare_cached(
        "UPDATE money_order SET status = ?1, ready_at = ?2, doc = ?3, sender_name = ?4,
                sender_address = ?5, sender_key = ?6, returned_at = ?8
         WHERE id = ?7",
    )?
    .execute(params![
        new_status,
        ready_at,
        doc,
        sender_name,
        sender_address,
        sender_key,
        money_order_id,
        returned_at
    ])?;
    tx.prepare_cached(
        "UPDATE hold SET resolution = ?1, resolved_at = ?2, resolved_by = ?3, note = ?4
         WHERE money_order_id = ?5 AND resolution IS NULL",
    )?
    .execute(params![code, at, actor, note, money_order_id])?;
    if resolution == Resolution::Return {
        insert_transfer(
            tx,
            UNPOSTED_ACCOUNT,
            LOCKBOX_ACCOUNT,
            Money::from_cents(amount_cents),
            "return",
            Some(money_order_id),
            None,
            now.date(),
            &at,
        )?;
    }
    audit.append(
        tx,
        &at,
        &AuditEntry {
            actor,
            action,
            subject: format!("money_order:{money_order_id}"),
            outcome: code,
            detail: serde_json::json!({
                "note": note,
                "doc": doc,
                "sender_name": sender_name,
                "sender_address": sender_address,
            })
            .to_string(),
        },
    )?;
    Ok(None)
}
