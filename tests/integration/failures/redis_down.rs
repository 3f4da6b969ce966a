//! The application while Redis is away, and after it comes back (no restart in between).
//!
//! Decided behaviour: readiness says so; what Redis *guards* fails closed (free quotas, login
//! and signup limits: 503, nothing counted); what Redis only *speeds up* carries on (paid
//! users' signals are computed uncached, webhooks are deduplicated by the database).

use std::time::Instant;

use poem::http::StatusCode;

use super::running_app::{Service, ServiceBehindProxy, assert_unavailable};
use crate::support::api_client::unique_email;
use crate::support::signed_events::checkout_completed;

#[tokio::test]
async fn readiness_reports_redis_unavailable_while_it_is_away_and_ready_once_it_is_back() {
    let Some(env) = ServiceBehindProxy::start(Service::Redis).await else { return };

    env.proxy.go_down();
    let away = env.app.api.ready().await;
    env.proxy.come_back();
    let back = env.app.api.ready().await;

    assert_eq!(away.status, StatusCode::SERVICE_UNAVAILABLE, "{}", away.text);
    assert_eq!(away.body["status"], "unavailable");
    assert_eq!(away.body["checks"]["redis"], "unavailable");
    assert_eq!(away.body["checks"]["database"], "ok");
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
}

#[tokio::test]
async fn an_instance_starts_while_redis_is_unreachable_and_becomes_ready_when_it_answers() {
    let Some(env) = ServiceBehindProxy::start_while_down(Service::Redis).await else { return };

    assert_eq!(env.app.api.ready().await.body["checks"]["redis"], "unavailable");
    env.proxy.come_back();
    assert_eq!(env.app.api.ready().await.status, StatusCode::OK);
}

#[tokio::test]
async fn free_signal_requests_get_503_while_redis_is_away_and_none_of_them_is_counted() {
    let Some(env) = ServiceBehindProxy::start(Service::Redis).await else { return };
    let api = env.api();
    let token = api.new_user(&unique_email("free")).await;
    assert_eq!(api.signals(&token).await.body["remaining"], 2);

    env.proxy.go_down();
    let refused = [api.signals(&token).await, api.signals(&token).await];
    let me = api.me(&token).await;
    env.proxy.come_back();
    let after = api.signals(&token).await;

    for reply in &refused {
        assert_unavailable(reply, "free /signals");
        assert!(reply.detail().contains("quota"), "the detail says what is down: {}", reply.text);
    }
    assert_eq!(me.status, StatusCode::OK, "what does not need Redis keeps working: {}", me.text);
    assert_eq!(after.status, StatusCode::OK, "{}", after.text);
    assert_eq!(after.body["remaining"], 1, "the refused requests used none of the quota");
}

#[tokio::test]
async fn a_free_user_already_refused_today_is_refused_without_the_counter_while_redis_is_away() {
    let Some(env) = ServiceBehindProxy::start(Service::Redis).await else { return };
    let api = env.api();
    let token = api.new_user(&unique_email("spent")).await;
    for _ in 0..3 {
        assert_eq!(api.signals(&token).await.status, StatusCode::OK);
    }
    assert_eq!(api.signals(&token).await.status, StatusCode::FORBIDDEN, "the fourth is refused");

    env.proxy.go_down();
    let again = api.signals(&token).await;
    env.proxy.come_back();

    // Counts only grow within a day, so this instance remembers the refusal: the answer is
    // the quota's 403, not the counter outage's 503.
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.text);
    assert_eq!(again.header("X-RateLimit-Remaining"), Some("0"));
    assert!(again.detail().contains("limit"), "{}", again.text);
}

#[tokio::test]
async fn logins_and_signups_fail_closed_while_redis_is_away() {
    let Some(env) = ServiceBehindProxy::start(Service::Redis).await else { return };
    let api = env.api();
    let existing = unique_email("existing");
    api.new_user(&existing).await;
    let newcomer = unique_email("newcomer");

    env.proxy.go_down();
    let login = api.login(&existing).await;
    let signup = api.signup(&newcomer).await;
    env.proxy.come_back();

    assert_unavailable(&login, "login");
    assert_unavailable(&signup, "signup");
    assert_eq!(api.login(&existing).await.status, StatusCode::OK);
    assert_eq!(api.signup(&newcomer).await.status, StatusCode::CREATED, "the refused signup created nothing");
}

#[tokio::test]
async fn paid_users_keep_getting_signals_while_redis_is_away() {
    let Some(env) = ServiceBehindProxy::start(Service::Redis).await else { return };
    let api = env.api();
    let token = api.new_user(&unique_email("paid")).await;
    let event = checkout_completed(&api.user_id(&token).await);
    assert_eq!(api.webhook(&event.payload, &event.signature).await.body["status"], "processed");

    env.proxy.go_down();
    let started = Instant::now();
    let signals = api.signals(&token).await;
    let took = started.elapsed();
    env.proxy.come_back();

    assert_eq!(signals.status, StatusCode::OK, "{}", signals.text);
    assert_eq!(signals.body["user_limit"], "unlimited");
    assert_eq!(signals.body["signals"].as_array().map(Vec::len), Some(2));
    eprintln!("paid /signals with Redis away took {took:?}");
}

#[tokio::test]
async fn webhooks_are_applied_exactly_once_by_the_database_while_redis_is_away() {
    let Some(env) = ServiceBehindProxy::start(Service::Redis).await else { return };
    let api = env.api();
    let token = api.new_user(&unique_email("subscriber")).await;
    let event = checkout_completed(&api.user_id(&token).await);

    env.proxy.go_down();
    let first = api.webhook(&event.payload, &event.signature).await;
    let second = api.webhook(&event.payload, &event.signature).await;
    env.proxy.come_back();
    let after = api.webhook(&event.payload, &event.signature).await;

    assert_eq!(first.body["status"], "processed", "{}", first.text);
    assert_eq!(second.body["status"], "already_processed", "{}", second.text);
    assert_eq!(after.body["status"], "already_processed", "{}", after.text);
    assert_eq!(api.billing_status(&token).await.body["plan"], "paid");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM webhook_events WHERE id = $1")
        .bind(&event.id)
        .fetch_one(&mut env.backing.database().await)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}
