//! A symbol's standing signal on a run of candles: the model's read of the latest closes, with
//! the stance the trade calls' book holds after replaying the same candles. Live signals (on
//! each candle close) and the history's backfill are computed here alike, so both agree.

use chrono::{DateTime, Utc};

use crate::domain::calls::{Position, replay_position};
use crate::domain::market::{Candle, Interval, MarketCalendar, Provenance};
use crate::domain::signals::{Signal, Symbol, generate_signal};

/// The candles signals are computed on.
pub const SIGNAL_INTERVAL: Interval = Interval::FiveMinutes;
/// Candles the model reads: its slow average and RSI warm-up, with room to spare.
pub const SIGNAL_CANDLES: usize = 150;

/// The signal on the last of `candles` (at least [`CANDLES_READ`](super::call_recorder::CANDLES_READ) of them when the market has
/// that many), its stance read from the calls' book replayed over them as the recorder
/// replays it; stamped `at`, published at `published_at`. Live signals and the backfill alike.
///
/// # Errors
/// Too few or bad closes for the model, or candles out of order.
pub(super) fn standing_signal(
    symbol: Symbol,
    candles: &[Candle],
    at: DateTime<Utc>,
    calendar: &MarketCalendar,
    provenance: &Provenance,
    published_at: DateTime<Utc>,
) -> anyhow::Result<Signal> {
    let closes: Vec<f64> = candles.iter().map(Candle::close).collect();
    let window = &closes[closes.len().saturating_sub(SIGNAL_CANDLES)..];
    let read = generate_signal(symbol, window, at, provenance, published_at)?;
    // Too few candles to replay a session means no call can have opened: flat.
    let position = replay_position(symbol, candles, calendar)?.unwrap_or_else(|| Position::flat(None));
    Ok(read.standing(position))
}
