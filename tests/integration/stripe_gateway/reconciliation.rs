//! What reconciliation (`signalbox billing sync`) and one-open-checkout need from Stripe:
//! listing a customer's subscriptions (every status, every page) and expiring a Checkout
//! Session, against the local fake Stripe; then the sync itself, as the operator runs it, with
//! the real binary against the fake.

use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use signalbox::adapters::sql::{DatabaseSettings, SqlStore};
use signalbox::domain::{CheckoutSessionId, Email, PasswordHash, StripeCustomerId, SubscriptionStatus, UserId};
use signalbox::ports::{BillingStore, GatewayError, NewUser, PaymentGateway, UserRepository};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::fake_stripe::{CUSTOMER_ID, SECRET_KEY, SESSION_ID, gateway_for, received, session_json, stripe_error};

/// A subscription object as Stripe returns it (the shape of the shared webhook fixture).
fn subscription_json(id: &str, status: &str, period_end: i64, cancel_at_period_end: bool) -> Value {
    let fixture = std::fs::read_to_string(format!(
        "{}/tests/fixtures/stripe/customer.subscription.updated.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut object = serde_json::from_str::<Value>(&fixture).unwrap()["data"]["object"].clone();
    object["id"] = json!(id);
    object["customer"] = json!(CUSTOMER_ID);
    object["status"] = json!(status);
    object["cancel_at_period_end"] = json!(cancel_at_period_end);
    object["items"]["data"][0]["current_period_end"] = json!(period_end);
    object["items"]["data"][0]["subscription"] = json!(id);
    object
}

fn list_json(data: Vec<Value>, has_more: bool) -> Value {
    json!({"object": "list", "url": "/v1/subscriptions", "has_more": has_more, "data": data})
}

fn customer() -> StripeCustomerId {
    StripeCustomerId::parse(CUSTOMER_ID).unwrap()
}

#[tokio::test]
async fn listing_asks_for_every_status_and_follows_the_pages() {
    let server = MockServer::start().await;
    let end = 1_766_653_200;
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions"))
        .and(query_param("starting_after", "sub_first"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(list_json(vec![subscription_json("sub_second", "canceled", end, false)], false)),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(list_json(vec![subscription_json("sub_first", "active", end, true)], true)),
        )
        .mount(&server)
        .await;

    let listed = gateway_for(&server).list_subscriptions(&customer()).await.unwrap();

    let summary: Vec<(&str, SubscriptionStatus, bool, Option<i64>)> = listed
        .iter()
        .map(|s| (s.id.as_str(), s.status, s.cancel_at_period_end, s.current_period_end.map(|e| e.timestamp())))
        .collect();
    assert_eq!(
        summary,
        [
            ("sub_first", SubscriptionStatus::Active, true, Some(end)),
            ("sub_second", SubscriptionStatus::Canceled, false, Some(end))
        ]
    );
    let first = &received(&server).await[0];
    let query = first.url.query().unwrap_or_default();
    for part in [format!("customer={CUSTOMER_ID}"), "status=all".into(), "limit=100".into()] {
        assert!(query.contains(&part), "{query}");
    }
}

#[tokio::test]
async fn an_unknown_customer_is_a_refusal_without_stripes_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions"))
        .respond_with(stripe_error(400, "invalid_request_error", "No such customer: 'cus_NffrFeUfNV2Hib'"))
        .mount(&server)
        .await;

    let result = gateway_for(&server).list_subscriptions(&customer()).await;

    assert!(matches!(result, Err(GatewayError::Rejected(_))), "{result:?}");
}

#[tokio::test]
async fn expiring_posts_to_the_sessions_expire_endpoint() {
    let server = MockServer::start().await;
    let user = UserId::new_random();
    let mut expired = session_json(user);
    expired["status"] = json!("expired");
    Mock::given(method("POST"))
        .and(path(format!("/v1/checkout/sessions/{SESSION_ID}/expire")))
        .respond_with(ResponseTemplate::new(200).set_body_json(expired))
        .mount(&server)
        .await;

    gateway_for(&server).expire_checkout_session(&CheckoutSessionId::parse(SESSION_ID).unwrap()).await.unwrap();

    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn expiring_a_completed_session_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/checkout/sessions/{SESSION_ID}/expire")))
        .respond_with(stripe_error(
            400,
            "invalid_request_error",
            "Only Checkout Sessions with a status in [\"open\"] can be expired.",
        ))
        .mount(&server)
        .await;

    let result = gateway_for(&server).expire_checkout_session(&CheckoutSessionId::parse(SESSION_ID).unwrap()).await;

    assert!(matches!(result, Err(GatewayError::Rejected(_))), "{result:?}");
}

/// The operator's command, run as the binary against a SQLite file and the fake Stripe: a
/// subscription whose webhooks were lost is found, repaired and reported; a second run finds
/// nothing to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn billing_sync_repairs_a_subscription_whose_webhooks_were_lost() {
    let server = MockServer::start().await;
    let period_end = (Utc::now() + Duration::days(25)).timestamp();
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(list_json(
                vec![subscription_json("sub_lost_webhooks", "active", period_end, false)],
                false,
            )),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sync.db").display());
    let store = SqlStore::connect(&DatabaseSettings::from_url(url.clone())).await.unwrap();
    store.migrate().await.unwrap();
    let user = store
        .create(NewUser {
            id: UserId::new_random(),
            email: Email::parse("lost@example.com").unwrap(),
            password_hash: PasswordHash::from_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
            created_at: Utc::now(),
        })
        .await
        .unwrap();
    store.link_customer(user.id, &customer()).await.unwrap();

    let first = sync(&url, &server);
    let second = sync(&url, &server);

    assert!(first.contains("sub_lost_webhooks: unknown -> active"), "{first}");
    assert!(first.contains("1 subscription(s) repaired"), "{first}");
    assert!(second.starts_with("no changes"), "{second}");
    let state = store.billing_state(user.id).await.unwrap();
    let paid_through: Option<DateTime<Utc>> = state.subscriptions[0].paid_through;
    assert_eq!(paid_through.map(|at| at.timestamp()), Some(period_end));
}

fn sync(database_url: &str, stripe: &MockServer) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .args(["billing", "sync", "--all"])
        .env_clear()
        .current_dir(std::env::temp_dir())
        .env("DATABASE_URL", database_url)
        .env("STRIPE_SECRET_KEY", SECRET_KEY)
        .env("STRIPE_API_BASE", stripe.uri())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}
