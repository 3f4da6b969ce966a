//! Candles from the Yahoo Finance v8 chart API (`/v8/finance/chart/{ticker}`), or from any
//! server that answers in its JSON shape.
//!
//! The base URL is a setting, so tests (and a caching proxy in production) point it at a
//! server of their own. What is translated, and how:
//! - NIFTY is `^NSEI`, BANKNIFTY `^NSEBANK`; timestamps are candle open times in unix seconds;
//! - rows whose prices are `null` (minutes the feed missed) are skipped, as are candles off
//!   the NSE session grid, so the port's "only session candles" guarantee holds whatever the
//!   feed sends; the candle still forming is dropped by the range's end like any other;
//! - `{"chart":{"error":{code, description}}}` answers (unknown ticker, unsupported interval,
//!   a range beyond what the API keeps) become [`MarketDataError::Rejected`]; 429, 5xx,
//!   timeouts and connection failures become `Unavailable`; a 200 that is not this shape, or
//!   holds impossible prices, is `Malformed`.

use std::time::Duration;

use anyhow::{Context, anyhow};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper::{Request, StatusCode};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;

use crate::domain::market::{Candle, CandleRange, Interval, MarketCalendar, Provenance, SourceName};
use crate::domain::signals::Symbol;
use crate::ports::market_data::latest_from_range;
use crate::ports::{MarketData, MarketDataError};

/// Answers larger than this are refused: a year of 1-minute candles is well under it.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Yahoo refuses requests without a browser-like user agent.
const USER_AGENT: &str = "Mozilla/5.0 (compatible; Signalbox market data)";

/// Where the chart API is and how long to wait for it.
#[derive(Clone, Debug)]
pub struct YahooSettings {
    /// Scheme and host, without a trailing path: `https://query1.finance.yahoo.com`.
    pub base_url: String,
    /// For the whole request, connecting included.
    pub timeout: Duration,
}

impl Default for YahooSettings {
    fn default() -> Self {
        Self { base_url: "https://query1.finance.yahoo.com".into(), timeout: Duration::from_secs(10) }
    }
}

/// The chart API as a [`MarketData`] source.
#[derive(Clone)]
pub struct YahooChart {
    settings: YahooSettings,
    calendar: MarketCalendar,
    client: Client<HttpsConnector<HttpConnector>, Empty<Bytes>>,
}

impl YahooChart {
    pub fn new(settings: YahooSettings, calendar: MarketCalendar) -> Self {
        let connector =
            hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots().https_or_http().enable_http1().build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Self { settings, calendar, client }
    }

    fn url(&self, symbol: Symbol, interval: Interval, range: &CandleRange) -> String {
        format!(
            "{}/v8/finance/chart/{}?period1={}&period2={}&interval={}&includePrePost=false",
            self.settings.base_url.trim_end_matches('/'),
            ticker(symbol).replace('^', "%5E"),
            range.from().timestamp(),
            range.to().timestamp(),
            interval.as_str(),
        )
    }

    async fn fetch(&self, url: &str) -> Result<(StatusCode, Bytes), MarketDataError> {
        let request = Request::get(url)
            .header("user-agent", USER_AGENT)
            .header("accept", "application/json")
            .body(Empty::new())
            .map_err(|e| MarketDataError::Unavailable(anyhow!(e).context("building the chart request")))?;
        let exchange = async {
            let response = self.client.request(request).await.context("chart API unreachable")?;
            let status = response.status();
            let body = Limited::new(response.into_body(), MAX_BODY_BYTES)
                .collect()
                .await
                .map_err(|e| anyhow!(e))
                .context("reading the chart answer")?;
            Ok::<_, anyhow::Error>((status, body.to_bytes()))
        };
        match tokio::time::timeout(self.settings.timeout, exchange).await {
            Ok(result) => result.map_err(MarketDataError::Unavailable),
            Err(_) => {
                Err(MarketDataError::Unavailable(anyhow!("chart API did not answer in {:?}", self.settings.timeout)))
            }
        }
    }
}

#[async_trait]
impl MarketData for YahooChart {
    fn provenance(&self) -> Provenance {
        Provenance::real(SourceName::YAHOO)
    }

    async fn candles(
        &self,
        symbol: Symbol,
        interval: Interval,
        range: CandleRange,
    ) -> Result<Vec<Candle>, MarketDataError> {
        let (status, body) = self.fetch(&self.url(symbol, interval, &range)).await?;
        let envelope = serde_json::from_slice::<Envelope>(&body).ok();
        if let Some(ChartError { code, description }) = envelope.as_ref().and_then(|e| e.chart.error.as_ref())
            && !status.is_server_error()
            && status != StatusCode::TOO_MANY_REQUESTS
        {
            return Err(MarketDataError::Rejected { detail: format!("{code}: {description}") });
        }
        if !status.is_success() {
            return Err(MarketDataError::Unavailable(anyhow!("chart API answered {status}")));
        }
        let result = envelope
            .and_then(|e| e.chart.result)
            .and_then(|results| results.into_iter().next())
            .ok_or_else(|| MarketDataError::Malformed(anyhow!("a 200 without a chart result")))?;
        if result.meta.symbol != ticker(symbol) {
            return Err(MarketDataError::Malformed(anyhow!("asked for {} got {}", ticker(symbol), result.meta.symbol)));
        }
        self.candles_of(symbol, interval, &range, result)
    }

    async fn latest(
        &self,
        symbol: Symbol,
        interval: Interval,
        count: usize,
        as_of: DateTime<Utc>,
    ) -> Result<Vec<Candle>, MarketDataError> {
        latest_from_range(self, &self.calendar, symbol, interval, count, as_of).await
    }
}

impl YahooChart {
    fn candles_of(
        &self,
        symbol: Symbol,
        interval: Interval,
        range: &CandleRange,
        result: ChartResult,
    ) -> Result<Vec<Candle>, MarketDataError> {
        let quote = result.indicators.quote.into_iter().next().unwrap_or_default();
        let mut candles: Vec<Candle> = Vec::with_capacity(result.timestamp.len());
        for (i, &seconds) in result.timestamp.iter().enumerate() {
            let at = |column: &[Option<f64>]| column.get(i).copied().flatten();
            let (Some(open), Some(high), Some(low), Some(close)) =
                (at(&quote.open), at(&quote.high), at(&quote.low), at(&quote.close))
            else {
                continue;
            };
            let open_time = DateTime::from_timestamp(seconds, 0)
                .ok_or_else(|| MarketDataError::Malformed(anyhow!("timestamp {seconds} out of range")))?;
            if !self.on_the_session_grid(open_time, interval) {
                continue;
            }
            let candle = Candle::new(symbol, interval, open_time, open, high, low, close, at(&quote.volume))
                .map_err(|e| MarketDataError::Malformed(anyhow!("candle at {open_time}: {e}")))?;
            if range.contains(&candle) && candles.last().is_none_or(|last| last.open_time() < open_time) {
                candles.push(candle);
            }
        }
        Ok(candles)
    }

    fn on_the_session_grid(&self, open_time: DateTime<Utc>, interval: Interval) -> bool {
        self.calendar
            .session_at(open_time)
            .is_some_and(|session| (open_time - session.opens_at).num_seconds() % (interval.minutes() * 60) == 0)
    }
}

/// The Yahoo ticker of an index.
fn ticker(symbol: Symbol) -> &'static str {
    match symbol {
        Symbol::Nifty => "^NSEI",
        Symbol::BankNifty => "^NSEBANK",
    }
}

#[derive(Deserialize)]
struct Envelope {
    chart: Chart,
}

#[derive(Deserialize)]
struct Chart {
    result: Option<Vec<ChartResult>>,
    error: Option<ChartError>,
}

#[derive(Deserialize)]
struct ChartError {
    code: String,
    description: String,
}

#[derive(Deserialize)]
struct ChartResult {
    meta: Meta,
    /// Absent when the range holds no candles.
    #[serde(default)]
    timestamp: Vec<i64>,
    indicators: Indicators,
}

#[derive(Deserialize)]
struct Meta {
    symbol: String,
}

#[derive(Deserialize)]
struct Indicators {
    #[serde(default)]
    quote: Vec<Quote>,
}

#[derive(Deserialize, Default)]
struct Quote {
    #[serde(default)]
    open: Vec<Option<f64>>,
    #[serde(default)]
    high: Vec<Option<f64>>,
    #[serde(default)]
    low: Vec<Option<f64>>,
    #[serde(default)]
    close: Vec<Option<f64>>,
    #[serde(default)]
    volume: Vec<Option<f64>>,
}
