//! Fresh, migrated `SqlStore`s for the contract suites, plus the checks only the SQL adapter
//! has (connecting, migrating, health, a dead pool).
//!
//! Isolation: each SQLite test gets its own file in a temporary directory; each PostgreSQL
//! test gets its own schema (named with a random suffix, selected through the connection's
//! `search_path`) that is dropped afterwards, even when the test fails.

use std::future::Future;
use std::sync::Arc;

use chrono::Utc;
use signalbox::adapters::sql::{Backend, DatabaseSettings, SqlStore};
use signalbox::domain::{Email, PasswordHash, RefreshToken, StripeEventId, TokenFamilyId, Transition, UserId};
use signalbox::ports::{
    BillingStore, CreateUserError, EventToApply, HealthCheck, NewRefreshToken, NewUser, RefreshTokenStore, StoreError,
    UserRepository, WebhookEventRecord,
};
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, SqliteConnection};

use crate::support::real_services::{postgres_url, unique_suffix};

/// Runs `test` against a migrated store in a new SQLite file.
pub async fn with_sqlite<F, Fut>(test: F)
where
    F: FnOnce(Arc<SqlStore>) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = migrated(&url).await;
    test(store.clone()).await;
    store.close().await;
}

/// Runs `test` against a migrated store in a new PostgreSQL schema, or skips it when no
/// PostgreSQL is configured (see `support::real_services`).
pub async fn with_postgres<F, Fut>(test: F)
where
    F: FnOnce(Arc<SqlStore>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(base_url) = postgres_url() else { return };
    let schema = format!("contract_{}", unique_suffix());
    let mut admin = PgConnection::connect(&base_url).await.expect("PostgreSQL answers");
    admin.execute(AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).await.expect("create test schema");

    let separator = if base_url.contains('?') { '&' } else { '?' };
    let store = migrated(&format!("{base_url}{separator}options=-c%20search_path%3D{schema}")).await;
    // Run the body as its own task so a failed assertion comes back here as an error and
    // the schema is still dropped.
    let outcome = tokio::spawn(test(store.clone())).await;
    store.close().await;
    admin.execute(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).await.expect("drop test schema");
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

async fn migrated(url: &str) -> Arc<SqlStore> {
    let store = SqlStore::connect(&DatabaseSettings::from_url(url)).await.expect("connect");
    store.migrate().await.expect("migrate");
    Arc::new(store)
}

fn new_user(email: &str) -> NewUser {
    NewUser {
        id: UserId::new_random(),
        email: Email::parse(email).unwrap(),
        password_hash: PasswordHash::from_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        created_at: Utc::now(),
    }
}

async fn migrating_twice_is_harmless_and_the_store_reports_healthy(store: Arc<SqlStore>) {
    store.migrate().await.expect("second migrate is a no-op");
    assert_eq!(store.name(), "database");
    store.check().await.expect("healthy");
}

async fn a_closed_pool_fails_every_call_with_a_store_error(store: Arc<SqlStore>) {
    let user = store.create(new_user("before@example.com")).await.unwrap();
    store.close().await;

    assert!(store.check().await.is_err());
    assert!(matches!(store.create(new_user("after@example.com")).await, Err(CreateUserError::Store(_))));
    assert!(matches!(store.find_by_id(user.id).await, Err(StoreError::Unavailable(_))));
    assert!(store.billing_state(user.id).await.is_err());
    let event = WebhookEventRecord {
        id: StripeEventId::parse("evt_closed").unwrap(),
        event_type: "invoice.paid".into(),
        created: Utc::now(),
        received_at: Utc::now(),
        payload: "{}".into(),
    };
    let ignored = EventToApply {
        record: &event,
        subscription: None,
        customer: None,
        link_user: None,
        decide: &|_| Transition::Ignored,
    };
    assert!(store.record_event(ignored).await.is_err());
    assert!(store.is_recorded(&event.id).await.is_err());
    let token =
        NewRefreshToken { hash: RefreshToken::generate().hash(), issued_at: Utc::now(), expires_at: Utc::now() };
    assert!(store.start_family(user.id, TokenFamilyId::new_random(), &token).await.is_err());
    assert!(store.rotate(&token.hash, &token, Utc::now(), Utc::now() - chrono::Duration::days(1)).await.is_err());
    assert!(store.family_of(&token.hash).await.is_err());
    assert!(store.revoke_family(TokenFamilyId::new_random(), Utc::now()).await.is_err());
}

#[tokio::test]
async fn connecting_creates_the_sqlite_file_and_its_directories_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/data/signalbox.db");
    let store = SqlStore::connect(&DatabaseSettings::from_url(format!("sqlite://{}", path.display()))).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(path.exists());
    store.close().await;
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut conn).await.unwrap();
    assert_eq!(mode, "wal", "WAL is a property of the file, so it outlives the store");
}

#[tokio::test]
async fn an_in_memory_sqlite_database_keeps_its_data_across_calls() {
    let store = SqlStore::connect(&DatabaseSettings::from_url("sqlite::memory:")).await.unwrap();
    store.migrate().await.unwrap();
    let user = store.create(new_user("memory@example.com")).await.unwrap();
    assert_eq!(store.find_by_id(user.id).await.unwrap(), Some(user));
}

#[tokio::test]
async fn an_unsupported_url_is_refused_without_echoing_its_password() {
    let err = SqlStore::connect(&DatabaseSettings::from_url("mysql://root:hunter2@localhost/db")).await.unwrap_err();
    assert!(!format!("{err:#}").contains("hunter2"));
}

#[tokio::test]
async fn sqlite_migrates_twice_and_reports_healthy() {
    with_sqlite(migrating_twice_is_harmless_and_the_store_reports_healthy).await;
}

#[tokio::test]
async fn postgres_migrates_twice_and_reports_healthy() {
    with_postgres(migrating_twice_is_harmless_and_the_store_reports_healthy).await;
}

#[tokio::test]
async fn a_closed_sqlite_pool_fails_with_store_errors() {
    with_sqlite(a_closed_pool_fails_every_call_with_a_store_error).await;
}

#[tokio::test]
async fn a_closed_postgres_pool_fails_with_store_errors() {
    with_postgres(a_closed_pool_fails_every_call_with_a_store_error).await;
}

/// The ports `InMemoryAccounts` and `SqlStore` both implement (users, billing, the webhook log):
/// each check takes the one store, on every backend (see [`memory_and_sql_contract!`]).
#[macro_export]
macro_rules! accounts_contract {
    ($($check:ident),* $(,)?) => {
        $crate::memory_and_sql_contract!(
            memory: |check| check(std::sync::Arc::new(signalbox::adapters::memory::InMemoryAccounts::new())),
            sql: |check, store| check(store);
            [$($check),*]
        );
    };
}
