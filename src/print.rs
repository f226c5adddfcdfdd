//! Printing: documents as pure functions to ESC/POS bytes, the code page, the decoder that
//! reads them back, the printer's status and the transports. The spool that joins the
//! ledger's print jobs to a printer is in `app::spool`.

/// The code page is the domain's (what a slip can print is a rule the kiosk checks as
/// people type); printing re-exports it where it is used.
pub use crate::domain::code_page;
pub mod decode;
pub mod document;
pub mod sheet;
pub mod status;
pub mod transport;

pub use code_page::CodePage;
pub use decode::Paper;
pub use document::Document;
pub use sheet::{Columns, LayoutError};
pub use status::PrinterState;
pub use transport::{
    FileTransport, MemoryTransport, SerialDriver, SerialTransport, Transport, TransportError,
};
