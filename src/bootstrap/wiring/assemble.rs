//! Assembling the services from the chosen adapters: the one place that decides which
//! ports each context holds and which context answers another's questions.

use std::sync::Arc;

use super::policies::Policies;
use crate::app::Services;
use crate::app::accounts::{AccountsNeighbours, AccountsPorts, AccountsService};
use crate::app::alerts::{AlertsNeighbours, AlertsPorts, AlertsService, PushDeviceRegistry};
use crate::app::billing::{BillingPorts, BillingService};
use crate::app::operations::{OperationsPorts, OperationsService};
use crate::app::signals::{SignalsPorts, SignalsService};
use crate::domain::market::MarketCalendar;
use crate::ports::{
    AccountChanges, AlertOutbox, AlertSubscribers, BillingStore, Cache, CallLedger, Clock, Counters, HealthCheck,
    IdempotencyClaims, Mailer, MarketData, PasswordHasher, PasswordResetStore, PaymentGateway, RefreshTokenStore,
    SignalBus, SignalHistory, TokenIssuer, UserRepository, WebhookVerifier,
};
use crate::ports::{PushDevices, TelegramBot, WebPush};

/// Every adapter chosen for this process, one per port, before they are dealt to contexts.
#[derive(Clone)]
pub struct Adapters {
    pub users: Arc<dyn UserRepository>,
    pub billing: Arc<dyn BillingStore>,
    pub refresh_tokens: Arc<dyn RefreshTokenStore>,
    pub password_resets: Arc<dyn PasswordResetStore>,
    pub mailer: Arc<dyn Mailer>,
    pub counters: Arc<dyn Counters>,
    pub cache: Arc<dyn Cache>,
    pub claims: Arc<dyn IdempotencyClaims>,
    pub gateway: Arc<dyn PaymentGateway>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub tokens: Arc<dyn TokenIssuer>,
    pub webhooks: Arc<dyn WebhookVerifier>,
    /// Real time: tokens, sessions, quotas, throttles, billing, mail.
    pub clock: Arc<dyn Clock>,
    /// The market's time (see [`SignalsPorts::market_clock`]).
    pub market_clock: Arc<dyn Clock>,
    pub health_checks: Vec<Arc<dyn HealthCheck>>,
    pub market: Arc<dyn MarketData>,
    pub calendar: MarketCalendar,
    pub signal_history: Arc<dyn SignalHistory>,
    pub call_ledger: Arc<dyn CallLedger>,
    pub signal_bus: Arc<dyn SignalBus>,
    pub billing_changes: Arc<dyn AccountChanges>,
    /// The alerts outbox; the call ledger writes call events into the same store.
    pub alert_outbox: Arc<dyn AlertOutbox>,
    pub alert_subscribers: Arc<dyn AlertSubscribers>,
    pub telegram: Arc<dyn TelegramBot>,
    pub push_devices: Arc<dyn PushDevices>,
    /// The Web Push sender, or `PushDisabled` when no VAPID key is configured.
    pub web_push: Arc<dyn WebPush>,
}

/// Deals the adapters to the contexts and wires each context's questions to the one that
/// answers them (billing, for all of them).
pub fn assemble(adapters: Adapters, policies: Policies) -> Services {
    let push_devices = Arc::new(PushDeviceRegistry::new(
        adapters.push_devices.clone(),
        adapters.web_push.clone(),
        adapters.alert_subscribers.clone(),
    ));
    let billing = Arc::new(BillingService::new(
        BillingPorts {
            users: adapters.users.clone(),
            billing: adapters.billing,
            gateway: adapters.gateway,
            claims: adapters.claims,
            webhooks: adapters.webhooks,
            clock: adapters.clock.clone(),
            billing_changes: adapters.billing_changes.clone(),
        },
        policies.billing,
    ));
    let accounts = Arc::new(AccountsService::new(
        AccountsPorts {
            users: adapters.users.clone(),
            refresh_tokens: adapters.refresh_tokens,
            password_resets: adapters.password_resets,
            mailer: adapters.mailer.clone(),
            counters: adapters.counters.clone(),
            hasher: adapters.hasher.clone(),
            tokens: adapters.tokens,
            clock: adapters.clock.clone(),
            user_changes: adapters.billing_changes.clone(),
        },
        AccountsNeighbours { plans: billing.clone(), billing: billing.clone() },
        policies.accounts,
    ));
    let alerts = Arc::new(AlertsService::new(
        AlertsPorts {
            subscribers: adapters.alert_subscribers,
            outbox: adapters.alert_outbox.clone(),
            telegram: adapters.telegram,
            mailer: adapters.mailer,
            push_devices: adapters.push_devices,
            web_push: adapters.web_push,
            counters: adapters.counters.clone(),
            clock: adapters.clock.clone(),
        },
        AlertsNeighbours { plans: billing.clone(), contacts: accounts.clone() },
        policies.alerts,
    ));
    let signals = Arc::new(SignalsService::new(
        SignalsPorts {
            counters: adapters.counters,
            alert_outbox: adapters.alert_outbox,
            cache: adapters.cache,
            market: adapters.market.clone(),
            calendar: adapters.calendar.clone(),
            signal_history: adapters.signal_history,
            call_ledger: adapters.call_ledger,
            signal_bus: adapters.signal_bus,
            account_changes: adapters.billing_changes,
            clock: adapters.clock.clone(),
            market_clock: adapters.market_clock.clone(),
        },
        billing.clone(),
        policies.signals,
    ));
    let operations = Arc::new(OperationsService::new(
        OperationsPorts {
            health_checks: adapters.health_checks,
            users: adapters.users,
            hasher: adapters.hasher,
            clock: adapters.clock,
            calendar: adapters.calendar,
            market_clock: adapters.market_clock,
            market: adapters.market,
        },
        billing.clone(),
        policies.operations,
    ));
    Services { accounts, billing, signals, operations, alerts, push_devices }
}
