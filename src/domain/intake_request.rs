use chrono::NaiveDate;

use super::slip_request::MONEY_ORDER_LIMIT;
use super::{text, DocNumber, Field, Instrument, Money, Rejection, SlipNumber};

/// Where the clerk found who a money order is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeSource {
    /// A printed slip: its number, typed or scanned.
    Slip(String),
    /// A handwritten slip or none: the fields as the clerk reads them; blanks allowed
    /// (they put the money order on hold rather than refuse it).
    ByHand {
        doc: String,
        inmate_name: String,
        sender_name: String,
        sender_address: String,
    },
}

/// A clerk's entry of one item from the lock box, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeRequest {
    pub instrument: Instrument,
    pub issuer: String,
    pub serial: String,
    pub amount: String,
    pub issued_on: NaiveDate,
    pub source: IntakeSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidIntakeSource {
    Slip(SlipNumber),
    ByHand {
        doc: Option<DocNumber>,
        inmate_name: Option<String>,
        sender_name: Option<String>,
        sender_address: Option<String>,
    },
}

/// A money order whose fields have the right shape and that the deposit rules accept; the
/// ledger still decides duplicates and holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidIntake {
    pub issuer: String,
    pub serial: String,
    pub amount: Money,
    pub issued_on: NaiveDate,
    pub source: ValidIntakeSource,
}

impl ValidIntake {
    /// The issuer and serial as compared for duplicates: the issuer recognised from the
    /// list however it was typed, the serial folded (letters and digits only, any script's
    /// digits and Latin lookalikes made ASCII, O read as 0 and I or L as 1, upper case), so
    /// `usps 123-456`,
    /// `US Postal Service １２３４５６` and `Postal Money Order ١٢٣٤٥٦` are one money order.
    pub fn duplicate_key(&self) -> (String, String) {
        super::issuer::money_order_key(&self.issuer, &self.serial)
    }
}

impl IntakeRequest {
    /// The checked intake, or the first rejection in precedence order. `today` is the
    /// clerk's date: a money order cannot be dated after it.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidIntake, Rejection> {
        self.check(today)
            .map_err(|all| all.into_iter().min().unwrap_or(Rejection::NotOnHold))
    }

    /// Every problem with the request, in precedence order (empty when it is valid).
    pub fn problems(&self, today: NaiveDate) -> Vec<Rejection> {
        match self.check(today) {
            Ok(_) => Vec::new(),
            Err(mut all) => {
                all.sort();
                all
            }
        }
    }

    fn check(&self, today: NaiveDate) -> Result<ValidIntake, Vec<Rejection>> {
        let mut problems = Vec::new();
        let mut optional = |f: Field, value: &str| match text::clean(f, value) {
            Ok(v) => v,
            Err(r) => {
                problems.push(r);
                None
            }
        };
        let source = match &self.source {
            IntakeSource::Slip(number) => match SlipNumber::parse(number) {
                Ok(n) => Some(ValidIntakeSource::Slip(n)),
                Err(r) => {
                    problems.push(r);
                    None
                }
            },
            IntakeSource::ByHand {
                doc,
                inmate_name,
                sender_name,
                sender_address,
            } => {
                let inmate_name = optional(Field::InmateName, inmate_name);
                let sender_name = optional(Field::SenderName, sender_name);
                let sender_address = optional(Field::SenderAddress, sender_address);
                let doc = if doc.trim().is_empty() {
                    Some(None)
                } else {
                    DocNumber::parse(doc)
                        .map_err(|r| problems.push(r))
                        .ok()
                        .map(Some)
                };
                doc.map(|doc| ValidIntakeSource::ByHand {
                    doc,
                    inmate_name,
                    sender_name,
                    sender_address,
                })
            }
        };
        // A listed issuer is stored by its one name, however it was typed.
        let issuer = text::required(Field::Issuer, &self.issuer)
            .map_err(|r| problems.push(r))
            .ok()
            .map(|typed| super::Issuer::recognise(&typed).name().to_string());
        let serial = text::required(Field::Serial, &self.serial)
            .map_err(|r| problems.push(r))
            .ok();
        let amount = Money::parse_amount(&self.amount)
            .map_err(|e| problems.push(Rejection::Amount(e)))
            .ok();
        if self.issued_on > today {
            problems.push(Rejection::MoneyOrderDateInFuture);
        }
        match self.instrument {
            Instrument::MoneyOrder => {}
            Instrument::PersonalCheck => problems.push(Rejection::PersonalCheckNotAccepted),
            Instrument::Cash => problems.push(Rejection::CashNotAccepted),
        }
        if amount.is_some_and(|a| a > MONEY_ORDER_LIMIT) {
            problems.push(Rejection::AmountOverMoneyOrderLimit);
        }
        match (source, issuer, serial, amount) {
            (Some(source), Some(issuer), Some(serial), Some(amount)) if problems.is_empty() => {
                Ok(ValidIntake {
                    issuer,
                    serial,
                    amount,
                    issued_on: self.issued_on,
                    source,
                })
            }
            _ => Err(problems),
        }
    }
}
