//! A site's outbox entries applied on the central server, each exactly once.

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
    /// the same key stops the push, applying none of it.
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
        let insert = tx.prepare(
            "INSERT INTO outbox_entry (site, seq, kind, body, content_hash)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (site, seq) DO NOTHING",
        )?;
        let earlier =
            tx.prepare("SELECT content_hash FROM outbox_entry WHERE site = $1 AND seq = $2")?;
        let transfer = tx.prepare(
            "INSERT INTO transfer (site, local_id, debit, credit, amount_cents, kind, business_date)
             VALUES ($1, $2, $3, $4, $5, $6, ($7::text)::date)",
        )?;
        let mut pushed = Pushed::default();
        for e in entries {
            let hash = content_hash(&e.kind, &e.body);
            if tx.execute(&insert, &[&site, &e.seq, &e.kind, &e.body, &hash])? == 0 {
                let found: String = tx.query_one(&earlier, &[&site, &e.seq])?.get(0);
                if found != hash {
                    return Err(CentralError::Conflict {
                        site: site.to_string(),
                        seq: e.seq,
                    });
                }
                pushed.resent += 1;
            } else {
                pushed.applied += 1;
                if e.kind == "transfer" {
                    let t: TransferBody = serde_json::from_str(&e.body).map_err(|err| {
                        CentralError::Server(format!(
                            "outbox entry {} of site {site} is not a transfer: {err}",
                            e.seq
                        ))
                    })?;
                    tx.execute(
                        &transfer,
                        &[
                            &site,
                            &t.id,
                            &t.debit,
                            &t.credit,
                            &t.amount_cents,
                            &t.kind,
                            &t.business_date,
                        ],
                    )?;
                }
            }
            high_water = high_water.max(e.seq);
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

impl Central {
    /// The last entry of `site` applied centrally (0: none, or no such site yet).
    pub fn high_water(&mut self, site: &str) -> Result<i64, CentralError> {
        Ok(self
            .client
            .query_opt("SELECT high_water FROM site WHERE id = $1", &[&site])?
            .map_or(0, |r| r.get(0)))
    }
}
