//! A map whose entries die at a deadline: the shared core of the in-memory counters, cache
//! and claims.
//!
//! Expiry is judged against a `now` the caller passes in (read from the injected `Clock`), so
//! tests move time by advancing a `ManualClock` instead of sleeping. An expired entry is
//! invisible at once; its memory is reclaimed by a sweep that runs when the map has doubled
//! since the previous sweep. That keeps the map within about twice its live entries while
//! costing amortised O(1) per insert, unlike a sweep every N writes, whose cost grows with
//! the number of live keys.
//!
//! The map is not synchronised: each fake holds it behind one `Mutex`, which is what makes
//! their read-modify-write steps atomic.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// Below this size a sweep is not worth its cost.
const MIN_SWEEP_LEN: usize = 64;

#[derive(Debug)]
pub(super) struct ExpiringMap<V> {
    entries: HashMap<String, Entry<V>>,
    sweep_at_len: usize,
}

#[derive(Debug)]
struct Entry<V> {
    value: V,
    expires_at: DateTime<Utc>,
}

impl<V> Entry<V> {
    /// Live strictly before its deadline: an entry that "expires at" T is gone at T.
    fn is_live(&self, now: DateTime<Utc>) -> bool {
        now < self.expires_at
    }
}

impl<V> ExpiringMap<V> {
    pub(super) fn new() -> Self {
        Self { entries: HashMap::new(), sweep_at_len: MIN_SWEEP_LEN }
    }

    /// The live value under `key`, if any.
    pub(super) fn get(&self, key: &str, now: DateTime<Utc>) -> Option<&V> {
        self.entries.get(key).filter(|entry| entry.is_live(now)).map(|entry| &entry.value)
    }

    /// The live value under `key`, mutably; its deadline is left as it is.
    pub(super) fn get_mut(&mut self, key: &str, now: DateTime<Utc>) -> Option<&mut V> {
        self.entries.get_mut(key).filter(|entry| entry.is_live(now)).map(|entry| &mut entry.value)
    }

    /// Stores `value` under `key` until `expires_at`, replacing any previous entry.
    pub(super) fn insert(&mut self, key: &str, value: V, expires_at: DateTime<Utc>, now: DateTime<Utc>) {
        self.entries.insert(key.to_owned(), Entry { value, expires_at });
        if self.entries.len() >= self.sweep_at_len {
            self.sweep(now);
        }
    }

    pub(super) fn remove(&mut self, key: &str) {
        self.entries.remove(key);
    }

    fn sweep(&mut self, now: DateTime<Utc>) {
        self.entries.retain(|_, entry| entry.is_live(now));
        self.sweep_at_len = (self.entries.len() * 2).max(MIN_SWEEP_LEN);
    }

    #[cfg(test)]
    fn stored_len(&self) -> usize {
        self.entries.len()
    }
}

/// The instant `ttl` after `now`, saturating instead of overflowing for absurd TTLs.
pub(super) fn deadline_after(now: DateTime<Utc>, ttl: Duration) -> DateTime<Utc> {
    TimeDelta::from_std(ttl).ok().and_then(|ttl| now.checked_add_signed(ttl)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).expect("valid timestamp")
    }

    #[test]
    fn an_entry_is_visible_until_its_deadline_and_not_at_it() {
        let mut map = ExpiringMap::new();
        let deadline = t0() + TimeDelta::seconds(10);
        map.insert("k", 7, deadline, t0());

        assert_eq!(map.get("k", deadline - TimeDelta::milliseconds(1)), Some(&7));
        assert_eq!(map.get("k", deadline), None);
        assert_eq!(map.get_mut("k", deadline), None);
    }

    #[test]
    fn expired_entries_are_swept_so_the_map_does_not_grow_without_bound() {
        let mut map = ExpiringMap::new();
        let mut now = t0();
        for i in 0..10_000 {
            map.insert(&format!("key-{i}"), i, now + TimeDelta::seconds(1), now);
            now += TimeDelta::seconds(2);
        }

        // Every entry but the newest has expired; only those since the last sweep remain.
        assert!(map.stored_len() <= MIN_SWEEP_LEN, "{}", map.stored_len());
    }

    #[test]
    fn live_entries_survive_a_sweep() {
        let mut map = ExpiringMap::new();
        let forever = t0() + TimeDelta::days(1);
        for i in 0..1_000 {
            map.insert(&format!("key-{i}"), i, forever, t0());
        }

        assert_eq!(map.stored_len(), 1_000);
        assert_eq!(map.get("key-0", t0()), Some(&0));
    }

    #[test]
    fn a_huge_ttl_saturates_instead_of_overflowing() {
        assert_eq!(deadline_after(t0(), Duration::MAX), DateTime::<Utc>::MAX_UTC);
        assert_eq!(deadline_after(t0(), Duration::from_secs(5)), t0() + TimeDelta::seconds(5));
    }
}
