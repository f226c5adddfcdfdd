//! Supervision cases, their events and the intervention fee in the ledger. The rules are in
//! `domain` (`SupervisionCase`, `FeeAccount`); this file loads cases, records events with
//! their money movements and audit rows, and writes the monthly assessment.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::audit::{AuditEntry, AuditWriter};
use super::people::{add_person_tx, find_person, insert_account};
use super::{timestamp, Ledger, LedgerError, NewPerson, DATE_FORMAT};
use crate::domain::month::first_of_month;
use crate::domain::{
    BusinessCalendar, CaseEvent, DatedEvent, DocNumber, EventParts, EventPartsError, FeeAccount,
    FeeInstrument, Money, Program, Rejection, Supervision, SupervisionCase, FEE_DEFAULT,
};

/// The account fee payments received are held in, fixed by the schema.
const FEE_PAYMENTS_ACCOUNT: i64 = 5;

/// The most lines one import may hold.
pub const IMPORT_LINES_MAX: usize = 1_000_000;

/// One line of a case import: an event for a DOC number.
#[derive(Debug, Clone)]
pub struct CaseLine {
    pub line: usize,
    /// The sender's own id for the line, if it gives one: an import is idempotent by it.
    /// Without one, by the line's content (and how many times that content came before it
    /// in its file), so two equal payments on one day in two files need ids to be two.
    pub id: Option<String>,
    pub doc: DocNumber,
    pub event: DatedEvent,
}

/// What a monthly assessment run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AssessOutcome {
    /// Cases looked at.
    pub cases: usize,
    /// Offenders assessed for the month by this run.
    pub assessed: usize,
    pub assessed_total: Money,
    pub waived_total: Money,
    /// Offenders the month was already assessed for: by an earlier run, or by another
    /// process that brought the books up while this run did.
    pub already_assessed: usize,
    /// Offenders with nothing to assess for the month (exempt, not yet due, closed).
    pub nothing_due: usize,
}

/// A case with its account, for the reports.
#[derive(Debug, Clone)]
pub struct CaseAccount {
    pub name: String,
    pub supervision: Supervision,
    pub account: FeeAccount,
}

fn fee_account_name(doc: &DocNumber) -> String {
    format!("assets:receivable:fees:{doc}")
}

/// A stored date. The ledger writes them `YYYY-MM-DD`, read here digit by digit: loading an
/// offender's case and the holiday calendar parses a few hundred dates for every account
/// shown, and chrono reading its format string each time was most of the load. Any other
/// text (an edit behind the ledger's back) is read as chrono reads it, so nothing it accepted
/// before is refused now.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
    }
    NaiveDate::parse_from_str(text, DATE_FORMAT).ok()
}

fn date_text(d: NaiveDate) -> String {
    d.format(DATE_FORMAT).to_string()
}

/// The business calendar, read inside any connection or transaction.
pub(crate) fn calendar_of(conn: &Connection) -> Result<BusinessCalendar, LedgerError> {
    let mut stmt = conn.prepare_cached("SELECT date FROM holiday")?;
    let days = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|d| d.ok().and_then(|d| parse_date(&d)))
        .collect::<Vec<_>>();
    Ok(BusinessCalendar::new(days))
}

const CASE_COLUMNS: &str = "c.doc, c.name, c.supervision, c.placed_on, c.fee_cents, c.account_id,
     e.date, e.event, e.program, e.to_date, e.amount_cents, e.instrument, c.books_month";

/// Turns stored rows into cases: rows come ordered by doc, then date, then id.
struct CaseBuilder {
    current: Option<(SupervisionCase, i64, Option<String>)>,
}

/// Column `i` of a case row as text borrowed from SQLite (no copy: a case's events are
/// read for every account shown), `None` for NULL; anything else is a corrupt case.
fn text_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>, LedgerError> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        value => Ok(Some(value.as_str().map_err(rusqlite::Error::from)?)),
    }
}

fn corrupt(what: &str, doc: &str) -> LedgerError {
    LedgerError::Corrupt(format!("supervision case {doc}: {what}"))
}

impl CaseBuilder {
    /// Feeds one row (`CASE_COLUMNS`); returns the previous case when this row starts a
    /// new one. The case's own columns repeat on every row of its events and are read only
    /// on its first.
    fn push(
        &mut self,
        r: &rusqlite::Row<'_>,
    ) -> Result<Option<(SupervisionCase, i64, Option<String>)>, LedgerError> {
        let doc = text_at(r, 0)?.unwrap_or_default();
        let same = self
            .current
            .as_ref()
            .is_some_and(|(c, _, _)| c.doc.as_str() == doc);
        let mut finished = None;
        if !same {
            let (case, account) = case_of(r)?;
            finished = self.current.replace((case, account, r.get(12)?));
        }
        if let Some(event) = event_of(r, 6, doc)? {
            if let Some((case, _, _)) = self.current.as_mut() {
                case.push_trusted(event);
            }
        }
        Ok(finished)
    }
}

/// A case without its events, and its fee account, from a row whose first columns are
/// `CASE_COLUMNS`' first six.
fn case_of(r: &rusqlite::Row<'_>) -> Result<(SupervisionCase, i64), LedgerError> {
    let doc = text_at(r, 0)?.unwrap_or_default();
    let doc_number = DocNumber::parse(doc).map_err(|_| corrupt("DOC number", doc))?;
    let supervision = text_at(r, 2)?.and_then(Supervision::parse);
    let placed_on = text_at(r, 3)?.and_then(parse_date);
    let case = SupervisionCase::place(
        doc_number,
        r.get(1)?,
        supervision.ok_or_else(|| corrupt("supervision", doc))?,
        Money::from_cents(r.get(4)?),
        placed_on.ok_or_else(|| corrupt("placement date", doc))?,
    )
    .map_err(|_| corrupt("fee", doc))?;
    Ok((case, r.get(5)?))
}

/// The event in the six columns from `at` (date, event, program, to date, amount,
/// instrument), `None` where there is none (a case without events, left-joined).
fn event_of(
    r: &rusqlite::Row<'_>,
    at: usize,
    doc: &str,
) -> Result<Option<DatedEvent>, LedgerError> {
    let (Some(date), Some(event)) = (text_at(r, at)?, text_at(r, at + 1)?) else {
        return Ok(None);
    };
    let date = parse_date(date).ok_or_else(|| corrupt("event date", doc))?;
    let parts = EventParts {
        program: text_at(r, at + 2)?.and_then(Program::parse),
        to: text_at(r, at + 3)?.and_then(parse_date),
        amount: r.get::<_, Option<i64>>(at + 4)?.map(Money::from_cents),
        instrument: text_at(r, at + 5)?.and_then(FeeInstrument::parse_stored),
    };
    let event = CaseEvent::from_parts(event, parts).map_err(|e| match e {
        EventPartsError::Missing(part) => corrupt(part, doc),
        EventPartsError::UnknownEvent => corrupt("event", doc),
    })?;
    Ok(Some(DatedEvent { date, event }))
}

/// The case of `doc` with its fee account id, inside any connection or transaction.
///
/// Two statements, the case's row then its events, in one read transaction: one joined
/// statement carried the case's columns on every event's row, and took twice as long for
/// a case of 110 events (every caller of a fee account pays this).
pub(crate) fn load_case(
    conn: &Connection,
    doc: &DocNumber,
) -> Result<Option<(SupervisionCase, i64)>, LedgerError> {
    // Both reads see the same ledger: a caller outside a transaction gets one of its own.
    let _read = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let head = conn
        .prepare_cached(
            "SELECT doc, name, supervision, placed_on, fee_cents, account_id
             FROM supervision_case WHERE doc = ?1",
        )?
        .query_row([doc.as_str()], |r| Ok(case_of(r)))
        .optional()?;
    let Some((mut case, account)) = head.transpose()? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT date, event, program, to_date, amount_cents, instrument
         FROM case_event WHERE doc = ?1 ORDER BY date, id",
    )?;
    let mut rows = stmt.query([doc.as_str()])?;
    while let Some(row) = rows.next()? {
        if let Some(event) = event_of(row, 0, doc.as_str())? {
            case.push_trusted(event);
        }
    }
    Ok(Some((case, account)))
}

/// Every case, in DOC-number order, handed to `each` with its fee account and the month its
/// books are complete through, one at a time (100,000 cases never sit in memory together).
/// With `behind = Some((month, n))`, only the first `n` cases whose books are not complete
/// through exactly `month` (behind it, or ahead of it after a clock that ran ahead).
pub(crate) fn for_each_case(
    conn: &Connection,
    behind: Option<(&str, usize)>,
    mut each: impl FnMut(SupervisionCase, i64, Option<String>) -> Result<(), LedgerError>,
) -> Result<usize, LedgerError> {
    let (filter, month, limit) = match behind {
        Some((month, n)) => (
            "WHERE c.doc IN (SELECT doc FROM supervision_case
                             WHERE books_month IS NULL OR books_month <> ?1
                             ORDER BY doc LIMIT ?2)",
            month.to_string(),
            i64::try_from(n).unwrap_or(i64::MAX),
        ),
        None => ("WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL", String::new(), 0),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CASE_COLUMNS} FROM supervision_case c
         LEFT JOIN case_event e ON e.doc = c.doc
         {filter}
         ORDER BY c.doc, e.date, e.id"
    ))?;
    let mut rows = stmt.query(params![month, limit])?;
    let mut builder = CaseBuilder { current: None };
    let mut count = 0;
    while let Some(row) = rows.next()? {
        if let Some((case, account, books)) = builder.push(row)? {
            count += 1;
            each(case, account, books)?;
        }
    }
    if let Some((case, account, books)) = builder.current.take() {
        count += 1;
        each(case, account, books)?;
    }
    Ok(count)
}

/// Splits `Last, First` or `First Last` for the person record.
fn split_name(name: &str) -> (String, String) {
    match name.split_once(',') {
        Some((last, first)) => (last.trim().to_string(), first.trim().to_string()),
        None => match name.trim().rsplit_once(' ') {
            Some((first, last)) => (last.trim().to_string(), first.trim().to_string()),
            None => (name.trim().to_string(), String::new()),
        },
    }
}

/// Opens a case (and the person, if the DOC number is new) inside a transaction.
#[allow(clippy::too_many_arguments)]
fn place_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    doc: &DocNumber,
    name: &str,
    supervision: Supervision,
    fee: Money,
    placed_on: NaiveDate,
    now: NaiveDateTime,
    actor: &str,
) -> Result<SupervisionCase, LedgerError> {
    let name = crate::domain::text::required(crate::domain::Field::InmateName, name)?;
    let case = SupervisionCase::place(doc.clone(), name.clone(), supervision, fee, placed_on)?;
    let exists: Option<String> = tx
        .prepare_cached("SELECT doc FROM supervision_case WHERE doc = ?1")?
        .query_row([doc.as_str()], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Err(Rejection::CaseAlreadyPlaced.into());
    }
    if find_person(tx, doc)?.is_none() {
        let (last_name, first_name) = split_name(&name);
        add_person_tx(
            tx,
            audit,
            &NewPerson {
                doc: doc.to_string(),
                last_name,
                first_name,
                ..NewPerson::default()
            },
            now,
            actor,
        )?;
    }
    let at = timestamp(now);
    let account = insert_account(tx, &fee_account_name(doc), "debit", Some(doc.as_str()))?;
    tx.prepare_cached(
        "INSERT INTO supervision_case (doc, name, supervision, placed_on, fee_cents, account_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        doc.as_str(),
        name,
        supervision.code(),
        date_text(placed_on),
        fee.cents(),
        account,
        at
    ])?;
    audit.append(
        tx,
        &at,
        &AuditEntry {
            actor,
            action: "case.placed",
            subject: format!("doc:{doc}"),
            outcome: "ok",
            detail: format!(
                "{{\"supervision\":\"{}\",\"placed_on\":\"{placed_on}\",\"fee\":\"{fee}\"}}",
                supervision.code()
            ),
        },
    )?;
    Ok(case)
}

/// Adds one event after placement to the case of `doc` inside `tx`: checked against the case
/// as it stands, then written with its audit row. A refusal writes nothing.
pub(crate) fn add_event_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    doc: &DocNumber,
    event: &DatedEvent,
    now: NaiveDateTime,
    actor: &str,
) -> Result<(), LedgerError> {
    let (mut case, account) = load_case(tx, doc)?.ok_or(Rejection::CaseNotFound)?;
    case.add_event(event.clone(), now.date(), &calendar_of(tx)?)?;
    write_event_tx(tx, audit, doc, account, event, now, actor)?;
    super::fee_books::sync_case_tx(
        tx,
        audit,
        &case,
        account,
        now.date(),
        &timestamp(now),
        actor,
    )?;
    Ok(())
}

/// Records the intervention fee the posting took from an inmate's deposit as a payment on
/// the offender's case (instrument `inmate_account`), with its audit row. The money moved
/// in the posting's own transfer (deposit to the fee receivable), so none moves here.
pub(crate) fn record_deposit_payment_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    doc: &DocNumber,
    amount: Money,
    date: NaiveDate,
    at: &str,
    actor: &str,
) -> Result<(), LedgerError> {
    let (mut case, _) = load_case(tx, doc)?.ok_or(Rejection::CaseNotFound)?;
    let event = DatedEvent {
        date,
        event: CaseEvent::Payment {
            amount,
            instrument: FeeInstrument::InmateAccount,
        },
    };
    case.add_event(event, date, &calendar_of(tx)?)?;
    tx.prepare_cached(
        "INSERT INTO case_event (doc, date, event, amount_cents, instrument, recorded_at, recorded_by)
         VALUES (?1, ?2, 'payment', ?3, 'inmate_account', ?4, ?5)",
    )?
    .execute(params![doc.as_str(), date_text(date), amount.cents(), at, actor])?;
    let event_id = tx.last_insert_rowid();
    audit.append(
        tx,
        at,
        &AuditEntry {
            actor,
            action: "case.payment",
            subject: format!("doc:{doc}"),
            outcome: "ok",
            detail: format!(
                "{{\"event\":{event_id},\"date\":\"{date}\",\"amount\":\"{amount}\",\"instrument\":\"inmate_account\"}}"
            ),
        },
    )?;
    Ok(())
}

/// Writes an event already checked against its case: its row, its money movement (a
/// payment credits the offender's fee account) and its audit row.
fn write_event_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    doc: &DocNumber,
    account: i64,
    event: &DatedEvent,
    now: NaiveDateTime,
    actor: &str,
) -> Result<(), LedgerError> {
    let at = timestamp(now);
    let (program, to, amount, instrument) = match &event.event {
        CaseEvent::ProgramStart(p) => (Some(p.code()), None, None, None),
        CaseEvent::Waiver { to, amount } => (None, Some(date_text(*to)), Some(*amount), None),
        CaseEvent::Payment { amount, instrument } => {
            (None, None, Some(*amount), Some(instrument.code()))
        }
        _ => (None, None, None, None),
    };
    tx.prepare_cached(
        "INSERT INTO case_event (doc, date, event, program, to_date, amount_cents, instrument,
             recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        doc.as_str(),
        date_text(event.date),
        event.event.code(),
        program,
        to,
        amount.map(Money::cents),
        instrument,
        at,
        actor
    ])?;
    let event_id = tx.last_insert_rowid();
    if let CaseEvent::Payment { amount, .. } = &event.event {
        super::deposits::insert_transfer(
            tx,
            FEE_PAYMENTS_ACCOUNT,
            account,
            *amount,
            "fee_payment",
            None,
            None,
            event.date,
            &at,
        )?;
    }
    let mut detail = format!("{{\"event\":{event_id},\"date\":\"{}\"", event.date);
    if let Some(p) = program {
        detail.push_str(&format!(",\"program\":\"{p}\""));
    }
    if let Some(t) = &to {
        detail.push_str(&format!(",\"to\":\"{t}\""));
    }
    if let Some(a) = amount {
        detail.push_str(&format!(",\"amount\":\"{a}\""));
    }
    if let Some(i) = instrument {
        detail.push_str(&format!(",\"instrument\":\"{i}\""));
    }
    detail.push('}');
    audit.append(
        tx,
        &at,
        &AuditEntry {
            actor,
            action: &format!("case.{}", event.event.code()),
            subject: format!("doc:{doc}"),
            outcome: "ok",
            detail,
        },
    )?;
    Ok(())
}

/// How case lines are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportMode {
    /// One event from the console or `fees pay`: no import key.
    Record,
    /// A file: idempotent by each line's content.
    Import,
    /// A file checked and rolled back.
    Check,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// Lines recorded by this import.
    pub imported: usize,
    /// Lines an earlier import already recorded: nothing new was written for them.
    pub already_imported: usize,
}

/// A line's content in one canonical text: what makes two lines the same line.
fn line_content(line: &CaseLine) -> String {
    let detail = match &line.event.event {
        CaseEvent::Placed {
            name,
            supervision,
            fee,
        } => format!("{name}|{}|{fee}", supervision.code()),
        CaseEvent::ProgramStart(p) => p.code().to_string(),
        CaseEvent::Waiver { to, amount } => format!("{to}|{amount}"),
        CaseEvent::Payment { amount, instrument } => format!("{amount}|{}", instrument.code()),
        _ => String::new(),
    };
    format!(
        "{}|{}|{}|{detail}",
        line.doc,
        line.event.date,
        line.event.event.code()
    )
}

/// The key an imported line is remembered by: its content's hash and which occurrence of
/// that content in its file it is (two equal payments on one day are two lines).
fn import_key(content: &str, occurrence: usize) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(content.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}:{occurrence}")
}

/// Why an import was refused: the bad lines with their reasons, or the ledger itself.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} bad line(s); nothing was imported", .0.len())]
    BadLines(Vec<(usize, Rejection)>),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

impl Ledger {
    /// The default monthly fee: the setting `intervention_fee_cents`, else $30.00.
    pub fn default_fee(&self) -> Result<Money, LedgerError> {
        Ok(self
            .setting("intervention_fee_cents")?
            .and_then(|v| v.parse::<i64>().ok())
            .map(Money::from_cents)
            .unwrap_or(FEE_DEFAULT))
    }

    /// Offenders whose name holds every word of `text` (any case, any order: "marcus webb"
    /// finds "Webb, Marcus"), by name: at most `limit`.
    pub fn find_offenders(
        &self,
        text: &str,
        limit: usize,
    ) -> Result<Vec<(String, String)>, LedgerError> {
        names_matching(
            &self.conn,
            "SELECT doc, name FROM supervision_case WHERE name LIKE ?1 ESCAPE '\\'
             ORDER BY name, doc",
            text,
            limit,
        )
    }

    /// Inmates whose name holds every word typed (any order, any case): DOC number and
    /// name as printed (`RIVERA, Ana`), by name.
    pub fn find_inmates(
        &self,
        text: &str,
        limit: usize,
    ) -> Result<Vec<(String, String)>, LedgerError> {
        names_matching(
            &self.conn,
            "SELECT doc, upper(last_name) || ', ' || first_name AS name FROM person
             WHERE last_name LIKE ?1 ESCAPE '\\' OR first_name LIKE ?1 ESCAPE '\\'
             ORDER BY name, doc",
            text,
            limit,
        )
    }

    /// The supervision case of `doc`, with every event.
    pub fn supervision_case(
        &self,
        doc: &DocNumber,
    ) -> Result<Option<SupervisionCase>, LedgerError> {
        Ok(load_case(&self.conn, doc)?.map(|(case, _)| case))
    }

    /// The fee account of `doc` as of `as_of`.
    pub fn fee_account(
        &self,
        doc: &DocNumber,
        as_of: NaiveDate,
    ) -> Result<FeeAccount, LedgerError> {
        let (case, _) = load_case(&self.conn, doc)?.ok_or(Rejection::CaseNotFound)?;
        self.with_calendar(|calendar| FeeAccount::compute(&case, as_of, calendar))
    }

    /// Records one event for `doc` (placement included) in one transaction with its audit
    /// row and the books it changes; refused events write nothing. Not an import: the same
    /// event may be recorded twice on purpose (two payments of $30 on one day).
    pub fn record_case_event(
        &mut self,
        doc: &DocNumber,
        event: DatedEvent,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        let line = CaseLine {
            line: 1,
            id: None,
            doc: doc.clone(),
            event,
        };
        match self.apply_case_lines(&[line], now, actor, ImportMode::Record) {
            Ok(_) => Ok(()),
            Err(ImportError::BadLines(bad)) => Err(bad
                .first()
                .map_or(LedgerError::Corrupt("import".into()), |(_, r)| (*r).into())),
            Err(ImportError::Ledger(e)) => Err(e),
        }
    }

    /// Imports case events all or nothing, in one transaction with their audit rows and the
    /// books they change: every line is checked against the cases as they stand plus the
    /// lines before it; if any is refused, nothing is written and every bad line is returned
    /// with its reason. Idempotent: a line already imported (the same content, the same
    /// number of times in its file) records nothing and is counted as already imported.
    pub fn import_case_events(
        &mut self,
        lines: &[CaseLine],
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<ImportSummary, ImportError> {
        self.apply_case_lines(lines, now, actor, ImportMode::Import)
    }

    /// Checks an import as `import_case_events` would, and writes nothing whatever the
    /// outcome (a file with a line that did not even parse is checked this way, so that
    /// every bad line is named at once).
    pub fn check_case_events(
        &mut self,
        lines: &[CaseLine],
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<ImportSummary, ImportError> {
        self.apply_case_lines(lines, now, actor, ImportMode::Check)
    }

    fn apply_case_lines(
        &mut self,
        lines: &[CaseLine],
        now: NaiveDateTime,
        actor: &str,
        mode: ImportMode,
    ) -> Result<ImportSummary, ImportError> {
        let today = now.date();
        let at = timestamp(now);
        let tx = self.write()?;
        let calendar = calendar_of(&tx)?;
        let mut audit = AuditWriter::begin(&tx)?;
        let mut cases: HashMap<DocNumber, Option<(SupervisionCase, i64)>> = HashMap::new();
        let mut touched: Vec<DocNumber> = Vec::new();
        let mut bad = Vec::new();
        let mut summary = ImportSummary::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for line in lines {
            if mode != ImportMode::Record {
                let key = match &line.id {
                    Some(id) => format!("id:{id}"),
                    None => {
                        let content = line_content(line);
                        let n = seen.entry(content.clone()).or_insert(0);
                        *n += 1;
                        import_key(&content, *n)
                    }
                };
                let done: Option<String> = tx
                    .prepare_cached("SELECT key FROM case_import WHERE key = ?1")
                    .and_then(|mut s| s.query_row([&key], |r| r.get(0)).optional())
                    .map_err(LedgerError::from)?;
                if done.is_some() {
                    summary.already_imported += 1;
                    continue;
                }
                tx.prepare_cached(
                    "INSERT INTO case_import (key, doc, imported_at, imported_by)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .and_then(|mut s| s.execute(params![key, line.doc.as_str(), at, actor]))
                .map_err(LedgerError::from)?;
            }
            if !cases.contains_key(&line.doc) {
                cases.insert(line.doc.clone(), load_case(&tx, &line.doc)?);
            }
            let slot = cases.get_mut(&line.doc);
            let outcome = match (&line.event.event, slot) {
                (
                    CaseEvent::Placed {
                        name,
                        supervision,
                        fee,
                    },
                    Some(slot),
                ) => {
                    if slot.is_some() {
                        Err(Rejection::CaseAlreadyPlaced.into())
                    } else if line.event.date > today {
                        Err(Rejection::EventInFuture.into())
                    } else {
                        // A savepoint keeps a refused placement from leaving a person behind.
                        place_in_savepoint(
                            &tx,
                            &mut audit,
                            line,
                            name,
                            *supervision,
                            *fee,
                            now,
                            actor,
                        )
                        .map(|case| {
                            let account = account_of(&tx, &line.doc).unwrap_or(0);
                            *slot = Some((case, account));
                        })
                    }
                }
                (_, Some(Some((case, account)))) => {
                    match case.add_event(line.event.clone(), today, &calendar) {
                        Ok(()) => write_event_tx(
                            &tx,
                            &mut audit,
                            &line.doc,
                            *account,
                            &line.event,
                            now,
                            actor,
                        ),
                        Err(r) => Err(r.into()),
                    }
                }
                (_, _) => Err(Rejection::CaseNotFound.into()),
            };
            match outcome {
                Ok(()) => {
                    summary.imported += 1;
                    if !touched.contains(&line.doc) {
                        touched.push(line.doc.clone());
                    }
                }
                Err(LedgerError::Rejected(r)) => bad.push((line.line, r)),
                Err(e) => return Err(e.into()),
            }
        }
        if !bad.is_empty() {
            // Dropping the transaction rolls back every line written so far.
            return Err(ImportError::BadLines(bad));
        }
        // The books follow the engine: each changed case once, after all its lines.
        for doc in &touched {
            if let Some(Some((case, account))) = cases.get(doc) {
                super::fee_books::sync_case_tx(&tx, &mut audit, case, *account, today, &at, actor)?;
            }
        }
        if mode != ImportMode::Check {
            tx.commit().map_err(LedgerError::from)?;
        }
        Ok(summary)
    }

    /// Brings the books up to date (every month due by today charged as the engine says; see
    /// `fee_books`) and reports month `month`: who is charged for it, and whether this run
    /// or an earlier write charged them. A second run writes nothing. The month must have
    /// begun.
    pub fn assess_fees(
        &mut self,
        month: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<AssessOutcome, LedgerError> {
        self.assess_fees_with_progress(month, now, actor, &mut |_, _| {})
    }

    /// `assess_fees`, telling `progress` (cases done, cases in all) as it goes.
    pub fn assess_fees_with_progress(
        &mut self,
        month: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<AssessOutcome, LedgerError> {
        let month = first_of_month(month);
        if month > now.date() {
            return Err(Rejection::FeeMonthInFuture.into());
        }
        let before = self.month_charges(month)?;
        let mut changed = std::collections::HashSet::new();
        self.catch_up_fee_books_noting(now, actor, progress, &mut changed)?;
        let after = self.month_charges(month)?;
        let cases: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM supervision_case", [], |r| r.get(0))?;
        let cases = usize::try_from(cases).unwrap_or(0);
        let charged = after.iter().filter(|(_, (a, _))| *a > 0);
        // Charged for the month by this run: not before it, and by its own writes (another
        // process bringing the books up meanwhile charged the cases it reached first).
        let assessed = charged
            .clone()
            .filter(|(acct, _)| {
                changed.contains(*acct) && before.get(*acct).is_none_or(|(a, _)| *a <= 0)
            })
            .count();
        let charged_count = charged.clone().count();
        Ok(AssessOutcome {
            cases,
            assessed,
            assessed_total: Money::from_cents(charged.clone().map(|(_, (a, _))| a).sum()),
            waived_total: Money::from_cents(charged.map(|(_, (_, w))| w).sum()),
            already_assessed: charged_count - assessed,
            nothing_due: cases.saturating_sub(charged_count),
        })
    }

    /// What the books charge and waive for `month`, per receivable account.
    fn month_charges(&self, month: NaiveDate) -> Result<HashMap<i64, (i64, i64)>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT CASE WHEN kind IN ('fee_assessment', 'fee_waiver_reversal') THEN debit_account
                         ELSE credit_account END,
                    SUM(CASE kind WHEN 'fee_assessment' THEN amount_cents
                                  WHEN 'fee_reversal' THEN -amount_cents ELSE 0 END),
                    SUM(CASE kind WHEN 'fee_waiver' THEN amount_cents
                                  WHEN 'fee_waiver_reversal' THEN -amount_cents ELSE 0 END)
             FROM transfer
             WHERE business_date = ?1
               AND kind IN ('fee_assessment', 'fee_reversal', 'fee_waiver', 'fee_waiver_reversal')
             GROUP BY 1",
        )?;
        let rows = stmt.query_map([date_text(month)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every case with its account as of `as_of`, in DOC-number order (the reports).
    pub fn case_accounts(&self, as_of: NaiveDate) -> Result<Vec<CaseAccount>, LedgerError> {
        let calendar = calendar_of(&self.conn)?;
        let mut out = Vec::new();
        for_each_case(&self.conn, None, |case, _, _| {
            let account = FeeAccount::compute(&case, as_of, &calendar);
            out.push(CaseAccount {
                name: case.name,
                supervision: case.supervision,
                account,
            });
            Ok(())
        })?;
        Ok(out)
    }
}

fn account_of(conn: &Connection, doc: &DocNumber) -> Result<i64, LedgerError> {
    Ok(conn
        .prepare_cached("SELECT account_id FROM supervision_case WHERE doc = ?1")?
        .query_row([doc.as_str()], |r| r.get(0))?)
}

#[allow(clippy::too_many_arguments)]
fn place_in_savepoint(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    line: &CaseLine,
    name: &str,
    supervision: Supervision,
    fee: Money,
    now: NaiveDateTime,
    actor: &str,
) -> Result<SupervisionCase, LedgerError> {
    tx.execute_batch("SAVEPOINT place")?;
    let before = audit.clone();
    let placed = place_tx(
        tx,
        audit,
        &line.doc,
        name,
        supervision,
        fee,
        line.event.date,
        now,
        actor,
    );
    if placed.is_ok() {
        tx.execute_batch("RELEASE place")?;
    } else {
        tx.execute_batch("ROLLBACK TO place; RELEASE place")?;
        *audit = before;
    }
    placed
}

/// The (DOC number, name) rows of `sql` whose name holds every word of `text`, at most
/// `limit`. `sql` narrows by its `?1`, a LIKE pattern of the longest word; the other words
/// are checked here.
fn names_matching(
    conn: &rusqlite::Connection,
    sql: &str,
    text: &str,
    limit: usize,
) -> Result<Vec<(String, String)>, LedgerError> {
    let text = crate::domain::text::printable(text).to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let Some(longest) = words.iter().max_by_key(|w| w.chars().count()) else {
        return Ok(Vec::new());
    };
    // LIKE's own wildcards in a typed name are taken literally.
    let pattern = format!(
        "%{}%",
        longest
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([pattern])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let (doc, name): (String, String) = (row.get(0)?, row.get(1)?);
        let lower = name.to_lowercase();
        if words.iter().all(|w| lower.contains(w)) {
            found.push((doc, name));
            if found.len() >= limit {
                break;
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{parse_date, DATE_FORMAT};
    use chrono::{Datelike, NaiveDate};

    /// The digit-by-digit reading gives chrono's answer for every date it writes and for
    /// text it never writes: whatever a case held before, it reads the same.
    #[test]
    fn stored_dates_read_as_chrono_reads_them() {
        let chrono = |t: &str| NaiveDate::parse_from_str(t, DATE_FORMAT).ok();
        let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        while day.year() < 2101 {
            let text = day.format(DATE_FORMAT).to_string();
            assert_eq!(parse_date(&text), Some(day), "{text}");
            day = day.succ_opt().unwrap();
        }
        for text in [
            "2026-02-30",
            "2026-02-29",
            "2024-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-1-5",
            "2026-01-5",
            " 2026-01-05",
            "2026-01-05 ",
            "2026-01-05x",
            "+2026-01-05",
            "12026-01-05",
            "0000-01-01",
            "abcd-ef-gh",
            "2026/01/05",
            "2026-01-0٥",
            "",
        ] {
            assert_eq!(parse_date(text), chrono(text), "{text:?}");
        }
    }
}
