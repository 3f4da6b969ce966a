//! A fake Stripe: a wiremock server, a gateway pointed at it, and realistic response bodies.
//!
//! async-stripe parses answers strictly, so the bodies below are full objects as Stripe sends
//! them, not just the fields the gateway reads.

use std::time::Duration;

use secrecy::SecretString;
use serde_json::{Value, json};
use signalbox::adapters::stripe::{RetryPolicy, StripeGateway, StripeSettings};
use signalbox::domain::{Email, StripeCustomerId, UserId};
use signalbox::ports::CheckoutRequest;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const SECRET_KEY: &str = "sk_test_51FakeKeyForSignalboxTests0123456789";
pub const PRICE_ID: &str = "price_1OsignalboxINR499";
pub const PUBLIC_URL: &str = "http://localhost:8000";
pub const CUSTOMER_ID: &str = "cus_NffrFeUfNV2Hib";
pub const SESSION_ID: &str = "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY";
/// The API version async-stripe rc.10 pins. Webhook payloads follow it too, so an SDK upgrade
/// that moves it should fail here and be reviewed, not slip through.
pub const PINNED_API_VERSION: &str = "2026-09-30.endive";

/// Retries without waiting, so failure tests finish at once; a timeout generous enough for
/// a loaded CI machine talking to localhost.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy { max_attempts: 3, first_backoff: Duration::ZERO, attempt_timeout: Duration::from_secs(5) }
}

pub fn settings_for(server: &MockServer) -> StripeSettings {
    StripeSettings {
        secret_key: SecretString::from(SECRET_KEY),
        price_id: PRICE_ID.to_owned(),
        frontend_url: PUBLIC_URL.to_owned(),
        api_base: Some(server.uri()),
    }
}

pub fn gateway_for(server: &MockServer) -> StripeGateway {
    StripeGateway::new(&settings_for(server)).expect("valid settings").with_retry_policy(fast_policy())
}

/// Answers every request to `route` with `response`.
pub async fn respond(server: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(method("POST")).and(path(route)).respond_with(response).mount(server).await;
}

pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// The form body as sorted, decoded pairs, so tests compare exactly what Stripe would read.
pub fn form_pairs(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(&request.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    pairs.sort();
    pairs
}

pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    pairs.sort();
    pairs
}

pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|value| value.to_str().expect("ASCII header"))
}

pub fn email() -> Email {
    Email::parse("trader@example.com").expect("valid email")
}

pub fn checkout_request(user_id: UserId, idempotency_key: &str) -> CheckoutRequest {
    CheckoutRequest {
        user_id,
        email: email(),
        customer: StripeCustomerId::parse(CUSTOMER_ID).expect("valid id"),
        idempotency_key: idempotency_key.to_owned(),
    }
}

/// A Customer as `POST /v1/customers` returns it.
pub fn customer_json(user_id: UserId) -> Value {
    json!({
        "id": CUSTOMER_ID, "object": "customer", "address": null, "balance": 0,
        "created": 1_764_000_000, "currency": null, "default_source": null, "delinquent": false,
        "description": null, "discount": null, "email": "trader@example.com",
        "invoice_prefix": "0759376C",
        "invoice_settings": {"custom_fields": null, "default_payment_method": null, "footer": null, "rendering_options": null},
        "livemode": false, "metadata": {"user_id": user_id.to_string()}, "name": null,
        "next_invoice_sequence": 1, "phone": null, "preferred_locales": [], "shipping": null,
        "tax_exempt": "none", "test_clock": null
    })
}

/// A subscription-mode Checkout Session as `POST /v1/checkout/sessions` returns it.
pub fn session_json(user_id: UserId) -> Value {
    // Two halves: one `json!` this size exceeds the macro's default recursion limit.
    let mut session = json!({
        "id": SESSION_ID, "object": "checkout.session", "after_expiration": null,
        "allow_promotion_codes": null, "amount_subtotal": 49_900, "amount_total": 49_900,
        "automatic_tax": {"enabled": false, "liability": null, "status": null},
        "billing_address_collection": null,
        "cancel_url": format!("{PUBLIC_URL}/dashboard?checkout=cancel"),
        "client_reference_id": user_id.to_string(), "consent": null, "consent_collection": null,
        "created": 1_764_000_000, "currency": "inr", "custom_fields": [],
        "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
        "customer": CUSTOMER_ID, "customer_creation": null, "customer_details": null,
        "customer_email": null, "expires_at": 1_764_086_400, "invoice": null, "invoice_creation": null,
        "livemode": false, "locale": null, "metadata": {"user_id": user_id.to_string()},
    });
    let rest = json!({
        "mode": "subscription", "payment_intent": null, "payment_link": null,
        "payment_method_collection": "always", "payment_method_options": {},
        "payment_method_types": ["card"], "payment_status": "unpaid",
        "phone_number_collection": {"enabled": false}, "recovered_from": null, "setup_intent": null,
        "shipping_address_collection": null, "shipping_cost": null, "shipping_options": [],
        "status": "open", "submit_type": null, "subscription": null,
        "success_url": format!("{PUBLIC_URL}/dashboard?checkout=success&session_id={{CHECKOUT_SESSION_ID}}"),
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted", "url": format!("https://checkout.stripe.com/c/pay/{SESSION_ID}")
    });
    let fields = session.as_object_mut().expect("object");
    fields.extend(rest.as_object().expect("object").clone());
    session
}

pub const PORTAL_URL: &str = "https://billing.stripe.com/p/session/test_YWNjdF8xTTJKVGtMa2RJd0h1";

/// A Billing Portal Session as `POST /v1/billing_portal/sessions` returns it.
pub fn portal_json() -> Value {
    json!({
        "id": "bps_1MrSjzLkdIwHu7ixex0IvU9b", "object": "billing_portal.session",
        "configuration": "bpc_1MAhNDLkdIwHu7ixckACO1Jq", "created": 1_764_000_000,
        "customer": CUSTOMER_ID, "customer_account": null, "flow": null, "livemode": false,
        "locale": null, "on_behalf_of": null, "return_url": format!("{PUBLIC_URL}/dashboard"),
        "url": PORTAL_URL
    })
}

/// Stripe's error envelope.
pub fn stripe_error(status: u16, kind: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"error": {"type": kind, "message": message}}))
}
