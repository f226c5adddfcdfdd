//! Colours and styles for a lobby: high contrast, readable from a step back, and never
//! colour alone to carry meaning (selection is also marked with `▶` and reverse video).

use ratatui::style::{Color, Modifier, Style};

/// Put before a failure's words: colour is never the only sign that something went wrong.
pub const ERROR_MARK: &str = "⚠";

pub fn base() -> Style {
    Style::new().fg(Color::White).bg(Color::Black)
}

pub fn title() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::White)
        .add_modifier(Modifier::BOLD)
}

pub fn strong() -> Style {
    base().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn warning() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::LightRed)
        .add_modifier(Modifier::BOLD)
}

pub fn muted() -> Style {
    base().fg(Color::Gray)
}

/// A button or item: highlighted when selected (and marked `▶` by its label), strong
/// otherwise.
pub fn choice(is_selected: bool) -> Style {
    if is_selected {
        selected()
    } else {
        strong()
    }
}

/// A numbered menu item's label: `▶ 2  Holds queue` when selected, `  2  Holds queue` not.
pub fn menu_label(is_selected: bool, number: usize, item: &str) -> String {
    format!("{} {number}  {item}", if is_selected { "▶" } else { " " })
}
