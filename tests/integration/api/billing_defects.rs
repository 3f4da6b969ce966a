//! The money-path defects found in review, each reproduced as it was found — signed webhooks
//! in a given order, then `GET /billing/status` — on every backend the product runs on: the
//! in-memory app, a server on SQLite, and a server on PostgreSQL + Redis.
//!
//! 1. A customer with two subscriptions loses access when the older one is deleted.
//! 2. A checkout completed without payment (`payment_status: unpaid`) grants access.
//! 3. An invoice for a customer not linked yet is dropped instead of applied at the link.
//! 4. A checkout is opened beside a live subscription / two open checkouts can both be paid.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use figment::Figment;
use figment::providers::Serialized;
use poem::http::StatusCode;
use secrecy::SecretString;
use serde_json::json;
use signalbox::adapters::stripe_webhook::sign;
use signalbox::bootstrap::config::Settings;

use crate::failures::running_app::RunningApp;
use crate::support::api_client::unique_email;
use crate::support::backing::Backing;
use crate::support::real_services::unique_suffix;
use crate::support::test_app::{Reply, TestApp, WEBHOOK_SECRET, stripe_event};

/// What a scenario needs of a running product.
#[async_trait]
trait Product: Send + Sync {
    async fn new_user(&self, email: &str) -> String;
    async fn user_id(&self, token: &str) -> String;
    async fn status(&self, token: &str) -> Reply;
    async fn create_checkout(&self, token: &str) -> Reply;
    /// Signs `payload` with the test secret at the server's "now" and delivers it.
    async fn deliver(&self, payload: &[u8]) -> Reply;
    fn now(&self) -> DateTime<Utc>;
}

#[async_trait]
impl Product for TestApp {
    async fn new_user(&self, email: &str) -> String {
        TestApp::new_user(self, email).await
    }
    async fn user_id(&self, token: &str) -> String {
        TestApp::user_id(self, token).await
    }
    async fn status(&self, token: &str) -> Reply {
        self.billing_status(token).await
    }
    async fn create_checkout(&self, token: &str) -> Reply {
        TestApp::create_checkout(self, token).await
    }
    async fn deliver(&self, payload: &[u8]) -> Reply {
        TestApp::deliver(self, payload).await
    }
    fn now(&self) -> DateTime<Utc> {
        self.clock_now()
    }
}

#[async_trait]
impl Product for RunningApp {
    async fn new_user(&self, email: &str) -> String {
        self.api.new_user(email).await
    }
    async fn user_id(&self, token: &str) -> String {
        self.api.user_id(token).await
    }
    async fn status(&self, token: &str) -> Reply {
        self.api.billing_status(token).await
    }
    async fn create_checkout(&self, token: &str) -> Reply {
        self.api.send(poem::http::Method::POST, "/billing/create-checkout", Some(token), &[], None).await
    }
    async fn deliver(&self, payload: &[u8]) -> Reply {
        let signature = sign(payload, &SecretString::from(WEBHOOK_SECRET), Utc::now().timestamp());
        self.api.webhook(payload, &signature).await
    }
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A checkout-family event (`checkout.session.*`) for `user`'s `subscription` of `customer`.
fn checkout(kind: &str, created: i64, user: &str, customer: &str, subscription: &str, payment: &str) -> Vec<u8> {
    stripe_event("checkout.session.completed", |e| {
        e["id"] = json!(format!("evt_{}", unique_suffix()));
        e["type"] = json!(kind);
        e["created"] = json!(created);
        e["data"]["object"]["client_reference_id"] = json!(user);
        e["data"]["object"]["customer"] = json!(customer);
        e["data"]["object"]["subscription"] = json!(subscription);
        e["data"]["object"]["payment_status"] = json!(payment);
    })
}

fn deleted(created: i64, customer: &str, subscription: &str) -> Vec<u8> {
    stripe_event("customer.subscription.deleted", |e| {
        e["id"] = json!(format!("evt_{}", unique_suffix()));
        e["created"] = json!(created);
        e["data"]["object"]["id"] = json!(subscription);
        e["data"]["object"]["customer"] = json!(customer);
    })
}

fn invoice_paid(created: i64, customer: &str, subscription: &str, period_end: i64) -> Vec<u8> {
    stripe_event("invoice.payment_succeeded", |e| {
        e["id"] = json!(format!("evt_{}", unique_suffix()));
        e["created"] = json!(created);
        e["data"]["object"]["customer"] = json!(customer);
        e["data"]["object"]["parent"]["subscription_details"]["subscription"] = json!(subscription);
        e["data"]["object"]["lines"]["data"][0]["period"]["end"] = json!(period_end);
    })
}

fn ids() -> (String, String, String) {
    let suffix = unique_suffix();
    (format!("cus_{suffix}"), format!("sub_a{suffix}"), format!("sub_b{suffix}"))
}

async fn a_second_subscription_keeps_access_when_the_first_is_deleted(product: &dyn Product) {
    let token = product.new_user(&unique_email("two-subs")).await;
    let user = product.user_id(&token).await;
    let (cus, sub_a, sub_b) = ids();
    let now = product.now().timestamp();

    let first = product.deliver(&checkout("checkout.session.completed", now, &user, &cus, &sub_a, "paid")).await;
    let second = product.deliver(&checkout("checkout.session.completed", now + 60, &user, &cus, &sub_b, "paid")).await;
    let deletion = product.deliver(&deleted(now + 120, &cus, &sub_a)).await;

    for reply in [&first, &second, &deletion] {
        assert_eq!(
            (reply.status, reply.body["status"].as_str()),
            (StatusCode::OK, Some("processed")),
            "{}",
            reply.text
        );
    }
    let status = product.status(&token).await;
    assert_eq!(status.body["is_paid"], true, "sub_b is live: {}", status.text);
    assert_eq!(status.body["subscription_status"], "active", "{}", status.text);
}

async fn an_unpaid_checkout_grants_nothing_until_the_payment_arrives(product: &dyn Product) {
    let token = product.new_user(&unique_email("unpaid")).await;
    let user = product.user_id(&token).await;
    let (cus, sub, _) = ids();
    let now = product.now().timestamp();

    product.deliver(&checkout("checkout.session.completed", now, &user, &cus, &sub, "unpaid")).await;
    let waiting = product.status(&token).await;
    let second_checkout = product.create_checkout(&token).await;
    product.deliver(&checkout("checkout.session.async_payment_succeeded", now + 30, &user, &cus, &sub, "paid")).await;
    let paid = product.status(&token).await;

    assert_eq!(waiting.body["is_paid"], false, "{}", waiting.text);
    assert_eq!(waiting.body["subscription_status"], "incomplete", "{}", waiting.text);
    assert_eq!(second_checkout.status, StatusCode::CONFLICT, "a payment is on its way: {}", second_checkout.text);
    assert!(second_checkout.body["detail"].as_str().unwrap_or_default().contains("portal"), "{}", second_checkout.text);
    assert_eq!(paid.body["is_paid"], true, "{}", paid.text);
}

async fn a_failed_async_payment_leaves_the_user_free_and_able_to_try_again(product: &dyn Product) {
    let token = product.new_user(&unique_email("async-failed")).await;
    let user = product.user_id(&token).await;
    let (cus, sub, _) = ids();
    let now = product.now().timestamp();

    product.deliver(&checkout("checkout.session.completed", now, &user, &cus, &sub, "unpaid")).await;
    product.deliver(&checkout("checkout.session.async_payment_failed", now + 30, &user, &cus, &sub, "unpaid")).await;

    let status = product.status(&token).await;
    assert_eq!(status.body["is_paid"], false, "{}", status.text);
    assert_eq!(product.create_checkout(&token).await.status, StatusCode::OK, "not stuck behind the failed payment");
}

async fn an_invoice_paid_before_the_customer_is_linked_takes_effect_at_the_link(product: &dyn Product) {
    let token = product.new_user(&unique_email("early-invoice")).await;
    let user = product.user_id(&token).await;
    let (cus, sub, _) = ids();
    let now = product.now().timestamp();
    let ninety_days = now + 90 * 86_400;

    let early = product.deliver(&invoice_paid(now, &cus, &sub, ninety_days)).await;
    let link = product.deliver(&checkout("checkout.session.completed", now + 5, &user, &cus, &sub, "paid")).await;

    assert_eq!((early.status, early.body["status"].as_str()), (StatusCode::OK, Some("unmatched")), "{}", early.text);
    assert_eq!(link.body["status"], "processed", "{}", link.text);
    let status = product.status(&token).await;
    assert_eq!(status.body["is_paid"], true, "{}", status.text);
    let end: DateTime<Utc> = status.body["current_period_end"].as_str().unwrap().parse().unwrap();
    assert_eq!(end.timestamp(), ninety_days, "the invoice's 90-day period end took effect: {}", status.text);
}

async fn a_live_subscription_refuses_a_second_checkout(product: &dyn Product) {
    let token = product.new_user(&unique_email("one-sub")).await;
    let user = product.user_id(&token).await;
    let (cus, sub, _) = ids();
    let now = product.now().timestamp();
    product.deliver(&checkout("checkout.session.completed", now, &user, &cus, &sub, "paid")).await;

    let again = product.create_checkout(&token).await;

    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert!(again.body["detail"].as_str().unwrap().contains("billing portal"), "{}", again.text);
}

macro_rules! on_every_backend {
    ($($scenario:ident),+ $(,)?) => {
        mod memory {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(&crate::support::test_app::TestApp::new()).await;
                }
            )+
        }
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let dir = tempfile::tempdir().unwrap();
                    let app = super::RunningApp::start(super::sqlite_settings(&dir)).await;
                    super::$scenario(&app).await;
                }
            )+
        }
        mod postgres_redis {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let Some(backing) = super::Backing::fresh().await else { return };
                    let settings = backing.app_settings(&backing.database_url, &backing.redis_url);
                    let app = super::RunningApp::start(settings).await;
                    super::$scenario(&app).await;
                }
            )+
        }
    };
}

fn sqlite_settings(dir: &tempfile::TempDir) -> Settings {
    let figment = Figment::new()
        .merge(Serialized::default("host", "127.0.0.1"))
        .merge(Serialized::default("port", 0))
        .merge(Serialized::default("database_url", format!("sqlite://{}", dir.path().join("billing.db").display())))
        .merge(Serialized::default("stripe_webhook_secret", WEBHOOK_SECRET))
        .merge(Serialized::default("argon2_memory_kib", 256))
        .merge(Serialized::default("argon2_iterations", 1));
    Settings::from_figment(figment).expect("valid test settings")
}

on_every_backend!(
    a_second_subscription_keeps_access_when_the_first_is_deleted,
    an_unpaid_checkout_grants_nothing_until_the_payment_arrives,
    a_failed_async_payment_leaves_the_user_free_and_able_to_try_again,
    an_invoice_paid_before_the_customer_is_linked_takes_effect_at_the_link,
    a_live_subscription_refuses_a_second_checkout,
);
