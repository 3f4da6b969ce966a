//! Starting a subscription: make sure the user has a payment-provider customer, then open a
//! hosted checkout for them. A user whose only customer is a local one (made by
//! `users grant-paid`) gets a real one in its place first: the provider never sees a local id.
//!
//! One paid subscription per user: a checkout is refused while any subscription grants access
//! or still waits for its first payment, and opening a checkout expires the user's previous
//! open one, so two tabs cannot both be paid.

use super::BillingService;
use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::domain::local_grant::is_local_customer;
use crate::ports::{CheckoutRequest, CheckoutSession, GatewayError};

/// A double click inside this window reuses the first click's idempotency key, so the provider
/// returns the same session instead of opening a second one.
const CHECKOUT_ATTEMPT_WINDOW_SECS: i64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum CreateCheckoutError {
    #[error(
        "you already have a subscription (active, or waiting for its first payment); manage it from the billing portal"
    )]
    AlreadySubscribed,
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

store_failures!(CreateCheckoutError);

impl BillingService {
    pub async fn create_checkout(&self, user_id: UserId) -> Result<CheckoutSession, CreateCheckoutError> {
        let user = self.users.find_by_id(user_id).await?.ok_or(CreateCheckoutError::UserNotFound)?;
        let state = self.billing.billing_state(user_id).await?;
        if self.policies.entitlement.blocks_new_checkout(&state, self.now()) {
            return Err(CreateCheckoutError::AlreadySubscribed);
        }
        let customer = match user.stripe_customer_id.clone() {
            Some(customer) if !is_local_customer(&customer) => customer,
            local_or_none => {
                // The gateway is idempotent per user, and linking keeps the first link, so
                // concurrent first checkouts converge on one customer.
                let created = self.gateway.create_customer(user.id, &user.email).await?;
                let linked = match local_or_none {
                    None => self.users.link_customer(user.id, &created).await?,
                    // A customer made for a local grant is unknown to the provider, which would
                    // refuse a checkout for it: the real one takes its place, grants and all.
                    Some(local) => self.users.replace_customer(user.id, &local, &created).await?,
                };
                // Linking brings any subscription already stored for the customer to the user.
                self.billing_changed(user.id).await;
                linked
            }
        };
        let attempt = self.now().timestamp().div_euclid(CHECKOUT_ATTEMPT_WINDOW_SECS);
        let request = CheckoutRequest {
            user_id: user.id,
            email: user.email.clone(),
            customer,
            idempotency_key: format!("checkout-{}-{attempt}", user.id),
        };
        let session = self.gateway.create_checkout_session(&request).await?;
        let previous = self.billing.swap_open_checkout(user.id, &session.id).await?;
        if let Some(previous) = previous.filter(|previous| *previous != session.id) {
            match self.gateway.expire_checkout_session(&previous).await {
                // Already paid or gone: nothing left to stop. A payment it took arrives as a
                // webhook and is applied like any other.
                Ok(()) | Err(GatewayError::Rejected(_)) => {}
                Err(err) => return Err(err.into()),
            }
        }
        tracing::info!(user_id = %user.id, session_id = %session.id, "checkout session created");
        Ok(session)
    }
}
