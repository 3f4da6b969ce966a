//! Applying a Stripe webhook exactly once.
//!
//! Three layers, cheapest first:
//! 1. the signature: nothing unverified is parsed or stored;
//! 2. a short lease on the event id (Redis in production) so concurrent deliveries, even to
//!    different instances, do not all reach the database. It is only a lease (≤ 60 s): if the
//!    process dies between claim and commit, the next delivery after the lease takes over;
//! 3. the database: the event id is inserted in the same transaction as the state change, so
//!    even with the claim store flushed or down, an event takes effect once.
//!
//! Once verified, an event is processed on its own task: Stripe closes deliveries that take
//! too long, and a closed connection must not cancel a transaction half-way through (it would
//! roll back, but the work and the claim would be wasted until the lease runs out).
//!
//! When applying fails unexpectedly, the event is logged as `failed` with the error (after the
//! apply transaction rolled back) so operators can see it; a failed entry does not count as
//! processed, so Stripe's retry or `signalbox webhooks reprocess` applies it later. An event
//! that can never apply as it stands (its customer is linked to another user) is logged as
//! failed and acknowledged, since Stripe's retries cannot help.
//! [`BillingService::process_event`] is that path after verification, shared with re-processing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::BillingService;
use crate::app::shared::keys;
use crate::domain::{BillingEvent, is_same_second_conflict, transition};
use crate::ports::{EventToApply, RecordOutcome, StoreError, WebhookError, WebhookEventRecord, WebhookEventStatus};

/// Error texts kept in the event log are cut here: enough for a cause chain, bounded in size.
const MAX_LOGGED_ERROR_CHARS: usize = 2_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// The event changed a subscription of a known user.
    Processed,
    /// This event id was handled before; nothing changed.
    AlreadyProcessed,
    /// Verified and recorded, but no effect: a type we do not act on, or an event whose facts
    /// are all known or superseded already.
    Ignored,
    /// Applied to its subscription, whose customer no user is linked to yet; it takes effect
    /// for the user the moment the customer is linked.
    Unmatched,
    /// Can never apply as it stands (its customer and user are linked elsewhere): logged as
    /// failed for an operator, acknowledged so Stripe stops retrying.
    Failed,
}

impl WebhookOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processed => "processed",
            Self::AlreadyProcessed => "already_processed",
            Self::Ignored => "ignored",
            Self::Unmatched => "unmatched",
            Self::Failed => "failed",
        }
    }
}

/// Why [`BillingService::process_event`] did not finish (verification is already behind it).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ProcessError {
    #[error("this event is being processed by another delivery; retry later")]
    InProgress,
    #[error(transparent)]
    Unavailable(StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<StoreError> for ProcessError {
    fn from(err: StoreError) -> Self {
        if err.is_unavailable() { Self::Unavailable(err) } else { Self::Unexpected(err.into()) }
    }
}

impl From<ProcessError> for HandleWebhookError {
    fn from(err: ProcessError) -> Self {
        match err {
            ProcessError::InProgress => Self::InProgress,
            ProcessError::Unavailable(err) => Self::Unavailable(err),
            ProcessError::Unexpected(err) => Self::Unexpected(err),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HandleWebhookError {
    #[error(transparent)]
    Rejected(#[from] WebhookError),
    /// Another delivery of the same event is being applied right now; Stripe should retry.
    #[error("this event is being processed by another delivery; retry later")]
    InProgress,
    /// A backing service is down; Stripe should retry.
    #[error(transparent)]
    Unavailable(StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl BillingService {
    pub async fn handle_webhook(
        self: &Arc<Self>,
        payload: &[u8],
        signature: Option<&str>,
    ) -> Result<WebhookOutcome, HandleWebhookError> {
        let now = self.now();
        let event = self.webhooks.verify(payload, signature, now)?;
        let record = WebhookEventRecord {
            id: event.id.clone(),
            event_type: event.event_type.clone(),
            created: event.created,
            received_at: now,
            payload: String::from_utf8_lossy(payload).into_owned(),
        };
        // Detached: dropping this future (the client went away) leaves the task running.
        let app = Arc::clone(self);
        let event_type = event.event_type.clone();
        let task = tokio::spawn(async move { app.process_event(&event, &record).await });
        let outcome = task.await.map_err(|err| HandleWebhookError::Unexpected(anyhow::anyhow!(err)))?;
        let label = outcome.as_ref().map_or("error", |outcome| outcome.as_str());
        metrics::counter!("signalbox_webhook_outcomes_total", "type" => event_type, "outcome" => label).increment(1);
        Ok(outcome?)
    }

    /// Applies a verified event exactly once: claim it, apply and record it, and on an
    /// unexpected failure log it as `failed` and give the claim back for the next attempt.
    pub(crate) async fn process_event(
        &self,
        event: &BillingEvent,
        record: &WebhookEventRecord,
    ) -> Result<WebhookOutcome, ProcessError> {
        let claim_key = keys::webhook_claim(&event.id);
        match self.claims.claim(&claim_key, self.policies.webhook_claim_lease).await {
            Ok(true) => {}
            Ok(false) => {
                let done = self.billing.is_recorded(&event.id).await?;
                return if done { Ok(WebhookOutcome::AlreadyProcessed) } else { Err(ProcessError::InProgress) };
            }
            Err(err) => {
                tracing::warn!(event_id = %event.id, error = %err, "claim store unavailable; relying on database dedupe");
            }
        }
        let result = self.apply_event(event, record).await;
        let failure = match &result {
            Err(err) => Some(cause_chain(err)),
            Ok((WebhookOutcome::Failed, reason)) => reason.clone(),
            Ok(_) => None,
        };
        if let Some(reason) = failure {
            self.log_failure(record, &reason).await;
            if let Err(err) = self.claims.release(&claim_key).await {
                tracing::warn!(event_id = %event.id, error = %err, "could not release the event claim; it will expire");
            }
        }
        match result {
            Ok((outcome, _)) => Ok(outcome),
            // An outage: answer with an error so that Stripe retries.
            Err(err) if err.is_unavailable() => Err(ProcessError::Unavailable(err)),
            // The stored data refuses the event: retrying cannot help; it waits in the log.
            Err(_) => Ok(WebhookOutcome::Failed),
        }
    }

    /// Applies the event; with `Failed`, also the reason.
    async fn apply_event(
        &self,
        event: &BillingEvent,
        record: &WebhookEventRecord,
    ) -> Result<(WebhookOutcome, Option<String>), StoreError> {
        // Set when the event and what we hold disagree within one second: see below.
        let conflict = AtomicBool::new(false);
        let decide = |current: Option<&crate::domain::Subscription>| {
            if is_same_second_conflict(current, event) {
                conflict.store(true, Ordering::Relaxed);
            }
            transition(current, event)
        };
        let to_apply = EventToApply {
            record,
            subscription: event.kind.subscription(),
            customer: event.kind.customer(),
            link_user: event.kind.user(),
            decide: &decide,
        };
        let recorded = self.billing.record_event(to_apply).await?;
        // A processed event changed a user's subscription; any recorded event that links a
        // customer may have brought the customer's stored subscriptions to the user. Either way
        // that user's cached plan must go. (Unmatched: no user to tell yet.)
        let record_outcome_changed = match &recorded {
            RecordOutcome::Recorded { status: WebhookEventStatus::Processed, .. } => true,
            RecordOutcome::Recorded { status: WebhookEventStatus::Unmatched, .. } => false,
            RecordOutcome::Recorded { .. } => event.kind.user().is_some(),
            _ => false,
        };
        let (outcome, reason) = match recorded {
            RecordOutcome::AlreadyProcessed => (WebhookOutcome::AlreadyProcessed, None),
            RecordOutcome::Recorded { status, .. } => (
                match status {
                    WebhookEventStatus::Processed => WebhookOutcome::Processed,
                    WebhookEventStatus::Unmatched => WebhookOutcome::Unmatched,
                    _ => WebhookOutcome::Ignored,
                },
                None,
            ),
            RecordOutcome::LinkConflict(reason) => (WebhookOutcome::Failed, Some(reason)),
        };
        if record_outcome_changed {
            self.announce_change_of_customer(event).await;
        }
        if conflict.load(Ordering::Relaxed) && matches!(outcome, WebhookOutcome::Processed | WebhookOutcome::Ignored) {
            self.settle_from_provider(event).await;
        }
        if outcome == WebhookOutcome::Unmatched {
            tracing::warn!(event_id = %event.id, event_type = %event.event_type, "webhook for a customer no user is linked to yet; kept as unmatched");
        }
        tracing::info!(event_id = %event.id, event_type = %event.event_type, outcome = outcome.as_str(), "webhook handled");
        Ok((outcome, reason))
    }

    /// Announces a billing change for the user the event's customer belongs to (the user it
    /// links, when it links one). Best effort: the event is applied whatever happens here.
    async fn announce_change_of_customer(&self, event: &BillingEvent) {
        let user = match (event.kind.user(), event.kind.customer()) {
            (Some(user), _) => Some(user),
            (None, Some(customer)) => match self.users.find_by_customer(customer).await {
                Ok(found) => found.map(|user| user.id),
                Err(err) => {
                    tracing::warn!(event_id = %event.id, error = %err, "could not find whose plan the event changed; other instances keep it until their cache expires");
                    None
                }
            },
            (None, None) => None,
        };
        if let Some(user) = user {
            self.billing_changed(user).await;
        }
    }

    /// Best effort: when the store that failed the apply is down, logging fails too, and the
    /// original error (which the caller returns) matters more.
    async fn log_failure(&self, record: &WebhookEventRecord, reason: &str) {
        let text: String = reason.chars().take(MAX_LOGGED_ERROR_CHARS).collect();
        tracing::error!(event_id = %record.id, event_type = %record.event_type, error = %text, "webhook event failed");
        if let Err(log_err) = self.billing.record_failure(record, &text).await {
            tracing::warn!(event_id = %record.id, error = %log_err, "could not log the failed webhook event");
        }
    }
}

/// `error: cause: cause…`, as `{:#}` prints an `anyhow::Error`.
fn cause_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
