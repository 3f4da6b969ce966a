//! Unauthenticated endpoints count a client network's attempt before any parsing, strength
//! check or hashing: a refused request costs a counter increment and changes nothing. Each
//! test counts the work a refused request would have caused (hashes and verifications,
//! account lookups, mails) and sends it input that parsing or the strength check would have
//! answered differently (`400`/`422`), so an endpoint that did that work first fails.
//!
//! `POST /billing/webhook` is the documented exception: Stripe sends every event from a few
//! addresses, in bursts, and a refused delivery is retried for up to three days, so a
//! per-network limit would delay paying customers' access; a forged request instead costs
//! a bounded amount (one HMAC per configured secret, see `stripe_webhook::signature`).

use std::sync::Arc;

use poem::http::StatusCode;
use serde_json::json;

use crate::support::counting_hasher::CountingHasher;
use crate::support::observed_users::ObservedUsers;
use crate::support::test_app::{PASSWORD, TestApp, stripe_event};

const LIMIT: &str = "2";

fn counted() -> (TestApp, Arc<CountingHasher>) {
    let hasher = Arc::new(CountingHasher::new());
    (TestApp::with_hasher_and(hasher.clone(), &[("auth_rate_limit_per_minute", LIMIT)]), hasher)
}

/// Reset confirmations were unlimited: each costs a strength check and a hash. Now they are
/// counted per client network before anything is parsed, and a refused one changes nothing.
#[tokio::test]
async fn reset_confirmations_are_limited_per_network_before_any_work() {
    let app = TestApp::with(&[("auth_rate_limit_per_minute", LIMIT)]);
    let (_, _) = app.new_session("reset-flood@example.com").await;
    for _ in 0..2 {
        let spent = app.confirm_password_reset(&"0".repeat(64), "another-horse-battery-staple").await;
        assert_eq!(spent.status, StatusCode::BAD_REQUEST, "{}", spent.text);
    }
    // Asked for by mail only now: the request endpoint has its own bucket.
    assert_eq!(app.request_password_reset("reset-flood@example.com").await.status, StatusCode::ACCEPTED);
    let genuine = app.reset_token_mailed_to("reset-flood@example.com").await;

    let refused = app.confirm_password_reset(&genuine, "another-horse-battery-staple").await;

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    assert!(refused.header("retry-after").is_some());
    assert_eq!(
        app.login("reset-flood@example.com", PASSWORD).await.status,
        StatusCode::OK,
        "the password is unchanged"
    );
}

#[tokio::test]
async fn a_refused_sign_up_hashes_nothing_and_is_refused_before_its_body_is_read() {
    let (app, hasher) = counted();
    for n in 0..2 {
        assert_eq!(app.signup(&format!("first-{n}@example.com"), PASSWORD).await.status, StatusCode::CREATED);
    }
    let hashed = hasher.calls();

    let weak = app.signup("weak@example.com", "password").await;
    let garbage = app.post_raw("/auth/signup", "{not json").await;

    for refused in [&weak, &garbage] {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    }
    assert_eq!(hasher.calls(), hashed, "a refused sign-up hashed a password");
}

#[tokio::test]
async fn a_refused_login_verifies_nothing_and_is_refused_before_its_body_is_read() {
    let (app, hasher) = counted();
    app.new_user("owner@example.com").await; // one login of the two
    assert_eq!(app.login("owner@example.com", PASSWORD).await.status, StatusCode::OK);
    let verified = hasher.calls();

    let right = app.login("owner@example.com", PASSWORD).await;
    let garbage = app.post_raw("/auth/login", "{not json").await;

    for refused in [&right, &garbage] {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    }
    assert_eq!(hasher.calls(), verified, "a refused login verified a password");
}

#[tokio::test]
async fn a_refused_reset_confirmation_hashes_nothing_and_checks_no_strength() {
    let (app, hasher) = counted();
    for _ in 0..2 {
        let spent = app.confirm_password_reset(&"0".repeat(64), "another-horse-battery-staple").await;
        assert_eq!(spent.status, StatusCode::BAD_REQUEST, "{}", spent.text);
    }
    let hashed = hasher.calls();

    // A weak password would be 422 from the strength check, a short token 400 from parsing.
    let weak = app.confirm_password_reset(&"0".repeat(64), "password").await;
    let malformed = app.confirm_password_reset("short", "another-horse-battery-staple").await;

    for refused in [&weak, &malformed] {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    }
    assert_eq!(hasher.calls(), hashed, "a refused confirmation hashed a password");
}

#[tokio::test]
async fn a_refused_reset_request_looks_up_no_account_and_sends_no_mail() {
    let mut observed = None;
    let app = TestApp::with_users(|accounts| {
        let users = Arc::new(ObservedUsers::new(accounts));
        observed = Some(users.clone());
        users
    });
    let users = observed.unwrap();
    app.new_user("asker@example.com").await;
    // The default limit: ten a minute from one network, each for its own address.
    for n in 0..10 {
        let asked = app.request_password_reset(&format!("someone-{n}@example.com")).await;
        assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text);
    }
    app.app.accounts.reset_mails_idle().await;
    let looked_up = users.email_lookups_done();

    let refused = app.request_password_reset("asker@example.com").await;
    let malformed = app.request_password_reset("not an address").await;
    app.app.accounts.reset_mails_idle().await;

    for refused in [&refused, &malformed] {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    }
    assert_eq!(users.email_lookups_done(), looked_up, "a refused request looked an account up");
    assert_eq!(app.mails_to("asker@example.com").await, 0);
}

/// Stripe's bursts come from a handful of addresses: far past the per-network limit of the
/// account endpoints, every delivery is still applied.
#[tokio::test]
async fn webhook_deliveries_from_one_network_are_never_refused_for_their_number() {
    let app = TestApp::with(&[("auth_rate_limit_per_minute", LIMIT)]);
    let created = app.clock_now().timestamp();

    let mut statuses = Vec::new();
    for n in 0..30 {
        let event = stripe_event("plan.created", |e| {
            e["id"] = json!(format!("evt_burst_{n}"));
            e["created"] = json!(created);
        });
        let reply = app.deliver(&event).await;
        statuses.push((reply.status, reply.body["status"].clone()));
    }
    let forged = app.webhook(br#"{"id":"evt_forged"}"#, Some("t=1,v1=00")).await;

    assert!(statuses.iter().all(|(status, _)| *status == StatusCode::OK), "{statuses:?}");
    assert!(statuses.iter().all(|(_, outcome)| outcome == "ignored"), "{statuses:?}");
    assert_eq!(forged.status, StatusCode::BAD_REQUEST, "{}", forged.text);
}
