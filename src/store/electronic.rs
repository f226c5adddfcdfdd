//! Electronic deposits on the ledger: the processor's file imported in one transaction,
//! each line judged in order by `domain::screen` against the rolling windows of the lines
//! before it, and the watchlists; chargeback lines take posted deposits back. Accepted
//! deposits enter the books at once (`electronic_books`) and post with the next batch.

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::audit::AuditWriter;
use super::electronic_books::{ChargebackResult, ElectronicAccounts};
use super::{timestamp, Ledger, LedgerError};
use crate::domain::screening::{CARD_WINDOW_HOURS, HIGH_AMOUNT_DEFAULT, VELOCITY_WINDOW_DAYS};
use crate::domain::{
    screen, sender_key, DepositChannel, Money, ProcessorLine, Rejection, Screening, ScreeningFacts,
};

/// A file this long or longer has every DOC number on file read at once, not one by one.
const PEOPLE_READ_FROM: usize = 1_000;

/// What became of one line of an import, in file order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportedLine {
    pub id: String,
    /// `accepted`, `held`, `refused`, or `duplicate` (imported before: nothing recorded);
    /// a chargeback line is `charged_back`, `duplicate` (charged back before) or `refused`
    /// (`not_on_file`, `not_credited`, `amount_differs`, `doc_differs`).
    pub outcome: &'static str,
    pub reasons: Vec<&'static str>,
}

/// A watchlist entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WatchEntry {
    pub id: i64,
    /// `sender` or `inmate`.
    pub kind: String,
    /// The sender key (`card:…`, `cash:…`) or the DOC number.
    pub key: String,
    pub reason: String,
    pub added_at: String,
    pub added_by: String,
}

/// A refused line, for return to the processor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReturnLine {
    pub id: String,
    pub received_at: String,
    pub channel: String,
    pub doc: String,
    pub amount: Money,
    pub reason: String,
}

/// A held line as the review queue reads it: the line, its time in UTC (the windows'),
/// its sender key and address.
struct HeldRow {
    held: HeldDeposit,
    received_utc: String,
    sender_key: String,
    sender_address: String,
}

/// A held line waiting for a supervisor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeldDeposit {
    pub id: String,
    pub received_at: String,
    pub channel: String,
    pub doc: String,
    pub sender_name: String,
    pub amount: Money,
    pub reasons: Vec<String>,
}

/// Times are compared as UTC text of one fixed width, to the nanosecond, so the windows
/// are index ranges and a fraction of a second is never lost (the parser keeps years to
/// four digits).
fn utc(t: DateTime<FixedOffset>) -> String {
    super::velocity::utc_text(t)
}

impl Ledger {
    /// Imports the processor's lines (already checked: `domain::parse_processor_file`) in
    /// one transaction with its audit entry. Lines are judged in order of `received_at`,
    /// then file order; the answer is in file order. A line whose id was imported before
    /// records nothing and is `duplicate`. A chargeback line, in its place in that order,
    /// takes its original back (`electronic_books::charge_back`).
    pub fn import_electronic(
        &mut self,
        lines: &[ProcessorLine],
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<Vec<ImportedLine>, LedgerError> {
        self.with_batch_cache(|ledger| ledger.import_electronic_now(lines, now, actor))
    }

    fn import_electronic_now(
        &mut self,
        lines: &[ProcessorLine],
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<Vec<ImportedLine>, LedgerError> {
        let high_amount = match self.setting("high_amount_cents")? {
            Some(c) => c
                .parse::<i64>()
                .ok()
                .filter(|c| *c > 0)
                .map_or(HIGH_AMOUNT_DEFAULT, Money::from_cents),
            None => HIGH_AMOUNT_DEFAULT,
        };
        let tx = self.write()?;
        // The scheduled job imports as `system` (the command line authenticated it as the
        // service account); anyone else is a clerk or a supervisor on file.
        if actor != "system" {
            super::people::authorize(&tx, actor, false)?;
        }
        let at = timestamp(now);
        let mut order: Vec<usize> = (0..lines.len()).collect();
        order.sort_by_key(|&i| (lines[i].received_at.with_timezone(&Utc), i));
        let mut answers: Vec<Option<ImportedLine>> = vec![None; lines.len()];
        // The watchlist in force, read once: it is short, and a file is long.
        let watched: std::collections::HashSet<(String, String)> = tx
            .prepare("SELECT kind, key FROM watchlist WHERE removed_at IS NULL")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let (mut accepted, mut held, mut refused, mut duplicate) = (0, 0, 0, 0);
        let mut charged_back = 0;
        let mut audit = AuditWriter::begin(&tx)?;
        let accounts = ElectronicAccounts::load(&tx)?;
        // Every DOC number on file, read once for a long file: it names thousands, each
        // once or twice, and one scan costs less than a seek for each. A short one seeks.
        let people: Option<std::collections::HashSet<String>> = if lines.len() >= PEOPLE_READ_FROM {
            Some(
                tx.prepare("SELECT doc FROM person")?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?,
            )
        } else {
            None
        };
        let mut negative = super::electronic_books::trust_negative_all(&tx)?;
        // The people the state moved to other sites (a few): held here, never posted.
        let moved: std::collections::HashSet<String> = tx
            .prepare("SELECT doc FROM person_elsewhere")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // Accepted lines enter the books together (`book_accepted_between`): before a
        // chargeback, which may take one of them back, and at the end.
        let mut unbooked: Option<(i64, i64)> = None;
        for i in order {
            let line = &lines[i];
            if line.channel == DepositChannel::Chargeback {
                if let Some(ids) = unbooked.take() {
                    super::electronic_books::book_accepted_between(&tx, accounts, ids, &at)?;
                }
                let doc = line.doc.as_ref().map(ToString::to_string);
                let result = super::electronic_books::charge_back(
                    &tx,
                    accounts,
                    &line.id,
                    doc.as_deref(),
                    line.amount,
                    &line.received_at.to_rfc3339(),
                    &at,
                )?;
                let (outcome, reasons) = match result {
                    ChargebackResult::ChargedBack {
                        doc,
                        amount,
                        from_trust,
                    } => {
                        charged_back += 1;
                        if super::electronic_books::trust_negative(&tx, &doc)? {
                            negative.insert(doc.clone());
                        } else {
                            negative.remove(&doc);
                        }
                        // Money left an account: its own audit entry, naming what and whose.
                        audit.append(
                            &tx,
                            &at,
                            &super::audit::AuditEntry {
                                actor,
                                action: "electronic_deposit.chargeback",
                                subject: format!("electronic:{}", line.id),
                                outcome: "charged_back",
                                detail: serde_json::json!({
                                    "doc": doc,
                                    "amount": amount.to_string(),
                                    "from": if from_trust { "trust" } else { "unposted" },
                                    "received_at": line.received_at.to_rfc3339(),
                                })
                                .to_string(),
                            },
                        )?;
                        ("charged_back", Vec::new())
                    }
                    ChargebackResult::Duplicate => {
                        duplicate += 1;
                        ("duplicate", Vec::new())
                    }
                    ChargebackResult::Refused(why) => {
                        refused += 1;
                        ("refused", vec![why])
                    }
                };
                answers[i] = Some(ImportedLine {
                    id: line.id.clone(),
                    outcome,
                    reasons,
                });
                continue;
            }
            let seen: bool = tx
                .prepare_cached("SELECT 1 FROM electronic_deposit WHERE processor_id = ?1")?
                .exists([&line.id])?;
            // The same id twice in one file is a duplicate too: the first one counts.
            if seen {
                duplicate += 1;
                answers[i] = Some(ImportedLine {
                    id: line.id.clone(),
                    outcome: "duplicate",
                    reasons: Vec::new(),
                });
                continue;
            }
            let sender = key_of(line);
            let judged = judge(
                &tx,
                line,
                &sender,
                high_amount,
                &watched,
                &negative,
                people.as_ref(),
                &moved,
            )?;
            match &judged {
                Screening::Accepted => accepted += 1,
                Screening::Held(_) => held += 1,
                Screening::Refused(_) => refused += 1,
            }
            let doc = line.doc.as_ref().map_or(String::new(), |d| d.to_string());
            tx.prepare_cached(
                "INSERT INTO electronic_deposit (processor_id, received_at, received_text,
                     channel, doc, sender_name, sender_address, sender_key, card, amount_cents,
                     outcome, reasons, imported_at, imported_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                line.id,
                utc(line.received_at),
                line.received_at.to_rfc3339(),
                line.channel.code(),
                doc,
                line.sender_name,
                line.sender_address,
                sender,
                line.card.trim(),
                line.amount.cents(),
                judged.outcome(),
                judged.reasons().join(","),
                at,
                actor,
            ])?;
            if judged == Screening::Accepted {
                let id = tx.last_insert_rowid();
                unbooked = Some(unbooked.map_or((id, id), |(first, _)| (first, id)));
            }
            answers[i] = Some(ImportedLine {
                id: line.id.clone(),
                outcome: judged.outcome(),
                reasons: judged.reasons(),
            });
        }
        if let Some(ids) = unbooked.take() {
            super::electronic_books::book_accepted_between(&tx, accounts, ids, &at)?;
        }
        audit.ok(&tx, &at, actor, "deposits.import", format!("{} lines", lines.len()), format!(
                    "{{\"accepted\":{accepted},\"held\":{held},\"refused\":{refused},\"duplicate\":{duplicate},\"charged_back\":{charged_back}}}"
                ))?;
        tx.commit()?;
        Ok(answers.into_iter().flatten().collect())
    }

    /// Adds a sender (by sender key) or an inmate (by DOC number) to the watchlist: a
    /// supervisor's act, with its reason, audited.
    pub fn watch_add(
        &mut self,
        kind: &str,
        key: &str,
        reason: &str,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        let reason = crate::domain::text::required(crate::domain::Field::Note, reason)?;
        let tx = self.write()?;
        super::people::authorize(&tx, actor, true)?;
        let at = timestamp(now);
        let exists: bool = tx
            .prepare("SELECT 1 FROM watchlist WHERE kind = ?1 AND key = ?2 AND removed_at IS NULL")?
            .exists(params![kind, key])?;
        if exists {
            return Err(Rejection::AlreadyWatched.into());
        }
        tx.execute(
            "INSERT INTO watchlist (kind, key, reason, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![kind, key, reason, at, actor],
        )?;
        let id = tx.last_insert_rowid();
        AuditWriter::begin(&tx)?.ok(
            &tx,
            &at,
            actor,
            "watch.add",
            format!("{kind}:{key}"),
            serde_json::json!({"id": id, "reason": reason}).to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Takes entry `id` off the watchlist (the row stays, marked removed): a supervisor's
    /// act, with its reason, audited.
    pub fn watch_remove(
        &mut self,
        id: i64,
        reason: &str,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        let reason = crate::domain::text::required(crate::domain::Field::Note, reason)?;
        let tx = self.write()?;
        super::people::authorize(&tx, actor, true)?;
        let at = timestamp(now);
        let found: Option<String> = tx
            .query_row(
                "SELECT kind || ':' || key FROM watchlist WHERE id = ?1 AND removed_at IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let subject = found.ok_or(Rejection::NotWatched)?;
        tx.execute(
            "UPDATE watchlist SET removed_at = ?2, removed_by = ?3 WHERE id = ?1",
            params![id, at, actor],
        )?;
        AuditWriter::begin(&tx)?.ok(
            &tx,
            &at,
            actor,
            "watch.remove",
            subject,
            serde_json::json!({"id": id, "reason": reason}).to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The held deposits no supervisor has reviewed, oldest first.
    pub fn electronic_held(&self) -> Result<Vec<HeldDeposit>, LedgerError> {
        Ok(self
            .electronic_held_page(usize::MAX)?
            .into_iter()
            .map(|row| row.held)
            .collect())
    }

    /// The first `limit` held deposits, oldest first, with what the review queue reads of
    /// them besides.
    fn electronic_held_page(&self, limit: usize) -> Result<Vec<HeldRow>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT processor_id, received_text, channel, doc, sender_name, amount_cents, reasons,
                    received_at, sender_key, sender_address
             FROM electronic_deposit WHERE outcome = 'held' AND charged_back_at IS NULL
             ORDER BY received_at, id LIMIT ?1",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map([limit], |r| {
            let held = HeldDeposit {
                id: r.get(0)?,
                received_at: r.get(1)?,
                channel: r.get(2)?,
                doc: r.get(3)?,
                sender_name: r.get(4)?,
                amount: Money::from_cents(r.get(5)?),
                reasons: r
                    .get::<_, String>(6)?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            };
            Ok(HeldRow {
                held,
                received_utc: r.get(7)?,
                sender_key: r.get(8)?,
                sender_address: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A supervisor's review of a held deposit: `accepted` (it enters the books and posts
    /// with the next batch; not for an inmate not on file) or a `RejectReason`'s code (it
    /// is refused and listed for return on the day of the decision), with a note, audited.
    /// Only a held line not reviewed nor charged back can be.
    pub fn review_electronic(
        &mut self,
        processor_id: &str,
        decision: &str,
        note: &str,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        if decision != "accepted" && crate::domain::RejectReason::parse(decision).is_none() {
            return Err(Rejection::ReviewDecisionUnknown.into());
        }
        let note = crate::domain::text::required(crate::domain::Field::Note, note)?;
        let tx = self.write()?;
        super::people::authorize(&tx, actor, true)?;
        let at = timestamp(now);
        // The line waiting for review, read once: what the books need if it is accepted.
        let waiting: Option<(i64, i64, String, bool, bool)> = tx
            .prepare_cached(
                "SELECT e.id, e.amount_cents, e.received_text,
                        EXISTS (SELECT 1 FROM trust_account t WHERE t.doc = e.doc),
                        EXISTS (SELECT 1 FROM person_elsewhere p WHERE p.doc = e.doc)
                 FROM electronic_deposit e
                 WHERE e.processor_id = ?1 AND e.outcome = 'held' AND e.review IS NULL
                   AND e.charged_back_at IS NULL",
            )?
            .query_row([processor_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let Some((id, cents, received, has_trust, moved)) = waiting else {
            return Err(Rejection::NotHeldForReview.into());
        };
        let accepted = decision == "accepted";
        // Accepted money posts to the inmate's trust account: a DOC number with none (an
        // unknown inmate) cannot be accepted, only rejected (or accepted once the inmate
        // is on file), else every posting would stop at it.
        if accepted && !has_trust {
            return Err(Rejection::InmateNotFound.into());
        }
        // Their account is at the site the state moved them to: not posted here.
        if accepted && moved {
            return Err(Rejection::InmateMovedAway.into());
        }
        tx.execute(
            "UPDATE electronic_deposit SET outcome = ?2, review = ?3, review_note = ?4,
                 reviewed_at = ?5, reviewed_by = ?6
             WHERE id = ?1",
            params![
                id,
                if accepted { "accepted" } else { "refused" },
                decision,
                note,
                at,
                actor
            ],
        )?;
        if accepted {
            super::electronic_books::book_accepted(
                &tx,
                ElectronicAccounts::load(&tx)?,
                id,
                Money::from_cents(cents),
                &received,
                &at,
            )?;
        }
        AuditWriter::begin(&tx)?.ok(
            &tx,
            &at,
            actor,
            "deposits.review",
            format!("electronic:{processor_id}"),
            serde_json::json!({"decision": decision, "note": note}).to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The watchlist as it stands, oldest first.
    pub fn watch_list(&self) -> Result<Vec<WatchEntry>, LedgerError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, key, reason, added_at, added_by FROM watchlist
             WHERE removed_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(WatchEntry {
                id: r.get(0)?,
                kind: r.get(1)?,
                key: r.get(2)?,
                reason: r.get(3)?,
                added_at: r.get(4)?,
                added_by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The lines lockbox refused, or a supervisor rejected, on `date` (the day of the
    /// decision, so a line held for days is returned the day it is rejected), for return to
    /// the processor, in the order received.
    pub fn electronic_returns(
        &self,
        date: chrono::NaiveDate,
    ) -> Result<Vec<ReturnLine>, LedgerError> {
        let mut stmt = self.conn.prepare(
            "SELECT processor_id, received_text, channel, doc, amount_cents,
                    CASE WHEN review IS NOT NULL AND review <> 'accepted'
                         THEN 'rejected_' || review ELSE reasons END
             FROM electronic_deposit
             WHERE outcome = 'refused'
               AND substr(COALESCE(reviewed_at, imported_at), 1, 10) = ?1
             ORDER BY received_at, id",
        )?;
        let rows = stmt.query_map(params![date.format("%Y-%m-%d").to_string()], |r| {
            Ok(ReturnLine {
                id: r.get(0)?,
                received_at: r.get(1)?,
                channel: r.get(2)?,
                doc: r.get(3)?,
                amount: Money::from_cents(r.get(4)?),
                reason: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn key_of(line: &ProcessorLine) -> String {
    sender_key(
        line.channel,
        &line.card,
        &line.sender_name,
        &line.sender_address,
    )
}

/// Gathers a line's facts from the lines recorded before it and judges it.
#[allow(clippy::too_many_arguments)]
fn judge(
    tx: &Transaction<'_>,
    line: &ProcessorLine,
    sender: &str,
    high_amount: Money,
    watchlist: &std::collections::HashSet<(String, String)>,
    negative: &std::collections::HashSet<String>,
    people: Option<&std::collections::HashSet<String>>,
    moved: &std::collections::HashSet<String>,
) -> Result<Screening, LedgerError> {
    let t = utc(line.received_at);
    let t72 = utc(line.received_at - Duration::hours(CARD_WINDOW_HOURS));
    let doc = line.doc.as_ref().map_or(String::new(), |d| d.to_string());
    // The card's deposits to this inmate in the 72-hour window ending at this line, and,
    // when a file comes in after lines received later than this one, in every window
    // ending at one of those that this line would fall in: the limit holds in every
    // 72-hour window, whatever order the files come in.
    let (card_to_inmate, sender_rows) = if line.channel == DepositChannel::Card {
        let after = utc(line.received_at + Duration::hours(CARD_WINDOW_HOURS));
        // The card's every deposit, read once from its own index, when there are few:
        // they are the sender's too (a card's sender key is its card trimmed, as the card
        // is stored: `sender_key`), so the velocity windows need not read them again.
        let all = card_deposits(tx, line.card.trim())?;
        let near: Vec<(String, i64)> = match &all {
            Some(all) => all
                .iter()
                .filter(|(d, at, _)| {
                    *d == doc && at.as_str() > t72.as_str() && at.as_str() < after.as_str()
                })
                .map(|(_, at, cents)| (at.clone(), *cents))
                .collect(),
            None => tx
                .prepare_cached(
                    "SELECT received_at, amount_cents FROM electronic_deposit
                     WHERE card = ?1 AND doc = ?2 AND received_at > ?3 AND received_at < ?4
                       AND outcome <> 'refused'",
                )?
                .query_map(params![line.card.trim(), doc, t72, after], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<Result<_, _>>()?,
        };
        let window_at = |end: &str| -> i64 {
            let start = chrono::DateTime::parse_from_rfc3339(end)
                .map(|e| utc(e - Duration::hours(CARD_WINDOW_HOURS)))
                .unwrap_or_default();
            near.iter()
                .filter(|(at, _)| at.as_str() > start.as_str() && at.as_str() <= end)
                .map(|(_, c)| c)
                .sum()
        };
        let most = std::iter::once(t.as_str())
            .chain(
                near.iter()
                    .map(|(at, _)| at.as_str())
                    .filter(|at| *at >= t.as_str()),
            )
            .map(window_at)
            .max()
            .unwrap_or(0);
        let rows = all.map(|all| all.into_iter().map(|(d, at, _)| (d, at)).collect());
        (most, rows)
    } else {
        (0, None)
    };
    // Money orders taken in count in these windows as the processor's lines do.
    let (sender_inmates, inmate_senders) =
        super::velocity::distinct_in_window_of(tx, sender, &doc, &t, sender_rows)?;
    let inmate_known = match people {
        Some(people) => people.contains(&doc),
        None => tx
            .prepare_cached("SELECT 1 FROM person WHERE doc = ?1")?
            .exists([&doc])?,
    };
    let watched = |kind: &str, key: &str| -> Result<bool, LedgerError> {
        Ok(watchlist.contains(&(kind.to_string(), key.to_string())))
    };
    Ok(screen(&ScreeningFacts {
        anonymous: line.sender_name.trim().is_empty(),
        channel: Some(line.channel),
        amount: line.amount,
        card_to_inmate_72h: Money::from_cents(card_to_inmate),
        sender_inmates_8d: sender_inmates,
        inmate_senders_8d: inmate_senders,
        inmate_known,
        sender_watched: watched("sender", sender)?,
        inmate_watched: watched("inmate", &doc)?,
        balance_negative: line.channel == DepositChannel::Card && negative.contains(&doc),
        inmate_moved: moved.contains(&doc),
        pair_allowed: watched("pair", &crate::domain::pair_key(sender, &doc))?,
        high_amount,
    }))
}

/// A card deposit as the windows read it: (inmate, UTC time, cents).
type CardDeposit = (String, String, i64);

/// A card's every deposit that counts; `None` when there are
/// more than the velocity windows read into memory (`velocity::ROWS_IN_MEMORY`).
fn card_deposits(
    tx: &Transaction<'_>,
    card: &str,
) -> Result<Option<Vec<CardDeposit>>, LedgerError> {
    let rows: Vec<CardDeposit> = tx
        .prepare_cached(&format!(
            "SELECT doc, received_at, amount_cents FROM electronic_deposit
             WHERE card = ?1 AND outcome <> 'refused' LIMIT {}",
            super::velocity::ROWS_IN_MEMORY + 1
        ))?
        .query_map([card], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    Ok((rows.len() <= super::velocity::ROWS_IN_MEMORY).then_some(rows))
}

/// A held deposit as the review queue shows it: why it is held, how long it has waited, and
/// its sender's and inmate's deposits in the 8-day window ending at it (itself included,
/// refused ones left out, as the velocity rules count).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReviewItem {
    pub held: HeldDeposit,
    pub sender_address: String,
    /// The inmate's name on file (`None`: no such inmate).
    pub inmate: Option<String>,
    /// Business days since the processor received it.
    pub age_business_days: u32,
    pub urgent: bool,
    pub sender_window: WindowSummary,
    pub inmate_window: WindowSummary,
    /// The sender's latest deposits in the window, newest first (at most `REVIEW_HISTORY`).
    pub sender_history: Vec<HistoryLine>,
}

/// Deposits in a window: how many, to how many inmates (a sender's) or from how many
/// senders (an inmate's), and their total.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct WindowSummary {
    pub count: i64,
    pub distinct: i64,
    pub total: Money,
}

/// One deposit of a sender's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryLine {
    pub received_at: String,
    pub doc: String,
    pub amount: Money,
    pub outcome: String,
}

/// A sender's deposits listed with each held one.
pub const REVIEW_HISTORY: usize = 5;

impl Ledger {
    /// The review queue: the first `limit` held deposits, oldest first, each with its
    /// windows and age on `today`, and how many are held in all.
    pub fn electronic_review(
        &self,
        today: chrono::NaiveDate,
        limit: usize,
    ) -> Result<(Vec<ReviewItem>, i64), LedgerError> {
        let calendar = self.calendar()?;
        let total: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM electronic_deposit WHERE outcome = 'held' AND charged_back_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        let held = self.electronic_held_page(limit)?;
        let mut out = Vec::with_capacity(held.len());
        for HeldRow {
            held: h,
            received_utc: received_at,
            sender_key,
            sender_address: address,
        } in held
        {
            let from = chrono::DateTime::parse_from_rfc3339(&received_at)
                .map(|t| utc(t - Duration::days(VELOCITY_WINDOW_DAYS)))
                .map_err(|e| LedgerError::Corrupt(format!("received_at {received_at}: {e}")))?;
            let window =
                |by: &str, counted: &str, key: &str| -> Result<WindowSummary, LedgerError> {
                    Ok(self
                        .conn
                        .prepare_cached(&format!(
                        "SELECT COUNT(*), COUNT(DISTINCT {counted}), COALESCE(SUM(amount_cents), 0)
                         FROM deposit_window
                         WHERE {by} = ?1 AND at > ?2 AND at <= ?3"
                    ))?
                        .query_row(params![key, from, received_at], |r| {
                            Ok(WindowSummary {
                                count: r.get(0)?,
                                distinct: r.get(1)?,
                                total: Money::from_cents(r.get(2)?),
                            })
                        })?)
                };
            let sender_window = window("sender_key", "doc", &sender_key)?;
            let inmate_window = window("doc", "sender_key", &h.doc)?;
            let sender_history = self
                .conn
                .prepare_cached(
                    "SELECT shown_at, doc, amount_cents,
                            CASE source WHEN 'money_order' THEN 'money_order' ELSE outcome END
                     FROM deposit_window
                     WHERE sender_key = ?1 AND at > ?2 AND at <= ?3
                     ORDER BY at DESC LIMIT ?4",
                )?
                .query_map(
                    params![sender_key, from, received_at, REVIEW_HISTORY as i64],
                    |r| {
                        Ok(HistoryLine {
                            received_at: r.get(0)?,
                            doc: r.get(1)?,
                            amount: Money::from_cents(r.get(2)?),
                            outcome: r.get(3)?,
                        })
                    },
                )?
                .collect::<Result<_, _>>()?;
            let inmate = self
                .conn
                .prepare_cached("SELECT last_name, first_name FROM person WHERE doc = ?1")?
                .query_row([&h.doc], |r| {
                    Ok(format!(
                        "{}, {}",
                        r.get::<_, String>(0)?.to_uppercase(),
                        r.get::<_, String>(1)?
                    ))
                })
                .optional()?;
            let received_day = super::electronic_books::day_of(&h.received_at)?;
            let age = calendar.business_days_between(received_day, today);
            out.push(ReviewItem {
                sender_address: address,
                inmate,
                age_business_days: age,
                urgent: crate::domain::review_urgent(age),
                sender_window,
                inmate_window,
                sender_history,
                held: h,
            });
        }
        Ok((out, total))
    }
}
