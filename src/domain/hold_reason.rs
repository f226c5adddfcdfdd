/// Why a money order taken in was put on hold instead of being made ready to post. Only
/// the first that applies is recorded, in `first_applicable`'s order; this one is the
/// order the console lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    UnknownSlip,
    UnknownInmate,
    NameMismatch,
    SenderNameMissing,
    SenderAddressMissing,
    /// The money order's amount is not the amount on its slip: never posted silently (a
    /// slip for $50.00 must not carry a money order for $900.00 to someone's account).
    AmountDiffersFromSlip,
    /// The velocity rules and watchlists electronic deposits are screened by (DOMAIN.md),
    /// for a money order whose owner and sender are known: the sender or the inmate is on a
    /// watchlist, or the 8-day window spans too many inmates or senders.
    WatchlistSender,
    WatchlistInmate,
    SenderManyInmates,
    InmateManySenders,
    /// The central server found the same money order (issuer and serial) taken in at
    /// another site first (issue 18): it must not be paid twice. (Listed last, as the
    /// rarest; `first_applicable` checks it first.)
    DuplicateElsewhere,
    /// The inmate was moved to another site: their account is there now, and the money
    /// order goes there or back to its sender.
    InmateMoved,
}

impl HoldReason {
    /// The reasons about the money order's owner and sender, checked first.
    pub const OWNER: [HoldReason; 6] = [
        HoldReason::UnknownSlip,
        HoldReason::UnknownInmate,
        HoldReason::NameMismatch,
        HoldReason::SenderNameMissing,
        HoldReason::SenderAddressMissing,
        HoldReason::AmountDiffersFromSlip,
    ];

    pub const ALL: [HoldReason; 12] = [
        HoldReason::UnknownSlip,
        HoldReason::UnknownInmate,
        HoldReason::NameMismatch,
        HoldReason::SenderNameMissing,
        HoldReason::SenderAddressMissing,
        HoldReason::AmountDiffersFromSlip,
        HoldReason::WatchlistSender,
        HoldReason::WatchlistInmate,
        HoldReason::SenderManyInmates,
        HoldReason::InmateManySenders,
        HoldReason::DuplicateElsewhere,
        HoldReason::InmateMoved,
    ];

    /// The stable code stored in the ledger.
    pub fn code(self) -> &'static str {
        match self {
            HoldReason::DuplicateElsewhere => "duplicate_elsewhere",
            HoldReason::InmateMoved => "inmate_moved",
            HoldReason::UnknownSlip => "unknown_slip",
            HoldReason::UnknownInmate => "unknown_inmate",
            HoldReason::NameMismatch => "name_mismatch",
            HoldReason::SenderNameMissing => "sender_name_missing",
            HoldReason::SenderAddressMissing => "sender_address_missing",
            HoldReason::AmountDiffersFromSlip => "amount_differs_from_slip",
            HoldReason::WatchlistSender => "watchlist_sender",
            HoldReason::WatchlistInmate => "watchlist_inmate",
            HoldReason::SenderManyInmates => "sender_many_inmates",
            HoldReason::InmateManySenders => "inmate_many_senders",
        }
    }

    pub fn from_code(code: &str) -> Option<HoldReason> {
        HoldReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What the ledger knows about a money order's owner when deciding whether to hold it.
#[derive(Debug, Clone, Copy, Default)]
pub struct OwnerFacts<'a> {
    /// The central server says this issuer and serial was taken in at another site.
    pub taken_in_elsewhere: bool,
    /// The inmate named was moved to another site.
    pub moved_elsewhere: bool,
    /// False when a slip number was given and no such slip exists.
    pub slip_found: bool,
    /// The last name on file for the DOC number, if the DOC number is known.
    pub last_name_on_file: Option<&'a str>,
    pub inmate_name: Option<&'a str>,
    pub sender_name: Option<&'a str>,
    pub sender_address: Option<&'a str>,
    /// The amount on the slip the money order came with, if it came with one on file.
    pub slip_amount: Option<super::Money>,
    /// The money order's own amount.
    pub amount: super::Money,
    /// What the screening of electronic deposits knows of it, once its owner and sender are
    /// known (`IntakeScreen::default()` before: nothing watched, no window).
    pub screen: IntakeScreen,
}

/// A money order's watchlist and velocity facts (DOMAIN.md, "Electronic deposits"); the
/// ledger gathers them over money orders and electronic deposits alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IntakeScreen {
    pub sender_watched: bool,
    pub inmate_watched: bool,
    /// Distinct inmates this sender's deposits went to in the 8-day window, this one
    /// included.
    pub sender_inmates_8d: usize,
    /// Distinct senders of this inmate's deposits in the 8-day window, this one included.
    pub inmate_senders_8d: usize,
    /// An "always accept this sender for this inmate" rule covers the pair.
    pub pair_allowed: bool,
}

impl HoldReason {
    /// The first hold reason that applies, or `None` when the owner is determined and the
    /// sender is known (the account cannot be funded anonymously).
    pub fn first_applicable(facts: OwnerFacts<'_>) -> Option<HoldReason> {
        if facts.taken_in_elsewhere {
            return Some(HoldReason::DuplicateElsewhere);
        }
        if !facts.slip_found {
            return Some(HoldReason::UnknownSlip);
        }
        let Some(last_name) = facts.last_name_on_file else {
            return Some(HoldReason::UnknownInmate);
        };
        let name_ok = facts
            .inmate_name
            .is_some_and(|typed| super::name_match::last_name_matches(typed, last_name));
        if !name_ok {
            return Some(HoldReason::NameMismatch);
        }
        if facts.moved_elsewhere {
            return Some(HoldReason::InmateMoved);
        }
        if facts.sender_name.is_none() {
            return Some(HoldReason::SenderNameMissing);
        }
        if facts.sender_address.is_none() {
            return Some(HoldReason::SenderAddressMissing);
        }
        if facts.slip_amount.is_some_and(|slip| slip != facts.amount) {
            return Some(HoldReason::AmountDiffersFromSlip);
        }
        facts.screen.first_hold()
    }
}

impl IntakeScreen {
    /// The first watchlist or velocity reason that applies, in `HoldReason::ALL`'s order.
    pub fn first_hold(self) -> Option<HoldReason> {
        let many = super::screening::DISTINCT_MAX_8D;
        if self.sender_watched {
            Some(HoldReason::WatchlistSender)
        } else if self.inmate_watched {
            Some(HoldReason::WatchlistInmate)
        } else if !self.pair_allowed && self.sender_inmates_8d > many {
            Some(HoldReason::SenderManyInmates)
        } else if !self.pair_allowed && self.inmate_senders_8d > many {
            Some(HoldReason::InmateManySenders)
        } else {
            None
        }
    }
}
