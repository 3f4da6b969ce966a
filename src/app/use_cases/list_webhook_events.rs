//! The webhook event log, for operators (`signalbox webhooks list [--status failed]`).

use crate::app::Signalbox;
use crate::ports::{StoredWebhookEvent, WebhookEventStatus};

#[derive(Debug, thiserror::Error)]
pub enum ListWebhookEventsError {
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl Signalbox {
    /// Newest first, at most `limit`; only those with `status` when given.
    pub async fn list_webhook_events(
        &self,
        status: Option<WebhookEventStatus>,
        limit: usize,
    ) -> Result<Vec<StoredWebhookEvent>, ListWebhookEventsError> {
        Ok(self.deps.billing.list_events(status, limit).await.map_err(anyhow::Error::from)?)
    }
}
