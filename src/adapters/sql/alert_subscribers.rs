//! [`AlertSubscribers`] over `alert_preferences` and `telegram_link_codes`.
//!
//! Redeeming a code is one conditional `UPDATE … RETURNING` (unused and unexpired, or nothing),
//! so of concurrent redemptions exactly one gets the row; the chat is then moved to its user
//! in the same transaction.

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlStore, rows, unavailable};
use crate::domain::UserId;
use crate::domain::alerts::{AlertPreferences, ChatId, EventSwitches, LinkCodeHash, QuietHours};
use crate::ports::{AlertSubscribers, Redeemed, StoreError, Subscriber};

const COLUMNS: &str = "user_id, telegram_enabled, email_enabled, push_enabled, symbols, call_opened, call_closed, \
     session_summary, quiet_from, quiet_to, telegram_chat_id";

fn subscriber(row: &AnyRow) -> Result<Subscriber, StoreError> {
    let read = || -> anyhow::Result<Subscriber> {
        let on = |column: &str| -> anyhow::Result<bool> { Ok(row.try_get::<i64, _>(column)? != 0) };
        let user: String = row.try_get("user_id")?;
        let symbols: String = row.try_get("symbols")?;
        let names: Vec<&str> = symbols.split(',').filter(|name| !name.is_empty()).collect();
        let quiet_from: Option<String> = row.try_get("quiet_from")?;
        let quiet_to: Option<String> = row.try_get("quiet_to")?;
        let quiet_hours = match (quiet_from, quiet_to) {
            (Some(from), Some(to)) => Some(QuietHours::parse(&from, &to)?),
            (None, None) => None,
            _ => return Err(anyhow!("half-set quiet hours")),
        };
        let chat: Option<i64> = row.try_get("telegram_chat_id")?;
        Ok(Subscriber {
            user: user.parse::<UserId>()?,
            preferences: AlertPreferences {
                telegram_enabled: on("telegram_enabled")?,
                email_enabled: on("email_enabled")?,
                push_enabled: on("push_enabled")?,
                symbols: AlertPreferences::parse_symbols(&names)?,
                events: EventSwitches {
                    call_opened: on("call_opened")?,
                    call_closed: on("call_closed")?,
                    session_summary: on("session_summary")?,
                },
                quiet_hours,
            },
            telegram_chat: chat.map(ChatId),
        })
    };
    read().map_err(rows::corrupt)
}

fn symbols_text(preferences: &AlertPreferences) -> String {
    preferences.symbols.iter().map(|symbol| symbol.as_str()).collect::<Vec<_>>().join(",")
}

/// Upserts the preferences (without touching the chat) — or, with `chat`, only links it for a
/// user who may have none saved yet.
const UPSERT: &str = "INSERT INTO alert_preferences (user_id, telegram_enabled, email_enabled, push_enabled, symbols, \
     call_opened, call_closed, session_summary, quiet_from, quiet_to, telegram_chat_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

async fn upsert(
    conn: &mut sqlx::AnyConnection,
    user: UserId,
    preferences: &AlertPreferences,
    chat: Option<ChatId>,
) -> Result<(), StoreError> {
    let conflict = match chat {
        Some(_) => " ON CONFLICT (user_id) DO UPDATE SET telegram_chat_id = excluded.telegram_chat_id",
        None => {
            " ON CONFLICT (user_id) DO UPDATE SET telegram_enabled = excluded.telegram_enabled, \
             email_enabled = excluded.email_enabled, push_enabled = excluded.push_enabled, \
             symbols = excluded.symbols, call_opened = excluded.call_opened, call_closed = excluded.call_closed, \
             session_summary = excluded.session_summary, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to"
        }
    };
    sqlx::query(sqlx::AssertSqlSafe(format!("{UPSERT}{conflict}")))
        .bind(rows::user_id(user))
        .bind(i64::from(preferences.telegram_enabled))
        .bind(i64::from(preferences.email_enabled))
        .bind(i64::from(preferences.push_enabled))
        .bind(symbols_text(preferences))
        .bind(i64::from(preferences.events.call_opened))
        .bind(i64::from(preferences.events.call_closed))
        .bind(i64::from(preferences.events.session_summary))
        .bind(preferences.quiet_hours.map(|quiet| quiet.from_text()))
        .bind(preferences.quiet_hours.map(|quiet| quiet.to_text()))
        .bind(chat.map(|chat| chat.0))
        .execute(&mut *conn)
        .await
        .map_err(unavailable)?;
    Ok(())
}

#[async_trait]
impl AlertSubscribers for SqlStore {
    async fn subscriber(&self, user: UserId) -> Result<Option<Subscriber>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM alert_preferences WHERE user_id = $1");
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(rows::user_id(user))
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        found.as_ref().map(subscriber).transpose()
    }

    async fn subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM alert_preferences ORDER BY user_id");
        let found = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await.map_err(unavailable)?;
        found.iter().map(subscriber).collect()
    }

    async fn save_preferences(&self, user: UserId, preferences: &AlertPreferences) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(unavailable)?;
        upsert(&mut conn, user, preferences, None).await
    }

    async fn issue_link_code(
        &self,
        user: UserId,
        code: &LinkCodeHash,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO telegram_link_codes (code_hash, user_id, expires_at) VALUES ($1, $2, $3)")
            .bind(code.as_str())
            .bind(rows::user_id(user))
            .bind(rows::to_seconds(expires_at))
            .execute(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn redeem_link_code(
        &self,
        code: &LinkCodeHash,
        chat: ChatId,
        now: DateTime<Utc>,
    ) -> Result<Redeemed, StoreError> {
        let mut tx = self.begin_write().await?;
        let spent: Option<(String,)> = sqlx::query_as(
            "UPDATE telegram_link_codes SET used_at = $1 \
             WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
        )
        .bind(rows::to_seconds(now))
        .bind(code.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(unavailable)?;
        let Some((user,)) = spent else {
            let found: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT used_at FROM telegram_link_codes WHERE code_hash = $1")
                    .bind(code.as_str())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(unavailable)?;
            return Ok(match found {
                None => Redeemed::Unknown,
                Some((Some(_),)) => Redeemed::Used,
                Some((None,)) => Redeemed::Expired,
            });
        };
        let user = user.parse::<UserId>().map_err(rows::corrupt)?;
        sqlx::query("UPDATE alert_preferences SET telegram_chat_id = NULL WHERE telegram_chat_id = $1")
            .bind(chat.0)
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        upsert(&mut tx, user, &AlertPreferences::default(), Some(chat)).await?;
        tx.commit().await.map_err(unavailable)?;
        Ok(Redeemed::Linked(user))
    }

    async fn unlink_chat(&self, chat: ChatId) -> Result<Option<UserId>, StoreError> {
        let found: Option<(String,)> = sqlx::query_as(
            "UPDATE alert_preferences SET telegram_chat_id = NULL WHERE telegram_chat_id = $1 RETURNING user_id",
        )
        .bind(chat.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        found.map(|(user,)| user.parse::<UserId>().map_err(rows::corrupt)).transpose()
    }
}
