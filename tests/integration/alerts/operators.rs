//! What operators see of the alert queues: `signalbox alerts status` and the
//! `signalbox_alerts_*` series on `/metrics`, from the same store the dispatchers share.

use signalbox::adapters::cli::alerts::{AlertsCommand, run};
use signalbox::adapters::memory::ChatBehaviour;
use signalbox::bootstrap::telemetry::recorder;
use signalbox::domain::Plan;
use signalbox::domain::alerts::{AlertChannel, AlertPreferences, ChatId, TelegramPace};
use signalbox::domain::calls::CallEvent;
use signalbox::ports::CallLedger;

use super::dispatch::call;
use super::harness::{Harness, ten_am};

fn status_line<'a>(table: &'a str, channel: &str) -> Vec<&'a str> {
    let line = table.lines().find(|line| line.starts_with(channel)).unwrap_or_else(|| panic!("no {channel}:\n{table}"));
    line.split_whitespace().collect()
}

/// The value of the one sample of `name` with `labels`.
fn sample(text: &str, name: &str, labels: &str) -> f64 {
    let prefix = format!("{name}{{{labels}}} ");
    let line = text.lines().find(|line| line.starts_with(&prefix)).unwrap_or_else(|| panic!("no {prefix}in\n{text}"));
    line[prefix.len()..].parse().unwrap()
}

async fn table(service: &signalbox::app::alerts::AlertsService) -> String {
    let mut out = Vec::new();
    run(service, AlertsCommand::Status, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn alerts_status_prints_queued_alerts_with_their_age_then_what_was_sent_and_what_failed() {
    let h = Harness::new();
    let service = h.service("a");
    let email = AlertPreferences { email_enabled: true, ..AlertPreferences::default() };
    h.user(Plan::Paid, email, Some(1)).await;
    h.user(Plan::Paid, AlertPreferences::default(), Some(2)).await;
    h.telegram.set_behaviour(ChatId(2), ChatBehaviour::Blocked);
    h.ledger.record(&CallEvent::Opened(call(ten_am()))).await.unwrap();
    while service.fan_out_due().await.unwrap() > 0 {}
    h.clock.advance(chrono::Duration::seconds(90));

    let queued = table(&service).await;
    assert_eq!(
        queued.lines().next().unwrap().split_whitespace().collect::<Vec<_>>(),
        ["channel", "sent", "failed", "dropped", "queued", "oldest_queued"]
    );
    assert_eq!(status_line(&queued, "telegram"), ["telegram", "0", "0", "0", "2", "90s"]);
    assert_eq!(status_line(&queued, "email"), ["email", "0", "0", "0", "1", "90s"]);
    assert_eq!(status_line(&queued, "push"), ["push", "0", "0", "0", "0", "-"]);

    let mut pace = TelegramPace::new();
    for channel in AlertChannel::ALL {
        while service.deliver_due(channel, &mut pace).await.unwrap() > 0 {}
    }
    let done = table(&service).await;
    assert_eq!(status_line(&done, "telegram"), ["telegram", "1", "1", "0", "0", "-"]);
    assert_eq!(status_line(&done, "email"), ["email", "1", "0", "0", "0", "-"]);
}

#[tokio::test]
async fn metrics_show_the_same_queue_counts_and_the_oldest_alerts_age_per_channel() {
    let recorder = recorder();
    let handle = recorder.handle();
    // A current-thread test runtime: every metric the service records lands in this recorder.
    let _local = metrics::set_default_local_recorder(&recorder);
    let h = Harness::new();
    let service = h.service("a");
    h.user(Plan::Paid, AlertPreferences::default(), Some(1)).await;
    h.ledger.record(&CallEvent::Opened(call(ten_am()))).await.unwrap();
    while service.fan_out_due().await.unwrap() > 0 {}
    h.clock.advance(chrono::Duration::seconds(42));

    service.publish_queue_gauges().await;
    let queued = handle.render();
    assert_eq!(sample(&queued, "signalbox_alerts_queued", r#"channel="telegram""#), 1.0);
    assert_eq!(sample(&queued, "signalbox_alerts_oldest_queued_seconds", r#"channel="telegram""#), 42.0);
    assert_eq!(sample(&queued, "signalbox_alerts_queued", r#"channel="email""#), 0.0);

    let mut pace = TelegramPace::new();
    while service.deliver_due(AlertChannel::Telegram, &mut pace).await.unwrap() > 0 {}
    service.publish_queue_gauges().await;
    let sent = handle.render();
    assert_eq!(sample(&sent, "signalbox_alerts_sent_total", r#"channel="telegram""#), 1.0);
    assert_eq!(sample(&sent, "signalbox_alerts_delivered", r#"channel="telegram",outcome="sent""#), 1.0);
    assert_eq!(sample(&sent, "signalbox_alerts_queued", r#"channel="telegram""#), 0.0);
    assert_eq!(sample(&sent, "signalbox_alerts_oldest_queued_seconds", r#"channel="telegram""#), 0.0);
}
