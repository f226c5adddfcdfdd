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
