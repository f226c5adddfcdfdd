/// What the clerk found in the lock box. Only money orders are accepted; the others are
/// named so that the refusal can say exactly why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Instrument {
    #[default]
    MoneyOrder,
    PersonalCheck,
    Cash,
}

impl Instrument {
    pub fn parse(code: &str) -> Option<Instrument> {
        match code {
            "money_order" => Some(Instrument::MoneyOrder),
            "personal_check" => Some(Instrument::PersonalCheck),
            "cash" => Some(Instrument::Cash),
            _ => None,
        }
    }
}
