//! Screening an electronic deposit (DOMAIN.md, "Electronic deposits"): the channel limits
//! refuse, the velocity rules and watchlists hold for a supervisor's review. Pure: the
//! ledger gathers the facts of the line's windows, this decides.

use super::{DepositChannel, Money};

/// A cash line above this is refused (`cash_limit`).
pub const CASH_LIMIT: Money = Money::from_cents_const(500_000);
/// A card's deposits to one inmate in 72 hours may reach this, not pass it (`card_limit`).
pub const CARD_LIMIT_72H: Money = Money::from_cents_const(30_000);
/// The default amount from which a deposit is held (`high_amount`).
pub const HIGH_AMOUNT_DEFAULT: Money = Money::from_cents_const(100_000);
/// More distinct inmates (or senders) than this in 8 days holds the line.
pub const DISTINCT_MAX_8D: usize = 3;
/// The card limit's window.
pub const CARD_WINDOW_HOURS: i64 = 72;
/// The velocity rules' window.
pub const VELOCITY_WINDOW_DAYS: i64 = 8;

/// Why a line is refused: the first that applies, in this order. Nothing is credited; the
/// money goes back to the processor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Anonymous,
    CashLimit,
    CardLimit,
}

impl Refusal {
    /// The name DOMAIN.md gives it (and `--json` prints).
    pub fn name(self) -> &'static str {
        match self {
            Refusal::Anonymous => "anonymous",
            Refusal::CashLimit => "cash_limit",
            Refusal::CardLimit => "card_limit",
        }
    }
}

/// Why a line is held for review: every one that applies, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenHold {
    UnknownInmate,
    WatchlistSender,
    WatchlistInmate,
    SenderManyInmates,
    InmateManySenders,
    HighAmount,
    ChargebackOutstanding,
    /// The state moved the inmate to another site (issue 18): their account is there.
    InmateMoved,
}

impl ScreenHold {
    pub const ALL: [ScreenHold; 8] = [
        ScreenHold::UnknownInmate,
        ScreenHold::WatchlistSender,
        ScreenHold::WatchlistInmate,
        ScreenHold::SenderManyInmates,
        ScreenHold::InmateManySenders,
        ScreenHold::HighAmount,
        ScreenHold::ChargebackOutstanding,
        ScreenHold::InmateMoved,
    ];

    /// The name DOMAIN.md gives it (and `--json` prints).
    pub fn name(self) -> &'static str {
        match self {
            ScreenHold::UnknownInmate => "unknown_inmate",
            ScreenHold::WatchlistSender => "watchlist_sender",
            ScreenHold::WatchlistInmate => "watchlist_inmate",
            ScreenHold::SenderManyInmates => "sender_many_inmates",
            ScreenHold::InmateManySenders => "inmate_many_senders",
            ScreenHold::HighAmount => "high_amount",
            ScreenHold::ChargebackOutstanding => "chargeback_outstanding",
            ScreenHold::InmateMoved => "inmate_moved",
        }
    }

    pub fn parse(name: &str) -> Option<ScreenHold> {
        ScreenHold::ALL.into_iter().find(|h| h.name() == name)
    }
}

/// What becomes of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screening {
    Accepted,
    Held(Vec<ScreenHold>),
    Refused(Refusal),
}

impl Screening {
    /// `accepted`, `held` or `refused`.
    pub fn outcome(&self) -> &'static str {
        match self {
            Screening::Accepted => "accepted",
            Screening::Held(_) => "held",
            Screening::Refused(_) => "refused",
        }
    }

    /// The reasons by name: none when accepted.
    pub fn reasons(&self) -> Vec<&'static str> {
        match self {
            Screening::Accepted => Vec::new(),
            Screening::Held(h) => h.iter().map(|r| r.name()).collect(),
            Screening::Refused(r) => vec![r.name()],
        }
    }
}

/// What the ledger knows about a line's windows, gathered before it is judged. Only earlier
/// lines accepted or held count in a window; refused ones never do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScreeningFacts {
    /// The sender gave no name.
    pub anonymous: bool,
    pub channel: Option<DepositChannel>,
    pub amount: Money,
    /// For a card line: the card's earlier deposits to this inmate in (t − 72 h, t].
    pub card_to_inmate_72h: Money,
    /// Distinct inmates this sender's deposits went to in (t − 8 days, t], this line included.
    pub sender_inmates_8d: usize,
    /// Distinct senders of this inmate's deposits in (t − 8 days, t], this line included.
    pub inmate_senders_8d: usize,
    pub inmate_known: bool,
    pub sender_watched: bool,
    pub inmate_watched: bool,
    /// The inmate's trust balance is negative after a chargeback.
    pub balance_negative: bool,
    /// The state moved the inmate to another site.
    pub inmate_moved: bool,
    /// An "always accept this sender for this inmate" rule covers the pair: the velocity
    /// holds do not apply to it.
    pub pair_allowed: bool,
    /// `high_amount` from this amount on.
    pub high_amount: Money,
}

/// Judges one line (a `card` or `cash` deposit) by DOMAIN.md's rules.
pub fn screen(f: &ScreeningFacts) -> Screening {
    if f.anonymous {
        return Screening::Refused(Refusal::Anonymous);
    }
    if f.channel == Some(DepositChannel::Cash) && f.amount > CASH_LIMIT {
        return Screening::Refused(Refusal::CashLimit);
    }
    if f.channel == Some(DepositChannel::Card)
        && Money::from_cents(f.card_to_inmate_72h.cents() + f.amount.cents()) > CARD_LIMIT_72H
    {
        return Screening::Refused(Refusal::CardLimit);
    }
    let holds: Vec<ScreenHold> = ScreenHold::ALL
        .into_iter()
        .filter(|h| match h {
            ScreenHold::UnknownInmate => !f.inmate_known,
            ScreenHold::WatchlistSender => f.sender_watched,
            ScreenHold::WatchlistInmate => f.inmate_watched,
            ScreenHold::SenderManyInmates => {
                !f.pair_allowed && f.sender_inmates_8d > DISTINCT_MAX_8D
            }
            ScreenHold::InmateManySenders => {
                !f.pair_allowed && f.inmate_senders_8d > DISTINCT_MAX_8D
            }
            ScreenHold::HighAmount => f.amount >= f.high_amount,
            ScreenHold::ChargebackOutstanding => {
                f.channel == Some(DepositChannel::Card) && f.balance_negative
            }
            ScreenHold::InmateMoved => f.inmate_moved,
        })
        .collect();
    if holds.is_empty() {
        Screening::Accepted
    } else {
        Screening::Held(holds)
    }
}

/// A line's sender as the rules count it: the card fingerprint for a card line; for cash,
/// the name and address NFKC-normalised, case-folded, punctuation removed and runs of
/// spaces made one.
pub fn sender_key(channel: DepositChannel, card: &str, name: &str, address: &str) -> String {
    match channel {
        DepositChannel::Card | DepositChannel::Chargeback => format!("card:{}", card.trim()),
        DepositChannel::Cash => {
            let text = format!("{name} {address}");
            let folded = if text.is_ascii() {
                // ASCII is its own NFKC form and folds by its own table: the same key,
                // without the normaliser (an import keys every cash line).
                text.chars()
                    .map(|c| c.to_ascii_lowercase())
                    .filter(|c| !super::text::is_punctuation(*c))
                    .collect()
            } else {
                fold_unicode(&text)
            };
            format!(
                "cash:{}",
                folded.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        }
    }
}

/// Upper case then lower case folds the letters lower case alone misses (`ß` is `ss`, a
/// final `ς` is `σ`); NFKC again after, as case changes can unmake a normal form.
fn fold_unicode(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc()
        .flat_map(char::to_uppercase)
        .flat_map(char::to_lowercase)
        .filter(|c| !super::text::is_punctuation(*c))
        .collect::<String>()
        .nfkc()
        .collect()
}

/// The key of an "always accept this sender for this inmate" rule in the watchlist.
pub fn pair_key(sender_key: &str, doc: &str) -> String {
    format!("{sender_key} {doc}")
}

#[cfg(test)]
mod ascii_fold_tests {
    use super::fold_unicode;

    /// The ASCII path of `sender_key` folds every ASCII text as the Unicode path does.
    #[test]
    fn ascii_folds_as_unicode_does() {
        let all: String = (0u8..128).map(char::from).collect();
        let fast = |t: &str| -> String {
            t.chars()
                .map(|c| c.to_ascii_lowercase())
                .filter(|c| !super::super::text::is_punctuation(*c))
                .collect()
        };
        assert_eq!(fast(&all), fold_unicode(&all));
        for c in all.chars() {
            let t = format!("Ann {c}O'Neil-Smith, 12 Elm St. #4");
            assert_eq!(
                super::sender_key(super::DepositChannel::Cash, "", &t, "x"),
                {
                    let f = fold_unicode(&format!("{t} x"));
                    format!(
                        "cash:{}",
                        f.split_whitespace().collect::<Vec<_>>().join(" ")
                    )
                }
            );
        }
    }
}
