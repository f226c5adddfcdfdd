//! How an electronic deposit reached the payment processor.

/// A processor file line's `channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DepositChannel {
    /// A card payment online, by phone or at a lobby kiosk: at most $300.00 per card to an
    /// inmate every 72 hours.
    Card,
    /// Walk-in cash through MoneyGram: at most $5,000.00 a transaction.
    Cash,
    /// The processor takes back an earlier card deposit (`id` names the original).
    Chargeback,
}

impl DepositChannel {
    pub fn parse(text: &str) -> Option<DepositChannel> {
        match text {
            "card" => Some(DepositChannel::Card),
            "cash" => Some(DepositChannel::Cash),
            "chargeback" => Some(DepositChannel::Chargeback),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DepositChannel::Card => "card",
            DepositChannel::Cash => "cash",
            DepositChannel::Chargeback => "chargeback",
        }
    }
}
