//! `lockbox doctor`: everything a technician checks on a kiosk, in one go, one line each.
//! It never changes the ledger (it does not even create one).

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::config::Config;
use super::printer_commands::PrinterSetup;
use crate::store::Ledger;

/// Free space below this on the ledger's disk fails: a posting or a backup could run out.
pub const DISK_FREE_MIN_BYTES: u64 = 200 * 1024 * 1024;
/// A clock before this cannot be right (the product did not exist).
const CLOCK_YEAR_MIN: i32 = 2025;

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub ok: bool,
    pub says: String,
    /// Passes, but with something a technician should know (the kiosk runs without speech
    /// mode): printed `warn`, never a failure.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
}

fn finding(check: &'static str, ok: bool, says: impl Into<String>) -> Finding {
    Finding {
        check,
        ok,
        says: says.into(),
        warning: false,
    }
}

/// What the doctor looks at.
pub struct Patient<'a> {
    /// The settings as read, or every problem found in them.
    pub config: Result<(Config, Option<PathBuf>), String>,
    pub db: &'a Path,
    pub pin_key: &'a Path,
    pub printer: Option<PrinterSetup>,
    /// Where the kiosk's speech mode speaks (`kiosk.audio`, `kiosk.speech_out`).
    pub speech: super::speaker::SpeechOutput,
    pub now: NaiveDateTime,
}

/// Runs every check; none stops the others.
pub fn examine(p: Patient<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    out.push(match &p.config {
        Ok((_, Some(file))) => finding("config", true, format!("{} is valid", file.display())),
        Ok((_, None)) => finding(
            "config",
            true,
            format!(
                "no file at {}: the built-in defaults",
                super::config::DEFAULT_CONFIG_PATH
            ),
        ),
        Err(problems) => finding("config", false, problems.clone()),
    });
    out.extend(ledger_checks(p.db, p.now));
    out.push(printer_check(p.printer, p.db));
    out.push(speech_check(&p.speech));
    out.push(disk_check(p.db));
    out.push(pin_key_check(p.pin_key));
    if let Some(f) = pin_key_matches(p.pin_key, p.db) {
        out.push(f);
    }
    out
}

/// Whether the PIN key is the one the ledger's PINs and passwords were made with (its check
/// value), and not missing while the ledger holds hashes. Reads only; `None` when there is
/// no ledger to ask.
fn pin_key_matches(key_path: &Path, db: &Path) -> Option<Finding> {
    let ledger = Ledger::open_existing(db).ok()?;
    let hashes: i64 = ledger
        .connection()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM offender_pin)
                  + (SELECT COUNT(*) FROM app_user WHERE password_hash IS NOT NULL)",
            [],
            |r| r.get(0),
        )
        .ok()?;
    let bytes = match std::fs::read(key_path) {
        Ok(bytes) => bytes,
        Err(_) if hashes > 0 => {
            return Some(finding(
                "key match",
                false,
                format!(
                    "{} is missing, but {hashes} PIN or password hash(es) were made with it: restore it from its copy",
                    key_path.display()
                ),
            ))
        }
        Err(_) => return None,
    };
    let Ok(bytes) = <[u8; 32]>::try_from(bytes.as_slice()) else {
        return Some(finding(
            "key match",
            false,
            format!("{} is not a lockbox key", key_path.display()),
        ));
    };
    Some(
        match ledger.pin_key_matches(&crate::store::PinKey::from_bytes(bytes)) {
            Ok(Some(true)) => finding("key match", true, "the PIN key is the ledger's"),
            Ok(Some(false)) => finding(
                "key match",
                false,
                format!(
                    "{} is not the key this ledger's PINs and passwords were made with: restore the right key",
                    key_path.display()
                ),
            ),
            Ok(None) => finding("key match", true, "no key recorded yet (recorded on first use)"),
            Err(e) => finding("key match", false, e.to_string()),
        },
    )
}

fn ledger_checks(db: &Path, now: NaiveDateTime) -> Vec<Finding> {
    if !db.exists() {
        return vec![finding(
            "ledger",
            false,
            format!("{} does not exist (lockbox init creates it)", db.display()),
        )];
    }
    // Read-only: a doctor must not migrate or create anything.
    let found = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)));
    let version = match found {
        Ok(v) => v,
        Err(e) => {
            return vec![finding(
                "ledger",
                false,
                format!("{} cannot be read: {e}", db.display()),
            )]
        }
    };
    let want = crate::store::ledger::SCHEMA_VERSION;
    let mut out = vec![if version == want {
        finding("schema", true, format!("version {version}"))
    } else if version < want {
        finding(
            "schema",
            false,
            format!("version {version}; this lockbox migrates it to {want} when it next opens it"),
        )
    } else {
        finding(
            "schema",
            false,
            format!(
                "version {version} is newer than this lockbox ({want}): install the newer lockbox"
            ),
        )
    }];
    if version != want {
        return out;
    }
    let ledger = match Ledger::open(db) {
        Ok(l) => l,
        Err(e) => {
            out.push(finding("ledger", false, format!("cannot open: {e}")));
            return out;
        }
    };
    match ledger.check(now.date()) {
        Ok(report) => {
            out.push(
                if report.integrity == "ok" && report.violations.is_empty() {
                    finding("ledger", true, "integrity check ok; every invariant holds")
                } else {
                    finding("ledger", false, super::backup::describe(&report))
                },
            );
            out.push(match &report.audit.problem {
                None => finding(
                    "audit chain",
                    true,
                    format!(
                        "intact, {} rows, head {}",
                        report.audit.rows,
                        report.audit.head_hash.chars().take(16).collect::<String>()
                    ),
                ),
                Some(problem) => finding("audit chain", false, format!("BROKEN: {problem:?}")),
            });
        }
        Err(e) => out.push(finding("ledger", false, format!("cannot check: {e}"))),
    }
    out.push(
        match (ledger.audit_key_problem(), ledger.audit_key_path()) {
            (Some(problem), _) => finding("audit key", false, problem),
            (None, Some(path)) => match crate::store::key_file_too_open(path) {
                Ok(true) => finding(
                    "audit key",
                    false,
                    format!("{} can be read by others: chmod 600 it", path.display()),
                ),
                _ => finding(
                    "audit key",
                    true,
                    format!("{}, the ledger's (keep a copy offline)", path.display()),
                ),
            },
            (None, None) => finding("audit key", true, "in memory"),
        },
    );
    out.push(clock_check(&ledger, now));
    out.push(sync_check(&ledger, now));
    out
}

/// A site that pushes to a central server: how much waits, and how long since the last
/// push. (A site keeps working without it; the statewide books fall behind.)
fn sync_check(ledger: &Ledger, now: NaiveDateTime) -> Finding {
    let site = match ledger.setting("site_id") {
        Ok(Some(site)) => site,
        Ok(None) => {
            return finding(
                "central sync",
                true,
                "never synchronised (a site on its own, or `lockbox sync` not set up yet)",
            )
        }
        Err(e) => return finding("central sync", false, e.to_string()),
    };
    let (waiting, last) = match ledger.outbox_state() {
        Ok(state) => state,
        Err(e) => return finding("central sync", false, e.to_string()),
    };
    let last =
        last.and_then(|t| NaiveDateTime::parse_from_str(&t, crate::store::TIMESTAMP_FORMAT).ok());
    let since = |t: NaiveDateTime| {
        let minutes = (now - t).num_minutes().max(0);
        match minutes {
            m if m < 120 => format!("{m} min ago"),
            m if m < 48 * 60 => format!("{} h ago", m / 60),
            m => format!("{} days ago", m / 60 / 24),
        }
    };
    match last {
        Some(t) if waiting > 0 && now - t > chrono::TimeDelta::minutes(crate::domain::SYNC_STALE_MINUTES) => {
            finding(
                "central sync",
                false,
                format!(
                    "site {site}: {waiting} entries waiting, last pushed {t} ({}): is `lockbox sync` running, and the central server reachable?",
                    since(t)
                ),
            )
        }
        Some(t) => finding(
            "central sync",
            true,
            format!(
                "site {site}: {waiting} entries waiting, last pushed {t} ({})",
                since(t)
            ),
        ),
        None => finding(
            "central sync",
            waiting == 0,
            format!("site {site}: {waiting} entries waiting, nothing pushed yet"),
        ),
    }
}

/// A kiosk whose clock is off stamps slips, postings and lockouts with the wrong day.
fn clock_check(ledger: &Ledger, now: NaiveDateTime) -> Finding {
    use chrono::Datelike;
    let newest: Option<String> = ledger
        .connection()
        .query_row("SELECT MAX(at) FROM audit", [], |r| r.get(0))
        .unwrap_or(None);
    let newest =
        newest.and_then(|t| NaiveDateTime::parse_from_str(&t, crate::store::TIMESTAMP_FORMAT).ok());
    if now.year() < CLOCK_YEAR_MIN {
        return finding(
            "clock",
            false,
            format!("{now} cannot be right: set the date and time (timedatectl)"),
        );
    }
    match newest {
        Some(last) if now + chrono::TimeDelta::hours(1) < last => finding(
            "clock",
            false,
            format!("{now} is before the ledger's newest entry ({last}): the clock is behind"),
        ),
        Some(last) if now > last + chrono::TimeDelta::days(366) => finding(
            "clock",
            false,
            format!(
                "{now} is more than a year after the ledger's newest entry ({last}): check the clock"
            ),
        ),
        _ => finding("clock", true, now.format("%Y-%m-%d %H:%M").to_string()),
    }
}

fn printer_check(printer: Option<PrinterSetup>, db: &Path) -> Finding {
    let Some(setup) = printer else {
        return finding("printer", false, "the printer settings are not valid");
    };
    // A running kiosk holds its serial port; what it last saw is in the ledger.
    let last_seen = || -> Option<String> {
        let c =
            rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .ok()?;
        c.query_row(
            "SELECT (SELECT value FROM setting WHERE key = 'printer_state') || ' at ' ||
                    (SELECT value FROM setting WHERE key = 'printer_state_at')",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .ok()
        .flatten()
    };
    match setup.open() {
        Ok(mut transport) => {
            let state = transport.status();
            finding(
                "printer",
                state.can_print(),
                format!("{}: {}", transport.describe(), state.code()),
            )
        }
        Err(e)
            if ["busy", "lock"]
                .iter()
                .any(|w| e.to_string().to_lowercase().contains(w)) =>
        {
            let seen = last_seen();
            let ok = seen
                .as_deref()
                .is_some_and(|s| s.starts_with("ready") || s.starts_with("paper_low"));
            finding(
                "printer",
                ok,
                format!(
                    "{} is in use by a running lockbox, which last saw it {}",
                    setup.port,
                    seen.unwrap_or_else(|| "never".into())
                ),
            )
        }
        Err(e) => finding("printer", false, format!("{}: {e}", setup.port)),
    }
}

/// The kiosk's voice (issue 19): the engine with both languages' voices, and the sound
/// card it plays on (or the directory it writes to). Without one the kiosk still runs, with
/// no speech mode: a lobby bound to offer it needs to know.
fn speech_check(output: &super::speaker::SpeechOutput) -> Finding {
    use super::speaker::{check, engine, SpeechOutput, Voice};
    let voices = format!(
        "voices {} and {}",
        super::speaker::voice_name(crate::domain::Language::En),
        super::speaker::voice_name(crate::domain::Language::Es)
    );
    match (check(output), output) {
        (Voice::Ready, SpeechOutput::Files(dir)) => finding(
            "speech",
            true,
            format!(
                "{} ({voices}): speech is written to {}",
                engine().unwrap_or_default(),
                dir.display()
            ),
        ),
        (Voice::Ready, SpeechOutput::Device(d)) => finding(
            "speech",
            true,
            format!(
                "{} ({voices}): speech plays on {d}",
                engine().unwrap_or_default()
            ),
        ),
        // The kiosk runs without speech mode (as it did before there was one): said, and
        // not a failure, since everything else at the kiosk works.
        (Voice::Unavailable(why), SpeechOutput::Files(_)) => Finding {
            warning: true,
            ..finding("speech", true, why)
        },
        (Voice::Unavailable(why), SpeechOutput::Device(_)) => Finding {
            warning: true,
            ..finding(
                "speech",
                true,
                format!("{why}: the kiosk runs without speech mode"),
            )
        },
    }
}

fn disk_check(db: &Path) -> Finding {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = if dir.exists() { dir } else { Path::new("/") };
    match rustix::fs::statvfs(dir) {
        Ok(s) => {
            let free = s.f_bavail.saturating_mul(s.f_frsize);
            let mb = free / (1024 * 1024);
            finding(
                "disk",
                free >= DISK_FREE_MIN_BYTES,
                format!(
                    "{mb} MB free on {} (at least {} MB needed)",
                    dir.display(),
                    DISK_FREE_MIN_BYTES / (1024 * 1024)
                ),
            )
        }
        Err(e) => finding("disk", false, format!("cannot ask {}: {e}", dir.display())),
    }
}

fn pin_key_check(path: &Path) -> Finding {
    let Ok(meta) = std::fs::metadata(path) else {
        return finding(
            "pin key",
            true,
            format!(
                "{} not created yet (made with mode 0600 on first start)",
                path.display()
            ),
        );
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return finding(
                "pin key",
                false,
                format!(
                    "{} has mode {mode:04o}: others can read it; chmod 600 {}",
                    path.display(),
                    path.display()
                ),
            );
        }
        finding(
            "pin key",
            true,
            format!("{} mode {mode:04o}", path.display()),
        )
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        finding("pin key", true, path.display().to_string())
    }
}
