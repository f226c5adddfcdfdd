//! `lockbox.toml`: the shipped example is valid and says every default; bad files are
//! refused with every problem named at its line.

use lockbox::app::config::{Config, ConfigProblem};

#[test]
fn the_example_file_is_valid_and_holds_the_defaults() {
    let text = include_str!("../assets/lockbox.toml");
    assert_eq!(Config::parse(text), Ok(Config::default()));
}

#[track_caller]
fn case(text: &str, expected: &[(usize, &str)]) {
    let problems = Config::parse(text).expect_err("refused");
    let got: Vec<(usize, String)> = problems
        .iter()
        .map(|ConfigProblem { line, message }| (*line, message.clone()))
        .collect();
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((line, message), (want_line, want)) in got.iter().zip(expected) {
        assert_eq!(line, want_line, "{message}");
        assert!(message.contains(want), "{message:?} should say {want:?}");
    }
}

#[test]
fn bad_files_name_every_problem_with_its_line() {
    case(
        "[printer]\nbaud = \"fast\"\n",
        &[(2, "printer.baud must be a whole number")],
    );
    case(
        "[printer]\nbaud = 9600\ncolour = \"red\"\n",
        &[(3, "unknown key printer.colour")],
    );
    case(
        "[printr]\nbaud = 9600\n",
        &[(1, "unknown section [printr]")],
    );
    case(
        "[fees]\nmonthly_fee = \"60.01\"\n",
        &[(2, "at most $60.00")],
    );
    case(
        "[fees]\nmonthly_fee = \"-5\"\n",
        &[(2, "cannot be negative")],
    );
    case(
        "[kiosk]\nidle_timeout_s = -10\n",
        &[(2, "must be between 20 and 3600")],
    );
    case(
        "[printer]\npaper_columns = 40\n",
        &[(2, "42 (58 mm) or 48 (80 mm)")],
    );
    case(
        "[printer]\nport = \"/dev/no-such-printer\"\n",
        &[(2, "does not exist")],
    );
    case(
        "[printer]\nflow_control = \"maybe\"\n",
        &[(2, "not none, hardware or software")],
    );
    case(
        "[kiosk]\nlanguages = [\"en\", \"fr\"]\n",
        &[(2, "not \"en\" or \"es\"")],
    );
    case(
        "[calendar]\nholidays = [\"2026-13-01\"]\n",
        &[(2, "not a date")],
    );
    case("[printer\nbaud = 9600\n", &[(1, "not valid TOML")]);
    // Several at once, in line order.
    case(
        "[printer]\nbaud = 10\npaper_columns = 50\n\n[fees]\nmonthly_fee = \"99.00\"\nextra = 1\n",
        &[
            (2, "printer.baud is 10"),
            (3, "paper_columns is 50"),
            (6, "at most $60.00"),
            (7, "unknown key fees.extra"),
        ],
    );
}

#[test]
fn config_check_on_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[printer]\nbaud = \"fast\"\nwat = 1\n").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .args(["config", "check"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("line 2: printer.baud must be a whole number"),
        "{said}"
    );
    assert!(said.contains("line 3: unknown key printer.wat"), "{said}");
    let good = dir.path().join("good.toml");
    std::fs::write(&good, include_str!("../assets/lockbox.toml")).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .args(["config", "check"])
        .arg(&good)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
