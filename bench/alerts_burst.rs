//! The alerts burst: one call opens for 10,000 paid subscribers (Telegram linked, email on,
//! one browser each) on one instance, in process, over the in-memory adapters and channel
//! fakes that record when each alert was handed to them.
//!
//! Measured from the moment the call is recorded (its candle's close) to each hand-off: p50,
//! p99 and the last, per channel, and the process's peak RSS. Telegram is rate-limited by
//! Telegram (30 messages a second overall: 10,000 chats take 334 s whatever we do), so what is
//! measured for it is the *planning* — each delivery claimed and given its send slot by the
//! pacer; the bench's clock skips the waits. Email and push are real hand-offs to the fakes.
//!
//! Run: `cargo run --release --example alerts_burst [-- SUBSCRIBERS]` (see bench/README.md).
#![allow(clippy::unwrap_used, reason = "a bench that cannot set up should stop with the error")]

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use signalbox::adapters::memory::{
    MemoryAlertOutbox, MemoryAlertSubscribers, MemoryCallLedger, MemoryCounters, MemoryPushDevices,
};
use signalbox::app::alerts::{AlertsNeighbours, AlertsPolicy, AlertsPorts, AlertsService};
use signalbox::app::shared::{PlanLookup, UserContacts};
use signalbox::domain::alerts::{AlertPreferences, ChatId, LinkCode, PushDevice, PushDeviceId, PushKeys};
use signalbox::domain::calls::{Call, CallEvent, CallId, CostBps, Direction};
use signalbox::domain::signals::Symbol;
use signalbox::domain::{Email, Plan, UserId};
use signalbox::ports::{
    AlertSubscribers, CallLedger, Clock, LeaseHolder, Mail, MailError, Mailer, PushDevices, PushError, StoreError,
    TelegramBot, TelegramError, WebPush,
};

/// Real time for `now`; waits skipped, so Telegram's pacing is planned but not waited out.
struct PlanningClock;

impl Clock for PlanningClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn pause(&self, _duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(std::future::ready(()))
    }
}

#[derive(Default)]
struct Handed(Mutex<Vec<Instant>>);

impl Handed {
    fn mark(&self) {
        self.0.lock().unwrap().push(Instant::now());
    }
    fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

struct Fake(Arc<Handed>);

#[async_trait]
impl TelegramBot for Fake {
    async fn send_message(&self, _chat: ChatId, _text: &str) -> Result<(), TelegramError> {
        self.0.mark();
        Ok(())
    }
}

#[async_trait]
impl Mailer for Fake {
    async fn send(&self, _mail: &Mail) -> Result<(), MailError> {
        self.0.mark();
        Ok(())
    }
}

#[async_trait]
impl WebPush for Fake {
    async fn send(&self, _device: &PushDevice, _payload: &[u8], _ttl: Duration) -> Result<(), PushError> {
        self.0.mark();
        Ok(())
    }
    fn public_key(&self) -> Option<String> {
        None
    }
}

struct EveryonePaid;

#[async_trait]
impl PlanLookup for EveryonePaid {
    async fn plan_of(&self, _user: UserId) -> Result<Plan, StoreError> {
        Ok(Plan::Paid)
    }
    async fn current_plan_of(&self, _user: UserId) -> Result<Plan, StoreError> {
        Ok(Plan::Paid)
    }
}

struct Addresses(HashMap<UserId, Email>);

#[async_trait]
impl UserContacts for Addresses {
    async fn email_of(&self, user: UserId) -> Result<Option<Email>, StoreError> {
        Ok(self.0.get(&user).cloned())
    }
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn report(name: &str, start: Instant, handed: &Handed) -> String {
    let mut seconds: Vec<f64> = handed.0.lock().unwrap().iter().map(|at| (*at - start).as_secs_f64()).collect();
    seconds.sort_by(f64::total_cmp);
    let at = |q: f64| seconds[((seconds.len() as f64 * q).ceil() as usize).clamp(1, seconds.len()) - 1];
    format!("| {name} | {} | {:.3} s | {:.3} s | {:.3} s |", seconds.len(), at(0.5), at(0.99), at(1.0))
}

#[tokio::main]
async fn main() {
    let subscribers: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let (telegram, email, push) =
        (Arc::new(Handed::default()), Arc::new(Handed::default()), Arc::new(Handed::default()));
    let outbox = Arc::new(MemoryAlertOutbox::new());
    let ledger = MemoryCallLedger::with_outbox(outbox.clone());
    let store = Arc::new(MemoryAlertSubscribers::new());
    let devices = Arc::new(MemoryPushDevices::default());
    let mut addresses = HashMap::new();
    let prefs = AlertPreferences { email_enabled: true, ..AlertPreferences::default() };
    let now = Utc::now();
    for i in 0..subscribers {
        let user = UserId::new_random();
        addresses.insert(user, Email::parse(&format!("trader{i}@example.com")).unwrap());
        store.save_preferences(user, &prefs).await.unwrap();
        let code = LinkCode::new_random();
        store.issue_link_code(user, &code.hash(), now + chrono::Duration::hours(1)).await.unwrap();
        store.redeem_link_code(&code.hash(), ChatId(i as i64), now).await.unwrap();
        let keys = PushKeys { p256dh: "p".into(), auth: "a".into() };
        let endpoint = format!("https://push.example/{i}");
        devices.save(PushDevice { id: PushDeviceId::new_random(), user, endpoint, keys }).await.unwrap();
    }
    let service = Arc::new(AlertsService::new(
        AlertsPorts {
            subscribers: store,
            outbox,
            telegram: Arc::new(Fake(telegram.clone())),
            mailer: Arc::new(Fake(email.clone())),
            push_devices: devices,
            web_push: Arc::new(Fake(push.clone())),
            counters: Arc::new(MemoryCounters::new(Arc::new(PlanningClock))),
            clock: Arc::new(PlanningClock),
        },
        AlertsNeighbours { plans: Arc::new(EveryonePaid), contacts: Arc::new(Addresses(addresses)) },
        AlertsPolicy {
            dashboard_url: "https://signalbox.example".into(),
            bot_username: None,
            webhook_secret: None,
            instance: LeaseHolder("bench".into()),
            lease: Duration::from_secs(60),
            poll: Duration::from_millis(20),
            tests_per_hour: 5,
        },
    ));
    let rss_before = peak_rss_mib();
    let dispatcher = service.start_dispatcher();

    // The candle closes: the call is recorded, and its alert queued in the same step.
    let start = Instant::now();
    let opened_at = Utc::now();
    let call = Call {
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
    };
    ledger.record(&CallEvent::Opened(call)).await.unwrap();
    while [&telegram, &email, &push].iter().any(|handed| handed.count() < subscribers) {
        assert!(start.elapsed() < Duration::from_secs(300), "the burst did not finish in 5 minutes");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    dispatcher.stop();

    println!("{subscribers} paid subscribers, one call; seconds from the call's record to each hand-off");
    println!("| channel | alerts | p50 | p99 | last |\n|---|---|---|---|---|");
    println!("{}", report("telegram (planned)", start, &telegram));
    println!("{}", report("email", start, &email));
    println!("{}", report("push", start, &push));
    println!("peak RSS: {:.1} MiB (before the burst, subscribers loaded: {rss_before:.1} MiB)", peak_rss_mib());
}
