//! `create_checkout_session`: what Stripe receives and what the gateway returns.

use signalbox::domain::UserId;
use signalbox::domain::disclosure::risk_notice_text;
use signalbox::ports::{GatewayError, PaymentGateway};
use wiremock::{MockServer, ResponseTemplate};

use super::fake_stripe::*;

const ROUTE: &str = "/v1/checkout/sessions";

async fn server_answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    respond(&server, ROUTE, ResponseTemplate::new(200).set_body_json(body)).await;
    server
}

#[tokio::test]
async fn opening_a_checkout_sends_subscription_mode_one_price_the_customer_and_return_urls() {
    let user_id = UserId::new_random();
    let server = server_answering(session_json(user_id)).await;

    gateway_for(&server).create_checkout_session(&checkout_request(user_id, "checkout-1")).await.expect("opened");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let user = user_id.to_string();
    let success = format!("{PUBLIC_URL}/dashboard?checkout=success&session_id={{CHECKOUT_SESSION_ID}}");
    let cancel = format!("{PUBLIC_URL}/dashboard?checkout=cancel");
    let notice = risk_notice_text();
    assert_eq!(
        form_pairs(&requests[0]),
        pairs(&[
            ("mode", "subscription"),
            ("line_items[0][price]", PRICE_ID),
            ("line_items[0][quantity]", "1"),
            ("customer", CUSTOMER_ID),
            ("client_reference_id", &user),
            ("metadata[user_id]", &user),
            ("success_url", &success),
            ("cancel_url", &cancel),
            ("custom_text[submit][message]", &notice),
        ])
    );
}

#[tokio::test]
async fn stripe_shows_sebis_fno_risk_notice_beside_its_pay_button() {
    let user_id = UserId::new_random();
    let server = server_answering(session_json(user_id)).await;

    gateway_for(&server).create_checkout_session(&checkout_request(user_id, "checkout-notice")).await.expect("opened");

    let pairs = form_pairs(&received(&server).await[0]);
    let (_, message) = pairs.iter().find(|(k, _)| k == "custom_text[submit][message]").expect("a submit message");
    assert!(
        message.contains("9 out of 10 individual traders in equity Futures and Options Segment incurred net losses.")
    );
    assert!(message.contains("93 %") && message.contains("not advice tailored to you"), "{message}");
}

#[tokio::test]
async fn opening_a_checkout_sends_the_callers_idempotency_key_and_the_secret_key_as_bearer() {
    let user_id = UserId::new_random();
    let server = server_answering(session_json(user_id)).await;

    gateway_for(&server).create_checkout_session(&checkout_request(user_id, "checkout-7f3a")).await.expect("opened");

    let request = &received(&server).await[0];
    assert_eq!(header(request, "idempotency-key"), Some("checkout-7f3a"));
    assert_eq!(header(request, "authorization"), Some(format!("Bearer {SECRET_KEY}").as_str()));
    assert_eq!(header(request, "stripe-version"), Some(PINNED_API_VERSION));
}

#[tokio::test]
async fn opening_a_checkout_returns_the_session_id_and_hosted_url() {
    let user_id = UserId::new_random();
    let server = server_answering(session_json(user_id)).await;

    let session =
        gateway_for(&server).create_checkout_session(&checkout_request(user_id, "checkout-1")).await.expect("opened");

    assert_eq!(session.id.as_str(), SESSION_ID);
    assert_eq!(session.url, format!("https://checkout.stripe.com/c/pay/{SESSION_ID}"));
}

#[tokio::test]
async fn a_session_with_a_null_or_missing_url_is_unavailable_not_a_panic() {
    let user_id = UserId::new_random();
    let mut null_url = session_json(user_id);
    null_url["url"] = serde_json::Value::Null;
    let mut no_url = session_json(user_id);
    no_url.as_object_mut().expect("object").remove("url");

    for body in [null_url, no_url] {
        let server = server_answering(body).await;
        let result = gateway_for(&server).create_checkout_session(&checkout_request(user_id, "checkout-1")).await;
        let err = result.expect_err("no url, no session");
        assert!(matches!(err, GatewayError::Unavailable(_)), "{err:?}");
        assert!(format!("{err:?}").contains("without a url"), "{err:?}");
    }
}

#[tokio::test]
async fn a_session_missing_a_field_stripe_always_sends_is_unavailable() {
    let user_id = UserId::new_random();
    let mut body = session_json(user_id);
    body.as_object_mut().expect("object").remove("expires_at");
    let server = server_answering(body).await;

    let result = gateway_for(&server).create_checkout_session(&checkout_request(user_id, "checkout-1")).await;

    assert!(matches!(result, Err(GatewayError::Unavailable(_))), "{result:?}");
    assert!(format!("{result:?}").contains("unreadable answer from Stripe"), "{result:?}");
}

#[tokio::test]
async fn an_empty_idempotency_key_is_refused_without_calling_stripe() {
    let user_id = UserId::new_random();
    let server = server_answering(session_json(user_id)).await;

    let result = gateway_for(&server).create_checkout_session(&checkout_request(user_id, "")).await;

    assert!(matches!(result, Err(GatewayError::Rejected(_))), "{result:?}");
    assert!(received(&server).await.is_empty());
}
