//! A private slice of the real PostgreSQL and Redis for one test that runs whole servers: a
//! new schema (selected through the connection's `search_path`, so the app needs no change)
//! and a random Redis key prefix (`REDIS_KEY_PREFIX`). Parallel tests and reruns never see
//! each other's rows or keys, and both are removed when the test ends, even by a panic.

use figment::Figment;
use figment::providers::Serialized;
use redis::aio::MultiplexedConnection;
use signalbox::bootstrap::config::Settings;
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

use super::real_services::{postgres_url, redis_url, unique_suffix};
use super::test_app::WEBHOOK_SECRET;

pub struct Backing {
    /// `DATABASE_URL` for the app: the test database, with this test's schema as search path.
    pub database_url: String,
    pub redis_url: String,
    /// `REDIS_KEY_PREFIX` for the app.
    pub key_prefix: String,
    admin_url: String,
    schema: String,
}

impl Backing {
    /// A fresh schema and key prefix, or `None` when the real services are not configured on
    /// a developer machine (see `real_services`; in CI that panics instead).
    pub async fn fresh() -> Option<Self> {
        let admin_url = postgres_url()?;
        let redis_url = redis_url()?;
        let suffix = unique_suffix();
        let schema = format!("app_{suffix}");
        let mut admin = PgConnection::connect(&admin_url).await.expect("PostgreSQL answers");
        admin.execute(AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).await.expect("create the test schema");
        let _ = admin.close().await;
        Some(Self {
            database_url: with_search_path(&admin_url, &schema),
            redis_url,
            key_prefix: format!("signalbox-test-{suffix}:"),
            admin_url,
            schema,
        })
    }

    /// Settings for an app run inside the test on this backing, reaching the database and
    /// Redis at the given URLs (this backing's own, or a proxy in front of them). Port 0.
    pub fn app_settings(&self, database_url: &str, redis_url: &str) -> Settings {
        let figment = Figment::new()
            .merge(Serialized::default("host", "127.0.0.1"))
            .merge(Serialized::default("port", 0))
            .merge(Serialized::default("database_url", database_url))
            .merge(Serialized::default("database_max_connections", 5))
            .merge(Serialized::default("redis_url", redis_url))
            .merge(Serialized::default("redis_key_prefix", &self.key_prefix))
            .merge(Serialized::default("stripe_webhook_secret", WEBHOOK_SECRET))
            .merge(Serialized::default("trust_proxy_headers", true));
        Settings::from_figment(figment).expect("valid test settings")
    }

    /// A direct connection to this test's schema, to look at the rows the app wrote.
    pub async fn database(&self) -> PgConnection {
        PgConnection::connect(&self.database_url).await.expect("PostgreSQL answers")
    }

    /// Every Redis key under this test's prefix, without the prefix.
    pub async fn redis_keys(&self) -> Vec<String> {
        let mut conn = redis_connection(&self.redis_url).await.expect("Redis answers");
        let keys = scan(&mut conn, &self.key_prefix).await.expect("Redis answers");
        keys.iter().map(|k| k[self.key_prefix.len()..].to_owned()).collect()
    }

    /// Deletes every key under this test's prefix: what `FLUSHDB` does to a Redis that one
    /// deployment has to itself, without touching other tests' keys.
    pub async fn flush_redis(&self) {
        delete_keys(&self.redis_url, &self.key_prefix).await.expect("Redis answers");
    }
}

impl Drop for Backing {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime, which must not be blocked on: clean up on a
        // thread with a runtime of its own, and wait for it.
        let (admin_url, schema) = (self.admin_url.clone(), self.schema.clone());
        let (redis_url, prefix) = (self.redis_url.clone(), self.key_prefix.clone());
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                if let Ok(mut admin) = PgConnection::connect(&admin_url).await {
                    let _ = admin.execute(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).await;
                }
                let _ = delete_keys(&redis_url, &prefix).await;
            });
        });
        let _ = cleanup.join();
    }
}

/// `url` with `schema` as the search path of every connection made from it.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

async fn redis_connection(url: &str) -> redis::RedisResult<MultiplexedConnection> {
    redis::Client::open(url)?.get_multiplexed_async_connection().await
}

async fn scan(conn: &mut MultiplexedConnection, prefix: &str) -> redis::RedisResult<Vec<String>> {
    let mut found = Vec::new();
    let mut cursor = 0u64;
    loop {
        // Prefixes are made of [a-z0-9:-] only, so nothing in them is a glob character.
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .cursor_arg(cursor)
            .arg("MATCH")
            .arg(format!("{prefix}*"))
            .arg("COUNT")
            .arg(1000)
            .query_async(conn)
            .await?;
        found.extend(keys);
        if next == 0 {
            return Ok(found);
        }
        cursor = next;
    }
}

async fn delete_keys(url: &str, prefix: &str) -> redis::RedisResult<()> {
    let mut conn = redis_connection(url).await?;
    let keys = scan(&mut conn, prefix).await?;
    if !keys.is_empty() {
        redis::cmd("DEL").arg(&keys).query_async::<()>(&mut conn).await?;
    }
    Ok(())
}
