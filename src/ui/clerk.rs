//! The clerk console behind the counter, in the same shape as the kiosk: a pure `update`
//! that returns effects for the runner (`app::clerk`), and a `view`.

pub mod case_event;
pub mod confirm;
pub mod effect;
pub mod fee_desk;
pub mod holds;
pub mod home;
pub mod intake;
pub mod model;
pub mod msg;
pub mod posting;
pub mod reports;
pub mod reprint;
pub mod review;
pub mod sign_in;
pub mod statement;
pub mod table;
pub mod update;
pub mod view;
pub mod waiver_form;
pub mod waivers;

pub use effect::{
    CentralSyncView, DeskPrinterView, DiscardedItem, DocumentView, Effect, FeeReport, FeeReportRow,
    FeeView, HeldView, HoldsPage, HoldsQuery, InmateOnFile, IntakeResult, PostResult, PostingRow,
    PostingView, Read, ReconView, ReportSort, SlipView, StatementRow, StatementRowKind,
    StatementView, TallyView, WaiverForm, WaiverView,
};
pub use holds::{Holds, ReleaseField, ReleaseForm};
pub use intake::Intake;
pub use model::{
    DeskEvent, Field, HoldAction, Model, Notice, ReviewAction, Screen, WaiverAction, WaiverField,
};
pub use msg::Msg;
pub use reprint::Reprint;
pub use statement::Statement;
pub use update::update;
pub use view::view;
pub use waiver_form::WaiverDraft;
