//! Registering and removing the browsers a user receives push alerts on.
//!
//! A browser subscribes with our VAPID public key ([`PushDeviceRegistry::public_key`]), then
//! hands us its subscription (parsed into a [`PushDevice`] at the HTTP edge). Without a key
//! (production without `VAPID_PRIVATE_KEY`) nothing can be sent, so nothing is registered:
//! storing subscriptions nobody can reach would only make the dashboard claim alerts work.

use std::sync::Arc;

use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::domain::alerts::{AlertPreferences, PushDevice, PushDeviceId};
use crate::ports::{AlertSubscribers, PushDevices, StoreError, WebPush};

#[derive(Debug, thiserror::Error)]
pub enum RegisterPushDeviceError {
    /// Browser push is switched off on this server.
    #[error("browser push is not configured on this server")]
    NotConfigured,
    #[error("push devices are unavailable")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[derive(Debug, thiserror::Error)]
pub enum UnregisterPushDeviceError {
    /// The user has no device with this id (another user's device is not told apart).
    #[error("no such push device")]
    NotFound,
    #[error("push devices are unavailable")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(RegisterPushDeviceError, UnregisterPushDeviceError);

/// The push-device use cases, over the device store and the sender (for its key).
pub struct PushDeviceRegistry {
    devices: Arc<dyn PushDevices>,
    web_push: Arc<dyn WebPush>,
    subscribers: Arc<dyn AlertSubscribers>,
}

impl PushDeviceRegistry {
    pub fn new(
        devices: Arc<dyn PushDevices>,
        web_push: Arc<dyn WebPush>,
        subscribers: Arc<dyn AlertSubscribers>,
    ) -> Self {
        Self { devices, web_push, subscribers }
    }

    /// The key browsers subscribe with; `None` when push is not configured.
    pub fn public_key(&self) -> Option<String> {
        self.web_push.public_key()
    }

    /// Stores the browser's subscription for its user, replacing any earlier one from the
    /// same browser (same endpoint) and, past ten, the user's oldest device.
    ///
    /// # Errors
    /// See [`RegisterPushDeviceError`].
    pub async fn register(&self, device: PushDevice) -> Result<PushDeviceId, RegisterPushDeviceError> {
        if self.web_push.public_key().is_none() {
            return Err(RegisterPushDeviceError::NotConfigured);
        }
        let user = device.user;
        let id = self.devices.save(device).await?;
        // Alerts fan out to users who have preferences; one who only turned on this browser's
        // notifications has chosen nothing else yet, so they get the defaults (push on).
        if self.subscribers.subscriber(user).await?.is_none() {
            self.subscribers.save_preferences(user, &AlertPreferences::default()).await?;
        }
        Ok(id)
    }

    /// Removes one of the user's devices (the browser unsubscribed).
    ///
    /// # Errors
    /// See [`UnregisterPushDeviceError`].
    pub async fn unregister(&self, user: UserId, id: PushDeviceId) -> Result<(), UnregisterPushDeviceError> {
        if self.devices.remove(user, id).await? { Ok(()) } else { Err(UnregisterPushDeviceError::NotFound) }
    }
}
