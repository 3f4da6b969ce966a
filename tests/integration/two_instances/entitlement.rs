//! Each instance keeps users' plans in process; a billing change applied on one instance
//! must reach the other's cache at once (the billing-change bus on Redis pub/sub), not when
//! its TTL backstop runs out. Each test first makes instance B cache the old plan, applies
//! the change through instance A, and gives B one second to answer with the new plan.

use std::time::{Duration, Instant};

use poem::http::StatusCode;

use super::TwoInstances;
use crate::support::api_client::{ApiClient, random_ip, unique_email};
use crate::support::signed_events::{checkout_completed, subscription_deleted};

/// How long the other instance may keep answering with the old plan.
const STALENESS_BOUND: Duration = Duration::from_secs(1);

/// Asks `api` whether the user is paid (`/auth/me`, which reads the cached plan) until the
/// answer is `paid`; how long that took, or `None` if it was not within the staleness bound.
async fn plan_within_bound(api: &ApiClient, token: &str, paid: bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() <= STALENESS_BOUND {
        let me = api.me(token).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text);
        if me.body["is_paid"] == paid {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

#[tokio::test]
async fn a_payment_applied_on_one_instance_makes_the_other_answer_paid_within_a_second() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let token = cluster.a.api.with_client_ip(&random_ip()).new_user(&unique_email("upgrader")).await;
    let user_id = cluster.a.api.user_id(&token).await;
    // B caches the free plan (the cache's TTL backstop is far longer than the bound).
    for _ in 0..3 {
        assert_eq!(cluster.b.api.me(&token).await.body["is_paid"], false);
    }

    let paid = checkout_completed(&user_id);
    let reply = cluster.a.api.webhook(&paid.payload, &paid.signature).await;
    assert_eq!(reply.body["status"], "processed", "{}", reply.text);

    let took = plan_within_bound(&cluster.b.api, &token, true).await;
    assert!(took.is_some(), "instance B still answered free {STALENESS_BOUND:?} after the payment");
    assert_eq!(cluster.b.api.signals(&token).await.body["user_limit"], "unlimited");
}

#[tokio::test]
async fn an_account_deleted_on_one_instance_is_gone_on_the_other_within_a_second() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let token = cluster.a.api.with_client_ip(&random_ip()).new_user(&unique_email("deleter")).await;
    // B caches the profile and plan.
    for _ in 0..3 {
        assert_eq!(cluster.b.api.me(&token).await.status, StatusCode::OK);
    }

    let deleted = cluster.a.api.delete_account(&token).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);

    let start = Instant::now();
    let mut last = cluster.b.api.me(&token).await;
    while last.status == StatusCode::OK && start.elapsed() <= STALENESS_BOUND {
        tokio::time::sleep(Duration::from_millis(20)).await;
        last = cluster.b.api.me(&token).await;
    }
    assert_eq!(last.status, StatusCode::UNAUTHORIZED, "B still served the deleted account: {}", last.text);
}

#[tokio::test]
async fn a_cancellation_applied_on_one_instance_takes_effect_on_the_other_within_a_second() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let token = cluster.a.api.with_client_ip(&random_ip()).new_user(&unique_email("leaver")).await;
    let user_id = cluster.a.api.user_id(&token).await;
    let paid = checkout_completed(&user_id);
    assert_eq!(cluster.a.api.webhook(&paid.payload, &paid.signature).await.body["status"], "processed");
    assert!(plan_within_bound(&cluster.b.api, &token, true).await.is_some());
    assert_eq!(cluster.b.api.signals(&token).await.body["user_limit"], "unlimited", "B caches paid");

    let deleted = subscription_deleted(&paid);
    let reply = cluster.a.api.webhook(&deleted.payload, &deleted.signature).await;
    assert_eq!(reply.body["status"], "processed", "{}", reply.text);

    let took = plan_within_bound(&cluster.b.api, &token, false).await;
    assert!(took.is_some(), "instance B still answered paid {STALENESS_BOUND:?} after the cancellation");
    let signals = cluster.b.api.signals(&token).await;
    assert_eq!(signals.body["user_limit"], "3/day (upgrade for unlimited)", "{}", signals.text);
}
