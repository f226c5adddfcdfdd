//! Row seals: every row that carries money or authority is bound to the audit key.
//!
//! Triggers keep, in the same transaction as the write (and so as its audit entry), a
//! keyed seal of each row's whole content in `seal`, and a keyed total of all seals (their
//! count and XOR) in `seal_total`. The seals are computed by SQL functions this process
//! registers with the key: a `sqlite3` shell has no such functions, so its writes to a
//! sealed table fail, and dropping the triggers to get round that is itself found, because
//! the set of triggers is sealed too. `lockbox check` recomputes every seal and reports,
//! by table and id, each row changed, added or deleted behind the ledger's back.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

use super::audit_key::{hex, AuditKey, Seal, SEAL_BYTES};
use super::LedgerError;

/// The tables sealed, and the columns left out of the seal because `check` proves them
/// from other rows (an account's running totals are the sums of its transfers).
const SEALED: &[(&str, &[&str])] = &[
    ("setting", &[]),
    ("holiday", &[]),
    ("person", &[]),
    ("account", &["debits_cents", "credits_cents"]),
    ("trust_account", &[]),
    ("obligation", &[]),
    ("app_user", &[]),
    ("slip", &[]),
    ("posting_batch", &[]),
    ("money_order", &[]),
    ("hold", &[]),
    ("transfer", &[]),
    ("receipt", &[]),
    ("supervision_case", &[]),
    ("case_event", &[]),
    ("offender_pin", &[]),
    ("waiver_request", &[]),
    ("found_item", &[]),
    ("statement_issue", &[]),
    ("case_import", &[]),
    ("attempt_lock", &[]),
    ("electronic_deposit", &[]),
    ("watchlist", &[]),
    ("processor_settlement", &[]),
    ("serial_elsewhere", &[]),
    ("person_elsewhere", &[]),
    ("person_arrival", &[]),
    ("obligation_moved", &[]),
    ("obligation_from_central", &[]),
    // What a job prints is sealed; its way through the printer (which the spool changes
    // all day, from any process) is not: a forged status reprints nothing false.
    (
        "print_job",
        &["status", "attempts", "last_error", "updated_at"],
    ),
];

/// How many rows of one kind of problem a report names before it only counts them.
const NAMED_MAX: usize = 20;

/// The settings that hold the seal of the schema (every table, index, trigger and view, as
/// `sqlite_master` has them) and the key's check value.
const SCHEMA_SEAL_SETTING: &str = "schema_seal";
const SCHEMA_NAMES_SETTING: &str = "schema_names";
pub(crate) const AUDIT_KEY_CHECK_SETTING: &str = "audit_key_check";

/// Registers the seal functions on `conn`. Without a usable key they fail with `problem`,
/// so nothing sealed can be written, while everything can still be read.
pub(crate) fn register(conn: &Connection, key: Result<AuditKey, String>) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    let no_key = |problem: &String| rusqlite::Error::UserFunctionError(problem.clone().into());
    let k = key.clone();
    conn.create_scalar_function("lockbox_seal", -1, flags, move |ctx| {
        let key = k.as_ref().map_err(no_key)?;
        Ok(seal_of(key, ctx)?.to_vec())
    })?;
    let k = key.clone();
    conn.create_scalar_function("lockbox_mac", 1, flags, move |ctx| {
        let key = k.as_ref().map_err(no_key)?;
        let hash: String = ctx.get(0)?;
        Ok(key.seal("audit", &[hash.as_bytes()]).to_vec())
    })?;
    conn.create_scalar_function("lockbox_xor", 2, flags, |ctx| {
        let mut out = blob16(ctx.get_raw(0));
        for (o, b) in out.iter_mut().zip(blob16(ctx.get_raw(1))) {
            *o ^= b;
        }
        Ok(out.to_vec())
    })?;
    conn.create_scalar_function("lockbox_total", 2, flags, move |ctx| {
        let key = key.as_ref().map_err(no_key)?;
        let rows: i64 = ctx.get(0)?;
        Ok(total_seal(key, rows, &blob16(ctx.get_raw(1))).to_vec())
    })?;
    Ok(())
}

fn total_seal(key: &AuditKey, rows: i64, xor: &Seal) -> Seal {
    key.seal("total", &[&rows.to_le_bytes(), xor])
}

/// A 16-byte blob, or zeros for NULL or anything else.
fn blob16(v: ValueRef<'_>) -> Seal {
    let mut out = [0u8; SEAL_BYTES];
    if let ValueRef::Blob(b) = v {
        if b.len() == SEAL_BYTES {
            out.copy_from_slice(b);
        }
    }
    out
}

/// The seal of one row: its table's name, then every value with its type.
fn seal_of(key: &AuditKey, ctx: &Context<'_>) -> rusqlite::Result<Seal> {
    // Every value's bytes in one buffer and its span: a seal is made for every row written,
    // and an allocation per column showed in the profile of a big import.
    let mut bytes: Vec<u8> = Vec::with_capacity(256);
    let mut ends: Vec<usize> = Vec::with_capacity(ctx.len());
    for i in 0..ctx.len() {
        match ctx.get_raw(i) {
            ValueRef::Null => bytes.push(0),
            ValueRef::Integer(n) => {
                bytes.push(1);
                bytes.extend_from_slice(&n.to_le_bytes());
            }
            ValueRef::Real(f) => {
                bytes.push(2);
                bytes.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            ValueRef::Text(t) => {
                bytes.push(3);
                bytes.extend_from_slice(t);
            }
            ValueRef::Blob(b) => {
                bytes.push(4);
                bytes.extend_from_slice(b);
            }
        }
        ends.push(bytes.len());
    }
    let mut start = 0;
    let parts: Vec<&[u8]> = ends
        .iter()
        .map(|&end| {
            let part = &bytes[start..end];
            start = end;
            part
        })
        .collect();
    Ok(key.seal("row", &parts))
}

/// One sealed table as the schema has it now: its key column and the sealed columns.
struct Table {
    name: &'static str,
    key: String,
    columns: Vec<String>,
}

impl Table {
    /// `lockbox_seal('t', NEW."a", NEW."b", ...)` over the row named by `row`.
    fn seal_call(&self, row: &str) -> String {
        let values: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("{row}\"{c}\""))
            .collect();
        format!("lockbox_seal('{}', {})", self.name, values.join(", "))
    }

    fn triggers(&self) -> Vec<(String, String)> {
        let t = self.name;
        let key = &self.key;
        let of: Vec<String> = self.columns.iter().map(|c| format!("\"{c}\"")).collect();
        vec![
            (
                format!("seal_{t}_insert"),
                format!(
                    "CREATE TRIGGER seal_{t}_insert AFTER INSERT ON \"{t}\" BEGIN INSERT INTO seal (tbl, row_key, mac) VALUES ('{t}', NEW.\"{key}\", {}); END",
                    self.seal_call("NEW.")
                ),
            ),
            (
                format!("seal_{t}_update"),
                format!(
                    "CREATE TRIGGER seal_{t}_update AFTER UPDATE OF {} ON \"{t}\" BEGIN UPDATE seal SET row_key = NEW.\"{key}\", mac = {} WHERE tbl = '{t}' AND row_key = +OLD.\"{key}\"; END",
                    of.join(", "),
                    self.seal_call("NEW.")
                ),
            ),
            (
                format!("seal_{t}_delete"),
                format!(
                    "CREATE TRIGGER seal_{t}_delete AFTER DELETE ON \"{t}\" BEGIN DELETE FROM seal WHERE tbl = '{t}' AND row_key = +OLD.\"{key}\"; END"
                ),
            ),
        ]
    }
}

/// The sealed tables with their columns as the database has them.
fn tables(conn: &Connection) -> Result<Vec<Table>, LedgerError> {
    let mut out = Vec::new();
    for (name, skip) in SEALED {
        let mut columns = Vec::new();
        let mut keys = Vec::new();
        let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{name}\")"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let column: String = r.get(1)?;
            let pk: i64 = r.get(5)?;
            if pk == 1 {
                keys.push(column.clone());
            } else if pk > 1 {
                keys.push(String::new());
            }
            if !skip.contains(&column.as_str()) {
                columns.push(column);
            }
        }
        // A table that is not there has nothing to seal; dropping one is found by the
        // schema's own seal.
        if columns.is_empty() {
            continue;
        }
        let key = match keys.as_slice() {
            [one] if !one.is_empty() => one.clone(),
            _ => "rowid".to_string(),
        };
        out.push(Table { name, key, columns });
    }
    Ok(out)
}

/// Installs the seal triggers of the schema as it is now, seals every row not sealed yet,
/// seals the audit rows without a seal, and records the trigger set's seal and the key's
/// check value. Run by the migration that brings seals, and by any later one that changes
/// a sealed table. Needs the key.
pub(crate) fn install(conn: &Connection, key: &AuditKey) -> Result<(), LedgerError> {
    for table in tables(conn)? {
        for (name, sql) in table.triggers() {
            conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}; {sql};"))?;
        }
        seal_rows_of(conn, &table)?;
    }
    // The audit rows written before seals: the append-only trigger is lifted for this one
    // statement, inside the migration's transaction.
    let no_update: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_update'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    conn.execute_batch("DROP TRIGGER IF EXISTS audit_no_update")?;
    conn.execute(
        "UPDATE audit SET mac = lockbox_mac(hash) WHERE mac IS NULL",
        [],
    )?;
    if let Some(sql) = no_update {
        conn.execute_batch(&sql)?;
    }
    conn.execute(
        "UPDATE seal_total SET mac = lockbox_total(rows, xor) WHERE id = 1",
        [],
    )?;
    reseal_schema(conn, key)
}

/// Seals the rows of `name`, a table sealed from this version on, that have no seal: the
/// rows it held before it was sealed (what was done to them before cannot be known).
pub(crate) fn seal_unsealed_rows(conn: &Connection, name: &str) -> Result<(), LedgerError> {
    for table in tables(conn)?.into_iter().filter(|t| t.name == name) {
        seal_rows_of(conn, &table)?;
    }
    Ok(())
}

/// Seals the rows of `table` that have no seal.
fn seal_rows_of(conn: &Connection, table: &Table) -> Result<(), LedgerError> {
    conn.execute(
        &format!(
            "INSERT INTO seal (tbl, row_key, mac)
             SELECT '{t}', t.\"{k}\", {call} FROM \"{t}\" AS t
             WHERE NOT EXISTS (SELECT 1 FROM seal s WHERE s.tbl = '{t}' AND s.row_key = +t.\"{k}\")",
            t = table.name,
            k = table.key,
            call = table.seal_call("t."),
        ),
        [],
    )?;
    Ok(())
}

/// Installs the seal triggers of every sealed table that has none yet: the tables a
/// migration added to a ledger sealed already (their rows, of which a new table has none,
/// need no seal). A table whose triggers exist is left alone; one whose triggers were
/// dropped behind lockbox's back never gets here, as the schema's seal is checked before a
/// migration writes.
pub(crate) fn install_added(conn: &Connection) -> Result<(), LedgerError> {
    for table in tables(conn)? {
        for (name, sql) in table.triggers() {
            let exists: bool = conn
                .prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1")?
                .exists([&name])?;
            if !exists {
                conn.execute_batch(&format!("{sql};"))?;
            }
        }
    }
    Ok(())
}

/// Seals the schema as it now is: after a migration that changed it, once the schema it
/// started from was found sealed (`Ledger::write` checks that before anything is written).
pub(crate) fn reseal_schema(conn: &Connection, key: &AuditKey) -> Result<(), LedgerError> {
    let (names, seal) = schema_seal(conn, key)?;
    for (k, v) in [
        (SCHEMA_SEAL_SETTING, seal),
        (SCHEMA_NAMES_SETTING, names.join(",")),
        (AUDIT_KEY_CHECK_SETTING, key.check_value()),
    ] {
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [k, &v],
        )?;
    }
    Ok(())
}

/// Every schema object as `type:name`, and the seal over each one's type, name, table and
/// SQL: a trigger, index, table (its CHECK constraints) or view dropped, added or changed
/// changes it, even one hidden by editing `sqlite_master` itself.
fn schema_seal(conn: &Connection, key: &AuditKey) -> Result<(Vec<String>, String), LedgerError> {
    let rows: Vec<(String, String, String, Option<String>)> = conn
        .prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_master
             WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let parts: Vec<&[u8]> = rows
        .iter()
        .flat_map(|(t, n, tbl, s)| {
            [
                t.as_bytes(),
                n.as_bytes(),
                tbl.as_bytes(),
                s.as_deref().unwrap_or("").as_bytes(),
            ]
        })
        .collect();
    Ok((
        rows.iter().map(|(t, n, _, _)| format!("{t}:{n}")).collect(),
        hex(&key.seal("schema", &parts)),
    ))
}

/// Before lockbox writes: whether the schema is still the one it sealed. A trigger slipped
/// in behind its back would otherwise run inside lockbox's own transaction, where the key
/// would seal whatever it did. `None` when it is (or the ledger was never sealed).
/// A setting's text: `None` when there is no setting table yet (a new ledger, before its
/// first migration) or no such row. A value that is not readable text (a BLOB, a number,
/// broken UTF-8 put there by SQL) is `UNREADABLE`, which matches no check value: a value
/// changed behind lockbox's back is never taken for one never written.
pub(crate) fn setting_text(conn: &Connection, key: &str) -> Result<Option<String>, LedgerError> {
    let table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'setting')",
        [],
        |r| r.get(0),
    )?;
    if !table {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            Ok(match r.get_ref(0)? {
                rusqlite::types::ValueRef::Null => None,
                rusqlite::types::ValueRef::Text(bytes) => Some(
                    std::str::from_utf8(bytes)
                        .map_or_else(|_| UNREADABLE.to_string(), str::to_string),
                ),
                _ => Some(UNREADABLE.to_string()),
            })
        })
        .optional()?
        .flatten())
}

/// What `setting_text` says of a value that is not text.
pub(crate) const UNREADABLE: &str = "(not text)";

pub(crate) fn schema_problem(
    conn: &Connection,
    key: &AuditKey,
) -> Result<Option<String>, LedgerError> {
    let stored = |k: &str| setting_text(conn, k);
    let sealed = stored(AUDIT_KEY_CHECK_SETTING)?;
    if sealed.as_deref().is_some_and(|c| c != key.check_value()) {
        return Ok(Some("the ledger's record of its audit key is not this key's: nothing is written until `lockbox check` is clean (restore a good copy, or the right audit.key)".to_string()));
    }
    if sealed.is_none() {
        // Never sealed is a ledger from before seals (its migration seals it). One of the
        // sealed era without its key's check value had it deleted: the schema's seal cannot
        // be trusted, and nothing may be written (nor the schema sealed again over it).
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version >= 7 {
            return Ok(Some("the ledger's record of its audit key was removed behind lockbox's back: nothing is written until `lockbox check` is clean (restore a good copy)".to_string()));
        }
        return Ok(None);
    }
    let (_, seal) = schema_seal(conn, key)?;
    Ok(
        if stored(SCHEMA_SEAL_SETTING)?.as_deref() == Some(seal.as_str()) {
            None
        } else {
            Some("the ledger's schema (a trigger, index, table or view) was changed behind lockbox's back: nothing is written until `lockbox check` is clean (restore a good copy)".to_string())
        },
    )
}

/// Every seal problem, one sentence each: rows changed, added or deleted by SQL, a total
/// that does not add up, a trigger dropped or changed, a key that is not the ledger's.
pub(crate) fn violations(
    conn: &Connection,
    key: Result<&AuditKey, &String>,
) -> Result<Vec<String>, LedgerError> {
    let mut found = Vec::new();
    let key = match key {
        Ok(key) => key,
        Err(problem) => {
            found.push(format!("{problem}; no seal can be checked"));
            return Ok(found);
        }
    };
    let stored_check = setting_text(conn, AUDIT_KEY_CHECK_SETTING)?;
    if stored_check.as_deref() != Some(key.check_value().as_str()) {
        found.push("the audit key is not this ledger's (its check value differs): every seal would fail; restore the right audit.key".to_string());
        return Ok(found);
    }
    // The schema: dropped, added or changed triggers, indexes, tables, views.
    let (names, seal) = schema_seal(conn, key)?;
    let stored = |k: &str| -> Result<String, LedgerError> {
        Ok(conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [k], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default())
    };
    if stored(SCHEMA_SEAL_SETTING)? != seal {
        let expected = stored(SCHEMA_NAMES_SETTING)?;
        let expected: Vec<&str> = expected.split(',').filter(|n| !n.is_empty()).collect();
        let missing: Vec<&str> = expected
            .iter()
            .copied()
            .filter(|n| !names.iter().any(|m| m == n))
            .collect();
        let added: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !expected.contains(n))
            .collect();
        if missing.is_empty() && added.is_empty() {
            found.push(
                "the schema was changed behind the ledger's back (a trigger, index, table or view definition)"
                    .to_string(),
            );
        }
        for (what, list) in [("dropped", missing), ("added", added)] {
            for kind in ["trigger", "index", "table", "view"] {
                let names: Vec<&str> = list
                    .iter()
                    .filter_map(|n| n.strip_prefix(&format!("{kind}:")))
                    .collect();
                if !names.is_empty() {
                    let plural = if kind == "index" {
                        "indexes"
                    } else {
                        &format!("{kind}s")
                    };
                    found.push(format!("{plural} {what}: {}", names.join(", ")));
                }
            }
        }
    }
    // Each sealed row against its seal.
    for table in tables(conn)? {
        found.extend(row_violations(conn, &table)?);
    }
    // Seals that belong to no sealed table: padding for the total.
    let stray: Vec<String> = conn
        .prepare("SELECT DISTINCT tbl FROM seal")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|t| !SEALED.iter().any(|(name, _)| name == t))
        .collect();
    if !stray.is_empty() {
        found.push(format!(
            "seals of no sealed table, added behind the ledger's back: {}",
            named(&stray)
        ));
    }
    // The total of all seals: a row deleted together with its seal.
    type Total = (i64, Option<Vec<u8>>, Option<Vec<u8>>);
    let total: Option<Total> = conn
        .query_row(
            "SELECT rows, xor, mac FROM seal_total WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((rows, xor, mac)) = total else {
        found.push("the seals' total was deleted behind the ledger's back".to_string());
        return Ok(found);
    };
    let stored_xor = blob_of(xor.as_deref());
    let mut actual_rows = 0i64;
    let mut actual_xor = [0u8; SEAL_BYTES];
    {
        let mut stmt = conn.prepare("SELECT mac FROM seal")?;
        let mut all = stmt.query([])?;
        while let Some(r) = all.next()? {
            actual_rows += 1;
            for (o, b) in actual_xor
                .iter_mut()
                .zip(blob_of(r.get_ref(0)?.as_blob().ok()))
            {
                *o ^= b;
            }
        }
    }
    if mac.as_deref() != Some(&total_seal(key, rows, &stored_xor)[..]) {
        found.push("the seals' total was changed behind the ledger's back".to_string());
    } else if rows != actual_rows || stored_xor != actual_xor {
        found.push(format!(
            "sealed rows were removed or replayed behind the ledger's back: {actual_rows} seal(s) on file, {rows} written"
        ));
    }
    Ok(found)
}

/// Each row of `table` against its seal: changed, added or deleted behind lockbox's back.
fn row_violations(conn: &Connection, table: &Table) -> Result<Vec<String>, LedgerError> {
    let mut found = Vec::new();
    let t = table.name;
    let k = &table.key;
    // Both sides in key order, merged in one pass: the table's rows with the seal their
    // content gives now, and the seals on file.
    let mut changed = Vec::new();
    let mut added = Vec::new();
    let mut deleted = Vec::new();
    let mut rows_stmt = conn.prepare(&format!(
        "SELECT t.\"{k}\", {call} FROM \"{t}\" AS t ORDER BY t.\"{k}\"",
        call = table.seal_call("t."),
    ))?;
    let mut seals_stmt =
        conn.prepare("SELECT row_key, mac FROM seal WHERE tbl = ?1 ORDER BY row_key")?;
    let mut rows = rows_stmt.query([])?;
    let mut seals = seals_stmt.query([t])?;
    let mut row = next_keyed(&mut rows)?;
    let mut seal = next_keyed(&mut seals)?;
    loop {
        match (&row, &seal) {
            (None, None) => break,
            (Some((rk, _)), None) => {
                added.push(rk.to_string());
                row = next_keyed(&mut rows)?;
            }
            (None, Some((sk, _))) => {
                deleted.push(sk.to_string());
                seal = next_keyed(&mut seals)?;
            }
            (Some((rk, now)), Some((sk, stored))) => match rk.cmp(sk) {
                std::cmp::Ordering::Less => {
                    added.push(rk.to_string());
                    row = next_keyed(&mut rows)?;
                }
                std::cmp::Ordering::Greater => {
                    deleted.push(sk.to_string());
                    seal = next_keyed(&mut seals)?;
                }
                std::cmp::Ordering::Equal => {
                    if now != stored {
                        changed.push(rk.to_string());
                    }
                    row = next_keyed(&mut rows)?;
                    seal = next_keyed(&mut seals)?;
                }
            },
        }
    }
    for (what, ids) in [
        (
            "changed or added behind the ledger's back (its seal is not the key's)",
            changed,
        ),
        ("added behind the ledger's back (no seal)", added),
        ("deleted behind the ledger's back", deleted),
    ] {
        if !ids.is_empty() {
            found.push(format!("{t} {what}: {}", named(&ids)));
        }
    }
    Ok(found)
}

/// The tables a migration changes the columns of: before it, every row must still match
/// the seal made from the columns it had (else upgrading would seal a change made behind
/// lockbox's back); the problems found, one sentence each.
pub(crate) fn rows_problems(conn: &Connection, names: &[&str]) -> Result<Vec<String>, LedgerError> {
    let mut found = Vec::new();
    for table in tables(conn)?.iter().filter(|t| names.contains(&t.name)) {
        found.extend(row_violations(conn, table)?);
    }
    Ok(found)
}

/// After a migration changed the columns of `names` (checked first by `rows_problems`):
/// their seal triggers made again from the columns they have now, and every row's seal
/// made again over them.
pub(crate) fn reseal_rows(conn: &Connection, names: &[&str]) -> Result<(), LedgerError> {
    for table in tables(conn)?.iter().filter(|t| names.contains(&t.name)) {
        for (name, sql) in table.triggers() {
            conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}; {sql};"))?;
        }
        conn.execute(
            &format!(
                "UPDATE seal SET mac = (SELECT {call} FROM \"{t}\" AS t WHERE t.\"{k}\" = seal.row_key)
                 WHERE tbl = '{t}'",
                t = table.name,
                k = table.key,
                call = table.seal_call("t."),
            ),
            [],
        )?;
    }
    Ok(())
}

fn blob_of(b: Option<&[u8]>) -> Seal {
    let mut out = [0u8; SEAL_BYTES];
    if let Some(b) = b.filter(|b| b.len() == SEAL_BYTES) {
        out.copy_from_slice(b);
    }
    out
}

/// A row's key as SQLite orders it: integers before text, text by its bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Text(Vec<u8>),
    Other,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Int(n) => write!(f, "{n}"),
            Key::Text(t) => {
                let shown: String = String::from_utf8_lossy(t)
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(40)
                    .collect();
                f.write_str(&shown)
            }
            Key::Other => f.write_str("(a key of another type)"),
        }
    }
}

/// The next (key, seal) pair of a query that returns them in key order.
fn next_keyed(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(Key, Seal)>, LedgerError> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let key = match r.get_ref(0)? {
        ValueRef::Integer(n) => Key::Int(n),
        ValueRef::Text(t) => Key::Text(t.to_vec()),
        _ => Key::Other,
    };
    Ok(Some((key, blob_of(r.get_ref(1)?.as_blob().ok()))))
}

fn named(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(NAMED_MAX).map(String::as_str).collect();
    if ids.len() > NAMED_MAX {
        format!("{} and {} more", shown.join(", "), ids.len() - NAMED_MAX)
    } else {
        shown.join(", ")
    }
}
