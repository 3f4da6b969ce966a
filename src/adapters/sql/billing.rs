//! [`BillingStore`]: billing state on the `users` row, the event log in `webhook_events`.
//!
//! `record_event` is one transaction whose FIRST statement inserts the event id:
//! - a duplicate id conflicts right there, so a redelivered event changes nothing, and two
//!   concurrent deliveries of one id serialise on the primary key (exactly one inserts);
//! - except over a `failed` row, which the insert takes over (`DO UPDATE … WHERE status =
//!   'failed'`): a failure is not processing. Two deliveries racing over one failed row
//!   serialise on its row lock, and the second re-checks the status after the first commits,
//!   so it sees `processed` and backs off;
//! - on SQLite that insert takes the write lock at the start of the transaction, which waits
//!   politely under `busy_timeout`. Reading first would take a read snapshot and then fail
//!   with `SQLITE_BUSY` when upgrading to write while another writer commits.
//!
//! Two different events for one user are serialised by the row lock (`FOR UPDATE`) on
//! Postgres and by the single database write lock on SQLite, so neither update is lost.

use async_trait::async_trait;
use sqlx::AnyConnection;

use super::rows::{self, billing_columns};
use super::{Backend, SqlStore, event_log, unavailable};
use crate::domain::{BillingState, StripeEventId, Transition, UserId};
use crate::ports::billing_store::Decide;
use crate::ports::{
    BillingStore, RecordOutcome, StoreError, StoredWebhookEvent, WebhookEventRecord, WebhookEventStatus,
};

const SELECT_STATE: &str = concat!("SELECT ", billing_columns!(), " FROM users WHERE id = $1");
const SELECT_STATE_FOR_UPDATE: &str = concat!("SELECT ", billing_columns!(), " FROM users WHERE id = $1 FOR UPDATE");

#[async_trait]
impl BillingStore for SqlStore {
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError> {
        let row = sqlx::query(SELECT_STATE)
            .bind(rows::user_id(user))
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(row.as_ref().map(rows::billing_state).transpose()?.unwrap_or_default())
    }

    async fn record_event(
        &self,
        event: &WebhookEventRecord,
        user: Option<UserId>,
        decide: Decide<'_>,
    ) -> Result<RecordOutcome, StoreError> {
        // Any early return drops `tx`, which rolls back: nothing is recorded or applied.
        let mut tx = self.pool.begin().await.map_err(unavailable)?;
        let inserted = sqlx::query(
            "INSERT INTO webhook_events (id, event_type, created, received_at, status, payload) \
             VALUES ($1, $2, $3, $4, 'ignored', $5) \
             ON CONFLICT (id) DO UPDATE SET status = 'ignored', error = NULL \
             WHERE webhook_events.status = 'failed'",
        )
        .bind(event.id.as_str())
        .bind(event.event_type.as_str())
        .bind(rows::to_seconds(event.created))
        .bind(rows::to_seconds(event.received_at))
        .bind(event.payload.as_str())
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
        if inserted.rows_affected() == 0 {
            tx.rollback().await.map_err(unavailable)?;
            return Ok(RecordOutcome::AlreadyProcessed);
        }

        let transition = match user {
            Some(user) => self.apply(&mut tx, user, decide).await?,
            None => None,
        };
        let status = WebhookEventStatus::of(transition.as_ref());
        sqlx::query("UPDATE webhook_events SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(event.id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        Ok(RecordOutcome::Recorded(transition))
    }

    async fn is_recorded(&self, id: &StripeEventId) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 FROM webhook_events WHERE id = $1 AND status <> 'failed'")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(row.is_some())
    }

    async fn record_failure(&self, event: &WebhookEventRecord, error: &str) -> Result<(), StoreError> {
        event_log::record_failure(&self.pool, event, error).await
    }

    async fn list_events(
        &self,
        status: Option<WebhookEventStatus>,
        limit: usize,
    ) -> Result<Vec<StoredWebhookEvent>, StoreError> {
        event_log::list(&self.pool, status, limit).await
    }

    async fn find_event(&self, id: &StripeEventId) -> Result<Option<StoredWebhookEvent>, StoreError> {
        event_log::find(&self.pool, id).await
    }
}

impl SqlStore {
    /// Reads the user's state under lock, decides, and stores an `Apply`. `None` when no such
    /// user exists (the event is then recorded as ignored).
    async fn apply(
        &self,
        conn: &mut AnyConnection,
        user: UserId,
        decide: Decide<'_>,
    ) -> Result<Option<Transition>, StoreError> {
        // SQLite has no row locks and needs none: this transaction already holds the
        // database's only write lock since its first statement.
        let select = match self.backend {
            Backend::Postgres => SELECT_STATE_FOR_UPDATE,
            Backend::Sqlite => SELECT_STATE,
        };
        let row =
            sqlx::query(select).bind(rows::user_id(user)).fetch_optional(&mut *conn).await.map_err(unavailable)?;
        let Some(row) = row else { return Ok(None) };
        let transition = decide(&rows::billing_state(&row)?);
        if let Transition::Apply(next) = &transition {
            store_state(conn, user, next).await?;
        }
        Ok(Some(transition))
    }
}

async fn store_state(conn: &mut AnyConnection, user: UserId, state: &BillingState) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET stripe_customer_id = $1, subscription_id = $2, subscription_status = $3, \
         current_period_end = $4, cancel_at_period_end = $5, billing_updated_at = $6 WHERE id = $7",
    )
    .bind(state.customer_id.as_ref().map(|c| c.as_str().to_owned()))
    .bind(state.subscription_id.as_ref().map(|s| s.as_str().to_owned()))
    .bind(state.status.as_str())
    .bind(state.current_period_end.map(rows::to_seconds))
    .bind(i64::from(state.cancel_at_period_end))
    .bind(state.last_event_at.map(rows::to_seconds))
    .bind(rows::user_id(user))
    .execute(conn)
    .await
    .map_err(unavailable)?;
    Ok(())
}
