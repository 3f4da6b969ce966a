//! [`RefreshTokenStore`] over `refresh_token_families` and `refresh_tokens`.
//!
//! `rotate` is one transaction whose FIRST statement is a conditional `UPDATE` that spends
//! the presented token only while it is unspent, unexpired and in a live family:
//! - on PostgreSQL a concurrent rotation of the same token blocks on the row lock, then
//!   re-checks the `WHERE` against the committed row (READ COMMITTED), finds it spent and
//!   updates nothing — so exactly one rotation wins and the other is classified as reuse;
//! - on SQLite that `UPDATE` takes the database's write lock at the start of the transaction
//!   (waiting under `busy_timeout`), so rotations run one after another.
//!
//! Only when the `UPDATE` matched nothing do we read the row to say why (unknown, revoked,
//! spent, expired), still inside the transaction so a reuse revokes the family atomically.
//!
//! A token spent moments ago is a client retrying (see `domain::refresh_token`): its family's
//! row is locked first on PostgreSQL (SQLite's write transaction already excludes everyone),
//! so concurrent retries supersede each other one at a time and exactly one live token is left.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::{Backend, SqlStore, rows, unavailable};
use crate::domain::{RefreshTokenHash, TokenFamilyId, UserId, is_retry};
use crate::ports::{NewRefreshToken, RefreshTokenStore, RotateOutcome, StoreError};

#[async_trait]
impl RefreshTokenStore for SqlStore {
    async fn start_family(
        &self,
        user: UserId,
        family: TokenFamilyId,
        first: &NewRefreshToken,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO refresh_token_families (id, user_id, created_at) VALUES ($1, $2, $3)")
            .bind(family.to_string())
            .bind(rows::user_id(user))
            .bind(rows::to_seconds(first.issued_at))
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        insert_token(&mut tx, family, first).await?;
        tx.commit().await.map_err(unavailable)
    }

    async fn rotate(
        &self,
        presented: &RefreshTokenHash,
        successor: &NewRefreshToken,
        now: DateTime<Utc>,
        started_after: DateTime<Utc>,
    ) -> Result<RotateOutcome, StoreError> {
        // Any early return drops `tx`, which rolls back.
        let mut tx = self.begin_write().await?;
        let spent = sqlx::query(
            "UPDATE refresh_tokens SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             AND family_id IN (SELECT id FROM refresh_token_families WHERE revoked_at IS NULL AND created_at > $3)",
        )
        .bind(rows::to_seconds(now))
        .bind(presented.to_hex())
        .bind(rows::to_seconds(started_after))
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;

        let Some(token) = read_token(&mut tx, presented).await? else {
            return Ok(RotateOutcome::Unknown);
        };
        let outcome = if spent.rows_affected() == 1 {
            insert_token(&mut tx, token.family, successor).await?;
            RotateOutcome::Rotated { user: token.user, family: token.family }
        } else if token.revoked {
            RotateOutcome::Revoked
        } else if token.used_at.is_some_and(|used_at| is_retry(used_at, rows::to_seconds(now)))
            && token.family_created_at > rows::to_seconds(started_after)
        {
            self.supersede_live_tokens(&mut tx, token.family, now).await?;
            insert_token(&mut tx, token.family, successor).await?;
            RotateOutcome::Retried { user: token.user, family: token.family }
        } else if token.used_at.is_some() {
            revoke(&mut tx, token.family, now).await?;
            RotateOutcome::Reused { user: token.user, family: token.family }
        } else if token.family_created_at <= rows::to_seconds(started_after) {
            RotateOutcome::SessionEnded
        } else {
            RotateOutcome::Expired
        };
        tx.commit().await.map_err(unavailable)?;
        Ok(outcome)
    }

    async fn family_of(&self, token: &RefreshTokenHash) -> Result<Option<TokenFamilyId>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(unavailable)?;
        Ok(read_token(&mut conn, token).await?.map(|t| t.family))
    }

    async fn revoke_family(&self, family: TokenFamilyId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(unavailable)?;
        revoke(&mut conn, family, now).await
    }

    /// Two statements in one transaction. A family is only ever inserted together with its
    /// first token (one transaction in `start_family`), so no committed family is found
    /// without tokens before its first one lands.
    async fn purge(&self, now: DateTime<Utc>, started_before: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let tokens = sqlx::query(
            "DELETE FROM refresh_tokens WHERE expires_at <= $1 OR family_id IN \
             (SELECT id FROM refresh_token_families WHERE revoked_at IS NOT NULL OR created_at <= $2)",
        )
        .bind(rows::to_seconds(now))
        .bind(rows::to_seconds(started_before))
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
        sqlx::query(
            "DELETE FROM refresh_token_families WHERE revoked_at IS NOT NULL OR created_at <= $1 \
             OR NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = refresh_token_families.id)",
        )
        .bind(rows::to_seconds(started_before))
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        Ok(tokens.rows_affected())
    }

    async fn revoke_user_families(
        &self,
        user: UserId,
        keep: Option<TokenFamilyId>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        // An id no family has stands for "keep none", so one statement serves both cases.
        let keep = keep.map_or_else(String::new, |family| family.to_string());
        let revoked = sqlx::query(
            "UPDATE refresh_token_families SET revoked_at = $1 \
             WHERE user_id = $2 AND revoked_at IS NULL AND id <> $3",
        )
        .bind(rows::to_seconds(now))
        .bind(rows::user_id(user))
        .bind(keep)
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(revoked.rows_affected())
    }
}

impl SqlStore {
    /// Spends every unspent token of `family` (the successor a retrying client never received),
    /// holding the family's row until the transaction ends on PostgreSQL.
    async fn supersede_live_tokens(
        &self,
        conn: &mut AnyConnection,
        family: TokenFamilyId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT id FROM refresh_token_families WHERE id = $1 FOR UPDATE")
                .bind(family.to_string())
                .execute(&mut *conn)
                .await
                .map_err(unavailable)?;
        }
        sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE family_id = $2 AND used_at IS NULL")
            .bind(rows::to_seconds(now))
            .bind(family.to_string())
            .execute(conn)
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

/// A stored token with what `rotate` needs to classify it.
struct StoredToken {
    family: TokenFamilyId,
    user: UserId,
    /// When it was spent (whole seconds), if it was.
    used_at: Option<i64>,
    revoked: bool,
    family_created_at: i64,
}

async fn read_token(conn: &mut AnyConnection, hash: &RefreshTokenHash) -> Result<Option<StoredToken>, StoreError> {
    let row = sqlx::query(
        "SELECT t.family_id, f.user_id, t.used_at, f.revoked_at, f.created_at \
         FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id \
         WHERE t.token_hash = $1",
    )
    .bind(hash.to_hex())
    .fetch_optional(conn)
    .await
    .map_err(unavailable)?;
    let Some(row) = row else { return Ok(None) };
    let family: String = row.try_get("family_id").map_err(unavailable)?;
    let user: String = row.try_get("user_id").map_err(unavailable)?;
    let used_at: Option<i64> = row.try_get("used_at").map_err(unavailable)?;
    let revoked_at: Option<i64> = row.try_get("revoked_at").map_err(unavailable)?;
    let family_created_at: i64 = row.try_get("created_at").map_err(unavailable)?;
    Ok(Some(StoredToken {
        family: family.parse().map_err(|e| rows::corrupt(anyhow::anyhow!("refresh_tokens.family_id: {e}")))?,
        user: user.parse().map_err(|e| rows::corrupt(anyhow::anyhow!("refresh_token_families.user_id: {e}")))?,
        used_at,
        revoked: revoked_at.is_some(),
        family_created_at,
    }))
}

async fn insert_token(
    conn: &mut AnyConnection,
    family: TokenFamilyId,
    token: &NewRefreshToken,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token.hash.to_hex())
        .bind(family.to_string())
        .bind(rows::to_seconds(token.issued_at))
        .bind(rows::to_seconds(token.expires_at))
        .execute(conn)
        .await
        .map_err(unavailable)?;
    Ok(())
}

async fn revoke(conn: &mut AnyConnection, family: TokenFamilyId, now: DateTime<Utc>) -> Result<(), StoreError> {
    sqlx::query("UPDATE refresh_token_families SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(rows::to_seconds(now))
        .bind(family.to_string())
        .execute(conn)
        .await
        .map_err(unavailable)?;
    Ok(())
}
