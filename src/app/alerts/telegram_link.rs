//! `POST /alerts/telegram/link`: a one-time deep link that opens our bot with the code.

use chrono::{DateTime, Utc};

use super::AlertsService;
use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::domain::alerts::{LINK_CODE_LIFETIME, LinkCode};
use crate::ports::StoreError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TelegramLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateLinkError {
    #[error("Telegram alerts are not configured on this server")]
    NotConfigured,
    #[error("alert storage is unavailable")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(CreateLinkError);

impl AlertsService {
    /// A fresh code for `user`, good for 15 minutes and one use.
    ///
    /// # Errors
    /// [`CreateLinkError::NotConfigured`] without a bot username; an outage otherwise.
    pub async fn create_telegram_link(&self, user: UserId) -> Result<TelegramLink, CreateLinkError> {
        let bot = self.policy.bot_username.as_deref().ok_or(CreateLinkError::NotConfigured)?;
        let code = LinkCode::new_random();
        let expires_at = self.now() + LINK_CODE_LIFETIME;
        self.subscribers.issue_link_code(user, &code.hash(), expires_at).await?;
        Ok(TelegramLink { url: format!("https://t.me/{bot}?start={}", code.as_str()), expires_at })
    }
}
