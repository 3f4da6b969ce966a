//! The id of a live-stream event, so a client that reconnects says where it left off.
//!
//! A signal is identified by its symbol and its candle's close (every instance computing the
//! candle agrees on both), so the id is `<close as Unix seconds>-<SYMBOL>`, e.g.
//! `1795000500-NIFTY`: the same on every instance, and ordered by time and then symbol, which
//! is the order the stream sends them in. A client's `Last-Event-ID` is a stranger's input:
//! it is parsed strictly and bounded before anything is read for it.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{Signal, Symbol};

/// Longer than any id we send (20 digits, a dash, the longest symbol).
const MAX_ID_LEN: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StreamEventId {
    at: i64,
    symbol_rank: usize,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("Last-Event-ID must look like 1795000500-NIFTY")]
pub struct MalformedEventId;

impl StreamEventId {
    pub fn of(signal: &Signal) -> Self {
        Self { at: signal.generated_at.timestamp(), symbol_rank: rank(signal.symbol) }
    }

    pub fn parse(raw: &str) -> Result<Self, MalformedEventId> {
        if raw.len() > MAX_ID_LEN {
            return Err(MalformedEventId);
        }
        let (at, symbol) = raw.trim().split_once('-').ok_or(MalformedEventId)?;
        if at.is_empty() || !at.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MalformedEventId);
        }
        let at: i64 = at.parse().map_err(|_| MalformedEventId)?;
        DateTime::<Utc>::from_timestamp(at, 0).ok_or(MalformedEventId)?;
        let symbol = Symbol::parse(symbol).ok_or(MalformedEventId)?;
        Ok(Self { at, symbol_rank: rank(symbol) })
    }

    /// The candle close the id names.
    pub fn at(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(self.at, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Whether this is the first symbol of its candle in the stream's order.
    pub fn opens_its_candle(&self) -> bool {
        self.symbol_rank == 0
    }

    /// Whether `signal` comes after this id in the stream's order (the client has not seen it).
    pub fn is_before(&self, signal: &Signal) -> bool {
        *self < Self::of(signal)
    }
}

fn rank(symbol: Symbol) -> usize {
    Symbol::ALL.iter().position(|s| *s == symbol).unwrap_or(usize::MAX)
}

impl fmt::Display for StreamEventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbol = Symbol::ALL.get(self.symbol_rank).map_or("?", |s| s.as_str());
        write!(f, "{}-{}", self.at, symbol)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_round_trips_through_its_text() {
        let id = StreamEventId::parse("1795000500-BANKNIFTY").unwrap();
        assert_eq!(id.to_string(), "1795000500-BANKNIFTY");
        assert_eq!(id.at().timestamp(), 1_795_000_500);
    }

    #[test]
    fn ids_order_by_time_then_symbol_as_the_stream_sends_them() {
        let parse = |raw| StreamEventId::parse(raw).unwrap();
        assert!(parse("1795000500-NIFTY") < parse("1795000500-BANKNIFTY"));
        assert!(parse("1795000500-BANKNIFTY") < parse("1795000800-NIFTY"));
    }

    #[test]
    fn anything_else_is_refused_before_any_work() {
        for raw in ["", "-NIFTY", "12-", "12-SENSEX", "x12-NIFTY", "+12-NIFTY", "99999999999999999999-NIFTY"] {
            assert_eq!(StreamEventId::parse(raw), Err(MalformedEventId), "{raw:?}");
        }
        assert_eq!(StreamEventId::parse(&"1".repeat(10_000)), Err(MalformedEventId));
    }
}
