/// The kind of supervision a case is under (14 CSR 80-5). Pre-trial, drug court and
/// deferred-prosecution cases never owe the fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Supervision {
    Probation,
    Parole,
    ConditionalRelease,
    Pretrial,
    DrugCourt,
    DeferredProsecution,
}

impl Supervision {
    pub const ALL: [Supervision; 6] = [
        Supervision::Probation,
        Supervision::Parole,
        Supervision::ConditionalRelease,
        Supervision::Pretrial,
        Supervision::DrugCourt,
        Supervision::DeferredProsecution,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Supervision::Probation => "probation",
            Supervision::Parole => "parole",
            Supervision::ConditionalRelease => "conditional_release",
            Supervision::Pretrial => "pretrial",
            Supervision::DrugCourt => "drug_court",
            Supervision::DeferredProsecution => "deferred_prosecution",
        }
    }

    pub fn parse(code: &str) -> Option<Supervision> {
        Supervision::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the case type itself exempts every month.
    pub fn is_exempt(self) -> bool {
        matches!(
            self,
            Supervision::Pretrial | Supervision::DrugCourt | Supervision::DeferredProsecution
        )
    }
}
