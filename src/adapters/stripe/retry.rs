//! The bounded retry loop around one Stripe request.
//!
//! The SDK has its own retry strategies, but each either sends a caller's idempotency key
//! exactly once (`Idempotent`) or retries under a random key it makes up (`Retry`,
//! `ExponentialBackoff`). We need both: the caller's key, so a double click opens one checkout,
//! *and* retries. So every attempt here is a single `Idempotent(key)` request, and this loop
//! decides whether to try again.

use std::future::Future;

use ::stripe::StripeError;

use super::failure::{Failure, Redactor, classify};
use super::settings::RetryPolicy;
use crate::ports::GatewayError;

/// Runs `attempt` until it succeeds, fails for good, or `policy.max_attempts` are spent.
pub(super) async fn with_retries<T, Fut>(
    policy: &RetryPolicy,
    redactor: &Redactor,
    operation: &'static str,
    mut attempt: impl FnMut() -> Fut,
) -> Result<T, GatewayError>
where
    Fut: Future<Output = Result<T, StripeError>>,
{
    let max_attempts = policy.max_attempts.max(1);
    let mut backoff = policy.first_backoff;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let cause = match attempt().await {
            Ok(value) => return Ok(value),
            Err(err) => match classify(err, redactor) {
                Failure::Final(error) => return Err(error),
                Failure::Transient(cause) => cause,
            },
        };
        if attempts >= max_attempts {
            tracing::error!(operation, attempts, error = %cause, "Stripe unavailable, giving up");
            return Err(GatewayError::Unavailable(
                cause.context(format!("{operation}: Stripe failed {attempts} time(s)")),
            ));
        }
        tracing::warn!(operation, attempts, error = %cause, ?backoff, "Stripe request failed, retrying");
        tokio::time::sleep(backoff).await;
        backoff = backoff.saturating_mul(2);
    }
}
