//! [`CallLedger`] over the `calls`, `ledger_entries` and `ledger_lock` tables, the same queries
//! on SQLite and PostgreSQL.
//!
//! A record is one transaction that first takes the ledger's lock (the single `ledger_lock` row,
//! `FOR UPDATE`, on PostgreSQL; SQLite's write transaction holds the database's only write lock
//! from its start), then checks for the call, reads the head and appends. Everything that decides "is this new?" and "what does it link to?" runs
//! under that lock, so repeats are `AlreadyRecorded` and the chain stays linear across
//! instances. Ledger rows keep only heights and hashes; the hashed fields are read back from
//! the call's own columns, so an edit to either shows up in `verify`. Each new opening and
//! close inserts its alert event (`alert_events`) in the same transaction, before its ledger
//! entry: a record that fails anywhere leaves neither.

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::alert_outbox::insert_event;
use super::{Backend, SqlStore, rows, unavailable};
use crate::domain::alerts::AlertEvent;
use crate::domain::calls::{
    Call, CallEvent, CallId, CostBps, Direction, Exit, ExitReason, HashedEntry, LedgerEntry, LedgerHash, append,
};
use crate::domain::signals::Symbol;
use crate::ports::{
    CallLedger, CallPage, CallPageQuery, CallRecorded, LedgerHead, LedgerLink, MAX_CALLS_PAGE, StoreError, StoredCall,
};

/// The columns [`stored_call`] reads: the call's and both its entries' links.
const STORED_CALL: &str = "SELECT c.id, c.symbol, c.direction, c.entry, c.stop_loss, c.target, c.confidence, \
     c.opened_at, c.cost_bps, c.closed_at, c.exit_price, c.exit_reason, \
     o.height AS open_height, o.hash AS open_hash, o.prev_hash AS open_prev, \
     x.height AS close_height, x.hash AS close_hash, x.prev_hash AS close_prev \
     FROM calls c JOIN ledger_entries o ON o.call_id = c.id AND o.kind = 'open' \
     LEFT JOIN ledger_entries x ON x.call_id = c.id AND x.kind = 'close'";

/// A cut-off of `None`: later than any call.
const NO_CUT_OFF: i64 = i64::MAX;

#[async_trait]
impl CallLedger for SqlStore {
    async fn record(&self, event: &CallEvent) -> Result<CallRecorded, StoreError> {
        let mut tx = self.begin_write().await?;
        // One writer at a time appends to the chain (SQLite's write transaction already is).
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT id FROM ledger_lock WHERE id = 1 FOR UPDATE")
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
        }
        let call = match event {
            CallEvent::Opened(call) | CallEvent::Closed(call) => call,
        };
        let stored: Option<(Option<i64>,)> = sqlx::query_as("SELECT closed_at FROM calls WHERE id = $1")
            .bind(call.id.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(unavailable)?;
        let mut head = read_head(&mut tx).await?;
        let mut appended = Vec::new();
        if stored.is_none() {
            insert_opening(&mut tx, call).await?;
            let mut opening = call.clone();
            opening.exit = None;
            insert_event(&mut tx, &AlertEvent::call_opened(&opening, call.opened_at)).await?;
            let hashed = append(head.as_ref(), LedgerEntry::opened(call));
            insert_entry(&mut tx, &hashed, "open").await?;
            head = Some(hashed.clone());
            appended.push(hashed);
        }
        let already_closed = matches!(stored, Some((Some(_),)));
        if let CallEvent::Closed(call) = event
            && let (Some(exit), Some(close)) = (call.exit, LedgerEntry::closed(call))
            && !already_closed
        {
            store_exit(&mut tx, &call.id, exit).await?;
            if let Some(alert) = AlertEvent::call_closed(call, exit.closed_at) {
                insert_event(&mut tx, &alert).await?;
            }
            let hashed = append(head.as_ref(), close);
            insert_entry(&mut tx, &hashed, "close").await?;
            appended.push(hashed);
        }
        tx.commit().await.map_err(unavailable)?;
        Ok(if appended.is_empty() { CallRecorded::AlreadyRecorded } else { CallRecorded::New(appended) })
    }

    async fn page(&self, query: &CallPageQuery) -> Result<CallPage, StoreError> {
        let limit = query.limit.clamp(1, MAX_CALLS_PAGE);
        // Past every id of the symbol: ids are the symbol, a dash and twelve digits.
        let cursor = query.cursor.as_ref().map_or_else(|| format!("{}-~", query.symbol), |c| c.to_string());
        let sql =
            format!("{STORED_CALL} WHERE c.symbol = $1 AND c.id < $2 AND c.opened_at < $3 ORDER BY c.id DESC LIMIT $4");
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(query.symbol.as_str())
            .bind(cursor)
            .bind(query.opened_before.map_or(NO_CUT_OFF, rows::to_seconds))
            .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        let mut calls = found.iter().map(stored_call).collect::<Result<Vec<_>, _>>()?;
        let more = calls.len() > limit;
        calls.truncate(limit);
        let next_cursor = if more { calls.last().map(|stored| stored.call.id.clone()) } else { None };
        Ok(CallPage { calls, next_cursor })
    }

    async fn closed_calls(
        &self,
        symbol: Symbol,
        opened_before: Option<DateTime<Utc>>,
    ) -> Result<Vec<StoredCall>, StoreError> {
        let sql =
            format!("{STORED_CALL} WHERE c.symbol = $1 AND c.closed_at IS NOT NULL AND c.opened_at < $2 ORDER BY c.id");
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(symbol.as_str())
            .bind(opened_before.map_or(NO_CUT_OFF, rows::to_seconds))
            .fetch_all(&self.pool)
            .await
            .map_err(unavailable)?;
        found.iter().map(stored_call).collect()
    }

    async fn head(&self) -> Result<Option<LedgerHead>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(unavailable)?;
        let head = read_head(&mut conn).await?;
        Ok(head.map(|last| LedgerHead { height: last.height, hash: last.hash, at: last.entry.at() }))
    }

    async fn entries(&self, from: u64, limit: usize) -> Result<Vec<HashedEntry>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(unavailable)?;
        read_entries(&mut conn, from, limit, false).await
    }
}

async fn read_head(conn: &mut AnyConnection) -> Result<Option<HashedEntry>, StoreError> {
    Ok(read_entries(conn, 0, 1, true).await?.pop())
}

/// Entries from `from` on, oldest first — or only the last one when `last` is set.
async fn read_entries(
    conn: &mut AnyConnection,
    from: u64,
    limit: usize,
    last: bool,
) -> Result<Vec<HashedEntry>, StoreError> {
    let order = if last { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT e.height, e.kind, e.prev_hash, e.hash, c.id, c.symbol, c.direction, c.entry, c.stop_loss, \
         c.target, c.confidence, c.opened_at, c.cost_bps, c.closed_at, c.exit_price, c.exit_reason \
         FROM ledger_entries e JOIN calls c ON c.id = e.call_id WHERE e.height >= $1 \
         ORDER BY e.height {order} LIMIT $2"
    );
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(i64::try_from(from).unwrap_or(i64::MAX))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await
        .map_err(unavailable)?;
    found.iter().map(hashed_entry).collect()
}

async fn insert_opening(conn: &mut AnyConnection, call: &Call) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO calls (id, symbol, direction, entry, stop_loss, target, confidence, opened_at, cost_bps) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(call.id.as_str())
    .bind(call.symbol.as_str())
    .bind(call.direction.as_str())
    .bind(call.entry)
    .bind(call.stop_loss)
    .bind(call.target)
    .bind(call.confidence)
    .bind(rows::to_seconds(call.opened_at))
    .bind(call.cost.bps())
    .execute(&mut *conn)
    .await
    .map_err(unavailable)?;
    Ok(())
}

async fn store_exit(conn: &mut AnyConnection, id: &CallId, exit: Exit) -> Result<(), StoreError> {
    sqlx::query("UPDATE calls SET closed_at = $1, exit_price = $2, exit_reason = $3 WHERE id = $4")
        .bind(rows::to_seconds(exit.closed_at))
        .bind(exit.price)
        .bind(exit.reason.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await
        .map_err(unavailable)?;
    Ok(())
}

async fn insert_entry(conn: &mut AnyConnection, hashed: &HashedEntry, kind: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO ledger_entries (height, call_id, kind, prev_hash, hash) VALUES ($1, $2, $3, $4, $5)")
        .bind(i64::try_from(hashed.height).map_err(rows::corrupt)?)
        .bind(hashed.entry.call_id().as_str())
        .bind(kind)
        .bind(hashed.prev_hash.to_hex())
        .bind(hashed.hash.to_hex())
        .execute(&mut *conn)
        .await
        .map_err(unavailable)?;
    Ok(())
}

fn call(row: &AnyRow) -> anyhow::Result<Call> {
    let id: String = row.try_get("id")?;
    let symbol: String = row.try_get("symbol")?;
    let direction: String = row.try_get("direction")?;
    let closed_at: Option<i64> = row.try_get("closed_at")?;
    let exit_price: Option<f64> = row.try_get("exit_price")?;
    let exit_reason: Option<String> = row.try_get("exit_reason")?;
    let exit = match (closed_at, exit_price, exit_reason) {
        (Some(closed_at), Some(price), Some(reason)) => Some(Exit {
            closed_at: rows::from_seconds(closed_at)?,
            price,
            reason: ExitReason::parse(&reason).ok_or_else(|| anyhow!("exit_reason {reason:?}"))?,
        }),
        (None, None, None) => None,
        _ => return Err(anyhow!("call {id} is partly closed")),
    };
    Ok(Call {
        id: CallId::parse(&id)?,
        symbol: Symbol::parse(&symbol).ok_or_else(|| anyhow!("symbol {symbol:?}"))?,
        direction: Direction::ALL
            .into_iter()
            .find(|d| d.as_str() == direction)
            .ok_or_else(|| anyhow!("direction {direction:?}"))?,
        entry: row.try_get("entry")?,
        stop_loss: row.try_get("stop_loss")?,
        target: row.try_get("target")?,
        confidence: row.try_get("confidence")?,
        opened_at: rows::from_seconds(row.try_get("opened_at")?)?,
        cost: CostBps::parse(row.try_get("cost_bps")?)?,
        exit,
    })
}

fn link(row: &AnyRow, prefix: &str) -> anyhow::Result<Option<LedgerLink>> {
    let height: Option<i64> = row.try_get(format!("{prefix}_height").as_str())?;
    let hash: Option<String> = row.try_get(format!("{prefix}_hash").as_str())?;
    let prev: Option<String> = row.try_get(format!("{prefix}_prev").as_str())?;
    match (height, hash, prev) {
        (Some(height), Some(hash), Some(prev)) => Ok(Some(LedgerLink {
            height: u64::try_from(height)?,
            hash: LedgerHash::parse(&hash)?,
            prev_hash: LedgerHash::parse(&prev)?,
        })),
        _ => Ok(None),
    }
}

fn stored_call(row: &AnyRow) -> Result<StoredCall, StoreError> {
    let read = || -> anyhow::Result<StoredCall> {
        let opened = link(row, "open")?.ok_or_else(|| anyhow!("a call without its opening entry"))?;
        Ok(StoredCall { call: call(row)?, opened, closed: link(row, "close")? })
    };
    read().map_err(rows::corrupt)
}

fn hashed_entry(row: &AnyRow) -> Result<HashedEntry, StoreError> {
    let read = || -> anyhow::Result<HashedEntry> {
        let kind: String = row.try_get("kind")?;
        let call = call(row)?;
        let entry = match kind.as_str() {
            "open" => LedgerEntry::opened(&call),
            _ => LedgerEntry::closed(&call).ok_or_else(|| anyhow!("a close entry of the open call {}", call.id))?,
        };
        let prev_hash: String = row.try_get("prev_hash")?;
        let hash: String = row.try_get("hash")?;
        Ok(HashedEntry {
            height: u64::try_from(row.try_get::<i64, _>("height")?)?,
            entry,
            prev_hash: LedgerHash::parse(&prev_hash)?,
            hash: LedgerHash::parse(&hash)?,
        })
    };
    read().map_err(rows::corrupt)
}
