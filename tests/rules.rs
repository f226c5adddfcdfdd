//! The pure rules: DOC numbers, slip numbers, the split, business days, and rejections in
//! precedence order, one line per case.

use chrono::NaiveDate;
use lockbox::domain::{
    split_deposit, BusinessCalendar, DocNumber, Field, HoldReason, Instrument, IntakeRequest,
    IntakeScreen, IntakeSource, Money, MoneyError, NotBusinessDay, ObligationDue, OwnerFacts,
    Rejection, SlipNumber, SlipRequest,
};

use crate::support::{by_hand, day, slip};

#[test]
fn doc_numbers() {
    #[track_caller]
    fn case(input: &str, expected: Option<&str>) {
        assert_eq!(
            DocNumber::parse(input).ok().map(|d| d.to_string()),
            expected.map(str::to_string),
            "input {input:?}"
        );
    }
    case("1234567", Some("01234567"));
    case("01234567", Some("01234567"));
    case("1", Some("00000001"));
    case(" 12345 ", Some("00012345"));
    case("", None);
    case("123456789", None);
    case("12a45", None);
    case("-1234", None);
    case("１２３", None);
    case("12 34", None);
}

#[test]
fn slip_numbers_round_trip_and_refuse_every_single_typo_and_swap() {
    for sequence in [1u32, 42, 12_345_678, SlipNumber::MAX_SEQUENCE] {
        let number = SlipNumber::from_sequence(sequence).expect("in range");
        let shown = number.to_string();
        assert!(shown.len() <= 12, "{shown} is short enough to type");
        assert_eq!(SlipNumber::parse(&shown), Ok(number));
        assert_eq!(SlipNumber::parse(&number.digits()), Ok(number));
        let digits: Vec<u8> = number.digits().into_bytes();
        for i in 0..digits.len() {
            for wrong in b'0'..=b'9' {
                if wrong == digits[i] {
                    continue;
                }
                let mut typo = digits.clone();
                typo[i] = wrong;
                let typo = String::from_utf8(typo).expect("ascii");
                assert_eq!(
                    SlipNumber::parse(&typo),
                    Err(Rejection::SlipNumberMistyped),
                    "{typo} must not match any slip"
                );
            }
            if i + 1 < digits.len() && digits[i] != digits[i + 1] {
                let mut swap = digits.clone();
                swap.swap(i, i + 1);
                let swap = String::from_utf8(swap).expect("ascii");
                assert_eq!(
                    SlipNumber::parse(&swap),
                    Err(Rejection::SlipNumberMistyped),
                    "{swap}"
                );
            }
        }
    }
    assert_eq!(SlipNumber::parse(""), Err(Rejection::SlipNumberMistyped));
    assert_eq!(
        SlipNumber::parse("0000-0000-0"),
        Err(Rejection::SlipNumberMistyped)
    );
    assert_eq!(
        SlipNumber::parse("abcd-efgh-i"),
        Err(Rejection::SlipNumberMistyped)
    );
}

#[test]
fn the_obligation_split() {
    #[track_caller]
    fn case(amount: i64, bp: u32, owed: &[i64], to_obligations: &[i64], to_trust: i64) {
        let owed: Vec<ObligationDue> = owed
            .iter()
            .enumerate()
            .map(|(i, c)| ObligationDue {
                obligation_id: i as i64 + 1,
                remaining: Money::from_cents(*c),
            })
            .collect();
        let split = split_deposit(Money::from_cents(amount), bp, &owed);
        let paid: Vec<i64> = split
            .to_obligations
            .iter()
            .map(|(_, m)| m.cents())
            .collect();
        assert_eq!(paid, to_obligations, "obligations of {amount} at {bp} bp");
        assert_eq!(split.to_trust.cents(), to_trust, "trust of {amount}");
        assert_eq!(paid.iter().sum::<i64>() + to_trust, amount, "nothing lost");
    }
    // No obligations: all to trust.
    case(10_000, 2_000, &[], &[], 10_000);
    // 20 % of $100.00.
    case(10_000, 2_000, &[50_000], &[2_000], 8_000);
    // Rounded down to the cent: 20 % of $10.07 is $2.014.
    case(1_007, 2_000, &[50_000], &[201], 806);
    // Never more than owed.
    case(10_000, 2_000, &[500], &[500], 9_500);
    // Oldest first, then the next.
    case(10_000, 2_000, &[1_500, 5_000], &[1_500, 500], 8_000);
    // Paid-off obligations are skipped.
    case(10_000, 2_000, &[0, 5_000], &[2_000], 8_000);
    // One cent: 20 % rounds down to nothing.
    case(1, 2_000, &[5_000], &[], 1);
    // A configured 0 % takes nothing.
    case(10_000, 0, &[5_000], &[], 10_000);
}

#[test]
fn business_days() {
    let thanksgiving = day(2026, 11, 26);
    let cal = BusinessCalendar::new([thanksgiving]);
    #[track_caller]
    fn case(cal: &BusinessCalendar, d: NaiveDate, expected: Result<(), NotBusinessDay>) {
        assert_eq!(cal.check(d), expected, "{d}");
    }
    case(&cal, day(2026, 11, 23), Ok(()));
    case(&cal, day(2026, 11, 27), Ok(()));
    case(&cal, day(2026, 11, 28), Err(NotBusinessDay::Saturday));
    case(&cal, day(2026, 11, 29), Err(NotBusinessDay::Sunday));
    case(&cal, thanksgiving, Err(NotBusinessDay::Holiday));
    assert_eq!(cal.next_business_day(day(2026, 11, 25)), day(2026, 11, 27));
    assert_eq!(cal.next_business_day(day(2026, 11, 27)), day(2026, 11, 30));
}

#[test]
fn slip_rejections_in_precedence_order() {
    #[track_caller]
    fn case(req: SlipRequest, expected: Rejection) {
        assert_eq!(req.validate().err(), Some(expected), "{req:?}");
    }
    let good = slip("12345", "Ana Rivera", "25.00");
    assert!(good.validate().is_ok());
    // Everything wrong at once: the DOC number comes first.
    case(
        SlipRequest {
            sender_name: String::new(),
            amount: "2000".into(),
            ..slip("12x", "", "abc")
        },
        Rejection::DocNumberInvalid,
    );
    case(
        SlipRequest {
            inmate_name: "Ana\u{1b}[2J".into(),
            sender_name: String::new(),
            ..good.clone()
        },
        Rejection::FieldControlCharacter(Field::InmateName),
    );
    case(
        SlipRequest {
            sender_name: " ".into(),
            sender_address: String::new(),
            ..good.clone()
        },
        Rejection::FieldRequired(Field::SenderName),
    );
    case(
        SlipRequest {
            sender_address: String::new(),
            amount: "-1".into(),
            ..good.clone()
        },
        Rejection::FieldRequired(Field::SenderAddress),
    );
    case(
        SlipRequest {
            sender_address: "x".repeat(201),
            amount: "-1".into(),
            ..good.clone()
        },
        Rejection::FieldTooLong(Field::SenderAddress),
    );
    case(
        SlipRequest {
            amount: "12.345".into(),
            ..good.clone()
        },
        Rejection::Amount(MoneyError::TooManyDecimals),
    );
    case(
        SlipRequest {
            amount: "1,000.00".into(),
            ..good.clone()
        },
        Rejection::AmountOverMoneyOrderLimit,
    );
    assert!(SlipRequest {
        amount: "999.99".into(),
        ..good
    }
    .validate()
    .is_ok());
}

#[test]
fn intake_rejections_in_precedence_order() {
    let today = day(2026, 11, 16);
    #[track_caller]
    fn case(req: IntakeRequest, today: NaiveDate, expected: Rejection) {
        assert_eq!(req.validate(today).err(), Some(expected), "{req:?}");
        assert_eq!(req.problems(today).first(), Some(&expected));
    }
    let good = by_hand("123", "50.00", "12345", "Ana Rivera");
    assert!(good.validate(today).is_ok());
    case(
        IntakeRequest {
            source: IntakeSource::Slip("1234-5678-0".into()),
            instrument: Instrument::Cash,
            ..good.clone()
        },
        today,
        Rejection::SlipNumberMistyped,
    );
    case(
        IntakeRequest {
            issuer: String::new(),
            amount: "5000".into(),
            instrument: Instrument::PersonalCheck,
            ..good.clone()
        },
        today,
        Rejection::FieldRequired(Field::Issuer),
    );
    case(
        IntakeRequest {
            serial: "\u{7}".into(),
            ..good.clone()
        },
        today,
        Rejection::FieldControlCharacter(Field::Serial),
    );
    case(
        IntakeRequest {
            amount: "0".into(),
            instrument: Instrument::Cash,
            ..good.clone()
        },
        today,
        Rejection::Amount(MoneyError::Zero),
    );
    case(
        IntakeRequest {
            issued_on: day(2026, 11, 17),
            instrument: Instrument::Cash,
            ..good.clone()
        },
        today,
        Rejection::MoneyOrderDateInFuture,
    );
    case(
        IntakeRequest {
            instrument: Instrument::PersonalCheck,
            amount: "1000.00".into(),
            ..good.clone()
        },
        today,
        Rejection::PersonalCheckNotAccepted,
    );
    case(
        IntakeRequest {
            instrument: Instrument::Cash,
            amount: "1000.00".into(),
            ..good.clone()
        },
        today,
        Rejection::CashNotAccepted,
    );
    case(
        IntakeRequest {
            amount: "1,000.00".into(),
            ..good.clone()
        },
        today,
        Rejection::AmountOverMoneyOrderLimit,
    );
    // A DOC number typed wrongly is refused; a blank one holds the money order instead.
    case(
        by_hand("123", "50.00", "12x45", "Ana Rivera"),
        today,
        Rejection::DocNumberInvalid,
    );
    assert!(by_hand("123", "50.00", "", "").validate(today).is_ok());
}

#[test]
fn hold_reasons_in_precedence_order() {
    #[track_caller]
    fn case(facts: OwnerFacts<'_>, expected: Option<HoldReason>) {
        assert_eq!(HoldReason::first_applicable(facts), expected, "{facts:?}");
    }
    let good = OwnerFacts {
        taken_in_elsewhere: false,
        moved_elsewhere: false,
        slip_found: true,
        last_name_on_file: Some("Rivera"),
        inmate_name: Some("Ana Rivera"),
        sender_name: Some("Carmen"),
        sender_address: Some("12 Elm St"),
        slip_amount: Some(Money::from_cents(5_000)),
        amount: Money::from_cents(5_000),
        screen: IntakeScreen::default(),
    };
    case(good, None);
    // Taken in at another site first: held for that above all (it must not be paid
    // twice), even with no slip on file.
    case(
        OwnerFacts {
            taken_in_elsewhere: true,
            moved_elsewhere: true,
            slip_found: false,
            ..good
        },
        Some(HoldReason::DuplicateElsewhere),
    );
    // Moved away: once the owner is determined, before the sender and the screening.
    case(
        OwnerFacts {
            moved_elsewhere: true,
            sender_name: None,
            ..good
        },
        Some(HoldReason::InmateMoved),
    );
    case(
        OwnerFacts {
            moved_elsewhere: true,
            inmate_name: Some("Ana Smith"),
            ..good
        },
        Some(HoldReason::NameMismatch),
    );
    case(
        OwnerFacts {
            amount: Money::from_cents(90_000),
            ..good
        },
        Some(HoldReason::AmountDiffersFromSlip),
    );
    // Typed by hand (no slip on file): there is no slip amount to differ from.
    case(
        OwnerFacts {
            slip_amount: None,
            amount: Money::from_cents(90_000),
            ..good
        },
        None,
    );
    // An owner problem comes first.
    case(
        OwnerFacts {
            sender_address: None,
            amount: Money::from_cents(90_000),
            ..good
        },
        Some(HoldReason::SenderAddressMissing),
    );
    case(
        OwnerFacts {
            slip_found: false,
            last_name_on_file: None,
            ..good
        },
        Some(HoldReason::UnknownSlip),
    );
    case(
        OwnerFacts {
            last_name_on_file: None,
            sender_name: None,
            ..good
        },
        Some(HoldReason::UnknownInmate),
    );
    case(
        OwnerFacts {
            inmate_name: Some("Ana Smith"),
            sender_name: None,
            ..good
        },
        Some(HoldReason::NameMismatch),
    );
    case(
        OwnerFacts {
            inmate_name: None,
            ..good
        },
        Some(HoldReason::NameMismatch),
    );
    case(
        OwnerFacts {
            sender_name: None,
            sender_address: None,
            ..good
        },
        Some(HoldReason::SenderNameMissing),
    );
    case(
        OwnerFacts {
            sender_address: None,
            ..good
        },
        Some(HoldReason::SenderAddressMissing),
    );
    // Case, accents and commas do not matter; the last name must be whole.
    case(
        OwnerFacts {
            inmate_name: Some("RIVÉRA, ana"),
            ..good
        },
        None,
    );
    case(
        OwnerFacts {
            inmate_name: Some("Riv"),
            ..good
        },
        Some(HoldReason::NameMismatch),
    );
    // The screening of electronic deposits, after the owner: watchlists first, then the
    // 8-day windows, where 3 distinct inmates (or senders) pass and 4 hold.
    let screened = |screen: IntakeScreen| OwnerFacts { screen, ..good };
    let three = IntakeScreen {
        sender_inmates_8d: 3,
        inmate_senders_8d: 3,
        ..IntakeScreen::default()
    };
    case(screened(three), None);
    case(
        screened(IntakeScreen {
            sender_inmates_8d: 4,
            ..three
        }),
        Some(HoldReason::SenderManyInmates),
    );
    case(
        screened(IntakeScreen {
            inmate_senders_8d: 4,
            ..three
        }),
        Some(HoldReason::InmateManySenders),
    );
    let both = IntakeScreen {
        sender_inmates_8d: 9,
        inmate_senders_8d: 9,
        ..three
    };
    case(screened(both), Some(HoldReason::SenderManyInmates));
    case(
        screened(IntakeScreen {
            pair_allowed: true,
            ..both
        }),
        None,
    );
    case(
        screened(IntakeScreen {
            inmate_watched: true,
            pair_allowed: true,
            ..both
        }),
        Some(HoldReason::WatchlistInmate),
    );
    case(
        screened(IntakeScreen {
            sender_watched: true,
            inmate_watched: true,
            ..both
        }),
        Some(HoldReason::WatchlistSender),
    );
    // An owner problem still comes first.
    case(
        OwnerFacts {
            sender_address: None,
            ..screened(IntakeScreen {
                sender_watched: true,
                ..both
            })
        },
        Some(HoldReason::SenderAddressMissing),
    );
}

/// JSON a command prints keeps every character of its strings, and none of them reaches the
/// terminal raw: what `for_terminal` would replace in text is escaped in JSON (found by the
/// review of the terminal clean-up, which replaced them in JSON too and lost them).
#[test]
fn json_for_the_terminal_escapes_what_text_replaces_and_keeps_it() {
    use lockbox::domain::text::{for_terminal, json_for_terminal};
    let value = serde_json::json!({"name": "Mal\u{9b}2J \u{202e}Lory \u{1F600}", "line": "a\tb"});
    let json = serde_json::to_string_pretty(&value).expect("json");
    let safe = json_for_terminal(&json);
    assert!(
        !safe.chars().any(|c| c == '\u{9b}' || c == '\u{202e}'),
        "{safe}"
    );
    let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
    assert_eq!(back, value);
    assert_eq!(for_terminal("Mal\u{9b}2J\r\u{202e}x\ty"), "Mal?2J??x\ty");
}
