//! Offender PINs: argon2id hashes made with a secret key that lives in a file outside the
//! database (so a copied database alone cannot be brute-forced), and the kiosk's lockout.

use std::io::Write;
use std::path::Path;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::attempt_lock::{AttemptLock, Reservation};
use super::audit::{AuditEntry, AuditWriter};
use super::people::find_person;
use super::{timestamp, Ledger, LedgerError, TIMESTAMP_FORMAT};
use crate::domain::{DocNumber, Pin, Rejection};

/// Wrong PINs in a row that lock a DOC number at the kiosk.
pub const PIN_FAILURES_MAX: i64 = 5;
/// How long the lock lasts.
pub const PIN_LOCK_MINUTES: i64 = 15;
/// Bytes of the secret key.
const KEY_BYTES: usize = 32;
/// argon2id at OWASP's memory and lanes (19 MiB, one lane), with the time cost raised
/// from OWASP's 2 so that one check takes 20–50 ms on a kiosk's machine (DOMAIN.md,
/// "Decision, PINs"; `cargo bench --bench fees` measures it). The parameters live in each
/// hash: an older hash still verifies, and is made again at its next successful check.
const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 3;
const LANES: u32 = 1;

/// The secret key mixed into every PIN hash.
#[derive(Clone)]
pub struct PinKey(Vec<u8>);

impl std::fmt::Debug for PinKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinKey(..)")
    }
}

/// Why the key file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PinKeyError {
    #[error("cannot read or create the PIN key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the PIN key file {0} is not a lockbox key (it must hold {KEY_BYTES} bytes)")]
    Malformed(String),
    #[error("cannot draw random bytes: {0}")]
    Random(String),
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], PinKeyError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| PinKeyError::Random(e.to_string()))?;
    Ok(out)
}

impl PinKey {
    /// Reads the key at `path`, creating it (mode 0600, random bytes) when it does not exist.
    pub fn load_or_create(path: &Path) -> Result<PinKey, PinKeyError> {
        let io = |source| PinKeyError::Io {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() == KEY_BYTES => Ok(PinKey(bytes)),
            Ok(_) => Err(PinKeyError::Malformed(path.display().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                let key = random_bytes::<KEY_BYTES>()?;
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                let mut file = options.open(path).map_err(io)?;
                file.write_all(&key).map_err(io)?;
                file.sync_all().map_err(io)?;
                Ok(PinKey(key.to_vec()))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// A key from bytes (tests, benchmarks).
    pub fn from_bytes(bytes: [u8; KEY_BYTES]) -> PinKey {
        PinKey(bytes.to_vec())
    }

    /// A value that tells this key from any other without revealing it: the ledger keeps
    /// it, so a replaced or wrong key file is caught before every PIN and password stops
    /// matching.
    pub fn check_value(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"lockbox pin key check value\0");
        h.update(&self.0);
        h.finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn hasher(&self) -> Result<Argon2<'_>, LedgerError> {
        let params = Params::new(MEMORY_KIB, PASSES, LANES, None)
            .map_err(|e| LedgerError::Corrupt(format!("argon2 parameters: {e}")))?;
        Argon2::new_with_secret(&self.0, Algorithm::Argon2id, Version::V0x13, params)
            .map_err(|e| LedgerError::Corrupt(format!("argon2 key: {e}")))
    }

    /// The PHC string of `pin`'s hash with a fresh random salt.
    pub fn hash(&self, pin: &Pin) -> Result<String, LedgerError> {
        let salt = random_bytes::<16>().map_err(|e| LedgerError::Corrupt(e.to_string()))?;
        let hash = self
            .hasher()?
            .hash_password_with_salt(pin.as_str().as_bytes(), &salt)
            .map_err(|e| LedgerError::Corrupt(format!("argon2: {e}")))?;
        Ok(hash.to_string())
    }

    /// The PHC string of a clerk's password, hashed the same way as PINs.
    pub fn hash_text(&self, secret: &str) -> Result<String, LedgerError> {
        let salt = random_bytes::<16>().map_err(|e| LedgerError::Corrupt(e.to_string()))?;
        let hash = self
            .hasher()?
            .hash_password_with_salt(secret.as_bytes(), &salt)
            .map_err(|e| LedgerError::Corrupt(format!("argon2: {e}")))?;
        Ok(hash.to_string())
    }

    /// Whether `stored` was made with today's parameters (else it is made again at its
    /// next successful check).
    pub fn is_current(stored: &str) -> bool {
        argon2::PasswordHash::new(stored)
            .ok()
            .and_then(|h| Params::try_from(&h).ok())
            .is_some_and(|p| {
                p.m_cost() == MEMORY_KIB && p.t_cost() == PASSES && p.p_cost() == LANES
            })
    }

    /// Whether `typed` matches the stored hash; a malformed hash never matches.
    ///
    /// A hash made with fewer passes than today's verifies faster; the missing passes are
    /// made up with throwaway work, so that a wrong answer against it takes as long as the
    /// answer for an unknown or locked account (which hashes at today's cost) and the time
    /// says nothing about which it was.
    pub fn verify(&self, typed: &str, stored: &str) -> Result<bool, LedgerError> {
        let matches = self
            .hasher()?
            .verify_password(typed.as_bytes(), stored)
            .is_ok();
        let passes = argon2::PasswordHash::new(stored)
            .ok()
            .and_then(|h| Params::try_from(&h).ok())
            .map_or(0, |p| p.t_cost());
        if passes < PASSES {
            let params = Params::new(MEMORY_KIB, PASSES - passes, LANES, None)
                .map_err(|e| LedgerError::Corrupt(format!("argon2 parameters: {e}")))?;
            let mut out = [0u8; 32];
            Argon2::new_with_secret(&self.0, Algorithm::Argon2id, Version::V0x13, params)
                .map_err(|e| LedgerError::Corrupt(format!("argon2 key: {e}")))?
                .hash_password_into(typed.as_bytes(), b"lockbox top-up salt", &mut out)
                .map_err(|e| LedgerError::Corrupt(format!("argon2: {e}")))?;
        }
        Ok(matches)
    }
}

/// The kiosk's answer to a DOC number and PIN. A wrong PIN, an unknown DOC number and a
/// locked DOC number are the same answer, reached in the same time; only the audit trail
/// says which it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinCheck {
    Accepted(DocNumber),
    Refused,
}

/// The clerk's view of a PIN: set or not, wrong tries in a row, locked until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinStatus {
    pub set: bool,
    pub failed_attempts: i64,
    pub locked_until: Option<NaiveDateTime>,
}

fn parse_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, TIMESTAMP_FORMAT).ok()
}

/// The kiosk's PIN lockout: 5 wrong PINs in a row lock the DOC number for 15 minutes (the
/// settings may change both).
const PIN_LOCK: AttemptLock = AttemptLock {
    table: "offender_pin",
    key_column: "doc",
    max_setting: "pin_failures",
    max_default: PIN_FAILURES_MAX,
    minutes_setting: "pin_lock_minutes",
    minutes_default: PIN_LOCK_MINUTES,
};

impl Ledger {
    /// Sets (or resets) `doc`'s PIN: chosen PINs are checked against the block list.
    /// Clears any lock. The PIN itself is never stored or logged.
    pub fn set_pin(
        &mut self,
        doc: &DocNumber,
        pin: &Pin,
        key: &PinKey,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        pin.check_chosen(doc).map_err(Rejection::Pin)?;
        // Hash before taking the write lock: it is slow on purpose.
        let hash = key.hash(pin)?;
        let tx = self.write()?;
        super::people::authorize(&tx, actor, false)?;
        if find_person(&tx, doc)?.is_none() {
            return Err(Rejection::InmateNotFound.into());
        }
        let at = timestamp(now);
        tx.execute(
            "INSERT INTO offender_pin (doc, pin_hash, failed_attempts, locked_until, set_at, set_by)
             VALUES (?1, ?2, 0, NULL, ?3, ?4)
             ON CONFLICT (doc) DO UPDATE SET pin_hash = excluded.pin_hash, failed_attempts = 0,
                 locked_until = NULL, set_at = excluded.set_at, set_by = excluded.set_by",
            params![doc.as_str(), hash, at, actor],
        )?;
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &at,
            actor,
            "pin.set",
            format!("doc:{doc}"),
            String::new(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A random PIN that passes the block list, set for `doc`; returned once to be printed.
    pub fn issue_pin(
        &mut self,
        doc: &DocNumber,
        key: &PinKey,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<Pin, LedgerError> {
        // Bounded: almost every draw passes the block list.
        for _ in 0..64 {
            let draw = u32::from_le_bytes(
                random_bytes::<4>().map_err(|e| LedgerError::Corrupt(e.to_string()))?,
            );
            if let Ok(pin) = Pin::from_random(draw, doc) {
                self.set_pin(doc, &pin, key, now, actor)?;
                return Ok(pin);
            }
        }
        Err(LedgerError::Corrupt(
            "no random PIN passed the block list".into(),
        ))
    }

    pub fn pin_status(&self, doc: &DocNumber) -> Result<PinStatus, LedgerError> {
        let row: Option<(i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT failed_attempts, locked_until FROM offender_pin WHERE doc = ?1",
                [doc.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            None => PinStatus {
                set: false,
                failed_attempts: 0,
                locked_until: None,
            },
            Some((failed, locked)) => PinStatus {
                set: true,
                failed_attempts: failed,
                locked_until: locked.as_deref().and_then(parse_time),
            },
        })
    }

    /// The kiosk's PIN check. Every path computes one argon2 hash, so an unknown or locked
    /// DOC number answers in the same time as a wrong PIN. Five wrong PINs in a row lock the
    /// DOC number for fifteen minutes; each attempt is in the audit trail.
    pub fn check_pin(
        &mut self,
        doc_typed: &str,
        pin_typed: &str,
        key: &PinKey,
        now: NaiveDateTime,
    ) -> Result<PinCheck, LedgerError> {
        let doc = DocNumber::parse(doc_typed).ok();
        // First the attempt is counted (or refused, locked) in a write transaction of its
        // own; only then is the hash computed, so parallel guesses cannot outrun the lock.
        let (stored, reservation) = match &doc {
            Some(doc) => {
                let tx = self.write()?;
                let hash: Option<String> = tx
                    .query_row(
                        "SELECT pin_hash FROM offender_pin WHERE doc = ?1",
                        [doc.as_str()],
                        |r| r.get(0),
                    )
                    .optional()?;
                // Never waiting for attempts in flight (`attempt_lock`): a locked DOC number
                // would answer later than one without a PIN.
                let reservation = PIN_LOCK.reserve(&tx, doc.as_str(), now, false)?;
                super::attempt_lock::count_attempt(&tx, "pin_attempts")?;
                tx.commit()?;
                (hash, reservation)
            }
            None => {
                // The same durable write as any other attempt, so that no answer takes less
                // time than another.
                let tx = self.write()?;
                super::attempt_lock::count_attempt(&tx, "pin_attempts")?;
                tx.commit()?;
                (None, Reservation::NoAccount)
            }
        };
        let evaluate = matches!(reservation, Reservation::Reserved { .. });
        let matches = match &stored {
            Some(hash) if evaluate => key.verify(pin_typed, hash)?,
            _ => {
                // The same work as a real check, thrown away.
                let _ = key.hash(&Pin::parse("000000").map_err(Rejection::Pin)?)?;
                false
            }
        };
        let why = match (&doc, &stored, evaluate, matches) {
            (None, _, _, _) => "invalid_doc",
            (Some(_), None, _, _) => "unknown_or_no_pin",
            (Some(_), Some(_), false, _) => "locked",
            (Some(_), Some(_), true, true) => "ok",
            (Some(_), Some(_), true, false) => "wrong_pin",
        };
        // A hash made with older parameters is made again with today's, now that the PIN
        // is known to be right (hashed before the write lock: it is slow on purpose).
        // Best effort: a hash that cannot be made now is made at a later check.
        let rehash = match (&stored, why) {
            (Some(old), "ok") if !PinKey::is_current(old) => Pin::parse(pin_typed)
                .ok()
                .and_then(|pin| key.hash(&pin).ok()),
            _ => None,
        };
        let at = timestamp(now);
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        if let (Some(doc), Some(hash), Some(old)) = (&doc, &rehash, &stored) {
            // Only if it is still the hash that was checked (a clerk may have reset it).
            tx.execute(
                "UPDATE offender_pin SET pin_hash = ?2 WHERE doc = ?1 AND pin_hash = ?3",
                params![doc.as_str(), hash, old],
            )?;
        }
        let mut outcome = why.to_string();
        if let (Some(doc), Reservation::Reserved { locks }) = (&doc, &reservation) {
            if why == "ok" {
                PIN_LOCK.succeeded(&tx, doc.as_str(), locks.as_deref())?;
            } else if let Some(until) = locks {
                outcome = format!("wrong_pin_locked_until {until}");
            }
        }
        audit.append(
            &tx,
            &at,
            &AuditEntry {
                actor: "kiosk",
                action: "pin.check",
                subject: doc
                    .as_ref()
                    .map_or("doc:invalid".to_string(), |d| format!("doc:{d}")),
                outcome: if why == "ok" { "ok" } else { "refused" },
                detail: format!("{{\"why\":\"{outcome}\"}}"),
            },
        )?;
        tx.commit()?;
        Ok(match doc {
            Some(doc) if why == "ok" => PinCheck::Accepted(doc),
            _ => PinCheck::Refused,
        })
    }
}

/// The setting that holds the PIN key's check value.
const KEY_CHECK_SETTING: &str = "pin_key_check";

impl Ledger {
    /// The PIN key at `path` for this ledger. A key file that is missing is created only
    /// while the ledger holds no PIN or password hash: otherwise a new key would silently
    /// make every PIN and password fail (and count toward the lockouts), so it is refused,
    /// saying why. A key that is not the one the ledger's hashes were made with (its check
    /// value differs) is refused too. The first key used is recorded by its check value.
    pub fn pin_key(&mut self, path: &Path) -> Result<PinKey, LedgerError> {
        let hashes: i64 = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM offender_pin)
                  + (SELECT COUNT(*) FROM app_user WHERE password_hash IS NOT NULL)",
            [],
            |r| r.get(0),
        )?;
        // Missing, not merely unreadable (that is reported as it is, when read).
        let missing =
            matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
        if missing && hashes > 0 {
            return Err(LedgerError::KeyMissing {
                path: path.display().to_string(),
                hashes,
            });
        }
        let key = PinKey::load_or_create(path).map_err(|e| LedgerError::Key(e.to_string()))?;
        let check = key.check_value();
        match self.setting(KEY_CHECK_SETTING)? {
            Some(stored) if stored == check => {}
            // Nothing was made with the key recorded before: this one takes its place.
            Some(_) if hashes == 0 => self.set_setting(KEY_CHECK_SETTING, &check)?,
            Some(_) => return Err(LedgerError::KeyMismatch(path.display().to_string())),
            None => self.set_setting(KEY_CHECK_SETTING, &check)?,
        }
        Ok(key)
    }

    /// Whether `key` is the one this ledger's hashes were made with: `None` when the ledger
    /// has not recorded one yet.
    pub fn pin_key_matches(&self, key: &PinKey) -> Result<Option<bool>, LedgerError> {
        Ok(self
            .setting(KEY_CHECK_SETTING)?
            .map(|stored| stored == key.check_value()))
    }
}

/// Whether the key file can be read by anyone but its owner (the doctor reports it).
pub fn key_file_too_open(path: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(path)?.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(false)
    }
}
