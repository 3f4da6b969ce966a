//! Free users this process has already seen run out of today's requests.
//!
//! Once a free user's count for a quota day has passed the limit, every further request that
//! day is refused whatever the counter says: counts only grow within a day (no path gives a
//! request back), and a plan change to paid is checked before the quota. So after the first
//! refusal this process answers the rest of the day's refusals from memory instead of
//! incrementing the shared counter again. That makes a free user hammering `/signals` after
//! their third request cost no Redis round trip, which is where a scraper spends its
//! requests. The first requests of the day, the ones that can still be allowed, always go
//! through the shared, exact counter (the "three of thirty concurrent requests" rule holds
//! across instances).
//!
//! Keyed by user and quota date, so a new day starts counting again; bounded like the other
//! per-user caches.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;

use crate::domain::UserId;

/// Users remembered at most; past this, other days' entries are swept, then everything.
const MAX_ENTRIES: usize = 100_000;

#[derive(Default)]
pub(crate) struct ExhaustedQuotas {
    days: Mutex<HashMap<UserId, NaiveDate>>,
}

impl ExhaustedQuotas {
    /// Whether `user` has already been refused on quota day `date` in this process.
    pub(crate) fn contains(&self, user: UserId, date: NaiveDate) -> bool {
        self.days.lock().unwrap_or_else(|p| p.into_inner()).get(&user) == Some(&date)
    }

    /// Remembers that `user` ran out on quota day `date`.
    pub(crate) fn insert(&self, user: UserId, date: NaiveDate) {
        let mut days = self.days.lock().unwrap_or_else(|p| p.into_inner());
        if days.len() >= MAX_ENTRIES && !days.contains_key(&user) {
            days.retain(|_, day| *day == date);
            if days.len() >= MAX_ENTRIES {
                days.clear();
            }
        }
        days.insert(user, date);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_user_is_remembered_for_the_day_they_ran_out_only() {
        let (quotas, user) = (ExhaustedQuotas::default(), UserId::new_random());
        assert!(!quotas.contains(user, day(27)));
        quotas.insert(user, day(27));
        assert!(quotas.contains(user, day(27)));
        assert!(!quotas.contains(user, day(28)), "a new quota day counts again");
        assert!(!quotas.contains(UserId::new_random(), day(27)));
    }

    #[test]
    fn running_out_on_a_later_day_replaces_the_earlier_one() {
        let (quotas, user) = (ExhaustedQuotas::default(), UserId::new_random());
        quotas.insert(user, day(27));
        quotas.insert(user, day(28));
        assert!(quotas.contains(user, day(28)));
        assert!(!quotas.contains(user, day(27)));
    }
}
