//! A fake Yahoo chart API that serves the simulated market in the API's JSON shape, honouring
//! `period1`/`period2`/`interval` as the real one does (candles that *open* in the period,
//! the one still forming included), so the HTTP adapter can run the `MarketData` contract.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;
use signalbox::adapters::market::MarketSimulator;
use signalbox::domain::market::{Interval, MarketCalendar};
use signalbox::domain::signals::Symbol;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

struct SimulatedChart;

impl Respond for SimulatedChart {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let ticker = request.url.path().rsplit('/').next().unwrap_or_default().replace("%5E", "^");
        let symbol = match ticker.as_str() {
            "^NSEI" => Symbol::Nifty,
            "^NSEBANK" => Symbol::BankNifty,
            _ => {
                let error = json!({"code": "Not Found", "description": "No data found, symbol may be delisted"});
                return ResponseTemplate::new(404).set_body_json(json!({"chart": {"result": null, "error": error}}));
            }
        };
        let instant = |key: &str| {
            query.get(key).and_then(|s| s.parse().ok()).and_then(|s| DateTime::<Utc>::from_timestamp(s, 0)).unwrap()
        };
        let (from, to) = (instant("period1"), instant("period2"));
        let interval = Interval::parse(&query["interval"]).unwrap();

        let calendar = MarketCalendar::default();
        let candles: Vec<_> = calendar
            .day_of(from)
            .iter_days()
            .take_while(|day| *day <= calendar.day_of(to))
            .filter_map(|day| calendar.session_on(day))
            .flat_map(|session| MarketSimulator::default().session_candles(symbol, interval, &session))
            .filter(|c| from <= c.open_time() && c.open_time() < to)
            .collect();
        let column = |f: fn(&signalbox::domain::market::Candle) -> f64| candles.iter().map(f).collect::<Vec<_>>();
        let mut result = json!({
            "meta": {"symbol": ticker, "exchangeTimezoneName": "Asia/Kolkata", "gmtoffset": 19800, "dataGranularity": interval.as_str()},
            "indicators": {"quote": [{}]},
        });
        if !candles.is_empty() {
            result["timestamp"] = json!(candles.iter().map(|c| c.open_time().timestamp()).collect::<Vec<_>>());
            result["indicators"]["quote"][0] = json!({
                "open": column(|c| c.open()), "high": column(|c| c.high()), "low": column(|c| c.low()),
                "close": column(|c| c.close()), "volume": vec![0; candles.len()],
            });
        }
        ResponseTemplate::new(200).set_body_json(json!({"chart": {"result": [result], "error": null}}))
    }
}

/// A started fake serving the simulated market at `/v8/finance/chart/{ticker}`.
pub async fn simulated_chart_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path_regex("^/v8/finance/chart/")).respond_with(SimulatedChart).mount(&server).await;
    server
}
