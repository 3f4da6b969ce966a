//! `create_portal_session`: what Stripe receives and what the gateway returns.

use signalbox::domain::StripeCustomerId;
use signalbox::ports::{GatewayError, PaymentGateway};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::fake_stripe::*;

const ROUTE: &str = "/v1/billing_portal/sessions";
fn customer() -> StripeCustomerId {
    StripeCustomerId::parse(CUSTOMER_ID).expect("valid id")
}

async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    respond(&server, ROUTE, response).await;
    server
}

#[tokio::test]
async fn opening_the_portal_sends_exactly_the_customer_and_the_dashboard_as_return_url() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(portal_json())).await;

    gateway_for(&server).create_portal_session(&customer()).await.expect("portal opened");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let return_url = format!("{PUBLIC_URL}/dashboard");
    assert_eq!(form_pairs(&requests[0]), pairs(&[("customer", CUSTOMER_ID), ("return_url", &return_url)]));
    assert_eq!(header(&requests[0], "authorization"), Some(format!("Bearer {SECRET_KEY}").as_str()));
    assert_eq!(header(&requests[0], "stripe-version"), Some(PINNED_API_VERSION));
}

#[tokio::test]
async fn opening_the_portal_returns_the_link_stripe_made() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(portal_json())).await;

    let session = gateway_for(&server).create_portal_session(&customer()).await.expect("portal opened");

    assert_eq!(session.url, PORTAL_URL);
}

#[tokio::test]
async fn a_customer_stripe_does_not_know_is_rejected_with_stripes_message_and_not_retried() {
    let message = format!("No such customer: '{CUSTOMER_ID}'");
    let server = server_answering(stripe_error(400, "invalid_request_error", &message)).await;

    let result = gateway_for(&server).create_portal_session(&customer()).await;

    assert!(matches!(&result, Err(GatewayError::Rejected(m)) if *m == message), "{result:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_server_error_is_retried_and_the_second_answer_wins() {
    let server = MockServer::start().await;
    let failure = stripe_error(500, "api_error", "Something went wrong.");
    Mock::given(method("POST")).and(path(ROUTE)).respond_with(failure).up_to_n_times(1).mount(&server).await;
    respond(&server, ROUTE, ResponseTemplate::new(200).set_body_json(portal_json())).await;

    let session = gateway_for(&server).create_portal_session(&customer()).await.expect("second attempt succeeds");

    assert_eq!(session.url, PORTAL_URL);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn stripe_failing_every_attempt_is_unavailable_without_the_secret_key_in_the_error() {
    let server = server_answering(stripe_error(503, "api_error", &format!("upstream down for {SECRET_KEY}"))).await;

    let result = gateway_for(&server).create_portal_session(&customer()).await;

    let Err(GatewayError::Unavailable(cause)) = result else { panic!("expected Unavailable: {result:?}") };
    assert!(!format!("{cause:#}").contains(SECRET_KEY), "{cause:#}");
    assert_eq!(received(&server).await.len(), fast_policy().max_attempts as usize);
}
