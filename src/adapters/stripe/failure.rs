//! What a failed Stripe call means for the caller: refused for good (`Rejected`), or worth
//! another attempt (`Transient`, which becomes `Unavailable` once attempts run out).
//!
//! Every text that leaves this module passes through [`Redactor::scrub`]: Stripe masks keys
//! it echoes, but a proxy, a mis-set base URL or a future SDK error might not, and a secret
//! key in a log line or an HTTP 502 body is a key to rotate.

use ::stripe::StripeError;
use secrecy::{ExposeSecret, SecretString};

use crate::ports::GatewayError;

/// What one failed attempt means for the next one.
#[derive(Debug)]
pub(super) enum Failure {
    /// Another attempt would get the same answer.
    Final(GatewayError),
    /// Another attempt may succeed; the error describes this one.
    Transient(anyhow::Error),
}

/// Statuses Stripe documents as transient: 409 (a concurrent request holds the same
/// idempotency key), 424 (an upstream of Stripe failed), 429 (rate limited) and 5xx.
pub(super) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 409 | 424 | 429 | 500..=599)
}

pub(super) fn classify(err: StripeError, redactor: &Redactor) -> Failure {
    match err {
        StripeError::Stripe(api, status) if !is_retryable_status(status) && (400..500).contains(&status) => {
            let message = api.message.unwrap_or_else(|| format!("{} (HTTP {status})", api.type_.as_str()));
            Failure::Final(GatewayError::Rejected(redactor.scrub(&message)))
        }
        StripeError::Stripe(api, status) => Failure::Transient(redactor.error(format!(
            "Stripe answered HTTP {status} ({}): {}",
            api.type_.as_str(),
            api.message.as_deref().unwrap_or("no message")
        ))),
        StripeError::ClientError(cause) => {
            Failure::Transient(redactor.error(format!("could not reach Stripe: {cause}")))
        }
        StripeError::Timeout => Failure::Transient(anyhow::anyhow!("Stripe did not answer in time")),
        // The SDK reports both an unparseable success body and a non-JSON error body (a proxy's
        // HTML 502) this way, and cannot tell us which. Retrying is safe either way: the
        // idempotency key makes Stripe replay, not repeat, a request that did succeed.
        StripeError::JSONDeserialize(cause) => {
            Failure::Transient(redactor.error(format!("unreadable answer from Stripe: {cause}")))
        }
        StripeError::ConfigError(cause) => {
            Failure::Final(GatewayError::Unavailable(redactor.error(format!("Stripe client misconfigured: {cause}"))))
        }
    }
}

/// Removes the secret key from any text before it becomes an error.
#[derive(Clone)]
pub(super) struct Redactor {
    secret: SecretString,
}

impl Redactor {
    pub(super) fn new(secret: SecretString) -> Self {
        Self { secret }
    }

    pub(super) fn scrub(&self, text: &str) -> String {
        let secret = self.secret.expose_secret();
        if secret.is_empty() { text.to_owned() } else { text.replace(secret, "[REDACTED]") }
    }

    pub(super) fn error(&self, text: String) -> anyhow::Error {
        anyhow::Error::msg(self.scrub(&text))
    }
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_rate_limits_and_server_errors_are_worth_retrying() {
        for status in [409, 424, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [400, 401, 402, 403, 404] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }

    #[test]
    fn the_secret_key_is_scrubbed_wherever_it_appears() {
        let redactor = Redactor::new(SecretString::from("sk_test_abc123"));
        let scrubbed = redactor.scrub("bad key sk_test_abc123 (sk_test_abc123)");
        assert_eq!(scrubbed, "bad key [REDACTED] ([REDACTED])");
    }

    #[test]
    fn timeouts_and_connection_failures_are_transient() {
        let redactor = Redactor::new(SecretString::from("sk_test_abc123"));
        assert!(matches!(classify(StripeError::Timeout, &redactor), Failure::Transient(_)));
        let refused = StripeError::ClientError("connection refused".into());
        assert!(matches!(classify(refused, &redactor), Failure::Transient(_)));
    }
}
