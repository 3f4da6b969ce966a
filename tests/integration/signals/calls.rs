//! Live trade calls: each candle close feeds the symbol's book and records its calls in the
//! ledger. The book is rebuilt from a first candle every instance agrees on, so an instance
//! that saw only some closes records exactly what one that saw all of them did, and a repeat
//! records nothing.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::adapters::market::MarketSimulator;
use signalbox::adapters::memory::MemoryCallLedger;
use signalbox::app::signals::call_recorder::CallRecorder;
use signalbox::domain::calls::{CostBps, verify};
use signalbox::domain::market::MarketCalendar;
use signalbox::domain::signals::Symbol;
use signalbox::ports::{CallLedger, CallPageQuery, StoredCall};

fn recorder(ledger: Arc<MemoryCallLedger>) -> CallRecorder {
    CallRecorder::new(ledger, Arc::new(MarketSimulator::default()), MarketCalendar::default(), CostBps::DEFAULT)
}

/// Every five-minute candle close of the session of Wednesday 25 November 2026 (09:20 to
/// 15:30 IST).
fn closes() -> Vec<DateTime<Utc>> {
    let first = Utc.with_ymd_and_hms(2026, 11, 25, 3, 50, 0).unwrap();
    (0..75).map(|i| first + Duration::minutes(5 * i)).collect()
}

async fn all_calls(ledger: &dyn CallLedger) -> Vec<StoredCall> {
    let query = CallPageQuery { symbol: Symbol::Nifty, limit: 200, cursor: None, opened_before: None };
    ledger.page(&query).await.unwrap().calls
}

#[tokio::test]
async fn each_close_records_the_sessions_calls_once_in_a_verifiable_chain() {
    let ledger = Arc::new(MemoryCallLedger::new());
    let live = recorder(ledger.clone());
    let mut new = 0;
    for close in closes() {
        new += live.on_close(Symbol::Nifty, close).await;
    }

    let calls = all_calls(&*ledger).await;
    assert!(!calls.is_empty(), "the simulated session has stance changes");
    assert!(calls.iter().all(|stored| !stored.call.is_open()), "no call carries past the session's end");
    assert_eq!(new, 2 * calls.len(), "one opening and one close each");
    let entries = ledger.entries(0, 1_000).await.unwrap();
    assert!(verify(&entries).is_ok());
    assert_eq!(live.on_close(Symbol::Nifty, *closes().last().unwrap()).await, 0, "a repeat records nothing");
}

#[tokio::test]
async fn an_instance_that_saw_only_the_last_close_records_the_same_calls() {
    let every_close = Arc::new(MemoryCallLedger::new());
    for close in closes() {
        recorder(every_close.clone()).on_close(Symbol::Nifty, close).await;
    }
    let late = Arc::new(MemoryCallLedger::new());

    recorder(late.clone()).on_close(Symbol::Nifty, *closes().last().unwrap()).await;

    let calls = |stored: Vec<StoredCall>| stored.into_iter().map(|s| s.call).collect::<Vec<_>>();
    assert_eq!(calls(all_calls(&*late).await), calls(all_calls(&*every_close).await));
}
