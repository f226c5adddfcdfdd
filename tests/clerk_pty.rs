//! The real console in a pseudo-terminal, keys only: a clerk signs in, takes in three money
//! orders (one goes on hold), runs the posting, and the reconciliation balances.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

#[test]
fn a_clerk_takes_in_posts_and_the_day_balances() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.sqlite");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", "5"])
        .env("LOCKBOX_NOW", "2026-11-23T10:00:00")
        .output()
        .expect("demo");
    assert!(out.status.success());
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db");
    cmd.arg(&db);
    cmd.arg("clerk");
    cmd.env("LOCKBOX_NOW", "2026-11-23T10:00:00");
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).expect("console starts");
    drop(pty.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(30).expect("rows"),
        std::num::NonZeroU16::new(120).expect("cols"),
        0,
    )));
    let feed = parser.clone();
    let mut reader = pty.master.try_clone_reader().expect("reader");
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().expect("parser").process(&buf[..n]);
        }
    });
    let screen = || parser.lock().expect("parser").screen().contents();
    let wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if screen().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("{needle:?} never appeared:\n{}", screen());
    };
    let mut keys = pty.master.take_writer().expect("writer");
    let mut press = |text: &str| {
        keys.write_all(text.as_bytes()).expect("keys");
        keys.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(150));
    };
    wait_for("Sign in");
    press("clerk\r");
    press("demo-clerk\r");
    wait_for("Lock-box intake");
    press("1");
    wait_for("scan or type the slip number");
    for (n, (serial, amount, doc, name)) in [
        ("E2E-1", "40.00", "12345", "Rivera"),
        ("E2E-2", "25.00", "12345", "Rivera"),
        ("E2E-3", "15.00", "12345", "Someone Else"),
    ]
    .into_iter()
    .enumerate()
    {
        press("\r");
        for field in [
            "USPS",
            serial,
            amount,
            "",
            doc,
            name,
            "Carmen Rivera",
            "12 Elm St",
        ] {
            press(&format!("{field}\r"));
        }
        wait_for("Take in this money order?");
        press("\r");
        wait_for(&format!("This session: {} money order(s)", n + 1));
    }
    assert!(
        screen().contains("3 money order(s), $80.00 in all, 1 on hold"),
        "{}",
        screen()
    );
    press("\u{1b}");
    wait_for("Daily posting");
    press("3");
    wait_for("ready");
    press("\r");
    wait_for("Post now?");
    press("\r");
    wait_for("Posted");
    press("\u{1b}");
    press("5");
    wait_for("BALANCED: received = posted + held + returned + waiting");
    press("\u{1b}");
    press("7");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the console did not close:\n{}",
            screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
}
