use super::Money;

/// What an inmate still owes on one obligation, oldest first in the slice given to
/// [`split_deposit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObligationDue {
    pub obligation_id: i64,
    pub remaining: Money,
}

/// How one deposit is divided between obligations and the inmate's trust account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Amounts paid to obligations, oldest first, never zero.
    pub to_obligations: Vec<(i64, Money)>,
    pub to_trust: Money,
}

/// DOMAIN.md's split: of each deposit, the deposit times the obligation percentage, rounded
/// down to the cent and never more than the inmate still owes, pays the oldest obligation
/// first, then the next; the trust account gets the rest.
pub fn split_deposit(amount: Money, percent_basis_points: u32, owed: &[ObligationDue]) -> Split {
    let total_owed = owed
        .iter()
        .filter(|o| o.remaining.is_positive())
        .fold(0i64, |sum, o| sum.saturating_add(o.remaining.cents()));
    let share = amount
        .percent_rounded_down(percent_basis_points)
        .cents()
        .min(total_owed)
        .min(amount.cents());
    let mut left = share;
    let mut to_obligations = Vec::new();
    for due in owed.iter().filter(|o| o.remaining.is_positive()) {
        if left == 0 {
            break;
        }
        let pay = left.min(due.remaining.cents());
        to_obligations.push((due.obligation_id, Money::from_cents(pay)));
        left -= pay;
    }
    Split {
        to_obligations,
        to_trust: Money::from_cents(amount.cents() - share),
    }
}
