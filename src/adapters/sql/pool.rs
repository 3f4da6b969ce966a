//! Connecting to the database: settings, the pool, per-backend session setup and migrations.
//!
//! One `AnyPool` serves SQLite and PostgreSQL so the adapter has a single code path; what
//! differs between them (SQLite pragmas, where the file lives, which migrations run) is
//! decided here once, from the URL's scheme, and remembered as a [`Backend`].

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use secrecy::{ExposeSecret, SecretString};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};

/// How long a SQLite connection waits for another writer before giving up. Writers hold the
/// lock for one short transaction, so this is only reached when something is badly wrong.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Per-connection SQLite settings: enforce foreign keys, and wait (rather than fail at once)
/// when another connection holds the write lock. Keep the timeout equal to the one above.
const SQLITE_SESSION: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("src/adapters/sql/migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("src/adapters/sql/migrations/postgres");

/// Where the database is and how many connections to keep.
#[derive(Clone, Debug)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db`, `sqlite::memory:` or `postgres://user:pass@host/db`.
    /// Secret because a Postgres URL may carry a password.
    pub url: SecretString,
    pub max_connections: u32,
    /// How long a request waits for a free connection before failing as unavailable.
    pub acquire_timeout: Duration,
}

impl DatabaseSettings {
    /// Settings with the usual pool size and timeout for `url`.
    pub fn from_url(url: impl Into<String>) -> Self {
        Self { url: SecretString::from(url.into()), max_connections: 10, acquire_timeout: Duration::from_secs(5) }
    }
}

/// Which database the pool talks to; the few SQL differences are keyed on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Decided from the scheme alone, so an unsupported URL is refused before sqlx sees it
    /// (sqlx's own error for an unknown scheme quotes the whole URL, password included).
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Self::Sqlite),
            Some("postgres" | "postgresql") => Ok(Self::Postgres),
            _ => bail!("database URL must start with sqlite: or postgres:"),
        }
    }

    pub(super) fn migrator(self) -> &'static Migrator {
        match self {
            Self::Sqlite => &SQLITE_MIGRATIONS,
            Self::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// Opens the pool. For SQLite, creates the file and its directory when missing and switches
/// the database to WAL, so readers never block the single writer.
pub(super) async fn open(settings: &DatabaseSettings) -> anyhow::Result<(AnyPool, Backend)> {
    sqlx::any::install_default_drivers();
    let url = settings.url.expose_secret();
    let backend = Backend::of_url(url)?;
    let options = AnyConnectOptions::from_str(url).context("database URL is malformed")?;
    let mut pool =
        AnyPoolOptions::new().max_connections(settings.max_connections).acquire_timeout(settings.acquire_timeout);
    if backend == Backend::Sqlite {
        let in_memory = prepare_sqlite_file(url).await?;
        if in_memory {
            // Every connection to `sqlite::memory:` is a database of its own: keep exactly
            // one, forever, or data would vanish with a recycled connection.
            pool = pool.max_connections(1).min_connections(1).idle_timeout(None).max_lifetime(None);
        }
        pool = pool.after_connect(|conn, _meta| {
            Box::pin(async move {
                // Both are per-connection settings; sqlx's SQLite defaults agree, but the
                // `Any` driver builds connections from the URL alone, so say it explicitly.
                conn.execute(SQLITE_SESSION).await?;
                Ok(())
            })
        });
    }
    let pool = pool.connect_with(options).await.context("could not connect to the database")?;
    Ok((pool, backend))
}

/// Creates the SQLite file (and its directory) if missing and turns on WAL, which is stored
/// in the file. Done on one connection before the pool opens because changing the journal
/// mode needs an exclusive lock that a busy timeout does not wait for. Returns whether the
/// database is in memory.
async fn prepare_sqlite_file(url: &str) -> anyhow::Result<bool> {
    let options = SqliteConnectOptions::from_str(url).context("SQLite URL is malformed")?;
    let path = options.get_filename().to_owned();
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if in_memory {
        return Ok(true);
    }
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        create_dir(dir).await?;
    }
    let mut conn = options
        .create_if_missing(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .connect()
        .await
        .context("could not open the SQLite database")?;
    conn.execute("PRAGMA journal_mode = WAL").await.context("could not switch SQLite to WAL")?;
    conn.close().await.context("could not close the SQLite setup connection")?;
    Ok(false)
}

async fn create_dir(dir: &Path) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir)
        .await
        .with_context(|| format!("could not create the database directory {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_follows_the_url_scheme() {
        assert_eq!(Backend::of_url("sqlite://data/x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("postgres://u:p@h/db").unwrap(), Backend::Postgres);
        assert_eq!(Backend::of_url("postgresql://h/db").unwrap(), Backend::Postgres);
    }

    #[test]
    fn an_unsupported_url_is_refused_without_quoting_it() {
        let err = Backend::of_url("mysql://root:hunter2@h/db").unwrap_err();
        assert!(!format!("{err:#}").contains("hunter2"));
    }

    #[test]
    fn the_session_busy_timeout_matches_the_setup_one() {
        assert!(SQLITE_SESSION.contains(&format!("busy_timeout = {};", SQLITE_BUSY_TIMEOUT.as_millis())));
    }

    #[test]
    fn settings_debug_output_hides_the_url() {
        let settings = DatabaseSettings::from_url("postgres://u:hunter2@h/db");
        assert!(!format!("{settings:?}").contains("hunter2"));
    }
}
