//! Per-account login limits: failed attempts per email, from any client address.
//!
//! Per-IP limits do not stop many addresses guessing one account's password; this does. It
//! counts per email *as typed* (normalised), whether or not an account exists, so its 429
//! says nothing about which emails are registered. Keys carry a hash of the email, not the
//! email, so the counter store holds no personal data.
//!
//! Failures are counted as attempts minus successes, two atomic counters per window. Every
//! attempt is counted *before* the password is checked, so a burst of concurrent guesses
//! cannot all slip in before the first failure lands; a success is counted afterwards and
//! subtracted, so someone who keeps logging in correctly is never locked out.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::app::{Signalbox, keys};
use crate::domain::{Email, RateLimitDecision};
use crate::ports::StoreError;

/// An admitted attempt: where to record its success.
pub(crate) struct AdmittedAttempt {
    successes_key: String,
    window_end: DateTime<Utc>,
}

pub(crate) enum AccountThrottle {
    Admitted(AdmittedAttempt),
    Limited { retry_after_secs: u64 },
}

impl Signalbox {
    /// Counts one login attempt for `email` and says whether it may be checked at all.
    pub(crate) async fn admit_login_attempt(&self, email: &Email) -> Result<AccountThrottle, StoreError> {
        let now = self.now();
        let policy = self.policies.account_login_limit;
        let window = policy.window_at(now);
        let digest = hex::encode(&Sha256::digest(email.as_str().as_bytes())[..16]);
        let key = |what: &str| keys::account_logins(&digest, window.index, what);
        let counters = &self.deps.counters;
        let attempts = counters.increment(&key("attempts"), window.resets_at).await?;
        let successes = counters.get(&key("successes")).await?;
        match policy.decide(attempts.saturating_sub(successes), window, now) {
            RateLimitDecision::Allowed => Ok(AccountThrottle::Admitted(AdmittedAttempt {
                successes_key: key("successes"),
                window_end: window.resets_at,
            })),
            RateLimitDecision::Limited { retry_after_secs } => Ok(AccountThrottle::Limited { retry_after_secs }),
        }
    }

    /// Takes a successful attempt back out of the failure count. Best effort: if the counter
    /// store fails now, the worst case is an earlier lockout, so the login still succeeds.
    pub(crate) async fn record_login_success(&self, attempt: AdmittedAttempt) {
        if let Err(err) = self.deps.counters.increment(&attempt.successes_key, attempt.window_end).await {
            tracing::warn!(error = %err, "could not record a successful login in the account throttle");
        }
    }
}
