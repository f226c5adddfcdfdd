//! The screens: ratatui widgets over pure models. Nothing here touches the ledger, the
//! printer or the clock; `app` runs the effects that `update` asks for.

pub mod clerk;
pub mod kiosk;
pub mod theme;
pub mod type_ahead;
