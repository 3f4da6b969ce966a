//! `/alerts/*` through the real routes: preferences (exact shape, defaults, validation that
//! changes nothing), Telegram linking with a valid, reused and expired code, a forged webhook
//! refused, `/stop`, and test alerts (to the development mailbox, rate-limited).

use chrono::Duration;
use poem::http::{Method, StatusCode};
use serde_json::{Value, json};
use signalbox::bootstrap::config::DEV_TELEGRAM_WEBHOOK_SECRET;

use crate::support::test_app::{Reply, TestApp};

fn preferences_input(email: bool, symbols: Value, quiet: Value) -> Value {
    json!({
        "channels": {"telegram": {"enabled": true}, "email": {"enabled": email}, "push": {"enabled": false}},
        "symbols": symbols,
        "events": {"call_opened": true, "call_closed": false, "session_summary": true},
        "quiet_hours": quiet,
    })
}

async fn put_preferences(app: &TestApp, token: &str, body: Value) -> Reply {
    app.send_json(Method::PUT, "/alerts/preferences", Some(token), None, body).await
}

async fn telegram_update(app: &TestApp, secret: Option<&str>, chat: i64, text: &str) -> Reply {
    let body =
        json!({"update_id": 1, "message": {"message_id": 1, "chat": {"id": chat, "type": "private"}, "text": text}});
    let mut req = app.client.post("/alerts/telegram/webhook").content_type("application/json").body(body.to_string());
    if let Some(secret) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    TestApp::read(req.send().await).await
}

async fn link_code(app: &TestApp, token: &str) -> String {
    let link = app.post("/alerts/telegram/link", token).await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.text);
    let url = link.body["url"].as_str().unwrap();
    assert!(url.starts_with("https://t.me/signalbox_dev_bot?start="), "{url}");
    assert!(link.body["expires_at"].is_string());
    url.rsplit('=').next().unwrap().to_owned()
}

async fn linked(app: &TestApp, token: &str) -> bool {
    app.get("/alerts/preferences", Some(token)).await.body["channels"]["telegram"]["linked"].as_bool().unwrap()
}

#[tokio::test]
async fn a_new_user_gets_the_documented_defaults_in_the_exact_shape() {
    let app = TestApp::new();
    let token = app.new_user("alerts-defaults@example.com").await;

    let prefs = app.get("/alerts/preferences", Some(&token)).await;

    assert_eq!(prefs.status, StatusCode::OK);
    assert_eq!(
        prefs.body,
        json!({
            "channels": {"telegram": {"linked": false, "enabled": true}, "email": {"enabled": false},
                         "push": {"devices": 0, "enabled": true}},
            "symbols": ["NIFTY", "BANKNIFTY"],
            "events": {"call_opened": true, "call_closed": true, "session_summary": true},
            "quiet_hours": null,
        })
    );
}

#[tokio::test]
async fn saved_preferences_come_back_and_bad_input_is_422_with_nothing_changed() {
    let app = TestApp::new();
    let token = app.new_user("alerts-save@example.com").await;
    let saved = put_preferences(
        &app,
        &token,
        preferences_input(true, json!(["BANKNIFTY"]), json!({"from": "22:00", "to": "07:00"})),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);

    let unknown = put_preferences(&app, &token, preferences_input(false, json!(["DOGE"]), Value::Null)).await;
    let bad_time = put_preferences(
        &app,
        &token,
        preferences_input(false, json!(["NIFTY"]), json!({"from": "25:00", "to": "07:00"})),
    )
    .await;

    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.detail().contains("DOGE"), "{}", unknown.text);
    assert_eq!(bad_time.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_time.detail().contains("HH:MM"), "{}", bad_time.text);
    let now = app.get("/alerts/preferences", Some(&token)).await.body;
    assert_eq!(now, saved.body, "nothing changed");
    assert_eq!(now["quiet_hours"], json!({"from": "22:00", "to": "07:00"}));
    assert_eq!(now["channels"]["email"]["enabled"], json!(true));
}

#[tokio::test]
async fn a_valid_code_links_the_chat_once_and_a_reused_one_links_nothing() {
    let app = TestApp::new();
    let token = app.new_user("alerts-link@example.com").await;
    let code = link_code(&app, &token).await;

    let first = telegram_update(&app, Some(DEV_TELEGRAM_WEBHOOK_SECRET), 4242, &format!("/start {code}")).await;
    let reused = telegram_update(&app, Some(DEV_TELEGRAM_WEBHOOK_SECRET), 5353, &format!("/start {code}")).await;

    assert_eq!(first.body["status"], "linked", "{}", first.text);
    assert_eq!(reused.status, StatusCode::OK, "Telegram must get a 2xx or it retries");
    assert_eq!(reused.body["status"], "link_refused");
    assert!(linked(&app, &token).await);
}

#[tokio::test]
async fn an_expired_code_links_nothing() {
    let app = TestApp::new();
    let token = app.new_user("alerts-expired@example.com").await;
    let code = link_code(&app, &token).await;
    app.clock.advance(Duration::minutes(15));

    let late = telegram_update(&app, Some(DEV_TELEGRAM_WEBHOOK_SECRET), 4242, &format!("/start {code}")).await;

    assert_eq!(late.body["status"], "link_refused");
    assert!(!linked(&app, &token).await);
}

#[tokio::test]
async fn a_forged_webhook_is_401_and_changes_nothing() {
    let app = TestApp::new();
    let token = app.new_user("alerts-forged@example.com").await;
    let code = link_code(&app, &token).await;

    let missing = telegram_update(&app, None, 4242, &format!("/start {code}")).await;
    let wrong = telegram_update(&app, Some("signalbox-dev-telegram-secreT"), 4242, &format!("/start {code}")).await;

    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body["detail"].is_string());
    assert!(!linked(&app, &token).await);
    let genuine = telegram_update(&app, Some(DEV_TELEGRAM_WEBHOOK_SECRET), 4242, &format!("/start {code}")).await;
    assert_eq!(genuine.body["status"], "linked", "the code was not spent by the forgeries");
}

#[tokio::test]
async fn stop_unlinks_the_chat() {
    let app = TestApp::new();
    let token = app.new_user("alerts-stop@example.com").await;
    let code = link_code(&app, &token).await;
    telegram_update(&app, Some(DEV_TELEGRAM_WEBHOOK_SECRET), 77, &format!("/start {code}")).await;

    let stop = telegram_update(&app, Some(DEV_TELEGRAM_WEBHOOK_SECRET), 77, "/stop").await;

    assert_eq!(stop.body["status"], "unlinked");
    assert!(!linked(&app, &token).await);
}

#[tokio::test]
async fn a_test_alert_reaches_the_mailbox_and_is_rate_limited() {
    let app = TestApp::new();
    let token = app.new_user("alerts-test@example.com").await;
    put_preferences(&app, &token, preferences_input(true, json!(["NIFTY"]), Value::Null)).await;
    let before = app.stores.outbox.sent().len();

    let sent = app.post("/alerts/test", &token).await;

    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert_eq!(sent.body, json!({"sent": ["email"], "failed": []}));
    let mail = app.stores.outbox.sent();
    assert_eq!(mail.len(), before + 1);
    assert!(mail.last().unwrap().mail.body.contains("Signalbox test alert"));
    for _ in 0..4 {
        assert_eq!(app.post("/alerts/test", &token).await.status, StatusCode::OK);
    }
    let limited = app.post("/alerts/test", &token).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.header("Retry-After").is_some());
}

#[tokio::test]
async fn alerts_operations_need_a_token() {
    let app = TestApp::new();
    for (method, path) in
        [(Method::GET, "/alerts/preferences"), (Method::POST, "/alerts/telegram/link"), (Method::POST, "/alerts/test")]
    {
        let reply = app.send_with_headers(method, path, &[]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}
