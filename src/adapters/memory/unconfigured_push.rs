//! The [`WebPush`] of an installation where push is not configured: no public key for
//! browsers, and every send refused (so push alerts are recorded failed, never retried).

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::alerts::PushDevice;
use crate::ports::{PushError, WebPush};

pub struct UnconfiguredWebPush;

#[async_trait]
impl WebPush for UnconfiguredWebPush {
    async fn send(&self, _device: &PushDevice, _payload: &[u8], _ttl: Duration) -> Result<(), PushError> {
        Err(PushError::Rejected("push is not configured".into()))
    }

    fn public_key(&self) -> Option<String> {
        None
    }
}
