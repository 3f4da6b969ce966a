//! The public view of an account, shared by sign-up and `/auth/me`.

use chrono::{DateTime, Utc};
use poem_openapi::Object;

use crate::domain::{Plan, UserProfile};

#[derive(Object)]
pub struct UserBody {
    pub id: String,
    pub email: String,
    /// Whether the account is on the paid plan right now.
    pub is_paid: bool,
    pub created_at: DateTime<Utc>,
}

impl UserBody {
    pub fn new(user: &UserProfile, plan: Plan) -> Self {
        Self {
            id: user.id.to_string(),
            email: user.email.to_string(),
            is_paid: plan.is_paid(),
            created_at: user.created_at,
        }
    }
}
