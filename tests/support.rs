//! Shared helpers: a ledger with two users and a few people, and fixed times.

use chrono::{NaiveDate, NaiveDateTime};
use lockbox::domain::{Instrument, IntakeRequest, IntakeSource, ObligationKind, SlipRequest};
use lockbox::store::{Ledger, NewPerson, Role};

pub const CLERK: &str = "clerk";
pub const SUPERVISOR: &str = "supervisor";

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub fn at(d: NaiveDate, h: u32) -> NaiveDateTime {
    d.and_hms_opt(h, 0, 0).expect("valid test time")
}

/// Monday 2026-11-16, a business day.
pub fn monday() -> NaiveDate {
    day(2026, 11, 16)
}

/// A ledger with a clerk, a supervisor, Ana Rivera (00012345, restitution $500 at 20 %)
/// and Ben Okafor (00000777, no obligations).
/// One number a query gives (a count, a sum) on `l`.
pub fn count(l: &Ledger, sql: &str) -> i64 {
    l.connection()
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

pub fn ledger() -> Ledger {
    let mut l = Ledger::open_in_memory().expect("ledger opens");
    seed(&mut l);
    l
}

pub fn seed(l: &mut Ledger) {
    let t = at(day(2026, 11, 1), 8);
    l.add_user(CLERK, Role::Clerk, t, "test").expect("clerk");
    l.add_user(SUPERVISOR, Role::Supervisor, t, "test")
        .expect("supervisor");
    for (doc, last, first) in [("00012345", "Rivera", "Ana"), ("777", "Okafor", "Ben")] {
        l.add_person(
            &NewPerson {
                doc: doc.into(),
                last_name: last.into(),
                first_name: first.into(),
                facility: "Algoa Correctional Center".into(),
                birth_date: None,
                language: Default::default(),
            },
            t,
            "test",
        )
        .expect("person");
    }
    l.add_obligation(
        "12345",
        ObligationKind::Restitution,
        "500.00",
        None,
        t,
        "test",
    )
    .expect("obligation");
}

pub fn slip(doc: &str, name: &str, amount: &str) -> SlipRequest {
    SlipRequest {
        doc: doc.into(),
        inmate_name: name.into(),
        sender_name: "Carmen Rivera".into(),
        sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
        amount: amount.into(),
        language: Default::default(),
        kiosk_id: "lobby-1".into(),
        large_print: false,
    }
}

pub fn by_hand(serial: &str, amount: &str, doc: &str, name: &str) -> IntakeRequest {
    IntakeRequest {
        instrument: Instrument::MoneyOrder,
        issuer: "USPS".into(),
        serial: serial.into(),
        amount: amount.into(),
        issued_on: day(2026, 10, 1),
        source: IntakeSource::ByHand {
            doc: doc.into(),
            inmate_name: name.into(),
            sender_name: "Carmen Rivera".into(),
            sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
        },
    }
}

pub fn with_slip(serial: &str, amount: &str, slip_number: &str) -> IntakeRequest {
    IntakeRequest {
        source: IntakeSource::Slip(slip_number.into()),
        ..by_hand(serial, amount, "", "")
    }
}

/// What a screen shows, drawn at `width` x `height`: one line per row, trailing spaces cut.
pub fn draw_text(width: u16, height: u16, draw: impl FnOnce(&mut ratatui::Frame<'_>)) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal.draw(draw).expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The password a test user has: the demo's for `clerk` and `supervisor`, `NAME-password`
/// for any other user a test makes (see `make_user`).
pub fn password_of(user: &str) -> String {
    match user {
        "clerk" => "demo-clerk".into(),
        "supervisor" => "demo-supervisor".into(),
        other => format!("{other}-password"),
    }
}

/// A password file (mode 0600) holding `user`'s test password.
pub fn password_file(user: &str) -> std::path::PathBuf {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::temp_dir().join(format!("lockbox-test-passwords-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("password dir");
    let path = dir.join(format!("{user}.txt"));
    if !path.exists() {
        let tmp = dir.join(format!("{user}.{:?}.tmp", std::thread::current().id()));
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .expect("password file");
        writeln!(f, "{}", password_of(user)).expect("write password");
        std::fs::rename(&tmp, &path).expect("password file in place");
    }
    path
}

/// Gives a command run as `--user NAME` (or `$LOCKBOX_USER`) that user's password file, as
/// a script under a service would.
pub fn authenticate(cmd: &mut std::process::Command, args: &[&str]) {
    let named = args
        .windows(2)
        .find(|w| w[0] == "--user")
        .map(|w| w[1].to_string())
        .or_else(|| {
            cmd.get_envs()
                .find(|(k, _)| *k == "LOCKBOX_USER")
                .and_then(|(_, v)| v.map(|v| v.to_string_lossy().into_owned()))
        });
    if let Some(user) = named.filter(|u| u != "system") {
        cmd.env("LOCKBOX_PASSWORD_FILE", password_file(&user));
    } else {
        cmd.env_remove("LOCKBOX_PASSWORD_FILE");
    }
}

/// Gives every user of the ledger at `db` their test password (`password_of`), hashed with
/// the PIN key beside it, as `lockbox user passwd` would.
pub fn give_passwords(l: &mut Ledger, db: &std::path::Path) {
    let key = l
        .pin_key(&db.parent().expect("folder").join("pin.key"))
        .expect("PIN key");
    let t = at(day(2026, 11, 1), 8);
    // The supervisor first: the first one needs no one's sign-in, then it sets the rest.
    for user in [SUPERVISOR, CLERK] {
        if l.find_user(user).expect("user").is_some() {
            let by = if l.has_supervisor_with_password().expect("read") {
                SUPERVISOR
            } else {
                "setup"
            };
            l.set_password(user, &password_of(user), &key, t, by)
                .expect("password");
        }
    }
}

/// The first supervisor of a ledger `init` made: `supervisor`, with its test password.
pub fn first_supervisor(db: &std::path::Path) {
    let mut l = Ledger::open_existing(db).expect("ledger");
    l.add_user(
        SUPERVISOR,
        Role::Supervisor,
        at(day(2026, 1, 1), 8),
        "setup",
    )
    .expect("supervisor");
    give_passwords(&mut l, db);
}

/// A clerk and a supervisor for a ledger `init` made, with their test passwords.
pub fn first_users(db: &std::path::Path) {
    first_supervisor(db);
    let mut l = Ledger::open_existing(db).expect("ledger");
    l.add_user(CLERK, Role::Clerk, at(day(2026, 1, 1), 8), SUPERVISOR)
        .expect("clerk");
    give_passwords(&mut l, db);
}

fn digest16(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = <sha2::Sha256 as sha2::Digest>::new();
    for p in parts {
        sha2::Digest::update(&mut h, p);
    }
    sha2::Digest::finalize(h)[..16].to_vec()
}

/// A connection as an attacker makes it: plain SQLite, with seal functions of their own
/// (the algorithm known, the key not), so writes through the triggers succeed.
pub fn tamperer(db: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).expect("open");
    let flags = rusqlite::functions::FunctionFlags::SQLITE_UTF8
        | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC;
    c.create_scalar_function("lockbox_seal", -1, flags, |ctx| {
        let parts: Vec<String> = (0..ctx.len())
            .map(|i| format!("{:?}", ctx.get_raw(i)))
            .collect();
        Ok(digest16(&[parts.join("|").as_bytes()]))
    })
    .expect("seal");
    c.create_scalar_function("lockbox_mac", 1, flags, |ctx| {
        let hash: String = ctx.get(0)?;
        Ok(digest16(&[hash.as_bytes()]))
    })
    .expect("mac");
    c.create_scalar_function("lockbox_xor", 2, flags, |ctx| {
        let a: Option<Vec<u8>> = ctx.get(0)?;
        let b: Option<Vec<u8>> = ctx.get(1)?;
        let (a, b) = (a.unwrap_or(vec![0; 16]), b.unwrap_or(vec![0; 16]));
        Ok(a.iter()
            .zip(b.iter())
            .map(|(x, y)| x ^ y)
            .collect::<Vec<u8>>())
    })
    .expect("xor");
    c.create_scalar_function("lockbox_total", 2, flags, |ctx| {
        let rows: i64 = ctx.get(0)?;
        let x: Option<Vec<u8>> = ctx.get(1)?;
        Ok(digest16(&[&rows.to_le_bytes(), &x.unwrap_or_default()]))
    })
    .expect("total");
    c
}

/// Cents of an amount as lockbox prints it in JSON or text ("12.34", "-$1,234.50").
pub fn cents_of(text: &str) -> i64 {
    let t = text.trim();
    let negative = t.starts_with('-');
    let digits: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let (whole, frac) = digits.split_once('.').unwrap_or((&digits, "00"));
    let cents = whole.parse::<i64>().expect("dollars") * 100
        + format!("{frac:0<2}")[..2].parse::<i64>().expect("cents");
    if negative {
        -cents
    } else {
        cents
    }
}
