//! The `BillingStore` contract, run against the in-memory fake, SQLite and PostgreSQL.
//! (The operators' side of the event log — failures, listing — is in `webhook_event_log`.)
//!
//! Subscriptions belong to a customer and a customer to a user, so the checks need both ports
//! of one store: they take `Arc<dyn Accounts>`. Concurrency checks use decide functions whose
//! effect is countable (each moves `paid_through` one day forward), so a lost or doubled update
//! shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::domain::{
    BillingEvent, BillingEventKind, BillingState, CheckoutSessionId, Email, PasswordHash, StripeCustomerId,
    StripeEventId, StripeSubscriptionId, Subscription, SubscriptionFacts, SubscriptionStatus, Transition, User, UserId,
    transition,
};
use signalbox::ports::billing_store::Decide;
use signalbox::ports::{
    BillingStore, EventToApply, NewUser, RecordOutcome, UserRepository, WebhookEventRecord, WebhookEventStatus,
};
use tokio::task::JoinSet;

/// Both ports of one store, as the webhook use case sees them.
pub trait Accounts: UserRepository + BillingStore {}
impl<T: UserRepository + BillingStore> Accounts for T {}

pub fn t0() -> DateTime<Utc> {
    Utc.timestamp_opt(1_764_000_000, 0).unwrap()
}

pub fn event(id: &str) -> WebhookEventRecord {
    WebhookEventRecord {
        id: StripeEventId::parse(id).unwrap(),
        event_type: "invoice.paid".into(),
        created: t0(),
        received_at: t0() + Duration::seconds(2),
        payload: format!(r#"{{"id":"{id}"}}"#),
    }
}

pub async fn user(store: &dyn Accounts) -> User {
    let new = NewUser {
        id: UserId::new_random(),
        email: Email::parse(&format!("{}@example.com", UserId::new_random())).unwrap(),
        password_hash: PasswordHash::from_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        created_at: t0(),
    };
    store.create(new).await.unwrap()
}

pub fn customer(name: &str) -> StripeCustomerId {
    StripeCustomerId::parse(&format!("cus_{name}_{}", UserId::new_random().to_string().replace('-', ""))).unwrap()
}

pub fn subscription(name: &str) -> StripeSubscriptionId {
    StripeSubscriptionId::parse(&format!("sub_{name}_{}", UserId::new_random().to_string().replace('-', ""))).unwrap()
}

/// A subscription active and paid one more day than it is now (from `t0` when new).
pub fn one_more_day(
    id: &StripeSubscriptionId,
    customer: &StripeCustomerId,
    current: Option<&Subscription>,
) -> Transition {
    let facts = SubscriptionFacts { at: t0(), status: SubscriptionStatus::Active, details: None, paid_through: None };
    let mut next = match current {
        Some(current) => current.clone(),
        None => Subscription::first_seen(id.clone(), customer.clone(), &facts),
    };
    next.paid_through = Some(next.paid_through.unwrap_or(t0()) + Duration::days(1));
    Transition::Apply(next)
}

/// Records `record` about `sub` of `customer`, optionally linking `customer` to `link`.
pub async fn apply(
    store: &dyn Accounts,
    record: &WebhookEventRecord,
    sub: &StripeSubscriptionId,
    customer: &StripeCustomerId,
    link: Option<UserId>,
    decide: Decide<'_>,
) -> RecordOutcome {
    let to_apply = EventToApply { record, subscription: Some(sub), customer: Some(customer), link_user: link, decide };
    store.record_event(to_apply).await.unwrap()
}

fn paid_through(state: &BillingState, sub: &StripeSubscriptionId) -> Option<DateTime<Utc>> {
    state.subscriptions.iter().find(|s| s.id == *sub).and_then(|s| s.paid_through)
}

pub async fn without_events_a_user_has_the_default_state(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;

    assert_eq!(store.billing_state(user.id).await.unwrap(), BillingState::default());
    assert_eq!(store.billing_state(UserId::new_random()).await.unwrap(), BillingState::default());
    assert!(!store.is_recorded(&StripeEventId::parse("evt_never").unwrap()).await.unwrap());
}

pub async fn an_applied_subscription_is_stored_in_full_and_linked(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("paid"), subscription("paid"));
    let stored = Subscription {
        id: sub.clone(),
        customer: cus.clone(),
        status: SubscriptionStatus::PastDue,
        status_at: t0(),
        cancel_at_period_end: true,
        current_period_end: Some(t0() + Duration::days(31)),
        details_at: Some(t0()),
        paid_through: Some(t0() + Duration::days(30)),
        last_event_at: t0(),
    };

    let outcome =
        apply(&*store, &event("evt_paid"), &sub, &cus, Some(user.id), &|_| Transition::Apply(stored.clone())).await;

    assert_eq!(
        outcome,
        RecordOutcome::Recorded {
            transition: Transition::Apply(stored.clone()),
            status: WebhookEventStatus::Processed
        }
    );
    let state = store.billing_state(user.id).await.unwrap();
    assert_eq!(state, BillingState { customer_id: Some(cus.clone()), subscriptions: vec![stored] });
    assert!(store.is_recorded(&StripeEventId::parse("evt_paid").unwrap()).await.unwrap());
    assert_eq!(store.find_by_customer(&cus).await.unwrap().map(|u| u.id), Some(user.id));
}

pub async fn the_same_event_twice_is_applied_once(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("twice"), subscription("twice"));
    let calls = AtomicUsize::new(0);
    let counted = |current: Option<&Subscription>| {
        calls.fetch_add(1, Ordering::SeqCst);
        one_more_day(&sub, &cus, current)
    };

    let first = apply(&*store, &event("evt_twice"), &sub, &cus, Some(user.id), &counted).await;
    let second = apply(&*store, &event("evt_twice"), &sub, &cus, Some(user.id), &counted).await;

    assert!(matches!(first, RecordOutcome::Recorded { transition: Transition::Apply(_), .. }));
    assert_eq!(second, RecordOutcome::AlreadyProcessed);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(paid_through(&store.billing_state(user.id).await.unwrap(), &sub), Some(t0() + Duration::days(1)));
}

pub async fn twenty_concurrent_deliveries_of_one_event_apply_it_once(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("burst"), subscription("burst"));
    store.link_customer(user.id, &cus).await.unwrap();
    let mut deliveries = JoinSet::new();
    for _ in 0..20 {
        let (store, cus, sub) = (store.clone(), cus.clone(), sub.clone());
        deliveries.spawn(async move {
            apply(&*store, &event("evt_burst"), &sub, &cus, None, &|c| one_more_day(&sub, &cus, c)).await
        });
    }

    let outcomes = deliveries.join_all().await;

    let recorded = outcomes.iter().filter(|o| matches!(o, RecordOutcome::Recorded { .. })).count();
    let duplicates = outcomes.iter().filter(|o| matches!(o, RecordOutcome::AlreadyProcessed)).count();
    assert_eq!((recorded, duplicates), (1, 19), "{outcomes:?}");
    assert_eq!(paid_through(&store.billing_state(user.id).await.unwrap(), &sub), Some(t0() + Duration::days(1)));
}

pub async fn concurrent_events_for_one_subscription_lose_no_update(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("many"), subscription("many"));
    store.link_customer(user.id, &cus).await.unwrap();
    let mut deliveries = JoinSet::new();
    for n in 0..10 {
        let (store, cus, sub) = (store.clone(), cus.clone(), sub.clone());
        deliveries.spawn(async move {
            apply(&*store, &event(&format!("evt_many_{n}")), &sub, &cus, None, &|c| one_more_day(&sub, &cus, c)).await
        });
    }

    let outcomes = deliveries.join_all().await;

    assert!(outcomes.iter().all(|o| matches!(o, RecordOutcome::Recorded { transition: Transition::Apply(_), .. })));
    let state = store.billing_state(user.id).await.unwrap();
    assert_eq!(paid_through(&state, &sub), Some(t0() + Duration::days(10)), "every event's day is kept");
}

pub async fn two_subscriptions_of_one_customer_are_kept_apart(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, a, b) = (customer("two"), subscription("a"), subscription("b"));
    apply(&*store, &event("evt_two_a"), &a, &cus, Some(user.id), &|c| one_more_day(&a, &cus, c)).await;
    apply(&*store, &event("evt_two_b1"), &b, &cus, None, &|c| one_more_day(&b, &cus, c)).await;
    apply(&*store, &event("evt_two_b2"), &b, &cus, None, &|c| one_more_day(&b, &cus, c)).await;

    let state = store.billing_state(user.id).await.unwrap();

    assert_eq!(state.subscriptions.len(), 2, "{state:?}");
    assert_eq!(paid_through(&state, &a), Some(t0() + Duration::days(1)));
    assert_eq!(paid_through(&state, &b), Some(t0() + Duration::days(2)));
}

pub async fn an_event_for_an_unlinked_customer_is_unmatched_until_the_customer_is_linked(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("early"), subscription("early"));
    let early = apply(&*store, &event("evt_early"), &sub, &cus, None, &|c| one_more_day(&sub, &cus, c)).await;
    let unmatched = store.list_events(Some(WebhookEventStatus::Unmatched), 100).await.unwrap();

    let linked = apply(&*store, &event("evt_link"), &sub, &cus, Some(user.id), &|c| one_more_day(&sub, &cus, c)).await;

    assert!(matches!(early, RecordOutcome::Recorded { status: WebhookEventStatus::Unmatched, .. }), "{early:?}");
    assert!(unmatched.iter().any(|e| e.record.id.as_str() == "evt_early"));
    assert!(matches!(linked, RecordOutcome::Recorded { status: WebhookEventStatus::Processed, .. }), "{linked:?}");
    let early_now = store.find_event(&StripeEventId::parse("evt_early").unwrap()).await.unwrap().unwrap();
    assert_eq!(early_now.status, WebhookEventStatus::Processed, "linking matched the earlier event");
    assert_eq!(paid_through(&store.billing_state(user.id).await.unwrap(), &sub), Some(t0() + Duration::days(2)));
}

pub async fn linking_a_customer_directly_also_matches_its_events(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("direct"), subscription("direct"));
    apply(&*store, &event("evt_direct"), &sub, &cus, None, &|c| one_more_day(&sub, &cus, c)).await;

    store.link_customer(user.id, &cus).await.unwrap();

    let stored = store.find_event(&StripeEventId::parse("evt_direct").unwrap()).await.unwrap().unwrap();
    assert_eq!(stored.status, WebhookEventStatus::Processed);
    assert_eq!(paid_through(&store.billing_state(user.id).await.unwrap(), &sub), Some(t0() + Duration::days(1)));
}

pub async fn a_customer_linked_to_another_user_is_a_conflict_that_records_nothing(store: Arc<dyn Accounts>) {
    let owner = user(&*store).await;
    let other = user(&*store).await;
    let (cus, sub) = (customer("owned"), subscription("owned"));
    store.link_customer(owner.id, &cus).await.unwrap();

    let outcome =
        apply(&*store, &event("evt_steal"), &sub, &cus, Some(other.id), &|c| one_more_day(&sub, &cus, c)).await;

    assert!(matches!(outcome, RecordOutcome::LinkConflict(_)), "{outcome:?}");
    assert!(!store.is_recorded(&StripeEventId::parse("evt_steal").unwrap()).await.unwrap());
    assert_eq!(store.billing_state(other.id).await.unwrap(), BillingState::default());
    assert!(store.billing_state(owner.id).await.unwrap().subscriptions.is_empty());
    assert_eq!(store.find_by_customer(&cus).await.unwrap().map(|u| u.id), Some(owner.id));
}

pub async fn stale_and_ignored_events_are_recorded_but_change_nothing(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("order"), subscription("order"));
    let billing_event = |id: &str, created: DateTime<Utc>, kind| BillingEvent {
        id: StripeEventId::parse(id).unwrap(),
        event_type: "test".into(),
        created,
        kind,
    };
    let deleted = billing_event(
        "evt_deleted",
        t0() + Duration::hours(1),
        BillingEventKind::SubscriptionDeleted { customer: cus.clone(), subscription: sub.clone() },
    );
    let older_deletion = billing_event(
        "evt_old_deleted",
        t0(),
        BillingEventKind::SubscriptionDeleted { customer: cus.clone(), subscription: sub.clone() },
    );
    apply(&*store, &event("evt_deleted"), &sub, &cus, Some(user.id), &|s| transition(s, &deleted)).await;
    let after_deletion = store.billing_state(user.id).await.unwrap();

    let stale = apply(&*store, &event("evt_old_deleted"), &sub, &cus, None, &|s| transition(s, &older_deletion)).await;
    let ignored = store
        .record_event(EventToApply {
            record: &event("evt_other"),
            subscription: None,
            customer: None,
            link_user: None,
            decide: &|_| Transition::Ignored,
        })
        .await
        .unwrap();

    assert_eq!(stale, RecordOutcome::Recorded { transition: Transition::Stale, status: WebhookEventStatus::Stale });
    assert_eq!(
        ignored,
        RecordOutcome::Recorded { transition: Transition::Ignored, status: WebhookEventStatus::Ignored }
    );
    assert_eq!(after_deletion.subscriptions[0].status, SubscriptionStatus::Canceled);
    assert_eq!(store.billing_state(user.id).await.unwrap(), after_deletion);
    assert!(store.is_recorded(&StripeEventId::parse("evt_old_deleted").unwrap()).await.unwrap());
}

pub async fn reconciling_stores_the_providers_view_without_logging_an_event(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let (cus, sub) = (customer("sync"), subscription("sync"));
    store.link_customer(user.id, &cus).await.unwrap();
    let before = store.list_events(None, 1000).await.unwrap().len();

    let transition = store.reconcile_subscription(&sub, &|c| one_more_day(&sub, &cus, c)).await.unwrap();

    assert!(matches!(transition, Transition::Apply(_)));
    assert_eq!(paid_through(&store.billing_state(user.id).await.unwrap(), &sub), Some(t0() + Duration::days(1)));
    assert_eq!(store.list_events(None, 1000).await.unwrap().len(), before);
    assert!(store.linked_customers().await.unwrap().contains(&(user.id, cus)));
}

pub async fn swapping_the_open_checkout_returns_the_one_it_replaces(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let first = CheckoutSessionId::parse("cs_test_first").unwrap();
    let second = CheckoutSessionId::parse("cs_test_second").unwrap();

    assert_eq!(store.swap_open_checkout(user.id, &first).await.unwrap(), None);
    assert_eq!(store.swap_open_checkout(user.id, &second).await.unwrap(), Some(first));
    assert_eq!(store.swap_open_checkout(user.id, &second).await.unwrap(), Some(second));
}

pub async fn purging_keeps_failed_and_unmatched_events(store: Arc<dyn Accounts>) {
    let (cus, sub) = (customer("purge"), subscription("purge"));
    let old = |id: &str| {
        let mut record = event(id);
        record.received_at = t0() - Duration::days(40);
        record
    };
    let processed = old("evt_purge_done");
    let unmatched = old("evt_purge_unmatched");
    let failed = old("evt_purge_failed");
    let ignored = store
        .record_event(EventToApply {
            record: &processed,
            subscription: None,
            customer: None,
            link_user: None,
            decide: &|_| Transition::Ignored,
        })
        .await
        .unwrap();
    apply(&*store, &unmatched, &sub, &cus, None, &|c| one_more_day(&sub, &cus, c)).await;
    store.record_failure(&failed, "boom").await.unwrap();
    let recent = event("evt_purge_recent");
    store
        .record_event(EventToApply {
            record: &recent,
            subscription: None,
            customer: None,
            link_user: None,
            decide: &|_| Transition::Ignored,
        })
        .await
        .unwrap();

    let purged = store.purge_events(t0() - Duration::days(30)).await.unwrap();

    assert!(matches!(ignored, RecordOutcome::Recorded { .. }));
    assert!(purged >= 1, "{purged}");
    let kept = |id: &str| {
        let store = store.clone();
        let id = StripeEventId::parse(id).unwrap();
        async move { store.find_event(&id).await.unwrap().is_some() }
    };
    assert!(!kept("evt_purge_done").await, "old and handled: purged");
    assert!(kept("evt_purge_unmatched").await, "unmatched stays until its customer is linked");
    assert!(kept("evt_purge_failed").await, "failed stays until an operator handles it");
    assert!(kept("evt_purge_recent").await, "recent stays");
}

pub async fn deleting_a_user_deletes_their_customers_subscriptions_and_no_one_elses(store: Arc<dyn Accounts>) {
    let (leaving, staying) = (user(&*store).await, user(&*store).await);
    let (gone_customer, kept_customer) = (customer("leaving"), customer("staying"));
    let (gone_sub, kept_sub) = (subscription("leaving"), subscription("staying"));
    let decide_gone = |current: Option<&Subscription>| one_more_day(&gone_sub, &gone_customer, current);
    let decide_kept = |current: Option<&Subscription>| one_more_day(&kept_sub, &kept_customer, current);
    apply(&*store, &event("evt_delete_a"), &gone_sub, &gone_customer, Some(leaving.id), &decide_gone).await;
    apply(&*store, &event("evt_delete_b"), &kept_sub, &kept_customer, Some(staying.id), &decide_kept).await;

    assert!(store.delete(leaving.id).await.unwrap());

    assert!(store.billing_state(leaving.id).await.unwrap().subscriptions.is_empty());
    assert!(store.find_by_customer(&gone_customer).await.unwrap().is_none());
    assert_eq!(store.billing_state(staying.id).await.unwrap().subscriptions.len(), 1);
    assert!(store.is_recorded(&StripeEventId::parse("evt_delete_a").unwrap()).await.unwrap(), "the log stays");
}

crate::accounts_contract!(
    deleting_a_user_deletes_their_customers_subscriptions_and_no_one_elses,
    without_events_a_user_has_the_default_state,
    an_applied_subscription_is_stored_in_full_and_linked,
    the_same_event_twice_is_applied_once,
    twenty_concurrent_deliveries_of_one_event_apply_it_once,
    concurrent_events_for_one_subscription_lose_no_update,
    two_subscriptions_of_one_customer_are_kept_apart,
    an_event_for_an_unlinked_customer_is_unmatched_until_the_customer_is_linked,
    linking_a_customer_directly_also_matches_its_events,
    a_customer_linked_to_another_user_is_a_conflict_that_records_nothing,
    stale_and_ignored_events_are_recorded_but_change_nothing,
    reconciling_stores_the_providers_view_without_logging_an_event,
    swapping_the_open_checkout_returns_the_one_it_replaces,
    purging_keeps_failed_and_unmatched_events,
);
