//! Property tests: the parsers and time arithmetic that see untrusted input or every instant
//! of every day, checked against generated input instead of a handful of examples.
//!
//! Each property states what must hold for *any* input (no panic, a round trip, a bound);
//! proptest shrinks a failure to the smallest input that breaks it.

mod quota_day;
mod rate_window;
mod subscription_events;
mod webhook_events;
mod webhook_signature;

use chrono::{DateTime, Utc};
use proptest::prelude::*;

/// Any instant chrono can represent, down to the second.
/// A third of the cases fall within two days of either end, where overflows hide.
pub fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    let (min, max) = (DateTime::<Utc>::MIN_UTC.timestamp(), DateTime::<Utc>::MAX_UTC.timestamp());
    let edge = 2 * 86_400;
    prop_oneof![
        4 => min..=max,
        1 => min..=min + edge,
        1 => max - edge..=max,
    ]
    .prop_map(|secs| DateTime::from_timestamp(secs, 0).expect("within chrono's range"))
}

/// An instant between 2000 and 2100: the range where today's time-zone rules apply.
pub fn modern_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (946_684_800_i64..4_102_444_800).prop_map(|secs| DateTime::from_timestamp(secs, 0).expect("in range"))
}
