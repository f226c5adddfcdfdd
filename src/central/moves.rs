//! A moved person's account on the central server (issue 18): the old site's
//! `person.moved_out` entry is passed on to the new site as an `arrive` change, and the
//! state's obligations are recorded as the sites add them and send them on.

use super::CentralError;
use crate::domain::{CentralChange, MovedObligation};

/// What the old site sent on with a person: its `person.moved_out` entry.
#[derive(Debug)]
pub(super) struct MovedOut {
    /// The old site's audit number of the entry (names the arrival once).
    from_ref: i64,
    doc: String,
    detail: MovedOutDetail,
}

/// The detail the old site writes (`store::central_moves::send_one`).
#[derive(Debug, serde::Deserialize)]
struct MovedOutDetail {
    site: String,
    facility: String,
    trust_cents: i64,
    obligations: Vec<MovedObligation>,
    last_name: String,
    first_name: String,
    language: String,
}

/// An arrival's change-log body: the new site books it.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct ArriveBody {
    site: String,
    doc: String,
    from_site: String,
    from_ref: i64,
    last_name: String,
    first_name: String,
    language: String,
    facility: String,
    trust_cents: i64,
    obligations: Vec<MovedObligation>,
}

impl ArriveBody {
    pub(super) fn into_change(self) -> CentralChange {
        CentralChange::Arrive {
            site: self.site,
            doc: self.doc,
            from_site: self.from_site,
            from_ref: self.from_ref,
            last_name: self.last_name,
            first_name: self.first_name,
            language: crate::domain::Language::parse(&self.language).unwrap_or_default(),
            facility: self.facility,
            trust_cents: self.trust_cents,
            obligations: self.obligations,
        }
    }
}

/// An obligation the central office adds: its change-log body.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct ObligationBody {
    /// A reference of its own (a UUID), by which the site adds it once: a change-log id
    /// is not one (a server restored from a dump gives the same ids to new changes).
    reference: String,
    site: String,
    doc: String,
    kind: String,
    amount_cents: i64,
    percent_bp: Option<u32>,
}

impl ObligationBody {
    pub(super) fn into_change(self) -> CentralChange {
        CentralChange::Obligation {
            reference: self.reference,
            site: self.site,
            doc: self.doc,
            kind: self.kind,
            amount_cents: self.amount_cents,
            percent_bp: self.percent_bp,
        }
    }
}

impl super::Central {
    /// Adds an obligation for `doc`, whom the state registered: the site they are at adds
    /// it at its next sync. Says that site.
    pub fn add_obligation(
        &mut self,
        doc: &str,
        kind: crate::domain::ObligationKind,
        amount_cents: i64,
        percent_bp: Option<u32>,
    ) -> Result<String, CentralError> {
        self.ensure_current()?;
        let mut tx = self.client.transaction()?;
        // The person's registration is in the change log before this: the site has them.
        let placed = tx.query_opt(
            "SELECT l.site FROM person p JOIN person_location l USING (doc)
             WHERE p.doc = $1 FOR SHARE OF l",
            &[&doc],
        )?;
        let Some(site) = placed.map(|r| r.get::<_, String>(0)) else {
            return Err(CentralError::Server(format!(
                "{doc} is not registered with the state: register them first with `lockbox central person`"
            )));
        };
        let reference: String = tx.query_one("SELECT gen_random_uuid()::text", &[])?.get(0);
        let body = ObligationBody {
            reference,
            site: site.clone(),
            doc: doc.to_string(),
            kind: kind.code().to_string(),
            amount_cents,
            percent_bp,
        };
        super::changes::log(&mut tx, "obligation", &body)?;
        tx.commit()?;
        Ok(site)
    }
}

/// An obligation a site added: (its number there, DOC number, kind, amount in cents).
pub(super) type ObligationAdded = (i64, String, String, i64);

/// The obligation an `obligation.add` entry names, if it reads as one.
pub(super) fn obligation_added(
    subject: &Option<String>,
    detail: &Option<String>,
) -> Option<ObligationAdded> {
    #[derive(serde::Deserialize)]
    struct Detail {
        obligation: i64,
        kind: String,
        amount: String,
    }
    let doc = subject.as_deref()?.strip_prefix("doc:")?;
    let d: Detail = serde_json::from_str(detail.as_deref()?).ok()?;
    let cents = crate::domain::Money::parse_amount(&d.amount).ok()?.cents();
    Some((d.obligation, doc.to_string(), d.kind, cents))
}

/// Reads a `person.moved_out` entry.
pub(super) fn moved_out(
    audit_id: Option<i64>,
    subject: &Option<String>,
    detail: &Option<String>,
) -> Result<MovedOut, String> {
    let from_ref = audit_id.ok_or("no audit number")?;
    let doc = subject
        .as_deref()
        .and_then(|s| s.strip_prefix("person:"))
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .ok_or("no DOC number")?
        .to_string();
    let detail: MovedOutDetail =
        serde_json::from_str(detail.as_deref().ok_or("no detail")?).map_err(|e| e.to_string())?;
    Ok(MovedOut {
        from_ref,
        doc,
        detail,
    })
}

/// Records the obligations `site` added, inside a push's transaction.
pub(super) fn record_obligations(
    tx: &mut postgres::Transaction<'_>,
    site: &str,
    added: &[ObligationAdded],
) -> Result<(), CentralError> {
    if added.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = added.iter().map(|o| o.0).collect();
    let docs: Vec<&str> = added.iter().map(|o| o.1.as_str()).collect();
    let kinds: Vec<&str> = added.iter().map(|o| o.2.as_str()).collect();
    let cents: Vec<i64> = added.iter().map(|o| o.3).collect();
    tx.execute(
        "INSERT INTO obligation (site, local_id, doc, kind, amount_cents)
         SELECT $1, i, d, k, c FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[])
             AS o (i, d, k, c)
         ON CONFLICT DO NOTHING",
        &[&site, &ids, &docs, &kinds, &cents],
    )?;
    Ok(())
}

/// Passes a person's account from `site` on to the site it named, inside a push's
/// transaction: its obligations recorded as owed there now, and an `arrive` change. Always
/// the site named, whose interfacility account the old site booked: moved on again since,
/// that site books it and sends it on in turn (each pair of sites' accounts cancel out,
/// and an arrival is known once at the one site that can receive it).
pub(super) fn send_on(
    tx: &mut postgres::Transaction<'_>,
    site: &str,
    moved: &MovedOut,
) -> Result<(), CentralError> {
    let d = &moved.detail;
    let (to, facility) = (d.site.clone(), d.facility.clone());
    for o in &d.obligations {
        tx.execute(
            "INSERT INTO obligation_moved (site, local_id, to_site, remaining_cents)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&site, &o.id, &to, &o.remaining_cents.max(0)],
        )?;
    }
    let body = ArriveBody {
        site: to,
        doc: moved.doc.clone(),
        from_site: site.to_string(),
        from_ref: moved.from_ref,
        last_name: d.last_name.clone(),
        first_name: d.first_name.clone(),
        language: d.language.clone(),
        facility,
        trust_cents: d.trust_cents,
        obligations: d.obligations.clone(),
    };
    super::changes::log(tx, "arrive", &body)
}
