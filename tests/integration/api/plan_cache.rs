//! The per-user caches seen from the API: a user's plan is read from the billing store once
//! per change, `/auth/me` reads nothing at all once the plan and profile are cached, and every
//! billing change (a webhook, the end of paid access) or account deletion is seen on the very
//! next request.

use chrono::Duration;
use poem::http::StatusCode;
use serde_json::json;

use crate::support::observed_users::ObservedUsers;
use crate::support::test_app::{TestApp, stripe_event};

/// Signs up and completes checkout through the shared `checkout.session.completed` payload.
async fn paid_user(app: &TestApp) -> String {
    let token = app.new_user("cached@example.com").await;
    let user_id = app.user_id(&token).await;
    assert_eq!(app.deliver(&app.checkout_payload(&user_id)).await.body["status"], "processed");
    token
}

#[tokio::test]
async fn auth_me_reads_the_billing_state_once_and_then_only_the_user() {
    let (app, billing) = TestApp::with_faulty_billing();
    let token = app.new_user("me@example.com").await;
    let before = billing.state_reads();

    for _ in 0..5 {
        let me = app.me(&token).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text);
        assert_eq!(me.body["is_paid"], false);
    }

    assert_eq!(billing.state_reads() - before, 1);
}

#[tokio::test]
async fn auth_me_reads_the_user_once_and_then_nothing() {
    let mut observed = None;
    let app = TestApp::with_users(|accounts| {
        let users = std::sync::Arc::new(ObservedUsers::new(accounts));
        observed = Some(users.clone());
        users
    });
    let users = observed.unwrap();
    let token = app.new_user("profile@example.com").await;
    let first = app.me(&token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let before = users.reads_by_id();

    for _ in 0..5 {
        let me = app.me(&token).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text);
        assert_eq!(me.body, first.body, "the cached profile is the same answer");
    }

    assert_eq!(users.reads_by_id() - before, 0);
}

#[tokio::test]
async fn a_deleted_account_is_not_served_from_the_profile_cache() {
    let app = TestApp::new();
    let token = app.new_user("leaving@example.com").await;
    assert_eq!(app.me(&token).await.status, StatusCode::OK, "the profile is cached");

    let deleted = app.delete_account(&token, crate::support::test_app::PASSWORD).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);

    // The access token is still unexpired; the account behind it is gone.
    let me = app.me(&token).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "{}", me.text);
}

#[tokio::test]
async fn a_paid_users_signals_read_the_plan_once_until_a_webhook_changes_it() {
    let (app, billing) = TestApp::with_faulty_billing();
    let token = paid_user(&app).await;
    let before = billing.state_reads();

    for _ in 0..5 {
        assert_eq!(app.signals(&token).await.body["user_limit"], "unlimited");
    }
    assert_eq!(billing.state_reads() - before, 1, "one read for five requests");

    let deleted = stripe_event("customer.subscription.deleted", |e| {
        e["created"] = json!(app.clock_now().timestamp() + 60);
    });
    assert_eq!(app.deliver(&deleted).await.body["status"], "processed");

    assert_eq!(app.signals(&token).await.body["user_limit"], "3/day (upgrade for unlimited)");
    assert_eq!(billing.state_reads() - before, 2, "the change was read once");
}

#[tokio::test]
async fn a_cached_paid_plan_ends_when_paid_access_ends_with_no_event() {
    let app = TestApp::with(&[("ENTITLEMENT_CACHE_SECONDS", "86400000")]);
    let token = paid_user(&app).await;
    assert_eq!(app.me(&token).await.body["is_paid"], true);
    let status = app.billing_status(&token).await;
    let paid_through: chrono::DateTime<chrono::Utc> =
        status.body["current_period_end"].as_str().unwrap().parse().unwrap();

    // Past the paid period and the grace after it; the cache would keep the plan far longer.
    app.clock.advance(paid_through - app.clock_now() + Duration::hours(72) + Duration::seconds(1));

    let token = app.new_token("cached@example.com").await;

    assert_eq!(app.me(&token).await.body["is_paid"], false);
}
