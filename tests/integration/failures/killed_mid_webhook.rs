//! A real server process killed between claiming a webhook event and committing it — a crash,
//! a deploy, an OOM kill — must not leave the event stuck: the claim is only a lease, so the
//! next delivery after it runs out is processed (before, the 24-hour claim answered every
//! retry with 409 for a day).
//!
//! The kill lands deterministically mid-way: PostgreSQL sits behind a proxy that the test
//! stalls, so the server claims the event in Redis and then hangs inside its transaction.

use std::time::Duration;

use poem::http::StatusCode;
use serde_json::Value;

use crate::failures::running_app::proxied;
use crate::support::api_client::unique_email;
use crate::support::backing::Backing;
use crate::support::signed_events::checkout_completed;
use crate::two_instances::server::ServerProcess;

/// Short, so the test waits seconds, not the production minute.
const LEASE_SECONDS: u64 = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_whose_server_died_before_committing_is_processed_by_the_next_delivery() {
    let Some(backing) = Backing::fresh().await else { return };
    let (proxy, database_url) = proxied(&backing.database_url).await;
    let lease = ("WEBHOOK_CLAIM_LEASE_SECONDS", LEASE_SECONDS.to_string());
    let mut doomed =
        ServerProcess::start_with("doomed", &backing, &[("DATABASE_URL", database_url), lease.clone()]).await;
    let token = doomed.api.new_user(&unique_email("crash")).await;
    let user_id = doomed.api.user_id(&token).await;
    let event = checkout_completed(&user_id);

    proxy.stall();
    let in_flight = {
        let api = doomed.api.clone();
        let (payload, signature) = (event.payload.clone(), event.signature.clone());
        tokio::spawn(async move { api.webhook(&payload, &signature).await })
    };
    wait_for_claim(&backing, &event.id).await;
    doomed.kill();
    proxy.cut(); // the dead server's connections close, so PostgreSQL rolls its transaction back
    proxy.resume();
    let _ = in_flight.await;

    let survivor = ServerProcess::start_with("survivor", &backing, &[lease]).await;
    let mut answers = Vec::new();
    let processed = loop {
        let reply = survivor.api.webhook(&event.payload, &event.signature).await;
        answers.push(reply.status);
        if reply.status == StatusCode::OK {
            break reply;
        }
        assert_eq!(reply.status, StatusCode::CONFLICT, "only 409 while the lease lasts: {}", reply.text);
        assert!(answers.len() < 40, "still not processed after 10 s: {answers:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };

    assert_eq!(processed.body["status"], "processed", "{}", processed.text);
    let status = survivor.api.billing_status(&token).await;
    assert_eq!(status.body["is_paid"], Value::Bool(true), "{}", status.text);
}

/// Polls Redis until a claim for `event_id` exists (the server has claimed and gone on into its
/// stalled transaction).
async fn wait_for_claim(backing: &Backing, event_id: &str) {
    for _ in 0..200 {
        if backing.redis_keys().await.iter().any(|key| key.contains(event_id)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the server never claimed {event_id}");
}
