//! The live stream's rules, each on a stream fed by hand: replay then live signals without a
//! repeat at the seam, ids in order across instances (the hold for an earlier symbol), and
//! every end (token expiry, logout, revocation, password change, deletion, plan, elsewhere).

use std::pin::Pin;
use std::sync::Arc;

use futures_util::stream::{BoxStream, StreamExt};

use super::live_signals::*;
use crate::domain::access::{AccessChange, StreamEnd, StreamHolder};
use crate::domain::market::SourceName;
use crate::domain::signals::Signal;
use crate::domain::signals::{Action, Indicators, Symbol};
use crate::domain::{TokenFamilyId, UserId};
use crate::ports::Clock;
use chrono::{DateTime, Duration, TimeZone, Utc};
use tokio::sync::mpsc;
use tokio_stream_shim::receiver_stream;

mod tokio_stream_shim {
    use futures_util::stream::{BoxStream, StreamExt};
    use tokio::sync::mpsc;

    pub fn receiver_stream<T: Send + 'static>(receiver: mpsc::UnboundedReceiver<T>) -> BoxStream<'static, T> {
        futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|item| (item, receiver))
        })
        .boxed()
    }
}

struct TokioClock(DateTime<Utc>);

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn pause(&self, duration: std::time::Duration) -> Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 4, 0, 0).unwrap()
}

fn signal(minutes: i64) -> Signal {
    Signal {
        symbol: Symbol::Nifty,
        action: Action::Buy,
        price: 26_000.0,
        confidence: 0.6,
        generated_at: start() + Duration::minutes(minutes),
        reason: String::new(),
        indicators: Indicators { fast_ma: None, slow_ma: None, rsi: None },
        source: SourceName::parse(SourceName::SIMULATOR).unwrap(),
        simulated: true,
        published_at: start() + Duration::minutes(minutes),
        position: crate::domain::calls::Position::flat(None),
    }
}

struct Harness {
    signals: mpsc::UnboundedSender<Signal>,
    changes: mpsc::UnboundedSender<AccessChange>,
    holder: StreamHolder,
    events: BoxStream<'static, LiveEvent>,
}

fn harness(replay: Vec<Signal>, paid: bool, token_minutes: i64) -> Harness {
    let (signals, signal_rx) = mpsc::unbounded_channel();
    let (changes, change_rx) = mpsc::unbounded_channel();
    let holder = StreamHolder {
        user: UserId::new_random(),
        session: Some(TokenFamilyId::new_random()),
        token_expires_at: start() + Duration::minutes(token_minutes),
    };
    let events = live_events(LiveSources {
        holder,
        replay,
        signals: receiver_stream(signal_rx),
        changes: receiver_stream(change_rx),
        ended_elsewhere: Box::pin(futures_util::future::pending()),
        recheck: Arc::new(move || Box::pin(async move { (!paid).then_some(StreamEnd::PlanEnded) })),
        clock: Arc::new(TokioClock(start())),
    });
    Harness { signals, changes, holder, events }
}

#[tokio::test(start_paused = true)]
async fn the_stream_ends_when_the_token_expires_saying_so() {
    let mut h = harness(vec![], true, 30);
    h.signals.send(signal(5)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(signal(5))));
    assert_eq!(h.events.next().await, Some(LiveEvent::End(StreamEnd::TokenExpired)));
    assert_eq!(h.events.next().await, None, "nothing after the end");
}

#[tokio::test(start_paused = true)]
async fn a_logout_of_this_session_ends_the_stream_before_any_later_signal() {
    let mut h = harness(vec![], true, 30);
    let session = h.holder.session.unwrap();
    h.changes.send(AccessChange::SessionEnded { session }).unwrap();
    h.signals.send(signal(5)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::End(StreamEnd::LoggedOut)));
    assert_eq!(h.events.next().await, None);
}

#[tokio::test(start_paused = true)]
async fn a_billing_change_that_leaves_the_plan_free_ends_the_stream() {
    let mut h = harness(vec![], false, 30);
    h.changes.send(AccessChange::Billing(UserId::new_random())).unwrap();
    h.signals.send(signal(5)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(signal(5))), "another user's change is ignored");
    h.changes.send(AccessChange::Billing(h.holder.user)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::End(StreamEnd::PlanEnded)));
}

#[tokio::test(start_paused = true)]
async fn a_billing_change_that_keeps_the_plan_paid_keeps_the_stream() {
    let mut h = harness(vec![], true, 30);
    h.changes.send(AccessChange::Billing(h.holder.user)).unwrap();
    h.signals.send(signal(5)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(signal(5))));
}

#[tokio::test(start_paused = true)]
async fn missed_signals_come_first_and_the_seam_with_live_ones_repeats_nothing() {
    let mut h = harness(vec![signal(5), signal(10)], true, 30);
    h.signals.send(signal(10)).unwrap();
    h.signals.send(signal(15)).unwrap();
    let mut sent = vec![];
    for _ in 0..3 {
        match h.events.next().await {
            Some(LiveEvent::Signal(s)) => sent.push(s.generated_at),
            other => panic!("expected a signal, got {other:?}"),
        }
    }
    let at = |m| start() + Duration::minutes(m);
    assert_eq!(sent, vec![at(5), at(10), at(15)]);
}

fn bank_nifty(minutes: i64) -> Signal {
    Signal { symbol: Symbol::BankNifty, ..signal(minutes) }
}

#[tokio::test(start_paused = true)]
async fn a_candles_symbols_announced_out_of_order_by_two_instances_go_out_in_order() {
    let mut h = harness(vec![], true, 30);
    h.signals.send(signal(5)).unwrap();
    h.signals.send(bank_nifty(5)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(signal(5))));
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(bank_nifty(5))));

    // The next candle's BANKNIFTY arrives a moment before its NIFTY.
    h.signals.send(bank_nifty(10)).unwrap();
    h.signals.send(signal(10)).unwrap();

    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(signal(10))));
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(bank_nifty(10))));
}

#[tokio::test(start_paused = true)]
async fn a_later_symbol_whose_earlier_one_never_comes_goes_out_after_the_hold() {
    let mut h = harness(vec![], true, 30);
    h.signals.send(bank_nifty(5)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(bank_nifty(5))), "a fresh stream does not wait");
    h.signals.send(bank_nifty(10)).unwrap();
    let started = tokio::time::Instant::now();

    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(bank_nifty(10))));
    assert_eq!(started.elapsed(), HOLD_FOR_EARLIER_SYMBOL);
    h.signals.send(signal(10)).unwrap();
    h.signals.send(signal(15)).unwrap();
    assert_eq!(h.events.next().await, Some(LiveEvent::Signal(signal(15))), "the late one is not sent behind");
}

#[tokio::test(start_paused = true)]
async fn an_end_decided_elsewhere_is_the_last_event() {
    let (_signals, signal_rx) = mpsc::unbounded_channel::<Signal>();
    let (_changes, change_rx) = mpsc::unbounded_channel();
    let mut events = live_events(LiveSources {
        holder: StreamHolder {
            user: UserId::new_random(),
            session: None,
            token_expires_at: start() + Duration::hours(1),
        },
        replay: vec![],
        signals: receiver_stream(signal_rx),
        changes: receiver_stream(change_rx),
        ended_elsewhere: Box::pin(async { StreamEnd::ServerRestarting }),
        recheck: Arc::new(|| Box::pin(async { None })),
        clock: Arc::new(TokioClock(start())),
    });
    assert_eq!(events.next().await, Some(LiveEvent::End(StreamEnd::ServerRestarting)));
    assert_eq!(events.next().await, None);
}
