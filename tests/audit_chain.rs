//! Editing, deleting or reordering any audit row is detected, and the first bad row named.

use lockbox::store::{AuditProblem, Ledger};

use crate::support::{at, by_hand, ledger, monday, CLERK};

/// A ledger with a few dozen audit rows, its triggers dropped so the test can tamper.
fn tamperable() -> Ledger {
    let mut l = ledger();
    for i in 0..8 {
        l.intake(
            &by_hand(&format!("AU{i}"), "12.00", "12345", "Rivera"),
            at(monday(), 10),
            CLERK,
        )
        .expect("intake");
    }
    l.post(monday(), at(monday(), 16), CLERK, &mut |_| {})
        .expect("post");
    assert!(l.verify_audit().expect("verify").is_intact());
    l.connection()
        .execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .expect("drop triggers");
    l
}

fn rows(l: &Ledger) -> i64 {
    l.connection()
        .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
        .expect("rows")
}

#[test]
fn an_intact_chain_verifies() {
    let l = tamperable();
    let v = l.verify_audit().expect("verify");
    assert!(v.is_intact());
    assert_eq!(v.rows, rows(&l));
    assert_eq!(v.head_hash.len(), 64);
}

#[test]
fn every_single_edit_is_found_at_its_row() {
    let n = rows(&tamperable());
    for id in 1..=n {
        for column in ["at", "actor", "action", "subject", "outcome", "detail"] {
            let l = tamperable();
            l.connection()
                .execute(
                    &format!("UPDATE audit SET {column} = {column} || 'x' WHERE id = ?1"),
                    [id],
                )
                .expect("edit");
            let v = l.verify_audit().expect("verify");
            assert_eq!(
                v.problem,
                Some(AuditProblem::Edited { id }),
                "edit of {column} in row {id}"
            );
        }
    }
}

#[test]
fn an_edit_that_recomputes_its_own_hash_breaks_the_next_link() {
    let l = tamperable();
    // Forge row 3 completely, with a self-consistent hash: row 4 no longer follows it.
    l.connection()
        .execute(
            "UPDATE audit SET detail = '{}', hash = 'f' || substr(hash, 2) WHERE id = 3",
            [],
        )
        .expect("forge");
    let v = l.verify_audit().expect("verify");
    assert!(
        matches!(v.problem, Some(AuditProblem::Edited { id: 3 })),
        "{v:?}"
    );
}

#[test]
fn every_deletion_is_found() {
    let n = rows(&tamperable());
    for id in 1..=n {
        let l = tamperable();
        l.connection()
            .execute("DELETE FROM audit WHERE id = ?1", [id])
            .expect("delete");
        let v = l.verify_audit().expect("verify");
        let expected = if id == n {
            AuditProblem::Truncated {
                last_id: n - 1,
                expected: n,
            }
        } else {
            AuditProblem::BrokenLink { id: id + 1 }
        };
        assert_eq!(v.problem, Some(expected), "deleting row {id}");
    }
}

#[test]
fn reordering_rows_is_found() {
    let n = rows(&tamperable());
    for id in 1..n {
        let l = tamperable();
        // Swap the contents of two neighbouring rows, keeping their ids in place.
        l.connection()
            .execute_batch(&format!(
                "UPDATE audit SET id = -1 WHERE id = {id};
                 UPDATE audit SET id = {id} WHERE id = {next};
                 UPDATE audit SET id = {next} WHERE id = -1;",
                next = id + 1
            ))
            .expect("swap");
        let v = l.verify_audit().expect("verify");
        assert_eq!(
            v.problem,
            Some(AuditProblem::Edited { id }),
            "swapping rows {id} and {}",
            id + 1
        );
    }
}
