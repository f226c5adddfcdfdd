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
    console.press("9");
    console.wait_for("Signed out");
    console.press("\u{1b}");
    assert!(console.exit_success());
}

/// A whole business day at the desk, in a real terminal: a clerk signs in and takes in three
/// money orders by scanning their slips (one key for the issuer), one for another amount than
/// its slip's (held); a supervisor releases that one with its note; the posting runs; the
/// receipts and the reconciliation come out of the desk printer with no spool running; both
/// sign out. The keys per money order scanned are counted.
#[test]
fn a_whole_day_at_the_desk() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("day.sqlite");
    let lockbox = |args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"));
        cmd.arg("--db")
            .arg(&db)
            .args(args)
            .env("LOCKBOX_NOW", "2026-11-23T10:00:00");
        cmd
    };
    assert!(lockbox(&["demo", "--scale", "5"])
        .output()
        .expect("demo")
        .status
        .success());
    // Three slips printed at the kiosk this morning.
    let slips: Vec<String> = ["40.00", "25.00", "60.00"]
        .iter()
        .map(|amount| {
            let out = lockbox(&[
                "slip",
                "new",
                "--doc",
                "12345",
                "--name",
                "Ana Rivera",
                "--sender-name",
                "Carmen Rivera",
                "--sender-address",
                "12 Elm St, Jefferson City, MO 65101",
                "--amount",
                amount,
                "--json",
            ])
            .output()
            .expect("slip");
            assert!(out.status.success(), "{out:?}");
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            json["number"].as_str().expect("number").to_string()
        })
        .collect();
    let mut console = Pty::spawn(&db, &["clerk"], 100, 30);
    console.wait_for("Sign in");
    console.press("clerk\r");
    console.press("demo-clerk\r");
    console.wait_for("Desk printer ready");
    console.press("1");
    console.wait_for("scan or type the slip number");
    let mut keys_per_money_order = Vec::new();
    for (n, slip) in slips.iter().enumerate() {
        let mut keys = 0;
        // The scanner: the number and Enter, one scan.
        console.press(&format!("{slip}\r"));
        keys += 1;
        console.wait_for("Slip on file");
        // The issuer's key, the serial and Enter.
        console.press("1");
        keys += 1;
        let serial = format!("DAY-{n}");
        if n == 2 {
            // The money order says $6.00, not the slip's $60.00: the amount is corrected.
            console.press(&serial);
            keys += serial.len();
            console.press("\u{1b}[B\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}6.00");
            keys += 1 + 5 + 4;
        } else {
            console.press(&serial);
            keys += serial.len();
        }
        console.press("\r");
        keys += 1;
        console.wait_for("Take in this money order?");
        console.press("\r");
        keys += 1;
        console.wait_for(&format!("This session: {} money order(s)", n + 1));
        keys_per_money_order.push(keys);
    }
    // Scan, issuer key, serial, Enter, confirm: nothing else for a slip that matches.
    assert_eq!(
        &keys_per_money_order[..2],
        &[1 + 1 + 5 + 1 + 1, 1 + 1 + 5 + 1 + 1]
    );
    eprintln!("keys per money order taken in by slip scan: {keys_per_money_order:?}");
    let text = console.text();
    assert!(
        text.contains("3 money order(s), $71.00 in all, 1 on hold"),
        "{text}"
    );
    // The clerk signs out; a supervisor releases the held one with a note.
    console.press("\u{1b}");
    console.press("9");
    console.wait_for("Signed out");
    console.press("supervisor\r");
    console.press("demo-supervisor\r");
    console.wait_for("Lock-box intake");
    console.press("2");
    console.wait_for("Holds queue");
    // Found by its serial among the day's other holds.
    console.press("/DAY-2\r");
    console.wait_for("Holds queue (1 matching)");
    console.wait_for("amount differs");
    console.press("r");
    console.wait_for("Release money order");
    console.press("called the sender: the money order is for $6.00\r");
    console.wait_for("Enter = release it to be posted");
    console.press("\r");
    console.wait_for("Released: it posts with the next batch");
    // Esc clears the search, Esc again goes home.
    console.press("\u{1b}");
    console.wait_for("Holds queue (5 open)");
    console.press("\u{1b}");
    // The posting, its receipts on the desk printer.
    console.press("3");
    console.wait_for("ready");
    console.press("\r");
    console.wait_for("Post now?");
    console.press("\r");
    console.wait_for("Posted");
    console.press("\u{1b}");
    console.press("5");
    console.wait_for("BALANCED: opening + taken in - posted - returned = closing");
    console.press("p");
    console.wait_for("queued for the desk printer");
    let desk = dir.path().join("desk-printer.txt");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let paper = loop {
        let paper = std::fs::read_to_string(&desk).unwrap_or_default();
        if paper.contains("BALANCED") || std::time::Instant::now() > deadline {
            break paper;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    // A receipt for each of the day's three (the demo's other ready money orders post too).
    for amount in ["$40.00", "$25.00", "$6.00"] {
        assert_eq!(
            paper
                .lines()
                .filter(|l| l.starts_with("Deposit ") && l.ends_with(&format!(" {amount}")))
                .count(),
            1,
            "one receipt for {amount}:\n{paper}"
        );
    }
    assert!(paper.contains("BALANCED"), "{paper}");
    console.press("\u{1b}");
    console.press("9");
    console.wait_for("Signed out");
    console.press("\u{1b}");
    assert!(console.exit_success());
}
