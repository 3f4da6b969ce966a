//! The free quota's day: when it starts and ends for any instant in any time zone.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};
use proptest::prelude::*;
use signalbox::domain::QuotaPolicy;

use super::{any_instant, modern_instant};

/// The longest calendar day anywhere since 2000: Antarctica/Casey's 27 hours (2010-03-05),
/// when the station moved its clocks back three hours. DST days are 25 hours, Troll's 26.
const LONGEST_DAY: Duration = Duration::hours(27);

fn any_zone() -> impl Strategy<Value = Tz> {
    proptest::sample::select(TZ_VARIANTS.to_vec())
}

fn policy(zone: Tz) -> QuotaPolicy {
    QuotaPolicy { free_requests_per_day: 3, zone }
}

proptest! {
    #[test]
    fn the_quota_resets_after_now_and_within_one_long_day(now in modern_instant(), zone in any_zone()) {
        let day = policy(zone).day_of(now);
        prop_assert!(day.resets_at > now, "{zone}: resets at {} for {now}", day.resets_at);
        prop_assert!(day.resets_at - now <= LONGEST_DAY, "{zone}: resets at {} for {now}", day.resets_at);
    }

    #[test]
    fn every_instant_until_the_reset_belongs_to_the_same_day(
        now in modern_instant(),
        zone in any_zone(),
        fraction in 0.0f64..1.0,
    ) {
        let policy = policy(zone);
        let day = policy.day_of(now);
        let left = (day.resets_at - now).num_seconds();
        let later = now + Duration::seconds((left as f64 * fraction) as i64);
        prop_assert_eq!(policy.day_of(later), day);
        let next = policy.day_of(day.resets_at);
        prop_assert!(next.date > day.date && next.resets_at > day.resets_at);
    }

    #[test]
    fn kolkata_days_are_exactly_24_hours_from_local_midnight(now in modern_instant()) {
        let day = policy(chrono_tz::Asia::Kolkata).day_of(now);
        prop_assert!(day.resets_at - now <= Duration::hours(24));
        let local = day.resets_at.with_timezone(&chrono_tz::Asia::Kolkata);
        prop_assert_eq!(local.time(), chrono::NaiveTime::MIN);
        prop_assert_eq!(local.date_naive(), day.date.succ_opt().unwrap());
    }

    #[test]
    fn any_instant_in_any_zone_has_a_quota_day_without_panicking(now in any_instant(), zone in any_zone()) {
        let day = policy(zone).day_of(now);
        prop_assert!(day.resets_at >= now);
    }
}

/// Days whose midnight *and* 1 a.m. do not exist: the clocks jumped over both. The quota day
/// must still end at the jump.
#[test]
fn days_skipped_by_a_zone_end_the_previous_day_at_the_jump() {
    let cases: [(Tz, DateTime<Utc>, DateTime<Utc>); 3] = [
        // Samoa crossed the date line: 2011-12-29 23:59:59 -10:00 was followed by 2011-12-31 00:00 +14:00.
        (chrono_tz::Pacific::Apia, utc(2011, 12, 30, 9, 0), utc(2011, 12, 30, 10, 0)),
        (chrono_tz::Pacific::Fakaofo, utc(2011, 12, 30, 9, 0), utc(2011, 12, 30, 11, 0)),
        // Casey went from +08:00 to +11:00 at 2016-10-22 00:00 local.
        (chrono_tz::Antarctica::Casey, utc(2016, 10, 21, 12, 0), utc(2016, 10, 21, 16, 0)),
    ];
    for (zone, now, jump) in cases {
        let day = policy(zone).day_of(now);
        assert_eq!(day.resets_at, jump, "{zone}");
        assert!(policy(zone).day_of(jump).date > day.date, "{zone}");
    }
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}
