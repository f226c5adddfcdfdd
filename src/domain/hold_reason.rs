/// Why a money order taken in was put on hold instead of being made ready to post, in
/// precedence order: the first that applies is recorded.
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
}

impl HoldReason {
    pub const ALL: [HoldReason; 6] = [
        HoldReason::UnknownSlip,
        HoldReason::UnknownInmate,
        HoldReason::NameMismatch,
        HoldReason::SenderNameMissing,
        HoldReason::SenderAddressMissing,
        HoldReason::AmountDiffersFromSlip,
    ];

    /// The stable code stored in the ledger.
    pub fn code(self) -> &'static str {
        match self {
            HoldReason::UnknownSlip => "unknown_slip",
            HoldReason::UnknownInmate => "unknown_inmate",
            HoldReason::NameMismatch => "name_mismatch",
            HoldReason::SenderNameMissing => "sender_name_missing",
            HoldReason::SenderAddressMissing => "sender_address_missing",
            HoldReason::AmountDiffersFromSlip => "amount_differs_from_slip",
        }
    }

    pub fn from_code(code: &str) -> Option<HoldReason> {
        HoldReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What the ledger knows about a money order's owner when deciding whether to hold it.
#[derive(Debug, Clone, Copy, Default)]
pub struct OwnerFacts<'a> {
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
}

impl HoldReason {
    /// The first hold reason that applies, or `None` when the owner is determined and the
    /// sender is known (the account cannot be funded anonymously).
    pub fn first_applicable(facts: OwnerFacts<'_>) -> Option<HoldReason> {
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
        if facts.sender_name.is_none() {
            return Some(HoldReason::SenderNameMissing);
        }
        if facts.sender_address.is_none() {
            return Some(HoldReason::SenderAddressMissing);
        }
        if facts.slip_amount.is_some_and(|slip| slip != facts.amount) {
            return Some(HoldReason::AmountDiffersFromSlip);
        }
        None
    }
}
