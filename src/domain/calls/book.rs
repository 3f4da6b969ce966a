//! The call book: the one state machine that turns a symbol's closed candles and the model's
//! stance on each into calls, for the live feed (one candle at a time) and for a backtest (all
//! at once, [`run_calls`](super::run_calls)) alike — so the two cannot disagree.
//!
//! Rules, in the order they are applied to each candle:
//! 1. **A session's end is never missed.** If the candle belongs to a later session (IST date)
//!    than the previous one while a call is still open — the previous session's last candle
//!    never arrived — the call ends at the last close it had, reason `session_end`. A call is
//!    never judged against another session's candles.
//! 2. **The open call is judged** against this later candle ([`exit_on`]).
//! 3. **A call opens only when the stance changes** to BUY or SELL: a trend that holds BUY for
//!    twelve candles is one call, not twelve. The stance the book was started with is a
//!    starting point, not a change. A stance change is passed over (no call) when it comes
//!    with [`NO_ENTRY_BEFORE_CLOSE`] or less of the session left, or before
//!    [`ATR_PERIOD`] candles have given a volatility for levels.
//!
//! Why no entries in the last half hour: a target two ATRs away takes several candles to
//! reach, and a call must end at the close. In simulation, calls opened in the last 30 minutes
//! reached their targets 12 % of the time (2 % in the last 10), against 33 % for the rest of
//! the session: they mostly paid the round trip for nothing, and their odds, so unlike the
//! others', would have muddied every other call's confidence.
//!
//! A call closed by a candle is learnt by the [`ConfidenceModel`] before a call opening on the
//! same close is estimated: its outcome is known by then, which is no look-ahead.
//!
//! **Starting point.** The calls are a deterministic function of the candles fed since the
//! book was created (and of the model it was seeded with). Two instances, or a backtest and the
//! live feed, agree when they start from the same candle with the same seed — e.g. the first
//! stored candle of the symbol, replaying stored candles after a restart: a replay re-emits the
//! same calls with the same ids, which storage inserts exactly once.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::confidence::ConfidenceModel;
use super::exit::exit_on;
use super::kind::CallKind;
use super::levels::{ATR_PERIOD, Levels, average_true_range, true_range};
use super::{Call, CallId, CostBps, Direction, Exit, ExitReason};
use crate::domain::market::calendar::ist;
use crate::domain::market::{Candle, MarketCalendar};
use crate::domain::signals::{Action, Symbol};

/// No call opens on a candle closing this close to (or after) its session's end.
pub const NO_ENTRY_BEFORE_CLOSE: Duration = Duration::minutes(30);

/// What one candle did to the book.
#[derive(Clone, Debug, PartialEq)]
pub enum CallEvent {
    /// A call opened at the candle's close; store its opening fields (ledger `open`).
    Opened(Call),
    /// A call ended; its `exit` is set. Store the exit (ledger `close`), keyed by `call.id`.
    Closed(Call),
}

/// Why a candle was refused; the book is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BookError {
    #[error("a {got} candle was fed to the {expected} call book")]
    WrongSymbol { expected: Symbol, got: Symbol },
    #[error("candles must arrive in time order: one opening at {candle_open} after one closing at {previous_close}")]
    OutOfOrder { previous_close: DateTime<Utc>, candle_open: DateTime<Utc> },
}

#[derive(Clone, Debug, PartialEq)]
struct LastCandle {
    close_time: DateTime<Utc>,
    close: f64,
    session: NaiveDate,
}

/// The calls of one symbol as candles close. See the module docs for the rules.
#[derive(Clone, Debug, PartialEq)]
pub struct CallBook {
    symbol: Symbol,
    cost: CostBps,
    model: ConfidenceModel,
    stance: Option<Action>,
    stance_since: Option<DateTime<Utc>>,
    last: Option<LastCandle>,
    true_ranges: VecDeque<f64>,
    open: Option<Call>,
}

impl CallBook {
    /// An empty book for `symbol`, judging calls net of `cost`, estimating confidence from
    /// `model` (e.g. [`ConfidenceModel::as_of`] the stored calls at the first candle's open).
    pub fn new(symbol: Symbol, cost: CostBps, model: ConfidenceModel) -> Self {
        Self {
            symbol,
            cost,
            model,
            stance: None,
            stance_since: None,
            last: None,
            true_ranges: VecDeque::new(),
            open: None,
        }
    }

    /// Feeds one closed candle, the model's stance at its close, and when the candle's session
    /// closes ([`session_close`]; the candle closing then is the session's last). Returns what
    /// happened, closes first.
    ///
    /// # Errors
    /// [`BookError`] for another symbol's candle, or one opening before the previous closed.
    pub fn on_candle(
        &mut self,
        candle: &Candle,
        stance: Action,
        session_closes_at: DateTime<Utc>,
    ) -> Result<Vec<CallEvent>, BookError> {
        if candle.symbol() != self.symbol {
            return Err(BookError::WrongSymbol { expected: self.symbol, got: candle.symbol() });
        }
        if let Some(last) = &self.last
            && candle.open_time() < last.close_time
        {
            return Err(BookError::OutOfOrder { previous_close: last.close_time, candle_open: candle.open_time() });
        }
        let session = candle.open_time().with_timezone(&ist()).date_naive();
        let is_session_last = candle.close_time() >= session_closes_at;
        let mut events = Vec::new();

        let previous_close_in_session = match &self.last {
            Some(last) if last.session == session => Some(last.close),
            Some(last) => {
                let missed_end = Exit { closed_at: last.close_time, price: last.close, reason: ExitReason::SessionEnd };
                events.extend(self.close_open_call(missed_end));
                None
            }
            None => None,
        };
        if let Some(exit) = self.open.as_ref().and_then(|call| exit_on(call, candle, stance, is_session_last)) {
            events.extend(self.close_open_call(exit));
        }

        self.true_ranges.push_back(true_range(candle, previous_close_in_session));
        if self.true_ranges.len() > ATR_PERIOD {
            self.true_ranges.pop_front();
        }
        let changed = self.stance.is_some_and(|before| before != stance);
        let time_left = session_closes_at - candle.close_time();
        if changed
            && time_left > NO_ENTRY_BEFORE_CLOSE
            && self.open.is_none()
            && let Some(direction) = Direction::of(stance)
            && let Some(atr) = average_true_range(self.true_ranges.make_contiguous())
        {
            let call = self.new_call(direction, candle, atr);
            events.push(CallEvent::Opened(call.clone()));
            self.open = Some(call);
        }

        if self.stance != Some(stance) {
            self.stance_since = self.stance.map(|_| candle.close_time());
            self.stance = Some(stance);
        }
        self.last = Some(LastCandle { close_time: candle.close_time(), close: candle.close(), session });
        Ok(events)
    }

    /// The call open now, if any: what `GET /signals` shows next to a BUY or SELL stance.
    pub fn open_call(&self) -> Option<&Call> {
        self.open.as_ref()
    }

    /// The latest stance and the close at which it began; `None` for the start when the
    /// stance already held at the first candle the book saw.
    pub fn stance(&self) -> Option<(Action, Option<DateTime<Utc>>)> {
        self.stance.map(|stance| (stance, self.stance_since))
    }

    /// What the book has learnt from closed calls so far.
    pub fn confidence_model(&self) -> &ConfidenceModel {
        &self.model
    }

    fn new_call(&self, direction: Direction, candle: &Candle, atr: f64) -> Call {
        let entry = candle.close();
        let levels = Levels::around(direction, entry, atr);
        Call {
            id: CallId::of(self.symbol, candle.close_time()),
            symbol: self.symbol,
            direction,
            entry,
            stop_loss: levels.stop_loss,
            target: levels.target,
            confidence: self.model.confidence(CallKind { symbol: self.symbol, direction }),
            opened_at: candle.close_time(),
            cost: self.cost,
            exit: None,
        }
    }

    fn close_open_call(&mut self, exit: Exit) -> Option<CallEvent> {
        let mut call = self.open.take()?;
        call.exit = Some(exit);
        self.model.learn(&call);
        Some(CallEvent::Closed(call))
    }
}

/// When the session of `candle` closes by the exchange's calendar (15:30 IST): what
/// [`CallBook::on_candle`] is given, live and in a backtest alike — never "the last candle I
/// have". A candle outside any session (bad data) is treated as its own session's end.
pub fn session_close(calendar: &MarketCalendar, candle: &Candle) -> DateTime<Utc> {
    calendar.session_on(calendar.day_of(candle.open_time())).map_or(candle.close_time(), |s| s.closes_at)
}
