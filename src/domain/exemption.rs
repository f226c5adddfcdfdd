/// Why a month is not assessed. When several apply, the first in this order is shown
/// (DOMAIN.md's decision): case type, interstate transfer, program, confinement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exemption {
    CaseType,
    Interstate,
    Program,
    Confinement,
}

impl Exemption {
    pub fn code(self) -> &'static str {
        match self {
            Exemption::CaseType => "case_type",
            Exemption::Interstate => "interstate",
            Exemption::Program => "program",
            Exemption::Confinement => "confinement",
        }
    }
}
