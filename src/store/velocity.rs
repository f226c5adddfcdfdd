//! The velocity rules' windows over every deposit they count, money orders and electronic
//! lines alike (the `deposit_window` view), and the watchlist as intake reads it.
//!
//! A money order's time in the windows is its intake time, the site's wall clock read in
//! this machine's time zone and turned to UTC, so a money order taken in at 9:00 and a card
//! deposit the processor stamped 9:00 the same morning are the same moment.

use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::LedgerError;
use crate::domain::screening::{DISTINCT_MAX_8D, VELOCITY_WINDOW_DAYS};
use crate::domain::{sender_key, DepositChannel};

/// UTC text of one fixed width, as `electronic_deposit.received_at` is stored: windows
/// compare it as text.
pub(crate) const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.9fZ";

/// The site's wall-clock time `local` as UTC text. A time the clocks skipped (spring
/// forward) or repeated (fall back) takes the earlier reading the zone allows.
pub(crate) fn utc_of_local(local: NaiveDateTime) -> String {
    let utc = match chrono::Local.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        chrono::LocalResult::None => chrono::Local
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc)),
    };
    utc.format(UTC_FORMAT).to_string()
}

/// A money order's sender as the rules count it: its name and address folded as a cash
/// line's are, so the same person walking in with cash or mailing a money order is one
/// sender. `None` without both (such a money order is held for it anyway).
pub(crate) fn money_order_sender(name: Option<&str>, address: Option<&str>) -> Option<String> {
    match (name, address) {
        (Some(n), Some(a)) if !n.trim().is_empty() && !a.trim().is_empty() => {
            Some(sender_key(DepositChannel::Cash, "", n, a))
        }
        _ => None,
    }
}

/// The distinct inmates a sender's deposits went to, and the distinct senders of an
/// inmate's deposits, in the 8-day window ending at `at_utc` (UTC text), each with this
/// deposit's own counted in. Counted up to one more than the rules allow, which is all the
/// rules need: each value found is one index seek, however many deposits share it.
pub(crate) fn distinct_in_window(
    conn: &Connection,
    sender: &str,
    doc: &str,
    at_utc: &str,
) -> Result<(usize, usize), LedgerError> {
    let end = chrono::DateTime::parse_from_rfc3339(at_utc)
        .map_err(|e| LedgerError::Corrupt(format!("deposit time {at_utc}: {e}")))?;
    let from = (end - Duration::days(VELOCITY_WINDOW_DAYS))
        .with_timezone(&Utc)
        .format(UTC_FORMAT)
        .to_string();
    let window = Window {
        conn,
        from: &from,
        to: at_utc,
    };
    let mut sender_inmates = window.distinct("doc", "sender_key", sender, doc)?;
    let mut inmate_senders = window.distinct("sender_key", "doc", doc, sender)?;
    // Deposits recorded already but received after this one (a processor's file comes in
    // a day after the money orders taken in meanwhile): this one falls in the windows
    // ending at each of them too, and the rules hold in every window, whatever order the
    // deposits are recorded in.
    let until = (end + Duration::days(VELOCITY_WINDOW_DAYS))
        .with_timezone(&Utc)
        .format(UTC_FORMAT)
        .to_string();
    for (by, key, counted, this, found) in [
        ("sender_key", sender, "doc", doc, &mut sender_inmates),
        ("doc", doc, "sender_key", sender, &mut inmate_senders),
    ] {
        let later: Vec<String> = conn
            .prepare_cached(&format!(
                "SELECT DISTINCT at FROM deposit_window
                 WHERE {by} = ?1 AND at > ?2 AND at < ?3 ORDER BY at LIMIT ?4"
            ))?
            .query_map(params![key, at_utc, until, LATER_MAX], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for end_at in later {
            if *found >= DISTINCT_ENOUGH {
                break;
            }
            let from = chrono::DateTime::parse_from_rfc3339(&end_at)
                .map_err(|e| LedgerError::Corrupt(format!("deposit time {end_at}: {e}")))?
                - Duration::days(VELOCITY_WINDOW_DAYS);
            let from = from.with_timezone(&Utc).format(UTC_FORMAT).to_string();
            let window = Window {
                conn,
                from: &from,
                to: &end_at,
            };
            *found = (*found).max(window.distinct(counted, by, key, this)?);
        }
    }
    Ok((sender_inmates, inmate_senders))
}

/// How many later windows one deposit is checked in (each a few index seeks): more than a
/// day's money orders from one sender, or to one inmate, ever come to.
const LATER_MAX: i64 = 512;

/// Enough distinct values to judge: one more than `DISTINCT_MAX_8D`.
const DISTINCT_ENOUGH: usize = DISTINCT_MAX_8D + 1;

/// The deposits counted, by table: its time column, and which of its rows count.
const COUNTED: [(&str, &str, &str); 2] = [
    ("electronic_deposit", "received_at", "outcome <> 'refused'"),
    (
        "money_order",
        "received_utc",
        "status <> 'returned' AND sender_key IS NOT NULL AND doc IS NOT NULL",
    ),
];

struct Window<'a> {
    conn: &'a Connection,
    from: &'a str,
    to: &'a str,
}

impl Window<'_> {
    /// Distinct `counted` values among the window's deposits whose `by` is `key`, with
    /// `this` among them, up to `DISTINCT_ENOUGH`. The column names are this module's,
    /// never input.
    fn distinct(
        &self,
        counted: &str,
        by: &str,
        key: &str,
        this: &str,
    ) -> Result<usize, LedgerError> {
        let mut seen = std::collections::BTreeSet::from([this.to_string()]);
        for (table, time, counts) in COUNTED {
            let mut after: Option<String> = None;
            while seen.len() < DISTINCT_ENOUGH {
                // The next value in index order after the last one found: a seek, not a
                // scan of the deposits that share the last one.
                let op = if after.is_some() { ">" } else { ">=" };
                let next: Option<String> = self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT {counted} FROM {table}
                         WHERE {by} = ?1 AND {counted} {op} ?2 AND {time} > ?3 AND {time} <= ?4
                           AND {counts}
                         ORDER BY {counted} LIMIT 1"
                    ))?
                    .query_row(
                        params![key, after.as_deref().unwrap_or(""), self.from, self.to],
                        |r| r.get(0),
                    )
                    .optional()?;
                match next {
                    Some(value) => {
                        seen.insert(value.clone());
                        after = Some(value);
                    }
                    None => break,
                }
            }
        }
        Ok(seen.len())
    }
}

/// Whether the watchlist in force names `key` of `kind` (`sender`, `inmate` or `pair`).
pub(crate) fn watched(conn: &Connection, kind: &str, key: &str) -> Result<bool, LedgerError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM watchlist WHERE kind = ?1 AND key = ?2 AND removed_at IS NULL",
        )?
        .exists([kind, key])?)
}

/// The upgrade to version 11: each money order already taken in gets its sender key and
/// its intake time in UTC, so the windows count it from the start. Those that have them (a
/// ledger whose version number was set back) keep theirs.
pub(crate) fn backfill_money_orders(conn: &Connection) -> Result<(), LedgerError> {
    type Row = (i64, Option<String>, Option<String>, String);
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT id, sender_name, sender_address, received_at FROM money_order
             WHERE received_utc IS NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let mut update =
        conn.prepare("UPDATE money_order SET sender_key = ?2, received_utc = ?3 WHERE id = ?1")?;
    for (id, name, address, received_at) in rows {
        let local =
            NaiveDateTime::parse_from_str(&received_at, super::TIMESTAMP_FORMAT).map_err(|e| {
                LedgerError::Corrupt(format!("money order {id} received_at {received_at}: {e}"))
            })?;
        update.execute(params![
            id,
            money_order_sender(name.as_deref(), address.as_deref()),
            utc_of_local(local)
        ])?;
    }
    Ok(())
}
