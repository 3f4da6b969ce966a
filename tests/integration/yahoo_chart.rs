//! The Yahoo chart adapter against a local fake server answering in the API's real shapes:
//! a chart with a missed (null) minute and a still-forming candle, and the error answers the
//! API gives for an unknown ticker, a range it no longer keeps, rate limiting and outages.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::{Value, json};
use signalbox::adapters::market::{YahooChart, YahooSettings};
use signalbox::domain::market::{Candle, CandleRange, Interval, MarketCalendar};
use signalbox::domain::signals::Symbol;
use signalbox::ports::{MarketData, MarketDataError};
use wiremock::matchers::{header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NIFTY_PATH: &str = "/v8/finance/chart/%5ENSEI";

fn ist(h: u32, m: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(19_800).unwrap().with_ymd_and_hms(2026, 11, 27, h, m, 0).unwrap().to_utc()
}

fn chart_fixture() -> Value {
    serde_json::from_str(include_str!("../fixtures/yahoo/nifty_5m.json")).unwrap()
}

fn adapter(server: &MockServer) -> YahooChart {
    let settings = YahooSettings { base_url: server.uri(), timeout: Duration::from_secs(5) };
    YahooChart::new(settings, MarketCalendar::default())
}

async fn serving(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(NIFTY_PATH)).respond_with(template).mount(&server).await;
    server
}

async fn nifty_between(
    source: &YahooChart,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Candle>, MarketDataError> {
    source.candles(Symbol::Nifty, Interval::FiveMinutes, CandleRange::new(from, to).unwrap()).await
}

fn api_error(code: &str, description: &str) -> Value {
    json!({"chart": {"result": null, "error": {"code": code, "description": description}}})
}

#[tokio::test]
async fn closed_candles_are_read_from_the_chart_skipping_missed_minutes_and_the_forming_candle() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(NIFTY_PATH))
        .and(query_param("interval", "5m"))
        .and(query_param("period1", ist(9, 15).timestamp().to_string()))
        .and(query_param("period2", ist(9, 38).timestamp().to_string()))
        .and(header_exists("user-agent"))
        .respond_with(ResponseTemplate::new(200).set_body_json(chart_fixture()))
        .expect(1)
        .mount(&server)
        .await;

    let candles = nifty_between(&adapter(&server), ist(9, 15), ist(9, 38)).await.unwrap();

    let opens: Vec<_> = candles.iter().map(Candle::open_time).collect();
    assert_eq!(opens, vec![ist(9, 15), ist(9, 25), ist(9, 30)], "09:20 was null; 09:35 closes at 09:40");
    let first = &candles[0];
    assert_eq!((first.open(), first.high(), first.low(), first.close()), (26010.5, 26031.2, 25998.0, 26020.35));
    assert_eq!(first.volume(), Some(0.0));
    assert!(candles.iter().all(|c| c.symbol() == Symbol::Nifty && c.interval() == Interval::FiveMinutes));
}

#[tokio::test]
async fn the_latest_candles_are_asked_from_the_sessions_they_need() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(NIFTY_PATH))
        .and(query_param("period1", ist(9, 15).timestamp().to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(chart_fixture()))
        .expect(1)
        .mount(&server)
        .await;

    let latest = adapter(&server).latest(Symbol::Nifty, Interval::FiveMinutes, 2, ist(9, 38)).await.unwrap();

    let opens: Vec<_> = latest.iter().map(Candle::open_time).collect();
    assert_eq!(opens, vec![ist(9, 25), ist(9, 30)]);
}

#[tokio::test]
async fn a_range_without_candles_is_an_empty_list() {
    let mut empty = chart_fixture();
    let result = &mut empty["chart"]["result"][0];
    result.as_object_mut().unwrap().remove("timestamp");
    result["indicators"] = json!({"quote": [{}]});
    let server = serving(ResponseTemplate::new(200).set_body_json(empty)).await;

    assert_eq!(nifty_between(&adapter(&server), ist(9, 15), ist(9, 38)).await.unwrap(), vec![]);
}

#[tokio::test]
async fn an_unknown_ticker_is_rejected_with_the_apis_reason() {
    let body = api_error("Not Found", "No data found, symbol may be delisted");
    let server = serving(ResponseTemplate::new(404).set_body_json(body)).await;

    let err = nifty_between(&adapter(&server), ist(9, 15), ist(9, 38)).await.unwrap_err();

    assert!(
        matches!(&err, MarketDataError::Rejected { detail } if detail.contains("symbol may be delisted")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_range_older_than_the_api_keeps_is_rejected() {
    let body = api_error(
        "Unprocessable Entity",
        "5m data not available for startTime=1700000000 and endTime=1700086400. The requested range must be within the last 60 days.",
    );
    let server = serving(ResponseTemplate::new(422).set_body_json(body)).await;

    let err = nifty_between(&adapter(&server), ist(9, 15), ist(9, 38)).await.unwrap_err();

    assert!(matches!(&err, MarketDataError::Rejected { detail } if detail.contains("last 60 days")), "{err:?}");
}

#[tokio::test]
async fn rate_limiting_and_server_errors_are_unavailability() {
    for template in [
        ResponseTemplate::new(429).set_body_string("Too Many Requests\r\n"),
        ResponseTemplate::new(502).set_body_string("<html><body>Bad Gateway</body></html>"),
        ResponseTemplate::new(500).set_body_json(api_error("Internal Server Error", "try again")),
    ] {
        let server = serving(template).await;
        let err = nifty_between(&adapter(&server), ist(9, 15), ist(9, 38)).await.unwrap_err();
        assert!(matches!(err, MarketDataError::Unavailable(_)), "{err:?}");
    }
}

#[tokio::test]
async fn an_answer_that_is_not_a_chart_of_the_asked_index_is_malformed() {
    let mut other_index = chart_fixture();
    other_index["chart"]["result"][0]["meta"]["symbol"] = json!("^NSEBANK");
    let mut impossible = chart_fixture();
    impossible["chart"]["result"][0]["indicators"]["quote"][0]["high"][0] = json!(1.0);
    for template in [
        ResponseTemplate::new(200).set_body_string("<html>consent required</html>"),
        ResponseTemplate::new(200).set_body_json(other_index),
        ResponseTemplate::new(200).set_body_json(impossible),
    ] {
        let server = serving(template).await;
        let err = nifty_between(&adapter(&server), ist(9, 15), ist(9, 38)).await.unwrap_err();
        assert!(matches!(err, MarketDataError::Malformed(_)), "{err:?}");
    }
}

#[tokio::test]
async fn a_server_that_does_not_answer_in_time_is_unavailable() {
    let server =
        serving(ResponseTemplate::new(200).set_body_json(chart_fixture()).set_delay(Duration::from_secs(30))).await;
    let settings = YahooSettings { base_url: server.uri(), timeout: Duration::from_millis(200) };
    let source = YahooChart::new(settings, MarketCalendar::default());

    let started = std::time::Instant::now();
    let err = nifty_between(&source, ist(9, 15), ist(9, 38)).await.unwrap_err();

    assert!(matches!(err, MarketDataError::Unavailable(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "gave up at the timeout");
}

#[tokio::test]
async fn a_server_that_refuses_connections_is_unavailable() {
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let settings =
        YahooSettings { base_url: format!("http://127.0.0.1:{closed_port}"), timeout: Duration::from_secs(5) };

    let err =
        nifty_between(&YahooChart::new(settings, MarketCalendar::default()), ist(9, 15), ist(9, 38)).await.unwrap_err();

    assert!(matches!(err, MarketDataError::Unavailable(_)), "{err:?}");
}
