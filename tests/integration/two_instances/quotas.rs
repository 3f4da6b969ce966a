//! The free plan's 3 requests a day are counted once for the whole deployment, not per
//! instance: the count lives in Redis and is incremented atomically. The last answer of the day
//! is kept there too, so either instance serves it without spending a request.

use poem::http::StatusCode;
use tokio::task::JoinSet;

use super::TwoInstances;
use crate::support::api_client::{random_ip, unique_email};

#[tokio::test]
async fn a_free_user_alternating_between_instances_gets_exactly_three_signal_requests() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let email = unique_email("alternating");
    let ip = random_ip();
    assert_eq!(cluster.a.api.with_client_ip(&ip).signup(&email).await.status, StatusCode::CREATED);
    // Logged in on B with an account created on A: the token works everywhere.
    let token = cluster.b.api.with_client_ip(&ip).token(&email).await;

    let mut replies = Vec::new();
    for n in 0..5 {
        replies.push(cluster.nth(n).signals(&token).await);
    }

    let statuses: Vec<_> = replies.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::OK, StatusCode::OK, StatusCode::FORBIDDEN, StatusCode::FORBIDDEN]
    );
    // One counter: A, B, A count down 2, 1, 0 between them.
    let remaining: Vec<_> = replies[..3].iter().map(|r| r.body["remaining"].as_u64()).collect();
    assert_eq!(remaining, [Some(2), Some(1), Some(0)]);
    assert_eq!(replies[4].header("X-RateLimit-Remaining"), Some("0"));
}

#[tokio::test]
async fn thirty_parallel_requests_split_over_both_instances_let_exactly_three_through() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let token = cluster.a.api.with_client_ip(&random_ip()).new_user(&unique_email("parallel")).await;

    let mut requests = JoinSet::new();
    for n in 0..30 {
        let (api, token) = (cluster.nth(n).clone(), token.clone());
        requests.spawn(async move { api.signals(&token).await.status });
    }
    let statuses = requests.join_all().await;

    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::FORBIDDEN).count();
    assert_eq!((ok, refused), (3, 27), "{statuses:?}");
    let quota = cluster.b.api.quota(&token).await;
    assert_eq!(quota.body["remaining"], 0, "{}", quota.text);
}

#[tokio::test]
async fn the_last_answer_from_one_instance_is_read_free_on_the_other() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let token = cluster.a.api.with_client_ip(&random_ip()).new_user(&unique_email("last-answer")).await;
    let before = cluster.b.api.get("/signals/last", Some(&token)).await;

    let given = cluster.a.api.signals(&token).await;
    let last = cluster.b.api.get("/signals/last", Some(&token)).await;
    let quota = cluster.a.api.quota(&token).await;

    assert_eq!(before.status, StatusCode::NOT_FOUND, "{}", before.text);
    assert_eq!(last.status, StatusCode::OK, "{}", last.text);
    assert_eq!(last.body, given.body);
    assert_eq!(quota.body["remaining"], 2, "{}", quota.text);
}
