//! Sending one encrypted Web Push message (RFC 8030 delivery, RFC 8291 encryption, RFC 8292
//! VAPID) to one browser's push service.

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::alerts::PushDevice;

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// 404 or 410: the subscription no longer exists; the device must be removed.
    #[error("push subscription gone")]
    Gone,
    /// 429, 5xx, timeouts, network: retry later (after `retry_after` when the service said).
    #[error("push service unavailable")]
    Transient { retry_after: Option<Duration> },
    /// Any other refusal (400, 401, 403, 413): retrying the same message will not help.
    #[error("push refused: {0}")]
    Rejected(String),
}

#[async_trait]
pub trait WebPush: Send + Sync {
    /// Encrypts `payload` (at most 3,000 bytes of UTF-8 JSON) for `device` and hands it to
    /// its push service with a VAPID signature; `ttl` is how long the service may hold it.
    /// `Ok` means the push service accepted it (201), not that the browser showed it.
    ///
    /// # Errors
    /// See [`PushError`].
    async fn send(&self, device: &PushDevice, payload: &[u8], ttl: Duration) -> Result<(), PushError>;
    /// The VAPID public key browsers pass to `pushManager.subscribe` (base64url, uncompressed
    /// P-256 point); `None` when push is not configured.
    fn public_key(&self) -> Option<String>;
}
