//! `signalbox demo seed`: a free and a paid demo account, for demos and screenshots.
//!
//! Idempotent: an account that exists is kept (its password is not reset), and the paid one
//! gets a new local grant only when it is not paid right now.

use super::OperationsService;
use crate::app::shared::failure::store_failures;
use crate::domain::{Email, Password, Plan, UserId};
use crate::ports::{CreateUserError, NewUser};

/// How long the paid demo account's grant lasts.
pub const DEMO_GRANT_DAYS: u32 = 30;

pub struct DemoAccounts {
    pub free: Email,
    pub paid: Email,
    /// Accounts created by this run (0 on a re-run).
    pub created: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedDemoError {
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(SeedDemoError);

impl OperationsService {
    pub async fn seed_demo(
        &self,
        free: Email,
        paid: Email,
        password: &Password,
    ) -> Result<DemoAccounts, SeedDemoError> {
        let mut created = 0;
        for email in [&free, &paid] {
            if self.ensure_account(email, password).await? {
                created += 1;
            }
        }
        let paid_user = self.user_overview(&paid).await.map_err(|err| anyhow::anyhow!("{err}"))?;
        if paid_user.plan == Plan::Free {
            self.billing.grant_paid_to(&paid, DEMO_GRANT_DAYS).await?;
        }
        Ok(DemoAccounts { free, paid, created })
    }

    /// Creates the account unless it exists; returns whether it was created.
    async fn ensure_account(&self, email: &Email, password: &Password) -> Result<bool, SeedDemoError> {
        let password_hash = self.hasher.hash(password).await.map_err(|err| anyhow::anyhow!(err))?;
        let new_user =
            NewUser { id: UserId::new_random(), email: email.clone(), password_hash, created_at: self.now() };
        match self.users.create(new_user).await {
            Ok(_) => Ok(true),
            Err(CreateUserError::EmailTaken) => Ok(false),
            Err(CreateUserError::Store(err)) => Err(err.into()),
        }
    }
}
