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
/// compare it as text. `utc_text` writes it.
#[cfg(test)]
const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.9fZ";

/// `t` in UTC as `UTC_FORMAT` has it, written by hand: an import formats a few times per
/// line, and chrono reading its format string each time showed in the profile. (A leap
/// second reads `:60`, as chrono writes it.)
pub(crate) fn utc_text<Tz: TimeZone>(t: chrono::DateTime<Tz>) -> String {
    use chrono::{Datelike, Timelike};
    let t = t.with_timezone(&Utc);
    let (second, nano) = match t.nanosecond() {
        n if n >= 1_000_000_000 => (t.second() + 1, n - 1_000_000_000),
        n => (t.second(), n),
    };
    let mut out = *b"0000-00-00T00:00:00.000000000Z";
    let mut put = |end: usize, width: usize, mut v: u32| {
        for i in (end - width..end).rev() {
            out[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    // The parser keeps years to four digits; a year outside 0..=9999 is never stored.
    put(4, 4, t.year().clamp(0, 9999) as u32);
    put(7, 2, t.month());
    put(10, 2, t.day());
    put(13, 2, t.hour());
    put(16, 2, t.minute());
    put(19, 2, second);
    put(29, 9, nano);
    out.iter().map(|&b| b as char).collect()
}

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
    utc_text(utc)
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
/// deposit's own counted in, and the same in every window ending at a deposit recorded
/// already but received after this one (a processor's file comes in a day after the money
/// orders taken in meanwhile): the rules hold in every window, whatever order deposits are
/// recorded in. Counted up to one more than the rules allow, which is all they need.
///
/// Every step is an index seek, never a scan of the deposits that share a sender and an
/// inmate: the sender's inmates (the inmate's senders) are walked one value at a time, and
/// each is asked for its deposits in a window by its full key.
pub(crate) fn distinct_in_window(
    conn: &Connection,
    sender: &str,
    doc: &str,
    at_utc: &str,
) -> Result<(usize, usize), LedgerError> {
    distinct_in_window_of(conn, sender, doc, at_utc, None)
}

/// `distinct_in_window`, with the sender's every deposit as (inmate, UTC time) when the
/// caller has read them already (an import reads a card's from the card's own index, for
/// its 72-hour limit too): one query a line fewer.
pub(crate) fn distinct_in_window_of(
    conn: &Connection,
    sender: &str,
    doc: &str,
    at_utc: &str,
    mut sender_rows: Option<Vec<(String, String)>>,
) -> Result<(usize, usize), LedgerError> {
    let end = parse_utc(at_utc)?;
    let mut found = Vec::with_capacity(2);
    for (by, key, counted, this) in [
        ("sender_key", sender, "doc", doc),
        ("doc", doc, "sender_key", sender),
    ] {
        let pairs = Pairs {
            conn,
            by,
            key,
            counted,
        };
        // Most senders and inmates have a handful of deposits in all: read them once and
        // judge every window in memory. Only a long history is walked by seeks.
        let known = match sender_rows.take() {
            Some(rows) if by == "sender_key" => Some(rows),
            _ => pairs.all_rows()?,
        };
        if let Some(rows) = known {
            found.push(in_memory(&rows, this, end, at_utc)?);
            continue;
        }
        let values = pairs.values()?;
        let from = utc_text(end - Duration::days(VELOCITY_WINDOW_DAYS));
        let mut most = pairs.distinct(&values, this, &from, at_utc)?;
        // The windows ending at the later deposits this one falls in: (t, t + 8 days).
        // All of them lie within (t − 8 days, t + 8 days]: when that holds too few to
        // matter, none of them can (the usual case, one read instead of one per window).
        let until = utc_text(end + Duration::days(VELOCITY_WINDOW_DAYS));
        let later = if most < DISTINCT_ENOUGH
            && pairs.distinct(&values, this, &from, &until)? >= DISTINCT_ENOUGH
        {
            pairs.times_between(&values, at_utc, &until)?
        } else {
            Vec::new()
        };
        for later in later {
            if most >= DISTINCT_ENOUGH {
                break;
            }
            let from = utc_text(parse_utc(&later)? - Duration::days(VELOCITY_WINDOW_DAYS));
            most = most.max(pairs.distinct(&values, this, &from, &later)?);
        }
        found.push(most);
    }
    Ok((found[0], found[1]))
}

/// `distinct_in_window` over a key's every deposit, as (counted value, UTC time) pairs.
fn in_memory(
    rows: &[(String, String)],
    this: &str,
    end: chrono::DateTime<chrono::FixedOffset>,
    at_utc: &str,
) -> Result<usize, LedgerError> {
    let distinct = |from: &str, to: &str| -> usize {
        let mut seen: std::collections::BTreeSet<&str> = rows
            .iter()
            .filter(|(_, t)| t.as_str() > from && t.as_str() <= to)
            .map(|(v, _)| v.as_str())
            .collect();
        seen.insert(this);
        seen.len()
    };
    let from = utc_text(end - Duration::days(VELOCITY_WINDOW_DAYS));
    let until = utc_text(end + Duration::days(VELOCITY_WINDOW_DAYS));
    let mut most = distinct(&from, at_utc);
    let later: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|(_, t)| t.as_str())
        .filter(|t| *t > at_utc && *t < until.as_str())
        .collect();
    for end_at in later {
        if most >= DISTINCT_ENOUGH {
            break;
        }
        let from = utc_text(parse_utc(end_at)? - Duration::days(VELOCITY_WINDOW_DAYS));
        most = most.max(distinct(&from, end_at));
    }
    Ok(most.min(DISTINCT_ENOUGH))
}

fn parse_utc(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, LedgerError> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map_err(|e| LedgerError::Corrupt(format!("deposit time {text}: {e}")))
}

/// Enough distinct values to judge: one more than `DISTINCT_MAX_8D`.
const DISTINCT_ENOUGH: usize = DISTINCT_MAX_8D + 1;

/// How many later windows one deposit is checked in: more than a day's deposits from one
/// sender, or to one inmate, ever come to.
const LATER_MAX: usize = 512;

/// How many distinct inmates of one sender (senders of one inmate), over all time, are
/// walked one by one; past it the window is read by a range scan instead (slower, the
/// same answer).
const VALUES_MAX: usize = 2048;

/// The deposits counted, by table: its time column, and which of its rows count.
const COUNTED: [(&str, &str, &str); 2] = [
    ("electronic_deposit", "received_at", "outcome <> 'refused'"),
    (
        "money_order",
        "received_utc",
        // The predicate of the window indexes, word for word (SQLite reads a partial index
        // only for a query whose terms imply its own; a test asks SQLite for the plan of
        // every window statement): a posting changes `status`, and rules on it made every
        // posting rewrite the windows' entries.
        "returned_at IS NULL AND sender_key IS NOT NULL AND doc IS NOT NULL",
    ),
];

/// The deposits whose `by` is `key` (a sender's, or an inmate's), by their `counted`
/// column (the inmate, or the sender). The column names are this module's, never input.
struct Pairs<'a> {
    conn: &'a Connection,
    by: &'a str,
    key: &'a str,
    counted: &'a str,
}

/// Deposits of one key read whole into memory, at most.
///
/// This and `LATER_MAX` are written into the SQL, never bound: SQLite plans a query again
/// each time a `LIMIT` parameter is bound anew, which cost more than the query itself.
pub(crate) const ROWS_IN_MEMORY: usize = 256;

impl Pairs<'_> {
    /// A card is never a money order's sender (a money order's sender key is its folded
    /// name and address, `cash:…`, see `money_order_sender`): a card's deposits are looked
    /// for among the processor's lines alone, one query a line fewer.
    fn none_in(&self, table: &str) -> bool {
        table == "money_order" && self.by == "sender_key" && self.key.starts_with("card:")
    }

    /// Every deposit of the key, both tables, as (counted value, UTC time); `None` when
    /// there are more than `ROWS_IN_MEMORY`.
    fn all_rows(&self) -> Result<Option<Vec<(String, String)>>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(&self.all_rows_sql())?;
        let rows: Vec<(String, String)> = stmt
            .query_map(params![self.key], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok((rows.len() <= ROWS_IN_MEMORY).then_some(rows))
    }

    /// Each table's distinct `counted` values over all time, a seek each; `None` for a
    /// table with more than `VALUES_MAX`.
    fn values(&self) -> Result<Vec<Option<Vec<String>>>, LedgerError> {
        let mut out = Vec::with_capacity(COUNTED.len());
        for (table, _, counts) in COUNTED {
            if self.none_in(table) {
                out.push(Some(Vec::new()));
                continue;
            }
            let mut values = Vec::new();
            let mut after: Option<String> = None;
            loop {
                let op = if after.is_some() { ">" } else { ">=" };
                let next: Option<String> = self
                    .conn
                    .prepare_cached(&self.next_value_sql(table, counts, op))?
                    .query_row(params![self.key, after.as_deref().unwrap_or("")], |r| {
                        r.get(0)
                    })
                    .optional()?;
                match next {
                    Some(v) if values.len() < VALUES_MAX => {
                        values.push(v.clone());
                        after = Some(v);
                    }
                    Some(_) => break out.push(None),
                    None => break out.push(Some(values)),
                }
            }
        }
        Ok(out)
    }

    /// Distinct `counted` values with a deposit in (from, to], `this` among them, up to
    /// `DISTINCT_ENOUGH`.
    fn distinct(
        &self,
        values: &[Option<Vec<String>>],
        this: &str,
        from: &str,
        to: &str,
    ) -> Result<usize, LedgerError> {
        let mut seen = std::collections::BTreeSet::from([this.to_string()]);
        for ((table, time, counts), known) in COUNTED.iter().zip(values) {
            if seen.len() >= DISTINCT_ENOUGH {
                break;
            }
            match known {
                Some(values) => {
                    let mut in_window = self
                        .conn
                        .prepare_cached(&self.in_window_sql(table, time, counts))?;
                    for v in values {
                        if seen.len() >= DISTINCT_ENOUGH {
                            break;
                        }
                        if !seen.contains(v) && in_window.exists(params![self.key, v, from, to])? {
                            seen.insert(v.clone());
                        }
                    }
                }
                None => {
                    let mut stmt = self
                        .conn
                        .prepare_cached(&self.distinct_range_sql(table, time, counts))?;
                    let mut rows = stmt.query(params![self.key, from, to])?;
                    while let Some(row) = rows.next()? {
                        seen.insert(row.get(0)?);
                        if seen.len() >= DISTINCT_ENOUGH {
                            break;
                        }
                    }
                }
            }
        }
        Ok(seen.len())
    }

    /// The times of the deposits in (after, before), sorted, at most `LATER_MAX`.
    fn times_between(
        &self,
        values: &[Option<Vec<String>>],
        after: &str,
        before: &str,
    ) -> Result<Vec<String>, LedgerError> {
        let mut times = std::collections::BTreeSet::new();
        for ((table, time, counts), known) in COUNTED.iter().zip(values) {
            match known {
                Some(values) => {
                    let mut stmt = self
                        .conn
                        .prepare_cached(&self.times_of_value_sql(table, time, counts))?;
                    for v in values {
                        let rows =
                            stmt.query_map(params![self.key, v, after, before], |r| r.get(0))?;
                        for t in rows {
                            times.insert(t?);
                        }
                    }
                }
                None => {
                    let mut stmt = self
                        .conn
                        .prepare_cached(&self.times_range_sql(table, time, counts))?;
                    let rows = stmt.query_map(params![self.key, after, before], |r| r.get(0))?;
                    for t in rows {
                        times.insert(t?);
                    }
                }
            }
        }
        Ok(times.into_iter().take(LATER_MAX).collect())
    }
}

/// The statements the windows are read by, written in one place so that a test can ask
/// SQLite how it runs each one (every step an index seek, never a scan).
impl Pairs<'_> {
    /// Both tables in one statement: a query's own cost is a good part of a seek's.
    fn all_rows_sql(&self) -> String {
        let (by, counted) = (self.by, self.counted);
        let arms: Vec<String> = COUNTED
            .iter()
            .filter(|(table, _, _)| !self.none_in(table))
            .map(|(table, time, counts)| {
                format!("SELECT {counted}, {time} FROM {table} WHERE {by} = ?1 AND {counts}")
            })
            .collect();
        format!("{} LIMIT {}", arms.join(" UNION ALL "), ROWS_IN_MEMORY + 1)
    }

    fn next_value_sql(&self, table: &str, counts: &str, op: &str) -> String {
        let (by, counted) = (self.by, self.counted);
        format!(
            "SELECT {counted} FROM {table}
             WHERE {by} = ?1 AND {counted} {op} ?2 AND {counts}
             ORDER BY {counted} LIMIT 1"
        )
    }

    fn in_window_sql(&self, table: &str, time: &str, counts: &str) -> String {
        let (by, counted) = (self.by, self.counted);
        format!(
            "SELECT 1 FROM {table}
             WHERE {by} = ?1 AND {counted} = ?2 AND {time} > ?3 AND {time} <= ?4
               AND {counts}"
        )
    }

    fn distinct_range_sql(&self, table: &str, time: &str, counts: &str) -> String {
        let (by, counted) = (self.by, self.counted);
        format!(
            "SELECT DISTINCT {counted} FROM {table}
             WHERE {by} = ?1 AND {time} > ?2 AND {time} <= ?3 AND {counts}"
        )
    }

    fn times_of_value_sql(&self, table: &str, time: &str, counts: &str) -> String {
        let (by, counted) = (self.by, self.counted);
        format!(
            "SELECT {time} FROM {table}
             WHERE {by} = ?1 AND {counted} = ?2 AND {time} > ?3 AND {time} < ?4
               AND {counts}
             ORDER BY {time} LIMIT {LATER_MAX}"
        )
    }

    fn times_range_sql(&self, table: &str, time: &str, counts: &str) -> String {
        let by = self.by;
        format!(
            "SELECT DISTINCT {time} FROM {table}
             WHERE {by} = ?1 AND {time} > ?2 AND {time} < ?3 AND {counts}
             ORDER BY {time} LIMIT {LATER_MAX}"
        )
    }
}

/// What the watchlists and velocity rules know of a deposit from `sender` to `doc` at
/// `at_utc`: the facts intake and a release judge a money order by.
pub(crate) fn screen(
    conn: &Connection,
    sender: &str,
    doc: &str,
    at_utc: &str,
) -> Result<crate::domain::IntakeScreen, LedgerError> {
    let (sender_inmates_8d, inmate_senders_8d) = distinct_in_window(conn, sender, doc, at_utc)?;
    Ok(crate::domain::IntakeScreen {
        sender_watched: watched(conn, "sender", sender)?,
        inmate_watched: watched(conn, "inmate", doc)?,
        sender_inmates_8d,
        inmate_senders_8d,
        pair_allowed: watched(conn, "pair", &crate::domain::pair_key(sender, doc))?,
    })
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{utc_text, Pairs, COUNTED, UTC_FORMAT};
    use chrono::{DateTime, Duration, NaiveDate, Utc};

    /// Every statement the windows run, as SQLite plans it on a ledger of the binary's own
    /// schema. Each reads its table's window index alone, by its key: a rule written so
    /// that it no longer matches the index's `WHERE` word for word would make SQLite read
    /// the table (or the whole index) for every deposit screened, and an intake on a big
    /// ledger would slow down by a random page per deposit counted without any test failing.
    #[test]
    fn every_window_statement_is_a_seek_of_its_window_index_alone() {
        let ledger = crate::store::Ledger::open_in_memory().unwrap();
        let conn = ledger.connection();
        let plan = |sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let unbound = vec![rusqlite::types::Null; stmt.parameter_count()];
            stmt.query_map(rusqlite::params_from_iter(unbound), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
        };
        let mut checked = 0;
        for (by, counted, key) in [
            ("sender_key", "doc", "cash:ana rivera|12 elm st"),
            ("sender_key", "doc", "card:4111"),
            ("doc", "sender_key", "00012345"),
        ] {
            let pairs = Pairs {
                conn,
                by,
                key,
                counted,
            };
            // Keyed by both sender and inmate, either of a table's two window indexes
            // serves; keyed by one of them, only the index that leads with it.
            let indexes = |table: &str, both: bool| match (table, by) {
                ("money_order", _) if both => {
                    vec!["money_order_by_sender", "money_order_by_doc_sender"]
                }
                (_, _) if both => vec!["electronic_by_sender", "electronic_by_doc"],
                ("money_order", "sender_key") => vec!["money_order_by_sender"],
                ("money_order", _) => vec!["money_order_by_doc_sender"],
                (_, "sender_key") => vec!["electronic_by_sender"],
                _ => vec!["electronic_by_doc"],
            };
            let mut statements = vec![(
                COUNTED
                    .iter()
                    .filter(|(t, _, _)| !pairs.none_in(t))
                    .map(|(t, _, _)| *t)
                    .collect::<Vec<_>>(),
                pairs.all_rows_sql(),
            )];
            for (table, time, counts) in COUNTED {
                for sql in [
                    pairs.next_value_sql(table, counts, ">="),
                    pairs.next_value_sql(table, counts, ">"),
                    pairs.in_window_sql(table, time, counts),
                    pairs.distinct_range_sql(table, time, counts),
                    pairs.times_of_value_sql(table, time, counts),
                    pairs.times_range_sql(table, time, counts),
                ] {
                    statements.push((vec![table], sql));
                }
            }
            for (tables, sql) in statements {
                let lines = plan(&sql);
                let text = lines.join("\n");
                let both = sql.contains(&format!("{counted} = ?2"));
                for table in &tables {
                    let allowed = indexes(table, both);
                    assert!(
                        lines
                            .iter()
                            .any(|l| allowed.iter().any(|index| l.starts_with(&format!(
                                "SEARCH {table} USING COVERING INDEX {index} ("
                            )))),
                        "{sql}\nexpected a seek of {allowed:?}, planned:\n{text}"
                    );
                }
                assert!(
                    !lines.iter().any(|l| l.starts_with("SCAN ")),
                    "{sql}\nreads a whole table or index:\n{text}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 3 * 13);
    }

    /// The hand-written format is chrono's to the byte, leap seconds and the far years
    /// the parser lets through included: the windows compare these texts with those stored.
    #[test]
    fn utc_text_is_the_stored_format() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let start = NaiveDate::from_ymd_opt(1, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let t = (start + Duration::seconds((x % 315_000_000_000) as i64)).and_utc()
                + Duration::nanoseconds((x >> 40) as i64 % 1_000_000_000);
            assert_eq!(utc_text(t), t.format(UTC_FORMAT).to_string());
        }
        let leap = DateTime::parse_from_rfc3339("2016-12-31T23:59:60.5+00:00").unwrap();
        assert_eq!(
            utc_text(leap),
            leap.with_timezone(&Utc).format(UTC_FORMAT).to_string()
        );
        assert_eq!(utc_text(leap), "2016-12-31T23:59:60.500000000Z");
    }
}
