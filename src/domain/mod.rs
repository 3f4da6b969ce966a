//! The business rules of Signalbox, as plain data and pure functions.
//!
//! Nothing in here performs I/O, knows about HTTP, databases, Redis or Stripe's SDK, or
//! reads the clock: time is always a value passed in. That keeps every rule unit-testable
//! without a runtime and lets the adapters change without touching the rules.
//!
//! Where to find a rule:
//! - who is paid right now: [`entitlement`]
//! - how many free signal requests are left today: [`quota`]
//! - how many login/signup attempts an address may make: [`rate_limit`]; what counts as one
//!   client (an IPv4 address, an IPv6 /64): [`client_network`]
//! - how failed logins are slowed and limited without locking out the owner: [`login_throttle`]
//! - what a refresh token is and how it is stored: [`refresh_token`]
//! - password-reset links: [`password_reset`]; operator-granted paid access: [`local_grant`]
//! - what a Stripe event does to a subscription: [`webhook_transition`], merged per [`subscription`]
//! - how a signal is computed, and how it turned out: [`signals`]
//! - candles and the NSE's trading sessions: [`market`]
//! - what ends a live stream, and the announcements that take access away: [`access`]
//! - alerts and the devices they reach: [`alerts`]
//! - what a regulated research business tells every visitor: [`disclosure`]

pub mod access;
pub mod alerts;
pub mod billing_event;
pub mod billing_state;
pub mod calls;
pub mod client_network;
pub mod disclosure;
pub mod email;
pub mod entitlement;
pub mod ids;
pub mod local_grant;
pub mod login_throttle;
pub mod market;
pub mod password;
pub mod password_reset;
pub mod quota;
pub mod rate_limit;
pub mod refresh_token;
pub mod signals;
pub mod subscription;
pub mod user;
pub mod webhook_transition;

pub use billing_event::{BillingEvent, BillingEventKind, CheckoutPayment};
pub use billing_state::BillingState;
pub use client_network::ClientNetwork;
pub use email::{Email, EmailError};
pub use entitlement::{EntitlementPolicy, Plan};
pub use ids::{CheckoutSessionId, IdError, StripeCustomerId, StripeEventId, StripeSubscriptionId, UserId};
pub use login_throttle::{LoginAdmission, LoginFailures, LoginThrottlePolicy};
pub use password::{Password, PasswordError, PasswordHash};
pub use password_reset::{MalformedResetToken, RESET_TOKEN_LIFETIME, ResetToken, ResetTokenHash};
pub use quota::{QuotaDay, QuotaDecision, QuotaPolicy};
pub use rate_limit::{RateLimitDecision, RateLimitPolicy, RateWindow};
pub use refresh_token::{
    MalformedRefreshToken, RETRY_GRACE_SECS, RefreshToken, RefreshTokenHash, TokenFamilyId, is_retry,
};
pub use subscription::{Subscription, SubscriptionDetails, SubscriptionFacts, SubscriptionStatus};
pub use user::{User, UserProfile};
pub use webhook_transition::{PROVISIONAL_PERIOD, Transition, facts, is_same_second_conflict, transition};
