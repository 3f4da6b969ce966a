//! [`BillingStore`] for [`InMemoryAccounts`]: subscriptions, the webhook event log and open checkouts.

use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};

use super::InMemoryAccounts;
use crate::domain::{
    BillingState, CheckoutSessionId, StripeCustomerId, StripeEventId, StripeSubscriptionId, Subscription, Transition,
    UserId,
};
use crate::ports::billing_store::Decide;
use crate::ports::{
    BillingStore, EventToApply, RecordOutcome, StoreError, StoredWebhookEvent, WebhookEventRecord, WebhookEventStatus,
};

#[async_trait]
impl BillingStore for InMemoryAccounts {
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError> {
        let state = self.lock();
        let Some(customer) = state.users.get(&user).and_then(|account| account.customer_id.clone()) else {
            return Ok(BillingState::default());
        };
        let mut subscriptions: Vec<Subscription> =
            state.subscriptions.values().filter(|s| s.customer == customer).cloned().collect();
        subscriptions.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        Ok(BillingState { customer_id: Some(customer), subscriptions })
    }

    async fn record_event(&self, event: EventToApply<'_>) -> Result<RecordOutcome, StoreError> {
        let mut guard = self.lock();
        if guard.is_processed(&event.record.id) {
            return Ok(RecordOutcome::AlreadyProcessed);
        }
        // Work on a copy and swap it in at the end: all or nothing, like the SQL transaction.
        let mut state = guard.clone();
        if let (Some(user), Some(customer)) = (event.link_user, event.customer)
            && let Err(conflict) = state.link(user, customer)
        {
            return Ok(RecordOutcome::LinkConflict(conflict));
        }
        let transition = match event.subscription {
            Some(id) => {
                let transition = (event.decide)(state.subscriptions.get(id));
                if let Transition::Apply(next) = &transition {
                    state.subscriptions.insert(id.clone(), whole_seconds(next.clone()));
                }
                transition
            }
            None => Transition::Ignored,
        };
        let customer = match event.subscription.and_then(|id| state.subscriptions.get(id)) {
            Some(subscription) => Some(subscription.customer.clone()),
            None => event.customer.cloned(),
        };
        let matched = customer.as_ref().is_some_and(|c| state.is_linked(c));
        let status = WebhookEventStatus::of(&transition, matched);
        // Taking over a failed entry keeps its first receipt, as the SQL upsert does.
        let record = match state.events.remove(&event.record.id) {
            Some((failed, _)) => failed.record,
            None => whole_seconds_record(event.record.clone()),
        };
        state.events.insert(event.record.id.clone(), (StoredWebhookEvent { record, status, error: None }, customer));
        *guard = state;
        Ok(RecordOutcome::Recorded { transition, status })
    }

    async fn reconcile_subscription(
        &self,
        subscription: &StripeSubscriptionId,
        decide: Decide<'_>,
    ) -> Result<Transition, StoreError> {
        let mut state = self.lock();
        let transition = decide(state.subscriptions.get(subscription));
        if let Transition::Apply(next) = &transition {
            state.subscriptions.insert(subscription.clone(), whole_seconds(next.clone()));
        }
        Ok(transition)
    }

    async fn is_recorded(&self, id: &StripeEventId) -> Result<bool, StoreError> {
        Ok(self.lock().is_processed(id))
    }

    async fn record_failure(&self, event: &WebhookEventRecord, error: &str) -> Result<(), StoreError> {
        let mut state = self.lock();
        match state.events.get_mut(&event.id) {
            Some((stored, _)) if stored.status == WebhookEventStatus::Failed => stored.error = Some(error.to_owned()),
            Some(_) => {}
            None => {
                let failed = StoredWebhookEvent {
                    record: whole_seconds_record(event.clone()),
                    status: WebhookEventStatus::Failed,
                    error: Some(error.to_owned()),
                };
                state.events.insert(event.id.clone(), (failed, None));
            }
        }
        Ok(())
    }

    async fn list_events(
        &self,
        status: Option<WebhookEventStatus>,
        limit: usize,
    ) -> Result<Vec<StoredWebhookEvent>, StoreError> {
        let state = self.lock();
        let mut found: Vec<StoredWebhookEvent> =
            state.events.values().map(|(e, _)| e).filter(|e| status.is_none_or(|s| e.status == s)).cloned().collect();
        found.sort_by(|a, b| {
            b.record.received_at.cmp(&a.record.received_at).then_with(|| a.record.id.as_str().cmp(b.record.id.as_str()))
        });
        found.truncate(limit);
        Ok(found)
    }

    async fn find_event(&self, id: &StripeEventId) -> Result<Option<StoredWebhookEvent>, StoreError> {
        Ok(self.lock().events.get(id).map(|(e, _)| e.clone()))
    }

    async fn swap_open_checkout(
        &self,
        user: UserId,
        session: &CheckoutSessionId,
    ) -> Result<Option<CheckoutSessionId>, StoreError> {
        let mut state = self.lock();
        let account = state.users.get_mut(&user).ok_or_else(|| StoreError::NotFound(format!("no user {user}")))?;
        Ok(account.open_checkout.replace(session.clone()))
    }

    async fn linked_customers(&self) -> Result<Vec<(UserId, StripeCustomerId)>, StoreError> {
        let state = self.lock();
        let mut linked: Vec<(UserId, StripeCustomerId)> =
            state.users.iter().filter_map(|(id, a)| a.customer_id.clone().map(|c| (*id, c))).collect();
        linked.sort_by_key(|(id, _)| *id);
        Ok(linked)
    }

    async fn purge_events(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut state = self.lock();
        let count = state.events.len();
        state.events.retain(|_, (e, _)| {
            e.record.received_at >= before
                || matches!(e.status, WebhookEventStatus::Failed | WebhookEventStatus::Unmatched)
        });
        Ok((count - state.events.len()) as u64)
    }
}

fn whole_seconds_record(mut record: WebhookEventRecord) -> WebhookEventRecord {
    record.created = record.created.trunc_subsecs(0);
    record.received_at = record.received_at.trunc_subsecs(0);
    record
}

/// What the SQL store keeps of a subscription: timestamps to the second.
fn whole_seconds(mut s: Subscription) -> Subscription {
    s.status_at = s.status_at.trunc_subsecs(0);
    s.current_period_end = s.current_period_end.map(|at| at.trunc_subsecs(0));
    s.details_at = s.details_at.map(|at| at.trunc_subsecs(0));
    s.paid_through = s.paid_through.map(|at| at.trunc_subsecs(0));
    s.last_event_at = s.last_event_at.trunc_subsecs(0);
    s
}
