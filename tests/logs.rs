//! The logs: what the kiosk and the console did, and never a PIN, a password or an address.

use std::sync::{Arc, Mutex};

use lockbox::app::clerk::perform as clerk_perform;
use lockbox::ui::clerk::Effect as ClerkEffect;
use lockbox::ui::kiosk::Effect as KioskEffect;

use crate::kiosk::Kiosk;
use crate::support::{by_hand, slip, CLERK};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

thread_local! {
    /// Where this thread's log lines go while a test captures them.
    static CAPTURE: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
}

/// Writes into the capture of the thread that logs, or nowhere.
struct ThisThread;

impl std::io::Write for ThisThread {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|c| {
            if let Some(captured) = c.borrow().as_ref() {
                captured.0.lock().expect("log").extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_logs_say_what_happened_without_pins_passwords_or_addresses() {
    // One subscriber for the whole test binary, writing each thread's lines to that
    // thread's capture (if any). A subscriber only for this thread let tracing remember a
    // line as unwanted when another test's thread met it first, with no subscriber: twice
    // seen in full runs, a line missing from the capture.
    static GLOBAL: std::sync::Once = std::sync::Once::new();
    GLOBAL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(|| ThisThread)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    });
    let captured = Captured::default();
    CAPTURE.with(|c| *c.borrow_mut() = Some(captured.clone()));
    let address = "12 Elm St, Jefferson City, MO 65101";
    {
        let mut k = Kiosk::new();
        let now = k.now;
        let request = slip("12345", "Rivera", "25.00");
        assert_eq!(request.sender_address, address);
        lockbox::app::kiosk::perform(
            &mut k.worker,
            KioskEffect::CaptureSlips {
                slips: vec![request],
            },
            now,
        );
        for pin in ["731904", "111999"] {
            lockbox::app::kiosk::perform(
                &mut k.worker,
                KioskEffect::CheckPin {
                    doc: "54321".into(),
                    pin: pin.into(),
                },
                now,
            );
        }
        lockbox::app::kiosk::perform(
            &mut k.worker,
            KioskEffect::CheckClerk {
                user: CLERK.into(),
                password: "clerk-password".into(),
            },
            now,
        );
        // A password typed into the name field.
        lockbox::app::kiosk::perform(
            &mut k.worker,
            KioskEffect::CheckClerk {
                user: "typed-in-the-name-field".into(),
                password: String::new(),
            },
            now,
        );

        let mut c = crate::clerk::Console::new();
        let mut sink = |_| {};
        clerk_perform(
            &mut c.worker,
            ClerkEffect::SignIn {
                user: CLERK.into(),
                password: "clerk-pass".into(),
            },
            now,
            &mut sink,
        );
        clerk_perform(
            &mut c.worker,
            ClerkEffect::SignIn {
                user: "typed-in-the-name-field".into(),
                password: "x".into(),
            },
            now,
            &mut sink,
        );
        clerk_perform(
            &mut c.worker,
            ClerkEffect::Intake(by_hand("LOG1", "30.00", "12345", "Rivera")),
            now,
            &mut sink,
        );
    }
    CAPTURE.with(|c| *c.borrow_mut() = None);
    let log = String::from_utf8(captured.0.lock().expect("log").clone()).expect("utf-8");
    for said in [
        "deposit slip captured",
        "PIN accepted",
        "PIN refused",
        "technician exit",
        "clerk sign-in",
        "money order taken in",
    ] {
        assert!(log.contains(said), "the log should say {said:?}:\n{log}");
    }
    for secret in [
        "731904",
        "111999",
        "clerk-password",
        "clerk-pass",
        "Elm St",
        "Jefferson City",
        "typed-in-the-name-field",
    ] {
        assert!(!log.contains(secret), "the log holds {secret:?}:\n{log}");
    }
}
