//! Every key the application gives the counter, claim and cache stores, built in one place.
//!
//! Keys are part of the shared state between instances (and across a deploy, where old and
//! new versions run side by side), so their shapes are a contract: changing one here changes
//! it everywhere at once, and no two features can pick the same key by accident. The stores
//! add their own namespace and prefix (see `adapters::redis::pool`).

use chrono::{DateTime, NaiveDate, Utc};

use sha2::{Digest, Sha256};

use crate::domain::signals::Symbol;
use crate::domain::{Email, StripeEventId, TokenFamilyId, UserId};

/// How keys name an email address: a hash of it, so the counter store holds no addresses and
/// an unknown address gets a key shaped like a known one's.
pub(crate) fn email_digest(email: &Email) -> String {
    hex::encode(&Sha256::digest(email.as_str().as_bytes())[..16])
}

/// A user's free-plan signal requests on one quota day.
pub(crate) fn quota(user: UserId, day: NaiveDate) -> String {
    format!("quota:{user}:{day}")
}

/// The last `/signals` answer one user received on one quota day (IST), re-read without
/// spending a request.
pub(crate) fn last_signals(user: UserId, day: NaiveDate) -> String {
    format!("last_signals:{user}:{day}")
}

/// Attempts from one client network (an IPv4 address or an IPv6 /64) in one rate-limit
/// window of one auth endpoint.
pub(crate) fn auth_attempts(bucket: &str, client: &str, window: i64) -> String {
    format!("ratelimit:{bucket}:{client}:{window}")
}

/// How many times a success cleared one email digest's failed logins in one window.
pub(crate) fn login_account_generation(email_digest: &str, window: i64) -> String {
    format!("login_account:{email_digest}:{window}:gen")
}

/// Failed logins for one email digest, from anywhere, in one window and generation.
pub(crate) fn login_account_failures(email_digest: &str, window: i64, generation: u64) -> String {
    format!("login_account:{email_digest}:{window}:{generation}:failures")
}

/// How many times a success from `network` cleared its failed logins on one email digest.
pub(crate) fn login_network_generation(email_digest: &str, network: &str, window: i64) -> String {
    format!("login_network:{email_digest}:{network}:{window}:gen")
}

/// Failed logins for one email digest from one client network, in one window and generation.
pub(crate) fn login_network_failures(email_digest: &str, network: &str, window: i64, generation: u64) -> String {
    format!("login_network:{email_digest}:{network}:{window}:{generation}:failures")
}

/// Password-reset mails asked for one email digest in one rate-limit window, from anywhere.
pub(crate) fn password_reset_mails(email_digest: &str, window: i64) -> String {
    format!("password_reset_mails:{email_digest}:{window}")
}

/// Refreshes of one session (token family) in one rate-limit window.
pub(crate) fn session_refreshes(family: TokenFamilyId, window: i64) -> String {
    format!("ratelimit:refresh_session:{family}:{window}")
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

/// Test alerts one user asked for in one rate-limit window.
pub(crate) fn alert_tests(user: UserId, window: i64) -> String {
    format!("alert_tests:{user}:{window}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_shapes_running_instances_share() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let user: UserId = "7d3c6f5e-8a1b-4c2d-9e0f-123456789abc".parse().unwrap();
        assert_eq!(quota(user, day), "quota:7d3c6f5e-8a1b-4c2d-9e0f-123456789abc:2026-11-25");
        assert_eq!(last_signals(user, day), "last_signals:7d3c6f5e-8a1b-4c2d-9e0f-123456789abc:2026-11-25");
        assert_eq!(auth_attempts("login", "203.0.113.9", 42), "ratelimit:login:203.0.113.9:42");
        assert_eq!(login_account_generation("ab12", 7), "login_account:ab12:7:gen");
        assert_eq!(login_account_failures("ab12", 7, 2), "login_account:ab12:7:2:failures");
        assert_eq!(login_network_generation("ab12", "2001:db8::/64", 7), "login_network:ab12:2001:db8::/64:7:gen");
        assert_eq!(login_network_failures("ab12", "203.0.113.9", 7, 0), "login_network:ab12:203.0.113.9:7:0:failures");
        assert_eq!(password_reset_mails("ab12", 3600), "password_reset_mails:ab12:3600");
        let email = Email::parse("Trader@Example.com").unwrap();
        assert_eq!(email_digest(&email), "3cbf668e9fcda1776933cb32722bc321");
        let family: TokenFamilyId = "0b5e8c3a-1f2d-4e6a-8b7c-9d0e1f2a3b4c".parse().unwrap();
        assert_eq!(session_refreshes(family, 42), "ratelimit:refresh_session:0b5e8c3a-1f2d-4e6a-8b7c-9d0e1f2a3b4c:42");
        assert_eq!(webhook_claim(&StripeEventId::parse("evt_1").unwrap()), "stripe_event:evt_1");
        let close = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 25, 4, 0, 0).unwrap();
        assert_eq!(signal(Symbol::BankNifty, close), "signals:BANKNIFTY:1795579200");
    }
}
