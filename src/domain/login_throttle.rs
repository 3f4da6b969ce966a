//! Failed-login throttling that cannot be turned against the account's owner.
//!
//! Two counts of *failed* logins (wrong password, or an unknown email), both kept per
//! fixed window and both cleared by a successful login:
//! - **per account and client network**: once one network has failed `failures_per_network`
//!   times on one account, further attempts from that network on that account are refused
//!   until the window ends. Someone guessing from one network stops there; the owner,
//!   elsewhere, is not affected.
//! - **per account, from anywhere**: after `failures_before_delay` failures every attempt on
//!   the account waits before its password is checked, twice as long after each further
//!   failure, up to `max_delay`. That slows a guesser spread over many networks without
//!   ever refusing anyone: the owner's correct password still logs in, a little later.
//!
//! Successes are never counted, so any number of correct logins, concurrent or not, pass.
//! The counts are read before the password is checked (to decide) and written after it (to
//! record the outcome).

use chrono::{DateTime, Duration, Utc};

use super::rate_limit::{RateLimitDecision, RateLimitPolicy, RateWindow};

#[derive(Clone, Copy, Debug)]
pub struct LoginThrottlePolicy {
    /// Failures one client network may have on one account per window.
    pub failures_per_network: u32,
    /// Failures on one account (any network) per window before attempts are slowed.
    pub failures_before_delay: u32,
    pub window: Duration,
    /// The wait after `failures_before_delay` failures; doubled after each further one.
    pub first_delay: Duration,
    pub max_delay: Duration,
}

/// Failed logins in the current window since the last success.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginFailures {
    /// On this account, from any network.
    pub account: u64,
    /// On this account, from the requesting client's network.
    pub network: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginAdmission {
    /// Check the password after waiting `delay` (zero unless the account is being guessed).
    Check { delay: Duration },
    /// This network used up its failures on this account; retry after this many seconds.
    Refused { retry_after_secs: u64 },
}

impl LoginThrottlePolicy {
    fn as_rate_limit(&self) -> RateLimitPolicy {
        RateLimitPolicy { limit: self.failures_per_network, window: self.window }
    }

    pub fn window_at(&self, now: DateTime<Utc>) -> RateWindow {
        self.as_rate_limit().window_at(now)
    }

    pub fn admit(&self, failures: LoginFailures, window: RateWindow, now: DateTime<Utc>) -> LoginAdmission {
        // "This attempt would be failure number network + 1": refused once the allowance is spent.
        match self.as_rate_limit().decide(failures.network.saturating_add(1), window, now) {
            RateLimitDecision::Limited { retry_after_secs } => LoginAdmission::Refused { retry_after_secs },
            RateLimitDecision::Allowed => LoginAdmission::Check { delay: self.delay_after(failures.account) },
        }
    }

    /// The wait before checking a password when the account has `failures` failures.
    pub fn delay_after(&self, failures: u64) -> Duration {
        let Some(beyond) = failures.checked_sub(u64::from(self.failures_before_delay)) else {
            return Duration::zero();
        };
        let doublings = u32::try_from(beyond).unwrap_or(u32::MAX).min(30);
        self.first_delay.checked_mul(1 << doublings).map_or(self.max_delay, |d| d.min(self.max_delay))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn policy() -> LoginThrottlePolicy {
        LoginThrottlePolicy {
            failures_per_network: 5,
            failures_before_delay: 5,
            window: Duration::minutes(15),
            first_delay: Duration::seconds(1),
            max_delay: Duration::seconds(16),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 5, 0).unwrap()
    }

    fn admit(account: u64, network: u64) -> LoginAdmission {
        policy().admit(LoginFailures { account, network }, policy().window_at(now()), now())
    }

    #[test]
    fn an_account_without_failures_is_checked_at_once() {
        assert_eq!(admit(0, 0), LoginAdmission::Check { delay: Duration::zero() });
    }

    #[test]
    fn failures_from_other_networks_slow_the_account_but_never_refuse_it() {
        assert_eq!(admit(4, 0), LoginAdmission::Check { delay: Duration::zero() });
        assert_eq!(admit(5, 0), LoginAdmission::Check { delay: Duration::seconds(1) });
        assert_eq!(admit(1_000_000, 0), LoginAdmission::Check { delay: Duration::seconds(16) });
    }

    #[test]
    fn the_delay_doubles_with_each_failure_up_to_the_cap() {
        let delays: Vec<i64> = (4..=11).map(|n| policy().delay_after(n).num_seconds()).collect();
        assert_eq!(delays, [0, 1, 2, 4, 8, 16, 16, 16]);
        assert_eq!(policy().delay_after(u64::MAX), Duration::seconds(16), "no overflow");
    }

    #[test]
    fn a_network_that_failed_five_times_on_an_account_is_refused_until_the_window_ends() {
        assert!(matches!(admit(4, 4), LoginAdmission::Check { .. }));
        // 10:05 in a window of 10:00–10:15: ten minutes left.
        assert_eq!(admit(5, 5), LoginAdmission::Refused { retry_after_secs: 600 });
    }
}
