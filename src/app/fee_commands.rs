//! The command line of the intervention fee: `cases`, `fees` and `pin`.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::command::{date, now, open, print_json, print_json_line, CommandError, Outcome};
use crate::cli::{CasesCommand, FeesCommand, PinCommand};
use crate::domain::month::{month_label, parse_month};
use crate::domain::{
    check_waiver_eligibility, CaseEvent, DatedEvent, DocNumber, Employment, EventParts,
    EventPartsError, FeeAccount, FeeInstrument, FeeQuote, Income, Language, Money, Pin, Program,
    Rejection, Supervision,
};
use crate::store::fees::IMPORT_LINES_MAX;
use crate::store::{CaseAccount, CaseLine, ImportError, PinCheck, PinKey};
use crate::strings;

/// A case import's file, at most this many bytes (a million lines of a few hundred bytes,
/// as the processor's file).
const IMPORT_BYTES_MAX: u64 = 512 * 1024 * 1024;

/// The longest import line read; a real one is a few hundred characters.
const IMPORT_LINE_MAX_CHARS: usize = 4_096;

/// `pin.key` beside the ledger file.
pub fn default_pin_key(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("pin.key"), |d| d.join("pin.key"))
}

fn money(text: &str) -> Result<Money, CommandError> {
    Money::parse_amount(text)
        .map_err(|e| CommandError::BadInput(strings::money_error(Language::En, e).into()))
}

fn doc(text: &str) -> Result<DocNumber, CommandError> {
    Ok(DocNumber::parse(text)?)
}

fn as_of(text: Option<String>) -> Result<chrono::NaiveDate, CommandError> {
    match text {
        Some(t) => date(&t, "--as-of"),
        None => Ok(now()?.date()),
    }
}

/// One line of a case import, as JSON. Every field but `doc`, `event` and `date` belongs to
/// some events only; a field given to an event it does not belong to is refused, so a
/// typing error cannot pass silently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportLine {
    /// The sender's id for the line (optional): re-importing it records nothing new.
    id: Option<String>,
    doc: String,
    event: String,
    date: String,
    name: Option<String>,
    supervision: Option<String>,
    fee: Option<String>,
    program: Option<String>,
    to: Option<String>,
    amount: Option<String>,
    instrument: Option<String>,
}

/// A case event's date: a calendar date from 1970 to 2099. Outside them it is a slip of the
/// keyboard, not a case: a case placed in the year 1 was booked 24,311 months of fees, for
/// good (found by an outside review).
fn iso_date(text: &str, what: &str) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{what} {text:?} is not a date like 2026-04-01"))?;
    if !(1970..=2099).contains(&day.year()) {
        return Err(format!(
            "{what} {text:?} is not a date of a case (1970 to 2099)"
        ));
    }
    Ok(day)
}

/// Reads one import line into a case event; the message says what is wrong.
pub fn parse_case_line(line: usize, text: &str, default_fee: Money) -> Result<CaseLine, String> {
    if text.chars().count() > IMPORT_LINE_MAX_CHARS {
        return Err(format!("longer than {IMPORT_LINE_MAX_CHARS} characters"));
    }
    let l: ImportLine =
        serde_json::from_str(text).map_err(|e| format!("not a valid event: {e}"))?;
    let doc = DocNumber::parse(&l.doc).map_err(|r| strings::rejection(Language::En, r))?;
    let day = iso_date(&l.date, "date")?;
    let allowed: &[&str] = match l.event.as_str() {
        "placed" => &["name", "supervision", "fee"],
        "program_start" => &["program"],
        "waiver" => &["to", "amount"],
        "payment" => &["amount", "instrument"],
        "program_end"
        | "confined"
        | "released"
        | "interstate_departed"
        | "absconded"
        | "closed"
        | "waiver_rescinded" => &[],
        other => return Err(format!("unknown event {other:?}")),
    };
    let given = [
        ("name", l.name.is_some()),
        ("supervision", l.supervision.is_some()),
        ("fee", l.fee.is_some()),
        ("program", l.program.is_some()),
        ("to", l.to.is_some()),
        ("amount", l.amount.is_some()),
        ("instrument", l.instrument.is_some()),
    ];
    if let Some((field, _)) = given.iter().find(|(f, g)| *g && !allowed.contains(f)) {
        return Err(format!(
            "field {field:?} does not belong to a {:?} event",
            l.event
        ));
    }
    let need = |v: &Option<String>, field: &str| {
        v.clone()
            .ok_or_else(|| format!("a {:?} event needs {field:?}", l.event))
    };
    let amount = |v: &Option<String>| -> Result<Money, String> {
        Money::parse_amount(&need(v, "amount")?)
            .map_err(|e| strings::money_error(Language::En, e).to_string())
    };
    let event = match l.event.as_str() {
        "placed" => {
            let supervision = need(&l.supervision, "supervision")?;
            CaseEvent::Placed {
                name: need(&l.name, "name")?,
                supervision: Supervision::parse(&supervision)
                    .ok_or_else(|| format!("unknown supervision {supervision:?}"))?,
                fee: match &l.fee {
                    Some(f) => Money::parse_amount(f)
                        .map_err(|e| strings::money_error(Language::En, e).to_string())?,
                    None => default_fee,
                },
            }
        }
        code => {
            let parts = EventParts {
                program: l
                    .program
                    .as_deref()
                    .map(|p| Program::parse(p).ok_or_else(|| format!("unknown program {p:?}")))
                    .transpose()?,
                to: l.to.as_deref().map(|t| iso_date(t, "to")).transpose()?,
                amount: l.amount.as_ref().map(|_| amount(&l.amount)).transpose()?,
                instrument: l
                    .instrument
                    .as_deref()
                    .map(|i| {
                        FeeInstrument::parse(i).ok_or_else(|| format!("unknown instrument {i:?}"))
                    })
                    .transpose()?,
            };
            CaseEvent::from_parts(code, parts).map_err(|e| match e {
                EventPartsError::Missing(field) => format!("a {code:?} event needs {field:?}"),
                EventPartsError::UnknownEvent => format!("unknown event {code:?}"),
            })?
        }
    };
    let id = match l.id {
        Some(id)
            if id.trim().is_empty()
                || id.chars().count() > 64
                || id.chars().any(char::is_control) =>
        {
            return Err("an \"id\" is 1 to 64 printable characters".into())
        }
        other => other,
    };
    Ok(CaseLine {
        line,
        id,
        doc,
        event: DatedEvent { date: day, event },
    })
}

fn read_input(file: &Path) -> Result<Vec<String>, CommandError> {
    let text = super::input_file::read_text(
        file,
        super::input_file::Dash::Stdin,
        IMPORT_BYTES_MAX,
        "a case import",
    )?;
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.len() > IMPORT_LINES_MAX {
        return Err(CommandError::BadInput(format!(
            "an import holds at most {IMPORT_LINES_MAX} lines"
        )));
    }
    Ok(lines)
}

pub fn cases(path: &Path, command: CasesCommand, json: bool, actor: &str) -> Outcome {
    match command {
        CasesCommand::Import { file } => {
            let lines = read_input(&file)?;
            let mut ledger = open(path)?;
            let default_fee = ledger.default_fee()?;
            let mut good = Vec::new();
            let mut bad: Vec<(usize, String)> = Vec::new();
            for (i, text) in lines.iter().enumerate() {
                if text.trim().is_empty() {
                    continue;
                }
                match parse_case_line(i + 1, text, default_fee) {
                    Ok(l) => good.push(l),
                    Err(message) => bad.push((i + 1, message)),
                }
            }
            // The ledger checks the well-formed lines too, so every bad line is named at once;
            // when a line did not even parse, that check writes nothing.
            let checked = if bad.is_empty() {
                ledger.import_case_events(&good, now()?, actor)
            } else {
                ledger.check_case_events(&good, now()?, actor)
            };
            match checked {
                Ok(summary) if bad.is_empty() => {
                    if json {
                        print_json(&summary)
                    } else {
                        say!(
                            "imported {} event(s){}",
                            summary.imported,
                            match summary.already_imported {
                                0 => String::new(),
                                n => format!(
                                    "; {n} line(s) were already imported and recorded nothing new"
                                ),
                            }
                        );
                        Ok(())
                    }
                }
                Ok(_) => refuse_import(bad),
                Err(ImportError::BadLines(refused)) => {
                    bad.extend(
                        refused
                            .into_iter()
                            .map(|(n, r)| (n, strings::rejection(Language::En, r))),
                    );
                    refuse_import(bad)
                }
                Err(ImportError::Ledger(e)) => Err(e.into()),
            }
        }
        CasesCommand::Show { doc: d } => {
            let d = doc(&d)?;
            let ledger = open(path)?;
            let case = ledger
                .supervision_case(&d)?
                .ok_or(Rejection::CaseNotFound)?;
            let events: Vec<serde_json::Value> = case
                .events()
                .iter()
                .map(|e| event_json(&case.doc.to_string(), e))
                .collect();
            if json {
                return print_json(&serde_json::json!({
                    "doc": case.doc.to_string(),
                    "name": case.name,
                    "supervision": case.supervision.code(),
                    "placed_on": case.placed_on.to_string(),
                    "fee": case.fee.to_string(),
                    "events": events,
                }));
            }
            say!(
                "{} {}  {}  placed {}  fee ${}",
                case.doc,
                case.name,
                case.supervision.code(),
                case.placed_on,
                case.fee
            );
            for e in &events {
                // Each event as an import line would give it, its parts after its name.
                let parts: Vec<String> = e
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| !matches!(k.as_str(), "doc" | "event" | "date"))
                    .map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or_default()))
                    .collect();
                say!(
                    "  {}  {}  {}",
                    e["date"].as_str().unwrap_or_default(),
                    e["event"].as_str().unwrap_or_default(),
                    parts.join("  ")
                );
            }
            Ok(())
        }
    }
}

/// A case's event in the shape of a `cases import` line (amounts as strings with two
/// decimals), so what `cases show --json` gives can be read back by the same tools.
fn event_json(doc: &str, e: &crate::domain::DatedEvent) -> serde_json::Value {
    use crate::domain::CaseEvent;
    let mut v = serde_json::json!({
        "doc": doc,
        "event": e.event.code(),
        "date": e.date.to_string(),
    });
    let parts = match &e.event {
        CaseEvent::Placed {
            name,
            supervision,
            fee,
        } => {
            serde_json::json!({"name": name, "supervision": supervision.code(), "fee": fee.to_string()})
        }
        CaseEvent::ProgramStart(program) => serde_json::json!({"program": program.code()}),
        CaseEvent::Waiver { to, amount } => {
            serde_json::json!({"to": to.to_string(), "amount": amount.to_string()})
        }
        CaseEvent::Payment { amount, instrument } => {
            serde_json::json!({"amount": amount.to_string(), "instrument": instrument.code()})
        }
        CaseEvent::ProgramEnd
        | CaseEvent::Confined
        | CaseEvent::Released
        | CaseEvent::InterstateDeparted
        | CaseEvent::Absconded
        | CaseEvent::Closed
        | CaseEvent::WaiverRescinded => serde_json::json!({}),
    };
    if let (Some(all), Some(more)) = (v.as_object_mut(), parts.as_object()) {
        all.extend(more.clone());
    }
    v
}

/// The good lines were written in a transaction that is now rolled back: report every bad
/// line and write nothing.
fn refuse_import(mut bad: Vec<(usize, String)>) -> Outcome {
    bad.sort_by_key(|(n, _)| *n);
    let mut message = format!("{} bad line(s); nothing was imported", bad.len());
    for (n, why) in &bad {
        message.push_str(&format!("\n  line {n}: {why}"));
    }
    Err(CommandError::BadInput(message))
}

/// The account in the command line's JSON contract.
pub fn account_json(a: &FeeAccount) -> serde_json::Value {
    let months: Vec<serde_json::Value> = a
        .months
        .iter()
        .map(|m| {
            serde_json::json!({
                "month": month_label(m.month),
                "assessed": m.assessed,
                "waived": m.waived,
                "exempt": m.exempt.map(|e| e.code()),
                "paid": m.paid,
                "delinquent": m.delinquent,
            })
        })
        .collect();
    serde_json::json!({
        "doc": a.doc.as_str(),
        "as_of": a.as_of,
        "months": months,
        "assessed_total": a.assessed_total,
        "waived_total": a.waived_total,
        "paid_total": a.paid_total,
        "balance": a.balance,
        "months_in_arrears": a.months_in_arrears,
        "current": a.current,
        "violation_report_required": a.violation_report_required,
        "next_due": a.next_due,
        "delinquent_from": a.delinquent_from,
        "remind_by": a.remind_by,
        "waiver_in_force": a.waiver_in_force.map(|(amount, to)| serde_json::json!({"amount": amount, "to": to})),
        "exemption_in_force": a.exemption_in_force.map(|e| e.code()),
        "closed_on": a.closed_on,
        "absconded": a.absconded,
    })
}

fn print_account(a: &FeeAccount) {
    say!("{}  as of {}", a.doc, a.as_of);
    say!("month     assessed   waived     paid  exempt       delinquent");
    for m in &a.months {
        say!(
            "{}  {:>8} {:>8} {:>8}  {:<12} {}",
            month_label(m.month),
            m.assessed,
            m.waived,
            m.paid,
            m.exempt.map_or("", |e| e.code()),
            if m.delinquent { "yes" } else { "" }
        );
    }
    say!(
        "totals   {:>9} {:>8} {:>8}",
        a.assessed_total,
        a.waived_total,
        a.paid_total
    );
    say!("balance ${}", a.balance);
    say!(
        "months in arrears {}; {}{}",
        a.months_in_arrears,
        if a.current { "current" } else { "NOT current" },
        if a.violation_report_required {
            "; a violation report is required"
        } else {
            ""
        }
    );
    if let Some(d) = a.next_due {
        say!("next due {d}");
    }
    if let Some(d) = a.remind_by {
        say!("the officer must remind the offender by {d}");
    }
}

/// `remit_to` is the machine's `kiosk.district_office`, printed on vouchers.
pub fn fees(
    path: &Path,
    command: FeesCommand,
    json: bool,
    actor: &str,
    remit_to: &[String],
) -> Outcome {
    match command {
        FeesCommand::Quote { amount, echeck } => {
            let amount = money(&amount)?;
            let instrument = if echeck {
                FeeInstrument::Echeck
            } else {
                FeeInstrument::Card
            };
            let quote = FeeQuote::new(amount, instrument);
            if json {
                print_json_line(&quote)
            } else {
                say!(
                    "payment ${}  convenience fee ${}  total ${}",
                    quote.amount,
                    quote.fee,
                    quote.total
                );
                Ok(())
            }
        }
        FeesCommand::Account { doc: d, as_of: a } => {
            let d = doc(&d)?;
            let as_of = as_of(a)?;
            let ledger = open(path)?;
            let account = ledger.fee_account(&d, as_of)?;
            if json {
                print_json_line(&account_json(&account))
            } else {
                print_account(&account);
                Ok(())
            }
        }
        FeesCommand::Pay {
            doc: d,
            amount,
            instrument,
            date: day,
        } => {
            let d = doc(&d)?;
            let amount = money(&amount)?;
            let instrument = FeeInstrument::parse(&instrument).ok_or_else(|| {
                CommandError::BadInput(format!(
                    "instrument {instrument:?} is not money_order, cashiers_check, card or echeck"
                ))
            })?;
            let u = actor.to_string();
            let now = now()?;
            let day = match day {
                Some(t) => date(&t, "--date")?,
                None => now.date(),
            };
            let mut ledger = open(path)?;
            ledger.record_case_event(
                &d,
                DatedEvent {
                    date: day,
                    event: crate::domain::CaseEvent::Payment { amount, instrument },
                },
                now,
                &u,
            )?;
            let account = ledger.fee_account(&d, day)?;
            if json {
                print_json(&account_json(&account))
            } else {
                say!(
                    "payment of ${amount} recorded; balance ${}",
                    account.balance
                );
                Ok(())
            }
        }
        FeesCommand::Assess { month } => {
            let m = parse_month(&month).ok_or_else(|| {
                CommandError::BadInput(format!("month {month:?} is not a month like 2026-11"))
            })?;
            let mut ledger = super::command::open_as_it_is(path)?;
            let mut bar: Option<super::progress::Progress> = None;
            let outcome =
                ledger.assess_fees_with_progress(m, now()?, actor, &mut |done, all| {
                    bar.get_or_insert_with(|| {
                        super::progress::Progress::new("fees assess", all as u64)
                    })
                    .set(done as u64, "cases");
                })?;
            if let Some(bar) = bar {
                bar.finish("done");
            }
            if json {
                print_json(&outcome)
            } else {
                say!(
                    // The total is the month's, whoever charged it: said beside the
                    // offenders it came from, not beside those this run charged ("0
                    // offender(s) assessed $90.00" read as a charge to nobody).
                    "{}: ${} charged to {} offender(s) (waived ${}): {} by this run, {} before it; {} with nothing due; {} case(s) in all",
                    month_label(m),
                    outcome.assessed_total,
                    outcome.assessed + outcome.already_assessed,
                    outcome.waived_total,
                    outcome.assessed,
                    outcome.already_assessed,
                    outcome.nothing_due,
                    outcome.cases
                );
                Ok(())
            }
        }
        FeesCommand::Voucher { doc: d, lang } => {
            let d = doc(&d)?;
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let now = now()?;
            let mut ledger = open(path)?;
            let id = ledger.queue_voucher(
                &d,
                language,
                now,
                actor,
                crate::store::deposits::DESK,
                remit_to,
                false,
            )?;
            say!("payment voucher queued as print job {id}");
            Ok(())
        }
        FeesCommand::WaiverCheck {
            persons,
            monthly_income,
            hourly_wage,
            employment,
        } => {
            let income = match (monthly_income, hourly_wage) {
                (Some(m), _) => Income::Monthly(money(&m)?),
                (None, Some(h)) => Income::Hourly(money(&h)?),
                (None, None) => {
                    return Err(CommandError::BadInput(
                        "give --monthly-income or --hourly-wage".into(),
                    ))
                }
            };
            let employment = Employment::parse(&employment).ok_or_else(|| {
                CommandError::BadInput(format!(
                    "employment {employment:?} is not employed, unemployed or unable_to_work"
                ))
            })?;
            let answer = check_waiver_eligibility(persons, income, employment)
                .map_err(Rejection::Household)?;
            if json {
                print_json(&answer)
            } else {
                say!(
                    "{}: monthly income ${} against the limit ${} for {persons} person(s){}",
                    if answer.eligible {
                        "eligible"
                    } else {
                        "NOT eligible"
                    },
                    answer.monthly_income,
                    answer.threshold,
                    if answer.capable_of_work {
                        "; unemployed offenders capable of work are not eligible"
                    } else {
                        ""
                    }
                );
                Ok(())
            }
        }
        FeesCommand::Report { kind, as_of: a } => {
            let as_of = as_of(a)?;
            let keep: fn(&CaseAccount) -> bool = match kind.as_str() {
                "delinquent" => |c| c.account.months_in_arrears > 0,
                "reminders" => |c| c.account.remind_by.is_some_and(|d| d >= c.account.as_of),
                "violations" => |c| c.account.violation_report_required,
                "ineligible" => |c| !c.account.current,
                other => {
                    return Err(CommandError::BadInput(format!(
                        "report {other:?} is not delinquent, reminders, violations or ineligible"
                    )))
                }
            };
            let ledger = open(path)?;
            let rows: Vec<CaseAccount> = ledger
                .case_accounts(as_of)?
                .into_iter()
                .filter(keep)
                .collect();
            if json {
                print_json(
                    &rows
                        .iter()
                        .map(|c| {
                            serde_json::json!({
                                "doc": c.account.doc.as_str(),
                                "name": c.name,
                                "supervision": c.supervision,
                                "balance": c.account.balance,
                                "months_in_arrears": c.account.months_in_arrears,
                                "delinquent_from": c.account.delinquent_from,
                                "remind_by": c.account.remind_by,
                            })
                        })
                        .collect::<Vec<_>>(),
                )
            } else {
                for c in &rows {
                    say!(
                        "{}  {:<30} {:>9}  {} month(s) in arrears{}",
                        c.account.doc,
                        c.name,
                        c.account.balance,
                        c.account.months_in_arrears,
                        c.account
                            .remind_by
                            .map(|d| format!("; remind by {d}"))
                            .unwrap_or_default()
                    );
                }
                say!("{} offender(s)", rows.len());
                Ok(())
            }
        }
    }
}

/// The PIN key for this ledger (refused when it is missing while the ledger holds hashes
/// made with it, or is not the key they were made with).
fn pin_key(ledger: &mut crate::store::Ledger, key: &Path) -> Result<PinKey, CommandError> {
    ledger
        .pin_key(key)
        .map_err(|e| CommandError::Failed(e.to_string()))
}

fn read_pin_from_stdin() -> Result<String, CommandError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(64)
        .read_line(&mut line)
        .map_err(|e| CommandError::BadInput(format!("cannot read the PIN: {e}")))?;
    Ok(line.trim().to_string())
}

pub fn pin(path: &Path, key: &Path, command: PinCommand, json: bool, actor: &str) -> Outcome {
    // The ledger must exist before a key file is made beside it: a mistyped path creates
    // nothing.
    open(path)?;
    match command {
        PinCommand::Set { doc: d, stdin } => {
            let d = doc(&d)?;
            let u = actor.to_string();
            let mut ledger = open(path)?;
            let key = pin_key(&mut ledger, key)?;
            if stdin {
                let pin = Pin::parse(&read_pin_from_stdin()?).map_err(Rejection::Pin)?;
                ledger.set_pin(&d, &pin, &key, now()?, &u)?;
                say!("PIN set for {d}");
            } else {
                let pin = ledger.issue_pin(&d, &key, now()?, &u)?;
                // Shown once; only its hash is kept.
                say!("PIN for {d}: {pin}");
            }
            Ok(())
        }
        PinCommand::Check { doc: d } => {
            let typed = read_pin_from_stdin()?;
            let mut ledger = open(path)?;
            let key = pin_key(&mut ledger, key)?;
            match ledger.check_pin(&d, &typed, &key, now()?)? {
                PinCheck::Accepted(_) => {
                    say!("accepted");
                    Ok(())
                }
                PinCheck::Refused => Err(CommandError::BadInput(
                    "the DOC number and PIN were not accepted".into(),
                )),
            }
        }
        PinCommand::Status { doc: d } => {
            let d = doc(&d)?;
            let ledger = open(path)?;
            let status = ledger.pin_status(&d)?;
            if json {
                print_json(&serde_json::json!({
                    "doc": d.as_str(),
                    "set": status.set,
                    "failed_attempts": status.failed_attempts,
                    "locked_until": status.locked_until,
                }))
            } else {
                say!(
                    "{d}: {}; {} wrong PIN(s) in a row{}",
                    if status.set { "PIN set" } else { "no PIN" },
                    status.failed_attempts,
                    status
                        .locked_until
                        .map(|t| format!("; locked until {t}"))
                        .unwrap_or_default()
                );
                Ok(())
            }
        }
    }
}
