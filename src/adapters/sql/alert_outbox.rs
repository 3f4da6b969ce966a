//! [`AlertOutbox`] over `alert_events` and `alert_deliveries`, the same queries on SQLite and
//! PostgreSQL.
//!
//! A claim is one `UPDATE … WHERE key IN (SELECT … LIMIT n) RETURNING …`: on PostgreSQL the
//! inner select takes its rows `FOR UPDATE SKIP LOCKED`, so concurrent dispatchers on several
//! instances each get different rows without waiting on one another; SQLite has one writer at
//! a time, which makes the statement atomic by itself. Fan-out inserts deliveries with
//! `ON CONFLICT DO NOTHING` on (event, user, channel) and marks the event in the same
//! transaction.

use std::collections::HashMap;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{Backend, SqlStore, rows, unavailable};
use crate::domain::UserId;
use crate::domain::alerts::{AlertChannel, AlertEvent, AlertEventKey, AlertKind};
use crate::domain::calls::CallId;
use crate::domain::signals::Symbol;
use crate::ports::{AlertOutbox, ChannelStats, Delivery, LeaseHolder, NewDelivery, Settlement, StoreError};

const EVENT_COLUMNS: &str = "event_key, kind, symbol, call_id, body, created_at";
/// Rows per multi-row insert (PostgreSQL allows 65,535 parameters; six per row).
const INSERT_CHUNK: usize = 500;

impl SqlStore {
    fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }
}

/// Inserts `event` unless its key is stored; `true` when new. Also used by the call ledger
/// inside its own transaction.
pub(super) async fn insert_event(conn: &mut AnyConnection, event: &AlertEvent) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO alert_events (event_key, kind, symbol, call_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_key) DO NOTHING",
    )
    .bind(event.key.as_str())
    .bind(event.kind.as_str())
    .bind(event.symbol.as_str())
    .bind(event.call.as_ref().map(|call| call.as_str().to_owned()))
    .bind(event.text.as_str())
    .bind(rows::to_seconds(event.created_at))
    .execute(&mut *conn)
    .await
    .map_err(unavailable)?;
    Ok(done.rows_affected() == 1)
}

fn event(row: &AnyRow) -> Result<AlertEvent, StoreError> {
    let read = || -> anyhow::Result<AlertEvent> {
        let kind: String = row.try_get("kind")?;
        let symbol: String = row.try_get("symbol")?;
        let call: Option<String> = row.try_get("call_id")?;
        Ok(AlertEvent {
            key: AlertEventKey::from_stored(row.try_get("event_key")?),
            kind: AlertKind::parse(&kind).ok_or_else(|| anyhow!("alert kind {kind:?}"))?,
            symbol: Symbol::parse(&symbol).ok_or_else(|| anyhow!("symbol {symbol:?}"))?,
            call: call.map(|id| CallId::parse(&id)).transpose()?,
            text: row.try_get("body")?,
            created_at: rows::from_seconds(row.try_get("created_at")?)?,
        })
    };
    read().map_err(rows::corrupt)
}

fn status_of(settlement: &Settlement) -> &'static str {
    match settlement {
        Settlement::Sent { .. } => "sent",
        Settlement::Retry { .. } => "queued",
        Settlement::Failed { .. } => "failed",
        Settlement::Dropped { .. } => "dropped",
    }
}

#[async_trait]
impl AlertOutbox for SqlStore {
    async fn add_event(&self, event: &AlertEvent) -> Result<bool, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(unavailable)?;
        insert_event(&mut conn, event).await
    }

    async fn claim_events(
        &self,
        holder: &LeaseHolder,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<AlertEvent>, StoreError> {
        let sql = format!(
            "UPDATE alert_events SET lease_until = $1, lease_holder = $2 WHERE event_key IN (\
             SELECT event_key FROM alert_events WHERE fanned_out = 0 AND (lease_until IS NULL OR lease_until <= $3) \
             ORDER BY created_at, event_key LIMIT $4{}) RETURNING {EVENT_COLUMNS}",
            self.skip_locked()
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(rows::to_seconds(lease_until))
            .bind(holder.0.as_str())
            .bind(rows::to_seconds(now))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        let mut events = found.iter().map(event).collect::<Result<Vec<_>, _>>()?;
        events.sort_by(|a, b| (a.created_at, &a.key).cmp(&(b.created_at, &b.key)));
        Ok(events)
    }

    async fn fan_out(&self, event: &AlertEventKey, deliveries: &[NewDelivery]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        // Marking the event first locks its row on PostgreSQL, so a second dispatcher's fan-out
        // of the same event waits for this one and then finds it done.
        let created: Option<(i64,)> = sqlx::query_as(
            "UPDATE alert_events SET fanned_out = 1, lease_until = NULL, lease_holder = NULL WHERE event_key = $1 \
             RETURNING created_at",
        )
        .bind(event.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(unavailable)?;
        let Some((queued_at,)) = created else { return Ok(()) };
        for chunk in deliveries.chunks(INSERT_CHUNK) {
            let values = (0..chunk.len())
                .map(|i| {
                    let p = i * 6;
                    format!("(${}, ${}, ${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6)
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO alert_deliveries (event_key, user_id, channel, not_before, held, queued_at) \
                 VALUES {values} ON CONFLICT (event_key, user_id, channel) DO NOTHING"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for delivery in chunk {
                query = query
                    .bind(event.as_str())
                    .bind(rows::user_id(delivery.user))
                    .bind(delivery.channel.as_str())
                    .bind(rows::to_seconds(delivery.not_before))
                    .bind(i64::from(delivery.held))
                    .bind(queued_at);
            }
            query.execute(&mut *tx).await.map_err(unavailable)?;
        }
        tx.commit().await.map_err(unavailable)
    }

    async fn claim_deliveries(
        &self,
        channel: AlertChannel,
        holder: &LeaseHolder,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        let sql = format!(
            "UPDATE alert_deliveries SET lease_until = $1, lease_holder = $2 \
             WHERE (event_key, user_id, channel) IN (\
             SELECT event_key, user_id, channel FROM alert_deliveries WHERE channel = $3 AND status = 'queued' \
             AND not_before <= $4 AND (lease_until IS NULL OR lease_until <= $4) \
             ORDER BY not_before, event_key, user_id LIMIT $5{}) \
             RETURNING event_key, user_id, attempts, held, queued_at, not_before",
            self.skip_locked()
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(rows::to_seconds(lease_until))
            .bind(holder.0.as_str())
            .bind(channel.as_str())
            .bind(rows::to_seconds(now))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        let mut events: HashMap<String, AlertEvent> = HashMap::new();
        let mut claimed = Vec::with_capacity(found.len());
        for row in &found {
            let key: String = row.try_get("event_key").map_err(rows::corrupt)?;
            if !events.contains_key(&key) {
                let sql = format!("SELECT {EVENT_COLUMNS} FROM alert_events WHERE event_key = $1");
                let stored = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(key.as_str())
                    .fetch_one(&self.pool)
                    .await
                    .map_err(unavailable)?;
                events.insert(key.clone(), event(&stored)?);
            }
            let user: String = row.try_get("user_id").map_err(rows::corrupt)?;
            let attempts: i64 = row.try_get("attempts").map_err(rows::corrupt)?;
            let held: i64 = row.try_get("held").map_err(rows::corrupt)?;
            let not_before: i64 = row.try_get("not_before").map_err(rows::corrupt)?;
            claimed.push((
                not_before,
                Delivery {
                    event: events[&key].clone(),
                    user: user.parse::<UserId>().map_err(rows::corrupt)?,
                    channel,
                    attempts: u32::try_from(attempts).map_err(rows::corrupt)?,
                    held: held != 0,
                    queued_at: rows::from_seconds(row.try_get("queued_at").map_err(rows::corrupt)?)?,
                },
            ));
        }
        claimed.sort_by(|a, b| (a.0, &a.1.event.key).cmp(&(b.0, &b.1.event.key)));
        Ok(claimed.into_iter().map(|(_, delivery)| delivery).collect())
    }

    async fn settle(
        &self,
        event: &AlertEventKey,
        user: UserId,
        channel: AlertChannel,
        settlement: &Settlement,
    ) -> Result<(), StoreError> {
        let (not_before, attempts, error, settled_at) = match settlement {
            Settlement::Sent { at } => (None, None, None, Some(rows::to_seconds(*at))),
            Settlement::Retry { not_before, attempts, error } => {
                (Some(rows::to_seconds(*not_before)), Some(i64::from(*attempts)), Some(error.clone()), None)
            }
            Settlement::Failed { error } => (None, None, Some(error.clone()), Some(rows::to_seconds(Utc::now()))),
            Settlement::Dropped { reason } => (None, None, Some(reason.clone()), Some(rows::to_seconds(Utc::now()))),
        };
        sqlx::query(
            "UPDATE alert_deliveries SET status = $1, not_before = COALESCE($2, not_before), \
             attempts = COALESCE($3, attempts), error = $4, settled_at = $5, lease_until = NULL, lease_holder = NULL \
             WHERE event_key = $6 AND user_id = $7 AND channel = $8 AND status = 'queued'",
        )
        .bind(status_of(settlement))
        .bind(not_before)
        .bind(attempts)
        .bind(error)
        .bind(settled_at)
        .bind(event.as_str())
        .bind(rows::user_id(user))
        .bind(channel.as_str())
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(())
    }

    async fn call_closed(&self, call: &CallId) -> Result<bool, StoreError> {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT event_key FROM alert_events WHERE event_key = $1 AND kind = 'call_closed'")
                .bind(AlertEventKey::closed(call).as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(unavailable)?;
        Ok(found.is_some())
    }

    async fn stats(&self) -> Result<Vec<(AlertChannel, ChannelStats)>, StoreError> {
        let found: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT channel, status, COUNT(*), MIN(queued_at) FROM alert_deliveries GROUP BY channel, status",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(unavailable)?;
        let mut stats: Vec<(AlertChannel, ChannelStats)> =
            AlertChannel::ALL.into_iter().map(|channel| (channel, ChannelStats::default())).collect();
        for (channel, status, count, oldest) in found {
            let Some((_, line)) = stats.iter_mut().find(|(c, _)| c.as_str() == channel) else { continue };
            let count = u64::try_from(count).unwrap_or(0);
            match status.as_str() {
                "sent" => line.sent = count,
                "failed" => line.failed = count,
                "dropped" => line.dropped = count,
                _ => {
                    line.queued = count;
                    line.oldest_queued_at = oldest.map(rows::from_seconds).transpose()?;
                }
            }
        }
        Ok(stats)
    }
}
