//! The outbox: what this site has to push to the central server, in order (schema version
//! 13's triggers append to it in the same transaction as each write), and the site id the
//! ledger belongs to.

use rusqlite::params;

use super::{Ledger, LedgerError};

/// One entry, as pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub seq: i64,
    /// `action` (an audit entry: the business action) or `transfer` (a journal entry).
    pub kind: String,
    /// JSON.
    pub body: String,
}

/// Where a site's sync stands, as the console and `doctor` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    pub site: String,
    /// Entries not yet applied centrally.
    pub waiting: i64,
    /// When entries were last applied centrally (`None`: never).
    pub last_push: Option<chrono::NaiveDateTime>,
}

/// The setting that records which site a ledger belongs to, from its first push on.
const SITE_SETTING: &str = "site_id";

impl Ledger {
    /// The first `limit` entries not yet applied centrally, oldest first.
    pub fn outbox_pending(&self, limit: usize) -> Result<Vec<OutboxEntry>, LedgerError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            // An entry written since schema 15 names its transfer or audit entry, and its
            // body is made from it now (see schema.sql).
            concat!(
            "SELECT o.seq, o.kind,
                    COALESCE(o.body, CASE o.kind
                        WHEN 'transfer' THEN (SELECT body FROM outbox_transfer_body WHERE id = o.source)
                        ELSE (SELECT body FROM outbox_action_body WHERE id = o.source) END),
                    ",
            forged_outbox_copy!(),
            "
             FROM outbox o WHERE o.sent_at IS NULL ORDER BY o.seq LIMIT ?1"
            ),
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<bool>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, kind, body, forged_copy) = row?;
            // A copy written after lockbox stopped writing copies (schema 15), or a transfer's
            // copy that says other than its sealed transfer, came from outside: it would
            // change the central books by itself. Never pushed (`check` names it too).
            if forged_copy == Some(true) {
                return Err(LedgerError::Corrupt(format!(
                    "outbox entry {seq} holds a copy of a {kind} that lockbox did not write: the ledger was edited behind its back (see `lockbox check`)"
                )));
            }
            // Its transfer or audit entry is gone: not something lockbox can do (they are
            // append-only), so the ledger was edited behind its back.
            let body = body.ok_or_else(|| {
                LedgerError::Corrupt(format!(
                    "outbox entry {seq} names a {kind} that is not in the ledger"
                ))
            })?;
            out.push(OutboxEntry { seq, kind, body });
        }
        Ok(out)
    }

    /// How many entries wait, and when the last one was applied centrally (`None`: never).
    /// Entries are marked in order, so the newest mark is on the last entry marked: read
    /// backwards from the end, past only the entries waiting (not the whole outbox).
    pub fn outbox_state(&self) -> Result<(i64, Option<String>), LedgerError> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL),
                    (SELECT sent_at FROM outbox WHERE sent_at IS NOT NULL
                     ORDER BY seq DESC LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// The site this ledger syncs as, what waits, and when it last pushed: `None` for a
    /// ledger that never reached a central server (a site on its own).
    pub fn sync_state(&self) -> Result<Option<SyncState>, LedgerError> {
        let Some(site) = super::seal::setting_text(&self.conn, SITE_SETTING)? else {
            return Ok(None);
        };
        let (waiting, last) = self.outbox_state()?;
        let last_push = last
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(&t, super::TIMESTAMP_FORMAT).ok());
        Ok(Some(SyncState {
            site,
            waiting,
            last_push,
        }))
    }

    /// Marks entries `first..=last` applied centrally at `at`. (Marking is not a write
    /// that moves money: a crash before it only sends them again, which the central
    /// server recognises.)
    pub fn outbox_mark_sent(
        &mut self,
        first: i64,
        last: i64,
        at: chrono::NaiveDateTime,
    ) -> Result<(), LedgerError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE outbox SET sent_at = ?3 WHERE seq BETWEEN ?1 AND ?2 AND sent_at IS NULL",
            params![first, last, super::timestamp(at)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Entries after `seq` marked sent go out again: the central server holds this site's
    /// entries only up to `seq` (it was restored from an older copy). Resent entries it
    /// holds after all are recognised there. Says how many.
    pub fn outbox_resend_after(&mut self, seq: i64) -> Result<usize, LedgerError> {
        let tx = self.write()?;
        let n = tx.execute(
            "UPDATE outbox SET sent_at = NULL WHERE seq > ?1 AND sent_at IS NOT NULL",
            [seq],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// The last entry marked sent (0: none).
    pub fn outbox_last_sent(&self) -> Result<i64, LedgerError> {
        Ok(self.conn.query_row(
            "SELECT coalesce((SELECT seq FROM outbox WHERE sent_at IS NOT NULL
                              ORDER BY seq DESC LIMIT 1), 0)",
            [],
            |r| r.get(0),
        )?)
    }

    /// The site this ledger belongs to: recorded at its first push as `site`, and from
    /// then on a push under another id is refused (a copied ledger must not push another
    /// site's entries under its own name, nor its own twice under two).
    pub fn claim_site(&mut self, site: &str) -> Result<(), LedgerError> {
        // Claimed already (every round but the first): read, not written, so an idle sync
        // writes nothing.
        if super::seal::setting_text(&self.conn, SITE_SETTING)?.as_deref() == Some(site) {
            return Ok(());
        }
        let tx = self.write()?;
        let recorded: Option<String> = super::seal::setting_text(&tx, SITE_SETTING)?;
        match recorded {
            Some(r) if r == site => {}
            Some(r) => {
                return Err(LedgerError::Corrupt(format!(
                    "this ledger belongs to site {r:?}, not {site:?}: set site.id (LOCKBOX_SITE_ID) to {r:?}"
                )))
            }
            None => {
                tx.execute(
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)",
                    params![SITE_SETTING, site],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
