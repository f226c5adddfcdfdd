//! Waiver requests in the ledger: a clerk enters one after the eligibility check, only a
//! supervisor decides it, approval writes the waiver onto the case in the same transaction;
//! and disabling a user.

use chrono::NaiveDateTime;
use lockbox::domain::{
    CaseEvent, DatedEvent, DocNumber, Employment, HouseholdError, Income, Money, Rejection,
    Supervision,
};
use lockbox::store::{Ledger, LedgerError, PinKey, WaiverDecision, WaiverRequest};

use crate::support::{at, day, ledger, CLERK, SUPERVISOR};

fn now() -> NaiveDateTime {
    at(day(2026, 11, 23), 10)
}

fn doc() -> DocNumber {
    DocNumber::parse("00012345").expect("doc")
}

/// Ana Rivera on probation since August 10, 2026, at $30.00 a month.
fn with_case() -> Ledger {
    let mut l = ledger();
    l.record_case_event(
        &doc(),
        DatedEvent {
            date: day(2026, 8, 10),
            event: CaseEvent::Placed {
                name: "Rivera, Ana".into(),
                supervision: Supervision::Probation,
                fee: Money::from_cents(3_000),
            },
        },
        now(),
        CLERK,
    )
    .expect("placed");
    l
}

/// A family of three on $1,200 a month: under the $1,341 limit.
fn request() -> WaiverRequest {
    WaiverRequest {
        doc: doc(),
        effective: day(2026, 12, 1),
        expires: day(2027, 2, 28),
        amount: Money::from_cents(3_000),
        persons: 3,
        income: Income::Monthly(Money::from_cents(120_000)),
        employment: Employment::Employed,
        backdate_reason: None,
    }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, LedgerError>) -> Rejection {
    match r {
        Err(LedgerError::Rejected(x)) => x,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn rows(l: &Ledger, sql: &str) -> i64 {
    l.connection()
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_request_waits_and_only_a_supervisor_approval_puts_the_waiver_on_the_case() {
    let mut l = with_case();
    let (id, eligibility) = l.request_waiver(&request(), now(), CLERK).expect("sent");
    assert!(eligibility.eligible);
    assert_eq!(eligibility.threshold, Money::from_cents(134_100));
    let (pending, total) = l.pending_waivers(10).expect("list");
    assert_eq!(total, 1);
    assert_eq!(pending[0].id, id);
    assert_eq!(pending[0].name, "Rivera, Ana");
    assert_eq!(pending[0].requested_by, CLERK);

    // A clerk cannot approve: nothing changes.
    assert_eq!(
        refusal(l.decide_waiver(id, WaiverDecision::Approve, "ok", now(), CLERK)),
        Rejection::SupervisorRequired
    );
    assert_eq!(l.pending_waivers(10).expect("list").1, 1);
    let as_of = day(2027, 1, 5);
    assert_eq!(
        l.fee_account(&doc(), as_of)
            .expect("account")
            .waiver_in_force,
        None
    );

    l.decide_waiver(
        id,
        WaiverDecision::Approve,
        "pay stubs seen",
        now(),
        SUPERVISOR,
    )
    .expect("approved");
    assert_eq!(l.pending_waivers(10).expect("list").1, 0);
    let account = l.fee_account(&doc(), as_of).expect("account");
    assert_eq!(
        account.waiver_in_force,
        Some((Money::from_cents(3_000), day(2027, 2, 28)))
    );
    assert_eq!(account.waived_total, Money::from_cents(6_000));
    assert_eq!(
        rows(
            &l,
            "SELECT COUNT(*) FROM audit WHERE action IN ('waiver.request', 'waiver.approve')"
        ),
        2
    );
    assert!(l.verify_audit().expect("verify").is_intact());
    // Decided once: a second decision finds nothing waiting.
    assert_eq!(
        refusal(l.decide_waiver(id, WaiverDecision::Reject, "no", now(), SUPERVISOR)),
        Rejection::WaiverRequestNotFound
    );
}

#[test]
fn a_rejected_request_leaves_the_case_as_it_was() {
    let mut l = with_case();
    let (id, _) = l.request_waiver(&request(), now(), CLERK).expect("sent");
    l.decide_waiver(
        id,
        WaiverDecision::Reject,
        "income not verified",
        now(),
        SUPERVISOR,
    )
    .expect("rejected");
    assert_eq!(
        rows(&l, "SELECT COUNT(*) FROM case_event WHERE event = 'waiver'"),
        0
    );
    assert_eq!(
        rows(
            &l,
            "SELECT COUNT(*) FROM waiver_request WHERE status = 'rejected' AND note = 'income not verified'"
        ),
        1
    );
    // A new request may follow a decided one.
    l.request_waiver(&request(), now(), CLERK)
        .expect("sent again");
}

#[test]
fn requests_the_rules_refuse_write_nothing() {
    let over_90 = WaiverRequest {
        expires: day(2027, 3, 1),
        ..request()
    };
    let over_limit = WaiverRequest {
        income: Income::Monthly(Money::from_cents(134_101)),
        ..request()
    };
    let hourly_over = WaiverRequest {
        // $8.00 an hour is $1,344 a month for 168 hours: over the limit for three.
        income: Income::Hourly(Money::from_cents(800)),
        ..request()
    };
    let capable = WaiverRequest {
        income: Income::Monthly(Money::ZERO),
        employment: Employment::UnemployedCapable,
        ..request()
    };
    let over_fee = WaiverRequest {
        amount: Money::from_cents(3_001),
        ..request()
    };
    let nobody = WaiverRequest {
        persons: 0,
        ..request()
    };
    let no_case = WaiverRequest {
        doc: DocNumber::parse("777").expect("doc"),
        ..request()
    };
    let table = [
        ("91 days", over_90, Rejection::WaiverOver90Days),
        (
            "a cent over the limit",
            over_limit,
            Rejection::WaiverNotEligible,
        ),
        (
            "an hourly wage over",
            hourly_over,
            Rejection::WaiverNotEligible,
        ),
        ("able to work", capable, Rejection::WaiverNotEligible),
        ("more than the fee", over_fee, Rejection::WaiverOverFee),
        (
            "no household",
            nobody,
            Rejection::Household(HouseholdError::NoPersons),
        ),
        ("no case", no_case, Rejection::CaseNotFound),
    ];
    for (why, req, expected) in table {
        let mut l = with_case();
        let audit_before = rows(&l, "SELECT COUNT(*) FROM audit");
        assert_eq!(
            refusal(l.request_waiver(&req, now(), CLERK)),
            expected,
            "{why}"
        );
        assert_eq!(rows(&l, "SELECT COUNT(*) FROM waiver_request"), 0, "{why}");
        assert_eq!(
            rows(&l, "SELECT COUNT(*) FROM audit"),
            audit_before,
            "{why}"
        );
    }
    // One waits at a time.
    let mut l = with_case();
    l.request_waiver(&request(), now(), CLERK).expect("sent");
    assert_eq!(
        refusal(l.request_waiver(&request(), now(), CLERK)),
        Rejection::WaiverAlreadyRequested
    );
}

#[test]
fn approval_is_refused_when_the_case_changed_since_the_request() {
    let mut l = with_case();
    let (id, _) = l.request_waiver(&request(), now(), CLERK).expect("sent");
    l.record_case_event(
        &doc(),
        DatedEvent {
            date: day(2026, 11, 20),
            event: CaseEvent::Closed,
        },
        now(),
        CLERK,
    )
    .expect("closed");
    assert_eq!(
        refusal(l.decide_waiver(id, WaiverDecision::Approve, "ok", now(), SUPERVISOR)),
        Rejection::CaseClosed
    );
    // Still waiting: the supervisor can reject it instead.
    assert_eq!(l.pending_waivers(10).expect("list").1, 1);
}

#[test]
fn a_disabled_user_cannot_sign_in_or_act_until_enabled() {
    let mut l = with_case();
    let key = PinKey::from_bytes([5; 32]);
    l.set_password(CLERK, "clerk-pass", &key, now(), "cli")
        .expect("password");
    l.set_user_disabled(CLERK, true, now(), SUPERVISOR)
        .expect("disabled");
    assert!(!l
        .check_password(CLERK, "clerk-pass", &key, now(), true)
        .expect("checked"));
    assert_eq!(
        refusal(l.request_waiver(&request(), now(), CLERK)),
        Rejection::UserDisabled
    );
    l.set_user_disabled(CLERK, false, now(), SUPERVISOR)
        .expect("enabled");
    assert!(l
        .check_password(CLERK, "clerk-pass", &key, now(), true)
        .expect("checked"));
    assert_eq!(
        refusal(l.set_user_disabled("nobody", true, now(), SUPERVISOR)),
        Rejection::UnknownUser
    );
}

/// Four eyes: a supervisor who asked for a waiver cannot approve it; another supervisor can.
#[test]
fn a_supervisor_cannot_approve_a_waiver_they_requested() {
    let mut l = with_case();
    l.add_user("sam", lockbox::store::Role::Supervisor, now(), SUPERVISOR)
        .expect("second supervisor");
    let (id, _) = l
        .request_waiver(&request(), now(), SUPERVISOR)
        .expect("sent");
    assert_eq!(
        refusal(l.decide_waiver(id, WaiverDecision::Approve, "ok", now(), SUPERVISOR)),
        Rejection::OwnRequest
    );
    assert_eq!(
        rows(&l, "SELECT COUNT(*) FROM case_event WHERE event = 'waiver'"),
        0
    );
    l.decide_waiver(
        id,
        WaiverDecision::Approve,
        "checked the pay stubs",
        now(),
        "sam",
    )
    .expect("another supervisor approves");
    assert_eq!(
        rows(&l, "SELECT COUNT(*) FROM case_event WHERE event = 'waiver'"),
        1
    );
}

#[test]
fn a_waiver_starting_before_its_request_is_a_supervisors_with_a_reason_in_the_audit() {
    let mut l = with_case();
    let backdated = WaiverRequest {
        effective: day(2026, 11, 1),
        expires: day(2027, 1, 29),
        ..request()
    };
    assert_eq!(
        refusal(l.request_waiver(&backdated, now(), CLERK)),
        Rejection::WaiverStartsBeforeRequest
    );
    let with_reason = WaiverRequest {
        backdate_reason: Some(
            "income lost on Nov 1; the request was delayed by the hospital".into(),
        ),
        ..backdated
    };
    assert_eq!(
        refusal(l.request_waiver(&with_reason, now(), CLERK)),
        Rejection::SupervisorRequired
    );
    assert_eq!(rows(&l, "SELECT COUNT(*) FROM waiver_request"), 0);
    l.request_waiver(&with_reason, now(), SUPERVISOR)
        .expect("a supervisor backdates it");
    assert_eq!(
        rows(
            &l,
            "SELECT COUNT(*) FROM audit WHERE action = 'waiver.request'
             AND detail LIKE '%starts before the request because: income lost on Nov 1%'"
        ),
        1
    );
}
