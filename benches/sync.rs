//! A site's outbox pushed to the central PostgreSQL (issue 18). `cargo bench --bench sync`
//! starts its own throwaway cluster (Debian's `postgresql`, as the tests do) and prints:
//!
//! - one site's whole outbox pushed to a loopback server, in entries per second (target:
//!   at least 5,000/s), batches of `LOCKBOX_BENCH_BATCH` entries (default 1000) each applied
//!   in one central transaction and then marked sent in the site's ledger;
//! - three sites pushing at once into the same central database;
//! - the catch-up after a 24-hour outage of a busy site: everything the scale
//!   `LOCKBOX_BENCH_SCALE` demo (default 100000; `LOCKBOX_BENCH_KEEP=DIR` keeps it) recorded
//!   from its last full business day on, pushed into a server that has the rest;
//! - `pgbench`'s simple-update rate on the same server in the same run, and the ratios.
//!
//! The small sites are demos at `LOCKBOX_BENCH_SITE_SCALE` people (default 3000), one seed
//! each, so their money orders differ (they are unique statewide). The cluster runs with
//! `fsync=off`, as the tests' does: the figures are the sync's own work, and pgbench's on
//! the same terms.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use lockbox::central::Central;
use lockbox::store::Ledger;

#[path = "support/mod.rs"]
mod support;
use support::{env, now};

#[path = "../tests/pg.rs"]
#[allow(dead_code)]
mod pg;

/// Pushes what waits in `ledger`'s outbox as `site`, `batch` entries to a central
/// transaction, each batch marked sent after the central commit (as `lockbox sync` does).
/// Returns the entries pushed and the seconds spent in the central server's part.
fn push_all(ledger: &mut Ledger, central: &mut Central, site: &str, batch: usize) -> (usize, f64) {
    ledger.claim_site(site).unwrap();
    let mut pushed = 0;
    let mut central_s = 0.0;
    loop {
        let entries = ledger.outbox_pending(batch).unwrap();
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            return (pushed, central_s);
        };
        let (first, last) = (first.seq, last.seq);
        let t = Instant::now();
        let done = central.push(site, &entries).unwrap();
        central_s += t.elapsed().as_secs_f64();
        assert_eq!(
            done.applied,
            entries.len(),
            "a first push applies everything"
        );
        ledger.outbox_mark_sent(first, last, now()).unwrap();
        pushed += entries.len();
    }
}

/// The central server's transfers of `site`, against the site's own.
fn same_books(url: &str, site: &str, ledger: &Ledger) -> bool {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let central: i64 = client
        .query_one(
            "SELECT count(*) FROM transfer WHERE site = $1",
            &[&site.to_string()],
        )
        .unwrap()
        .get(0);
    let here: i64 = ledger
        .connection()
        .query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'transfer' AND sent_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    central == here
}

/// A demo site of `scale` people built with `seed`, in `dir`.
fn demo_site(dir: &std::path::Path, scale: u32, seed: u64) -> Ledger {
    let mut l = Ledger::open(&dir.join(format!("site-{seed}.sqlite"))).unwrap();
    lockbox::app::demo::build(&mut l, scale, seed, now(), &mut |_, _, _| {}).unwrap();
    l
}

fn pending(l: &Ledger) -> i64 {
    l.connection()
        .query_row(
            "SELECT count(*) FROM outbox WHERE sent_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn main() {
    let Some(pg) = pg::PgCluster::start() else {
        println!("PostgreSQL is not installed: nothing measured (apt-get install postgresql)");
        return;
    };
    let batch = env("LOCKBOX_BENCH_BATCH", 1000) as usize;
    let site_scale = env("LOCKBOX_BENCH_SITE_SCALE", 3000);
    let dir = tempfile::tempdir().unwrap();
    let init = |db: &str| {
        let url = pg.url(db);
        Central::connect(&url).unwrap().init().unwrap();
        url
    };

    // One site, alone.
    let started = Instant::now();
    let mut sites: Vec<Ledger> = (1..=3)
        .map(|seed| demo_site(dir.path(), site_scale, seed))
        .collect();
    println!(
        "3 demo sites of {site_scale} people built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let url = init("one");
    let mut central = Central::connect(&url).unwrap();
    let entries = pending(&sites[0]);
    let t = Instant::now();
    let (pushed, central_s) = push_all(&mut sites[0], &mut central, "one", batch);
    let s = t.elapsed().as_secs_f64();
    let one_rate = pushed as f64 / s;
    assert_eq!(pushed as i64, entries);
    println!(
        "one site: {pushed} entries in {s:.2} s: {one_rate:.0} entries/s (target: at least 5000/s), batches of {batch}; the central server's part {:.2} s; its books equal the site's: {}",
        central_s,
        same_books(&url, "one", &sites[0])
    );

    // Three sites at once, into one central database.
    let url = init("three");
    let total: i64 = sites
        .iter()
        .map(|l| {
            l.connection()
                .execute("UPDATE outbox SET sent_at = NULL", [])
                .unwrap();
            pending(l)
        })
        .sum();
    // The first site's ledger records site "one"; the copies below push under their own.
    let t = Instant::now();
    let pushed: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = sites
            .iter_mut()
            .enumerate()
            .map(|(i, l)| {
                let url = url.clone();
                scope.spawn(move || {
                    let site = if i == 0 {
                        "one".to_string()
                    } else {
                        format!("site-{i}")
                    };
                    let mut central = Central::connect(&url).unwrap();
                    push_all(l, &mut central, &site, batch).0
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let s = t.elapsed().as_secs_f64();
    let three_rate = pushed as f64 / s;
    assert_eq!(pushed as i64, total);
    println!(
        "three sites at once: {pushed} entries in {s:.2} s: {three_rate:.0} entries/s in all; books equal: {}",
        same_books(&url, "one", &sites[0])
            && same_books(&url, "site-1", &sites[1])
            && same_books(&url, "site-2", &sites[2])
    );
    drop(sites);

    // The catch-up: a busy site's last full business day and today, after an outage.
    let (mut big, scale) = support::demo_ledger(&dir.path().join("big.sqlite"));
    let day: String = big
        .connection()
        .query_row(
            "SELECT max(business_date) FROM transfer WHERE kind = 'post_trust'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Everything written before that day's first journal entry counts as pushed before the
    // outage (marked sent; it is not on this fresh server, so the figure leaves out the
    // cost of a server that holds years of history); the day's business and everything
    // after it waited. No pull is measured: nothing else changed centrally meanwhile.
    let from: i64 = big
        .connection()
        .query_row(
            "SELECT min(seq) FROM outbox
             WHERE kind = 'transfer' AND json_extract(body, '$.business_date') >= ?1",
            [&day],
            |r| r.get(0),
        )
        .unwrap();
    let url = init("catchup");
    let mut central = Central::connect(&url).unwrap();
    big.connection()
        .execute(
            "UPDATE outbox SET sent_at = '2026-11-20 00:00:00' WHERE seq < ?1",
            [from],
        )
        .unwrap();
    let waiting = pending(&big);
    let t = Instant::now();
    let (pushed, central_s) = push_all(&mut big, &mut central, "busy", batch);
    let s = t.elapsed().as_secs_f64();
    assert_eq!(pushed as i64, waiting);
    println!(
        "catch-up after 24 hours offline, demo of {scale} people: {pushed} entries (from {day} on) in {s:.2} s: {:.0} entries/s; the central server's part {central_s:.2} s",
        pushed as f64 / s
    );

    // pgbench's simple-update on the same server.
    pg.url("pgbench");
    pg.tool("pgbench", &["-i", "-q", "-s", "10", "pgbench"]);
    let said = pg.tool(
        "pgbench",
        &[
            "-b",
            "simple-update",
            "-c",
            "1",
            "-j",
            "1",
            "-T",
            "10",
            "pgbench",
        ],
    );
    let tps: f64 = said
        .lines()
        .find_map(|l| l.trim().strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("pgbench said: {said}"));
    println!(
        "pgbench simple-update, 1 client: {tps:.0} transactions/s; sync entries/s ÷ that: one site {:.2}, three sites {:.2}",
        one_rate / tps,
        three_rate / tps
    );
}
