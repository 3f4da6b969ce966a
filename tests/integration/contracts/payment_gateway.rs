//! The `PaymentGateway` contract: the simulated gateway and the Stripe gateway (against a fake
//! Stripe that, like the real one, answers a repeated idempotency key with its first answer).

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Value, json};
use signalbox::adapters::simulated_stripe::SimulatedStripe;
use signalbox::domain::{Email, StripeCustomerId, UserId};
use signalbox::ports::{CheckoutRequest, PaymentGateway};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::stripe_gateway::fake_stripe::{customer_json, gateway_for, portal_json, session_json};

fn request(user: UserId, key: &str) -> CheckoutRequest {
    CheckoutRequest {
        user_id: user,
        email: Email::parse("contract@example.com").unwrap(),
        customer: StripeCustomerId::parse("cus_contract").unwrap(),
        idempotency_key: key.to_owned(),
    }
}

pub async fn a_customer_is_created_once_per_user(gateway: &dyn PaymentGateway) {
    let (alice, bob) = (UserId::new_random(), UserId::new_random());
    let email = Email::parse("contract@example.com").unwrap();

    let first = gateway.create_customer(alice, &email).await.unwrap();
    let again = gateway.create_customer(alice, &email).await.unwrap();
    let other = gateway.create_customer(bob, &email).await.unwrap();

    assert_eq!(first, again);
    assert_ne!(first, other);
}

pub async fn one_idempotency_key_opens_one_checkout_session(gateway: &dyn PaymentGateway) {
    let user = UserId::new_random();

    let first = gateway.create_checkout_session(&request(user, "attempt-1")).await.unwrap();
    let double_click = gateway.create_checkout_session(&request(user, "attempt-1")).await.unwrap();
    let next_attempt = gateway.create_checkout_session(&request(user, "attempt-2")).await.unwrap();

    assert_eq!(first, double_click);
    assert_ne!(first.id, next_attempt.id);
    assert!(first.url.starts_with("http://") || first.url.starts_with("https://"), "{}", first.url);
}

pub async fn the_billing_portal_is_an_absolute_link(gateway: &dyn PaymentGateway) {
    let customer = gateway.create_customer(UserId::new_random(), &Email::parse("portal@example.com").unwrap()).await;

    let portal = gateway.create_portal_session(&customer.unwrap()).await.unwrap();

    assert!(portal.url.starts_with("http://") || portal.url.starts_with("https://"), "{}", portal.url);
}

/// Replays the first response for a repeated `Idempotency-Key`, and makes fresh ids otherwise.
struct IdempotentFake {
    seen: Mutex<HashMap<String, Value>>,
    fresh: fn(UserId, usize) -> Value,
}

impl Respond for IdempotentFake {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let key = request.headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let mut seen = self.seen.lock().unwrap();
        let n = seen.len();
        let body = seen.entry(key).or_insert_with(|| (self.fresh)(UserId::new_random(), n)).clone();
        ResponseTemplate::new(200).set_body_json(body)
    }
}

fn fresh_customer(user: UserId, n: usize) -> Value {
    let mut customer = customer_json(user);
    customer["id"] = json!(format!("cus_contract{n}"));
    customer
}

fn fresh_session(user: UserId, n: usize) -> Value {
    let mut session = session_json(user);
    let id = format!("cs_test_contract{n}");
    session["url"] = json!(format!("https://checkout.stripe.com/c/pay/{id}"));
    session["id"] = json!(id);
    session
}

async fn fake_stripe() -> MockServer {
    let server = MockServer::start().await;
    for (route, fresh) in
        [("/v1/customers", fresh_customer as fn(UserId, usize) -> Value), ("/v1/checkout/sessions", fresh_session)]
    {
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(IdempotentFake { seen: Mutex::default(), fresh })
            .mount(&server)
            .await;
    }
    let portal = ResponseTemplate::new(200).set_body_json(portal_json());
    Mock::given(method("POST")).and(path("/v1/billing_portal/sessions")).respond_with(portal).mount(&server).await;
    server
}

mod simulated {
    use super::*;

    #[tokio::test]
    async fn a_customer_is_created_once_per_user() {
        super::a_customer_is_created_once_per_user(&SimulatedStripe::new("http://localhost:8000")).await;
    }

    #[tokio::test]
    async fn one_idempotency_key_opens_one_checkout_session() {
        super::one_idempotency_key_opens_one_checkout_session(&SimulatedStripe::new("http://localhost:8000")).await;
    }

    #[tokio::test]
    async fn the_billing_portal_is_an_absolute_link() {
        super::the_billing_portal_is_an_absolute_link(&SimulatedStripe::new("http://localhost:8000")).await;
    }
}

mod stripe {
    use super::*;

    #[tokio::test]
    async fn a_customer_is_created_once_per_user() {
        let server = fake_stripe().await;
        super::a_customer_is_created_once_per_user(&gateway_for(&server)).await;
    }

    #[tokio::test]
    async fn one_idempotency_key_opens_one_checkout_session() {
        let server = fake_stripe().await;
        super::one_idempotency_key_opens_one_checkout_session(&gateway_for(&server)).await;
    }

    #[tokio::test]
    async fn the_billing_portal_is_an_absolute_link() {
        let server = fake_stripe().await;
        super::the_billing_portal_is_an_absolute_link(&gateway_for(&server)).await;
    }
}
