//! Who issued a money order: one of the issuers a state's lock boxes see, recognised from
//! however the clerk typed it ("USPS", "US Postal Service", "Postal Money Order" are one
//! issuer), or another issuer by its name.

use super::fold::fold_key;

/// An issuer of money orders.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Issuer {
    Usps,
    WesternUnion,
    MoneyGram,
    AmericanExpress,
    Ria,
    ContinentalExpress,
    GlobalExpress,
    /// Any other issuer, by the name typed.
    Other(String),
}

/// The issuers on the list, with the spellings (as keys: letters and digits, upper case)
/// each is known by. MoneyGram issues the money orders sold at Walmart and 7-Eleven, and
/// took over Travelers Express.
const KNOWN: &[(Issuer, &[&str])] = &[
    (
        Issuer::Usps,
        &[
            "USPS",
            "USPOSTALSERVICE",
            "UNITEDSTATESPOSTALSERVICE",
            "POSTALSERVICE",
            "POSTAL",
            "POSTALMONEYORDER",
            "USPOSTALMONEYORDER",
            "POSTOFFICE",
            "USPOSTOFFICE",
            "USPOSTAL",
            "USMAIL",
            "UNITEDSTATESPOSTOFFICE",
            "UNITEDSTATESPOSTAL",
            "POSTMASTER",
        ],
    ),
    (
        Issuer::WesternUnion,
        &["WESTERNUNION", "WU", "WESTERNUNIONMONEYORDER"],
    ),
    (
        Issuer::MoneyGram,
        &[
            "MONEYGRAM",
            "MG",
            "MONEYGRAMINTERNATIONAL",
            "WALMART",
            "WALMARTMONEYGRAM",
            "7ELEVEN",
            "SEVENELEVEN",
            "TRAVELERSEXPRESS",
        ],
    ),
    (Issuer::AmericanExpress, &["AMERICANEXPRESS", "AMEX"]),
    (Issuer::Ria, &["RIA", "RIAMONEYTRANSFER", "RIAFINANCIAL"]),
    (Issuer::ContinentalExpress, &["CONTINENTALEXPRESS"]),
    (Issuer::GlobalExpress, &["GLOBALEXPRESS"]),
];

impl Issuer {
    /// The issuers on the list, in the order a console offers them.
    pub const LISTED: [Issuer; 7] = [
        Issuer::Usps,
        Issuer::WesternUnion,
        Issuer::MoneyGram,
        Issuer::AmericanExpress,
        Issuer::Ria,
        Issuer::ContinentalExpress,
        Issuer::GlobalExpress,
    ];

    /// The issuer `typed` names: a listed one however it is spelled (a trailing "money
    /// order" does not matter), or whose name it holds ("United States Post Office Money
    /// Order" holds POSTOFFICE), else another issuer of that name.
    pub fn recognise(typed: &str) -> Issuer {
        let key = fold_key(typed);
        let key = key
            .strip_suffix("MONEYORDERS")
            .or_else(|| key.strip_suffix("MONEYORDER"))
            .filter(|k| !k.is_empty())
            .unwrap_or(&key);
        if let Some((issuer, _)) = KNOWN.iter().find(|(_, spellings)| spellings.contains(&key)) {
            return issuer.clone();
        }
        // Spellings long enough not to occur by chance inside another issuer's name ("Postal
        // Family Credit Union" is not USPS; "United States Post Office" is).
        KNOWN
            .iter()
            .find(|(_, spellings)| {
                spellings
                    .iter()
                    .any(|s| s.len() >= 8 && !s.starts_with("US") && key.contains(s))
            })
            .map_or_else(
                || Issuer::Other(typed.trim().to_string()),
                |(issuer, _)| issuer.clone(),
            )
    }

    /// The name stored and shown.
    pub fn name(&self) -> &str {
        match self {
            Issuer::Usps => "USPS",
            Issuer::WesternUnion => "Western Union",
            Issuer::MoneyGram => "MoneyGram",
            Issuer::AmericanExpress => "American Express",
            Issuer::Ria => "Ria",
            Issuer::ContinentalExpress => "Continental Express",
            Issuer::GlobalExpress => "Global Express",
            Issuer::Other(name) => name,
        }
    }

    /// The key duplicates are found by: the listed issuer's name, or the other issuer's
    /// name, folded (the same keys as lockbox stored before issuers were listed).
    pub fn key(&self) -> String {
        fold_key(self.name())
    }
}

/// The keys a money order is found again by, however it was typed: the issuer as
/// recognised, and the serial folded. The listed issuers' serials are all digits, so a
/// letter O there is a misread 0 (and I or L a 1); another issuer's serial may hold letters
/// and is compared as written, folded.
pub fn money_order_key(issuer: &str, serial: &str) -> (String, String) {
    let issuer = Issuer::recognise(issuer);
    let serial = match issuer {
        Issuer::Other(_) => fold_key(serial),
        _ => super::fold::serial_key(serial),
    };
    (issuer.key(), serial)
}
