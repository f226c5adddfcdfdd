use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::MoneyError;

/// An exact amount in dollars and cents.
///
/// Held as a `Decimal` whose scale is always 2, so `cents()` is the mantissa and nothing is
/// ever a binary float. Storage keeps the integer cents.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

/// The longest text the parser looks at; real amounts are far shorter.
pub const MONEY_INPUT_MAX_CHARS: usize = 24;
/// Integer digits accepted: up to $999,999,999.99.
const INTEGER_DIGITS_MAX: usize = 9;

impl Money {
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// An amount from integer cents (the storage form).
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// The same as [`Money::from_cents`], usable in constants.
    pub const fn from_cents_const(cents: i64) -> Money {
        let negative = cents < 0;
        let abs = cents.unsigned_abs();
        Money(Decimal::from_parts(
            (abs & 0xFFFF_FFFF) as u32,
            (abs >> 32) as u32,
            0,
            negative,
            2,
        ))
    }

    /// Integer cents (the storage form).
    pub fn cents(self) -> i64 {
        // Scale is always 2, so the value times 100 is an integer; amounts are bounded far
        // below i64::MAX by the parser and by SQLite's integer column. At scale 2 that
        // integer is the mantissa itself: the fee engine asks for cents thousands of times
        // per account, and multiplying and truncating a Decimal each time showed in its
        // profile. Any other scale takes the long way, with the same answer.
        if self.0.scale() == 2 {
            if let Ok(cents) = i64::try_from(self.0.mantissa()) {
                return cents;
            }
        }
        (self.0 * Decimal::ONE_HUNDRED).to_i64().unwrap_or(i64::MAX)
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.cents()
            .checked_add(other.cents())
            .map(Money::from_cents)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.cents()
            .checked_sub(other.cents())
            .map(Money::from_cents)
    }

    /// `self` times `basis_points / 10000`, rounded down to the cent (the obligation share rule).
    pub fn percent_rounded_down(self, basis_points: u32) -> Money {
        let cents = i128::from(self.cents()) * i128::from(basis_points);
        Money::from_cents(i64::try_from(cents.div_euclid(10_000)).unwrap_or(i64::MAX))
    }

    /// `self` times `basis_points / 10000`, rounded half-up to the cent (the card fee rule).
    pub fn percent_rounded_half_up(self, basis_points: u32) -> Money {
        let cents = i128::from(self.cents()) * i128::from(basis_points);
        Money::from_cents(i64::try_from((cents + 5_000).div_euclid(10_000)).unwrap_or(i64::MAX))
    }

    /// Parses an amount a person typed: `12.50`, `$12.50`, `1,234.56`, `12`, `12.5`.
    ///
    /// Refuses (in this order) empty text, absurd lengths, non-ASCII digits, negatives,
    /// exponents, anything that is not a plain number, misplaced commas, more than two
    /// decimals, more than $999,999,999.99 and zero.
    pub fn parse_amount(input: &str) -> Result<Money, MoneyError> {
        let text = input.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        if text.chars().count() > MONEY_INPUT_MAX_CHARS {
            return Err(MoneyError::TooLong);
        }
        if text.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
            return Err(MoneyError::NonAsciiDigit);
        }
        if text.contains('-') || text.contains('\u{2212}') {
            return Err(MoneyError::Negative);
        }
        if text.contains(['e', 'E']) {
            return Err(MoneyError::Exponent);
        }
        let body = text.strip_prefix('$').unwrap_or(text);
        if body.is_empty()
            || !body
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(MoneyError::NotANumber);
        }
        let (integer, fraction) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        if let Some(f) = fraction {
            if f.contains(['.', ',']) || f.is_empty() {
                return Err(MoneyError::NotANumber);
            }
        }
        if integer.is_empty() && fraction.is_none() {
            return Err(MoneyError::NotANumber);
        }
        let digits: String = if integer.contains(',') {
            let mut groups = integer.split(',');
            let first = groups.next().unwrap_or_default();
            let first_ok = (1..=3).contains(&first.len());
            if !first_ok || !groups.all(|g| g.len() == 3) {
                return Err(MoneyError::MisplacedComma);
            }
            integer.replace(',', "")
        } else {
            integer.to_string()
        };
        let fraction = fraction.unwrap_or("");
        if fraction.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let significant = digits.trim_start_matches('0');
        if significant.len() > INTEGER_DIGITS_MAX {
            return Err(MoneyError::TooLarge);
        }
        let whole: i64 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| MoneyError::NotANumber)?
        };
        let mut cents_text = fraction.to_string();
        while cents_text.len() < 2 {
            cents_text.push('0');
        }
        let part: i64 = cents_text.parse().map_err(|_| MoneyError::NotANumber)?;
        let cents = whole * 100 + part;
        if cents == 0 {
            return Err(MoneyError::Zero);
        }
        Ok(Money::from_cents(cents))
    }

    /// `$1,234.56`: the form printed on slips and shown on screens.
    pub fn with_dollar_sign(self) -> String {
        let cents = self.cents();
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}${grouped}.{:02}", abs % 100)
    }
}

/// `1234.56`: two decimals, no sign for dollars, no separators (the JSON and journal form).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cents = self.cents();
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        // `pad` so that widths and alignment (`{:>8}`) line amounts up in tables.
        f.pad(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Money {
    /// Reads an amount as lockbox itself writes it (`12.50`, `-3.00`, `0.00`): for stored
    /// payloads, not for what people type (that is `parse_amount`).
    pub fn from_stored(text: &str) -> Option<Money> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, cents) = digits.split_once('.')?;
        if whole.is_empty()
            || whole.len() > 15
            || cents.len() != 2
            || !whole
                .bytes()
                .chain(cents.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let value = whole.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?;
        Some(Money::from_cents(if negative { -value } else { value }))
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let text = String::deserialize(d)?;
        Money::from_stored(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an amount: {text:?}")))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Money;
    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;

    /// Cents read from the mantissa are what multiplying by 100 and truncating gave, for
    /// every scale a Decimal can arrive with (a sum, a product rounded, a value parsed).
    #[test]
    fn cents_are_the_value_times_one_hundred() {
        let slow = |d: Decimal| (d * Decimal::ONE_HUNDRED).to_i64().unwrap_or(i64::MAX);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mantissa = (x >> 20) as i64 - (1 << 43);
            for scale in [0u32, 1, 2, 3, 6] {
                let d = Decimal::new(mantissa, scale);
                assert_eq!(Money(d).cents(), slow(d), "{d}");
            }
            let cents = mantissa % 100_000_000_000;
            assert_eq!(Money::from_cents(cents).cents(), cents);
        }
        let sum = Money::from_cents(1_999).checked_add(Money::from_cents(1));
        assert_eq!(sum.unwrap().cents(), 2_000);
        for basis_points in [0, 1, 333, 2_000, 10_000] {
            let share = Money::from_cents(12_345).percent_rounded_half_up(basis_points);
            assert_eq!(share.cents(), slow(share.as_decimal()));
        }
    }
}
