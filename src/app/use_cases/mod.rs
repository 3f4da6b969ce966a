//! One file per use case. Each takes parsed domain values and returns its own error enum,
//! which the HTTP adapter maps to status codes in one place.

pub mod auth_throttle;
pub mod authenticate;
pub mod billing_status;
pub mod create_checkout;
pub mod current_user;
mod failure;
pub mod get_signals;
pub mod handle_webhook;
pub mod list_webhook_events;
pub mod login;
pub mod login_throttle;
pub mod logout;
pub mod open_billing_portal;
pub mod purge_sessions;
pub mod quota_status;
pub mod readiness;
pub mod refresh;
pub mod reprocess_webhook;
pub mod session;
pub mod signal_history;
pub mod signup;
pub mod subscribe_signals;
pub mod subscription_of_customer;
pub mod sync_billing;

pub use auth_throttle::MalformedInput;
pub use authenticate::AuthenticateError;
pub use billing_status::{BillingStatus, BillingStatusError};
pub use create_checkout::CreateCheckoutError;
pub use current_user::{CurrentUser, CurrentUserError};
pub use get_signals::{GetSignalsError, MarketView, SignalsResult};
pub use handle_webhook::{HandleWebhookError, WebhookOutcome};
pub use list_webhook_events::ListWebhookEventsError;
pub use login::{LoginCommand, LoginError};
pub use logout::LogoutError;
pub use open_billing_portal::OpenBillingPortalError;
pub use quota_status::QuotaStatusError;
pub use readiness::Readiness;
pub use refresh::RefreshError;
pub use reprocess_webhook::ReprocessWebhookError;
pub use session::Session;
pub use signal_history::{SignalHistoryError, SignalHistoryResult};
pub use signup::{SignupCommand, SignupError};
pub use subscribe_signals::SubscribeSignalsError;
pub use subscription_of_customer::CustomerSubscription;
pub use sync_billing::{SyncBillingError, SyncChange, SyncScope};
