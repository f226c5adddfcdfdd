//! A moved person's account follows them (issue 18). The old site, once it learns of the
//! move, takes their trust balance off its books (`move_out`: owed now to the new site, on
//! `liabilities:interfacility:SITE`) and sends on what is left of their obligations; its
//! audit entry, `person.moved_out`, goes to the central server, which tells the new site.
//! The new site books it (`move_in`: owed by the old site) and adds the obligations, once,
//! by the old site's audit number. Between the two sites' books the state's total stays
//! the same: what one owes the other nets to nothing once both have synced.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension, Transaction};

use super::audit::{AuditEntry, AuditWriter};
use super::deposits::insert_transfer;
use super::{timestamp, LedgerError};
use crate::domain::{DocNumber, Language, Money, MovedObligation, ObligationKind};

/// The actor of what the central server decides (see `central_changes`).
const ACTOR: &str = "system";

/// Set by a pull that changed where people are (or brought an account or an obligation),
/// in its own transaction; cleared by `settle_moves`, in its. A sync that fails between
/// the two settles at its next round, whatever that round reads.
pub(crate) const SETTLE_SETTING: &str = "central_settle";

/// The account of what this site and `site` owe each other over moved people: a
/// liability (credit normal), below zero when the other site owes this one.
pub(crate) fn interfacility_account_name(site: &str) -> String {
    format!("liabilities:interfacility:{site}")
}

fn interfacility_account(tx: &Transaction<'_>, site: &str) -> Result<i64, LedgerError> {
    let name = interfacility_account_name(site);
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM account WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))
        .optional()?;
    match found {
        Some(id) => Ok(id),
        None => super::people::insert_account(tx, &name, "credit", None),
    }
}

/// The person's trust account and its balance from the transfers themselves (sealed), not
/// the running totals.
fn trust_of(tx: &Transaction<'_>, doc: &str) -> Result<Option<(i64, i64)>, LedgerError> {
    let account: Option<i64> = tx
        .prepare_cached("SELECT account_id FROM trust_account WHERE doc = ?1")?
        .query_row([doc], |r| r.get(0))
        .optional()?;
    let Some(account) = account else {
        return Ok(None);
    };
    let balance: i64 = tx
        .prepare_cached(
            "SELECT (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer WHERE credit_account = ?1)
                  - (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer WHERE debit_account = ?1)",
        )?
        .query_row([account], |r| r.get(0))?;
    Ok(Some((account, balance)))
}

/// Books `cents` (below zero: the other way round) between the trust account and the
/// interfacility account: `move_out` takes a balance off this site's books, `move_in`
/// puts one on. Nothing for zero.
fn book(
    tx: &Transaction<'_>,
    (trust, interfacility): (i64, i64),
    cents: i64,
    kind: &str,
    now: NaiveDateTime,
) -> Result<Option<i64>, LedgerError> {
    if cents == 0 {
        return Ok(None);
    }
    let outward = (kind == "move_out") == (cents > 0);
    let (debit, credit) = if outward {
        (trust, interfacility)
    } else {
        (interfacility, trust)
    };
    let amount = Money::from_cents(cents.abs());
    insert_transfer(
        tx,
        debit,
        credit,
        amount,
        kind,
        None,
        None,
        now.date(),
        &timestamp(now),
    )
    .map(Some)
}

impl super::Ledger {
    /// Whether a pull changed where people are since the moves were last settled.
    pub fn settle_wanted(&self) -> Result<bool, LedgerError> {
        Ok(super::seal::setting_text(&self.conn, SETTLE_SETTING)?.is_some())
    }

    /// Once a whole pull is applied (every batch of it: a change log read again from its
    /// start replays a move away and back in different batches), by where people are then:
    /// the money orders waiting to be posted for anyone at another site are held
    /// (`inmate_moved`), and the account of anyone at another site who still has a balance
    /// or an obligation owed here is sent on (see `send_one`). In one transaction; nothing
    /// to do writes nothing. Says (money orders held, accounts sent on).
    pub fn settle_moves(&mut self, now: NaiveDateTime) -> Result<(usize, usize), LedgerError> {
        let tx = self.write()?;
        let wanted = tx.execute("DELETE FROM setting WHERE key = ?1", [SETTLE_SETTING])? > 0;
        let at = timestamp(now);
        let waiting: Vec<(i64, String, String)> = tx
            .prepare_cached(
                "SELECT m.id, pe.site, pe.facility FROM money_order m
                 JOIN person_elsewhere pe ON pe.doc = m.doc
                 WHERE m.status = 'ready' ORDER BY m.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        // Who has anything here to send on: a balance (from the running totals, which
        // `check` proves), or an obligation with something still owed.
        let docs: Vec<String> = tx
            .prepare_cached(
                "SELECT pe.doc FROM person_elsewhere pe
                 JOIN trust_account ta ON ta.doc = pe.doc
                 JOIN account a ON a.id = ta.account_id
                 WHERE a.credits_cents <> a.debits_cents
                    OR EXISTS (SELECT 1 FROM obligation o JOIN account oa ON oa.id = o.account_id
                               WHERE o.doc = pe.doc AND oa.credits_cents < o.amount_cents
                                 AND NOT EXISTS (SELECT 1 FROM obligation_moved m
                                                 WHERE m.obligation_id = o.id)
                                 AND NOT (o.kind = 'intervention_fee'
                                          AND EXISTS (SELECT 1 FROM supervision_case c
                                                      WHERE c.doc = o.doc)))
                 ORDER BY pe.doc",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if waiting.is_empty() && docs.is_empty() {
            if wanted {
                tx.commit()?;
            }
            return Ok((0, 0));
        }
        let mut audit = AuditWriter::begin(&tx)?;
        let mut held = 0;
        for (id, site, facility) in waiting {
            let detail = serde_json::json!({
                "reason": crate::domain::HoldReason::InmateMoved.code(),
                "site": site,
                "facility": facility,
            });
            let reason = crate::domain::HoldReason::InmateMoved;
            if super::central_changes::hold(&tx, &mut audit, id, reason, detail, &at)? {
                held += 1;
            }
        }
        let mut sent = 0;
        for doc in &docs {
            sent += usize::from(send_one(&tx, &mut audit, doc, now)?);
        }
        tx.commit()?;
        Ok((held, sent))
    }
}

fn send_one(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    doc: &str,
    now: NaiveDateTime,
) -> Result<bool, LedgerError> {
    let Some((to, facility)) = super::central_changes::moved_elsewhere(tx, doc)? else {
        return Ok(false);
    };
    let Ok(number) = DocNumber::parse(doc) else {
        return Ok(false);
    };
    let Some(person) = super::people::find_person(tx, &number)? else {
        return Ok(false);
    };
    let Some((trust, balance)) = trust_of(tx, doc)? else {
        return Ok(false);
    };
    // What is still owed on each obligation, from the transfers that paid it. (An
    // intervention fee of an offender with a supervision case here stays with the case:
    // the fee desk's books are this site's.)
    let obligations: Vec<MovedObligation> = tx
        .prepare_cached(
            "SELECT id, kind, remaining, percent_bp FROM (
                 SELECT o.id, o.kind, o.percent_bp,
                        o.amount_cents - (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                                          WHERE t.credit_account = o.account_id) AS remaining
                 FROM obligation o
                 WHERE o.doc = ?1
                   AND NOT (o.kind = 'intervention_fee'
                            AND EXISTS (SELECT 1 FROM supervision_case c WHERE c.doc = o.doc))
                   AND NOT EXISTS (SELECT 1 FROM obligation_moved m WHERE m.obligation_id = o.id))
             WHERE remaining > 0 ORDER BY id",
        )?
        .query_map([doc], |r| {
            Ok(MovedObligation {
                id: r.get(0)?,
                kind: r.get(1)?,
                remaining_cents: r.get(2)?,
                percent_bp: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    // A balance below zero goes on only as far as chargebacks explain it (see `check`):
    // one made otherwise stays here, for `check` to say.
    let unexplained = balance < 0
        && tx
            .prepare_cached(&format!(
                "SELECT 1 FROM ({}) WHERE doc = ?1",
                super::check::CHARGEBACKS_OWED_SQL
            ))?
            .exists([doc])?;
    let balance = if unexplained { 0 } else { balance };
    if balance == 0 && obligations.is_empty() {
        return Ok(false);
    }
    let at = timestamp(now);
    let interfacility = interfacility_account(tx, &to)?;
    let transfer = book(tx, (trust, interfacility), balance, "move_out", now)?;
    for o in &obligations {
        tx.prepare_cached(
            "INSERT INTO obligation_moved (obligation_id, site, remaining_cents, moved_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![o.id, to, o.remaining_cents, at])?;
    }
    audit.ok(
        tx,
        &at,
        ACTOR,
        "person.moved_out",
        format!("person:{doc}"),
        serde_json::json!({
            "site": to,
            "facility": facility,
            "trust_cents": balance,
            "transfer": transfer,
            "obligations": obligations,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "language": person.language.code(),
        })
        .to_string(),
    )?;
    Ok(true)
}

/// A person's account sent from another site, as the central server passes it on.
pub(crate) struct Arrival<'a> {
    pub doc: &'a str,
    pub from_site: &'a str,
    pub from_ref: i64,
    pub names: (&'a str, &'a str, Language),
    pub facility: &'a str,
    pub trust_cents: i64,
    pub obligations: &'a [MovedObligation],
}

/// Books an arrival here once (by the old site and its audit number): the person added if
/// this site does not have them, their balance booked `move_in` (owed by the old site),
/// their obligations added for what was left. Says whether it was booked now.
pub(crate) fn arrive(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    arrival: &Arrival<'_>,
    now: NaiveDateTime,
) -> Result<bool, LedgerError> {
    let booked = tx
        .prepare_cached("SELECT 1 FROM person_arrival WHERE from_site = ?1 AND from_ref = ?2")?
        .exists(params![arrival.from_site, arrival.from_ref])?;
    if booked {
        return Ok(false);
    }
    let (doc, known) = super::central_changes::person_of(tx, arrival.doc)?;
    if !known {
        let (last_name, first_name, language) = arrival.names;
        let new = super::NewPerson {
            doc: doc.to_string(),
            last_name: last_name.to_string(),
            first_name: first_name.to_string(),
            facility: super::central_changes::facility_text(arrival.facility),
            birth_date: None,
            language,
        };
        super::people::add_person_tx(tx, audit, &new, now, ACTOR).map_err(|e| {
            LedgerError::Corrupt(format!(
                "the central server sent {doc}'s account, not as a person: {e}"
            ))
        })?;
    }
    let (trust, _) = trust_of(tx, doc.as_str())?.ok_or_else(|| {
        LedgerError::Corrupt(format!("{doc} has no trust account to take their balance"))
    })?;
    let interfacility = interfacility_account(tx, arrival.from_site)?;
    let transfer = book(
        tx,
        (trust, interfacility),
        arrival.trust_cents,
        "move_in",
        now,
    )?;
    let mut added = Vec::new();
    for o in arrival.obligations {
        let kind = ObligationKind::parse(&o.kind)
            .filter(|_| o.remaining_cents > 0 && o.percent_bp <= 10_000)
            .ok_or_else(|| {
                LedgerError::Corrupt(format!(
                    "the central server sent an obligation that is none: {o:?}"
                ))
            })?;
        added.push(super::people::add_obligation_tx(
            tx,
            audit,
            &doc,
            kind,
            Money::from_cents(o.remaining_cents),
            o.percent_bp,
            now,
            ACTOR,
        )?);
    }
    let at = timestamp(now);
    tx.prepare_cached(
        "INSERT INTO person_arrival (from_site, from_ref, doc, trust_cents, transfer_id, arrived_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        arrival.from_site,
        arrival.from_ref,
        doc.as_str(),
        arrival.trust_cents,
        transfer,
        at
    ])?;
    audit.ok(
        tx,
        &at,
        ACTOR,
        "person.arrive",
        format!("person:{doc}"),
        serde_json::json!({
            "from_site": arrival.from_site,
            "from_ref": arrival.from_ref,
            "trust_cents": arrival.trust_cents,
            "transfer": transfer,
            "obligations": added,
        })
        .to_string(),
    )?;
    Ok(true)
}

/// Adds an obligation the central office added for `doc` (its `reference`), once. The
/// share of each deposit is the one given, else this site's configured one. Says whether
/// it was added now. (A person this site does not have is recorded and said in the audit
/// trail, not added: the state registers people before it bills them.)
pub(crate) fn obligation_from_central(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    reference: &str,
    doc: &str,
    (kind, amount_cents, percent_bp): (&str, i64, Option<u32>),
    now: NaiveDateTime,
) -> Result<bool, LedgerError> {
    let done = tx
        .prepare_cached("SELECT 1 FROM obligation_from_central WHERE reference = ?1")?
        .exists([reference])?;
    if done {
        return Ok(false);
    }
    let at = timestamp(now);
    let (number, known) = super::central_changes::person_of(tx, doc)?;
    let kind = ObligationKind::parse(kind)
        .filter(|k| *k != ObligationKind::InterventionFee)
        .ok_or_else(|| {
            LedgerError::Corrupt(format!(
                "the central server sent an obligation of kind {kind:?}"
            ))
        })?;
    let percent_bp = match percent_bp.filter(|bp| *bp <= 10_000) {
        Some(bp) => bp,
        None => super::ledger::obligation_percent_bp_of(tx)?,
    };
    let obligation = if known && amount_cents > 0 {
        Some(super::people::add_obligation_tx(
            tx,
            audit,
            &number,
            kind,
            Money::from_cents(amount_cents),
            percent_bp,
            now,
            ACTOR,
        )?)
    } else {
        audit.append(
            tx,
            &at,
            &AuditEntry {
                actor: ACTOR,
                action: "obligation.add",
                subject: format!("doc:{number}"),
                outcome: "unknown_person",
                detail: serde_json::json!({"reference": reference, "kind": kind.code(),
                                           "amount_cents": amount_cents})
                .to_string(),
            },
        )?;
        None
    };
    tx.prepare_cached(
        "INSERT INTO obligation_from_central (reference, obligation_id, added_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![reference, obligation, at])?;
    Ok(obligation.is_some())
}
