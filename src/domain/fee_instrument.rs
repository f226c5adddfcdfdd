/// How an intervention-fee payment was made. By mail and at the lock box only money orders
/// and cashier's checks are taken; card and eCheck payments come from the payment site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeInstrument {
    MoneyOrder,
    CashiersCheck,
    Card,
    Echeck,
    /// Taken from an inmate's deposits by the daily posting (14 CSR 80-5.020(1)(I)7): only
    /// the posting records these, never a clerk or an import.
    InmateAccount,
}

impl FeeInstrument {
    /// The instruments a clerk or an import may record.
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
            FeeInstrument::InmateAccount => "inmate_account",
        }
    }

    /// An instrument a clerk or an import may record (never `inmate_account`).
    pub fn parse(code: &str) -> Option<FeeInstrument> {
        FeeInstrument::ALL.into_iter().find(|i| i.code() == code)
    }

    /// Any instrument as stored in the ledger, the posting's included.
    pub fn parse_stored(code: &str) -> Option<FeeInstrument> {
        FeeInstrument::parse(code)
            .or((code == FeeInstrument::InmateAccount.code())
                .then_some(FeeInstrument::InmateAccount))
    }
}
