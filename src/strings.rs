//! All the words a person reads, one table per language.
//!
//! This sits beside `domain` rather than inside `ui` because the command line and the
//! printed receipts speak the same sentences as the screens; rejections are enums
//! everywhere else, and only these tables turn them into words.

pub mod en;
pub mod es;

use crate::domain::{Field, HoldReason, Language, MoneyError, NotBusinessDay, Rejection};

/// The sentence that tells a person why their request was refused.
pub fn rejection(language: Language, r: Rejection) -> String {
    match language {
        Language::En => en::rejection(r),
        Language::Es => es::rejection(r),
    }
}

/// Why a money order is on hold, in words.
pub fn hold_reason(language: Language, r: HoldReason) -> &'static str {
    match language {
        Language::En => en::hold_reason(r),
        Language::Es => es::hold_reason(r),
    }
}

/// Why nothing posts on a date.
pub fn not_business_day(language: Language, r: NotBusinessDay) -> &'static str {
    match language {
        Language::En => en::not_business_day(r),
        Language::Es => es::not_business_day(r),
    }
}

pub fn field(language: Language, f: Field) -> &'static str {
    match language {
        Language::En => en::field(f),
        Language::Es => es::field(f),
    }
}

pub fn money_error(language: Language, e: MoneyError) -> &'static str {
    match language {
        Language::En => en::money_error(e),
        Language::Es => es::money_error(e),
    }
}
