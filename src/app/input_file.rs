//! Files (and standard input) that commands read: never more than a stated size, so that a
//! file with no end (`/dev/zero`, a sparse file of gigabytes, a line with no break) is
//! refused with a message instead of filling the memory and stopping the process. And the
//! files they write for someone: always new ones, never a file that is there already.

use std::io::Read;
use std::path::Path;

use super::command::CommandError;

/// Reads at most `max` bytes of `file` (`-` is standard input); a larger one is refused,
/// naming `what` it should have been.
pub(crate) fn read_bytes(file: &Path, max: u64, what: &str) -> Result<Vec<u8>, CommandError> {
    let mut bytes = Vec::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(max + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| CommandError::BadInput(format!("cannot read {}: {e}", shown(file))))?;
    if bytes.len() as u64 > max {
        return Err(CommandError::BadInput(format!(
            "{} is larger than {}: not {what}",
            shown(file),
            size(max)
        )));
    }
    Ok(bytes)
}

/// Like [`read_bytes`], as UTF-8 text without a leading byte-order mark (which editors on
/// other systems write).
pub(crate) fn read_text(file: &Path, max: u64, what: &str) -> Result<String, CommandError> {
    let bytes = read_bytes(file, max, what)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CommandError::BadInput(format!(
            "{} is not UTF-8 text (a bad byte at {}): nothing was read from it",
            shown(file),
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn shown(file: &Path) -> String {
    if file.as_os_str() == "-" {
        "standard input".into()
    } else {
        file.display().to_string()
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / 1024 / 1024)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A new file at `file` for a command's output (an export, a rendered page). A file already
/// there is never replaced: a mistyped name must not overwrite a ledger or a backup.
pub(crate) fn create_new(file: &Path) -> Result<std::fs::File, CommandError> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => CommandError::BadInput(format!(
                "{} already exists: give a new file name (nothing was written)",
                file.display()
            )),
            _ => CommandError::Failed(format!("cannot create {}: {e}", file.display())),
        })
}
