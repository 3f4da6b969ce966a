//! An alerts service over in-memory ports, with fakes that count what each channel was handed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeZone, Utc};
use signalbox::adapters::clock::ManualClock;
use signalbox::adapters::mail::DevOutbox;
use signalbox::adapters::memory::{
    MemoryAlertOutbox, MemoryAlertSubscribers, MemoryCallLedger, MemoryCounters, MemoryPushDevices, MemoryTelegramBot,
};
use signalbox::app::alerts::{AlertsNeighbours, AlertsPolicy, AlertsPorts, AlertsService};
use signalbox::app::shared::{PlanLookup, UserContacts};
use signalbox::domain::alerts::{AlertPreferences, ChatId, LinkCode, PushDevice, PushDeviceId, PushKeys};
use signalbox::domain::{Email, Plan, UserId};
use signalbox::ports::{AlertSubscribers, LeaseHolder, PushDevices, PushError, StoreError, WebPush};

/// 10:00 IST on a Thursday.
pub fn ten_am() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 4, 30, 0).unwrap()
}

#[derive(Default)]
pub struct Plans(Mutex<HashMap<UserId, Plan>>);

#[async_trait]
impl PlanLookup for Plans {
    async fn plan_of(&self, user: UserId) -> Result<Plan, StoreError> {
        Ok(self.0.lock().unwrap().get(&user).copied().unwrap_or(Plan::Free))
    }
    async fn current_plan_of(&self, user: UserId) -> Result<Plan, StoreError> {
        self.plan_of(user).await
    }
}

#[derive(Default)]
pub struct Contacts(Mutex<HashMap<UserId, Email>>);

#[async_trait]
impl UserContacts for Contacts {
    async fn email_of(&self, user: UserId) -> Result<Option<Email>, StoreError> {
        Ok(self.0.lock().unwrap().get(&user).cloned())
    }
}

/// A push service that counts, and answers "gone" for endpoints containing `gone`.
#[derive(Default)]
pub struct CountingPush {
    pub sent: Mutex<Vec<String>>,
}

#[async_trait]
impl WebPush for CountingPush {
    async fn send(&self, device: &PushDevice, _payload: &[u8], _ttl: Duration) -> Result<(), PushError> {
        if device.endpoint.contains("gone") {
            return Err(PushError::Gone);
        }
        self.sent.lock().unwrap().push(device.endpoint.clone());
        Ok(())
    }
    fn public_key(&self) -> Option<String> {
        Some("test-key".into())
    }
}

pub struct Harness {
    pub clock: Arc<ManualClock>,
    pub outbox: Arc<MemoryAlertOutbox>,
    pub ledger: Arc<MemoryCallLedger>,
    pub subscribers: Arc<MemoryAlertSubscribers>,
    pub telegram: Arc<MemoryTelegramBot>,
    pub mail: Arc<DevOutbox>,
    pub push: Arc<CountingPush>,
    pub devices: Arc<MemoryPushDevices>,
    pub plans: Arc<Plans>,
    pub contacts: Arc<Contacts>,
}

impl Harness {
    pub fn new() -> Self {
        let clock = Arc::new(ManualClock::new(ten_am()));
        let outbox = Arc::new(MemoryAlertOutbox::new());
        Self {
            ledger: Arc::new(MemoryCallLedger::with_outbox(outbox.clone())),
            outbox,
            subscribers: Arc::new(MemoryAlertSubscribers::new()),
            telegram: Arc::new(MemoryTelegramBot::new()),
            mail: Arc::new(DevOutbox::new(clock.clone())),
            push: Arc::default(),
            devices: Arc::default(),
            plans: Arc::default(),
            contacts: Arc::default(),
            clock,
        }
    }

    /// One dispatcher (one instance's), named `name` on its leases.
    pub fn service(&self, name: &str) -> AlertsService {
        AlertsService::new(
            AlertsPorts {
                subscribers: self.subscribers.clone(),
                outbox: self.outbox.clone(),
                telegram: self.telegram.clone(),
                mailer: self.mail.clone(),
                push_devices: self.devices.clone(),
                web_push: self.push.clone(),
                counters: Arc::new(MemoryCounters::new(self.clock.clone())),
                clock: self.clock.clone(),
            },
            AlertsNeighbours { plans: self.plans.clone(), contacts: self.contacts.clone() },
            AlertsPolicy {
                dashboard_url: "https://signalbox.test".into(),
                bot_username: Some("test_bot".into()),
                webhook_secret: None,
                instance: LeaseHolder(name.into()),
                lease: Duration::from_secs(60),
                poll: Duration::from_millis(10),
                tests_per_hour: 5,
            },
        )
    }

    /// A user on `plan` with `preferences`, a linked chat `chat` (when given) and an address.
    pub async fn user(&self, plan: Plan, preferences: AlertPreferences, chat: Option<i64>) -> UserId {
        let user = UserId::new_random();
        self.plans.0.lock().unwrap().insert(user, plan);
        self.contacts.0.lock().unwrap().insert(user, Email::parse(&format!("{user}@example.com")).unwrap());
        self.subscribers.save_preferences(user, &preferences).await.unwrap();
        if let Some(chat) = chat {
            let code = LinkCode::new_random();
            self.subscribers.issue_link_code(user, &code.hash(), ten_am() + chrono::Duration::days(1)).await.unwrap();
            self.subscribers.redeem_link_code(&code.hash(), ChatId(chat), ten_am()).await.unwrap();
        }
        user
    }

    pub async fn device(&self, user: UserId, endpoint: &str) {
        let keys = PushKeys { p256dh: "k".into(), auth: "a".into() };
        self.devices
            .save(PushDevice { id: PushDeviceId::new_random(), user, endpoint: endpoint.into(), keys })
            .await
            .unwrap();
    }

    /// Messages Telegram accepted for `chat`.
    pub fn telegram_to(&self, chat: i64) -> Vec<String> {
        self.telegram.sent().into_iter().filter(|(to, _)| *to == ChatId(chat)).map(|(_, text)| text).collect()
    }
}
