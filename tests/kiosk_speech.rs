//! Speech mode (issue 19) through `update` alone: what each screen says, in both
//! languages and in order, from the strings tables; a PIN and a password never said;
//! speech, its volume and large print ending with the visit.

use lockbox::domain::Language;
use lockbox::strings::{kiosk_words, speech_words};
use lockbox::ui::kiosk::{Key, Screen};

use crate::kiosk::Kiosk;

/// The texts said since `from`.
fn said_since(k: &Kiosk, from: usize) -> Vec<String> {
    k.spoken[from..].iter().map(|u| u.text.clone()).collect()
}

fn last(k: &Kiosk) -> String {
    k.spoken.last().map(|u| u.text.clone()).unwrap_or_default()
}

/// A whole deposit visit with speech on, in `language`: each screen says its title, what it
/// asks and its choices, in the visit's language; the review says each money order and the
/// total; keys typed are echoed digit by digit.
fn deposit_visit_speaks(language: Language) {
    let mut k = Kiosk::new();
    let w = kiosk_words(language);
    let s = speech_words(language);
    // Nothing is said before speech is asked for.
    k.key(Key::Down);
    k.key(Key::Up);
    assert!(k.spoken.is_empty(), "{:?}", k.spoken);
    k.key(Key::Char('*'));
    assert!(k.model.speech);
    let first = last(&k);
    assert!(
        first.starts_with(speech_words(Language::En).speech_on),
        "{first}"
    );
    assert!(
        first.contains("Press 1: Send money to an inmate."),
        "{first}"
    );
    if language == Language::Es {
        k.key(Key::Char('3'));
        let welcome = last(&k);
        assert!(welcome.contains(w.welcome_es), "{welcome}");
        assert!(
            welcome.contains("Pulse 1: Enviar dinero a un recluso."),
            "{welcome}"
        );
        assert_eq!(k.spoken.last().map(|u| u.language), Some(Language::Es));
        // Back up to the first item, each said as the arrow reaches it.
        k.key(Key::Up);
        k.key(Key::Up);
        assert_eq!(last(&k), "Pulse 1: Enviar dinero a un recluso.");
    }
    let mark = k.spoken.len();
    // Enter on the welcome screen's first item, then every field (the helper checks each
    // screen is reached).
    k.deposit_to_review();
    k.key(Key::Char('2'));
    k.typed("25.50");
    k.enter();
    assert_eq!(k.model.screen, Screen::Review);
    let said = said_since(&k, mark);
    // Every utterance is in the visit's language.
    assert!(k.spoken[mark..].iter().all(|u| u.language == language));
    // The screens, in the order the visitor met them, each said whole when it opened.
    let screens: Vec<&String> = said
        .iter()
        .filter(|t| t.split_whitespace().count() > 3)
        .collect();
    let expected = [
        w.enter_doc,
        w.enter_last_name,
        w.confirm_inmate,
        w.enter_sender_name,
        w.enter_street,
        w.enter_city_line,
        w.enter_amount,
        w.review,
        w.enter_amount,
        w.review,
    ];
    assert_eq!(screens.len(), expected.len(), "{screens:#?}");
    for (text, prompt) in screens.iter().zip(expected) {
        assert!(text.starts_with(prompt), "{prompt:?} first in {text:?}");
    }
    // The DOC number's digits echoed one by one, as typed.
    let echoes: Vec<&str> = said
        .iter()
        .map(String::as_str)
        .filter(|t| t.len() == 1)
        .take(5)
        .collect();
    assert_eq!(echoes, ["1", "2", "3", "4", "5"]);
    // The confirmation names the inmate found and reads the DOC number digit by digit.
    let confirm = screens[2];
    let name = k
        .model
        .visit
        .inmate
        .as_ref()
        .map(|i| i.name.clone())
        .expect("inmate");
    assert!(confirm.contains(&name), "{name} in {confirm}");
    assert!(
        confirm.contains(&s.doc_number.replace("{}", "1 2 3 4 5")),
        "{confirm}"
    );
    assert!(confirm.contains(s.confirm_keys), "{confirm}");
    // The review: each money order and the total, in words a voice reads well.
    let review = screens[9];
    let (fifty, quarter, total) = match language {
        Language::En => (
            "50 dollars",
            "25 dollars and 50 cents",
            "75 dollars and 50 cents",
        ),
        Language::Es => (
            "50 dólares",
            "25 dólares con 50 centavos",
            "75 dólares con 50 centavos",
        ),
    };
    for needle in [fifty, quarter, total, name.as_str(), "Carmen Rivera"] {
        assert!(review.contains(needle), "{needle:?} in {review}");
    }
    assert!(
        review.contains(&format!("{}: {total}.", w.total_label)),
        "{review}"
    );
    assert!(review.contains(w.print_slips), "{review}");
    assert!(!review.contains('$'), "amounts in words: {review}");
    // Printing, then the slip numbers, said.
    k.key(Key::Char('1'));
    assert_eq!(k.model.screen, Screen::Printed);
    let printed = last(&k);
    assert!(printed.starts_with(w.slip_numbers), "{printed}");
    assert!(printed.contains(w.printed_instructions), "{printed}");
}

#[test]
fn every_screen_of_a_deposit_visit_is_said_in_english() {
    deposit_visit_speaks(Language::En);
}

#[test]
fn every_screen_of_a_deposit_visit_is_said_in_spanish() {
    deposit_visit_speaks(Language::Es);
}

#[test]
fn a_pin_is_never_said_only_that_a_digit_was_typed() {
    for language in [Language::En, Language::Es] {
        let mut k = Kiosk::new();
        if language == Language::Es {
            k.key(Key::Char('3'));
        }
        k.key(Key::Char('*'));
        k.key(Key::Char('2'));
        k.typed("54321");
        k.enter();
        assert_eq!(k.model.screen, Screen::Pin);
        let s = speech_words(language);
        let pin_screen = last(&k);
        assert!(
            pin_screen.starts_with(kiosk_words(language).enter_pin),
            "{pin_screen}"
        );
        let mark = k.spoken.len();
        k.typed("731");
        // The star key repeats the screen's last words: still no digit of the PIN.
        k.key(Key::Backspace);
        k.key(Key::Char('*'));
        k.typed("1904");
        k.key(Key::Char('9'));
        k.key(Key::Backspace);
        k.key(Key::Char('4'));
        let typing = said_since(&k, mark);
        assert_eq!(&typing[..3], [s.digit, s.digit, s.digit]);
        assert_eq!(typing[3], s.deleted.replace("{}", s.digit));
        k.enter();
        assert_eq!(k.model.screen, Screen::Account);
        let all: String = k
            .spoken
            .iter()
            .map(|u| u.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        for secret in ["731904", "7 3 1 9 0 4", "7 3 1", "1 9 0 4"] {
            assert!(!all.contains(secret), "{secret:?} said:\n{all}");
        }
        // The account, said: the name, each fact a sentence of its own (the voice pauses
        // between them), the balance in words, the choices.
        let account = last(&k);
        assert!(account.starts_with("WEBB, Marcus."), "{account}");
        assert!(
            account.contains(kiosk_words(language).print_voucher),
            "{account}"
        );
        let balance = format!(
            "{}: {}. ",
            kiosk_words(language).balance,
            lockbox::strings::spoken_money(language, lockbox::domain::Money::from_cents(42_000))
        );
        assert!(account.contains(&balance), "{balance:?} in {account}");
    }
}

#[test]
fn a_wrong_pin_is_said_each_time_and_the_star_key_says_how_many_digits_not_which() {
    let s = speech_words(Language::En);
    let mut k = Kiosk::new();
    k.key(Key::Char('*'));
    k.key(Key::Char('2'));
    k.typed("54321");
    k.enter();
    k.typed("111");
    k.key(Key::Char('*'));
    let repeat = last(&k);
    assert!(
        repeat.starts_with(kiosk_words(Language::En).enter_pin),
        "{repeat}"
    );
    assert!(
        repeat.contains(&s.pin_digits_typed.replace("{}", "3")),
        "{repeat}"
    );
    k.typed("111");
    k.enter();
    assert_eq!(k.model.screen, Screen::Pin);
    let refused = "The DOC number and PIN were not accepted";
    assert!(last(&k).starts_with(refused), "{}", last(&k));
    // The same refusal a second time is said a second time (the screen already shows it).
    k.typed("222222");
    k.enter();
    assert!(last(&k).starts_with(refused), "said again: {}", last(&k));
    // Too short, twice: said twice.
    k.typed("12");
    k.enter();
    let short = last(&k);
    k.enter();
    assert_eq!(last(&k), short);
    assert_eq!(k.spoken.iter().filter(|u| u.text == short).count(), 2);
    for u in &k.spoken {
        for secret in ["111111", "1 1 1", "222222", "2 2 2", "1 2"] {
            assert!(!u.text.contains(secret), "{secret:?} in {:?}", u.text);
        }
    }
}

#[test]
fn a_technicians_password_is_never_said() {
    let mut k = Kiosk::new();
    k.key(Key::Char('*'));
    k.key(Key::Technician);
    k.typed("clerk");
    k.enter();
    assert!(last(&k).ends_with("Password."), "{}", last(&k));
    let prompt = k.spoken.len();
    k.typed("s3cret*/+pass");
    k.key(Key::Backspace);
    assert_eq!(k.spoken.len(), prompt, "{:?}", &k.spoken[prompt..]);
    // Star, slash and plus are a password's characters here, not speech keys.
    assert_eq!(k.model.visit.tech_password, "s3cret*/+pas");
    assert!(k.model.speech);
}

#[test]
fn speech_stops_when_the_visit_ends_and_a_wrong_menu_item_keeps_it() {
    let mut k = Kiosk::new();
    k.key(Key::Char('0'));
    k.key(Key::Char('*'));
    k.key(Key::Char('+'));
    k.key(Key::Char('2'));
    // Esc from the first step: the welcome screen, said, with speech, volume and large
    // print kept.
    k.key(Key::Esc);
    assert_eq!(k.model.screen, Screen::Welcome);
    assert!(k.model.speech && k.model.large);
    assert_eq!(k.model.volume, 2);
    assert!(last(&k).contains("Press 1: Send money to an inmate."));
    k.open_fee_account();
    // Done: the visit ends, and what was being said about it stops (an empty utterance
    // that interrupts).
    k.key(Key::Esc);
    assert_eq!(k.model.screen, Screen::Welcome);
    assert!(!k.model.speech);
    let stop = k.spoken.last().expect("said");
    assert!(stop.text.is_empty() && stop.interrupt, "{stop:?}");
}

#[test]
fn slash_and_plus_are_typed_in_an_address_and_a_dismissed_warning_is_not_repeated() {
    let mut k = Kiosk::new();
    k.key(Key::Char('*'));
    k.walk_to_sender_name();
    k.typed("Carmen Rivera");
    k.enter();
    k.typed("12 1/2 Elm St +");
    assert_eq!(k.model.visit.street, "12 1/2 Elm St +");
    assert!(k.model.speech);
    // The idle warning, then a key: the screen is said again, not the warning.
    k.wait(40);
    assert!(last(&k).starts_with("Are you still there?"));
    k.key(Key::Char('*'));
    assert!(
        last(&k).starts_with(kiosk_words(Language::En).enter_street),
        "{}",
        last(&k)
    );
    k.wait(40);
    k.key(Key::Backspace);
    assert!(
        last(&k).starts_with(kiosk_words(Language::En).enter_street),
        "{}",
        last(&k)
    );
}

#[test]
fn the_star_key_repeats_plus_steps_the_volume_and_slash_stops_speech() {
    let mut k = Kiosk::new();
    k.key(Key::Char('*'));
    k.enter();
    let doc_screen = last(&k);
    k.key(Key::Char('*'));
    assert_eq!(last(&k), doc_screen, "said again");
    // Again after typing: the screen as it is now, with what is typed.
    k.typed("12");
    k.key(Key::Char('*'));
    assert!(last(&k).contains("Typed so far: 1 2."), "{}", last(&k));
    k.key(Key::Backspace);
    k.key(Key::Backspace);
    let volume = k.model.volume;
    k.key(Key::Char('+'));
    assert_ne!(k.model.volume, volume);
    let u = k.spoken.last().expect("said");
    assert_eq!(u.volume, k.model.volume);
    assert!(u.text.starts_with("Volume 3 of 4"), "{}", u.text);
    // Nothing typed by the speech keys.
    assert_eq!(k.model.visit.doc, "");
    k.key(Key::Char('/'));
    assert_eq!(last(&k), "Speech off.");
    assert!(!k.model.speech);
    let quiet = k.spoken.len();
    k.typed("12345");
    k.enter();
    assert_eq!(k.spoken.len(), quiet, "nothing said after speech is off");
}

#[test]
fn speech_volume_and_large_print_end_with_the_visit_and_the_warning_is_said() {
    let mut k = Kiosk::new();
    k.key(Key::Char('0'));
    assert!(k.model.large);
    k.key(Key::Char('*'));
    k.key(Key::Char('+'));
    k.enter();
    k.typed("123");
    // Idle: the warning is said (with at least 20 seconds to answer), then the visit ends.
    k.wait(40);
    let warning = last(&k);
    assert!(warning.starts_with("Are you still there?"), "{warning}");
    let seconds: u64 = warning
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .expect("seconds said");
    assert!(seconds >= 20, "{warning}");
    k.wait(30);
    assert_eq!(k.model.screen, Screen::Welcome);
    assert!(!k.model.speech, "speech ends with the visit");
    assert!(!k.model.large, "large print ends with the visit");
    assert_eq!(
        k.model.volume,
        lockbox::ui::kiosk::utterance::DEFAULT_VOLUME
    );
    let quiet = k.spoken.len();
    k.key(Key::Char('1'));
    k.typed("12345");
    assert_eq!(
        k.spoken.len(),
        quiet,
        "the next visitor starts without speech"
    );
    // Turned on and left alone at the welcome screen, it ends as a visit does.
    let mut k = Kiosk::new();
    k.key(Key::Char('*'));
    k.wait(70);
    assert!(!k.model.speech);
}

#[test]
fn every_visit_speaks_where_speech_is_always_on_and_a_kiosk_without_a_voice_offers_none() {
    let mut k = Kiosk::new();
    k.model.speech_always = true;
    k.model.speech = true;
    k.enter();
    assert!(last(&k).starts_with(kiosk_words(Language::En).enter_doc));
    k.key(Key::Esc);
    assert!(k.model.speech, "still on at the next visit");
    // No voice: the star key is not offered and does nothing.
    let mut k = Kiosk::new();
    k.model.speech_available = false;
    assert!(!k.shown().contains("(star)"), "{}", k.shown());
    assert!(k.shown().contains("Large print: press 0"), "{}", k.shown());
    k.key(Key::Char('*'));
    assert!(!k.model.speech);
    assert!(k.spoken.is_empty());
}

#[test]
fn the_arrows_say_the_item_they_reach_and_errors_are_said() {
    let mut k = Kiosk::new();
    k.key(Key::Char('*'));
    k.key(Key::Down);
    assert_eq!(last(&k), "Press 2: Check my intervention fee.");
    k.key(Key::Up);
    k.enter();
    k.key(Key::Char('x'));
    assert_eq!(last(&k), kiosk_words(Language::En).digits_only);
    k.enter();
    // An empty DOC number's refusal, in the strings table's words.
    let refusal = last(&k);
    assert!(!refusal.is_empty() && refusal != kiosk_words(Language::En).digits_only);
}
