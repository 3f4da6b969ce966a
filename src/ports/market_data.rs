//! Where candles come from: the market-data port, and the store that keeps imported ones.
//!
//! Signals are computed from candles, and the same candles must come out of every source —
//! the simulator (the offline default), candles imported from CSV into the database, or a
//! public candle API — so the rules above never know which one is configured. One contract
//! suite (`tests/integration/contracts/market_data.rs`) holds every implementation to the
//! guarantees written here.
//!
//! Time is always passed in: "closed" means closed by the instant the caller names, which
//! keeps a simulator (that could compute tomorrow's candles) from ever serving the future.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::market::{Candle, CandleRange, Interval, MarketCalendar, Provenance};
use crate::domain::signals::Symbol;
use crate::ports::StoreError;

/// The most candles one [`MarketData::latest`] call may ask for: about a month of 5-minute
/// candles, far more than any indicator looks back.
pub const MAX_LATEST_CANDLES: usize = 2_000;

/// Why candles could not be served.
#[derive(Debug, thiserror::Error)]
pub enum MarketDataError {
    /// The source did not answer in time, or at all (network, database, remote 5xx).
    #[error("market data source unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// The source refused the request with an answer of its own (an unknown ticker, a range
    /// it does not serve); `detail` is the source's reason, safe to log.
    #[error("market data source refused the request: {detail}")]
    Rejected { detail: String },
    /// The source answered with something that is not candles (a changed format, bad prices).
    #[error("market data source answered with malformed data")]
    Malformed(#[source] anyhow::Error),
    /// The request itself is out of bounds (for example more than [`MAX_LATEST_CANDLES`]).
    #[error("invalid market data request: {0}")]
    InvalidRequest(&'static str),
}

impl From<StoreError> for MarketDataError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Unavailable(source) => Self::Unavailable(source),
            other @ (StoreError::NotFound(_) | StoreError::Conflict(_)) => Self::Malformed(other.into()),
        }
    }
}

/// Candles of an index by symbol and interval.
///
/// Every implementation guarantees, for every successful call:
/// - candles are of the requested `symbol` and `interval`, in ascending `open_time`, with no
///   two sharing an `open_time`;
/// - only candles inside NSE sessions are returned (none on weekends, holidays or outside
///   09:15–15:30 IST), each aligned to its interval from the session open;
/// - reading the same range twice gives the same candles (sources are historical: a closed
///   candle never changes).
#[async_trait]
pub trait MarketData: Send + Sync {
    /// Where this source's candles come from: its name (`simulator`, `database`, `yahoo`, …)
    /// and whether they are simulated. Constant for a source; every signal computed on its
    /// candles carries it, so a simulated price never passes for the real market's.
    fn provenance(&self) -> Provenance;

    /// The candles that opened at or after `range.from()` and had closed by `range.to()`.
    /// Pass `to = now` to read only closed candles. An empty range (a weekend, a holiday, a
    /// span the source has no data for) is `Ok(vec![])`, not an error.
    ///
    /// # Errors
    /// - [`MarketDataError::Unavailable`] when the source cannot be reached;
    /// - [`MarketDataError::Rejected`] when it refuses the request;
    /// - [`MarketDataError::Malformed`] when its answer cannot be read as valid candles;
    /// - [`MarketDataError::InvalidRequest`] when the range is longer than the source serves.
    async fn candles(
        &self,
        symbol: Symbol,
        interval: Interval,
        range: CandleRange,
    ) -> Result<Vec<Candle>, MarketDataError>;

    /// The last `count` candles that had closed by `as_of`, oldest first. Fewer when the
    /// source holds fewer (an import covering a single day); the last one is the latest
    /// candle the source has at `as_of`, across weekends and holidays.
    ///
    /// # Errors
    /// As [`MarketData::candles`]; `count` above [`MAX_LATEST_CANDLES`] is
    /// [`MarketDataError::InvalidRequest`].
    async fn latest(
        &self,
        symbol: Symbol,
        interval: Interval,
        count: usize,
        as_of: DateTime<Utc>,
    ) -> Result<Vec<Candle>, MarketDataError>;
}

/// A store of candles that serves them through [`MarketData`]: where CSV imports land.
#[async_trait]
pub trait CandleStore: MarketData {
    /// Saves `candles` in one transaction, replacing stored candles with the same symbol,
    /// interval and open time (re-importing a corrected file fixes it). Returns how many were
    /// written. All or nothing: on error none are saved.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn save_candles(&self, candles: &[Candle]) -> Result<usize, StoreError>;
}

/// [`MarketData::latest`] for a source that can only answer ranges: reads the range that holds
/// the last `count` candles closed by `as_of` (the calendar's lookback) and keeps those.
///
/// # Errors
/// [`MarketDataError::InvalidRequest`] for `count` above [`MAX_LATEST_CANDLES`]; otherwise what
/// `source.candles` answers.
pub async fn latest_from_range(
    source: &(impl MarketData + ?Sized),
    calendar: &MarketCalendar,
    symbol: Symbol,
    interval: Interval,
    count: usize,
    as_of: DateTime<Utc>,
) -> Result<Vec<Candle>, MarketDataError> {
    if count > MAX_LATEST_CANDLES {
        return Err(MarketDataError::InvalidRequest("too many candles requested"));
    }
    if count == 0 {
        return Ok(Vec::new());
    }
    let from = calendar.lookback_start(as_of, interval, count);
    let range = CandleRange::new(from, as_of).expect("the lookback starts before the last closed candle");
    let mut candles = source.candles(symbol, interval, range).await?;
    let surplus = candles.len().saturating_sub(count);
    candles.drain(..surplus);
    Ok(candles)
}
