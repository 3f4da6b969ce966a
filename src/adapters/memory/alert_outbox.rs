//! [`AlertOutbox`] in process memory: the embedded default's outbox and the fake the use-case
//! tests run on. One mutex over events and deliveries; leases are instants compared with the
//! caller's `now`, exactly as the SQL adapter compares `lease_until`, so the same contract
//! suite (lease expiry included) runs on both.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::UserId;
use crate::domain::alerts::{AlertChannel, AlertEvent, AlertEventKey, AlertKind};
use crate::domain::calls::CallId;
use crate::ports::{AlertOutbox, ChannelStats, Delivery, LeaseHolder, NewDelivery, Settlement, StoreError};

struct EventRow {
    event: AlertEvent,
    seq: u64,
    fanned_out: bool,
    lease_until: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Queued,
    Sent,
    Failed,
    Dropped,
}

struct DeliveryRow {
    seq: u64,
    not_before: DateTime<Utc>,
    held: bool,
    attempts: u32,
    status: Status,
    lease_until: Option<DateTime<Utc>>,
    queued_at: DateTime<Utc>,
}

type DeliveryKey = (AlertEventKey, UserId, AlertChannel);

/// Where a queued delivery stands in its channel's queue: due time, then arrival.
type QueueSlot = (DateTime<Utc>, u64, DeliveryKey);

#[derive(Default)]
struct State {
    seq: u64,
    events: BTreeMap<AlertEventKey, EventRow>,
    deliveries: BTreeMap<DeliveryKey, DeliveryRow>,
    /// The queued deliveries of each channel in claim order, as the SQL store's index has
    /// them: a claim reads the head of one queue instead of sorting every row (an alert burst
    /// claims thousands of times over tens of thousands of rows).
    queues: BTreeMap<AlertChannel, BTreeSet<QueueSlot>>,
}

impl State {
    fn enqueue(&mut self, key: &DeliveryKey, row: &DeliveryRow) {
        self.queues.entry(key.2).or_default().insert((row.not_before, row.seq, key.clone()));
    }

    fn dequeue(&mut self, key: &DeliveryKey, row: &DeliveryRow) {
        if let Some(queue) = self.queues.get_mut(&key.2) {
            queue.remove(&(row.not_before, row.seq, key.clone()));
        }
    }

    fn next(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Insert-if-absent; the call ledger calls this under its own lock (see
    /// [`MemoryAlertOutbox::add_in_ledger`]).
    fn add(&mut self, event: &AlertEvent) -> bool {
        if self.events.contains_key(&event.key) {
            return false;
        }
        let seq = self.next();
        self.events
            .insert(event.key.clone(), EventRow { event: event.clone(), seq, fanned_out: false, lease_until: None });
        true
    }
}

fn lease_free(lease_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    lease_until.is_none_or(|until| until <= now)
}

#[derive(Default)]
pub struct MemoryAlertOutbox {
    state: Mutex<State>,
}

impl MemoryAlertOutbox {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().expect("alert outbox poisoned"))
    }

    /// Adds `event` as part of a ledger record (the memory ledger holds its own lock around
    /// this call, so the entry and its alert are stored together).
    pub(super) fn add_in_ledger(&self, event: &AlertEvent) {
        self.with(|state| state.add(event));
    }
}

#[async_trait]
impl AlertOutbox for MemoryAlertOutbox {
    async fn add_event(&self, event: &AlertEvent) -> Result<bool, StoreError> {
        Ok(self.with(|state| state.add(event)))
    }

    async fn claim_events(
        &self,
        _holder: &LeaseHolder,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<AlertEvent>, StoreError> {
        Ok(self.with(|state| {
            let mut due: Vec<&mut EventRow> =
                state.events.values_mut().filter(|row| !row.fanned_out && lease_free(row.lease_until, now)).collect();
            due.sort_by_key(|row| (row.event.created_at, row.seq));
            due.into_iter()
                .take(limit)
                .map(|row| {
                    row.lease_until = Some(lease_until);
                    row.event.clone()
                })
                .collect()
        }))
    }

    async fn fan_out(&self, event: &AlertEventKey, deliveries: &[NewDelivery]) -> Result<(), StoreError> {
        self.with(|state| {
            let Some(queued_at) = state.events.get(event).map(|row| row.event.created_at) else { return };
            for delivery in deliveries {
                let key = (event.clone(), delivery.user, delivery.channel);
                if state.deliveries.contains_key(&key) {
                    continue;
                }
                let seq = state.next();
                let row = DeliveryRow {
                    seq,
                    not_before: delivery.not_before,
                    held: delivery.held,
                    attempts: 0,
                    status: Status::Queued,
                    lease_until: None,
                    queued_at,
                };
                state.enqueue(&key, &row);
                state.deliveries.insert(key, row);
            }
            if let Some(row) = state.events.get_mut(event) {
                row.fanned_out = true;
                row.lease_until = None;
            }
        });
        Ok(())
    }

    async fn claim_deliveries(
        &self,
        channel: AlertChannel,
        _holder: &LeaseHolder,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        Ok(self.with(|state| {
            let State { events, deliveries, queues, .. } = state;
            let Some(queue) = queues.get(&channel) else { return Vec::new() };
            let mut claimed = Vec::new();
            for (not_before, _, key) in queue {
                if claimed.len() >= limit || *not_before > now {
                    break;
                }
                let Some(row) = deliveries.get_mut(key) else { continue };
                if !lease_free(row.lease_until, now) {
                    continue;
                }
                let Some(event) = events.get(&key.0).map(|e| e.event.clone()) else { continue };
                row.lease_until = Some(lease_until);
                claimed.push(Delivery {
                    event,
                    user: key.1,
                    channel,
                    attempts: row.attempts,
                    held: row.held,
                    queued_at: row.queued_at,
                });
            }
            claimed
        }))
    }

    async fn settle(
        &self,
        event: &AlertEventKey,
        user: UserId,
        channel: AlertChannel,
        settlement: &Settlement,
    ) -> Result<(), StoreError> {
        self.with(|state| {
            let key = (event.clone(), user, channel);
            // Out of the map while it changes, so its queue slot can move with it.
            let Some(mut row) = state.deliveries.remove(&key) else { return };
            if row.status == Status::Queued {
                state.dequeue(&key, &row);
                row.lease_until = None;
                match settlement {
                    Settlement::Sent { .. } => row.status = Status::Sent,
                    Settlement::Retry { not_before, attempts, .. } => {
                        row.not_before = *not_before;
                        row.attempts = *attempts;
                    }
                    Settlement::Failed { .. } => row.status = Status::Failed,
                    Settlement::Dropped { .. } => row.status = Status::Dropped,
                }
                if row.status == Status::Queued {
                    state.enqueue(&key, &row);
                }
            }
            state.deliveries.insert(key, row);
        });
        Ok(())
    }

    async fn call_closed(&self, call: &CallId) -> Result<bool, StoreError> {
        Ok(self.with(|state| {
            state.events.get(&AlertEventKey::closed(call)).is_some_and(|row| row.event.kind == AlertKind::CallClosed)
        }))
    }

    async fn stats(&self) -> Result<Vec<(AlertChannel, ChannelStats)>, StoreError> {
        Ok(self.with(|state| {
            AlertChannel::ALL
                .into_iter()
                .map(|channel| {
                    let mut stats = ChannelStats::default();
                    for ((_, _, on), row) in &state.deliveries {
                        if *on != channel {
                            continue;
                        }
                        match row.status {
                            Status::Sent => stats.sent += 1,
                            Status::Failed => stats.failed += 1,
                            Status::Dropped => stats.dropped += 1,
                            Status::Queued => {
                                stats.queued += 1;
                                stats.oldest_queued_at =
                                    Some(stats.oldest_queued_at.map_or(row.queued_at, |at| at.min(row.queued_at)));
                            }
                        }
                    }
                    (channel, stats)
                })
                .collect()
        }))
    }
}
