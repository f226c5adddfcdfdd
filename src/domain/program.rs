/// A program that exempts its months from the fee: community release center, residential
/// facility, electronic monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    Crc,
    Rf,
    Emp,
}

impl Program {
    pub const ALL: [Program; 3] = [Program::Crc, Program::Rf, Program::Emp];

    pub fn code(self) -> &'static str {
        match self {
            Program::Crc => "crc",
            Program::Rf => "rf",
            Program::Emp => "emp",
        }
    }

    pub fn parse(code: &str) -> Option<Program> {
        Program::ALL.into_iter().find(|p| p.code() == code)
    }
}
