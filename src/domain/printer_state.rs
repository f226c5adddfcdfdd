//! A receipt printer's state as ESC/POS reports it (`print::status` reads the bytes): the
//! kiosk's and the console's screens show it, so it belongs to no one layer.

/// What the kiosk and the clerk see of the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrinterState {
    Ready,
    /// Paper near its end: prints, and the clerk is warned.
    PaperLow,
    PaperOut,
    CoverOpen,
    Offline,
    /// Nothing answered in time: unplugged, switched off, or the wrong port.
    NoAnswer,
    /// The port itself could not be opened (missing, or held by another program): asked
    /// again at the next look, so plugging it back in brings the printer back.
    NotConnected,
}

impl PrinterState {
    /// Whether a job may start.
    pub fn can_print(self) -> bool {
        matches!(self, PrinterState::Ready | PrinterState::PaperLow)
    }

    pub fn code(self) -> &'static str {
        match self {
            PrinterState::Ready => "ready",
            PrinterState::PaperLow => "paper_low",
            PrinterState::PaperOut => "paper_out",
            PrinterState::CoverOpen => "cover_open",
            PrinterState::Offline => "offline",
            PrinterState::NoAnswer => "no_answer",
            PrinterState::NotConnected => "not_connected",
        }
    }

    pub fn parse(code: &str) -> Option<PrinterState> {
        [
            PrinterState::Ready,
            PrinterState::PaperLow,
            PrinterState::PaperOut,
            PrinterState::CoverOpen,
            PrinterState::Offline,
            PrinterState::NoAnswer,
            PrinterState::NotConnected,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}
