//! The domain core stays pure: no database, terminal, printer, file system or clock.

#[test]
fn the_domain_imports_no_io_and_no_clock() {
    let forbidden = [
        "rusqlite",
        "ratatui",
        "crossterm",
        "serialport",
        "escpos",
        "std::fs",
        "std::net",
        "std::process",
        "Local::now",
        "Utc::now",
        "SystemTime",
        "Instant",
        "f32",
        "f64",
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut files = vec![dir.with_extension("rs")];
    for entry in std::fs::read_dir(&dir).expect("src/domain") {
        files.push(entry.expect("entry").path());
    }
    assert!(files.len() > 5);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for word in forbidden {
            assert!(!text.contains(word), "{} mentions {word}", file.display());
        }
    }
}

/// The screens know the domain's words and their own view types, never the ledger's or the
/// printer's: a change to either cannot reach into what a person sees.
#[test]
fn the_ui_imports_neither_store_nor_print() {
    let mut files = Vec::new();
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui")];
    files.push(dirs[0].with_extension("rs"));
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ui") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 10, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for word in ["crate::store", "crate::print", "crate::app", "rusqlite"] {
            assert!(!text.contains(word), "{} mentions {word}", file.display());
        }
    }
}

/// The ledger prints nothing and draws nothing: it hands the app its rows.
#[test]
fn the_store_imports_neither_print_nor_ui() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let mut files = vec![dir.with_extension("rs")];
    for entry in std::fs::read_dir(&dir).expect("src/store") {
        files.push(entry.expect("entry").path());
    }
    assert!(files.len() > 10);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for word in ["crate::print", "crate::ui", "crate::app", "ratatui"] {
            assert!(!text.contains(word), "{} mentions {word}", file.display());
        }
    }
}
