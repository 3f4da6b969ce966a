//! `GET /dev/mailbox` exists where mail stays in the development outbox, and nowhere else.

use std::sync::Arc;

use poem::Route;
use poem::http::StatusCode;
use poem::test::TestClient;
use signalbox::adapters::clock::SystemClock;
use signalbox::adapters::mail::{DevOutbox, MailSettled};
use signalbox::bootstrap::wiring::mailer;

use crate::support::test_app::settings;

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

#[tokio::test]
async fn production_has_no_mailbox_page() {
    let key = "k".repeat(40);
    let production = [
        ("app_env", "production"),
        ("secret_key", key.as_str()),
        ("stripe_secret_key", "sk_live_x"),
        ("public_url", "https://signals.example.com"),
        ("smtp_url", "smtps://mailer:secret@smtp.example.com"),
        ("metrics_token", "metrics-token-0123456789"),
        ("market_data", "database"),
    ];
    assert_eq!(mailbox_status(&production).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn development_with_smtp_sends_mail_instead_of_listing_it() {
    assert_eq!(mailbox_status(&[("smtp_url", "smtp://127.0.0.1:2525")]).await, StatusCode::NOT_FOUND);
}
