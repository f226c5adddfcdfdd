//! Supervision cases, their events and the intervention fee in the ledger. The rules are in
//! `domain` (`SupervisionCase`, `FeeAccount`); this file loads cases, records events with
//! their money movements and audit rows, and writes the monthly assessment.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::audit::{AuditEntry, AuditWriter};
use super::people::{add_person_tx, find_person, insert_account};
use super::{timestamp, Ledger, LedgerError, NewPerson, DATE_FORMAT};
use crate::domain::month::{first_of_month, month_label};
use crate::domain::{
    BusinessCalendar, CaseEvent, DatedEvent, DocNumber, EventParts, EventPartsError, FeeAccount,
    FeeInstrument, Money, Program, Rejection, Supervision, SupervisionCase, FEE_DEFAULT,
};

/// Ledger accounts of the fee, fixed by the schema.
const FEE_INCOME_ACCOUNT: i64 = 3;
const FEE_WAIVED_ACCOUNT: i64 = 4;
const FEE_PAYMENTS_ACCOUNT: i64 = 5;

/// The most lines one import may hold.
pub const IMPORT_LINES_MAX: usize = 1_000_000;

/// One line of a case import: an event for a DOC number.
#[derive(Debug, Clone)]
pub struct CaseLine {
    pub line: usize,
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
    /// Offenders the month was already assessed for by an earlier run.
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

fn parse_date(text: &str) -> Option<NaiveDate> {
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
     e.date, e.event, e.program, e.to_date, e.amount_cents, e.instrument";

/// Turns stored rows into cases: rows come ordered by doc, then date, then id.
struct CaseBuilder {
    current: Option<(SupervisionCase, i64)>,
}

type CaseRow = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

fn corrupt(what: &str, doc: &str) -> LedgerError {
    LedgerError::Corrupt(format!("supervision case {doc}: {what}"))
}

impl CaseBuilder {
    /// Feeds one row; returns the previous case when this row starts a new one.
    fn push(&mut self, row: CaseRow) -> Result<Option<(SupervisionCase, i64)>, LedgerError> {
        let (
            doc,
            name,
            supervision,
            placed_on,
            fee,
            account,
            date,
            event,
            program,
            to,
            amount,
            instrument,
        ) = row;
        let same = self
            .current
            .as_ref()
            .is_some_and(|(c, _)| c.doc.as_str() == doc);
        let mut finished = None;
        if !same {
            let doc_number = DocNumber::parse(&doc).map_err(|_| corrupt("DOC number", &doc))?;
            let case = SupervisionCase::place(
                doc_number,
                name,
                Supervision::parse(&supervision).ok_or_else(|| corrupt("supervision", &doc))?,
                Money::from_cents(fee),
                parse_date(&placed_on).ok_or_else(|| corrupt("placement date", &doc))?,
            )
            .map_err(|_| corrupt("fee", &doc))?;
            finished = self.current.replace((case, account));
        }
        if let (Some(date), Some(event)) = (date, event) {
            let date = parse_date(&date).ok_or_else(|| corrupt("event date", &doc))?;
            let parts = EventParts {
                program: program.as_deref().and_then(Program::parse),
                to: to.as_deref().and_then(parse_date),
                amount: amount.map(Money::from_cents),
                instrument: instrument.as_deref().and_then(FeeInstrument::parse),
            };
            let event = CaseEvent::from_parts(&event, parts).map_err(|e| match e {
                EventPartsError::Missing(part) => corrupt(part, &doc),
                EventPartsError::UnknownEvent => corrupt("event", &doc),
            })?;
            if let Some((case, _)) = self.current.as_mut() {
                case.push_trusted(DatedEvent { date, event });
            }
        }
        Ok(finished)
    }
}

/// The case of `doc` with its fee account id, inside any connection or transaction.
pub(crate) fn load_case(
    conn: &Connection,
    doc: &DocNumber,
) -> Result<Option<(SupervisionCase, i64)>, LedgerError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CASE_COLUMNS} FROM supervision_case c
         LEFT JOIN case_event e ON e.doc = c.doc
         WHERE c.doc = ?1 ORDER BY e.date, e.id"
    ))?;
    let mut rows = stmt.query([doc.as_str()])?;
    let mut builder = CaseBuilder { current: None };
    while let Some(row) = rows.next()? {
        builder.push(read_row(row)?)?;
    }
    Ok(builder.current)
}

/// Every case, in DOC-number order, handed to `each` one at a time (100,000 cases never sit
/// in memory together).
fn for_each_case(
    conn: &Connection,
    mut each: impl FnMut(SupervisionCase, i64) -> Result<(), LedgerError>,
) -> Result<usize, LedgerError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CASE_COLUMNS} FROM supervision_case c
         LEFT JOIN case_event e ON e.doc = c.doc
         ORDER BY c.doc, e.date, e.id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut builder = CaseBuilder { current: None };
    let mut count = 0;
    while let Some(row) = rows.next()? {
        if let Some((case, account)) = builder.push(read_row(row)?)? {
            count += 1;
            each(case, account)?;
        }
    }
    if let Some((case, account)) = builder.current.take() {
        count += 1;
        each(case, account)?;
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
    write_event_tx(tx, audit, doc, account, event, now, actor)
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
        let text = crate::domain::text::printable(text).to_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        // The longest word narrows the search in SQL; the others are checked here.
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc, name FROM supervision_case WHERE name LIKE ?1 ESCAPE '\\'
             ORDER BY name, doc",
        )?;
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
        Ok(FeeAccount::compute(&case, as_of, &calendar_of(&self.conn)?))
    }

    /// Records one event for `doc` (placement included) in one transaction with its audit
    /// row; refused events write nothing.
    pub fn record_case_event(
        &mut self,
        doc: &DocNumber,
        event: DatedEvent,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        let line = CaseLine {
            line: 1,
            doc: doc.clone(),
            event,
        };
        match self.import_case_events(&[line], now, actor) {
            Ok(_) => Ok(()),
            Err(ImportError::BadLines(bad)) => Err(bad
                .first()
                .map_or(LedgerError::Corrupt("import".into()), |(_, r)| (*r).into())),
            Err(ImportError::Ledger(e)) => Err(e),
        }
    }

    /// Imports case events all or nothing: every line is checked against the cases as they
    /// stand plus the lines before it; if any is refused, nothing is written and every bad
    /// line is returned with its reason.
    pub fn import_case_events(
        &mut self,
        lines: &[CaseLine],
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<usize, ImportError> {
        let today = now.date();
        let tx = self.write()?;
        let calendar = calendar_of(&tx)?;
        let mut audit = AuditWriter::begin(&tx)?;
        let mut cases: HashMap<DocNumber, Option<(SupervisionCase, i64)>> = HashMap::new();
        let mut bad = Vec::new();
        for line in lines {
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
                Ok(()) => {}
                Err(LedgerError::Rejected(r)) => bad.push((line.line, r)),
                Err(e) => return Err(e.into()),
            }
        }
        if !bad.is_empty() {
            // Dropping the transaction rolls back every line written so far.
            return Err(ImportError::BadLines(bad));
        }
        tx.commit().map_err(LedgerError::from)?;
        Ok(lines.len())
    }

    /// Writes month `month`'s fee to each offender's fee account: the assessed amount, and
    /// the waived part as a second transfer. A month already assessed for an offender is
    /// skipped, so a second run assesses nothing new. One transaction; the month must have
    /// begun.
    pub fn assess_fees(
        &mut self,
        month: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<AssessOutcome, LedgerError> {
        self.assess_fees_with_progress(month, now, actor, &mut |_, _| {})
    }

    /// `assess_fees`, telling `progress` (cases done, cases in all) every 1,000 cases.
    pub fn assess_fees_with_progress(
        &mut self,
        month: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<AssessOutcome, LedgerError> {
        let month = first_of_month(month);
        let today = now.date();
        if month > today {
            return Err(Rejection::FeeMonthInFuture.into());
        }
        let label = month_label(month);
        let tx = self.write()?;
        let calendar = calendar_of(&tx)?;
        let done: HashSet<String> = {
            let mut stmt = tx.prepare("SELECT doc FROM fee_assessment WHERE month = ?1")?;
            let rows = stmt.query_map([&label], |r| r.get::<_, String>(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut audit = AuditWriter::begin(&tx)?;
        let at = timestamp(now);
        let cases: usize = tx
            .query_row("SELECT COUNT(*) FROM supervision_case", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))?;
        let mut seen = 0usize;
        progress(0, cases);
        let mut outcome = AssessOutcome {
            cases: 0,
            assessed: 0,
            assessed_total: Money::ZERO,
            waived_total: Money::ZERO,
            already_assessed: 0,
            nothing_due: 0,
        };
        let mut assessed_cents = 0;
        let mut waived_cents = 0;
        outcome.cases = for_each_case(&tx, |case, account| {
            seen += 1;
            if seen.is_multiple_of(1_000) {
                progress(seen, cases);
            }
            if done.contains(case.doc.as_str()) {
                outcome.already_assessed += 1;
                return Ok(());
            }
            let fee = FeeAccount::compute(&case, today, &calendar);
            let Some(line) = fee.month(month).filter(|m| m.assessed.is_positive()) else {
                outcome.nothing_due += 1;
                return Ok(());
            };
            tx.prepare_cached(
                "INSERT INTO fee_assessment (doc, month, assessed_cents, waived_cents, assessed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                case.doc.as_str(),
                label,
                line.assessed.cents(),
                line.waived.cents(),
                at
            ])?;
            super::deposits::insert_transfer(
                &tx,
                account,
                FEE_INCOME_ACCOUNT,
                line.assessed,
                "fee_assessment",
                None,
                None,
                month,
                &at,
            )?;
            if line.waived.is_positive() {
                super::deposits::insert_transfer(
                    &tx,
                    FEE_WAIVED_ACCOUNT,
                    account,
                    line.waived,
                    "fee_waiver",
                    None,
                    None,
                    month,
                    &at,
                )?;
            }
            audit.append(
                &tx,
                &at,
                &AuditEntry {
                    actor,
                    action: "fee.assess",
                    subject: format!("doc:{}", case.doc),
                    outcome: "ok",
                    detail: format!(
                        "{{\"month\":\"{label}\",\"assessed\":\"{}\",\"waived\":\"{}\"}}",
                        line.assessed, line.waived
                    ),
                },
            )?;
            outcome.assessed += 1;
            assessed_cents += line.assessed.cents();
            waived_cents += line.waived.cents();
            Ok(())
        })?;
        outcome.assessed_total = Money::from_cents(assessed_cents);
        outcome.waived_total = Money::from_cents(waived_cents);
        tx.commit()?;
        Ok(outcome)
    }

    /// Every case with its account as of `as_of`, in DOC-number order (the reports).
    pub fn case_accounts(&self, as_of: NaiveDate) -> Result<Vec<CaseAccount>, LedgerError> {
        let calendar = calendar_of(&self.conn)?;
        let mut out = Vec::new();
        for_each_case(&self.conn, |case, _| {
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
