//! The tamper-evident ledger of calls: every opening and every close appended as its own
//! entry, each hash covering the one before it, so an edited, deleted or reordered entry breaks
//! the chain at that point — and an outcome can never rewrite the opening it belongs to.
//!
//! `hash = SHA-256(prev_hash ‖ canonical_json)`, where `prev_hash` is the previous entry's hash
//! as 64 lowercase hex characters (the first entry's is [`GENESIS_HASH`], 64 zeros), `‖` is
//! concatenation of the UTF-8 bytes, and `canonical_json` is the entry's fields in the form of
//! [`canonical_json`](super::canonical_json), with these keys:
//! - `open`: `call_id, confidence, entry, height, kind ("open"), opened_at, stop_loss, symbol,
//!   target, type ("BUY"/"SELL")`;
//! - `close`: `call_id, closed_at, cost_bps, exit_price, exit_reason, height, kind ("close"),
//!   result_pct, result_pct_net`.
//!
//! `height` is the entry's position from 0, hashed too, so each hash commits to where it sits.
//! Anyone holding the published entries (oldest first, each with its `fields`, `prev_hash`,
//! `hash`) can check the chain:
//!
//! ```python
//! import hashlib, json
//!
//! def verify(entries):
//!     prev = "0" * 64
//!     for height, e in enumerate(entries):
//!         assert e["prev_hash"] == prev, f"broken link at height {height}"
//!         assert e["fields"]["height"] == str(height), f"misplaced entry at height {height}"
//!         body = json.dumps(e["fields"], sort_keys=True, separators=(",", ":"))
//!         prev = hashlib.sha256((prev + body).encode()).hexdigest()
//!         assert prev == e["hash"], f"edited entry at height {height}"
//!     return prev  # the head: compare it with the one you noted earlier
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::canonical_json as cj;
use super::{Call, CallId, CostBps, Direction, ExitReason};
use crate::domain::signals::Symbol;

/// A SHA-256 digest, shown as 64 lowercase hex characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct LedgerHash([u8; 32]);

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: LedgerHash = LedgerHash([0; 32]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a ledger hash is 64 hex characters")]
pub struct LedgerHashError;

impl LedgerHash {
    /// # Errors
    /// [`LedgerHashError`] unless `raw` is 64 hex characters.
    pub fn parse(raw: &str) -> Result<Self, LedgerHashError> {
        let mut bytes = [0; 32];
        hex::decode_to_slice(raw, &mut bytes).map_err(|_| LedgerHashError)?;
        Ok(Self(bytes))
    }

    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for LedgerHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for LedgerHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LedgerHash({})", self.to_hex())
    }
}

/// What an entry records: a call's opening fields, or its exit.
#[derive(Clone, Debug, PartialEq)]
pub enum LedgerEntry {
    Open {
        call_id: CallId,
        symbol: Symbol,
        direction: Direction,
        entry: f64,
        stop_loss: f64,
        target: f64,
        confidence: f64,
        opened_at: DateTime<Utc>,
    },
    Close {
        call_id: CallId,
        closed_at: DateTime<Utc>,
        exit_price: f64,
        exit_reason: ExitReason,
        result_pct: f64,
        result_pct_net: f64,
        cost_bps: CostBps,
    },
}

impl LedgerEntry {
    /// The opening of `call` (whether or not it has closed since).
    pub fn opened(call: &Call) -> Self {
        LedgerEntry::Open {
            call_id: call.id.clone(),
            symbol: call.symbol,
            direction: call.direction,
            entry: call.entry,
            stop_loss: call.stop_loss,
            target: call.target,
            confidence: call.confidence,
            opened_at: call.opened_at,
        }
    }

    /// The close of `call`; `None` while it is open.
    pub fn closed(call: &Call) -> Option<Self> {
        let exit = call.exit?;
        Some(LedgerEntry::Close {
            call_id: call.id.clone(),
            closed_at: exit.closed_at,
            exit_price: exit.price,
            exit_reason: exit.reason,
            result_pct: call.result_pct()?,
            result_pct_net: call.result_pct_net()?,
            cost_bps: call.cost,
        })
    }

    pub fn call_id(&self) -> &CallId {
        match self {
            LedgerEntry::Open { call_id, .. } | LedgerEntry::Close { call_id, .. } => call_id,
        }
    }

    /// When it happened: the call's `opened_at` or `closed_at` (the ledger head's `at`).
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            LedgerEntry::Open { opened_at, .. } => *opened_at,
            LedgerEntry::Close { closed_at, .. } => *closed_at,
        }
    }

    /// The canonical JSON hashed for this entry at `height` (see the module docs).
    pub fn canonical_json(&self, height: u64) -> String {
        let mut fields = vec![("height", height.to_string()), ("call_id", self.call_id().to_string())];
        match self {
            LedgerEntry::Open { symbol, direction, entry, stop_loss, target, confidence, opened_at, .. } => {
                fields.extend([
                    ("kind", "open".to_owned()),
                    ("symbol", symbol.as_str().to_owned()),
                    ("type", direction.as_str().to_owned()),
                    ("entry", cj::price(*entry)),
                    ("stop_loss", cj::price(*stop_loss)),
                    ("target", cj::price(*target)),
                    ("confidence", cj::probability(*confidence)),
                    ("opened_at", cj::instant(*opened_at)),
                ]);
            }
            LedgerEntry::Close { closed_at, exit_price, exit_reason, result_pct, result_pct_net, cost_bps, .. } => {
                fields.extend([
                    ("kind", "close".to_owned()),
                    ("closed_at", cj::instant(*closed_at)),
                    ("exit_price", cj::price(*exit_price)),
                    ("exit_reason", exit_reason.as_str().to_owned()),
                    ("result_pct", cj::pct(*result_pct)),
                    ("result_pct_net", cj::pct(*result_pct_net)),
                    ("cost_bps", cj::bps(cost_bps.bps())),
                ]);
            }
        }
        cj::object(fields)
    }
}

/// An entry in its place in the chain.
#[derive(Clone, Debug, PartialEq)]
pub struct HashedEntry {
    pub height: u64,
    pub entry: LedgerEntry,
    pub prev_hash: LedgerHash,
    pub hash: LedgerHash,
}

/// Where the chain breaks: the first entry, counting from 0, whose link does not hold.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the ledger breaks at height {height}: expected {expected}, found {found} ({fault})")]
pub struct BrokenLink {
    pub height: u64,
    pub expected: LedgerHash,
    pub found: LedgerHash,
    pub fault: Fault,
}

/// Which part of the link failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `prev_hash` is not the hash of the entry before: one was removed, inserted or moved.
    PrevHash,
    /// The fields do not hash to the stored hash: the entry was edited (or moved).
    Hash,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fault::PrevHash => "its prev_hash is not the previous entry's hash",
            Fault::Hash => "its fields do not hash to its stored hash",
        })
    }
}

/// `entry` appended after `prev` (`None` for the first entry).
pub fn append(prev: Option<&HashedEntry>, entry: LedgerEntry) -> HashedEntry {
    let (height, prev_hash) = prev.map_or((0, GENESIS_HASH), |p| (p.height + 1, p.hash));
    let hash = hash_of(prev_hash, height, &entry);
    HashedEntry { height, entry, prev_hash, hash }
}

/// Recomputes a whole chain from the genesis, oldest first.
///
/// # Errors
/// [`BrokenLink`] naming the first entry whose `prev_hash` or `hash` is not what its
/// predecessor and its own fields make it.
pub fn verify(entries: &[HashedEntry]) -> Result<LedgerHash, BrokenLink> {
    verify_after(None, entries)
}

/// Recomputes `entries` as the continuation of a chain already verified up to `prev` (`None`
/// for the genesis): lets a long ledger be checked page by page. Returns the new head hash.
///
/// # Errors
/// [`BrokenLink`] as for [`verify`].
pub fn verify_after(prev: Option<&HashedEntry>, entries: &[HashedEntry]) -> Result<LedgerHash, BrokenLink> {
    let (mut height, mut head) = prev.map_or((0, GENESIS_HASH), |p| (p.height + 1, p.hash));
    for stored in entries {
        if stored.prev_hash != head {
            return Err(BrokenLink { height, expected: head, found: stored.prev_hash, fault: Fault::PrevHash });
        }
        let recomputed = hash_of(head, height, &stored.entry);
        if stored.hash != recomputed || stored.height != height {
            return Err(BrokenLink { height, expected: recomputed, found: stored.hash, fault: Fault::Hash });
        }
        head = recomputed;
        height += 1;
    }
    Ok(head)
}

fn hash_of(prev_hash: LedgerHash, height: u64, entry: &LedgerEntry) -> LedgerHash {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.to_hex().as_bytes());
    hasher.update(entry.canonical_json(height).as_bytes());
    LedgerHash(hasher.finalize().into())
}

#[cfg(test)]
mod tests;
