//! The lobby kiosk in the Elm architecture: a `Model`, the `Msg`s that change it, a pure
//! `update` that returns `Effect`s for the runner (`app::kiosk`) to perform off the UI
//! thread, and a `view` that draws the model and says where its buttons are.
//!
//! The model and update live beside the view (not in `app`) so that `ui` never depends on
//! `app`: the view draws the model, and the runner only feeds messages in.

pub mod effect;
pub mod input;
pub mod model;
pub mod msg;
pub mod speech;
pub mod update;
pub mod utterance;
pub mod view;

pub use effect::{AccountView, Effect, InmateView};
pub use model::{Model, Notice, Purpose, Screen, TechField};
pub use msg::{Button, Cap, Key, Msg};
pub use update::update;
pub use utterance::Utterance;
pub use view::{view, HitMap};
