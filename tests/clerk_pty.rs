//! The real console in a pseudo-terminal, keys only: a clerk signs in, takes in three money
//! orders (one goes on hold), runs the posting, and the reconciliation balances.

use crate::pty::Pty;

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
    let mut console = Pty::spawn(&db, &["clerk"], 120, 30);
    console.wait_for("Sign in");
    console.press("clerk\r");
    console.press("demo-clerk\r");
    console.wait_for("Lock-box intake");
    console.press("1");
    console.wait_for("scan or type the slip number");
    for (n, (serial, amount, doc, name)) in [
        ("E2E-1", "40.00", "12345", "Rivera"),
        ("E2E-2", "25.00", "12345", "Rivera"),
        ("E2E-3", "15.00", "12345", "Someone Else"),
    ]
    .into_iter()
    .enumerate()
    {
        console.press("\r");
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
            console.press(&format!("{field}\r"));
        }
        console.wait_for("Take in this money order?");
        console.press("\r");
        console.wait_for(&format!("This session: {} money order(s)", n + 1));
    }
    let text = console.text();
    assert!(
        text.contains("3 money order(s), $80.00 in all, 1 on hold"),
        "{text}"
    );
    console.press("\u{1b}");
    console.wait_for("Daily posting");
    console.press("3");
    console.wait_for("ready");
    console.press("\r");
    console.wait_for("Post now?");
    console.press("\r");
    console.wait_for("Posted");
    console.press("\u{1b}");
    console.press("5");
    console.wait_for("BALANCED: opening + taken in - posted - returned = closing");
    console.press("\u{1b}");
    // Sign out: back at the sign-in for the next clerk; Esc with no name closes it.
    console.press("8");
    console.wait_for("Signed out");
    console.press("\u{1b}");
    assert!(console.exit_success());
}
