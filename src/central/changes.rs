//! What the central server tells the sites: its change log, written as it applies what the
//! sites push (serials taken in, holds for money orders taken in twice) and as the state
//! moves people, and read by each site in order.

use super::{Central, CentralError};
use crate::domain::{CentralChange, CentralCursor};

/// A serial's change-log body.
#[derive(serde::Serialize, serde::Deserialize)]
struct SerialBody {
    issuer_key: String,
    serial_key: String,
    site: String,
    local_id: i64,
}

/// A hold's change-log body.
#[derive(serde::Serialize, serde::Deserialize)]
struct HoldBody {
    site: String,
    money_order: i64,
    reason: String,
    elsewhere: String,
    elsewhere_id: i64,
}

/// A person's change-log body.
#[derive(serde::Serialize, serde::Deserialize)]
struct PersonBody {
    doc: String,
    last_name: String,
    first_name: String,
    language: String,
    site: String,
    facility: String,
}

/// A watchlist entry's change-log body.
#[derive(serde::Serialize, serde::Deserialize)]
struct WatchBody {
    kind: String,
    key: String,
    reason: String,
}

/// A move's change-log body.
#[derive(serde::Serialize, serde::Deserialize)]
struct MoveBody {
    doc: String,
    site: String,
    facility: String,
}

/// Records money orders of `site` as taken in (issuer key, serial key, its number
/// there), inside a push's transaction: the first site to push an issuer and serial owns
/// it, and every site learns it; a later one from another site is a clash, and its site is
/// told to hold it. New ones take one statement for the whole batch.
pub(super) fn record_serials(
    tx: &mut postgres::Transaction<'_>,
    site: &str,
    serials: &[(String, String, i64)],
) -> Result<(), CentralError> {
    if serials.is_empty() {
        return Ok(());
    }
    // Taken, and told to every site, in one statement.
    // In key order, so that two sites pushing the same serials lock them in the same order.
    let mut serials = serials.to_vec();
    serials.sort();
    let serials = &serials[..];
    let issuers: Vec<&str> = serials.iter().map(|s| s.0.as_str()).collect();
    let numbers: Vec<&str> = serials.iter().map(|s| s.1.as_str()).collect();
    let ids: Vec<i64> = serials.iter().map(|s| s.2).collect();
    let new: std::collections::HashSet<(String, String)> = tx
        .query(
            "WITH taken AS (
                 INSERT INTO money_order_serial (issuer_key, serial_key, site, local_id)
                 SELECT i, s, $1, l FROM unnest($2::text[], $3::text[], $4::bigint[]) AS x (i, s, l)
                 ON CONFLICT DO NOTHING
                 RETURNING issuer_key, serial_key, local_id
             ), told AS (
                 INSERT INTO change_log (kind, body)
                 SELECT 'serial', jsonb_build_object('issuer_key', issuer_key,
                            'serial_key', serial_key, 'site', $1::text, 'local_id', local_id)
                 FROM taken ORDER BY local_id
             )
             SELECT issuer_key, serial_key FROM taken",
            &[&site, &issuers, &numbers, &ids],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (issuer_key, serial_key, local_id) in serials {
        if new.contains(&(issuer_key.clone(), serial_key.clone())) {
            continue;
        }
        let first = tx.query_one(
            "SELECT site, local_id FROM money_order_serial WHERE issuer_key = $1 AND serial_key = $2",
            &[issuer_key, serial_key],
        )?;
        let (first_site, first_id): (String, i64) = (first.get(0), first.get(1));
        if first_site == site && first_id == *local_id {
            // The same money order said twice (its intake, and the history sent at upgrade).
            continue;
        }
        let clash = tx.execute(
            "INSERT INTO serial_clash (site, local_id, issuer_key, serial_key, first_site, first_local_id)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            &[&site, local_id, issuer_key, serial_key, &first_site, &first_id],
        )?;
        if clash == 1 {
            let body = HoldBody {
                site: site.to_string(),
                money_order: *local_id,
                reason: "duplicate_elsewhere".to_string(),
                elsewhere: first_site,
                elsewhere_id: first_id,
            };
            log(tx, "hold", &body)?;
        }
    }
    Ok(())
}

/// `site` says its money order `local_id` could not be held for a clash because it was
/// posted already: the first site's copy is held instead (if it has posted too, the report
/// counts the money order paid twice). Inside a push's transaction.
pub(super) fn posted_already(
    tx: &mut postgres::Transaction<'_>,
    site: &str,
    local_id: i64,
) -> Result<(), CentralError> {
    let later = tx.query_opt(
        "SELECT first_site, first_local_id FROM serial_clash WHERE site = $1 AND local_id = $2",
        &[&site, &local_id],
    )?;
    if let Some(row) = later {
        let body = HoldBody {
            site: row.get(0),
            money_order: row.get(1),
            reason: "duplicate_elsewhere".to_string(),
            elsewhere: site.to_string(),
            elsewhere_id: local_id,
        };
        log(tx, "hold", &body)?;
    }
    Ok(())
}

/// `site` posted its money orders `local_ids`: recorded whatever order the entries come in
/// (a ledger's history sends its postings before its serials). Inside a push's
/// transaction.
pub(super) fn posted(
    tx: &mut postgres::Transaction<'_>,
    site: &str,
    local_ids: &[i64],
) -> Result<(), CentralError> {
    if local_ids.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO money_order_post (site, local_id) SELECT $1, unnest($2::bigint[])
         ON CONFLICT DO NOTHING",
        &[&site, &local_ids],
    )?;
    Ok(())
}

/// Records where `doc` is (`site`, which must have synced once, in `facility`).
fn locate(
    tx: &mut postgres::Transaction<'_>,
    doc: &str,
    site: &str,
    facility: &str,
) -> Result<(), CentralError> {
    let known = tx
        .query_opt("SELECT 1 FROM site WHERE id = $1", &[&site])?
        .is_some();
    if !known {
        return Err(CentralError::Server(format!(
            "no site {site:?} has synced with this server: check the site id"
        )));
    }
    tx.execute(
        "INSERT INTO person_location (doc, site, facility) VALUES ($1, $2, $3)
         ON CONFLICT (doc) DO UPDATE SET site = excluded.site,
             facility = excluded.facility, moved_at = now()",
        &[&doc, &site, &facility],
    )?;
    Ok(())
}

pub(super) fn log(
    tx: &mut postgres::Transaction<'_>,
    kind: &str,
    body: &impl serde::Serialize,
) -> Result<(), CentralError> {
    let body = serde_json::to_string(body).map_err(|e| CentralError::Server(e.to_string()))?;
    tx.execute(
        "INSERT INTO change_log (kind, body) VALUES ($1, $2::text::jsonb)",
        &[&kind, &body],
    )?;
    Ok(())
}

impl Central {
    /// Up to `limit` changes after `after`, in order. Only changes of transactions older
    /// than every one still running are read, in (transaction, id) order: a change whose
    /// transaction commits later sorts after everything read now, so it is never skipped.
    pub fn changes(
        &mut self,
        after: CentralCursor,
        limit: i64,
    ) -> Result<Vec<(CentralCursor, CentralChange)>, CentralError> {
        // A site that has read past the server's own transaction numbers is reading another
        // server (restored from a dump, or replaced): its numbers restarted lower, and every
        // change would be passed over in silence. Said instead.
        let next: String = self
            .client
            .query_one("SELECT pg_snapshot_xmax(pg_current_snapshot())::text", &[])?
            .get(0);
        if next.parse::<u64>().is_ok_and(|next| after.xid >= next) {
            return Err(CentralError::Server(format!(
                "this site has read the central change log up to transaction {}, beyond the server's newest ({next}): the central server was restored or replaced; its change log must be read again from the start: `lockbox sync --reread`",
                after.xid
            )));
        }
        // Ordered by the table's `xid` (an xid8), not by the text column of the same name
        // the select list makes, which PostgreSQL would take for it: in text order "1000"
        // sorts before "884", the cursor then passed over everything between, and sites
        // lost moves and serials in silence (found by an outside review).
        let rows = self.client.query(
            "SELECT change_log.xid::text AS xid_text, id, kind, body::text FROM change_log
             WHERE (change_log.xid, id) > ($1::text::xid8, $2)
               AND change_log.xid < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY change_log.xid, id LIMIT $3",
            &[&after.xid.to_string(), &after.id, &limit],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let xid: String = r.get(0);
            let id: i64 = r.get(1);
            let kind: String = r.get(2);
            let body: String = r.get(3);
            let bad = |e: serde_json::Error| {
                CentralError::Server(format!("change {id} ({kind}) is not understood: {e}"))
            };
            let change = match kind.as_str() {
                "serial" => {
                    let b: SerialBody = serde_json::from_str(&body).map_err(bad)?;
                    CentralChange::Serial {
                        issuer_key: b.issuer_key,
                        serial_key: b.serial_key,
                        site: b.site,
                        local_id: b.local_id,
                    }
                }
                "hold" => {
                    let b: HoldBody = serde_json::from_str(&body).map_err(bad)?;
                    CentralChange::DuplicateHold {
                        site: b.site,
                        money_order: b.money_order,
                        elsewhere: b.elsewhere,
                        elsewhere_id: b.elsewhere_id,
                    }
                }
                "person" => {
                    let b: PersonBody = serde_json::from_str(&body).map_err(bad)?;
                    CentralChange::Person {
                        doc: b.doc,
                        last_name: b.last_name,
                        first_name: b.first_name,
                        language: crate::domain::Language::parse(&b.language).unwrap_or_default(),
                        site: b.site,
                        facility: b.facility,
                    }
                }
                "watch" => {
                    let b: WatchBody = serde_json::from_str(&body).map_err(bad)?;
                    CentralChange::Watch {
                        kind: b.kind,
                        key: b.key,
                        reason: b.reason,
                    }
                }
                "unwatch" => {
                    let b: WatchBody = serde_json::from_str(&body).map_err(bad)?;
                    CentralChange::Unwatch {
                        kind: b.kind,
                        key: b.key,
                        reason: b.reason,
                    }
                }
                "move" => {
                    let b: MoveBody = serde_json::from_str(&body).map_err(bad)?;
                    CentralChange::Move {
                        doc: b.doc,
                        site: b.site,
                        facility: b.facility,
                    }
                }
                "obligation" => {
                    let b: super::moves::ObligationBody =
                        serde_json::from_str(&body).map_err(bad)?;
                    b.into_change()
                }
                "arrive" => {
                    let b: super::moves::ArriveBody = serde_json::from_str(&body).map_err(bad)?;
                    b.into_change()
                }
                // A site must not read past what it cannot apply.
                other => {
                    return Err(CentralError::Server(format!(
                        "change {id} is of a kind this lockbox does not know ({other:?}): upgrade lockbox"
                    )))
                }
            };
            let xid = xid.parse().map_err(|_| {
                CentralError::Server(format!("change {id} has no transaction number ({xid})"))
            })?;
            out.push((CentralCursor { xid, id }, change));
        }
        Ok(out)
    }

    /// Registers a person at `site` (in `facility`): recorded, and told to every site.
    /// Registered again at the same site, the names and facility are the new ones; one
    /// placed at another site is refused (that is a move).
    pub fn add_person(
        &mut self,
        doc: &str,
        (last_name, first_name, language): (&str, &str, crate::domain::Language),
        site: &str,
        facility: &str,
    ) -> Result<(), CentralError> {
        self.ensure_current()?;
        let mut tx = self.client.transaction()?;
        // Registered at one site, a person goes to another only by a move (which every site
        // reports as one).
        let placed: Option<String> = tx
            .query_opt(
                "SELECT site FROM person_location WHERE doc = $1 FOR UPDATE",
                &[&doc],
            )?
            .map(|r| r.get(0));
        if let Some(there) = placed.filter(|there| there != site) {
            return Err(CentralError::Server(format!(
                "{doc} is at site {there:?}: move them with `lockbox central move`"
            )));
        }
        locate(&mut tx, doc, site, facility)?;
        let language = language.code();
        tx.execute(
            "INSERT INTO person (doc, last_name, first_name, language) VALUES ($1, $2, $3, $4)
             ON CONFLICT (doc) DO UPDATE SET last_name = excluded.last_name,
                 first_name = excluded.first_name, language = excluded.language",
            &[&doc, &last_name, &first_name, &language],
        )?;
        let body = PersonBody {
            doc: doc.to_string(),
            last_name: last_name.to_string(),
            first_name: first_name.to_string(),
            language: language.to_string(),
            site: site.to_string(),
            facility: facility.to_string(),
        };
        log(&mut tx, "person", &body)?;
        tx.commit()?;
        Ok(())
    }

    /// Puts `key` (a sender key, or a DOC number) on every site's watchlist, or with
    /// `remove` takes the state's entry off them.
    pub fn watch(
        &mut self,
        kind: &str,
        key: &str,
        reason: &str,
        remove: bool,
    ) -> Result<(), CentralError> {
        self.ensure_current()?;
        let mut tx = self.client.transaction()?;
        let body = WatchBody {
            kind: kind.to_string(),
            key: key.to_string(),
            reason: reason.to_string(),
        };
        log(&mut tx, if remove { "unwatch" } else { "watch" }, &body)?;
        tx.commit()?;
        Ok(())
    }

    /// Moves `doc` to `site` (in `facility`): recorded, and told to every site.
    pub fn move_person(
        &mut self,
        doc: &str,
        site: &str,
        facility: &str,
    ) -> Result<(), CentralError> {
        self.ensure_current()?;
        let mut tx = self.client.transaction()?;
        locate(&mut tx, doc, site, facility)?;
        let body = MoveBody {
            doc: doc.to_string(),
            site: site.to_string(),
            facility: facility.to_string(),
        };
        log(&mut tx, "move", &body)?;
        tx.commit()?;
        Ok(())
    }
}
