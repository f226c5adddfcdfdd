//! Who may run what (issue 13): the role matrix enforced before anything is written, a
//! password behind every `--user`, the `system` actor of the scheduled jobs, the first
//! supervisor, four eyes, and shared settings changed only by `config apply`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::password_file;

const NOW: &str = "2026-11-23T12:00:00";

/// Runs lockbox with exactly the password file given (none: no password at all).
fn run(db: &Path, args: &[&str], password: Option<&Path>, envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", NOW)
        .env_remove("LOCKBOX_USER")
        .env_remove("LOCKBOX_CONFIG")
        .env_remove("LOCKBOX_PASSWORD_FILE")
        .env_remove("LOCKBOX_PIN_KEY");
    if let Some(p) = password {
        cmd.arg("--password-file").arg(p);
    }
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("lockbox runs")
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("ledger.sqlite");
    let out = run(&db, &["demo", "--scale", "20"], None, &[]);
    assert!(out.status.success(), "{}", said(&out));
    (dir, db)
}

fn query(db: &Path, sql: &str) -> String {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| format!("{v:?}"))
        .expect("query")
}

/// Everything a refused command must leave as it was: every table but the audit trail (and
/// the outbox, which copies it and the transfers, counted here) and the users' lockout
/// counters, row by row.
fn fingerprint(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).expect("open");
    let tables: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT IN ('audit', 'sqlite_sequence', 'attempt_lock', 'setting', 'seal', 'seal_total',
                          'outbox')
         ORDER BY name",
        )
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names");
    tables
        .iter()
        .map(|t| {
            let sql = if t == "app_user" {
                "SELECT COUNT(*) || ':' || group_concat(name || role || disabled || IFNULL(password_hash, '')) FROM app_user".to_string()
            } else {
                format!("SELECT COUNT(*) FROM \"{t}\"")
            };
            let v: String = c
                .query_row(&sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
                .map(|v| format!("{t} {v:?}"))
                .expect("count");
            v
        })
        .chain(std::iter::once(
            c.query_row(
                // The attempt counters are the lockout's own bookkeeping.
                "SELECT group_concat(key || '=' || value) FROM setting
                 WHERE key NOT LIKE '%_attempts'",
                [],
                |r| r.get::<_, String>(0),
            )
            .expect("settings"),
        ))
        .collect()
}

fn refusals(db: &Path) -> i64 {
    query(
        db,
        "SELECT COUNT(*) FROM audit WHERE action = 'access.refused'",
    )
    .trim_start_matches("Integer(")
    .trim_end_matches(')')
    .parse()
    .expect("count")
}

/// Every command that writes, refused for no user, an unknown one, a disabled one and (for a
/// supervisor's command) a clerk with the right password: exit 2, nothing written, and the
/// refusal in the audit trail.
#[test]
fn every_writing_command_refuses_whoever_may_not_run_it_and_writes_nothing() {
    let (dir, db) = demo();
    // A clerk who was disabled, with a password of their own.
    for args in [
        &[
            "user",
            "add",
            "gone",
            "--role",
            "clerk",
            "--user",
            "supervisor",
        ][..],
        &["user", "disable", "gone", "--user", "supervisor"],
    ] {
        let out = run(&db, args, Some(&password_file("supervisor")), &[]);
        assert!(out.status.success(), "{args:?}: {}", said(&out));
    }
    let import = dir.path().join("waiver.jsonl");
    std::fs::write(
        &import,
        r#"{"doc":"54321","event":"waiver","date":"2026-12-01","to":"2027-02-28","amount":"30.00"}"#,
    )
    .expect("write");
    let copy = dir.path().join("copy.sqlite");
    let out = run(
        &db,
        &["--user", "system", "backup", copy.to_str().expect("utf-8")],
        None,
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
    let held = query(&db, "SELECT MIN(id) FROM money_order WHERE status = 'held'");
    let held = held
        .trim_start_matches("Integer(")
        .trim_end_matches(')')
        .to_string();
    let supervisor_only: Vec<Vec<&str>> = vec![
        vec![
            "obligation",
            "add",
            "12345",
            "--kind",
            "fine",
            "--amount",
            "10.00",
        ],
        vec!["cases", "import", import.to_str().expect("utf-8")],
        vec!["user", "add", "eve", "--role", "supervisor"],
        vec!["user", "disable", "clerk", "--enable"],
        vec!["user", "disable", "supervisor"],
        vec!["holiday", "add", "2026-12-28", "--name", "Extra"],
        vec!["holiday", "remove", "2026-12-25"],
        vec!["restore", copy.to_str().expect("utf-8")],
        vec![
            "hold",
            "release",
            &held,
            "--note",
            "fine",
            "--sender-name",
            "X",
            "--doc",
            "12345",
        ],
        vec!["hold", "return", &held, "--note", "fine"],
        vec!["config", "apply"],
    ];
    let staff: Vec<Vec<&str>> = vec![
        vec!["fees", "pay", "54321", "30.00"],
        vec!["fees", "assess", "--month", "2026-11"],
        vec!["inmate", "add", "4444", "--last", "Lane"],
        vec!["post", "--date", "2026-11-23"],
        vec!["pin", "set", "54321"],
        vec!["found", "cash", "--amount", "5.00"],
        vec![
            "intake",
            "--doc",
            "12345",
            "--name",
            "Rivera",
            "--sender-name",
            "C",
            "--sender-address",
            "12 Elm St, Jefferson City, MO 65101",
            "--issuer",
            "USPS",
            "--serial",
            "77777",
            "--amount",
            "10.00",
            "--date",
            "2026-11-20",
        ],
    ];
    let clerk_password = password_file("clerk");
    let gone_password = password_file("gone");
    let mut expected_refusals = refusals(&db);
    for (command, supervisors_only) in supervisor_only
        .iter()
        .map(|c| (c, true))
        .chain(staff.iter().map(|c| (c, false)))
    {
        let mut claims: Vec<(Vec<&str>, Option<&Path>, &str)> = vec![
            (vec![], None, "say who you are"),
            (
                vec!["--user", "nobody"],
                Some(&clerk_password),
                "not a user on file",
            ),
            (vec!["--user", "gone"], Some(&gone_password), "is disabled"),
        ];
        if supervisors_only {
            claims.push((vec!["--user", "clerk"], Some(&clerk_password), "is a clerk"));
        }
        for (who, password, because) in claims {
            let before = fingerprint(&db);
            let args: Vec<&str> = command.iter().copied().chain(who.clone()).collect();
            let out = run(&db, &args, password, &[]);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", said(&out));
            assert!(said(&out).contains(because), "{args:?}: {}", said(&out));
            assert!(
                said(&out).contains("Nothing was written"),
                "{args:?}: {}",
                said(&out)
            );
            assert_eq!(fingerprint(&db), before, "{args:?} wrote");
            expected_refusals += 1;
            assert_eq!(refusals(&db), expected_refusals, "{args:?} not audited");
        }
    }
    // The right user with the right password may: a supervisor's command by a supervisor.
    let out = run(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "Extra",
            "--user",
            "supervisor",
        ],
        Some(&password_file("supervisor")),
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
}

/// `--user` alone is not enough: a wrong password is refused, counts toward the user's
/// lockout, and once locked the right password is refused too.
#[test]
fn a_wrong_password_is_refused_and_counts_toward_the_lockout() {
    let (dir, db) = demo();
    let wrong = dir.path().join("wrong.txt");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&wrong, "not-the-password\n").expect("write");
        std::fs::set_permissions(&wrong, std::fs::Permissions::from_mode(0o600)).expect("mode");
    }
    let pay = ["fees", "pay", "54321", "30.00", "--user", "clerk"];
    let before = fingerprint(&db);
    for _ in 0..5 {
        let out = run(&db, &pay, Some(&wrong), &[]);
        assert_eq!(out.status.code(), Some(2), "{}", said(&out));
        assert!(said(&out).contains("wrong password"), "{}", said(&out));
    }
    let out = run(&db, &pay, Some(&password_file("clerk")), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("locked"), "{}", said(&out));
    // No password at all, off a terminal, is refused as well.
    let out = run(&db, &pay, None, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("--password-file"), "{}", said(&out));
    let fingerprint_without_users = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .filter(|l| !l.starts_with("app_user"))
            .collect()
    };
    assert_eq!(
        fingerprint_without_users(fingerprint(&db)),
        fingerprint_without_users(before)
    );
    // A password file others can read is refused before it is read.
    let open = dir.path().join("open.txt");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&open, "demo-supervisor\n").expect("write");
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).expect("mode");
    }
    let out = run(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "X",
            "--user",
            "supervisor",
        ],
        Some(&open),
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("chmod 600"), "{}", said(&out));
    // The variable names the file as well as the flag.
    let out = run(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "X",
            "--user",
            "supervisor",
        ],
        None,
        &[(
            "LOCKBOX_PASSWORD_FILE",
            password_file("supervisor").to_str().expect("utf-8"),
        )],
    );
    assert!(out.status.success(), "{}", said(&out));
}

/// The scheduled jobs run as `system`: only those jobs, and only from the account that owns
/// the ledger.
#[test]
fn the_system_actor_runs_only_the_scheduled_jobs_and_only_as_the_service_account() {
    let (dir, db) = demo();
    for job in [
        &["--user", "system", "fees", "assess", "--month", "2026-11"][..],
        &[
            "--user",
            "system",
            "backup",
            "--dir",
            dir.path().join("b").to_str().expect("utf-8"),
        ],
        &[
            "--user",
            "system",
            "statement",
            "--all",
            "--month",
            "last",
            "--out",
            dir.path().join("s").to_str().expect("utf-8"),
        ],
    ] {
        let out = run(&db, job, None, &[]);
        assert!(out.status.success(), "{job:?}: {}", said(&out));
    }
    for not_a_job in [
        &["--user", "system", "fees", "pay", "54321", "30.00"][..],
        &[
            "--user",
            "system",
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "X",
        ],
        &["--user", "system", "post", "--date", "2026-11-23"],
    ] {
        let out = run(&db, not_a_job, None, &[]);
        assert_eq!(out.status.code(), Some(2), "{not_a_job:?}: {}", said(&out));
        assert!(said(&out).contains("scheduled jobs"), "{}", said(&out));
    }
    // Another account than the ledger's owner (run as root here: the ledger is given away).
    if std::os::unix::fs::chown(&db, Some(65534), Some(65534)).is_ok() {
        let out = run(
            &db,
            &["--user", "system", "fees", "assess", "--month", "2026-11"],
            None,
            &[],
        );
        assert_eq!(out.status.code(), Some(2), "{}", said(&out));
        assert!(said(&out).contains("service account"), "{}", said(&out));
    }
}

/// A new ledger's first supervisor needs no sign-in, only until a supervisor can sign in.
#[test]
fn only_the_first_supervisor_is_made_without_signing_in() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("new.sqlite");
    assert!(run(&db, &["init"], None, &[]).status.success());
    let out = run(&db, &["user", "add", "maria", "--role", "clerk"], None, &[]);
    assert_eq!(out.status.code(), Some(2), "a clerk first: {}", said(&out));
    let out = run(
        &db,
        &["user", "add", "ana", "--role", "supervisor"],
        None,
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
    let mut passwd = Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .arg("--db")
        .arg(&db)
        .args(["user", "passwd", "ana"])
        .env("LOCKBOX_NOW", NOW)
        .env_remove("LOCKBOX_USER")
        .env_remove("LOCKBOX_PASSWORD_FILE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    {
        use std::io::Write;
        passwd
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"ana-password\n")
            .expect("write");
    }
    let out = passwd.wait_with_output().expect("ends");
    assert!(out.status.success(), "{}", said(&out));
    // Closed now: the next supervisor needs ana.
    let out = run(
        &db,
        &["user", "add", "eve", "--role", "supervisor"],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert_eq!(query(&db, "SELECT COUNT(*) FROM app_user"), "Integer(1)");
    let out = run(
        &db,
        &[
            "user",
            "add",
            "eve",
            "--role",
            "supervisor",
            "--user",
            "ana",
        ],
        Some(&password_file("ana")),
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
}

/// Four eyes at the command line: a supervisor does not release a hold on a money order
/// they took in themselves.
#[test]
fn a_supervisor_cannot_release_a_hold_on_a_money_order_they_took_in() {
    let (_dir, db) = demo();
    let out = run(
        &db,
        &[
            "--json",
            "intake",
            "--doc",
            "12345",
            "--name",
            "Smith",
            "--sender-name",
            "C",
            "--sender-address",
            "12 Elm St, Jefferson City, MO 65101",
            "--issuer",
            "USPS",
            "--serial",
            "4242424242",
            "--amount",
            "25.00",
            "--date",
            "2026-11-20",
            "--user",
            "supervisor",
        ],
        Some(&password_file("supervisor")),
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let id = v["money_order_id"].to_string();
    let release = [
        "hold",
        "release",
        &id,
        "--note",
        "spoke to the sender",
        "--doc",
        "12345",
        "--user",
    ];
    let out = run(
        &db,
        &[&release[..], &["supervisor"]].concat(),
        Some(&password_file("supervisor")),
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("another supervisor"), "{}", said(&out));
    let out = run(
        &db,
        &[
            "user",
            "add",
            "sam",
            "--role",
            "supervisor",
            "--user",
            "supervisor",
        ],
        Some(&password_file("supervisor")),
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
    let mut l = lockbox::store::Ledger::open_existing(&db).expect("open");
    let key = l
        .pin_key(&db.parent().expect("dir").join("pin.key"))
        .expect("key");
    let t = chrono::NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").expect("now");
    l.set_password("sam", "sam-password", &key, t, "supervisor")
        .expect("password");
    let out = run(
        &db,
        &[&release[..], &["sam"]].concat(),
        Some(&password_file("sam")),
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
}

/// Settings in a variable or a file change nothing by themselves: a read-only command never
/// writes; a supervisor's `config apply` does, audited.
#[test]
fn shared_settings_change_only_through_a_supervisors_config_apply() {
    let (_dir, db) = demo();
    let before = std::fs::read(&db).expect("ledger");
    let setting = |key: &str| {
        query(
            &db,
            &format!("SELECT IFNULL((SELECT value FROM setting WHERE key = '{key}'), 'unset')"),
        )
    };
    let pin_failures = setting("pin_failures");
    let out = run(
        &db,
        &["balance", "12345"],
        None,
        &[("LOCKBOX_LOCKOUT_PIN_FAILURES", "1440")],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("config apply"),
        "it says they differ: {}",
        said(&out)
    );
    let out = run(
        &db,
        &["accounts"],
        None,
        &[("LOCKBOX_FEES_OBLIGATION_PERCENT", "100")],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(setting("pin_failures"), pin_failures);
    assert_eq!(std::fs::read(&db).expect("ledger"), before, "a read wrote");
    // A clerk may not apply them; a supervisor may, and it is audited.
    let envs = [("LOCKBOX_LOCKOUT_PIN_FAILURES", "3")];
    let out = run(
        &db,
        &["config", "apply", "--user", "clerk"],
        Some(&password_file("clerk")),
        &envs,
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert_eq!(setting("pin_failures"), pin_failures);
    let out = run(
        &db,
        &["config", "apply", "--user", "supervisor"],
        Some(&password_file("supervisor")),
        &envs,
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(setting("pin_failures"), "Text(\"3\")");
    // What the kiosk and the PIN slip tell people follows.
    let l = lockbox::store::Ledger::open_existing(&db).expect("open");
    assert_eq!(l.limits().expect("limits").pin_failures, 3);
    assert_eq!(
        query(
            &db,
            "SELECT actor FROM audit WHERE action = 'config.apply' ORDER BY id DESC LIMIT 1"
        ),
        "Text(\"supervisor\")"
    );
}

/// Ways round the matrix that must stay shut: `init` and `demo` on a ledger that exists,
/// the first supervisor's window reopened by disabling the last supervisor, one supervisor
/// taking over another's password, a user named like lockbox's own actors.
#[test]
fn the_ways_round_the_matrix_stay_shut() {
    let (_dir, db) = demo();
    let sup = password_file("supervisor");
    let setting = |key: &str| {
        query(
            &db,
            &format!("SELECT IFNULL((SELECT value FROM setting WHERE key = '{key}'), 'unset')"),
        )
    };
    let before = setting("obligation_percent_bp");
    let out = run(
        &db,
        &["init"],
        None,
        &[("LOCKBOX_FEES_OBLIGATION_PERCENT", "100")],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(
        setting("obligation_percent_bp"),
        before,
        "init changed a shared setting"
    );
    let out = run(&db, &["demo"], None, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        said(&out).contains("only into a new file"),
        "{}",
        said(&out)
    );
    // The only supervisor cannot be disabled, so the first supervisor's window stays shut.
    let out = run(
        &db,
        &["user", "disable", "supervisor", "--user", "supervisor"],
        Some(&sup),
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("last supervisor"), "{}", said(&out));
    // A second supervisor; the first may not take over their password once set.
    let out = run(
        &db,
        &[
            "user",
            "add",
            "sam",
            "--role",
            "supervisor",
            "--user",
            "supervisor",
        ],
        Some(&sup),
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
    let passwd = |who: &str, whose: &str| -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lockbox"))
            .arg("--db")
            .arg(&db)
            .args(["user", "passwd", whose, "--user", who, "--password-file"])
            .arg(password_file(who))
            .env("LOCKBOX_NOW", NOW)
            .env_remove("LOCKBOX_USER")
            .env_remove("LOCKBOX_PASSWORD_FILE")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        {
            use std::io::Write;
            let mut input = child.stdin.take().expect("stdin");
            writeln!(input, "{}", crate::support::password_of(whose)).expect("write");
        }
        child.wait_with_output().expect("ends")
    };
    let out = passwd("supervisor", "sam");
    assert!(
        out.status.success(),
        "a new supervisor's first password: {}",
        said(&out)
    );
    let out = passwd("supervisor", "sam");
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        said(&out).contains("another supervisor's password"),
        "{}",
        said(&out)
    );
    let out = passwd("sam", "sam");
    assert!(out.status.success(), "their own: {}", said(&out));
    let out = passwd("sam", "clerk");
    assert!(out.status.success(), "a clerk's: {}", said(&out));
    // With two, one may be disabled; the first supervisor's window does not reopen.
    let out = run(
        &db,
        &["user", "disable", "supervisor", "--user", "sam"],
        Some(&password_file("sam")),
        &[],
    );
    assert!(out.status.success(), "{}", said(&out));
    let out = run(
        &db,
        &["user", "add", "eve", "--role", "supervisor"],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    for name in ["system", "setup", "kiosk:lobby-1"] {
        let out = run(
            &db,
            &["user", "add", name, "--role", "clerk", "--user", "sam"],
            Some(&password_file("sam")),
            &[],
        );
        assert_eq!(out.status.code(), Some(2), "{name}: {}", said(&out));
        assert!(said(&out).contains("reserved"), "{}", said(&out));
    }
}
