//! [`SignalHistory`] over the `signals` table, the same queries on SQLite and PostgreSQL.
//!
//! Recording is `INSERT … ON CONFLICT DO NOTHING` on the (symbol, candle_close) key, and the
//! affected-row count says whether this call stored it: atomic across instances without a
//! read first. Optional numbers (indicators, a HOLD's hit) are written as literal `NULL`s in
//! a statement of their own rather than bound: a NULL bound through `Any` carries no column
//! type, and PostgreSQL then refuses the same prepared statement with a real number (see
//! `candles`).

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlStore, rows, unavailable};
use crate::domain::calls::{CallId, Direction, OpenCall, Position};
use crate::domain::market::SourceName;
use crate::domain::signals::{Action, Indicators, Outcome, Signal, Symbol};
use crate::ports::{HistoryEntry, HistoryQuery, Recorded, SignalHistory, StoreError};

const COLUMNS: &str = "candle_close, signal_type, price, confidence, reason, fast_ma, slow_ma, rsi, \
                       outcome_after_minutes, outcome_move_pct, outcome_hit, source, simulated, published_at_ms, \
                       call_id, call_stop_loss, call_target, since_ms";

/// An `up_to` of `None`: later than any stored signal.
const NO_CUT_OFF: i64 = i64::MAX;

/// `$n` when there is a value to bind, else a literal NULL (see the module docs).
fn slot<T>(value: Option<T>, n: &mut usize) -> String {
    match value {
        Some(_) => {
            *n += 1;
            format!("${n}")
        }
        None => "NULL".to_owned(),
    }
}

#[async_trait]
impl SignalHistory for SqlStore {
    async fn record(&self, signal: &Signal) -> Result<Recorded, StoreError> {
        let i = signal.indicators;
        let mut n = 9;
        let (fast, slow, rsi) = (slot(i.fast_ma, &mut n), slot(i.slow_ma, &mut n), slot(i.rsi, &mut n));
        let call = signal.position.call.as_ref();
        let since_ms = signal.position.since.map(|since| since.timestamp_millis());
        // The call's three columns are written together or not at all.
        let (id, stop, target) = (slot(call, &mut n), slot(call, &mut n), slot(call, &mut n));
        let since = slot(since_ms, &mut n);
        let sql = format!(
            "INSERT INTO signals (symbol, candle_close, signal_type, price, confidence, reason, source, simulated, \
             published_at_ms, fast_ma, slow_ma, rsi, call_id, call_stop_loss, call_target, since_ms) VALUES ($1, $2, \
             $3, $4, $5, $6, $7, $8, $9, {fast}, {slow}, {rsi}, {id}, {stop}, {target}, {since}) \
             ON CONFLICT (symbol, candle_close) DO NOTHING"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(signal.symbol.as_str())
            .bind(rows::to_seconds(signal.generated_at))
            .bind(signal.action.as_str())
            .bind(signal.price)
            .bind(signal.confidence)
            .bind(signal.reason.as_str())
            .bind(signal.source.as_str())
            .bind(i64::from(signal.simulated))
            .bind(signal.published_at.timestamp_millis());
        for value in [i.fast_ma, i.slow_ma, i.rsi].into_iter().flatten() {
            query = query.bind(value);
        }
        if let Some(call) = call {
            query = query.bind(call.id.as_str()).bind(call.stop_loss).bind(call.target);
        }
        if let Some(ms) = since_ms {
            query = query.bind(ms);
        }
        let done = query.execute(&self.pool).await.map_err(unavailable)?;
        Ok(if done.rows_affected() == 1 { Recorded::New } else { Recorded::AlreadyStored })
    }

    async fn recent(&self, query: HistoryQuery) -> Result<Vec<HistoryEntry>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM signals WHERE symbol = $1 AND candle_close <= $2 \
             ORDER BY candle_close DESC LIMIT $3"
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(query.symbol.as_str())
            .bind(query.up_to.map_or(NO_CUT_OFF, rows::to_seconds))
            .bind(i64::try_from(query.limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        found.iter().map(|row| entry(row, query.symbol)).collect()
    }

    async fn unsettled(
        &self,
        symbol: Symbol,
        closed_by: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Signal>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM signals WHERE symbol = $1 AND candle_close <= $2 \
             AND outcome_move_pct IS NULL ORDER BY candle_close LIMIT $3"
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(symbol.as_str())
            .bind(rows::to_seconds(closed_by))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        found.iter().map(|row| entry(row, symbol).map(|entry| entry.signal)).collect()
    }

    async fn settle(&self, symbol: Symbol, timestamp: DateTime<Utc>, outcome: &Outcome) -> Result<(), StoreError> {
        let hit = match outcome.hit {
            Some(true) => "1",
            Some(false) => "0",
            None => "NULL",
        };
        let sql = format!(
            "UPDATE signals SET outcome_after_minutes = $1, outcome_move_pct = $2, outcome_hit = {hit} \
             WHERE symbol = $3 AND candle_close = $4 AND outcome_move_pct IS NULL"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(outcome.after_minutes))
            .bind(outcome.move_pct)
            .bind(symbol.as_str())
            .bind(rows::to_seconds(timestamp))
            .execute(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

/// The stored position; a BUY or SELL without a call id was stored before stances were read
/// from calls, and reads as no call.
fn position(row: &AnyRow, kind: &str) -> anyhow::Result<Position> {
    let since = match row.try_get::<Option<i64>, _>("since_ms")? {
        Some(ms) => Some(DateTime::from_timestamp_millis(ms).ok_or_else(|| anyhow!("since_ms {ms}"))?),
        None => None,
    };
    let id: Option<String> = row.try_get("call_id")?;
    let direction = Action::parse(kind).and_then(Direction::of);
    let call = match (id, direction) {
        (Some(id), Some(direction)) => Some(OpenCall {
            id: CallId::parse(&id)?,
            direction,
            stop_loss: row.try_get("call_stop_loss")?,
            target: row.try_get("call_target")?,
        }),
        _ => None,
    };
    Ok(Position { call, since })
}

fn entry(row: &AnyRow, symbol: Symbol) -> Result<HistoryEntry, StoreError> {
    let read = || -> anyhow::Result<HistoryEntry> {
        let kind: String = row.try_get("signal_type")?;
        let generated_at = rows::from_seconds(row.try_get("candle_close")?)?;
        let source: String = row.try_get("source")?;
        let published_ms: Option<i64> = row.try_get("published_at_ms")?;
        let published_at = match published_ms {
            Some(ms) => DateTime::from_timestamp_millis(ms).ok_or_else(|| anyhow!("published_at_ms {ms}"))?,
            None => generated_at,
        };
        let signal = Signal {
            symbol,
            action: Action::parse(&kind).ok_or_else(|| anyhow!("signal_type {kind:?}"))?,
            price: row.try_get("price")?,
            confidence: row.try_get("confidence")?,
            generated_at,
            reason: row.try_get("reason")?,
            indicators: Indicators {
                fast_ma: row.try_get("fast_ma")?,
                slow_ma: row.try_get("slow_ma")?,
                rsi: row.try_get("rsi")?,
            },
            source: SourceName::parse(&source)?,
            simulated: row.try_get::<i64, _>("simulated")? != 0,
            published_at,
            position: position(row, &kind)?,
        };
        let after: Option<i64> = row.try_get("outcome_after_minutes")?;
        let move_pct: Option<f64> = row.try_get("outcome_move_pct")?;
        let hit: Option<i64> = row.try_get("outcome_hit")?;
        let outcome = match (after, move_pct) {
            (Some(after), Some(move_pct)) => {
                Some(Outcome { after_minutes: u32::try_from(after)?, move_pct, hit: hit.map(|h| h == 1) })
            }
            _ => None,
        };
        Ok(HistoryEntry { signal, outcome })
    };
    read().map_err(rows::corrupt)
}
