//! Outgoing mail: SMTP in production, a development outbox offline.

use async_trait::async_trait;

use crate::domain::Email;

/// One plain-text message to one recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: Email,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mail server could not be reached or failed; a later attempt may succeed.
    #[error("mail server unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// The mail server refused this message (bad recipient, policy); retrying will not help.
    #[error("mail refused: {0}")]
    Rejected(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Hands `mail` to the transport. Returning `Ok` means the transport accepted it (an SMTP
    /// server queued it, the outbox stored it), not that it was delivered.
    ///
    /// # Errors
    /// [`MailError::Unavailable`] when the transport cannot be reached;
    /// [`MailError::Rejected`] when it refuses the message.
    async fn send(&self, mail: &Mail) -> Result<(), MailError>;
}
