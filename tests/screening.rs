//! Electronic deposits: DOMAIN.md's screening rules at their boundaries, and the processor
//! file read all or nothing.

use lockbox::domain::screening::{CARD_LIMIT_72H, HIGH_AMOUNT_DEFAULT};
use lockbox::domain::{
    parse_processor_file, screen, sender_key, DepositChannel, LineFault, Money, Refusal,
    ScreenHold, Screening, ScreeningFacts,
};

fn m(cents: i64) -> Money {
    Money::from_cents(cents)
}

/// A card line of `cents` to a known inmate, nothing else in its windows.
fn card(cents: i64) -> ScreeningFacts {
    ScreeningFacts {
        channel: Some(DepositChannel::Card),
        amount: m(cents),
        sender_inmates_8d: 1,
        inmate_senders_8d: 1,
        inmate_known: true,
        high_amount: HIGH_AMOUNT_DEFAULT,
        ..ScreeningFacts::default()
    }
}

fn cash(cents: i64) -> ScreeningFacts {
    ScreeningFacts {
        channel: Some(DepositChannel::Cash),
        ..card(cents)
    }
}

#[test]
fn the_card_limit_is_300_dollars_to_an_inmate_in_72_hours_this_line_included() {
    assert_eq!(CARD_LIMIT_72H, m(30_000));
    assert_eq!(
        screen(&card(30_000)),
        Screening::Accepted,
        "exactly $300.00"
    );
    assert_eq!(
        screen(&card(30_001)),
        Screening::Refused(Refusal::CardLimit),
        "$300.01"
    );
    let earlier = |prior: i64, cents: i64| ScreeningFacts {
        card_to_inmate_72h: m(prior),
        ..card(cents)
    };
    assert_eq!(screen(&earlier(20_000, 10_000)), Screening::Accepted);
    assert_eq!(
        screen(&earlier(20_000, 10_001)),
        Screening::Refused(Refusal::CardLimit)
    );
    // Cash has no 72-hour limit: its own is $5,000.00 a transaction.
    assert_eq!(
        screen(&ScreeningFacts {
            card_to_inmate_72h: m(30_000),
            ..cash(500)
        }),
        Screening::Accepted
    );
}

#[test]
fn cash_is_refused_above_5000_dollars_and_held_from_the_high_amount() {
    assert_eq!(
        screen(&cash(500_000)),
        Screening::Held(vec![ScreenHold::HighAmount]),
        "$5,000.00 is not refused, but is held as a high amount"
    );
    assert_eq!(
        screen(&cash(500_001)),
        Screening::Refused(Refusal::CashLimit)
    );
    assert_eq!(screen(&cash(99_999)), Screening::Accepted, "$999.99");
    assert_eq!(
        screen(&cash(100_000)),
        Screening::Held(vec![ScreenHold::HighAmount]),
        "≥ $1,000.00"
    );
}

#[test]
fn refusals_come_in_order_and_only_the_first_is_given() {
    let f = ScreeningFacts {
        anonymous: true,
        ..cash(600_000)
    };
    assert_eq!(screen(&f), Screening::Refused(Refusal::Anonymous));
    let f = ScreeningFacts {
        card_to_inmate_72h: m(30_000),
        anonymous: true,
        ..card(100)
    };
    assert_eq!(screen(&f), Screening::Refused(Refusal::Anonymous));
    // A refusal wins over every hold.
    let f = ScreeningFacts {
        inmate_known: false,
        sender_watched: true,
        ..cash(500_001)
    };
    assert_eq!(screen(&f), Screening::Refused(Refusal::CashLimit));
}

#[test]
fn the_fourth_distinct_inmate_or_sender_in_8_days_holds() {
    let f = |inmates: usize, senders: usize| ScreeningFacts {
        sender_inmates_8d: inmates,
        inmate_senders_8d: senders,
        ..card(1_000)
    };
    assert_eq!(screen(&f(3, 3)), Screening::Accepted, "three is allowed");
    assert_eq!(
        screen(&f(4, 1)),
        Screening::Held(vec![ScreenHold::SenderManyInmates])
    );
    assert_eq!(
        screen(&f(1, 4)),
        Screening::Held(vec![ScreenHold::InmateManySenders])
    );
    // An "always accept this sender for this inmate" rule lifts both, and nothing else.
    let allowed = ScreeningFacts {
        pair_allowed: true,
        inmate_watched: true,
        ..f(5, 5)
    };
    assert_eq!(
        screen(&allowed),
        Screening::Held(vec![ScreenHold::WatchlistInmate])
    );
}

#[test]
fn every_hold_that_applies_is_listed_in_domain_order() {
    let f = ScreeningFacts {
        inmate_known: false,
        sender_watched: true,
        inmate_watched: true,
        sender_inmates_8d: 4,
        inmate_senders_8d: 4,
        balance_negative: true,
        ..card(30_000)
    };
    let f = ScreeningFacts {
        high_amount: m(30_000),
        ..f
    };
    let held = screen(&f);
    assert_eq!(held.outcome(), "held");
    assert_eq!(
        held.reasons(),
        [
            "unknown_inmate",
            "watchlist_sender",
            "watchlist_inmate",
            "sender_many_inmates",
            "inmate_many_senders",
            "high_amount",
            "chargeback_outstanding"
        ]
    );
    // A negative balance holds card deposits only.
    let f = ScreeningFacts {
        balance_negative: true,
        ..cash(1_000)
    };
    assert_eq!(screen(&f), Screening::Accepted);
}

#[test]
fn a_cash_sender_is_their_name_and_address_folded_a_card_sender_its_card() {
    let a = sender_key(
        DepositChannel::Cash,
        "",
        "Mary O'Brien",
        "12 Elm St., Jefferson City",
    );
    let b = sender_key(
        DepositChannel::Cash,
        "",
        "  MARY  OBRIEN ",
        "12 ELM ST JEFFERSON CITY",
    );
    assert_eq!(a, b);
    assert_eq!(
        sender_key(DepositChannel::Cash, "", "Hans Strauß", "Ölweg 2"),
        sender_key(DepositChannel::Cash, "", "HANS STRAUSS", "ÖLWEG 2"),
        "full case folding: ß is ss"
    );
    let fullwidth = sender_key(
        DepositChannel::Cash,
        "",
        "ＭＡＲＹ OBrien",
        "12 Elm St Jefferson City",
    );
    assert_eq!(a, fullwidth, "NFKC");
    assert_ne!(
        a,
        sender_key(
            DepositChannel::Cash,
            "",
            "Mary O'Brien",
            "14 Elm St, Jefferson City"
        )
    );
    assert_eq!(
        sender_key(DepositChannel::Card, "fp-1", "Anyone", "Anywhere"),
        sender_key(DepositChannel::Card, "fp-1", "Someone else", "")
    );
}

const HEADER: &str = "id,received_at,channel,doc,sender_name,sender_address,amount,card\n";

#[test]
fn a_good_file_is_read_line_by_line_with_quoted_addresses() {
    let text = format!(
        "{HEADER}t1,2026-11-20T14:03:00-06:00,card,12345,Ana Diaz,\"12 Elm St, Apt \"\"B\"\"\",300.00,fp-1\r\n\
         t2,2026-11-20T15:00:00-06:00,cash,00012345,,\"\",\"5,000.00\",\n\
         t3,2026-11-21T09:00:00Z,chargeback,,,,25.00,fp-1\n"
    );
    let lines = parse_processor_file(&text).expect("good file");
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].sender_address, "12 Elm St, Apt \"B\"");
    assert_eq!(lines[0].amount, m(30_000));
    assert_eq!(
        lines[1].sender_name, "",
        "anonymous is a refusal, not malformed"
    );
    assert_eq!(lines[1].amount, m(500_000));
    assert_eq!(lines[2].channel, DepositChannel::Chargeback);
    assert_eq!(lines[2].doc, None);
    assert_eq!(lines[0].line, 2);
}

#[test]
fn a_malformed_file_names_every_bad_line() {
    let text = format!(
        "{HEADER}t1,2026-11-20T14:03:00-06:00,card,12345,Ana,Addr,10.00\n\
         t2,2026-11-20 14:03,card,12345,Ana,Addr,10.00,fp\n\
         t3,2026-11-20T14:03:00-06:00,card,12345,Ana,Addr,10.001,fp\n\
         t4,2026-11-20T14:03:00-06:00,wire,12345,Ana,Addr,10.00,fp\n\
         t5,2026-11-20T14:03:00-06:00,card,12345,Ana,Addr,10.00,\n\
         t6,2026-11-20T14:03:00-06:00,cash,12345,Ana,Addr,10.00,\n"
    );
    let problems = parse_processor_file(&text).expect_err("refused");
    let got: Vec<(usize, LineFault)> = problems.into_iter().map(|p| (p.line, p.problem)).collect();
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[0], (2, LineFault::Columns(7)));
    assert!(matches!(got[1], (3, LineFault::BadDate(_))));
    assert!(matches!(got[2], (4, LineFault::BadAmount(..))));
    assert!(matches!(got[3], (5, LineFault::BadChannel(_))));
    assert_eq!(got[4], (6, LineFault::CardLineWithoutCard));
    let words = lockbox::strings::line_fault(&got[2].1);
    assert!(words.contains("10.001"), "{words}");
    // A wrong header is a problem of line 1.
    let problems = parse_processor_file("id,when,amount\n").expect_err("refused");
    assert_eq!(problems[0].line, 1);
}

/// A line too long is named as such, and a later line reusing its id is named too.
#[test]
fn a_line_too_long_is_named_and_its_id_still_counts() {
    let long_address = "A".repeat(5_000);
    let text = format!(
        "{HEADER}t1,2026-11-20T14:03:00-06:00,cash,12345,Ana,{long_address},10.00,\n\
         t1,2026-11-20T15:03:00-06:00,cash,12345,Ana,Addr,10.00,\n\
         t2,2026-11-20T15:03:00-06:00,cash,12345,Ana,Addr,10.00,\n"
    );
    let problems = parse_processor_file(&text).expect_err("refused");
    let got: Vec<(usize, LineFault)> = problems.into_iter().map(|p| (p.line, p.problem)).collect();
    assert_eq!(
        got,
        vec![(2, LineFault::TooLong), (3, LineFault::ConflictingId(2))]
    );
}

mod imported {
    //! Random processor files imported into a ledger, checked against a naive reference
    //! that rescans every earlier line: the same outcome for every line, nothing recorded
    //! twice, and no card ever over $300.00 to an inmate in any 72-hour window.

    use chrono::{DateTime, Duration, FixedOffset, TimeZone};
    use lockbox::domain::{parse_processor_file, sender_key, DepositChannel, ProcessorLine};
    use proptest::prelude::*;

    use crate::support::{at, day, ledger, CLERK};

    /// The seeded ledger's two inmates, and two DOC numbers no one has (four inmates, so a
    /// sender can reach the fourth).
    const DOCS: [&str; 4] = ["00012345", "00000777", "00099999", "00099998"];
    const CARDS: [&str; 3] = ["fp-a", "fp-b", "fp-c"];
    const NAMES: [(&str, &str); 3] = [
        ("Ann Lee", "1 Oak Ave"),
        ("ANN LEE", "1 Oak Ave."),
        ("", ""),
    ];

    #[derive(Debug, Clone)]
    struct Gen {
        minutes: i64,
        /// Milliseconds past the minute: often none, sometimes a fraction of a second.
        millis: i64,
        cash: bool,
        doc: usize,
        card: usize,
        name: usize,
        cents: i64,
        offset_hours: i32,
    }

    fn gen() -> impl Strategy<Value = Gen> {
        (
            0..(12 * 24 * 60i64),
            proptest::bool::weighted(0.3),
            0..4usize,
            0..3usize,
            0..3usize,
            prop_oneof![1..35_000i64, 90_000..600_000i64],
            -8..2i32,
            prop_oneof![Just(0i64), 0..60_000i64],
        )
            .prop_map(
                |(minutes, cash, doc, card, name, cents, offset_hours, millis)| Gen {
                    minutes,
                    millis,
                    cash,
                    doc,
                    card,
                    name,
                    cents,
                    offset_hours,
                },
            )
    }

    fn time(g: &Gen) -> DateTime<FixedOffset> {
        let start = chrono::Utc
            .with_ymd_and_hms(2026, 11, 10, 0, 0, 0)
            .single()
            .expect("start");
        (start + Duration::minutes(g.minutes) + Duration::milliseconds(g.millis))
            .with_timezone(&FixedOffset::east_opt(g.offset_hours * 3600).expect("offset"))
    }

    fn csv(lines: &[(usize, Gen)]) -> String {
        let mut text = String::from(lockbox::domain::PROCESSOR_HEADER);
        text.push('\n');
        for (id, g) in lines {
            let (name, address) = NAMES[g.name];
            text.push_str(&format!(
                "t{id},{},{},{},{name},\"{address}\",{}.{:02},{}\n",
                time(g).to_rfc3339(),
                if g.cash { "cash" } else { "card" },
                DOCS[g.doc],
                g.cents / 100,
                g.cents % 100,
                if g.cash { "" } else { CARDS[g.card] },
            ));
        }
        text
    }

    type Judged = (String, String, Vec<&'static str>);

    /// DOMAIN.md's rules for one line, by rescanning every line on record (the slow,
    /// obvious way), in its own window and in every window ending at a line on record
    /// after it that it falls in.
    fn judge_one(on_record: &[ProcessorLine], l: &ProcessorLine) -> (String, Vec<&'static str>) {
        let t = l.received_at;
        let key =
            |x: &ProcessorLine| sender_key(x.channel, &x.card, &x.sender_name, &x.sender_address);
        // Every 72-hour window this line falls in that ends at it or at a card line on
        // record after it: the limit holds in each.
        let same_card: Vec<&ProcessorLine> = on_record
            .iter()
            .filter(|x| x.channel == DepositChannel::Card && x.card == l.card && x.doc == l.doc)
            .collect();
        let card_sum: i64 = std::iter::once(t)
            .chain(
                same_card
                    .iter()
                    .map(|x| x.received_at)
                    .filter(|&e| e >= t && e < t + Duration::hours(72)),
            )
            .map(|end| {
                same_card
                    .iter()
                    .filter(|x| x.received_at > end - Duration::hours(72) && x.received_at <= end)
                    .map(|x| x.amount.cents())
                    .sum::<i64>()
            })
            .max()
            .unwrap_or(0);
        // Distinct inmates of this sender, and senders of this inmate, in every 8-day window
        // this line falls in that ends at it or at a line of that sender (that inmate) on
        // record after it: the velocity rules hold in each.
        let eight = Duration::days(8);
        let ends =
            |same: &dyn Fn(&ProcessorLine) -> bool| -> Vec<chrono::DateTime<chrono::FixedOffset>> {
                std::iter::once(t)
                    .chain(
                        on_record
                            .iter()
                            .filter(|x| same(x) && x.received_at > t && x.received_at < t + eight)
                            .map(|x| x.received_at),
                    )
                    .collect()
            };
        let in_window = |x: &ProcessorLine, end: chrono::DateTime<chrono::FixedOffset>| {
            x.received_at > end - eight && x.received_at <= end
        };
        let inmates = ends(&|x| key(x) == key(l))
            .into_iter()
            .map(|end| {
                let mut set: std::collections::HashSet<_> = on_record
                    .iter()
                    .filter(|x| in_window(x, end) && key(x) == key(l))
                    .map(|x| x.doc.clone())
                    .collect();
                set.insert(l.doc.clone());
                set.len()
            })
            .max()
            .unwrap_or(1);
        let senders = ends(&|x| x.doc == l.doc)
            .into_iter()
            .map(|end| {
                let mut set: std::collections::HashSet<_> = on_record
                    .iter()
                    .filter(|x| in_window(x, end) && x.doc == l.doc)
                    .map(key)
                    .collect();
                set.insert(key(l));
                set.len()
            })
            .max()
            .unwrap_or(1);
        if l.sender_name.is_empty() {
            return ("refused".into(), vec!["anonymous"]);
        }
        if l.channel == DepositChannel::Cash && l.amount.cents() > 500_000 {
            return ("refused".into(), vec!["cash_limit"]);
        }
        if l.channel == DepositChannel::Card && card_sum + l.amount.cents() > 30_000 {
            return ("refused".into(), vec!["card_limit"]);
        }
        let mut r = Vec::new();
        if !l
            .doc
            .as_ref()
            .is_some_and(|d| DOCS[..2].contains(&d.as_str()))
        {
            r.push("unknown_inmate");
        }
        if inmates > 3 {
            r.push("sender_many_inmates");
        }
        if senders > 3 {
            r.push("inmate_many_senders");
        }
        if l.amount.cents() >= 100_000 {
            r.push("high_amount");
        }
        (if r.is_empty() { "accepted" } else { "held" }.into(), r)
    }

    /// Files imported in turn: each judged in its own time order, against every line kept
    /// before it; the answers in each file's order.
    fn reference(files: &[Vec<ProcessorLine>]) -> Vec<Judged> {
        let mut on_record: Vec<ProcessorLine> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut all = Vec::new();
        for lines in files {
            let mut order: Vec<usize> = (0..lines.len()).collect();
            order.sort_by_key(|&i| (lines[i].received_at, i));
            let mut out = vec![None; lines.len()];
            for i in order {
                let l = &lines[i];
                if !seen.insert(l.id.clone()) {
                    out[i] = Some((l.id.clone(), "duplicate".to_string(), Vec::new()));
                    continue;
                }
                let (outcome, reasons) = judge_one(&on_record, l);
                if outcome != "refused" {
                    on_record.push(l.clone());
                }
                out[i] = Some((l.id.clone(), outcome, reasons));
            }
            all.extend(out.into_iter().flatten());
        }
        all
    }

    /// A file is judged as if each line were imported on its own, in time order, even
    /// where one card's and one inmate's histories grow too long to be read into memory
    /// (more than 256 deposits) half-way through the file and their windows are read by
    /// ranges instead: a card's deposits read once for its limit and its sender windows,
    /// and each window's two tables read together, must agree with the line-by-line way.
    #[test]
    fn one_file_is_judged_as_its_lines_one_by_one_past_the_longest_history_kept_in_memory() {
        let gens: Vec<(usize, Gen)> = (0..500usize)
            .map(|i| {
                let g = Gen {
                    minutes: i64::try_from(i).expect("small") * 31,
                    millis: 0,
                    cash: i % 5 == 0,
                    // Most lines to the first inmate, from the first card: both run past
                    // the 256 deposits read whole. Then, with those histories long, a
                    // fourth sender for that inmate and a fourth inmate for that card,
                    // each first seen among the lines not yet written.
                    doc: match i {
                        441 => 3,
                        _ if i % 4 == 3 => 1 + (i / 4) % 2,
                        _ => 0,
                    },
                    card: match i {
                        424 => 2,
                        _ => usize::from(i % 7 == 6),
                    },
                    // Now and then no name (refused), and a large card payment (the limit).
                    name: if i % 50 == 7 { 2 } else { i % 2 },
                    cents: if i % 40 == 1 {
                        29_000
                    } else {
                        100 + i64::try_from(i * 37 % 100).expect("small")
                    },
                    offset_hours: -6,
                };
                (i, g)
            })
            .collect();
        let lines = parse_processor_file(&csv(&gens)).expect("well formed");
        let now = at(day(2026, 11, 23), 12);
        let mut whole = ledger();
        let together: Vec<(String, &'static str, Vec<&'static str>)> = whole
            .import_electronic(&lines, now, CLERK)
            .expect("imported")
            .into_iter()
            .map(|a| (a.id, a.outcome, a.reasons))
            .collect();
        let mut apart = ledger();
        let mut one_by_one = Vec::new();
        for line in &lines {
            let answer = apart
                .import_electronic(std::slice::from_ref(line), now, CLERK)
                .expect("imported");
            one_by_one.extend(answer.into_iter().map(|a| (a.id, a.outcome, a.reasons)));
        }
        assert_eq!(together, one_by_one);
        // And as the naive reference, which rescans every line before, judges them.
        let expected: Vec<(String, String, Vec<&'static str>)> =
            reference(std::slice::from_ref(&lines));
        let got: Vec<(String, String, Vec<&'static str>)> = together
            .iter()
            .map(|(id, o, r)| (id.clone(), (*o).to_string(), r.clone()))
            .collect();
        assert_eq!(got, expected);
        // The rules had something to do: every outcome occurred.
        for outcome in ["accepted", "held", "refused"] {
            assert!(
                together.iter().any(|(_, o, _)| *o == outcome),
                "no line {outcome}"
            );
        }
        assert!(together.iter().any(|(_, _, r)| r.contains(&"card_limit")));
        let long: i64 = whole
            .connection()
            .query_row(
                "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM electronic_deposit
                 WHERE outcome <> 'refused' GROUP BY card)",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert!(long > 256, "the longest card history is {long}");
        let held_for = |reason: &str| {
            together
                .iter()
                .filter(|(_, _, r)| r.contains(&reason))
                .count()
        };
        assert!(held_for("sender_many_inmates") > 0);
        assert!(held_for("inmate_many_senders") > 0);
        assert!(whole.check(day(2026, 11, 24)).expect("checked").is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]
        #[test]
        fn imports_agree_with_a_naive_reference_and_never_pass_the_card_limit(
            gens in proptest::collection::vec(gen(), 1..60),
            split in 0..60usize,
            repeat in 0..5usize,
        ) {
            let mut l = ledger();
            let numbered: Vec<(usize, Gen)> = gens.into_iter().enumerate().collect();
            // Two files (the second repeating some of the first's ids), imported in turn.
            let split = split.min(numbered.len());
            let first = numbered[..split].to_vec();
            let mut second: Vec<(usize, Gen)> = numbered[split..].to_vec();
            second.extend(first.iter().take(repeat).cloned());
            let mut got = Vec::new();
            let mut files = Vec::new();
            for part in [first, second] {
                if part.is_empty() {
                    continue;
                }
                let lines = parse_processor_file(&csv(&part)).expect("well formed");
                let answers = l
                    .import_electronic(&lines, at(day(2026, 11, 23), 12), CLERK)
                    .expect("imported");
                prop_assert_eq!(answers.len(), lines.len());
                got.extend(answers.into_iter().map(|a| (a.id, a.outcome.to_string(), a.reasons)));
                files.push(lines);
            }
            prop_assert_eq!(&got, &reference(&files));
            // Nothing recorded twice.
            let rows: i64 = l
                .connection()
                .query_row("SELECT COUNT(*) FROM electronic_deposit", [], |r| r.get(0))
                .expect("count");
            let unique: std::collections::HashSet<&String> =
                files.iter().flatten().map(|x| &x.id).collect();
            prop_assert_eq!(usize::try_from(rows).expect("rows"), unique.len());
            // No card above $300.00 to an inmate in any 72-hour window, from the ledger.
            let mut stmt = l
                .connection()
                .prepare(
                    "SELECT a.processor_id FROM electronic_deposit a
                     WHERE a.channel = 'card' AND a.outcome <> 'refused'
                       AND (SELECT SUM(b.amount_cents) FROM electronic_deposit b
                            WHERE b.card = a.card AND b.doc = a.doc AND b.outcome <> 'refused'
                              AND b.received_at <= a.received_at
                              AND b.received_at > strftime('%Y-%m-%dT%H:%M:%S', substr(a.received_at, 1, 19), '-72 hours')
                                                   || substr(a.received_at, 20)) > 30000",
                )
                .expect("query");
            let over: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("rows");
            prop_assert!(over.is_empty(), "over the card limit: {:?}", over);
            drop(stmt);
            // The books: the accepted deposits post with the day's batch, some are charged
            // back, and every check passes (assets equal liabilities, each deposit's
            // transfers match it, no trust balance below zero but by a chargeback).
            l.post(day(2026, 11, 23), at(day(2026, 11, 23), 17), CLERK, &mut |_| {})
                .expect("posted");
            let back: Vec<String> = files
                .iter()
                .flatten()
                .enumerate()
                .filter(|(i, _)| i % 3 == split % 3)
                .map(|(_, x)| x.id.clone())
                .collect();
            if !back.is_empty() {
                let mut text = String::from("id,received_at,channel,doc,sender_name,sender_address,amount,card\n");
                for id in &back {
                    text.push_str(&format!("{id},2026-11-23T18:00:00-06:00,chargeback,,,,,\n"));
                }
                let lines = parse_processor_file(&text).expect("well formed");
                l.import_electronic(&lines, at(day(2026, 11, 24), 9), CLERK)
                    .expect("charged back");
            }
            let report = l.check(day(2026, 11, 24)).expect("checked");
            prop_assert!(report.is_ok(), "{:?}", report.violations);
            let (accepted, charged_back, posted, receivable): (i64, i64, i64, i64) = l
                .connection()
                .query_row(
                    "SELECT (SELECT COALESCE(SUM(amount_cents), 0) FROM electronic_deposit
                             WHERE outcome = 'accepted'),
                            (SELECT COALESCE(SUM(amount_cents), 0) FROM electronic_deposit
                             WHERE outcome = 'accepted' AND charged_back_at IS NOT NULL),
                            (SELECT COALESCE(SUM(amount_cents), 0) FROM transfer
                             WHERE electronic_id IS NOT NULL AND kind IN ('post_trust', 'post_obligation')),
                            (SELECT debits_cents - credits_cents FROM account
                             WHERE name = 'assets:processor:receivable')",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .expect("sums");
            prop_assert_eq!(receivable, accepted - charged_back);
            // Every accepted deposit to an inmate on file posted, once (the reference's
            // accepted lines are exactly those, as unknown inmates are held).
            prop_assert_eq!(posted, accepted);
        }
    }
}
