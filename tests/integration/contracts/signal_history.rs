//! The `SignalHistory` contract, run against memory, SQLite and PostgreSQL: each signal is
//! stored once per (symbol, timestamp) even under concurrent writers, queries are newest
//! first with a limit and a cut-off, outcomes are settled once, and the track record counts
//! only settled BUY/SELL calls.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::domain::calls::{CallId, Direction, OpenCall, Position};
use signalbox::domain::market::SourceName;
use signalbox::domain::signals::{Action, Indicators, Outcome, Signal, Symbol};
use signalbox::ports::{HistoryQuery, Recorded, SignalHistory};

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 0, 0).unwrap() + Duration::minutes(minute)
}

fn signal(symbol: Symbol, minute: i64, action: Action) -> Signal {
    Signal {
        symbol,
        action,
        price: 26_000.05 + minute as f64,
        confidence: 0.72,
        generated_at: at(minute),
        reason: format!("{} at minute {minute}", action.as_str()),
        indicators: Indicators { fast_ma: Some(26_001.2), slow_ma: Some(25_990.7), rsi: Some(58.1) },
        // Not the defaults of rows stored before provenance existed ('unknown', simulated, the
        // candle close): a store that dropped these fields would give those back.
        source: SourceName::parse("yahoo").unwrap(),
        simulated: false,
        published_at: at(minute) + Duration::milliseconds(61_250),
        position: position(symbol, minute, action),
    }
}

/// A BUY or SELL stands on an open call with its levels; a HOLD is flat since a while back.
fn position(symbol: Symbol, minute: i64, action: Action) -> Position {
    let since = at(minute) - Duration::minutes(25) + Duration::milliseconds(750);
    match Direction::of(action) {
        Some(direction) => Position {
            call: Some(OpenCall {
                id: CallId::of(symbol, at(minute) - Duration::minutes(25)),
                direction,
                stop_loss: 25_970.15,
                target: 26_040.35,
            }),
            since: Some(since),
        },
        None => Position::flat(Some(since)),
    }
}

fn query(symbol: Symbol, up_to: Option<DateTime<Utc>>, limit: usize) -> HistoryQuery {
    HistoryQuery { symbol, up_to, limit }
}

fn outcome(hit: Option<bool>) -> Outcome {
    Outcome { after_minutes: 15, move_pct: 0.21, hit }
}

async fn a_signal_comes_back_as_it_was_stored(history: Arc<dyn SignalHistory>) {
    let mut stored = signal(Symbol::Nifty, 0, Action::Buy);
    stored.indicators.rsi = None;
    assert_eq!(history.record(&stored).await.unwrap(), Recorded::New);

    let got = history.recent(query(Symbol::Nifty, None, 10)).await.unwrap();

    assert_eq!(got.len(), 1);
    assert_eq!(got[0].signal, stored, "every field, a missing indicator included");
    assert_eq!(got[0].outcome, None);
}

async fn recording_the_same_candle_again_keeps_the_first(history: Arc<dyn SignalHistory>) {
    let first = signal(Symbol::Nifty, 5, Action::Buy);
    let mut again = first.clone();
    again.reason = "recomputed".into();
    history.record(&first).await.unwrap();

    assert_eq!(history.record(&again).await.unwrap(), Recorded::AlreadyStored);
    let got = history.recent(query(Symbol::Nifty, None, 10)).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].signal, first);
}

async fn of_concurrent_writers_of_one_candle_exactly_one_stores_it(history: Arc<dyn SignalHistory>) {
    let writers: Vec<_> = (0..8)
        .map(|_| {
            let history = history.clone();
            tokio::spawn(async move { history.record(&signal(Symbol::BankNifty, 10, Action::Sell)).await.unwrap() })
        })
        .collect();
    let mut results = Vec::new();
    for writer in writers {
        results.push(writer.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| **r == Recorded::New).count(), 1, "{results:?}");
    assert_eq!(history.recent(query(Symbol::BankNifty, None, 10)).await.unwrap().len(), 1);
}

async fn recent_is_newest_first_limited_cut_off_and_per_symbol(history: Arc<dyn SignalHistory>) {
    for minute in [0, 5, 10, 15, 20] {
        history.record(&signal(Symbol::Nifty, minute, Action::Hold)).await.unwrap();
    }
    history.record(&signal(Symbol::BankNifty, 25, Action::Hold)).await.unwrap();
    let times = |entries: Vec<signalbox::ports::HistoryEntry>| -> Vec<_> {
        entries.into_iter().map(|e| e.signal.generated_at).collect()
    };

    let newest = history.recent(query(Symbol::Nifty, None, 3)).await.unwrap();
    assert_eq!(times(newest), vec![at(20), at(15), at(10)]);
    let cut = history.recent(query(Symbol::Nifty, Some(at(10)), 10)).await.unwrap();
    assert_eq!(times(cut), vec![at(10), at(5), at(0)], "the cut-off is inclusive");
    let bank = history.recent(query(Symbol::BankNifty, None, 10)).await.unwrap();
    assert_eq!(times(bank), vec![at(25)]);
}

async fn an_outcome_is_settled_once_and_kept(history: Arc<dyn SignalHistory>) {
    history.record(&signal(Symbol::Nifty, 0, Action::Buy)).await.unwrap();
    history.record(&signal(Symbol::Nifty, 5, Action::Hold)).await.unwrap();
    history.record(&signal(Symbol::Nifty, 10, Action::Sell)).await.unwrap();

    let pending = history.unsettled(Symbol::Nifty, at(5), 10).await.unwrap();
    assert_eq!(pending.iter().map(|s| s.generated_at).collect::<Vec<_>>(), vec![at(0), at(5)], "oldest first");

    history.settle(Symbol::Nifty, at(0), &outcome(Some(true))).await.unwrap();
    history.settle(Symbol::Nifty, at(5), &outcome(None)).await.unwrap();
    history
        .settle(Symbol::Nifty, at(0), &Outcome { after_minutes: 15, move_pct: -3.0, hit: Some(false) })
        .await
        .unwrap();
    history.settle(Symbol::Nifty, at(99), &outcome(Some(true))).await.unwrap();

    let got = history.recent(query(Symbol::Nifty, None, 10)).await.unwrap();
    assert_eq!(got[2].outcome, Some(outcome(Some(true))), "the first settlement stands");
    assert_eq!(got[1].outcome, Some(outcome(None)), "a HOLD has a move but no hit");
    assert_eq!(got[0].outcome, None);
    let pending = history.unsettled(Symbol::Nifty, at(60), 10).await.unwrap();
    assert_eq!(pending.iter().map(|s| s.generated_at).collect::<Vec<_>>(), vec![at(10)]);
}

crate::memory_and_sql_contract!(
    memory: |check| check(std::sync::Arc::new(signalbox::adapters::memory::MemorySignalHistory::new())),
    sql: |check, store| check(store);
    [
    a_signal_comes_back_as_it_was_stored,
    recording_the_same_candle_again_keeps_the_first,
    of_concurrent_writers_of_one_candle_exactly_one_stores_it,
    recent_is_newest_first_limited_cut_off_and_per_symbol,
    an_outcome_is_settled_once_and_kept,
    ]
);
