//! The billing portal: where a subscriber changes their card, sees invoices or cancels.
//!
//! It needs the payment-provider customer created at the user's first checkout; a user who
//! never started one has nothing to manage yet.

use crate::app::Signalbox;
use crate::domain::UserId;
use crate::ports::{GatewayError, PortalSession};

#[derive(Debug, thiserror::Error)]
pub enum OpenBillingPortalError {
    #[error("there is no subscription to manage yet; subscribe first")]
    NoCustomer,
    #[error("account not found")]
    UserNotFound,
    #[error("the payment provider declined the request: {0}")]
    Rejected(String),
    #[error("the payment provider is unavailable")]
    ProviderUnavailable(#[source] anyhow::Error),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<GatewayError> for OpenBillingPortalError {
    fn from(err: GatewayError) -> Self {
        match err {
            GatewayError::Rejected(message) => Self::Rejected(message),
            GatewayError::Unavailable(source) => Self::ProviderUnavailable(source),
        }
    }
}

impl Signalbox {
    pub async fn open_billing_portal(&self, user_id: UserId) -> Result<PortalSession, OpenBillingPortalError> {
        let user = self
            .deps
            .users
            .find_by_id(user_id)
            .await
            .map_err(anyhow::Error::from)?
            .ok_or(OpenBillingPortalError::UserNotFound)?;
        let customer = user.stripe_customer_id.ok_or(OpenBillingPortalError::NoCustomer)?;
        let session = self.deps.gateway.create_portal_session(&customer).await?;
        tracing::info!(user_id = %user.id, "billing portal session created");
        Ok(session)
    }
}
