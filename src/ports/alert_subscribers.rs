//! Who wants alerts: each user's saved preferences and linked Telegram chat, and the one-time
//! codes that link a chat.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::UserId;
use crate::domain::alerts::{AlertPreferences, ChatId, LinkCodeHash};
use crate::ports::StoreError;

/// A user who saved preferences or linked a chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscriber {
    pub user: UserId,
    pub preferences: AlertPreferences,
    pub telegram_chat: Option<ChatId>,
}

/// What redeeming a link code did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redeemed {
    /// The chat is now linked to this user (and to no other).
    Linked(UserId),
    /// No such code.
    Unknown,
    /// The code was used already.
    Used,
    /// The code's time ran out.
    Expired,
}

#[async_trait]
pub trait AlertSubscribers: Send + Sync {
    /// The user's saved preferences and chat; `None` when they never saved or linked any.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn subscriber(&self, user: UserId) -> Result<Option<Subscriber>, StoreError>;

    /// Every subscriber: whom fan-out considers.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn subscribers(&self) -> Result<Vec<Subscriber>, StoreError>;

    /// Saves the user's preferences whole, keeping their linked chat.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`]; then nothing changed.
    async fn save_preferences(&self, user: UserId, preferences: &AlertPreferences) -> Result<(), StoreError>;

    /// Stores a link code for `user`, usable until `expires_at`.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn issue_link_code(
        &self,
        user: UserId,
        code: &LinkCodeHash,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Spends the code and links `chat` to its user, atomically: of concurrent redemptions of
    /// one code exactly one returns [`Redeemed::Linked`]. A chat linked to another user moves.
    /// A user without saved preferences gets the defaults.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`]; then nothing changed.
    async fn redeem_link_code(
        &self,
        code: &LinkCodeHash,
        chat: ChatId,
        now: DateTime<Utc>,
    ) -> Result<Redeemed, StoreError>;

    /// Unlinks `chat` (the user sent `/stop`, or blocked the bot); the user it was linked to,
    /// if any.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn unlink_chat(&self, chat: ChatId) -> Result<Option<UserId>, StoreError>;
}
