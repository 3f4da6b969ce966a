//! The secret key must never reach an error message, a log line or a debug print.

use std::error::Error as _;

use secrecy::SecretString;
use signalbox::adapters::stripe::{StripeGateway, StripeSettings};
use signalbox::domain::UserId;
use signalbox::ports::{GatewayError, PaymentGateway};
use wiremock::MockServer;

use super::fake_stripe::*;

/// Display, alternate Display, Debug, and every error in the source chain.
fn every_rendering(err: &GatewayError) -> Vec<String> {
    let mut renderings = vec![format!("{err}"), format!("{err:#}"), format!("{err:?}"), format!("{err:#?}")];
    let mut source = err.source();
    while let Some(cause) = source {
        renderings.push(format!("{cause}"));
        renderings.push(format!("{cause:?}"));
        source = cause.source();
    }
    renderings
}

fn assert_no_secret(err: &GatewayError) {
    for rendering in every_rendering(err) {
        assert!(!rendering.contains(SECRET_KEY), "secret leaked: {rendering}");
    }
}

#[tokio::test]
async fn a_rejection_echoing_the_key_keeps_stripes_message_but_not_the_key() {
    let server = MockServer::start().await;
    let echo = format!("Invalid API Key provided: {SECRET_KEY}");
    respond(&server, "/v1/customers", stripe_error(401, "invalid_request_error", &echo)).await;

    let err = gateway_for(&server).create_customer(UserId::new_random(), &email()).await.expect_err("refused");

    assert!(matches!(&err, GatewayError::Rejected(m) if m.starts_with("Invalid API Key provided")), "{err:?}");
    assert_no_secret(&err);
}

#[tokio::test]
async fn an_outage_echoing_the_key_is_unavailable_without_the_key() {
    let server = MockServer::start().await;
    respond(&server, "/v1/customers", stripe_error(503, "api_error", &format!("upstream saw {SECRET_KEY}"))).await;

    let err = gateway_for(&server).create_customer(UserId::new_random(), &email()).await.expect_err("down");

    assert!(matches!(err, GatewayError::Unavailable(_)), "{err:?}");
    assert!(format!("{err:?}").contains("[REDACTED]"), "the cause is kept, scrubbed: {err:?}");
    assert_no_secret(&err);
}

#[tokio::test]
async fn the_gateway_and_its_settings_debug_print_without_the_key() {
    let server = MockServer::start().await;
    let settings = settings_for(&server);

    let printed = [format!("{settings:?}"), format!("{:?}", gateway_for(&server))];

    for text in printed {
        assert!(!text.contains(SECRET_KEY), "{text}");
    }
}

#[test]
fn malformed_settings_fail_at_startup_without_echoing_the_key() {
    let good = StripeSettings {
        secret_key: SecretString::from(SECRET_KEY),
        price_id: PRICE_ID.to_owned(),
        frontend_url: PUBLIC_URL.to_owned(),
        api_base: None,
    };
    let padded_key = StripeSettings { secret_key: SecretString::from(format!(" {SECRET_KEY}\n")), ..good.clone() };
    let no_scheme = StripeSettings { frontend_url: "localhost:8000".to_owned(), ..good.clone() };
    let no_price = StripeSettings { price_id: " ".to_owned(), ..good.clone() };

    assert!(StripeGateway::new(&good).is_ok());
    for bad in [padded_key, no_scheme, no_price] {
        let err = StripeGateway::new(&bad).expect_err("refused");
        assert!(!format!("{err:?}").contains(SECRET_KEY), "{err:?}");
    }
}
