//! What the model and the call rules actually run with, read from the constants the rules use
//! and the cost in force, so the published description (`GET /signals/model`) cannot drift
//! from the code: change a constant and the page changes with it.

use chrono::Duration;

use super::SignalsService;
use super::standing_signal::SIGNAL_INTERVAL;
use crate::domain::calls::{
    ATR_PERIOD, CONFIDENCE_METHOD, CostBps, EXIT_RULES, ExitReason, KIND_WEIGHT, NO_ENTRY_BEFORE_CLOSE, PRIOR_HIT,
    PRIOR_WEIGHT, RESOLVED_PRIOR, RESOLVED_PRIOR_WEIGHT, STOP_ATR, TARGET_ATR, TICK,
};
use crate::domain::market::calendar::{CLOSES, OPENS, ist};
use crate::domain::signals::model::{FAST_WINDOW, OVERBOUGHT, OVERSOLD, RSI_PERIOD, SLOW_WINDOW};

/// The parameters of the signal model and of the trade calls.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelParameters {
    pub candle: Duration,
    pub fast_ma_period: usize,
    pub slow_ma_period: usize,
    pub rsi_period: usize,
    pub rsi_overbought: f64,
    pub rsi_oversold: f64,
    pub atr_period: usize,
    pub stop_loss_atr: f64,
    pub target_atr: f64,
    pub tick: f64,
    pub cost: CostBps,
    pub no_entry_before_close: Duration,
    /// (hour, minute) in [`ModelParameters::utc_offset`].
    pub session_opens: (u32, u32),
    pub session_closes: (u32, u32),
    /// The exchange's offset from UTC, `+05:30`.
    pub utc_offset: String,
    pub confidence_method: &'static str,
    /// The prior centre and weight (pseudo-calls) for the target's share of level exits.
    pub prior_hit_rate: f64,
    pub prior_weight: f64,
    /// The prior centre and weight for the share of calls ending at a level at all.
    pub resolved_prior: f64,
    pub resolved_prior_weight: f64,
    /// Pseudo-calls the pooled rates weigh as a symbol-and-side's prior.
    pub kind_weight: f64,
    /// In the order they are applied.
    pub exit_rules: [(&'static str, ExitReason); 6],
}

impl SignalsService {
    /// The model's parameters as this instance runs it.
    pub fn model_parameters(&self) -> ModelParameters {
        ModelParameters {
            candle: SIGNAL_INTERVAL.duration(),
            fast_ma_period: FAST_WINDOW,
            slow_ma_period: SLOW_WINDOW,
            rsi_period: RSI_PERIOD,
            rsi_overbought: OVERBOUGHT,
            rsi_oversold: OVERSOLD,
            atr_period: ATR_PERIOD,
            stop_loss_atr: STOP_ATR,
            target_atr: TARGET_ATR,
            tick: TICK,
            cost: self.policies.cost,
            no_entry_before_close: NO_ENTRY_BEFORE_CLOSE,
            session_opens: OPENS,
            session_closes: CLOSES,
            utc_offset: ist().to_string(),
            confidence_method: CONFIDENCE_METHOD,
            prior_hit_rate: PRIOR_HIT,
            prior_weight: PRIOR_WEIGHT,
            resolved_prior: RESOLVED_PRIOR,
            resolved_prior_weight: RESOLVED_PRIOR_WEIGHT,
            kind_weight: KIND_WEIGHT,
            exit_rules: EXIT_RULES,
        }
    }
}
