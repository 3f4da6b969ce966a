//! The `BillingStore` contract, run against the in-memory fake, SQLite and PostgreSQL.
//! (The operators' side of the event log — failures, listing — is in `webhook_event_log`.)
//!
//! Billing state belongs to a user, so the checks need both ports of one store: they take
//! `Arc<dyn Accounts>`. Concurrency checks use decide functions whose effect is countable
//! (each moves `current_period_end` one day forward), so a lost or doubled update shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::domain::{
    BillingEvent, BillingEventKind, BillingState, Email, PasswordHash, StripeCustomerId, StripeEventId,
    StripeSubscriptionId, SubscriptionStatus, Transition, User, UserId, transition,
};
use signalbox::ports::{BillingStore, NewUser, RecordOutcome, UserRepository, WebhookEventRecord};
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

/// Moves the paid period one day further than it is now (from `t0` when unset).
pub fn one_more_day(current: &BillingState) -> Transition {
    let mut next = current.clone();
    next.current_period_end = Some(current.current_period_end.unwrap_or(t0()) + Duration::days(1));
    Transition::Apply(next)
}

pub async fn without_events_a_user_has_the_default_state(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;

    assert_eq!(store.billing_state(user.id).await.unwrap(), BillingState::default());
    assert_eq!(store.billing_state(UserId::new_random()).await.unwrap(), BillingState::default());
    assert!(!store.is_recorded(&StripeEventId::parse("evt_never").unwrap()).await.unwrap());
}

pub async fn an_applied_transition_is_stored_in_full(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let customer = StripeCustomerId::parse("cus_paid").unwrap();
    let paid = BillingState {
        customer_id: Some(customer.clone()),
        subscription_id: Some(StripeSubscriptionId::parse("sub_paid").unwrap()),
        status: SubscriptionStatus::PastDue,
        current_period_end: Some(t0() + Duration::days(30)),
        cancel_at_period_end: true,
        last_event_at: Some(t0()),
    };

    let outcome = store.record_event(&event("evt_paid"), Some(user.id), &|_| Transition::Apply(paid.clone())).await;

    assert_eq!(outcome.unwrap(), RecordOutcome::Recorded(Some(Transition::Apply(paid.clone()))));
    assert_eq!(store.billing_state(user.id).await.unwrap(), paid);
    assert!(store.is_recorded(&StripeEventId::parse("evt_paid").unwrap()).await.unwrap());
    assert_eq!(store.find_by_customer(&customer).await.unwrap().map(|u| u.id), Some(user.id));
}

pub async fn the_same_event_twice_is_applied_once(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let calls = AtomicUsize::new(0);
    let counted = |state: &BillingState| {
        calls.fetch_add(1, Ordering::SeqCst);
        one_more_day(state)
    };

    let first = store.record_event(&event("evt_twice"), Some(user.id), &counted).await.unwrap();
    let second = store.record_event(&event("evt_twice"), Some(user.id), &counted).await.unwrap();

    assert!(matches!(first, RecordOutcome::Recorded(Some(Transition::Apply(_)))));
    assert_eq!(second, RecordOutcome::AlreadyProcessed);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let state = store.billing_state(user.id).await.unwrap();
    assert_eq!(state.current_period_end, Some(t0() + Duration::days(1)));
}

pub async fn twenty_concurrent_deliveries_of_one_event_apply_it_once(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let mut deliveries = JoinSet::new();
    for _ in 0..20 {
        let store = store.clone();
        deliveries.spawn(async move { store.record_event(&event("evt_burst"), Some(user.id), &one_more_day).await });
    }

    let outcomes = deliveries.join_all().await;

    let recorded = outcomes.iter().filter(|o| matches!(o, Ok(RecordOutcome::Recorded(_)))).count();
    let duplicates = outcomes.iter().filter(|o| matches!(o, Ok(RecordOutcome::AlreadyProcessed))).count();
    assert_eq!((recorded, duplicates), (1, 19), "{outcomes:?}");
    let state = store.billing_state(user.id).await.unwrap();
    assert_eq!(state.current_period_end, Some(t0() + Duration::days(1)));
}

pub async fn concurrent_events_for_one_user_lose_no_update(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let mut deliveries = JoinSet::new();
    for n in 0..10 {
        let store = store.clone();
        deliveries.spawn(async move {
            store.record_event(&event(&format!("evt_{n}")), Some(user.id), &one_more_day).await.unwrap()
        });
    }

    let outcomes = deliveries.join_all().await;

    assert!(outcomes.iter().all(|o| matches!(o, RecordOutcome::Recorded(Some(Transition::Apply(_))))));
    let state = store.billing_state(user.id).await.unwrap();
    assert_eq!(state.current_period_end, Some(t0() + Duration::days(10)), "every event's day is kept");
}

pub async fn an_event_for_no_user_is_recorded_and_still_deduplicated(store: Arc<dyn Accounts>) {
    let calls = AtomicUsize::new(0);
    let counted = |state: &BillingState| {
        calls.fetch_add(1, Ordering::SeqCst);
        one_more_day(state)
    };

    let first = store.record_event(&event("evt_nobody"), None, &counted).await.unwrap();
    let unknown = store.record_event(&event("evt_ghost"), Some(UserId::new_random()), &counted).await.unwrap();
    let again = store.record_event(&event("evt_nobody"), None, &counted).await.unwrap();

    assert_eq!(first, RecordOutcome::Recorded(None));
    assert_eq!(unknown, RecordOutcome::Recorded(None), "an unknown user is no user");
    assert_eq!(again, RecordOutcome::AlreadyProcessed);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert!(store.is_recorded(&StripeEventId::parse("evt_nobody").unwrap()).await.unwrap());
    assert!(store.is_recorded(&StripeEventId::parse("evt_ghost").unwrap()).await.unwrap());
}

pub async fn stale_and_ignored_events_are_recorded_but_change_nothing(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let customer = StripeCustomerId::parse("cus_order").unwrap();
    let billing_event = |id: &str, created: DateTime<Utc>, kind| BillingEvent {
        id: StripeEventId::parse(id).unwrap(),
        event_type: "test".into(),
        created,
        kind,
    };
    let deleted = billing_event(
        "evt_deleted",
        t0() + Duration::hours(1),
        BillingEventKind::SubscriptionDeleted { customer: customer.clone(), subscription: None },
    );
    let older_invoice = billing_event(
        "evt_old_invoice",
        t0(),
        BillingEventKind::InvoicePaid { customer, subscription: None, period_end: Some(t0() + Duration::days(30)) },
    );
    store.record_event(&event("evt_deleted"), Some(user.id), &|s| transition(s, &deleted)).await.unwrap();
    let after_deletion = store.billing_state(user.id).await.unwrap();

    let stale = store.record_event(&event("evt_old_invoice"), Some(user.id), &|s| transition(s, &older_invoice)).await;
    let ignored = store.record_event(&event("evt_other"), Some(user.id), &|_| Transition::Ignored).await;

    assert_eq!(stale.unwrap(), RecordOutcome::Recorded(Some(Transition::Stale)));
    assert_eq!(ignored.unwrap(), RecordOutcome::Recorded(Some(Transition::Ignored)));
    assert_eq!(after_deletion.status, SubscriptionStatus::Canceled);
    assert_eq!(store.billing_state(user.id).await.unwrap(), after_deletion);
    assert!(store.is_recorded(&StripeEventId::parse("evt_old_invoice").unwrap()).await.unwrap());
}

pub async fn a_failed_apply_records_nothing(store: Arc<dyn Accounts>) {
    let owner = user(&*store).await;
    let other = user(&*store).await;
    let customer = StripeCustomerId::parse("cus_owned").unwrap();
    store.link_customer(owner.id, &customer).await.unwrap();
    let steal = |current: &BillingState| {
        Transition::Apply(BillingState { customer_id: Some(customer.clone()), ..current.clone() })
    };

    let result = store.record_event(&event("evt_steal"), Some(other.id), &steal).await;

    assert!(result.is_err(), "a customer belongs to one user: {result:?}");
    assert!(!store.is_recorded(&StripeEventId::parse("evt_steal").unwrap()).await.unwrap());
    assert_eq!(store.billing_state(other.id).await.unwrap(), BillingState::default());
    assert_eq!(store.find_by_customer(&customer).await.unwrap().map(|u| u.id), Some(owner.id));
}

crate::accounts_contract!(
    without_events_a_user_has_the_default_state,
    an_applied_transition_is_stored_in_full,
    the_same_event_twice_is_applied_once,
    twenty_concurrent_deliveries_of_one_event_apply_it_once,
    concurrent_events_for_one_user_lose_no_update,
    an_event_for_no_user_is_recorded_and_still_deduplicated,
    stale_and_ignored_events_are_recorded_but_change_nothing,
    a_failed_apply_records_nothing,
);
