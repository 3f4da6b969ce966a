//! The billing service: checkout, the billing portal, Stripe's webhooks, reconciliation and
//! what a user's subscriptions entitle them to.
//!
//! It is the only context holding the billing store and the payment provider; the others ask
//! it through the interfaces in [`crate::app::shared::contexts`], which it implements in
//! `answers`.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::app::shared::per_user_cache::PerUserCache;
use crate::domain::{EntitlementPolicy, Plan};
use crate::ports::{
    AccountChanges, BillingStore, Clock, IdempotencyClaims, PaymentGateway, UserRepository, WebhookVerifier,
};

/// The ports the billing context talks through.
#[derive(Clone)]
pub struct BillingPorts {
    /// Customers are linked to accounts; grants and checkout find the user.
    pub users: Arc<dyn UserRepository>,
    pub billing: Arc<dyn BillingStore>,
    pub gateway: Arc<dyn PaymentGateway>,
    /// One delivery of a webhook event at a time, across instances.
    pub claims: Arc<dyn IdempotencyClaims>,
    pub webhooks: Arc<dyn WebhookVerifier>,
    /// Real time: entitlement, webhook leases, retention.
    pub clock: Arc<dyn Clock>,
    /// "This user's billing changed", across instances (drops cached plans).
    pub billing_changes: Arc<dyn AccountChanges>,
}

/// The billing numbers, from configuration.
#[derive(Clone, Debug)]
pub struct BillingPolicies {
    pub entitlement: EntitlementPolicy,
    /// The longest a user's plan is kept in process without a read (a backstop: changes are
    /// announced on the billing-change bus, and ends of access are known in advance).
    pub entitlement_cache_ttl: std::time::Duration,
    /// How long a delivery holds a webhook event (a lease; the database is the dedupe).
    pub webhook_claim_lease: std::time::Duration,
    /// How long handled webhook events stay in the log.
    pub webhook_log_retention: chrono::Duration,
}

pub struct BillingService {
    pub(super) users: Arc<dyn UserRepository>,
    pub(super) billing: Arc<dyn BillingStore>,
    pub(super) gateway: Arc<dyn PaymentGateway>,
    pub(super) claims: Arc<dyn IdempotencyClaims>,
    pub(super) webhooks: Arc<dyn WebhookVerifier>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) billing_changes: Arc<dyn AccountChanges>,
    pub(super) policies: BillingPolicies,
    pub(super) plans: PerUserCache<Plan>,
}

impl BillingService {
    pub fn new(ports: BillingPorts, policies: BillingPolicies) -> Self {
        let ttl = chrono::Duration::from_std(policies.entitlement_cache_ttl).unwrap_or(chrono::Duration::MAX);
        Self {
            users: ports.users,
            billing: ports.billing,
            gateway: ports.gateway,
            claims: ports.claims,
            webhooks: ports.webhooks,
            clock: ports.clock,
            billing_changes: ports.billing_changes,
            policies,
            plans: PerUserCache::new(ttl),
        }
    }

    /// Real time, as billing sees it (the simulated Stripe's pages stamp their events with it).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// How entitlement is decided (for an operator's view of an account).
    pub fn entitlement(&self) -> &EntitlementPolicy {
        &self.policies.entitlement
    }
}
