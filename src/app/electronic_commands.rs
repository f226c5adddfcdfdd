//! The electronic deposits' commands: importing the processor's file, the returns list and
//! the watchlists.

use std::path::Path;

use crate::cli::{DepositsCommand, WatchCommand};
use crate::domain::{parse_processor_file, sender_key, DepositChannel, DocNumber};

use super::command::*;

/// The processor's file, at most this many bytes (a million lines of a few hundred bytes).
const FILE_BYTES_MAX: u64 = 512 * 1024 * 1024;
/// Bad lines named before the rest are only counted.
const PROBLEMS_SHOWN: usize = 200;

pub(crate) fn deposits(path: &Path, command: DepositsCommand, json: bool, actor: &str) -> Outcome {
    match command {
        DepositsCommand::Import { file } => {
            let text = super::input_file::read_text(
                &file,
                super::input_file::Dash::File,
                FILE_BYTES_MAX,
                "a processor's daily file",
            )?;
            let lines = parse_processor_file(&text).map_err(|problems| {
                let mut said: Vec<String> = problems
                    .iter()
                    .take(PROBLEMS_SHOWN)
                    .map(|p| {
                        format!(
                            "{}:{}: {}",
                            file.display(),
                            p.line,
                            crate::strings::line_fault(&p.problem)
                        )
                    })
                    .collect();
                if problems.len() > PROBLEMS_SHOWN {
                    said.push(format!(
                        "... and {} more bad lines",
                        problems.len() - PROBLEMS_SHOWN
                    ));
                }
                said.push(format!(
                    "{} bad line(s): nothing was imported",
                    problems.len()
                ));
                CommandError::BadInput(said.join("\n"))
            })?;
            let mut ledger = open(path)?;
            let outcomes = ledger.import_electronic(&lines, now()?, actor)?;
            if json {
                return print_json(&outcomes);
            }
            for o in &outcomes {
                if o.reasons.is_empty() {
                    say!("{}  {}", o.id, o.outcome);
                } else {
                    say!("{}  {}  {}", o.id, o.outcome, o.reasons.join(", "));
                }
            }
            let count = |what: &str| outcomes.iter().filter(|o| o.outcome == what).count();
            say!(
                "{} line(s): {} accepted, {} held for review, {} refused, {} imported before",
                outcomes.len(),
                count("accepted"),
                count("held"),
                count("refused"),
                count("duplicate")
            );
            if count("charged_back") > 0 {
                say!("{} deposit(s) charged back", count("charged_back"));
            }
            Ok(())
        }
        DepositsCommand::Held => {
            let ledger = open(path)?;
            let held = ledger.electronic_held()?;
            if json {
                return print_json(&held);
            }
            if held.is_empty() {
                say!("no deposits held for review");
            }
            for h in held {
                say!(
                    "{}  {}  {}  {}  {}  {}  {}",
                    crate::domain::text::printable(&h.id),
                    h.received_at,
                    h.channel,
                    h.doc,
                    h.amount.with_dollar_sign(),
                    crate::domain::text::printable(&h.sender_name),
                    h.reasons.join(", ")
                );
            }
            Ok(())
        }
        DepositsCommand::Accept { id, note } => {
            let mut ledger = open(path)?;
            ledger.review_electronic(&id, "accepted", &note, now()?, actor)?;
            if json {
                print_json(&serde_json::json!({"id": id, "outcome": "accepted"}))
            } else {
                say!("{id} accepted");
                Ok(())
            }
        }
        DepositsCommand::Reject { id, reason, note } => {
            let reason = reason.trim().to_string();
            if crate::domain::RejectReason::parse(&reason).is_none() {
                return Err(crate::domain::Rejection::ReviewDecisionUnknown.into());
            }
            let mut ledger = open(path)?;
            ledger.review_electronic(&id, &reason, &note, now()?, actor)?;
            if json {
                print_json(&serde_json::json!({"id": id, "outcome": "refused", "reason": reason}))
            } else {
                say!("{id} rejected ({reason}): listed for return to the processor today");
                Ok(())
            }
        }
        DepositsCommand::Settle { date, total } => {
            let date =
                chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
                    CommandError::BadInput(format!("--date {date:?} is not a date (YYYY-MM-DD)"))
                })?;
            let stated = signed_amount(&total)?;
            let mut ledger = open(path)?;
            let s = ledger.settle_electronic(date, stated, now()?, actor)?;
            if json {
                return print_json(&s);
            }
            let again = if s.already_recorded {
                " (recorded before: nothing new)"
            } else {
                ""
            };
            if s.balanced {
                say!(
                    "{}: BALANCED: the processor settled {}, the day's accepted deposits less chargebacks{again}",
                    s.date,
                    s.stated.with_dollar_sign()
                );
            } else {
                let (gap, side) = if s.difference.is_negative() {
                    (
                        crate::domain::Money::from_cents(-s.difference.cents()),
                        "less than",
                    )
                } else {
                    (s.difference, "more than")
                };
                say!(
                    "{}: NOT BALANCED: the processor settled {}, {} {side} the {} lockbox expected (the day's accepted deposits less chargebacks); the difference stays in the processor receivable{again}",
                    s.date,
                    s.stated.with_dollar_sign(),
                    gap.with_dollar_sign(),
                    s.expected.with_dollar_sign()
                );
            }
            say!(
                "the processor receivable now holds {}",
                s.receivable.with_dollar_sign()
            );
            Ok(())
        }
        DepositsCommand::Returns { date } => {
            let date =
                chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
                    CommandError::BadInput(format!("--date {date:?} is not a date (YYYY-MM-DD)"))
                })?;
            let ledger = open(path)?;
            let lines = ledger.electronic_returns(date)?;
            if json {
                return print_json(&lines);
            }
            say!("id,received_at,channel,doc,amount,reason");
            for l in lines {
                say!(
                    "{},{},{},{},{},{}",
                    csv_field(&l.id),
                    l.received_at,
                    l.channel,
                    l.doc,
                    l.amount,
                    l.reason
                );
            }
            Ok(())
        }
    }
}

pub(crate) fn watch(path: &Path, command: WatchCommand, json: bool, actor: &str) -> Outcome {
    match command {
        WatchCommand::Add { whom, reason } => {
            let (kind, key) = watch_target(whom)?;
            let mut ledger = open(path)?;
            let id = ledger.watch_add(kind, &key, &reason, now()?, actor)?;
            if json {
                print_json(&serde_json::json!({"watch": id, "kind": kind, "key": key}))
            } else {
                say!("watchlist entry {id}: {kind} {key}");
                Ok(())
            }
        }
        WatchCommand::Allow {
            inmate,
            sender,
            reason,
        } => {
            let doc = DocNumber::parse(&inmate)
                .map_err(|_| CommandError::BadInput(format!("{inmate:?} is not a DOC number")))?;
            let sender = sender_from(sender)?.ok_or_else(|| {
                CommandError::BadInput(
                    "say which sender: --card FINGERPRINT, or --cash-sender NAME --address ADDRESS"
                        .into(),
                )
            })?;
            let key = crate::domain::pair_key(&sender, doc.as_str());
            let mut ledger = open(path)?;
            let id = ledger.watch_add("pair", &key, &reason, now()?, actor)?;
            if json {
                print_json(&serde_json::json!({"watch": id, "kind": "pair", "key": key}))
            } else {
                say!("watchlist entry {id}: always accept {sender} for {doc} from the velocity rules");
                Ok(())
            }
        }
        WatchCommand::Remove { id, reason } => {
            let mut ledger = open(path)?;
            ledger.watch_remove(id, &reason, now()?, actor)?;
            if json {
                print_json(&serde_json::json!({"removed": id}))
            } else {
                say!("watchlist entry {id} removed");
                Ok(())
            }
        }
        WatchCommand::List => {
            let ledger = open(path)?;
            let list = ledger.watch_list()?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                say!("the watchlist is empty");
            }
            for w in list {
                say!(
                    "{}  {}  {}  {}  (by {} on {})",
                    w.id,
                    w.kind,
                    crate::domain::text::printable(&w.key),
                    crate::domain::text::printable(&w.reason),
                    w.added_by,
                    w.added_at
                );
            }
            Ok(())
        }
    }
}

/// The sender key a card fingerprint or a cash sender's name and address make.
/// The sender key the watchlist keeps for a sender named on the command line.
/// Whom a watchlist entry names, as typed: (`inmate`, DOC number) or (`sender`, sender
/// key).
pub(crate) fn watch_target(
    crate::cli::WatchTarget { inmate, sender }: crate::cli::WatchTarget,
) -> Result<(&'static str, String), CommandError> {
    match (inmate, sender_from(sender)?) {
        (Some(doc), _) => Ok((
            "inmate",
            DocNumber::parse(&doc)
                .map_err(|_| CommandError::BadInput(format!("{doc:?} is not a DOC number")))?
                .to_string(),
        )),
        (None, Some(sender)) => Ok(("sender", sender)),
        (None, None) => Err(CommandError::BadInput(
            "say whom: --inmate DOC, --card FINGERPRINT, or --cash-sender NAME --address ADDRESS"
                .into(),
        )),
    }
}

/// The sender's key, from a card fingerprint (as the processor's file gives it: at most 64
/// characters, nothing a terminal or printer would act on) or a cash sender's name and
/// address (under the rules a typed name and address follow). `None` when none is given.
fn sender_from(
    crate::cli::SenderArgs {
        card,
        cash_sender,
        address,
    }: crate::cli::SenderArgs,
) -> Result<Option<String>, CommandError> {
    use crate::domain::{text, Field};
    match (card, cash_sender) {
        (Some(card), _) if !card.trim().is_empty() => {
            let card = crate::domain::processor_line::short_id(&card).ok_or_else(|| {
                CommandError::BadInput(
                    "--card is not a card fingerprint as the processor's file gives it: at most 64 characters, none of them control characters".into(),
                )
            })?;
            Ok(Some(sender_key(DepositChannel::Card, card, "", "")))
        }
        (None, Some(name)) if !name.trim().is_empty() => {
            let name = text::required(Field::SenderName, &name)?;
            let address = text::clean(Field::SenderAddress, address.as_deref().unwrap_or(""))?;
            Ok(Some(sender_key(
                DepositChannel::Cash,
                "",
                &name,
                address.as_deref().unwrap_or(""),
            )))
        }
        _ => Ok(None),
    }
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// An amount as the processor states a settlement: dollars and cents, negative with a
/// leading minus.
fn signed_amount(text: &str) -> Result<crate::domain::Money, CommandError> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    // Every rule of an amount a person types, but zero: a day with nothing to settle (or
    // chargebacks that cancel its deposits) is $0.00.
    let amount = match crate::domain::Money::parse_amount(digits) {
        Err(crate::domain::MoneyError::Zero) => crate::domain::Money::ZERO,
        other => other.map_err(|e| {
            CommandError::BadInput(format!(
                "--total {:?}: {}",
                crate::domain::text::printable(text),
                crate::strings::money_error(crate::domain::Language::En, e)
            ))
        })?,
    };
    Ok(if negative {
        crate::domain::Money::from_cents(-amount.cents())
    } else {
        amount
    })
}
