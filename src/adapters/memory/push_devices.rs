//! Push devices in memory (the embedded default and the contract suite's reference).

use async_trait::async_trait;
use tokio::sync::Mutex;

use crate::domain::UserId;
use crate::domain::alerts::{PushDevice, PushDeviceId};
use crate::ports::{MAX_PUSH_DEVICES_PER_USER, PushDevices, StoreError};

/// Devices in insertion order (so "oldest first" is the vector's order).
#[derive(Default)]
pub struct MemoryPushDevices {
    devices: Mutex<Vec<PushDevice>>,
}

#[async_trait]
impl PushDevices for MemoryPushDevices {
    async fn save(&self, device: PushDevice) -> Result<PushDeviceId, StoreError> {
        let mut devices = self.devices.lock().await;
        let kept_id = devices.iter().find(|d| d.endpoint == device.endpoint && d.user == device.user).map(|d| d.id);
        devices.retain(|d| d.endpoint != device.endpoint);
        let id = kept_id.unwrap_or(device.id);
        let user = device.user;
        devices.push(PushDevice { id, ..device });
        let owned = devices.iter().filter(|d| d.user == user).count();
        if owned > MAX_PUSH_DEVICES_PER_USER
            && let Some(oldest) = devices.iter().position(|d| d.user == user)
        {
            devices.remove(oldest);
        }
        Ok(id)
    }

    async fn of_user(&self, user: UserId) -> Result<Vec<PushDevice>, StoreError> {
        Ok(self.devices.lock().await.iter().filter(|d| d.user == user).cloned().collect())
    }

    async fn remove(&self, user: UserId, id: PushDeviceId) -> Result<bool, StoreError> {
        let mut devices = self.devices.lock().await;
        let before = devices.len();
        devices.retain(|d| !(d.user == user && d.id == id));
        Ok(devices.len() != before)
    }

    async fn remove_endpoint(&self, endpoint: &str) -> Result<(), StoreError> {
        self.devices.lock().await.retain(|d| d.endpoint != endpoint);
        Ok(())
    }
}
