//! Starting a subscription: make sure the user has a payment-provider customer, then open a
//! hosted checkout for them.

use crate::app::Signalbox;
use crate::domain::UserId;
use crate::ports::{CheckoutRequest, CheckoutSession, GatewayError};

/// A double click inside this window reuses the first click's idempotency key, so the provider
/// returns the same session instead of opening a second one.
const CHECKOUT_ATTEMPT_WINDOW_SECS: i64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum CreateCheckoutError {
    #[error("you already have an active subscription; manage it from the billing portal")]
    AlreadySubscribed,
    #[error("account not found")]
    UserNotFound,
    #[error("the payment provider declined the request: {0}")]
    Rejected(String),
    #[error("the payment provider is unavailable")]
    ProviderUnavailable(#[source] anyhow::Error),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<GatewayError> for CreateCheckoutError {
    fn from(err: GatewayError) -> Self {
        match err {
            GatewayError::Rejected(message) => Self::Rejected(message),
            GatewayError::Unavailable(source) => Self::ProviderUnavailable(source),
        }
    }
}

impl Signalbox {
    pub async fn create_checkout(&self, user_id: UserId) -> Result<CheckoutSession, CreateCheckoutError> {
        let user = self
            .deps
            .users
            .find_by_id(user_id)
            .await
            .map_err(anyhow::Error::from)?
            .ok_or(CreateCheckoutError::UserNotFound)?;
        if self.plan_of(user_id).await.map_err(anyhow::Error::from)?.is_paid() {
            return Err(CreateCheckoutError::AlreadySubscribed);
        }
        let customer = match user.stripe_customer_id.clone() {
            Some(customer) => customer,
            None => {
                // The gateway is idempotent per user, and link_customer keeps the first link,
                // so concurrent first checkouts converge on one customer.
                let created = self.deps.gateway.create_customer(user.id, &user.email).await?;
                self.deps.users.link_customer(user.id, &created).await.map_err(anyhow::Error::from)?
            }
        };
        let attempt = self.now().timestamp().div_euclid(CHECKOUT_ATTEMPT_WINDOW_SECS);
        let request = CheckoutRequest {
            user_id: user.id,
            email: user.email.clone(),
            customer,
            idempotency_key: format!("checkout-{}-{attempt}", user.id),
        };
        let session = self.deps.gateway.create_checkout_session(&request).await?;
        tracing::info!(user_id = %user.id, session_id = %session.id, "checkout session created");
        Ok(session)
    }
}
