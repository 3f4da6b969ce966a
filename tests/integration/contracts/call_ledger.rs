//! The `CallLedger` contract, run against memory, SQLite and PostgreSQL: a call and its ledger
//! entry are stored once by id (a repeat is `AlreadyRecorded`), closes append their own entry,
//! pages walk every call exactly once newest first, and the chain read back verifies — also
//! after concurrent appends.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::domain::calls::{
    Call, CallEvent, CallId, CostBps, Direction, Exit, ExitReason, GENESIS_HASH, LedgerEntry, verify,
};
use signalbox::domain::signals::Symbol;
use signalbox::ports::{CallLedger, CallPageQuery, CallRecorded, StoredCall};

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 0, 0).unwrap() + Duration::minutes(minute)
}

fn opened(symbol: Symbol, minute: i64) -> Call {
    Call {
        id: CallId::of(symbol, at(minute)),
        symbol,
        direction: if minute % 2 == 0 { Direction::Long } else { Direction::Short },
        entry: 26_000.05 + minute as f64,
        stop_loss: 25_960.1,
        target: 26_060.35,
        confidence: 0.437,
        opened_at: at(minute),
        cost: CostBps::parse(6.5).unwrap(),
        exit: None,
    }
}

fn closed(call: &Call, reason: ExitReason) -> Call {
    let mut call = call.clone();
    call.exit = Some(Exit { closed_at: call.opened_at + Duration::minutes(3), price: 26_030.4, reason });
    call
}

async fn all_entries(ledger: &dyn CallLedger) -> Vec<signalbox::domain::calls::HashedEntry> {
    ledger.entries(0, 10_000).await.unwrap()
}

async fn walk(ledger: &dyn CallLedger, symbol: Symbol, limit: usize) -> Vec<StoredCall> {
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = ledger.page(&CallPageQuery { symbol, limit, cursor, opened_before: None }).await.unwrap();
        assert!(page.calls.len() <= limit);
        seen.extend(page.calls);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return seen,
        }
    }
}

async fn an_opened_and_closed_call_comes_back_with_its_two_linked_entries(ledger: Arc<dyn CallLedger>) {
    let call = opened(Symbol::Nifty, 15);
    let done = closed(&call, ExitReason::Stop);

    let first = ledger.record(&CallEvent::Opened(call.clone())).await.unwrap();
    let second = ledger.record(&CallEvent::Closed(done.clone())).await.unwrap();

    let (CallRecorded::New(first), CallRecorded::New(second)) = (first, second) else { panic!("both new") };
    assert_eq!((first.len(), second.len()), (1, 1));
    assert_eq!(first[0].prev_hash, GENESIS_HASH);
    assert_eq!(second[0].prev_hash, first[0].hash);
    let entries = all_entries(&*ledger).await;
    assert_eq!(entries, vec![first[0].clone(), second[0].clone()]);
    assert_eq!(entries[0].entry, LedgerEntry::opened(&call));
    assert_eq!(entries[1].entry, LedgerEntry::closed(&done).unwrap());
    assert_eq!(verify(&entries), Ok(second[0].hash));

    let stored = ledger.closed_calls(Symbol::Nifty, None).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].call, done, "every field as recorded");
    assert_eq!((stored[0].opened.height, stored[0].opened.hash), (0, first[0].hash));
    assert_eq!(stored[0].closed.map(|link| (link.height, link.prev_hash)), Some((1, first[0].hash)));
    let head = ledger.head().await.unwrap().unwrap();
    assert_eq!((head.height, head.hash, head.at), (1, second[0].hash, done.exit.unwrap().closed_at));
}

async fn a_repeated_opening_or_close_is_already_recorded_and_appends_nothing(ledger: Arc<dyn CallLedger>) {
    let call = opened(Symbol::Nifty, 5);
    ledger.record(&CallEvent::Opened(call.clone())).await.unwrap();
    let mut recomputed = call.clone();
    recomputed.confidence = 0.9;

    assert_eq!(ledger.record(&CallEvent::Opened(recomputed)).await.unwrap(), CallRecorded::AlreadyRecorded);
    ledger.record(&CallEvent::Closed(closed(&call, ExitReason::Target))).await.unwrap();
    let again = closed(&call, ExitReason::SessionEnd);
    assert_eq!(ledger.record(&CallEvent::Closed(again)).await.unwrap(), CallRecorded::AlreadyRecorded);

    let entries = all_entries(&*ledger).await;
    assert_eq!(entries.len(), 2);
    assert!(verify(&entries).is_ok());
    let stored = ledger.closed_calls(Symbol::Nifty, None).await.unwrap();
    assert_eq!(stored[0].call, closed(&call, ExitReason::Target), "the first write wins");
}

async fn a_close_of_an_unrecorded_call_records_its_opening_first(ledger: Arc<dyn CallLedger>) {
    let done = closed(&opened(Symbol::BankNifty, 7), ExitReason::Reversed);

    let recorded = ledger.record(&CallEvent::Closed(done.clone())).await.unwrap();

    let CallRecorded::New(appended) = recorded else { panic!("new") };
    let mut opening = done.clone();
    opening.exit = None;
    assert_eq!(
        appended.iter().map(|e| e.entry.clone()).collect::<Vec<_>>(),
        vec![LedgerEntry::opened(&opening), LedgerEntry::closed(&done).unwrap()]
    );
    assert!(verify(&all_entries(&*ledger).await).is_ok());
}

async fn paging_returns_every_call_exactly_once_newest_first_per_symbol(ledger: Arc<dyn CallLedger>) {
    for minute in 0..23 {
        ledger.record(&CallEvent::Opened(opened(Symbol::Nifty, minute))).await.unwrap();
    }
    ledger.record(&CallEvent::Opened(opened(Symbol::BankNifty, 3))).await.unwrap();

    let seen = walk(&*ledger, Symbol::Nifty, 5).await;

    let ids: Vec<_> = seen.iter().map(|s| s.call.id.clone()).collect();
    let expected: Vec<_> = (0..23).rev().map(|m| CallId::of(Symbol::Nifty, at(m))).collect();
    assert_eq!(ids, expected);
    let exact = walk(&*ledger, Symbol::Nifty, 23).await;
    assert_eq!(exact.len(), 23, "a full last page has no next cursor");
}

async fn calls_arriving_while_paging_do_not_repeat_or_skip_stored_ones(ledger: Arc<dyn CallLedger>) {
    for minute in 10..20 {
        ledger.record(&CallEvent::Opened(opened(Symbol::Nifty, minute))).await.unwrap();
    }
    let query = |cursor| CallPageQuery { symbol: Symbol::Nifty, limit: 4, cursor, opened_before: None };
    let first = ledger.page(&query(None)).await.unwrap();

    for minute in 20..30 {
        ledger.record(&CallEvent::Opened(opened(Symbol::Nifty, minute))).await.unwrap();
    }
    let mut seen: Vec<_> = first.calls.iter().map(|s| s.call.id.clone()).collect();
    let mut cursor = first.next_cursor;
    while let Some(next) = cursor {
        let page = ledger.page(&query(Some(next))).await.unwrap();
        seen.extend(page.calls.iter().map(|s| s.call.id.clone()));
        cursor = page.next_cursor;
    }

    let expected: Vec<_> = (10..20).rev().map(|m| CallId::of(Symbol::Nifty, at(m))).collect();
    assert_eq!(seen, expected);
}

async fn a_cut_off_hides_calls_opened_at_or_after_it(ledger: Arc<dyn CallLedger>) {
    for minute in [1, 2, 3] {
        let call = opened(Symbol::Nifty, minute);
        ledger.record(&CallEvent::Closed(closed(&call, ExitReason::Target))).await.unwrap();
    }

    let page = ledger
        .page(&CallPageQuery { symbol: Symbol::Nifty, limit: 10, cursor: None, opened_before: Some(at(2)) })
        .await
        .unwrap();
    let closed_before = ledger.closed_calls(Symbol::Nifty, Some(at(3))).await.unwrap();

    assert_eq!(page.calls.iter().map(|s| s.call.opened_at).collect::<Vec<_>>(), vec![at(1)]);
    assert_eq!(closed_before.iter().map(|s| s.call.opened_at).collect::<Vec<_>>(), vec![at(1), at(2)]);
}

async fn closed_calls_are_oldest_first_and_leave_open_ones_out(ledger: Arc<dyn CallLedger>) {
    for minute in [30, 10, 20] {
        let call = opened(Symbol::Nifty, minute);
        ledger.record(&CallEvent::Closed(closed(&call, ExitReason::SessionEnd))).await.unwrap();
    }
    ledger.record(&CallEvent::Opened(opened(Symbol::Nifty, 40))).await.unwrap();

    let got = ledger.closed_calls(Symbol::Nifty, None).await.unwrap();

    assert_eq!(got.iter().map(|s| s.call.opened_at).collect::<Vec<_>>(), vec![at(10), at(20), at(30)]);
    assert!(ledger.closed_calls(Symbol::BankNifty, None).await.unwrap().is_empty());
}

async fn an_empty_ledger_has_no_head_and_no_entries(ledger: Arc<dyn CallLedger>) {
    assert_eq!(ledger.head().await.unwrap(), None);
    assert!(all_entries(&*ledger).await.is_empty());
}

async fn entries_are_read_by_height_range(ledger: Arc<dyn CallLedger>) {
    for minute in 0..6 {
        ledger.record(&CallEvent::Opened(opened(Symbol::Nifty, minute))).await.unwrap();
    }

    let middle = ledger.entries(2, 3).await.unwrap();

    assert_eq!(middle.iter().map(|e| e.height).collect::<Vec<_>>(), vec![2, 3, 4]);
    assert_eq!(middle[0].prev_hash, ledger.entries(1, 1).await.unwrap()[0].hash);
}

async fn concurrent_appends_keep_the_chain_linear_and_each_event_recorded_once(ledger: Arc<dyn CallLedger>) {
    let racers: Vec<_> = (0..2)
        .map(|_| {
            let ledger = ledger.clone();
            tokio::spawn(async move {
                let mut new = 0;
                for minute in 0..12 {
                    let call = opened(if minute % 3 == 0 { Symbol::BankNifty } else { Symbol::Nifty }, minute);
                    for event in [CallEvent::Opened(call.clone()), CallEvent::Closed(closed(&call, ExitReason::Stop))] {
                        if let CallRecorded::New(_) = ledger.record(&event).await.unwrap() {
                            new += 1;
                        }
                    }
                }
                new
            })
        })
        .collect();
    let mut new = 0;
    for racer in racers {
        new += racer.await.unwrap();
    }

    let entries = all_entries(&*ledger).await;
    assert_eq!(entries.len(), 24, "one opening and one close per call");
    assert_eq!(new, 24, "each event was new exactly once");
    assert_eq!(verify(&entries).map(|_| ()), Ok(()));
}

crate::memory_and_sql_contract!(
    memory: |check| check(std::sync::Arc::new(signalbox::adapters::memory::MemoryCallLedger::new())),
    sql: |check, store| check(store);
    [
    an_opened_and_closed_call_comes_back_with_its_two_linked_entries,
    a_repeated_opening_or_close_is_already_recorded_and_appends_nothing,
    a_close_of_an_unrecorded_call_records_its_opening_first,
    paging_returns_every_call_exactly_once_newest_first_per_symbol,
    calls_arriving_while_paging_do_not_repeat_or_skip_stored_ones,
    a_cut_off_hides_calls_opened_at_or_after_it,
    closed_calls_are_oldest_first_and_leave_open_ones_out,
    an_empty_ledger_has_no_head_and_no_entries,
    entries_are_read_by_height_range,
    concurrent_appends_keep_the_chain_linear_and_each_event_recorded_once,
    ]
);
