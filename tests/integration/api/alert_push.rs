//! `/alerts/push/*`: registering the browsers push alerts go to.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::support::test_app::TestApp;

// RFC 8291 appendix A's browser keys (published test data).
const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

/// What `PushSubscription.toJSON()` gives in Chrome.
fn subscription(endpoint: &str) -> Value {
    json!({"endpoint": endpoint, "expirationTime": null, "keys": {"p256dh": P256DH, "auth": AUTH}})
}

#[tokio::test]
async fn the_push_key_is_public_and_a_p256_point() {
    let app = TestApp::new();

    let reply = app.get("/alerts/push/key", None).await;

    assert_eq!(reply.status, StatusCode::OK);
    let key = URL_SAFE_NO_PAD.decode(reply.body["public_key"].as_str().expect("a key")).unwrap();
    assert_eq!((key.len(), key[0]), (65, 0x04));
}

#[tokio::test]
async fn a_browser_subscription_is_registered_and_unregistered() {
    let app = TestApp::new();
    let token = app.new_user("push@example.com").await;

    let created = app.subscribe_push(&token, &subscription("https://fcm.googleapis.com/fcm/send/abc")).await;

    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.unsubscribe_push(&token, &id).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.unsubscribe_push(&token, &id).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn subscribing_again_from_the_same_browser_answers_the_same_device() {
    let app = TestApp::new();
    let token = app.new_user("again@example.com").await;
    let endpoint = "https://updates.push.services.mozilla.com/wpush/v2/abc";

    let first = app.subscribe_push(&token, &subscription(endpoint)).await;
    let again =
        app.subscribe_push(&token, &json!({"endpoint": endpoint, "keys": {"p256dh": P256DH, "auth": AUTH}})).await;

    assert_eq!(again.status, StatusCode::CREATED, "expirationTime may be left out: {}", again.text);
    assert_eq!(first.body["id"], again.body["id"]);
}

#[tokio::test]
async fn registering_needs_a_token() {
    let app = TestApp::new();
    let reply = app.subscribe_push("not-a-token", &subscription("https://fcm.googleapis.com/fcm/send/abc")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn what_is_not_a_browser_subscription_is_refused_with_422_and_a_detail() {
    let app = TestApp::new();
    let token = app.new_user("bad-push@example.com").await;
    let short_auth = URL_SAFE_NO_PAD.encode([1u8; 8]);
    let cases = [
        subscription("http://fcm.googleapis.com/fcm/send/abc"),
        subscription("https://127.0.0.1:8000/admin"),
        subscription("https://localhost/x"),
        subscription(&format!("https://fcm.googleapis.com/{}", "a".repeat(2048))),
        json!({"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "BAAA", "auth": AUTH}}),
        json!({"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": P256DH, "auth": short_auth}}),
        json!({"endpoint": "https://fcm.googleapis.com/x"}),
        json!({"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": P256DH}}),
    ];
    for body in cases {
        let reply = app.subscribe_push(&token, &body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.text);
        assert!(!reply.detail().is_empty());
    }
}

#[tokio::test]
async fn another_users_device_cannot_be_removed() {
    let app = TestApp::new();
    let owner = app.new_user("owner@example.com").await;
    let stranger = app.new_user("stranger@example.com").await;
    let created = app.subscribe_push(&owner, &subscription("https://fcm.googleapis.com/fcm/send/mine")).await;
    let id = created.body["id"].as_str().unwrap();

    assert_eq!(app.unsubscribe_push(&stranger, id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.unsubscribe_push(&stranger, "not-an-id").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.unsubscribe_push(&owner, id).await.status, StatusCode::NO_CONTENT, "still there for its owner");
}

#[tokio::test]
async fn without_a_vapid_key_the_key_is_null_and_registering_answers_503() {
    let app = TestApp::without_browser_push();
    let token = app.new_user("nopush@example.com").await;

    let key = app.get("/alerts/push/key", None).await;
    let reply = app.subscribe_push(&token, &subscription("https://fcm.googleapis.com/fcm/send/abc")).await;

    assert_eq!(key.status, StatusCode::OK);
    assert!(key.body.get("public_key").is_some_and(Value::is_null), "{}", key.text);
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.detail().contains("not configured"), "{}", reply.text);
}
