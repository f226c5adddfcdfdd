//! Every Money parse case, one line each.

use lockbox::domain::{Money, MoneyError};

#[track_caller]
fn ok(input: &str, cents: i64) {
    assert_eq!(
        Money::parse_amount(input),
        Ok(Money::from_cents(cents)),
        "input {input:?}"
    );
}

#[track_caller]
fn refused(input: &str, why: MoneyError) {
    assert_eq!(Money::parse_amount(input), Err(why), "input {input:?}");
}

#[test]
fn accepted_amounts() {
    ok("12.50", 1250);
    ok("$12.50", 1250);
    ok("1,234.56", 123_456);
    ok("$1,234.56", 123_456);
    ok("12", 1200);
    ok("12.5", 1250);
    ok(" 7.05 ", 705);
    ok("0.01", 1);
    ok(".75", 75);
    ok("999.99", 99_999);
    ok("1,000,000", 100_000_000);
    ok("007.00", 700);
    ok("999,999,999.99", 99_999_999_999);
}

#[test]
fn refused_amounts_in_precedence_order() {
    refused("", MoneyError::Empty);
    refused("   ", MoneyError::Empty);
    refused("1234567890123456789012345", MoneyError::TooLong);
    refused("١٢.٥٠", MoneyError::NonAsciiDigit);
    refused("１２", MoneyError::NonAsciiDigit);
    refused("-5.00", MoneyError::Negative);
    refused("$-5", MoneyError::Negative);
    refused("−5", MoneyError::Negative);
    refused("1e3", MoneyError::Exponent);
    refused("1E-2", MoneyError::Negative);
    refused("abc", MoneyError::NotANumber);
    refused("$", MoneyError::NotANumber);
    refused("12.", MoneyError::NotANumber);
    refused("1.2.3", MoneyError::NotANumber);
    refused("12 50", MoneyError::NotANumber);
    refused("+5", MoneyError::NotANumber);
    refused("5$", MoneyError::NotANumber);
    refused("NaN", MoneyError::NotANumber);
    refused("1,23.45", MoneyError::MisplacedComma);
    refused(",123", MoneyError::MisplacedComma);
    refused("1234,567", MoneyError::MisplacedComma);
    refused("12.345", MoneyError::TooManyDecimals);
    refused("0.001", MoneyError::TooManyDecimals);
    refused("1000000000", MoneyError::TooLarge);
    refused("0", MoneyError::Zero);
    refused("0.00", MoneyError::Zero);
    refused("$0", MoneyError::Zero);
}

#[test]
fn rounding_rules_are_named_and_exact() {
    // 20 % of $10.07 is $2.014: down gives $2.01 (obligation share), half-up too.
    assert_eq!(
        Money::from_cents(1007).percent_rounded_down(2000),
        Money::from_cents(201)
    );
    // 2.15 % of $100.01 is $2.150215 -> $2.15; of $130.00 is $2.795 -> half-up $2.80.
    assert_eq!(
        Money::from_cents(10_001).percent_rounded_half_up(215),
        Money::from_cents(215)
    );
    assert_eq!(
        Money::from_cents(13_000).percent_rounded_half_up(215),
        Money::from_cents(280)
    );
    assert_eq!(
        Money::from_cents(13_000).percent_rounded_down(215),
        Money::from_cents(279)
    );
}

#[test]
fn display_forms() {
    assert_eq!(Money::from_cents(123_456).to_string(), "1234.56");
    assert_eq!(Money::from_cents(123_456).with_dollar_sign(), "$1,234.56");
    assert_eq!(Money::from_cents(5).with_dollar_sign(), "$0.05");
    assert_eq!(Money::from_cents(-1050).to_string(), "-10.50");
    assert_eq!(
        serde_json::to_string(&Money::from_cents(3000))
            .ok()
            .as_deref(),
        Some("\"30.00\"")
    );
}
