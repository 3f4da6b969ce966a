//! [`BillingStore`]: subscriptions in `subscriptions`, the event log in `webhook_events`.
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
//! Two events for one subscription are serialised by a transaction-scoped advisory lock on the
//! subscription id on Postgres (a row lock cannot cover a subscription that has no row yet) and
//! by the single database write lock on SQLite, so neither update is lost.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::rows::{self, subscription_columns};
use super::{Backend, SqlStore, event_log, unavailable};
use crate::domain::{
    BillingState, CheckoutSessionId, StripeCustomerId, StripeEventId, StripeSubscriptionId, Subscription, Transition,
    UserId,
};
use crate::ports::billing_store::Decide;
use crate::ports::{
    BillingStore, EventToApply, RecordOutcome, StoreError, StoredWebhookEvent, WebhookEventRecord, WebhookEventStatus,
};

const SELECT_ONE: &str = concat!("SELECT ", subscription_columns!(), " FROM subscriptions WHERE id = $1");
/// A user's customer and every subscription of it; one row with null subscription columns
/// when there are none.
const SELECT_OF_USER: &str = "SELECT u.stripe_customer_id, s.id, s.customer_id, s.status, s.status_at, \
     s.cancel_at_period_end, s.current_period_end, s.details_at, s.paid_through, s.last_event_at \
     FROM users u LEFT JOIN subscriptions s ON s.customer_id = u.stripe_customer_id \
     WHERE u.id = $1 ORDER BY s.id";

#[async_trait]
impl BillingStore for SqlStore {
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError> {
        // One round trip: the user's customer and its subscriptions, joined.
        let found =
            sqlx::query(SELECT_OF_USER).bind(rows::user_id(user)).fetch_all(&self.pool).await.map_err(unavailable)?;
        let Some(first) = found.first() else { return Ok(BillingState::default()) };
        let customer: Option<String> = sqlx::Row::try_get(first, "stripe_customer_id").map_err(unavailable)?;
        let Some(customer) = customer.as_deref().map(rows::customer_id).transpose()? else {
            return Ok(BillingState::default());
        };
        let subscriptions = found
            .iter()
            .filter(|row| sqlx::Row::try_get::<Option<String>, _>(*row, "id").ok().flatten().is_some())
            .map(rows::subscription)
            .collect::<Result<_, _>>()?;
        Ok(BillingState { customer_id: Some(customer), subscriptions })
    }

    async fn record_event(&self, event: EventToApply<'_>) -> Result<RecordOutcome, StoreError> {
        // Any early return drops `tx`, which rolls back: nothing is recorded or applied.
        let mut tx = self.begin_write().await?;
        let record = event.record;
        let inserted = sqlx::query(
            "INSERT INTO webhook_events (id, event_type, created, received_at, status, payload) \
             VALUES ($1, $2, $3, $4, 'ignored', $5) \
             ON CONFLICT (id) DO UPDATE SET status = 'ignored', error = NULL \
             WHERE webhook_events.status = 'failed'",
        )
        .bind(record.id.as_str())
        .bind(record.event_type.as_str())
        .bind(rows::to_seconds(record.created))
        .bind(rows::to_seconds(record.received_at))
        .bind(record.payload.as_str())
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
        if inserted.rows_affected() == 0 {
            tx.rollback().await.map_err(unavailable)?;
            return Ok(RecordOutcome::AlreadyProcessed);
        }

        if let (Some(user), Some(customer)) = (event.link_user, event.customer)
            && let Err(conflict) = link(&mut tx, user, customer).await?
        {
            tx.rollback().await.map_err(unavailable)?;
            return Ok(RecordOutcome::LinkConflict(conflict));
        }

        let (transition, customer) = match event.subscription {
            Some(id) => {
                let (transition, stored) = self.decide_and_store(&mut tx, id, event.decide).await?;
                (transition, stored.map(|s| s.customer).or_else(|| event.customer.cloned()))
            }
            None => (Transition::Ignored, event.customer.cloned()),
        };
        let matched = match &customer {
            Some(customer) => is_linked(&mut tx, customer).await?,
            None => false,
        };
        let status = WebhookEventStatus::of(&transition, matched);
        sqlx::query("UPDATE webhook_events SET status = $1, customer_id = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(customer.as_ref().map(|c| c.as_str().to_owned()))
            .bind(record.id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        Ok(RecordOutcome::Recorded { transition, status })
    }

    async fn reconcile_subscription(
        &self,
        subscription: &StripeSubscriptionId,
        decide: Decide<'_>,
    ) -> Result<Transition, StoreError> {
        let mut tx = self.begin_write().await?;
        let (transition, _) = self.decide_and_store(&mut tx, subscription, decide).await?;
        tx.commit().await.map_err(unavailable)?;
        Ok(transition)
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

    async fn purge_events(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        event_log::purge(&self.pool, before).await
    }

    async fn swap_open_checkout(
        &self,
        user: UserId,
        session: &CheckoutSessionId,
    ) -> Result<Option<CheckoutSessionId>, StoreError> {
        let mut tx = self.begin_write().await?;
        // Lock the user's row, then read and replace (SQLite's write transaction holds the
        // whole database already).
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE")
                .bind(rows::user_id(user))
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
        }
        let previous: Option<(Option<String>,)> =
            sqlx::query_as("SELECT open_checkout_session_id FROM users WHERE id = $1")
                .bind(rows::user_id(user))
                .fetch_optional(&mut *tx)
                .await
                .map_err(unavailable)?;
        sqlx::query("UPDATE users SET open_checkout_session_id = $1 WHERE id = $2")
            .bind(session.as_str())
            .bind(rows::user_id(user))
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        previous
            .and_then(|(id,)| id)
            .map(|id| {
                CheckoutSessionId::parse(&id).map_err(|_| rows::corrupt(anyhow::anyhow!("bad checkout session id")))
            })
            .transpose()
    }

    async fn linked_customers(&self) -> Result<Vec<(UserId, StripeCustomerId)>, StoreError> {
        let found: Vec<(String, String)> =
            sqlx::query_as("SELECT id, stripe_customer_id FROM users WHERE stripe_customer_id IS NOT NULL ORDER BY id")
                .fetch_all(&self.pool)
                .await
                .map_err(unavailable)?;
        found
            .into_iter()
            .map(|(id, customer)| {
                let id = id.parse().map_err(|_| rows::corrupt(anyhow::anyhow!("bad user id")))?;
                Ok((id, rows::customer_id(&customer)?))
            })
            .collect()
    }
}

impl SqlStore {
    /// Reads the subscription under this transaction's lock, decides, and stores an `Apply`.
    /// Returns the transition and the subscription as stored afterwards.
    async fn decide_and_store(
        &self,
        conn: &mut AnyConnection,
        id: &StripeSubscriptionId,
        decide: Decide<'_>,
    ) -> Result<(Transition, Option<Subscription>), StoreError> {
        // SQLite needs no lock: a write transaction holds the database's only write lock.
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind(id.as_str())
                .execute(&mut *conn)
                .await
                .map_err(unavailable)?;
        }
        let row = sqlx::query(SELECT_ONE).bind(id.as_str()).fetch_optional(&mut *conn).await.map_err(unavailable)?;
        let current = row.as_ref().map(rows::subscription).transpose()?;
        let transition = decide(current.as_ref());
        let stored = match &transition {
            Transition::Apply(next) => {
                store(conn, next).await?;
                Some(next.clone())
            }
            _ => current,
        };
        Ok((transition, stored))
    }
}

async fn store(conn: &mut AnyConnection, s: &Subscription) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO subscriptions (id, customer_id, status, status_at, cancel_at_period_end, current_period_end, \
         details_at, paid_through, last_event_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at, \
         cancel_at_period_end = excluded.cancel_at_period_end, current_period_end = excluded.current_period_end, \
         details_at = excluded.details_at, paid_through = excluded.paid_through, last_event_at = excluded.last_event_at",
    )
    .bind(s.id.as_str())
    .bind(s.customer.as_str())
    .bind(s.status.as_str())
    .bind(rows::to_seconds(s.status_at))
    .bind(i64::from(s.cancel_at_period_end))
    .bind(s.current_period_end.map(rows::to_seconds))
    .bind(s.details_at.map(rows::to_seconds))
    .bind(s.paid_through.map(rows::to_seconds))
    .bind(rows::to_seconds(s.last_event_at))
    .execute(conn)
    .await
    .map_err(unavailable)?;
    Ok(())
}

async fn is_linked(conn: &mut AnyConnection, customer: &StripeCustomerId) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT 1 FROM users WHERE stripe_customer_id = $1")
        .bind(customer.as_str())
        .fetch_optional(conn)
        .await
        .map_err(unavailable)?;
    Ok(row.is_some())
}

/// Links `customer` to `user` unless it already is. `Ok(Err(conflict))` when either is linked
/// elsewhere; an unknown user is left alone (the event then counts as unmatched).
async fn link(
    conn: &mut AnyConnection,
    user: UserId,
    customer: &StripeCustomerId,
) -> Result<Result<(), String>, StoreError> {
    let found: Option<(Option<String>,)> = sqlx::query_as("SELECT stripe_customer_id FROM users WHERE id = $1")
        .bind(rows::user_id(user))
        .fetch_optional(&mut *conn)
        .await
        .map_err(unavailable)?;
    match found {
        None => return Ok(Ok(())),
        Some((Some(existing),)) if existing == customer.as_str() => return Ok(Ok(())),
        Some((Some(existing),)) => {
            return Ok(Err(format!("user {user} is linked to customer {existing}, not {customer}")));
        }
        Some((None,)) => {}
    }
    if is_linked(conn, customer).await? {
        return Ok(Err(format!("customer {customer} is linked to another user than {user}")));
    }
    sqlx::query("UPDATE users SET stripe_customer_id = $1 WHERE id = $2 AND stripe_customer_id IS NULL")
        .bind(customer.as_str())
        .bind(rows::user_id(user))
        .execute(&mut *conn)
        .await
        .map_err(unavailable)?;
    event_log::match_customer(conn, customer).await?;
    Ok(Ok(()))
}
