//! One browser's Web Push subscription (the `PushSubscription` a service worker gets from
//! `pushManager.subscribe`), parsed at the boundary so a stored device is always sendable.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::push_endpoint::check_endpoint;
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

impl PushKeys {
    /// Checks the browser's keys and keeps them in one spelling (unpadded base64url):
    /// `p256dh` must decode to a point on P-256 in uncompressed form (65 bytes, `0x04` first),
    /// `auth` to exactly 16 bytes. Standard base64 and padding are accepted, since some
    /// clients re-encode what the browser gave them.
    ///
    /// # Errors
    /// [`PushDeviceError::BadKeys`] for anything else.
    pub fn parse(p256dh: &str, auth: &str) -> Result<Self, PushDeviceError> {
        let point = decode_base64url(p256dh).ok_or(PushDeviceError::BadKeys)?;
        let secret = decode_base64url(auth).ok_or(PushDeviceError::BadKeys)?;
        let uncompressed = point.len() == 65 && point[0] == 0x04;
        if !uncompressed || p256::PublicKey::from_sec1_bytes(&point).is_err() || secret.len() != 16 {
            return Err(PushDeviceError::BadKeys);
        }
        Ok(Self { p256dh: URL_SAFE_NO_PAD.encode(point), auth: URL_SAFE_NO_PAD.encode(secret) })
    }

    /// The browser's public key: 65 bytes, as checked by [`PushKeys::parse`].
    pub fn p256dh_bytes(&self) -> Option<Vec<u8>> {
        decode_base64url(&self.p256dh)
    }

    /// The 16-byte authentication secret.
    pub fn auth_bytes(&self) -> Option<Vec<u8>> {
        decode_base64url(&self.auth)
    }
}

/// base64url or standard base64, with or without padding; `None` beyond 128 characters (no
/// key is that long, and a stranger's input should cost nothing to refuse).
fn decode_base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim().trim_end_matches('=');
    if text.len() > 128 {
        return None;
    }
    URL_SAFE_NO_PAD.decode(text.replace('+', "-").replace('/', "_")).ok()
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

impl PushDevice {
    /// A device from what a browser sent (its `PushSubscription`), checked so it can be sent
    /// to: see [`check_endpoint`] and [`PushKeys::parse`].
    ///
    /// # Errors
    /// [`PushDeviceError::BadEndpoint`] or [`PushDeviceError::BadKeys`].
    pub fn parse(
        id: PushDeviceId,
        user: UserId,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
    ) -> Result<Self, PushDeviceError> {
        let endpoint = check_endpoint(endpoint)?;
        let keys = PushKeys::parse(p256dh, auth)?;
        Ok(Self { id, user, endpoint, keys })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8291 appendix A: the browser's public key and auth secret (published test data).
    const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

    #[test]
    fn a_browser_subscription_parses_into_a_device() {
        let user = UserId::new_random();
        let device = PushDevice::parse(
            PushDeviceId::new_random(),
            user,
            "https://fcm.googleapis.com/fcm/send/abc",
            P256DH,
            AUTH,
        )
        .unwrap();
        assert_eq!(device.endpoint, "https://fcm.googleapis.com/fcm/send/abc");
        assert_eq!(device.keys.p256dh, P256DH);
        assert_eq!(device.keys.auth_bytes().unwrap().len(), 16);
    }

    #[test]
    fn padded_standard_base64_keys_are_kept_as_unpadded_base64url() {
        let standard = P256DH.replace('-', "+").replace('_', "/") + "=";
        let keys = PushKeys::parse(&standard, "BTBZMqHH6r4Tts7J/aSIgg==").unwrap();
        assert_eq!(keys.p256dh, P256DH);
        assert_eq!(keys.auth, AUTH);
    }

    #[test]
    fn a_key_that_is_not_an_uncompressed_p256_point_is_refused() {
        let compressed = URL_SAFE_NO_PAD.encode([&[0x02u8][..], &[7u8; 32][..]].concat());
        let mut off_curve = URL_SAFE_NO_PAD.decode(P256DH).unwrap();
        off_curve[64] ^= 1;
        for bad in [compressed, URL_SAFE_NO_PAD.encode(off_curve), "not base64!".into(), String::new()] {
            assert_eq!(PushKeys::parse(&bad, AUTH), Err(PushDeviceError::BadKeys), "{bad}");
        }
    }

    #[test]
    fn an_auth_secret_must_be_sixteen_bytes() {
        assert_eq!(PushKeys::parse(P256DH, &URL_SAFE_NO_PAD.encode([1u8; 15])), Err(PushDeviceError::BadKeys));
        assert_eq!(PushKeys::parse(P256DH, &URL_SAFE_NO_PAD.encode([1u8; 17])), Err(PushDeviceError::BadKeys));
    }

    #[test]
    fn keys_are_redacted_in_debug_output() {
        let keys = PushKeys::parse(P256DH, AUTH).unwrap();
        assert!(!format!("{keys:?}").contains(AUTH));
    }
}
