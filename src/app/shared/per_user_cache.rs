//! Per-user facts kept in process so an authenticated request does not read the database:
//! each user's plan (every signal request needs it) and profile (`/auth/me`).
//!
//! An entry is kept until the earliest of: the TTL backstop (`ENTITLEMENT_CACHE_SECONDS`) and,
//! for a plan, the next instant it can change by the clock alone (an end of access,
//! [`EntitlementPolicy::plan_settled_until`](crate::domain::EntitlementPolicy::plan_settled_until)).
//! Anything else that changes a plan is a new billing fact, and whoever stores one announces
//! it on the [`AccountChanges`](crate::ports::AccountChanges) bus; every instance then drops
//! the user's entries. A profile (email, creation date) never changes while the account
//! exists; deleting the account is announced on the same bus. So an entry is stale only while
//! such an announcement is in flight (milliseconds) or, if it was lost, until the backstop.
//!
//! A read races an invalidation: a request reads the old state, the change is announced and
//! handled, then the request stores what it read. Every invalidation bumps a generation, and
//! an entry is stored only if no invalidation happened since its read began, so a stale read
//! never outlives the announcement that should have dropped it.
//!
//! Time is passed in, never read here, so tests drive it. A plain mutex: each critical
//! section is one hash-map operation, far shorter than anything that would contend on it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};

use crate::domain::UserId;

/// Entries kept at most; past this, expired ones are swept, and if that is not enough the
/// whole cache is dropped (a burst of reads refills it). ~100 bytes each: ~10 MiB at most.
const MAX_ENTRIES: usize = 100_000;

#[derive(Clone)]
struct Entry<V> {
    value: V,
    until: DateTime<Utc>,
}

pub(crate) struct PerUserCache<V> {
    ttl: Duration,
    entries: Mutex<HashMap<UserId, Entry<V>>>,
    generation: AtomicU64,
}

/// Taken before reading the database; hands the read back to [`PerUserCache::store`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadTicket(u64);

impl<V: Clone> PerUserCache<V> {
    /// A cache whose entries live at most `ttl`; zero turns caching off.
    pub(crate) fn new(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::new(HashMap::new()), generation: AtomicU64::new(0) }
    }

    /// The cached value, if there is one still valid at `now`.
    pub(crate) fn get(&self, user: UserId, now: DateTime<Utc>) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.get(&user).filter(|entry| now < entry.until).map(|entry| entry.value.clone())
    }

    /// Call before reading the state a value will be stored from.
    pub(crate) fn ticket(&self) -> ReadTicket {
        ReadTicket(self.generation.load(Ordering::Acquire))
    }

    /// Keeps `value`, read at `now` under `ticket`, until the earlier of `now + ttl` and
    /// `settled_until` (when it changes by itself). Ignored if anything was invalidated since
    /// the ticket was taken.
    pub(crate) fn store(
        &self,
        ticket: ReadTicket,
        user: UserId,
        value: V,
        now: DateTime<Utc>,
        settled_until: Option<DateTime<Utc>>,
    ) {
        let until = settled_until.map_or(now + self.ttl, |settled| settled.min(now + self.ttl));
        if until <= now {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        // Checked under the lock that `forget` bumps under, so no invalidation slips between.
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&user) {
            entries.retain(|_, entry| now < entry.until);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(user, Entry { value, until });
    }

    /// Drops the user's entry (their account or billing changed).
    pub(crate) fn forget(&self, user: UserId) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.remove(&user);
    }

    /// Drops every entry (changes may have been missed).
    pub(crate) fn forget_all(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Plan;
    use chrono::TimeZone;

    fn at(second: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap() + Duration::seconds(second)
    }

    fn cache() -> PerUserCache<Plan> {
        PerUserCache::new(Duration::seconds(30))
    }

    #[test]
    fn a_stored_plan_is_served_until_the_ttl_backstop() {
        let (cache, user) = (cache(), UserId::new_random());
        cache.store(cache.ticket(), user, Plan::Paid, at(0), None);
        assert_eq!(cache.get(user, at(29)), Some(Plan::Paid));
        assert_eq!(cache.get(user, at(30)), None);
    }

    #[test]
    fn a_plan_is_not_served_past_the_moment_access_ends() {
        let (cache, user) = (cache(), UserId::new_random());
        cache.store(cache.ticket(), user, Plan::Paid, at(0), Some(at(10)));
        assert_eq!(cache.get(user, at(9)), Some(Plan::Paid));
        assert_eq!(cache.get(user, at(10)), None);
    }

    #[test]
    fn an_access_end_after_the_backstop_does_not_extend_it() {
        let (cache, user) = (cache(), UserId::new_random());
        cache.store(cache.ticket(), user, Plan::Paid, at(0), Some(at(3600)));
        assert_eq!(cache.get(user, at(30)), None);
    }

    #[test]
    fn forgetting_a_user_drops_only_their_entry() {
        let (cache, user, other) = (cache(), UserId::new_random(), UserId::new_random());
        cache.store(cache.ticket(), user, Plan::Paid, at(0), None);
        cache.store(cache.ticket(), other, Plan::Free, at(0), None);
        cache.forget(user);
        assert_eq!(cache.get(user, at(1)), None);
        assert_eq!(cache.get(other, at(1)), Some(Plan::Free));
    }

    #[test]
    fn forgetting_everything_drops_every_entry() {
        let (cache, user) = (cache(), UserId::new_random());
        cache.store(cache.ticket(), user, Plan::Paid, at(0), None);
        cache.forget_all();
        assert_eq!(cache.get(user, at(1)), None);
    }

    #[test]
    fn a_read_that_began_before_an_invalidation_is_not_stored() {
        let (cache, user) = (cache(), UserId::new_random());
        let ticket = cache.ticket();
        // The change lands and is announced while the old state is being read.
        cache.forget(user);
        cache.store(ticket, user, Plan::Free, at(0), None);
        assert_eq!(cache.get(user, at(1)), None);
        // The next read, begun after the change, is stored.
        cache.store(cache.ticket(), user, Plan::Paid, at(1), None);
        assert_eq!(cache.get(user, at(2)), Some(Plan::Paid));
    }

    #[test]
    fn a_zero_ttl_caches_nothing() {
        let (cache, user) = (PerUserCache::<Plan>::new(Duration::zero()), UserId::new_random());
        cache.store(cache.ticket(), user, Plan::Paid, at(0), None);
        assert_eq!(cache.get(user, at(0)), None);
    }
}
