use super::{Field, MoneyError};

/// Every reason lockbox refuses a request, in precedence order: when several apply, the
/// first one in this list is the one reported. A refused request writes nothing.
///
/// Only the strings tables turn these into sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rejection {
    // The shape of what was typed.
    DocNumberInvalid,
    SlipNumberMistyped,
    FieldControlCharacter(Field),
    FieldRequired(Field),
    FieldTooLong(Field),
    Amount(MoneyError),
    MoneyOrderDateInFuture,
    // Deposit rules (inmate-deposits.txt).
    PersonalCheckNotAccepted,
    CashNotAccepted,
    AmountOverMoneyOrderLimit,
    InmateNotMatched,
    DuplicateMoneyOrder,
    SlipAlreadyUsed,
    // Holds and returns.
    UnknownUser,
    UserDisabled,
    SupervisorRequired,
    MoneyOrderNotFound,
    NotOnHold,
    // Posting.
    PostingDateInFuture,
    // People and accounts.
    InmateAlreadyExists,
    InmateNotFound,
    UserAlreadyExists,
    PercentOutOfRange,
}
