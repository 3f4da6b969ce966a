//! [`SignalHistory`] in process memory: the embedded default's history, and the fake the
//! use-case tests run on. One mutex over per-symbol ordered maps; a signal's key is its
//! timestamp, so "record once" is a map entry that is only ever inserted, never replaced.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::signals::{Outcome, Signal, Symbol};
use crate::ports::{HistoryEntry, HistoryQuery, Recorded, SignalHistory, StoreError};

#[derive(Default)]
pub struct MemorySignalHistory {
    entries: Mutex<HashMap<Symbol, BTreeMap<DateTime<Utc>, HistoryEntry>>>,
}

impl MemorySignalHistory {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut HashMap<Symbol, BTreeMap<DateTime<Utc>, HistoryEntry>>) -> T) -> T {
        f(&mut self.entries.lock().expect("signal history poisoned"))
    }
}

fn visible(up_to: Option<DateTime<Utc>>) -> impl Fn(&&HistoryEntry) -> bool {
    move |entry| up_to.is_none_or(|up_to| entry.signal.generated_at <= up_to)
}

#[async_trait]
impl SignalHistory for MemorySignalHistory {
    async fn record(&self, signal: &Signal) -> Result<Recorded, StoreError> {
        Ok(self.with(|all| {
            let symbol = all.entry(signal.symbol).or_default();
            if symbol.contains_key(&signal.generated_at) {
                return Recorded::AlreadyStored;
            }
            // Kept to the millisecond, as the SQL store keeps it.
            let mut stored = signal.clone();
            stored.published_at =
                DateTime::from_timestamp_millis(signal.published_at.timestamp_millis()).unwrap_or(signal.published_at);
            stored.position.since =
                signal.position.since.map(|at| DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at));
            symbol.insert(signal.generated_at, HistoryEntry { signal: stored, outcome: None });
            Recorded::New
        }))
    }

    async fn recent(&self, query: HistoryQuery) -> Result<Vec<HistoryEntry>, StoreError> {
        Ok(self.with(|all| {
            let Some(symbol) = all.get(&query.symbol) else { return Vec::new() };
            symbol.values().rev().filter(visible(query.up_to)).take(query.limit).cloned().collect()
        }))
    }

    async fn unsettled(
        &self,
        symbol: Symbol,
        closed_by: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Signal>, StoreError> {
        Ok(self.with(|all| {
            let Some(entries) = all.get(&symbol) else { return Vec::new() };
            entries
                .range(..=closed_by)
                .filter(|(_, entry)| entry.outcome.is_none())
                .take(limit)
                .map(|(_, entry)| entry.signal.clone())
                .collect()
        }))
    }

    async fn settle(&self, symbol: Symbol, timestamp: DateTime<Utc>, outcome: &Outcome) -> Result<(), StoreError> {
        self.with(|all| {
            if let Some(entry) = all.get_mut(&symbol).and_then(|entries| entries.get_mut(&timestamp)) {
                entry.outcome.get_or_insert(*outcome);
            }
        });
        Ok(())
    }
}
