//! Every key the application gives the counter, claim and cache stores, built in one place.
//!
//! Keys are part of the shared state between instances (and across a deploy, where old and
//! new versions run side by side), so their shapes are a contract: changing one here changes
//! it everywhere at once, and no two features can pick the same key by accident. The stores
//! add their own namespace and prefix (see `adapters::redis::pool`).

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::signals::Symbol;
use crate::domain::{StripeEventId, UserId};

/// A user's free-plan signal requests on one quota day.
pub(crate) fn quota(user: UserId, day: NaiveDate) -> String {
    format!("quota:{user}:{day}")
}

/// Attempts from one client address in one rate-limit window of one auth endpoint.
pub(crate) fn auth_attempts(bucket: &str, client: &str, window: i64) -> String {
    format!("ratelimit:{bucket}:{client}:{window}")
}

/// Login attempts (`what` = `attempts` or `successes`) for one email digest in one window.
pub(crate) fn account_logins(email_digest: &str, window: i64, what: &str) -> String {
    format!("login_account:{email_digest}:{window}:{what}")
}

/// The claim that one delivery of a Stripe event is being applied.
pub(crate) fn webhook_claim(event: &StripeEventId) -> String {
    format!("stripe_event:{event}")
}

/// The signal for one symbol computed on the candle that closed at `candle_close` (unix
/// seconds in the key): a newer candle is a new key, so a stale entry is never served for it.
pub(crate) fn signal(symbol: Symbol, candle_close: DateTime<Utc>) -> String {
    format!("signals:{}:{}", symbol.as_str(), candle_close.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_shapes_running_instances_share() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let user: UserId = "7d3c6f5e-8a1b-4c2d-9e0f-123456789abc".parse().unwrap();
        assert_eq!(quota(user, day), "quota:7d3c6f5e-8a1b-4c2d-9e0f-123456789abc:2026-11-25");
        assert_eq!(auth_attempts("login", "203.0.113.9", 42), "ratelimit:login:203.0.113.9:42");
        assert_eq!(account_logins("ab12", 7, "attempts"), "login_account:ab12:7:attempts");
        assert_eq!(webhook_claim(&StripeEventId::parse("evt_1").unwrap()), "stripe_event:evt_1");
        let close = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 25, 4, 0, 0).unwrap();
        assert_eq!(signal(Symbol::BankNifty, close), "signals:BANKNIFTY:1795579200");
    }
}
