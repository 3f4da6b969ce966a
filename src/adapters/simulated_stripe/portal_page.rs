//! The simulated Stripe Billing Portal (only mounted when no Stripe key is configured).
//!
//! It shows the subscription of the customer its link was opened for and, like Stripe's
//! portal, cancels it **at the end of the paid period** after a confirmation step, and can
//! resume it until then. Like the simulated checkout, it does not touch billing state
//! directly: it builds the `customer.subscription.updated` event Stripe would send, signs it
//! with the webhook secret and hands it to the same verification and handling path as a real
//! delivery, then sends the browser back to the dashboard as Stripe's portal does.

use chrono::{DateTime, Duration, Utc};
use poem::http::StatusCode;
use poem::web::{Data, Html, Path, Redirect};
use poem::{IntoResponse, Response, handler};

use super::checkout_page::{SimulatedPages, html_escape, page_titled};
use super::events;
use crate::adapters::stripe_webhook::signature::sign;
use crate::app::billing::CustomerSubscription;
use crate::domain::{StripeCustomerId, Subscription, SubscriptionStatus};

#[handler]
pub async fn show_portal(Path(session_id): Path<String>, Data(portal): Data<&SimulatedPages>) -> Response {
    match load(&session_id, portal).await {
        Ok((_, subscription)) => {
            Html(page(&overview(&session_id, &subscription, &portal.dashboard("")))).into_response()
        }
        Err(response) => response,
    }
}

/// The confirmation step before cancelling.
#[handler]
pub async fn confirm_cancel(Path(session_id): Path<String>, Data(portal): Data<&SimulatedPages>) -> Response {
    let subscription = match load(&session_id, portal).await {
        Ok((_, subscription)) => subscription,
        Err(response) => return response,
    };
    let Some(live) = renewing(&subscription) else {
        return Redirect::see_other(portal_path(&session_id)).into_response();
    };
    let end = live.paid_through.or(live.current_period_end).map(day).unwrap_or_default();
    Html(page(&format!(
        r#"<h1>Cancel your subscription?</h1>
<p>Your plan stays active until <strong>{end}</strong>; after that it will not renew. You can resume
it any time before then.</p>
<form method="post" action="{path}/cancel"><button type="submit">Cancel subscription</button></form>
<a class="cancel" href="{path}">Keep my subscription</a>"#,
        path = html_escape(&portal_path(&session_id)),
    )))
    .into_response()
}

#[handler]
pub async fn cancel_subscription(Path(session_id): Path<String>, Data(portal): Data<&SimulatedPages>) -> Response {
    set_cancel_at_period_end(&session_id, portal, true).await
}

#[handler]
pub async fn resume_subscription(Path(session_id): Path<String>, Data(portal): Data<&SimulatedPages>) -> Response {
    set_cancel_at_period_end(&session_id, portal, false).await
}

async fn set_cancel_at_period_end(session_id: &str, portal: &SimulatedPages, cancel: bool) -> Response {
    let (customer, subscription) = match load(session_id, portal).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    // A repeated form post finds the flag already set and sends no second event.
    let target = subscription.status.subscription.as_ref().filter(|s| is_live(s) && s.cancel_at_period_end != cancel);
    if let Some(live) = target {
        let period_end = live.paid_through.or(live.current_period_end).unwrap_or_else(|| portal.billing.now());
        // Stripe stamps events in whole seconds; one second past the last event keeps a quick
        // cancel-then-resume in the order the user clicked.
        let at = portal.billing.now().max(live.last_event_at + Duration::seconds(1));
        let payload = events::subscription_cancel_at_period_end(&customer, &live.id, period_end, cancel, at);
        let signature = sign(&payload, &portal.signing_secret, portal.billing.now().timestamp());
        if let Err(err) = portal.billing.handle_webhook(&payload, Some(&signature)).await {
            return failure(&anyhow::Error::from(err));
        }
    }
    Redirect::see_other(portal.dashboard("")).into_response()
}

async fn load(session_id: &str, portal: &SimulatedPages) -> Result<(StripeCustomerId, CustomerSubscription), Response> {
    let Some(customer) = portal.stripe.portal_customer(session_id) else {
        return Err(not_found());
    };
    match portal.billing.subscription_of_customer(&customer).await {
        Ok(Some(subscription)) => Ok((customer, subscription)),
        Ok(None) => Err(not_found()),
        Err(err) => Err(failure(&anyhow::Error::from(err))),
    }
}

fn is_live(subscription: &Subscription) -> bool {
    matches!(
        subscription.status,
        SubscriptionStatus::Active | SubscriptionStatus::Trialing | SubscriptionStatus::PastDue
    )
}

/// The shown subscription when it is live and set to renew.
fn renewing(subscription: &CustomerSubscription) -> Option<&Subscription> {
    subscription.status.subscription.as_ref().filter(|s| is_live(s) && !s.cancel_at_period_end)
}

fn portal_path(session_id: &str) -> String {
    format!("/billing/simulated-portal/{session_id}")
}

/// Dates as the Indian customers of this product read them (the dashboard shows local time).
fn day(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Asia::Kolkata).format("%-d %b %Y").to_string()
}

/// The plan and its dates, not the account's email (see `checkout_page::show_page` for why).
fn overview(session_id: &str, subscription: &CustomerSubscription, back: &str) -> String {
    let status = &subscription.status;
    let plan = if status.plan.is_paid() { "Signalbox Pro" } else { "Free plan" };
    let path = html_escape(&portal_path(session_id));
    let shown = status.subscription.as_ref().filter(|s| is_live(s));
    let (period, action) = match (shown, status.current_period_end()) {
        (Some(s), Some(end)) if s.cancel_at_period_end => (
            format!("<p>Cancels on {}</p>", day(end)),
            format!(
                r#"<form method="post" action="{path}/resume"><button type="submit">Resume subscription</button></form>"#
            ),
        ),
        (Some(_), end) => (
            end.map(|end| format!("<p>Renews on {}</p>", day(end))).unwrap_or_default(),
            format!(r#"<a class="button" href="{path}/cancel">Cancel subscription</a>"#),
        ),
        (None, _) => (String::new(), r#"<p class="note">No active subscription.</p>"#.to_owned()),
    };
    format!(
        r#"<p class="badge">Simulated billing portal · no real payment</p>
<h1>{plan}</h1>
<p class="price">₹499 <span>/ month</span></p>
<p class="email">Subscription status: {status_text}</p>
{period}
{action}
<a class="cancel" href="{back}">Return to Signalbox</a>"#,
        status_text = status.subscription_status().as_str(),
        back = html_escape(back),
    )
}

fn page(content: &str) -> String {
    page_titled("Billing", content)
}

fn not_found() -> Response {
    Html(page("<h1>Portal link not found</h1><p>This billing portal link is unknown or has expired.</p>"))
        .with_status(StatusCode::NOT_FOUND)
        .into_response()
}

fn failure(err: &anyhow::Error) -> Response {
    tracing::error!(error = format!("{err:#}"), "simulated billing portal failed");
    Html(page("<h1>Something went wrong</h1><p>Please try again.</p>"))
        .with_status(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}
