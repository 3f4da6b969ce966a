//! Deleting one's own account: cancel any live subscription at the payment provider first
//! (so nobody is charged for an account that no longer exists), then delete the data.
//!
//! If a cancellation fails nothing is deleted, and the user can simply try again: cancelling
//! is idempotent. Locally granted access (see [`crate::domain::local_grant`]) has nothing to
//! cancel at the provider.

use super::AccountsService;
use super::account_password::{PasswordCheck, helper_failures};
use crate::app::shared::contexts::CloseBillingError;
use crate::app::shared::failure::store_failures;
use crate::domain::access::AccessChange;
use crate::domain::{Password, UserId};
use crate::ports::GatewayError;

#[derive(Debug, thiserror::Error)]
pub enum DeleteAccountError {
    #[error("the password is incorrect")]
    WrongPassword,
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("account not found")]
    AccountGone,
    /// The subscription could not be cancelled, so the account was kept.
    #[error("the subscription could not be cancelled; nothing was deleted, please retry")]
    PaymentProvider(#[source] GatewayError),
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(DeleteAccountError);
helper_failures!(DeleteAccountError);

impl AccountsService {
    /// `password` is `None` when the presented string cannot be a password.
    pub async fn delete_account(
        &self,
        user: UserId,
        client: &crate::domain::ClientNetwork,
        password: Option<&Password>,
    ) -> Result<(), DeleteAccountError> {
        match self.check_own_password(user, client, password).await? {
            PasswordCheck::Correct => {}
            PasswordCheck::Wrong => return Err(DeleteAccountError::WrongPassword),
            PasswordCheck::Limited { retry_after_secs } => {
                return Err(DeleteAccountError::TooManyAttempts { retry_after_secs });
            }
            PasswordCheck::Gone => return Err(DeleteAccountError::AccountGone),
        }
        self.billing.cancel_live_subscriptions(user).await.map_err(|err| match err {
            CloseBillingError::PaymentProvider(err) => DeleteAccountError::PaymentProvider(err),
            CloseBillingError::Store(err) => err.into(),
        })?;
        let now = self.now();
        self.refresh_tokens.revoke_user_families(user, None, now).await?;
        self.password_resets.revoke_all(user, now).await?;
        if !self.users.delete(user).await? {
            return Err(DeleteAccountError::AccountGone);
        }
        self.profiles.forget(user);
        self.announce(AccessChange::AccountDeleted(user)).await;
        self.billing.account_deleted(user).await;
        tracing::info!(user_id = %user, "account deleted");
        Ok(())
    }
}
