//! The audit key: a secret kept outside the database (`audit.key` beside the ledger, mode
//! 0600, never in a backup of the database). The audit chain and every row that carries
//! money or authority are sealed with HMAC-SHA256 under it, so an edit by SQL, even one that
//! recomputes every plain hash, cannot produce a seal that checks.

use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of key material.
const KEY_BYTES: usize = 32;
/// Bytes of each seal: 128 bits of HMAC-SHA256 are far beyond guessing.
pub const SEAL_BYTES: usize = 16;

/// A seal: the first bytes of an HMAC-SHA256.
pub type Seal = [u8; SEAL_BYTES];

/// The secret of the seals, with HMAC's keyed state made once: a seal is made for every
/// row written, and keying the HMAC again each time was two of a small seal's four SHA-256
/// blocks.
#[derive(Clone)]
pub struct AuditKey(Vec<u8>, Hmac<Sha256>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

/// Where a ledger's audit key lives: `audit.key` in the ledger's folder.
pub fn default_audit_key(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("audit.key"), |d| d.join("audit.key"))
}

impl AuditKey {
    /// The key at `path`, or `None` when there is no file there.
    pub fn load(path: &Path) -> Result<Option<AuditKey>, String> {
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() == KEY_BYTES => AuditKey::of(bytes).map(Some),
            Ok(_) => Err(format!(
                "the audit key {} is not a lockbox key (it must hold {KEY_BYTES} bytes)",
                path.display()
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read the audit key {}: {e}", path.display())),
        }
    }

    /// A new random key written to `path` (mode 0600); never over an existing file.
    pub fn create(path: &Path) -> Result<AuditKey, String> {
        let key = AuditKey::random()?;
        let io = |e: std::io::Error| format!("cannot create the audit key {}: {e}", path.display());
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(io)?;
        file.write_all(&key.0).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(key)
    }

    /// A key that lives only as long as the process (a ledger in memory).
    pub fn random() -> Result<AuditKey, String> {
        let mut bytes = vec![0u8; KEY_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| format!("cannot draw random bytes: {e}"))?;
        AuditKey::of(bytes)
    }

    fn of(bytes: Vec<u8>) -> Result<AuditKey, String> {
        // (HMAC takes a key of any length: this does not fail.)
        let keyed = <Hmac<Sha256> as Mac>::new_from_slice(&bytes)
            .map_err(|e| format!("the audit key cannot key HMAC: {e}"))?;
        Ok(AuditKey(bytes, keyed))
    }

    /// The seal of `parts` under this key, for the purpose named by `domain` (so a seal made
    /// for one purpose never checks for another). Each part is prefixed by its length.
    pub fn seal(&self, domain: &str, parts: &[&[u8]]) -> Seal {
        let mut mac = self.1.clone();
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        for part in parts {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part);
        }
        let full = mac.finalize().into_bytes();
        let mut out = [0u8; SEAL_BYTES];
        out.copy_from_slice(&full[..SEAL_BYTES]);
        out
    }

    /// A value that tells this key from any other without revealing it: the ledger keeps
    /// it, so a replaced key is named as such instead of every seal failing.
    pub fn check_value(&self) -> String {
        hex(&self.seal("lockbox audit key check value", &[]))
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
