//! The track record: how often a symbol's calls were right, shown as it is, even when poor.
//!
//! Every stored signal counts in `recorded`; only BUY and SELL calls whose outcome is known
//! can be right or wrong, so the hit rate is `hits / judged` over those. With nothing judged
//! yet the rate is `None` (sent as `null`), never a flattering 0 % or 100 %.
//!
//! The API's `track_record.signals` is [`TrackRecord::judged`] (BUY/SELL calls with an
//! outcome), the denominator of its `hit_rate`; `recorded` is kept for the operators.

use super::Action;
use super::outcome::Outcome;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrackRecord {
    /// Signals in the record, HOLD and not-yet-judged included.
    pub recorded: u32,
    /// BUY/SELL calls with an outcome: the hit rate's denominator.
    pub judged: u32,
    pub hits: u32,
    /// `hits / judged`, 0.0..=1.0; `None` when nothing has been judged.
    pub hit_rate: Option<f64>,
}

impl TrackRecord {
    /// The record of `signals`: each an action and its outcome, if the horizon has passed.
    pub fn of<'a>(signals: impl IntoIterator<Item = (Action, Option<&'a Outcome>)>) -> Self {
        let (mut count, mut judged, mut hits) = (0u32, 0u32, 0u32);
        for (action, outcome) in signals {
            count += 1;
            if action == Action::Hold {
                continue;
            }
            if let Some(hit) = outcome.and_then(|o| o.hit) {
                judged += 1;
                hits += u32::from(hit);
            }
        }
        Self::from_counts(count, judged, hits)
    }

    /// The record from counts a store summed up itself.
    pub fn from_counts(recorded: u32, judged: u32, hits: u32) -> Self {
        let hit_rate = (judged > 0).then(|| f64::from(hits) / f64::from(judged));
        Self { recorded, judged, hits, hit_rate }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(hit: Option<bool>) -> Outcome {
        Outcome { after_minutes: 15, move_pct: 0.1, hit }
    }

    #[test]
    fn the_hit_rate_counts_only_judged_buy_and_sell_calls() {
        let hit = judged(Some(true));
        let miss = judged(Some(false));
        let hold = judged(None);
        let record = TrackRecord::of([
            (Action::Buy, Some(&hit)),
            (Action::Sell, Some(&miss)),
            (Action::Sell, Some(&miss)),
            (Action::Hold, Some(&hold)),
            (Action::Buy, None),
        ]);
        assert_eq!(record.recorded, 5);
        assert_eq!(record.judged, 3);
        assert_eq!(record.hits, 1);
        assert!((record.hit_rate.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn a_poor_record_is_reported_as_zero_not_hidden() {
        let miss = judged(Some(false));
        let record = TrackRecord::of([(Action::Buy, Some(&miss)), (Action::Buy, Some(&miss))]);
        assert_eq!(record.hit_rate, Some(0.0));
    }

    #[test]
    fn with_nothing_judged_the_hit_rate_is_none() {
        let hold = judged(None);
        assert_eq!(TrackRecord::of([(Action::Hold, Some(&hold)), (Action::Buy, None)]).hit_rate, None);
        let mislabelled = judged(Some(true));
        assert_eq!(TrackRecord::of([(Action::Hold, Some(&mislabelled))]).hits, 0, "a HOLD is never judged");
        assert_eq!(TrackRecord::of([]), TrackRecord { recorded: 0, judged: 0, hits: 0, hit_rate: None });
    }
}
