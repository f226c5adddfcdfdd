//! People, their trust accounts and obligations, clerk users, and the holiday calendar.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Transaction};

use super::audit::{AuditEntry, AuditWriter};
use super::{timestamp, Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{
    name_match, text, BusinessCalendar, DocNumber, Field, Language, Money, ObligationKind,
    Rejection,
};

/// A person on file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    pub doc: DocNumber,
    pub last_name: String,
    pub first_name: String,
    pub facility: String,
    pub birth_date: Option<NaiveDate>,
    /// The language their posting receipts and statements are printed in.
    pub language: Language,
}

impl Person {
    /// `RIVERA, Ana`: how names are shown to confirm and printed on receipts.
    pub fn display_name(&self) -> String {
        if self.first_name.is_empty() {
            self.last_name.to_uppercase()
        } else {
            format!("{}, {}", self.last_name.to_uppercase(), self.first_name)
        }
    }
}

/// What a user of the clerk console may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Clerk,
    Supervisor,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        match code {
            "clerk" => Some(Role::Clerk),
            "supervisor" => Some(Role::Supervisor),
            _ => None,
        }
    }
}

/// A clerk-console user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

pub(crate) fn trust_account_name(doc: &DocNumber) -> String {
    format!("liabilities:trust:{doc}")
}

fn obligation_account_name(doc: &DocNumber, kind: ObligationKind, id: i64) -> String {
    format!("liabilities:obligations:{doc}:{}:{id}", kind.code())
}

pub(crate) fn insert_account(
    tx: &Transaction<'_>,
    name: &str,
    normal: &str,
    doc: Option<&str>,
) -> Result<i64, LedgerError> {
    tx.prepare_cached("INSERT INTO account (name, normal, doc) VALUES (?1, ?2, ?3)")?
        .execute(params![name, normal, doc])?;
    Ok(tx.last_insert_rowid())
}

/// A new person as typed at the clerk's desk or given to `lockbox inmate add`.
#[derive(Debug, Clone, Default)]
pub struct NewPerson {
    pub doc: String,
    pub last_name: String,
    pub first_name: String,
    pub facility: String,
    pub birth_date: Option<NaiveDate>,
    /// The language their posting receipts and statements are printed in.
    pub language: Language,
}

impl Ledger {
    /// Adds a person and opens their trust account.
    pub fn add_person(
        &mut self,
        new: &NewPerson,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<Person, LedgerError> {
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let person = add_person_tx(&tx, &mut audit, new, now, actor)?;
        tx.commit()?;
        Ok(person)
    }

    pub fn find_person(&self, doc: &DocNumber) -> Result<Option<Person>, LedgerError> {
        find_person(&self.conn, doc)
    }

    /// The kiosk's check: the DOC number and the last name must both match before anything
    /// about the person is shown. An unknown number and a wrong name give the same answer.
    pub fn match_inmate(&self, doc: &str, typed_name: &str) -> Result<Person, LedgerError> {
        let doc = DocNumber::parse(doc)?;
        match self.find_person(&doc)? {
            Some(p) if name_match::last_name_matches(typed_name, &p.last_name) => Ok(p),
            _ => Err(Rejection::InmateNotMatched.into()),
        }
    }

    /// Adds an obligation (fine, court cost, restitution, intervention fee) to a person.
    pub fn add_obligation(
        &mut self,
        doc: &str,
        kind: ObligationKind,
        amount: &str,
        percent_bp: Option<u32>,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        let doc = DocNumber::parse(doc)?;
        let amount = Money::parse_amount(amount).map_err(Rejection::Amount)?;
        let percent_bp = match percent_bp {
            Some(bp) if bp > 10_000 => return Err(Rejection::PercentOutOfRange.into()),
            Some(bp) => bp,
            None => self.obligation_percent_bp()?,
        };
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let id = add_obligation_tx(&tx, &mut audit, &doc, kind, amount, percent_bp, now, actor)?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds a clerk-console user (no password yet: the console's sign-in sets it).
    pub fn add_user(
        &mut self,
        name: &str,
        role: Role,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<User, LedgerError> {
        let name = text::required(Field::UserName, name)?;
        // The names lockbox's own actors write in the audit trail are no one's account.
        let reserved = [
            "system", "setup", "cli", "sign-in", "access", "kiosk", "import", "assess",
        ];
        if reserved.contains(&name.to_lowercase().as_str()) || name.contains(':') {
            return Err(Rejection::ReservedUserName.into());
        }
        let tx = self.write()?;
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM app_user WHERE name = ?1", [&name], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_some() {
            return Err(Rejection::UserAlreadyExists.into());
        }
        let at = timestamp(now);
        tx.execute(
            "INSERT INTO app_user (name, role, created_at) VALUES (?1, ?2, ?3)",
            params![name, role.code(), at],
        )?;
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &at,
            actor,
            "user.add",
            format!("user:{name}"),
            format!("{{\"role\":\"{}\"}}", role.code()),
        )?;
        tx.commit()?;
        Ok(User {
            name,
            role,
            disabled: false,
        })
    }

    pub fn find_user(&self, name: &str) -> Result<Option<User>, LedgerError> {
        find_user(&self.conn, name)
    }

    /// Disables a user (no sign-in, no action in their name) or enables them again. The
    /// account and its history stay: the audit trail names it.
    pub fn set_user_disabled(
        &mut self,
        name: &str,
        disabled: bool,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        let tx = self.write()?;
        // The last supervisor who can sign in stays: without one, no one could manage the
        // users again.
        if disabled {
            let others: i64 = tx.query_row(
                "SELECT COUNT(*) FROM app_user WHERE role = 'supervisor' AND disabled = 0
                     AND password_hash IS NOT NULL AND name <> ?1",
                [name],
                |r| r.get(0),
            )?;
            let is_supervisor = find_user(&tx, name)?.is_some_and(|u| u.role == Role::Supervisor);
            if is_supervisor && others == 0 {
                return Err(Rejection::LastSupervisor.into());
            }
        }
        let changed = tx.execute(
            "UPDATE app_user SET disabled = ?2 WHERE name = ?1",
            params![name, disabled],
        )?;
        if changed == 0 {
            return Err(Rejection::UnknownUser.into());
        }
        let at = timestamp(now);
        let mut audit = AuditWriter::begin(&tx)?;
        audit.append(
            &tx,
            &at,
            &AuditEntry {
                actor,
                action: if disabled {
                    "user.disable"
                } else {
                    "user.enable"
                },
                subject: format!("user:{name}"),
                outcome: "ok",
                detail: String::new(),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a state holiday: postings on that date post nothing.
    /// Makes `date` a holiday (no posting on it), audited with who did it. Adding a holiday
    /// that exists under the same name changes nothing (and says so: `Ok(false)`); under
    /// another name it is refused, so a holiday is never renamed silently.
    pub fn add_holiday(
        &mut self,
        date: NaiveDate,
        name: &str,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<bool, LedgerError> {
        let name = text::clean(Field::HolidayName, name)?.unwrap_or_else(|| "Holiday".into());
        self.change_holiday(date, now, actor, |tx, day, existing| match existing {
            Some(same) if same == name => Ok(None),
            Some(_) => Err(Rejection::HolidayExists.into()),
            None => {
                tx.execute(
                    "INSERT INTO holiday (date, name) VALUES (?1, ?2)",
                    params![day, name],
                )?;
                Ok(Some(("holiday.add", name.clone())))
            }
        })
    }

    /// Makes `date` a working day again, audited; `Ok(false)` when it was not a holiday.
    pub fn remove_holiday(
        &mut self,
        date: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<bool, LedgerError> {
        self.change_holiday(date, now, actor, |tx, day, existing| match existing {
            None => Ok(None),
            Some(name) => {
                tx.execute("DELETE FROM holiday WHERE date = ?1", [day])?;
                Ok(Some(("holiday.remove", name)))
            }
        })
    }

    /// One holiday change in one transaction with its audit row: `change` sees the holiday's
    /// name as it stands and returns the action and the name it wrote, or `None` when there
    /// was nothing to change (`Ok(false)`).
    fn change_holiday(
        &mut self,
        date: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
        change: impl FnOnce(
            &Transaction<'_>,
            &str,
            Option<String>,
        ) -> Result<Option<(&'static str, String)>, LedgerError>,
    ) -> Result<bool, LedgerError> {
        let day = date.format(DATE_FORMAT).to_string();
        let tx = self.write()?;
        let existing: Option<String> = tx
            .query_row("SELECT name FROM holiday WHERE date = ?1", [&day], |r| {
                r.get(0)
            })
            .optional()?;
        let Some((action, name)) = change(&tx, &day, existing)? else {
            return Ok(false);
        };
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &timestamp(now),
            actor,
            action,
            format!("holiday:{day}"),
            serde_json::json!({ "name": name }).to_string(),
        )?;
        tx.commit()?;
        Ok(true)
    }

    pub fn holidays(&self) -> Result<Vec<(NaiveDate, String)>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare("SELECT date, name FROM holiday ORDER BY date")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (date, name) = row?;
            if let Ok(d) = NaiveDate::parse_from_str(&date, DATE_FORMAT) {
                out.push((d, name));
            }
        }
        Ok(out)
    }

    /// Business days with this ledger's holidays.
    pub fn calendar(&self) -> Result<BusinessCalendar, LedgerError> {
        Ok(BusinessCalendar::new(
            self.holidays()?.into_iter().map(|(d, _)| d),
        ))
    }
}

/// Adds a person inside a caller's transaction (see `Ledger::bulk`).
pub fn add_person_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    new: &NewPerson,
    now: NaiveDateTime,
    actor: &str,
) -> Result<Person, LedgerError> {
    let doc = DocNumber::parse(&new.doc)?;
    let last_name = text::required(Field::LastName, &new.last_name)?;
    let first_name = text::clean(Field::FirstName, &new.first_name)?.unwrap_or_default();
    let facility = text::clean(Field::Facility, &new.facility)?.unwrap_or_default();
    if new.birth_date.is_some_and(|born| born > now.date()) {
        return Err(Rejection::BirthDateInFuture.into());
    }
    let exists: Option<String> = tx
        .prepare_cached("SELECT doc FROM person WHERE doc = ?1")?
        .query_row([doc.as_str()], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Err(Rejection::InmateAlreadyExists.into());
    }
    let at = timestamp(now);
    tx.prepare_cached(
        "INSERT INTO person (doc, last_name, first_name, facility, birth_date, created_at, language)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        doc.as_str(),
        last_name,
        first_name,
        facility,
        new.birth_date.map(|d| d.format(DATE_FORMAT).to_string()),
        at,
        new.language.code()
    ])?;
    let account = insert_account(tx, &trust_account_name(&doc), "credit", Some(doc.as_str()))?;
    tx.prepare_cached(
        "INSERT INTO trust_account (doc, account_id, opened_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![doc.as_str(), account, at])?;
    audit.ok(
        tx,
        &at,
        actor,
        "person.add",
        format!("doc:{doc}"),
        String::new(),
    )?;
    Ok(Person {
        doc,
        last_name,
        first_name,
        facility,
        birth_date: new.birth_date,
        language: new.language,
    })
}

#[allow(clippy::too_many_arguments)]
/// Adds an obligation inside a caller's transaction (see `Ledger::bulk`).
pub fn add_obligation_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    doc: &DocNumber,
    kind: ObligationKind,
    amount: Money,
    percent_bp: u32,
    now: NaiveDateTime,
    actor: &str,
) -> Result<i64, LedgerError> {
    if find_person(tx, doc)?.is_none() {
        return Err(Rejection::InmateNotFound.into());
    }
    let at = timestamp(now);
    let next_id: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM obligation")?
        .query_row([], |r| r.get(0))?;
    let account = insert_account(
        tx,
        &obligation_account_name(doc, kind, next_id),
        "credit",
        Some(doc.as_str()),
    )?;
    tx.prepare_cached(
        "INSERT INTO obligation (id, doc, kind, amount_cents, percent_bp, account_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        next_id,
        doc.as_str(),
        kind.code(),
        amount.cents(),
        percent_bp,
        account,
        at
    ])?;
    audit.append(
        tx,
        &at,
        &AuditEntry {
            actor,
            action: "obligation.add",
            subject: format!("doc:{doc}"),
            outcome: "ok",
            detail: format!(
                "{{\"obligation\":{next_id},\"kind\":\"{}\",\"amount\":\"{amount}\",\"percent_bp\":{percent_bp}}}",
                kind.code()
            ),
        },
    )?;
    Ok(next_id)
}

/// The person with this DOC number, inside any connection or transaction.
pub fn find_person(
    conn: &rusqlite::Connection,
    doc: &DocNumber,
) -> Result<Option<Person>, LedgerError> {
    let row = conn
        .prepare_cached(
            "SELECT last_name, first_name, facility, birth_date, language FROM person WHERE doc = ?1",
        )?
        .query_row([doc.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    Ok(row.map(
        |(last_name, first_name, facility, birth, language)| Person {
            doc: doc.clone(),
            last_name,
            first_name,
            facility,
            birth_date: birth.and_then(|b| NaiveDate::parse_from_str(&b, DATE_FORMAT).ok()),
            language: Language::parse(&language).unwrap_or_default(),
        },
    ))
}

pub(crate) fn find_user(
    conn: &rusqlite::Connection,
    name: &str,
) -> Result<Option<User>, LedgerError> {
    let row = conn
        .prepare_cached("SELECT name, role, disabled FROM app_user WHERE name = ?1")?
        .query_row([name], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .optional()?;
    Ok(row.map(|(name, role, disabled)| User {
        name,
        role: Role::parse(&role).unwrap_or(Role::Clerk),
        disabled,
    }))
}

/// The user behind a money-moving action: known and enabled, and a supervisor when the
/// action needs one.
pub(crate) fn authorize(
    conn: &rusqlite::Connection,
    name: &str,
    needs_supervisor: bool,
) -> Result<User, LedgerError> {
    let user = find_user(conn, name)?.ok_or(Rejection::UnknownUser)?;
    if user.disabled {
        return Err(Rejection::UserDisabled.into());
    }
    if needs_supervisor && user.role != Role::Supervisor {
        return Err(Rejection::SupervisorRequired.into());
    }
    Ok(user)
}
