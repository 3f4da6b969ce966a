//! A live stream lasts only as long as the right to it: it ends, with a last `event: end`
//! saying why, on logout, account deletion, a subscription ending, or a sixth stream of the
//! same user; a client that reconnects with `Last-Event-ID` gets what it missed. And a deleted
//! account's token opens nothing at all.

use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_util::StreamExt;
use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::support::test_app::{PASSWORD, TestApp, stripe_event};

/// Wednesday 25 Nov 2026, 10:07 IST: mid-session.
fn mid_session() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 37, 0).unwrap()
}

type Body = futures_util::stream::BoxStream<'static, Result<bytes::Bytes, std::io::Error>>;

/// One server-sent event: its `event:`, `id:` and `data:` lines.
#[derive(Debug, Default)]
struct SseEvent {
    kind: String,
    id: Option<String>,
    data: Value,
}

async fn open_stream(app: &TestApp, token: &str, last_event_id: Option<&str>) -> Body {
    let mut request = app.client.get("/signals/stream").header("Authorization", format!("Bearer {token}"));
    if let Some(id) = last_event_id {
        request = request.header("Last-Event-ID", id);
    }
    let response = request.send().await;
    response.assert_status_is_ok();
    response.0.into_body().into_bytes_stream().boxed()
}

/// Reads events until `count` have arrived or the stream ends; never waits more than 10 s.
async fn read_events(body: &mut Body, count: usize) -> Vec<SseEvent> {
    let mut text = String::new();
    loop {
        let events = parse(&text);
        if events.len() >= count {
            return events;
        }
        match tokio::time::timeout(std::time::Duration::from_secs(10), body.next()).await {
            Ok(Some(chunk)) => text.push_str(&String::from_utf8_lossy(&chunk.unwrap())),
            Ok(None) => return events,
            Err(_) => panic!("no event within 10 s; so far: {text}"),
        }
    }
}

fn parse(text: &str) -> Vec<SseEvent> {
    // Only complete events (ended by a blank line) count.
    let complete = &text[..text.rfind("\n\n").map_or(0, |end| end + 2)];
    complete
        .split("\n\n")
        .filter_map(|block| {
            let mut event = SseEvent::default();
            for line in block.lines() {
                if let Some(kind) = line.strip_prefix("event: ") {
                    event.kind = kind.to_owned();
                } else if let Some(id) = line.strip_prefix("id: ") {
                    event.id = Some(id.to_owned());
                } else if let Some(data) = line.strip_prefix("data: ") {
                    event.data = serde_json::from_str(data).unwrap();
                }
            }
            (!event.kind.is_empty()).then_some(event)
        })
        .collect()
}

async fn the_stream_is_over(body: &mut Body) -> bool {
    matches!(tokio::time::timeout(std::time::Duration::from_secs(10), body.next()).await, Ok(None))
}

async fn paid_session(app: &TestApp, email: &str) -> (String, crate::support::set_cookie::SetCookie) {
    let (token, cookie) = app.new_session(email).await;
    app.subscribe(&token).await;
    (token, cookie)
}

#[tokio::test]
async fn logging_out_ends_the_stream_with_a_last_event_saying_so() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let (token, cookie) = paid_session(&app, "stream-logout@example.com").await;
    let mut stream = open_stream(&app, &token, None).await;

    assert_eq!(app.logout(Some(&cookie)).await.status, StatusCode::NO_CONTENT);

    let events = read_events(&mut stream, 1).await;
    assert_eq!(events[0].kind, "end", "{events:?}");
    assert_eq!(events[0].data, json!({"reason": "logged_out", "reconnect": false}));
    assert!(the_stream_is_over(&mut stream).await);
}

#[tokio::test]
async fn deleting_the_account_ends_its_stream() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let (token, _) = paid_session(&app, "stream-delete@example.com").await;
    let mut stream = open_stream(&app, &token, None).await;

    assert_eq!(app.delete_account(&token, PASSWORD).await.status, StatusCode::NO_CONTENT);

    let events = read_events(&mut stream, 1).await;
    assert_eq!(events[0].data["reason"], "account_deleted", "{events:?}");
    assert!(the_stream_is_over(&mut stream).await);
}

#[tokio::test]
async fn a_subscription_ended_by_stripe_ends_the_stream() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("stream-lapsed@example.com").await;
    let user_id = app.user_id(&token).await;
    assert_eq!(app.deliver(&app.checkout_payload(&user_id)).await.body["status"], "processed");
    let mut stream = open_stream(&app, &token, None).await;

    let created = app.clock_now().timestamp() + 60;
    let ended = app.deliver(&stripe_event("customer.subscription.deleted", |e| e["created"] = json!(created))).await;
    assert_eq!(ended.body["status"], "processed", "{}", ended.text);

    let events = read_events(&mut stream, 1).await;
    assert_eq!(events[0].data, json!({"reason": "plan_ended", "reconnect": false}), "{events:?}");
}

#[tokio::test]
async fn a_users_sixth_stream_replaces_their_oldest() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let (token, _) = paid_session(&app, "stream-many@example.com").await;
    let mut oldest = open_stream(&app, &token, None).await;
    let mut others = Vec::new();
    for _ in 0..signalbox::app::signals::STREAMS_PER_USER {
        others.push(open_stream(&app, &token, None).await);
    }

    let events = read_events(&mut oldest, 1).await;
    assert_eq!(events[0].data["reason"], "replaced", "{events:?}");
    app.clock.advance(Duration::minutes(5));
    app.app.signals.candle_closed(app.clock_now()).await;
    let newest = read_events(others.last_mut().unwrap(), 2).await;
    assert!(newest.iter().all(|event| event.kind == "signal"), "the newest streams keep going: {newest:?}");
}

#[tokio::test]
async fn a_client_that_reconnects_with_last_event_id_receives_what_it_missed() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let (token, _) = paid_session(&app, "stream-resume@example.com").await;
    let mut first = open_stream(&app, &token, None).await;
    app.clock.advance(Duration::minutes(5));
    app.app.signals.candle_closed(app.clock_now()).await;
    let seen = read_events(&mut first, 2).await;
    let last_id = seen.last().and_then(|event| event.id.clone()).expect("signals carry ids");
    drop(first);

    // Two candles close while the client is away.
    for _ in 0..2 {
        app.clock.advance(Duration::minutes(5));
        app.app.signals.candle_closed(app.clock_now()).await;
    }
    let mut resumed = open_stream(&app, &token, Some(&last_id)).await;
    let missed = read_events(&mut resumed, 4).await;

    let ids: Vec<&str> = missed.iter().filter_map(|event| event.id.as_deref()).collect();
    assert_eq!(ids.len(), 4, "two symbols × two candles: {missed:?}");
    let already_seen: Vec<&str> = seen.iter().filter_map(|event| event.id.as_deref()).collect();
    assert!(ids.iter().all(|id| !already_seen.contains(id)), "nothing already seen: {ids:?} vs {already_seen:?}");
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 4, "nothing twice: {ids:?}");
}

#[tokio::test]
async fn a_last_event_id_this_server_never_sent_is_refused() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let (token, _) = paid_session(&app, "stream-bad-id@example.com").await;
    let reply = TestApp::read(
        app.client
            .get("/signals/stream")
            .header("Authorization", format!("Bearer {token}"))
            .header("Last-Event-ID", "yesterday-SENSEX")
            .send()
            .await,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.detail().contains("Last-Event-ID"), "{}", reply.detail());
}

#[tokio::test]
async fn a_deleted_accounts_token_is_refused_by_every_endpoint() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("gone@example.com").await;
    assert_eq!(app.delete_account(&token, PASSWORD).await.status, StatusCode::NO_CONTENT);

    for path in ["/signals", "/signals/quota", "/billing/status", "/signals/history?symbol=NIFTY", "/auth/me"] {
        let reply = app.get(path, Some(&token)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}: {}", reply.text);
        assert_eq!(reply.detail(), "account no longer exists", "{path}");
    }
}
