//! `lockbox.toml`: the shipped example is valid and says every default; bad files are
//! refused with every problem named at its line.

use lockbox::app::config::{Config, ConfigProblem};

#[test]
fn the_example_file_is_valid_and_holds_the_defaults() {
    let text = include_str!("../assets/lockbox.toml");
    assert_eq!(Config::parse(text), Ok(Config::default()));
}

#[track_caller]
fn case(text: &str, expected: &[(usize, &str)]) {
    let problems = Config::parse(text).expect_err("refused");
    let got: Vec<(usize, String)> = problems
        .iter()
        .map(|ConfigProblem { line, message }| (*line, message.clone()))
        .collect();
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((line, message), (want_line, want)) in got.iter().zip(expected) {
        assert_eq!(line, want_line, "{message}");
        assert!(message.contains(want), "{message:?} should say {want:?}");
    }
}

#[test]
fn bad_files_name_every_problem_with_its_line() {
    case(
        "[printer]\nbaud = \"fast\"\n",
        &[(2, "printer.baud must be a whole number")],
    );
    case(
        "[printer]\nbaud = 9600\ncolour = \"red\"\n",
        &[(3, "unknown key printer.colour")],
    );
    case(
        "[printr]\nbaud = 9600\n",
        &[(1, "unknown section [printr]")],
    );
    case(
        "[fees]\nmonthly_fee = \"60.01\"\n",
        &[(2, "at most $60.00")],
    );
    case(
        "[fees]\nmonthly_fee = \"-5\"\n",
        &[(2, "cannot be negative")],
    );
    case(
        "[kiosk]\nidle_timeout_s = -10\n",
        &[(2, "must be between 20 and 3600")],
    );
    case("[kiosk]\nid = \"  \"\n", &[(2, "kiosk.id is empty")]);
    case(
        "[kiosk]\nidle_timeout_s = 19\n",
        &[(2, "must be between 20 and 3600")],
    );
    // 20 to 44 are taken (a site's file keeps working) as 45: 20 s of quiet, then the 25 s
    // warning, which at 20 s had swallowed every key (found by an outside review).
    let short = Config::parse("[kiosk]\nidle_timeout_s = 20\n").expect("valid");
    assert_eq!(
        short.kiosk_idle_timeout(),
        std::time::Duration::from_secs(45)
    );
    let long = Config::parse("[kiosk]\nidle_timeout_s = 90\n").expect("valid");
    assert_eq!(
        long.kiosk_idle_timeout(),
        std::time::Duration::from_secs(90)
    );
    // Found by an outside review: a facility of 10,000 characters had no problem.
    case(
        &format!("[kiosk]\nfacility = \"{}\"\n", "F".repeat(10_000)),
        &[(
            2,
            "kiosk.facility is not a facility's name: at most 60 characters",
        )],
    );
    case(
        "[kiosk]\nfacility = \"Potosi\\u202E\"\n",
        &[(2, "kiosk.facility is not a facility's name")],
    );
    case(
        "[kiosk]\nid = \"\\u200B\"\n",
        &[(2, "kiosk.id must be at most 32 visible characters")],
    );
    case(
        "[printer]\npaper_columns = 40\n",
        &[(2, "42 (58 mm) or 48 (80 mm)")],
    );
    case(
        "[printer]\nport = \"/dev/no-such-printer\"\n",
        &[(2, "does not exist")],
    );
    case(
        "[printer]\nflow_control = \"maybe\"\n",
        &[(2, "not none, hardware or software")],
    );
    case(
        "[kiosk]\nlanguages = [\"en\", \"fr\"]\n",
        &[(2, "not \"en\" or \"es\"")],
    );
    case(
        "[calendar]\nholidays = [\"2026-13-01\"]\n",
        &[(2, "not a date")],
    );
    case("[printer\nbaud = 9600\n", &[(1, "not valid TOML")]);
    case(
        "[deposits]\nhigh_amount = \"5000.01\"\n",
        &[(2, "above $5,000.00")],
    );
    case(
        "[deposits]\nhigh_amount = \"0\"\n",
        &[(2, "deposits.high_amount")],
    );
    case(
        "[kiosk]\ndistrict_office = \"1234 Main St\"\n",
        &[(2, "must be a list of 1 to 4 lines")],
    );
    case(
        "[kiosk]\ndistrict_office = [\"Southeast District Office of Probation and Parole\"]\n",
        &[(2, "longer than 30 characters")],
    );
    case(
        "[kiosk]\ndistrict_office = [\"东南区办公室\"]\n",
        &[(2, "which the printer cannot print")],
    );
    case(
        "[kiosk]\ndistrict_office = [\"Office\\u001b@\"]\n",
        &[(2, "control or invisible character")],
    );
    // Several at once, in line order.
    case(
        "[printer]\nbaud = 10\npaper_columns = 50\n\n[fees]\nmonthly_fee = \"99.00\"\nextra = 1\n",
        &[
            (2, "printer.baud is 10"),
            (3, "paper_columns is 50"),
            (6, "at most $60.00"),
            (7, "unknown key fees.extra"),
        ],
    );
}

#[test]
fn config_check_on_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[printer]\nbaud = \"fast\"\nwat = 1\n").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .args(["config", "check"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("line 2: printer.baud must be a whole number"),
        "{said}"
    );
    assert!(said.contains("line 3: unknown key printer.wat"), "{said}");
    let good = dir.path().join("good.toml");
    std::fs::write(&good, include_str!("../assets/lockbox.toml")).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .args(["config", "check"])
        .arg(&good)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_port_that_cannot_be_opened_for_writing_is_named() {
    // A directory exists but is no device: it cannot be opened for writing, even by root.
    let dir = tempfile::tempdir().expect("dir");
    let text = format!("[printer]\nport = {:?}\n", dir.path().display().to_string());
    case(&text, &[(2, "cannot be opened for writing")]);
}

#[test]
fn environment_variables_lie_over_the_file_and_are_checked_the_same_way() {
    let file = "[kiosk]\nidle_timeout_s = 90\n[fees]\nmonthly_fee = \"25.00\"\n";
    let env = |name: &str| match name {
        "LOCKBOX_KIOSK_IDLE_TIMEOUT_S" => Some("50".to_string()),
        "LOCKBOX_KIOSK_ID" => Some("lobby-2".to_string()),
        _ => None,
    };
    let c = Config::parse_with_env(file, env, false).expect("valid");
    // An amount as a shell writes it, unquoted.
    let fee = |name: &str| (name == "LOCKBOX_FEES_MONTHLY_FEE").then(|| "35.00".to_string());
    assert_eq!(
        Config::parse_with_env("", fee, false)
            .expect("valid")
            .monthly_fee
            .to_string(),
        "35.00"
    );
    assert_eq!(
        c.kiosk_idle_timeout_s, 50,
        "the variable wins over the file"
    );
    assert_eq!(c.kiosk_id, "lobby-2", "a bare word is text");
    assert_eq!(
        c.monthly_fee.to_string(),
        "25.00",
        "the file where no variable"
    );
    let bad = |name: &str| (name == "LOCKBOX_FEES_MONTHLY_FEE").then(|| "\"61.00\"".to_string());
    let problems = Config::parse_with_env("", bad, false).expect_err("refused");
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("at most $60.00")
            && problems[0].message.contains("$LOCKBOX_FEES_MONTHLY_FEE"),
        "{:?}",
        problems[0]
    );
    // A starting kiosk does not refuse to start over an unplugged printer.
    let unplugged = "[printer]\nport = \"/dev/no-such-printer\"\n";
    assert!(Config::parse_with_env(unplugged, |_| None, false).is_ok());
}

fn lockbox(args: &[&str], envs: &[(&str, &std::path::Path)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.args(args)
        .env_remove("LOCKBOX_DB")
        .env_remove("LOCKBOX_CONFIG")
        .env_remove("LOCKBOX_PIN_KEY")
        .env("LOCKBOX_NOW", "2026-11-23T12:00:00");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    crate::support::authenticate(&mut cmd, args);
    cmd.output().expect("runs")
}

fn audit_rows(db: &std::path::Path, action: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .expect("count")
}

#[test]
fn the_settings_file_places_the_ledger_and_its_business_settings() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("from-file.sqlite");
    let file = dir.path().join("lockbox.toml");
    std::fs::write(
        &file,
        format!(
            "[ledger]\ndatabase = {:?}\n[fees]\nmonthly_fee = \"45.00\"\n[calendar]\nholidays = [\"2026-11-26\"]\n[lockout]\npassword_failures = 3\n",
            db.display().to_string()
        ),
    )
    .expect("write");
    let out = lockbox(&["init"], &[("LOCKBOX_CONFIG", &file)]);
    assert!(out.status.success(), "{out:?}");
    assert!(db.exists(), "the ledger is where the file says");
    let settings = |key: &str| -> Option<String> {
        rusqlite::Connection::open(&db)
            .expect("open")
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .ok()
    };
    assert_eq!(settings("intervention_fee_cents").as_deref(), Some("4500"));
    assert_eq!(settings("password_failures").as_deref(), Some("3"));
    assert_eq!(audit_rows(&db, "config.apply"), 1);
    // Thanksgiving is a holiday now: no posting that day.
    let out = lockbox(
        &["--config", file.to_str().expect("utf-8"), "holiday", "list"],
        &[],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("2026-11-26"), "{said}");
    assert_eq!(
        audit_rows(&db, "config.apply"),
        1,
        "unchanged: not applied again"
    );
    // A demo never goes into the ledger the settings name.
    let before = std::fs::read(&db).expect("ledger");
    let out = lockbox(
        &["demo"],
        &[("LOCKBOX_CONFIG", &file), ("XDG_DATA_HOME", dir.path())],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read(&db).expect("ledger"),
        before,
        "the real ledger is untouched"
    );
    assert!(dir.path().join("lockbox").join("ledger.sqlite").exists());
    // A flag wins over the file.
    let other = dir.path().join("flag.sqlite");
    let out = lockbox(
        &["--db", other.to_str().expect("utf-8"), "init"],
        &[("LOCKBOX_CONFIG", &file)],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(other.exists());
}

#[test]
fn a_bad_settings_file_stops_every_command_before_it_writes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("never.sqlite");
    let file = dir.path().join("lockbox.toml");
    std::fs::write(
        &file,
        "[kiosk]\nidle_timeout_s = -5\n[fees]\nmonthly_fee = \"75.00\"\n",
    )
    .expect("write");
    let out = lockbox(
        &["--db", db.to_str().expect("utf-8"), "init"],
        &[("LOCKBOX_CONFIG", &file)],
    );
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("lockbox.toml:2:"), "{said}");
    assert!(said.contains("lockbox.toml:4:"), "{said}");
    assert!(!db.exists(), "nothing was written");
    // A file named on purpose must exist.
    let out = lockbox(
        &[
            "--config",
            "/no/such/lockbox.toml",
            "--db",
            db.to_str().expect("utf-8"),
            "init",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!db.exists());
}

#[test]
fn the_lockout_limits_come_from_the_ledgers_settings() {
    use lockbox::store::{PinKey, Policy};
    let mut l = crate::support::ledger();
    let key = PinKey::from_bytes([3; 32]);
    let now = crate::support::at(crate::support::monday(), 9);
    l.set_password(crate::support::CLERK, "clerk-pass", &key, now, "cli")
        .expect("password");
    let policy = Policy {
        password_failures: 2,
        ..Policy::default()
    };
    let changed = l.apply_policy(&policy, now, "config").expect("applied");
    assert!(
        changed.contains(&"password_failures=2".to_string()),
        "{changed:?}"
    );
    assert!(
        l.apply_policy(&policy, now, "config")
            .expect("applied")
            .is_empty(),
        "the same settings again change nothing"
    );
    for _ in 0..2 {
        assert!(!l
            .check_password(crate::support::CLERK, "wrong-pass", &key, now, true)
            .expect("checked"));
    }
    assert!(
        !l.check_password(crate::support::CLERK, "clerk-pass", &key, now, true)
            .expect("checked"),
        "locked after two, not five"
    );
    let later = now + chrono::TimeDelta::minutes(11);
    assert!(l
        .check_password(crate::support::CLERK, "clerk-pass", &key, later, true)
        .expect("checked"));
}

#[test]
fn the_kiosk_idle_timeout_is_the_configured_one() {
    use lockbox::ui::kiosk::{update, Model, Msg};
    use std::time::Duration;
    let t = std::time::Instant::now();
    let mut m = Model::new(t, false);
    m.idle_reset_after = Duration::from_secs(50);
    update(&mut m, Msg::Key(lockbox::ui::kiosk::Key::Char('1')), t);
    assert!(m.in_visit());
    update(&mut m, Msg::Tick, t + Duration::from_secs(24));
    assert_eq!(m.countdown, None);
    update(&mut m, Msg::Tick, t + Duration::from_secs(26));
    assert_eq!(m.countdown, Some(24), "the last 25 seconds count down");
    update(&mut m, Msg::Tick, t + Duration::from_secs(50));
    assert!(!m.in_visit(), "the visit ended at 50 s, not 60 s");
    assert_eq!(
        m.idle_reset_after,
        Duration::from_secs(50),
        "kept after the reset"
    );
}

#[test]
fn the_packaged_file_is_the_example_with_this_machines_files_set() {
    let text = include_str!("../packaging/lockbox.toml");
    // Not `parse`: the printer need not be plugged in where the tests run.
    let packaged = Config::parse_with_env(text, |_| None, false).expect("valid");
    let expected = Config {
        database: Some("/var/lib/lockbox/ledger.sqlite".into()),
        pin_key: Some("/var/lib/lockbox/pin.key".into()),
        printer_port: Some("/dev/lockbox-printer".into()),
        ..Config::default()
    };
    assert_eq!(packaged, expected);
}

#[test]
fn the_kiosk_offers_only_its_configured_languages_and_starts_in_the_first() {
    use lockbox::domain::Language;
    use lockbox::ui::kiosk::{update, view, Key, Model, Msg};
    let t = std::time::Instant::now();
    let mut m = Model::new(t, false);
    m.languages = vec![Language::Es];
    m.facility = "Algoa Correctional Center".into();
    m.reset(t);
    assert_eq!(
        m.language,
        Language::Es,
        "a visit starts in the first language"
    );
    let shown = crate::support::draw_text(80, 24, |f| {
        view(&m, f);
    });
    assert!(!shown.contains("English"), "no language switch:\n{shown}");
    assert!(shown.contains("Algoa Correctional Center"), "{shown}");
    update(&mut m, Msg::Key(Key::Char('3')), t);
    assert_eq!(m.language, Language::Es, "the third item is not there");
    // Both, Spanish first: a visit starts in Spanish and can switch.
    m.languages = vec![Language::Es, Language::En];
    m.reset(t);
    assert_eq!(m.language, Language::Es);
    update(&mut m, Msg::Key(Key::Char('3')), t);
    assert_eq!(m.language, Language::En);
}
