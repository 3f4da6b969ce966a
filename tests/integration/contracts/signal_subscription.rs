//! `SignalSubscription` on every signal bus (in-process, Redis): what the generic bus contract
//! (`bus.rs`) does not cover — a duplicate or older signal reaches a subscriber once, also when
//! two instances announce the same candle's signal.
//!
//! Nothing here sleeps: a "not received" is shown by publishing a marker afterwards and
//! checking it is the next signal to arrive.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use signalbox::adapters::memory::MemorySignalBus;
use signalbox::adapters::redis::{RedisPool, RedisSignalBus};
use signalbox::domain::calls::{CallId, Direction, OpenCall, Position};
use signalbox::domain::signals::{Action, Indicators, Signal, Symbol};
use signalbox::ports::{SignalBus, SignalSubscription};

use super::Case;
use crate::support::real_services::redis_url;
use crate::support::redis::test_settings;

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 0, 0).unwrap() + chrono::Duration::minutes(minute)
}

fn signal(symbol: Symbol, minute: i64) -> Signal {
    Signal {
        symbol,
        action: Action::Buy,
        price: 26_012.35,
        confidence: 0.72,
        generated_at: at(minute),
        reason: "SMA9 crossed above SMA21; RSI 58".into(),
        indicators: Indicators { fast_ma: Some(26_001.2), slow_ma: None, rsi: Some(58.1) },
        source: signalbox::domain::market::SourceName::parse("database").unwrap(),
        simulated: false,
        published_at: at(minute) + chrono::Duration::milliseconds(2_500),
        position: Position {
            call: Some(OpenCall {
                id: CallId::of(symbol, at(minute - 10)),
                direction: Direction::Long,
                stop_loss: 25_980.05,
                target: 26_050.4,
            }),
            since: Some(at(minute - 10)),
        },
    }
}

async fn next(subscription: &mut SignalSubscription) -> Signal {
    tokio::time::timeout(Duration::from_secs(5), subscription.next())
        .await
        .expect("a signal within 5 s")
        .expect("the bus is still there")
}

/// Two handles on one bus: the same instance twice for memory; two instances (two listener
/// connections) over the same Redis and key prefix for Redis.
type Subject = (Arc<dyn SignalBus>, Arc<dyn SignalBus>);

async fn memory_subject(case: impl Case<Subject>) {
    let bus: Arc<dyn SignalBus> = Arc::new(MemorySignalBus::new());
    case((bus.clone(), bus)).await;
}

async fn redis_subject(case: impl Case<Subject>) {
    let Some(url) = redis_url() else { return };
    let settings = test_settings(&url);
    let instance = || -> Arc<dyn SignalBus> {
        let pool = RedisPool::connect(&settings).unwrap();
        Arc::new(RedisSignalBus::start(pool, &settings).unwrap())
    };
    case((instance(), instance())).await;
}

async fn a_duplicate_or_older_signal_reaches_a_subscriber_once(bus: Subject) {
    let (bus, _) = bus;
    let mut subscription = SignalSubscription::new(bus.subscribe().await.unwrap());
    for published in [signal(Symbol::Nifty, 5), signal(Symbol::Nifty, 5), signal(Symbol::Nifty, 0)] {
        bus.publish(&published).await.unwrap();
    }
    bus.publish(&signal(Symbol::BankNifty, 5)).await.unwrap();
    bus.publish(&signal(Symbol::Nifty, 10)).await.unwrap();

    let got: Vec<_> = [next(&mut subscription).await, next(&mut subscription).await, next(&mut subscription).await]
        .into_iter()
        .map(|s| (s.symbol, s.generated_at))
        .collect();
    assert_eq!(got, vec![(Symbol::Nifty, at(5)), (Symbol::BankNifty, at(5)), (Symbol::Nifty, at(10))]);
}

async fn the_same_signal_announced_by_two_instances_reaches_a_subscriber_once(bus: Subject) {
    let (a, b) = bus;
    let mut subscription = SignalSubscription::new(b.subscribe().await.unwrap());
    a.publish(&signal(Symbol::Nifty, 20)).await.unwrap();
    b.publish(&signal(Symbol::Nifty, 20)).await.unwrap();
    a.publish(&signal(Symbol::Nifty, 25)).await.unwrap();
    assert_eq!(next(&mut subscription).await.generated_at, at(20));
    assert_eq!(next(&mut subscription).await.generated_at, at(25), "the second announcement was dropped");
}

contract_tests!(memory => memory_subject, redis => redis_subject; [
    a_duplicate_or_older_signal_reaches_a_subscriber_once,
    the_same_signal_announced_by_two_instances_reaches_a_subscriber_once,
]);
