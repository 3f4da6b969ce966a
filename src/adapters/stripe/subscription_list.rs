//! Listing a customer's subscriptions, for reconciliation (`signalbox billing sync`).
//!
//! Read leniently, like webhook payloads are: only the fields reconciliation needs, so a field
//! Stripe adds, drops or nulls in a future API version cannot make the repair tool fail. The
//! SDK's typed `Subscription` requires dozens of fields we never read.

use ::stripe::{Client, RequestStrategy};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use stripe_client_core::{RequestBuilder, StripeMethod};

use super::failure::Redactor;
use super::retry::with_retries;
use super::settings::RetryPolicy;
use crate::domain::{StripeCustomerId, StripeSubscriptionId, SubscriptionStatus};
use crate::ports::{GatewayError, SubscriptionSnapshot};

/// Stripe's largest page; a customer with more than a few subscriptions is already unusual.
const PAGE_SIZE: u32 = 100;
/// A bound on the pages read for one customer, so a misbehaving server cannot loop us.
const MAX_PAGES: usize = 10;

#[derive(Serialize)]
struct ListParams<'a> {
    customer: &'a str,
    status: &'static str,
    limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    starting_after: Option<String>,
}

pub(super) async fn list(
    client: &Client,
    policy: &RetryPolicy,
    redactor: &Redactor,
    customer: &StripeCustomerId,
) -> Result<Vec<SubscriptionSnapshot>, GatewayError> {
    let mut found = Vec::new();
    let mut starting_after = None;
    for _ in 0..MAX_PAGES {
        let params = ListParams { customer: customer.as_str(), status: "all", limit: PAGE_SIZE, starting_after };
        let page: miniserde::json::Value = with_retries(policy, redactor, "list subscriptions", || {
            RequestBuilder::new(StripeMethod::Get, "/subscriptions")
                .query(&params)
                .customize::<miniserde::json::Value>()
                .request_strategy(RequestStrategy::Once)
                .timeout(policy.attempt_timeout)
                .send(client)
        })
        .await?;
        let page: Value = serde_json::from_str(&miniserde::json::to_string(&page))
            .map_err(|err| GatewayError::Unavailable(redactor.error(format!("unreadable subscription list: {err}"))))?;
        let objects = page["data"].as_array().cloned().unwrap_or_default();
        for object in &objects {
            found.push(snapshot(object).ok_or_else(|| {
                GatewayError::Unavailable(
                    redactor.error("Stripe returned a subscription without id or customer".into()),
                )
            })?);
        }
        let last = objects.last().and_then(|o| o["id"].as_str()).map(str::to_owned);
        match (page["has_more"].as_bool(), last) {
            (Some(true), Some(last)) => starting_after = Some(last),
            _ => return Ok(found),
        }
    }
    Ok(found)
}

/// A subscription object → what reconciliation needs; `None` when it lacks its ids.
pub(super) fn snapshot(object: &Value) -> Option<SubscriptionSnapshot> {
    let id = StripeSubscriptionId::parse(object["id"].as_str()?).ok()?;
    let customer = match &object["customer"] {
        Value::String(id) => id.as_str(),
        Value::Object(expanded) => expanded.get("id")?.as_str()?,
        _ => return None,
    };
    let period_end = object["items"]["data"]
        .as_array()
        .and_then(|items| items.iter().filter_map(|i| i["current_period_end"].as_i64()).max())
        .or(object["current_period_end"].as_i64())
        .and_then(|secs| DateTime::<Utc>::from_timestamp(secs, 0));
    Some(SubscriptionSnapshot {
        id,
        customer: StripeCustomerId::parse(customer).ok()?,
        status: SubscriptionStatus::from_stripe(object["status"].as_str().unwrap_or("incomplete")),
        current_period_end: period_end,
        cancel_at_period_end: object["cancel_at_period_end"].as_bool().unwrap_or(false),
    })
}
