/// What an inmate owes, besides the deposit share rule that pays it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    Fine,
    CourtCost,
    Restitution,
    InterventionFee,
}

impl ObligationKind {
    pub const ALL: [ObligationKind; 4] = [
        ObligationKind::Fine,
        ObligationKind::CourtCost,
        ObligationKind::Restitution,
        ObligationKind::InterventionFee,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ObligationKind::Fine => "fine",
            ObligationKind::CourtCost => "court_cost",
            ObligationKind::Restitution => "restitution",
            ObligationKind::InterventionFee => "intervention_fee",
        }
    }

    pub fn parse(code: &str) -> Option<ObligationKind> {
        ObligationKind::ALL.into_iter().find(|k| k.code() == code)
    }
}
