//! Per-client-network attempt limits on login, signup, refresh, password-reset requests and
//! reset confirmations (separate
//! buckets), applied before anything else: every attempt counts, a malformed one included;
//! the per-session limit on refreshes; and the per-email limit on password-reset mails.
//!
//! Sign-up, log-in, reset requests and reset confirmations are admitted first ([`AccountsService::admit`]) and
//! parsed after: the [`Admitted`] value is what their use cases require, so none can run
//! unthrottled, and they take commands already parsed at the edge.

use super::AccountsService;
use crate::app::shared::keys;
use crate::domain::{ClientNetwork, Email, RateLimitDecision, RateLimitPolicy, RateWindow, TokenFamilyId};
use crate::ports::StoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AuthBucket {
    Login,
    Signup,
    Refresh,
    PasswordReset,
    PasswordResetConfirm,
}

impl AuthBucket {
    fn as_str(self) -> &'static str {
        match self {
            AuthBucket::Login => "login",
            AuthBucket::Signup => "signup",
            AuthBucket::Refresh => "refresh",
            AuthBucket::PasswordReset => "password-reset",
            AuthBucket::PasswordResetConfirm => "password-reset-confirm",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ThrottleError {
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The counter store is down. We fail closed: without a working limit, password guessing
    /// would be unthrottled.
    #[error("rate limiter unavailable")]
    Unavailable(#[from] StoreError),
}

/// The attempts counted per client network before their input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    Signup,
    Login,
    PasswordReset,
    /// Setting a new password from a reset link: a strength check and a hash each, so it is
    /// admitted before either.
    PasswordResetConfirm,
}

/// An attempt from a client that was counted and allowed. Only [`AccountsService::admit`]
/// makes one; the use cases it guards take it by value, once.
#[derive(Debug)]
pub struct Admitted {
    attempt: Attempt,
    client: ClientNetwork,
}

impl Admitted {
    /// The network the admitted attempt came from.
    pub fn client(&self) -> &ClientNetwork {
        &self.client
    }

    pub(super) fn is_for(&self, attempt: Attempt) -> bool {
        self.attempt == attempt
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AdmitError {
    /// Too many attempts from this client network.
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The counter store is down: refused, since an unthrottled attempt could guess passwords.
    #[error(transparent)]
    Unavailable(StoreError),
}

impl AccountsService {
    /// Counts one `attempt` from `client`; within the limit, the admission its use case needs.
    ///
    /// # Errors
    /// [`AdmitError::TooManyAttempts`] over the per-network limit; [`AdmitError::Unavailable`]
    /// when the attempt cannot be counted.
    pub async fn admit(&self, attempt: Attempt, client: ClientNetwork) -> Result<Admitted, AdmitError> {
        let bucket = match attempt {
            Attempt::Signup => AuthBucket::Signup,
            Attempt::Login => AuthBucket::Login,
            Attempt::PasswordReset => AuthBucket::PasswordReset,
            Attempt::PasswordResetConfirm => AuthBucket::PasswordResetConfirm,
        };
        self.throttle_auth(bucket, &client).await.map_err(|err| match err {
            ThrottleError::TooManyAttempts { retry_after_secs } => AdmitError::TooManyAttempts { retry_after_secs },
            ThrottleError::Unavailable(err) => AdmitError::Unavailable(err),
        })?;
        Ok(Admitted { attempt, client })
    }

    /// Counts one attempt from `client` and says whether it may proceed.
    pub(crate) async fn throttle_auth(&self, bucket: AuthBucket, client: &ClientNetwork) -> Result<(), ThrottleError> {
        let now = self.now();
        let policy = match bucket {
            AuthBucket::Login | AuthBucket::Signup | AuthBucket::PasswordReset | AuthBucket::PasswordResetConfirm => {
                self.policies.auth_rate_limit
            }
            AuthBucket::Refresh => self.policies.refresh_rate_limit,
        };
        let window = policy.window_at(now);
        let key = keys::auth_attempts(bucket.as_str(), &client.to_string(), window.index);
        self.count_against(policy, &key, window).await
    }

    /// Counts one refresh of `family` (one session) and says whether it may proceed.
    pub(crate) async fn throttle_session(&self, family: TokenFamilyId) -> Result<(), ThrottleError> {
        let policy = self.policies.session_refresh_limit;
        let window = policy.window_at(self.now());
        self.count_against(policy, &keys::session_refreshes(family, window.index), window).await
    }

    /// Counts one reset mail asked for `email` and says whether it may be sent. Counted for
    /// every well-formed address, with or without an account, so the count says nothing about
    /// which addresses have one; the caller answers the same either way.
    pub(crate) async fn admit_reset_mail(&self, email: &Email) -> Result<bool, StoreError> {
        let policy = self.policies.reset_mails_per_email;
        let now = self.now();
        let window = policy.window_at(now);
        let key = keys::password_reset_mails(&keys::email_digest(email), window.index);
        let count = self.counters.increment(&key, window.resets_at).await?;
        Ok(policy.decide(count, window, now) == RateLimitDecision::Allowed)
    }

    async fn count_against(&self, policy: RateLimitPolicy, key: &str, window: RateWindow) -> Result<(), ThrottleError> {
        let now = self.now();
        let count = self.counters.increment(key, window.resets_at).await?;
        match policy.decide(count, window, now) {
            RateLimitDecision::Allowed => Ok(()),
            RateLimitDecision::Limited { retry_after_secs } => Err(ThrottleError::TooManyAttempts { retry_after_secs }),
        }
    }
}

/// `From<ThrottleError>` for a throttled use case's error, which has `TooManyAttempts` and
/// `Unavailable(StoreError)` variants of its own.
macro_rules! throttled_by {
    ($error:ty) => {
        impl From<$crate::app::accounts::auth_throttle::ThrottleError> for $error {
            fn from(err: $crate::app::accounts::auth_throttle::ThrottleError) -> Self {
                use $crate::app::accounts::auth_throttle::ThrottleError;
                match err {
                    ThrottleError::TooManyAttempts { retry_after_secs } => Self::TooManyAttempts { retry_after_secs },
                    ThrottleError::Unavailable(err) => Self::Unavailable(err),
                }
            }
        }
    };
}

pub(crate) use throttled_by;
