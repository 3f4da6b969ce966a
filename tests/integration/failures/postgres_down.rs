//! The application while PostgreSQL is away, and after it comes back (no restart between).
//!
//! Decided behaviour: everything that needs the database answers 503 with the usual JSON
//! `detail` (never a 500, never a hang), nothing is half-written, and the pool reconnects by
//! itself.

use poem::http::StatusCode;

use super::running_app::{Service, ServiceBehindProxy, assert_unavailable};
use crate::support::api_client::unique_email;
use crate::support::signed_events::checkout_completed;

#[tokio::test]
async fn readiness_reports_the_database_unavailable_while_postgres_is_away_and_ready_once_it_is_back() {
    let Some(env) = ServiceBehindProxy::start(Service::Postgres).await else { return };

    env.proxy.go_down();
    let away = env.app.api.ready().await;
    env.proxy.come_back();
    let back = env.app.api.ready().await;

    assert_eq!(away.status, StatusCode::SERVICE_UNAVAILABLE, "{}", away.text);
    assert_eq!(away.body["checks"]["database"], "unavailable");
    assert_eq!(away.body["checks"]["redis"], "ok");
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
}

#[tokio::test]
async fn every_request_that_needs_the_database_gets_a_json_503_while_postgres_is_away() {
    let Some(env) = ServiceBehindProxy::start(Service::Postgres).await else { return };
    let api = env.api();
    let email = unique_email("member");
    let token = api.new_user(&email).await;
    let event = checkout_completed(&api.user_id(&token).await);

    env.proxy.go_down();
    let replies = [
        ("login", api.login(&email).await),
        ("signup", api.signup(&unique_email("newcomer")).await),
        ("billing status", api.billing_status(&token).await),
        ("webhook", api.webhook(&event.payload, &event.signature).await),
    ];
    // The plan and profile were cached by the `/auth/me` above and the quota lives in Redis:
    // nothing here needs the database.
    let me = api.me(&token).await;
    let signals = api.signals(&token).await;
    env.proxy.come_back();

    for (what, reply) in &replies {
        assert_unavailable(reply, what);
    }
    assert_eq!(me.status, StatusCode::OK, "a cached profile needs no database: {}", me.text);
    assert_eq!(signals.status, StatusCode::OK, "a cached plan needs no database: {}", signals.text);
    assert_eq!(signals.body["remaining"], 2);
    assert_eq!(api.billing_status(&token).await.status, StatusCode::OK, "reconnected without a restart");
}

#[tokio::test]
async fn a_signup_and_a_webhook_refused_while_postgres_was_away_left_nothing_behind() {
    let Some(env) = ServiceBehindProxy::start(Service::Postgres).await else { return };
    let api = env.api();
    let token = api.new_user(&unique_email("subscriber")).await;
    let event = checkout_completed(&api.user_id(&token).await);
    let newcomer = unique_email("newcomer");

    env.proxy.go_down();
    assert_unavailable(&api.signup(&newcomer).await, "signup");
    assert_unavailable(&api.webhook(&event.payload, &event.signature).await, "webhook");
    env.proxy.come_back();

    assert_eq!(api.signup(&newcomer).await.status, StatusCode::CREATED, "no account was half-created");
    // Stripe's retry is applied: the failed attempt recorded nothing and released its claim.
    let retry = api.webhook(&event.payload, &event.signature).await;
    assert_eq!(retry.body["status"], "processed", "{}", retry.text);
    assert_eq!(api.billing_status(&token).await.body["plan"], "paid");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM webhook_events WHERE id = $1")
        .bind(&event.id)
        .fetch_one(&mut env.backing.database().await)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}
