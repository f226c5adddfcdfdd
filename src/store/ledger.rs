use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use super::LedgerError;

/// The whole schema this binary writes, one section per version.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// The line that starts each version's section of `schema.sql`.
const SECTION_MARK: &str = "\n-- === version ";

/// The schema version this binary understands: the number of sections in `schema.sql`
/// (a test holds the two together).
pub const SCHEMA_VERSION: i64 = 20;

/// Migrations by the version they produce; element `i` takes a database from version `i`
/// to `i + 1`.
pub fn migrations() -> Vec<String> {
    SCHEMA_SQL
        .split(SECTION_MARK)
        .skip(1)
        // The split takes the comment's start away; put it back.
        .map(|section| format!("-- version {section}"))
        .collect()
}

/// Where a section's once-only part begins (see `migrate_locked`).
const ONCE_MARK: &str = "\n-- --- once:";

/// The sections with a once-only part, each known done by a column it adds: (version,
/// table, column).
const ONCE_DONE: &[(i64, &str, &str)] = &[
    (10, "transfer", "electronic_id"),
    (11, "money_order", "sender_key"),
    (13, "outbox", "seq"),
    (14, "serial_elsewhere", "id"),
    (15, "person_arrival", "id"),
    (16, "money_order", "returned_at"),
];

/// The sealed tables each version changes the columns of (rebuilt or given a column). A
/// migration that rebuilds `money_order` or `electronic_deposit` (create, copy, drop,
/// rename) must drop the view `deposit_window` first and make it again after: SQLite
/// refuses to rename a table a view names.
const RESHAPED: &[(i64, &[&str])] = &[
    (10, &["transfer", "receipt", "electronic_deposit"]),
    (11, &["money_order"]),
    (16, &["money_order"]),
];

/// The page cache of a batch job (an import, the posting, the demo), in KiB: what a
/// day's work reads of a state's ledger (its windows' indexes, the inmates' accounts) stays
/// in memory instead of being read again from the file, and the pages it changes are not
/// spilled to the log before it commits. Other work keeps SQLite's default (2 MiB).
const BATCH_CACHE_KIB: i64 = 256 * 1024;

/// How far a batch job lets the write-ahead log grow before it is copied into the ledger,
/// in pages (256 MiB at 4 KiB): SQLite's default, 1,000 pages, copied the log back after
/// nearly every chunk of a posting, each time writing the same random pages of a big
/// ledger (account rows, index leaves) again; a posting of 10,000 money orders on the
/// scale-100000 ledger had the disk write 1.9 GB, and 730 MB with this. The job copies the
/// log back at its end. Durability is the log's, as before. The limit is this connection's:
/// another process writing meanwhile (the console's desk printer, a kiosk) still copies the
/// log back after its own commit, as it always did, at most as often as it writes.
const BATCH_WAL_PAGES: i64 = 65_536;
/// How much of a ledger a job that maps it asks to read through the map
/// (`with_mapped_reads`). SQLite as built here maps at most 2 GiB (its
/// `SQLITE_MAX_MMAP_SIZE`), more than the largest ledger measured (1.5 GB at 100,000
/// people); the pages of a bigger file beyond that are read as usual.
pub(crate) const MAPPED_BYTES: i64 = 4 << 30;

/// The log file's size kept once it starts over (`journal_size_limit`): 64 MiB.
const WAL_FILE_KEPT_BYTES: i64 = 64 * 1024 * 1024;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

/// How long a writer waits for another process's transaction before giving up; the kiosk,
/// the clerk console and batch commands share one file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Account ids fixed by the schema.
pub(crate) const LOCKBOX_ACCOUNT: i64 = 1;
pub(crate) const UNPOSTED_ACCOUNT: i64 = 2;

/// An open ledger: one SQLite connection, set up for durability and for sharing the file
/// with other processes.
pub struct Ledger {
    pub(crate) conn: Connection,
    /// The audit key, or why there is none usable (then nothing can be written).
    pub(crate) audit_key: Result<super::AuditKey, String>,
    /// Where the audit key lives (`None` for a ledger in memory).
    audit_key_path: Option<PathBuf>,
    /// The file beside the ledger that holds the last audit entry known written: SQL alone
    /// cannot roll the chain back below it unnoticed.
    anchor: Option<PathBuf>,
    /// The audit id this process last wrote into the anchor.
    anchored: Cell<i64>,
    /// SQLite's schema cookie when this connection last found the schema sealed: the
    /// digest is recomputed only when the schema changed, not on every write.
    schema_checked: Cell<Option<i64>>,
    /// Whether the audit key was there before this open. A ledger whose key exists but
    /// whose schema predates seals was taken back by hand (a downgrade), and sealing it
    /// again would bless whatever was done to it: refused.
    key_preexisted: bool,
    /// The holiday calendar as last read, with what it was read at: SQLite's
    /// `data_version` (changes by other connections) and this connection's change count.
    /// Every fee account needs the calendar, and reading 156 holidays cost a third of one.
    calendar: std::cell::RefCell<Option<((i64, u64), crate::domain::BusinessCalendar)>>,
}

/// Where a ledger's audit key comes from.
enum KeyPlace {
    /// `audit.key` beside the ledger, created for a ledger that has none yet; the anchor
    /// beside the ledger too.
    Beside(PathBuf),
    /// A copy (a backup being checked): the live ledger's key, never created; no anchor;
    /// sealed when it predates seals only if the flag says so.
    Copy(PathBuf, bool),
    /// A ledger in memory: a key of its own for as long as it lives.
    Memory,
}

impl Ledger {
    /// Opens (creating if needed) the ledger at `path` and migrates it to this binary's
    /// schema version in one transaction.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        Ledger::setup(conn, KeyPlace::Beside(path.to_path_buf()))
    }

    /// Opens a copy of a ledger (a backup, a restore's scratch copy) with the live
    /// ledger's audit key at `key`: never creates a key beside the copy, keeps no anchor.
    /// A copy made before seals is sealed only with `seal_old` (a restore told `--older`).
    pub fn open_copy(path: &Path, key: &Path, seal_old: bool) -> Result<Ledger, LedgerError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        Ledger::setup(conn, KeyPlace::Copy(key.to_path_buf(), seal_old))
    }

    /// Why nothing can be written (no usable audit key, or a schema changed behind
    /// lockbox's back), if so.
    pub fn write_problem(&self) -> Option<String> {
        match &self.audit_key {
            Err(problem) => Some(problem.clone()),
            Ok(key) => {
                super::seal::schema_problem(&self.conn, key).unwrap_or_else(|e| Some(e.to_string()))
            }
        }
    }

    /// Why the audit key cannot be used (missing, unreadable, another ledger's), if so.
    pub fn audit_key_problem(&self) -> Option<&str> {
        self.audit_key.as_ref().err().map(String::as_str)
    }

    /// Where this ledger's audit key is (`None` in memory).
    pub fn audit_key_path(&self) -> Option<&Path> {
        self.audit_key_path.as_deref()
    }

    /// Opens the ledger that already exists at `path`, refusing (and creating nothing) when
    /// there is no file there or the file is not a lockbox ledger. Every command but `init`
    /// and `demo` opens this way: a mistyped path or an unmounted data disk must not turn
    /// into a fresh empty ledger that takes deposits.
    pub fn open_existing(path: &Path) -> Result<Ledger, LedgerError> {
        let missing = || LedgerError::NoLedger(path.display().to_string());
        if !path.is_file() {
            return Err(missing());
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|_| missing())?;
        // A lockbox ledger has a schema version and the audit trail; an empty or foreign
        // database has neither.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|_| missing())?;
        let has_audit: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit')",
                [],
                |r| r.get(0),
            )
            .map_err(|_| missing())?;
        if version < 1 || !has_audit {
            return Err(missing());
        }
        Ledger::setup(conn, KeyPlace::Beside(path.to_path_buf()))
    }

    /// A private ledger in memory (tests).
    pub fn open_in_memory() -> Result<Ledger, LedgerError> {
        Ledger::setup(Connection::open_in_memory()?, KeyPlace::Memory)
    }

    fn setup(conn: Connection, place: KeyPlace) -> Result<Ledger, LedgerError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Intake, posting and screening each run a few dozen distinct statements per
        // deposit; a cache smaller than that prepares them again every time.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // WAL lets the kiosk read while the clerk posts; FULL makes each commit durable
        // before the screen says it is done.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // A batch job lets the log grow (`BATCH_WAL_PAGES`); once copied back, the file is
        // cut to this size when the log starts over, not kept at its largest for as long
        // as a kiosk keeps the ledger open.
        conn.pragma_update(None, "journal_size_limit", WAL_FILE_KEPT_BYTES)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The key check value the ledger holds, if it has been sealed already.
        // (A value that is not text reads as one that matches no key.)
        let stored_check = super::seal::setting_text(&conn, super::seal::AUDIT_KEY_CHECK_SETTING)?;
        let mut key_preexisted = true;
        let (audit_key, audit_key_path, anchor) = match place {
            KeyPlace::Memory => {
                key_preexisted = false;
                (super::AuditKey::random(), None, None)
            }
            KeyPlace::Copy(key_path, seal_old) => {
                key_preexisted = !seal_old;
                (
                    super::AuditKey::load(&key_path).and_then(|k| {
                        k.ok_or_else(|| format!("the audit key {} is missing", key_path.display()))
                    }),
                    Some(key_path),
                    None,
                )
            }
            KeyPlace::Beside(db) => {
                let key_path = super::audit_key::default_audit_key(&db);
                let key = match super::AuditKey::load(&key_path) {
                    Ok(Some(k)) => Ok(k),
                    Ok(None) if stored_check.is_none() => {
                        key_preexisted = false;
                        super::AuditKey::create(&key_path)
                    }
                    Ok(None) => Err(format!(
                        "the audit key {} is missing, but this ledger's rows are sealed with it: restore it from its copy (a new key would make every seal fail); nothing can be written until then",
                        key_path.display()
                    )),
                    Err(e) => Err(e),
                };
                let mut anchor = db.into_os_string();
                anchor.push("-audit.anchor");
                (key, Some(key_path), Some(PathBuf::from(anchor)))
            }
        };
        // A key that is not the one the ledger was sealed with writes nothing.
        let audit_key = audit_key.and_then(|k| match &stored_check {
            Some(check) if *check != k.check_value() => Err(
                "the audit key is not this ledger's (its check value differs): restore the right audit.key; nothing can be written until then".to_string(),
            ),
            _ => Ok(k),
        });
        super::seal::register(&conn, audit_key.clone())?;
        let mut ledger = Ledger {
            conn,
            audit_key,
            audit_key_path,
            anchor,
            anchored: Cell::new(0),
            schema_checked: Cell::new(None),
            key_preexisted,
            calendar: std::cell::RefCell::new(None),
        };
        ledger.migrate()?;
        Ok(ledger)
    }

    /// The schema version stored in the file.
    pub fn schema_version(&self) -> Result<i64, LedgerError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), LedgerError> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(LedgerError::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        let result = self.migrate_locked();
        // A key this open made for a migration that did not happen goes again: the next
        // try must not take the ledger for one taken back behind lockbox's back.
        if result.is_err() && !self.key_preexisted {
            if let Some(path) = &self.audit_key_path {
                let _ = std::fs::remove_file(path);
            }
        }
        // A sealed ledger (version 7 on) whose schema or key record was changed behind
        // lockbox's back is not upgraded: that would seal the change. It opens as it is, so
        // that `check` can say what is wrong, and nothing is written until it is clean (the
        // same check refuses every write).
        if let Err(LedgerError::Key(problem)) = &result {
            if found >= 7 {
                tracing::error!(problem = %problem, "the ledger is not upgraded");
                return Ok(());
            }
        }
        result
    }

    fn migrate_locked(&mut self) -> Result<(), LedgerError> {
        let key = self.audit_key.clone().map_err(LedgerError::Key)?;
        let preexisted = self.key_preexisted;
        let tx = self.write()?;
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        // A ledger that has a key of its own but a schema from before seals was taken back
        // by hand: sealing it again would bless whatever was done to it.
        if (1..7).contains(&found) && preexisted {
            return Err(LedgerError::Key(format!(
                "this ledger's schema (version {found}) predates seals, but its audit key exists: it was taken back behind lockbox's back, and is not sealed again; restore a good copy (a backup from before seals is restored with `restore --older`)"
            )));
        }
        // Sealed tables whose columns the coming migrations change: their rows must match
        // their seals before (else the upgrade would seal what was done to them), and are
        // sealed again over their new columns after.
        let reshaped: Vec<&str> = RESHAPED
            .iter()
            .filter(|(version, _)| found >= 7 && *version > found)
            .flat_map(|(_, tables)| tables.iter().copied())
            .collect();
        let problems = super::seal::rows_problems(&tx, &reshaped)?;
        if !problems.is_empty() {
            return Err(LedgerError::Key(format!(
                "rows were changed behind lockbox's back, and upgrading would seal them: {}; restore a good copy",
                problems.join("; ")
            )));
        }
        let start = usize::try_from(found).unwrap_or(0);
        for (index, sql) in migrations().iter().enumerate().skip(start) {
            // A section's part after ONCE_MARK rebuilds tables or adds columns, which SQL
            // cannot make conditional: it runs when the change is not there yet (a ledger
            // whose version number was set back runs its sections again, and must not fail).
            match sql.split_once(ONCE_MARK) {
                Some((always, once)) => {
                    tx.execute_batch(always)?;
                    let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
                    let (_, table, column) = ONCE_DONE
                        .iter()
                        .find(|(v, _, _)| *v == version)
                        .ok_or_else(|| {
                            LedgerError::Corrupt(format!(
                                "schema section {version} has a once-only part but no test of it"
                            ))
                        })?;
                    let done: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
                        [table, column],
                        |r| r.get(0),
                    )?;
                    if !done {
                        // The split took the comment's start away; put it back.
                        tx.execute_batch(&format!("-- {once}"))?;
                    }
                }
                None => tx.execute_batch(sql)?,
            }
        }
        if found < 6 {
            rekey_money_orders(&tx)?;
        }
        if found < 11 {
            super::velocity::backfill_money_orders(&tx)?;
        }
        // Seals: the triggers made from the tables as they are now, and every row sealed.
        // A ledger sealed already (version 7 on) only has its new schema sealed: its old
        // schema was found sealed before this transaction began, and resealing its rows
        // would bless whatever was done to them. A later migration that changes a sealed
        // table's columns must reinstall its triggers here.
        if found < 7 {
            super::seal::install(&tx, &key)?;
        } else {
            super::seal::reseal_rows(&tx, &reshaped)?;
            super::seal::install_added(&tx)?;
            if found < 20 {
                super::seal::seal_unsealed_rows(&tx, "print_job")?;
            }
            if found < 10 {
                super::electronic_books::book_accepted_before_books(&tx)?;
            }
            super::seal::reseal_schema(&tx, &key)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `f` with the ledger's holiday calendar, read again only when the ledger
    /// changed since it was last read (by this connection or another one): a fee account
    /// costs its case, not the calendar too.
    pub(crate) fn with_calendar<R>(
        &self,
        f: impl FnOnce(&crate::domain::BusinessCalendar) -> R,
    ) -> Result<R, LedgerError> {
        let others: i64 = self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        let stamp = (others, self.conn.total_changes());
        let mut cached = self.calendar.borrow_mut();
        if let Some((at, calendar)) = cached.as_ref() {
            if *at == stamp {
                return Ok(f(calendar));
            }
        }
        // Read after the stamp: a holiday added meanwhile is in it, and the next call,
        // seeing a newer stamp, only reads the calendar again.
        let calendar = super::fees::calendar_of(&self.conn)?;
        let out = f(&calendar);
        *cached = Some((stamp, calendar));
        Ok(out)
    }

    /// Commits stop waiting for the disk (`synchronous = OFF`) until `sync_to_disk`. Only
    /// for a file no one else has opened and that is thrown away if the job stops halfway:
    /// the demo, built in a scratch file and put in place when whole. A crash may
    /// lose the commits the disk had not written yet, and the whole file goes with them.
    pub fn write_unsynced(&self) -> Result<(), LedgerError> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    /// Durable commits again (`synchronous = FULL`), with the log copied into the ledger
    /// file and that file synced: what was written `write_unsynced` is now on the disk like
    /// any commit.
    pub fn sync_to_disk(&self) -> Result<(), LedgerError> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // TRUNCATE copies the whole log back, syncs the ledger file and empties the log; a
        // reader holding part of the log back would make it report "busy".
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(LedgerError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("another process reads the ledger: its log cannot be copied back".into()),
            )));
        }
        Ok(())
    }

    /// Runs a batch job with `BATCH_CACHE_KIB` of page cache and its statement journals in
    /// memory, then gives the memory back. Every insert into a sealed table keeps a statement
    /// journal (its trigger makes it a multi-row write); on file, once one outgrew SQLite's
    /// 64 KiB, it stayed a file for the rest of the transaction, two writes per page. A batch
    /// job's statements each touch a few pages; a migration's index rebuild does not, and
    /// runs outside (its journal may spill to a file).
    ///
    /// A panic inside `job` leaves the settings as the job had them: nothing catches one
    /// and goes on with the same ledger.
    pub fn with_batch_cache<T, E: From<LedgerError>>(
        &mut self,
        job: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        self.with_batch_cache_of(BATCH_CACHE_KIB, job)
    }

    /// `with_batch_cache` with `kib` of page cache. A job inside another keeps the outer
    /// one's cache if it is larger (the demo's postings run inside the demo's build).
    pub fn with_batch_cache_of<T, E: From<LedgerError>>(
        &mut self,
        kib: i64,
        job: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        let before: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .map_err(LedgerError::from)?;
        // A negative size is in KiB, a positive one in pages (then at least SQLite's own).
        let kib = if before < 0 { kib.max(-before) } else { kib };
        let temp_before: i64 = self
            .conn
            .pragma_query_value(None, "temp_store", |r| r.get(0))
            .map_err(LedgerError::from)?;
        self.conn
            .pragma_update(None, "cache_size", -kib)
            .map_err(LedgerError::from)?;
        self.conn
            .pragma_update(None, "temp_store", "MEMORY")
            .map_err(LedgerError::from)?;
        // (A ledger in memory has no log: the setting does nothing there.)
        let checkpoint_before: Option<i64> = self
            .conn
            .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
            .ok();
        if checkpoint_before.is_some() {
            self.conn
                .pragma_update(None, "wal_autocheckpoint", BATCH_WAL_PAGES)
                .map_err(LedgerError::from)?;
        }
        let result = job(self);
        // Shrinking the cache frees its pages; a failure to is no reason to lose the job's
        // answer (the next open starts at the defaults anyway).
        let _ = self.conn.pragma_update(None, "cache_size", before);
        let _ = self.conn.pragma_update(None, "temp_store", temp_before);
        if let Some(pages) = checkpoint_before {
            let _ = self.conn.pragma_update(None, "wal_autocheckpoint", pages);
            // The log back into the ledger now, by the job, not by the next kiosk write.
            // PASSIVE: it waits for no reader and no writer; what a reader still needs is
            // copied by a later checkpoint.
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
        result
    }

    /// Runs `job` with the ledger's pages read through a memory map, then puts the setting
    /// back: the connection goes on, and a ledger's usual reads fit its page cache.
    ///
    /// For a job that reads pages at random across a big ledger in a process that has just
    /// opened it (a posting, `check`): each page read from the map is not a system call and
    /// a copy into the page cache. A page the job changes is still copied and written
    /// through the log as always. (A ledger in memory has no file to map: the pragma gives
    /// no value there, and nothing changes.) An I/O error while reading the map ends the
    /// process instead of failing the statement: for a write, as a killed process does,
    /// with nothing committed half.
    pub(crate) fn with_mapped_reads<T, E: From<LedgerError>>(
        &self,
        job: impl FnOnce(&Self) -> Result<T, E>,
    ) -> Result<T, E> {
        let before = self.map_reads()?;
        let found = job(self);
        self.unmap_reads(before);
        found
    }

    /// Maps the ledger for `with_mapped_reads`, giving the setting to put back.
    pub(crate) fn map_reads(&self) -> Result<Option<i64>, LedgerError> {
        let before: Option<i64> = self
            .conn
            .pragma_query_value(None, "mmap_size", |r| r.get(0))
            .optional()?;
        if before.is_some() {
            self.conn.pragma_update(None, "mmap_size", MAPPED_BYTES)?;
        }
        Ok(before)
    }

    /// Puts back what `map_reads` changed; a failure is logged, not returned, so that it
    /// never hides the job's own answer.
    pub(crate) fn unmap_reads(&self, before: Option<i64>) {
        if let Some(before) = before {
            if let Err(e) = self.conn.pragma_update(None, "mmap_size", before) {
                tracing::warn!("the ledger's memory map could not be put back: {e}");
            }
        }
    }

    /// Starts a write transaction that takes the write lock at once, so two processes
    /// never deadlock upgrading read locks; the busy timeout makes the second one wait.
    ///
    /// Without a usable audit key nothing is written. Under the write lock the last audit
    /// entry is committed for sure: it goes into the anchor file when it is newer than
    /// what this process anchored.
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>, LedgerError> {
        if let Err(problem) = &self.audit_key {
            return Err(LedgerError::Key(problem.clone()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Ok(key) = &self.audit_key {
            // Any change to the schema bumps its cookie, so an unchanged cookie is an
            // unchanged (and already checked) schema.
            let cookie: i64 = tx.pragma_query_value(None, "schema_version", |r| r.get(0))?;
            if self.schema_checked.get() != Some(cookie) {
                if let Some(problem) = super::seal::schema_problem(&tx, key)? {
                    return Err(LedgerError::Key(problem));
                }
                self.schema_checked.set(Some(cookie));
            }
            if let Some(anchor) = &self.anchor {
                if let Ok(Some((id, hash))) = super::audit::head(&tx) {
                    if id > self.anchored.get() {
                        super::audit::write_anchor(anchor, id, &hash, key);
                        // Once anchored, the anchor must stay: `check` reports it missing.
                        if self.anchored.get() == 0 {
                            tx.execute(
                                "INSERT OR IGNORE INTO setting (key, value) VALUES ('audit_anchored', '1')",
                                [],
                            )?;
                        }
                        self.anchored.set(id);
                    }
                }
            }
        }
        Ok(tx)
    }

    /// Where this ledger's anchor file is (`None` for copies and ledgers in memory).
    pub fn anchor_path(&self) -> Option<&Path> {
        self.anchor.as_deref()
    }

    /// The raw connection, for read-only reports and for tests that tamper on purpose.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Copies the ledger to `dest` with SQLite's online backup, which is safe while other
    /// processes write. The whole file is copied in one step, inside one read transaction:
    /// the copy is one consistent moment of the ledger, and a busy writer cannot make the
    /// copy start over again and again.
    pub fn backup_to(&self, dest: &Path) -> Result<(), LedgerError> {
        let mut out = Connection::open(dest)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
        // Busy only while another process holds the file's lock for a moment: wait as the
        // busy timeout would, then give up.
        let mut waited = Duration::ZERO;
        loop {
            use rusqlite::backup::StepResult;
            match backup.step(-1)? {
                StepResult::Done => return Ok(()),
                StepResult::More => {}
                _ if waited >= BUSY_TIMEOUT => {
                    return Err(LedgerError::Sqlite(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the ledger stayed busy; no copy was made".into()),
                    )))
                }
                _ => {
                    std::thread::sleep(Duration::from_millis(50));
                    waited += Duration::from_millis(50);
                }
            }
        }
    }

    /// Replaces this ledger's content with the database at `src`, through SQLite's backup
    /// API (under its locks, so other processes see either the old ledger or the new one),
    /// and records the restore in the audit trail. The caller checks `src` first.
    pub fn restore_from(
        &mut self,
        src: &Path,
        now: chrono::NaiveDateTime,
        actor: &str,
        detail: &str,
    ) -> Result<(), LedgerError> {
        self.conn.restore(
            rusqlite::MAIN_DB,
            src,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        // The key is judged anew against the restored ledger (a restore onto a new machine
        // whose `init` made a key of its own, then had the old key copied back).
        if let Some(path) = self.audit_key_path.clone() {
            let check =
                super::seal::setting_text(&self.conn, super::seal::AUDIT_KEY_CHECK_SETTING)?;
            let key = super::AuditKey::load(&path).and_then(|k| {
                let k = k.ok_or_else(|| format!("the audit key {} is missing", path.display()))?;
                match &check {
                    Some(c) if *c != k.check_value() => {
                        Err("the audit key is not the restored ledger's: copy its audit.key back, then restore".to_string())
                    }
                    _ => Ok(k),
                }
            });
            super::seal::register(&self.conn, key.clone())?;
            self.audit_key = key;
        }
        self.reset_anchor();
        self.record_restore(now, actor, detail)
    }

    /// A restore takes the chain back on purpose: the anchor starts again from the restored
    /// chain's head (the restore's own audit row follows it).
    pub fn reset_anchor(&mut self) {
        if let Some(anchor) = &self.anchor {
            let _ = std::fs::remove_file(anchor);
        }
        self.anchored.set(0);
    }

    /// The audit row of a restore.
    pub fn record_restore(
        &mut self,
        now: chrono::NaiveDateTime,
        actor: &str,
        detail: &str,
    ) -> Result<(), LedgerError> {
        let tx = self.write()?;
        let mut audit = super::audit::AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &super::timestamp(now),
            actor,
            "ledger.restore",
            "ledger".into(),
            detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, LedgerError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The obligation percentage in basis points (2000 = 20 %), set by the setting
    /// `obligation_percent_bp`; DOMAIN.md's default is 20 %.
    pub fn obligation_percent_bp(&self) -> Result<u32, LedgerError> {
        obligation_percent_bp_of(&self.conn)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), LedgerError> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// Version 6 compares money orders on keys spelling cannot defeat (the issuer as
/// recognised from the list, the serial folded): the keys of money orders taken in before
/// are made anew, so a money order taken in as "US Postal Service" is found again as "USPS".
/// Two rows that the new keys make one keep their old keys (both are on file; the second is
/// for a person to look at, not for the upgrade to refuse).
fn rekey_money_orders(tx: &Transaction<'_>) -> Result<(), LedgerError> {
    use crate::domain::issuer::money_order_key;
    let rows: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, issuer, serial FROM money_order")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = tx.prepare(
        "UPDATE OR IGNORE money_order SET issuer_key = ?2, serial_key = ?3
         WHERE id = ?1 AND (issuer_key <> ?2 OR serial_key <> ?3)",
    )?;
    for (id, issuer, serial) in rows {
        let (issuer_key, serial_key) = money_order_key(&issuer, &serial);
        update.execute(rusqlite::params![id, issuer_key, serial_key])?;
    }
    Ok(())
}

impl Ledger {
    /// Runs `work` in one write transaction with an audit writer: for bulk loads (the demo,
    /// imports) that must not pay one durable commit per row.
    pub fn bulk<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>, &mut super::audit::AuditWriter) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        let tx = self.write()?;
        let mut audit = super::audit::AuditWriter::begin(&tx)?;
        let out = work(&tx, &mut audit)?;
        tx.commit()?;
        Ok(out)
    }
}

impl Drop for Ledger {
    /// The last entries this process wrote go into the anchor as it closes, unless another
    /// process has anchored further meanwhile.
    fn drop(&mut self) {
        let (Some(anchor), Ok(key)) = (&self.anchor, &self.audit_key) else {
            return;
        };
        if let Ok(Some((id, hash))) = super::audit::head(&self.conn) {
            // Only forward, and only over an anchor that is there (a restore removes it
            // and writes the restored head itself).
            let on_file = super::audit::read_anchor(anchor).map(|(id, _, _)| id);
            if id > self.anchored.get() && on_file.is_some_and(|f| id > f) {
                super::audit::write_anchor(anchor, id, &hash, key);
            }
        }
    }
}

/// The share of each deposit that goes to obligations, in basis points, as this ledger is
/// configured (20 % unless set), inside any connection or transaction.
pub(crate) fn obligation_percent_bp_of(conn: &rusqlite::Connection) -> Result<u32, LedgerError> {
    Ok(super::seal::setting_text(conn, "obligation_percent_bp")?
        .and_then(|v| v.parse().ok())
        .filter(|bp| *bp <= 10_000)
        .unwrap_or(2_000))
}
