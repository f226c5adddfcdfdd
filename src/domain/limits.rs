//! The lockout limits people are told about: on the kiosk's PIN screen, the console's
//! sign-in, and the PIN slip. They come from the ledger's settings (shared by every process,
//! changed by `config apply`), never from numbers written into sentences.

/// Wrong PINs and passwords allowed in a row, and how long a lock lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub pin_failures: u32,
    pub pin_lock_minutes: u32,
    pub password_failures: u32,
    pub password_lock_minutes: u32,
}

impl Default for Limits {
    /// DOMAIN.md's defaults: 5 wrong PINs lock for 15 minutes, 5 wrong passwords for 10.
    fn default() -> Self {
        Limits {
            pin_failures: 5,
            pin_lock_minutes: 15,
            password_failures: 5,
            password_lock_minutes: 10,
        }
    }
}

/// The most offenders a printed officers' list holds; a longer list says how many it left
/// out. The ledger cuts the list there before it is queued.
pub const FEE_LIST_ROWS_MAX: usize = 200;
