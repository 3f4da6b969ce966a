//! Where browsers' Web Push subscriptions are kept.
//!
//! One device per endpoint: subscribing again from the same browser (same endpoint) replaces
//! its keys and owner instead of adding a second device, so a user never gets one alert twice
//! on one browser.

use async_trait::async_trait;

use crate::domain::UserId;
use crate::domain::alerts::{PushDevice, PushDeviceId};
use crate::ports::StoreError;

/// The most devices one user may register; the oldest is replaced beyond it.
pub const MAX_PUSH_DEVICES_PER_USER: usize = 10;

#[async_trait]
pub trait PushDevices: Send + Sync {
    /// Stores `device`, replacing any device with the same endpoint (whoever owned it).
    /// Returns the id under which it is stored (the existing id when the endpoint was known
    /// to the same user). Beyond [`MAX_PUSH_DEVICES_PER_USER`] the user's oldest is removed.
    async fn save(&self, device: PushDevice) -> Result<PushDeviceId, StoreError>;
    /// The user's devices, oldest first.
    async fn of_user(&self, user: UserId) -> Result<Vec<PushDevice>, StoreError>;
    /// Removes the user's device; `false` when the user has no such device (another user's
    /// device id is not found, not removed).
    async fn remove(&self, user: UserId, id: PushDeviceId) -> Result<bool, StoreError>;
    /// Removes the device with this endpoint (the push service said 404/410: it is gone).
    async fn remove_endpoint(&self, endpoint: &str) -> Result<(), StoreError>;
}
