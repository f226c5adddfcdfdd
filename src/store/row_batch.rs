//! Many rows into one table by multi-row `INSERT … VALUES` statements, their values bound.
//!
//! A run of rows goes in by as few statements as it can, because every statement that
//! writes a sealed table keeps a statement journal of each page it changes (see
//! `posting_rows`). The rows went in before as one JSON text read back by `json_each`, and
//! SQLite parsed each row's JSON again for every column it took out of it: 2.9 µs a row of
//! nine columns against 0.6 µs bound, measured alone, about a tenth of a posting.
//!
//! Statements of `PIECE` rows, and of one row (most writes are of one), are prepared once
//! and kept; the last, shorter piece of a run is prepared for it. The rows go in in the
//! order given. A run may take several statements: one that fails leaves those before it
//! written, so a caller gives up the whole transaction on an error (every caller does).
//! The statements are compiled with each value as a parameter, so no text of a value is
//! ever part of the SQL.

use rusqlite::types::Value;
use rusqlite::Transaction;

use super::LedgerError;

/// Rows per statement: a posting's chunk of deposits (`POSTING_CHUNK`), so that a full
/// chunk's receipts, print jobs and audit entries are one kept statement each (its
/// transfers, one or more a deposit, a kept statement and a shorter one). A statement binds
/// at most `PIECE` rows' values, far under SQLite's limit of 32,766.
const PIECE: usize = super::posting::POSTING_CHUNK;
const _: () = assert!(PIECE > 0 && PIECE * 16 < 32_766);

/// Inserts `values`, `columns` to a row, each row written as `row` (its `?` in the order of
/// the row's values, e.g. `(?, ?, lockbox_mac(?))`), by `head` (`INSERT INTO t (a, b, c)
/// VALUES`).
pub(crate) fn insert_rows(
    tx: &Transaction<'_>,
    head: &str,
    row: &str,
    columns: usize,
    values: &[Value],
) -> Result<(), LedgerError> {
    debug_assert!(columns > 0 && values.len().is_multiple_of(columns));
    for piece in values.chunks(PIECE * columns.max(1)) {
        let rows = piece.len() / columns.max(1);
        let sql = format!("{head} {}", vec![row; rows].join(", "));
        let params = rusqlite::params_from_iter(piece.iter());
        if rows == PIECE || rows == 1 {
            tx.prepare_cached(&sql)?.execute(params)?;
        } else {
            tx.prepare(&sql)?.execute(params)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs longer than a piece, exactly a piece, one row: every row goes in, in order,
    /// with the types it was given (a NULL stays NULL, an integer stays an integer).
    #[test]
    fn every_row_goes_in_in_order_with_its_types() -> Result<(), LedgerError> {
        let mut conn = rusqlite::Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE t (n INTEGER PRIMARY KEY, x, y, z)")?;
        for rows in [PIECE * 2 + 88, PIECE, 1, 3] {
            let tx = conn.transaction()?;
            tx.execute("DELETE FROM t", [])?;
            let mut values = Vec::new();
            for i in 0..rows as i64 {
                values.extend([
                    Value::Integer(i),
                    Value::Text(format!("row {i}")),
                    if i % 3 == 0 {
                        Value::Null
                    } else {
                        Value::Integer(-i)
                    },
                ]);
            }
            insert_rows(
                &tx,
                "INSERT INTO t (x, y, z) VALUES",
                "(?, ?, ?)",
                3,
                &values,
            )?;
            let got: Vec<(i64, i64, String, String, String)> = tx
                .prepare("SELECT n, x, y, typeof(z), quote(z) FROM t ORDER BY n")?
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<Result<_, _>>()?;
            assert_eq!(got.len(), rows);
            for (i, (n, x, y, kind, z)) in got.into_iter().enumerate() {
                let i = i as i64;
                assert_eq!((n - 1, x), (i, i), "row {i} went in out of order");
                assert_eq!(y, format!("row {i}"));
                if i % 3 == 0 {
                    assert_eq!((kind.as_str(), z.as_str()), ("null", "NULL"));
                } else {
                    assert_eq!((kind.as_str(), z), ("integer", (-i).to_string()));
                }
            }
            tx.commit()?;
        }
        Ok(())
    }
}
