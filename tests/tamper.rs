//! Tamper evidence that needs a secret (issue 13): each attack by SQL on a demo ledger,
//! made by someone who knows every algorithm but not the audit key, is reported by
//! `lockbox check` (exit 1), by table and id.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;

const NOW: &str = "2026-11-23T12:00:00";

fn lockbox(db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", NOW)
        .env_remove("LOCKBOX_USER")
        .env_remove("LOCKBOX_CONFIG")
        .env_remove("LOCKBOX_PIN_KEY");
    crate::support::authenticate(&mut cmd, args);
    cmd.output().expect("lockbox runs")
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// One demo ledger, built once, copied (with its keys and anchor) for each attack.
fn template() -> &'static Path {
    static TEMPLATE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, db) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("ledger.sqlite");
        let out = lockbox(&db, &["demo", "--scale", "20"]);
        assert!(out.status.success(), "{}", said(&out));
        (dir, db)
    });
    db
}

/// A fresh copy of the demo ledger's folder.
fn victim() -> (tempfile::TempDir, PathBuf) {
    let from = template().parent().expect("dir");
    let dir = tempfile::tempdir().expect("dir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    let db = dir.path().join("ledger.sqlite");
    let out = lockbox(&db, &["check"]);
    assert!(
        out.status.success(),
        "the copy checks clean: {}",
        said(&out)
    );
    (dir, db)
}

/// Lifts the audit trail's append-only triggers for `work`, then puts them back exactly as
/// they were, as a careful attacker would.
fn without_append_only(c: &Connection, work: impl FnOnce(&Connection)) {
    let saved: Vec<String> = c
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_no_update', 'audit_no_delete')")
        .expect("triggers")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("sql");
    c.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .expect("drop");
    work(c);
    for sql in saved {
        c.execute_batch(&sql).expect("put back");
    }
}

/// Recomputes every plain SHA-256 hash of the chain from `from_id` on, as the attacker
/// can (the algorithm is public).
fn rechain(c: &Connection, from_id: i64) {
    type Row = (i64, String, String, String, String, String, String);
    let rows: Vec<Row> = c
        .prepare("SELECT id, at, actor, action, subject, outcome, detail FROM audit ORDER BY id")
        .expect("rows")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut prev = lockbox::store::audit::GENESIS_HASH.to_string();
    for (id, at, actor, action, subject, outcome, detail) in rows {
        let entry = lockbox::store::audit::AuditEntry {
            actor: &actor,
            action: &action,
            subject,
            outcome: &outcome,
            detail,
        };
        let hash = lockbox::store::audit::row_hash(&prev, id, &at, &entry);
        if id >= from_id {
            c.execute(
                "UPDATE audit SET prev_hash = ?2, hash = ?3, mac = lockbox_mac(?3) WHERE id = ?1",
                rusqlite::params![id, prev, hash],
            )
            .expect("rechain");
        }
        prev = hash;
    }
}

fn scalar(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).expect("scalar")
}

/// Each attack, and a word the check's report must contain.
type Attack = (&'static str, fn(&Connection), &'static str);

fn attacks() -> Vec<Attack> {
    vec![
        (
            "point an outbox entry at a transfer that is not there",
            |c| {
                c.execute(
                    "UPDATE outbox SET source = 999999 WHERE seq = (SELECT max(seq) FROM outbox
                     WHERE kind = 'transfer' AND source IS NOT NULL)",
                    [],
                )
                .expect("edit");
            },
            "not in the ledger",
        ),
        (
            // Found by an outside review: the central books took $1,000,000 more for it,
            // `check` clean and the sync's exit 0.
            "slip a whole transfer into the outbox, in the old form that holds a copy",
            |c| {
                c.execute(
                    "INSERT INTO outbox (kind, body) VALUES ('transfer', json_object('id', 999999,
                     'debit', 'assets:lockbox:money-orders', 'credit', 'liabilities:trust:00054322',
                     'amount_cents', 100000000, 'kind', 'intake', 'business_date', '2026-11-23',
                     'created_at', '2026-11-23 12:00:00'))",
                    [],
                )
                .expect("forge");
            },
            "holding a copy of a row, written behind the ledger's back",
        ),
        (
            // Found by the review of that rule: the first entry that names a row, made a
            // copy saying more, passed as history.
            "turn the outbox's first entry into a transfer's copy for a million dollars",
            |c| {
                c.execute(
                    "UPDATE outbox SET kind = 'transfer', source = NULL,
                     body = (SELECT json_set(body, '$.amount_cents', 100000000)
                             FROM outbox_transfer_body ORDER BY id LIMIT 1)
                     WHERE seq = (SELECT min(seq) FROM outbox)",
                    [],
                )
                .expect("forge");
            },
            "holding a copy of a row, written behind the ledger's back",
        ),
        (
            "send a transfer twice through the outbox",
            |c| {
                c.execute(
                    "INSERT INTO outbox (kind, source) SELECT 'transfer', min(source) FROM outbox
                     WHERE kind = 'transfer' AND source IS NOT NULL",
                    [],
                )
                .expect("insert");
            },
            "naming a transfer twice",
        ),
        (
            "turn the last transfer's outbox entry into a copy of something else",
            |c| {
                c.execute(
                    "UPDATE outbox SET source = NULL, body = '{}' WHERE seq = (SELECT max(seq)
                     FROM outbox WHERE kind = 'transfer' AND source IS NOT NULL)",
                    [],
                )
                .expect("edit");
            },
            "the newest transfer or audit entry missing from the outbox",
        ),
        (
            "point an audit entry's outbox entry at the one before it",
            |c| {
                c.execute(
                    "UPDATE outbox SET source = source - 1 WHERE seq = (SELECT max(seq) FROM outbox
                     WHERE kind = 'action' AND source IS NOT NULL)",
                    [],
                )
                .expect("edit");
            },
            "audit entry twice",
        ),
        (
            "edit an audit row, every later hash recomputed",
            |c| {
                without_append_only(c, |c| {
                    c.execute("UPDATE audit SET actor = 'nobody' WHERE id = 10", [])
                        .expect("edit");
                    rechain(c, 10);
                })
            },
            "seal",
        ),
        (
            "delete an audit row, the chain relinked",
            |c| {
                without_append_only(c, |c| {
                    let last = scalar(c, "SELECT MAX(id) FROM audit");
                    c.execute("DELETE FROM audit WHERE id = ?1", [last - 3])
                        .expect("delete");
                    c.execute("UPDATE audit SET id = id - 1 WHERE id > ?1", [last - 3])
                        .expect("renumber");
                    c.execute(
                        "UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'audit'",
                        [],
                    )
                    .expect("seq");
                    rechain(c, last - 3);
                })
            },
            "audit",
        ),
        (
            "reorder two audit rows",
            |c| {
                without_append_only(c, |c| {
                    c.execute_batch(
                    "UPDATE audit SET id = -1 WHERE id = 5; UPDATE audit SET id = 5 WHERE id = 6;
                     UPDATE audit SET id = 6 WHERE id = -1;",
                )
                .expect("swap");
                    rechain(c, 5);
                })
            },
            "audit",
        ),
        (
            "truncate the audit trail and its sequence",
            |c| {
                without_append_only(c, |c| {
                    let last = scalar(c, "SELECT MAX(id) FROM audit");
                    c.execute("DELETE FROM audit WHERE id > ?1", [last - 5])
                        .expect("truncate");
                    c.execute(
                        "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'audit'",
                        [last - 5],
                    )
                    .expect("seq");
                })
            },
            "cut short",
        ),
        (
            "append a forged entry with a correct plain SHA-256",
            |c| {
                let (id, prev): (i64, String) = c
                    .query_row(
                        "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                        [],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .expect("head");
                let entry = lockbox::store::audit::AuditEntry {
                    actor: "supervisor",
                    action: "hold.release",
                    subject: "money_order:1".into(),
                    outcome: "ok",
                    detail: String::new(),
                };
                let hash =
                    lockbox::store::audit::row_hash(&prev, id + 1, "2026-11-23 11:00:00", &entry);
                c.execute(
                "INSERT INTO audit (id, at, actor, action, subject, outcome, detail, prev_hash, hash, mac)
                 VALUES (?1, '2026-11-23 11:00:00', 'supervisor', 'hold.release', 'money_order:1', 'ok', '', ?2, ?3, lockbox_mac(?3))",
                rusqlite::params![id + 1, prev, hash],
            )
            .expect("forge");
            },
            "seal",
        ),
        (
            "insert a transfer of $100 to an inmate's trust account",
            |c| {
                c.execute(
                "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind, business_date, created_at)
                 SELECT 2, account_id, 10000, 'post_trust', '2026-11-20', '2026-11-20 10:00:00'
                 FROM trust_account WHERE doc = '00012345'",
                [],
            )
            .expect("insert");
            },
            "transfer changed or added",
        ),
        (
            "change a money order's owner",
            |c| {
                c.execute("UPDATE money_order SET doc = '00012345' WHERE id = (SELECT MAX(id) FROM money_order WHERE doc <> '00012345')", []).expect("owner");
            },
            "money_order changed",
        ),
        (
            "release a held money order by UPDATE",
            |c| {
                c.execute("UPDATE money_order SET status = 'ready', ready_at = '2026-11-20 10:00:00' WHERE id = (SELECT MIN(id) FROM money_order WHERE status = 'held')", []).expect("status");
            },
            "money_order changed",
        ),
        (
            "change an obligation's amount",
            |c| {
                c.execute("UPDATE obligation SET amount_cents = 1 WHERE id = (SELECT MIN(id) FROM obligation)", []).expect("amount");
            },
            "obligation changed",
        ),
        (
            "insert a case-event payment",
            |c| {
                c.execute(
                "INSERT INTO case_event (doc, date, event, amount_cents, instrument, recorded_at, recorded_by)
                 SELECT doc, '2026-11-20', 'payment', 9000, 'money_order', '2026-11-20 10:00:00', 'clerk'
                 FROM supervision_case LIMIT 1",
                [],
            )
            .expect("payment");
            },
            "case_event changed or added",
        ),
        (
            "make a clerk a supervisor",
            |c| {
                c.execute(
                    "UPDATE app_user SET role = 'supervisor' WHERE name = 'clerk'",
                    [],
                )
                .expect("role");
            },
            "app_user changed",
        ),
        (
            // Found by an outside review: a reprint then printed the forgery, `check` clean.
            "change who a receipt's print job says the money came from",
            |c| {
                let n = c
                    .execute(
                        "UPDATE print_job SET payload = replace(payload, '\"sender_name\":\"', '\"sender_name\":\"Mallory ')
                         WHERE id = (SELECT MAX(id) FROM print_job WHERE kind = 'posting_receipt')",
                        [],
                    )
                    .expect("payload");
                assert_eq!(n, 1, "a receipt's job");
            },
            "print_job changed",
        ),
        (
            "swap two offenders' PIN hashes",
            |c| {
                c.execute_batch(
                "UPDATE offender_pin SET pin_hash = (SELECT pin_hash FROM offender_pin WHERE doc = '00054322') WHERE doc = '00054321';",
            )
            .expect("swap");
            },
            "offender_pin changed",
        ),
        (
            "change a setting",
            |c| {
                c.execute("INSERT INTO setting (key, value) VALUES ('obligation_percent_bp', '10000') ON CONFLICT (key) DO UPDATE SET value = '10000'", []).expect("setting");
            },
            "setting",
        ),
        (
            "drop an index that keeps a money order posting once",
            |c| {
                c.execute_batch("DROP INDEX transfer_once").expect("drop");
            },
            "indexes dropped: transfer_once",
        ),
        (
            "pad the seals' total with a seal of no table",
            |c| {
                c.execute_batch(
                    "INSERT INTO seal (tbl, row_key, mac)
                   SELECT 'padding', row_key, mac FROM seal
                   WHERE tbl = 'hold' AND row_key = (SELECT MAX(id) FROM hold);",
                )
                .expect("pad");
            },
            "seals of no sealed table",
        ),
        (
            "delete the audit anchor with the end of the trail",
            |c| {
                without_append_only(c, |c| {
                    let last = scalar(c, "SELECT MAX(id) FROM audit");
                    c.execute("DELETE FROM audit WHERE id > ?1", [last - 2])
                        .expect("truncate");
                    c.execute(
                        "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'audit'",
                        [last - 2],
                    )
                    .expect("seq");
                });
                let db = c.path().expect("path").to_string();
                std::fs::remove_file(format!("{db}-audit.anchor")).expect("rm anchor");
            },
            "anchor",
        ),
        (
            "drop a trigger",
            |c| {
                c.execute_batch("DROP TRIGGER transfer_no_update")
                    .expect("drop");
            },
            "triggers dropped: transfer_no_update",
        ),
        (
            "delete a hold and its seal, and drop the seal triggers",
            |c| {
                c.execute_batch(
                    "DROP TRIGGER seal_hold_delete; DROP TRIGGER seal_removed;
                 DELETE FROM seal WHERE tbl = 'hold' AND row_key = (SELECT MAX(id) FROM hold);
                 DELETE FROM hold WHERE id = (SELECT MAX(id) FROM hold);",
                )
                .expect("delete");
            },
            "triggers dropped",
        ),
    ]
}

#[test]
fn every_attack_by_sql_is_reported_by_check() {
    let mut reported = 0;
    let all = attacks();
    for (what, attack, says) in &all {
        let (_dir, db) = victim();
        {
            let c = crate::support::tamperer(&db);
            attack(&c);
        }
        let out = lockbox(&db, &["check"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what}: not reported:\n{}",
            said(&out)
        );
        assert!(said(&out).contains(says), "{what}: {}", said(&out));
        reported += 1;
    }
    eprintln!(
        "tamper: {reported} of {} attacks reported by lockbox check",
        all.len()
    );
}

/// Without the seal functions (a `sqlite3` shell), a write to a sealed table fails.
#[test]
fn a_plain_sqlite_connection_cannot_write_a_sealed_table() {
    let (_dir, db) = victim();
    let c = Connection::open(&db).expect("open");
    let err = c
        .execute(
            "UPDATE money_order SET status = 'ready' WHERE status = 'held'",
            [],
        )
        .expect_err("refused");
    assert!(err.to_string().contains("lockbox_seal"), "{err}");
    // Nor append to the audit trail without a seal.
    let err = c
        .execute(
            "INSERT INTO audit (at, actor, action, subject, outcome, detail, prev_hash, hash)
             VALUES ('2026-11-23 10:00:00', 'x', 'x', 'x', 'ok', '', 'x', 'x')",
            [],
        )
        .expect_err("refused");
    assert!(err.to_string().contains("without its seal"), "{err}");
    // And a deleted row with its seal kept is named by id.
    c.execute_batch("DROP TRIGGER seal_found_item_delete; DROP TRIGGER hold_no_delete;")
        .ok();
    let id = scalar(&c, "SELECT MAX(id) FROM slip");
    c.execute_batch("DROP TRIGGER seal_slip_delete")
        .expect("drop");
    c.execute("DELETE FROM slip WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM money_order WHERE slip_id = ?1)", [id])
        .expect("delete");
    drop(c);
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
}

/// The head printed on a day's reconciliation is an anchor kept off the machine: a chain
/// rolled back below it fails `audit verify --anchor`.
#[test]
fn audit_verify_checks_an_anchor_noted_elsewhere() {
    let (_dir, db) = victim();
    let head: String = Connection::open(&db)
        .expect("open")
        .query_row("SELECT hash FROM audit ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("head");
    let out = lockbox(&db, &["audit", "verify", "--anchor", &head]);
    assert!(out.status.success(), "{}", said(&out));
    let c = crate::support::tamperer(&db);
    without_append_only(&c, |c| {
        c.execute("DELETE FROM audit WHERE hash = ?1", [&head])
            .expect("delete");
        c.execute(
            "UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'audit'",
            [],
        )
        .expect("seq");
    });
    drop(c);
    let out = lockbox(&db, &["audit", "verify", "--anchor", &head]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("no entry with the hash"),
        "{}",
        said(&out)
    );
}

/// The key is kept apart: a ledger whose rows are sealed never gets a new key silently.
#[test]
fn a_missing_audit_key_is_never_replaced_and_writes_nothing() {
    let (dir, db) = victim();
    std::fs::remove_file(dir.path().join("audit.key")).expect("lose the key");
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("audit key"), "{}", said(&out));
    assert!(!dir.path().join("audit.key").exists(), "no new key made");
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "X",
            "--user",
            "supervisor",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
    // A key of another ledger is named as such.
    std::fs::write(dir.path().join("audit.key"), [7u8; 32]).expect("write");
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("not this ledger's"), "{}", said(&out));
}

/// A trigger slipped in behind lockbox's back would run inside lockbox's own transaction,
/// where the key seals what it does: lockbox writes nothing while its schema is not the one
/// it sealed, and `check` names the trigger.
#[test]
fn a_trigger_slipped_in_never_runs_inside_a_lockbox_write() {
    let (_dir, db) = victim();
    Connection::open(&db)
        .expect("open")
        .execute_batch(
            "CREATE TRIGGER zz AFTER INSERT ON audit BEGIN
                 UPDATE app_user SET role = 'supervisor' WHERE name = 'clerk';
             END;",
        )
        .expect("a trigger needs no key");
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "X",
            "--user",
            "supervisor",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
    let role: String = Connection::open(&db)
        .expect("open")
        .query_row("SELECT role FROM app_user WHERE name = 'clerk'", [], |r| {
            r.get(0)
        })
        .expect("role");
    assert_eq!(role, "clerk");
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("triggers added: zz"), "{}", said(&out));
}

/// Taking the schema back below seals (user_version) so that lockbox would seal everything
/// again as it finds it: refused, and nothing is sealed.
#[test]
fn a_ledger_taken_back_below_seals_is_not_sealed_again() {
    let (_dir, db) = victim();
    Connection::open(&db)
        .expect("open")
        .execute_batch("PRAGMA user_version = 6")
        .expect("downgrade");
    let out = lockbox(&db, &["check"]);
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
    assert!(said(&out).contains("predates seals"), "{}", said(&out));
    let version: i64 = Connection::open(&db)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 6, "not migrated (and so not sealed) again");
}

/// A sealed ledger one version old (7) upgrades as it opens. One whose key record was
/// deleted and schema changed behind lockbox's back is not upgraded, which would seal the
/// change: it stays as it is, `check` says what is wrong, and nothing is written.
#[test]
fn an_upgrade_never_seals_a_schema_changed_behind_lockboxs_back() {
    let version = |db: &Path| -> i64 {
        Connection::open(db)
            .expect("open")
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version")
    };
    // One version back, untouched: upgraded on the next open, and clean.
    let (_dir, db) = victim();
    Connection::open(&db)
        .expect("open")
        .execute_batch("PRAGMA user_version = 7")
        .expect("back");
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(version(&db), lockbox::store::ledger::SCHEMA_VERSION);
    // One version back, its key record deleted and a trigger added.
    let (_dir2, db) = victim();
    let c = crate::support::tamperer(&db);
    c.execute_batch(
        "PRAGMA user_version = 7;
         DELETE FROM setting WHERE key = 'audit_key_check';
         CREATE TRIGGER zz AFTER INSERT ON holiday BEGIN SELECT 1; END;",
    )
    .expect("tamper");
    drop(c);
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert_eq!(version(&db), 7, "not upgraded, so not sealed over");
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "still found: {}", said(&out));
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-24",
            "Christmas Eve",
            "--user",
            "supervisor",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
}

/// The same, the key record not deleted but turned into bytes that are not text: never
/// taken for a record never written.
#[test]
fn a_key_record_that_is_not_text_is_not_taken_for_none() {
    let (_dir, db) = victim();
    let c = crate::support::tamperer(&db);
    c.execute_batch(
        "PRAGMA user_version = 7;
         UPDATE setting SET value = x'00' WHERE key = 'audit_key_check';
         CREATE TRIGGER zz AFTER INSERT ON holiday BEGIN SELECT 1; END;",
    )
    .expect("tamper");
    drop(c);
    for _ in 0..2 {
        let out = lockbox(&db, &["check"]);
        assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    }
    let version: i64 = Connection::open(&db)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 7, "not upgraded, so not sealed over");
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-24",
            "Christmas Eve",
            "--user",
            "supervisor",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
}

/// An upgrade that reshapes sealed tables (version 10 rebuilds `transfer` and `receipt` and
/// seals their rows again) first checks every row against the seal it had: a transfer forged
/// behind lockbox's back is not sealed over. The ledger stays at its version, `check` names
/// the row, and nothing is written.
#[test]
fn an_upgrade_that_reseals_rows_never_blesses_a_forged_one() {
    let (_dir, db) = victim();
    let c = crate::support::tamperer(&db);
    c.execute_batch(
        "PRAGMA user_version = 9;
         INSERT INTO transfer (debit_account, credit_account, amount_cents, kind, business_date, created_at)
         VALUES (1, 2, 100000, 'intake', '2026-11-20', '2026-11-20T10:00:00');",
    )
    .expect("tamper");
    let forged = c.last_insert_rowid();
    drop(c);
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains(&format!("transfer changed or added behind the ledger's back (its seal is not the key's): {forged}")),
        "{}",
        said(&out)
    );
    let version: i64 = Connection::open(&db)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 9, "not upgraded, so not sealed over");
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-24",
            "Christmas Eve",
            "--user",
            "supervisor",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "still found: {}", said(&out));
}
