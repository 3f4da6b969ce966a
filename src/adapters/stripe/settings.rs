//! Configuration of the Stripe gateway: the few values the composition root must supply, and
//! the retry/timeout policy (defaulted, overridable so tests need not wait for real backoff).

use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

/// What the Stripe gateway needs from configuration, and nothing more.
///
/// `Debug` is safe to log: `SecretString` prints as `[REDACTED]`.
#[derive(Clone, Debug, Deserialize)]
pub struct StripeSettings {
    /// `sk_live_…` / `sk_test_…` (or a restricted `rk_…` key).
    pub secret_key: SecretString,
    /// The recurring ₹499 price (`price_…`) every checkout sells.
    pub price_id: String,
    /// Where the dashboard lives, e.g. `http://localhost:8000`; Checkout and the Billing
    /// Portal send people back here.
    pub frontend_url: String,
    /// Stripe's API root; `None` means the real `https://api.stripe.com/`. Tests point it at a
    /// local fake.
    pub api_base: Option<String>,
}

/// How hard the gateway tries before answering `Unavailable`.
///
/// Every attempt of one operation carries the same `Idempotency-Key`, so a retry after a lost
/// response replays Stripe's first answer instead of creating a second customer or session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, including the first (at least 1).
    pub max_attempts: u32,
    /// Pause before the second attempt; doubled before each further one.
    pub first_backoff: Duration,
    /// Budget for one HTTP attempt, response body included.
    pub attempt_timeout: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 10 s each, 250 ms then 500 ms apart: a user waiting on the "Subscribe"
    /// button gets an answer within about 31 s even when Stripe is down, and a blip of a few
    /// hundred milliseconds goes unnoticed.
    fn default() -> Self {
        Self { max_attempts: 3, first_backoff: Duration::from_millis(250), attempt_timeout: Duration::from_secs(10) }
    }
}
