//! The billing portal: where a subscriber changes their card, sees invoices or cancels.
//!
//! It needs the payment-provider customer created at the user's first checkout; a user who
//! never started one (or has only a local grant's customer) has nothing to manage there yet.

use super::BillingService;
use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::domain::local_grant::is_local_customer;
use crate::ports::{GatewayError, PortalSession};

#[derive(Debug, thiserror::Error)]
pub enum OpenBillingPortalError {
    #[error("there is no subscription to manage yet; subscribe first")]
    NoCustomer,
    /// The user's paid access was granted here (`users grant-paid`), not bought: the payment
    /// provider has nothing of theirs to show.
    #[error("your paid access was granted by Signalbox, not bought; there is no payment to manage")]
    OnlyLocalGrant,
    #[error("account not found")]
    UserNotFound,
    /// The payment provider refused or could not be reached.
    #[error(transparent)]
    Gateway(#[from] GatewayError),
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(OpenBillingPortalError);

impl BillingService {
    pub async fn open_billing_portal(&self, user_id: UserId) -> Result<PortalSession, OpenBillingPortalError> {
        let user = self.users.find_by_id(user_id).await?.ok_or(OpenBillingPortalError::UserNotFound)?;
        let customer = user.stripe_customer_id.ok_or(OpenBillingPortalError::NoCustomer)?;
        // Never sent to the provider, which does not know it and would refuse.
        if is_local_customer(&customer) {
            return Err(OpenBillingPortalError::OnlyLocalGrant);
        }
        let session = self.gateway.create_portal_session(&customer).await?;
        tracing::info!(user_id = %user.id, "billing portal session created");
        Ok(session)
    }
}
