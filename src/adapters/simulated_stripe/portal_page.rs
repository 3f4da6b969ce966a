//! The simulated Stripe Billing Portal (only mounted when no Stripe key is configured).
//!
//! It shows the subscription of the customer its link was opened for and can cancel it. Like
//! the simulated checkout, cancelling does not touch billing state directly: it builds the
//! `customer.subscription.deleted` event Stripe would send, signs it with the webhook secret
//! and hands it to the same verification and handling path as a real delivery, then sends the
//! browser back to the dashboard as Stripe's portal does.

use poem::http::StatusCode;
use poem::web::{Data, Html, Path, Redirect};
use poem::{IntoResponse, Response, handler};

use super::checkout_page::{SimulatedPages, html_escape, page_titled};
use super::events;
use crate::adapters::stripe_webhook::signature::sign;
use crate::app::use_cases::CustomerSubscription;
use crate::domain::{BillingState, SubscriptionStatus};

#[handler]
pub async fn show_portal(Path(session_id): Path<String>, Data(portal): Data<&SimulatedPages>) -> Response {
    let Some(customer) = portal.stripe.portal_customer(&session_id) else {
        return not_found();
    };
    match portal.app.subscription_of_customer(&customer).await {
        Ok(Some(subscription)) => Html(page(&overview(&session_id, &subscription))).into_response(),
        Ok(None) => not_found(),
        Err(err) => failure(&anyhow::Error::from(err)),
    }
}

#[handler]
pub async fn cancel_subscription(Path(session_id): Path<String>, Data(portal): Data<&SimulatedPages>) -> Response {
    let Some(customer) = portal.stripe.portal_customer(&session_id) else {
        return not_found();
    };
    let state = match portal.app.subscription_of_customer(&customer).await {
        Ok(Some(subscription)) => subscription.status.state,
        Ok(None) => return not_found(),
        Err(err) => return failure(&anyhow::Error::from(err)),
    };
    // A repeated form post finds the subscription already canceled and sends no second event.
    if let (true, Some(subscription)) = (can_cancel(&state), &state.subscription_id) {
        let now = portal.app.now();
        let payload = events::subscription_deleted(&customer, subscription, state.current_period_end, now);
        let signature = sign(&payload, &portal.signing_secret, now.timestamp());
        if let Err(err) = portal.app.handle_webhook(&payload, Some(&signature)).await {
            return failure(&anyhow::Error::from(err));
        }
    }
    Redirect::see_other("/dashboard").into_response()
}

fn can_cancel(state: &BillingState) -> bool {
    state.subscription_id.is_some() && !matches!(state.status, SubscriptionStatus::None | SubscriptionStatus::Canceled)
}

fn overview(session_id: &str, subscription: &CustomerSubscription) -> String {
    let state = &subscription.status.state;
    let plan = if subscription.status.plan.is_paid() { "Signalbox Pro" } else { "Free plan" };
    let period = match (state.current_period_end, state.cancel_at_period_end) {
        (Some(end), true) => format!("<p>Ends on {}</p>", end.format("%-d %b %Y")),
        (Some(end), false) if can_cancel(state) => format!("<p>Renews on {}</p>", end.format("%-d %b %Y")),
        _ => String::new(),
    };
    let action = if can_cancel(state) {
        format!(
            r#"<form method="post" action="/billing/simulated-portal/{id}/cancel">
<button type="submit">Cancel subscription</button></form>"#,
            id = html_escape(session_id)
        )
    } else {
        r#"<p class="note">No active subscription.</p>"#.to_owned()
    };
    format!(
        r#"<p class="badge">Simulated billing portal · no real payment</p>
<h1>{plan}</h1>
<p class="price">₹499 <span>/ month</span></p>
<p class="email">{email} · subscription status: {status}</p>
{period}
{action}
<a class="cancel" href="/dashboard">Return to Signalbox</a>"#,
        email = html_escape(subscription.email.as_str()),
        status = state.status.as_str(),
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
