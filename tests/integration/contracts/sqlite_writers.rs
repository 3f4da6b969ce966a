//! SQLite: a write transaction that starts while another connection is writing waits for it,
//! like any writer, and succeeds. A transaction that reads before it writes used to be refused
//! at once instead (its snapshot is stale once the other commits, and SQLite does not wait to
//! upgrade it): reconciling a subscription with Stripe read the stored subscription first, so
//! on the default SQLite database it failed whenever the candle clock or the call ledger wrote
//! at the same moment.

use std::time::Duration;

use signalbox::adapters::sql::{DatabaseSettings, SqlStore};
use signalbox::domain::Transition;
use signalbox::ports::{BillingStore, UserRepository};
use sqlx::{Connection, Executor};

use super::billing_store::{customer, one_more_day, subscription, user};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconciling_a_subscription_waits_for_the_other_writer_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqlStore::connect(&DatabaseSettings::from_url(&url)).await.unwrap();
    store.migrate().await.unwrap();
    let owner = user(&store).await;
    let (cus, sub) = (customer("writers"), subscription("writers"));
    store.link_customer(owner.id, &cus).await.unwrap();

    let mut other = sqlx::sqlite::SqliteConnection::connect(&url).await.unwrap();
    other.execute("BEGIN IMMEDIATE").await.unwrap();
    let reconcile = {
        let store = store.clone();
        let (cus, sub) = (cus.clone(), sub.clone());
        tokio::spawn(async move { store.reconcile_subscription(&sub, &|c| one_more_day(&sub, &cus, c)).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    other.execute("CREATE TABLE written_meanwhile (x INTEGER)").await.unwrap();
    other.execute("COMMIT").await.unwrap();

    let transition = reconcile.await.unwrap().expect("the reconciliation waited for the other writer");
    assert!(matches!(transition, Transition::Apply(_)));
    let state = store.billing_state(owner.id).await.unwrap();
    assert_eq!(state.subscriptions.len(), 1, "the reconciled subscription is stored");
    store.close().await;
}
