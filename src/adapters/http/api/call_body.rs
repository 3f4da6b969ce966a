//! The JSON and CSV shapes of trade calls, their track record and the ledger head: one place
//! that turns the domain's calls into the published columns, so the JSON page and the CSV
//! export cannot disagree.

use chrono::{DateTime, SecondsFormat, Utc};
use poem_openapi::{Enum, Object};

use super::signal_body::SymbolName;
use crate::domain::calls::{CalibrationBucket, Direction, EquityPoint, ExitReason, TrackRecord};
use crate::domain::signals::Symbol;
use crate::ports::{LedgerHead, StoredCall};

/// A call's side: `BUY` (long) or `SELL` (short).
#[derive(Enum, Clone, Copy)]
#[oai(rename_all = "UPPERCASE")]
pub enum CallType {
    Buy,
    Sell,
}

/// Why a call ended.
#[derive(Enum, Clone, Copy)]
#[oai(rename_all = "snake_case")]
pub enum ExitReasonName {
    Target,
    Stop,
    Reversed,
    SessionEnd,
}

impl From<ExitReason> for ExitReasonName {
    fn from(reason: ExitReason) -> Self {
        match reason {
            ExitReason::Target => Self::Target,
            ExitReason::Stop => Self::Stop,
            ExitReason::Reversed => Self::Reversed,
            ExitReason::SessionEnd => Self::SessionEnd,
        }
    }
}

/// One trade call, as recorded in the ledger.
#[derive(Object)]
pub struct CallBody {
    /// `SYMBOL-yyyymmddHHMM`, the UTC minute it opened.
    id: String,
    symbol: SymbolName,
    #[oai(rename = "type")]
    kind: CallType,
    /// The close of the candle whose stance change opened the call.
    entry: f64,
    stop_loss: f64,
    target: f64,
    /// The estimated probability, 0–1, that the target is reached first.
    confidence: f64,
    opened_at: DateTime<Utc>,
    /// `null` while the call is open, as are the other closing fields.
    #[oai(nullable)]
    closed_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    exit_price: Option<f64>,
    #[oai(nullable)]
    exit_reason: Option<ExitReasonName>,
    /// `(exit − entry) / entry × 100`, signed for the call's side.
    #[oai(nullable)]
    result_pct: Option<f64>,
    /// `result_pct` less the round-trip cost.
    #[oai(nullable)]
    result_pct_net: Option<f64>,
    /// The hash of the ledger entry of the call's opening.
    hash: String,
    /// The hash of the entry before it.
    prev_hash: String,
}

impl From<&StoredCall> for CallBody {
    fn from(stored: &StoredCall) -> Self {
        let call = &stored.call;
        Self {
            id: call.id.to_string(),
            symbol: call.symbol.into(),
            kind: match call.direction {
                Direction::Long => CallType::Buy,
                Direction::Short => CallType::Sell,
            },
            entry: call.entry,
            stop_loss: call.stop_loss,
            target: call.target,
            confidence: call.confidence,
            opened_at: call.opened_at,
            closed_at: call.exit.map(|exit| exit.closed_at),
            exit_price: call.exit.map(|exit| exit.price),
            exit_reason: call.exit.map(|exit| exit.reason.into()),
            result_pct: call.result_pct(),
            result_pct_net: call.result_pct_net(),
            hash: stored.opened.hash.to_hex(),
            prev_hash: stored.opened.prev_hash.to_hex(),
        }
    }
}

/// The CSV export's header: the JSON call's fields, in the same order.
pub const CSV_HEADER: &str = "id,symbol,type,entry,stop_loss,target,confidence,opened_at,closed_at,exit_price,\
                              exit_reason,result_pct,result_pct_net,hash,prev_hash";

/// One CSV line per call (no field needs quoting: ids, names, numbers, instants, hex).
pub fn csv(calls: &[StoredCall]) -> String {
    let instant = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let number = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
    let mut out = String::with_capacity(64 + calls.len() * 320);
    out.push_str(CSV_HEADER);
    out.push('\n');
    for stored in calls {
        let call = &stored.call;
        let fields = [
            call.id.to_string(),
            call.symbol.as_str().to_owned(),
            call.direction.as_str().to_owned(),
            call.entry.to_string(),
            call.stop_loss.to_string(),
            call.target.to_string(),
            call.confidence.to_string(),
            instant(call.opened_at),
            call.exit.map(|exit| instant(exit.closed_at)).unwrap_or_default(),
            number(call.exit.map(|exit| exit.price)),
            call.exit.map(|exit| exit.reason.as_str().to_owned()).unwrap_or_default(),
            number(call.result_pct()),
            number(call.result_pct_net()),
            stored.opened.hash.to_hex(),
            stored.opened.prev_hash.to_hex(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[derive(Object)]
pub struct CallsPageBody {
    pub symbol: SymbolName,
    /// Newest first.
    pub calls: Vec<CallBody>,
    /// Pass as `cursor` for the next (older) page; `null` on the last page.
    #[oai(nullable)]
    pub next_cursor: Option<String>,
}

/// What holding the index through the same sessions would have made.
#[derive(Object)]
pub struct BaselineBody {
    name: String,
    total_result_pct: f64,
}

/// Closed calls whose confidence fell in `[confidence_from, confidence_to)`, and how often they
/// reached their target.
#[derive(Object)]
pub struct CalibrationBody {
    confidence_from: f64,
    confidence_to: f64,
    calls: u32,
    /// `null` for an empty bucket.
    #[oai(nullable)]
    hit_rate: Option<f64>,
}

impl From<&CalibrationBucket> for CalibrationBody {
    fn from(bucket: &CalibrationBucket) -> Self {
        Self {
            confidence_from: bucket.confidence_from,
            confidence_to: bucket.confidence_to,
            calls: bucket.calls,
            hit_rate: bucket.hit_rate,
        }
    }
}

/// The cumulative net result after one call, in order of closing.
#[derive(Object)]
pub struct EquityPointBody {
    /// When the call closed.
    at: DateTime<Utc>,
    call_id: String,
    /// The sum of `result_pct_net` of the calls closed up to and including this one.
    cumulative_pct_net: f64,
}

impl From<&EquityPoint> for EquityPointBody {
    fn from(point: &EquityPoint) -> Self {
        Self { at: point.at, call_id: point.call_id.as_str().to_owned(), cumulative_pct_net: point.cumulative_pct_net }
    }
}

/// Every closed call the user may see, judged net of costs.
#[derive(Object)]
pub struct CallTrackRecordBody {
    symbol: SymbolName,
    calls: u32,
    /// Calls with `result_pct_net > 0`.
    wins: u32,
    losses: u32,
    /// `wins / calls`; `null` without calls.
    #[oai(nullable)]
    hit_rate: Option<f64>,
    #[oai(nullable)]
    avg_result_pct_net: Option<f64>,
    /// The sum of `result_pct_net`: what the CSV's column adds up to.
    total_result_pct_net: f64,
    /// The largest fall of the cumulative net result from a peak, in percentage points.
    max_drawdown_pct: f64,
    /// The round trip every call is judged net of.
    cost_bps: f64,
    baseline: BaselineBody,
    calibration: Vec<CalibrationBody>,
    /// One point per closed call, oldest first; its last `cumulative_pct_net` is
    /// `total_result_pct_net`.
    equity_curve: Vec<EquityPointBody>,
    #[oai(nullable)]
    first_call_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    last_call_at: Option<DateTime<Utc>>,
}

impl CallTrackRecordBody {
    pub fn new(symbol: Symbol, record: &TrackRecord) -> Self {
        Self {
            symbol: symbol.into(),
            calls: record.calls,
            wins: record.wins,
            losses: record.losses,
            hit_rate: record.hit_rate,
            avg_result_pct_net: record.avg_result_pct_net,
            total_result_pct_net: record.total_result_pct_net,
            max_drawdown_pct: record.max_drawdown_pct,
            cost_bps: record.cost_bps.bps(),
            baseline: BaselineBody {
                name: record.baseline.name.to_owned(),
                total_result_pct: record.baseline.total_result_pct,
            },
            calibration: record.calibration.iter().map(CalibrationBody::from).collect(),
            equity_curve: record.equity_curve.iter().map(EquityPointBody::from).collect(),
            first_call_at: record.first_call_at,
            last_call_at: record.last_call_at,
        }
    }
}

/// The ledger's last entry: note it, and check later that the chain still leads to it.
#[derive(Object)]
pub struct LedgerHeadBody {
    /// The entry's position, counting from 0.
    height: u64,
    /// Its SHA-256 hash, 64 hex characters.
    hash: String,
    /// When it happened: the call's opening or closing time.
    at: DateTime<Utc>,
}

impl From<LedgerHead> for LedgerHeadBody {
    fn from(head: LedgerHead) -> Self {
        Self { height: head.height, hash: head.hash.to_hex(), at: head.at }
    }
}
