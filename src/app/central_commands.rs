//! `lockbox central …` (the state's central server) and `lockbox sync` (a site's outbox
//! pushed to it).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::central::{Central, CentralError, Pushed};
use crate::cli::CentralCommand;
use crate::domain::Money;
use crate::store::{CentralApplied, Ledger};

use super::command::*;

/// How long the service waits when nothing is waiting.
const IDLE: Duration = Duration::from_secs(5);
/// The longest wait between tries while the central server cannot be reached.
const BACKOFF_MAX: Duration = Duration::from_secs(60);

pub(crate) fn run(command: CentralCommand, json: bool) -> Outcome {
    match command {
        CentralCommand::Init { to } => {
            let central = to.central;
            let done = Central::connect(&central)
                .and_then(|mut c| c.init())
                .map_err(failed)?;
            if json {
                println!("{}", serde_json::json!({"from": done.from, "to": done.to}));
            } else if done.from == done.to {
                println!(
                    "the central schema is at version {} already: nothing to do",
                    done.to
                );
            } else if done.from == 0 {
                println!("the central schema is created, version {}", done.to);
            } else {
                println!(
                    "the central schema is upgraded from version {} to {}",
                    done.from, done.to
                );
            }
            Ok(())
        }
        CentralCommand::Person {
            to,
            doc,
            last_name,
            first_name,
            language,
            site,
            facility,
        } => {
            let (doc, site, facility) = where_(&doc, &site, &facility)?;
            use crate::domain::{text, Field, Language};
            let last = text::required(Field::LastName, &last_name).map_err(|_| {
                CommandError::Failed("--last-name: printable, 1 to 60 characters".into())
            })?;
            let first = text::clean(Field::FirstName, &first_name)
                .map_err(|_| {
                    CommandError::Failed("--first-name: printable, at most 60 characters".into())
                })?
                .unwrap_or_default();
            let language = Language::parse(&language)
                .ok_or_else(|| CommandError::Failed("--language: en or es".into()))?;
            Central::connect(&to.central)
                .and_then(|mut c| {
                    c.add_person(doc.as_str(), (&last, &first, language), &site, &facility)
                })
                .map_err(failed)?;
            said_where(
                json,
                &doc,
                &site,
                &facility,
                &format!("({last}) is registered at"),
            );
            Ok(())
        }
        CentralCommand::Watch {
            to,
            whom,
            reason,
            remove,
        } => {
            let (kind, key) = super::electronic_commands::watch_target(whom)?;
            let reason = crate::domain::text::required(crate::domain::Field::Note, &reason)
                .map_err(|_| {
                    CommandError::BadInput("--reason: say why, in printable text".into())
                })?;
            Central::connect(&to.central)
                .and_then(|mut c| c.watch(kind, &key, &reason, remove))
                .map_err(failed)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"kind": kind, "key": key, "removed": remove})
                );
            } else if remove {
                println!("{kind} {key} is off the state's watchlist; every site takes the state's entry off at its next sync");
            } else {
                println!(
                    "{kind} {key} is on the state's watchlist; every site adds it at its next sync"
                );
            }
            Ok(())
        }
        CentralCommand::Obligation {
            to,
            doc,
            kind,
            amount,
            percent,
        } => {
            let doc = crate::domain::DocNumber::parse(&doc).map_err(|_| {
                CommandError::BadInput(format!("--doc: {doc:?} is not a DOC number (8 digits)"))
            })?;
            let kind = crate::domain::ObligationKind::parse(&kind)
                .filter(|k| *k != crate::domain::ObligationKind::InterventionFee)
                .ok_or_else(|| {
                    CommandError::BadInput(format!(
                        "--kind: {kind:?} is not one of fine, court_cost, restitution (an intervention fee is the fee desk's, at the offender's site)"
                    ))
                })?;
            let amount = Money::parse_amount(&amount).map_err(|e| {
                CommandError::BadInput(format!(
                    "--amount: {}",
                    crate::strings::money_error(crate::domain::Language::En, e)
                ))
            })?;
            let percent_bp = percent
                .map(|p| super::deposit_commands::percent_to_bp(&p))
                .transpose()?;
            let site = Central::connect(&to.central)
                .and_then(|mut c| c.add_obligation(doc.as_str(), kind, amount.cents(), percent_bp))
                .map_err(failed)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"doc": doc.as_str(), "site": site, "kind": kind.code(), "amount": amount.to_string()})
                );
            } else {
                println!(
                    "{doc}: a {} of {} is sent to site {site}, which adds it at its next sync",
                    kind.code(),
                    amount.with_dollar_sign()
                );
            }
            Ok(())
        }
        CentralCommand::Move {
            to,
            doc,
            site,
            facility,
        } => {
            let (doc, site, facility) = where_(&doc, &site, &facility)?;
            Central::connect(&to.central)
                .and_then(|mut c| c.move_person(doc.as_str(), &site, &facility))
                .map_err(failed)?;
            said_where(json, &doc, &site, &facility, "is moved to");
            Ok(())
        }
        CentralCommand::Report { to } => {
            let central = to.central;
            let (sites, paid_twice) = Central::connect(&central)
                .and_then(|mut c| Ok((c.report()?, c.paid_twice()?)))
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            let trust: i64 = sites.iter().map(|s| s.trust_cents).sum();
            let transfers: i64 = sites.iter().map(|s| s.transfers).sum();
            let obligations: i64 = sites.iter().map(|s| s.obligations_cents).sum();
            let fees: i64 = sites.iter().map(|s| s.fees_receivable_cents).sum();
            let in_transit: i64 = sites.iter().map(|s| s.interfacility_cents).sum();
            if json {
                let by_site: serde_json::Map<String, serde_json::Value> = sites
                    .iter()
                    .map(|s| {
                        (
                            s.site.clone(),
                            serde_json::json!({
                                "trust_total": Money::from_cents(s.trust_cents).to_string(),
                                "transfers": s.transfers,
                                "high_water": s.high_water,
                                "last_push": s.last_push,
                                "clashes": s.clashes,
                                "obligations": Money::from_cents(s.obligations_cents).to_string(),
                                "fees_receivable": Money::from_cents(s.fees_receivable_cents).to_string(),
                                "interfacility": Money::from_cents(s.interfacility_cents).to_string(),
                            }),
                        )
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({
                        "sites": by_site,
                        "trust_total": Money::from_cents(trust).to_string(),
                        "transfers": transfers,
                        "paid_twice": paid_twice,
                        "obligations": Money::from_cents(obligations).to_string(),
                        "fees_receivable": Money::from_cents(fees).to_string(),
                        "in_transit": Money::from_cents(in_transit).to_string(),
                    })
                );
            } else {
                let line = |name: &str, trust: i64, obligations: i64, fees: i64, transfers: i64| {
                    println!(
                        "{:<24} {:>15} {:>15} {:>15} {:>10}",
                        name,
                        Money::from_cents(trust).to_string(),
                        Money::from_cents(obligations).to_string(),
                        Money::from_cents(fees).to_string(),
                        transfers
                    );
                };
                println!(
                    "{:<24} {:>15} {:>15} {:>15} {:>10}",
                    "site", "trust", "obligations", "fees owed", "transfers"
                );
                for s in &sites {
                    line(
                        &s.site,
                        s.trust_cents,
                        s.obligations_cents,
                        s.fees_receivable_cents,
                        s.transfers,
                    );
                }
                line("statewide", trust, obligations, fees, transfers);
                if in_transit != 0 {
                    println!(
                        "{} of moved people's balances in transit between sites (booked by the old site, not yet by the new)",
                        Money::from_cents(in_transit)
                    );
                }
                let clashes: i64 = sites.iter().map(|s| s.clashes).sum();
                if clashes > 0 {
                    println!(
                        "{clashes} money orders taken in at two sites (the later held); {paid_twice} of them posted at both (paid twice: to recover)"
                    );
                }
            }
            Ok(())
        }
    }
}

/// How `lockbox sync` runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SyncOptions {
    /// One round, then exit.
    pub once: bool,
    /// Entries to a central transaction, changes to a local one.
    pub batch: usize,
    /// Read the central change log again from its start.
    pub reread: bool,
    /// How long a round may take before it is given up.
    pub round_timeout: Duration,
}

/// Rounds given up (their connection stalled) that may still be running before the service
/// waits instead of starting another: each holds a connection and a thread until its link
/// finally fails.
const ABANDONED_MAX: usize = 3;

/// `lockbox sync`: this ledger's outbox pushed as site `site`, then the central change log
/// applied here; with `once`, one round and exit.
pub(crate) fn sync(
    path: &Path,
    site: &str,
    central: &str,
    options: SyncOptions,
    json: bool,
) -> Outcome {
    let mut ledger = Ledger::open_existing(path)?;
    if options.reread {
        ledger.reread_central(now()?)?;
    }
    drop(ledger);
    let running = Arc::new(AtomicUsize::new(0));
    if options.once {
        let (pushed, pulled) =
            round(path, site, central, options, true, &running).map_err(|e| {
                CommandError::Failed(format!(
                    "{e}; what was applied before stays applied, the rest waits in the outbox"
                ))
            })?;
        if json {
            println!(
                "{}",
                serde_json::json!({
                    "applied": pushed.applied,
                    "resent": pushed.resent,
                    "high_water": pushed.high_water,
                    "pulled": pulled,
                })
            );
        } else {
            println!(
                "site {site}: {} entries applied centrally, {} sent before and recognised; the central server has everything to entry {}",
                pushed.applied, pushed.resent, pushed.high_water
            );
            println!(
                "from the central server: {} changes read, {} money orders of other sites recorded, {} money orders held here, {} people moved, {} people added, {} watchlist entries added",
                pulled.changes, pulled.serials, pulled.held, pulled.moved, pulled.people, pulled.watched
            );
        }
        return Ok(());
    }
    // The service: a failure is said and tried again later, never the end of it (the
    // site goes on working on its own ledger meanwhile).
    let mut wait = IDLE;
    // Moves are settled at the first round, and then after any pull that moved someone.
    let mut settled = false;
    loop {
        // Rounds given up that never came back hold a connection and a thread each: past a
        // few, the process ends (non-zero) and its service manager starts a new one.
        if running.load(Ordering::SeqCst) >= ABANDONED_MAX {
            return Err(CommandError::Failed(format!(
                "{ABANDONED_MAX} rounds given up are still waiting for the central server: exiting, to be started again"
            )));
        }
        match round(path, site, central, options, !settled, &running) {
            Ok((pushed, pulled)) => {
                settled = true;
                if pushed.applied + pushed.resent > 0 {
                    tracing::info!(
                        applied = pushed.applied,
                        high_water = pushed.high_water,
                        "pushed"
                    );
                }
                if pulled.changes > 0 {
                    tracing::info!(
                        changes = pulled.changes,
                        held = pulled.held,
                        moved = pulled.moved,
                        "pulled"
                    );
                }
                wait = IDLE;
            }
            Err(e) => {
                wait = (wait * 2).min(BACKOFF_MAX);
                // A conflict does not clear by waiting: someone must look (the doctor
                // shows the entries piling up meanwhile).
                let needs = if matches!(e, CentralError::Conflict { .. }) {
                    "; this needs a person"
                } else {
                    ""
                };
                tell!(
                    "lockbox sync: {e}{needs}; trying again in {} s",
                    wait.as_secs()
                );
            }
        }
        std::thread::sleep(wait);
    }
}

/// A round counted as running until its thread ends, however it ends.
struct Running(Arc<AtomicUsize>);

impl Running {
    fn start(count: &Arc<AtomicUsize>) -> Running {
        count.fetch_add(1, Ordering::SeqCst);
        Running(Arc::clone(count))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One round (push, pull, push what the pull did) on its own thread, its own connection
/// and its own handle on the ledger, given up after `round_timeout`: a link that stalls
/// without closing would otherwise hold the sync for hours. A round given up may still
/// finish later; that is harmless, as every push and pull is applied once whoever makes
/// it. (It holds no SQLite transaction while it waits for the network.)
fn round(
    path: &Path,
    site: &str,
    url: &str,
    options: SyncOptions,
    settle: bool,
    running: &Arc<AtomicUsize>,
) -> Result<(Pushed, CentralApplied), CentralError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (path, site, url) = (path.to_path_buf(), site.to_string(), url.to_string());
    let running = Running::start(running);
    std::thread::spawn(move || {
        let _running = running;
        let result = Ledger::open_existing(&path)
            .map_err(local)
            .and_then(|mut ledger| sync_waiting(&mut ledger, &site, &url, options.batch, settle));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(options.round_timeout) {
        Ok(result) => result,
        Err(_) => Err(CentralError::Server(format!(
            "the central server did not answer within {} s; the round is given up (what it applied stays applied)",
            options.round_timeout.as_secs()
        ))),
    }
}

/// The outbox pushed, then the central change log read and applied: what this site did
/// goes first, so a clash it causes comes back in the same sync. Once the whole log is
/// applied, moves are settled (money orders held, accounts sent on: see
/// `Ledger::settle_moves`) if a pull changed where people are since they last were, or if
/// `settle` (a first round: a chargeback after a move).
fn sync_waiting(
    ledger: &mut Ledger,
    site: &str,
    url: &str,
    batch: usize,
    settle: bool,
) -> Result<(Pushed, CentralApplied), CentralError> {
    let mut central = Central::connect(url)?;
    let mut pushed = push_waiting(ledger, &mut central, site, batch)?;
    let mut pulled = pull_waiting(ledger, &mut central, site, batch)?;
    if settle || ledger.settle_wanted().map_err(local)? {
        let at = now().map_err(|e| CentralError::Server(e.to_string()))?;
        let (held, sent) = ledger.settle_moves(at).map_err(local)?;
        pulled.held += held;
        pulled.accounts += sent;
    }
    // What the pull did here (holds, moves) goes out at once: a site that ran `--once`
    // leaves nothing behind.
    if pulled.changed_anything() {
        let more = push_waiting(ledger, &mut central, site, batch)?;
        pushed.applied += more.applied;
        pushed.resent += more.resent;
        pushed.high_water = more.high_water;
    }
    Ok((pushed, pulled))
}

/// The central change log after this site's cursor, in batches, each applied here in one
/// transaction with the cursor it reaches.
fn pull_waiting(
    ledger: &mut Ledger,
    central: &mut Central,
    site: &str,
    batch: usize,
) -> Result<CentralApplied, CentralError> {
    let limit = i64::try_from(batch).unwrap_or(i64::MAX);
    let mut total = CentralApplied::default();
    loop {
        let from = ledger.central_cursor().map_err(local)?;
        let changes = central.changes(from, limit)?;
        if changes.is_empty() {
            return Ok(total);
        }
        let at = now().map_err(|e| CentralError::Server(e.to_string()))?;
        let applied = ledger
            .apply_central(site, from, &changes, at)
            .map_err(local)?;
        total.changes += applied.changes;
        total.serials += applied.serials;
        total.held += applied.held;
        total.moved += applied.moved;
        total.people += applied.people;
        total.watched += applied.watched;
        total.accounts += applied.accounts;
        total.obligations += applied.obligations;
    }
}

fn local(e: crate::store::LedgerError) -> CentralError {
    CentralError::Server(format!("the site's ledger: {e}"))
}

/// Everything waiting in the outbox, in batches, each applied centrally before it is
/// marked sent here (a crash between the two sends it again, which the server recognises).
fn push_waiting(
    ledger: &mut Ledger,
    central: &mut Central,
    site: &str,
    batch: usize,
) -> Result<Pushed, CentralError> {
    central.ensure_current()?;
    // The ledger takes its site id at its first push that reaches the server (not at a
    // try that could not: a technician who runs it before setting `site.id` can still).
    ledger.claim_site(site).map_err(local)?;
    // A central server restored from an older copy holds this site's entries only up to
    // its high-water mark: what was marked sent after it goes again.
    let held = central.high_water(site)?;
    if ledger.outbox_last_sent().map_err(local)? > held {
        let again = ledger.outbox_resend_after(held).map_err(local)?;
        tell!(
            "lockbox sync: the central server has site {site}'s entries only up to {held} (restored?): sending {again} entries again"
        );
    }
    let mut total = Pushed::default();
    let mut applied_to = held;
    loop {
        let entries = ledger.outbox_pending(batch).map_err(local)?;
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            break;
        };
        let (first, last) = (first.seq, last.seq);
        // Entries are numbered without gaps: a first one waiting beyond the next the server
        // expects means the ones between were marked sent here without reaching it (the
        // ledger edited behind lockbox's back). They go again, and it is said.
        if first > applied_to + 1 {
            let again = ledger.outbox_resend_after(applied_to).map_err(local)?;
            if again == 0 {
                return Err(CentralError::Server(format!(
                    "site {site}'s outbox has no entries {} to {}: the ledger was edited behind lockbox's back",
                    applied_to + 1,
                    first - 1
                )));
            }
            tell!(
                "lockbox sync: entries {} to {} of site {site} were marked sent but never reached the central server: sending {again} entries again",
                applied_to + 1,
                first - 1
            );
            tracing::warn!(
                site,
                from = applied_to + 1,
                to = first - 1,
                "entries marked sent that the central server never had"
            );
            continue;
        }
        let pushed = central.push(site, &entries)?;
        let at = now().map_err(|e| CentralError::Server(e.to_string()))?;
        ledger.outbox_mark_sent(first, last, at).map_err(local)?;
        total.applied += pushed.applied;
        total.resent += pushed.resent;
        total.high_water = pushed.high_water;
        applied_to = pushed.high_water;
    }
    if total.high_water == 0 {
        total.high_water = central.high_water(site)?;
    }
    Ok(total)
}

/// Says where a person now is, for `central person` and `central move`.
fn said_where(json: bool, doc: &crate::domain::DocNumber, site: &str, facility: &str, what: &str) {
    if json {
        println!(
            "{}",
            serde_json::json!({"doc": doc.as_str(), "site": site, "facility": facility})
        );
    } else {
        println!("{doc} {what} site {site} ({facility}); every site learns it at its next sync");
    }
}

/// A person's DOC number, a site id and a facility as typed, checked.
fn where_(
    doc: &str,
    site: &str,
    facility: &str,
) -> Result<(crate::domain::DocNumber, String, String), CommandError> {
    let doc = crate::domain::DocNumber::parse(doc)
        .map_err(|_| CommandError::Failed(format!("{doc:?} is not a DOC number (8 digits)")))?;
    if !crate::domain::site_id_ok(site) {
        return Err(CommandError::Failed(format!(
            "{site:?} is not a site id (lowercase letters, digits, - and _, at most 32)"
        )));
    }
    let facility = crate::domain::text::clean(crate::domain::Field::Facility, facility)
        .ok()
        .flatten()
        .ok_or_else(|| {
            CommandError::Failed(
                "--facility must name the facility (printable, at most 60 characters)".into(),
            )
        })?;
    Ok((doc, site.to_string(), facility))
}

fn failed(e: CentralError) -> CommandError {
    CommandError::Failed(format!("{e}; nothing was changed"))
}
