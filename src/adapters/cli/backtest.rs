//! `signalbox backtest --symbol NIFTY --from 2026-01-01 --to 2026-11-30 [--csv FILE] [--json]`:
//! the live call rules over the configured market's candles (stored, imported or simulated),
//! printed as the track record a trader reads — or as JSON for machines, and every call as CSV.

use std::io::Write;

use anyhow::Context;
use chrono::NaiveDate;
use serde_json::json;

use crate::app::signals::{BacktestResult, SignalsService};
use crate::domain::calls::Call;
use crate::domain::signals::Symbol;

#[derive(Debug, PartialEq, Eq, clap::Args)]
pub struct BacktestArgs {
    /// NIFTY or BANKNIFTY.
    #[arg(long, value_parser = parse_symbol)]
    pub symbol: Symbol,
    /// The first session (IST date, YYYY-MM-DD).
    #[arg(long)]
    pub from: NaiveDate,
    /// The last session, inclusive.
    #[arg(long)]
    pub to: NaiveDate,
    /// Also write every call to this CSV file.
    #[arg(long)]
    pub csv: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

fn parse_symbol(raw: &str) -> Result<Symbol, String> {
    Symbol::parse(raw).ok_or_else(|| "the symbol is NIFTY or BANKNIFTY".to_owned())
}

/// Runs the backtest and writes its result to `out`.
///
/// # Errors
/// When `--from` is after `--to`, the market or the ledger fails, or the CSV cannot be written.
pub async fn run(signals: &SignalsService, args: BacktestArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::ensure!(args.from <= args.to, "--from must not be after --to");
    let result = signals.backtest(args.symbol, args.from, args.to).await.context("running the backtest")?;
    if let Some(path) = &args.csv {
        std::fs::write(path, csv(&result.calls)).with_context(|| format!("could not write {path}"))?;
    }
    if args.json {
        writeln!(out, "{}", as_json(args.symbol, &result))?
    } else {
        print(args.symbol, &result, out)?
    }
    Ok(())
}

fn csv(calls: &[Call]) -> String {
    let mut text = String::from(
        "id,symbol,type,entry,stop_loss,target,confidence,opened_at,closed_at,exit_price,exit_reason,result_pct,result_pct_net\n",
    );
    for call in calls {
        let exit = call.exit;
        let fields = [
            call.id.to_string(),
            call.symbol.as_str().to_owned(),
            call.direction.as_str().to_owned(),
            call.entry.to_string(),
            call.stop_loss.to_string(),
            call.target.to_string(),
            call.confidence.to_string(),
            call.opened_at.to_rfc3339(),
            exit.map(|e| e.closed_at.to_rfc3339()).unwrap_or_default(),
            exit.map(|e| e.price.to_string()).unwrap_or_default(),
            exit.map(|e| e.reason.as_str().to_owned()).unwrap_or_default(),
            call.result_pct().map(|v| v.to_string()).unwrap_or_default(),
            call.result_pct_net().map(|v| v.to_string()).unwrap_or_default(),
        ];
        text.push_str(&fields.join(","));
        text.push('\n');
    }
    text
}

fn as_json(symbol: Symbol, result: &BacktestResult) -> serde_json::Value {
    let r = &result.record;
    json!({
        "symbol": symbol.as_str(),
        "calls": r.calls,
        "wins": r.wins,
        "losses": r.losses,
        "hit_rate": r.hit_rate,
        "avg_result_pct_net": r.avg_result_pct_net,
        "total_result_pct_net": r.total_result_pct_net,
        "max_drawdown_pct": r.max_drawdown_pct,
        "cost_bps": r.cost_bps.bps(),
        "baseline": {"name": r.baseline.name, "total_result_pct": r.baseline.total_result_pct},
        "calibration": r.calibration.iter().map(|b| json!({
            "confidence_from": b.confidence_from, "confidence_to": b.confidence_to,
            "calls": b.calls, "hit_rate": b.hit_rate,
        })).collect::<Vec<_>>(),
        "first_call_at": r.first_call_at,
        "last_call_at": r.last_call_at,
    })
}

fn print(symbol: Symbol, result: &BacktestResult, out: &mut dyn Write) -> std::io::Result<()> {
    let r = &result.record;
    let pct = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{:.1} %", v * 100.0));
    writeln!(out, "{symbol}: {} calls, hit rate {} net of {} bps", r.calls, pct(r.hit_rate), r.cost_bps.bps())?;
    writeln!(out, "net result {:+.3} %, max drawdown {:.3} %", r.total_result_pct_net, r.max_drawdown_pct)?;
    writeln!(out, "baseline ({}): {:+.3} %", r.baseline.name, r.baseline.total_result_pct)?;
    writeln!(out, "calibration (confidence → calls, reached target):")?;
    for bucket in &r.calibration {
        writeln!(
            out,
            "  {:.1}–{:.1}: {:>4} calls, {}",
            bucket.confidence_from,
            bucket.confidence_to,
            bucket.calls,
            pct(bucket.hit_rate)
        )?;
    }
    Ok(())
}
