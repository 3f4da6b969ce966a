//! Paid access granted by an operator (`signalbox users grant-paid`) never reaches Stripe: its
//! local customer is replaced by a real one at the user's first checkout, and the portal does
//! not ask Stripe about it. Against a fake Stripe (wiremock), which records what it was sent.

use std::sync::Arc;

use chrono::Duration;
use poem::http::StatusCode;
use signalbox::domain::local_grant::is_local_grant;
use signalbox::domain::{Email, UserId};
use signalbox::ports::BillingStore;
use wiremock::{MockServer, ResponseTemplate};

use crate::stripe_gateway::fake_stripe::{
    CUSTOMER_ID, customer_json, form_pairs, gateway_for, received, respond, session_json,
};
use crate::support::test_app::TestApp;

const DEMO: &str = "demo@example.com";

/// A fake Stripe that creates customers and opens checkouts.
async fn stripe() -> MockServer {
    let stripe = MockServer::start().await;
    let body = customer_json(UserId::new_random());
    respond(&stripe, "/v1/customers", ResponseTemplate::new(200).set_body_json(body)).await;
    let session = session_json(UserId::new_random());
    respond(&stripe, "/v1/checkout/sessions", ResponseTemplate::new(200).set_body_json(session)).await;
    stripe
}

async fn granted_user(app: &TestApp, days: u32) -> UserId {
    let token = app.new_user(DEMO).await;
    app.app.billing.grant_paid(&Email::parse(DEMO).unwrap(), days).await.expect("granted");
    app.user_id(&token).await.parse().unwrap()
}

#[tokio::test]
async fn a_checkout_after_a_local_grant_sends_stripe_a_real_customer_and_never_the_local_one() {
    let stripe = stripe().await;
    let app = TestApp::with_gateway(Arc::new(gateway_for(&stripe)));
    let user = granted_user(&app, 7).await;
    app.clock.advance(Duration::days(8));

    let checkout = app.create_checkout(&app.new_token(DEMO).await).await;

    assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    let requests = received(&stripe).await;
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/v1/customers", "/v1/checkout/sessions"]);
    for request in &requests {
        assert!(!String::from_utf8_lossy(&request.body).contains("cus_local_"), "{request:?}");
    }
    let customer = form_pairs(&requests[1]).into_iter().find(|(k, _)| k == "customer").map(|(_, v)| v);
    assert_eq!(customer.as_deref(), Some(CUSTOMER_ID));
    // The real customer took the local one's place, the past grant with it.
    let state = app.stores.accounts.billing_state(user).await.unwrap();
    assert_eq!(state.customer_id.map(|c| c.as_str().to_owned()).as_deref(), Some(CUSTOMER_ID));
    assert!(state.subscriptions.iter().any(|s| is_local_grant(&s.id)));
}

#[tokio::test]
async fn a_second_checkout_after_a_local_grant_reuses_the_real_customer() {
    let stripe = stripe().await;
    let app = TestApp::with_gateway(Arc::new(gateway_for(&stripe)));
    granted_user(&app, 1).await;
    app.clock.advance(Duration::days(2));
    let token = app.new_token(DEMO).await;

    app.create_checkout(&token).await;
    app.clock.advance(Duration::minutes(5));
    let again = app.create_checkout(&token).await;

    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let customers_created = received(&stripe).await.iter().filter(|r| r.url.path() == "/v1/customers").count();
    assert_eq!(customers_created, 1);
}

#[tokio::test]
async fn the_billing_portal_of_a_user_with_only_a_local_grant_is_a_409_and_stripe_is_not_asked() {
    let stripe = stripe().await;
    let app = TestApp::with_gateway(Arc::new(gateway_for(&stripe)));
    granted_user(&app, 7).await;

    let portal = app.billing_portal(&app.new_token(DEMO).await).await;

    assert_eq!(portal.status, StatusCode::CONFLICT, "{}", portal.text);
    assert!(portal.detail().contains("granted by Signalbox"), "{}", portal.text);
    assert!(received(&stripe).await.is_empty());
}
