//! Alerts exactly once across instances: two server processes on one PostgreSQL and Redis, a
//! fast demo market so calls open, and a fake Telegram that counts. A paid user links
//! Telegram; instance A's Telegram requests are held unanswered (Telegram being slow), and A
//! is killed while they hang. B takes A's leased deliveries over once the lease ends, and every
//! (event, chat) reaches Telegram exactly once.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use poem::http::{Method, StatusCode};
use serde_json::json;

use super::TwoInstances;
use crate::support::api_client::{random_ip, unique_email};
use crate::support::fake_telegram::FakeTelegram;
use crate::support::signed_events::checkout_completed;

const MARKET_START: &str = "2026-11-25T10:00:00+05:30";
const SECRET: &str = "two-instances-telegram-secret";
const LEASE_SECONDS: u64 = 5;
/// The first call of the fast market, delivered to A's held Telegram: a debug build's start-up
/// backfill comes first.
const FIRST_ALERT_WITHIN: Duration = Duration::from_secs(120);

fn env(token: &str, telegram: &FakeTelegram) -> Vec<(&'static str, String)> {
    vec![
        ("MARKET_CLOCK_START", MARKET_START.to_owned()),
        ("MARKET_CLOCK_SPEED", "60".to_owned()),
        ("TELEGRAM_BOT_TOKEN", token.to_owned()),
        ("TELEGRAM_BOT_USERNAME", "signalbox_test_bot".to_owned()),
        ("TELEGRAM_API_BASE", format!("http://{}", telegram.address())),
        ("TELEGRAM_WEBHOOK_SECRET", SECRET.to_owned()),
        ("ALERTS_LEASE_SECONDS", LEASE_SECONDS.to_string()),
    ]
}

async fn wait_for(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < within, "{what} did not happen within {within:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn an_alert_held_by_a_killed_instance_is_sent_once_by_the_other_after_the_lease() {
    let telegram = FakeTelegram::start("held-token-of-a").await;
    let mut b_env = env("token-of-b", &telegram);
    b_env.push(("SIGNAL_CLOCK", "off".to_owned()));
    let Some(mut cluster) = TwoInstances::start_with(&env("held-token-of-a", &telegram), &b_env).await else { return };
    let api = cluster.a.api.with_client_ip(&random_ip());
    let token = api.new_user(&unique_email("alerts")).await;
    let paid = checkout_completed(&api.user_id(&token).await);
    assert_eq!(api.webhook(&paid.payload, &paid.signature).await.body["status"], "processed");
    let link = api.send(Method::POST, "/alerts/telegram/link", Some(&token), &[], None).await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.text);
    let code = link.body["url"].as_str().unwrap().rsplit('=').next().unwrap().to_owned();
    let update = json!({"update_id": 1, "message": {"message_id": 1, "chat": {"id": 777, "type": "private"}, "text": format!("/start {code}")}});
    let linked = cluster
        .b
        .api
        .send(
            Method::POST,
            "/alerts/telegram/webhook",
            None,
            &[("X-Telegram-Bot-Api-Secret-Token", SECRET), ("Content-Type", "application/json")],
            Some(update.to_string().into_bytes()),
        )
        .await;
    assert_eq!(linked.body["status"], "linked", "{}", linked.text);

    wait_for("A's first alert reaching Telegram", FIRST_ALERT_WITHIN, || {
        !telegram.seen.lock().unwrap().held.is_empty()
    })
    .await;
    cluster.a.kill();
    let killed_at = Instant::now();
    let held: Vec<String> = telegram.seen.lock().unwrap().held.iter().map(|(_, text)| text.clone()).collect();

    wait_for("B taking A's alerts over", Duration::from_secs(LEASE_SECONDS + 20), || {
        let seen = telegram.seen.lock().unwrap();
        held.iter().all(|text| seen.accepted.iter().any(|(_, sent)| sent == text))
    })
    .await;
    let took_over_in = killed_at.elapsed();
    // Anything B had in flight settles; then nothing may arrive twice.
    tokio::time::sleep(Duration::from_secs(LEASE_SECONDS + 2)).await;

    let seen = telegram.seen.lock().unwrap();
    let mut times: HashMap<(i64, &str), usize> = HashMap::new();
    for (chat, text) in &seen.accepted {
        *times.entry((*chat, text.as_str())).or_default() += 1;
    }
    assert!(times.values().all(|n| *n == 1), "each alert once: {times:#?}");
    assert!(seen.accepted.iter().all(|(chat, _)| *chat == 777));
    assert!(took_over_in < Duration::from_secs(60), "taken over within the lease: {took_over_in:?}");
    eprintln!("A held {} alert(s); B sent them {took_over_in:?} after A was killed", held.len());
}
