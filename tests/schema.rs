//! Opening, migrating and refusing databases; the query plan of the balance lookup.

use lockbox::store::{Ledger, LedgerError};

#[test]
fn a_new_file_gets_the_schema_and_a_newer_one_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("l.sqlite");
    let l = Ledger::open(&path).expect("open");
    let version = l.schema_version().expect("version");
    assert_eq!(version, lockbox::store::ledger::SCHEMA_VERSION);
    let mode: String = l
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let fk: i64 = l
        .connection()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("fk");
    assert_eq!(fk, 1);
    let sync: i64 = l
        .connection()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("sync");
    assert_eq!(sync, 2, "synchronous=FULL");
    l.connection()
        .pragma_update(None, "user_version", version + 1)
        .expect("bump");
    drop(l);
    match Ledger::open(&path) {
        Err(e @ LedgerError::SchemaTooNew { .. }) => {
            assert!(e.to_string().contains("newer lockbox"), "{e}");
        }
        other => panic!("a newer database must be refused, got {:?}", other.err()),
    }
}

#[test]
fn an_older_database_is_migrated_in_one_transaction() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.sqlite");
    {
        let c = rusqlite::Connection::open(&path).expect("raw");
        // A version-0 file that already has a table of the same name: the migration fails
        // and must leave nothing half-made behind.
        c.execute_batch("CREATE TABLE holiday (x)").expect("table");
    }
    assert!(Ledger::open(&path).is_err());
    let c = rusqlite::Connection::open(&path).expect("raw");
    let tables: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .expect("n");
    assert_eq!(tables, 1, "the failed migration rolled back entirely");
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(version, 0);
}

#[test]
fn the_balance_lookup_never_scans_the_transfer_table() {
    let l = crate::support::ledger();
    {
        let sql = lockbox::store::reports::RECENT_ACTIVITY_SQL;
        let mut stmt = l
            .connection()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("plan");
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params!["00012345", 20], |r| r.get::<_, String>(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        let text = plan.join("\n");
        assert!(
            !text.contains("SCAN t") && !text.contains("SCAN transfer"),
            "{text}"
        );
        assert!(text.contains("USING INDEX transfer_by_credit"), "{text}");
        assert!(text.contains("USING INDEX transfer_by_debit"), "{text}");
    }
    let mut stmt = l
        .connection()
        .prepare(&format!(
            "EXPLAIN QUERY PLAN {}",
            lockbox::store::reports::ACCOUNT_BALANCE_SQL
        ))
        .expect("plan");
    let plan: Vec<String> = stmt
        .query_map([1], |r| r.get::<_, String>(3))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    // The balance itself is one account row read by its key.
    assert!(plan.iter().all(|p| !p.contains("SCAN")), "{plan:?}");
    assert!(
        plan.iter()
            .any(|p| p.contains("SEARCH account USING INTEGER PRIMARY KEY")),
        "{plan:?}"
    );
}

/// Found by a review: a ledger whose version number was set back to 13 ran version 14's
/// part that makes the outbox's triggers in the copying form, and version 15 (done already)
/// did not make them again, so every new entry was a copy, which the push refuses. Version
/// 20 makes them as version 15 did: such a ledger names its rows again, and checks clean.
#[test]
fn a_ledger_set_back_to_version_13_writes_its_outbox_as_today() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("l.sqlite");
    {
        let mut l = Ledger::open(&path).expect("open");
        crate::support::seed(&mut l);
    }
    rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_update(None, "user_version", 13)
        .expect("set back");
    let mut l = Ledger::open(&path).expect("migrated again");
    l.add_holiday(
        chrono::NaiveDate::from_ymd_opt(2026, 12, 28).expect("date"),
        "Observed",
        crate::support::at(crate::support::monday(), 9),
        "supervisor",
    )
    .expect("a holiday (audited)");
    let copies: i64 = l
        .connection()
        .query_row(
            "SELECT count(*) FROM outbox WHERE body IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("copies");
    assert_eq!(copies, 0, "new entries name their rows");
    assert!(l.check(crate::support::monday()).expect("check").is_ok());
}
