//! The operators' side of `webhook_events`: logging a failed event, listing, fetching one.
//!
//! Kept apart from `billing` because none of it takes part in applying an event: these are
//! single statements outside the apply transaction (a failure is logged after that transaction
//! rolled back, so the log survives the rollback).

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};

use super::rows::{self, event_columns};
use super::unavailable;
use crate::domain::{StripeCustomerId, StripeEventId};
use crate::ports::{StoreError, StoredWebhookEvent, WebhookEventRecord, WebhookEventStatus};

const SELECT_ONE: &str = concat!("SELECT ", event_columns!(), " FROM webhook_events WHERE id = $1");
const SELECT_ALL: &str =
    concat!("SELECT ", event_columns!(), " FROM webhook_events ORDER BY received_at DESC, id LIMIT $1");
const SELECT_BY_STATUS: &str = concat!(
    "SELECT ",
    event_columns!(),
    " FROM webhook_events WHERE status = $1 ORDER BY received_at DESC, id LIMIT $2"
);

/// Inserts the event as `failed`, or refreshes the error of a `failed` row. The `WHERE` keeps
/// a row that a concurrent delivery processed meanwhile exactly as it is.
pub(super) async fn record_failure(pool: &AnyPool, event: &WebhookEventRecord, error: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO webhook_events (id, event_type, created, received_at, status, error, payload) \
         VALUES ($1, $2, $3, $4, 'failed', $5, $6) \
         ON CONFLICT (id) DO UPDATE SET error = excluded.error WHERE webhook_events.status = 'failed'",
    )
    .bind(event.id.as_str())
    .bind(event.event_type.as_str())
    .bind(rows::to_seconds(event.created))
    .bind(rows::to_seconds(event.received_at))
    .bind(error)
    .bind(event.payload.as_str())
    .execute(pool)
    .await
    .map_err(unavailable)?;
    Ok(())
}

pub(super) async fn list(
    pool: &AnyPool,
    status: Option<WebhookEventStatus>,
    limit: usize,
) -> Result<Vec<StoredWebhookEvent>, StoreError> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let query = match status {
        Some(status) => sqlx::query(SELECT_BY_STATUS).bind(status.as_str()).bind(limit),
        None => sqlx::query(SELECT_ALL).bind(limit),
    };
    let found = query.fetch_all(pool).await.map_err(unavailable)?;
    found.iter().map(rows::webhook_event).collect()
}

pub(super) async fn find(pool: &AnyPool, id: &StripeEventId) -> Result<Option<StoredWebhookEvent>, StoreError> {
    let row = sqlx::query(SELECT_ONE).bind(id.as_str()).fetch_optional(pool).await.map_err(unavailable)?;
    row.as_ref().map(rows::webhook_event).transpose()
}

/// Retention: deletes handled events received before `before`. Failed and unmatched events
/// stay until an operator or a customer link handles them.
pub(super) async fn purge(pool: &AnyPool, before: DateTime<Utc>) -> Result<u64, StoreError> {
    let deleted = sqlx::query(
        "DELETE FROM webhook_events WHERE received_at < $1 AND status IN ('processed', 'stale', 'ignored')",
    )
    .bind(rows::to_seconds(before))
    .execute(pool)
    .await
    .map_err(unavailable)?;
    Ok(deleted.rows_affected())
}

/// `customer` has just been linked to a user: its unmatched events were applied already, so
/// they count as processed from now on.
pub(super) async fn match_customer(conn: &mut AnyConnection, customer: &StripeCustomerId) -> Result<(), StoreError> {
    sqlx::query("UPDATE webhook_events SET status = 'processed' WHERE status = 'unmatched' AND customer_id = $1")
        .bind(customer.as_str())
        .execute(conn)
        .await
        .map_err(unavailable)?;
    Ok(())
}
