//! What the kiosk says in speech mode (issue 19): a pure function of the model, before and
//! after a message, from the strings tables (`KioskWords` for what the screen says,
//! `SpeechWords` for the way a voice says it). Nothing here reads the drawn screen.
//!
//! The rules, in order: speech just turned on says so, then the screen; a new screen (or
//! language) says the whole screen; the idle warning says itself; a notice (an error, a
//! result) says itself; a key that typed or deleted says what it typed or deleted (a PIN's
//! digit only as the word "digit", a technician's field nothing); the arrows say the item
//! they moved to. A PIN or a password never reaches any of it.

use crate::domain::{Language, Money};
use crate::strings::{self, kiosk_words, speech_words, KioskWords, SpeechWords};

use super::input::{cap_at, Kind};
use super::model::{Model, Notice, Purpose, Screen, TechField};
use super::msg::{Cap, Key, Msg};
use super::utterance::Utterance;
use super::view::{account_facts, fill, menu_words, notice_words};

/// What speech compares before and after a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    speech: bool,
    screen: Screen,
    language: Language,
    notice: Option<Notice>,
    countdown: bool,
    waiting: bool,
    menu: usize,
    cursor: (usize, usize),
    scroll: usize,
    value: Option<String>,
}

impl Before {
    pub fn of(model: &Model) -> Before {
        Before {
            speech: model.speech,
            screen: model.screen,
            language: model.language,
            notice: model.notice,
            countdown: model.countdown.is_some(),
            waiting: model.waiting,
            menu: model.menu,
            cursor: model.cursor,
            scroll: model.scroll,
            value: field_value(model).map(|(v, _)| v.to_string()),
        }
    }
}

/// The field the screen types into and what it accepts (as `update` types into it).
fn field_value(model: &Model) -> Option<(&str, Kind)> {
    let v = &model.visit;
    Some(match model.screen {
        Screen::Doc(_) => (&v.doc, Kind::Digits),
        Screen::Pin => (&v.pin, Kind::Digits),
        Screen::LastName => (&v.last_name, Kind::Text),
        Screen::SenderName => (&v.sender_name, Kind::Text),
        Screen::Street => (&v.street, Kind::Text),
        Screen::CityLine => (&v.city_line, Kind::Text),
        Screen::Amount => (&v.amount, Kind::Amount),
        Screen::Technician(TechField::User) => (&v.tech_user, Kind::Secret),
        Screen::Technician(TechField::Password) => (&v.tech_password, Kind::Secret),
        _ => return None,
    })
}

/// `text` in the visit's language at its volume, cutting off what is being said. (The
/// speaker cleans the text of anything that is not text, once, as it queues it.)
pub fn utter(model: &Model, text: String) -> Utterance {
    Utterance {
        text,
        language: model.language,
        volume: model.volume,
        interrupt: true,
    }
}

/// What speech says when it starts: how its keys work, then the screen.
pub fn started(model: &Model) -> Utterance {
    let s = speech_words(model.language);
    utter(model, format!("{} {}", s.speech_on, screen(model)))
}

/// What to say after `msg` changed the model from `before`; nothing when speech is off or
/// nothing a listener needs changed. Speech turned off by the end of a visit says an empty,
/// interrupting utterance: what was still being said about that visit stops.
pub fn said(before: &Before, model: &Model, msg: &Msg) -> Option<Utterance> {
    if !model.speech {
        return before.speech.then(|| utter(model, String::new()));
    }
    let s = speech_words(model.language);
    let w = kiosk_words(model.language);
    // A visit that starts in speech mode (`kiosk.speech_out`) is told its keys first.
    if model.speech_always && model.screen == Screen::Welcome && before.screen != Screen::Welcome {
        return Some(started(model));
    }
    if before.screen != model.screen || before.language != model.language {
        return Some(utter(model, screen(model)));
    }
    match (before.countdown, model.countdown) {
        (false, Some(left)) => return Some(utter(model, fill(s.idle_warning, &left.to_string()))),
        // The visitor is back: the warning stops, and the screen is said again.
        (true, None) => return Some(utter(model, screen(model))),
        _ => {}
    }
    // An answer from the worker that ends with a notice (a PIN refused again, a lookup that
    // failed again) is said, even when it is the notice already showing.
    if before.waiting && !model.waiting {
        if let Some(n) = model.notice {
            return Some(utter(model, notice_words(model, w, n)));
        }
    }
    if before.notice != model.notice {
        if let Some(n) = model.notice {
            return Some(utter(model, notice_words(model, w, n)));
        }
    }
    if !before.waiting && model.waiting {
        return Some(utter(
            model,
            if model.screen == Screen::Printing {
                w.printing_slips.to_string()
            } else {
                w.busy.to_string()
            },
        ));
    }
    let now = field_value(model);
    if let (Some(old), Some((new, kind))) = (&before.value, now) {
        if old != new {
            return typed(model, s, old, new, kind);
        }
    }
    if before.menu != model.menu {
        let items = menu_items(model, w);
        if let Some(item) = items.get(model.menu) {
            return Some(utter(model, press(s, model.menu, item)));
        }
    }
    if before.cursor != model.cursor
        && super::update::has_keyboard(model.screen)
        && !matches!(model.screen, Screen::Technician(_))
    {
        return Some(utter(model, cap_words(w, s, cap_at(model.cursor))));
    }
    if before.scroll != model.scroll && model.screen == Screen::Account {
        return month(model, s).map(|m| utter(model, m));
    }
    // Enter, a menu's number or a button that changed nothing but left a notice: the
    // same refusal again (a PIN still too short, the printer still out) is said again.
    let pressed = matches!(msg, Msg::Key(Key::Enter) | Msg::Press(_))
        || matches!(msg, Msg::Key(Key::Char(c)) if c.is_ascii_digit() && field_value(model).is_none());
    if pressed {
        if let Some(n) = model.notice {
            return Some(utter(model, notice_words(model, w, n)));
        }
    }
    None
}

/// A key that typed or deleted: what it typed or deleted.
fn typed(model: &Model, s: &SpeechWords, old: &str, new: &str, kind: Kind) -> Option<Utterance> {
    if kind == Kind::Secret {
        return None;
    }
    let pin = model.screen == Screen::Pin;
    // A PIN's digits are never said, only that one was typed or deleted.
    let say = |text: &str| -> String {
        if pin {
            vec![s.digit; text.chars().count()].join(" ")
        } else {
            spell(s, text)
        }
    };
    let text = if let Some(added) = new.strip_prefix(old) {
        say(added)
    } else if let Some(gone) = old.strip_prefix(new) {
        fill(s.deleted, &say(gone))
    } else if pin {
        fill(s.pin_digits_typed, &new.chars().count().to_string())
    } else {
        fill(s.typed, &spell(s, new))
    };
    Some(Utterance {
        interrupt: false,
        ..utter(model, text)
    })
}

/// Characters one by one ("0 0 0 1 2"), a space by its name: a DOC number, a slip number
/// or a key echo is read digit by digit, never as one big number.
fn spell(s: &SpeechWords, text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == ' ' {
                s.space.to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn press(s: &SpeechWords, index: usize, item: &str) -> String {
    fill(&fill(s.press, &((index + 1) % 10).to_string()), item)
}

fn cap_words(w: &KioskWords, s: &SpeechWords, cap: Cap) -> String {
    match cap {
        Cap::Char(c) => c.to_string(),
        Cap::Space => s.space.to_string(),
        Cap::Delete => w.delete.to_string(),
        Cap::Ok => w.ok.to_string(),
    }
}

fn money(language: Language, m: Money) -> String {
    strings::spoken_money(language, m)
}

/// The menu the screen offers, as said: the view's words, or the money orders to choose
/// from in words.
fn menu_items(model: &Model, w: &KioskWords) -> Vec<String> {
    if model.screen == Screen::ChooseMoneyOrder {
        return model
            .visit
            .amounts
            .iter()
            .map(|m| money(model.language, *m))
            .collect();
    }
    menu_words(model, w)
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn menu_said(model: &Model, w: &KioskWords, s: &SpeechWords) -> Vec<String> {
    menu_items(model, w)
        .iter()
        .enumerate()
        .map(|(i, item)| press(s, i, item))
        .collect()
}

/// The month the account's list is scrolled to, as said.
fn month(model: &Model, s: &SpeechWords) -> Option<String> {
    let a = model.visit.account.as_ref()?;
    let m = a.months.get(model.scroll)?;
    use chrono::Datelike;
    let name = format!("{} {}", s.months[m.month.month0() as usize], m.month.year());
    Some(fill(
        &fill(
            &fill(
                &fill(s.month_row, &name),
                &money(model.language, m.assessed),
            ),
            &money(model.language, m.waived),
        ),
        &money(model.language, m.paid),
    ))
}

/// The whole screen as said: its title, what it asks, the value typed so far, its choices
/// with their keys, and what went wrong.
pub fn screen(model: &Model) -> String {
    let language = model.language;
    let w = kiosk_words(language);
    let s = speech_words(language);
    let v = &model.visit;
    let mut parts: Vec<String> = Vec::new();
    let value = |text: &str| -> String {
        if text.is_empty() {
            s.nothing_typed.to_string()
        } else {
            fill(s.typed, &spell(s, text))
        }
    };
    let entry = |parts: &mut Vec<String>, prompt: &str, hint: &str, typed: String| {
        parts.push(format!("{prompt}."));
        if !hint.is_empty() {
            parts.push(format!("{hint}."));
        }
        parts.push(typed);
    };
    match model.screen {
        Screen::Welcome => {
            parts.push(if model.facility.is_empty() {
                format!("{}.", w.title)
            } else {
                format!("{}, {}.", w.title, model.facility)
            });
            parts.push(
                match language {
                    Language::En => w.welcome_en,
                    Language::Es => w.welcome_es,
                }
                .to_string(),
            );
            parts.extend(menu_said(model, w, s));
            if !model.printer.can_print() {
                parts.push(w.cannot_print.to_string());
            }
        }
        Screen::Doc(purpose) => {
            let prompt = if purpose == Purpose::Deposit {
                w.enter_doc
            } else {
                w.enter_your_doc
            };
            entry(&mut parts, prompt, w.doc_hint, value(&v.doc));
            parts.push(s.entry_keys.to_string());
        }
        Screen::LastName => {
            entry(&mut parts, w.enter_last_name, "", value(&v.last_name));
            parts.push(s.letters_keys.to_string());
        }
        Screen::SenderName => {
            entry(
                &mut parts,
                w.enter_sender_name,
                w.address_hint,
                value(&v.sender_name),
            );
            parts.push(s.letters_keys.to_string());
        }
        Screen::Street => {
            entry(&mut parts, w.enter_street, "", value(&v.street));
            parts.push(s.letters_keys.to_string());
        }
        Screen::CityLine => {
            entry(&mut parts, w.enter_city_line, "", value(&v.city_line));
            parts.push(s.letters_keys.to_string());
        }
        Screen::Amount => {
            let prompt = match v.editing {
                Some(i) => fill(w.change_amount, &(i + 1).to_string()),
                None => w.enter_amount.to_string(),
            };
            let typed = match Money::parse_amount(&v.amount) {
                Ok(m) if !v.amount.is_empty() => fill(s.typed, &money(language, m)),
                _ => value(&v.amount),
            };
            let hint = if v.editing.is_some() {
                w.change_amount_hint
            } else {
                w.amount_hint
            };
            entry(&mut parts, &prompt, hint, typed);
            parts.push(s.entry_keys.to_string());
        }
        Screen::Pin => {
            // How many digits, never which.
            let typed = if v.pin.is_empty() {
                s.nothing_typed.to_string()
            } else {
                fill(s.pin_digits_typed, &v.pin.chars().count().to_string())
            };
            entry(&mut parts, w.enter_pin, w.pin_hint, typed);
            parts.push(s.entry_keys.to_string());
        }
        Screen::Technician(field) => {
            let prompt = match field {
                TechField::User => w.tech_user,
                TechField::Password => w.tech_password,
            };
            parts.push(format!("{}. {prompt}.", w.technician));
        }
        Screen::Confirm => {
            parts.push(w.confirm_inmate.to_string());
            if let Some(i) = &v.inmate {
                parts.push(format!("{}.", i.name));
                parts.push(fill(s.doc_number, &spell(s, &v.doc)));
                parts.push(format!("{}.", i.facility));
            }
            parts.push(s.confirm_keys.to_string());
        }
        Screen::Review => {
            parts.push(format!("{}.", w.review));
            for (i, m) in v.amounts.iter().enumerate() {
                parts.push(fill(
                    &fill(s.money_order_n, &(i + 1).to_string()),
                    &money(language, *m),
                ));
            }
            let total = Money::from_cents(v.amounts.iter().map(|m| m.cents()).sum());
            parts.push(format!("{}: {}.", w.total_label, money(language, total)));
            if let Some(i) = &v.inmate {
                parts.push(format!("{}: {}.", w.inmate_label, i.name));
            }
            parts.push(fill(s.doc_number, &spell(s, &v.doc)));
            parts.push(format!("{}: {}.", w.sender_label, v.sender_name.trim()));
            parts.push(format!(
                "{}: {}, {}.",
                w.address_label,
                v.street.trim(),
                v.city_line.trim()
            ));
            parts.push(w.no_cash_rule.to_string());
            parts.push(w.posts_when.to_string());
            parts.extend(menu_said(model, w, s));
        }
        Screen::ChooseMoneyOrder => {
            parts.push(w.choose_money_order.to_string());
            parts.extend(menu_said(model, w, s));
        }
        Screen::Printing => parts.push(w.printing_slips.to_string()),
        Screen::Printed if !v.unprinted.is_empty() => {
            let numbers: Vec<String> = v.unprinted.iter().map(|n| spell(s, n)).collect();
            parts.push(fill(w.slips_at_the_clerk, &numbers.join(", ")));
            parts.push(w.or_print_here.to_string());
            parts.push(w.no_cash_rule.to_string());
            parts.extend(menu_said(model, w, s));
        }
        Screen::Printed => {
            let numbers: Vec<String> = v.slips.iter().map(|n| spell(s, n)).collect();
            parts.push(format!("{}: {}.", w.slip_numbers, numbers.join(", ")));
            parts.push(w.printed_instructions.to_string());
            parts.push(w.no_cash_rule.to_string());
            parts.push(w.posts_when.to_string());
            parts.push(s.done_key.to_string());
        }
        Screen::Account => {
            if let Some(a) = &v.account {
                parts.push(format!("{}.", a.name));
                parts.push(fill(s.doc_number, &spell(s, &a.doc)));
                let said = |m: Money| money(language, m);
                let date = |d: chrono::NaiveDate| strings::spoken_date(language, d);
                for (text, _) in account_facts(a, w, &said, &said, &date) {
                    // The sentences that carry a dollar sign before an amount have it in
                    // words already.
                    parts.push(
                        text.replace('$', "")
                            .trim_start_matches(super::super::theme::ERROR_MARK)
                            .trim()
                            .to_string(),
                    );
                }
                if !a.months.is_empty() {
                    parts.push(s.months_keys.to_string());
                }
                parts.extend(menu_said(model, w, s));
            }
        }
    }
    if let Some(n) = model.notice {
        parts.push(notice_words(model, w, n));
    }
    if let Some(left) = model.countdown {
        parts.push(fill(s.idle_warning, &left.to_string()));
    }
    // Each part a sentence of its own, so the voice pauses between them ("Balance: 90
    // dollars. 90 dollars is past due...", never one run-on line).
    parts
        .iter()
        .map(|p| sentence(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` ending in a full stop, unless it ends in punctuation already.
fn sentence(text: &str) -> String {
    let text = text.trim();
    match text.chars().last() {
        None => String::new(),
        Some('.' | '!' | '?' | ':' | ';' | '…') => text.to_string(),
        Some(_) => format!("{text}."),
    }
}
