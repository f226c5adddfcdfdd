//! The deposits' commands: inmates and their obligations, slips, intake, items found, holds
//! and the business-day posting.

use std::path::Path;

use crate::cli::{HoldCommand, InmateCommand, IntakeArgs, ObligationCommand, SlipCommand};
use crate::domain::{
    DocNumber, Instrument, IntakeRequest, IntakeSource, Language, ObligationKind, SlipRequest,
};
use crate::store::{IntakeStatus, LedgerError, NewPerson, PostingOutcome, Verification};
use crate::strings;

use super::command::*;
use crate::cli::Command;

/// Runs one of this group's commands with what `command::dispatch` settled.
pub(crate) fn run(run: Run, command: Command) -> Outcome {
    let Run {
        path, json, actor, ..
    } = run;
    match command {
        Command::Inmate(c) => inmate(&path, c, json, &actor),
        Command::Obligation(ObligationCommand::Add {
            doc,
            kind,
            amount,
            percent,
        }) => {
            let kind = ObligationKind::parse(&kind).ok_or_else(|| {
                CommandError::BadInput(format!(
                    "kind {kind:?} is not one of fine, court_cost, restitution, intervention_fee"
                ))
            })?;
            let percent_bp = percent.map(|p| percent_to_bp(&p)).transpose()?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            let id = ledger.add_obligation(&doc, kind, &amount, percent_bp, now()?, &u)?;
            if json {
                print_json(&serde_json::json!({"obligation": id}))
            } else {
                say!("obligation {id} added");
                Ok(())
            }
        }
        Command::Slip(SlipCommand::New {
            doc,
            name,
            sender_name,
            sender_address,
            amount,
            lang,
            kiosk,
        }) => {
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let request = SlipRequest {
                doc,
                inmate_name: name,
                sender_name,
                sender_address,
                amount,
                language,
                kiosk_id: kiosk.clone(),
                large_print: false,
            };
            let mut ledger = open(&path)?;
            let slip = ledger.capture_slip(&request, now()?, &format!("kiosk:{kiosk}"))?;
            if json {
                print_json(&slip)
            } else {
                say!(
                    "slip {} for {} {} ({}): {} from {}",
                    slip.number,
                    slip.doc,
                    slip.inmate_name,
                    slip.facility,
                    slip.amount.with_dollar_sign(),
                    slip.sender_name
                );
                Ok(())
            }
        }
        Command::Intake(args) => intake(&path, args, json, &actor),
        Command::Found { kind, amount, slip } => {
            let item = crate::store::FoundItem::parse(&kind).ok_or_else(|| {
                CommandError::BadInput(format!(
                    "{kind:?} is not cash, personal_check or personal_item"
                ))
            })?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            let id = ledger.record_found_item(item, &amount, &slip, now()?, &u)?;
            if json {
                print_json(&serde_json::json!({"found_item": id}))
            } else {
                say!("found item {id} recorded: not accepted, no money moved");
                Ok(())
            }
        }
        Command::Hold(c) => hold(&path, c, json, &actor),
        Command::Post(args) => {
            let day = date(&args.date, "posting date")?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            let outcome = match ledger.post(day, now()?, &u, &mut |p| {
                if !json && p.total > 0 {
                    tell!("posted {} of {}", p.posted, p.total);
                }
            }) {
                Err(LedgerError::Rejected(crate::domain::Rejection::PostingRunning)) => {
                    let (since, by) = ledger.posting_running()?.unwrap_or_default();
                    return Err(CommandError::Failed(format!(
                        "a posting is running since {}, by {by}; nothing was posted by this run: wait for it to finish",
                        since.get(11..16).unwrap_or(&since)
                    )));
                }
                other => other?,
            };
            if json {
                return print_json(&outcome);
            }
            match outcome {
                PostingOutcome::NotABusinessDay { date, reason } => say!(
                    "nothing posted for {date}: {}",
                    strings::not_business_day(Language::En, reason)
                ),
                PostingOutcome::Posted {
                    date,
                    batch_count,
                    batch_total,
                    electronic_batch_count,
                    electronic_batch_total,
                    already_finished: true,
                    ..
                } => say!(
                    "the batch of {date} was already posted ({batch_count} money orders, {}; {electronic_batch_count} electronic deposits, {}); nothing new posted",
                    batch_total.with_dollar_sign(),
                    electronic_batch_total.with_dollar_sign(),
                ),
                PostingOutcome::Posted {
                    date,
                    posted_now,
                    posted_now_total,
                    batch_count,
                    batch_total,
                    electronic_posted_now,
                    electronic_posted_now_total,
                    electronic_batch_count,
                    electronic_batch_total,
                    resumed,
                    ..
                } => say!(
                    "posted {posted_now} money orders ({}) and {electronic_posted_now} electronic deposits ({}) for {date}{}; batch total {batch_count} money orders ({}), {electronic_batch_count} electronic deposits ({})",
                    posted_now_total.with_dollar_sign(),
                    electronic_posted_now_total.with_dollar_sign(),
                    if resumed { ", finishing an interrupted batch" } else { "" },
                    batch_total.with_dollar_sign(),
                    electronic_batch_total.with_dollar_sign()
                ),
            }
            Ok(())
        }
        other => Err(not_in_group(&other)),
    }
}

pub(crate) fn percent_to_bp(text: &str) -> Result<u32, CommandError> {
    let bad = || {
        CommandError::BadInput(format!(
            "percent {text:?} is not a number from 0 to 100 with at most two decimals"
        ))
    };
    let t = text.trim().trim_end_matches('%');
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
        || whole.len() > 3
    {
        return Err(bad());
    }
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = whole * 100 + frac;
    if bp > 10_000 {
        return Err(bad());
    }
    Ok(bp)
}

fn inmate(path: &Path, c: InmateCommand, json: bool, actor: &str) -> Outcome {
    match c {
        InmateCommand::Add {
            doc,
            last,
            first,
            facility,
            dob,
            lang,
        } => {
            let birth_date = dob.map(|d| date(&d, "date of birth")).transpose()?;
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let u = actor.to_string();
            let mut ledger = open(path)?;
            let p = ledger.add_person(
                &NewPerson {
                    doc,
                    last_name: last,
                    first_name: first,
                    facility,
                    birth_date,
                    language,
                },
                now()?,
                &u,
            )?;
            if json {
                print_json(&p)
            } else {
                say!("{} {} added", p.doc, p.display_name());
                Ok(())
            }
        }
        InmateCommand::Show { doc } => {
            let d = DocNumber::parse(&doc).map_err(LedgerError::from)?;
            let ledger = open(path)?;
            let p = ledger.find_person(&d)?.ok_or(LedgerError::Rejected(
                crate::domain::Rejection::InmateNotFound,
            ))?;
            if json {
                print_json(&p)
            } else {
                say!("{}  {}  {}", p.doc, p.display_name(), p.facility);
                Ok(())
            }
        }
    }
}

fn intake(path: &Path, a: IntakeArgs, json: bool, actor: &str) -> Outcome {
    let instrument = Instrument::parse(&a.instrument).ok_or_else(|| {
        CommandError::BadInput(format!(
            "instrument {:?} is not money_order, personal_check or cash",
            a.instrument
        ))
    })?;
    let issued_on = date(&a.date, "money order date")?;
    let source = match a.slip {
        Some(s) => IntakeSource::Slip(s),
        None => IntakeSource::ByHand {
            doc: a.doc,
            inmate_name: a.name,
            sender_name: a.sender_name,
            sender_address: a.sender_address,
        },
    };
    let request = IntakeRequest {
        instrument,
        issuer: a.issuer,
        serial: a.serial,
        amount: a.amount,
        issued_on,
        source,
    };
    let u = actor.to_string();
    let mut ledger = open(path)?;
    let outcome = ledger.intake(&request, now()?, &u)?;
    if json {
        return print_json(&outcome);
    }
    match outcome.status {
        IntakeStatus::Ready => say!(
            "money order {} taken in: {} for {}, ready for the next business-day posting",
            outcome.money_order_id,
            outcome.amount.with_dollar_sign(),
            outcome.doc.unwrap_or_default()
        ),
        IntakeStatus::Held(reason) => say!(
            "money order {} taken in and ON HOLD: {}",
            outcome.money_order_id,
            strings::hold_reason_in_full(Language::En, reason, outcome.slip_amount, outcome.amount)
        ),
    }
    Ok(())
}

fn hold(path: &Path, c: HoldCommand, json: bool, actor: &str) -> Outcome {
    match c {
        HoldCommand::List => {
            let ledger = open(path)?;
            let list = ledger.held_money_orders()?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                say!("no money orders on hold");
            }
            for h in list {
                say!(
                    "{:>6}  {:>10}  {}  since {}  ({} {})",
                    h.money_order_id,
                    h.amount.with_dollar_sign(),
                    strings::hold_reason_in_full(Language::En, h.reason, h.slip_amount, h.amount),
                    h.held_since,
                    crate::domain::text::printable(&h.issuer),
                    crate::domain::text::printable(&h.serial)
                );
            }
            Ok(())
        }
        HoldCommand::Release {
            money_order,
            note,
            doc,
            sender_name,
            sender_address,
        } => {
            let u = actor.to_string();
            let mut ledger = open(path)?;
            ledger.release_hold(
                money_order,
                &note,
                &Verification {
                    doc,
                    sender_name,
                    sender_address,
                },
                now()?,
                &u,
            )?;
            say!("money order {money_order} released: it posts with the next business-day batch");
            Ok(())
        }
        HoldCommand::Return { money_order, note } => {
            let u = actor.to_string();
            let mut ledger = open(path)?;
            ledger.return_money_order(money_order, &note, now()?, &u)?;
            say!("money order {money_order} marked returned to its sender");
            Ok(())
        }
    }
}
