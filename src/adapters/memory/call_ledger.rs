//! [`CallLedger`] in process memory: the embedded default's ledger, and the fake the use-case
//! tests run on. One mutex over the calls (by id, so ids order them) and the chain: holding
//! it while checking for the call and appending is what makes a record atomic and the chain
//! linear, the same guarantees the SQL adapter gets from its transaction. Each new opening and
//! close also adds its alert event to the [`MemoryAlertOutbox`] under that lock.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::MemoryAlertOutbox;
use crate::domain::alerts::AlertEvent;
use crate::domain::calls::{Call, CallEvent, CallId, HashedEntry, LedgerEntry, append};
use crate::domain::signals::Symbol;
use crate::ports::{
    CallLedger, CallPage, CallPageQuery, CallRecorded, LedgerHead, LedgerLink, MAX_CALLS_PAGE, StoreError, StoredCall,
};

#[derive(Default)]
struct State {
    calls: BTreeMap<CallId, StoredCall>,
    chain: Vec<HashedEntry>,
}

impl State {
    fn append(&mut self, entry: LedgerEntry) -> HashedEntry {
        let hashed = append(self.chain.last(), entry);
        self.chain.push(hashed.clone());
        hashed
    }
}

fn link(entry: &HashedEntry) -> LedgerLink {
    LedgerLink { height: entry.height, hash: entry.hash, prev_hash: entry.prev_hash }
}

#[derive(Default)]
pub struct MemoryCallLedger {
    state: Mutex<State>,
    outbox: Arc<MemoryAlertOutbox>,
}

impl MemoryCallLedger {
    /// A ledger with an outbox of its own (alerts nobody reads).
    pub fn new() -> Self {
        Self::default()
    }

    /// A ledger that adds each new opening's and close's alert to `outbox`.
    pub fn with_outbox(outbox: Arc<MemoryAlertOutbox>) -> Self {
        Self { state: Mutex::default(), outbox }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().expect("call ledger poisoned"))
    }
}

fn opened_before(call: &Call, cut_off: Option<DateTime<Utc>>) -> bool {
    cut_off.is_none_or(|cut_off| call.opened_at < cut_off)
}

#[async_trait]
impl CallLedger for MemoryCallLedger {
    async fn record(&self, event: &CallEvent) -> Result<CallRecorded, StoreError> {
        let outbox = self.outbox.clone();
        Ok(self.with(|state| {
            let mut appended = Vec::new();
            let call = match event {
                CallEvent::Opened(call) | CallEvent::Closed(call) => call,
            };
            if !state.calls.contains_key(&call.id) {
                let mut opening = call.clone();
                opening.exit = None;
                let hashed = state.append(LedgerEntry::opened(&opening));
                outbox.add_in_ledger(&AlertEvent::call_opened(&opening, opening.opened_at));
                state.calls.insert(call.id.clone(), StoredCall { call: opening, opened: link(&hashed), closed: None });
                appended.push(hashed);
            }
            if let CallEvent::Closed(call) = event
                && let Some(close) = LedgerEntry::closed(call)
                && state.calls.get(&call.id).is_some_and(|stored| stored.closed.is_none())
            {
                let hashed = state.append(close);
                let stored = state.calls.get_mut(&call.id).expect("stored above");
                stored.call.exit = call.exit;
                stored.closed = Some(link(&hashed));
                if let Some(exit) = call.exit
                    && let Some(alert) = AlertEvent::call_closed(call, exit.closed_at)
                {
                    outbox.add_in_ledger(&alert);
                }
                appended.push(hashed);
            }
            if appended.is_empty() { CallRecorded::AlreadyRecorded } else { CallRecorded::New(appended) }
        }))
    }

    async fn page(&self, query: &CallPageQuery) -> Result<CallPage, StoreError> {
        let limit = query.limit.clamp(1, MAX_CALLS_PAGE);
        Ok(self.with(|state| {
            let mut found = state
                .calls
                .values()
                .rev()
                .filter(|stored| stored.call.symbol == query.symbol)
                .filter(|stored| query.cursor.as_ref().is_none_or(|cursor| stored.call.id < *cursor))
                .filter(|stored| opened_before(&stored.call, query.opened_before))
                .take(limit + 1)
                .cloned()
                .collect::<Vec<_>>();
            let more = found.len() > limit;
            found.truncate(limit);
            let next_cursor = if more { found.last().map(|stored| stored.call.id.clone()) } else { None };
            CallPage { calls: found, next_cursor }
        }))
    }

    async fn closed_calls(
        &self,
        symbol: Symbol,
        cut_off: Option<DateTime<Utc>>,
    ) -> Result<Vec<StoredCall>, StoreError> {
        Ok(self.with(|state| {
            state
                .calls
                .values()
                .filter(|stored| stored.call.symbol == symbol && !stored.call.is_open())
                .filter(|stored| opened_before(&stored.call, cut_off))
                .cloned()
                .collect()
        }))
    }

    async fn head(&self) -> Result<Option<LedgerHead>, StoreError> {
        Ok(self.with(|state| {
            state.chain.last().map(|last| LedgerHead { height: last.height, hash: last.hash, at: last.entry.at() })
        }))
    }

    async fn entries(&self, from: u64, limit: usize) -> Result<Vec<HashedEntry>, StoreError> {
        Ok(self.with(|state| {
            let from = usize::try_from(from).unwrap_or(usize::MAX);
            state.chain.iter().skip(from).take(limit).cloned().collect()
        }))
    }
}
