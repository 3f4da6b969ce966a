//! `UserRepository::replace_customer`, run against the in-memory fake, SQLite and PostgreSQL:
//! a local grant's customer gives way to a real one, and the grant goes with it.

use std::sync::Arc;

use chrono::Duration;
use signalbox::domain::local_grant::{local_grant, new_local_customer};
use signalbox::domain::{StripeEventId, Transition, UserId};
use signalbox::ports::{StoreError, WebhookEventStatus};

use super::billing_store::{Accounts, apply, customer, event, one_more_day, subscription, t0, user};

pub async fn replacing_a_local_customer_links_the_real_one_and_moves_the_grant(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let local = store.link_customer(user.id, &new_local_customer()).await.unwrap();
    let grant = local_grant(local.clone(), t0(), 7);
    let stored = grant.clone();
    store.reconcile_subscription(&grant.id, &move |_| Transition::Apply(stored.clone())).await.unwrap();
    let real = customer("real");

    let linked = store.replace_customer(user.id, &local, &real).await.unwrap();

    assert_eq!(linked, real);
    let state = store.billing_state(user.id).await.unwrap();
    assert_eq!(state.customer_id, Some(real.clone()));
    assert_eq!(state.subscriptions.len(), 1);
    assert_eq!((&state.subscriptions[0].id, &state.subscriptions[0].customer), (&grant.id, &real));
    assert_eq!(state.subscriptions[0].paid_through, Some(t0() + Duration::days(7)));
    assert!(store.find_by_customer(&local).await.unwrap().is_none());
    assert_eq!(store.find_by_customer(&real).await.unwrap().map(|u| u.id), Some(user.id));
}

pub async fn a_replacement_happens_only_while_the_old_customer_is_linked(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let local = store.link_customer(user.id, &new_local_customer()).await.unwrap();
    let (first, second) = (customer("first"), customer("second"));

    let won = store.replace_customer(user.id, &local, &first).await.unwrap();
    let late = store.replace_customer(user.id, &local, &second).await.unwrap();

    assert_eq!((won, late), (first.clone(), first.clone()));
    assert_eq!(store.billing_state(user.id).await.unwrap().customer_id, Some(first));
    assert!(store.find_by_customer(&second).await.unwrap().is_none());
}

pub async fn concurrent_replacements_all_report_the_same_customer(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let local = store.link_customer(user.id, &new_local_customer()).await.unwrap();
    let mut racers = tokio::task::JoinSet::new();
    for n in 0..10 {
        let (store, local) = (store.clone(), local.clone());
        racers.spawn(async move { store.replace_customer(user.id, &local, &customer(&format!("race{n}"))).await });
    }

    let linked: Vec<_> = racers.join_all().await.into_iter().map(Result::unwrap).collect();

    assert!(linked.iter().all(|c| *c == linked[0]), "{linked:?}");
    assert_eq!(store.billing_state(user.id).await.unwrap().customer_id.as_ref(), Some(&linked[0]));
}

pub async fn replacing_with_another_users_customer_is_a_conflict_and_changes_nothing(store: Arc<dyn Accounts>) {
    let (owner, other) = (user(&*store).await, user(&*store).await);
    let owned = store.link_customer(owner.id, &customer("owned")).await.unwrap();
    let local = store.link_customer(other.id, &new_local_customer()).await.unwrap();

    let result = store.replace_customer(other.id, &local, &owned).await;

    assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
    assert_eq!(store.billing_state(other.id).await.unwrap().customer_id, Some(local));
}

pub async fn replacing_for_an_unknown_user_is_not_found(store: Arc<dyn Accounts>) {
    let result = store.replace_customer(UserId::new_random(), &new_local_customer(), &customer("nobody")).await;
    assert!(matches!(result, Err(StoreError::NotFound(_))), "{result:?}");
}

pub async fn the_real_customers_earlier_events_count_once_it_replaces_the_local_one(store: Arc<dyn Accounts>) {
    let user = user(&*store).await;
    let local = store.link_customer(user.id, &new_local_customer()).await.unwrap();
    let (real, sub) = (customer("early"), subscription("early"));
    apply(&*store, &event("evt_before_replace"), &sub, &real, None, &|c| one_more_day(&sub, &real, c)).await;

    store.replace_customer(user.id, &local, &real).await.unwrap();

    let stored = store.find_event(&StripeEventId::parse("evt_before_replace").unwrap()).await.unwrap().unwrap();
    assert_eq!(stored.status, WebhookEventStatus::Processed);
    assert!(store.billing_state(user.id).await.unwrap().subscriptions.iter().any(|s| s.id == sub));
}

crate::accounts_contract!(
    replacing_a_local_customer_links_the_real_one_and_moves_the_grant,
    a_replacement_happens_only_while_the_old_customer_is_linked,
    concurrent_replacements_all_report_the_same_customer,
    replacing_with_another_users_customer_is_a_conflict_and_changes_nothing,
    replacing_for_an_unknown_user_is_not_found,
    the_real_customers_earlier_events_count_once_it_replaces_the_local_one,
);
