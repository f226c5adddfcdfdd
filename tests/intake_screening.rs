//! Money orders in the lock box go through the electronic deposits' velocity rules and
//! watchlists at intake (issue 16): one window spans money orders and electronic lines.

use chrono::NaiveDateTime;
use lockbox::domain::{parse_processor_file, sender_key, DepositChannel, HoldReason};
use lockbox::store::{IntakeStatus, Ledger, NewPerson, Verification};

use crate::support::{at, by_hand, day, ledger, monday, CLERK, SUPERVISOR};

const INMATES: [(&str, &str); 6] = [
    ("00012345", "Rivera"),
    ("777", "Okafor"),
    ("1001", "Adams"),
    ("1002", "Baker"),
    ("1003", "Chen"),
    ("1004", "Diaz"),
];

/// The seeded ledger with four more inmates.
fn ledger_of_six() -> Ledger {
    let mut l = ledger();
    add_inmates(&mut l);
    l
}

/// `INMATES` past the two the seed has.
fn add_inmates(l: &mut Ledger) {
    for (doc, last) in &INMATES[2..] {
        l.add_person(
            &NewPerson {
                doc: (*doc).into(),
                last_name: (*last).into(),
                first_name: "Pat".into(),
                facility: "Algoa Correctional Center".into(),
                birth_date: None,
                language: Default::default(),
            },
            at(day(2026, 11, 1), 8),
            "test",
        )
        .expect("person");
    }
}

/// Takes in a money order from `sender` (at 12 Elm St) for inmate `i` of `INMATES`.
fn take_in(l: &mut Ledger, serial: &str, i: usize, sender: &str, t: NaiveDateTime) -> IntakeStatus {
    let (doc, last) = INMATES[i];
    let mut request = by_hand(serial, "25.00", doc, last);
    if let lockbox::domain::IntakeSource::ByHand { sender_name, .. } = &mut request.source {
        *sender_name = sender.into();
    }
    l.intake(&request, t, CLERK).expect("intake").status
}

fn minute(h: u32, m: u32) -> NaiveDateTime {
    monday().and_hms_opt(h, m, 0).expect("time")
}

const CARMEN: &str = "Carmen Rivera";

fn carmen_key() -> String {
    sender_key(
        DepositChannel::Cash,
        "",
        CARMEN,
        "12 Elm St, Jefferson City, MO 65101",
    )
}

#[test]
fn a_fourth_inmate_in_eight_days_holds_the_money_order_and_the_window_ends_at_it() {
    let mut l = ledger_of_six();
    assert_eq!(
        take_in(&mut l, "A1", 0, CARMEN, minute(9, 0)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "A2", 1, CARMEN, minute(10, 0)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "A3", 2, CARMEN, minute(11, 0)),
        IntakeStatus::Ready
    );
    // Eight days to the minute after the first: it has left the window (t − 8 days, t].
    let later = monday() + chrono::Duration::days(8);
    assert_eq!(
        take_in(&mut l, "A4", 3, CARMEN, later.and_hms_opt(9, 0, 0).unwrap()),
        IntakeStatus::Ready,
        "the first money order is exactly 8 days old and no longer counts"
    );
    // A minute before the second leaves it: four inmates (2, 3, 4 and this one).
    assert_eq!(
        take_in(
            &mut l,
            "A5",
            4,
            CARMEN,
            later.and_hms_opt(9, 59, 0).unwrap()
        ),
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
    // The same sender, written differently, is the same sender.
    assert_eq!(
        take_in(
            &mut l,
            "A6",
            5,
            "  CARMEN  rivera. ",
            later.and_hms_opt(10, 30, 0).unwrap()
        ),
        IntakeStatus::Held(HoldReason::SenderManyInmates),
        "inmates 3, 4, 5 (held counts) and 6"
    );
}

#[test]
fn a_fourth_sender_to_one_inmate_in_eight_days_holds_the_money_order() {
    let mut l = ledger_of_six();
    for (i, who) in ["Ann One", "Bea Two", "Cy Three"].iter().enumerate() {
        assert_eq!(
            take_in(&mut l, &format!("B{i}"), 2, who, minute(9 + i as u32, 0)),
            IntakeStatus::Ready
        );
    }
    // A sender already counted is not a new one.
    assert_eq!(
        take_in(&mut l, "B3", 2, "ANN ONE", minute(13, 0)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "B4", 2, "Dee Four", minute(14, 0)),
        IntakeStatus::Held(HoldReason::InmateManySenders)
    );
}

#[test]
fn money_orders_and_electronic_deposits_share_one_window_both_ways() {
    let mut l = ledger_of_six();
    // Carmen walks in with cash for three inmates the evening before (the processor's
    // file, in UTC: before Monday's intake in any time zone this machine may have)...
    let file = format!(
        "id,received_at,channel,doc,sender_name,sender_address,amount,card\n{}",
        (0..3)
            .map(|i| format!(
                "C{i},2026-11-15T2{}:00:00Z,cash,{},Carmen Rivera,\"12 Elm St, Jefferson City, MO 65101\",20.00,\n",
                i + 1,
                INMATES[i].0
            ))
            .collect::<String>()
    );
    let lines = parse_processor_file(&file).expect("file");
    let out = l
        .import_electronic(&lines, minute(8, 0), SUPERVISOR)
        .expect("import");
    assert!(out.iter().all(|o| o.outcome == "accepted"), "{out:?}");
    // ...and mails a money order to a fourth: held.
    assert_eq!(
        take_in(&mut l, "M1", 3, CARMEN, minute(12, 0)),
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
    // The other way: money orders from Ann to three inmates, then her cash to a fourth the
    // next day (after them in any time zone).
    let mut m = ledger_of_six();
    for i in 0..3 {
        assert_eq!(
            take_in(&mut m, &format!("N{i}"), i, "Ann One", minute(9, i as u32)),
            IntakeStatus::Ready
        );
    }
    let lines = parse_processor_file(
        "id,received_at,channel,doc,sender_name,sender_address,amount,card\n\
         D1,2026-11-17T12:00:00Z,cash,1002,ANN ONE,\"12 Elm St, Jefferson City, MO 65101\",20.00,\n",
    )
    .expect("file");
    let out = m
        .import_electronic(&lines, minute(13, 0), SUPERVISOR)
        .expect("import");
    assert_eq!(out[0].outcome, "held");
    assert_eq!(out[0].reasons, vec!["sender_many_inmates"]);
}

#[test]
fn watchlists_hold_money_orders_and_an_allowed_pair_is_let_through() {
    let mut l = ledger_of_six();
    let t = minute(8, 0);
    let id = l
        .watch_add(
            "sender",
            &carmen_key(),
            "asked by investigators",
            t,
            SUPERVISOR,
        )
        .expect("watch");
    assert_eq!(
        take_in(&mut l, "W1", 0, CARMEN, minute(9, 0)),
        IntakeStatus::Held(HoldReason::WatchlistSender)
    );
    l.watch_remove(id, "cleared", t, SUPERVISOR)
        .expect("remove");
    l.watch_add("inmate", "00001001", "restricted", t, SUPERVISOR)
        .expect("watch");
    assert_eq!(
        take_in(&mut l, "W2", 2, "Bea Two", minute(9, 30)),
        IntakeStatus::Held(HoldReason::WatchlistInmate)
    );
    assert_eq!(
        take_in(&mut l, "W3", 1, "Bea Two", minute(9, 40)),
        IntakeStatus::Ready
    );
    // Carmen to a fourth inmate (W1's inmate, 1001's held one counts, 777): held...
    assert_eq!(
        take_in(&mut l, "W4", 3, CARMEN, minute(10, 0)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "W5", 4, CARMEN, minute(10, 10)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "W6", 5, CARMEN, minute(10, 20)),
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
    // ...unless a supervisor always accepts her for that inmate.
    l.watch_add(
        "pair",
        &format!("{} 00001004", carmen_key()),
        "her grandson",
        t,
        SUPERVISOR,
    )
    .expect("allow");
    assert_eq!(
        take_in(&mut l, "W7", 5, CARMEN, minute(10, 30)),
        IntakeStatus::Ready
    );
}

#[test]
fn a_held_money_order_is_released_by_a_supervisor_and_a_returned_one_stops_counting() {
    let mut l = ledger_of_six();
    for i in 0..3 {
        take_in(&mut l, &format!("R{i}"), i, CARMEN, minute(9, i as u32));
    }
    assert_eq!(
        take_in(&mut l, "R3", 3, CARMEN, minute(10, 0)),
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
    let held = l.held_money_orders().expect("held");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].reason, HoldReason::SenderManyInmates);
    // Returned to its sender, it no longer counts: a money order to one of the first three
    // inmates makes three distinct inmates again, not four.
    let r3 = held[0].money_order_id;
    l.return_money_order(r3, "sender asked", minute(11, 0), SUPERVISOR)
        .expect("return");
    assert_eq!(
        take_in(&mut l, "R4", 0, CARMEN, minute(12, 0)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "R5", 4, CARMEN, minute(12, 30)),
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
    let r4 = l.held_money_orders().expect("held")[0].money_order_id;
    // Its return is on file with its time, which `check` holds to its status.
    let returned_at: Option<String> = l
        .connection()
        .query_row(
            "SELECT returned_at FROM money_order WHERE id = ?1",
            [r3],
            |r| r.get(0),
        )
        .expect("returned_at");
    assert_eq!(returned_at.as_deref(), Some("2026-11-16 11:00:00"));
    // A clerk cannot release it; a supervisor can, and it posts.
    assert!(matches!(
        l.release_hold(
            r4,
            "known family",
            &Verification::default(),
            minute(13, 0),
            CLERK
        ),
        Err(lockbox::store::LedgerError::Rejected(
            lockbox::domain::Rejection::SupervisorRequired
        ))
    ));
    l.release_hold(
        r4,
        "known family",
        &Verification::default(),
        minute(13, 0),
        SUPERVISOR,
    )
    .expect("release");
    l.post(monday(), minute(16, 0), CLERK, &mut |_| {})
        .expect("post");
    let b = l.balance("1003").expect("balance");
    assert_eq!(b.trust_balance.to_string(), "25.00");
}

/// A returned money order's return time is what leaves it out of the windows: one that
/// loses it (a write with the key, past the seals) counts again, and `check` names it.
#[test]
fn check_names_a_returned_money_order_that_lost_its_return_time() {
    let mut l = ledger_of_six();
    for i in 0..4 {
        take_in(&mut l, &format!("T{i}"), i, CARMEN, minute(9, i as u32));
    }
    let held = l.held_money_orders().expect("held")[0].money_order_id;
    // A lockbox older than the ledger returns it without a time: refused, so that the
    // windows never count a returned money order.
    let older = l
        .connection()
        .execute(
            "UPDATE money_order SET status = 'returned', ready_at = NULL WHERE id = ?1",
            [held],
        )
        .expect_err("returned without its time");
    assert!(
        older.to_string().contains("older than the ledger"),
        "{older}"
    );
    l.return_money_order(held, "sender asked", minute(11, 0), SUPERVISOR)
        .expect("return");
    assert!(l.check(monday()).expect("check").is_ok());
    l.connection()
        .execute(
            "UPDATE money_order SET returned_at = NULL WHERE id = ?1",
            [held],
        )
        .expect("edit");
    let report = l.check(monday()).expect("check");
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.contains("return time does not match its status")
                && v.contains(&held.to_string())),
        "{report:?}"
    );
}

/// A ledger from before this check (here version 1, the oldest): the upgrade gives its money
/// orders their sender and time, so they count in the window of the first intake after it.
#[test]
fn money_orders_taken_in_before_the_upgrade_count_in_the_windows() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v1.sqlite");
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(&lockbox::store::ledger::migrations()[0])
            .expect("v1 schema");
        for (doc, last) in &INMATES[2..] {
            c.execute(
                "INSERT INTO person (doc, last_name, first_name, facility, created_at)
                 VALUES (printf('%08d', ?1), ?2, 'Pat', 'Algoa', '2026-11-01 08:00:00')",
                rusqlite::params![doc.parse::<i64>().unwrap(), last],
            )
            .expect("person");
        }
        for (i, doc) in ["00001001", "00001002", "00001003"].iter().enumerate() {
            c.execute(
                "INSERT INTO money_order (issuer, serial, issuer_key, serial_key, amount_cents,
                     issued_on, doc, inmate_name, sender_name, sender_address, status,
                     received_at, received_by, ready_at)
                 VALUES ('USPS', ?1, 'x', ?1, 2500, '2026-11-10', ?2, 'Pat', 'carmen rivera',
                     '12 Elm St, Jefferson City, MO 65101', 'ready', ?3, 'clerk', ?3)",
                rusqlite::params![
                    format!("OLD{i}"),
                    doc,
                    format!("2026-11-16 0{}:00:00", i + 7)
                ],
            )
            .expect("money order");
        }
        c.execute_batch("PRAGMA user_version = 1").expect("version");
    }
    let mut l = Ledger::open(&path).expect("upgrades");
    l.add_user(CLERK, lockbox::store::Role::Clerk, minute(8, 0), "test")
        .expect("clerk");
    let backfilled: i64 = l
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM money_order WHERE sender_key = ?1 AND received_utc LIKE '2026-11-1%Z'",
            [carmen_key()],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(backfilled, 3);
    let mut request = by_hand("NEW1", "25.00", "1004", "Diaz");
    if let lockbox::domain::IntakeSource::ByHand { sender_name, .. } = &mut request.source {
        *sender_name = CARMEN.into();
    }
    let out = l.intake(&request, minute(12, 0), CLERK).expect("intake");
    assert_eq!(
        out.status,
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
}

/// The processor's file comes in the day after the money orders taken in meanwhile: its lines
/// are judged in the windows ending at those money orders too, so the order deposits are
/// recorded in never lets a sender reach a fourth inmate unheld.
#[test]
fn a_file_imported_after_a_later_money_order_is_judged_in_its_window_too() {
    let mut l = ledger_of_six();
    assert_eq!(
        take_in(&mut l, "L1", 3, CARMEN, minute(12, 0)),
        IntakeStatus::Ready
    );
    let file = format!(
        "id,received_at,channel,doc,sender_name,sender_address,amount,card\n{}",
        (0..3)
            .map(|i| format!(
                "E{i},2026-11-15T2{i}:00:00Z,cash,{},Carmen Rivera,\"12 Elm St, Jefferson City, MO 65101\",20.00,\n",
                INMATES[i].0
            ))
            .collect::<String>()
    );
    let lines = parse_processor_file(&file).expect("file");
    let out = l
        .import_electronic(
            &lines,
            minute(17, 0) + chrono::Duration::days(1),
            SUPERVISOR,
        )
        .expect("import");
    let got: Vec<(&str, Vec<&str>)> = out.iter().map(|o| (o.outcome, o.reasons.clone())).collect();
    assert_eq!(
        got,
        vec![
            ("accepted", vec![]),
            ("accepted", vec![]),
            ("held", vec!["sender_many_inmates"]),
        ],
        "the third cash line makes four inmates in the window ending at Monday's money order"
    );
}

/// A money order held for its owner or sender (here: no address) could not be screened at
/// intake; the release looks with what the supervisor verified, keeps it on hold for the
/// watchlist, and a second release (the supervisor has seen why) lets it go.
#[test]
fn a_release_screens_what_the_owners_hold_kept_from_the_watchlists() {
    let mut l = ledger_of_six();
    l.watch_add(
        "sender",
        &carmen_key(),
        "investigators",
        minute(8, 0),
        SUPERVISOR,
    )
    .expect("watch");
    let mut request = by_hand("S1", "25.00", "1001", "Adams");
    if let lockbox::domain::IntakeSource::ByHand {
        sender_name,
        sender_address,
        ..
    } = &mut request.source
    {
        *sender_name = CARMEN.into();
        *sender_address = String::new();
    }
    let o = l.intake(&request, minute(9, 0), CLERK).expect("intake");
    assert_eq!(
        o.status,
        IntakeStatus::Held(HoldReason::SenderAddressMissing)
    );
    let verified = Verification {
        sender_address: Some("12 Elm St, Jefferson City, MO 65101".into()),
        ..Verification::default()
    };
    let first = l.release_hold(
        o.money_order_id,
        "called her",
        &verified,
        minute(10, 0),
        SUPERVISOR,
    );
    assert!(
        matches!(
            first,
            Err(lockbox::store::LedgerError::Rejected(
                lockbox::domain::Rejection::HeldByScreening(HoldReason::WatchlistSender)
            ))
        ),
        "{first:?}"
    );
    let held = l.held_money_orders().expect("held");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].reason, HoldReason::WatchlistSender);
    // The verified address was kept: a release without it goes through now.
    l.release_hold(
        o.money_order_id,
        "investigators agree",
        &Verification::default(),
        minute(11, 0),
        SUPERVISOR,
    )
    .expect("released the second time");
    assert!(l.held_money_orders().expect("held").is_empty());
}

/// The upgrade path of a sealed ledger (version 10 on: rows checked against their seals,
/// money orders resealed over their new columns): taken through it again, the ledger still
/// checks clean, and its money orders still count.
#[test]
fn a_sealed_ledger_upgraded_to_version_11_checks_clean_and_still_screens() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("l.sqlite");
    {
        let mut l = Ledger::open(&path).expect("open");
        crate::support::seed(&mut l);
        add_inmates(&mut l);
        for i in 0..3 {
            assert_eq!(
                take_in(&mut l, &format!("U{i}"), i, CARMEN, minute(9, i as u32)),
                IntakeStatus::Ready
            );
        }
    }
    rusqlite::Connection::open(&path)
        .expect("raw")
        .execute_batch("PRAGMA user_version = 10")
        .expect("set back");
    let mut l = Ledger::open(&path).expect("upgrades again");
    assert_eq!(
        l.schema_version().expect("version"),
        lockbox::store::ledger::SCHEMA_VERSION
    );
    let report = l.check(monday()).expect("check");
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(
        take_in(&mut l, "U3", 3, CARMEN, minute(10, 0)),
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
}

/// A sender with a long history (more deposits than are read whole into memory) is judged
/// by the index walk, to the same answer.
#[test]
fn a_sender_with_a_long_history_is_judged_the_same() {
    let mut l = ledger_of_six();
    for i in 0..300 {
        let t = monday().and_hms_opt(6, 0, 0).unwrap() + chrono::Duration::seconds(i);
        assert_eq!(
            take_in(&mut l, &format!("H{i}"), 0, CARMEN, t),
            IntakeStatus::Ready
        );
    }
    assert_eq!(
        take_in(&mut l, "HA", 1, CARMEN, minute(9, 0)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "HB", 2, CARMEN, minute(9, 1)),
        IntakeStatus::Ready
    );
    assert_eq!(
        take_in(&mut l, "HC", 3, CARMEN, minute(9, 2)),
        IntakeStatus::Held(HoldReason::SenderManyInmates)
    );
    // Eight days on, all but the held one have left the window: two inmates, no hold.
    let later = monday() + chrono::Duration::days(8);
    assert_eq!(
        take_in(
            &mut l,
            "HD",
            4,
            CARMEN,
            later.and_hms_opt(9, 1, 30).unwrap()
        ),
        IntakeStatus::Ready,
        "inmate 3 (held at 9:02) and this one"
    );
}
