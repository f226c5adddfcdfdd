//! A site's outbox entries applied on the central server, each exactly once.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::{Central, CentralError};
use crate::store::OutboxEntry;

/// What one push did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pushed {
    /// Entries applied now.
    pub applied: usize,
    /// Entries the server had applied already (sent again after a crash before the site
    /// marked them sent): recognised by their content, not applied twice.
    pub resent: usize,
    /// The site's last entry applied centrally, after this push.
    pub high_water: i64,
}

/// A transfer entry's body, as the site's trigger writes it.
#[derive(Debug, serde::Deserialize)]
struct TransferBody {
    id: i64,
    debit: String,
    credit: String,
    amount_cents: i64,
    kind: String,
    business_date: String,
}

/// What the central server reads of an action entry: a money order's intake names its
/// issuer and serial (as the site keys them).
#[derive(Debug, serde::Deserialize)]
struct ActionBody {
    audit_id: Option<i64>,
    action: Option<String>,
    subject: Option<String>,
    /// The action's own detail, as JSON text.
    detail: Option<String>,
    outcome: Option<String>,
    issuer_key: Option<String>,
    serial_key: Option<String>,
}

/// The SHA-256, in hex, of an entry's kind and body as the site sent them.
pub fn content_hash(kind: &str, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(kind.as_bytes());
    h.update(b"\n");
    h.update(body.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Central {
    /// Refuses to work on a central schema other than this lockbox's.
    pub fn ensure_current(&mut self) -> Result<(), CentralError> {
        match self.version()? {
            v if v == super::CENTRAL_SCHEMA_VERSION => Ok(()),
            v if v > super::CENTRAL_SCHEMA_VERSION => Err(CentralError::TooNew {
                found: v,
                supported: super::CENTRAL_SCHEMA_VERSION,
            }),
            0 => Err(CentralError::Server(
                "this database has no lockbox central schema: run `lockbox central init` first"
                    .into(),
            )),
            v => Err(CentralError::Server(format!(
                "the central schema is version {v}, older than this lockbox's ({}): run `lockbox central init`",
                super::CENTRAL_SCHEMA_VERSION
            ))),
        }
    }

    /// Applies `entries` (in order) for `site` in one transaction: each is recorded under
    /// (site, seq), its effect applied, and the site's high-water mark advanced; an entry
    /// recorded before is checked to be the same and skipped. One with other content under
    /// the same key stops the push, applying none of it. A batch takes a handful of round
    /// trips whatever its size (each statement carries the whole batch as arrays).
    pub fn push(&mut self, site: &str, entries: &[OutboxEntry]) -> Result<Pushed, CentralError> {
        let mut tx = self.client.transaction()?;
        tx.execute(
            "INSERT INTO site (id) VALUES ($1) ON CONFLICT (id) DO NOTHING",
            &[&site],
        )?;
        // Two pushes for one site (a service and a `--once` by hand) take turns.
        let mut high_water: i64 = tx
            .query_one(
                "SELECT high_water FROM site WHERE id = $1 FOR UPDATE",
                &[&site],
            )?
            .get(0);
        let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
        let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
        let bodies: Vec<&str> = entries.iter().map(|e| e.body.as_str()).collect();
        let hashes: Vec<String> = entries
            .iter()
            .map(|e| content_hash(&e.kind, &e.body))
            .collect();
        let new: HashSet<i64> = tx
            .query(
                "INSERT INTO outbox_entry (site, seq, kind, body, content_hash)
                 SELECT $1, s, k, b, h
                 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS e (s, k, b, h)
                 ON CONFLICT (site, seq) DO NOTHING
                 RETURNING seq",
                &[&site, &seqs, &kinds, &bodies, &hashes],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut pushed = Pushed::default();
        if new.len() < entries.len() {
            let earlier: Vec<i64> = seqs.iter().copied().filter(|s| !new.contains(s)).collect();
            let stored: HashMap<i64, String> = tx
                .query(
                    "SELECT seq, content_hash FROM outbox_entry WHERE site = $1 AND seq = ANY($2)",
                    &[&site, &earlier],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            for (e, hash) in entries.iter().zip(&hashes) {
                if !new.contains(&e.seq) && stored.get(&e.seq) != Some(hash) {
                    return Err(CentralError::Conflict {
                        site: site.to_string(),
                        seq: e.seq,
                    });
                }
            }
            pushed.resent = earlier.len();
        }
        // A site's entries are numbered without gaps (never deleted, never renumbered), and
        // pushed in order: new ones must follow the last one applied. One that does not
        // means the entries between were marked sent at the site without ever reaching
        // here (the ledger edited behind lockbox's back): refused, none of it applied.
        let mut fresh: Vec<i64> = new.iter().copied().collect();
        fresh.sort_unstable();
        for (expected, seq) in (high_water + 1..).zip(&fresh) {
            if *seq != expected {
                return Err(CentralError::Server(format!(
                    "site {site} sent entry {seq} but this server has its entries only up to {}: entries {expected} to {} were marked sent there without reaching this server; `lockbox sync` sends them again",
                    expected - 1,
                    seq - 1
                )));
            }
        }
        pushed.applied = new.len();
        let mut transfers = Transfers::default();
        let mut serials = Vec::new();
        let mut posted = Vec::new();
        let mut posted_already = Vec::new();
        let mut obligations = Vec::new();
        let mut moved_out = Vec::new();
        for e in entries.iter().filter(|e| new.contains(&e.seq)) {
            match e.kind.as_str() {
                "transfer" => {
                    let t: TransferBody = serde_json::from_str(&e.body).map_err(|err| {
                        CentralError::Server(format!(
                            "outbox entry {} of site {site} is not a transfer: {err}",
                            e.seq
                        ))
                    })?;
                    transfers.push(t);
                }
                "action" => {
                    let a: ActionBody = serde_json::from_str(&e.body).map_err(|err| {
                        CentralError::Server(format!(
                            "outbox entry {} of site {site} is not an action: {err}",
                            e.seq
                        ))
                    })?;
                    let money_order = matches!(
                        a.action.as_deref(),
                        Some("money_order.intake" | "money_order.serial")
                    );
                    let local_id = a
                        .subject
                        .as_deref()
                        .and_then(|s| s.strip_prefix("money_order:"))
                        .and_then(|id| id.parse::<i64>().ok());
                    if let (true, Some(issuer), Some(serial), Some(local_id)) =
                        (money_order, a.issuer_key, a.serial_key, local_id)
                    {
                        serials.push((issuer, serial, local_id));
                    }
                    match (a.action.as_deref(), a.outcome.as_deref(), local_id) {
                        (Some("money_order.hold"), Some("posted_already"), Some(id)) => {
                            posted_already.push(id);
                        }
                        (Some("money_order.post"), _, Some(id)) => posted.push(id),
                        (Some("obligation.add"), _, _) => {
                            obligations
                                .extend(super::moves::obligation_added(&a.subject, &a.detail));
                        }
                        (Some("person.moved_out"), _, _) => {
                            let moved = super::moves::moved_out(a.audit_id, &a.subject, &a.detail)
                                .map_err(|err| {
                                    CentralError::Server(format!(
                                        "outbox entry {} of site {site} sends a person on, unreadably: {err}",
                                        e.seq
                                    ))
                                })?;
                            moved_out.push(moved);
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        if !transfers.ids.is_empty() {
            tx.execute(
                "INSERT INTO transfer (site, local_id, debit, credit, amount_cents, kind, business_date)
                 SELECT $1, i, d, c, a, k, bd::date
                 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[],
                             $7::text[]) AS t (i, d, c, a, k, bd)",
                &[
                    &site,
                    &transfers.ids,
                    &transfers.debits,
                    &transfers.credits,
                    &transfers.amounts,
                    &transfers.kinds,
                    &transfers.dates,
                ],
            )?;
        }
        super::changes::record_serials(&mut tx, site, &serials)?;
        super::changes::posted(&mut tx, site, &posted)?;
        super::moves::record_obligations(&mut tx, site, &obligations)?;
        for moved in &moved_out {
            super::moves::send_on(&mut tx, site, moved)?;
        }
        for local_id in posted_already {
            super::changes::posted_already(&mut tx, site, local_id)?;
        }
        if let Some(last) = seqs.iter().max() {
            high_water = high_water.max(*last);
        }
        tx.execute(
            "UPDATE site SET high_water = $2, last_push = now() WHERE id = $1",
            &[&site, &high_water],
        )?;
        tx.commit()?;
        pushed.high_water = high_water;
        Ok(pushed)
    }
}

/// A batch's transfers, column by column (one array per statement parameter).
#[derive(Default)]
struct Transfers {
    ids: Vec<i64>,
    debits: Vec<String>,
    credits: Vec<String>,
    amounts: Vec<i64>,
    kinds: Vec<String>,
    dates: Vec<String>,
}

impl Transfers {
    fn push(&mut self, t: TransferBody) {
        self.ids.push(t.id);
        self.debits.push(t.debit);
        self.credits.push(t.credit);
        self.amounts.push(t.amount_cents);
        self.kinds.push(t.kind);
        self.dates.push(t.business_date);
    }
}

impl Central {
    /// The last entry of `site` applied centrally (0: none, or no such site yet).
    pub fn high_water(&mut self, site: &str) -> Result<i64, CentralError> {
        Ok(self
            .client
            .query_opt("SELECT high_water FROM site WHERE id = $1", &[&site])?
            .map_or(0, |r| r.get(0)))
    }
}
