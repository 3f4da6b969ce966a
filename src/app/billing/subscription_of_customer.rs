//! A subscription looked up by its payment-provider customer rather than by the signed-in
//! user: what the simulated billing portal shows, since (like Stripe's) it knows only the
//! customer its link was opened for.

use super::BillingService;
use super::{BillingStatus, BillingStatusError};
use crate::domain::{Email, StripeCustomerId, UserId};

pub struct CustomerSubscription {
    pub user_id: UserId,
    pub email: Email,
    pub status: BillingStatus,
}

impl BillingService {
    /// `None` when no user is linked to `customer`.
    pub async fn subscription_of_customer(
        &self,
        customer: &StripeCustomerId,
    ) -> Result<Option<CustomerSubscription>, BillingStatusError> {
        let Some(user) = self.users.find_by_customer(customer).await? else {
            return Ok(None);
        };
        let status = self.billing_status(user.id).await?;
        Ok(Some(CustomerSubscription { user_id: user.id, email: user.email, status }))
    }
}
