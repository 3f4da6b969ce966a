//! `signalbox users grant-paid EMAIL --days N`: paid access without a payment, for demos and
//! support. Stored as a local subscription ([`crate::domain::local_grant`]) of the user's
//! customer — a local customer when they never went to checkout — so entitlement, the
//! dashboard and `users show` treat it like any other subscription. The payment provider never
//! hears of a local customer: `billing sync` and the portal skip it, and the user's first real
//! checkout replaces it with a real customer, carrying the grant over (`create_checkout`).

use super::BillingService;
use crate::app::shared::failure::store_failures;
use crate::domain::local_grant::{local_grant, new_local_customer};
use crate::domain::{Email, Subscription, Transition};

#[derive(Debug, thiserror::Error)]
pub enum GrantPaidError {
    #[error("no account has the email {0}")]
    NoSuchUser(Email),
    #[error("a grant must last at least one day")]
    NoDays,
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(GrantPaidError);

impl BillingService {
    /// Grants `days` of paid access from now; returns the grant.
    pub async fn grant_paid(&self, email: &Email, days: u32) -> Result<Subscription, GrantPaidError> {
        if days == 0 {
            return Err(GrantPaidError::NoDays);
        }
        let found = self.users.find_credentials_by_email(email).await?;
        let user = found.ok_or_else(|| GrantPaidError::NoSuchUser(email.clone()))?.user;
        let customer = match user.stripe_customer_id {
            Some(customer) => customer,
            None => self.users.link_customer(user.id, &new_local_customer()).await?,
        };
        let grant = local_grant(customer, self.now(), days);
        let stored = grant.clone();
        self.billing.reconcile_subscription(&grant.id, &move |_| Transition::Apply(stored.clone())).await?;
        self.billing_changed(user.id).await;
        tracing::info!(user_id = %user.id, subscription = %grant.id, days, "paid access granted locally");
        Ok(grant)
    }
}
