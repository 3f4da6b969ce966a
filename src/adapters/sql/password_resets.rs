//! [`PasswordResetStore`] over `password_reset_tokens`.
//!
//! `spend` is a conditional `UPDATE` (unspent and unexpired) first: it is atomic on both
//! backends, so of concurrent spends of one token exactly one changes the row. Only when it
//! changed nothing is the row read, to say why.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{SqlStore, rows, unavailable};
use crate::domain::{ResetTokenHash, UserId};
use crate::ports::{NewResetToken, PasswordResetStore, SpendOutcome, StoreError};

#[async_trait]
impl PasswordResetStore for SqlStore {
    async fn issue(&self, token: &NewResetToken) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO password_reset_tokens (token_hash, user_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token.hash.to_hex())
        .bind(rows::user_id(token.user))
        .bind(rows::to_seconds(token.issued_at))
        .bind(rows::to_seconds(token.expires_at))
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(())
    }

    async fn spend(&self, presented: &ResetTokenHash, now: DateTime<Utc>) -> Result<SpendOutcome, StoreError> {
        let now = rows::to_seconds(now);
        let spent = sqlx::query(
            "UPDATE password_reset_tokens SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(presented.to_hex())
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        let row = sqlx::query("SELECT user_id, used_at FROM password_reset_tokens WHERE token_hash = $1")
            .bind(presented.to_hex())
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        let Some(row) = row else { return Ok(SpendOutcome::Unknown) };
        if spent.rows_affected() == 1 {
            let user: String = row.try_get("user_id").map_err(unavailable)?;
            let user =
                user.parse().map_err(|e| rows::corrupt(anyhow::anyhow!("password_reset_tokens.user_id: {e}")))?;
            return Ok(SpendOutcome::Spent { user });
        }
        let used_at: Option<i64> = row.try_get("used_at").map_err(unavailable)?;
        Ok(if used_at.is_some() { SpendOutcome::AlreadyUsed } else { SpendOutcome::Expired })
    }

    async fn revoke_all(&self, user: UserId, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let revoked =
            sqlx::query("UPDATE password_reset_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
                .bind(rows::to_seconds(now))
                .bind(rows::user_id(user))
                .execute(&self.pool)
                .await
                .map_err(unavailable)?;
        Ok(revoked.rows_affected())
    }
}
