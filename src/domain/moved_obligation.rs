/// What an inmate still owed on one obligation when their account went to another site
/// (issue 18): the new site adds it as an obligation of its own, for what was left.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MovedObligation {
    /// Its number at the site it came from.
    pub id: i64,
    /// `fine`, `court_cost` or `restitution` (an intervention fee stays with its case).
    pub kind: String,
    pub remaining_cents: i64,
    pub percent_bp: u32,
}
