//! `signalbox market import FILE`: load historical candles from a CSV file into the database.
//!
//! The file format is documented in [`crate::adapters::market::csv`]. The whole file is
//! checked against the market calendar first; any bad line is reported (with its number) and
//! nothing is stored, so an import is all or nothing and can simply be run again once fixed.
//! Candles already stored with the same symbol, interval and open time are replaced.

use std::io::Write;

use anyhow::Context;

use crate::adapters::market::parse_candles_csv;
use crate::domain::market::MarketCalendar;
use crate::ports::CandleStore;

#[derive(Debug, PartialEq, Eq, clap::Subcommand)]
pub enum MarketCommand {
    /// Load historical candles from a CSV file into the database (all or nothing).
    Import {
        /// Header `symbol,interval,open_time,open,high,low,close,volume`, RFC 3339 open times.
        path: String,
    },
}

/// Runs `command` against `store`, writing the outcome to `out`.
///
/// # Errors
/// When the file cannot be read, has bad lines (each listed), or the store fails.
pub async fn run(
    store: &dyn CandleStore,
    calendar: &MarketCalendar,
    command: MarketCommand,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let MarketCommand::Import { path } = command;
    let text = std::fs::read_to_string(&path).with_context(|| format!("could not read {path}"))?;
    let imported = import(store, calendar, &text).await?;
    writeln!(out, "imported {imported} candles from {path}")?;
    Ok(())
}

/// Parses `text` and saves every candle in it; returns how many were saved.
///
/// # Errors
/// Every bad line, one per line of the message, when the file has any; nothing is saved then.
pub async fn import(store: &dyn CandleStore, calendar: &MarketCalendar, text: &str) -> anyhow::Result<usize> {
    let candles = parse_candles_csv(text, calendar).map_err(|err| {
        let lines: Vec<String> = err.errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("nothing imported; fix these lines and run again:\n{}", lines.join("\n"))
    })?;
    store.save_candles(&candles).await.context("saving the candles")
}
