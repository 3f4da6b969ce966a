//! How Stripe's refusals and failures become port errors, and how retries are bounded.

use std::time::{Duration, Instant};

use signalbox::adapters::stripe::{RetryPolicy, StripeGateway};
use signalbox::domain::UserId;
use signalbox::ports::{GatewayError, PaymentGateway};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::fake_stripe::*;

const ROUTE: &str = "/v1/checkout/sessions";

async fn open_checkout(gateway: &StripeGateway) -> Result<signalbox::ports::CheckoutSession, GatewayError> {
    gateway.create_checkout_session(&checkout_request(UserId::new_random(), "checkout-1")).await
}

/// The first `times` requests get `failure`; later ones succeed.
async fn fail_then_succeed(server: &MockServer, failure: ResponseTemplate, times: u64) {
    Mock::given(method("POST")).and(path(ROUTE)).respond_with(failure).up_to_n_times(times).mount(server).await;
    let success = ResponseTemplate::new(200).set_body_json(session_json(UserId::new_random()));
    respond(server, ROUTE, success).await;
}

#[tokio::test]
async fn a_declined_card_is_rejected_with_stripes_message_and_not_retried() {
    let server = MockServer::start().await;
    respond(&server, ROUTE, stripe_error(402, "card_error", "Your card was declined.")).await;

    let result = open_checkout(&gateway_for(&server)).await;

    assert!(matches!(&result, Err(GatewayError::Rejected(m)) if m == "Your card was declined."), "{result:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_unknown_price_is_rejected_with_stripes_message() {
    let server = MockServer::start().await;
    let message = format!("No such price: '{PRICE_ID}'");
    respond(&server, ROUTE, stripe_error(400, "invalid_request_error", &message)).await;

    let result = open_checkout(&gateway_for(&server)).await;

    assert!(matches!(&result, Err(GatewayError::Rejected(m)) if *m == message), "{result:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_server_error_then_success_succeeds_and_the_retry_reuses_the_idempotency_key() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, stripe_error(500, "api_error", "Something went wrong."), 1).await;

    let session = open_checkout(&gateway_for(&server)).await.expect("second attempt succeeds");

    assert_eq!(session.id.as_str(), SESSION_ID);
    let keys: Vec<_> =
        received(&server).await.iter().map(|r| header(r, "idempotency-key").map(str::to_owned)).collect();
    assert_eq!(keys, vec![Some("checkout-1".to_owned()); 2]);
}

#[tokio::test]
async fn rate_limiting_and_a_proxys_html_bad_gateway_are_retried() {
    let server = MockServer::start().await;
    let rate_limited = stripe_error(429, "invalid_request_error", "Too many requests.");
    Mock::given(method("POST")).and(path(ROUTE)).respond_with(rate_limited).up_to_n_times(1).mount(&server).await;
    fail_then_succeed(&server, ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"), 1).await;

    let result = open_checkout(&gateway_for(&server)).await;

    assert!(result.is_ok(), "{result:?}");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_persistent_server_error_is_unavailable_after_exactly_the_configured_attempts() {
    let server = MockServer::start().await;
    respond(&server, ROUTE, stripe_error(500, "api_error", "Something went wrong.")).await;
    let gateway = gateway_for(&server);

    let result = tokio::time::timeout(Duration::from_secs(30), open_checkout(&gateway)).await.expect("bounded");

    assert!(matches!(result, Err(GatewayError::Unavailable(_))), "{result:?}");
    assert_eq!(received(&server).await.len(), fast_policy().max_attempts as usize);
}

#[tokio::test]
async fn a_stripe_that_never_answers_is_unavailable_once_each_attempt_times_out() {
    let server = MockServer::start().await;
    let too_slow =
        ResponseTemplate::new(200).set_body_json(session_json(UserId::new_random())).set_delay(Duration::from_secs(60));
    respond(&server, ROUTE, too_slow).await;
    let policy =
        RetryPolicy { max_attempts: 2, first_backoff: Duration::ZERO, attempt_timeout: Duration::from_millis(200) };
    let gateway = gateway_for(&server).with_retry_policy(policy);

    let started = Instant::now();
    let result = open_checkout(&gateway).await;

    assert!(matches!(result, Err(GatewayError::Unavailable(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn an_unreachable_stripe_is_unavailable() {
    // A port that was just free and is now closed: connections are refused at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let server = MockServer::start().await;
    let mut settings = settings_for(&server);
    settings.api_base = Some(format!("http://{closed}"));
    let gateway = StripeGateway::new(&settings).expect("valid settings").with_retry_policy(fast_policy());

    let result = gateway.create_customer(UserId::new_random(), &email()).await;

    assert!(matches!(result, Err(GatewayError::Unavailable(_))), "{result:?}");
}
