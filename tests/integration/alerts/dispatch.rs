//! Fan-out and delivery, one rule per test.

use std::time::Duration;

use chrono::{DateTime, Utc};
use signalbox::adapters::memory::ChatBehaviour;
use signalbox::domain::Plan;
use signalbox::domain::alerts::{AlertChannel, AlertPreferences, ChatId, QuietHours, SessionSummary, TelegramPace};
use signalbox::domain::calls::{Call, CallEvent, CallId, CostBps, Direction, Exit, ExitReason};
use signalbox::domain::signals::Symbol;
use signalbox::ports::{AlertOutbox, AlertSubscribers, CallLedger, Clock, LeaseHolder, PushDevices};

use super::harness::{Harness, ten_am};

pub(super) fn call(opened_at: DateTime<Utc>) -> Call {
    Call {
        id: CallId::of(Symbol::Nifty, opened_at),
        symbol: Symbol::Nifty,
        direction: Direction::Long,
        entry: 26_000.0,
        stop_loss: 25_950.0,
        target: 26_080.0,
        confidence: 0.55,
        opened_at,
        cost: CostBps::parse(5.0).unwrap(),
        exit: None,
    }
}

fn closed(call: &Call) -> Call {
    let mut done = call.clone();
    done.exit = Some(Exit {
        closed_at: call.opened_at + chrono::Duration::minutes(15),
        price: 26_080.0,
        reason: ExitReason::Target,
    });
    done
}

fn telegram_and_email() -> AlertPreferences {
    AlertPreferences { email_enabled: true, ..AlertPreferences::default() }
}

/// Fans everything out and delivers every channel until nothing is due.
async fn dispatch(service: &signalbox::app::alerts::AlertsService) {
    while service.fan_out_due().await.unwrap() > 0 {}
    let mut pace = TelegramPace::new();
    for channel in AlertChannel::ALL {
        while service.deliver_due(channel, &mut pace).await.unwrap() > 0 {}
    }
}

async fn stats(h: &Harness, channel: AlertChannel) -> signalbox::ports::ChannelStats {
    h.outbox.stats().await.unwrap().into_iter().find(|(c, _)| *c == channel).unwrap().1
}

#[tokio::test]
async fn paid_users_get_every_call_and_free_users_only_the_summary_naming_what_paid_got() {
    let h = Harness::new();
    let service = h.service("a");
    h.user(Plan::Paid, AlertPreferences::default(), Some(1)).await;
    h.user(Plan::Free, AlertPreferences::default(), Some(2)).await;
    let opened = call(ten_am() - chrono::Duration::minutes(30));
    h.ledger.record(&CallEvent::Opened(opened.clone())).await.unwrap();
    h.ledger.record(&CallEvent::Closed(closed(&opened))).await.unwrap();
    let summary = SessionSummary::of(Symbol::Nifty, ten_am().date_naive(), vec![closed(&opened)]);
    h.outbox.add_event(&summary.event(ten_am())).await.unwrap();

    dispatch(&service).await;

    let paid = h.telegram_to(1);
    let free = h.telegram_to(2);
    assert_eq!(paid.len(), 3, "{paid:?}");
    assert!(paid[0].starts_with("NIFTY BUY at 26000.00"));
    assert!(paid[0].ends_with("\nhttps://signalbox.test"), "alerts link to the dashboard");
    assert_eq!(free.len(), 1, "{free:?}");
    assert!(free[0].contains("Paid members received 2 alerts today."), "{}", free[0]);
}

#[tokio::test]
async fn each_event_user_and_channel_is_sent_once_however_often_it_is_dispatched() {
    let h = Harness::new();
    let paid = h.user(Plan::Paid, telegram_and_email(), Some(1)).await;
    let opened = call(ten_am());
    h.ledger.record(&CallEvent::Opened(opened.clone())).await.unwrap();
    h.ledger.record(&CallEvent::Opened(opened)).await.unwrap();

    dispatch(&h.service("a")).await;
    dispatch(&h.service("b")).await;

    assert_eq!(h.telegram_to(1).len(), 1);
    let mail: Vec<_> =
        h.mail.sent().into_iter().filter(|m| m.mail.to.as_str().starts_with(&paid.to_string())).collect();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].mail.subject.starts_with("Signalbox: NIFTY BUY"));
}

#[tokio::test]
async fn a_429_is_retried_no_sooner_than_telegram_said() {
    let h = Harness::new();
    let service = h.service("a");
    h.user(Plan::Paid, AlertPreferences::default(), Some(7)).await;
    h.telegram.set_behaviour(ChatId(7), ChatBehaviour::RateLimited { retry_after: Duration::from_secs(37), times: 1 });
    h.ledger.record(&CallEvent::Opened(call(ten_am()))).await.unwrap();

    dispatch(&service).await;
    assert!(h.telegram_to(7).is_empty());
    assert_eq!(stats(&h, AlertChannel::Telegram).await.queued, 1);
    h.clock.advance(chrono::Duration::seconds(36));
    dispatch(&service).await;
    assert!(h.telegram_to(7).is_empty(), "not before retry_after");
    h.clock.advance(chrono::Duration::seconds(1));
    dispatch(&service).await;

    assert_eq!(h.telegram_to(7).len(), 1);
    assert_eq!(stats(&h, AlertChannel::Telegram).await.sent, 1);
}

#[tokio::test]
async fn a_chat_that_blocked_the_bot_is_unlinked_and_not_retried() {
    let h = Harness::new();
    let service = h.service("a");
    let user = h.user(Plan::Paid, AlertPreferences::default(), Some(9)).await;
    h.telegram.set_behaviour(ChatId(9), ChatBehaviour::Blocked);
    h.ledger.record(&CallEvent::Opened(call(ten_am()))).await.unwrap();

    dispatch(&service).await;
    h.clock.advance(chrono::Duration::hours(2));
    dispatch(&service).await;

    assert_eq!(h.subscribers.subscriber(user).await.unwrap().unwrap().telegram_chat, None);
    let telegram = stats(&h, AlertChannel::Telegram).await;
    assert_eq!((telegram.failed, telegram.queued), (1, 0));
}

#[tokio::test]
async fn quiet_hours_hold_the_summary_and_drop_a_call_that_closed_meanwhile_with_a_count() {
    let h = Harness::new();
    let service = h.service("a");
    // 10:00 IST now; quiet until 11:00 IST.
    let quiet = AlertPreferences {
        quiet_hours: Some(QuietHours::parse("09:30", "11:00").unwrap()),
        ..AlertPreferences::default()
    };
    h.user(Plan::Paid, quiet, Some(3)).await;
    let opened = call(ten_am());
    h.ledger.record(&CallEvent::Opened(opened.clone())).await.unwrap();
    h.ledger.record(&CallEvent::Closed(closed(&opened))).await.unwrap();
    let summary = SessionSummary::of(Symbol::Nifty, ten_am().date_naive(), vec![closed(&opened)]);
    h.outbox.add_event(&summary.event(ten_am())).await.unwrap();

    dispatch(&service).await;
    assert!(h.telegram_to(3).is_empty(), "held during quiet hours");
    assert_eq!(stats(&h, AlertChannel::Telegram).await.queued, 3);
    h.clock.advance(chrono::Duration::minutes(60));
    dispatch(&service).await;

    let sent = h.telegram_to(3);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("session summary"));
    let telegram = stats(&h, AlertChannel::Telegram).await;
    assert_eq!((telegram.sent, telegram.dropped, telegram.queued), (1, 2, 0));
}

#[tokio::test]
async fn push_goes_to_every_browser_and_a_gone_one_is_removed() {
    let h = Harness::new();
    let service = h.service("a");
    let prefs = AlertPreferences { telegram_enabled: false, ..AlertPreferences::default() };
    let user = h.user(Plan::Paid, prefs, None).await;
    h.device(user, "https://push.example/alive").await;
    h.device(user, "https://push.example/gone").await;
    h.ledger.record(&CallEvent::Opened(call(ten_am()))).await.unwrap();

    dispatch(&service).await;

    assert_eq!(*h.push.sent.lock().unwrap(), vec!["https://push.example/alive".to_owned()]);
    let left: Vec<_> = h.devices.of_user(user).await.unwrap().into_iter().map(|d| d.endpoint).collect();
    assert_eq!(left, vec!["https://push.example/alive".to_owned()]);
    assert_eq!(stats(&h, AlertChannel::Push).await.sent, 1);
}

#[tokio::test]
async fn a_dead_dispatchers_deliveries_are_sent_once_by_another_after_its_lease() {
    let h = Harness::new();
    let (a, b) = (h.service("a"), h.service("b"));
    h.user(Plan::Paid, AlertPreferences::default(), Some(11)).await;
    h.ledger.record(&CallEvent::Opened(call(ten_am()))).await.unwrap();
    a.fan_out_due().await.unwrap();
    // Instance a claims the Telegram delivery and dies before sending it.
    let held = h
        .outbox
        .claim_deliveries(
            AlertChannel::Telegram,
            &LeaseHolder("a".into()),
            h.clock.now(),
            h.clock.now() + chrono::Duration::seconds(60),
            30,
        )
        .await
        .unwrap();
    assert_eq!(held.len(), 1);

    dispatch(&b).await;
    assert!(h.telegram_to(11).is_empty(), "b leaves a's leased row alone");
    h.clock.advance(chrono::Duration::seconds(60));
    dispatch(&b).await;
    dispatch(&b).await;

    assert_eq!(h.telegram_to(11).len(), 1);
}

#[tokio::test]
async fn a_slow_telegram_queue_does_not_hold_email_back() {
    let h = Harness::new();
    let service = h.service("a");
    for chat in 0..100 {
        h.user(Plan::Paid, telegram_and_email(), Some(chat)).await;
    }
    h.ledger.record(&CallEvent::Opened(call(ten_am()))).await.unwrap();
    service.fan_out_due().await.unwrap();
    let start = h.clock.now();

    let mut pace = TelegramPace::new();
    while service.deliver_due(AlertChannel::Email, &mut pace).await.unwrap() > 0 {}

    assert_eq!(h.mail.sent().len(), 100, "every email handed off");
    assert_eq!(h.clock.now(), start, "no Telegram pacing was waited for");
    assert_eq!(stats(&h, AlertChannel::Telegram).await.queued, 100);
    while service.deliver_due(AlertChannel::Telegram, &mut pace).await.unwrap() > 0 {}
    assert_eq!(h.telegram.sent().len(), 100);
    assert!(h.clock.now() - start >= chrono::Duration::milliseconds(3_000), "30 a second: 100 take over 3 s");
}
