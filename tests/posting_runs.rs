//! A posting writes a chunk's rows in runs, several statements to a table when a run is
//! longer than one statement takes: every row goes in, in the order of the deposits, and
//! the ledger checks afterwards as if they had been written one by one.

use lockbox::domain::{IntakeSource, ObligationKind};
use lockbox::store::{NewPerson, PostingOutcome};

use crate::support::{at, by_hand, count, ledger, monday, CLERK};

/// Inmates who each owe restitution, so that each deposit posts two transfers: a chunk of
/// 250 deposits is a run of 500 transfers, more than one statement's 250 rows.
const INMATES: usize = 320;

#[test]
fn a_chunk_longer_than_a_statement_posts_every_row_in_order_and_checks() {
    let mut l = ledger();
    let t = at(monday(), 8);
    for i in 0..INMATES {
        let doc = format!("{}", 500_000 + i);
        l.add_person(
            &NewPerson {
                doc: doc.clone(),
                last_name: "Moreno".into(),
                first_name: format!("Luis {i}"),
                facility: "Algoa Correctional Center".into(),
                birth_date: None,
                language: Default::default(),
            },
            t,
            "test",
        )
        .expect("person");
        l.add_obligation(&doc, ObligationKind::Restitution, "900.00", None, t, "test")
            .expect("obligation");
    }
    l.bulk(|tx, audit| {
        for i in 0..INMATES {
            let mut request = by_hand(
                &format!("RUN{i}"),
                &format!("{}.{:02}", 10 + i % 90, i % 100),
                &format!("{}", 500_000 + i),
                "Moreno",
            );
            // A sender of their own each: nothing for the velocity rules to hold.
            if let IntakeSource::ByHand {
                sender_name,
                sender_address,
                ..
            } = &mut request.source
            {
                *sender_name = format!("Sender {i}");
                *sender_address = format!("{i} Main St, Jefferson City, MO 65101");
            }
            let valid = request.validate(monday()).expect("valid");
            lockbox::store::deposits::intake_tx(tx, audit, &valid, at(monday(), 10), CLERK)?;
        }
        Ok(())
    })
    .expect("intake");

    let outcome = l
        .post(monday(), at(monday(), 16), CLERK, &mut |_| {})
        .expect("post");
    let PostingOutcome::Posted { posted_now, .. } = outcome else {
        panic!("not posted: {outcome:?}");
    };
    assert_eq!(posted_now, INMATES as i64);

    // Every deposit's two transfers, receipt, print job and audit entry are there.
    let posted = "money_order_id IN (SELECT id FROM money_order WHERE serial LIKE 'RUN%')";
    assert_eq!(
        count(
            &l,
            &format!("SELECT COUNT(*) FROM transfer WHERE batch_id IS NOT NULL AND {posted}")
        ),
        2 * INMATES as i64
    );
    assert_eq!(
        count(&l, &format!("SELECT COUNT(*) FROM receipt WHERE {posted}")),
        INMATES as i64
    );
    assert_eq!(
        count(
            &l,
            "SELECT COUNT(*) FROM print_job WHERE kind = 'posting_receipt'"
        ),
        INMATES as i64
    );
    assert_eq!(
        count(
            &l,
            "SELECT COUNT(*) FROM audit WHERE action = 'money_order.post'"
        ),
        INMATES as i64
    );
    // In the deposits' order: a later transfer, receipt or print job never belongs to an
    // earlier money order, and the receipts are numbered without a gap.
    assert_eq!(
        count(
            &l,
            &format!(
                "SELECT COUNT(*) FROM transfer a JOIN transfer b
                 ON a.id < b.id AND a.money_order_id > b.money_order_id
                 WHERE a.batch_id IS NOT NULL AND b.batch_id IS NOT NULL
                   AND a.{posted} AND b.{posted}"
            )
        ),
        0,
        "transfers out of the deposits' order"
    );
    assert_eq!(
        count(
            &l,
            "SELECT COUNT(*) FROM receipt a JOIN receipt b
             ON a.rowid < b.rowid AND a.number > b.number"
        ),
        0,
        "receipts out of order"
    );
    assert_eq!(
        count(
            &l,
            "SELECT MAX(number) - MIN(number) + 1 - COUNT(*) FROM receipt"
        ),
        0,
        "a gap in the receipt numbers"
    );
    assert_eq!(
        count(
            &l,
            "SELECT COUNT(*) FROM print_job a JOIN print_job b
             ON a.id < b.id AND CAST(substr(a.subject, 9) AS INTEGER) > CAST(substr(b.subject, 9) AS INTEGER)
             WHERE a.kind = 'posting_receipt' AND b.kind = 'posting_receipt'"
        ),
        0,
        "receipt print jobs out of order"
    );
    // Each row sealed, each transfer and audit entry in the outbox, the chain whole.
    let report = l.check(monday()).expect("check");
    assert!(report.is_ok(), "{report:?}");
    assert!(l.verify_audit().expect("verify").is_intact());
}

/// The ledger's first business day is the day of its first money order or of its first
/// record, whichever came first: a posting dated the business day before is refused, one
/// dated that day or after is not. (Asked of the money orders as "any taken in by then",
/// which stops at the first, not as the earliest of them all.)
#[test]
fn a_posting_before_the_first_business_day_is_refused_and_on_it_is_not() {
    use lockbox::domain::Rejection;
    use lockbox::store::LedgerError;
    let too_early = |outcome: Result<PostingOutcome, LedgerError>| {
        matches!(
            outcome,
            Err(LedgerError::Rejected(Rejection::PostingDateTooEarly))
        )
    };
    // The first record: Sunday 2026-11-01 (the seed's users and people).
    let mut l = ledger();
    let (friday, monday_after) = (
        crate::support::day(2026, 10, 30),
        crate::support::day(2026, 11, 2),
    );
    assert!(too_early(l.post(
        friday,
        at(friday, 16),
        CLERK,
        &mut |_| {}
    )));
    assert!(matches!(
        l.post(monday_after, at(monday_after, 16), CLERK, &mut |_| {}),
        Ok(PostingOutcome::Posted { .. })
    ));

    // A money order taken in before the first record: its day is the first business day.
    let mut l = ledger();
    let (tuesday, wednesday) = (
        crate::support::day(2026, 10, 27),
        crate::support::day(2026, 10, 28),
    );
    let valid = by_hand("EARLY1", "25.00", "00012345", "Rivera")
        .validate(wednesday)
        .expect("valid");
    l.bulk(|tx, audit| {
        lockbox::store::deposits::intake_tx(tx, audit, &valid, at(wednesday, 9), CLERK)
    })
    .expect("intake");
    assert!(too_early(l.post(
        tuesday,
        at(tuesday, 16),
        CLERK,
        &mut |_| {}
    )));
    let outcome = l.post(wednesday, at(wednesday, 16), CLERK, &mut |_| {});
    assert!(
        matches!(outcome, Ok(PostingOutcome::Posted { posted_now: 1, .. })),
        "{outcome:?}"
    );
}
