//! `FRONTEND_URL` from the settings to what Stripe receives: a dashboard served by another host
//! than the API gets the people Checkout and the Billing Portal send back.

use figment::Figment;
use figment::providers::Serialized;
use secrecy::SecretString;
use signalbox::adapters::stripe::StripeGateway;
use signalbox::bootstrap::config::Settings;
use signalbox::bootstrap::wiring::stripe_settings;
use signalbox::domain::{StripeCustomerId, UserId};
use signalbox::ports::PaymentGateway;
use wiremock::{MockServer, ResponseTemplate};

use super::fake_stripe::*;

async fn gateway_with_frontend_url(server: &MockServer) -> StripeGateway {
    let settings = [
        ("public_url", "https://api.example.com"),
        ("frontend_url", "https://app.example.com/"),
        ("stripe_api_base", server.uri().as_str()),
    ]
    .iter()
    .fold(Figment::new(), |f, (k, v)| f.merge(Serialized::default(k, v)));
    let settings = Settings::from_figment(settings).expect("valid settings");
    StripeGateway::new(&stripe_settings(&settings, SecretString::from(SECRET_KEY)))
        .expect("a gateway")
        .with_retry_policy(fast_policy())
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {key}"))
}

#[tokio::test]
async fn with_frontend_url_set_checkout_returns_people_to_the_dashboard_there() {
    let server = MockServer::start().await;
    let user_id = UserId::new_random();
    respond(&server, "/v1/checkout/sessions", ResponseTemplate::new(200).set_body_json(session_json(user_id))).await;

    let gateway = gateway_with_frontend_url(&server).await;
    gateway.create_checkout_session(&checkout_request(user_id, "split-hosts")).await.expect("opened");

    let pairs = form_pairs(&received(&server).await[0]);
    assert_eq!(
        value(&pairs, "success_url"),
        "https://app.example.com/dashboard?checkout=success&session_id={CHECKOUT_SESSION_ID}"
    );
    assert_eq!(value(&pairs, "cancel_url"), "https://app.example.com/dashboard?checkout=cancel");
}

#[tokio::test]
async fn with_frontend_url_set_the_billing_portal_returns_people_to_the_dashboard_there() {
    let server = MockServer::start().await;
    respond(&server, "/v1/billing_portal/sessions", ResponseTemplate::new(200).set_body_json(portal_json())).await;

    let gateway = gateway_with_frontend_url(&server).await;
    gateway.create_portal_session(&StripeCustomerId::parse(CUSTOMER_ID).unwrap()).await.expect("opened");

    let pairs = form_pairs(&received(&server).await[0]);
    assert_eq!(value(&pairs, "return_url"), "https://app.example.com/dashboard");
}
