//! The end-of-day reconciliation measures something: opening + taken in − posted − returned
//! = closing, each term from its own source, tied to the day's batch, fixed once the day is
//! closed, and UNBALANCED when a source disagrees (tested on a ledger broken on purpose).

use std::process::Command;

use lockbox::domain::Money;
use lockbox::store::Ledger;

use crate::support::{at, by_hand, day, ledger, CLERK, SUPERVISOR};

fn cents(c: i64) -> Money {
    Money::from_cents(c)
}

/// Three business days of intake, holds, returns and postings.
fn three_days() -> Ledger {
    let mut l = ledger();
    let (mon, tue, wed) = (day(2026, 11, 16), day(2026, 11, 17), day(2026, 11, 18));
    l.intake(
        &by_hand("A-1", "25.00", "12345", "Rivera"),
        at(mon, 9),
        CLERK,
    )
    .expect("ready");
    l.intake(
        &by_hand("A-2", "40.00", "12345", "Smith"),
        at(mon, 10),
        CLERK,
    )
    .expect("held");
    l.post(mon, at(mon, 16), CLERK, &mut |_| {}).expect("post");
    // After the cut-off: it waits for Tuesday's batch.
    l.intake(
        &by_hand("A-3", "10.00", "777", "Okafor"),
        at(mon, 17),
        CLERK,
    )
    .expect("late");
    l.intake(
        &by_hand("B-1", "100.00", "777", "Okafor"),
        at(tue, 9),
        CLERK,
    )
    .expect("ready");
    l.return_money_order(2, "no such inmate", at(tue, 11), SUPERVISOR)
        .expect("returned");
    l.post(tue, at(tue, 16), CLERK, &mut |_| {}).expect("post");
    l.intake(
        &by_hand("C-1", "7.50", "12345", "Rivera"),
        at(wed, 9),
        CLERK,
    )
    .expect("ready");
    l
}

#[test]
fn each_day_balances_ties_to_its_batch_and_closing_is_the_next_opening() {
    let l = three_days();
    let today = day(2026, 11, 20);
    let mon = l.reconciliation(day(2026, 11, 16), today).expect("mon");
    let tue = l.reconciliation(day(2026, 11, 17), today).expect("tue");
    let wed = l.reconciliation(day(2026, 11, 18), today).expect("wed");
    assert_eq!(mon.opening, cents(0));
    assert_eq!((mon.taken_in.count, mon.taken_in.amount), (3, cents(7_500)));
    assert_eq!((mon.posted.count, mon.posted.amount), (1, cents(2_500)));
    assert_eq!(mon.closing, cents(5_000));
    assert_eq!(tue.opening, mon.closing);
    assert_eq!(
        (tue.taken_in.count, tue.taken_in.amount),
        (1, cents(10_000))
    );
    assert_eq!((tue.returned.count, tue.returned.amount), (1, cents(4_000)));
    assert_eq!((tue.posted.count, tue.posted.amount), (2, cents(11_000)));
    assert_eq!(tue.closing, cents(0));
    assert_eq!(wed.opening, tue.closing);
    assert_eq!(wed.closing, cents(750));
    for r in [&mon, &tue, &wed] {
        assert!(r.balances(), "{r:?}");
        assert_eq!(r.difference_cents, 0);
    }
    // Tied to the batch: what the batch recorded is what its transfers posted.
    let batch = tue.batch.expect("Tuesday's batch finished");
    assert_eq!(
        (batch.count, batch.amount),
        (tue.posted.count, tue.posted.amount)
    );
    assert!(mon.closed && tue.closed);
    assert!(!wed.closed, "Wednesday's batch has not run");
}

#[test]
fn a_closed_day_never_changes() {
    let mut l = three_days();
    let mon = day(2026, 11, 16);
    let before = l.reconciliation(mon, day(2026, 11, 20)).expect("before");
    // Later business: intake, a release, a posting, a return.
    let thu = day(2026, 11, 19);
    l.intake(
        &by_hand("D-1", "60.00", "12345", "Rivera"),
        at(thu, 9),
        CLERK,
    )
    .expect("ready");
    l.post(thu, at(thu, 16), CLERK, &mut |_| {}).expect("post");
    let mut after = l.reconciliation(mon, day(2026, 11, 20)).expect("after");
    after.audit_head.clone_from(&before.audit_head);
    assert_eq!(after, before);
}

#[test]
fn a_money_order_changed_behind_the_ledgers_back_is_unbalanced_and_named() {
    let l = three_days();
    // The clerk took in $100.00; someone makes it $900.00 in the table.
    l.connection()
        .execute(
            "UPDATE money_order SET amount_cents = 90000 WHERE serial = 'B-1'",
            [],
        )
        .expect("tamper");
    let r = l
        .reconciliation(day(2026, 11, 17), day(2026, 11, 20))
        .expect("tue");
    assert!(!r.balances());
    assert_eq!(r.difference_cents, 80_000);
    let id: i64 = l
        .connection()
        .query_row("SELECT id FROM money_order WHERE serial = 'B-1'", [], |r| {
            r.get(0)
        })
        .expect("id");
    assert_eq!(r.concerned, vec![id]);
    // The other days still balance.
    assert!(l
        .reconciliation(day(2026, 11, 16), day(2026, 11, 20))
        .expect("mon")
        .balances());
}

#[test]
fn a_batch_total_changed_behind_the_ledgers_back_is_unbalanced() {
    let l = three_days();
    l.connection()
        .execute(
            "UPDATE posting_batch SET posted_cents = posted_cents - 100 WHERE business_date = '2026-11-17'",
            [],
        )
        .expect("tamper");
    let r = l
        .reconciliation(day(2026, 11, 17), day(2026, 11, 20))
        .expect("tue");
    assert!(!r.balances());
}

#[test]
fn the_command_says_unbalanced_with_the_difference_and_exits_1() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("recon.sqlite");
    {
        let mut l = Ledger::open(&db).expect("ledger");
        crate::support::seed(&mut l);
        crate::support::give_passwords(&mut l, &db);
        let mon = day(2026, 11, 16);
        l.intake(
            &by_hand("E-1", "50.00", "12345", "Rivera"),
            at(mon, 9),
            CLERK,
        )
        .expect("ready");
        l.post(mon, at(mon, 16), CLERK, &mut |_| {}).expect("post");
    }
    let reconcile = || {
        Command::new(env!("CARGO_BIN_EXE_lockbox"))
            .arg("--db")
            .arg(&db)
            .args(["reconcile", "--date", "2026-11-16"])
            .env("LOCKBOX_NOW", "2026-11-17T08:00:00")
            .output()
            .expect("runs")
    };
    let out = reconcile();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("BALANCED"));
    crate::support::tamperer(&db)
        .execute("UPDATE money_order SET amount_cents = 90000", [])
        .expect("tamper");
    let out = reconcile();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("UNBALANCED by 85000 cents ($850.00); money orders concerned: 1"),
        "{said}"
    );
    // The batch's own record edited, every other source agreeing: said as that, not as a
    // difference of 0 cents with no money order concerned (found by an outside review).
    crate::support::tamperer(&db)
        .execute_batch(
            "UPDATE money_order SET amount_cents = 5000;
             UPDATE posting_batch SET posted_cents = posted_cents + 1",
        )
        .expect("tamper");
    let out = reconcile();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "UNBALANCED: the day's batch recorded 1 money orders for $50.01, but its transfers posted 1 for $50.00"
        ),
        "{said}"
    );
    assert!(!said.contains("by 0 cents"), "{said}");
}

/// Found in review: a held money order's amount edited on a later day, then released and
/// posted, left every later day BALANCED. The day it posts names it (its posting transfers
/// against its intake transfer), and every day after the edit is off (the money orders
/// still open against the closing balance).
#[test]
fn a_held_money_order_changed_later_is_unbalanced_while_it_waits_and_when_it_posts() {
    let mut l = three_days();
    let thu = day(2026, 11, 19);
    let fri = day(2026, 11, 20);
    l.intake(
        &by_hand("H-1", "203.22", "12345", "Smith"),
        at(thu, 9),
        CLERK,
    )
    .expect("held");
    let id: i64 = l
        .connection()
        .query_row("SELECT id FROM money_order WHERE serial = 'H-1'", [], |r| {
            r.get(0)
        })
        .expect("id");
    l.post(thu, at(thu, 16), CLERK, &mut |_| {}).expect("post");
    assert!(l.reconciliation(thu, fri).expect("thu").balances());
    l.connection()
        .execute(
            "UPDATE money_order SET amount_cents = 90322 WHERE id = ?1",
            [id],
        )
        .expect("tamper");
    // While it waits on hold: Thursday's figures no longer hold together.
    let r = l.reconciliation(thu, fri).expect("thu");
    assert!(!r.balances(), "{r:?}");
    l.release_hold(
        id,
        "verified",
        &lockbox::store::Verification {
            doc: None,
            sender_name: None,
            sender_address: None,
        },
        at(fri, 9),
        SUPERVISOR,
    )
    .expect("released");
    l.post(fri, at(fri, 16), CLERK, &mut |_| {}).expect("post");
    let r = l.reconciliation(fri, day(2026, 11, 23)).expect("fri");
    assert!(!r.balances(), "{r:?}");
    assert_eq!(r.concerned, vec![id]);
}
