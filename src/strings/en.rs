//! English.

use crate::domain::{
    Field, HoldReason, HouseholdError, MoneyError, NotBusinessDay, PinProblem, Rejection,
};

pub fn field(f: Field) -> &'static str {
    match f {
        Field::InmateName => "inmate name",
        Field::LastName => "last name",
        Field::FirstName => "first name",
        Field::Facility => "facility",
        Field::SenderName => "sender name",
        Field::SenderAddress => "sender address",
        Field::Issuer => "issuer",
        Field::Serial => "serial number",
        Field::Note => "note",
        Field::HolidayName => "holiday's name",
        Field::KioskId => "kiosk id",
        Field::UserName => "user name",
    }
}

pub fn money_error(e: MoneyError) -> &'static str {
    match e {
        MoneyError::Empty => "Enter an amount.",
        MoneyError::TooLong => "That amount is too long.",
        MoneyError::NonAsciiDigit => "Type the amount with the digits 0 to 9.",
        MoneyError::Negative => "The amount cannot be negative.",
        MoneyError::Exponent => "Type the amount in dollars and cents, like 25.00.",
        MoneyError::NotANumber => "That is not an amount. Type dollars and cents, like 25.00.",
        MoneyError::MisplacedComma => "The commas in that amount are in the wrong places.",
        MoneyError::TooManyDecimals => "Use at most two digits for the cents.",
        MoneyError::TooLarge => "That amount is too large.",
        MoneyError::Zero => "The amount must be more than zero.",
    }
}

pub fn rejection(r: Rejection) -> String {
    match r {
        Rejection::DocNumberInvalid => "A DOC number is 1 to 8 digits.".into(),
        Rejection::SlipNumberMistyped => {
            "That slip number is not valid. Check each digit and type it again.".into()
        }
        Rejection::FieldControlCharacter(f) => {
            format!(
                "The {} contains characters that cannot be printed.",
                field(f)
            )
        }
        Rejection::FieldRequired(f) => format!("Enter the {}.", field(f)),
        Rejection::FieldTooLong(f) => format!(
            "The {} is too long (at most {} characters).",
            field(f),
            f.max_chars()
        ),
        Rejection::Amount(e) => money_error(e).into(),
        Rejection::DateInvalid => "Type the date as YYYY-MM-DD, for example 2026-12-01.".into(),
        Rejection::MoneyOrderDateInFuture => "The money order's date is in the future.".into(),
        Rejection::PersonalCheckNotAccepted => {
            "Personal checks are not accepted. Only money orders go in the lock box.".into()
        }
        Rejection::CashNotAccepted => {
            "Cash is not accepted in the lock box. Only money orders.".into()
        }
        Rejection::AmountOverMoneyOrderLimit => {
            "A money order can be at most $999.99. Send several money orders for more.".into()
        }
        Rejection::InmateNotMatched => "The DOC number and the name do not match.".into(),
        Rejection::InmateMovedAway => "This person was moved to another facility: send money to them there.".into(),
        Rejection::DuplicateMoneyOrder => {
            "A money order with this issuer and serial number was already taken in.".into()
        }
        Rejection::SlipAlreadyUsed => {
            "This slip was already matched to another money order.".into()
        }
        Rejection::UnknownUser => "No such user.".into(),
        Rejection::UserDisabled => "This user is disabled.".into(),
        Rejection::SupervisorRequired => "Only a supervisor can do this.".into(),
        Rejection::HeldByScreening(reason) => format!(
            "Not released: with what you verified, it is now on hold because {}. Release it again to release it anyway.",
            hold_reason(reason)
        ),
        Rejection::OwnIntake => {
            "You took this money order in: another supervisor must release it.".into()
        }
        Rejection::OwnRequest => {
            "You requested this waiver: another supervisor must decide it.".into()
        }
        Rejection::MoneyOrderNotFound => "No money order has that number.".into(),
        Rejection::NotOnHold => "That money order is not on hold.".into(),
        Rejection::PostingDateInFuture => "A posting cannot be run for a future date.".into(),
        Rejection::PostingDateTooEarly => {
            "That date is before the ledger's first business day: nothing could post then.".into()
        }
        Rejection::MonthClosedByStatements => {
            "That month's statements are issued, so nothing more posts in it: post these money orders with the next business day's batch.".into()
        }
        Rejection::StatementMonthNotOver => {
            "That month is not over yet: every inmate's statements are issued once it is.".into()
        }
        Rejection::HolidayExists => {
            "That date is already a holiday under another name; nothing was changed.".into()
        }
        Rejection::BirthDateInFuture => "A date of birth cannot be in the future.".into(),
        Rejection::PostingRunning => {
            "A posting is running now; wait for it to finish, then look at the day's batch.".into()
        }
        Rejection::InmateAlreadyExists => {
            "A person with this DOC number is already on file.".into()
        }
        Rejection::InmateNotFound => "No person with this DOC number is on file.".into(),
        Rejection::UserAlreadyExists => "A user with this name already exists.".into(),
        Rejection::LastSupervisor => {
            "This is the last supervisor who can sign in: add another before disabling it.".into()
        }
        Rejection::ReservedUserName => {
            "This name is reserved for lockbox itself (system, setup, cli, kiosk...).".into()
        }
        Rejection::OtherSupervisorsPassword => {
            "A supervisor cannot change another supervisor's password.".into()
        }
        Rejection::PercentOutOfRange => "A percentage is between 0 and 100.".into(),
        Rejection::FeeAboveMaximum => "The monthly fee can be at most $60.00.".into(),
        Rejection::FeeNotPositive => "The monthly fee must be more than zero.".into(),
        Rejection::CaseNotFound => "No supervision case has this DOC number.".into(),
        Rejection::CaseAlreadyPlaced => {
            "This DOC number already has a supervision case.".into()
        }
        Rejection::EventBeforePlacement => {
            "That date is before the offender was placed under supervision.".into()
        }
        Rejection::EventInFuture => "That date is in the future.".into(),
        Rejection::CaseTooManyEvents => "This case holds too many events.".into(),
        Rejection::CaseClosed => "The case was already closed on or before that date.".into(),
        Rejection::AlreadyInProgram => "The offender is already in a program.".into(),
        Rejection::NotInProgram => "The offender is not in a program on that date.".into(),
        Rejection::AlreadyConfined => "The offender is already confined.".into(),
        Rejection::NotConfined => "The offender is not confined on that date.".into(),
        Rejection::AlreadyDeparted => "The offender already left Missouri.".into(),
        Rejection::WaiverStartsBeforeRequest => {
            "A waiver cannot start before the day it is requested; a supervisor can backdate it, stating why.".into()
        }
        Rejection::WaiverEndsBeforeStart => {
            "A waiver cannot end before its effective date.".into()
        }
        Rejection::WaiverOver90Days => {
            "A waiver lasts at most 90 days, counting its first and last day.".into()
        }
        Rejection::WaiverOverFee => {
            "The amount waived must be more than zero and at most the monthly fee.".into()
        }
        Rejection::NoWaiverInForce => "No waiver is in force on that date.".into(),
        Rejection::WaiverNotEligible => {
            "The request does not meet the insufficient-income test, so it cannot be sent.".into()
        }
        Rejection::WaiverAlreadyRequested => {
            "This offender already has a waiver request waiting for a supervisor.".into()
        }
        Rejection::WaiverRequestNotFound => "No waiting waiver request has that number.".into(),
        Rejection::NothingOwedCaseClosed => {
            "Nothing is owed, and the case is closed: no payment is taken.".into()
        }
        Rejection::NothingOwedExempt(e) => format!(
            "Nothing is owed: {}. No payment is taken until a fee is charged again.",
            match e {
                crate::domain::Exemption::Program => "no fee is charged while in a program (CRC, RF, EMP)",
                crate::domain::Exemption::Confinement => "no fee is charged while confined",
                crate::domain::Exemption::Interstate => "supervision moved to another state, so no fee is charged",
                crate::domain::Exemption::CaseType => "this type of case has no fee",
            }
        ),
        Rejection::PaymentInAdvance { opens_on } => format!(
            "Nothing is owed yet: advance payments are not accepted. The next payment can be made from {}.",
            date(opens_on)
        ),
        Rejection::PaymentOverOwed { owed } => format!(
            "That is more than what is owed now (${owed}): advance payments are not accepted."
        ),
        Rejection::FeeMonthInFuture => "That month has not begun yet.".into(),
        Rejection::Household(HouseholdError::NoPersons) => {
            "Count at least one person in the household.".into()
        }
        Rejection::Household(HouseholdError::TooManyPersons) => {
            "That many persons in one household is not possible; check the number.".into()
        }
        Rejection::Pin(p) => pin_problem(p).into(),
        Rejection::PasswordTooShort => "A password is 8 to 128 characters.".into(),
        Rejection::LedgerUnavailable => {
            "The ledger could not be reached, so nothing was written. Try again; if it keeps happening, call the technician.".into()
        }
        Rejection::PrintJobNotFound => "No print job has that number.".into(),
        Rejection::SettlementDateInFuture => "That day has not come yet: a settlement is for a day that has ended.".into(),
        Rejection::AlreadySettled { stated } => format!(
            "That day was settled before, with a total of {}: nothing was recorded. A settlement is recorded once.",
            stated.with_dollar_sign()
        ),
        Rejection::AlreadyWatched => "That sender or inmate is on the watchlist already.".into(),
        Rejection::NotWatched => "No watchlist entry in force has that number.".into(),
        Rejection::ReviewDecisionUnknown => "A held deposit is accepted, or rejected for one of: suspected_fraud, sender_unverified, inmate_restricted, policy.".into(),
        Rejection::NotHeldForReview => "No held deposit waiting for review has that id.".into(),
        Rejection::SenderNameTooShort => "Type your full name: at least two letters.".into(),
        Rejection::StreetInvalid => "Type your street address: a number and a street name.".into(),
        Rejection::CityStateZipInvalid => "Type the city, the two-letter state and the 5-digit ZIP code, like: Jefferson City, MO 65101".into(),
        Rejection::DocumentNumberInvalid => "That is not a number this kind of document has: check it against the paper.".into(),
    }
}

/// A date as people here write it.
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%m/%d/%Y").to_string()
}

pub fn pin_problem(p: PinProblem) -> &'static str {
    match p {
        PinProblem::NotSixDigits => "A PIN is 6 digits.",
        PinProblem::OneDigitRepeated => "A PIN cannot be one digit repeated.",
        PinProblem::Run => "A PIN cannot be a run of digits like 123456.",
        PinProblem::FromDocNumber => "A PIN cannot be made of the DOC number's digits.",
    }
}

pub fn screen_hold(h: crate::domain::ScreenHold) -> &'static str {
    use crate::domain::ScreenHold;
    match h {
        ScreenHold::UnknownInmate => "unknown inmate",
        ScreenHold::WatchlistSender => "sender watched",
        ScreenHold::WatchlistInmate => "inmate watched",
        ScreenHold::SenderManyInmates => "sender: many inmates",
        ScreenHold::InmateManySenders => "inmate: many senders",
        ScreenHold::HighAmount => "high amount",
        ScreenHold::ChargebackOutstanding => "chargeback owed",
        ScreenHold::InmateMoved => "inmate moved to another facility",
    }
}

pub fn hold_reason(r: HoldReason) -> &'static str {
    match r {
        HoldReason::DuplicateElsewhere => "the money order was taken in at another facility first",
        HoldReason::InmateMoved => "the inmate was moved to another facility",
        HoldReason::UnknownSlip => "the slip number is not on file",
        HoldReason::UnknownInmate => "no inmate has this DOC number",
        HoldReason::NameMismatch => "the name does not match the DOC number",
        HoldReason::SenderNameMissing => "the sender's name is missing",
        HoldReason::SenderAddressMissing => "the sender's address is missing",
        HoldReason::AmountDiffersFromSlip => "the amount differs from the slip",
        HoldReason::WatchlistSender => "the sender is on the watchlist",
        HoldReason::WatchlistInmate => "the inmate is on the watchlist",
        HoldReason::SenderManyInmates => "this sender sent to more than 3 inmates in 8 days",
        HoldReason::InmateManySenders => "more than 3 senders sent to this inmate in 8 days",
    }
}

pub fn not_business_day(r: NotBusinessDay) -> &'static str {
    match r {
        NotBusinessDay::Saturday => {
            "it is a Saturday: deposits post once each business day, Monday to Friday"
        }
        NotBusinessDay::Sunday => {
            "it is a Sunday: deposits post once each business day, Monday to Friday"
        }
        NotBusinessDay::Holiday => "it is a state holiday: deposits post on the next business day",
    }
}

pub const PRINT: crate::strings::PrintWords = crate::strings::PrintWords {
    fee_balance: "Balance owed",
    list_delinquent: "DELINQUENT OFFENDERS",
    list_reminders: "REMINDERS DUE",
    list_violations: "VIOLATION REPORTS REQUIRED",
    as_of: "As of",
    offenders: "Offenders",
    months_behind: "Months behind",
    remind_by: "Remind by",
    list_more: "... and {} more (see the console)",
    duplicate: "DUPLICATE",
    deposit_slip: "DEPOSIT SLIP",
    visitor_stub: "VISITOR'S STUB",
    slip_number: "Slip number",
    inmate: "Inmate",
    doc_number: "DOC number",
    facility: "Facility",
    sender: "From",
    address: "Address",
    amount: "Money order amount",
    date: "Date",
    kiosk: "Kiosk",
    attach: "ATTACH THIS SLIP TO YOUR MONEY ORDER",
    lock_box_rules: "Put this slip and the money order together in the lock box. No cash, no personal checks, no personal items: they are not accepted.",
    posts_when: "Funds post with the next business day's batch after the clerk takes the money order in.",
    keep_stub: "Keep this stub. Your money order posts with the next business day's batch; the slip number above finds it.",
    posting_receipt: "DEPOSIT RECEIPT",
    receipt_number: "Receipt number",
    posted_on: "Posted on",
    deposit: "Deposit",
    chargeback: "Chargeback",
    moved_to: "Moved to site {}",
    moved_from: "Moved from site {}",
    balance_moved: "Balance moved",
    less: "Less",
    credited: "Credited to trust account",
    new_balance: "New balance",
    fine: "fine",
    court_cost: "court costs",
    restitution: "restitution",
    intervention_fee: "intervention fee",
    still_owed: "still owed",
    voucher: "INTERVENTION FEE PAYMENT VOUCHER",
    name: "Name",
    months_due: "Months due",
    amount_due: "Amount due",
    pay_by: "Pay by",
    past_due_pay_now: "PAST DUE since {}: pay now",
    send_to: "Send this voucher with a money order or cashier's check (no cash, no personal checks) to:",
    send_to_no_address: "Put this voucher with a money order or cashier's check (no cash, no personal checks) in this lobby's lock box, or mail them to your district office.",
    voucher_code: "Voucher code",
    voucher_rules: "Payments are due on or before the 1st of every month. Write your DOC number on the money order.",
    pin_slip: "YOUR KIOSK PIN",
    your_pin: "PIN",
    pin_private: "Keep this PIN private. Staff will never ask you for it. {} wrong tries lock it for {} minutes.",
    statement: "MONTHLY STATEMENT",
    statement_number: "Statement number",
    month: "Month",
    opening_balance: "Opening balance",
    closing_balance: "Closing balance",
    total_deposits: "Total deposits",
    to_obligations: "To obligations",
    total_to_obligations: "Total to obligations",
    no_transactions: "No deposits posted this month.",
    reconciliation: "END-OF-DAY RECONCILIATION",
    business_day: "Business day",
    lock_opening: "Opening, not yet posted",
    taken_in: "Taken in",
    posted: "Posted by the batch",
    returned: "Returned",
    lock_closing: "Closing, not yet posted",
    batch_recorded: "The batch recorded",
    batch_differs: "UNBALANCED: the batch recorded other figures than its transfers posted",
    balanced: "Opening + taken in - posted - returned = closing: BALANCED",
    not_balanced: "UNBALANCED: the difference is {}",
    concerned: "Money orders concerned",
    day_open: "The day is not closed: these figures may still change.",
    audit_head: "Audit chain head",
    test_page: "PRINTER TEST PAGE",
    test_letters: "Every letter the receipts use:",
    printed_at: "Printed",
};

pub const KIOSK: crate::strings::KioskWords = crate::strings::KioskWords {
    title: "LOBBY KIOSK",
    welcome_en: "Send money to an inmate by money order, or check your intervention fee.",
    welcome_es: "Envíe dinero a un recluso con giro postal, o consulte su cuota de intervención.",
    send_money: "Send money to an inmate",
    check_fee: "Check my intervention fee",
    switch_language: "Español",
    printer_ready: "Printer ready",
    printer_paper_low: "Printer ready (paper low)",
    printer_paper_out: "PRINTER OUT OF PAPER",
    printer_cover_open: "PRINTER COVER OPEN",
    printer_offline: "PRINTER OFFLINE",
    printer_no_answer: "PRINTER NOT ANSWERING",
    printer_not_connected: "PRINTER NOT CONNECTED",
    cannot_print: "The printer cannot print right now, so deposit slips cannot be made. Please see the clerk.",
    enter_doc: "Type the inmate's DOC number",
    enter_your_doc: "Type YOUR DOC number",
    doc_hint: "1 to 8 digits, then Enter",
    enter_last_name: "Type the inmate's LAST NAME",
    last_name_hint: "Use the keyboard or the letters below; choose OK when done",
    confirm_inmate: "Is this the person you are sending money to?",
    confirm_question: "Enter = Yes     Esc = No",
    yes: "Yes",
    no: "No",
    enter_sender_name: "Type YOUR full name (the sender)",
    enter_street: "Type YOUR street address",
    enter_city_line: "Type YOUR city, state and ZIP code",
    address_hint: "Required: the money order is returned here if it cannot be posted",
    enter_amount: "Type the amount of the money order",
    amount_hint: "Dollars and cents, like 50.00 (at most $999.99 per money order)",
    review: "Check everything before printing",
    add_another: "Add another money order",
    print_slips: "Print my deposit slips",
    change_amounts: "Start over",
    amounts_label: "Money orders",
    inmate_label: "Inmate",
    sender_label: "From",
    address_label: "Address",
    total_label: "Total",
    printing_slips: "Printing your deposit slips...",
    printed_instructions: "Put each slip WITH its money order in the lock box.",
    no_cash_rule: "No cash, no personal checks, no personal items: they are not accepted.",
    posts_when: "Funds post with the next business day's batch.",
    slip_numbers: "Your slip numbers",
    done: "Done",
    back: "Back",
    ok: "OK",
    space: "Space",
    delete: "Delete",
    enter_pin: "Type your 6-digit PIN",
    pin_hint: "Your PIN is not shown on the screen",
    checking: "Checking...",
    not_accepted: "The DOC number and PIN were not accepted. After {} wrong tries the account is locked for {} minutes. See the clerk for help.",
    status_current: "CURRENT: no payment is late",
    status_delinquent: "DELINQUENT",
    months_in_arrears: "{} month(s) behind",
    waiver_in_force: "A waiver of ${} a month is in force until {}",
    exempt_program: "Not billed while in a program (CRC, RF, EMP)",
    exempt_confinement: "Not billed while confined",
    exempt_interstate: "Not billed: supervision moved to another state",
    exempt_case_type: "Not billed: this type of case has no fee",
    balance: "Balance",
    next_due: "Next payment due",
    delinquent_from: "Late from",
    activity: "The last 12 months",
    month_col: "Month",
    assessed_col: "Fee",
    waived_col: "Waived",
    paid_col: "Paid",
    card_fee_for_balance: "Paying ${} by card online costs ${} more (${} in all)",
    print_voucher: "Print payment voucher",
    status_closed: "CASE CLOSED on {}",
    absconded_contact: "Your case shows you absconded: contact your probation or parole officer now.",
    due_now: "{} is past due and due now (late since {})",
    waiver_no_payment: "No payment is due while the waiver is in force (until {}).",
    no_voucher: "Nothing is owed, so there is no voucher to print.",
    change_amount: "Correct money order {}: type its amount",
    voucher_cannot_print: "The printer cannot print your voucher now ({}). Try again in a moment, or see the clerk.",
    slips_not_printed: "Your slips are saved, but they did not print.",
    not_billed: "Not billed",
    keys_hint_letters: "Type, or pick letters with the arrows and Enter; Backspace = delete, Esc = back",
    or_print_here: "If the printer is ready again before you go, press 1 to print them here instead.",
    print_again: "Print my slips here",
    printer_back: "The printer is ready again: press 1 to print your slips here.",
    cannot_print_char: "The slip printer cannot print “{}”, so it was left out: type it without the mark, or as it is spelled in English letters.",
    choose_money_order: "Which money order do you want to change or remove? Press its number.",
    change_one: "Change or remove a money order",
    change_amount_hint: "To remove it, delete the amount and press OK. Esc keeps it as it was.",
    ten_at_most: "Ten money orders at most in one visit: print these, then start a new visit for more.",
    start_over_ask: "Press Start over again to discard these money orders; any other key keeps them.",
    lookup_failed: "We could not look this up just now, and nothing was recorded. Please try again in a moment, or see the clerk.",
    slips_not_saved: "Your slips could not be saved, so nothing was printed. Press Print again, or see the clerk.",
    voucher_not_printed: "The voucher could not be printed. Please see the clerk.",
    voucher_printed: "Your payment voucher is printing. Send it with a money order or cashier's check.",
    idle_warning: "Are you still there? Going back to the start in {} s. Press any key to stay.",
    touch_to_continue: "Press any key or touch the screen",
    too_small: "Screen too small: this kiosk needs at least 80 x 24. Keys and touches are ignored until it is larger.",
    busy: "Please wait",
    digits_only: "Use the digits 0 to 9 only.",
    control_removed: "Some characters cannot be used and were left out.",
    too_long: "That is too long; the rest was left out.",
    name_mismatch: "The DOC number and the last name do not match. Check both and try again.",
    moved_away: "This person was moved to {}. Send money orders for them there; this kiosk cannot make a slip for them.",
    inmate_unknown: "The DOC number and the last name do not match. Check both and try again.",
    amount_over_limit: "A money order can be at most $999.99. Use several money orders for more.",
    print_problem: "The printer stopped ({}). Your slips are saved, but they did not print.",
    slips_at_the_clerk: "Do not put anything in the lock box yet. Please see the clerk, who will print your slips for you: {}.",
    technician: "Technician: sign in to close the kiosk",
    tech_user: "Clerk user name",
    tech_password: "Password",
    tech_refused: "Not accepted.",
    demo_exit: "DEMO: to leave, press F12, then user clerk, password demo-clerk",
    keys_hint: "Digits, Enter = OK, Backspace = delete, Esc = back, arrows = move",
    scroll_hint: "Up/Down to scroll",
    nothing_owed: "Nothing is owed now.",
    no_activity: "No billing months yet.",
};

pub const SPEECH: crate::strings::SpeechWords = crate::strings::SpeechWords {
    welcome_keys: "Speech: press * (star).  Large print: press 0.",
    welcome_large_key: "Large print: press 0.",
    welcome_keys_large_on: "Speech: press * (star).  Large print is ON: press 0 to turn it off.",
    welcome_large_key_on: "Large print is ON: press 0 to turn it off.",
    speech_on: "Speech is on. Press star to hear this again, slash to turn speech off, plus to change the volume.",
    speech_off: "Speech off.",
    volume: "Volume {} of {}.",
    press: "Press {}: {}.",
    typed: "Typed so far: {}.",
    nothing_typed: "Nothing typed yet.",
    pin_digits_typed: "{} of 6 digits typed.",
    digit: "digit",
    deleted: "Deleted {}.",
    entry_keys: "Press Enter when done, or Escape to go back.",
    letters_keys: "Type on the keyboard, then press Enter. Backspace deletes, Escape goes back.",
    confirm_keys: "Press 1 or Enter for yes; press 2 or Escape for no.",
    doc_number: "DOC number {}.",
    money_order_n: "Money order {}: {}.",
    dollars: "{} dollars",
    one_dollar: "1 dollar",
    cents: "{} cents",
    one_cent: "1 cent",
    and: "and",
    minus: "minus",
    idle_warning: "Are you still there? Going back to the start in {} seconds. Press any key to stay.",
    months_keys: "Press the up and down arrows to hear the months one at a time.",
    month_row: "{}: fee {}, waived {}, paid {}.",
    done_key: "Press Enter when you are done.",
    large_on: "Large print on.",
    large_off: "Large print off.",
    months: [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],
    date: "{month} {day}, {year}",
    space: "space",
};

pub const CLERK: crate::strings::ClerkWords = crate::strings::ClerkWords {
    preview_done: "This business day's posting is done; {} money order(s) taken in after it wait for the next business day's posting.",
    preview_later: "{} more, taken in after this posting began, wait for the next business day's.",
    keys_back: "Esc = back",
    col_age: "Age",
    age_days: "{} d",
    no_offender: "No offender's name holds that. Type a DOC number, or part of the name.",
    pick_offender: "Up/Down to choose, Enter to open:",
    preview_split: "For {} inmate(s): {} to obligations, {} to trust accounts.",
    posting_keys: "Enter: post, Up/Down: scroll, Esc: back",
    col_to_trust: "To trust",
    list_queued: "The list was sent to the desk printer.",
    title: "LOCKBOX CLERK CONSOLE",
    sign_in: "Sign in",
    user: "User name",
    password: "Password",
    sign_in_refused: "Not accepted. After {} wrong passwords the account is locked for {} minutes.",
    locked: "Locked after {} minutes idle. {}: type your password to go on; your work is kept.",
    menu_intake: "Lock-box intake",
    menu_holds: "Holds queue",
    menu_posting: "Daily posting",
    menu_sign_out: "Sign out",
    tally: "This session: {} money order(s), {} in all, {} on hold",
    intake: "Lock-box intake: scan or type the slip number, then issuer, serial and amount",
    f_slip: "Slip number",
    f_issuer: "Issuer",
    f_serial: "Serial number",
    f_amount: "Amount",
    f_date: "Date on the money order",
    f_doc: "DOC number (no slip)",
    f_name: "Inmate name (no slip)",
    f_sender: "Sender name (no slip)",
    f_address: "Sender address (no slip)",
    slip_on_file: "Slip on file: {}",
    slip_used: "This slip was already matched to a money order.",
    confirm_intake: "Take in this money order? Enter = yes, Esc = no",
    ready: "Taken in, ready to post: {}",
    held: "Taken in and put ON HOLD: {}",
    refused: "Refused, nothing written: {}",
    holds: "Holds queue ({} open)",
    holds_hint: "Up/Down choose, / search, F reason, O newest/oldest first, R release, T return (supervisors), Esc back",
    col_mo: "MO",
    col_amount: "Amount",
    col_item: "Issuer / serial",
    col_for: "For",
    col_reason: "Reason",
    col_since: "Held on",
    no_holds: "No money order is on hold.",
    note: "Note for the audit trail (required), then Enter",
    confirm_release: "Release money order {} ({}) to be posted? Enter = yes, Esc = no",
    confirm_return: "Return money order {} ({}) to its sender? It leaves the ledger. Enter = yes, Esc = no",
    released: "Released: it posts with the next batch.",
    returned: "Returned to the sender.",
    nothing_selected: "Choose a money order first.",
    posting: "Daily posting for {}",
    preview: "{} money order(s) and {} electronic deposit(s) ready, {} in all. Each inmate's share goes to obligations first; each gets a receipt.",
    confirm_posting: "Post now? This cannot be undone. Enter = yes, Esc = no",
    running: "Posting... {} of {}",
    posted: "Posted {} money order(s) and {} electronic deposit(s), {} in all. Receipts are queued for the desk printer.",
    already: "This day's batch had already finished: nothing new was posted.",
    not_business_day: "Nothing posts today: {}.",
    keys: "Enter = next, Up/Down = field, Backspace = delete, Esc = back",
    busy: "Please wait",
    discard_hint: "F2: record an item that is not a money order (cash, personal check, personal item) with its amount and slip",
    discard_choose: "Not a money order: 1 cash, 2 personal check (both with the amount typed above, and the slip if any), 3 personal item (Esc: cancel)",
    discarded_ok: "Recorded with its amount and slip; not accepted, no money moved, and the slip can match no money order.",
    rep_delinquent: "Delinquent offenders: {} (not eligible for minimum supervision, interstate transfer or early discharge)",
    rep_reminders: "Reminders due: {} (within 10 working days of the newest non-payment)",
    rep_violations: "Violation reports required: {} (3 or more months in arrears)",
    rep_keys: "D delinquent, M reminders, V violations, O order, P print, Up/Down scroll, R reconciliation, Esc back",
    col_name: "Name",
    col_balance: "Balance",
    col_months: "Months",
    col_remind_by: "Remind by",
    pin_hint: "F4 new PIN (printed once on the desk printer), F5 waiver request, F6 case event, Esc another offender",
    pin_confirm: "Issue a new kiosk PIN for {}? The old one stops working. Enter = yes, Esc = no",
    pin_printed: "A new PIN was printed on the PIN slip. It is not stored anywhere else.",
    pin_not_printed: "The PIN was changed but the printer failed: issue another PIN once the printer works.",
    pin_refused: "No PIN could be issued for this DOC number.",
    menu_fee_desk: "Fee desk",
    menu_reports: "End-of-day reconciliation",
    menu_reprint: "Reprint a receipt, slip, statement or voucher",
    fee_find: "Offender's DOC number or name, or scan the payment voucher",
    fee_account: "{} ({}): balance {}, payable today {}, {} month(s) in arrears",
    fee_amount: "Payment amount",
    fee_money_order: "Money order (F3: switch to cashier's check)",
    fee_cashiers_check: "Cashier's check (F3: switch to money order)",
    fee_confirm: "Record a payment of {} for {}? Enter = yes, Esc = no",
    fee_paid: "Payment recorded. Balance now {}.",
    reports: "End-of-day reconciliation for {} (P prints it, S an inmate's statement, D/M/V officers' lists, Esc back)",
    r_opening: "Opening: taken in, not yet posted",
    r_taken_in: "Money orders taken in",
    r_posted: "Posted by the day's batch",
    r_returned: "Returned to their senders",
    r_closing: "Closing: taken in, not yet posted",
    r_batch: "What the batch recorded",
    r_batch_differs: "UNBALANCED: the batch recorded other figures than its transfers posted",
    console_too_small: "Screen too small: the clerk console needs at least 80 x 24. Make the window larger; keys typed meanwhile are ignored.",
    posting_changed: "Nothing was posted: what is ready changed since you confirmed. Now {} item(s), {}. Look again, then confirm.",
    r_balanced: "BALANCED: opening + taken in - posted - returned = closing",
    r_not_balanced: "UNBALANCED: the difference is {}; money orders concerned: {}",
    r_day_open: "The day is not closed yet: these figures may still change.",
    r_audit: "Audit chain head",
    recon_queued: "The reconciliation is queued for the desk printer.",
    reprint: "Reprint: the number printed on the paper (or scan it), Left/Right the kind of document, Enter to find it, Esc back",
    reprint_confirm: "Print {} again on the desk printer, marked DUPLICATE? Enter = yes, Esc = no",
    reprinted: "Sent to the desk printer, marked DUPLICATE.",
    menu_waivers: "Waiver requests",
    home_hint: "1-9 or Up/Down and Enter. L: en español",
    role_supervisor: "supervisor",
    none: "none",
    fee_line: "Monthly fee {}; next due {}",
    fee_delinquent: "Delinquent since {}",
    fee_current: "Current: nothing is overdue",
    fee_waiver: "Waiver in force: {} a month until {}",
    fee_closed: "Case closed on {}",
    waiver_title: "Waiver request for {} ({}): insufficient income",
    w_persons: "Persons in the family unit",
    w_income: "Monthly household income (verified)",
    w_employment: "Employment (Left/Right)",
    w_from: "Waiver from (YYYY-MM-DD)",
    w_to: "Waiver to (at most 90 days)",
    w_amount: "Amount waived each month",
    w_income_note: "Food stamps and housing subsidies are not income.",
    w_eligible: "Eligible: income {} is at or below the limit {} for {} person(s).",
    w_not_eligible: "Not eligible: income {} is above the limit {} for {} person(s).",
    w_capable: "Not eligible: unemployed but able to work.",
    w_confirm: "Send a waiver request for {}: {} a month from {} to {}, for a supervisor's approval? Enter = yes, Esc = no",
    waiver_sent: "Waiver request {} sent. A supervisor approves or rejects it under Waiver requests.",
    waivers_title: "Waiver requests waiting: {}",
    waivers_hint: "Up/Down choose, A approve, X reject (supervisors), Esc back",
    no_waivers: "No waiver request is waiting.",
    col_from: "From",
    col_to: "To",
    col_income: "Income / limit",
    col_by: "By",
    confirm_approve: "Approve request {} for {}: {} a month from {} to {}? Enter = yes, Esc = no",
    confirm_reject: "Reject request {} for {}? Enter = yes, Esc = no",
    waiver_approved: "Waiver approved and recorded on the case.",
    waiver_rejected: "Waiver request rejected.",
    supervisor_only: "Only a supervisor can approve or reject a waiver request.",
    holds_supervisor_only: "Only a supervisor can release or return a money order on hold: ask one to sign in.",
    signed_out: "Signed out. The next clerk signs in; Esc with no name closes the console.",
    menu_review: "Electronic deposits held",
    review_title: "Electronic deposits held for review: {}",
    review_hint: "Up/Down, A accept, X reject (supervisors), Esc back. ⚠ waited 3+ business days",
    no_review: "No electronic deposit is held for review.",
    review_sender_window: "Sender, 8 days: {} deposit(s) to {} inmate(s), {}",
    review_inmate_window: "Inmate, 8 days: {} deposit(s) from {} sender(s), {}",
    review_not_on_file: "not on file",
    review_age: "{} business day(s)",
    review_pick_reason: "Why is it rejected? It goes back to the processor. Press 1-4, Esc back.",
    confirm_review_accept: "Accept {} ({} for {})? It posts with the next batch. Enter = yes, Esc = no",
    confirm_review_reject: "Reject {} ({} for {}) as {}? It goes back to the processor. Enter = yes, Esc = no",
    review_accepted: "Accepted: it posts with the next batch.",
    review_rejected: "Rejected: it is listed for return to the processor today.",
    review_supervisor_only: "Only a supervisor can accept or reject a held deposit: ask one to sign in.",
    reason_suspected_fraud: "Suspected fraud",
    reason_sender_unverified: "Sender could not be verified",
    reason_inmate_restricted: "Inmate may not receive deposits",
    reason_policy: "Against policy",
    col_received: "Received",
    col_why: "Why held",
    outcome_accepted: "accepted",
    outcome_held: "held",
    outcome_refused: "refused",
    outcome_money_order: "money order",
    st_chargeback: "Chargeback:",
    st_moved_to: "Moved to site {}",
    st_moved_from: "Moved from site {}",
    kiosk_slips_waiting: "Kiosk slips not printed: {}; Reprint (6) prints them here.",
    fee_paid_unread: "Payment recorded. The new balance could not be read: look the offender up again before taking anything more.",
    waiver_backdated: "Starts before it was requested ({}): the requester's reason is in the audit trail.",
    release_amount_differs: "The money order is for {}, its slip says {}: release only if the sender confirmed it.",
    holds_matching: "Holds queue ({} matching)",
    return_title: "Return money order {} ({}) to its sender: it leaves the ledger.",
    w_reason: "Why it starts before today (audited)",
    issuer_suggestion: "Enter: {}",
    issuer_keys: "Keys: {}; or type the start of a name",
    desk_waiting: "{} waiting to print",
    sync_ok: "Central: synced {} ago",
    sync_stale: "CENTRAL: {} WAITING, LAST SYNC {} AGO",
    sync_never: "Central: never synced, {} waiting",
    sync_minutes: "{} min",
    sync_hours: "{} h",
    sync_days: "{} days",
    desk_states: ["Desk printer ready", "Desk printer ready (paper low)", "DESK PRINTER OUT OF PAPER", "DESK PRINTER COVER OPEN", "DESK PRINTER OFFLINE", "DESK PRINTER NOT ANSWERING", "DESK PRINTER NOT CONNECTED"],
    document_not_found: "No {} with that number was printed here: check the number and the kind (Left/Right).",
    reprint_last: "Last reprinted: {}",
    reprint_named: "{} {} (printed {})",
    reprint_kinds: ["Receipt", "Deposit slip", "Statement", "Payment voucher"],
    no_inmate: "No inmate's name holds that. Type a DOC number, or part of the name.",
    reason_short: ["slip not on file", "unknown DOC number", "name differs", "no sender name", "no sender address", "amount differs", "sender watched", "inmate watched", "sender: 4+ inmates", "inmate: 4+ senders", "taken in elsewhere", "inmate moved"],
    release_confirm: "Enter = release it to be posted, Esc = back to the form",
    release_note: "Note: {}",
    release_name_differs: "The name written on it, \"{}\", is not the name on file, {}: release only if verified.",
    release_from: "Sender: {}, {}.",
    release_to: "Release money order {} ({}) to {} {}, {}.",
    release_keys: "Up/Down field, Enter next (the last checks the DOC number on file), Esc back",
    release_labels: ["DOC number", "Sender's name", "Sender's address", "Note for the audit trail"],
    release_written: "As taken in: DOC {} {}, from {}, {}. Give what it lacks:",
    release_title: "Release money order {} ({}), on hold: {}",
    no_holds_found: "No money order on hold matches. Esc clears the search; F shows every reason.",
    holds_every_reason: "Every reason",
    holds_pick_reason: "Show which holds? Up/Down, Enter or the line's key; Esc: no change",
    holds_search_hint: "Type a DOC number, a name, a serial or a slip number; Enter finds, Esc clears",
    holds_search: "search: {}",
    digits_only: "This field takes digits only.",
    not_an_amount: "An amount takes digits and a point only, like 30.00: letters are not typed here.",
    read_names: ["the holds queue", "what the posting would post", "the day's reconciliation", "the officers' list", "the offenders' names", "the waiver requests", "the electronic deposits held"],
    read_failed_hint: "Nothing is shown in its place: an empty list here would not be the truth. Enter tries again, Esc goes back; if it keeps failing, call the technician.",
    read_failed: "Could not read {} from the ledger.",
    slip_not_on_file: "No slip with this number is on file; nothing was written. Taken in with this number it goes on hold to be checked; or clear the number to type the money order by hand.",
    event_title: "Case event for {} ({})",
    event_date: "Date (YYYY-MM-DD)",
    event_keys: "Up/Down event, Left/Right program, Enter record, Esc back",
    event_confirm: "Record \"{}\" on {} for {}? Enter = yes, Esc = no",
    event_recorded: "Case event recorded.",
    statement_title: "Inmate statement",
    st_doc: "Inmate (DOC number or name)",
    st_month: "Month (YYYY-MM)",
    st_head: "{} ({}), {}: opening {}, deposits {}, to obligations {}, closing {}",
    st_keys: "Up/Down scroll, P print at the desk, Esc another",
    st_none: "No deposit was posted this month.",
    col_date: "Date",
    col_receipt: "Receipt",
    col_sender: "Sender",
    col_deposit: "Deposit",
    col_to_obligations: "To obligations",
    col_credited: "Credited",
    statement_queued: "Statement sent to the desk printer.",
    sorted_by: "Order: {} (O changes it)",
    employment_names: ["Employed", "Unemployed, able to work", "Unable to work (disability, illness)"],
    event_names: ["Program start", "Program end", "Confined", "Released", "Departed Missouri (interstate)", "Absconded", "Case closed", "Waiver rescinded"],
    program_names: ["community release center (CRC)", "residential facility (RF)", "electronic monitoring (EMP)"],
    sort_names: ["largest balance first", "most months first", "DOC number", "name"],
};
