//! Every paper lockbox prints, each a pure function from its data to ESC/POS bytes.

use serde::Deserialize;

use super::sheet::{Columns, LayoutError, Sheet};
use super::CodePage;
use crate::domain::{Language, Money};
use crate::strings::{print_words, PrintWords};

/// A deposit slip as captured at the kiosk (the print job's payload).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SlipData {
    pub number: String,
    pub doc: String,
    pub inmate_name: String,
    pub facility: String,
    pub sender_name: String,
    pub sender_address: String,
    pub amount: Money,
    pub kiosk_id: String,
    pub created_at: String,
    /// The visitor chose large print at the kiosk (issue 19): the names and the amount
    /// print double height.
    #[serde(default)]
    pub large_print: bool,
}

/// One obligation paid from a deposit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Deduction {
    pub kind: String,
    pub amount: Money,
    pub remaining: Money,
}

/// An inmate's posting receipt.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReceiptData {
    pub receipt_number: i64,
    pub business_date: String,
    pub doc: String,
    pub inmate_name: String,
    pub facility: String,
    pub sender_name: String,
    pub amount: Money,
    pub deductions: Vec<Deduction>,
    pub credited: Money,
    pub new_balance: Money,
}

/// A month owed on a payment voucher.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VoucherMonth {
    pub month: String,
    pub amount: Money,
}

/// An offender's intervention-fee payment voucher.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VoucherData {
    pub doc: String,
    pub name: String,
    pub months: Vec<VoucherMonth>,
    pub amount_due: Money,
    pub pay_by: Option<String>,
    /// When the oldest unpaid month became late, if the offender is behind: the amount is
    /// due now, said instead of a "pay by" date in the future.
    #[serde(default)]
    pub late_since: Option<String>,
    /// Where to send it, one line each (the ledger's `fee_remit_to` setting).
    pub remit_to: Vec<String>,
    /// What the clerk's scanner reads: `V`, the DOC number, `-`, the amount in cents.
    pub code: String,
    pub printed_at: String,
    /// Large print, chosen at the kiosk (issue 19): the name and the amounts print double
    /// height.
    #[serde(default)]
    pub large_print: bool,
}

/// A PIN slip: printed once, at the desk, and never queued (the PIN is not stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinSlipData {
    pub doc: String,
    pub name: String,
    pub pin: String,
    pub printed_at: String,
    /// The lockout as the ledger's settings have it when the slip is printed.
    pub failures: u32,
    pub lock_minutes: u32,
}

/// One line of an inmate's monthly statement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StatementRow {
    pub date: String,
    /// None for a balance moved between sites (`move_out`, `move_in`).
    pub receipt_number: Option<i64>,
    /// `chargeback` for an electronic deposit the processor took back (its amounts are
    /// negative); otherwise a deposit. (Absent from statements queued before chargebacks.)
    #[serde(default)]
    pub kind: String,
    pub sender_name: String,
    pub deposit: Money,
    pub to_obligations: Money,
    pub credited: Money,
    pub balance: Money,
}

/// An inmate's monthly statement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StatementData {
    /// The statement's number, once issued.
    #[serde(default)]
    pub number: Option<i64>,
    pub doc: String,
    pub name: String,
    pub facility: String,
    pub month: String,
    pub opening_balance: Money,
    pub lines: Vec<StatementRow>,
    pub total_deposits: Money,
    pub total_to_obligations: Money,
    pub closing_balance: Money,
}

/// Counts and amounts of one kind of money order on the reconciliation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Tally {
    pub count: i64,
    pub amount: Money,
}

/// The end-of-day reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReconciliationData {
    pub business_date: String,
    /// Money orders taken in and not yet posted or returned, at the start of the day.
    pub opening: Money,
    pub taken_in: Tally,
    pub posted: Tally,
    pub returned: Tally,
    /// The same at the end of the day.
    pub closing: Money,
    /// What the day's batch recorded when it finished.
    pub batch: Option<Tally>,
    pub closed: bool,
    pub difference_cents: i64,
    pub concerned: Vec<i64>,
    /// Every source agrees (the ledger decides; the paper says what it decided).
    pub balanced: bool,
    pub audit_head: String,
    pub printed_at: String,
}

/// A document to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    DepositSlip(SlipData),
    VisitorStub(SlipData),
    PostingReceipt(ReceiptData),
    PaymentVoucher(VoucherData),
    PinSlip(PinSlipData),
    Statement(StatementData),
    Reconciliation(ReconciliationData),
    /// An officers' list: offenders behind on the fee.
    FeeList(FeeListData),
    TestPage {
        printed_at: String,
    },
}

/// Which officers' list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeListKind {
    /// Any month in arrears.
    Delinquent,
    /// A reminder still due.
    Reminders,
    /// A violation report required (three months or more).
    Violations,
}

/// One offender on an officers' list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeeListRow {
    pub doc: String,
    pub name: String,
    pub balance: Money,
    pub months_in_arrears: u32,
    pub remind_by: Option<String>,
}

/// An officers' list on paper: at most `FEE_LIST_ROWS_MAX` rows, and how many in all.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeeListData {
    pub kind: FeeListKind,
    pub as_of: String,
    pub rows: Vec<FeeListRow>,
    pub total: usize,
    pub printed_at: String,
}

pub use crate::domain::limits::FEE_LIST_ROWS_MAX;

/// Why a print job's payload cannot become a document.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("unknown document kind {0:?}")]
    UnknownKind(String),
    #[error("the {kind} payload is not readable: {why}")]
    Payload { kind: String, why: String },
    #[error(transparent)]
    Layout(#[from] LayoutError),
}

/// The most lines a statement prints; a month with more says so at the end.
const STATEMENT_LINES_MAX: usize = 400;

impl Document {
    /// The document a print job describes: its kind and its JSON payload.
    pub fn from_job(kind: &str, payload: &str) -> Result<Document, DocumentError> {
        fn parse<T: serde::de::DeserializeOwned>(
            kind: &str,
            payload: &str,
        ) -> Result<T, DocumentError> {
            serde_json::from_str(payload).map_err(|e| DocumentError::Payload {
                kind: kind.to_string(),
                why: e.to_string(),
            })
        }
        Ok(match kind {
            "deposit_slip" => Document::DepositSlip(parse(kind, payload)?),
            "visitor_stub" => Document::VisitorStub(parse(kind, payload)?),
            "posting_receipt" => Document::PostingReceipt(parse(kind, payload)?),
            "payment_voucher" => Document::PaymentVoucher(parse(kind, payload)?),
            "statement" => Document::Statement(parse(kind, payload)?),
            "reconciliation" => Document::Reconciliation(parse(kind, payload)?),
            "fee_list" => Document::FeeList(parse(kind, payload)?),
            "test_page" => Document::TestPage {
                printed_at: parse::<serde_json::Value>(kind, payload)?["printed_at"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            },
            other => return Err(DocumentError::UnknownKind(other.to_string())),
        })
    }

    /// The document as ESC/POS bytes: text through `page`, laid out for `columns`, a cut at
    /// the end; a reprint says DUPLICATE (DUPLICADO) at the top and the bottom.
    pub fn render(
        &self,
        language: Language,
        page: CodePage,
        columns: Columns,
        duplicate: bool,
    ) -> Result<Vec<u8>, LayoutError> {
        let w = print_words(language);
        let mut s = Sheet::new(page, columns)?;
        if duplicate {
            s.heading(&format!("*** {} ***", w.duplicate), false)?;
        }
        match self {
            Document::DepositSlip(d) => deposit_slip(&mut s, w, d)?,
            Document::VisitorStub(d) => visitor_stub(&mut s, w, d)?,
            Document::PostingReceipt(d) => posting_receipt(&mut s, w, d)?,
            Document::PaymentVoucher(d) => voucher(&mut s, w, d)?,
            Document::PinSlip(d) => pin_slip(&mut s, w, d)?,
            Document::Statement(d) => statement(&mut s, w, d)?,
            Document::Reconciliation(d) => reconciliation(&mut s, w, d)?,
            Document::FeeList(d) => fee_list(&mut s, w, d)?,
            Document::TestPage { printed_at } => test_page(&mut s, w, printed_at)?,
        }
        if duplicate {
            s.heading(&format!("*** {} ***", w.duplicate), false)?;
        }
        s.finish()
    }
}

fn deposit_slip(s: &mut Sheet, w: &PrintWords, d: &SlipData) -> Result<(), LayoutError> {
    s.heading(w.deposit_slip, false)?;
    s.centred(w.slip_number)?;
    s.heading(&d.number, true)?;
    s.qr(&d.number)?;
    s.rule()?;
    s.pair(w.doc_number, &d.doc)?;
    s.tall(d.large_print, |s| s.pair(w.inmate, &d.inmate_name))?;
    if !d.facility.is_empty() {
        s.pair(w.facility, &d.facility)?;
    }
    s.rule()?;
    s.tall(d.large_print, |s| {
        s.line(&format!("{}: {}", w.sender, d.sender_name))
    })?;
    s.line(&format!("{}: {}", w.address, d.sender_address))?;
    s.rule()?;
    s.tall(d.large_print, |s| s.amount(w.amount, d.amount))?;
    s.pair(w.date, &d.created_at)?;
    s.pair(w.kiosk, &d.kiosk_id)?;
    s.rule()?;
    s.heading(w.attach, false)?;
    s.line(w.lock_box_rules)?;
    s.line(w.posts_when)
}

fn visitor_stub(s: &mut Sheet, w: &PrintWords, d: &SlipData) -> Result<(), LayoutError> {
    s.heading(w.visitor_stub, false)?;
    s.pair(w.slip_number, &d.number)?;
    s.pair(w.doc_number, &d.doc)?;
    s.tall(d.large_print, |s| s.pair(w.inmate, &d.inmate_name))?;
    s.tall(d.large_print, |s| {
        s.line(&format!("{}: {}", w.sender, d.sender_name))
    })?;
    s.tall(d.large_print, |s| s.amount(w.amount, d.amount))?;
    s.pair(w.date, &d.created_at)?;
    s.pair(w.kiosk, &d.kiosk_id)?;
    s.rule()?;
    s.line(w.keep_stub)?;
    s.line(w.lock_box_rules)
}

fn obligation_word<'a>(w: &'a PrintWords, kind: &'a str) -> &'a str {
    match kind {
        "fine" => w.fine,
        "court_cost" => w.court_cost,
        "restitution" => w.restitution,
        "intervention_fee" => w.intervention_fee,
        other => other,
    }
}

fn posting_receipt(s: &mut Sheet, w: &PrintWords, d: &ReceiptData) -> Result<(), LayoutError> {
    s.heading(w.posting_receipt, false)?;
    s.pair(w.receipt_number, &d.receipt_number.to_string())?;
    s.pair(w.posted_on, &d.business_date)?;
    s.rule()?;
    s.pair(w.doc_number, &d.doc)?;
    s.pair(w.inmate, &d.inmate_name)?;
    if !d.facility.is_empty() {
        s.pair(w.facility, &d.facility)?;
    }
    s.line(&format!("{}: {}", w.sender, d.sender_name))?;
    s.rule()?;
    s.amount(w.deposit, d.amount)?;
    for x in &d.deductions {
        s.pair(
            &format!("{} {}", w.less, obligation_word(w, &x.kind)),
            &format!("-{}", x.amount.with_dollar_sign()),
        )?;
        s.pair(
            &format!("  ({})", w.still_owed),
            &x.remaining.with_dollar_sign(),
        )?;
    }
    s.amount(w.credited, d.credited)?;
    s.rule()?;
    s.amount(w.new_balance, d.new_balance)
}

fn voucher(s: &mut Sheet, w: &PrintWords, d: &VoucherData) -> Result<(), LayoutError> {
    s.heading(w.voucher, false)?;
    s.pair(w.doc_number, &d.doc)?;
    s.tall(d.large_print, |s| s.pair(w.name, &d.name))?;
    s.rule()?;
    s.bold(w.months_due)?;
    for m in &d.months {
        s.tall(d.large_print, |s| {
            s.amount(&format!("  {}", m.month), m.amount)
        })?;
    }
    s.tall(d.large_print, |s| s.amount(w.amount_due, d.amount_due))?;
    match (&d.late_since, &d.pay_by) {
        (Some(late), _) => s.bold(&w.past_due_pay_now.replacen("{}", late, 1))?,
        (None, Some(by)) => s.pair(w.pay_by, by)?,
        (None, None) => {}
    }
    s.rule()?;
    // "to:" only with an address after it; with none set, where it goes in words.
    if d.remit_to.is_empty() {
        s.line(w.send_to_no_address)?;
    } else {
        s.line(w.send_to)?;
        for line in &d.remit_to {
            s.line(&format!("  {line}"))?;
        }
    }
    s.line(w.voucher_rules)?;
    s.rule()?;
    s.centred(w.voucher_code)?;
    s.qr(&d.code)?;
    s.centred(&d.code)?;
    s.pair(w.printed_at, &d.printed_at)
}

fn pin_slip(s: &mut Sheet, w: &PrintWords, d: &PinSlipData) -> Result<(), LayoutError> {
    s.heading(w.pin_slip, false)?;
    s.pair(w.doc_number, &d.doc)?;
    s.pair(w.name, &d.name)?;
    s.centred(w.your_pin)?;
    s.heading(&d.pin, true)?;
    s.line(
        &w.pin_private
            .replacen("{}", &d.failures.to_string(), 1)
            .replacen("{}", &d.lock_minutes.to_string(), 1),
    )?;
    s.pair(w.printed_at, &d.printed_at)
}

fn statement(s: &mut Sheet, w: &PrintWords, d: &StatementData) -> Result<(), LayoutError> {
    s.heading(w.statement, false)?;
    if let Some(n) = d.number {
        s.pair(w.statement_number, &n.to_string())?;
    }
    s.pair(w.month, &d.month)?;
    s.pair(w.doc_number, &d.doc)?;
    s.pair(w.inmate, &d.name)?;
    if !d.facility.is_empty() {
        s.pair(w.facility, &d.facility)?;
    }
    s.rule()?;
    s.amount(w.opening_balance, d.opening_balance)?;
    if d.lines.is_empty() {
        s.line(w.no_transactions)?;
    }
    for l in d.lines.iter().take(STATEMENT_LINES_MAX) {
        let (heading, label) = match (l.receipt_number, l.kind.as_str()) {
            (Some(n), "chargeback") => (format!("#{n}  {}", l.sender_name), w.chargeback),
            (Some(n), _) => (format!("#{n}  {}", l.sender_name), w.deposit),
            (None, "move_in") => (
                w.moved_from.replacen("{}", &l.sender_name, 1),
                w.balance_moved,
            ),
            (None, _) => (
                w.moved_to.replacen("{}", &l.sender_name, 1),
                w.balance_moved,
            ),
        };
        s.line(&format!("{}  {heading}", l.date))?;
        s.amount(&format!("  {label}"), l.deposit)?;
        if l.to_obligations.is_positive() {
            s.pair(
                &format!("  {}", w.to_obligations),
                &format!("-{}", l.to_obligations.with_dollar_sign()),
            )?;
        }
        s.amount(&format!("  {}", w.new_balance), l.balance)?;
    }
    if d.lines.len() > STATEMENT_LINES_MAX {
        s.line(&format!("... {}", d.lines.len() - STATEMENT_LINES_MAX))?;
    }
    s.rule()?;
    s.amount(w.total_deposits, d.total_deposits)?;
    s.amount(w.total_to_obligations, d.total_to_obligations)?;
    s.amount(w.closing_balance, d.closing_balance)
}

fn tally(s: &mut Sheet, label: &str, t: Tally) -> Result<(), LayoutError> {
    s.pair(
        &format!("{label} ({})", t.count),
        &t.amount.with_dollar_sign(),
    )
}

fn reconciliation(
    s: &mut Sheet,
    w: &PrintWords,
    d: &ReconciliationData,
) -> Result<(), LayoutError> {
    s.heading(w.reconciliation, false)?;
    s.pair(w.business_day, &d.business_date)?;
    s.rule()?;
    s.amount(w.lock_opening, d.opening)?;
    tally(s, w.taken_in, d.taken_in)?;
    tally(s, w.posted, d.posted)?;
    tally(s, w.returned, d.returned)?;
    s.amount(w.lock_closing, d.closing)?;
    if let Some(batch) = d.batch {
        tally(s, w.batch_recorded, batch)?;
    }
    s.rule()?;
    // The batch's own record against its transfers: when only it disagrees, the difference
    // below is $0.00 and names no money order, so it is said first.
    let batch_differs = d.batch.is_some_and(|b| b != d.posted);
    if batch_differs {
        s.bold(w.batch_differs)?;
    }
    if d.balanced {
        s.bold(w.balanced)?;
    } else if !batch_differs || d.difference_cents != 0 || !d.concerned.is_empty() {
        s.bold(&w.not_balanced.replace(
            "{}",
            &Money::from_cents(d.difference_cents).with_dollar_sign(),
        ))?;
        if !d.concerned.is_empty() {
            let ids: Vec<String> = d.concerned.iter().map(i64::to_string).collect();
            s.line(&format!("{}: {}", w.concerned, ids.join(", ")))?;
        }
    }
    if !d.closed {
        s.line(w.day_open)?;
    }
    s.line(&format!("{}:", w.audit_head))?;
    s.line(&d.audit_head)?;
    s.pair(w.printed_at, &d.printed_at)
}

fn fee_list(s: &mut Sheet, w: &PrintWords, d: &FeeListData) -> Result<(), LayoutError> {
    s.heading(
        match d.kind {
            FeeListKind::Delinquent => w.list_delinquent,
            FeeListKind::Reminders => w.list_reminders,
            FeeListKind::Violations => w.list_violations,
        },
        false,
    )?;
    s.pair(w.as_of, &d.as_of)?;
    s.pair(w.offenders, &d.total.to_string())?;
    s.rule()?;
    for row in d.rows.iter().take(FEE_LIST_ROWS_MAX) {
        s.bold(&format!("{} {}", row.doc, row.name))?;
        s.amount(w.fee_balance, row.balance)?;
        s.pair(w.months_behind, &row.months_in_arrears.to_string())?;
        if let Some(by) = &row.remind_by {
            s.pair(w.remind_by, by)?;
        }
    }
    let shown = d.rows.len().min(FEE_LIST_ROWS_MAX);
    if d.total > shown {
        s.line(&w.list_more.replace("{}", &(d.total - shown).to_string()))?;
    }
    s.rule()?;
    s.pair(w.printed_at, &d.printed_at)
}

/// Every non-ASCII letter of both strings tables, so a technician sees the code page work.
pub fn letters_in_use() -> String {
    let mut letters: Vec<char> = Vec::new();
    for w in [print_words(Language::En), print_words(Language::Es)] {
        for text in [
            w.deposit_slip,
            w.visitor_stub,
            w.slip_number,
            w.inmate,
            w.facility,
            w.address,
            w.amount,
            w.attach,
            w.lock_box_rules,
            w.posts_when,
            w.keep_stub,
            w.posting_receipt,
            w.receipt_number,
            w.posted_on,
            w.deposit,
            w.credited,
            w.restitution,
            w.intervention_fee,
            w.voucher,
            w.months_due,
            w.amount_due,
            w.send_to,
            w.voucher_code,
            w.voucher_rules,
            w.pin_slip,
            w.pin_private,
            w.statement,
            w.reconciliation,
            w.business_day,
            w.audit_head,
            w.test_page,
            w.balanced,
            w.not_balanced,
        ] {
            letters.extend(text.chars().filter(|c| !c.is_ascii()));
        }
    }
    // Spanish punctuation people type, even where the tables do not use it yet.
    letters.extend([
        '¿', '¡', 'ñ', 'Ñ', 'á', 'é', 'í', 'ó', 'ú', 'ü', 'Á', 'É', 'Í', 'Ó', 'Ú', 'Ü',
    ]);
    letters.sort_unstable();
    letters.dedup();
    letters.into_iter().collect()
}

fn test_page(s: &mut Sheet, w: &PrintWords, printed_at: &str) -> Result<(), LayoutError> {
    s.heading(w.test_page, false)?;
    s.line(w.test_letters)?;
    s.line(&letters_in_use())?;
    s.line("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 $.,:;-/#()'\"")?;
    s.rule()?;
    let sample = s.columns();
    s.line(&format!("{sample} columns"))?;
    s.amount("$", Money::from_cents(123_456))?;
    s.qr("0000-0001-3")?;
    s.pair(w.printed_at, printed_at)
}
