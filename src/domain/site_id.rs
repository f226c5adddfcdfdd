//! A site's id among a state's sites: a short name every outbox entry it sends is keyed by
//! on the central server (whose schema checks the same rule).

/// Longest site id.
pub const SITE_ID_MAX: usize = 32;

/// How long entries may wait with nothing pushed before `doctor` and the console call the
/// sync a problem (the service pushes every few seconds when it runs and reaches the
/// server).
pub const SYNC_STALE_MINUTES: i64 = 60;

/// Whether `id` is a site id: 1 to 32 characters, lowercase ASCII letters, digits, `-` and
/// `_`, starting with a letter or a digit.
pub fn site_id_ok(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= SITE_ID_MAX
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_ids() {
        for good in ["main", "jcc", "north-1", "a", "0_b"] {
            assert!(site_id_ok(good), "{good}");
        }
        for bad in ["", "North", "-a", "a b", "a;drop", &"a".repeat(33), "é"] {
            assert!(!site_id_ok(bad), "{bad}");
        }
    }
}
