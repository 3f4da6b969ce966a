//! The `Bus` contract, written once over the message type and run for each message the
//! product carries (account changes, signals) on the in-process bus and on Redis pub/sub: a
//! subscriber receives every message published after it subscribed, intact and in order, on
//! any instance (the publishing one included); a message delivered "here" reaches only the
//! delivering instance's subscribers; and (Redis) a listener that lost its connection
//! tells its subscribers that messages may have been missed when the message type says how.
//!
//! Nothing here sleeps: a "not received" is shown by publishing a marker afterwards and
//! checking it is the next message to arrive; waits are bounded by a generous timeout only so
//! that a broken bus fails instead of hanging.

use std::fmt::Debug;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use signalbox::adapters::memory::MemoryBus;
use signalbox::adapters::redis::{RedisBus, RedisPool, WireFormat};
use signalbox::domain::access::AccessChange;
use signalbox::domain::calls::{CallId, Direction, OpenCall, Position};
use signalbox::domain::signals::{Action, Indicators, Signal, Symbol};
use signalbox::domain::{TokenFamilyId, UserId};
use signalbox::ports::{Bus, BusMessage, BusSubscription};

use crate::support::flaky_proxy::FlakyProxy;
use crate::support::real_services::redis_url;
use crate::support::redis::test_settings;

/// A message type the contract can run on: distinct sample messages, every variant covered.
pub trait Samples: BusMessage + WireFormat + PartialEq + Debug {
    fn samples() -> Vec<Self>;
}

impl Samples for AccessChange {
    fn samples() -> Vec<Self> {
        let (user, session) = (UserId::new_random(), TokenFamilyId::new_random());
        vec![
            AccessChange::Billing(user),
            AccessChange::SessionEnded { session },
            AccessChange::SessionsRevoked { user, kept: Some(session), password_changed: true },
            AccessChange::SessionsRevoked { user, kept: None, password_changed: false },
            AccessChange::AccountDeleted(user),
            AccessChange::Billing(UserId::new_random()),
        ]
    }
}

impl Samples for Signal {
    fn samples() -> Vec<Self> {
        let at = |minute: i64| Utc.with_ymd_and_hms(2026, 11, 25, 4, 0, 0).unwrap() + chrono::Duration::minutes(minute);
        [(Symbol::Nifty, Action::Buy, 0), (Symbol::BankNifty, Action::Sell, 5), (Symbol::Nifty, Action::Hold, 10)]
            .into_iter()
            .map(|(symbol, action, minute)| Signal {
                symbol,
                action,
                price: 26_012.35 + minute as f64,
                confidence: 0.72,
                generated_at: at(minute),
                reason: "SMA9 crossed above SMA21; RSI 58".into(),
                indicators: Indicators { fast_ma: Some(26_001.2), slow_ma: None, rsi: Some(58.1) },
                source: signalbox::domain::market::SourceName::parse("database").unwrap(),
                simulated: minute == 5,
                published_at: at(minute) + chrono::Duration::milliseconds(2_500),
                // A BUY stands on an open long call, a SELL on a short one, HOLD on none.
                position: Position {
                    call: Direction::of(action).map(|direction| OpenCall {
                        id: CallId::of(symbol, at(minute - 10)),
                        direction,
                        stop_loss: 25_980.05,
                        target: 26_050.4,
                    }),
                    since: Some(at(minute - 10)),
                },
            })
            .collect()
    }
}

pub async fn next<T: BusMessage>(subscription: &mut BusSubscription<T>) -> T {
    tokio::time::timeout(Duration::from_secs(5), subscription.next())
        .await
        .expect("a message within 5 s")
        .expect("the bus is still there")
}

/// Two handles on one bus: the same instance twice for memory; two instances (two listener
/// connections) over the same Redis and key prefix for Redis.
pub type Subject<T> = (Arc<dyn Bus<T>>, Arc<dyn Bus<T>>);

pub fn memory_subject<T: Samples>() -> Option<Subject<T>> {
    let bus: Arc<dyn Bus<T>> = Arc::new(MemoryBus::<T>::new());
    Some((bus.clone(), bus))
}

pub fn redis_subject<T: Samples>() -> Option<Subject<T>> {
    let settings = test_settings(&redis_url()?);
    let instance = || -> Arc<dyn Bus<T>> {
        let pool = RedisPool::connect(&settings).unwrap();
        Arc::new(RedisBus::<T>::start(pool, &settings).unwrap())
    };
    Some((instance(), instance()))
}

async fn a_subscriber_receives_a_published_message_as_it_was<T: Samples>((bus, _): Subject<T>) {
    let message = T::samples().remove(0);
    let mut subscription = bus.subscribe().await.unwrap();
    bus.publish(&message).await.unwrap();
    assert_eq!(next(&mut subscription).await, message);
}

async fn every_subscriber_receives_each_message_in_order<T: Samples>((bus, _): Subject<T>) {
    let samples = T::samples();
    let mut first = bus.subscribe().await.unwrap();
    let mut second = bus.subscribe().await.unwrap();
    for message in &samples {
        bus.publish(message).await.unwrap();
    }
    for subscription in [&mut first, &mut second] {
        for message in &samples {
            assert_eq!(&next(subscription).await, message);
        }
    }
}

async fn a_message_published_before_subscribing_is_not_delivered<T: Samples>((bus, _): Subject<T>) {
    let mut samples = T::samples().into_iter();
    let (before, marker) = (samples.next().unwrap(), samples.next().unwrap());
    let mut early = bus.subscribe().await.unwrap();
    bus.publish(&before).await.unwrap();
    assert_eq!(next(&mut early).await, before, "published and delivered");
    let mut late = bus.subscribe().await.unwrap();
    bus.publish(&marker).await.unwrap();
    assert_eq!(next(&mut late).await, marker, "the marker comes first: nothing older");
}

async fn a_message_published_on_one_instance_reaches_both<T: Samples>((a, b): Subject<T>) {
    let message = T::samples().remove(0);
    let mut on_b = b.subscribe().await.unwrap();
    let mut on_a = a.subscribe().await.unwrap();
    a.publish(&message).await.unwrap();
    assert_eq!(next(&mut on_b).await, message);
    assert_eq!(next(&mut on_a).await, message, "and on the publishing instance too");
}

async fn every_kind_of_message_crosses_to_the_other_instance_intact<T: Samples>((a, b): Subject<T>) {
    let samples = T::samples();
    let mut on_b = b.subscribe().await.unwrap();
    for message in &samples {
        a.publish(message).await.unwrap();
    }
    for message in &samples {
        assert_eq!(&next(&mut on_b).await, message);
    }
}

async fn a_message_delivered_here_reaches_only_this_instances_subscribers<T: Samples>((a, b): Subject<T>) {
    let mut samples = T::samples().into_iter();
    let (here, marker) = (samples.next().unwrap(), samples.next().unwrap());
    let mut on_a = a.subscribe().await.unwrap();
    let mut on_b = b.subscribe().await.unwrap();

    a.deliver_here(&here);
    a.publish(&marker).await.unwrap();

    assert_eq!(next(&mut on_a).await, here);
    assert_eq!(next(&mut on_a).await, marker);
    // The in-process subject is one instance under two names; Redis's are two instances.
    let other_instance = !Arc::ptr_eq(&a, &b);
    if other_instance {
        assert_eq!(next(&mut on_b).await, marker, "the other instance never heard it");
    } else {
        assert_eq!(next(&mut on_b).await, here);
    }
}

/// Pub/sub keeps nothing for a disconnected listener, so after a reconnect a subscriber must be
/// told that it may have missed messages (when its type says how), and then hears again.
async fn a_redis_listener_that_reconnects_says_messages_may_have_been_missed<T: Samples>() {
    let Some(url) = redis_url() else { return };
    let upstream: SocketAddr = url
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .parse()
        .expect("this test needs TEST_REDIS_URL as redis://host:port with an IP host");
    let proxy = FlakyProxy::start(upstream).await;
    let settings = test_settings(&format!("redis://{}", proxy.addr()));
    let bus = RedisBus::<T>::start(RedisPool::connect(&settings).unwrap(), &settings).unwrap();
    let mut subscription = bus.subscribe().await.unwrap();

    proxy.cut();

    let message = T::samples().remove(0);
    match T::maybe_missed() {
        Some(notice) => {
            assert_eq!(next(&mut subscription).await, notice);
            bus.publish(&message).await.unwrap();
            assert_eq!(next(&mut subscription).await, message);
        }
        // No notice to wait for: publish until the reconnected listener hears one.
        None => {
            let heard = tokio::time::timeout(Duration::from_secs(10), async {
                loop {
                    let _ = bus.publish(&message).await;
                    if let Ok(Some(got)) = tokio::time::timeout(Duration::from_millis(200), subscription.next()).await {
                        return got;
                    }
                }
            });
            assert_eq!(heard.await.expect("listening again within 10 s"), message);
        }
    }
}

/// One `#[tokio::test]` per case, message type and backend.
macro_rules! bus_contract {
    ($($message:ident: $kind:ty),+ ; $cases:tt) => {
        $( mod $message { bus_contract!(@backends $kind, $cases); } )+
    };
    (@backends $kind:ty, [$($case:ident),+ $(,)?]) => {
        mod memory {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(subject) = super::super::memory_subject::<$kind>() else { return };
                    super::super::$case(subject).await;
                }
            )+
        }
        mod redis {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(subject) = super::super::redis_subject::<$kind>() else { return };
                    super::super::$case(subject).await;
                }
            )+
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn a_redis_listener_that_reconnects_says_messages_may_have_been_missed() {
                super::super::a_redis_listener_that_reconnects_says_messages_may_have_been_missed::<$kind>().await;
            }
        }
    };
}

bus_contract!(account_changes: signalbox::domain::access::AccessChange, signals: signalbox::domain::signals::Signal; [
    a_subscriber_receives_a_published_message_as_it_was,
    every_subscriber_receives_each_message_in_order,
    a_message_published_before_subscribing_is_not_delivered,
    a_message_published_on_one_instance_reaches_both,
    every_kind_of_message_crosses_to_the_other_instance_intact,
    a_message_delivered_here_reaches_only_this_instances_subscribers,
]);
