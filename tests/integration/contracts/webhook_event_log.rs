//! The operators' side of the `BillingStore` event log, run against the in-memory fake,
//! SQLite and PostgreSQL: failed events are kept with their error, are NOT processed (the next
//! delivery takes them over), and can be listed and fetched.

use std::sync::Arc;

use chrono::Duration;
use chrono::{DateTime, Utc};
use signalbox::domain::{StripeEventId, Transition, UserId};
use signalbox::ports::{EventToApply, RecordOutcome, WebhookEventRecord, WebhookEventStatus};
use tokio::task::JoinSet;

use super::billing_store::{Accounts, customer, event, one_more_day, subscription, t0, user};

/// Records `record` as a paid day of a subscription of `user` (or, without one, as an event
/// that concerns no subscription).
async fn record(store: &dyn Accounts, record: &WebhookEventRecord, user: Option<UserId>) -> RecordOutcome {
    let Some(user) = user else {
        let ignored = EventToApply {
            record,
            subscription: None,
            customer: None,
            link_user: None,
            decide: &|_| Transition::Ignored,
        };
        return store.record_event(ignored).await.unwrap();
    };
    let (cus, sub) = (customer("log"), subscription("log"));
    let cus = store.find_by_id(user).await.unwrap().and_then(|u| u.stripe_customer_id).unwrap_or(cus);
    let sub = store.billing_state(user).await.unwrap().subscriptions.first().map(|s| s.id.clone()).unwrap_or(sub);
    let decide = |c: Option<&signalbox::domain::Subscription>| one_more_day(&sub, &cus, c);
    let to_apply =
        EventToApply { record, subscription: Some(&sub), customer: Some(&cus), link_user: Some(user), decide: &decide };
    store.record_event(to_apply).await.unwrap()
}

async fn paid_through(store: &dyn Accounts, user: UserId) -> Option<DateTime<Utc>> {
    store.billing_state(user).await.unwrap().subscriptions.first().and_then(|s| s.paid_through)
}

fn id(raw: &str) -> StripeEventId {
    StripeEventId::parse(raw).unwrap()
}

/// An event received `seconds` after `t0`.
fn received_at(raw: &str, seconds: i64) -> WebhookEventRecord {
    WebhookEventRecord { received_at: t0() + Duration::seconds(seconds), ..event(raw) }
}

pub async fn a_failure_is_logged_with_its_error_and_does_not_count_as_processed(store: Arc<dyn Accounts>) {
    let failed = event("evt_failed");

    store.record_failure(&failed, "storage backend unavailable: pool timed out").await.unwrap();

    assert!(!store.is_recorded(&failed.id).await.unwrap(), "a failure is not processing");
    let stored = store.find_event(&failed.id).await.unwrap().expect("logged");
    assert_eq!(stored.status, WebhookEventStatus::Failed);
    assert_eq!(stored.error.as_deref(), Some("storage backend unavailable: pool timed out"));
    assert_eq!(stored.record.payload, failed.payload);
    assert_eq!(stored.record.event_type, failed.event_type);
    assert_eq!((stored.record.created, stored.record.received_at), (failed.created, failed.received_at));
}

pub async fn the_next_delivery_of_a_failed_event_applies_it_once(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let failed = event("evt_retried");
    store.record_failure(&failed, "boom").await.unwrap();
    let retry = WebhookEventRecord { received_at: failed.received_at + Duration::hours(1), ..failed.clone() };

    let applied = record(&*store, &retry, Some(user.id)).await;
    let again = record(&*store, &retry, Some(user.id)).await;

    assert!(matches!(applied, RecordOutcome::Recorded { transition: Transition::Apply(_), .. }), "{applied:?}");
    assert_eq!(again, RecordOutcome::AlreadyProcessed);
    assert_eq!(paid_through(&*store, user.id).await, Some(t0() + Duration::days(1)));
    assert!(store.is_recorded(&failed.id).await.unwrap());
    let stored = store.find_event(&failed.id).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.error), (WebhookEventStatus::Processed, None));
    assert_eq!(stored.record.received_at, failed.received_at, "the first receipt is kept");
}

pub async fn twenty_concurrent_deliveries_of_a_failed_event_apply_it_once(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let cus = customer("burst");
    store.link_customer(user.id, &cus).await.unwrap();
    store.record_failure(&event("evt_failed_burst"), "boom").await.unwrap();
    let mut deliveries = JoinSet::new();
    for _ in 0..20 {
        let store = store.clone();
        deliveries.spawn(async move { record(&*store, &event("evt_failed_burst"), Some(user.id)).await });
    }

    let outcomes = deliveries.join_all().await;

    let recorded = outcomes.iter().filter(|o| matches!(o, RecordOutcome::Recorded { .. })).count();
    let duplicates = outcomes.iter().filter(|o| matches!(o, RecordOutcome::AlreadyProcessed)).count();
    assert_eq!((recorded, duplicates), (1, 19), "{outcomes:?}");
    assert_eq!(paid_through(&*store, user.id).await, Some(t0() + Duration::days(1)));
}

pub async fn a_failure_logged_after_the_event_was_processed_changes_nothing(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    record(&*store, &event("evt_done"), Some(user.id)).await;

    store.record_failure(&event("evt_done"), "a late failure from a concurrent delivery").await.unwrap();

    let stored = store.find_event(&id("evt_done")).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.error), (WebhookEventStatus::Processed, None));
    assert!(store.is_recorded(&id("evt_done")).await.unwrap());
}

pub async fn a_second_failure_replaces_the_error_of_the_first(store: Arc<dyn Accounts>) {
    store.record_failure(&event("evt_twice_failed"), "first").await.unwrap();
    store.record_failure(&event("evt_twice_failed"), "second").await.unwrap();

    let failed = store.list_events(Some(WebhookEventStatus::Failed), 10).await.unwrap();

    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].error.as_deref(), Some("second"));
}

pub async fn events_are_listed_newest_first_filtered_by_status_and_limited(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    record(&*store, &received_at("evt_a_processed", 10), Some(user.id)).await;
    record(&*store, &received_at("evt_b_ignored", 30), None).await;
    store.record_failure(&received_at("evt_c_failed", 20), "boom").await.unwrap();
    store.record_failure(&received_at("evt_d_failed", 40), "bang").await.unwrap();
    let ids = |events: Vec<signalbox::ports::StoredWebhookEvent>| -> Vec<String> {
        events.into_iter().map(|e| e.record.id.to_string()).collect()
    };

    let all = ids(store.list_events(None, 10).await.unwrap());
    let failed = ids(store.list_events(Some(WebhookEventStatus::Failed), 10).await.unwrap());
    let newest_two = ids(store.list_events(None, 2).await.unwrap());
    let stale = store.list_events(Some(WebhookEventStatus::Stale), 10).await.unwrap();

    assert_eq!(all, ["evt_d_failed", "evt_b_ignored", "evt_c_failed", "evt_a_processed"]);
    assert_eq!(failed, ["evt_d_failed", "evt_c_failed"]);
    assert_eq!(newest_two, ["evt_d_failed", "evt_b_ignored"]);
    assert!(stale.is_empty());
}

pub async fn events_received_in_the_same_second_are_listed_in_id_order(store: Arc<dyn Accounts>) {
    for raw in ["evt_2", "evt_3", "evt_1"] {
        store.record_failure(&received_at(raw, 5), "boom").await.unwrap();
    }

    let listed: Vec<String> =
        store.list_events(None, 10).await.unwrap().into_iter().map(|e| e.record.id.to_string()).collect();

    assert_eq!(listed, ["evt_1", "evt_2", "evt_3"]);
}

pub async fn an_unknown_event_is_not_found(store: Arc<dyn Accounts>) {
    assert!(store.find_event(&id("evt_never_seen")).await.unwrap().is_none());
    assert!(store.list_events(None, 10).await.unwrap().is_empty());
}

crate::accounts_contract!(
    a_failure_is_logged_with_its_error_and_does_not_count_as_processed,
    the_next_delivery_of_a_failed_event_applies_it_once,
    twenty_concurrent_deliveries_of_a_failed_event_apply_it_once,
    a_failure_logged_after_the_event_was_processed_changes_nothing,
    a_second_failure_replaces_the_error_of_the_first,
    events_are_listed_newest_first_filtered_by_status_and_limited,
    events_received_in_the_same_second_are_listed_in_id_order,
    an_unknown_event_is_not_found,
);
