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
