//! The printer's real-time status: ESC/POS `DLE EOT n` asks, and the printer answers one
//! byte at once, even mid-job. lockbox asks n = 1 (printer), 2 (offline cause) and 4 (roll
//! paper sensor).

pub use crate::domain::PrinterState;

/// `DLE EOT n`.
pub const DLE_EOT: [u8; 2] = [0x10, 0x04];

/// Whether a byte looks like a status answer: bits 1 and 4 set, bits 0 and 7 clear.
pub fn is_status_byte(b: u8) -> bool {
    b & 0x93 == 0x12
}

/// The state from the answers to n = 1, 2 and 4 (`None`: no answer).
pub fn state_from_answers(
    printer: Option<u8>,
    cause: Option<u8>,
    paper: Option<u8>,
) -> PrinterState {
    let (Some(printer), Some(cause), Some(paper)) = (printer, cause, paper) else {
        return PrinterState::NoAnswer;
    };
    if ![printer, cause, paper].into_iter().all(is_status_byte) {
        return PrinterState::NoAnswer;
    }
    if cause & 0x04 != 0 {
        PrinterState::CoverOpen
    } else if paper & 0x60 != 0 || cause & 0x20 != 0 {
        PrinterState::PaperOut
    } else if printer & 0x08 != 0 {
        PrinterState::Offline
    } else if paper & 0x0C != 0 {
        PrinterState::PaperLow
    } else {
        PrinterState::Ready
    }
}

/// The answers a printer in `state` gives to n = 1, 2 and 4 (the virtual printer, tests).
pub fn answers_for(state: PrinterState) -> Option<[u8; 3]> {
    let base = 0x12;
    Some(match state {
        PrinterState::Ready => [base, base, base],
        PrinterState::PaperLow => [base, base, base | 0x0C],
        PrinterState::PaperOut => [base | 0x08, base | 0x20, base | 0x60],
        PrinterState::CoverOpen => [base | 0x08, base | 0x04, base],
        PrinterState::Offline => [base | 0x08, base, base],
        PrinterState::NoAnswer | PrinterState::NotConnected => return None,
    })
}
