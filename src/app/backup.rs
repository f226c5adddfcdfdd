//! Backups a technician can trust: each copy is verified (integrity check, the ledger's
//! invariants, the audit chain) before it counts, the newest ones are kept, and a restore
//! refuses a copy that does not verify.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::command::CommandError;
use crate::store::{CheckReport, Ledger};

/// How many copies `--dir` keeps unless told otherwise.
pub const KEEP_DEFAULT: usize = 30;
/// Copies in a backup directory are named `ledger-YYYYMMDD-HHMMSS.sqlite`.
const PREFIX: &str = "ledger-";
const SUFFIX: &str = ".sqlite";

/// What one nightly backup did.
#[derive(Debug)]
pub struct BackupOutcome {
    pub copy: PathBuf,
    pub bytes: u64,
    /// Older copies removed to keep the newest `keep`.
    pub removed: Vec<PathBuf>,
}

/// Why a copy does not verify, in one line.
pub fn describe(report: &CheckReport) -> String {
    let mut why = Vec::new();
    if report.integrity != "ok" {
        why.push(format!("integrity check: {}", report.integrity));
    }
    why.extend(report.violations.iter().cloned());
    if let Some(p) = &report.audit.problem {
        why.push(format!("audit chain broken: {p:?}"));
    }
    why.join("; ")
}

/// Opens a copy and checks it. It must be a lockbox ledger already (a schema this lockbox
/// knows, with its tables): an empty or foreign file is refused before anything would
/// create a schema in it. The copy is then opened as a ledger (which migrates an older one
/// in place), so callers hand in a file of their own, never the only copy.
///
/// The copy is checked with the live ledger's audit key at `key` (a backup holds no key).
///
/// A copy made before seals is sealed (with the live key) only when `seal_old` says so: a
/// restore told `--older`.
pub fn verify(copy: &Path, key: &Path, seal_old: bool) -> Result<CheckReport, CommandError> {
    is_ledger(copy, copy)?;
    let ledger = Ledger::open_copy(copy, key, seal_old).map_err(|e| {
        CommandError::BadInput(format!("{} is not a lockbox ledger: {e}", copy.display()))
    })?;
    Ok(ledger.check(super::clock::now().map(|n| n.date()).unwrap_or_default())?)
}

/// Refuses a file that is not a lockbox ledger (empty, foreign, or newer than this lockbox)
/// before anything could create a schema in it.
/// Whether `copy` holds a lockbox ledger; a refusal names `given`, the file the user gave
/// (`copy` may be a scratch copy of it, a name the user never typed).
fn is_ledger(copy: &Path, given: &Path) -> Result<(), CommandError> {
    let not_ours = |why: String| {
        CommandError::BadInput(format!(
            "{} is not a lockbox ledger: {why}",
            given.display()
        ))
    };
    {
        let raw = rusqlite::Connection::open_with_flags(
            copy,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| not_ours(e.to_string()))?;
        let version: i64 = raw
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| not_ours(e.to_string()))?;
        let tables: i64 = raw
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
                 AND name IN ('account', 'transfer', 'money_order', 'audit')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| not_ours(e.to_string()))?;
        let newest = crate::store::ledger::SCHEMA_VERSION;
        if version < 1 || tables < 4 {
            return Err(not_ours(
                "it holds no ledger (an empty or foreign file)".into(),
            ));
        }
        if version > newest {
            return Err(not_ours(format!(
                "its schema version {version} is newer than this lockbox's ({newest})"
            )));
        }
    }
    Ok(())
}

/// Writes a verified copy of `ledger` to `dest`, which must not exist.
pub fn backup_to_file(ledger: &Ledger, dest: &Path) -> Result<u64, CommandError> {
    if dest.exists() {
        return Err(CommandError::BadInput(format!(
            "{} already exists; give a new file name",
            dest.display()
        )));
    }
    if let (Some(dir), Some(own)) = (
        dest.parent().filter(|d| !d.as_os_str().is_empty()),
        dest.file_name().and_then(|n| n.to_str()),
    ) {
        // This copy's own leftovers, and in a backup folder those of any killed run.
        remove_stale_scratch(dir, ".partial-", &|stem| {
            stem == own || (stem.starts_with(PREFIX) && stem.ends_with(SUFFIX))
        });
    }
    // Written under a name no copy has (`…sqlite.partial-PID`), verified, and only then
    // given its name: a backup killed or failed half-way leaves no file that looks like a
    // copy, counts toward --keep, or makes the retry refuse.
    let partial = with_suffix(dest, &format!(".partial-{}", std::process::id()));
    let discard = |p: &Path| {
        for extra in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(p, extra));
        }
    };
    let mut progress = super::progress::Progress::new("backup", 0);
    progress.phase("copying the ledger");
    if let Err(e) = ledger.backup_to(&partial) {
        discard(&partial);
        return Err(e.into());
    }
    progress.phase("verifying the copy");
    let key = ledger
        .audit_key_path()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| crate::store::audit_key::default_audit_key(dest));
    let report = match verify(&partial, &key, false) {
        Ok(report) => report,
        Err(e) => {
            discard(&partial);
            return Err(e);
        }
    };
    progress.finish(if report.is_ok() {
        "the copy verifies"
    } else {
        "the copy does NOT verify"
    });
    if report.is_ok() {
        tracing::info!(copy = %dest.display(), "backup written and verified");
    } else {
        tracing::error!(copy = %dest.display(), why = %describe(&report), "backup does not verify");
    }
    if !report.is_ok() {
        discard(&partial);
        return Err(CommandError::Failed(format!(
            "the copy does not verify ({}); no copy was kept: run `lockbox check` on the ledger",
            describe(&report)
        )));
    }
    // A hard link then an unlink: never over a file that appeared meanwhile. A file system
    // without hard links (a FAT USB drive) gets a rename once the name is seen free.
    let placed = match std::fs::hard_link(&partial, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if !dest.exists() => std::fs::rename(&partial, dest),
        Err(e) => Err(e),
    };
    discard(&partial);
    placed.map_err(|e| {
        CommandError::Failed(format!("cannot name the copy {}: {e}", dest.display()))
    })?;
    Ok(std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0))
}

/// The nightly backup: a verified copy named by the time into `dir` (created, mode 0750),
/// then only the newest `keep` copies are kept.
pub fn backup_into_dir(
    ledger: &Ledger,
    dir: &Path,
    keep: usize,
    now: NaiveDateTime,
) -> Result<BackupOutcome, CommandError> {
    if keep == 0 {
        return Err(CommandError::BadInput(
            "--keep 0 would delete every copy; keep at least 1".into(),
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| CommandError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o750));
    }
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let mut copy = dir.join(format!("{PREFIX}{stamp}{SUFFIX}"));
    let mut n = 2;
    while copy.exists() {
        copy = dir.join(format!("{PREFIX}{stamp}-{n}{SUFFIX}"));
        n += 1;
    }
    let bytes = backup_to_file(ledger, &copy)?;
    let removed = rotate(dir, keep, &copy)?;
    Ok(BackupOutcome {
        copy,
        bytes,
        removed,
    })
}

/// The copies in `dir`, oldest first (their names sort by time).
pub fn copies(dir: &Path) -> Result<Vec<PathBuf>, CommandError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CommandError::Failed(format!("cannot read {}: {e}", dir.display())))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Removes all but the newest `keep` copies (with any -wal/-shm left beside them), by when
/// they were written; the copy just made always stays, even if a clock set back gave it an
/// older name.
fn rotate(dir: &Path, keep: usize, just_made: &Path) -> Result<Vec<PathBuf>, CommandError> {
    let mut others: Vec<(std::time::SystemTime, PathBuf)> = copies(dir)?
        .into_iter()
        .filter(|p| p != just_made)
        .map(|p| {
            let written = std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (written, p)
        })
        .collect();
    others.sort();
    let excess = others.len().saturating_sub(keep.saturating_sub(1));
    let mut removed = Vec::new();
    for (_, old) in others.into_iter().take(excess) {
        for extra in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(&old, extra));
        }
        std::fs::remove_file(&old)
            .map_err(|e| CommandError::Failed(format!("cannot remove {}: {e}", old.display())))?;
        removed.push(old);
    }
    Ok(removed)
}

/// Restores the ledger at `db` from `copy`, refusing a copy that does not verify. The copy
/// itself is never changed (it is checked through a scratch copy), and the ledger as it was
/// is saved beside it first, as it is, even broken: a broken ledger is what a restore is
/// for. Returns where that safety copy is.
///
/// A copy older than the ledger (its audit trail ends before the ledger's) is refused
/// unless `older`, saying what would be lost.
pub fn restore(
    db: &Path,
    copy: &Path,
    now: NaiveDateTime,
    actor: &str,
    older: bool,
) -> Result<PathBuf, CommandError> {
    if !copy.is_file() {
        return Err(CommandError::BadInput(format!(
            "{} is not a file",
            copy.display()
        )));
    }
    if let (Some(dir), Some(stem)) = (
        db.parent().filter(|d| !d.as_os_str().is_empty()),
        db.file_stem().and_then(|n| n.to_str()),
    ) {
        for marker in [".restore-check-", ".restore-auth-"] {
            remove_stale_scratch(dir, marker, &|s| s == stem);
        }
    }
    let scratch = db.with_extension(format!("restore-check-{}", std::process::id()));
    let result = restore_through(db, copy, &scratch, now, actor, older);
    for extra in ["", "-wal", "-shm"] {
        let mut side = scratch.clone().into_os_string();
        side.push(extra);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    result
}

/// Runs `f` on a scratch copy of `copy` made beside `db`, removed afterwards: a restore
/// over a live ledger too broken to open authenticates its supervisor against the copy,
/// without changing the backup itself.
pub fn with_scratch_copy<T>(
    copy: &Path,
    db: &Path,
    f: &mut dyn FnMut(&mut Ledger) -> Result<T, CommandError>,
) -> Result<T, CommandError> {
    let scratch = db.with_extension(format!("restore-auth-{}", std::process::id()));
    let result = (|| {
        std::fs::copy(copy, &scratch)
            .map_err(|e| CommandError::Failed(format!("cannot read {}: {e}", copy.display())))?;
        is_ledger(&scratch, copy)?;
        let mut ledger = Ledger::open_copy(
            &scratch,
            &crate::store::audit_key::default_audit_key(db),
            true,
        )
        .map_err(|e| {
            CommandError::BadInput(format!(
                "{} is not a lockbox ledger ({e}); nothing was restored",
                copy.display()
            ))
        })?;
        f(&mut ledger)
    })();
    for extra in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&scratch, extra));
    }
    result
}

/// Removes scratch files a killed backup or restore left in `dir`: exactly
/// `<stem><marker><pid>` (and its -wal, -shm, -journal), where `stem` passes `ours` and
/// the process `pid` is gone. Nothing else in the folder is touched.
fn remove_stale_scratch(dir: &Path, marker: &str, ours: &dyn Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((stem, tail)) = name.split_once(marker) else {
            continue;
        };
        let pid: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let rest = &tail[pid.len()..];
        if pid.is_empty() || !ours(stem) || !["", "-wal", "-shm", "-journal"].contains(&rest) {
            continue;
        }
        let alive = Path::new("/proc").join(&pid).exists();
        if !alive {
            tracing::info!(file = %entry.path().display(), "removing a killed run's scratch file");
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `base`, or `base` with `-2`, `-3`... before its extension: a name no file has yet.
fn unused_name(dir_and_stem: &Path, stamp: &str, ext: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stamp}{ext}")
        } else {
            format!("{stamp}-{n}{ext}")
        };
        let candidate = dir_and_stem.with_extension(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn restore_through(
    db: &Path,
    copy: &Path,
    scratch: &Path,
    now: NaiveDateTime,
    actor: &str,
    older: bool,
) -> Result<PathBuf, CommandError> {
    let _ = std::fs::remove_file(scratch);
    std::fs::copy(copy, scratch)
        .map_err(|e| CommandError::Failed(format!("cannot read {}: {e}", copy.display())))?;
    let refused = |why: String| CommandError::BadInput(format!("{why}; nothing was restored"));
    match verify(
        scratch,
        &crate::store::audit_key::default_audit_key(db),
        older,
    ) {
        Ok(report) if report.is_ok() => {}
        Ok(report) => {
            return Err(refused(format!(
                "{} does not verify ({})",
                copy.display(),
                describe(&report)
            )))
        }
        // Said of the file the user gave, not of the scratch copy checked in its place.
        Err(CommandError::BadInput(why)) | Err(CommandError::Failed(why)) => {
            return Err(refused(why.replace(
                &scratch.display().to_string(),
                &copy.display().to_string(),
            )))
        }
    }
    if !older {
        if let Some(lost) = what_would_be_lost(db, scratch) {
            return Err(refused(format!(
                "{} is older than the ledger: {lost} since it would be lost; give --older to restore it anyway",
                copy.display()
            )));
        }
    }
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    // Never over an earlier safety copy, even from a restore in the same second.
    let safety = unused_name(db, &format!("before-restore-{stamp}"), ".sqlite");
    let detail = format!(
        "from {}; the ledger before is in {}",
        copy.display(),
        safety.display()
    );
    match Ledger::open(db) {
        // The ledger opens: saved with SQLite's backup (no verification: it may be the
        // broken one), then replaced under SQLite's locks.
        Ok(mut ledger) => {
            ledger.backup_to(&safety)?;
            ledger.restore_from(scratch, now, actor, &detail)?;
        }
        // It does not even open: moved aside as it is, and the copy put in its place.
        Err(_) => {
            for extra in ["", "-wal", "-shm"] {
                let from = with_suffix(db, extra);
                if from.exists() {
                    std::fs::rename(&from, with_suffix(&safety, extra)).map_err(|e| {
                        CommandError::Failed(format!("cannot move {} aside: {e}", from.display()))
                    })?;
                }
            }
            std::fs::copy(scratch, db)
                .map_err(|e| CommandError::Failed(format!("cannot write {}: {e}", db.display())))?;
            let mut ledger = super::command::open(db)?;
            ledger.reset_anchor();
            ledger.record_restore(now, actor, &detail)?;
        }
    }
    Ok(safety)
}

/// What restoring `copy` over the ledger at `db` would take away, when the copy is older:
/// the ledger holds work recorded after the copy's last audit entry (sign-ins, refusals
/// and restores aside) — money orders, postings, fee payments and other changes. `None`
/// when the copy is not older, or the ledger cannot be read (a broken ledger is what a
/// restore is for).
fn what_would_be_lost(db: &Path, copy: &Path) -> Option<String> {
    let open = |p: &Path| {
        rusqlite::Connection::open_with_flags(
            p,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()
    };
    let counts = "SELECT (SELECT COUNT(*) FROM money_order), (SELECT COUNT(*) FROM posting_batch),
                         (SELECT COUNT(*) FROM case_event WHERE event = 'payment')";
    let read = |c: &rusqlite::Connection| -> Option<[i64; 3]> {
        c.query_row(counts, [], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))
            .ok()
    };
    let old_db = open(copy)?;
    let copy_head: i64 = old_db
        .query_row("SELECT COALESCE(MAX(id), 0) FROM audit", [], |r| r.get(0))
        .ok()?;
    let old = read(&old_db)?;
    let live_db = open(db)?;
    let live = read(&live_db)?;
    let work: i64 = live_db
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE id > ?1
             AND action NOT IN ('user.sign_in', 'access.refused', 'ledger.restore', 'pin.check',
                                'kiosk.technician_exit')",
            [copy_head],
            |r| r.get(0),
        )
        .ok()?;
    if work == 0 {
        return None;
    }
    let since = |i: usize| (live[i] - old[i]).max(0);
    Some(format!(
        "{work} recorded change(s), among them {} money order(s), {} posting(s) and {} fee payment(s),",
        since(0),
        since(1),
        since(2)
    ))
}
