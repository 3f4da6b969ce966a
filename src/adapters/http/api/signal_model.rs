//! `GET /signals/model`: the signal model and the call rules as this server runs them —
//! public, so anyone can read how a signal is made before paying for one. Every value comes
//! from [`ModelParameters`], which reads the constants the rules use.

use std::sync::Arc;

use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::ApiTags;
use crate::app::signals::{ModelParameters, SignalsService};

pub struct SignalModelApi {
    pub signals: Arc<SignalsService>,
}

/// The indicators a signal is read from, on closed candles.
#[derive(Object)]
pub struct IndicatorParamsBody {
    /// Minutes per candle.
    candle_minutes: i64,
    /// Closes in the fast simple moving average.
    fast_ma_period: u32,
    /// Closes in the slow simple moving average.
    slow_ma_period: u32,
    /// Candles in the RSI.
    rsi_period: u32,
    /// RSI above this vetoes a BUY (the stance stays HOLD).
    rsi_overbought: f64,
    /// RSI below this vetoes a SELL.
    rsi_oversold: f64,
}

/// Where a call's stop-loss and target are set.
#[derive(Object)]
pub struct LevelParamsBody {
    /// Candles in the average true range (ATR).
    atr_period: u32,
    /// The stop-loss is this many ATRs from the entry, against the call.
    stop_loss_atr: f64,
    /// The target is this many ATRs from the entry, for the call.
    target_atr: f64,
    /// Levels are rounded to this price step, in index points.
    tick: f64,
}

/// The exchange session calls live within.
#[derive(Object)]
pub struct SessionParamsBody {
    /// Regular open, `HH:MM` exchange time.
    opens: String,
    /// Regular close, `HH:MM` exchange time.
    closes: String,
    /// Exchange time's offset from UTC.
    utc_offset: String,
    /// No call opens on a candle closing this many minutes (or fewer) before the close.
    no_entry_before_close_minutes: i64,
}

/// How a call's `confidence` is estimated.
#[derive(Object)]
pub struct ConfidenceParamsBody {
    method: String,
    /// Prior centre for the target's share of calls ending at a level: a driftless walk's odds
    /// of touching the target before the stop, `stop_loss_atr / (stop_loss_atr + target_atr)`.
    prior_hit_rate: f64,
    /// How many calls' worth of evidence that prior weighs.
    prior_weight: f64,
    /// Prior centre for the share of calls ending at the stop or the target at all.
    resolved_prior: f64,
    /// How many calls' worth of evidence that prior weighs.
    resolved_prior_weight: f64,
    /// How many calls' worth of evidence the pooled rates weigh as one symbol-and-side's prior.
    kind_weight: f64,
}

/// One exit rule.
#[derive(Object)]
pub struct ExitRuleBody {
    rule: String,
    /// The `exit_reason` a call ended by this rule carries: `stop`, `target`, `reversed` or
    /// `session_end`.
    exit_reason: String,
}

#[derive(Object)]
pub struct SignalModelBody {
    indicators: IndicatorParamsBody,
    levels: LevelParamsBody,
    /// The round-trip cost every call's `result_pct_net` is net of, in basis points.
    cost_bps: f64,
    session: SessionParamsBody,
    confidence: ConfidenceParamsBody,
    /// The first rule a candle meets ends the call; in this order.
    exit_rules: Vec<ExitRuleBody>,
}

fn hh_mm((hour, minute): (u32, u32)) -> String {
    format!("{hour:02}:{minute:02}")
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<ModelParameters> for SignalModelBody {
    fn from(p: ModelParameters) -> Self {
        Self {
            indicators: IndicatorParamsBody {
                candle_minutes: p.candle.num_minutes(),
                fast_ma_period: count(p.fast_ma_period),
                slow_ma_period: count(p.slow_ma_period),
                rsi_period: count(p.rsi_period),
                rsi_overbought: p.rsi_overbought,
                rsi_oversold: p.rsi_oversold,
            },
            levels: LevelParamsBody {
                atr_period: count(p.atr_period),
                stop_loss_atr: p.stop_loss_atr,
                target_atr: p.target_atr,
                tick: p.tick,
            },
            cost_bps: p.cost.bps(),
            session: SessionParamsBody {
                opens: hh_mm(p.session_opens),
                closes: hh_mm(p.session_closes),
                utc_offset: p.utc_offset,
                no_entry_before_close_minutes: p.no_entry_before_close.num_minutes(),
            },
            confidence: ConfidenceParamsBody {
                method: p.confidence_method.to_owned(),
                prior_hit_rate: p.prior_hit_rate,
                prior_weight: p.prior_weight,
                resolved_prior: p.resolved_prior,
                resolved_prior_weight: p.resolved_prior_weight,
                kind_weight: p.kind_weight,
            },
            exit_rules: p
                .exit_rules
                .iter()
                .map(|(rule, reason)| ExitRuleBody {
                    rule: (*rule).to_owned(),
                    exit_reason: reason.as_str().to_owned(),
                })
                .collect(),
        }
    }
}

#[OpenApi(tag = "ApiTags::Signals")]
impl SignalModelApi {
    /// How signals and calls are made: the model's parameters
    ///
    /// Public, no token. Indicator periods, where stops and targets sit, the cost results are
    /// net of, the session and its no-entry window, how confidence is estimated, and the exit
    /// rules in the order they apply — read from the code the server runs.
    #[oai(path = "/signals/model", method = "get")]
    async fn model(&self) -> Json<SignalModelBody> {
        Json(self.signals.model_parameters().into())
    }
}
