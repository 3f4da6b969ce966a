//! The billing context: checkout and the billing portal, Stripe's webhooks, reconciliation
//! with the provider, local grants, and what a user's subscriptions entitle them to.
//!
//! [`BillingService`] alone holds the billing store and the payment gateway. It owns the
//! per-user plan cache and the loop that drops cached plans as billing changes are announced
//! (`billing_changes`), and answers the other contexts' questions through the interfaces in
//! [`crate::app::shared::contexts`] (`answers`).

mod answers;
mod billing_changes;
mod billing_status;
mod create_checkout;
mod grant_paid;
mod handle_webhook;
mod list_webhook_events;
mod open_billing_portal;
mod reprocess_webhook;
mod service;
mod subscription_of_customer;
mod sync_billing;

pub use billing_status::{BillingStatus, BillingStatusError};
pub use create_checkout::CreateCheckoutError;
pub use grant_paid::GrantPaidError;
pub use handle_webhook::{HandleWebhookError, WebhookOutcome};
pub use list_webhook_events::ListWebhookEventsError;
pub use open_billing_portal::OpenBillingPortalError;
pub use reprocess_webhook::ReprocessWebhookError;
pub use service::{BillingPolicies, BillingPorts, BillingService};
pub use subscription_of_customer::CustomerSubscription;
pub use sync_billing::{SyncBillingError, SyncChange, SyncScope};
