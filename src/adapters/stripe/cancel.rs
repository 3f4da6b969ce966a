//! Cancelling a subscription at once (`DELETE /v1/subscriptions/{id}`), when its owner deletes
//! their account.
//!
//! Read leniently, like the subscription list: only the answer's `status` matters, so Stripe
//! adding or nulling fields cannot make account deletion fail. Cancelling is idempotent on
//! Stripe's side, so retries need no key.

use ::stripe::{Client, RequestStrategy};
use stripe_client_core::{RequestBuilder, StripeMethod};

use super::failure::Redactor;
use super::retry::with_retries;
use super::settings::RetryPolicy;
use crate::domain::StripeSubscriptionId;
use crate::ports::GatewayError;

pub(super) async fn cancel(
    client: &Client,
    policy: &RetryPolicy,
    redactor: &Redactor,
    subscription: &StripeSubscriptionId,
) -> Result<(), GatewayError> {
    let path = format!("/subscriptions/{}", subscription.as_str());
    let answer: miniserde::json::Value = with_retries(policy, redactor, "cancel subscription", || {
        RequestBuilder::new(StripeMethod::Delete, path.as_str())
            .customize::<miniserde::json::Value>()
            .request_strategy(RequestStrategy::Once)
            .timeout(policy.attempt_timeout)
            .send(client)
    })
    .await?;
    let answer: serde_json::Value = serde_json::from_str(&miniserde::json::to_string(&answer))
        .map_err(|err| GatewayError::Unavailable(redactor.error(format!("unreadable cancellation: {err}"))))?;
    match answer["status"].as_str() {
        Some("canceled" | "incomplete_expired") => Ok(()),
        other => Err(GatewayError::Unavailable(
            redactor.error(format!("Stripe answered the cancellation with status {other:?}")),
        )),
    }
}
