//! The business numbers the application runs by, from the settings and the limits fixed here.

use std::time::Duration;

use crate::app::accounts::AccountsPolicies;
use crate::app::alerts::AlertsPolicy;
use crate::app::billing::BillingPolicies;
use crate::app::operations::OperationsPolicies;
use crate::app::signals::SignalsPolicies;
use crate::bootstrap::config::Settings;
use crate::domain::{EntitlementPolicy, LoginThrottlePolicy, QuotaPolicy, RateLimitPolicy};
use crate::ports::LeaseHolder;

/// The wait before checking a password once an account has had `LOGIN_FAILURES_PER_ACCOUNT`
/// failures; it doubles with each further failure, up to [`LOGIN_MAX_DELAY`]. The cap keeps
/// the owner's login under a quarter of a minute while still holding a guesser spread over
/// many networks to a few guesses per minute per connection.
const LOGIN_FIRST_DELAY: chrono::Duration = chrono::Duration::seconds(1);
const LOGIN_MAX_DELAY: chrono::Duration = chrono::Duration::seconds(16);

/// Every page load refreshes (the access token lives in memory only), so one network may
/// refresh this many times as often as it may attempt a login: cheap, but not unbounded,
/// since each refresh writes a row.
const REFRESHES_PER_LOGIN_ATTEMPT: u32 = 6;
/// One session is one browser: ten page loads a minute is more than a person makes.
const REFRESHES_PER_SESSION_PER_MINUTE: u32 = 10;

/// Enough for a person who mistypes, loses a mail or asks again later; few enough that nobody
/// can use us to fill an inbox.
const RESET_MAILS_PER_EMAIL_PER_HOUR: u32 = 3;

/// The business numbers of every context.
#[derive(Clone, Debug)]
pub struct Policies {
    pub accounts: AccountsPolicies,
    pub billing: BillingPolicies,
    pub signals: SignalsPolicies,
    pub operations: OperationsPolicies,
    pub alerts: AlertsPolicy,
}

/// Enough to check each channel a few times while setting up; too few to spam anyone.
const TEST_ALERTS_PER_HOUR: u64 = 5;
/// How often an idle dispatcher looks for new alerts: the delay an alert may wait on top of
/// its candle's close.
const ALERTS_POLL: Duration = Duration::from_millis(500);

pub fn policies(settings: &Settings) -> anyhow::Result<Policies> {
    let entitlement_cache_ttl = Duration::from_secs(settings.entitlement_cache_seconds);
    let accounts = AccountsPolicies {
        auth_rate_limit: RateLimitPolicy {
            limit: settings.auth_rate_limit_per_minute,
            window: chrono::Duration::minutes(1),
        },
        reset_mails_per_email: RateLimitPolicy {
            limit: RESET_MAILS_PER_EMAIL_PER_HOUR,
            window: chrono::Duration::hours(1),
        },
        login_throttle: LoginThrottlePolicy {
            failures_per_network: settings.login_failures_per_account,
            failures_before_delay: settings.login_failures_per_account,
            window: chrono::Duration::minutes(settings.login_failure_window_minutes),
            first_delay: LOGIN_FIRST_DELAY,
            max_delay: LOGIN_MAX_DELAY,
        },
        refresh_token_ttl: chrono::Duration::days(settings.refresh_token_days),
        session_max_age: chrono::Duration::days(settings.session_max_days),
        refresh_rate_limit: RateLimitPolicy {
            limit: settings.auth_rate_limit_per_minute.saturating_mul(REFRESHES_PER_LOGIN_ATTEMPT),
            window: chrono::Duration::minutes(1),
        },
        session_refresh_limit: RateLimitPolicy {
            limit: REFRESHES_PER_SESSION_PER_MINUTE,
            window: chrono::Duration::minutes(1),
        },
        // A profile is dropped on the same bus as a plan, so it gets the same backstop.
        profile_cache_ttl: entitlement_cache_ttl,
        // Reset links lead to the dashboard, wherever it is served.
        frontend_url: settings.frontend_url(),
    };
    let billing = BillingPolicies {
        entitlement: EntitlementPolicy { grace: chrono::Duration::hours(settings.billing_grace_hours) },
        entitlement_cache_ttl,
        webhook_claim_lease: Duration::from_secs(settings.webhook_claim_lease_seconds),
        webhook_log_retention: chrono::Duration::days(settings.webhook_log_retention_days),
    };
    let signals = SignalsPolicies {
        quota: QuotaPolicy { free_requests_per_day: settings.free_signals_per_day, zone: settings.quota_zone()? },
        cost: settings.signal_cost()?,
    };
    let operations = OperationsPolicies { site: settings.site_identity()? };
    let alerts = AlertsPolicy {
        dashboard_url: settings.frontend_url(),
        bot_username: settings.telegram_bot_username(),
        webhook_secret: settings.telegram_webhook_secret(),
        instance: LeaseHolder(format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple())),
        lease: Duration::from_secs(settings.alerts_lease_seconds.max(1)),
        poll: ALERTS_POLL,
        tests_per_hour: TEST_ALERTS_PER_HOUR,
    };
    Ok(Policies { accounts, billing, signals, operations, alerts })
}

#[cfg(test)]
mod tests {
    use figment::Figment;
    use figment::providers::Serialized;

    use super::*;

    #[test]
    fn alert_links_lead_to_the_dashboard_where_frontend_url_puts_it() {
        let settings = |pairs: &[(&str, &str)]| {
            let figment = pairs.iter().fold(Figment::new(), |f, (k, v)| f.merge(Serialized::default(k, v)));
            Settings::from_figment(figment).unwrap()
        };
        let split =
            settings(&[("public_url", "http://api.example.test"), ("frontend_url", "http://app.example.test/")]);
        assert_eq!(policies(&split).unwrap().alerts.dashboard_url, "http://app.example.test");
        let same = settings(&[("public_url", "http://api.example.test")]);
        assert_eq!(policies(&same).unwrap().alerts.dashboard_url, "http://api.example.test");
    }
}
