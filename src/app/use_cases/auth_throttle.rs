//! Per-client attempt limits on login and signup (separate buckets).

use crate::app::Signalbox;
use crate::domain::RateLimitDecision;
use crate::ports::StoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthBucket {
    Login,
    Signup,
}

impl AuthBucket {
    fn as_str(self) -> &'static str {
        match self {
            AuthBucket::Login => "login",
            AuthBucket::Signup => "signup",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ThrottleError {
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The counter store is down. We fail closed: without a working limit, password guessing
    /// would be unthrottled.
    #[error("rate limiter unavailable")]
    Unavailable(#[from] StoreError),
}

impl Signalbox {
    /// Counts one attempt from `client` (an IP address) and says whether it may proceed.
    pub async fn throttle_auth(&self, bucket: AuthBucket, client: &str) -> Result<(), ThrottleError> {
        let now = self.now();
        let policy = self.policies.auth_rate_limit;
        let window = policy.window_at(now);
        let key = format!("ratelimit:{}:{}:{}", bucket.as_str(), client, window.index);
        let count = self.deps.counters.increment(&key, window.resets_at).await?;
        match policy.decide(count, window, now) {
            RateLimitDecision::Allowed => Ok(()),
            RateLimitDecision::Limited { retry_after_secs } => Err(ThrottleError::TooManyAttempts { retry_after_secs }),
        }
    }
}
