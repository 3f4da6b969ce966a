//! `GET /signals/model` publishes the parameters the code runs with: every value is compared
//! with the constant (or the setting) the rules read, so a changed constant fails here unless
//! the published page changes with it.

use poem::http::StatusCode;
use serde_json::{Value, json};
use signalbox::app::signals::standing_signal::SIGNAL_INTERVAL;
use signalbox::domain::calls::{
    ATR_PERIOD, CONFIDENCE_METHOD, EXIT_RULES, KIND_WEIGHT, NO_ENTRY_BEFORE_CLOSE, PRIOR_HIT, PRIOR_WEIGHT,
    RESOLVED_PRIOR, RESOLVED_PRIOR_WEIGHT, STOP_ATR, TARGET_ATR, TICK,
};
use signalbox::domain::market::calendar::{CLOSES, OPENS};
use signalbox::domain::signals::model::{FAST_WINDOW, OVERBOUGHT, OVERSOLD, RSI_PERIOD, SLOW_WINDOW};

use crate::support::test_app::TestApp;

#[tokio::test]
async fn the_model_page_is_public_and_every_value_is_the_codes_constant_or_setting() {
    let app = TestApp::with(&[("signal_cost_bps", "5")]);

    let reply = app.get("/signals/model", None).await;

    assert_eq!(reply.status, StatusCode::OK, "no token needed: {}", reply.text);
    let body = &reply.body;
    assert_eq!(
        body["indicators"],
        json!({
            "candle_minutes": SIGNAL_INTERVAL.duration().num_minutes(),
            "fast_ma_period": FAST_WINDOW,
            "slow_ma_period": SLOW_WINDOW,
            "rsi_period": RSI_PERIOD,
            "rsi_overbought": OVERBOUGHT,
            "rsi_oversold": OVERSOLD,
        })
    );
    assert_eq!(
        body["levels"],
        json!({ "atr_period": ATR_PERIOD, "stop_loss_atr": STOP_ATR, "target_atr": TARGET_ATR, "tick": TICK })
    );
    assert_eq!(body["cost_bps"], json!(5.0), "the cost in force (SIGNAL_COST_BPS), not the default");
    assert_eq!(
        body["session"],
        json!({
            "opens": format!("{:02}:{:02}", OPENS.0, OPENS.1),
            "closes": format!("{:02}:{:02}", CLOSES.0, CLOSES.1),
            "utc_offset": "+05:30",
            "no_entry_before_close_minutes": NO_ENTRY_BEFORE_CLOSE.num_minutes(),
        })
    );
    assert_eq!(
        body["confidence"],
        json!({
            "method": CONFIDENCE_METHOD,
            "prior_hit_rate": PRIOR_HIT,
            "prior_weight": PRIOR_WEIGHT,
            "resolved_prior": RESOLVED_PRIOR,
            "resolved_prior_weight": RESOLVED_PRIOR_WEIGHT,
            "kind_weight": KIND_WEIGHT,
        })
    );
    let rules: Vec<Value> =
        EXIT_RULES.iter().map(|(rule, reason)| json!({ "rule": rule, "exit_reason": reason.as_str() })).collect();
    assert_eq!(body["exit_rules"], Value::Array(rules));
    assert_eq!(body["exit_rules"][0]["exit_reason"], "stop", "a gapped stop is the first rule");
}
