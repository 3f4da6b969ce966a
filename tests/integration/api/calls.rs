//! The published record of trade calls through the real routes: exact field sets, paging that
//! returns every call once, a CSV whose net results add up to the track record, 422s for bad
//! input, what a free user sees, and the public ledger head. Calls are recorded the live way:
//! a paid `/signals` request computes the candle and the recorder feeds the call book.

use chrono::{DateTime, TimeZone, Utc};
use poem::http::StatusCode;
use serde_json::Value;

use crate::support::test_app::TestApp;

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> =
        value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect();
    keys.sort();
    keys
}

/// Wednesday 25 Nov 2026, 15:31 IST: the session has ended, its calls all closed.
fn wednesday_after_close() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 10, 1, 0).unwrap()
}

/// Thursday 26 Nov 2026, 13:00 IST.
fn thursday_afternoon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 0).unwrap()
}

/// A paid user's token, after a `/signals` request at `at` recorded the calls up to then.
async fn record_calls_at(app: &TestApp, at: DateTime<Utc>, email: &str) -> String {
    app.clock.set(at);
    let token = app.new_user(email).await;
    app.subscribe(&token).await;
    let reply = app.signals(&token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    token
}

async fn walk(app: &TestApp, token: &str, symbol: &str, limit: usize) -> Vec<Value> {
    let mut calls = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let after = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let reply = app.get(&format!("/signals/calls?symbol={symbol}&limit={limit}{after}"), Some(token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(keys(&reply.body), ["calls", "next_cursor", "symbol"]);
        calls.extend(reply.body["calls"].as_array().unwrap().iter().cloned());
        match reply.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return calls,
        }
    }
}

#[tokio::test]
async fn calls_have_exactly_the_published_fields_and_paging_returns_each_once() {
    let app = TestApp::new();
    let token = record_calls_at(&app, wednesday_after_close(), "calls@example.com").await;

    let all = walk(&app, &token, "NIFTY", 200).await;
    let paged = walk(&app, &token, "NIFTY", 2).await;

    assert!(all.len() >= 2, "the session has calls: {all:?}");
    assert_eq!(paged, all, "small pages return the same calls, each once, in the same order");
    for call in &all {
        assert_eq!(
            keys(call),
            [
                "closed_at",
                "confidence",
                "entry",
                "exit_price",
                "exit_reason",
                "hash",
                "id",
                "opened_at",
                "prev_hash",
                "result_pct",
                "result_pct_net",
                "stop_loss",
                "symbol",
                "target",
                "type"
            ]
        );
        assert!(["BUY", "SELL"].contains(&call["type"].as_str().unwrap()));
        assert!(["target", "stop", "reversed", "session_end"].contains(&call["exit_reason"].as_str().unwrap()));
        assert_eq!(call["hash"].as_str().unwrap().len(), 64);
    }
    let ids: Vec<&str> = all.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
}

#[tokio::test]
async fn the_csv_lists_the_closed_calls_and_its_net_results_add_up_to_the_track_record() {
    let app = TestApp::new();
    let token = record_calls_at(&app, wednesday_after_close(), "csv@example.com").await;

    let csv = app.get("/signals/calls.csv?symbol=NIFTY", Some(&token)).await;
    let record = app.get("/signals/track-record?symbol=NIFTY", Some(&token)).await;

    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let mut lines = csv.text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.len(), 15);
    let net = header.iter().position(|h| *h == "result_pct_net").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    let sum: f64 = rows.iter().map(|row| row[net].parse::<f64>().unwrap()).sum();
    assert_eq!(record.status, StatusCode::OK, "{}", record.text);
    assert_eq!(
        keys(&record.body),
        [
            "avg_result_pct_net",
            "baseline",
            "calibration",
            "calls",
            "cost_bps",
            "equity_curve",
            "first_call_at",
            "hit_rate",
            "last_call_at",
            "losses",
            "max_drawdown_pct",
            "symbol",
            "total_result_pct_net",
            "wins"
        ]
    );
    assert_eq!(keys(&record.body["baseline"]), ["name", "total_result_pct"]);
    assert_eq!(keys(&record.body["calibration"][0]), ["calls", "confidence_from", "confidence_to", "hit_rate"]);
    assert_eq!(record.body["calls"].as_u64().unwrap() as usize, rows.len());
    assert!(!rows.is_empty());
    let total = record.body["total_result_pct_net"].as_f64().unwrap();
    assert!((sum - total).abs() < 1e-9, "CSV sum {sum} vs track record {total}");
    let curve = record.body["equity_curve"].as_array().unwrap();
    assert_eq!(curve.len(), rows.len(), "one point per closed call");
    assert_eq!(keys(&curve[0]), ["at", "call_id", "cumulative_pct_net"]);
    let last = curve.last().unwrap()["cumulative_pct_net"].as_f64().unwrap();
    assert!((last - total).abs() < 1e-9, "the curve ends at the total: {last} vs {total}");
    assert_eq!(record.body["cost_bps"], 7.0, "SIGNAL_COST_BPS defaults to the domain's cost");
}

#[tokio::test]
async fn bad_limits_symbols_and_cursors_are_refused_with_422() {
    let app = TestApp::new();
    let token = app.new_user("bad-calls@example.com").await;

    for path in [
        "/signals/calls?symbol=NIFTY&limit=0",
        "/signals/calls?symbol=NIFTY&limit=201",
        "/signals/calls?symbol=NIFTY&limit=x",
        "/signals/calls?symbol=SENSEX",
        "/signals/calls?limit=5",
        "/signals/calls?symbol=NIFTY&cursor=nonsense",
        "/signals/calls?symbol=NIFTY&cursor=BANKNIFTY-202611250445",
        "/signals/calls.csv?symbol=SENSEX",
        "/signals/track-record?symbol=SENSEX",
    ] {
        let reply = app.get(path, Some(&token)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {}", reply.text);
        assert!(reply.body["detail"].is_string(), "{path}: {}", reply.text);
    }
    let ok = app.get("/signals/calls?symbol=NIFTY&limit=200&cursor=NIFTY-202611250445", Some(&token)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
}

#[tokio::test]
async fn a_free_user_sees_calls_opened_before_todays_session_and_spends_nothing() {
    let app = TestApp::new();
    let paid = record_calls_at(&app, wednesday_after_close(), "paid-calls@example.com").await;
    let wednesday = walk(&app, &paid, "NIFTY", 200).await;
    // Tokens are short-lived: a new paid user on Thursday.
    let paid = record_calls_at(&app, thursday_afternoon(), "paid-thursday@example.com").await;
    let free = app.new_user("free-calls@example.com").await;

    let paid_sees = walk(&app, &paid, "NIFTY", 200).await;
    let free_sees = walk(&app, &free, "NIFTY", 200).await;
    let free_csv = app.get("/signals/calls.csv?symbol=NIFTY", Some(&free)).await;
    app.get("/signals/track-record?symbol=NIFTY", Some(&free)).await;
    let quota = app.get("/signals/quota", Some(&free)).await;

    assert!(paid_sees.len() > wednesday.len(), "Thursday's session has calls too");
    assert_eq!(free_sees, wednesday, "the free plan sees up to the previous session");
    assert_eq!(free_csv.text.lines().count(), wednesday.len() + 1);
    assert_eq!(quota.body["remaining"], 3, "the record never counts against the quota");
}

#[tokio::test]
async fn the_ledger_head_is_public_and_moves_as_calls_are_recorded() {
    let app = TestApp::new();
    let empty = app.get("/ledger/head", None).await;
    assert_eq!(empty.status, StatusCode::NOT_FOUND, "{}", empty.text);
    assert!(empty.body["detail"].is_string());
    let token = record_calls_at(&app, wednesday_after_close(), "head@example.com").await;

    let head = app.get("/ledger/head", None).await;

    assert_eq!(head.status, StatusCode::OK, "{}", head.text);
    assert_eq!(keys(&head.body), ["at", "hash", "height"]);
    let nifty = walk(&app, &token, "NIFTY", 200).await.len();
    let banknifty = walk(&app, &token, "BANKNIFTY", 200).await.len();
    assert_eq!(head.body["height"].as_u64().unwrap() as usize, 2 * (nifty + banknifty) - 1);
    assert_eq!(head.body["hash"].as_str().unwrap().len(), 64);
}

/// Thursday 26 Nov 2026, 15:31 IST.
fn thursday_after_close() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 1, 0).unwrap()
}

#[tokio::test]
async fn a_backtest_over_days_the_live_ledger_covered_yields_the_identical_calls() {
    let app = TestApp::new();
    record_calls_at(&app, wednesday_after_close(), "live-wed@example.com").await;
    let token = record_calls_at(&app, thursday_after_close(), "live-thu@example.com").await;
    let live = walk(&app, &token, "NIFTY", 200).await;

    let wednesday = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let thursday = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let backtest =
        app.app.signals.backtest(signalbox::domain::signals::Symbol::Nifty, wednesday, thursday).await.unwrap();

    let summary = |id: &str, entry: f64, reason: &str, net: f64| format!("{id} {entry} {reason} {net:.9}");
    let mut live: Vec<String> = live
        .iter()
        .map(|c| {
            summary(
                c["id"].as_str().unwrap(),
                c["entry"].as_f64().unwrap(),
                c["exit_reason"].as_str().unwrap(),
                c["result_pct_net"].as_f64().unwrap(),
            )
        })
        .collect();
    live.reverse();
    let replayed: Vec<String> = backtest
        .calls
        .iter()
        .map(|c| {
            let exit = c.exit.expect("every backtest call of a finished session is closed");
            summary(c.id.as_str(), c.entry, exit.reason.as_str(), c.result_pct_net().unwrap())
        })
        .collect();
    assert!(!live.is_empty());
    assert_eq!(replayed, live);
    assert_eq!(backtest.record.calls as usize, live.len());
}
