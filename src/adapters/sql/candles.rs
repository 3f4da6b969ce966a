//! [`MarketData`] and [`CandleStore`] over the `candles` table: where CSV imports are kept.
//!
//! The same `$n` queries run on SQLite and PostgreSQL. Saving is one transaction of upserts
//! (`ON CONFLICT … DO UPDATE`, which both databases speak), so an import is all or nothing
//! and re-importing a corrected file replaces its rows instead of failing on them. The store
//! trusts what it is given to lie in NSE sessions: the CSV parser checks that before saving.

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlStore, rows, unavailable};
use crate::domain::market::{Candle, CandleRange, Interval, Provenance, SourceName};
use crate::domain::signals::Symbol;
use crate::ports::{CandleStore, MAX_LATEST_CANDLES, MarketData, MarketDataError, StoreError};

const COLUMNS: &str = "open_time, open_price, high_price, low_price, close_price, volume";

/// Saves one candle: `$1`…`$7` are symbol, interval, open time and prices, `$8` the volume.
const UPSERT_WITH_VOLUME: &str = concat!(upsert_head!(), "$8) ", upsert_tail!());
/// Saves one candle without a volume: the same statement with a literal NULL.
const UPSERT_WITHOUT_VOLUME: &str = concat!(upsert_head!(), "NULL) ", upsert_tail!());

macro_rules! upsert_head {
    () => {
        "INSERT INTO candles (symbol, interval_code, open_time, open_price, high_price, low_price, \
         close_price, volume) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    };
}
macro_rules! upsert_tail {
    () => {
        "ON CONFLICT (symbol, interval_code, open_time) DO UPDATE SET \
         open_price = excluded.open_price, high_price = excluded.high_price, \
         low_price = excluded.low_price, close_price = excluded.close_price, volume = excluded.volume"
    };
}
use {upsert_head, upsert_tail};

#[async_trait]
impl MarketData for SqlStore {
    /// Imported candles: real-market data, as far as the import's source is.
    fn provenance(&self) -> Provenance {
        Provenance::real(SourceName::DATABASE)
    }

    async fn candles(
        &self,
        symbol: Symbol,
        interval: Interval,
        range: CandleRange,
    ) -> Result<Vec<Candle>, MarketDataError> {
        // A candle is in the range when it opened at or after `from` and closed by `to`.
        let last_open = range.to() - interval.duration();
        let sql = format!(
            "SELECT {COLUMNS} FROM candles WHERE symbol = $1 AND interval_code = $2 \
             AND open_time >= $3 AND open_time <= $4 ORDER BY open_time"
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(symbol.as_str())
            .bind(interval.as_str())
            .bind(rows::to_seconds(range.from()))
            .bind(rows::to_seconds(last_open))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| MarketDataError::from(unavailable(e)))?;
        found.iter().map(|row| candle(row, symbol, interval)).collect()
    }

    async fn latest(
        &self,
        symbol: Symbol,
        interval: Interval,
        count: usize,
        as_of: DateTime<Utc>,
    ) -> Result<Vec<Candle>, MarketDataError> {
        if count > MAX_LATEST_CANDLES {
            return Err(MarketDataError::InvalidRequest("too many candles requested"));
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM candles WHERE symbol = $1 AND interval_code = $2 \
             AND open_time <= $3 ORDER BY open_time DESC LIMIT $4"
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(symbol.as_str())
            .bind(interval.as_str())
            .bind(rows::to_seconds(as_of - interval.duration()))
            .bind(count as i64)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| MarketDataError::from(unavailable(e)))?;
        let mut candles = found.iter().map(|row| candle(row, symbol, interval)).collect::<Result<Vec<_>, _>>()?;
        candles.reverse();
        Ok(candles)
    }
}

#[async_trait]
impl CandleStore for SqlStore {
    async fn save_candles(&self, candles: &[Candle]) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        for c in candles {
            // A NULL bound through `Any` carries no float type, and PostgreSQL then refuses the
            // same prepared statement when a later row binds a real volume; so a missing
            // volume is a literal NULL in a statement of its own.
            let sql = if c.volume().is_some() { UPSERT_WITH_VOLUME } else { UPSERT_WITHOUT_VOLUME };
            let query = sqlx::query(sql)
                .bind(c.symbol().as_str())
                .bind(c.interval().as_str())
                .bind(rows::to_seconds(c.open_time()))
                .bind(c.open())
                .bind(c.high())
                .bind(c.low())
                .bind(c.close());
            let query = match c.volume() {
                Some(volume) => query.bind(volume),
                None => query,
            };
            query.execute(&mut *tx).await.map_err(unavailable)?;
        }
        tx.commit().await.map_err(unavailable)?;
        Ok(candles.len())
    }
}

/// A stored row back into a candle; a row that is no valid candle means the table holds
/// something this code never wrote.
fn candle(row: &AnyRow, symbol: Symbol, interval: Interval) -> Result<Candle, MarketDataError> {
    let read = || -> Result<Candle, anyhow::Error> {
        let open_time = rows::from_seconds(row.try_get("open_time")?)?;
        let candle = Candle::new(
            symbol,
            interval,
            open_time,
            row.try_get("open_price")?,
            row.try_get("high_price")?,
            row.try_get("low_price")?,
            row.try_get("close_price")?,
            row.try_get("volume")?,
        )
        .map_err(|e| anyhow!("candles row at {open_time}: {e}"))?;
        Ok(candle)
    };
    read().map_err(MarketDataError::Malformed)
}
