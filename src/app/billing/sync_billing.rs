//! Reconciliation: re-read customers' subscriptions from the payment provider and repair what
//! we hold (`signalbox billing sync`). For when webhooks were lost, mis-configured for a while,
//! or an operator wants to be sure.
//!
//! The provider's view is merged like an event stamped "now" ([`SubscriptionFacts::reconciled`]),
//! so it wins over anything older and cannot be undone by a late webhook. The webhook use case
//! reconciles one subscription the same way when two of its events cannot be ordered
//! ([`BillingService::settle_from_provider`]).

use chrono::{DateTime, Utc};

use super::BillingService;
use crate::domain::local_grant::is_local_customer;
use crate::domain::{BillingEvent, Subscription, SubscriptionFacts, SubscriptionStatus, Transition, UserId};
use crate::ports::{GatewayError, SubscriptionSnapshot};

/// Whose subscriptions to re-read.
#[derive(Clone, Copy, Debug)]
pub enum SyncScope {
    User(UserId),
    All,
}

/// One subscription that reconciliation changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncChange {
    pub user: UserId,
    pub subscription: String,
    /// `None` when we did not know the subscription before.
    pub before: Option<SubscriptionStatus>,
    pub after: Subscription,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncBillingError {
    #[error("user {0} has no payment-provider customer; there is nothing to sync")]
    NoCustomer(UserId),
    #[error("the payment provider refused: {0}")]
    Rejected(String),
    #[error("the payment provider is unavailable")]
    ProviderUnavailable(#[source] anyhow::Error),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<GatewayError> for SyncBillingError {
    fn from(err: GatewayError) -> Self {
        match err {
            GatewayError::Rejected(message) => Self::Rejected(message),
            GatewayError::Unavailable(source) => Self::ProviderUnavailable(source),
        }
    }
}

impl BillingService {
    pub async fn sync_billing(&self, scope: SyncScope) -> Result<Vec<SyncChange>, SyncBillingError> {
        let customers = self.billing.linked_customers().await.map_err(anyhow::Error::from)?;
        let customers = match scope {
            SyncScope::All => customers,
            SyncScope::User(user) => {
                let one: Vec<_> = customers.into_iter().filter(|(id, _)| *id == user).collect();
                if one.is_empty() {
                    return Err(SyncBillingError::NoCustomer(user));
                }
                one
            }
        };
        let mut changes = Vec::new();
        for (user, customer) in customers {
            // A customer made for a local grant is unknown to the provider: nothing to sync.
            if is_local_customer(&customer) {
                continue;
            }
            for snapshot in self.gateway.list_subscriptions(&customer).await? {
                if snapshot.customer != customer {
                    tracing::warn!(%user, subscription = %snapshot.id, "provider listed another customer's subscription; skipped");
                    continue;
                }
                if let Some(change) = self.reconcile(user, &snapshot).await? {
                    self.billing_changed(user).await;
                    changes.push(change);
                }
            }
        }
        tracing::info!(changed = changes.len(), "billing sync finished");
        Ok(changes)
    }

    async fn reconcile(&self, user: UserId, snapshot: &SubscriptionSnapshot) -> anyhow::Result<Option<SyncChange>> {
        self.reconcile_as_of(user, snapshot, self.now()).await
    }

    /// Merges the provider's view of one subscription as facts stamped `at`.
    async fn reconcile_as_of(
        &self,
        user: UserId,
        snapshot: &SubscriptionSnapshot,
        at: DateTime<Utc>,
    ) -> anyhow::Result<Option<SyncChange>> {
        let facts = SubscriptionFacts::reconciled(
            snapshot.status,
            snapshot.current_period_end,
            snapshot.cancel_at_period_end,
            at,
        );
        let before = std::sync::Mutex::new(None);
        let decide = |current: Option<&Subscription>| {
            *before.lock().unwrap_or_else(|p| p.into_inner()) = current.map(|c| c.status);
            let next = match current {
                Some(current) => current.merged(&facts),
                None => Subscription::first_seen(snapshot.id.clone(), snapshot.customer.clone(), &facts),
            };
            // Only a change of what the user sees counts; the watermark alone moving is not one.
            let changed = current.is_none_or(|c| {
                (c.status, c.paid_through, c.cancel_at_period_end, c.current_period_end)
                    != (next.status, next.paid_through, next.cancel_at_period_end, next.current_period_end)
            });
            if changed { Transition::Apply(next) } else { Transition::Stale }
        };
        let transition = self.billing.reconcile_subscription(&snapshot.id, &decide).await?;
        let before = before.into_inner().unwrap_or_else(|p| p.into_inner());
        Ok(match transition {
            Transition::Apply(after) => {
                tracing::info!(%user, subscription = %snapshot.id, status = after.status.as_str(), "billing sync repaired a subscription");
                Some(SyncChange { user, subscription: snapshot.id.as_str().to_owned(), before, after })
            }
            _ => None,
        })
    }

    /// A cancel and a resume stamped in the same second cannot be ordered from the events, so
    /// the subscription is read back from the payment provider and merged as reconciliation
    /// does (stamped now, so no older event undoes it). Best effort: if the provider cannot be
    /// asked, the merge's fixed rule stands until the next event or `signalbox billing sync`.
    pub(crate) async fn settle_from_provider(&self, event: &BillingEvent) {
        let (Some(customer), Some(subscription)) = (event.kind.customer(), event.kind.subscription()) else {
            return;
        };
        if is_local_customer(customer) {
            return;
        }
        let user = match self.users.find_by_customer(customer).await {
            Ok(Some(user)) => user.id,
            Ok(None) => return, // unmatched: settled when it is linked, or by a sync
            Err(err) => {
                tracing::warn!(event_id = %event.id, error = %err, "could not settle a same-second conflict");
                return;
            }
        };
        let snapshots = match self.gateway.list_subscriptions(customer).await {
            Ok(snapshots) => snapshots,
            Err(err) => {
                tracing::warn!(event_id = %event.id, error = %err, "could not read the subscription back from the payment provider; `billing sync` settles it");
                return;
            }
        };
        let Some(snapshot) = snapshots.iter().find(|s| &s.id == subscription && &s.customer == customer) else {
            return;
        };
        // Stamped after the conflicting second even if Stripe's clock runs ahead of ours: a
        // read in that same second would only tie again.
        let at = self.now().max(event.created + chrono::Duration::seconds(1));
        match self.reconcile_as_of(user, snapshot, at).await {
            Ok(changed) => {
                tracing::info!(event_id = %event.id, subscription = %subscription, "same-second subscription update settled from the payment provider");
                if changed.is_some() {
                    self.billing_changed(user).await;
                }
            }
            Err(err) => {
                tracing::warn!(event_id = %event.id, error = %err, "could not store the subscription read back from the payment provider")
            }
        }
    }

    /// Retention: deletes handled webhook events older than the configured window. Failed and
    /// unmatched events are kept until handled. Returns how many were deleted.
    pub async fn purge_webhook_log(&self) -> anyhow::Result<u64> {
        let before = self.now() - self.policies.webhook_log_retention;
        let purged = self.billing.purge_events(before).await?;
        if purged > 0 {
            tracing::info!(purged, "old webhook events purged");
        }
        Ok(purged)
    }
}
