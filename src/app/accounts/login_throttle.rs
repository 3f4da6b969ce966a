//! Failed logins per account, and per account and client network: the storage side of
//! [`LoginThrottlePolicy`] (the rule and its reasons are there).
//!
//! Counts are read before the password is checked and written after it, so only failures
//! count and a correct password is never refused because of failures made elsewhere.
//! A success "clears" the counts by moving to the next *generation*: each count's key
//! carries a generation number, itself a counter that a success increments, so the next
//! attempt reads fresh, empty keys. The account's generation clears the slow-down; the
//! network's clears that network's allowance only (a success from the owner's network does
//! not hand a guesser elsewhere a fresh allowance).
//!
//! Keys carry a hash of the email as typed, registered or not, so the answers say nothing
//! about which accounts exist and the counter store holds no email addresses.
//!
//! [`LoginThrottlePolicy`]: crate::domain::LoginThrottlePolicy

use super::AccountsService;
use crate::app::shared::keys;
use crate::domain::{ClientNetwork, Email, LoginAdmission, LoginFailures};
use crate::ports::StoreError;
use chrono::{DateTime, Utc};

/// Where one attempt's outcome is recorded: the failure counters of the current generations.
pub(crate) struct LoginAttempt {
    account_failures: String,
    network_failures: String,
    account_generation: String,
    network_generation: String,
    window_end: DateTime<Utc>,
}

impl AccountsService {
    /// Reads the failure counts for `email` from `client` and decides whether, and after
    /// what wait, its password may be checked.
    pub(crate) async fn admit_login(
        &self,
        email: &Email,
        client: &ClientNetwork,
    ) -> Result<(LoginAdmission, LoginAttempt), StoreError> {
        let now = self.now();
        let policy = self.policies.login_throttle;
        let window = policy.window_at(now);
        let digest = keys::email_digest(email);
        let network = client.to_string();
        let counters = &self.counters;
        let account_generation = keys::login_account_generation(&digest, window.index);
        let network_generation = keys::login_network_generation(&digest, &network, window.index);
        let (account_gen, network_gen) =
            (counters.get(&account_generation).await?, counters.get(&network_generation).await?);
        let attempt = LoginAttempt {
            account_failures: keys::login_account_failures(&digest, window.index, account_gen),
            network_failures: keys::login_network_failures(&digest, &network, window.index, network_gen),
            account_generation,
            network_generation,
            window_end: window.resets_at,
        };
        let failures = LoginFailures {
            account: counters.get(&attempt.account_failures).await?,
            network: counters.get(&attempt.network_failures).await?,
        };
        Ok((policy.admit(failures, window, now), attempt))
    }

    /// Counts a failed attempt. An error here fails the attempt closed (503): an attacker
    /// who could keep failures from being recorded would guess unthrottled.
    pub(crate) async fn record_login_failure(&self, attempt: &LoginAttempt) -> Result<(), StoreError> {
        let counters = &self.counters;
        counters.increment(&attempt.account_failures, attempt.window_end).await?;
        counters.increment(&attempt.network_failures, attempt.window_end).await?;
        Ok(())
    }

    /// Clears the account's and this network's failures. Best effort: if the counter store
    /// fails now, the worst case is a slower next login, so the login still succeeds.
    pub(crate) async fn record_login_success(&self, attempt: &LoginAttempt) {
        for key in [&attempt.account_generation, &attempt.network_generation] {
            if let Err(err) = self.counters.increment(key, attempt.window_end).await {
                tracing::warn!(error = %err, "could not clear failed logins after a success");
            }
        }
    }
}
