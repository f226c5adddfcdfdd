use crate::domain::PrinterState;

use super::effect::{AccountView, InmateView};

/// A key the kiosk understands: a numeric keypad has digits, Enter, Backspace, Esc and
/// arrows; a keyboard adds letters. `Technician` is the technician's key (F12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Backspace,
    Esc,
    Up,
    Down,
    Left,
    Right,
    Technician,
    /// F2 at the clerk's intake: record a non-money-order item as discarded.
    Discard,
    /// Another function key (F3 to F11): the clerk console's actions on screens where
    /// letters are typed into a field.
    Function(u8),
}

/// A key of the on-screen keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    Char(char),
    Space,
    Delete,
    Ok,
}

/// Something on the screen a finger or a mouse can press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    /// Item `n` of the screen's menu.
    Menu(usize),
    Cap(Cap),
    Yes,
    No,
    Back,
    Language,
    ScrollUp,
    ScrollDown,
}

/// Everything that can happen to the kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(Key),
    /// Text pasted (or typed very fast by a scanner) at once.
    Paste(String),
    Press(Button),
    /// Time passes (about four times a second).
    Tick,
    Printer(PrinterState),
    /// The inmate found for the DOC number and last name, none, or `Err` when the ledger
    /// could not be asked.
    InmateChecked(Result<Option<InmateView>, ()>),
    SlipsCaptured(Result<Vec<String>, String>),
    /// The printer, asked just before the slips would be created, cannot print: nothing was
    /// created.
    SlipsNotStarted(PrinterState),
    Printed,
    /// The printer stopped: its state, and the numbers of the slips that did not print
    /// (those that did are the visitor's).
    PrintStuck(PrinterState, Vec<String>),
    /// The PIN check's answer: the account, or one answer for every refusal.
    /// `Err` when the ledger could not be asked (not a refusal: nothing is said about the PIN).
    PinChecked(Result<Option<AccountView>, ()>),
    VoucherQueued(Result<(), String>),
    /// The printer, asked just before the voucher, cannot print: nothing was queued.
    VoucherNotStarted(PrinterState),
    ClerkChecked(bool),
}
