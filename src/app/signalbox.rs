//! The service object: the ports the use cases need and the policies they apply.

use std::sync::Arc;

use crate::domain::market::MarketCalendar;
use crate::domain::{EntitlementPolicy, LoginThrottlePolicy, Plan, QuotaPolicy, RateLimitPolicy, UserId, UserProfile};
use crate::ports::{
    BillingChanges, BillingStore, Cache, Clock, Counters, HealthCheck, IdempotencyClaims, Mailer, MarketData,
    PasswordHasher, PasswordResetStore, PaymentGateway, RefreshTokenStore, SignalBus, SignalHistory, StoreError,
    TokenIssuer, UserRepository, WebhookVerifier,
};

use super::bounded_tasks::BoundedTasks;
use super::exhausted_quotas::ExhaustedQuotas;
use super::history_pages::HistoryPages;
use super::per_user_cache::PerUserCache;
use super::signal_cache::SignalCache;
use super::signal_recorder::SignalRecorder;
use super::use_cases::SignalHistoryResult;

/// Every port the application talks through, chosen by the composition root or by a test.
#[derive(Clone)]
pub struct Dependencies {
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
    /// The market's time: candle closes, signals, outcomes, history visibility. The real
    /// clock in production; a scaled one in development and demos (`MARKET_CLOCK_*`).
    pub market_clock: Arc<dyn Clock>,
    pub health_checks: Vec<Arc<dyn HealthCheck>>,
    /// Where candles come from (the simulator by default).
    pub market: Arc<dyn MarketData>,
    /// The exchange's sessions and holidays: when candles close and the market opens.
    pub calendar: MarketCalendar,
    /// Every computed signal, with its outcome once known.
    pub signal_history: Arc<dyn SignalHistory>,
    /// Live signals across instances (the paid stream).
    pub signal_bus: Arc<dyn SignalBus>,
    /// "This user's billing changed", across instances (drops cached plans).
    pub billing_changes: Arc<dyn BillingChanges>,
}

/// The business numbers, from configuration.
#[derive(Clone, Debug)]
pub struct Policies {
    pub quota: QuotaPolicy,
    pub entitlement: EntitlementPolicy,
    pub auth_rate_limit: RateLimitPolicy,
    /// Password-reset mails per email address per window, whoever asks: the per-network limit
    /// alone lets requests from many networks flood one inbox.
    pub reset_mails_per_email: RateLimitPolicy,
    /// Failed logins per account and client network before that network is refused, and per
    /// account before attempts are slowed.
    pub login_throttle: LoginThrottlePolicy,
    /// Lifetime of each refresh token (the session cookie).
    pub refresh_token_ttl: chrono::Duration,
    /// The absolute end of a session, counted from its login.
    pub session_max_age: chrono::Duration,
    /// Refreshes per client network per window (every presentation counts, valid or not).
    pub refresh_rate_limit: RateLimitPolicy,
    /// Refreshes per session (token family) per window.
    pub session_refresh_limit: RateLimitPolicy,
    /// No longer read: cached signals stay fresh until the next candle close (see
    /// `signal_cache`). Kept until the setting behind it is retired.
    pub signal_cache_ttl: std::time::Duration,
    /// The longest a user's plan is kept in process without a read (a backstop: changes are
    /// announced on the billing-change bus, and ends of access are known in advance).
    pub entitlement_cache_ttl: std::time::Duration,
    /// How long a delivery holds a webhook event (a lease; the database is the dedupe).
    pub webhook_claim_lease: std::time::Duration,
    /// How long handled webhook events stay in the log.
    pub webhook_log_retention: chrono::Duration,
    /// Where browsers reach the service: links in mail point here.
    pub public_url: String,
}

pub struct Signalbox {
    pub(crate) deps: Dependencies,
    pub(crate) policies: Policies,
    pub(crate) signals: SignalCache,
    pub(crate) plans: PerUserCache<Plan>,
    pub(crate) profiles: PerUserCache<UserProfile>,
    pub(crate) exhausted_quotas: ExhaustedQuotas,
    pub(crate) history_pages: HistoryPages<SignalHistoryResult>,
    /// Reset mails being prepared or sent after their request was answered.
    pub(crate) reset_mails: BoundedTasks,
}

impl Signalbox {
    pub fn new(deps: Dependencies, policies: Policies) -> Self {
        let recorder = SignalRecorder::new(deps.signal_history.clone(), deps.signal_bus.clone());
        let signals = SignalCache::new(deps.cache.clone(), deps.market.clone(), deps.calendar.clone(), recorder);
        let ttl = chrono::Duration::from_std(policies.entitlement_cache_ttl).unwrap_or(chrono::Duration::MAX);
        let reset_mails = BoundedTasks::new(super::use_cases::request_password_reset::RESET_MAIL_TASKS);
        Self {
            deps,
            policies,
            signals,
            plans: PerUserCache::new(ttl),
            profiles: PerUserCache::new(ttl),
            exhausted_quotas: ExhaustedQuotas::default(),
            history_pages: HistoryPages::default(),
            reset_mails,
        }
    }

    pub fn policies(&self) -> &Policies {
        &self.policies
    }

    /// Real time, for everything but the market.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.deps.clock.now()
    }

    /// The market's time: which candle has closed, whether the market is open.
    pub fn market_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.deps.market_clock.now()
    }

    /// How many times the expensive signal model has run in this process (for tests and
    /// benchmarks of the cache's single-flight behaviour).
    pub fn signal_computations(&self) -> u64 {
        self.signals.computations()
    }

    /// The user's plan right now: from the plan cache, else read and cached (see
    /// [`PerUserCache`] for how long, and what drops it sooner).
    pub(crate) async fn plan_of(&self, user: UserId) -> Result<Plan, StoreError> {
        let now = self.now();
        if let Some(plan) = self.plans.get(user, now) {
            return Ok(plan);
        }
        let ticket = self.plans.ticket();
        let state = self.deps.billing.billing_state(user).await?;
        let policy = &self.policies.entitlement;
        let plan = policy.plan_at(&state, now);
        self.plans.store(ticket, user, plan, now, policy.plan_settled_until(&state, now));
        Ok(plan)
    }
}
