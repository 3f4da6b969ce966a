//! Conversions between database columns and domain values, in one place so `users` and
//! `billing` agree on the encoding (unix seconds, text ids, 0/1 booleans).
//!
//! A value that does not parse back (a malformed id, an impossible timestamp) means the
//! database holds something this code never wrote; it is reported as the store failing, not
//! silently dropped.

use anyhow::{Context, anyhow};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::domain::{
    Email, PasswordHash, StripeCustomerId, StripeEventId, StripeSubscriptionId, Subscription, SubscriptionStatus, User,
    UserId,
};
use crate::ports::{StoreError, StoredWebhookEvent, UserCredentials, WebhookEventRecord, WebhookEventStatus};

/// The columns [`user`] and [`credentials`] read. A macro rather than a `const` so queries can
/// be assembled with `concat!` into `&'static str`, which sqlx accepts as safe SQL.
macro_rules! user_columns {
    () => {
        "id, email, password_hash, created_at, stripe_customer_id"
    };
}

/// The columns [`subscription`] reads.
macro_rules! subscription_columns {
    () => {
        "id, customer_id, status, status_at, cancel_at_period_end, current_period_end, details_at, \
         paid_through, last_event_at"
    };
}

/// The columns [`webhook_event`] reads.
macro_rules! event_columns {
    () => {
        "id, event_type, created, received_at, status, error, payload"
    };
}

pub(super) use {event_columns, subscription_columns, user_columns};

pub(super) fn to_seconds(at: DateTime<Utc>) -> i64 {
    at.timestamp()
}

pub(super) fn from_seconds(secs: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| corrupt(anyhow!("timestamp {secs} is out of range")))
}

pub(super) fn user(row: &AnyRow) -> Result<User, StoreError> {
    let id: String = get(row, "id")?;
    let email: String = get(row, "email")?;
    let customer: Option<String> = get(row, "stripe_customer_id")?;
    Ok(User {
        id: id.parse().context("users.id").map_err(corrupt)?,
        email: Email::parse(&email).context("users.email").map_err(corrupt)?,
        created_at: from_seconds(get(row, "created_at")?)?,
        stripe_customer_id: customer.as_deref().map(customer_id).transpose()?,
    })
}

pub(super) fn credentials(row: &AnyRow) -> Result<UserCredentials, StoreError> {
    Ok(UserCredentials { user: user(row)?, password_hash: PasswordHash::from_phc(get(row, "password_hash")?) })
}

pub(super) fn subscription(row: &AnyRow) -> Result<Subscription, StoreError> {
    let id: String = get(row, "id")?;
    let customer: String = get(row, "customer_id")?;
    let status: String = get(row, "status")?;
    let optional_time = |column: &str| -> Result<Option<DateTime<Utc>>, StoreError> {
        get::<Option<i64>>(row, column)?.map(from_seconds).transpose()
    };
    Ok(Subscription {
        id: StripeSubscriptionId::parse(&id).context("subscriptions.id").map_err(corrupt)?,
        customer: customer_id(&customer)?,
        status: SubscriptionStatus::from_stripe(&status),
        status_at: from_seconds(get(row, "status_at")?)?,
        cancel_at_period_end: get::<i64>(row, "cancel_at_period_end")? != 0,
        current_period_end: optional_time("current_period_end")?,
        details_at: optional_time("details_at")?,
        paid_through: optional_time("paid_through")?,
        last_event_at: from_seconds(get(row, "last_event_at")?)?,
    })
}

pub(super) fn webhook_event(row: &AnyRow) -> Result<StoredWebhookEvent, StoreError> {
    let id: String = get(row, "id")?;
    let status: String = get(row, "status")?;
    Ok(StoredWebhookEvent {
        record: WebhookEventRecord {
            id: StripeEventId::parse(&id).context("webhook_events.id").map_err(corrupt)?,
            event_type: get(row, "event_type")?,
            created: from_seconds(get(row, "created")?)?,
            received_at: from_seconds(get(row, "received_at")?)?,
            payload: get(row, "payload")?,
        },
        status: WebhookEventStatus::parse(&status)
            .ok_or_else(|| corrupt(anyhow!("webhook_events.status {status:?} is unknown")))?,
        error: get(row, "error")?,
    })
}

pub(super) fn user_id(id: UserId) -> String {
    id.to_string()
}

pub(super) fn customer_id(raw: &str) -> Result<StripeCustomerId, StoreError> {
    StripeCustomerId::parse(raw).context("stripe customer id").map_err(corrupt)
}

fn get<T>(row: &AnyRow, column: &str) -> Result<T, StoreError>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column).map_err(StoreError::unavailable)
}

pub(super) fn corrupt(err: impl Into<anyhow::Error>) -> StoreError {
    StoreError::unavailable(err.into().context("the database holds a value this version cannot read"))
}
