use super::{FeeInstrument, Money};

/// The payment site's fee for paying `amount` by card or eCheck, exactly as its table
/// says: $1.25 up to $50.00, $1.75 up to $75.00, $2.15 up to $100.00, then 2.15 % rounded
/// half-up to the cent; an eCheck costs $0.50. Money orders and cashier's checks cost
/// nothing.
pub fn convenience_fee(amount: Money, instrument: FeeInstrument) -> Money {
    match instrument {
        FeeInstrument::MoneyOrder | FeeInstrument::CashiersCheck | FeeInstrument::InmateAccount => {
            Money::ZERO
        }
        FeeInstrument::Echeck => ECHECK_FEE,
        FeeInstrument::Card => {
            let cents = amount.cents();
            if cents <= 5_000 {
                Money::from_cents_const(125)
            } else if cents <= 7_500 {
                Money::from_cents_const(175)
            } else if cents <= 10_000 {
                Money::from_cents_const(215)
            } else {
                amount.percent_rounded_half_up(CARD_PERCENT_BP)
            }
        }
    }
}

/// 2.15 % in basis points.
const CARD_PERCENT_BP: u32 = 215;
const ECHECK_FEE: Money = Money::from_cents_const(50);

/// What a payment costs in all: the amount, its fee and the sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FeeQuote {
    pub amount: Money,
    pub fee: Money,
    pub total: Money,
}

impl FeeQuote {
    pub fn new(amount: Money, instrument: FeeInstrument) -> FeeQuote {
        let fee = convenience_fee(amount, instrument);
        FeeQuote {
            amount,
            fee,
            total: amount.checked_add(fee).unwrap_or(amount),
        }
    }
}
