//! The statewide books: each site's as pushed, and their sum.

use super::{Central, CentralError};

/// The prefix of an inmate's trust account, at every site.
const TRUST_PREFIX: &str = "liabilities:trust:";
/// An offender's intervention fees receivable.
const FEES_PREFIX: &str = "assets:receivable:fees:";
/// What was paid on an inmate's obligations (an intervention fee's is the fees').
const OBLIGATIONS_PREFIX: &str = "liabilities:obligations:";
/// What one site owes another over moved people (below zero: is owed).
const INTERFACILITY_PREFIX: &str = "liabilities:interfacility:";

/// One site's books on the central server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SiteBooks {
    pub site: String,
    /// What the site's inmates' trust accounts hold, in cents (credits less debits).
    pub trust_cents: i64,
    /// Its transfers applied centrally.
    pub transfers: i64,
    /// Its last entry applied, and when.
    pub high_water: i64,
    pub last_push: Option<String>,
    /// Its money orders taken in after the same one at another site (held there).
    pub clashes: i64,
    /// What its inmates still owe on their obligations (fines, court costs, restitution),
    /// in cents: as added there, less what was paid, less what was sent on with a moved
    /// person.
    pub obligations_cents: i64,
    /// Its offenders' intervention fees receivable (debits less credits), in cents.
    pub fees_receivable_cents: i64,
    /// What it owes other sites over people moved (credits less debits of
    /// `liabilities:interfacility:*`; below zero: what they owe it). The state's total is
    /// zero once both sides of every move have synced.
    pub interfacility_cents: i64,
}

impl Central {
    /// Money orders posted at more than one site (each counted once): paid twice, for the
    /// central office to recover.
    pub fn paid_twice(&mut self) -> Result<i64, CentralError> {
        Ok(self
            .client
            .query_one(
                "SELECT count(*) FROM (
                     SELECT max((pm.site IS NOT NULL)::int) + count(pc.site) AS copies
                     FROM serial_clash c
                     JOIN money_order_serial m USING (issuer_key, serial_key)
                     LEFT JOIN money_order_post pm ON pm.site = m.site AND pm.local_id = m.local_id
                     LEFT JOIN money_order_post pc ON pc.site = c.site AND pc.local_id = c.local_id
                     GROUP BY c.issuer_key, c.serial_key
                 ) x WHERE copies > 1",
                &[],
            )?
            .get(0))
    }

    /// Every site's books, by site id.
    pub fn report(&mut self) -> Result<Vec<SiteBooks>, CentralError> {
        self.ensure_current()?;
        let like = |prefix: &str| format!("{prefix}%");
        let rows = self.client.query(
            "SELECT s.id,
                    (COALESCE(SUM(t.amount_cents) FILTER (WHERE t.credit LIKE $1), 0)
                     - COALESCE(SUM(t.amount_cents) FILTER (WHERE t.debit LIKE $1), 0))::bigint,
                    COUNT(t.local_id),
                    s.high_water,
                    to_char(s.last_push AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    (SELECT count(*) FROM serial_clash c WHERE c.site = s.id),
                    ((SELECT COALESCE(SUM(o.amount_cents), 0) FROM obligation o
                      WHERE o.site = s.id AND o.kind <> 'intervention_fee')
                     - (SELECT COALESCE(SUM(m.remaining_cents), 0) FROM obligation_moved m
                        JOIN obligation o ON o.site = m.site AND o.local_id = m.local_id
                        WHERE m.site = s.id AND o.kind <> 'intervention_fee')
                     - COALESCE(SUM(t.amount_cents) FILTER (WHERE t.credit LIKE $3
                                AND t.credit NOT LIKE '%:intervention!_fee:%' ESCAPE '!'), 0)
                     + COALESCE(SUM(t.amount_cents) FILTER (WHERE t.debit LIKE $3
                                AND t.debit NOT LIKE '%:intervention!_fee:%' ESCAPE '!'), 0))::bigint,
                    (COALESCE(SUM(t.amount_cents) FILTER (WHERE t.debit LIKE $2), 0)
                     - COALESCE(SUM(t.amount_cents) FILTER (WHERE t.credit LIKE $2), 0))::bigint,
                    (COALESCE(SUM(t.amount_cents) FILTER (WHERE t.credit LIKE $4), 0)
                     - COALESCE(SUM(t.amount_cents) FILTER (WHERE t.debit LIKE $4), 0))::bigint
             FROM site s LEFT JOIN transfer t ON t.site = s.id
             GROUP BY s.id ORDER BY s.id",
            &[
                &like(TRUST_PREFIX),
                &like(FEES_PREFIX),
                &like(OBLIGATIONS_PREFIX),
                &like(INTERFACILITY_PREFIX),
            ],
        )?;
        Ok(rows
            .iter()
            .map(|r| SiteBooks {
                site: r.get(0),
                trust_cents: r.get(1),
                transfers: r.get(2),
                high_water: r.get(3),
                last_push: r.get(4),
                clashes: r.get(5),
                obligations_cents: r.get(6),
                fees_receivable_cents: r.get(7),
                interfacility_cents: r.get(8),
            })
            .collect())
    }
}
