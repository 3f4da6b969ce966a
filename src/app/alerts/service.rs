//! The alerts service: its ports, its neighbours (billing for plans, accounts for addresses)
//! and its policy.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::app::shared::{PlanLookup, UserContacts};
use crate::ports::{
    AlertOutbox, AlertSubscribers, Clock, Counters, LeaseHolder, Mailer, PushDevices, TelegramBot, WebPush,
};

/// The ports the alerts context talks through.
#[derive(Clone)]
pub struct AlertsPorts {
    pub subscribers: Arc<dyn AlertSubscribers>,
    pub outbox: Arc<dyn AlertOutbox>,
    pub telegram: Arc<dyn TelegramBot>,
    pub mailer: Arc<dyn Mailer>,
    pub push_devices: Arc<dyn PushDevices>,
    pub web_push: Arc<dyn WebPush>,
    /// The per-user limit on test alerts.
    pub counters: Arc<dyn Counters>,
    pub clock: Arc<dyn Clock>,
}

/// What alerts asks other contexts.
#[derive(Clone)]
pub struct AlertsNeighbours {
    pub plans: Arc<dyn PlanLookup>,
    pub contacts: Arc<dyn UserContacts>,
}

#[derive(Clone, Debug)]
pub struct AlertsPolicy {
    /// Where alerts link to: the dashboard's address.
    pub dashboard_url: String,
    /// The bot's username for `t.me` links; `None` when Telegram is not configured.
    pub bot_username: Option<String>,
    /// What Telegram must echo in `X-Telegram-Bot-Api-Secret-Token`; `None` refuses every call.
    pub webhook_secret: Option<SecretString>,
    /// This instance's name on the leases it takes.
    pub instance: LeaseHolder,
    /// How long a claim holds rows: another instance takes them over once it ends.
    pub lease: Duration,
    /// How often idle dispatch loops look for work.
    pub poll: Duration,
    /// Test alerts per user per hour.
    pub tests_per_hour: u64,
}

pub struct AlertsService {
    pub(super) subscribers: Arc<dyn AlertSubscribers>,
    pub(super) outbox: Arc<dyn AlertOutbox>,
    pub(super) telegram: Arc<dyn TelegramBot>,
    pub(super) mailer: Arc<dyn Mailer>,
    pub(super) push_devices: Arc<dyn PushDevices>,
    pub(super) web_push: Arc<dyn WebPush>,
    pub(super) counters: Arc<dyn Counters>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) plans: Arc<dyn PlanLookup>,
    pub(super) contacts: Arc<dyn UserContacts>,
    pub(super) policy: AlertsPolicy,
}

impl AlertsService {
    pub fn new(ports: AlertsPorts, neighbours: AlertsNeighbours, policy: AlertsPolicy) -> Self {
        Self {
            subscribers: ports.subscribers,
            outbox: ports.outbox,
            telegram: ports.telegram,
            mailer: ports.mailer,
            push_devices: ports.push_devices,
            web_push: ports.web_push,
            counters: ports.counters,
            clock: ports.clock,
            plans: neighbours.plans,
            contacts: neighbours.contacts,
            policy,
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(super) fn lease_until(&self) -> DateTime<Utc> {
        self.now() + chrono::Duration::from_std(self.policy.lease).unwrap_or(chrono::Duration::seconds(60))
    }
}
