/// A text field a person fills in; rejections name the field so a screen can show the
/// message beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    InmateName,
    LastName,
    FirstName,
    Facility,
    SenderName,
    SenderAddress,
    Issuer,
    Serial,
    Note,
    KioskId,
    UserName,
    /// A state holiday's name, as the calendar and `holiday list` show it.
    HolidayName,
}

impl Field {
    /// The most characters a field accepts: enough for real names and addresses, small
    /// enough to fit a receipt and to bound every row.
    pub fn max_chars(self) -> usize {
        match self {
            Field::InmateName | Field::SenderName => 80,
            Field::LastName | Field::FirstName | Field::Facility => 60,
            Field::SenderAddress => 200,
            Field::Issuer => 60,
            Field::Serial => 30,
            Field::Note => 500,
            Field::KioskId | Field::UserName => 32,
            Field::HolidayName => 100,
        }
    }
}
