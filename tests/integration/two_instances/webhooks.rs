//! Stripe delivers an event at least once, and may send copies to different instances at
//! the same moment. Exactly one delivery applies it: the Redis claim turns the concurrent
//! copies away, and the database's unique event id is the final word.

use poem::http::StatusCode;
use tokio::task::JoinSet;

use super::TwoInstances;
use crate::support::api_client::{random_ip, unique_email};
use crate::support::signed_events::checkout_completed;

#[tokio::test]
async fn twenty_concurrent_deliveries_over_both_instances_apply_an_event_once() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let token = cluster.a.api.with_client_ip(&random_ip()).new_user(&unique_email("subscriber")).await;
    let user_id = cluster.a.api.user_id(&token).await;
    let event = checkout_completed(&user_id);

    let mut deliveries = JoinSet::new();
    for n in 0..20 {
        let (api, payload, signature) = (cluster.nth(n).clone(), event.payload.clone(), event.signature.clone());
        deliveries.spawn(async move { api.webhook(&payload, &signature).await });
    }
    let replies = deliveries.join_all().await;

    let processed = replies.iter().filter(|r| r.body["status"] == "processed").count();
    assert_eq!(processed, 1, "{:?}", replies.iter().map(|r| &r.text).collect::<Vec<_>>());
    for reply in &replies {
        // The others saw it done, or were told to retry (409) while it was being applied.
        let turned_away = reply.status == StatusCode::CONFLICT;
        assert!(turned_away || reply.status == StatusCode::OK, "{} {}", reply.status, reply.text);
        assert!(turned_away || reply.body["status"] != "ignored", "{}", reply.text);
    }
    // Stripe's retries of the turned-away copies find the event done, on either instance.
    for n in 0..2 {
        let retry = cluster.nth(n).webhook(&event.payload, &event.signature).await;
        assert_eq!(retry.body["status"], "already_processed", "{}", retry.text);
    }
    assert_eq!(cluster.b.api.billing_status(&token).await.body["plan"], "paid");

    let mut db = cluster.backing.database().await;
    let rows: Vec<(String,)> = sqlx::query_as("SELECT status FROM webhook_events WHERE id = $1")
        .bind(&event.id)
        .fetch_all(&mut db)
        .await
        .unwrap();
    assert_eq!(rows, [("processed".to_owned(),)], "one row for the event");
    let (status,): (String,) = sqlx::query_as(
        "SELECT s.status FROM subscriptions s JOIN users u ON u.stripe_customer_id = s.customer_id WHERE u.id = $1",
    )
    .bind(&user_id)
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(status, "active");
}
