//! `GET /signals/last`: the last `/signals` body of the day again, never spending a request.

use chrono::{DateTime, Duration, TimeZone, Utc};
use poem::http::StatusCode;
use serde_json::Value;

use crate::support::test_app::TestApp;

/// Wednesday 25 Nov 2026, 10:07 IST: mid-session.
fn mid_session() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 37, 0).unwrap()
}

/// The body without the fields that follow the quota rather than the answer.
fn answer(body: &Value) -> Value {
    let mut body = body.clone();
    body.as_object_mut().unwrap().remove("remaining");
    body
}

#[tokio::test]
async fn before_any_signals_today_last_is_a_404_with_a_detail() {
    let app = TestApp::new();
    let token = app.new_user("last-none@example.com").await;

    let reply = app.get("/signals/last", Some(&token)).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    assert!(reply.detail().contains("GET /signals"), "{}", reply.text);
    assert_eq!(app.get("/signals/quota", Some(&token)).await.body["remaining"], 3);
}

#[tokio::test]
async fn last_returns_the_body_signals_gave_and_never_changes_remaining() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("last-free@example.com").await;
    let given = app.signals(&token).await;
    assert_eq!(given.body["remaining"], 2, "{}", given.text);

    let mut replies = Vec::new();
    for _ in 0..5 {
        replies.push(app.get("/signals/last", Some(&token)).await);
    }
    let quota = app.get("/signals/quota", Some(&token)).await;

    for reply in &replies {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.body, given.body, "the same body, remaining included");
    }
    assert_eq!(quota.body["remaining"], 2, "reading the last answer spends nothing");
}

#[tokio::test]
async fn last_is_the_latest_answer_with_the_remaining_of_now() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("last-latest@example.com").await;
    app.signals(&token).await;
    app.clock.advance(Duration::minutes(5));
    let second = app.signals(&token).await;
    app.clock.advance(Duration::minutes(5));

    let last = app.get("/signals/last", Some(&token)).await;

    assert_eq!(last.status, StatusCode::OK, "{}", last.text);
    assert_eq!(answer(&last.body), answer(&second.body), "the second answer, not a fresh candle");
    assert_eq!(last.body["remaining"], 1);
    assert_eq!(last.body["market"]["as_of"], second.body["market"]["as_of"]);
}

#[tokio::test]
async fn the_last_answer_is_forgotten_on_the_next_ist_day() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("last-tomorrow@example.com").await;
    app.signals(&token).await;

    // 00:01 IST on Thursday 26 Nov: a new quota day.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 18, 31, 0).unwrap());
    let token = app.new_token("last-tomorrow@example.com").await;
    let reply = app.get("/signals/last", Some(&token)).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
}

#[tokio::test]
async fn a_paid_user_gets_their_last_answer_too() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("last-paid@example.com").await;
    app.subscribe(&token).await;
    let given = app.signals(&token).await;

    let last = app.get("/signals/last", Some(&token)).await;

    assert_eq!(last.status, StatusCode::OK, "{}", last.text);
    assert_eq!(last.body, given.body);
    assert!(last.body["remaining"].is_null());
}

#[tokio::test]
async fn a_refused_request_leaves_the_last_answer_as_it_was() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("last-refused@example.com").await;
    for _ in 0..3 {
        app.signals(&token).await;
    }
    let third = app.get("/signals/last", Some(&token)).await;
    app.clock.advance(Duration::minutes(5));

    let refused = app.signals(&token).await;
    let last = app.get("/signals/last", Some(&token)).await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(last.body, third.body);
    assert_eq!(last.body["remaining"], 0);
}

#[tokio::test]
async fn last_needs_a_token() {
    let app = TestApp::new();

    let reply = app.get("/signals/last", None).await;

    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text);
    assert!(reply.body["detail"].is_string());
}
