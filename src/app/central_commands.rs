//! `lockbox central …` (the state's central server) and `lockbox sync` (a site's outbox
//! pushed to it).

use std::path::Path;
use std::time::Duration;

use crate::central::{Central, CentralError, Pushed};
use crate::cli::CentralCommand;
use crate::domain::Money;
use crate::store::Ledger;

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
        CentralCommand::Report { to } => {
            let central = to.central;
            let sites = Central::connect(&central)
                .and_then(|mut c| c.report())
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            let trust: i64 = sites.iter().map(|s| s.trust_cents).sum();
            let transfers: i64 = sites.iter().map(|s| s.transfers).sum();
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
                    })
                );
            } else {
                println!("{:<32} {:>16} {:>10}", "site", "trust", "transfers");
                for s in &sites {
                    println!(
                        "{:<32} {:>16} {:>10}",
                        s.site,
                        Money::from_cents(s.trust_cents),
                        s.transfers
                    );
                }
                println!(
                    "{:<32} {:>16} {:>10}",
                    "statewide",
                    Money::from_cents(trust),
                    transfers
                );
            }
            Ok(())
        }
    }
}

/// `lockbox sync`: this ledger's outbox pushed as site `site`, `batch` entries to a central
/// transaction; with `once`, what waits and then exit.
pub(crate) fn sync(
    path: &Path,
    site: &str,
    central: &str,
    (once, batch): (bool, usize),
    json: bool,
) -> Outcome {
    let mut ledger = Ledger::open_existing(path)?;
    if once {
        let pushed = push_waiting(&mut ledger, site, central, batch).map_err(|e| {
            CommandError::Failed(format!(
                "{e}; what was applied before stays applied, the rest waits in the outbox"
            ))
        })?;
        if json {
            println!("{}", serde_json::json!(pushed));
        } else {
            println!(
                "site {site}: {} entries applied centrally, {} sent before and recognised; the central server has everything to entry {}",
                pushed.applied, pushed.resent, pushed.high_water
            );
        }
        return Ok(());
    }
    // The service: a failure is said and tried again later, never the end of it (the
    // site goes on working on its own ledger meanwhile).
    let mut wait = IDLE;
    loop {
        match push_waiting(&mut ledger, site, central, batch) {
            Ok(pushed) => {
                if pushed.applied + pushed.resent > 0 {
                    tracing::info!(
                        applied = pushed.applied,
                        high_water = pushed.high_water,
                        "pushed"
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
                eprintln!(
                    "lockbox sync: {e}{needs}; trying again in {} s",
                    wait.as_secs()
                );
            }
        }
        std::thread::sleep(wait);
    }
}

/// Everything waiting in the outbox, in batches, each applied centrally before it is
/// marked sent here (a crash between the two sends it again, which the server recognises).
fn push_waiting(
    ledger: &mut Ledger,
    site: &str,
    url: &str,
    batch: usize,
) -> Result<Pushed, CentralError> {
    let local =
        |e: crate::store::LedgerError| CentralError::Server(format!("the site's ledger: {e}"));
    let mut central = Central::connect(url)?;
    central.ensure_current()?;
    // The ledger takes its site id at its first push that reaches the server (not at a
    // try that could not: a technician who runs it before setting `site.id` can still).
    ledger.claim_site(site).map_err(local)?;
    let mut total = Pushed::default();
    loop {
        let entries = ledger.outbox_pending(batch).map_err(local)?;
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            break;
        };
        let (first, last) = (first.seq, last.seq);
        let pushed = central.push(site, &entries)?;
        let at = now().map_err(|e| CentralError::Server(e.to_string()))?;
        ledger.outbox_mark_sent(first, last, at).map_err(local)?;
        total.applied += pushed.applied;
        total.resent += pushed.resent;
        total.high_water = pushed.high_water;
    }
    if total.high_water == 0 {
        total.high_water = central.high_water(site)?;
    }
    Ok(total)
}

fn failed(e: CentralError) -> CommandError {
    CommandError::Failed(format!("{e}; nothing was changed"))
}
