//! The `AccountChanges` contract, run against the in-process bus and Redis pub/sub: a
//! subscriber receives every change published after it subscribed, on any instance (the
//! publishing one included); and (Redis) a listener that lost its connection tells its
//! subscribers that changes may have been missed, so they drop every cached plan.
//!
//! Nothing here sleeps: a "not received" is shown by publishing a marker afterwards and
//! checking it is the next change to arrive; waits are bounded by a generous timeout only so
//! that a broken bus fails instead of hanging.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use signalbox::adapters::memory::MemoryAccountChanges;
use signalbox::adapters::redis::{RedisAccountChanges, RedisPool};
use signalbox::domain::UserId;
use signalbox::domain::access::AccessChange;
use signalbox::ports::{AccountChangeSubscription, AccountChanges};

use crate::support::flaky_proxy::FlakyProxy;
use crate::support::real_services::redis_url;
use crate::support::redis::test_settings;

async fn next(subscription: &mut AccountChangeSubscription) -> AccessChange {
    tokio::time::timeout(Duration::from_secs(5), subscription.next())
        .await
        .expect("a change within 5 s")
        .expect("the bus is still there")
}

/// Two handles on one bus: the same instance twice for memory; two instances (two listener
/// connections) over the same Redis and key prefix for Redis.
type Subject = (Arc<dyn AccountChanges>, Arc<dyn AccountChanges>);

fn memory_subject() -> Option<Subject> {
    let bus: Arc<dyn AccountChanges> = Arc::new(MemoryAccountChanges::new());
    Some((bus.clone(), bus))
}

fn redis_subject() -> Option<Subject> {
    let settings = test_settings(&redis_url()?);
    let instance = || -> Arc<dyn AccountChanges> {
        let pool = RedisPool::connect(&settings).unwrap();
        Arc::new(RedisAccountChanges::start(pool, &settings).unwrap())
    };
    Some((instance(), instance()))
}

async fn a_subscriber_hears_whose_billing_changed(bus: Subject) {
    let (bus, _) = bus;
    let user = UserId::new_random();
    let mut subscription = bus.subscribe().await.unwrap();
    bus.publish(AccessChange::Billing(user)).await.unwrap();
    assert_eq!(next(&mut subscription).await, AccessChange::Billing(user));
}

async fn every_subscriber_hears_each_change_in_order(bus: Subject) {
    let (bus, _) = bus;
    let (first_user, second_user) = (UserId::new_random(), UserId::new_random());
    let mut first = bus.subscribe().await.unwrap();
    let mut second = bus.subscribe().await.unwrap();
    bus.publish(AccessChange::Billing(first_user)).await.unwrap();
    bus.publish(AccessChange::Billing(second_user)).await.unwrap();
    for subscription in [&mut first, &mut second] {
        assert_eq!(next(subscription).await, AccessChange::Billing(first_user));
        assert_eq!(next(subscription).await, AccessChange::Billing(second_user));
    }
}

async fn a_change_published_before_subscribing_is_not_heard(bus: Subject) {
    let (bus, _) = bus;
    let (before, marker) = (UserId::new_random(), UserId::new_random());
    let mut early = bus.subscribe().await.unwrap();
    bus.publish(AccessChange::Billing(before)).await.unwrap();
    assert_eq!(next(&mut early).await, AccessChange::Billing(before), "published and delivered");
    let mut late = bus.subscribe().await.unwrap();
    bus.publish(AccessChange::Billing(marker)).await.unwrap();
    assert_eq!(next(&mut late).await, AccessChange::Billing(marker), "the marker comes first: nothing older");
}

async fn a_change_published_on_one_instance_is_heard_on_both(bus: Subject) {
    let (a, b) = bus;
    let user = UserId::new_random();
    let mut on_b = b.subscribe().await.unwrap();
    let mut on_a = a.subscribe().await.unwrap();
    a.publish(AccessChange::Billing(user)).await.unwrap();
    assert_eq!(next(&mut on_b).await, AccessChange::Billing(user));
    assert_eq!(next(&mut on_a).await, AccessChange::Billing(user), "and on the publishing instance too");
}

async fn every_kind_of_change_crosses_to_the_other_instance_intact(bus: Subject) {
    let (a, b) = bus;
    let (user, session) = (UserId::new_random(), signalbox::domain::TokenFamilyId::new_random());
    let changes = [
        AccessChange::SessionEnded { session },
        AccessChange::SessionsRevoked { user, kept: Some(session), password_changed: true },
        AccessChange::SessionsRevoked { user, kept: None, password_changed: false },
        AccessChange::AccountDeleted(user),
        AccessChange::Billing(user),
    ];
    let mut on_b = b.subscribe().await.unwrap();
    for change in changes {
        a.publish(change).await.unwrap();
    }
    for change in changes {
        assert_eq!(next(&mut on_b).await, change);
    }
}

macro_rules! account_changes_contract {
    ($($module:ident => $subject:ident),+ ; $cases:tt) => {
        $( account_changes_contract!(@module $module, $subject, $cases); )+
    };
    (@module $module:ident, $subject:ident, [$($case:ident),+ $(,)?]) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(subject) = super::$subject() else { return };
                    super::$case(subject).await;
                }
            )+
        }
    };
}

account_changes_contract!(memory => memory_subject, redis => redis_subject; [
    a_subscriber_hears_whose_billing_changed,
    every_subscriber_hears_each_change_in_order,
    a_change_published_before_subscribing_is_not_heard,
    a_change_published_on_one_instance_is_heard_on_both,
    every_kind_of_change_crosses_to_the_other_instance_intact,
]);

/// Pub/sub keeps nothing for a disconnected listener, so after a reconnect the subscriber
/// must be told that it may have missed changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_listener_that_reconnects_says_changes_may_have_been_missed() {
    let Some(url) = redis_url() else { return };
    let upstream: SocketAddr = url
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .parse()
        .expect("this test needs TEST_REDIS_URL as redis://host:port with an IP host");
    let proxy = FlakyProxy::start(upstream).await;
    let settings = test_settings(&format!("redis://{}", proxy.addr()));
    let bus = RedisAccountChanges::start(RedisPool::connect(&settings).unwrap(), &settings).unwrap();
    let mut subscription = bus.subscribe().await.unwrap();

    proxy.cut();

    assert_eq!(next(&mut subscription).await, AccessChange::MaybeMissed);
    // And it listens again: a change published now is heard.
    let user = UserId::new_random();
    let published = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if bus.subscribe().await.is_ok() {
                break;
            }
        }
        bus.publish(AccessChange::Billing(user)).await.unwrap();
    });
    published.await.expect("listening again within 5 s");
    assert_eq!(next(&mut subscription).await, AccessChange::Billing(user));
}
