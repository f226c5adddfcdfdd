//! Where a demo ledger is built: in a scratch file beside its path (`PATH.demo-building`),
//! put at the path only when whole. A build stopped halfway (Ctrl-C, a kill, a full disk, a
//! power cut) leaves no ledger at the path: `lockbox demo` can be run again, and `cargo run
//! --release` builds the demo again instead of opening half of one. The next build at the
//! same path removes what a stopped one left.
//!
//! Because the scratch file is nobody's ledger until it is in place, its commits do not
//! wait for the disk (`Ledger::write_unsynced`): at the 100,000-person scale that is a
//! fifth of the build's time. Before it is put in place the ledger is synced whole
//! (`Ledger::sync_to_disk`), and after it the audit anchor and the folder, so a demo at the
//! path is on the disk like any commit.
//!
//! Two builds into one folder at once would share the scratch file's name (and the
//! folder's `audit.key` and `pin.key`): each build holds an exclusive `flock` on the folder
//! itself while it works (nothing else in lockbox locks a folder). `lockbox demo` refuses
//! a second build at once; the kiosk's first run waits for the other and opens its demo.
//! Other commands do not take that lock: a ledger `init` makes at the path meanwhile is
//! never replaced, since the demo is linked to its path, which fails when the path exists.
//! (In a folder without hard links, some shared or FAT folders, it is renamed there after
//! a check that nothing is: only a command other than a demo build could come between.)

use std::ffi::OsString;
use std::fs::File;
use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::command::CommandError;
use super::demo::DemoSummary;
use crate::store::Ledger;

/// What a scratch file is called beside the demo's path.
/// (Named for the demo, so that no one's own file is taken for a stopped build's.)
const SCRATCH_SUFFIX: &str = ".demo-building";
/// The audit anchor beside a ledger file (`store::Ledger`): the scratch's is put in place
/// with it.
const ANCHOR_SUFFIX: &str = "-audit.anchor";
/// The files SQLite and lockbox keep beside a ledger file, by the suffix they add to its
/// name; a scratch file's are removed with it.
const BESIDE: &[&str] = &["-wal", "-shm", "-journal", ANCHOR_SUFFIX, "-posting.lock"];
/// Files beside a ledger named by a prefix and an ending: a print worker's lock
/// (`-print-NAME.lock`), and an anchor being written (`-audit.anchor.PID`).
const BESIDE_NAMED: &[(&str, &str)] = &[("-print-", ".lock"), ("-audit.anchor.", "")];

/// What to do when another demo is being built in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WhenBusy {
    /// Refuse at once (`lockbox demo`).
    Refuse,
    /// Wait for it (the kiosk's first run, whose demo the other build may be making).
    Wait,
}

/// Builds the demo at `path`, which must not exist yet, whole or not at all, with its PINs
/// made with the key at `pin_key`.
pub fn build_at(
    path: &Path,
    pin_key: &Path,
    (scale, seed): (u32, u64),
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<DemoSummary, CommandError> {
    let folder = folder_of(path)?;
    let _lock = lock_folder(&folder, WhenBusy::Refuse)?;
    build_locked(path, &folder, pin_key, (scale, seed), now, progress)
}

/// The demo at `path`: left as it is if there is one (built meanwhile by another process
/// too), else built as `build_at` does. For the kiosk's first run.
pub fn ensure_at(
    path: &Path,
    pin_key: &Path,
    (scale, seed): (u32, u64),
    now: NaiveDateTime,
) -> Result<(), CommandError> {
    let folder = folder_of(path)?;
    let _lock = lock_folder(&folder, WhenBusy::Wait)?;
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(());
    }
    tell!("building the demo ledger in {} ...", path.display());
    build_locked(
        path,
        &folder,
        pin_key,
        (scale, seed),
        now,
        &mut |_, _, _| {},
    )
    .map(|_| ())
}

fn build_locked(
    path: &Path,
    folder: &Path,
    pin_key: &Path,
    (scale, seed): (u32, u64),
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<DemoSummary, CommandError> {
    let scratch = with_suffix(path, SCRATCH_SUFFIX);
    // (A link to nothing is something at the path too: never replaced by the demo.)
    if std::fs::symlink_metadata(path).is_ok() {
        // A build stopped right after putting its ledger in place left the scratch name as
        // a second name of that ledger: only that name goes.
        if same_file(&scratch, path) {
            let _ = remove_scratch(&scratch, folder);
        }
        return Err(CommandError::BadInput(format!(
            "{} exists: a demo is built only into a new file",
            path.display()
        )));
    }
    if scratch.exists() {
        tell!(
            "an unfinished demo build was left at {}: it is removed",
            scratch.display()
        );
    }
    remove_scratch(&scratch, folder)?;
    // An anchor with no ledger beside it (a build stopped between putting its anchor and
    // its ledger in place) would name a trail the new ledger does not have.
    remove_file(&with_suffix(path, ANCHOR_SUFFIX))?;
    let built = build_in(&scratch, pin_key, (scale, seed), now, progress)
        .and_then(|summary| place(&scratch, path, folder).map(|()| summary));
    if built.is_err() {
        // What is left of a build that failed is of no use to anyone: a failure to remove
        // it is no reason to hide why the build failed (the next build removes it).
        let _ = remove_scratch(&scratch, folder);
    }
    built
}

fn build_in(
    scratch: &Path,
    pin_key: &Path,
    (scale, seed): (u32, u64),
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<DemoSummary, CommandError> {
    let mut ledger = Ledger::open(scratch).map_err(|e| {
        CommandError::Failed(format!(
            "cannot make the demo's scratch file {}: {e}",
            scratch.display()
        ))
    })?;
    ledger.write_unsynced()?;
    let summary = super::demo::build(&mut ledger, scale, seed, now, progress)?;
    let key = ledger
        .pin_key(pin_key)
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    super::demo_fees::set_pins(&mut ledger, &key, now)?;
    ledger.sync_to_disk()?;
    // Closed here: the last audit entries go into the anchor, and SQLite removes the log.
    drop(ledger);
    Ok(summary)
}

/// The scratch file becomes the ledger at `path`: synced, then linked to `path` with its
/// anchor (a link fails where a file is already, where a rename would replace it), then
/// the scratch names removed and the anchor and the folder synced.
fn place(scratch: &Path, path: &Path, folder: &Path) -> Result<(), CommandError> {
    File::open(scratch)
        .and_then(|f| f.sync_all())
        .map_err(|e| CommandError::Failed(format!("cannot sync {}: {e}", scratch.display())))?;
    let (anchor_from, anchor) = (
        with_suffix(scratch, ANCHOR_SUFFIX),
        with_suffix(path, ANCHOR_SUFFIX),
    );
    let anchor_put = if anchor_from.exists() {
        Some(put(&anchor_from, &anchor)?)
    } else {
        None
    };
    if let Err(e) = put(scratch, path) {
        // The anchor goes back: it is the scratch's, and nothing is at `path` for it.
        match anchor_put {
            Some(Put::Linked) if same_file(&anchor_from, &anchor) => {
                let _ = std::fs::remove_file(&anchor);
            }
            Some(Put::Moved) => {
                let _ = std::fs::rename(&anchor, &anchor_from);
            }
            _ => {}
        }
        return Err(e);
    }
    // The demo is at `path` from here on: a failure now says so.
    let after = |what: &str, e: String| {
        CommandError::Failed(format!(
            "the demo is at {}, but {what}: {e}",
            path.display()
        ))
    };
    remove_scratch(scratch, folder)
        .map_err(|e| after("its scratch names are not all removed", e.to_string()))?;
    if anchor_put.is_some() {
        File::open(&anchor)
            .and_then(|f| f.sync_all())
            .map_err(|e| after("its audit anchor is not synced", e.to_string()))?;
    }
    File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|e| after("its folder is not synced", e.to_string()))
}

/// How `put` put a file in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    Linked,
    Moved,
}

/// `from` also named `to`, only if nothing is at `to`: a hard link, or in a folder without
/// them a rename after a check that nothing is there.
fn put(from: &Path, to: &Path) -> Result<Put, CommandError> {
    let taken = || {
        CommandError::Failed(format!(
            "{} was made by something else while the demo was being built: the demo is not put there",
            to.display()
        ))
    };
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(Put::Linked),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(taken()),
        Err(no_link) => {
            if std::fs::symlink_metadata(to).is_ok() {
                return Err(taken());
            }
            std::fs::rename(from, to).map(|()| Put::Moved).map_err(|e| {
                CommandError::Failed(format!(
                    "cannot put the demo at {}: {e} (nor link it there: {no_link})",
                    to.display()
                ))
            })
        }
    }
}

/// Whether `a` and `b` are names of one file.
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Removes the scratch file and every file beside it that belongs to it.
fn remove_scratch(scratch: &Path, folder: &Path) -> Result<(), CommandError> {
    let name = scratch.file_name().unwrap_or_default().as_bytes();
    let mut doomed = vec![scratch.to_path_buf()];
    doomed.extend(BESIDE.iter().map(|suffix| with_suffix(scratch, suffix)));
    if let Ok(entries) = std::fs::read_dir(folder) {
        doomed.extend(entries.filter_map(Result::ok).filter_map(|entry| {
            let other = entry.file_name();
            let rest = other.as_bytes().strip_prefix(name)?;
            BESIDE_NAMED
                .iter()
                .any(|(prefix, ending)| {
                    rest.strip_prefix(prefix.as_bytes())
                        .is_some_and(|r| r.ends_with(ending.as_bytes()))
                })
                .then(|| entry.path())
        }));
    }
    doomed.iter().try_for_each(|file| remove_file(file))
}

/// Removes `file` if it is there.
fn remove_file(file: &Path) -> Result<(), CommandError> {
    match std::fs::remove_file(file) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(CommandError::Failed(format!(
            "cannot remove {}: {e}",
            file.display()
        ))),
        _ => Ok(()),
    }
}

/// The folder is held until the returned file is dropped (or the process ends, however).
fn lock_folder(folder: &Path, when_busy: WhenBusy) -> Result<File, CommandError> {
    let file = File::open(folder)
        .map_err(|e| CommandError::Failed(format!("cannot open {}: {e}", folder.display())))?;
    let shown = || {
        std::fs::canonicalize(folder)
            .unwrap_or_else(|_| folder.to_path_buf())
            .display()
            .to_string()
    };
    let lock = |how| rustix::fs::flock(&file, how);
    let mut result = lock(rustix::fs::FlockOperation::NonBlockingLockExclusive);
    if result == Err(rustix::io::Errno::WOULDBLOCK) && when_busy == WhenBusy::Wait {
        tell!(
            "another demo is being built in {}: waiting for it ...",
            shown()
        );
        result = lock(rustix::fs::FlockOperation::LockExclusive);
    }
    match result {
        Ok(()) => Ok(file),
        Err(rustix::io::Errno::WOULDBLOCK) => Err(CommandError::Failed(format!(
            "another demo is being built in {}: wait for it to finish, or build into another folder",
            shown()
        ))),
        Err(e) => Err(CommandError::Failed(format!(
            "cannot lock {}: {e}",
            folder.display()
        ))),
    }
}

/// The folder `path` is in, made if it is not there.
fn folder_of(path: &Path) -> Result<PathBuf, CommandError> {
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::create_dir_all(&folder)
        .map_err(|e| CommandError::Failed(format!("cannot create {}: {e}", folder.display())))?;
    Ok(folder)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}
