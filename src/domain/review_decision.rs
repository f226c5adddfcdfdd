//! A supervisor's review of a held electronic deposit: accept it (it posts with the next
//! batch) or reject it for one of a fixed list of reasons (it goes back to the processor).

/// Why a held deposit is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectReason {
    SuspectedFraud,
    SenderUnverified,
    InmateRestricted,
    Policy,
}

impl RejectReason {
    pub const ALL: [RejectReason; 4] = [
        RejectReason::SuspectedFraud,
        RejectReason::SenderUnverified,
        RejectReason::InmateRestricted,
        RejectReason::Policy,
    ];

    /// The name the command line takes and the ledger keeps.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::SuspectedFraud => "suspected_fraud",
            RejectReason::SenderUnverified => "sender_unverified",
            RejectReason::InmateRestricted => "inmate_restricted",
            RejectReason::Policy => "policy",
        }
    }

    pub fn parse(code: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A held deposit has waited too long once this many business days have passed since the
/// processor received it: the review queue marks it urgent.
pub const REVIEW_URGENT_BUSINESS_DAYS: u32 = 3;

/// Whether a held deposit that has waited `business_days` is urgent.
pub fn review_urgent(business_days: u32) -> bool {
    business_days >= REVIEW_URGENT_BUSINESS_DAYS
}
