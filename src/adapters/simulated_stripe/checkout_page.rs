//! The simulated Stripe Checkout page (only mounted when no Stripe key is configured).
//!
//! Paying builds the events Stripe would send — `checkout.session.completed`, then
//! `invoice.payment_succeeded` — signs them with the webhook secret and hands them to the same
//! verification and handling path as a real delivery. Then the browser goes back to the
//! dashboard, exactly like Stripe's redirect.

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Html, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use secrecy::SecretString;

use super::{SimulatedStripe, events};
use crate::adapters::stripe_webhook::signature::sign;
use crate::app::billing::BillingService;
use crate::domain::disclosure::{FNO_RISK_NOTICE, FNO_RISK_STUDY, RESEARCH_NOT_ADVICE};

/// What the simulated pages need: the application that handles the events they produce, the
/// simulated Stripe's sessions, the secret to sign those events with, and where the dashboard
/// lives (`FRONTEND_URL`), which every "back to Signalbox" leads to, as Stripe's return URLs do.
#[derive(Clone)]
pub struct SimulatedPages {
    pub billing: Arc<BillingService>,
    pub stripe: Arc<SimulatedStripe>,
    pub signing_secret: SecretString,
    pub frontend_url: String,
}

impl SimulatedPages {
    /// The dashboard, with `query` (`?…` or empty).
    pub(super) fn dashboard(&self, query: &str) -> String {
        format!("{}/dashboard{query}", self.frontend_url.trim_end_matches('/'))
    }
}

/// Shows what is bought, never who buys it: the link stays in the browser's history, and after
/// logging out Back must not bring the account's email back on screen.
#[handler]
pub async fn show_page(Path(session_id): Path<String>, Data(checkout): Data<&SimulatedPages>) -> Response {
    let Some(session) = checkout.stripe.session(&session_id) else {
        return not_found();
    };
    let back = html_escape(&checkout.dashboard(""));
    let body = if session.expired {
        format!(
            r#"<p class="note">This checkout has expired: a newer one was opened. Start again from Signalbox.</p><a class="button" href="{back}">Back to Signalbox</a>"#
        )
    } else if session.paid {
        format!(
            r#"<p class="note">This checkout is already paid.</p><a class="button" href="{back}">Back to Signalbox</a>"#
        )
    } else {
        format!(
            r#"<form method="post" action="/billing/simulated-checkout/{id}/pay">
<button type="submit">Pay ₹499</button></form>
{notice}
<a class="cancel" href="{cancel}">Cancel and return</a>"#,
            id = html_escape(session.id.as_str()),
            notice = risk_notice_html(),
            cancel = html_escape(&checkout.dashboard("?checkout=cancel")),
        )
    };
    Html(page(&format!(
        r#"<p class="badge">Simulated checkout · no real payment</p>
<h1>Signalbox Pro</h1>
<p class="price">₹499 <span>/ month</span></p>
<ul><li>Unlimited NIFTY &amp; BANKNIFTY signals</li><li>Cancel any time</li></ul>
{body}"#
    )))
    .into_response()
}

#[handler]
pub async fn pay_page(Path(session_id): Path<String>, Data(checkout): Data<&SimulatedPages>) -> Response {
    let Some(session) = checkout.stripe.session(&session_id) else {
        return not_found();
    };
    if session.expired {
        return Html(page(
            &format!(
                "<h1>This checkout has expired</h1><p>A newer checkout was opened for your account; nothing was charged here.</p><a class=\"button\" href=\"{}\">Back to Signalbox</a>",
                html_escape(&checkout.dashboard(""))
            ),
        ))
        .with_status(StatusCode::GONE)
        .into_response();
    }
    if checkout.stripe.mark_paid(&session_id) {
        let now = checkout.billing.now();
        for payload in [events::checkout_completed(&session, now), events::invoice_paid(&session, now)] {
            let signature = sign(&payload, &checkout.signing_secret, now.timestamp());
            if let Err(err) = checkout.billing.handle_webhook(&payload, Some(&signature)).await {
                tracing::error!(error = %err, "simulated checkout event was not applied");
                return Html(page("<h1>Payment could not be completed</h1><p>Please try again.</p>"))
                    .with_status(StatusCode::INTERNAL_SERVER_ERROR)
                    .into_response();
            }
        }
    }
    Redirect::see_other(checkout.dashboard(&format!("?checkout=success&session_id={session_id}"))).into_response()
}

/// SEBI's F&O risk notice beside the Pay button, as Stripe Checkout shows it (`custom_text`).
fn risk_notice_html() -> String {
    format!(
        r#"<aside class="risk" aria-label="Risk notice"><p><strong>{}</strong></p><p>{}</p><p>{}</p></aside>"#,
        html_escape(FNO_RISK_NOTICE),
        html_escape(FNO_RISK_STUDY),
        html_escape(RESEARCH_NOT_ADVICE)
    )
}

fn not_found() -> Response {
    Html(page("<h1>Checkout not found</h1><p>This checkout link is unknown or has expired.</p>"))
        .with_status(StatusCode::NOT_FOUND)
        .into_response()
}

pub(super) fn html_escape(raw: &str) -> String {
    raw.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page(content: &str) -> String {
    page_titled("Checkout", content)
}

/// Where the pages' stylesheet is served (see [`stylesheet`]).
pub(super) const STYLESHEET_PATH: &str = "/billing/simulated-stripe.css";

/// The simulated Stripe pages' look (checkout here, the portal in `portal_page`). A linked
/// stylesheet rather than an inline `<style>`: the site-wide Content-Security-Policy runs no
/// inline styles, and these pages need no exception to it.
pub(super) fn page_titled(title: &str, content: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} · Signalbox</title>
<link rel="stylesheet" href="{STYLESHEET_PATH}"></head><body><main>{content}</main></body></html>"#
    )
}

const PAGE_CSS: &str = r#"body{font-family:system-ui,sans-serif;background:#f4f6fb;color:#14213d;display:flex;justify-content:center;padding:4rem 1rem;margin:0}
main{background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(20,33,61,.12);padding:2rem 2.5rem;max-width:26rem;width:100%;box-sizing:border-box;overflow-wrap:anywhere}
@media (max-width:480px){body{padding:1.5rem .75rem}main{padding:1.5rem 1.25rem}}
.badge{display:inline-block;background:#fff4d6;color:#8a5a00;border-radius:999px;padding:.2rem .8rem;font-size:.8rem}
.price{font-size:2.4rem;font-weight:700;margin:.5rem 0} .price span{font-size:1rem;color:#5c677d;font-weight:400}
.email{color:#5c677d;font-size:.9rem}
button,.button{display:block;width:100%;box-sizing:border-box;text-align:center;background:#635bff;color:#fff;border:0;border-radius:8px;padding:.9rem;font-size:1.05rem;cursor:pointer;text-decoration:none}
.cancel{display:block;text-align:center;margin-top:1rem;color:#5c677d}
.risk{margin-top:1rem;padding:.75rem 1rem;border-left:4px solid #c0392b;background:#fdf1ef;font-size:.85rem;color:#14213d}
.risk p{margin:.25rem 0}
"#;

#[handler]
pub async fn stylesheet() -> Response {
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header(poem::http::header::CACHE_CONTROL, "public, max-age=3600")
        .body(PAGE_CSS)
}
