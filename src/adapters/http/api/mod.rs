//! One `#[OpenApi]` struct per resource, merged as a tuple in [`super::routes`].

pub mod account;
mod alert_bodies;
pub mod alert_push;
mod alert_responses;
pub mod alerts;
mod answer;
pub mod auth;
mod authenticated_failures;
pub mod billing;
mod billing_bodies;
mod billing_responses;
pub mod call_body;
mod call_responses;
pub mod calls;
pub mod client;
mod input;
mod late_json;
mod new_password;
pub mod ops;
mod prepared_json;
pub mod session;
pub mod signal_body;
pub mod signal_history;
pub mod signal_model;
pub mod signal_stream;
pub mod signals;
pub mod signals_last;
pub mod site;
mod telegram_update;
pub mod token_body;
pub mod user_body;

pub use account::AccountApi;
pub use alert_push::AlertPushApi;
pub use alerts::AlertsApi;
pub use auth::AuthApi;
pub use billing::BillingApi;
pub use calls::CallsApi;
pub use ops::OpsApi;
pub use session::SessionApi;
pub use signal_history::SignalHistoryApi;
pub use signal_model::SignalModelApi;
pub use signal_stream::SignalStreamApi;
pub use signals::SignalsApi;
pub use signals_last::LastSignalsApi;
pub use site::SiteApi;

use poem_openapi::Tags;

#[derive(Tags)]
pub enum ApiTags {
    /// Sign up, log in, refresh, log out, who am I, password reset, account settings
    Auth,
    /// The ₹499 subscription: checkout, billing portal, status, Stripe webhooks
    Billing,
    /// NIFTY / BANKNIFTY trading signals
    Signals,
    /// Liveness and readiness probes
    Ops,
    /// The business behind this service: SEBI registration, contacts, market data
    Site,
    /// Alerts on Telegram, by email and by browser push
    Alerts,
}
