//! Trade calls: what the model's stance changes mean for a trader, how each call ended, what
//! the record of them says, and a ledger that lets anyone check the record was not rewritten.
//!
//! A stance (BUY, SELL, HOLD on every closed candle) is not something a trader can act on or
//! judge; a *call* is: it opens when the stance changes to BUY or SELL, carries an entry, a
//! stop-loss and a target ([`levels`]), and ends at the first of target, stop, a change of
//! stance, or the session's end ([`exit`]), judged net of a round-trip cost ([`cost`]). Its
//! `confidence` is a calibrated probability of reaching the target ([`confidence`]).
//!
//! - [`book`]: the one state machine that opens and closes calls, candle by candle — the live
//!   path feeds it one candle at a time, [`backtest`] all at once, so they cannot disagree.
//! - [`track_record`]: a pure fold over closed calls (hit rate, net result, drawdown, baseline,
//!   [`calibration`], equity curve).
//! - [`ledger`]: each opening and each close appended as a SHA-256-chained entry over
//!   [`canonical_json`], so an edit or a reordering anywhere is caught and named.
//!
//! Pure and synchronous like the rest of the domain: candles, stances and instants are values
//! passed in. Storage, HTTP and the CLI wire these functions up; the wiring for each is:
//! - live: per symbol, one [`CallBook`]; on each candle close, `on_candle(candle,
//!   signal.action, session_close(calendar, candle))`, storing each [`CallEvent`] by call id
//!   and appending its [`LedgerEntry`] with [`append`];
//! - `GET /signals/calls`: stored [`Call`]s newest first, `hash`/`prev_hash` from their ledger
//!   entries; `GET /signals/track-record`: [`TrackRecord::of`] over the closed calls;
//! - `ledger verify`: [`verify`] over the stored entries, oldest first;
//! - `backtest`: [`run_calls`] then [`TrackRecord::of`].

pub mod backtest;
pub mod book;
pub mod calibration;
pub mod call;
pub mod canonical_json;
pub mod confidence;
pub mod cost;
pub mod exit;
pub mod kind;
pub mod ledger;
pub mod levels;
pub mod track_record;

#[cfg(test)]
mod book_tests;
#[cfg(test)]
mod calibration_check;
#[cfg(test)]
mod sim;

pub use backtest::{STANCE_CLOSES, run_calls, stance_at};
pub use book::{BookError, CallBook, CallEvent, NO_ENTRY_BEFORE_CLOSE, session_close};
pub use calibration::{CalibrationBucket, calibration};
pub use call::{Call, CallId, CallIdError, Direction, Exit, ExitReason};
pub use confidence::{ConfidenceModel, KIND_WEIGHT, PRIOR_HIT, PRIOR_WEIGHT, Tally};
pub use cost::{CostBps, CostError};
pub use exit::exit_on;
pub use kind::CallKind;
pub use ledger::{
    BrokenLink, Fault, GENESIS_HASH, HashedEntry, LedgerEntry, LedgerHash, LedgerHashError, append, verify,
    verify_after,
};
pub use levels::{ATR_PERIOD, Levels, STOP_ATR, TARGET_ATR};
pub use track_record::{Baseline, EquityPoint, SessionMove, TrackRecord};
