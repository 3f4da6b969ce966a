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
    let production = [
        ("app_env", "production"),
        ("secret_key", "3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5"),
        ("stripe_secret_key", "sk_live_x"),
        ("stripe_webhook_secret", "whsec_4eC39HqLyjWDarjtT1zdp7dcLq0RAzpk"),
        ("public_url", "https://signals.example.com"),
        ("smtp_url", "smtps://mailer:secret@smtp.example.com"),
        ("metrics_token", "5b0e8f3a9c2d7e1f4a6b8c0d2e4f6a8b"),
    ];
    assert_eq!(mailbox_status(&production).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn development_with_smtp_sends_mail_instead_of_listing_it() {
    assert_eq!(mailbox_status(&[("smtp_url", "smtp://127.0.0.1:2525")]).await, StatusCode::NOT_FOUND);
}
