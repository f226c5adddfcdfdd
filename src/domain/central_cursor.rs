use std::fmt;

/// How far a site has read the central change log: the last row applied, by its writing
/// transaction and its id. The log is read in (transaction, id) order and only below the
/// oldest transaction still running on the server, so a row whose transaction commits late
/// is never passed over (ids alone would be: one taken earlier may commit after a later
/// one is read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct CentralCursor {
    pub xid: u64,
    pub id: i64,
}

impl CentralCursor {
    /// `XID:ID` as `Display` writes it; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let (xid, id) = text.split_once(':')?;
        Some(Self {
            xid: xid.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

impl fmt::Display for CentralCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.xid, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written_and_nothing_else_reads() {
        let c = CentralCursor {
            xid: 7_000_000_001,
            id: 42,
        };
        assert_eq!(CentralCursor::parse(&c.to_string()), Some(c));
        for bad in ["", "7", "7:", ":4", "a:4", "7:4:1", "-1:4"] {
            assert_eq!(CentralCursor::parse(bad), None, "{bad}");
        }
    }
}
