/// What the central server tells the sites (issue 18), one change-log row each, as a site
/// applies it. Every site reads every change and applies what concerns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CentralChange {
    /// A money order taken in at `site`, its number there `local_id`: another site that
    /// takes in the same issuer and serial holds it (`duplicate_elsewhere`).
    Serial {
        issuer_key: String,
        serial_key: String,
        site: String,
        local_id: i64,
    },
    /// `site`'s money order `money_order` was taken in after the same one at `elsewhere`:
    /// that site holds it (`duplicate_elsewhere`), so it is not paid twice.
    DuplicateHold {
        site: String,
        money_order: i64,
        elsewhere: String,
        /// The other copy's number at `elsewhere`.
        elsewhere_id: i64,
    },
    /// The state registered a person, at `site` in `facility`: every site adds them if it
    /// does not have them, and the others know they are elsewhere.
    Person {
        doc: String,
        last_name: String,
        first_name: String,
        language: super::Language,
        site: String,
        facility: String,
    },
    /// The state watches a sender (`kind` `sender`, by sender key) or an inmate (`inmate`,
    /// by DOC number): every site adds it to its watchlist.
    Watch {
        kind: String,
        key: String,
        reason: String,
    },
    /// The state takes its entry for `key` off every site's watchlist (a site's own stays).
    Unwatch {
        kind: String,
        key: String,
        reason: String,
    },
    /// The state moved `doc` to `site`, in `facility`: their account is there from now on.
    Move {
        doc: String,
        site: String,
        facility: String,
    },
    /// The central office added an obligation for `doc`, placed at `site`, which adds it
    /// once (by its `reference`). `percent_bp` none: the site's configured share.
    Obligation {
        reference: String,
        site: String,
        doc: String,
        kind: String,
        amount_cents: i64,
        percent_bp: Option<u32>,
    },
    /// A person's account arrives at `site` from `from_site`, which took it off its books
    /// when it learnt of their move: `trust_cents` (below zero: what they owed there) and
    /// what was left of their obligations. `from_ref` (the old site's audit number) names
    /// it, so it is booked once.
    Arrive {
        site: String,
        doc: String,
        from_site: String,
        from_ref: i64,
        last_name: String,
        first_name: String,
        language: super::Language,
        facility: String,
        trust_cents: i64,
        obligations: Vec<super::MovedObligation>,
    },
}
