//! `POST /auth/password-reset` and `/confirm`: the forgotten-password flow through the
//! development mailbox, single use, 30 minutes, sessions ended, no account enumeration.

use chrono::Duration;
use poem::http::StatusCode;

use crate::support::test_app::{PASSWORD, TestApp};

const NEW_PASSWORD: &str = "monsoon-rides-to-pune";

#[tokio::test]
async fn a_reset_link_from_the_mailbox_sets_a_new_password_that_logs_in() {
    let app = TestApp::new();
    app.new_user("forgetful@example.com").await;

    let asked = app.request_password_reset("forgetful@example.com").await;
    let token = app.reset_token_mailed_to("forgetful@example.com").await;
    let confirmed = app.confirm_password_reset(&token, NEW_PASSWORD).await;

    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text);
    assert_eq!(confirmed.status, StatusCode::NO_CONTENT, "{}", confirmed.text);
    assert_eq!(app.login("forgetful@example.com", NEW_PASSWORD).await.status, StatusCode::OK);
    assert_eq!(app.login("forgetful@example.com", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_mail_links_to_the_public_urls_reset_page() {
    let app = TestApp::with(&[("public_url", "https://signals.example.com")]);
    app.new_user("link@example.com").await;

    app.request_password_reset("link@example.com").await;

    let mailbox = app.mailbox().await;
    let mail = &mailbox.body[0];
    assert_eq!(mail["to"], "link@example.com");
    assert_eq!(mail["subject"], "Reset your Signalbox password");
    assert!(mail["sent_at"].as_str().is_some_and(|s| s.starts_with("2026-11-25T04:30:00")), "{mail}");
    assert!(mail["body"].as_str().unwrap().contains("https://signals.example.com/reset-password?token="), "{mail}");
}

#[tokio::test]
async fn with_frontend_url_set_the_mail_links_to_the_dashboards_reset_page() {
    let app = TestApp::with(&[("public_url", "https://api.example.com"), ("frontend_url", "https://app.example.com")]);
    app.new_user("split@example.com").await;

    app.request_password_reset("split@example.com").await;

    let body = app.mailbox().await.body[0]["body"].as_str().unwrap().to_owned();
    assert!(body.contains("https://app.example.com/reset-password?token="), "{body}");
    assert!(!body.contains("api.example.com"), "{body}");
}

#[tokio::test]
async fn known_and_unknown_emails_get_the_same_answer_and_only_the_known_one_gets_mail() {
    let app = TestApp::new();
    app.new_user("known@example.com").await;

    let known = app.request_password_reset("known@example.com").await;
    let unknown = app.request_password_reset("nobody@example.com").await;

    assert_eq!((known.status, unknown.status), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(known.text, unknown.text);
    let mailbox = app.mailbox().await;
    assert_eq!(mailbox.body.as_array().unwrap().len(), 1);
    assert_eq!(mailbox.body[0]["to"], "known@example.com");
}

#[tokio::test]
async fn a_link_works_once() {
    let app = TestApp::new();
    app.new_user("once@example.com").await;
    app.request_password_reset("once@example.com").await;
    let token = app.reset_token_mailed_to("once@example.com").await;

    let first = app.confirm_password_reset(&token, NEW_PASSWORD).await;
    let again = app.confirm_password_reset(&token, "another-fine-passphrase").await;

    assert_eq!(first.status, StatusCode::NO_CONTENT);
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.text);
    assert!(again.detail().contains("invalid, used or expired"));
    assert_eq!(app.login("once@example.com", NEW_PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_link_expires_after_thirty_minutes() {
    let app = TestApp::new();
    app.new_user("late@example.com").await;
    app.request_password_reset("late@example.com").await;
    let token = app.reset_token_mailed_to("late@example.com").await;

    app.clock.advance(Duration::minutes(30));
    let late = app.confirm_password_reset(&token, NEW_PASSWORD).await;

    assert_eq!(late.status, StatusCode::BAD_REQUEST, "{}", late.text);
    assert_eq!(app.login("late@example.com", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_link_still_works_just_before_thirty_minutes() {
    let app = TestApp::new();
    app.new_user("intime@example.com").await;
    app.request_password_reset("intime@example.com").await;
    let token = app.reset_token_mailed_to("intime@example.com").await;

    app.clock.advance(Duration::minutes(29));
    assert_eq!(app.confirm_password_reset(&token, NEW_PASSWORD).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_reset_ends_every_session_and_spends_older_links() {
    let app = TestApp::new();
    let (_, cookie) = app.new_session("sessions@example.com").await;
    app.request_password_reset("sessions@example.com").await;
    let older = app.reset_token_mailed_to("sessions@example.com").await;
    app.request_password_reset("sessions@example.com").await;
    let newer = app.reset_token_mailed_to("sessions@example.com").await;

    assert_eq!(app.confirm_password_reset(&newer, NEW_PASSWORD).await.status, StatusCode::NO_CONTENT);

    assert_eq!(app.refresh(Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.confirm_password_reset(&older, "another-fine-passphrase").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_weak_new_password_is_refused_and_the_link_still_works() {
    let app = TestApp::new();
    app.new_user("weak@example.com").await;
    app.request_password_reset("weak@example.com").await;
    let token = app.reset_token_mailed_to("weak@example.com").await;

    let weak = app.confirm_password_reset(&token, "password1").await;

    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", weak.text);
    assert!(weak.detail().contains("too easy to guess"));
    assert_eq!(app.confirm_password_reset(&token, NEW_PASSWORD).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_made_up_or_malformed_token_is_a_400_with_a_json_detail() {
    let app = TestApp::new();
    for token in ["nonsense", &"ab".repeat(32)] {
        let reply = app.confirm_password_reset(token, NEW_PASSWORD).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{token}: {}", reply.text);
        assert!(!reply.detail().is_empty());
    }
}

#[tokio::test]
async fn reset_requests_are_limited_per_client_address_like_logins() {
    let app = TestApp::with(&[("auth_rate_limit_per_minute", "2")]);

    let answers = [
        app.request_password_reset("a@example.com").await.status,
        app.request_password_reset("b@example.com").await.status,
        app.request_password_reset("c@example.com").await.status,
    ];

    assert_eq!(answers, [StatusCode::ACCEPTED, StatusCode::ACCEPTED, StatusCode::TOO_MANY_REQUESTS]);
}

#[tokio::test]
async fn an_invalid_email_is_a_422() {
    let app = TestApp::new();
    assert_eq!(app.request_password_reset("not-an-email").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}
