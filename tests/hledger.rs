//! An outside check of the books: hledger reads the exported journal and must find the
//! same balance as lockbox for every account. CI installs Debian's hledger; without it
//! the test says plainly that it was skipped.

use std::collections::BTreeMap;
use std::process::Command;

use lockbox::store::Ledger;

#[test]
fn hledger_agrees_with_lockbox_on_every_account() {
    if Command::new("hledger").arg("--version").output().is_err() {
        eprintln!("SKIPPED: hledger is not installed (apt-get install hledger); the journal was not checked");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let mut l = Ledger::open(&dir.path().join("l.sqlite")).expect("open");
    let now = crate::support::at(crate::support::day(2026, 11, 23), 12);
    lockbox::app::demo::build(&mut l, 60, 7, now, &mut |_, _, _| {}).expect("demo");
    let journal = dir.path().join("ledger.journal");
    let mut file = std::fs::File::create(&journal).expect("journal");
    let entries = l.export_journal(&mut file).expect("export");
    assert!(entries > 100);
    drop(file);
    let out = Command::new("hledger")
        .args(["-f"])
        .arg(&journal)
        .args(["balance", "--flat", "--no-total", "-O", "csv", "--empty"])
        .output()
        .expect("hledger runs");
    assert!(
        out.status.success(),
        "hledger: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    let mut hledger: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').map(|f| f.trim_matches('"')).collect();
        if let [account, amount] = fields[..] {
            hledger.insert(account.to_string(), amount.to_string());
        }
    }
    let mut compared = 0;
    for (account, balance) in l.accounts().expect("accounts") {
        // hledger shows debits positive; lockbox shows each account on its normal side,
        // so liabilities and income (credit-normal) change sign.
        let expected = if account.starts_with("liabilities:") || account.starts_with("income:") {
            format!("{}", lockbox::domain::Money::from_cents(-balance.cents()))
        } else {
            balance.to_string()
        };
        let found = hledger.get(&account).cloned().unwrap_or_else(|| "0".into());
        let normalise = |s: &str| {
            s.parse::<rust_decimal::Decimal>()
                .map(|d| d.normalize())
                .ok()
        };
        assert_eq!(
            normalise(&found),
            normalise(&expected),
            "{account}: hledger {found}, lockbox {expected}"
        );
        compared += 1;
    }
    assert!(compared > 60, "compared {compared} accounts");
    // And lockbox's own per-inmate view agrees with the account listing.
    let rivera = l.balance("00012345").expect("balance");
    let listed = hledger
        .get("liabilities:trust:00012345")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        normalise_neg(&listed),
        Some(rivera.trust_balance.as_decimal().normalize()),
        "Rivera's trust balance"
    );
}

fn normalise_neg(s: &str) -> Option<rust_decimal::Decimal> {
    s.parse::<rust_decimal::Decimal>()
        .ok()
        .map(|d| (-d).normalize())
}
