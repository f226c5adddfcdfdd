//! `lockbox doctor`: one line per check, every check run, exit 1 when any fails, and
//! nothing changed.

use std::path::Path;
use std::process::{Command, Output};

fn doctor(db: &Path, now: &str, envs: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .arg("doctor")
        .env("LOCKBOX_NOW", now)
        .env_remove("LOCKBOX_CONFIG")
        .env_remove("LOCKBOX_PIN_KEY")
        .env_remove("LOCKBOX_PRINTER");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out: Output = cmd.output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The line of one check.
fn line<'a>(report: &'a str, check: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.get(6..).is_some_and(|rest| rest.starts_with(check)))
        .unwrap_or_else(|| panic!("no {check} line in:\n{report}"))
}

const NOW: &str = "2026-11-23T12:00:00";

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("ledger.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", "20"])
        .env("LOCKBOX_NOW", NOW)
        .output()
        .expect("runs");
    assert!(out.status.success());
    // The PIN key is made on first use.
    let key = dir.path().join("pin.key");
    lockbox::store::PinKey::load_or_create(&key).expect("key");
    (dir, db)
}

/// A settings file whose kiosk writes its speech to files: a machine with no sound card
/// (as CI's) has a voice that way.
fn speech_to_files(dir: &Path) -> std::path::PathBuf {
    let config = dir.join("lockbox.toml");
    std::fs::write(
        &config,
        format!(
            "[kiosk]\nspeech_out = {:?}\n",
            dir.join("speech").display().to_string()
        ),
    )
    .expect("config");
    config
}

#[test]
fn a_healthy_kiosk_passes_every_check() {
    let (dir, db) = demo();
    let config = speech_to_files(dir.path());
    let (code, report) = doctor(
        &db,
        NOW,
        &[("LOCKBOX_CONFIG", config.to_str().expect("path"))],
    );
    assert_eq!(code, Some(0), "{report}");
    for check in [
        "config",
        "schema",
        "ledger",
        "audit chain",
        "clock",
        "printer",
        "speech",
        "disk",
        "pin key",
        "audit key",
    ] {
        assert!(line(&report, check).starts_with("ok"), "{report}");
    }
    assert!(line(&report, "speech").contains("es-419"), "{report}");
    assert!(line(&report, "pin key").contains("0600"), "{report}");
}

#[test]
fn each_problem_is_named_on_its_line_and_the_others_still_run() {
    let (dir, db) = demo();
    // A clock years off.
    let (code, report) = doctor(&db, "2019-03-01T09:00:00", &[]);
    assert_eq!(code, Some(1));
    assert!(line(&report, "clock").starts_with("FAIL"), "{report}");
    assert!(line(&report, "ledger").starts_with("ok"), "{report}");
    // A clock far ahead of everything the ledger has seen.
    let (_, report) = doctor(&db, "2029-01-01T09:00:00", &[]);
    assert!(
        line(&report, "clock").contains("more than a year"),
        "{report}"
    );
    // A PIN key others can read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = dir.path().join("pin.key");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let (code, report) = doctor(&db, NOW, &[]);
        assert_eq!(code, Some(1));
        assert!(line(&report, "pin key").contains("chmod 600"), "{report}");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    // An audit key that is not the ledger's.
    let audit_key = dir.path().join("audit.key");
    let kept = std::fs::read(&audit_key).expect("key");
    std::fs::write(&audit_key, [9u8; 32]).expect("write");
    let (code, report) = doctor(&db, NOW, &[]);
    assert_eq!(code, Some(1));
    assert!(line(&report, "audit key").starts_with("FAIL"), "{report}");
    assert!(
        line(&report, "audit key").contains("not this ledger's"),
        "{report}"
    );
    std::fs::write(&audit_key, kept).expect("put back");
    // A printer that is not there.
    let (_, report) = doctor(
        &db,
        NOW,
        &[("LOCKBOX_PRINTER_PORT", "/dev/no-such-printer")],
    );
    assert!(line(&report, "printer").starts_with("FAIL"), "{report}");
    // Bad settings are a finding, not the end of the examination.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[fees]\nmonthly_fee = \"99.00\"\n").expect("write");
    let (code, report) = doctor(
        &db,
        NOW,
        &[("LOCKBOX_CONFIG", bad.to_str().expect("utf-8"))],
    );
    assert_eq!(code, Some(1));
    assert!(line(&report, "config").contains(":2: "), "{report}");
    assert!(line(&report, "audit chain").starts_with("ok"), "{report}");
    // An edited audit row.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 2;",
        )
        .expect("tamper");
    }
    let (_, report) = doctor(&db, NOW, &[]);
    assert!(line(&report, "audit chain").starts_with("FAIL"), "{report}");
}

#[test]
fn the_doctor_creates_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("missing").join("ledger.sqlite");
    let (code, report) = doctor(&db, NOW, &[]);
    assert_eq!(code, Some(1));
    assert!(
        line(&report, "ledger").contains("does not exist"),
        "{report}"
    );
    assert!(!db.parent().expect("dir").exists(), "nothing was created");
}

/// Issue 19: without its speech engine the kiosk has no voice, and the doctor says so (a
/// warning: the kiosk runs without speech mode, as before there was one).
#[test]
fn a_kiosk_without_a_speech_engine_is_told_it_has_no_voice() {
    let (dir, db) = demo();
    let config = speech_to_files(dir.path());
    let empty = tempfile::tempdir().expect("dir");
    let (code, report) = doctor(
        &db,
        NOW,
        &[
            ("LOCKBOX_CONFIG", config.to_str().expect("path")),
            ("PATH", empty.path().to_str().expect("path")),
        ],
    );
    assert_eq!(code, Some(0), "{report}");
    let speech = line(&report, "speech");
    assert!(speech.starts_with("warn"), "{report}");
    assert!(speech.contains("espeak-ng"), "{report}");
    assert!(line(&report, "printer").starts_with("ok"), "{report}");
    // A sound device that cannot be opened (a wrong name, or no sound card) is said too.
    std::fs::write(
        dir.path().join("audio.toml"),
        "[kiosk]\naudio = \"plughw:97,0\"\n",
    )
    .expect("config");
    let (code, report) = doctor(
        &db,
        NOW,
        &[(
            "LOCKBOX_CONFIG",
            dir.path().join("audio.toml").to_str().expect("path"),
        )],
    );
    assert_eq!(code, Some(0), "{report}");
    let speech = line(&report, "speech");
    assert!(speech.starts_with("warn"), "{report}");
    assert!(speech.contains("plughw:97,0"), "{report}");
    assert!(speech.contains("without speech mode"), "{report}");
}
