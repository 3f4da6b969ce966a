//! A registered account as the rest of the system sees it (never with its password hash).

use chrono::{DateTime, Utc};

use super::{Email, StripeCustomerId, UserId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub created_at: DateTime<Utc>,
    pub stripe_customer_id: Option<StripeCustomerId>,
}
