//! Reading the books: balances, statements, accounts, exports, the audit chain, the checks
//! and the reconciliation.

use std::path::Path;

use chrono::NaiveDate;

use crate::cli::{AuditCommand, ExportCommand};
use crate::domain::{DocNumber, Language};
use crate::store::LedgerError;
use std::io::Write;

use super::command::*;
use crate::cli::Command;

/// Runs one of this group's commands with what `command::dispatch` settled.
pub(crate) fn run(run: Run, command: Command) -> Outcome {
    let Run {
        path, json, actor, ..
    } = run;
    match command {
        Command::Balance { doc } => {
            let ledger = open(&path)?;
            let b = ledger.balance(&doc)?;
            if json {
                return print_json(&b);
            }
            say!("{}  {}  {}", b.doc, b.name, b.facility);
            say!("trust balance  {:>12}", b.trust_balance.with_dollar_sign());
            for o in &b.obligations {
                say!(
                    "obligation {} {:<16} owed {:>12} paid {:>12} remaining {:>12}",
                    o.id,
                    o.kind,
                    o.amount.with_dollar_sign(),
                    o.paid.with_dollar_sign(),
                    o.remaining.with_dollar_sign()
                );
            }
            for p in &b.pending {
                say!(
                    "pending money order {} {:>12} ({})",
                    p.money_order_id,
                    p.amount.with_dollar_sign(),
                    p.status
                );
            }
            say!("last {} transactions:", b.recent.len());
            for a in &b.recent {
                say!(
                    "  {}  {:<16} {:>12}  {}",
                    a.business_date,
                    a.kind,
                    a.amount.with_dollar_sign(),
                    a.account
                );
            }
            Ok(())
        }
        Command::Statement {
            all: true,
            month: m,
            print,
            out,
            lang,
            ..
        } => {
            let (y, m) = statement_month(&m)?;
            let forced = lang.as_deref().map(language_of).transpose()?;
            if !print && out.is_none() {
                return Err(CommandError::BadInput(
                    "say where the statements go: --print, --out DIR, or both".into(),
                ));
            }
            let now = now()?;
            let mut ledger = open(&path)?;
            if let Some(dir) = &out {
                std::fs::create_dir_all(dir).map_err(|e| {
                    CommandError::Failed(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            let mut to_print = Vec::new();
            let mut saved = 0usize;
            let mut failed: Option<CommandError> = None;
            let count = ledger.issue_all_statements(y, m, now, &actor, &mut |s, own, again| {
                let language = forced.unwrap_or(own);
                if let Some(dir) = &out {
                    if let Err(e) = save_statement(dir, s, language, again) {
                        failed.get_or_insert(e);
                        return Ok(());
                    }
                    saved += 1;
                }
                if print {
                    to_print.push((s.clone(), language, again));
                }
                Ok(())
            })?;
            if let Some(e) = failed {
                return Err(e);
            }
            // Queued as issued: a first issue is an original, not a DUPLICATE.
            for (statement, language, again) in &to_print {
                ledger.queue_issued_statement(statement, *language, *again, now, &actor)?;
            }
            say!(
                "{count} statement(s) for {y:04}-{m:02}: {saved} saved{}, {} queued for the desk printer",
                out.as_ref()
                    .map_or(String::new(), |d| format!(" in {}", d.display())),
                to_print.len()
            );
            Ok(())
        }
        Command::Statement {
            doc: Some(doc),
            month: m,
            print: true,
            lang,
            ..
        } => {
            let (y, m) = statement_month(&m)?;
            let mut ledger = open(&path)?;
            let language = match lang.as_deref() {
                Some(l) => language_of(l)?,
                None => ledger
                    .find_person(&DocNumber::parse(&doc).map_err(LedgerError::from)?)?
                    .map(|p| p.language)
                    .unwrap_or_default(),
            };
            let id = ledger.queue_statement(&doc, y, m, language, now()?, &actor)?;
            say!("statement queued as print job {id}");
            Ok(())
        }
        Command::Statement { doc, month: m, .. } => {
            let (y, m) = statement_month(&m)?;
            let doc = doc.unwrap_or_default();
            let ledger = open(&path)?;
            let s = ledger.statement(&doc, y, m)?;
            if json {
                return print_json(&s);
            }
            say!(
                "statement {}{}  {} {}  {}",
                s.month,
                s.number.map_or(String::new(), |n| format!(" number {n}")),
                s.doc,
                s.name,
                s.facility
            );
            say!(
                "opening balance {:>12}",
                s.opening_balance.with_dollar_sign()
            );
            for l in &s.lines {
                say!(
                    "{}  receipt {:>6}  {:<10} {:>10}  obligations {:>10}  credited {:>10}  balance {:>10}  {}",
                    l.date,
                    l.receipt_number.map_or_else(|| "-".to_string(), |n| n.to_string()),
                    l.kind.as_str(),
                    l.deposit.with_dollar_sign(),
                    l.to_obligations.with_dollar_sign(),
                    l.credited.with_dollar_sign(),
                    l.balance.with_dollar_sign(),
                    match l.kind.as_str() {
                        "move_out" => format!("to site {}", l.sender_name),
                        "move_in" => format!("from site {}", l.sender_name),
                        _ => format!("from {}", crate::domain::text::printable(&l.sender_name)),
                    }
                );
            }
            say!(
                "closing balance {:>12}",
                s.closing_balance.with_dollar_sign()
            );
            Ok(())
        }
        Command::Accounts => {
            let ledger = open(&path)?;
            let list = ledger.accounts()?;
            if json {
                print_json(
                    &list
                        .iter()
                        .map(|(n, b)| serde_json::json!({"account": n, "balance": b}))
                        .collect::<Vec<_>>(),
                )
            } else {
                for (n, b) in list {
                    say!("{:>14}  {n}", b.with_dollar_sign());
                }
                Ok(())
            }
        }
        Command::Export(c) => {
            let ledger = open(&path)?;
            let (out, journal) = match c {
                ExportCommand::Journal { out } => (out, true),
                ExportCommand::Csv { out } => (out, false),
            };
            let (sink, made): (Box<dyn Write>, _) = match &out {
                Some(p) => {
                    let file = super::input_file::OutputFile::open(p)?;
                    let handle = file.file.try_clone()?;
                    (Box::new(std::io::BufWriter::new(handle)), Some(file))
                }
                None => (
                    Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
                    None,
                ),
            };
            let mut counted = super::progress::LineCounter::new(sink, "export");
            let written = if journal {
                ledger.export_journal(&mut counted)
            } else {
                ledger.export_csv(&mut counted)
            }
            .map_err(CommandError::from)
            .and_then(|n| counted.flush().map(|()| n).map_err(CommandError::from));
            let n = match written {
                Ok(n) => n,
                Err(e) => {
                    // Half an export is no export: the file made for it goes.
                    drop(counted);
                    if let (Some(p), Some(made)) = (&out, made) {
                        made.discard(p);
                    }
                    return Err(e);
                }
            };
            counted.finish();
            if let Some(p) = out {
                tell!("{n} transfers written to {}", p.display());
            }
            Ok(())
        }
        Command::Audit(AuditCommand::Verify { anchor }) => {
            let ledger = open(&path)?;
            let verdict = ledger.verify_audit()?;
            let anchors = ledger.anchor_problems(anchor.as_deref())?;
            if json {
                print_json(&serde_json::json!({
                    "rows": verdict.rows,
                    "head_hash": verdict.head_hash,
                    "problem": verdict.problem,
                    "anchor_problems": anchors,
                }))?;
            } else if let Some(problem) = &verdict.problem {
                say!("audit chain BROKEN: {}", describe_audit_problem(problem));
            } else {
                say!(
                    "audit chain intact: {} rows, head {}",
                    verdict.rows,
                    verdict.head_hash
                );
            }
            if !json {
                for a in &anchors {
                    say!("audit chain BROKEN: {a}");
                }
            }
            if verdict.is_intact() && anchors.is_empty() {
                Ok(())
            } else {
                Err(CommandError::Failed(
                    "the audit trail has been altered".into(),
                ))
            }
        }
        Command::Check => {
            // The fee books are brought up to this month first (as by any command), so every
            // offender is compared as of today.
            let ledger = open(&path)?;
            let report = ledger.check(now()?.date())?;
            if json {
                print_json(&report)?;
            } else {
                say!("integrity check: {}", report.integrity);
                for v in &report.violations {
                    say!("invariant broken: {v}");
                }
                match &report.audit.problem {
                    None => say!("audit chain intact: {} rows", report.audit.rows),
                    Some(p) => say!("audit chain BROKEN: {}", describe_audit_problem(p)),
                }
                if report.is_ok() {
                    say!("all checks passed");
                }
            }
            if report.is_ok() {
                Ok(())
            } else {
                Err(CommandError::Failed(
                    "the ledger check found problems".into(),
                ))
            }
        }
        Command::Reconcile {
            date: d,
            print,
            lang,
        } => {
            let day = date(&d, "--date")?;
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let mut ledger = open(&path)?;
            let now = now()?;
            let r = ledger.reconciliation(day, now.date())?;
            if print {
                ledger.queue_reconciliation(day, language, now)?;
            }
            if json {
                print_json(&r)?;
            } else {
                let row = |label: &str, count: Option<i64>, amount: crate::domain::Money| {
                    say!(
                        "{label:<34} {:>6} {:>14}",
                        count.map_or(String::new(), |c| c.to_string()),
                        amount.with_dollar_sign()
                    )
                };
                say!("business day {}", r.business_date);
                row("opening (taken in, not posted)", None, r.opening);
                row(
                    "money orders taken in",
                    Some(r.taken_in.count),
                    r.taken_in.amount,
                );
                row(
                    "posted by the day's batch",
                    Some(r.posted.count),
                    r.posted.amount,
                );
                row(
                    "returned to their senders",
                    Some(r.returned.count),
                    r.returned.amount,
                );
                row("closing (taken in, not posted)", None, r.closing);
                if let Some(b) = r.batch {
                    row("what the batch recorded", Some(b.count), b.amount);
                }
                say!("audit chain head {}", r.audit_head);
                if !r.closed {
                    say!("the day is not closed: these figures may still change");
                }
                let batch_differs = r
                    .batch
                    .filter(|b| b.count != r.posted.count || b.amount != r.posted.amount);
                if let Some(b) = batch_differs {
                    // The batch's own record against its transfers: the sources agree
                    // otherwise, so the cents above would say 0.
                    say!(
                        "UNBALANCED: the day's batch recorded {} money orders for {}, but its transfers posted {} for {}",
                        b.count,
                        b.amount.with_dollar_sign(),
                        r.posted.count,
                        r.posted.amount.with_dollar_sign()
                    );
                }
                if r.balances() {
                    say!("BALANCED");
                } else if batch_differs.is_none()
                    || r.difference_cents != 0
                    || !r.concerned.is_empty()
                {
                    say!(
                        "UNBALANCED by {} cents ({}); money orders concerned: {}",
                        r.difference_cents,
                        crate::domain::Money::from_cents(r.difference_cents).with_dollar_sign(),
                        if r.concerned.is_empty() {
                            "none found by amount".to_string()
                        } else {
                            r.concerned
                                .iter()
                                .map(i64::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    );
                }
            }
            if r.balances() {
                Ok(())
            } else {
                Err(CommandError::Failed(
                    "the reconciliation does not balance".into(),
                ))
            }
        }
        other => Err(not_in_group(&other)),
    }
}

/// A statement's month: YYYY-MM, or `last` for the month before today's.
fn statement_month(text: &str) -> Result<(i32, u32), CommandError> {
    if text.trim() == "last" {
        use chrono::Datelike;
        let today = now()?.date();
        let last = crate::domain::month::first_of_month(today)
            .pred_opt()
            .unwrap_or(today);
        return Ok((last.year(), last.month()));
    }
    month(text)
}

fn language_of(text: &str) -> Result<Language, CommandError> {
    Language::parse(text)
        .ok_or_else(|| CommandError::BadInput(format!("language {text:?} is not en or es")))
}

/// Writes one statement as its paper reads (48 columns) to `dir`.
fn save_statement(
    dir: &Path,
    s: &crate::store::Statement,
    language: Language,
    duplicate: bool,
) -> Result<(), CommandError> {
    use crate::print::document::Document;
    let payload = serde_json::to_string(s).map_err(|e| CommandError::Failed(e.to_string()))?;
    let bytes = Document::from_job("statement", &payload)
        .map_err(|e| CommandError::Failed(e.to_string()))?
        .render(
            language,
            crate::print::code_page::CodePage::default(),
            crate::print::sheet::Columns::MM80,
            duplicate,
        )
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    let text =
        crate::print::decode::Paper::decode(&bytes, crate::print::code_page::CodePage::default())
            .to_text(48);
    let file = dir.join(format!("statement-{}-{}.txt", s.month, s.doc));
    std::fs::write(&file, text)
        .map_err(|e| CommandError::Failed(format!("cannot write {}: {e}", file.display())))
}

fn month(text: &str) -> Result<(i32, u32), CommandError> {
    let bad = || CommandError::BadInput(format!("month {text:?} is not a month like 2026-11"));
    let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if y.to_string().len() != 4
        || !(1..=12).contains(&m)
        || NaiveDate::from_ymd_opt(y, m, 1).is_none()
    {
        return Err(bad());
    }
    Ok((y, m))
}

fn describe_audit_problem(p: &crate::store::AuditProblem) -> String {
    use crate::store::AuditProblem;
    match p {
        AuditProblem::Edited { id } => format!("row {id} was edited"),
        AuditProblem::Forged { id } => {
            format!("row {id} does not carry the audit key's seal (written or rewritten without the key)")
        }
        AuditProblem::BrokenLink { id } => {
            format!("row {id} does not follow the row before it (a row was deleted or rows reordered)")
        }
        AuditProblem::Gap { id, expected } => {
            format!("row {id} comes where row {expected} should be (rows were deleted)")
        }
        AuditProblem::Truncated { last_id, expected } => format!(
            "the chain ends at row {last_id} but {expected} rows were written (rows at the end were deleted)"
        ),
    }
}
