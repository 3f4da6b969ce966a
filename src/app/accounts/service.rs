//! The accounts service: who a user is, how they prove it, and how their sessions live.
//!
//! Its constructor names every port the accounts use cases may reach; the billing side of
//! closing an account and a user's plan are asked of billing through [`AccountBilling`] and
//! [`PlanLookup`], never through billing's ports.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::request_password_reset::RESET_MAIL_TASKS;
use crate::app::shared::bounded_tasks::BoundedTasks;
use crate::app::shared::per_user_cache::PerUserCache;
use crate::app::shared::{AccountBilling, PlanLookup};
use crate::domain::{LoginThrottlePolicy, RateLimitPolicy, UserProfile};
use crate::ports::{
    AccountChanges, Clock, Counters, Mailer, PasswordHasher, PasswordResetStore, RefreshTokenStore, TokenIssuer,
    UserRepository,
};

/// The ports the accounts context talks through.
#[derive(Clone)]
pub struct AccountsPorts {
    pub users: Arc<dyn UserRepository>,
    pub refresh_tokens: Arc<dyn RefreshTokenStore>,
    pub password_resets: Arc<dyn PasswordResetStore>,
    pub mailer: Arc<dyn Mailer>,
    /// Throttles: sign-up, log-in, refresh and reset attempts.
    pub counters: Arc<dyn Counters>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub tokens: Arc<dyn TokenIssuer>,
    /// Real time: tokens, sessions, throttles, mail.
    pub clock: Arc<dyn Clock>,
    /// "This user changed", across instances: drops cached profiles (deletions are announced
    /// here by billing's [`AccountBilling::account_deleted`]).
    pub user_changes: Arc<dyn AccountChanges>,
}

/// What the accounts context asks of the others.
#[derive(Clone)]
pub struct AccountsNeighbours {
    pub plans: Arc<dyn PlanLookup>,
    pub billing: Arc<dyn AccountBilling>,
}

/// The accounts numbers, from configuration.
#[derive(Clone, Debug)]
pub struct AccountsPolicies {
    pub auth_rate_limit: RateLimitPolicy,
    /// Password-reset mails per email address per window, whoever asks: the per-network limit
    /// alone lets requests from many networks flood one inbox.
    pub reset_mails_per_email: RateLimitPolicy,
    /// Failed logins per account and client network before that network is refused, and per
    /// account before attempts are slowed.
    pub login_throttle: LoginThrottlePolicy,
    /// Lifetime of each refresh token (the session cookie).
    pub refresh_token_ttl: chrono::Duration,
    /// The absolute end of a session, counted from its login.
    pub session_max_age: chrono::Duration,
    /// Refreshes per client network per window (every presentation counts, valid or not).
    pub refresh_rate_limit: RateLimitPolicy,
    /// Refreshes per session (token family) per window.
    pub session_refresh_limit: RateLimitPolicy,
    /// The longest a profile is kept in process without a read.
    pub profile_cache_ttl: std::time::Duration,
    /// Where the dashboard lives: links in mail point here.
    pub frontend_url: String,
}

pub struct AccountsService {
    pub(super) users: Arc<dyn UserRepository>,
    pub(super) refresh_tokens: Arc<dyn RefreshTokenStore>,
    pub(super) password_resets: Arc<dyn PasswordResetStore>,
    pub(super) mailer: Arc<dyn Mailer>,
    pub(super) counters: Arc<dyn Counters>,
    pub(super) hasher: Arc<dyn PasswordHasher>,
    pub(super) tokens: Arc<dyn TokenIssuer>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) user_changes: Arc<dyn AccountChanges>,
    pub(super) plans: Arc<dyn PlanLookup>,
    pub(super) billing: Arc<dyn AccountBilling>,
    pub(super) policies: AccountsPolicies,
    pub(super) profiles: PerUserCache<UserProfile>,
    /// Reset mails being prepared or sent after their request was answered.
    pub(super) reset_mails: BoundedTasks,
}

impl AccountsService {
    pub fn new(ports: AccountsPorts, neighbours: AccountsNeighbours, policies: AccountsPolicies) -> Self {
        let ttl = chrono::Duration::from_std(policies.profile_cache_ttl).unwrap_or(chrono::Duration::MAX);
        Self {
            users: ports.users,
            refresh_tokens: ports.refresh_tokens,
            password_resets: ports.password_resets,
            mailer: ports.mailer,
            counters: ports.counters,
            hasher: ports.hasher,
            tokens: ports.tokens,
            clock: ports.clock,
            user_changes: ports.user_changes,
            plans: neighbours.plans,
            billing: neighbours.billing,
            policies,
            profiles: PerUserCache::new(ttl),
            reset_mails: BoundedTasks::new(RESET_MAIL_TASKS),
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
