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

/// What the account's owner is shown about it. Fixed for the account's lifetime (there is no
/// e-mail change), which is what lets it be cached until the account is deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserProfile {
    pub id: UserId,
    pub email: Email,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn profile(&self) -> UserProfile {
        UserProfile { id: self.id, email: self.email.clone(), created_at: self.created_at }
    }
}
