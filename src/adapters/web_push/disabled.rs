//! Browser push switched off: production without `VAPID_PRIVATE_KEY`. Registering a device is
//! answered 503 by the API (it asks [`WebPush::public_key`] first), and nothing is sent.

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::alerts::PushDevice;
use crate::ports::{PushError, WebPush};

pub struct PushDisabled;

#[async_trait]
impl WebPush for PushDisabled {
    async fn send(&self, _device: &PushDevice, _payload: &[u8], _ttl: Duration) -> Result<(), PushError> {
        Err(PushError::Rejected("browser push is not configured (VAPID_PRIVATE_KEY)".into()))
    }

    fn public_key(&self) -> Option<String> {
        None
    }
}
