/// Why a typed amount is not a valid amount of money, in the order the parser checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MoneyError {
    /// Nothing was typed.
    Empty,
    /// Longer than any real amount could be written (protects the parser and the screen).
    TooLong,
    /// Digits from another script (Arabic-Indic, full-width...): refused rather than guessed.
    NonAsciiDigit,
    /// A minus sign anywhere.
    Negative,
    /// Scientific notation such as `1e3`.
    Exponent,
    /// Not a number at all.
    NotANumber,
    /// Thousands separators in the wrong places (`1,23.45`).
    MisplacedComma,
    /// More than two digits after the decimal point.
    TooManyDecimals,
    /// More than $999,999,999.99.
    TooLarge,
    /// Zero is not an amount anyone can send or pay.
    Zero,
}
