use chrono::NaiveDate;

use super::{Field, HouseholdError, Money, MoneyError, PinProblem};

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
    /// A date that is not a real day written YYYY-MM-DD.
    DateInvalid,
    // Deposit rules (inmate-deposits.txt).
    PersonalCheckNotAccepted,
    CashNotAccepted,
    AmountOverMoneyOrderLimit,
    InmateNotMatched,
    /// The state moved the inmate to another site: slips for them are made there.
    InmateMovedAway,
    DuplicateMoneyOrder,
    SlipAlreadyUsed,
    // Holds and returns.
    UnknownUser,
    UserDisabled,
    SupervisorRequired,
    /// Four eyes: a supervisor does not release a hold on a money order they took in.
    OwnIntake,
    /// A release that the watchlists or velocity rules stopped once the owner and sender
    /// were verified (they could not look before). The one refusal that writes: the
    /// verification and the new reason are kept, so releasing again releases it.
    HeldByScreening(super::HoldReason),
    /// Four eyes: a supervisor does not decide a waiver they requested.
    OwnRequest,
    MoneyOrderNotFound,
    NotOnHold,
    // Posting.
    PostingDateInFuture,
    /// Before the ledger's first business day: nothing could post then.
    PostingDateTooEarly,
    /// Statements for every inmate are issued only for a month that is over.
    StatementMonthNotOver,
    /// The posting date's month already has its statements issued: it is closed.
    MonthClosedByStatements,
    /// That date is already a holiday, under another name: remove it first to rename it.
    HolidayExists,
    /// A person's date of birth after today.
    BirthDateInFuture,
    /// Another posting is running now (in another process); this one waits its turn.
    PostingRunning,
    // People and accounts.
    InmateAlreadyExists,
    InmateNotFound,
    UserAlreadyExists,
    /// The last supervisor who can sign in is not disabled.
    LastSupervisor,
    /// A name the ledger's own actors use (`system`, `setup`, `cli`, ...).
    ReservedUserName,
    /// A supervisor sets their own password, a clerk's, or one not set yet: never another
    /// supervisor's (they could then act as that supervisor, defeating four eyes).
    OtherSupervisorsPassword,
    PasswordTooShort,
    PercentOutOfRange,
    // Supervision cases and the intervention fee (14 CSR 80-5).
    FeeAboveMaximum,
    FeeNotPositive,
    CaseNotFound,
    CaseAlreadyPlaced,
    EventBeforePlacement,
    EventInFuture,
    CaseTooManyEvents,
    CaseClosed,
    AlreadyInProgram,
    NotInProgram,
    AlreadyConfined,
    NotConfined,
    AlreadyDeparted,
    WaiverEndsBeforeStart,
    WaiverOver90Days,
    WaiverOverFee,
    /// A waiver that would begin before the day it is requested, without a supervisor's
    /// stated reason.
    WaiverStartsBeforeRequest,
    NoWaiverInForce,
    /// A waiver request whose income test fails (or the offender can work but does not).
    WaiverNotEligible,
    /// The offender already has a waiver request waiting for a supervisor.
    WaiverAlreadyRequested,
    /// No waiting waiver request has that number.
    WaiverRequestNotFound,
    /// Nothing is owed yet on the payment's date; payments open on `opens_on`.
    /// Nothing is owed and the case is closed: no payment is taken.
    NothingOwedCaseClosed,
    /// Nothing is owed and no fee is charged now (a program, confinement, another state,
    /// a case type without a fee).
    NothingOwedExempt(crate::domain::Exemption),
    PaymentInAdvance {
        opens_on: NaiveDate,
    },
    /// More than the `owed` amount that may be paid on the payment's date.
    PaymentOverOwed {
        owed: Money,
    },
    FeeMonthInFuture,
    Household(HouseholdError),
    // Offender PINs.
    Pin(PinProblem),
    // Printing.
    PrintJobNotFound,
    // A sender's name and address (slips).
    SenderNameTooShort,
    StreetInvalid,
    CityStateZipInvalid,
    /// Not a number a receipt, slip, statement or voucher of that kind can have.
    DocumentNumberInvalid,
    // Electronic deposits.
    /// A settlement for a day that has not come yet.
    SettlementDateInFuture,
    /// The day was settled before with another total (`stated`).
    AlreadySettled {
        stated: Money,
    },
    AlreadyWatched,
    NotWatched,
    /// A review's decision is not `accepted` nor one of the fixed reasons to reject.
    ReviewDecisionUnknown,
    /// No held deposit waiting for review has that id.
    NotHeldForReview,
    // The machine, not the input.
    /// The ledger could not be read or written (a disk or database failure, or another
    /// process holding it past the busy timeout): nothing was written.
    LedgerUnavailable,
}
