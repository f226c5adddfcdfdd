//! All the words a person reads, one table per language.
//!
//! This sits beside `domain` rather than inside `ui` because the command line and the
//! printed receipts speak the same sentences as the screens; rejections are enums
//! everywhere else, and only these tables turn them into words.

pub mod en;
pub mod es;

use crate::domain::{Field, HoldReason, Language, MoneyError, NotBusinessDay, Rejection};

/// The sentence that tells a person why their request was refused.
pub fn rejection(language: Language, r: Rejection) -> String {
    match language {
        Language::En => en::rejection(r),
        Language::Es => es::rejection(r),
    }
}

/// Why a money order is on hold, in words.
/// A hold's reason with the figures that explain it: for an amount that differs from its
/// slip, both amounts ("the amount differs from the slip: slip $50.00, money order
/// $900.00").
pub fn hold_reason_in_full(
    language: Language,
    r: HoldReason,
    slip_amount: Option<crate::domain::Money>,
    amount: crate::domain::Money,
) -> String {
    match (r, slip_amount) {
        (HoldReason::AmountDiffersFromSlip, Some(slip)) => {
            let (slip_word, order_word) = match language {
                Language::En => ("slip", "money order"),
                Language::Es => ("comprobante", "giro"),
            };
            format!(
                "{}: {slip_word} {}, {order_word} {}",
                hold_reason(language, r),
                slip.with_dollar_sign(),
                amount.with_dollar_sign()
            )
        }
        _ => hold_reason(language, r).to_string(),
    }
}

pub fn hold_reason(language: Language, r: HoldReason) -> &'static str {
    match language {
        Language::En => en::hold_reason(r),
        Language::Es => es::hold_reason(r),
    }
}

/// Why an electronic deposit is held for review, short (the review queue's column).
pub fn screen_hold(language: Language, h: crate::domain::ScreenHold) -> &'static str {
    match language {
        Language::En => en::screen_hold(h),
        Language::Es => es::screen_hold(h),
    }
}

/// Why nothing posts on a date.
pub fn not_business_day(language: Language, r: NotBusinessDay) -> &'static str {
    match language {
        Language::En => en::not_business_day(r),
        Language::Es => es::not_business_day(r),
    }
}

pub fn field(language: Language, f: Field) -> &'static str {
    match language {
        Language::En => en::field(f),
        Language::Es => es::field(f),
    }
}

pub fn money_error(language: Language, e: MoneyError) -> &'static str {
    match language {
        Language::En => en::money_error(e),
        Language::Es => es::money_error(e),
    }
}

/// What is wrong with a line of the processor's file, for the CLI (English, as its other
/// errors are).
pub fn line_fault(fault: &crate::domain::LineFault) -> String {
    use crate::domain::{LineFault as F, PROCESSOR_HEADER};
    match fault {
        F::Header(h) => format!("the header is {h:?}, not {PROCESSOR_HEADER:?}"),
        F::TooManyLines => format!(
            "more than {} lines in one file",
            crate::domain::processor_line::PROCESSOR_LINES_MAX
        ),
        F::TooLong => format!(
            "longer than {} bytes",
            crate::domain::processor_line::PROCESSOR_LINE_BYTES_MAX
        ),
        F::QuoteInField => "a quote in the middle of a field".into(),
        F::QuoteNotClosed => "a quoted field is not closed".into(),
        F::Columns(n) => format!("{n} columns, not 8"),
        F::NoId => "no id".into(),
        F::BadId(v) => format!("id {v:?} is longer than 64 characters or holds a control character"),
        F::BadDate(v) => format!(
            "received_at {v:?} is not a date and time with its offset (like 2026-11-20T14:03:00-06:00)"
        ),
        F::BadChannel(v) => format!("channel {v:?} is not card, cash or chargeback"),
        F::NoDoc => "no doc".into(),
        F::BadDoc(v) => format!("doc {v:?} is not a DOC number"),
        F::BadText(name) => format!("{name} holds a control character or is too long"),
        F::BadAmount(v, e) => format!("amount {v:?}: {}", en::money_error(*e)),
        F::BadCard(v) => format!("card {v:?} is longer than 64 characters or holds a control character"),
        F::CardLineWithoutCard => "a card line without a card".into(),
        F::CashLineWithCard => "a cash line with a card (card is empty for cash)".into(),
        F::ConflictingId(first) => {
            format!("the same id as line {first} with other content: which is right is unknown")
        }
    }
}

/// Every word printed on paper, one table per language (see `en::PRINT`, `es::PRINT`).
#[derive(Debug)]
pub struct PrintWords {
    pub list_delinquent: &'static str,
    pub fee_balance: &'static str,
    pub list_reminders: &'static str,
    pub list_violations: &'static str,
    pub as_of: &'static str,
    pub offenders: &'static str,
    pub months_behind: &'static str,
    pub remind_by: &'static str,
    pub list_more: &'static str,
    pub duplicate: &'static str,
    pub deposit_slip: &'static str,
    pub visitor_stub: &'static str,
    pub slip_number: &'static str,
    pub inmate: &'static str,
    pub doc_number: &'static str,
    pub facility: &'static str,
    pub sender: &'static str,
    pub address: &'static str,
    pub amount: &'static str,
    pub date: &'static str,
    pub kiosk: &'static str,
    pub attach: &'static str,
    pub lock_box_rules: &'static str,
    pub posts_when: &'static str,
    pub keep_stub: &'static str,
    pub posting_receipt: &'static str,
    pub receipt_number: &'static str,
    pub posted_on: &'static str,
    pub deposit: &'static str,
    pub chargeback: &'static str,
    /// A statement's line for a balance sent to the site the person was moved to ("{}":
    /// the site), and one that came from their old site.
    pub moved_to: &'static str,
    pub moved_from: &'static str,
    /// The amount of a balance moved between sites.
    pub balance_moved: &'static str,
    pub less: &'static str,
    pub credited: &'static str,
    pub new_balance: &'static str,
    pub fine: &'static str,
    pub court_cost: &'static str,
    pub restitution: &'static str,
    pub intervention_fee: &'static str,
    pub still_owed: &'static str,
    pub voucher: &'static str,
    pub name: &'static str,
    pub months_due: &'static str,
    pub amount_due: &'static str,
    pub pay_by: &'static str,
    pub past_due_pay_now: &'static str,
    pub send_to: &'static str,
    pub send_to_no_address: &'static str,
    pub voucher_code: &'static str,
    pub voucher_rules: &'static str,
    pub pin_slip: &'static str,
    pub your_pin: &'static str,
    pub pin_private: &'static str,
    pub statement: &'static str,
    pub statement_number: &'static str,
    pub month: &'static str,
    pub opening_balance: &'static str,
    pub closing_balance: &'static str,
    pub total_deposits: &'static str,
    pub to_obligations: &'static str,
    pub total_to_obligations: &'static str,
    pub no_transactions: &'static str,
    pub reconciliation: &'static str,
    pub business_day: &'static str,
    pub lock_opening: &'static str,
    pub taken_in: &'static str,
    pub posted: &'static str,
    pub returned: &'static str,
    pub lock_closing: &'static str,
    pub batch_recorded: &'static str,
    pub balanced: &'static str,
    /// With the difference.
    pub not_balanced: &'static str,
    /// The day's batch recorded other figures than its transfers posted.
    pub batch_differs: &'static str,
    pub concerned: &'static str,
    pub day_open: &'static str,
    pub audit_head: &'static str,
    pub test_page: &'static str,
    pub test_letters: &'static str,
    pub printed_at: &'static str,
}

pub fn print_words(language: Language) -> &'static PrintWords {
    match language {
        Language::En => &en::PRINT,
        Language::Es => &es::PRINT,
    }
}

/// Every word on the kiosk's screens, one table per language (see `en::KIOSK`, `es::KIOSK`).
/// `{}` marks where a value goes.
#[derive(Debug)]
pub struct KioskWords {
    pub title: &'static str,
    pub welcome_en: &'static str,
    pub welcome_es: &'static str,
    pub send_money: &'static str,
    pub check_fee: &'static str,
    pub switch_language: &'static str,
    pub printer_ready: &'static str,
    pub printer_paper_low: &'static str,
    pub printer_paper_out: &'static str,
    pub printer_cover_open: &'static str,
    pub printer_offline: &'static str,
    pub printer_no_answer: &'static str,
    pub printer_not_connected: &'static str,
    pub cannot_print: &'static str,
    pub enter_doc: &'static str,
    pub enter_your_doc: &'static str,
    pub doc_hint: &'static str,
    pub enter_last_name: &'static str,
    pub last_name_hint: &'static str,
    pub confirm_inmate: &'static str,
    pub confirm_question: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub enter_sender_name: &'static str,
    pub enter_street: &'static str,
    pub enter_city_line: &'static str,
    pub address_hint: &'static str,
    pub enter_amount: &'static str,
    pub amount_hint: &'static str,
    pub review: &'static str,
    pub add_another: &'static str,
    pub print_slips: &'static str,
    pub change_amounts: &'static str,
    pub amounts_label: &'static str,
    pub inmate_label: &'static str,
    pub sender_label: &'static str,
    pub address_label: &'static str,
    pub total_label: &'static str,
    pub printing_slips: &'static str,
    pub printed_instructions: &'static str,
    pub no_cash_rule: &'static str,
    pub posts_when: &'static str,
    pub slip_numbers: &'static str,
    pub done: &'static str,
    pub back: &'static str,
    pub ok: &'static str,
    pub space: &'static str,
    pub delete: &'static str,
    pub enter_pin: &'static str,
    pub pin_hint: &'static str,
    pub checking: &'static str,
    pub not_accepted: &'static str,
    pub status_current: &'static str,
    pub status_delinquent: &'static str,
    pub months_in_arrears: &'static str,
    pub waiver_in_force: &'static str,
    pub exempt_program: &'static str,
    pub exempt_confinement: &'static str,
    pub exempt_interstate: &'static str,
    pub exempt_case_type: &'static str,
    pub balance: &'static str,
    pub next_due: &'static str,
    pub delinquent_from: &'static str,
    pub activity: &'static str,
    pub month_col: &'static str,
    pub assessed_col: &'static str,
    pub waived_col: &'static str,
    pub paid_col: &'static str,
    pub card_fee_for_balance: &'static str,
    pub print_voucher: &'static str,
    pub slips_not_saved: &'static str,
    pub lookup_failed: &'static str,
    pub ten_at_most: &'static str,
    pub change_amount: &'static str,
    pub voucher_cannot_print: &'static str,
    pub slips_not_printed: &'static str,
    pub not_billed: &'static str,
    pub keys_hint_letters: &'static str,
    pub or_print_here: &'static str,
    pub print_again: &'static str,
    pub printer_back: &'static str,
    pub cannot_print_char: &'static str,
    pub choose_money_order: &'static str,
    pub change_one: &'static str,
    pub change_amount_hint: &'static str,
    pub status_closed: &'static str,
    pub absconded_contact: &'static str,
    pub due_now: &'static str,
    pub waiver_no_payment: &'static str,
    pub no_voucher: &'static str,
    pub start_over_ask: &'static str,
    pub voucher_not_printed: &'static str,
    pub voucher_printed: &'static str,
    pub idle_warning: &'static str,
    pub touch_to_continue: &'static str,
    pub too_small: &'static str,
    pub busy: &'static str,
    pub digits_only: &'static str,
    pub control_removed: &'static str,
    pub too_long: &'static str,
    pub name_mismatch: &'static str,
    /// `{}`: the facility the inmate was moved to.
    pub moved_away: &'static str,
    pub inmate_unknown: &'static str,
    pub amount_over_limit: &'static str,
    pub print_problem: &'static str,
    pub slips_at_the_clerk: &'static str,
    pub technician: &'static str,
    pub tech_user: &'static str,
    pub tech_password: &'static str,
    pub tech_refused: &'static str,
    pub demo_exit: &'static str,
    pub keys_hint: &'static str,
    pub scroll_hint: &'static str,
    pub nothing_owed: &'static str,
    pub no_activity: &'static str,
}

pub fn kiosk_words(language: Language) -> &'static KioskWords {
    match language {
        Language::En => &en::KIOSK,
        Language::Es => &es::KIOSK,
    }
}

/// Every sentence the kiosk speaks beyond what its screens say (issue 19), one table per
/// language: the speech mode's own words, and screen text said the way a voice reads it
/// (amounts and dates in words, keys by name). `{}` marks where a value goes.
#[derive(Debug)]
pub struct SpeechWords {
    /// The welcome screen's line for the speech and large-print keys (shown in every
    /// language the kiosk offers, one line each), and the line without speech (no voice).
    pub welcome_keys: &'static str,
    pub welcome_large_key: &'static str,
    /// The same two lines while large print is on: it says so, and how to turn it off.
    pub welcome_keys_large_on: &'static str,
    pub welcome_large_key_on: &'static str,
    pub speech_on: &'static str,
    pub speech_off: &'static str,
    /// `{}`: the level, `{}`: how many levels.
    pub volume: &'static str,
    /// `{}`: the key, `{}`: what it does.
    pub press: &'static str,
    /// `{}`: the field's value as typed.
    pub typed: &'static str,
    pub nothing_typed: &'static str,
    /// `{}`: how many digits of the PIN are typed (never the digits).
    pub pin_digits_typed: &'static str,
    /// Said for each digit of a PIN typed, instead of the digit.
    pub digit: &'static str,
    /// `{}`: what was deleted.
    pub deleted: &'static str,
    pub entry_keys: &'static str,
    pub letters_keys: &'static str,
    pub confirm_keys: &'static str,
    /// `{}`: the digits, one by one.
    pub doc_number: &'static str,
    /// `{}`: its number, `{}`: its amount in words.
    pub money_order_n: &'static str,
    /// `{}`: dollars (more than one).
    pub dollars: &'static str,
    pub one_dollar: &'static str,
    /// `{}`: cents (more than one).
    pub cents: &'static str,
    pub one_cent: &'static str,
    /// Between the dollars and the cents.
    pub and: &'static str,
    pub minus: &'static str,
    /// `{}`: seconds left.
    pub idle_warning: &'static str,
    pub months_keys: &'static str,
    /// `{}`: the month, then fee, waived and paid in words.
    pub month_row: &'static str,
    pub done_key: &'static str,
    pub large_on: &'static str,
    pub large_off: &'static str,
    /// The months of the year, January first.
    pub months: [&'static str; 12],
    /// `{}`: day, `{}`: month name, `{}`: year, in the order the language says them.
    pub date: &'static str,
    pub space: &'static str,
}

pub fn speech_words(language: Language) -> &'static SpeechWords {
    match language {
        Language::En => &en::SPEECH,
        Language::Es => &es::SPEECH,
    }
}

/// An amount as a voice should read it: "25 dollars and 50 cents", never "$25.50" (which
/// speech engines read as "dollar twenty-five point five zero").
pub fn spoken_money(language: Language, amount: crate::domain::Money) -> String {
    let w = speech_words(language);
    let cents = amount.cents();
    let abs = cents.unsigned_abs();
    let (whole, part) = (abs / 100, abs % 100);
    let dollars = match whole {
        1 => w.one_dollar.to_string(),
        n => w.dollars.replacen("{}", &n.to_string(), 1),
    };
    let cents_words = match part {
        1 => w.one_cent.to_string(),
        n => w.cents.replacen("{}", &n.to_string(), 1),
    };
    let said = match (whole, part) {
        (_, 0) => dollars,
        (0, _) => cents_words,
        _ => format!("{dollars} {} {cents_words}", w.and),
    };
    if cents < 0 {
        format!("{} {said}", w.minus)
    } else {
        said
    }
}

/// A date in words ("December 3, 2026"; "3 de diciembre de 2026").
pub fn spoken_date(language: Language, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let w = speech_words(language);
    let month = w.months[d.month0() as usize];
    w.date
        .replacen("{day}", &d.day().to_string(), 1)
        .replacen("{month}", month, 1)
        .replacen("{year}", &d.year().to_string(), 1)
}

/// Every word on the clerk console's screens, one table per language.
#[derive(Debug)]
pub struct ClerkWords {
    pub preview_done: &'static str,
    pub preview_later: &'static str,
    pub keys_back: &'static str,
    pub col_age: &'static str,
    pub age_days: &'static str,
    pub no_offender: &'static str,
    pub pick_offender: &'static str,
    pub preview_split: &'static str,
    pub posting_keys: &'static str,
    pub col_to_trust: &'static str,
    pub list_queued: &'static str,
    pub title: &'static str,
    pub sign_in: &'static str,
    pub user: &'static str,
    pub password: &'static str,
    pub sign_in_refused: &'static str,
    pub locked: &'static str,
    pub menu_intake: &'static str,
    pub menu_holds: &'static str,
    pub menu_posting: &'static str,
    pub menu_sign_out: &'static str,
    pub tally: &'static str,
    pub intake: &'static str,
    pub f_slip: &'static str,
    pub f_issuer: &'static str,
    pub f_serial: &'static str,
    pub f_amount: &'static str,
    pub f_date: &'static str,
    pub f_doc: &'static str,
    pub f_name: &'static str,
    pub f_sender: &'static str,
    pub f_address: &'static str,
    pub slip_on_file: &'static str,
    pub slip_used: &'static str,
    pub confirm_intake: &'static str,
    pub ready: &'static str,
    pub held: &'static str,
    pub refused: &'static str,
    pub holds: &'static str,
    pub holds_hint: &'static str,
    pub col_mo: &'static str,
    pub col_amount: &'static str,
    pub col_item: &'static str,
    pub col_for: &'static str,
    pub col_reason: &'static str,
    pub col_since: &'static str,
    pub no_holds: &'static str,
    pub note: &'static str,
    pub confirm_release: &'static str,
    pub confirm_return: &'static str,
    pub released: &'static str,
    pub returned: &'static str,
    pub nothing_selected: &'static str,
    pub posting: &'static str,
    pub preview: &'static str,
    pub confirm_posting: &'static str,
    pub running: &'static str,
    pub posted: &'static str,
    pub already: &'static str,
    pub not_business_day: &'static str,
    pub keys: &'static str,
    pub busy: &'static str,
    pub discard_hint: &'static str,
    pub discard_choose: &'static str,
    pub discarded_ok: &'static str,
    pub rep_delinquent: &'static str,
    pub rep_reminders: &'static str,
    pub rep_violations: &'static str,
    pub rep_keys: &'static str,
    pub col_name: &'static str,
    pub col_balance: &'static str,
    pub col_months: &'static str,
    pub col_remind_by: &'static str,
    pub pin_hint: &'static str,
    pub pin_confirm: &'static str,
    pub pin_printed: &'static str,
    pub pin_not_printed: &'static str,
    pub pin_refused: &'static str,
    pub menu_fee_desk: &'static str,
    pub menu_reports: &'static str,
    pub menu_reprint: &'static str,
    pub fee_find: &'static str,
    pub fee_account: &'static str,
    pub fee_amount: &'static str,
    pub fee_money_order: &'static str,
    pub fee_cashiers_check: &'static str,
    pub fee_confirm: &'static str,
    pub fee_paid: &'static str,
    pub reports: &'static str,
    pub r_opening: &'static str,
    pub r_taken_in: &'static str,
    pub r_posted: &'static str,
    pub r_returned: &'static str,
    pub r_closing: &'static str,
    pub r_batch: &'static str,
    pub r_balanced: &'static str,
    /// With the difference and the money orders concerned.
    pub r_not_balanced: &'static str,
    /// The day's batch recorded other figures than its transfers posted.
    pub r_batch_differs: &'static str,
    /// The figures a clerk confirmed changed before the posting ran: count, total now.
    pub posting_changed: &'static str,
    /// The terminal is smaller than the console's screens.
    pub console_too_small: &'static str,
    pub r_day_open: &'static str,
    pub r_audit: &'static str,
    pub recon_queued: &'static str,
    pub reprint: &'static str,
    pub reprint_confirm: &'static str,
    pub reprinted: &'static str,
    pub menu_waivers: &'static str,
    pub home_hint: &'static str,
    pub role_supervisor: &'static str,
    pub none: &'static str,
    pub fee_line: &'static str,
    pub fee_delinquent: &'static str,
    pub fee_current: &'static str,
    pub fee_waiver: &'static str,
    pub fee_closed: &'static str,
    pub waiver_title: &'static str,
    pub w_persons: &'static str,
    pub w_income: &'static str,
    pub w_employment: &'static str,
    pub w_from: &'static str,
    pub w_to: &'static str,
    pub w_amount: &'static str,
    pub w_income_note: &'static str,
    pub w_eligible: &'static str,
    pub w_not_eligible: &'static str,
    pub w_capable: &'static str,
    pub w_confirm: &'static str,
    pub waiver_sent: &'static str,
    pub waivers_title: &'static str,
    pub waivers_hint: &'static str,
    pub no_waivers: &'static str,
    pub col_from: &'static str,
    pub col_to: &'static str,
    pub col_income: &'static str,
    pub col_by: &'static str,
    pub confirm_approve: &'static str,
    pub confirm_reject: &'static str,
    pub waiver_approved: &'static str,
    pub waiver_rejected: &'static str,
    pub supervisor_only: &'static str,
    pub holds_supervisor_only: &'static str,
    pub slip_not_on_file: &'static str,
    pub signed_out: &'static str,
    pub menu_review: &'static str,
    pub review_title: &'static str,
    pub review_hint: &'static str,
    pub no_review: &'static str,
    pub review_sender_window: &'static str,
    pub review_inmate_window: &'static str,
    pub review_not_on_file: &'static str,
    pub review_age: &'static str,
    pub review_pick_reason: &'static str,
    pub confirm_review_accept: &'static str,
    pub confirm_review_reject: &'static str,
    pub review_accepted: &'static str,
    pub review_rejected: &'static str,
    pub review_supervisor_only: &'static str,
    pub reason_suspected_fraud: &'static str,
    pub reason_sender_unverified: &'static str,
    pub reason_inmate_restricted: &'static str,
    pub reason_policy: &'static str,
    pub col_received: &'static str,
    pub col_why: &'static str,
    pub outcome_accepted: &'static str,
    pub outcome_held: &'static str,
    pub outcome_refused: &'static str,
    pub outcome_money_order: &'static str,
    pub st_chargeback: &'static str,
    /// A statement line's sender column for a balance moved between sites ("{}": the
    /// other site's id).
    pub st_moved_to: &'static str,
    pub st_moved_from: &'static str,
    pub kiosk_slips_waiting: &'static str,
    pub fee_paid_unread: &'static str,
    pub waiver_backdated: &'static str,
    pub release_amount_differs: &'static str,
    pub holds_matching: &'static str,
    pub return_title: &'static str,
    pub w_reason: &'static str,
    pub issuer_suggestion: &'static str,
    pub issuer_keys: &'static str,
    pub desk_waiting: &'static str,
    /// The central sync in the header: `{}` how long ago (`sync_minutes`...).
    pub sync_ok: &'static str,
    /// `{}` entries waiting, `{}` how long ago: the sync is down.
    pub sync_stale: &'static str,
    /// `{}` entries waiting, nothing pushed yet.
    pub sync_never: &'static str,
    pub sync_minutes: &'static str,
    pub sync_hours: &'static str,
    pub sync_days: &'static str,
    pub desk_states: [&'static str; 7],
    pub document_not_found: &'static str,
    pub reprint_last: &'static str,
    pub reprint_named: &'static str,
    pub reprint_kinds: [&'static str; 4],
    pub no_inmate: &'static str,
    pub reason_short: [&'static str; HoldReason::ALL.len()],
    pub release_confirm: &'static str,
    pub release_note: &'static str,
    pub release_name_differs: &'static str,
    pub release_from: &'static str,
    pub release_to: &'static str,
    pub release_keys: &'static str,
    pub release_labels: [&'static str; 4],
    pub release_written: &'static str,
    pub release_title: &'static str,
    pub no_holds_found: &'static str,
    pub holds_every_reason: &'static str,
    pub holds_pick_reason: &'static str,
    pub holds_search_hint: &'static str,
    pub holds_search: &'static str,
    pub digits_only: &'static str,
    pub not_an_amount: &'static str,
    pub read_names: [&'static str; 7],
    pub read_failed_hint: &'static str,
    pub read_failed: &'static str,
    pub event_title: &'static str,
    pub event_date: &'static str,
    pub event_keys: &'static str,
    pub event_confirm: &'static str,
    pub event_recorded: &'static str,
    pub statement_title: &'static str,
    pub st_doc: &'static str,
    pub st_month: &'static str,
    pub st_head: &'static str,
    pub st_keys: &'static str,
    pub st_none: &'static str,
    pub col_date: &'static str,
    pub col_receipt: &'static str,
    pub col_sender: &'static str,
    pub col_deposit: &'static str,
    pub col_to_obligations: &'static str,
    pub col_credited: &'static str,
    pub statement_queued: &'static str,
    pub sorted_by: &'static str,
    pub employment_names: [&'static str; 3],
    pub event_names: [&'static str; 8],
    pub program_names: [&'static str; 3],
    pub sort_names: [&'static str; 4],
}

pub fn clerk_words(language: Language) -> &'static ClerkWords {
    match language {
        Language::En => &en::CLERK,
        Language::Es => &es::CLERK,
    }
}
