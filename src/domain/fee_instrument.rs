/// How an intervention-fee payment was made. By mail and at the lock box only money orders
/// and cashier's checks are taken; card and eCheck payments come from the payment site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeInstrument {
    MoneyOrder,
    CashiersCheck,
    Card,
    Echeck,
}

impl FeeInstrument {
    pub const ALL: [FeeInstrument; 4] = [
        FeeInstrument::MoneyOrder,
        FeeInstrument::CashiersCheck,
        FeeInstrument::Card,
        FeeInstrument::Echeck,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FeeInstrument::MoneyOrder => "money_order",
            FeeInstrument::CashiersCheck => "cashiers_check",
            FeeInstrument::Card => "card",
            FeeInstrument::Echeck => "echeck",
        }
    }

    pub fn parse(code: &str) -> Option<FeeInstrument> {
        FeeInstrument::ALL.into_iter().find(|i| i.code() == code)
    }
}
