//! What the central server tells this site (issue 18), applied to the ledger: money orders
//! taken in at other sites, holds for the ones taken in here after them, and people moved.
//! A pull is applied in one transaction with the cursor it reached and its audit entries,
//! so each change is applied once even if the sync is killed half-way.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::audit::{AuditEntry, AuditWriter};
use super::{timestamp, Ledger, LedgerError};
use crate::domain::{CentralChange, CentralCursor, HoldReason};

/// The setting that records how far this site has read the central change log.
const CURSOR_SETTING: &str = "central_cursor";

/// The actor of what the central server decides: the sync service, which runs as the
/// ledger's service account (see `app::access`).
const ACTOR: &str = "system";

/// What one pull changed here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CentralApplied {
    /// Change-log rows read (whether or not they concerned this site).
    pub changes: usize,
    /// Money orders of other sites recorded.
    pub serials: usize,
    /// Money orders of this site put on hold (taken in elsewhere first; or, by
    /// `Ledger::settle_moves`, their inmate moved away).
    pub held: usize,
    /// People moved to or from this site.
    pub moved: usize,
    /// People the state registered that this site did not have (added here).
    pub people: usize,
    /// Watchlist entries of the state's added here, or taken off.
    pub watched: usize,
    /// Moved people's accounts sent on from here, or booked here from their old site.
    pub accounts: usize,
    /// Obligations the central office added for people here.
    pub obligations: usize,
}

impl CentralApplied {
    /// Whether the pull wrote anything here (which then goes out to the central server).
    pub fn changed_anything(&self) -> bool {
        self.serials
            + self.held
            + self.moved
            + self.people
            + self.watched
            + self.accounts
            + self.obligations
            > 0
    }
}

/// Whether the central server said this issuer and serial was taken in at another site.
pub(crate) fn taken_in_elsewhere(
    conn: &Connection,
    issuer_key: &str,
    serial_key: &str,
) -> Result<bool, LedgerError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM serial_elsewhere WHERE issuer_key = ?1 AND serial_key = ?2")?
        .exists([issuer_key, serial_key])?)
}

/// Where the state moved `doc`, if it is not this site: (site, facility).
pub(crate) fn moved_elsewhere(
    conn: &Connection,
    doc: &str,
) -> Result<Option<(String, String)>, LedgerError> {
    Ok(conn
        .prepare_cached("SELECT site, facility FROM person_elsewhere WHERE doc = ?1")?
        .query_row([doc], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn cursor_in(conn: &Connection) -> Result<CentralCursor, LedgerError> {
    match super::seal::setting_text(conn, CURSOR_SETTING)? {
        None => Ok(CentralCursor::default()),
        Some(text) => CentralCursor::parse(&text).ok_or_else(|| {
            LedgerError::Corrupt(format!(
                "the setting {CURSOR_SETTING} is {text:?}, not a change-log position"
            ))
        }),
    }
}

impl Ledger {
    /// Where the state moved `doc` (as typed: `777` is `00000777`), if not to this site:
    /// (site, facility). Not a DOC number: nowhere.
    pub fn moved_elsewhere(&self, doc: &str) -> Result<Option<(String, String)>, LedgerError> {
        match crate::domain::DocNumber::parse(doc) {
            Ok(doc) => moved_elsewhere(&self.conn, doc.as_str()),
            Err(_) => Ok(None),
        }
    }

    /// Starts reading the central change log again from its start (after the central
    /// server was restored or replaced). Applying a change again changes nothing: a money
    /// order is recorded or held once, a move is where the person is.
    pub fn reread_central(&mut self, now: NaiveDateTime) -> Result<(), LedgerError> {
        let tx = self.write()?;
        let was = cursor_in(&tx)?;
        tx.execute("DELETE FROM setting WHERE key = ?1", [CURSOR_SETTING])?;
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &timestamp(now),
            ACTOR,
            "central.reread",
            format!("central:{was}"),
            serde_json::json!({"from": was.to_string()}).to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How far this site has applied the central change log (the start: nothing yet).
    pub fn central_cursor(&self) -> Result<CentralCursor, LedgerError> {
        cursor_in(&self.conn)
    }

    /// Applies `changes` (read after `from`, in order, each with its own position) as site
    /// `site`, in one transaction that also records the position reached. If the ledger
    /// is no longer at `from` (another sync applied them meanwhile), nothing is applied.
    pub fn apply_central(
        &mut self,
        site: &str,
        from: CentralCursor,
        changes: &[(CentralCursor, CentralChange)],
        now: NaiveDateTime,
    ) -> Result<CentralApplied, LedgerError> {
        let mut applied = CentralApplied::default();
        let Some((last, _)) = changes.last() else {
            return Ok(applied);
        };
        let tx = self.write()?;
        if cursor_in(&tx)? != from {
            return Ok(applied);
        }
        let at = timestamp(now);
        let mut audit = AuditWriter::begin(&tx)?;
        for (_, change) in changes {
            applied.changes += 1;
            match change {
                CentralChange::Serial {
                    issuer_key,
                    serial_key,
                    site: there,
                    local_id,
                } if there != site => {
                    applied.serials += tx
                        .prepare_cached(
                            "INSERT INTO serial_elsewhere (issuer_key, serial_key, site, local_id)
                             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                        )?
                        .execute(params![issuer_key, serial_key, there, local_id])?;
                }
                CentralChange::DuplicateHold {
                    site: here,
                    money_order,
                    elsewhere,
                    elsewhere_id,
                } if here == site => {
                    // The other copy is known here from now on: a hold kept for another
                    // reason is held again for this one when released (`resolve_hold_tx`).
                    tx.prepare_cached(
                        "INSERT INTO serial_elsewhere (issuer_key, serial_key, site, local_id)
                         SELECT issuer_key, serial_key, ?2, ?3 FROM money_order WHERE id = ?1
                         ON CONFLICT DO NOTHING",
                    )?
                    .execute(params![money_order, elsewhere, elsewhere_id])?;
                    let detail = serde_json::json!({
                        "reason": HoldReason::DuplicateElsewhere.code(),
                        "elsewhere": elsewhere,
                    });
                    if hold(
                        &tx,
                        &mut audit,
                        *money_order,
                        HoldReason::DuplicateElsewhere,
                        detail,
                        &at,
                    )? {
                        applied.held += 1;
                    }
                }
                CentralChange::Person {
                    doc,
                    last_name,
                    first_name,
                    language,
                    site: at_site,
                    facility,
                } => {
                    let added = add_person(
                        &tx,
                        &mut audit,
                        doc,
                        (last_name, first_name, *language),
                        facility,
                        now,
                    )?;
                    applied.people += usize::from(added);
                    if move_person(&tx, &mut audit, site, doc, at_site, facility, &at)?.is_some() {
                        // A person this site had, now placed elsewhere (or back): a move.
                        applied.moved += usize::from(!added);
                    }
                }
                CentralChange::Unwatch { kind, key, reason } => {
                    applied.watched += unwatch(&tx, &mut audit, kind, key, reason, &at)?;
                }
                CentralChange::Watch { kind, key, reason } => {
                    applied.watched += usize::from(watch(&tx, &mut audit, kind, key, reason, &at)?);
                }
                CentralChange::Move {
                    doc,
                    site: to,
                    facility,
                } => {
                    let moved = move_person(&tx, &mut audit, site, doc, to, facility, &at)?;
                    applied.moved += usize::from(moved.is_some());
                }
                CentralChange::Obligation {
                    reference,
                    site: at_site,
                    doc,
                    kind,
                    amount_cents,
                    percent_bp,
                } if at_site == site => {
                    let added = super::central_moves::obligation_from_central(
                        &tx,
                        &mut audit,
                        reference,
                        doc,
                        (kind, *amount_cents, *percent_bp),
                        now,
                    )?;
                    // Moved on meanwhile: `settle_moves` sends it on with them.
                    applied.obligations += usize::from(added);
                }
                CentralChange::Arrive {
                    site: to,
                    doc,
                    from_site,
                    from_ref,
                    last_name,
                    first_name,
                    language,
                    facility,
                    trust_cents,
                    obligations,
                } if to == site => {
                    let arrival = super::central_moves::Arrival {
                        doc,
                        from_site,
                        from_ref: *from_ref,
                        names: (last_name, first_name, *language),
                        facility,
                        trust_cents: *trust_cents,
                        obligations,
                    };
                    // Moved on again meanwhile: `settle_moves` sends it on.
                    if super::central_moves::arrive(&tx, &mut audit, &arrival, now)? {
                        applied.accounts += 1;
                    }
                }
                _ => {}
            }
        }
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![CURSOR_SETTING, last.to_string()],
        )?;
        // Where people are changed, or an account or obligation came: the moves are
        // settled once the whole pull is applied (`Ledger::settle_moves`), whenever that is.
        if applied.moved + applied.people + applied.accounts + applied.obligations > 0 {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, '1')
                 ON CONFLICT (key) DO NOTHING",
                [super::central_moves::SETTLE_SETTING],
            )?;
        }
        // Changes for other sites only move the cursor: no entry (which would go out to the
        // central server in turn) for what changed nothing here.
        if !applied.changed_anything() {
            tx.commit()?;
            return Ok(applied);
        }
        audit.ok(
            &tx,
            &at,
            ACTOR,
            "central.pull",
            format!("central:{last}"),
            serde_json::json!({
                "from": from.to_string(),
                "to": last.to_string(),
                "changes": applied.changes,
                "serials": applied.serials,
                "held": applied.held,
                "moved": applied.moved,
                "people": applied.people,
                "watched": applied.watched,
                "accounts": applied.accounts,
                "obligations": applied.obligations,
            })
            .to_string(),
        )?;
        tx.commit()?;
        Ok(applied)
    }
}

/// Puts money order `id` on hold for `reason` if it waits to be posted. One on hold already
/// keeps its reason (a release rescreens it: see `resolve_hold_tx`); one a supervisor
/// released from a hold for this same reason stays released (they have seen it); one
/// posted or returned already is only recorded (the central server tells the other site
/// about a posted one). Says whether the money order was put on hold now.
pub(crate) fn hold(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    id: i64,
    reason: HoldReason,
    detail: serde_json::Value,
    at: &str,
) -> Result<bool, LedgerError> {
    let found: Option<(String, Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT m.status, h.reason, h.resolution FROM money_order m
             LEFT JOIN hold h ON h.money_order_id = m.id
             WHERE m.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let found = found
        .as_ref()
        .map(|(s, r, done)| (s.as_str(), r.as_deref(), done.as_deref()));
    let outcome = match found {
        None => "unknown",
        Some((_, Some(was), None)) if was == reason.code() => return Ok(false),
        // (A hold for a move released when the person came back is held again when they
        // are moved away again: no supervisor can release one while they are away.)
        Some(("ready", Some(was), Some("released")))
            if was == reason.code() && reason != HoldReason::InmateMoved =>
        {
            "released_before"
        }
        Some(("ready", _, _)) => {
            tx.prepare_cached(
                "UPDATE money_order SET status = 'held', ready_at = NULL
                 WHERE id = ?1 AND status = 'ready'",
            )?
            .execute([id])?;
            // A hold released before leaves its row (one per money order): it is opened
            // again with the new reason; the audit trail keeps the first.
            tx.prepare_cached(
                "INSERT INTO hold (money_order_id, reason, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (money_order_id) DO UPDATE SET reason = excluded.reason,
                     created_at = excluded.created_at, resolution = NULL, resolved_at = NULL,
                     resolved_by = NULL, note = NULL",
            )?
            .execute(params![id, reason.code(), at])?;
            "held"
        }
        Some(("held", _, _)) => "held_already",
        Some(("posted", _, _)) => "posted_already",
        Some(_) => "returned_already",
    };
    audit.append(
        tx,
        at,
        &AuditEntry {
            actor: ACTOR,
            action: "money_order.hold",
            subject: format!("money_order:{id}"),
            outcome,
            detail: detail.to_string(),
        },
    )?;
    Ok(outcome == "held")
}

/// The state moved `doc` to `to` (in `facility`), as site `site` applies it: moved away,
/// the person is recorded elsewhere (even one this site does not have yet, so that adding
/// them later does not make them a customer here); moved here, they are here again. Says
/// the DOC number when anything changed here (nothing does for a change read again). (Their money orders are held once the whole
/// pull is applied, by where they are then: see `Ledger::settle_moves`.)
fn move_person(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    site: &str,
    doc: &str,
    to: &str,
    facility: &str,
    at: &str,
) -> Result<Option<String>, LedgerError> {
    let (doc, known) = person_of(tx, doc)?;
    let doc = doc.as_str();
    let facility = facility_text(facility);
    let mut changed = 0;
    if known {
        changed += tx
            .prepare_cached("UPDATE person SET facility = ?2 WHERE doc = ?1 AND facility <> ?2")?
            .execute(params![doc, facility])?;
    }
    if to == site {
        changed += tx
            .prepare_cached("DELETE FROM person_elsewhere WHERE doc = ?1")?
            .execute([doc])?;
    } else {
        changed += tx
            .prepare_cached(
                "INSERT INTO person_elsewhere (doc, site, facility, moved_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (doc) DO UPDATE SET site = excluded.site,
                     facility = excluded.facility, moved_at = excluded.moved_at
                 WHERE person_elsewhere.site <> excluded.site
                    OR person_elsewhere.facility <> excluded.facility",
            )?
            .execute(params![doc, to, facility, at])?;
    }
    // Where they were already (a change read again): nothing to record.
    if changed == 0 {
        return Ok(None);
    }
    audit.ok(
        tx,
        at,
        ACTOR,
        "person.move",
        format!("person:{doc}"),
        serde_json::json!({"site": to, "facility": facility}).to_string(),
    )?;
    Ok(Some(doc.to_string()))
}

/// A DOC number the central server sent, and whether this site has that person. (The
/// server checks its DOC numbers: one that is not is a fault, said, not skipped.)
pub(crate) fn person_of(
    tx: &Transaction<'_>,
    doc: &str,
) -> Result<(crate::domain::DocNumber, bool), LedgerError> {
    let doc = crate::domain::DocNumber::parse(doc).map_err(|_| {
        LedgerError::Corrupt(format!("the central server sent {doc:?} as a DOC number"))
    })?;
    let known = tx
        .prepare_cached("SELECT 1 FROM person WHERE doc = ?1")?
        .exists([doc.as_str()])?;
    Ok((doc, known))
}

/// A facility's name as the site stores it: printable, at most 60 characters.
pub(crate) fn facility_text(facility: &str) -> String {
    crate::domain::text::printable(facility)
        .chars()
        .take(60)
        .collect()
}

/// Adds a person the state registered, if this site does not have them; one it has takes
/// the state's spelling of their names (a correction must reach every kiosk). Says whether
/// they were added.
fn add_person(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    doc: &str,
    (last_name, first_name, language): (&str, &str, crate::domain::Language),
    facility: &str,
    now: NaiveDateTime,
) -> Result<bool, LedgerError> {
    let (doc, known) = person_of(tx, doc)?;
    let doc = doc.as_str();
    if known {
        let renamed = tx
            .prepare_cached(
                "UPDATE person SET last_name = ?2, first_name = ?3
                 WHERE doc = ?1 AND (last_name <> ?2 OR first_name <> ?3)",
            )?
            .execute(params![doc, last_name, first_name])?;
        if renamed > 0 {
            audit.ok(
                tx,
                &timestamp(now),
                ACTOR,
                "person.rename",
                format!("person:{doc}"),
                serde_json::json!({"last_name": last_name, "first_name": first_name, "by": "central"})
                    .to_string(),
            )?;
        }
        return Ok(false);
    }
    let new = super::NewPerson {
        doc: doc.to_string(),
        last_name: last_name.to_string(),
        first_name: first_name.to_string(),
        facility: facility_text(facility),
        birth_date: None,
        language,
    };
    super::people::add_person_tx(tx, audit, &new, now, ACTOR).map_err(|e| {
        LedgerError::Corrupt(format!(
            "the central server registered {doc}, not as a person: {e}"
        ))
    })?;
    Ok(true)
}

/// Adds the state's watchlist entry unless the same is on this site's list already. Says
/// whether it was added.
fn watch(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    kind: &str,
    key: &str,
    reason: &str,
    at: &str,
) -> Result<bool, LedgerError> {
    if !matches!(kind, "sender" | "inmate") {
        return Err(LedgerError::Corrupt(format!(
            "the central server watches a {kind:?}, which this lockbox does not know"
        )));
    }
    let watched = tx
        .prepare_cached(
            "SELECT 1 FROM watchlist WHERE kind = ?1 AND key = ?2 AND removed_at IS NULL",
        )?
        .exists(params![kind, key])?;
    if watched {
        return Ok(false);
    }
    // As the site's own list takes it (1 to 500 characters): a reason it could not store
    // must not stop the pull.
    let reason: String = crate::domain::text::printable(reason)
        .chars()
        .take(500)
        .collect();
    let reason = if reason.trim().is_empty() {
        "central".to_string()
    } else {
        reason
    };
    tx.prepare_cached(
        "INSERT INTO watchlist (kind, key, reason, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![kind, key, reason, at, ACTOR])?;
    let id = tx.last_insert_rowid();
    audit.ok(
        tx,
        at,
        ACTOR,
        "watch.add",
        format!("{kind}:{key}"),
        serde_json::json!({"id": id, "reason": reason, "by": "central"}).to_string(),
    )?;
    Ok(true)
}

/// Takes the state's entry for `key` off this site's watchlist (one this site's own
/// supervisor added stays). Says how many were taken off (0 or 1).
fn unwatch(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    kind: &str,
    key: &str,
    reason: &str,
    at: &str,
) -> Result<usize, LedgerError> {
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM watchlist
             WHERE kind = ?1 AND key = ?2 AND removed_at IS NULL AND added_by = ?3",
        )?
        .query_row(params![kind, key, ACTOR], |r| r.get(0))
        .optional()?;
    let Some(id) = id else {
        return Ok(0);
    };
    tx.prepare_cached("UPDATE watchlist SET removed_at = ?2, removed_by = ?3 WHERE id = ?1")?
        .execute(params![id, at, ACTOR])?;
    audit.ok(
        tx,
        at,
        ACTOR,
        "watch.remove",
        format!("{kind}:{key}"),
        serde_json::json!({"id": id, "reason": crate::domain::text::printable(reason), "by": "central"})
            .to_string(),
    )?;
    Ok(1)
}
