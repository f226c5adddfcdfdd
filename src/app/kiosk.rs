//! The kiosk's runner: the terminal, the worker thread that performs effects (ledger,
//! printer, PIN checks) and the loop that feeds messages to `ui::kiosk::update`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, KeyCode,
    KeyModifiers, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::execute;

use super::command::CommandError;
use super::printer_commands::PrinterSetup;
use super::spool::{self, SpoolConfig, SpoolStep};
use super::terminal_input::{Input, Wake};
use crate::domain::{DocNumber, FeeInstrument, FeeQuote};
use crate::print::Transport;
use crate::store::deposits::kiosk_destination;
use crate::store::{JobFilter, Ledger, LedgerError, PinCheck, PinKey};
use crate::ui::kiosk::{self, AccountView, Effect, HitMap, InmateView, Key, Model, Msg};

/// A held key repeats no sooner than this, where the terminal reports repeats (issue 19).
pub const REPEAT_DELAY: Duration = Duration::from_secs(2);
/// How often the loop wakes with nothing to do: the countdown and the spinner need no more.
const TICK: Duration = Duration::from_millis(250);
/// Jobs printed in one go before the kiosk answers (the queue of a kiosk is a visit's few
/// slips, or what waited while the printer was out).
const PRINT_STEPS_MAX: usize = 500;

/// What the worker needs: its own ledger connection, the PIN key and the printer.
pub struct Worker {
    pub ledger: Ledger,
    pub key: PinKey,
    pub printer: Box<dyn Transport>,
    pub spool: SpoolConfig,
    pub kiosk_id: String,
    /// Where vouchers say to mail a payment (`kiosk.district_office`); empty, the
    /// ledger's `fee_remit_to`, else where it goes in words.
    pub remit_to: Vec<String>,
}

impl Worker {
    pub fn new(
        ledger: Ledger,
        key: PinKey,
        printer: Box<dyn Transport>,
        spool: SpoolConfig,
        kiosk_id: String,
    ) -> Worker {
        let spool = SpoolConfig {
            filter: JobFilter {
                destination: Some(kiosk_destination(&kiosk_id)),
                ids: Vec::new(),
            },
            ..spool
        };
        Worker {
            ledger,
            key,
            printer,
            spool,
            kiosk_id,
            remit_to: Vec::new(),
        }
    }
}

/// Performs one effect; the answer is the message for `update` (none for `Quit`).
pub fn perform(worker: &mut Worker, effect: Effect, now: NaiveDateTime) -> Option<Msg> {
    let actor = format!("kiosk:{}", worker.kiosk_id);
    Some(match effect {
        // The speaker says these (`run`); a worker handed one has nothing to answer.
        Effect::Quit | Effect::Speak(_) => return None,
        Effect::CheckPrinter => Msg::Printer(worker.printer.status()),
        Effect::MatchInmate { doc, last_name } => {
            // A name that does not match is `NotMatched`; a ledger that cannot be asked is
            // said as such, never as "no match".
            let found = match worker.ledger.match_inmate(&doc, &last_name).and_then(|p| {
                let moved = worker.ledger.moved_elsewhere(&doc)?;
                Ok((p, moved))
            }) {
                Ok(p) => Ok(Some(p)),
                Err(LedgerError::Rejected(_)) => Ok(None),
                Err(e) => {
                    tracing::error!(kiosk = %worker.kiosk_id, error = %e, "inmate lookup failed");
                    Err(())
                }
            };
            Msg::InmateChecked(found.map(|p| {
                p.map(|(p, moved)| InmateView {
                    name: p.display_name(),
                    moved: moved.is_some(),
                    facility: moved.map_or(p.facility, |(_, facility)| facility),
                })
            }))
        }
        Effect::CaptureSlips { slips } => {
            // The printer is asked first: no slip number is made for paper that cannot
            // come out (the visitor would be told to put a slip they do not have in the box).
            let state = worker.printer.status();
            if !state.can_print() {
                tracing::warn!(kiosk = %worker.kiosk_id, state = state.code(), "slips not started: the printer cannot print");
                return Some(Msg::SlipsNotStarted(state));
            }
            // One transaction: a visit's slips are all written or none is, so pressing
            // Print again after a failure cannot make a second slip for a money order.
            match worker.ledger.capture_slips(&slips, now, &actor) {
                Ok(captured) => {
                    // Slip numbers, DOC numbers and amounts only: never the sender's address.
                    for (slip, _) in &captured {
                        tracing::info!(kiosk = %worker.kiosk_id, slip = %slip.number, "deposit slip captured");
                    }
                    worker.spool.filter.ids =
                        captured.iter().flat_map(|(_, jobs)| jobs.clone()).collect();
                    Msg::SlipsCaptured(Ok(captured
                        .iter()
                        .map(|(s, _)| s.number.to_string())
                        .collect()))
                }
                Err(e) => {
                    tracing::warn!(kiosk = %worker.kiosk_id, error = %e, "slips not captured");
                    Msg::SlipsCaptured(Err(e.to_string()))
                }
            }
        }
        Effect::PrintQueued => print_queued(worker, now),
        Effect::PrintAgain => {
            // The visit's jobs that gave up go back to the queue, and one a failed write
            // left marked printing too (marked DUPLICATE: it may have come out).
            let ids = worker.spool.filter.ids.clone();
            let requeued = worker.ledger.retry_print_jobs(&ids, now).and_then(|()| {
                worker
                    .ledger
                    .requeue_interrupted_print_jobs(now, &worker.spool.filter)
            });
            match requeued {
                Ok(_) => print_queued(worker, now),
                Err(e) => {
                    tracing::warn!(kiosk = %worker.kiosk_id, error = %e, "slips not queued again");
                    let state = worker.printer.status();
                    stuck(worker, state)
                }
            }
        }
        Effect::CheckPin { doc, pin } => {
            // The DOC number and the outcome; the PIN itself is never written anywhere.
            match worker.ledger.check_pin(&doc, &pin, &worker.key, now) {
                Ok(PinCheck::Accepted(doc)) => {
                    tracing::info!(kiosk = %worker.kiosk_id, doc = %doc, "PIN accepted");
                    match account_view(&worker.ledger, &doc, now) {
                        Ok(account) => Msg::PinChecked(Ok(Some(account))),
                        Err(e) => {
                            tracing::error!(kiosk = %worker.kiosk_id, error = %e, "account read failed");
                            Msg::PinChecked(Err(()))
                        }
                    }
                }
                Ok(PinCheck::Refused) => {
                    tracing::info!(kiosk = %worker.kiosk_id, "PIN refused");
                    Msg::PinChecked(Ok(None))
                }
                Err(e) => {
                    tracing::error!(kiosk = %worker.kiosk_id, error = %e, "PIN check failed");
                    Msg::PinChecked(Err(()))
                }
            }
        }
        Effect::PrintVoucher {
            doc,
            language,
            large_print,
        } => {
            // Asked now, not from what the printer said seconds ago: nothing is queued for
            // paper that cannot come out.
            let state = worker.printer.status();
            if !state.can_print() {
                return Some(Msg::VoucherNotStarted(state));
            }
            let queued = DocNumber::parse(&doc)
                .map_err(|r| format!("{r:?}"))
                .and_then(|d| {
                    worker
                        .ledger
                        .queue_voucher(
                            &d,
                            language,
                            now,
                            &actor,
                            &kiosk_destination(&worker.kiosk_id),
                            &worker.remit_to,
                            large_print,
                        )
                        .map_err(|e| e.to_string())
                });
            let queued = queued.map(|id| {
                worker.spool.filter.ids = vec![id];
                print_queued(worker, now)
            });
            match queued {
                Ok(Msg::Printed) => Msg::VoucherQueued(Ok(())),
                Ok(_) => Msg::VoucherQueued(Err("printer".into())),
                Err(e) => Msg::VoucherQueued(Err(e)),
            }
        }
        Effect::CheckClerk { user, password } => {
            Msg::ClerkChecked(check_technician(worker, &user, &password, now))
        }
    })
}

/// The technician's sign-in at the kiosk. Its failures count in the ledger for this kiosk,
/// not against the clerk's account: someone in the lobby must not be able to lock a clerk
/// out of the console, nor gain guesses by restarting the kiosk.
fn check_technician(worker: &mut Worker, user: &str, password: &str, now: NaiveDateTime) -> bool {
    let ok = worker
        .ledger
        .check_technician_exit(&worker.kiosk_id, user, password, &worker.key, now)
        .unwrap_or(false);
    // The name only when it is a user's: a password typed into the name field must not
    // reach the log.
    if worker.ledger.find_user(user).ok().flatten().is_some() {
        tracing::info!(user, accepted = ok, "technician exit");
    } else {
        tracing::info!(accepted = false, "technician exit by an unknown user name");
    }
    ok
}

/// Prints this visit's jobs (`spool.filter.ids`): `Printed` when they are done,
/// `PrintStuck` when the printer cannot go on (they stay queued; the clerk can reprint
/// them). Jobs of earlier visits are never handed to the person in front of the kiosk.
fn print_queued(worker: &mut Worker, now: NaiveDateTime) -> Msg {
    if worker.spool.filter.ids.is_empty() {
        return Msg::Printed;
    }
    for _ in 0..PRINT_STEPS_MAX {
        match spool::step(
            &mut worker.ledger,
            worker.printer.as_mut(),
            &worker.spool,
            now,
        ) {
            // Nothing left queued is not the same as everything printed (a job may have
            // failed for good, or be left marked printing): the ledger says which.
            Ok(SpoolStep::Idle) => {
                let state = worker.printer.status();
                return stuck(worker, state);
            }
            Ok(SpoolStep::Printed { .. }) => {}
            Ok(SpoolStep::Waiting(state)) => return stuck(worker, state),
            Ok(SpoolStep::Retry { after, .. }) => {
                std::thread::sleep(after.min(Duration::from_secs(2)))
            }
            Ok(SpoolStep::Failed { .. }) | Err(_) => {
                let state = worker.printer.status();
                return stuck(worker, state);
            }
        }
    }
    let state = worker.printer.status();
    if state.can_print() {
        Msg::Printed
    } else {
        stuck(worker, state)
    }
}

/// The printer stopped: which of the visit's slips did not print (none left: printed).
/// Unreadable, the list is empty and the screen names every slip of the visit.
fn stuck(worker: &Worker, state: crate::domain::PrinterState) -> Msg {
    match worker.ledger.jobs_unprinted(&worker.spool.filter.ids) {
        Ok(left) if left.is_empty() => Msg::Printed,
        Ok(left) => {
            // A slip and its stub share a number: a slip whose stub did not print is named
            // too (the visitor has no stub), once.
            let mut numbers: Vec<String> = Vec::new();
            for number in left.iter().filter_map(|s| s.strip_prefix("slip:")) {
                if !numbers.iter().any(|n| n == number) {
                    numbers.push(number.to_string());
                }
            }
            Msg::PrintStuck(state, numbers)
        }
        Err(e) => {
            tracing::warn!(kiosk = %worker.kiosk_id, error = %e, "unprinted slips not read");
            Msg::PrintStuck(state, Vec::new())
        }
    }
}

/// The fee screen's view of an offender's account as of today; `Err` when the ledger could
/// not be read (never shown as an account: a made-up "current, $0.00" would be a lie).
pub fn account_view(
    ledger: &Ledger,
    doc: &DocNumber,
    now: NaiveDateTime,
) -> Result<AccountView, LedgerError> {
    let name = ledger
        .find_person(doc)?
        .map_or_else(|| doc.to_string(), |p| p.display_name());
    let calendar = ledger.calendar()?;
    let a = match ledger.fee_account(doc, now.date()) {
        Ok(a) => a,
        // A PIN for someone with no supervision case: nothing is owed (a read that failed
        // is not that, and is said as a failure).
        Err(LedgerError::Rejected(crate::domain::Rejection::CaseNotFound)) => {
            return Ok(AccountView {
                doc: doc.to_string(),
                name,
                balance: crate::domain::Money::ZERO,
                months_in_arrears: 0,
                current: true,
                waiver: None,
                exemption: None,
                next_due: None,
                delinquent_from: None,
                closed_on: None,
                absconded: false,
                months: Vec::new(),
                card_quote: None,
            })
        }
        Err(e) => return Err(e),
    };
    // What can be paid today: a month whose first working day has not come yet cannot be
    // paid, so it is not quoted (no advance payments).
    let payable_today = a.payable_on(now.date(), &calendar);
    Ok(AccountView {
        doc: doc.to_string(),
        name,
        balance: a.balance,
        months_in_arrears: a.months_in_arrears,
        current: a.current,
        waiver: a.waiver_in_force,
        exemption: a.exemption_in_force,
        next_due: a.next_due,
        delinquent_from: if a.current { None } else { a.delinquent_from },
        closed_on: a.closed_on,
        absconded: a.absconded,
        card_quote: Some(payable_today)
            .filter(|due| due.is_positive())
            .map(|due| FeeQuote::new(due, FeeInstrument::Card)),
        months: a.months.iter().rev().take(12).copied().collect(),
    })
}

/// A key from the terminal, as the kiosk understands it. Ctrl-C, Ctrl-Z and Ctrl-\ arrive
/// as keys in raw mode and mean nothing here.
pub fn key_msg(code: KeyCode, modifiers: KeyModifiers) -> Option<Msg> {
    // A keypad's Enter that sends a line feed arrives in raw mode as Ctrl-J (and a carriage
    // return as Ctrl-M on some terminals): both are Enter.
    if modifiers.contains(KeyModifiers::CONTROL)
        && matches!(code, KeyCode::Char('j') | KeyCode::Char('m'))
    {
        return Some(Msg::Key(Key::Enter));
    }
    if modifiers.contains(KeyModifiers::CONTROL) || modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let key = match code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Backspace | KeyCode::Delete => Key::Backspace,
        KeyCode::Esc => Key::Esc,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::F(12) => Key::Technician,
        KeyCode::F(2) => Key::Discard,
        KeyCode::F(n @ 3..=11) => Key::Function(n),
        _ => return None,
    };
    Some(Msg::Key(key))
}

/// The kitty keyboard protocol's report of held keys (issue 19), asked of the terminal on
/// the screens where nothing but digits, Enter, Esc and the arrows are typed, so that their
/// repeats wait `REPEAT_DELAY`. Not where names, addresses and the technician's password
/// are typed: there every key would come as its plain key, and a capital typed with Caps
/// Lock, or a character typed with AltGr (`#` and `@` on Spanish layouts), would come out
/// wrong. Terminals without the protocol ignore the request and go on as before.
#[derive(Debug, Default)]
struct HeldKeys {
    asked: bool,
}

impl HeldKeys {
    fn follow(&mut self, model: &Model) {
        let wanted = !kiosk::update::has_keyboard(model.screen)
            && !matches!(model.screen, kiosk::Screen::Technician(_));
        if wanted && !self.asked {
            let _ = execute!(
                std::io::stdout(),
                PushKeyboardEnhancementFlags(
                    KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
                        | KeyboardEnhancementFlags::REPORT_EVENT_TYPES
                        | KeyboardEnhancementFlags::REPORT_ALL_KEYS_AS_ESCAPE_CODES
                        | KeyboardEnhancementFlags::REPORT_ALTERNATE_KEYS
                )
            );
        } else if !wanted && self.asked {
            let _ = execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
        }
        self.asked = wanted;
    }

    fn release(&mut self) {
        if self.asked {
            let _ = execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
            self.asked = false;
        }
    }
}

/// How the kiosk is started.
pub struct KioskSetup {
    pub db: PathBuf,
    pub pin_key: PathBuf,
    pub printer: PrinterSetup,
    pub kiosk_id: String,
    /// How long a visit may sit idle before it ends.
    pub idle_timeout: std::time::Duration,
    /// The languages offered, the first the one each visit starts in.
    pub languages: Vec<crate::domain::Language>,
    /// Shown after the welcome screen's title.
    pub facility: String,
    /// Printed on payment vouchers after "to:" (`kiosk.district_office`).
    pub district_office: Vec<String>,
    /// Where speech mode's voice goes (`kiosk.audio`, `kiosk.speech_out`).
    pub speech: super::speaker::SpeechOutput,
    pub demo: bool,
}

/// Runs the kiosk until a clerk's credentials close it or SIGTERM/SIGHUP arrives.
pub fn run(setup: KioskSetup) -> Result<(), CommandError> {
    let clock = || super::clock::now().unwrap_or_default();
    let open_ledger = |path: &Path| {
        Ledger::open_existing(path)
            .map_err(|e| CommandError::Failed(format!("cannot open {}: {e}", path.display())))
    };
    let mut ledger = open_ledger(&setup.db)?;
    // What the PIN screen tells offenders about the lockout, from the ledger's settings.
    let limits = ledger.limits().unwrap_or_default();
    let key = ledger
        .pin_key(&setup.pin_key)
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    // The kiosk opens whatever the printer's state: a missing port is shown as "not
    // connected" (no slip is started; the fee lookup works) and tried again on every look.
    let spool = setup.printer.spool_config();
    let mut worker = Worker::new(
        ledger,
        key,
        Box::new(super::printer_commands::Reconnecting::new(
            setup.printer.clone(),
        )),
        spool,
        setup.kiosk_id.clone(),
    );
    worker.remit_to = setup.district_office.clone();
    // Jobs a killed kiosk left half-printed go back to the queue before anything else.
    worker
        .ledger
        .requeue_interrupted_print_jobs(clock(), &worker.spool.filter)
        .map_err(|e| CommandError::Failed(e.to_string()))?;

    // SIGTERM (systemd stopping the kiosk) and SIGHUP (the terminal went away) restore the
    // terminal and end the process from their own thread: the main thread may be inside a
    // terminal read that a vanished terminal never finishes. A transaction cut short rolls
    // back, and a job cut short mid-print is queued again at the next start.
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])
    .map_err(|e| CommandError::Failed(e.to_string()))?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = execute!(
                std::io::stdout(),
                PopKeyboardEnhancementFlags,
                DisableMouseCapture,
                DisableBracketedPaste
            );
            ratatui::restore();
            std::process::exit(0);
        }
    });
    let stop = Arc::new(AtomicBool::new(false));

    let (effects_tx, effects_rx) = mpsc::channel::<Effect>();
    // The person's input and the worker's replies wake the loop through one channel.
    let (wake_tx, wake_rx) = mpsc::channel::<Wake<Msg>>();
    let replies = wake_tx.clone();
    let worker_thread = std::thread::spawn(move || {
        while let Ok(effect) = effects_rx.recv() {
            // Nothing asked after the kiosk closes is done.
            if matches!(effect, Effect::Quit) {
                break;
            }
            // How long each job takes, at debug level (`LOCKBOX_LOG=debug`, stderr not a
            // terminal): `cargo bench --bench kiosk` sets it beside the time from a key to
            // the frame that shows the job's answer, to tell the work from the loop.
            let kind = effect.kind();
            let started = Instant::now();
            let reply = perform(&mut worker, effect, clock());
            tracing::debug!(
                job = kind,
                micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
                "worker job done"
            );
            if let Some(msg) = reply {
                if replies.send(Wake::Reply(msg)).is_err() {
                    break;
                }
            }
        }
    });

    // The voice: checked once; without an engine or a sound card the kiosk runs as it
    // would without speech (no star key on the welcome screen), and `doctor` says why.
    let voice = super::speaker::check(&setup.speech);
    let files = matches!(setup.speech, super::speaker::SpeechOutput::Files(_));
    if let super::speaker::Voice::Unavailable(why) = &voice {
        tracing::warn!(why = %why, "the kiosk speaks without a voice");
    }
    let ready = voice == super::speaker::Voice::Ready;
    let speaker =
        (ready || files).then(|| super::speaker::Speaker::start(setup.speech.clone(), ready));
    // ratatui::init also restores the terminal if the program panics.
    let mut terminal = ratatui::try_init()
        .map_err(|e| CommandError::Failed(format!("cannot open the terminal: {e}")))?;
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    // A panic gives the terminal its keys back before ratatui's own hook restores it.
    let restore_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
        restore_hook(info);
    }));
    let mut held_keys = HeldKeys::default();
    let mut model = Model::new(Instant::now(), setup.demo);
    model.speech_available = speaker.is_some();
    // Speech written to files (tests, recordings) speaks every visit from its start.
    model.speech_always = files;
    model.speech = files;
    model.kiosk_id = setup.kiosk_id.clone();
    model.idle_reset_after = setup.idle_timeout;
    model.limits = limits;
    model.facility = crate::domain::text::printable(&setup.facility);
    if !setup.languages.is_empty() {
        model.language = setup.languages[0];
        model.languages = setup.languages.clone();
    }
    super::terminal_input::spawn_reader(
        wake_tx,
        Some(super::terminal_input::RepeatGate::new(REPEAT_DELAY)),
    );
    let mut hits = HitMap::default();
    let mut dirty = true;
    let mut last_tick = Instant::now();
    let send = |effects: Vec<Effect>| {
        for e in effects {
            match e {
                Effect::Speak(u) => {
                    if let Some(speaker) = &speaker {
                        let interrupt = u.interrupt;
                        speaker.say(u, interrupt);
                    }
                }
                e => {
                    let _ = effects_tx.send(e);
                }
            }
        }
    };
    send(vec![Effect::CheckPrinter]);
    if model.speech {
        send(vec![Effect::Speak(kiosk::speech::started(&model))]);
    }
    let result = loop {
        if stop.load(Ordering::Relaxed) || model.quit {
            break Ok(());
        }
        held_keys.follow(&model);
        if dirty {
            if let Err(e) = terminal.draw(|frame| hits = kiosk::view(&model, frame)) {
                break Err(CommandError::Failed(format!("cannot draw: {e}")));
            }
            dirty = false;
        }
        // A touch is kept as where it fell: it means a button only on the frame the
        // person saw, so one that comes after something changed the screen is dropped.
        enum Came {
            Msg(Msg),
            Touch(u16, u16),
        }
        let mut msgs = Vec::new();
        let wait = TICK.saturating_sub(last_tick.elapsed());
        // Whatever came meanwhile, in the order it came: the first wait ends at the next
        // tick, the rest are already there.
        let mut woken = super::terminal_input::wait(&wake_rx, wait);
        // Keys, pastes and touches on a screen too small to draw the kiosk act on nothing
        // the visitor can see: ignored until it is big enough (found by an outside review).
        let blind = terminal.size().is_ok_and(|s| {
            s.width < crate::ui::kiosk::view::MIN_WIDTH
                || s.height < crate::ui::kiosk::view::MIN_HEIGHT
        });
        let mut failed = None;
        while let Some(wake) = woken {
            match wake {
                Wake::Input(Input::Key(_) | Input::Paste(_) | Input::Touch(..)) if blind => {}
                Wake::Input(Input::Key(key)) => msgs.push(Came::Msg(Msg::Key(key))),
                Wake::Input(Input::Paste(text)) => msgs.push(Came::Msg(Msg::Paste(text))),
                Wake::Input(Input::Touch(column, row)) => msgs.push(Came::Touch(column, row)),
                Wake::Input(Input::Resize) => dirty = true,
                Wake::Reply(msg) => msgs.push(Came::Msg(msg)),
                Wake::Failed(e) => failed = Some(e),
            }
            woken = wake_rx.try_recv().ok();
        }
        if let Some(e) = failed {
            break Err(e);
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            msgs.push(Came::Msg(Msg::Tick));
        }
        for came in msgs {
            let msg = match came {
                Came::Msg(msg) => msg,
                Came::Touch(column, row) if !dirty => match hits.button_at(column, row) {
                    Some(button) => Msg::Press(button),
                    None => continue,
                },
                Came::Touch(..) => continue,
            };
            let before = model.clone();
            let effects = kiosk::update(&mut model, msg, Instant::now());
            if model != before {
                dirty = true;
            }
            send(effects);
        }
    };
    held_keys.release();
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();
    drop(effects_tx);
    let _ = worker_thread.join();
    result
}
