//! The audit trail: an append-only chain of rows, each hashed with the one before it, each
//! hash sealed with the audit key (HMAC-SHA256, `lockbox_mac`), and the last entry written
//! kept in an anchor file beside the ledger.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use super::{AuditKey, Ledger, LedgerError};

/// The previous hash of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened, as it goes into the audit trail.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: String,
    pub outcome: &'a str,
    pub detail: String,
}

/// Appends to the chain inside one write transaction. It reads the chain's head once, at
/// the start, which is safe because the transaction holds the write lock.
#[derive(Debug, Clone)]
pub struct AuditWriter {
    next_id: i64,
    prev_hash: String,
}

impl AuditWriter {
    pub fn begin(tx: &Transaction<'_>) -> Result<AuditWriter, LedgerError> {
        // The sequence, not max(id): if rows at the end were deleted, the new row's id
        // leaves a gap that `verify` reports.
        let last_id: i64 = tx
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'audit'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let prev_hash: String = tx
            .query_row("SELECT hash FROM audit ORDER BY id DESC LIMIT 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_else(|| GENESIS_HASH.to_string());
        Ok(AuditWriter {
            next_id: last_id + 1,
            prev_hash,
        })
    }

    /// Appends a row for an action that succeeded.
    pub fn ok(
        &mut self,
        tx: &Transaction<'_>,
        at: &str,
        actor: &str,
        action: &str,
        subject: String,
        detail: String,
    ) -> Result<i64, LedgerError> {
        self.append(
            tx,
            at,
            &AuditEntry {
                actor,
                action,
                subject,
                outcome: "ok",
                detail,
            },
        )
    }

    pub fn append(
        &mut self,
        tx: &Transaction<'_>,
        at: &str,
        entry: &AuditEntry<'_>,
    ) -> Result<i64, LedgerError> {
        self.append_many(tx, at, std::slice::from_ref(entry))?;
        Ok(self.next_id - 1)
    }

    /// Appends `entries`, all written at `at`, in order, by as few statements as
    /// `row_batch` takes (one for up to 250): each statement that inserts into the audit
    /// trail (its trigger adds to the outbox) keeps a statement journal of every page it
    /// changes, and a posting's chunk writes one entry per deposit.
    pub fn append_many(
        &mut self,
        tx: &Transaction<'_>,
        at: &str,
        entries: &[AuditEntry<'_>],
    ) -> Result<(), LedgerError> {
        if entries.is_empty() {
            return Ok(());
        }
        // The chain moves on only once every row is written: a writer whose insert failed
        // is as it was (the transaction, which may hold the rows of the statements before
        // the one that failed, is then rolled back by the caller).
        let (mut next_id, mut prev_hash) = (self.next_id, self.prev_hash.clone());
        let mut values = Vec::with_capacity(entries.len() * 10);
        for entry in entries {
            let hash = row_hash(&prev_hash, next_id, at, entry);
            values.extend([
                Value::Integer(next_id),
                Value::Text(at.to_string()),
                Value::Text(entry.actor.to_string()),
                Value::Text(entry.action.to_string()),
                Value::Text(entry.subject.clone()),
                Value::Text(entry.outcome.to_string()),
                Value::Text(entry.detail.clone()),
                Value::Text(prev_hash),
                Value::Text(hash.clone()),
                Value::Text(hash.clone()),
            ]);
            prev_hash = hash;
            next_id += 1;
        }
        super::row_batch::insert_rows(
            tx,
            "INSERT INTO audit (id, at, actor, action, subject, outcome, detail, prev_hash, hash, mac)
             VALUES",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, lockbox_mac(?))",
            10,
            &values,
        )?;
        self.next_id = next_id;
        self.prev_hash = prev_hash;
        Ok(())
    }
}

/// SHA-256 over the previous hash and every field of the row, each field prefixed by its
/// length so that no two different rows can give the same input.
pub fn row_hash(prev_hash: &str, id: i64, at: &str, entry: &AuditEntry<'_>) -> String {
    let mut h = Sha256::new();
    let id_text = id.to_string();
    for part in [
        prev_hash,
        id_text.as_str(),
        at,
        entry.actor,
        entry.action,
        entry.subject.as_str(),
        entry.outcome,
        entry.detail.as_str(),
    ] {
        h.update(part.len().to_string().as_bytes());
        h.update(b":");
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

/// What is wrong with the chain, at the first row where it goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AuditProblem {
    /// The row's content no longer gives its hash: it was edited.
    Edited { id: i64 },
    /// The row does not follow the row before it: a row was deleted or rows reordered.
    BrokenLink { id: i64 },
    /// The row's seal is not the audit key's: it was forged (written without the key, even
    /// with a correct plain hash).
    Forged { id: i64 },
    /// Ids jump: rows before this one were deleted.
    Gap { id: i64, expected: i64 },
    /// The chain ends before the last row ever written: rows at the end were deleted.
    Truncated { last_id: i64, expected: i64 },
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditVerdict {
    pub rows: i64,
    pub head_hash: String,
    pub problem: Option<AuditProblem>,
}

impl AuditVerdict {
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }
}

/// Walks the chain in id order and names the first row that is wrong.
/// With `keyed`, each row's seal is checked against the audit key too (without a key only
/// the plain chain can be, and `check` says the key is missing).
pub fn verify(conn: &Connection, keyed: bool) -> Result<AuditVerdict, LedgerError> {
    let mut stmt = conn.prepare(if keyed {
        "SELECT id, at, actor, action, subject, outcome, detail, prev_hash, hash,
                mac IS NOT NULL AND mac = lockbox_mac(hash)
         FROM audit ORDER BY id"
    } else {
        "SELECT id, at, actor, action, subject, outcome, detail, prev_hash, hash, 1
         FROM audit ORDER BY id"
    })?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS_HASH.to_string();
    let mut expected_id = 1i64;
    let mut count = 0i64;
    let mut problem = None;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let at: String = row.get(1)?;
        let actor: String = row.get(2)?;
        let action: String = row.get(3)?;
        let subject: String = row.get(4)?;
        let outcome: String = row.get(5)?;
        let detail: String = row.get(6)?;
        let prev_hash: String = row.get(7)?;
        let hash: String = row.get(8)?;
        let sealed: bool = row.get(9)?;
        count += 1;
        let entry = AuditEntry {
            actor: &actor,
            action: &action,
            subject,
            outcome: &outcome,
            detail,
        };
        if problem.is_none() {
            if row_hash(&prev_hash, id, &at, &entry) != hash {
                problem = Some(AuditProblem::Edited { id });
            } else if !sealed {
                problem = Some(AuditProblem::Forged { id });
            } else if prev_hash != expected_prev {
                problem = Some(AuditProblem::BrokenLink { id });
            } else if id != expected_id {
                problem = Some(AuditProblem::Gap {
                    id,
                    expected: expected_id,
                });
            }
        }
        expected_prev = hash;
        expected_id = id + 1;
    }
    if problem.is_none() {
        let seq: i64 = conn
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'audit'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        if seq != expected_id - 1 {
            problem = Some(AuditProblem::Truncated {
                last_id: expected_id - 1,
                expected: seq,
            });
        }
    }
    Ok(AuditVerdict {
        rows: count,
        head_hash: expected_prev,
        problem,
    })
}

impl Ledger {
    /// Checks the audit chain from its first row to its head.
    pub fn verify_audit(&self) -> Result<AuditVerdict, LedgerError> {
        verify(&self.conn, self.audit_key.is_ok())
    }
}

/// The last audit entry: its id and hash.
pub(crate) fn head(conn: &Connection) -> Result<Option<(i64, String)>, LedgerError> {
    Ok(conn
        .prepare_cached("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Writes `id hash` into the anchor file (a new file put in place, so a reader never sees
/// half of one). A failure is logged: the anchor is a witness, not the ledger.
pub(crate) fn write_anchor(path: &std::path::Path, id: i64, hash: &str, key: &AuditKey) {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let mac = anchor_mac(key, id, hash);
    let result = std::fs::write(&tmp, format!("{id} {hash} {mac}\n"))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        tracing::warn!(anchor = %path.display(), "the audit anchor could not be written: {e}");
    }
}

/// The anchor's own seal: an anchor file rewritten by hand does not check.
fn anchor_mac(key: &AuditKey, id: i64, hash: &str) -> String {
    super::audit_key::hex(&key.seal("anchor", &[&id.to_le_bytes(), hash.as_bytes()]))
}

/// The anchor file's entry (id, hash, seal), if it has one.
pub(crate) fn read_anchor(path: &std::path::Path) -> Option<(i64, String, String)> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut parts = text.split_whitespace();
    let id = parts.next()?.parse().ok()?;
    let hash = parts.next()?.to_string();
    let mac = parts.next().unwrap_or("").to_string();
    Some((id, hash, mac))
}

/// Whether the chain still holds the entry `anchor` names: `None` when it does, else what
/// is wrong, in a sentence.
pub(crate) fn anchor_problem(
    conn: &Connection,
    id: i64,
    hash: &str,
    source: &str,
) -> Result<Option<String>, LedgerError> {
    let found: Option<String> = conn
        .query_row("SELECT hash FROM audit WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    Ok(match found {
        None => Some(format!(
            "the audit trail was cut short: entry {id} ({source}) is no longer in it"
        )),
        Some(h) if h != hash => Some(format!(
            "the audit trail was rewritten: entry {id} is not the one {source} names"
        )),
        Some(_) => None,
    })
}

impl Ledger {
    /// What the anchors say is missing from the chain: the anchor file beside the ledger,
    /// and `given`, a hash noted elsewhere (the head printed on a day's reconciliation).
    pub fn anchor_problems(&self, given: Option<&str>) -> Result<Vec<String>, LedgerError> {
        let mut problems = Vec::new();
        if let (Some(anchor), Ok(key)) = (self.anchor_path(), &self.audit_key) {
            match read_anchor(anchor) {
                Some((id, hash, mac)) if mac == anchor_mac(key, id, &hash) => {
                    problems.extend(anchor_problem(
                        &self.conn,
                        id,
                        &hash,
                        &format!("anchored in {}", anchor.display()),
                    )?);
                }
                Some(_) => problems.push(format!(
                    "the audit anchor {} was written by hand (its seal is not the key's)",
                    anchor.display()
                )),
                None => {
                    let anchored: Option<String> = self
                        .conn
                        .query_row(
                            "SELECT value FROM setting WHERE key = 'audit_anchored'",
                            [],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if anchored.is_some() {
                        problems.push(format!(
                            "the audit anchor {} is missing: the trail could have been cut short unnoticed",
                            anchor.display()
                        ));
                    }
                }
            }
        }
        if let Some(hash) = given {
            problems.extend(self.audit_anchor_problem(hash)?);
        }
        Ok(problems)
    }

    /// Whether the chain holds an entry with this hash (an anchor printed on a day's
    /// reconciliation): `None` when it does, else what is wrong.
    pub fn audit_anchor_problem(&self, hash: &str) -> Result<Option<String>, LedgerError> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM audit WHERE hash = ?1", [hash.trim()], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(match id {
            Some(_) => None,
            None => Some(format!(
                "the audit trail holds no entry with the hash {}: entries were removed or rewritten since it was noted",
                hash.trim()
            )),
        })
    }
}
