//! A connection to the central server, and its schema's versions.

use std::time::Duration;

use super::CentralError;

/// The central schema, one section per version (`-- === version N`), in order.
const SCHEMA_SQL: &str = include_str!("schema.sql");
const SECTION_MARK: &str = "\n-- === version ";

/// The central schema version this lockbox creates and understands.
pub const CENTRAL_SCHEMA_VERSION: i64 = 5;

/// How long a connection attempt may take before the server counts as unreachable: a site
/// whose link is down must find out quickly and go on working offline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the server keeps a session that stopped in the middle of a transaction.
const IDLE_IN_TRANSACTION: Duration = Duration::from_secs(60);

/// How long a statement may wait for a lock (another push of the same site).
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// The advisory lock two `central init` runs at once take in turn (any fixed number; this
/// one is "lockbox" in ASCII).
const INIT_LOCK: i64 = 0x006c_6f63_6b62_6f78;

/// The central schema's sections, version 1 first.
pub fn sections() -> Vec<String> {
    SCHEMA_SQL
        .split(SECTION_MARK)
        .skip(1)
        // The split takes the comment's start away; put it back.
        .map(|section| format!("-- version {section}"))
        .collect()
}

/// What `init` did: the version found (0: none) and the version now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct InitOutcome {
    pub from: i64,
    pub to: i64,
}

/// One connection to the central server.
pub struct Central {
    pub(super) client: postgres::Client,
}

impl Central {
    /// Connects to `url` (`postgres://user:password@host:port/database`; the password is
    /// never repeated in a message).
    pub fn connect(url: &str) -> Result<Self, CentralError> {
        let unreachable = |problem: String| CentralError::Unreachable {
            url: shown(url),
            problem,
        };
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| unreachable(chain(&e)))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // A push whose link stalls half-way must not stay open on the server: it would hold
        // its site's row (every later push of that site waits on it) and keep every site's
        // change-log reads below it (`pg_snapshot_xmin`). The server ends such a session, and
        // a push never waits long for a lock. Probes find a dead peer.
        if config.get_options().is_none() {
            config.options(&format!(
                "-c idle_in_transaction_session_timeout={}s -c lock_timeout={}s",
                IDLE_IN_TRANSACTION.as_secs(),
                LOCK_WAIT.as_secs()
            ));
        }
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(30));
        config.application_name("lockbox");
        let client = config
            .connect(postgres::NoTls)
            .map_err(|e| unreachable(chain(&e)))?;
        Ok(Self { client })
    }

    /// The central schema's version (0: none yet).
    pub fn version(&mut self) -> Result<i64, CentralError> {
        let exists: bool = self
            .client
            .query_one("SELECT to_regclass('lockbox_schema') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Ok(0);
        }
        Ok(self
            .client
            .query_opt("SELECT version FROM lockbox_schema WHERE id = 1", &[])?
            .map_or(0, |r| r.get(0)))
    }

    /// Creates the central schema, or brings it up to `CENTRAL_SCHEMA_VERSION`, in one
    /// transaction: run again it changes nothing, two runs at once take turns, and a failure
    /// half-way leaves the schema as it was. A schema newer than this lockbox is refused.
    pub fn init(&mut self) -> Result<InitOutcome, CentralError> {
        let mut tx = self.client.transaction()?;
        tx.batch_execute(&format!("SELECT pg_advisory_xact_lock({INIT_LOCK})"))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS lockbox_schema (
                 id      INT PRIMARY KEY CHECK (id = 1),
                 version BIGINT NOT NULL
             )",
        )?;
        let found: i64 = tx
            .query_opt("SELECT version FROM lockbox_schema WHERE id = 1", &[])?
            .map_or(0, |r| r.get(0));
        if found > CENTRAL_SCHEMA_VERSION {
            return Err(CentralError::TooNew {
                found,
                supported: CENTRAL_SCHEMA_VERSION,
            });
        }
        let start = usize::try_from(found).unwrap_or(0);
        for section in sections().iter().skip(start) {
            tx.batch_execute(section)?;
        }
        tx.execute(
            "INSERT INTO lockbox_schema (id, version) VALUES (1, $1)
             ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version",
            &[&CENTRAL_SCHEMA_VERSION],
        )?;
        tx.commit()?;
        Ok(InitOutcome {
            from: found,
            to: CENTRAL_SCHEMA_VERSION,
        })
    }
}

/// An error and its causes, in one line ("error connecting to server: Connection refused").
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = c.source();
    }
    text
}

/// `url` with its password (if any) replaced by `***`, for messages and logs: in the URL's
/// user part (up to its last `@`), as a `password=` parameter of the URL, or as a
/// `password=` word of the key=value form.
pub fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        // `host=db user=lockbox password=secret`
        return url
            .split(' ')
            .map(|word| match word.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => word.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
    };
    let (credentials, host) = match rest.rsplit_once('@') {
        Some((credentials, host)) => (Some(credentials), host),
        None => (None, rest),
    };
    let host = match host.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=***")
                    }
                    _ => p.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => host.to_string(),
    };
    match credentials {
        Some(c) => match c.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{c}@{host}"),
        },
        None => format!("{scheme}://{host}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_its_section() {
        assert_eq!(sections().len() as i64, CENTRAL_SCHEMA_VERSION);
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            shown("postgres://lockbox:s3cret@db.state:5432/central"),
            "postgres://lockbox:***@db.state:5432/central"
        );
        assert_eq!(
            shown("postgres://lockbox@db/central"),
            "postgres://lockbox@db/central"
        );
        assert_eq!(
            shown("postgres://lockbox:p@ss@db/central"),
            "postgres://lockbox:***@db/central"
        );
        assert_eq!(
            shown("postgres://db/central?user=lockbox&password=s3cret"),
            "postgres://db/central?user=lockbox&password=***"
        );
        assert_eq!(
            shown("host=db user=lockbox password=s3cret"),
            "host=db user=lockbox password=***"
        );
    }
}
