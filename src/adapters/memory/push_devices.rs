//! Push devices in memory (the embedded default and the contract suite's reference).

use std::collections::HashMap;

use async_trait::async_trait;
use tokio::sync::Mutex;

use crate::domain::UserId;
use crate::domain::alerts::{PushDevice, PushDeviceId};
use crate::ports::{MAX_PUSH_DEVICES_PER_USER, PushDevices, StoreError};

/// Each user's devices in insertion order (so "oldest first" is the vector's order), and who
/// owns each endpoint: a lookup costs one user's devices, not every device, as the SQL store's
/// indexes make it (an alert burst looks up every subscriber's devices).
#[derive(Default)]
pub struct MemoryPushDevices {
    state: Mutex<Devices>,
}

#[derive(Default)]
struct Devices {
    by_user: HashMap<UserId, Vec<PushDevice>>,
    owner_of_endpoint: HashMap<String, UserId>,
}

impl Devices {
    /// Takes `endpoint` away from whoever holds it; the removed device.
    fn take_endpoint(&mut self, endpoint: &str) -> Option<PushDevice> {
        let owner = self.owner_of_endpoint.remove(endpoint)?;
        let devices = self.by_user.get_mut(&owner)?;
        let at = devices.iter().position(|d| d.endpoint == endpoint)?;
        let removed = devices.remove(at);
        if devices.is_empty() {
            self.by_user.remove(&owner);
        }
        Some(removed)
    }
}

#[async_trait]
impl PushDevices for MemoryPushDevices {
    async fn save(&self, device: PushDevice) -> Result<PushDeviceId, StoreError> {
        let mut state = self.state.lock().await;
        // An endpoint belongs to one browser: saved again it moves to the saver, keeping its id
        // when the saver already had it.
        let kept_id = state.take_endpoint(&device.endpoint).filter(|d| d.user == device.user).map(|d| d.id);
        let id = kept_id.unwrap_or(device.id);
        let user = device.user;
        state.owner_of_endpoint.insert(device.endpoint.clone(), user);
        let devices = state.by_user.entry(user).or_default();
        devices.push(PushDevice { id, ..device });
        if devices.len() > MAX_PUSH_DEVICES_PER_USER {
            let oldest = devices.remove(0);
            state.owner_of_endpoint.remove(&oldest.endpoint);
        }
        Ok(id)
    }

    async fn of_user(&self, user: UserId) -> Result<Vec<PushDevice>, StoreError> {
        Ok(self.state.lock().await.by_user.get(&user).cloned().unwrap_or_default())
    }

    async fn remove(&self, user: UserId, id: PushDeviceId) -> Result<bool, StoreError> {
        let mut state = self.state.lock().await;
        let endpoint = state
            .by_user
            .get(&user)
            .and_then(|devices| devices.iter().find(|d| d.id == id))
            .map(|d| d.endpoint.clone());
        Ok(endpoint.is_some_and(|endpoint| state.take_endpoint(&endpoint).is_some()))
    }

    async fn remove_endpoint(&self, endpoint: &str) -> Result<(), StoreError> {
        self.state.lock().await.take_endpoint(endpoint);
        Ok(())
    }
}
