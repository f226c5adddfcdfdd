//! Files (and standard input) that commands read: never more than a stated size, so that a
//! file with no end (`/dev/zero`, a sparse file of gigabytes, a line with no break) is
//! refused with a message instead of filling the memory and stopping the process. And the
//! files they write for someone: never a file that is there already.

use std::io::{Read, Write};
use std::path::Path;

use super::command::CommandError;

/// Where a command reads from: a file, or (for commands that say so) `-` for standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    /// `-` is standard input.
    Stdin,
    /// `-` is a file named `-`, like any other name.
    File,
}

/// Reads at most `max` bytes of `file`; a larger one is refused, naming `what` it should
/// have been.
pub(crate) fn read_bytes(
    file: &Path,
    dash: Dash,
    max: u64,
    what: &str,
) -> Result<Vec<u8>, CommandError> {
    let mut bytes = Vec::new();
    let stdin = dash == Dash::Stdin && file.as_os_str() == "-";
    let read = if stdin {
        std::io::stdin()
            .lock()
            .take(max + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
    };
    let shown = if stdin {
        "standard input".to_string()
    } else {
        file.display().to_string()
    };
    read.map_err(|e| CommandError::BadInput(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(CommandError::BadInput(format!(
            "{shown} is larger than {}: not {what}",
            size(max)
        )));
    }
    Ok(bytes)
}

/// Like [`read_bytes`], as UTF-8 text without a leading byte-order mark (which editors on
/// other systems write).
pub(crate) fn read_text(
    file: &Path,
    dash: Dash,
    max: u64,
    what: &str,
) -> Result<String, CommandError> {
    let bytes = read_bytes(file, dash, max, what)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CommandError::BadInput(format!(
            "{} is not UTF-8 text (a bad byte at {}): nothing was read from it",
            file.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / 1024 / 1024)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A file a command writes its output to (an export, a rendered page): made new, or, when
/// what is there is no regular file or folder (`/dev/null`, a pipe such as `>(gzip > f)`),
/// written into. A regular file already there is never replaced: a mistyped name must not
/// overwrite a ledger or a backup.
pub(crate) struct OutputFile {
    pub file: std::fs::File,
    /// Made by this command: removed again if the output fails half-way.
    made: bool,
}

impl OutputFile {
    pub(crate) fn open(path: &Path) -> Result<OutputFile, CommandError> {
        let exists = || {
            CommandError::BadInput(format!(
                "{} already exists: give a new file name (nothing was written)",
                path.display()
            ))
        };
        let failed = |e: std::io::Error| {
            CommandError::Failed(format!("cannot create {}: {e}", path.display()))
        };
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() || m.is_dir() => Err(exists()),
            Ok(_) => Ok(OutputFile {
                file: std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(failed)?,
                made: false,
            }),
            Err(_) => match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(file) => Ok(OutputFile { file, made: true }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
                Err(e) => Err(failed(e)),
            },
        }
    }

    /// After a failed output: the file this command made goes (half an export is none).
    pub(crate) fn discard(self, path: &Path) {
        if self.made {
            drop(self.file);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes `bytes` to a new output file at `path` (see [`OutputFile`]), whole or not at all.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let mut out = OutputFile::open(path)?;
    match out.file.write_all(bytes).and_then(|()| out.file.flush()) {
        Ok(()) => Ok(()),
        Err(e) => {
            out.discard(path);
            Err(CommandError::Failed(format!(
                "cannot write {}: {e}",
                path.display()
            )))
        }
    }
}
