//! The daily signal quota: free users get a fixed number of requests per calendar day,
//! paid users are not counted at all.
//!
//! "Day" is the calendar day in a configured time zone (default `Asia/Kolkata`, the market's),
//! not UTC: an Indian trader's quota must not reset at 05:30 in the morning.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::Plan;

#[derive(Clone, Copy, Debug)]
pub struct QuotaPolicy {
    pub free_requests_per_day: u32,
    pub zone: Tz,
}

/// One quota day: its calendar date in the policy's zone and the instant it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaDay {
    pub date: NaiveDate,
    pub resets_at: DateTime<Utc>,
}

/// The answer for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaDecision {
    /// Paid plan: not counted.
    Unlimited,
    /// Counted against the free allowance.
    Limited { allowed: bool, limit: u32, remaining: u32, resets_at: DateTime<Utc> },
}

impl QuotaDecision {
    pub fn is_allowed(&self) -> bool {
        match self {
            QuotaDecision::Unlimited => true,
            QuotaDecision::Limited { allowed, .. } => *allowed,
        }
    }
}

impl QuotaPolicy {
    pub fn day_of(&self, now: DateTime<Utc>) -> QuotaDay {
        let date = now.with_timezone(&self.zone).date_naive();
        let next = date.checked_add_days(Days::new(1)).expect("date within chrono's range");
        QuotaDay { date, resets_at: start_of(next, self.zone) }
    }

    /// Whether the plan is counted at all; callers skip the counter for paid users.
    pub fn counts(&self, plan: Plan) -> bool {
        !plan.is_paid()
    }

    /// Decides a free user's request, given the day's count *including* this request (the
    /// value an atomic increment returned).
    pub fn decide(&self, plan: Plan, count_including_this: u64, day: QuotaDay) -> QuotaDecision {
        if !self.counts(plan) {
            return QuotaDecision::Unlimited;
        }
        let limit = self.free_requests_per_day;
        let allowed = count_including_this <= u64::from(limit);
        let used = count_including_this.min(u64::from(limit)) as u32;
        QuotaDecision::Limited { allowed, limit, remaining: limit - used, resets_at: day.resets_at }
    }

    /// What a free user has left without spending a request (for status displays).
    pub fn peek(&self, count_so_far: u64, day: QuotaDay) -> QuotaDecision {
        let limit = self.free_requests_per_day;
        let used = count_so_far.min(u64::from(limit)) as u32;
        QuotaDecision::Limited { allowed: used < limit, limit, remaining: limit - used, resets_at: day.resets_at }
    }
}

/// Local midnight of `date` in `zone`, as an instant. Zones that skip midnight on a DST
/// change (none in India, some elsewhere) start the day at the first instant that exists.
fn start_of(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    match zone.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let one_am = date.and_hms_opt(1, 0, 0).expect("1am exists");
            zone.from_local_datetime(&one_am).earliest().expect("1am exists after a gap").with_timezone(&Utc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kolkata() -> QuotaPolicy {
        QuotaPolicy { free_requests_per_day: 3, zone: chrono_tz::Asia::Kolkata }
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn the_quota_day_follows_kolkata_midnight_not_utc() {
        // 18:29 UTC is 23:59 IST on the 25th; 18:30 UTC is 00:00 IST on the 26th.
        let policy = kolkata();
        let before = policy.day_of(utc(2026, 11, 25, 18, 29));
        let after = policy.day_of(utc(2026, 11, 25, 18, 30));
        assert_eq!(before.date, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        assert_eq!(after.date, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        assert_eq!(before.resets_at, utc(2026, 11, 25, 18, 30));
    }

    #[test]
    fn the_first_three_requests_pass_and_the_fourth_is_denied() {
        let policy = kolkata();
        let day = policy.day_of(utc(2026, 11, 25, 9, 0));
        let remaining: Vec<_> = (1..=4).map(|n| policy.decide(Plan::Free, n, day)).collect();
        assert!(remaining[..3].iter().all(QuotaDecision::is_allowed));
        assert!(!remaining[3].is_allowed());
        assert_eq!(
            remaining[2],
            QuotaDecision::Limited { allowed: true, limit: 3, remaining: 0, resets_at: day.resets_at }
        );
    }

    #[test]
    fn paid_users_are_never_limited() {
        let policy = kolkata();
        let day = policy.day_of(utc(2026, 11, 25, 9, 0));
        assert_eq!(policy.decide(Plan::Paid, 10_000, day), QuotaDecision::Unlimited);
    }

    #[test]
    fn a_new_day_in_the_zone_starts_a_new_count() {
        let policy = kolkata();
        let d1 = policy.day_of(utc(2026, 12, 31, 18, 0));
        let d2 = policy.day_of(utc(2026, 12, 31, 19, 0));
        assert_ne!(d1.date, d2.date, "year rollover at IST midnight");
        assert_eq!(d2.date, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    }

    #[test]
    fn dst_zones_reset_at_their_own_midnight() {
        let policy = QuotaPolicy { free_requests_per_day: 3, zone: chrono_tz::America::New_York };
        // 2026-03-08 is the US spring-forward day: that day is only 23 hours long.
        let day = policy.day_of(utc(2026, 3, 8, 12, 0));
        assert_eq!(day.resets_at, utc(2026, 3, 9, 4, 0));
    }

    #[test]
    fn peek_reports_what_is_left_without_counting() {
        let policy = kolkata();
        let day = policy.day_of(utc(2026, 11, 25, 9, 0));
        assert!(matches!(policy.peek(1, day), QuotaDecision::Limited { remaining: 2, allowed: true, .. }));
        assert!(matches!(policy.peek(7, day), QuotaDecision::Limited { remaining: 0, allowed: false, .. }));
    }
}
