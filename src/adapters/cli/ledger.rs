//! `signalbox ledger verify`: recompute the call ledger's hash chain from what the database
//! holds, so an operator (or an auditor with a copy of it) can show nothing was rewritten.
//!
//! Entries are read page by page and checked with [`verify_after`], so a long ledger needs no
//! more memory than a page. A broken chain is an error — the process exits non-zero — naming
//! the first broken link: its height, the hash expected there and the one found.

use std::io::Write;

use anyhow::Context;

use crate::domain::calls::{HashedEntry, LedgerHash, verify_after};
use crate::ports::CallLedger;

/// Entries read per query while verifying.
pub const VERIFY_PAGE: usize = 1_000;

#[derive(Debug, PartialEq, Eq, clap::Subcommand)]
pub enum LedgerCommand {
    /// Recompute the ledger's hash chain from the database; fails naming the first broken link.
    Verify,
}

/// Runs `command` against `ledger`, writing the outcome to `out`.
///
/// # Errors
/// When the chain is broken (the message names the first broken link), or the store fails.
pub async fn run(ledger: &dyn CallLedger, command: LedgerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let LedgerCommand::Verify = command;
    match verify_stored(ledger).await? {
        None => writeln!(out, "the ledger is empty")?,
        Some((last, head)) => writeln!(out, "ledger intact: {} entries, head {head} at height {last}", last + 1)?,
    }
    Ok(())
}

/// Verifies every stored entry, oldest first; the last height and the head hash, `None` when
/// the ledger is empty.
///
/// # Errors
/// The first [`BrokenLink`](crate::domain::calls::BrokenLink), or a store failure.
pub async fn verify_stored(ledger: &dyn CallLedger) -> anyhow::Result<Option<(u64, LedgerHash)>> {
    let mut verified: Option<HashedEntry> = None;
    loop {
        let from = verified.as_ref().map_or(0, |last| last.height + 1);
        let page = ledger.entries(from, VERIFY_PAGE).await.context("reading the ledger")?;
        let Some(last) = page.last().cloned() else {
            return Ok(verified.map(|last| (last.height, last.hash)));
        };
        verify_after(verified.as_ref(), &page)?;
        verified = Some(last);
    }
}
