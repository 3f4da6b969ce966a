//! [`PushDevices`] over `push_devices`.
//!
//! `save` is one transaction: delete the endpoint's row (whoever owned it), insert the device
//! (a new `seq`, so it becomes the user's newest), then delete the user's rows beyond the ten
//! newest. On PostgreSQL the user's row is locked first, so two saves for one user run one
//! after the other and the cap holds under concurrency; SQLite has one writer at a time, and
//! the delete comes first so the transaction takes the write lock before it reads anything.
//! Two users saving one endpoint at once can still collide on its `UNIQUE`: the loser retries.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::pool::Backend;
use super::{SqlStore, rows, unavailable};
use crate::domain::UserId;
use crate::domain::alerts::{PushDevice, PushDeviceId, PushKeys};
use crate::ports::{MAX_PUSH_DEVICES_PER_USER, PushDevices, StoreError};

/// Attempts of a save that lost an endpoint race; a third loss in a row is reported.
const SAVE_ATTEMPTS: usize = 3;

enum Saved {
    Stored(PushDeviceId),
    EndpointRace,
}

#[async_trait]
impl PushDevices for SqlStore {
    async fn save(&self, device: PushDevice) -> Result<PushDeviceId, StoreError> {
        for _ in 0..SAVE_ATTEMPTS {
            if let Saved::Stored(id) = self.try_save(&device).await? {
                return Ok(id);
            }
        }
        Err(StoreError::unavailable(anyhow::anyhow!("push device endpoint kept changing hands")))
    }

    async fn of_user(&self, user: UserId) -> Result<Vec<PushDevice>, StoreError> {
        let found =
            sqlx::query("SELECT id, user_id, endpoint, p256dh, auth FROM push_devices WHERE user_id = $1 ORDER BY seq")
                .bind(rows::user_id(user))
                .fetch_all(&self.pool)
                .await
                .map_err(unavailable)?;
        found.iter().map(device).collect()
    }

    async fn remove(&self, user: UserId, id: PushDeviceId) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM push_devices WHERE user_id = $1 AND id = $2")
            .bind(rows::user_id(user))
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(removed.rows_affected() > 0)
    }

    async fn remove_endpoint(&self, endpoint: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM push_devices WHERE endpoint = $1")
            .bind(endpoint)
            .execute(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

impl SqlStore {
    async fn try_save(&self, device: &PushDevice) -> Result<Saved, StoreError> {
        let user = rows::user_id(device.user);
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
                .bind(&user)
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
        }
        let replaced = sqlx::query("DELETE FROM push_devices WHERE endpoint = $1 RETURNING id, user_id")
            .bind(&device.endpoint)
            .fetch_optional(&mut *tx)
            .await
            .map_err(unavailable)?;
        let id = match replaced {
            Some(row) if row.try_get::<String, _>("user_id").map_err(unavailable)? == user => {
                let kept: String = row.try_get("id").map_err(unavailable)?;
                kept.parse().map_err(|e| rows::corrupt(anyhow::anyhow!("push_devices.id: {e}")))?
            }
            _ => device.id,
        };
        let inserted =
            sqlx::query("INSERT INTO push_devices (id, user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4, $5)")
                .bind(id.to_string())
                .bind(&user)
                .bind(&device.endpoint)
                .bind(&device.keys.p256dh)
                .bind(&device.keys.auth)
                .execute(&mut *tx)
                .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => return Ok(Saved::EndpointRace),
            Err(sqlx::Error::Database(db)) if db.is_foreign_key_violation() => {
                return Err(StoreError::NotFound(format!("user {user}")));
            }
            Err(err) => return Err(unavailable(err)),
        }
        sqlx::query(
            "DELETE FROM push_devices WHERE user_id = $1 AND seq NOT IN \
             (SELECT seq FROM push_devices WHERE user_id = $1 ORDER BY seq DESC LIMIT $2)",
        )
        .bind(&user)
        .bind(MAX_PUSH_DEVICES_PER_USER as i64)
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        Ok(Saved::Stored(id))
    }
}

fn device(row: &AnyRow) -> Result<PushDevice, StoreError> {
    let text = |column: &str| row.try_get::<String, _>(column).map_err(unavailable);
    Ok(PushDevice {
        id: text("id")?.parse().map_err(|e| rows::corrupt(anyhow::anyhow!("push_devices.id: {e}")))?,
        user: text("user_id")?.parse().map_err(|e| rows::corrupt(anyhow::anyhow!("push_devices.user_id: {e}")))?,
        endpoint: text("endpoint")?,
        keys: PushKeys { p256dh: text("p256dh")?, auth: text("auth")? },
    })
}
