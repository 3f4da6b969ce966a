//! `GET /dev/mailbox` exists where mail stays in the development outbox, and nowhere else.

use std::sync::Arc;

use poem::Route;
use poem::http::StatusCode;
use poem::test::TestClient;
use signalbox::adapters::clock::{ManualClock, SystemClock};
use signalbox::adapters::mail::{DevOutbox, MailSettled};
use signalbox::bootstrap::wiring::mailer;

use signalbox::bootstrap::startup::routes;

use crate::support::in_memory::{MemoryStores, with_gateway};
use crate::support::test_app::{cheap_hasher, market_morning, settings};

async fn mailbox_status(overrides: &[(&str, &str)]) -> StatusCode {
    let (_, listed) = mailer(&settings(overrides), Arc::new(SystemClock)).unwrap();
    let nothing_on_its_way: MailSettled = Arc::new(|| Box::pin(async {}));
    let routes = match listed {
        Some(outbox) => DevOutbox::mount(outbox, nothing_on_its_way, Route::new()),
        None => Route::new(),
    };
    let client = TestClient::new(routes);
    client.get("/dev/mailbox").send().await.0.status()
}

#[tokio::test]
async fn development_without_smtp_lists_the_outbox() {
    assert_eq!(mailbox_status(&[]).await, StatusCode::OK);
}

/// Production settings, with `extra` on top.
fn production(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let production = [
        ("app_env", "production"),
        ("secret_key", "3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5"),
        ("stripe_secret_key", "sk_live_x"),
        ("stripe_webhook_secret", "whsec_4eC39HqLyjWDarjtT1zdp7dcLq0RAzpk"),
        ("public_url", "https://signals.example.com"),
        ("smtp_url", "smtps://mailer:secret@smtp.example.com"),
        ("metrics_token", "5b0e8f3a9c2d7e1f4a6b8c0d2e4f6a8b"),
        ("market_data", "database"),
        ("business_name", "Example Research Pvt Ltd"),
        ("ra_name", "A. Analyst"),
        ("ra_registration_no", "INH000012345"),
        ("contact_email", "support@example.in"),
        ("grievance_email", "grievance@example.in"),
    ];
    production.iter().chain(extra).map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn production_has_no_mailbox_page() {
    assert_eq!(mailbox_status(&pairs(&production(&[]))).await, StatusCode::NOT_FOUND);
}

/// Through the whole route table, with a built dashboard whose client-side routes fall back
/// to `index.html`: `/dev/…` must not be one of them.
#[tokio::test]
async fn in_production_dev_paths_are_a_json_404_not_the_dashboard() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><div id=root>dashboard</div>").unwrap();
    let settings = settings(&pairs(&production(&[("static_dir", dist.path().to_str().unwrap())])));
    let clock = Arc::new(ManualClock::new(market_morning()));
    let stores = MemoryStores::new(clock.clone(), &settings);
    let gateway = stores.stripe.clone();
    let wired = with_gateway(&settings, clock, Arc::new(cheap_hasher()), stores, gateway);
    let client = TestClient::new(routes(&settings, wired));

    for path in ["/dev/mailbox", "/dev", "/dev/", "/dev/anything/else"] {
        let reply = client.get(path).send().await;
        reply.assert_status(StatusCode::NOT_FOUND);
        reply.assert_json(serde_json::json!({"detail": "not found"})).await;
    }
    client.get("/dashboard").send().await.assert_text("<!doctype html><div id=root>dashboard</div>").await;
}

#[tokio::test]
async fn development_with_smtp_sends_mail_instead_of_listing_it() {
    assert_eq!(mailbox_status(&[("smtp_url", "smtp://127.0.0.1:2525")]).await, StatusCode::NOT_FOUND);
}
