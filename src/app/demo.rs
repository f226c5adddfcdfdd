//! The deterministic demo ledger: `lockbox demo` and what `cargo run --release` opens.

use std::fmt;
use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::command::CommandError;
use crate::domain::{
    HoldReason, Instrument, IntakeRequest, IntakeSource, Language, Money, ObligationKind,
    SlipRequest,
};
use crate::store::deposits::Resolution;
use crate::store::{IntakeStatus, Ledger, LedgerError, NewPerson, Role, Verification};

/// The inmate every demo ledger holds, so that the README, tests and people can rely on
/// one known account.
pub const DEMO_DOC: &str = "00012345";
pub const DEMO_LAST_NAME: &str = "Rivera";
/// The demo's users: a clerk and a supervisor.
pub const DEMO_CLERK: &str = "clerk";
pub const DEMO_SUPERVISOR: &str = "supervisor";
/// The most people a demo is built with: ten times the benchmarks' ledger. Beyond it a build
/// would take hours and the planned people alone would fill the memory (4,294,967,295 took
/// 16 GB in 20 s); the money orders' serials (four per person, ten million per seed) and the
/// generated DOC numbers (eight digits) stay unique well past it.
pub const MAX_SCALE: u32 = 1_000_000;
/// Business days of history the demo posts before today.
const DEMO_DAYS: usize = 5;

/// The demo's page cache, in KiB (1 GiB, where a posting or an import has 256 MiB): a day of
/// the scale-100000 demo takes in 80,000 money orders in one transaction, each a random
/// page of its sender's and its inmate's indexes; with 256 MiB those pages were read and
/// spilled again and again and the build grew faster than the people (18 s at 10,000, 227 s
/// at 100,000), with 1 GiB 190 s, in line. The memory is used only as the ledger grows
/// into it (a small demo stays small) and is given back when the build ends.
const DEMO_CACHE_KIB: i64 = 1024 * 1024;
/// Money orders per person over the demo's history: about 2.3 transfers each, so about
/// ten transfers per person.
const MONEY_ORDERS_PER_PERSON: u64 = 4;

const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Miller",
    "Davis",
    "Martínez",
    "Hernández",
    "López",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Muñoz",
    "Peña",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
];
const FIRST_NAMES: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "José",
    "María",
    "Luis",
    "Sofía",
    "Carlos",
    "Ana",
    "Daniel",
    "Lucía",
    "Mark",
    "Karen",
    "Paul",
    "Nancy",
    "Andrés",
    "Inés",
];
const FACILITIES: &[&str] = &[
    "Jefferson City Correctional Center",
    "Potosi Correctional Center",
    "Algoa Correctional Center",
    "Chillicothe Correctional Center",
    "Women's Eastern Reception Center",
    "Moberly Correctional Center",
];
const CITIES: &[&str] = &[
    "Jefferson City, MO 65101",
    "St. Louis, MO 63101",
    "Kansas City, MO 64105",
    "Springfield, MO 65806",
    "Columbia, MO 65201",
    "Joplin, MO 64801",
];
const ISSUERS: &[&str] = &["USPS", "Western Union", "MoneyGram"];

/// A small, fast, seeded generator (SplitMix64): the demo must be the same for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }
}

/// What the demo built.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    pub people: u64,
    pub money_orders: u64,
    pub posted_days: Vec<NaiveDate>,
    pub held: u64,
    pub returned: u64,
    pub ready: u64,
    pub transfers: i64,
    pub seconds: f64,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "demo ledger: {} people, {} money orders ({} ready, {} on hold, {} returned), {} transfers",
            self.people, self.money_orders, self.ready, self.held, self.returned, self.transfers
        )?;
        writeln!(
            f,
            "posted business days: {}",
            self.posted_days
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        writeln!(
            f,
            "known account: {DEMO_DOC} {DEMO_LAST_NAME} (restitution, 20 %); users: {DEMO_CLERK}, {DEMO_SUPERVISOR}"
        )?;
        writeln!(
            f,
            "known offender: {} {} (PIN {}, two months behind)",
            super::demo_fees::DEMO_OFFENDER_DOC,
            super::demo_fees::DEMO_OFFENDER_NAME,
            super::demo_fees::DEMO_PIN
        )?;
        write!(f, "built in {:.1} s", self.seconds)
    }
}

/// Missouri's state holidays of a year, moved to Friday or Monday when they fall on a
/// weekend.
pub fn state_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let nth = |month: u32, weekday: Weekday, n: u8| {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
    };
    let last_monday_of_may = (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, 5, Weekday::Mon, n));
    let observed = |m: u32, d: u32| {
        NaiveDate::from_ymd_opt(year, m, d).map(|date| match date.weekday() {
            Weekday::Sat => date - Duration::days(1),
            Weekday::Sun => date + Duration::days(1),
            _ => date,
        })
    };
    [
        (observed(1, 1), "New Year's Day"),
        (nth(1, Weekday::Mon, 3), "Martin Luther King Jr. Day"),
        (observed(2, 12), "Lincoln Day"),
        (nth(2, Weekday::Mon, 3), "Washington's Birthday"),
        (observed(5, 8), "Truman Day"),
        (last_monday_of_may, "Memorial Day"),
        (observed(6, 19), "Juneteenth"),
        (observed(7, 4), "Independence Day"),
        (nth(9, Weekday::Mon, 1), "Labor Day"),
        (nth(10, Weekday::Mon, 2), "Columbus Day"),
        (observed(11, 11), "Veterans Day"),
        (nth(11, Weekday::Thu, 4), "Thanksgiving Day"),
        (observed(12, 25), "Christmas Day"),
    ]
    .into_iter()
    .filter_map(|(d, n)| d.map(|d| (d, n)))
    .collect()
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
}

/// Builds the demo in an empty ledger: people with and without obligations, slips and
/// money orders in every state, and several business days posted. The history ends on
/// `now`'s date, so the same seed and the same date give the same ledger.
pub fn build(
    ledger: &mut Ledger,
    scale: u32,
    seed: u64,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<DemoSummary, CommandError> {
    ledger.with_batch_cache_of(DEMO_CACHE_KIB, |ledger| {
        build_now(ledger, scale, seed, now, progress)
    })
}

fn build_now(
    ledger: &mut Ledger,
    scale: u32,
    seed: u64,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<DemoSummary, CommandError> {
    let started = std::time::Instant::now();
    let people: i64 = ledger
        .connection()
        .query_row("SELECT COUNT(*) FROM person", [], |r| r.get(0))
        .map_err(LedgerError::from)?;
    if people > 0 {
        return Err(CommandError::BadInput(
            "this ledger already holds data; build the demo in a new file (--db PATH)".into(),
        ));
    }
    if scale > MAX_SCALE {
        return Err(CommandError::BadInput(format!(
            "a demo has at most {MAX_SCALE} people, not {scale}"
        )));
    }
    let scale = u64::from(scale.max(1));
    let mut rng = Rng(seed);
    let today = now.date();
    for year in today.year() - 1..=today.year() + 1 {
        for (d, name) in state_holidays(year) {
            ledger.add_holiday(d, name, now, "demo")?;
        }
    }
    let calendar = ledger.calendar()?;
    let mut days = Vec::new();
    let mut day = today;
    while days.len() < DEMO_DAYS {
        day = day.pred_opt().unwrap_or(day);
        if calendar.is_business_day(day) {
            days.push(day);
        }
    }
    days.reverse();
    let first_day = days.first().copied().unwrap_or(today);
    let setup_time = at(first_day - Duration::days(30), 8, 0);
    ledger.add_user(DEMO_SUPERVISOR, Role::Supervisor, setup_time, "demo")?;
    ledger.add_user(DEMO_CLERK, Role::Clerk, setup_time, "demo")?;
    // Steps: the people, each day, the offenders.
    let steps = days.len() + 3;
    progress(0, steps, &format!("adding {scale} people"));
    let docs = add_people(ledger, scale, &mut rng, setup_time)?;
    let total_orders = scale * MONEY_ORDERS_PER_PERSON;
    let per_day = total_orders / DEMO_DAYS as u64 + 1;
    let mut summary = DemoSummary {
        people: scale,
        money_orders: 0,
        posted_days: Vec::new(),
        held: 0,
        returned: 0,
        ready: 0,
        transfers: 0,
        seconds: 0.0,
    };
    let mut serial = 0u64;
    // Money orders are unique statewide (issue 18): demo sites built with other seeds take
    // in other serials (ten million apiece, more than the largest demo's).
    let serial_base = 40_000_000_000u64 + (seed % 3_000) * 10_000_000;
    // Every past business day: slips at the kiosk, intake at the desk, holds decided, and
    // the day's posting. Then today: intake only, so ready and held money orders remain.
    let mut all_days = days.clone();
    all_days.push(today);
    for (index, day) in all_days.iter().copied().enumerate() {
        let is_today = index == all_days.len() - 1;
        let count = if is_today { per_day.min(50) } else { per_day };
        progress(index + 1, steps, &format!("{day}: {count} money orders"));
        let mut held_today = Vec::new();
        let mut batch = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        for i in 0..count {
            serial += 1;
            batch.push(plan_money_order(&mut rng, &docs, serial, day, i));
        }
        // The known inmate gets one money order every day, from a known sender.
        serial += 1;
        batch.push(PlannedOrder {
            doc: DEMO_DOC.into(),
            last_name: DEMO_LAST_NAME.into(),
            inmate_name: format!("Ana {DEMO_LAST_NAME}"),
            sender_name: "Carmen Rivera".into(),
            sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
            amount: Money::from_cents(5_000 + i64::try_from(index).unwrap_or(0) * 1_000),
            with_slip: true,
            serial,
            issuer: "USPS",
            issued_on: day,
            hold: None,
        });
        // A whole day's slips and intakes in one transaction: the demo must not pay one
        // durable commit per row.
        let outcomes = ledger.bulk(|tx, audit| {
            let mut out = Vec::with_capacity(batch.len());
            for (i, order) in batch.iter().enumerate() {
                let minute = u32::try_from(i % 300).unwrap_or(0);
                out.push(take_in(tx, audit, order, serial_base, day, minute)?);
            }
            Ok(out)
        })?;
        for ((id, status), order) in outcomes.into_iter().zip(&batch) {
            summary.money_orders += 1;
            if let IntakeStatus::Held(_) = status {
                held_today.push((id, order));
            }
        }
        if !is_today {
            // Supervisors release half of the holds after verification and return the rest.
            let when = at(day, 14, 0);
            let mut releases = Vec::with_capacity(held_today.len());
            for (i, (id, order)) in held_today.iter().enumerate() {
                let resolution = if i % 2 == 0 {
                    // Verification finds who the money order was really for and from.
                    Resolution::Release(Verification {
                        doc: Some(order.doc.clone()),
                        sender_name: Some(order.sender_name.clone()),
                        sender_address: Some(order.sender_address.clone()),
                    })
                } else {
                    summary.returned += 1;
                    Resolution::Return
                };
                releases.push((*id, resolution));
            }
            ledger.bulk(|tx, audit| {
                for (id, resolution) in releases {
                    let note = match resolution {
                        Resolution::Return => "owner could not be determined",
                        Resolution::Release(_) => "verified by phone with the sender",
                    };
                    crate::store::deposits::resolve_hold_tx(
                        tx,
                        audit,
                        id,
                        note,
                        when,
                        DEMO_SUPERVISOR,
                        resolution,
                    )?;
                }
                Ok(())
            })?;
            ledger.post(day, at(day, 16, 0), DEMO_CLERK, &mut |_| {})?;
            summary.posted_days.push(day);
        } else {
            summary.held += held_today.len() as u64;
        }
    }
    // The history's slips and receipts were printed on their days: the demo's printer
    // starts with an empty queue.
    ledger
        .connection()
        .execute(
            "UPDATE print_job SET status = 'printed', attempts = 1 WHERE status = 'queued'",
            [],
        )
        .map_err(LedgerError::from)?;
    progress(steps - 1, steps, "adding the offenders under supervision");
    super::demo_fees::add_cases(ledger, now)?;
    summary.ready = u64::try_from(
        ledger
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM money_order WHERE status = 'ready'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(LedgerError::from)?,
    )
    .unwrap_or(0);
    summary.transfers = ledger
        .connection()
        .query_row("SELECT COUNT(*) FROM transfer", [], |r| r.get(0))
        .map_err(LedgerError::from)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn add_people(
    ledger: &mut Ledger,
    scale: u64,
    rng: &mut Rng,
    when: NaiveDateTime,
) -> Result<Vec<(String, String)>, CommandError> {
    let mut docs = Vec::with_capacity(usize::try_from(scale).unwrap_or(0));
    let mut people = vec![(
        NewPerson {
            doc: DEMO_DOC.into(),
            last_name: DEMO_LAST_NAME.into(),
            first_name: "Ana".into(),
            facility: FACILITIES[0].into(),
            birth_date: NaiveDate::from_ymd_opt(1990, 4, 12),
            language: Language::En,
        },
        Some((ObligationKind::Restitution, Money::from_cents(150_000))),
    )];
    for n in 1..scale {
        // DOC numbers spread over the range, never colliding with the known inmate's.
        let doc = format!("{:08}", 20_000_000 + n * 7);
        let obligation = match rng.below(10) {
            0..=3 => Some((
                ObligationKind::ALL[usize::try_from(rng.below(3)).unwrap_or(0)],
                Money::from_cents(i64::try_from(5_000 + rng.below(200_000)).unwrap_or(5_000)),
            )),
            _ => None,
        };
        people.push((
            NewPerson {
                doc,
                last_name: rng.pick(LAST_NAMES).into(),
                first_name: rng.pick(FIRST_NAMES).into(),
                facility: rng.pick(FACILITIES).into(),
                birth_date: NaiveDate::from_ymd_opt(
                    1950 + i32::try_from(rng.below(50)).unwrap_or(0),
                    1 + u32::try_from(rng.below(12)).unwrap_or(0),
                    1 + u32::try_from(rng.below(28)).unwrap_or(0),
                ),
                // One in five reads Spanish (not from the generator, so the rest of the demo
                // stays as it was).
                language: if n % 5 == 0 {
                    Language::Es
                } else {
                    Language::En
                },
            },
            obligation,
        ));
    }
    for chunk in people.chunks(20_000) {
        let added = ledger.bulk(|tx, audit| {
            let mut added = Vec::with_capacity(chunk.len());
            for (person, obligation) in chunk {
                let p = crate::store::people::add_person_tx(tx, audit, person, when, "demo")?;
                if let Some((kind, amount)) = obligation {
                    crate::store::people::add_obligation_tx(
                        tx, audit, &p.doc, *kind, *amount, 2_000, when, "demo",
                    )?;
                }
                added.push(p.last_name);
            }
            Ok(added)
        })?;
        docs.extend(
            chunk
                .iter()
                .zip(added)
                .map(|((p, _), last_name)| (p.doc.clone(), last_name)),
        );
    }
    Ok(docs)
}

struct PlannedOrder {
    doc: String,
    /// The inmate's last name as the ledger holds it (what a visitor types when
    /// `inmate_name` is empty).
    last_name: String,
    inmate_name: String,
    sender_name: String,
    sender_address: String,
    amount: Money,
    with_slip: bool,
    serial: u64,
    issuer: &'static str,
    issued_on: NaiveDate,
    /// A hold the demo provokes on purpose.
    hold: Option<HoldReason>,
}

fn plan_money_order(
    rng: &mut Rng,
    docs: &[(String, String)],
    serial: u64,
    day: NaiveDate,
    index_in_day: u64,
) -> PlannedOrder {
    // The known inmate's money comes from the known sender alone (below), so her story
    // stays the one README tells, and her window has room for a visitor's card deposit.
    let pick = usize::try_from(rng.below(docs.len() as u64)).unwrap_or(0);
    let (doc, last_name) = if docs[pick].0 == DEMO_DOC && docs.len() > 1 {
        docs[(pick + 1) % docs.len()].clone()
    } else {
        docs[pick].clone()
    };
    // The first of each day are held, one for each reason, and about one in a hundred more
    // at random, so every day has holds of every kind at any scale.
    // (The watchlist and velocity holds are the intake's own findings, not planned.)
    let kinds = HoldReason::OWNER.len() as u64;
    let hold = if index_in_day < kinds {
        Some(HoldReason::OWNER[usize::try_from(index_in_day).unwrap_or(0)])
    } else if rng.below(100) == 0 {
        Some(HoldReason::OWNER[usize::try_from(serial % kinds).unwrap_or(0)])
    } else {
        None
    };
    // Each inmate's money comes from one of two family members of their own, as in life,
    // so the velocity rules hold only what the demo makes suspicious on purpose.
    let family = doc.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let member = family.wrapping_add(rng.below(2).wrapping_mul(7));
    let at = |n: u64, items: &[&'static str]| {
        items[usize::try_from(n % items.len() as u64).unwrap_or(0)]
    };
    PlannedOrder {
        sender_name: format!(
            "{} {}",
            at(member, FIRST_NAMES),
            at(family >> 16, LAST_NAMES)
        ),
        sender_address: format!(
            "{} Main St, {}",
            1 + (family >> 32) % 9_000,
            at(family >> 8, CITIES)
        ),
        doc,
        last_name,
        inmate_name: String::new(),
        amount: Money::from_cents(i64::try_from(1_000 + rng.below(30_000)).unwrap_or(1_000)),
        with_slip: rng.below(10) < 7,
        serial,
        issuer: rng.pick(ISSUERS),
        issued_on: day - Duration::days(i64::try_from(rng.below(5)).unwrap_or(0)),
        hold,
    }
}

/// A slip for `order` printed at the lobby kiosk at 8:00 (for `amount`), as the source its
/// money order is taken in from.
#[allow(clippy::too_many_arguments)]
fn demo_slip(
    tx: &rusqlite::Transaction<'_>,
    audit: &mut crate::store::audit::AuditWriter,
    order: &PlannedOrder,
    typed_name: String,
    amount: Money,
    language: Language,
    day: NaiveDate,
) -> Result<IntakeSource, LedgerError> {
    let slip = SlipRequest {
        doc: order.doc.clone(),
        inmate_name: typed_name,
        sender_name: order.sender_name.clone(),
        sender_address: order.sender_address.clone(),
        amount: amount.to_string(),
        language,
        kiosk_id: "lobby-1".into(),
        large_print: false,
    }
    .validate()?;
    let captured =
        crate::store::deposits::capture_slip_tx(tx, audit, &slip, at(day, 8, 0), "kiosk:lobby-1")?;
    Ok(IntakeSource::Slip(captured.number.to_string()))
}

/// Captures the slip (when there is one) and takes the money order in.
fn take_in(
    tx: &rusqlite::Transaction<'_>,
    audit: &mut crate::store::audit::AuditWriter,
    order: &PlannedOrder,
    serial_base: u64,
    day: NaiveDate,
    minute: u32,
) -> Result<(i64, IntakeStatus), LedgerError> {
    let typed_name = if order.inmate_name.is_empty() {
        order.last_name.clone()
    } else {
        order.inmate_name.clone()
    };
    let mut source = IntakeSource::ByHand {
        doc: order.doc.clone(),
        inmate_name: typed_name.clone(),
        sender_name: order.sender_name.clone(),
        sender_address: order.sender_address.clone(),
    };
    match order.hold {
        Some(HoldReason::UnknownSlip) => {
            // A number with a valid check digit that no slip carries.
            let unknown =
                crate::domain::SlipNumber::from_sequence(crate::domain::SlipNumber::MAX_SEQUENCE)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
            source = IntakeSource::Slip(unknown)
        }
        Some(HoldReason::UnknownInmate) => {
            source = IntakeSource::ByHand {
                doc: "99999999".into(),
                inmate_name: typed_name,
                sender_name: order.sender_name.clone(),
                sender_address: order.sender_address.clone(),
            }
        }
        Some(HoldReason::NameMismatch) => {
            source = IntakeSource::ByHand {
                doc: order.doc.clone(),
                inmate_name: "Somebody Else".into(),
                sender_name: order.sender_name.clone(),
                sender_address: order.sender_address.clone(),
            }
        }
        Some(HoldReason::SenderNameMissing) => {
            source = IntakeSource::ByHand {
                doc: order.doc.clone(),
                inmate_name: typed_name,
                sender_name: String::new(),
                sender_address: order.sender_address.clone(),
            }
        }
        Some(HoldReason::SenderAddressMissing) => {
            source = IntakeSource::ByHand {
                doc: order.doc.clone(),
                inmate_name: typed_name,
                sender_name: order.sender_name.clone(),
                sender_address: String::new(),
            }
        }
        Some(HoldReason::AmountDiffersFromSlip) => {
            // The slip says about half of what the money order in the envelope is for.
            let amount = Money::from_cents(order.amount.cents() / 2 + 1);
            source = demo_slip(tx, audit, order, typed_name, amount, Language::En, day)?;
        }
        // The demo plans no watchlist or velocity hold: the intake finds them itself. A
        // demo site is alone: nothing is taken in elsewhere, nobody moved.
        Some(
            HoldReason::DuplicateElsewhere
            | HoldReason::InmateMoved
            | HoldReason::WatchlistSender
            | HoldReason::WatchlistInmate
            | HoldReason::SenderManyInmates
            | HoldReason::InmateManySenders,
        ) => {}
        None if order.with_slip => {
            let language = if order.serial.is_multiple_of(4) {
                Language::Es
            } else {
                Language::En
            };
            source = demo_slip(tx, audit, order, typed_name, order.amount, language, day)?;
        }
        None => {}
    }
    let request = IntakeRequest {
        instrument: Instrument::MoneyOrder,
        issuer: order.issuer.into(),
        serial: format!("{:011}", serial_base + order.serial),
        amount: order.amount.to_string(),
        issued_on: order.issued_on,
        source,
    }
    .validate(day)?;
    let outcome = crate::store::deposits::intake_tx(
        tx,
        audit,
        &request,
        at(day, 10, minute / 60),
        DEMO_CLERK,
    )?;
    Ok((outcome.money_order_id, outcome.status))
}

/// `cargo run --release` with no command: builds the demo ledger on first use and shows
/// what is in it. (The kiosk will open here once it exists.)
pub fn open_demo(path: PathBuf, pin_key: Option<PathBuf>) -> Result<(), CommandError> {
    let key = pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
    // (Its folder is made there too.)
    if !path.exists() {
        let now = super::clock::now().map_err(CommandError::BadInput)?;
        super::demo_file::ensure_at(&path, &key, (40, 1), now)?;
    }
    let (bytes, text) = super::printer_commands::simulated_printer(&path);
    let options = crate::cli::PrinterOptions {
        printer: Some(
            std::env::var("LOCKBOX_PRINTER")
                .unwrap_or_else(|_| format!("file:{}", bytes.display())),
        ),
        ..crate::cli::PrinterOptions::default()
    };
    let printer = super::printer_commands::PrinterSetup::from_args(&path, &options)?;
    super::kiosk::run(super::kiosk::KioskSetup {
        db: path.clone(),
        pin_key: key,
        printer,
        kiosk_id: "demo-lobby".into(),
        idle_timeout: crate::ui::kiosk::update::IDLE_RESET_AFTER,
        languages: vec![crate::domain::Language::En, crate::domain::Language::Es],
        facility: String::new(),
        district_office: Vec::new(),
        speech: super::speaker::SpeechOutput::Device("default".into()),
        demo: true,
    })?;
    // Under `cargo run` the binary is not on the PATH; say how to reach it from the tree.
    let me = if std::env::var_os("CARGO").is_some() {
        "cargo run --release --"
    } else {
        "lockbox"
    };
    say!("demo ledger: {}", path.display());
    say!(
        "what the printer printed: {} (raw ESC/POS bytes: {})",
        text.display(),
        bytes.display()
    );
    say!("try: {me} --db {} balance {DEMO_DOC}", path.display());
    say!("     {me} --db {} fees account 54321", path.display());
    say!(
        "     {me} --db {} printer render {}",
        path.display(),
        bytes.display()
    );
    say!("     {me} --db {} check", path.display());
    Ok(())
}
