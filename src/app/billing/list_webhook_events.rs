//! The webhook event log, for operators (`signalbox webhooks list [--status failed]`).

use super::BillingService;
use crate::app::shared::failure::store_failures;
use crate::ports::{StoredWebhookEvent, WebhookEventStatus};

#[derive(Debug, thiserror::Error)]
pub enum ListWebhookEventsError {
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(ListWebhookEventsError);

impl BillingService {
    /// Newest first, at most `limit`; only those with `status` when given.
    pub async fn list_webhook_events(
        &self,
        status: Option<WebhookEventStatus>,
        limit: usize,
    ) -> Result<Vec<StoredWebhookEvent>, ListWebhookEventsError> {
        Ok(self.billing.list_events(status, limit).await?)
    }
}
