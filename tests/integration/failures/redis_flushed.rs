//! Redis loses its data (a flush, a failover to an empty replica) between two deliveries of
//! one Stripe event: the claim is gone, and the database's unique event id still makes the
//! second delivery a no-op.

use crate::support::api_client::{random_ip, unique_email};
use crate::support::signed_events::checkout_completed;
use crate::two_instances::TwoInstances;

#[tokio::test]
async fn a_redelivery_after_redis_was_flushed_is_already_processed() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let token = cluster.a.api.with_client_ip(&random_ip()).new_user(&unique_email("flushed")).await;
    let event = checkout_completed(&cluster.a.api.user_id(&token).await);

    let first = cluster.a.api.webhook(&event.payload, &event.signature).await;
    let claim = format!("claim:stripe_event:{}", event.id);
    assert!(cluster.backing.redis_keys().await.contains(&claim), "the first delivery claimed the event");
    cluster.backing.flush_redis().await;
    assert!(cluster.backing.redis_keys().await.is_empty());
    let second = cluster.b.api.webhook(&event.payload, &event.signature).await;

    assert_eq!(first.body["status"], "processed", "{}", first.text);
    assert_eq!(second.body["status"], "already_processed", "{}", second.text);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM webhook_events WHERE id = $1")
        .bind(&event.id)
        .fetch_one(&mut cluster.backing.database().await)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}
