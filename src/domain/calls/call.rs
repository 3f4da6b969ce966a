//! A call: one trade idea with its entry, stop-loss and target, opened when the model's stance
//! changes to BUY or SELL, and — once it has ended — its exit and result.
//!
//! A call is plain data; the rules that open and end calls live in [`book`](super::book) and
//! [`exit`](super::exit). Prices are index points on the NSE's 0.05 tick; results are percent
//! of the entry, signed so that a gain for the call's side is positive.

use std::fmt;

use chrono::{DateTime, Utc};

use super::CostBps;
use crate::domain::signals::{Action, Symbol};

/// The side a call takes. In the API it is the call's `type` (`BUY` long, `SELL` short).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Long,
    Short,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Long, Direction::Short];

    /// The side a stance takes, `None` for HOLD (flat).
    pub fn of(stance: Action) -> Option<Self> {
        match stance {
            Action::Buy => Some(Direction::Long),
            Action::Sell => Some(Direction::Short),
            Action::Hold => None,
        }
    }

    /// `BUY` or `SELL`, as the model's stance is named.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Long => "BUY",
            Direction::Short => "SELL",
        }
    }

    /// `+1` long, `-1` short: multiplies a price move into a result for this side.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Long => 1.0,
            Direction::Short => -1.0,
        }
    }
}

/// A call's identity: `{SYMBOL}-{yyyymmddHHMM}`, the minute it opened in UTC
/// (`NIFTY-202611250445` opened at 10:15 IST on 25 November 2026).
///
/// Derived from data every instance agrees on (the symbol and the close time of the candle that
/// opened it), never from a counter or a random id: two instances computing the same candle
/// produce the same id, so storage can insert a call exactly once by it. At most one call of a
/// symbol opens per candle close, and candles are at least a minute long, so it is unique.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a call id is a symbol, a dash and the minute it opened as yyyymmddHHMM (UTC)")]
pub struct CallIdError;

impl CallId {
    pub fn of(symbol: Symbol, opened_at: DateTime<Utc>) -> Self {
        Self(format!("{symbol}-{}", opened_at.format("%Y%m%d%H%M")))
    }

    /// A call id from the outside (a cursor, a path): re-derived from its parts, so anything
    /// accepted is exactly what [`CallId::of`] would produce.
    ///
    /// # Errors
    /// [`CallIdError`] for an unknown symbol or a malformed minute.
    pub fn parse(raw: &str) -> Result<Self, CallIdError> {
        let (symbol, minute) = raw.rsplit_once('-').ok_or(CallIdError)?;
        let symbol = Symbol::parse(symbol).ok_or(CallIdError)?;
        if minute.len() != 12 || !minute.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CallIdError);
        }
        let opened_at = chrono::NaiveDateTime::parse_from_str(minute, "%Y%m%d%H%M").map_err(|_| CallIdError)?.and_utc();
        Ok(Self::of(symbol, opened_at))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a call ended; in the API its `exit_reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExitReason {
    /// A later candle reached the target.
    Target,
    /// A later candle reached the stop-loss (also when it reached both: the stop counts).
    Stop,
    /// The stance left the call's side — to the other side or to HOLD — at a candle's close.
    Reversed,
    /// The session's last candle closed: calls never carry overnight.
    SessionEnd,
}

impl ExitReason {
    pub const ALL: [ExitReason; 4] =
        [ExitReason::Target, ExitReason::Stop, ExitReason::Reversed, ExitReason::SessionEnd];

    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Target => "target",
            ExitReason::Stop => "stop",
            ExitReason::Reversed => "reversed",
            ExitReason::SessionEnd => "session_end",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.as_str() == raw)
    }
}

/// How and when a call ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exit {
    /// The close time of the candle that ended the call.
    pub closed_at: DateTime<Utc>,
    /// The stop or target level when touched (the candle's open when it opened beyond it), else
    /// the candle's close.
    pub price: f64,
    pub reason: ExitReason,
}

/// One call. The opening fields never change; `exit` is `None` while the call is open.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub id: CallId,
    pub symbol: Symbol,
    pub direction: Direction,
    /// The close of the candle whose stance change opened the call.
    pub entry: f64,
    pub stop_loss: f64,
    pub target: f64,
    /// The estimated probability, 0..=1 to 0.001, that the target is reached first (see
    /// [`confidence`](super::confidence)).
    pub confidence: f64,
    /// The close time of the candle that opened the call.
    pub opened_at: DateTime<Utc>,
    /// The round trip the call is judged net of, fixed when it opens.
    pub cost: CostBps,
    pub exit: Option<Exit>,
}

impl Call {
    pub fn is_open(&self) -> bool {
        self.exit.is_none()
    }

    /// `(exit − entry) / entry × 100`, signed for the call's side (a short gains when the
    /// market falls); `None` while open.
    pub fn result_pct(&self) -> Option<f64> {
        self.exit.map(|exit| self.direction.sign() * (exit.price - self.entry) / self.entry * 100.0)
    }

    /// [`Call::result_pct`] less the round-trip cost: what following the call earned.
    pub fn result_pct_net(&self) -> Option<f64> {
        self.result_pct().map(|gross| gross - self.cost.pct())
    }

    /// Whether the call ended at its target: what its `confidence` predicts. `None` while open.
    pub fn reached_target(&self) -> Option<bool> {
        self.exit.map(|exit| exit.reason == ExitReason::Target)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn opened() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 4, 45, 0).unwrap()
    }

    #[test]
    fn a_call_id_is_the_symbol_and_the_utc_minute_it_opened_and_parses_back() {
        let id = CallId::of(Symbol::BankNifty, opened());
        assert_eq!(id.as_str(), "BANKNIFTY-202611250445");
        assert_eq!(CallId::parse("BANKNIFTY-202611250445"), Ok(id));
        for bad in ["NIFTY", "SENSEX-202611250445", "NIFTY-20261125044", "NIFTY-202613250445", "NIFTY-2026112504+5"] {
            assert_eq!(CallId::parse(bad), Err(CallIdError), "{bad}");
        }
    }

    #[test]
    fn a_short_gains_when_the_market_falls_and_every_result_pays_the_round_trip() {
        let mut call = Call {
            id: CallId::of(Symbol::Nifty, opened()),
            symbol: Symbol::Nifty,
            direction: Direction::Short,
            entry: 26_000.0,
            stop_loss: 26_039.0,
            target: 25_948.0,
            confidence: 0.4,
            opened_at: opened(),
            cost: CostBps::parse(6.0).unwrap(),
            exit: None,
        };
        assert_eq!((call.result_pct(), call.result_pct_net(), call.reached_target()), (None, None, None));
        call.exit = Some(Exit { closed_at: opened(), price: 25_948.0, reason: ExitReason::Target });
        assert!((call.result_pct().unwrap() - 0.2).abs() < 1e-12);
        assert!((call.result_pct_net().unwrap() - 0.14).abs() < 1e-12);
        assert_eq!(call.reached_target(), Some(true));
    }

    #[test]
    fn exit_reasons_round_trip_through_their_names() {
        for reason in ExitReason::ALL {
            assert_eq!(ExitReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(ExitReason::parse("timeout"), None);
    }
}
