//! `lockbox central init` against a real PostgreSQL (`pg::PgCluster`): the central schema
//! made once, in one transaction, by two sites at once, never over a newer one.

use std::process::{Command, Output};

use crate::pg::PgCluster;

fn lockbox(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .args(args)
        .env_remove("LOCKBOX_CENTRAL")
        .output()
        .expect("lockbox runs")
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn tables(pg: &PgCluster, db: &str) -> Vec<String> {
    pg.client(db)
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            &[],
        )
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// A number the central database `state` answers.
fn number(pg: &PgCluster, sql: &str) -> i64 {
    pg.client("state")
        .query_one(sql, &[])
        .expect("a number")
        .get(0)
}

#[test]
fn central_init_creates_the_schema_once_and_run_again_changes_nothing() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.url("state");
    let out = lockbox(&["central", "init", "--central", &url]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("created, version 1"), "{}", said(&out));
    assert_eq!(
        tables(&pg, "state"),
        ["change_log", "lockbox_schema", "outbox_entry", "site"]
    );
    // A site and its entry, then init again: nothing is touched.
    pg.client("state")
        .batch_execute(
            "INSERT INTO site (id) VALUES ('north');
             INSERT INTO outbox_entry (site, seq, kind, body, content_hash)
             VALUES ('north', 1, 'test', '{}', repeat('0', 64));",
        )
        .expect("rows");
    let again = lockbox(&["--json", "central", "init", "--central", &url]);
    assert!(again.status.success(), "{}", said(&again));
    let v: serde_json::Value = serde_json::from_slice(&again.stdout).expect("json");
    assert_eq!(v, serde_json::json!({"from": 1, "to": 1}));
    assert_eq!(number(&pg, "SELECT count(*) FROM outbox_entry"), 1);
    // The schema's own rules hold: a site id is a short lowercase name.
    let bad = pg
        .client("state")
        .batch_execute("INSERT INTO site (id) VALUES ('North Prison; DROP')");
    assert!(bad.is_err());
}

#[test]
fn two_sites_running_central_init_at_once_both_succeed_and_make_one_schema() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.url("state");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_lockbox"))
            .args(["--json", "central", "init", "--central", &url])
            .env_remove("LOCKBOX_CENTRAL")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("lockbox runs")
    };
    let (a, b) = (spawn(), spawn());
    let outs = [
        a.wait_with_output().expect("a"),
        b.wait_with_output().expect("b"),
    ];
    let mut froms = Vec::new();
    for out in &outs {
        assert!(out.status.success(), "{}", said(out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        froms.push(v["from"].as_i64().expect("from"));
    }
    froms.sort_unstable();
    // One made it; the other waited its turn and found it made.
    assert_eq!(froms, [0, 1]);
}

#[test]
fn a_central_schema_newer_than_this_lockbox_is_left_alone() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.url("state");
    assert!(lockbox(&["central", "init", "--central", &url])
        .status
        .success());
    pg.client("state")
        .batch_execute("UPDATE lockbox_schema SET version = 99")
        .expect("newer");
    let out = lockbox(&["central", "init", "--central", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("version 99"), "{}", said(&out));
    assert!(said(&out).contains("upgrade lockbox"), "{}", said(&out));
    assert_eq!(number(&pg, "SELECT version FROM lockbox_schema"), 99);
}

#[test]
fn a_central_server_that_is_down_is_said_plainly_without_the_password() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.url("state");
    let with_password = url.replace("postgres@", "postgres:hunter2@");
    pg.stop_immediate();
    let out = lockbox(&["central", "init", "--central", &with_password]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("cannot reach the central server"),
        "{}",
        said(&out)
    );
    assert!(!said(&out).contains("hunter2"), "{}", said(&out));
    // Back up, the same command goes through.
    pg.pg_ctl_start();
    let out = lockbox(&["central", "init", "--central", &url]);
    assert!(out.status.success(), "{}", said(&out));
}
