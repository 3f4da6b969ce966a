//! One browser's Web Push subscription (the `PushSubscription` a service worker gets from
//! `pushManager.subscribe`), parsed at the boundary so a stored device is always sendable.

use std::fmt;
use std::str::FromStr;

use crate::domain::UserId;

/// Our id for a stored device: random, so it says nothing about other users' devices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PushDeviceId(uuid::Uuid);

impl PushDeviceId {
    pub fn new_random() -> Self {
        Self(uuid::Uuid::new_v4())
    }
}

impl FromStr for PushDeviceId {
    type Err = PushDeviceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim()).map(Self).map_err(|_| PushDeviceError::MalformedId)
    }
}

impl fmt::Display for PushDeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The subscription's keys, as the browser gives them (unpadded base64url): `p256dh` is the
/// browser's P-256 public key (65 bytes uncompressed), `auth` its 16-byte secret (RFC 8291).
#[derive(Clone, PartialEq, Eq)]
pub struct PushKeys {
    pub p256dh: String,
    pub auth: String,
}

impl fmt::Debug for PushKeys {
    // `auth` is a secret shared with the browser: never in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushKeys").field("p256dh", &self.p256dh).field("auth", &"<redacted>").finish()
    }
}

/// A stored device: where to send (the push service's endpoint URL) and how to encrypt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushDevice {
    pub id: PushDeviceId,
    pub user: UserId,
    /// The push service URL the browser chose (https). One device per endpoint.
    pub endpoint: String,
    pub keys: PushKeys,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PushDeviceError {
    #[error("device id is malformed")]
    MalformedId,
    #[error("endpoint must be an https URL of at most 2048 characters")]
    BadEndpoint,
    #[error("keys.p256dh must be a base64url P-256 public key and keys.auth a 16-byte base64url secret")]
    BadKeys,
}
