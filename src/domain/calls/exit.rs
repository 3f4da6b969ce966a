//! When and at what price an open call ends, judged one later candle at a time.
//!
//! A candle ends a call at the first of, in this order:
//! 1. **A gap beyond a level**: the candle *opened* at or beyond the stop (or the target), so
//!    no order could have filled at the level itself: the exit is the candle's open, with
//!    reason `stop` (or `target`). Calls never hold overnight, so this is rare (a halt, a
//!    feed gap), but an honest record fills a gapped stop where the market was, not where
//!    the trader hoped.
//! 2. **The stop touched** by the candle's low (long) or high (short): exit at the stop. When
//!    the same candle also reached the target, the stop still counts: a 5-minute candle does
//!    not say which came first, and assuming the worst keeps the record from flattering us.
//! 3. **The target touched**: exit at the target.
//! 4. **The stance left the call's side** (to the other side, or to HOLD): exit at the close,
//!    reason `reversed`.
//! 5. **The session's last candle**: exit at its close, reason `session_end`.
//!
//! Only candles *after* the one that opened the call are judged (the opening candle's range
//! happened before its close, the entry), and only candles of the call's own session: the
//! [`book`](super::book) guarantees both.

use super::{Call, Direction, Exit, ExitReason};
use crate::domain::market::Candle;
use crate::domain::signals::Action;

/// The rules [`exit_on`] applies, in its order (the module docs say why), each with the
/// reason it records: what `GET /signals/model` publishes.
pub const EXIT_RULES: [(&str, ExitReason); 6] = [
    ("the candle opened at or beyond the stop: exit at its open", ExitReason::Stop),
    ("the candle opened at or beyond the target: exit at its open", ExitReason::Target),
    ("the stop was touched (even when the target was too): exit at the stop", ExitReason::Stop),
    ("the target was touched: exit at the target", ExitReason::Target),
    ("the stance left the call's side: exit at the close", ExitReason::Reversed),
    ("the session's last candle closed: exit at its close", ExitReason::SessionEnd),
];

/// How `candle`, closed after `call` opened and in the same session, ends the call, if it
/// does; `stance` is the model's stance at the candle's close.
pub fn exit_on(call: &Call, candle: &Candle, stance: Action, is_session_last: bool) -> Option<Exit> {
    let exit = |price: f64, reason: ExitReason| Some(Exit { closed_at: candle.close_time(), price, reason });
    // Distances past each level in the call's favour: positive means "at or beyond".
    let sign = call.direction.sign();
    let past_stop = |price: f64| sign * (call.stop_loss - price) >= 0.0;
    let past_target = |price: f64| sign * (price - call.target) >= 0.0;
    let (worst, best) = match call.direction {
        Direction::Long => (candle.low(), candle.high()),
        Direction::Short => (candle.high(), candle.low()),
    };

    if past_stop(candle.open()) {
        exit(candle.open(), ExitReason::Stop)
    } else if past_target(candle.open()) {
        exit(candle.open(), ExitReason::Target)
    } else if past_stop(worst) {
        exit(call.stop_loss, ExitReason::Stop)
    } else if past_target(best) {
        exit(call.target, ExitReason::Target)
    } else if Direction::of(stance) != Some(call.direction) {
        exit(candle.close(), ExitReason::Reversed)
    } else if is_session_last {
        exit(candle.close(), ExitReason::SessionEnd)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;
    use crate::domain::calls::{CallId, CostBps};
    use crate::domain::market::Interval;
    use crate::domain::signals::Symbol;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 5, minute, 0).unwrap()
    }

    fn call(direction: Direction) -> Call {
        let (stop_loss, target) = match direction {
            Direction::Long => (97.0, 104.0),
            Direction::Short => (103.0, 96.0),
        };
        Call {
            id: CallId::of(Symbol::Nifty, at(0)),
            symbol: Symbol::Nifty,
            direction,
            entry: 100.0,
            stop_loss,
            target,
            confidence: 0.4,
            opened_at: at(0),
            cost: CostBps::DEFAULT,
            exit: None,
        }
    }

    fn candle(open: f64, high: f64, low: f64, close: f64) -> Candle {
        Candle::new(Symbol::Nifty, Interval::FiveMinutes, at(0), open, high, low, close, None).unwrap()
    }

    fn reason_and_price(exit: Option<Exit>) -> Option<(ExitReason, f64)> {
        exit.map(|e| (e.reason, e.price))
    }

    #[test]
    fn a_candle_reaching_both_the_stop_and_the_target_counts_as_the_stop() {
        let wide = candle(100.0, 105.0, 96.0, 101.0);
        assert_eq!(
            reason_and_price(exit_on(&call(Direction::Long), &wide, Action::Buy, false)),
            Some((ExitReason::Stop, 97.0))
        );
        assert_eq!(
            reason_and_price(exit_on(&call(Direction::Short), &wide, Action::Sell, false)),
            Some((ExitReason::Stop, 103.0))
        );
    }

    #[test]
    fn a_touched_level_exits_at_the_level_and_a_gap_beyond_it_at_the_open() {
        let long = call(Direction::Long);
        assert_eq!(
            reason_and_price(exit_on(&long, &candle(101.0, 104.5, 100.5, 102.0), Action::Buy, false)),
            Some((ExitReason::Target, 104.0))
        );
        assert_eq!(
            reason_and_price(exit_on(&long, &candle(95.0, 99.0, 94.0, 98.0), Action::Buy, false)),
            Some((ExitReason::Stop, 95.0))
        );
        assert_eq!(
            reason_and_price(exit_on(&long, &candle(106.0, 107.0, 96.0, 97.0), Action::Buy, false)),
            Some((ExitReason::Target, 106.0))
        );
        let short = call(Direction::Short);
        assert_eq!(
            reason_and_price(exit_on(&short, &candle(99.0, 99.5, 95.5, 97.0), Action::Sell, false)),
            Some((ExitReason::Target, 96.0))
        );
    }

    #[test]
    fn leaving_the_side_or_the_last_candle_exits_at_the_close_and_otherwise_the_call_stays_open() {
        let long = call(Direction::Long);
        let quiet = candle(100.0, 101.0, 99.0, 100.5);
        assert_eq!(reason_and_price(exit_on(&long, &quiet, Action::Sell, false)), Some((ExitReason::Reversed, 100.5)));
        assert_eq!(reason_and_price(exit_on(&long, &quiet, Action::Hold, true)), Some((ExitReason::Reversed, 100.5)));
        assert_eq!(reason_and_price(exit_on(&long, &quiet, Action::Buy, true)), Some((ExitReason::SessionEnd, 100.5)));
        assert_eq!(exit_on(&long, &quiet, Action::Buy, false), None);
        assert_eq!(exit_on(&long, &quiet, Action::Buy, true).unwrap().closed_at, at(5));
    }

    #[test]
    fn the_published_exit_rules_are_the_order_exit_on_applies() {
        // Candle `i` meets rule `i` and every rule after it (a long: stop 97, target 104).
        let cases = [
            (candle(96.0, 105.0, 95.0, 100.0), Action::Sell),
            (candle(105.0, 106.0, 96.0, 100.0), Action::Sell),
            (candle(100.0, 105.0, 96.0, 100.0), Action::Sell),
            (candle(100.0, 105.0, 99.0, 100.0), Action::Sell),
            (candle(100.0, 101.0, 99.0, 100.0), Action::Sell),
            (candle(100.0, 101.0, 99.0, 100.0), Action::Buy),
        ];
        let reasons: Vec<ExitReason> = cases
            .iter()
            .map(|(candle, stance)| exit_on(&call(Direction::Long), candle, *stance, true).unwrap().reason)
            .collect();
        assert_eq!(reasons, EXIT_RULES.map(|(_, reason)| reason));
        let prices: Vec<f64> = cases
            .iter()
            .map(|(candle, stance)| exit_on(&call(Direction::Long), candle, *stance, true).unwrap().price)
            .collect();
        assert_eq!(prices, [96.0, 105.0, 97.0, 104.0, 100.0, 100.0], "gaps at the open, touches at the level");
    }
}
