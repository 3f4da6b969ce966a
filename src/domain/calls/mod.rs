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
//!   [`calibration`](mod@calibration), equity curve).
//! - [`ledger`]: each opening and each close appended as a SHA-256-chained entry over
//!   [`canonical_json`], so an edit or a reordering anywhere is caught and named.
//!
//! Pure and synchronous like the rest of the domain: candles, stances and instants are values
//! passed in. Storage, HTTP and the CLI wire these functions up:
//! - **live**: per symbol, one [`CallBook`]; on each candle close, `book.on_candle(&candle,
//!   signal.action, session_close(&calendar, &candle))`; store each [`CallEvent`] keyed by
//!   [`CallId`] (insert-if-absent: two instances produce the same ids) and append its
//!   [`LedgerEntry`] (`opened` / `closed`) with [`append`]. After a restart, rebuild the book
//!   by replaying stored candles from the same first candle: replayed events repeat stored ids.
//! - **`GET /signals`**: the stance is the [`Position`] at the signal's candle — the call open
//!   then ([`CallBook::open_call`]: levels, id, since) or flat ([`replay_position`]).
//! - **`GET /signals/calls`** and the CSV: stored [`Call`]s, `type` = [`Direction::as_str`],
//!   `result_pct(_net)` from [`Call::result_pct`] / [`Call::result_pct_net`], `hash` and
//!   `prev_hash` from the call's ledger entries.
//! - **`GET /signals/track-record`**: [`TrackRecord::of`] over the closed calls, with
//!   [`SessionMove::of`] each session's candles for the baseline.
//! - **`ledger verify`**: [`verify`] (or [`verify_after`] page by page) over the stored
//!   entries, oldest first; **`GET /ledger/head`**: the last entry's height, hash and
//!   [`LedgerEntry::at`].
//! - **`backtest`**: [`run_calls`] over stored or imported candles (stored calls as `prior`),
//!   then [`TrackRecord::of`].

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
pub mod position;
pub mod track_record;

#[cfg(test)]
mod backtest_tests;
#[cfg(test)]
mod book_feed;
#[cfg(test)]
mod book_session_tests;
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
pub use confidence::{
    ConfidenceModel, KIND_WEIGHT, METHOD as CONFIDENCE_METHOD, PRIOR_HIT, PRIOR_WEIGHT, RESOLVED_PRIOR,
    RESOLVED_PRIOR_WEIGHT, Tally,
};
pub use cost::{CostBps, CostError};
pub use exit::{EXIT_RULES, exit_on};
pub use kind::CallKind;
pub use ledger::{
    BrokenLink, Fault, GENESIS_HASH, HashedEntry, LedgerEntry, LedgerHash, LedgerHashError, append, verify,
    verify_after,
};
pub use levels::{ATR_PERIOD, Levels, STOP_ATR, TARGET_ATR, TICK};
pub use position::{OpenCall, Position, replay_first, replay_position, replay_session};
pub use track_record::{Baseline, EquityPoint, SessionMove, TrackRecord};
