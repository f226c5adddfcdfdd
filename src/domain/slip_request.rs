use super::{text, DocNumber, Field, Language, Money, Rejection};

/// The most a single money order may carry (inmate-deposits.txt).
pub const MONEY_ORDER_LIMIT: Money = Money::from_cents_const(99_999);

/// A deposit slip as typed at the kiosk (or given to `lockbox slip new`), not yet checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlipRequest {
    pub doc: String,
    pub inmate_name: String,
    pub sender_name: String,
    pub sender_address: String,
    pub amount: String,
    pub language: Language,
    pub kiosk_id: String,
    /// The visitor chose large print (issue 19): names and amounts print double height.
    pub large_print: bool,
}

/// A deposit slip whose every field has the right shape; the ledger still checks that the
/// DOC number and the name belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSlip {
    pub doc: DocNumber,
    pub inmate_name: String,
    pub sender_name: String,
    pub sender_address: String,
    pub amount: Money,
    pub language: Language,
    pub kiosk_id: String,
    pub large_print: bool,
}

impl SlipRequest {
    /// Every problem with the request, in precedence order (empty when it is valid).
    pub fn problems(&self) -> Vec<Rejection> {
        match self.check() {
            Ok(_) => Vec::new(),
            Err(mut all) => {
                all.sort();
                all
            }
        }
    }

    /// The checked slip, or the first rejection in precedence order.
    pub fn validate(&self) -> Result<ValidSlip, Rejection> {
        self.check()
            .map_err(|all| all.into_iter().min().unwrap_or(Rejection::DocNumberInvalid))
    }

    fn check(&self) -> Result<ValidSlip, Vec<Rejection>> {
        let mut problems = Vec::new();
        let doc = DocNumber::parse(&self.doc)
            .map_err(|r| problems.push(r))
            .ok();
        let mut field =
            |f: Field, value: &str| text::required(f, value).map_err(|r| problems.push(r)).ok();
        let inmate_name = field(Field::InmateName, &self.inmate_name);
        let sender_name = field(Field::SenderName, &self.sender_name);
        let sender_address = field(Field::SenderAddress, &self.sender_address);
        // A sender someone could write to: a name, a street, a city, state and ZIP.
        if sender_name.is_some() {
            problems.extend(super::postal_address::sender_name_problem(
                &self.sender_name,
            ));
        }
        if sender_address.is_some() {
            problems.extend(super::postal_address::address_problem(&self.sender_address));
        }
        // Every slip names the kiosk that printed it: an empty id is refused.
        let kiosk_id = match text::required(Field::KioskId, &self.kiosk_id) {
            Ok(k) => k,
            Err(r) => {
                problems.push(r);
                String::new()
            }
        };
        let amount = match Money::parse_amount(&self.amount) {
            Ok(a) if a > MONEY_ORDER_LIMIT => {
                problems.push(Rejection::AmountOverMoneyOrderLimit);
                None
            }
            Ok(a) => Some(a),
            Err(e) => {
                problems.push(Rejection::Amount(e));
                None
            }
        };
        match (doc, inmate_name, sender_name, sender_address, amount) {
            (
                Some(doc),
                Some(inmate_name),
                Some(sender_name),
                Some(sender_address),
                Some(amount),
            ) if problems.is_empty() => Ok(ValidSlip {
                doc,
                inmate_name,
                sender_name,
                sender_address,
                amount,
                language: self.language,
                kiosk_id,
                large_print: self.large_print,
            }),
            _ => Err(problems),
        }
    }
}
