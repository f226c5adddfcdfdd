//! Where a demo ledger is built: in a scratch file beside its path (`PATH.building`),
//! renamed to the path only when whole. A build stopped halfway (Ctrl-C, a kill, a full
//! disk, a power cut) leaves no ledger at the path: `lockbox demo` can be run again, and
//! `cargo run --release` builds the demo again instead of opening half of one. The next
//! build in the folder removes what a stopped one left.
//!
//! Because the scratch file is nobody's ledger until it is renamed, its commits do not wait
//! for the disk (`Ledger::write_unsynced`): at the 100,000-person scale that is a fifth of
//! the build's time. Before the rename the ledger is synced whole (`Ledger::sync_to_disk`),
//! and after it the folder, so a demo at the path is on the disk like any commit.
//!
//! Two builds into one folder at once would share the scratch file's name: each build
//! holds an exclusive `flock` on the folder itself while it works (nothing else in lockbox
//! locks a folder), and a second one is refused at once.

use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::command::CommandError;
use super::demo::DemoSummary;
use crate::store::Ledger;

/// What a scratch file is called beside the demo's path.
const SCRATCH_SUFFIX: &str = ".building";
/// The files SQLite and lockbox keep beside a ledger file, by the suffix they add to its
/// name; a scratch file's are removed with it. (The audit anchor is renamed with the
/// ledger instead, when the build finishes.)
const BESIDE: &[&str] = &["-wal", "-shm", "-journal", "-audit.anchor", "-posting.lock"];
/// The print workers' lock files beside a ledger: `-print-NAME.lock`.
const PRINT_LOCK: (&str, &str) = ("-print-", ".lock");

/// Builds the demo at `path`, which must not exist yet, whole or not at all, with its PINs
/// made with the key at `pin_key`.
pub fn build_at(
    path: &Path,
    pin_key: &Path,
    (scale, seed): (u32, u64),
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<DemoSummary, CommandError> {
    let folder = folder_of(path);
    std::fs::create_dir_all(&folder)
        .map_err(|e| CommandError::Failed(format!("cannot create {}: {e}", folder.display())))?;
    let _lock = lock_folder(&folder)?;
    if path.exists() {
        return Err(CommandError::BadInput(format!(
            "{} exists: a demo is built only into a new file",
            path.display()
        )));
    }
    let scratch = with_suffix(path, SCRATCH_SUFFIX);
    if scratch.exists() {
        tracing::info!(
            "an unfinished demo build was left at {}; it is removed",
            scratch.display()
        );
    }
    remove_scratch(&scratch, &folder)?;
    let built = build_in(&scratch, pin_key, (scale, seed), now, progress)
        .and_then(|summary| place(&scratch, path, &folder).map(|()| summary));
    if built.is_err() {
        // What is left of a build that failed is of no use to anyone: a failure to remove
        // it is no reason to hide why the build failed (the next build removes it).
        let _ = remove_scratch(&scratch, &folder);
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
    let mut ledger = Ledger::open(scratch)
        .map_err(|e| CommandError::Failed(format!("cannot open {}: {e}", scratch.display())))?;
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

/// The scratch file becomes the ledger at `path`: synced, its anchor renamed with it, then
/// the folder synced so that the new names are on the disk too.
fn place(scratch: &Path, path: &Path, folder: &Path) -> Result<(), CommandError> {
    let failed = |what: &Path, e: std::io::Error| {
        CommandError::Failed(format!("cannot finish the demo at {}: {e}", what.display()))
    };
    File::open(scratch)
        .and_then(|f| f.sync_all())
        .map_err(|e| failed(scratch, e))?;
    let anchor = with_suffix(scratch, "-audit.anchor");
    match std::fs::rename(&anchor, with_suffix(path, "-audit.anchor")) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(failed(&anchor, e)),
        _ => {}
    }
    // The folder is locked and `path` was not there: no other demo can have made it since.
    std::fs::rename(scratch, path).map_err(|e| failed(path, e))?;
    remove_scratch(scratch, folder)?;
    File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|e| failed(folder, e))
}

/// Removes the scratch file and every file beside it that belongs to it.
fn remove_scratch(scratch: &Path, folder: &Path) -> Result<(), CommandError> {
    let name = scratch
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut doomed = vec![scratch.to_path_buf()];
    doomed.extend(BESIDE.iter().map(|suffix| with_suffix(scratch, suffix)));
    if let Ok(entries) = std::fs::read_dir(folder) {
        doomed.extend(entries.filter_map(Result::ok).filter_map(|entry| {
            let other = entry.file_name().to_string_lossy().into_owned();
            other
                .strip_prefix(&name)
                .and_then(|rest| rest.strip_prefix(PRINT_LOCK.0))
                .is_some_and(|rest| rest.ends_with(PRINT_LOCK.1))
                .then(|| entry.path())
        }));
    }
    for file in doomed {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != ErrorKind::NotFound => {
                return Err(CommandError::Failed(format!(
                    "cannot remove {} (left by an unfinished demo build): {e}",
                    file.display()
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

/// The folder is held until the returned file is dropped (or the process ends, however).
fn lock_folder(folder: &Path) -> Result<File, CommandError> {
    let file = File::open(folder)
        .map_err(|e| CommandError::Failed(format!("cannot open {}: {e}", folder.display())))?;
    match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(file),
        Err(rustix::io::Errno::WOULDBLOCK) => Err(CommandError::Failed(format!(
            "another demo is being built in {}: wait for it to finish, or build into another folder",
            folder.display()
        ))),
        Err(e) => Err(CommandError::Failed(format!(
            "cannot lock {}: {e}",
            folder.display()
        ))),
    }
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
