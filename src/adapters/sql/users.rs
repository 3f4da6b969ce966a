//! [`UserRepository`] over the `users` table.
//!
//! Email uniqueness is the database's job (a `UNIQUE` column), not a read-then-insert, so two
//! racing sign-ups cannot both win; the violation is translated to
//! [`CreateUserError::EmailTaken`] the same way on both backends.

use anyhow::anyhow;
use async_trait::async_trait;

use super::rows::{self, user_columns};
use super::{SqlStore, event_log, unavailable};
use crate::domain::{Email, PasswordHash, StripeCustomerId, User, UserId};
use crate::ports::{CreateUserError, NewUser, StoreError, UserCredentials, UserRepository};

#[async_trait]
impl UserRepository for SqlStore {
    async fn create(&self, new_user: NewUser) -> Result<User, CreateUserError> {
        // Stored in whole seconds; return what a later read will return.
        let created_at = rows::from_seconds(rows::to_seconds(new_user.created_at))?;
        let inserted = sqlx::query("INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)")
            .bind(rows::user_id(new_user.id))
            .bind(new_user.email.as_str())
            .bind(new_user.password_hash.as_phc())
            .bind(rows::to_seconds(created_at))
            .execute(&self.pool)
            .await;
        match inserted {
            Ok(_) => Ok(User { id: new_user.id, email: new_user.email, created_at, stripe_customer_id: None }),
            // The id is a fresh random UUID, so the only unique column that can clash is the
            // email (SQLite does not name the constraint, so we cannot check which one).
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Err(CreateUserError::EmailTaken),
            Err(err) => Err(unavailable(err).into()),
        }
    }

    async fn find_credentials_by_email(&self, email: &Email) -> Result<Option<UserCredentials>, StoreError> {
        let row = sqlx::query(concat!("SELECT ", user_columns!(), " FROM users WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        row.as_ref().map(rows::credentials).transpose()
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1"))
            .bind(rows::user_id(id))
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        row.as_ref().map(rows::user).transpose()
    }

    async fn find_by_customer(&self, customer: &StripeCustomerId) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(concat!("SELECT ", user_columns!(), " FROM users WHERE stripe_customer_id = $1"))
            .bind(customer.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        row.as_ref().map(rows::user).transpose()
    }

    async fn link_customer(&self, id: UserId, customer: &StripeCustomerId) -> Result<StripeCustomerId, StoreError> {
        // The `IS NULL` guard makes the first writer win without a transaction: the UPDATE is
        // atomic, and the read-back returns whichever customer got there first.
        let mut tx = self.begin_write().await?;
        let updated =
            sqlx::query("UPDATE users SET stripe_customer_id = $1 WHERE id = $2 AND stripe_customer_id IS NULL")
                .bind(customer.as_str())
                .bind(rows::user_id(id))
                .execute(&mut *tx)
                .await;
        match updated {
            Ok(linked) if linked.rows_affected() == 1 => {
                // Events that arrived before the link were applied already; they now count.
                event_log::match_customer(&mut tx, customer).await?;
            }
            Ok(_) => {}
            // `stripe_customer_id` is UNIQUE: another user has this customer.
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                return Err(StoreError::Conflict(format!("customer {customer} is linked to another user")));
            }
            Err(err) => return Err(unavailable(err)),
        }
        tx.commit().await.map_err(unavailable)?;
        let user = self.find_by_id(id).await?.ok_or_else(|| StoreError::NotFound(format!("no user {id}")))?;
        user.stripe_customer_id
            .ok_or_else(|| StoreError::unavailable(anyhow!("user {id} has no customer after linking")))
    }

    async fn replace_customer(
        &self,
        id: UserId,
        from: &StripeCustomerId,
        to: &StripeCustomerId,
    ) -> Result<StripeCustomerId, StoreError> {
        // The `= from` guard is the compare-and-swap: of two racing replacements one updates
        // the row, the other finds `to` already there and moves nothing.
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query("UPDATE users SET stripe_customer_id = $1 WHERE id = $2 AND stripe_customer_id = $3")
            .bind(to.as_str())
            .bind(rows::user_id(id))
            .bind(from.as_str())
            .execute(&mut *tx)
            .await;
        match updated {
            Ok(replaced) if replaced.rows_affected() == 1 => {
                sqlx::query("UPDATE subscriptions SET customer_id = $1 WHERE customer_id = $2")
                    .bind(to.as_str())
                    .bind(from.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(unavailable)?;
                event_log::match_customer(&mut tx, to).await?;
            }
            Ok(_) => {}
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                return Err(StoreError::Conflict(format!("customer {to} is linked to another user")));
            }
            Err(err) => return Err(unavailable(err)),
        }
        tx.commit().await.map_err(unavailable)?;
        let user = self.find_by_id(id).await?.ok_or_else(|| StoreError::NotFound(format!("no user {id}")))?;
        user.stripe_customer_id.ok_or_else(|| StoreError::Conflict(format!("user {id} has no customer to replace")))
    }

    async fn update_password_hash(
        &self,
        id: UserId,
        current: &PasswordHash,
        new: &PasswordHash,
    ) -> Result<bool, StoreError> {
        let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3")
            .bind(new.as_phc())
            .bind(rows::user_id(id))
            .bind(current.as_phc())
            .execute(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(updated.rows_affected() == 1)
    }

    async fn delete(&self, id: UserId) -> Result<bool, StoreError> {
        // Sessions and reset tokens go with the row (ON DELETE CASCADE); subscriptions are
        // keyed by customer, not user, so they are deleted here in the same transaction.
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM subscriptions WHERE customer_id IN \
             (SELECT stripe_customer_id FROM users WHERE id = $1 AND stripe_customer_id IS NOT NULL)",
        )
        .bind(rows::user_id(id))
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
        let deleted = sqlx::query("DELETE FROM users WHERE id = $1").bind(rows::user_id(id)).execute(&mut *tx).await;
        let deleted = deleted.map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        Ok(deleted.rows_affected() == 1)
    }
}
