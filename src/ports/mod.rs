//! Ports: the async traits through which the application reaches the outside world.
//!
//! Every signature is in domain types; no `sqlx`, `redis`, `poem` or Stripe type crosses a
//! port. Each trait documents what an implementation guarantees, and each has one contract
//! suite (`tests/integration/contracts/`) that the in-memory fake and every real adapter pass.
//!
//! Adapters are chosen at runtime from configuration, so the application holds them as
//! `Arc<dyn Port>`: one vtable call per operation is noise next to a network round trip.

pub mod account_changes;
pub mod alert_outbox;
pub mod alert_subscribers;
pub mod billing_store;
pub mod bus;
pub mod cache;
pub mod call_ledger;
pub mod clock;
pub mod counters;
pub mod health;
pub mod idempotency;
pub mod mailer;
pub mod market_data;
pub mod password_hasher;
pub mod password_resets;
pub mod payment_gateway;
pub mod push_devices;
pub mod refresh_tokens;
pub mod signal_bus;
pub mod signal_history;
pub mod store_error;
pub mod telegram_bot;
pub mod token_issuer;
pub mod user_repository;
pub mod web_push;
pub mod webhook_verifier;

pub use account_changes::{AccountChangeSubscription, AccountChanges};
pub use alert_outbox::{AlertOutbox, ChannelStats, Delivery, LeaseHolder, NewDelivery, Settlement};
pub use alert_subscribers::{AlertSubscribers, Redeemed, Subscriber};
pub use billing_store::{
    BillingStore, EventToApply, RecordOutcome, StoredWebhookEvent, WebhookEventRecord, WebhookEventStatus,
};
pub use bus::{Bus, BusMessage, BusSubscription};
pub use cache::Cache;
pub use call_ledger::{
    CallLedger, CallPage, CallPageQuery, CallRecorded, LedgerHead, LedgerLink, MAX_CALLS_PAGE, StoredCall,
};
pub use clock::Clock;
pub use counters::Counters;
pub use health::HealthCheck;
pub use idempotency::IdempotencyClaims;
pub use mailer::{Mail, MailError, Mailer};
pub use market_data::{CandleStore, MAX_LATEST_CANDLES, MarketData, MarketDataError};
pub use password_hasher::{HashError, PasswordHasher};
pub use password_resets::{NewResetToken, PasswordResetStore, SpendOutcome};
pub use payment_gateway::{
    CheckoutRequest, CheckoutSession, GatewayError, PaymentGateway, PortalSession, SubscriptionSnapshot,
};
pub use push_devices::{MAX_PUSH_DEVICES_PER_USER, PushDevices};
pub use refresh_tokens::{NewRefreshToken, RefreshTokenStore, RotateOutcome};
pub use signal_bus::{SignalBus, SignalSubscription};
pub use signal_history::{HistoryEntry, HistoryQuery, Recorded, SignalHistory};
pub use store_error::StoreError;
pub use telegram_bot::{MAX_TELEGRAM_TEXT_CHARS, TelegramBot, TelegramError};
pub use token_issuer::{AccessToken, TokenError, TokenIssuer, VerifiedAccess};
pub use user_repository::{CreateUserError, NewUser, UserCredentials, UserRepository};
pub use web_push::{PushError, WebPush};
pub use webhook_verifier::{WebhookError, WebhookVerifier};
