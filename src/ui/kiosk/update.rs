//! The kiosk's rules of conduct: a pure function of the model, a message and the time.

use std::time::{Duration, Instant};

use crate::domain::{DocNumber, Field, Money, Rejection, SlipRequest, MONEY_ORDER_LIMIT};

use super::effect::Effect;
use super::input::{self, cap_at, move_cursor, Kind};
use super::model::{Model, Notice, Purpose, Screen, TechField};
use super::msg::{Button, Cap, Key, Msg};

/// How long the idle warning shows before a visit ends: WCAG 2.2.1 asks for at least 20
/// seconds to answer it (one key, any, keeps the visit, as often as the visitor needs).
/// With a configured timeout shorter than this, the warning shows from the first idle
/// second, for the whole timeout (at least 20 s: the settings refuse less).
pub const IDLE_WARNING_FOR: Duration = Duration::from_secs(25);
/// By default, the visit ends without input for this long (`kiosk.idle_timeout_s`); the
/// warning shows for its last `IDLE_WARNING_FOR`.
pub const IDLE_RESET_AFTER: Duration = Duration::from_secs(60);
/// How often the welcome screen asks the printer how it is.
pub const PRINTER_CHECK_EVERY: Duration = Duration::from_secs(10);
/// Money orders in one visit.
pub const MONEY_ORDERS_PER_VISIT: usize = 10;
const DOC_MAX: usize = 8;
const PIN_MAX: usize = 6;
const AMOUNT_MAX: usize = 12;
/// Street and city lines share the address field's 200 characters.
const ADDRESS_LINE_MAX: usize = 95;
const TECH_MAX: usize = 64;

/// Menu items per screen (for the arrows). The welcome screen offers the language switch
/// only where the kiosk has more than one language.
fn menu_len(model: &Model) -> usize {
    // The same list the view draws and speech says, so the three cannot disagree.
    match model.screen {
        Screen::ChooseMoneyOrder => model.visit.amounts.len(),
        _ => super::view::menu_words(model, crate::strings::kiosk_words(model.language)).len(),
    }
}

/// How many buttons a row of the screen's menu holds (as the view draws it).
pub fn grid_columns(model: &Model) -> usize {
    match model.screen {
        Screen::Review | Screen::ChooseMoneyOrder => 2,
        Screen::Printed => menu_len(model).max(1),
        _ => 1,
    }
}

/// The arrows on a menu of `len` buttons drawn `columns` to a row: left and right step
/// through them in order, up and down go to the row above or below (round again at the
/// ends), staying in the column.
fn move_in_grid(at: usize, len: usize, columns: usize, key: Key) -> usize {
    let columns = columns.clamp(1, len.max(1));
    let column = at % columns;
    // The buttons of this column, top to bottom.
    let in_column: Vec<usize> = (column..len).step_by(columns).collect();
    let row = in_column.iter().position(|&i| i == at).unwrap_or(0);
    match key {
        Key::Left => (at + len - 1) % len,
        Key::Right => (at + 1) % len,
        Key::Up if columns == 1 => (at + len - 1) % len,
        Key::Down if columns == 1 => (at + 1) % len,
        Key::Up => in_column[(row + in_column.len() - 1) % in_column.len()],
        Key::Down => in_column[(row + 1) % in_column.len()],
        _ => at,
    }
}

/// Keys (and pastes) typed while an effect runs, kept for when it ends, as the clerk
/// console does: a visitor typing on while a voucher prints loses nothing. They were typed
/// at one screen, so they go only to that screen: an answer that opens another (a PIN
/// accepted, slips printed, an inmate found) drops them, so that no key answers a screen
/// the visitor has not seen. A visit's reset drops them with it.
const PENDING_KEYS_MAX: usize = 64;

pub fn update(model: &mut Model, msg: Msg, now: Instant) -> Vec<Effect> {
    if let Some(effects) = access_key(model, &msg, now) {
        return effects;
    }
    let before = super::speech::Before::of(model);
    let mut effects = update_inner(model, msg.clone(), now);
    if let Some(utterance) = super::speech::said(&before, model, &msg) {
        effects.push(Effect::Speak(utterance));
    }
    effects
}

/// The speech and large-print keys (issue 19), before anything else sees them:
/// - star turns speech on, and once on says the screen again, as it is now;
/// - slash turns it off and plus steps the volume, except where names and addresses are
///   typed (a street may be "12 1/2 Elm St");
/// - 0 on the welcome screen turns large print on or off.
///
/// They keep the visit like any key. On the technician's screens they are typed, as any
/// character of a password; without a voice the star key is not taken either.
fn access_key(model: &mut Model, msg: &Msg, now: Instant) -> Option<Vec<Effect>> {
    let Msg::Key(Key::Char(c)) = msg else {
        return None;
    };
    if matches!(model.screen, Screen::Technician(_)) {
        return None;
    }
    let s = crate::strings::speech_words(model.language);
    let text_field = has_keyboard(model.screen);
    let said = match c {
        '*' if !model.speech_available => return None,
        '*' if !model.speech => {
            model.speech = true;
            super::speech::started(model)
        }
        '*' => super::speech::utter(model, super::speech::screen(model)),
        '/' if model.speech && !text_field => {
            model.speech = false;
            super::speech::utter(model, s.speech_off.to_string())
        }
        '+' if model.speech && !text_field => {
            model.volume = (model.volume + 1) % super::utterance::VOLUME_LEVELS;
            let level = super::view::fill(s.volume, &(model.volume + 1).to_string());
            super::speech::utter(
                model,
                super::view::fill(&level, &super::utterance::VOLUME_LEVELS.to_string()),
            )
        }
        '0' if model.screen == Screen::Welcome && !model.waiting => {
            model.large = !model.large;
            let word = if model.large { s.large_on } else { s.large_off };
            super::speech::utter(model, word.to_string())
        }
        _ => return None,
    };
    model.last_input = now;
    model.countdown = None;
    // Slash's "speech off" is the last thing said; large print says itself only to those
    // listening.
    if !model.speech && *c != '/' {
        return Some(Vec::new());
    }
    Some(vec![Effect::Speak(said)])
}

fn update_inner(model: &mut Model, msg: Msg, now: Instant) -> Vec<Effect> {
    let mut effects = update_one(model, msg, now);
    if model.quit || model.pending_screen.is_some_and(|s| s != model.screen) {
        model.pending_keys.clear();
    }
    while !model.waiting && !model.quit && !model.pending_keys.is_empty() {
        let held = model.pending_keys.remove(0);
        effects.extend(update_one(model, held, now));
    }
    if model.pending_keys.is_empty() {
        model.pending_screen = None;
    }
    effects
}

/// Keeps `msg` (a key or a paste) typed while waiting at the current screen.
fn hold(model: &mut Model, msg: Msg) {
    if model.pending_keys.len() < PENDING_KEYS_MAX {
        model.pending_screen = Some(model.screen);
        model.pending_keys.push(msg);
    }
}

fn update_one(model: &mut Model, msg: Msg, now: Instant) -> Vec<Effect> {
    let is_input = matches!(msg, Msg::Key(_) | Msg::Paste(_) | Msg::Press(_));
    if is_input {
        model.last_input = now;
        if model.countdown.take().is_some() {
            // Any key cancels the countdown, and does nothing else.
            return Vec::new();
        }
    }
    match msg {
        Msg::Tick => tick(model, now),
        Msg::Printer(state) => {
            let was = model.printer;
            model.printer = state;
            if model.screen == Screen::Welcome
                && state.can_print()
                && model.notice == Some(Notice::CannotPrint)
            {
                model.notice = None;
            }
            // Slips waiting for a visitor still here: said when the printer comes back (a
            // change from cannot to can), and taken back if it stops again before they press
            // the key.
            if model.screen == Screen::Printed && !model.visit.unprinted.is_empty() {
                if state.can_print() && !was.can_print() {
                    model.notice = Some(Notice::PrinterBack);
                } else if !state.can_print() {
                    model.notice = Some(Notice::PrintProblem(state));
                }
            }
            Vec::new()
        }
        Msg::InmateChecked(found) => {
            model.waiting = false;
            match found {
                // Moved away: said with where they are now, and no further.
                Ok(Some(inmate)) if model.screen == Screen::LastName && inmate.moved => {
                    model.visit.inmate = Some(inmate);
                    model.notice = Some(Notice::MovedAway);
                }
                Ok(Some(inmate)) if model.screen == Screen::LastName => {
                    model.visit.inmate = Some(inmate);
                    go(model, Screen::Confirm);
                }
                Ok(Some(_)) => {}
                Ok(None) => model.notice = Some(Notice::NotMatched),
                Err(()) => model.notice = Some(Notice::LookupFailed),
            }
            Vec::new()
        }
        // A worker's answer about printing belongs to the visit still waiting for it on the
        // printing screen; one arriving after that visit ended (reset by the idle timer) is
        // dropped, never shown to the next visitor.
        Msg::SlipsNotStarted(_) | Msg::SlipsCaptured(_) | Msg::Printed | Msg::PrintStuck(..)
            if !(model.waiting && model.screen == Screen::Printing) =>
        {
            Vec::new()
        }
        Msg::SlipsNotStarted(state) => {
            model.waiting = false;
            model.printer = state;
            go(model, Screen::Review);
            model.notice = Some(Notice::CannotPrint);
            Vec::new()
        }
        Msg::SlipsCaptured(result) => match result {
            Ok(numbers) => {
                model.visit.slips = numbers;
                vec![Effect::PrintQueued]
            }
            Err(_) => {
                model.waiting = false;
                go(model, Screen::Review);
                model.notice = Some(Notice::SlipsNotSaved);
                Vec::new()
            }
        },
        Msg::Printed => {
            model.waiting = false;
            model.visit.unprinted.clear();
            go(model, Screen::Printed);
            // It printed: what the printer said before (out of paper) is asked again at
            // once, so the header and the next visitor never go by an old word.
            vec![Effect::CheckPrinter]
        }
        Msg::PrintStuck(state, unprinted) => {
            model.waiting = false;
            model.printer = state;
            // Not known which came out: every slip of the visit is said to be at the clerk.
            model.visit.unprinted = if unprinted.is_empty() {
                model.visit.slips.clone()
            } else {
                unprinted
            };
            go(model, Screen::Printed);
            // Stopped for a reason the printer does not report (the port failed, the job
            // could not be laid out): not "the printer stopped (Printer ready)".
            model.notice = Some(if state.can_print() {
                Notice::SlipsNotPrinted
            } else {
                Notice::PrintProblem(state)
            });
            Vec::new()
        }
        Msg::PinChecked(account) => {
            model.waiting = false;
            model.visit.pin.clear();
            match account {
                Ok(Some(a)) => {
                    model.visit.account = Some(a);
                    go(model, Screen::Account);
                }
                Ok(None) => model.notice = Some(Notice::NotAccepted),
                Err(()) => model.notice = Some(Notice::LookupFailed),
            }
            Vec::new()
        }
        Msg::VoucherNotStarted(state) => {
            model.waiting = false;
            model.printer = state;
            model.notice = Some(Notice::VoucherCannotPrint(state));
            Vec::new()
        }
        Msg::VoucherQueued(result) => {
            model.waiting = false;
            model.notice = Some(match result {
                Ok(()) => Notice::VoucherPrinted,
                Err(_) => Notice::VoucherNotPrinted,
            });
            Vec::new()
        }
        Msg::ClerkChecked(ok) => {
            model.waiting = false;
            model.visit.tech_password.clear();
            if ok {
                model.quit = true;
                vec![Effect::Quit]
            } else {
                model.notice = Some(Notice::TechRefused);
                Vec::new()
            }
        }
        // Not while slips print: the technician's screen would leave the print's answer
        // with nowhere to go.
        Msg::Key(Key::Technician) if model.waiting && model.screen == Screen::Printing => {
            Vec::new()
        }
        Msg::Key(Key::Technician) => {
            // Nothing the visitor typed ahead goes to the technician's screen.
            model.pending_keys.clear();
            model.visit.tech_user.clear();
            model.visit.tech_password.clear();
            go(model, Screen::Technician(TechField::User));
            Vec::new()
        }
        // While an effect runs the screen shows a spinner; keys typed meanwhile wait for
        // its answer, a touch does not (it was aimed at a screen about to change).
        msg @ (Msg::Key(_) | Msg::Paste(_)) if model.waiting => {
            hold(model, msg);
            Vec::new()
        }
        Msg::Press(_) if model.waiting => Vec::new(),
        Msg::Press(Button::Language) => {
            next_language(model);
            Vec::new()
        }
        Msg::Key(key) => on_key(model, key, now),
        Msg::Paste(text) => {
            on_text(model, &text);
            Vec::new()
        }
        Msg::Press(button) => on_button(model, button, now),
    }
}

fn tick(model: &mut Model, now: Instant) -> Vec<Effect> {
    if model.waiting {
        model.spinner = model.spinner.wrapping_add(1);
    }
    let mut effects = Vec::new();
    let printing = model.waiting && model.screen == Screen::Printing;
    if model.in_visit() && !printing {
        let idle = now.saturating_duration_since(model.last_input);
        let reset = model.idle_reset_after;
        // Never a warning for more than half the visit's time: a key that cancels it does
        // nothing else, so a warning always on would swallow every key typed.
        let warn = reset.saturating_sub(IDLE_WARNING_FOR.min(reset / 2));
        if idle >= reset {
            model.reset(now);
        } else if idle >= warn {
            model.countdown = Some((reset - idle).as_secs().max(1));
        } else {
            model.countdown = None;
        }
    } else {
        model.countdown = None;
    }
    // The printer is asked again while the kiosk waits and during a visit (its paper may
    // run out after the visit began), not while it prints.
    if !matches!(model.screen, Screen::Printing)
        && !model.waiting
        && model
            .last_printer_check
            .is_none_or(|t| now.saturating_duration_since(t) >= PRINTER_CHECK_EVERY)
    {
        model.last_printer_check = Some(now);
        effects.push(Effect::CheckPrinter);
    }
    effects
}

fn go(model: &mut Model, screen: Screen) {
    model.screen = screen;
    model.notice = None;
    model.menu = 0;
    model.scroll = 0;
    model.cursor = input::OK_CURSOR;
}

/// The field the screen types into, with what it accepts and its length.
fn field(model: &mut Model) -> Option<(&mut String, Kind, usize)> {
    let v = &mut model.visit;
    Some(match model.screen {
        Screen::Doc(_) => (&mut v.doc, Kind::Digits, DOC_MAX),
        Screen::LastName => (&mut v.last_name, Kind::Text, Field::LastName.max_chars()),
        Screen::SenderName => (
            &mut v.sender_name,
            Kind::Text,
            Field::SenderName.max_chars(),
        ),
        Screen::Street => (&mut v.street, Kind::Text, ADDRESS_LINE_MAX),
        Screen::CityLine => (&mut v.city_line, Kind::Text, ADDRESS_LINE_MAX),
        Screen::Amount => (&mut v.amount, Kind::Amount, AMOUNT_MAX),
        Screen::Pin => (&mut v.pin, Kind::Digits, PIN_MAX),
        Screen::Technician(TechField::User) => (&mut v.tech_user, Kind::Secret, TECH_MAX),
        Screen::Technician(TechField::Password) => (&mut v.tech_password, Kind::Secret, TECH_MAX),
        _ => return None,
    })
}

/// Whether the screen shows the on-screen keyboard.
pub fn has_keyboard(screen: Screen) -> bool {
    matches!(
        screen,
        Screen::LastName
            | Screen::SenderName
            | Screen::Street
            | Screen::CityLine
            | Screen::Technician(_)
    )
}

fn on_text(model: &mut Model, text: &str) {
    if let Some((value, kind, max)) = field(model) {
        // A problem stays on screen while the person goes on typing.
        if let Some(notice) = input::insert(value, text, kind, max) {
            model.notice = Some(notice);
        }
    }
}

fn backspace(model: &mut Model) {
    if let Some((value, _, _)) = field(model) {
        value.pop();
    }
    model.notice = None;
}

fn on_key(model: &mut Model, key: Key, now: Instant) -> Vec<Effect> {
    let screen = model.screen;
    let menu = menu_len(model);
    match key {
        Key::Esc => back(model, now),
        // On the account screen the arrows up and down scroll the months; left and right
        // move between its two buttons, which sit side by side.
        Key::Up if screen == Screen::Account => {
            model.scroll = model.scroll.saturating_sub(1);
            Vec::new()
        }
        Key::Down if screen == Screen::Account => {
            let months = model.visit.account.as_ref().map_or(0, |a| a.months.len());
            model.scroll = (model.scroll + 1).min(months.saturating_sub(1));
            Vec::new()
        }
        Key::Left | Key::Right if screen == Screen::Account => {
            model.menu = usize::from(key == Key::Right);
            Vec::new()
        }
        Key::Up | Key::Down | Key::Left | Key::Right if menu > 0 && !has_keyboard(screen) => {
            model.menu = move_in_grid(model.menu, menu, grid_columns(model), key);
            Vec::new()
        }
        Key::Up | Key::Down | Key::Left | Key::Right if has_keyboard(screen) => {
            let (dr, dc) = match key {
                Key::Up => (-1, 0),
                Key::Down => (1, 0),
                Key::Left => (0, -1),
                _ => (0, 1),
            };
            model.cursor = move_cursor(model.cursor, dr, dc);
            Vec::new()
        }
        Key::Enter if has_keyboard(screen) => press_cap(model, cap_at(model.cursor), now),
        Key::Enter if menu > 0 => choose(model, model.menu, now),
        Key::Enter => submit(model, now),
        Key::Backspace => {
            backspace(model);
            Vec::new()
        }
        // The tenth money order is chosen by its 0, as on a phone's keypad.
        Key::Char('0') if screen == Screen::ChooseMoneyOrder && menu == 10 => choose(model, 9, now),
        Key::Char(c) if menu > 0 && !has_keyboard(screen) => match c.to_digit(10) {
            Some(n) if n >= 1 && (n as usize) <= menu => choose(model, n as usize - 1, now),
            _ => Vec::new(),
        },
        Key::Char(c) if screen == Screen::Confirm => match c {
            '1' => submit(model, now),
            '2' => back(model, now),
            _ => Vec::new(),
        },
        Key::Char(c) => {
            on_text(model, &c.to_string());
            Vec::new()
        }
        Key::Up
        | Key::Down
        | Key::Left
        | Key::Right
        | Key::Technician
        | Key::Discard
        | Key::Function(_) => Vec::new(),
    }
}

fn on_button(model: &mut Model, button: Button, now: Instant) -> Vec<Effect> {
    match button {
        Button::Menu(n) => choose(model, n, now),
        Button::Cap(cap) => press_cap(model, cap, now),
        Button::Yes => submit(model, now),
        Button::No | Button::Back => back(model, now),
        Button::ScrollUp => {
            model.scroll = model.scroll.saturating_sub(1);
            Vec::new()
        }
        Button::ScrollDown => {
            let months = model.visit.account.as_ref().map_or(0, |a| a.months.len());
            model.scroll = (model.scroll + 1).min(months.saturating_sub(1));
            Vec::new()
        }
        Button::Language => Vec::new(),
    }
}

fn press_cap(model: &mut Model, cap: Cap, now: Instant) -> Vec<Effect> {
    match cap {
        Cap::Char(c) => on_text(model, &c.to_string()),
        Cap::Space => on_text(model, " "),
        Cap::Delete => backspace(model),
        Cap::Ok => return submit(model, now),
    }
    Vec::new()
}

/// Esc, No or Back: one step back; from the first step of a visit, the end of the visit.
fn back(model: &mut Model, now: Instant) -> Vec<Effect> {
    let to = match model.screen {
        Screen::Welcome => return Vec::new(),
        // Back from the first step: the welcome screen again, in the language chosen, with
        // speech and large print as the visitor set them (a wrong menu item is not the end
        // of a visit).
        Screen::Doc(_) => {
            let (language, speech, volume, large) =
                (model.language, model.speech, model.volume, model.large);
            model.reset(now);
            model.language = language;
            model.speech = speech;
            model.volume = volume;
            model.large = large;
            return Vec::new();
        }
        Screen::Technician(_) | Screen::Printed | Screen::Account => {
            model.reset(now);
            return Vec::new();
        }
        Screen::LastName => Screen::Doc(Purpose::Deposit),
        Screen::Confirm => Screen::LastName,
        Screen::SenderName => Screen::Confirm,
        Screen::Street => Screen::SenderName,
        Screen::CityLine => Screen::Street,
        Screen::Amount if !model.visit.amounts.is_empty() => {
            // A correction given up: the money order stays as it was.
            model.visit.editing = None;
            model.visit.amount.clear();
            Screen::Review
        }
        Screen::Amount => Screen::CityLine,
        // Back from the review corrects a money order (never adds one): the only one
        // straight away, else the visitor picks which.
        Screen::Review if model.visit.amounts.len() > 1 => Screen::ChooseMoneyOrder,
        Screen::Review => {
            edit(model, 0);
            return Vec::new();
        }
        Screen::ChooseMoneyOrder => Screen::Review,
        Screen::Printing => return Vec::new(),
        Screen::Pin => Screen::Doc(Purpose::Fee),
    };
    go(model, to);
    Vec::new()
}

/// A menu item was chosen.
fn choose(model: &mut Model, item: usize, now: Instant) -> Vec<Effect> {
    match (model.screen, item) {
        (Screen::Welcome, 0) => {
            if !model.printer.can_print() {
                model.notice = Some(Notice::CannotPrint);
                return vec![Effect::CheckPrinter];
            }
            go(model, Screen::Doc(Purpose::Deposit));
            vec![Effect::CheckPrinter]
        }
        (Screen::Welcome, 1) => {
            go(model, Screen::Doc(Purpose::Fee));
            Vec::new()
        }
        (Screen::Welcome, 2) => {
            next_language(model);
            model.menu = 2;
            Vec::new()
        }
        // The printer is asked by the worker just before the slips would be made (never
        // from what it said seconds ago): paper put back in prints at once, paper that ran
        // out since the last look makes nothing (`Msg::SlipsNotStarted`).
        (Screen::Review, 0) => {
            let v = &model.visit;
            let slips = v
                .amounts
                .iter()
                .map(|amount| SlipRequest {
                    doc: v.doc.clone(),
                    inmate_name: v.last_name.clone(),
                    sender_name: v.sender_name.clone(),
                    sender_address: format!("{}, {}", v.street.trim(), v.city_line.trim()),
                    amount: amount.to_string(),
                    language: model.language,
                    kiosk_id: model.kiosk_id.clone(),
                    large_print: model.large,
                })
                .collect();
            go(model, Screen::Printing);
            model.waiting = true;
            vec![Effect::CaptureSlips { slips }]
        }
        (Screen::Review, 1) => {
            if model.visit.amounts.len() < MONEY_ORDERS_PER_VISIT {
                model.visit.amount.clear();
                go(model, Screen::Amount);
            } else {
                model.notice = Some(Notice::TenAtMost);
            }
            Vec::new()
        }
        (Screen::Review, 2) => back(model, now),
        // Start over asks first: a second press discards what was typed.
        (Screen::Review, 3) if model.notice == Some(Notice::StartOverAsk) => {
            model.reset(now);
            Vec::new()
        }
        (Screen::Review, 3) => {
            model.notice = Some(Notice::StartOverAsk);
            Vec::new()
        }
        (Screen::ChooseMoneyOrder, i) if i < model.visit.amounts.len() => {
            edit(model, i);
            Vec::new()
        }
        // Nothing owed: no $0.00 voucher.
        (Screen::Account, 0)
            if model
                .visit
                .account
                .as_ref()
                .is_some_and(|a| a.card_quote.is_none()) =>
        {
            model.notice = Some(Notice::NoVoucher);
            Vec::new()
        }
        (Screen::Account, 0) => {
            let Some(account) = &model.visit.account else {
                return Vec::new();
            };
            model.waiting = true;
            vec![Effect::PrintVoucher {
                doc: account.doc.clone(),
                language: model.language,
                large_print: model.large,
            }]
        }
        (Screen::Account, 1) => {
            model.reset(now);
            Vec::new()
        }
        // Slips that did not print, the visitor still here: printed again. The worker asks
        // the printer first (not what it said seconds ago); still stopped, the same screen
        // comes back saying why.
        (Screen::Printed, 0) => {
            go(model, Screen::Printing);
            model.waiting = true;
            vec![Effect::PrintAgain]
        }
        (Screen::Printed, 1) => {
            model.reset(now);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The amount screen, correcting money order `i` (its amount there to change).
fn edit(model: &mut Model, i: usize) {
    model.visit.editing = Some(i);
    model.visit.amount = model
        .visit
        .amounts
        .get(i)
        .map_or(String::new(), |m| m.to_string());
    go(model, Screen::Amount);
}

/// Enter (or OK, or Yes) on a screen with a field: check it and move on.
fn submit(model: &mut Model, now: Instant) -> Vec<Effect> {
    let v = &model.visit;
    match model.screen {
        Screen::Doc(purpose) => match DocNumber::parse(&v.doc) {
            Ok(_) => {
                go(
                    model,
                    if purpose == Purpose::Deposit {
                        Screen::LastName
                    } else {
                        Screen::Pin
                    },
                );
                Vec::new()
            }
            Err(r) => {
                model.notice = Some(Notice::Rejected(r));
                Vec::new()
            }
        },
        Screen::LastName => match crate::domain::text::required(Field::LastName, &v.last_name) {
            Ok(last_name) => {
                model.waiting = true;
                vec![Effect::MatchInmate {
                    doc: v.doc.clone(),
                    last_name,
                }]
            }
            Err(r) => {
                model.notice = Some(Notice::Rejected(r));
                Vec::new()
            }
        },
        Screen::Confirm => {
            go(model, Screen::SenderName);
            Vec::new()
        }
        Screen::SenderName => required(model, Field::SenderName, Screen::Street),
        Screen::Street => required(model, Field::SenderAddress, Screen::CityLine),
        Screen::CityLine => required(model, Field::SenderAddress, Screen::Amount),
        // A correction emptied: that money order is removed.
        Screen::Amount if v.editing.is_some() && v.amount.trim().is_empty() => {
            if let Some(i) = model.visit.editing.take() {
                if i < model.visit.amounts.len() {
                    model.visit.amounts.remove(i);
                }
            }
            let next = if model.visit.amounts.is_empty() {
                Screen::Amount
            } else {
                Screen::Review
            };
            go(model, next);
            Vec::new()
        }
        Screen::Amount => {
            match Money::parse_amount(&v.amount) {
                Ok(amount) if amount > MONEY_ORDER_LIMIT => {
                    model.notice = Some(Notice::Rejected(Rejection::AmountOverMoneyOrderLimit))
                }
                Ok(amount) => {
                    match model.visit.editing.take() {
                        Some(i) if i < model.visit.amounts.len() => model.visit.amounts[i] = amount,
                        _ => model.visit.amounts.push(amount),
                    }
                    model.visit.amount.clear();
                    go(model, Screen::Review);
                }
                Err(e) => model.notice = Some(Notice::Rejected(Rejection::Amount(e))),
            }
            Vec::new()
        }
        Screen::Pin => {
            if v.pin.len() != PIN_MAX {
                model.notice = Some(Notice::Rejected(Rejection::Pin(
                    crate::domain::PinProblem::NotSixDigits,
                )));
                return Vec::new();
            }
            model.waiting = true;
            vec![Effect::CheckPin {
                doc: v.doc.clone(),
                pin: v.pin.clone(),
            }]
        }
        Screen::Technician(TechField::User) => {
            if !v.tech_user.trim().is_empty() {
                go(model, Screen::Technician(TechField::Password));
            }
            Vec::new()
        }
        Screen::Technician(TechField::Password) => {
            model.waiting = true;
            vec![Effect::CheckClerk {
                user: v.tech_user.trim().to_string(),
                password: v.tech_password.clone(),
            }]
        }
        Screen::Printed => {
            model.reset(now);
            Vec::new()
        }
        Screen::Welcome
        | Screen::Review
        | Screen::ChooseMoneyOrder
        | Screen::Printing
        | Screen::Account => Vec::new(),
    }
}

/// A required text field: on to `next` when it holds something printable.
fn required(model: &mut Model, which: Field, next: Screen) -> Vec<Effect> {
    let value = match model.screen {
        Screen::SenderName => &model.visit.sender_name,
        Screen::Street => &model.visit.street,
        _ => &model.visit.city_line,
    };
    // Each line's own rule, told at its field: a name of two letters, a street, a city with
    // its state and ZIP.
    let rule = match model.screen {
        Screen::SenderName => crate::domain::postal_address::sender_name_problem,
        Screen::Street => crate::domain::postal_address::street_problem,
        _ => crate::domain::postal_address::city_line_problem,
    };
    match crate::domain::text::required(which, value) {
        Ok(_) => match rule(value) {
            None => go(model, next),
            Some(r) => model.notice = Some(Notice::Rejected(r)),
        },
        Err(r) => model.notice = Some(Notice::Rejected(r)),
    }
    Vec::new()
}

/// The next of the kiosk's languages (`kiosk.languages`), round again after the last.
fn next_language(model: &mut Model) {
    let at = model
        .languages
        .iter()
        .position(|l| *l == model.language)
        .unwrap_or(0);
    if let Some(next) = model.languages.get((at + 1) % model.languages.len().max(1)) {
        model.language = *next;
    }
}
