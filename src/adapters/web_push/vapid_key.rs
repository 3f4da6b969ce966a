//! The application server's VAPID key (RFC 8292) and the JWT it signs for each push service.
//!
//! `VAPID_PRIVATE_KEY` holds the raw 32-byte P-256 private scalar in unpadded base64url: the
//! format the common Web Push libraries print, so a key made by one works in another. The
//! public key browsers see (`applicationServerKey`) is derived from it, never configured
//! separately, so the two cannot disagree.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use ring::rand::{SecureRandom, SystemRandom};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VapidKeyError {
    #[error("a VAPID private key is 32 bytes of unpadded base64url (43 characters), a valid P-256 scalar")]
    Malformed,
}

/// A P-256 signing key. Its `Debug` never shows the private half.
#[derive(Clone)]
pub struct VapidKey {
    signing: SigningKey,
}

impl fmt::Debug for VapidKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VapidKey").field("public", &self.public_key()).finish_non_exhaustive()
    }
}

impl VapidKey {
    /// Reads the `VAPID_PRIVATE_KEY` format (padding and standard base64 tolerated).
    ///
    /// # Errors
    /// [`VapidKeyError::Malformed`]; the message never repeats the input.
    pub fn parse(text: &str) -> Result<Self, VapidKeyError> {
        let text = text.trim().trim_end_matches('=').replace('+', "-").replace('/', "_");
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| VapidKeyError::Malformed)?;
        Self::from_scalar(&bytes).ok_or(VapidKeyError::Malformed)
    }

    /// A new key from the operating system's random source.
    pub fn generate() -> Self {
        let random = SystemRandom::new();
        loop {
            let mut scalar = [0u8; 32];
            random.fill(&mut scalar).expect("the operating system's random source works");
            // A random 32-byte string is outside the curve's order about once in 2^32 draws.
            if let Some(key) = Self::from_scalar(&scalar) {
                return key;
            }
        }
    }

    /// The same key every time for the same secret: development derives its key from
    /// `SECRET_KEY`, so browser subscriptions (bound to the key they were made with) survive
    /// restarts, and every instance sharing the secret signs with the same key.
    pub fn derived_from(secret: &[u8]) -> Self {
        let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"signalbox development VAPID key").extract(secret);
        (0u8..=u8::MAX)
            .find_map(|attempt| {
                let mut scalar = [0u8; 32];
                prk.expand(&[&[attempt]], ring::hkdf::HKDF_SHA256).ok()?.fill(&mut scalar).ok()?;
                Self::from_scalar(&scalar)
            })
            .expect("one of 256 derived scalars is a valid key")
    }

    fn from_scalar(bytes: &[u8]) -> Option<Self> {
        (bytes.len() == 32).then(|| SigningKey::from_slice(bytes).ok()).flatten().map(|signing| Self { signing })
    }

    /// The private scalar in the `VAPID_PRIVATE_KEY` format (for `signalbox vapid generate`).
    pub fn private_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.to_bytes())
    }

    /// The public key as browsers take it: the uncompressed point (65 bytes), base64url.
    pub fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// An RFC 8292 token for one push service: ES256 over `{"aud","exp","sub"}`, where `aud`
    /// is the service's origin, `exp` a unix time at most 24 hours ahead (the caller's
    /// choice), and `sub` a `mailto:` or `https:` contact for the service's operators.
    pub fn jwt(&self, audience: &str, expires_at_unix: i64, subject: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({ "aud": audience, "exp": expires_at_unix, "sub": subject });
        let signed = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
        let signature: Signature = self.signing.sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// The origin of a push endpoint (`https://host[:port]`), the JWT's audience; `None` when the
/// endpoint is not an absolute http(s) URL. A default port is left out, as browsers write
/// origins.
pub fn audience_of(endpoint: &str) -> Option<String> {
    let (scheme, rest) = endpoint.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().filter(|a| !a.is_empty())?.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Some(format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier;

    #[test]
    fn a_key_round_trips_through_its_setting_format() {
        let key = VapidKey::generate();
        let again = VapidKey::parse(&key.private_key()).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        assert_eq!(key.private_key().len(), 43);
        assert_eq!(URL_SAFE_NO_PAD.decode(key.public_key()).unwrap().len(), 65);
    }

    #[test]
    fn malformed_keys_are_refused_without_being_repeated() {
        for bad in ["", "short", &"A".repeat(43), &URL_SAFE_NO_PAD.encode([0xFFu8; 32])] {
            let err = VapidKey::parse(bad).unwrap_err();
            assert_eq!(err, VapidKeyError::Malformed);
            assert!(bad.len() < 8 || !err.to_string().contains(bad));
        }
    }

    #[test]
    fn the_development_key_depends_only_on_the_secret() {
        assert_eq!(VapidKey::derived_from(b"one").public_key(), VapidKey::derived_from(b"one").public_key());
        assert_ne!(VapidKey::derived_from(b"one").public_key(), VapidKey::derived_from(b"two").public_key());
    }

    #[test]
    fn the_jwt_is_es256_over_its_claims_and_verifies_with_the_public_key() {
        let key = VapidKey::generate();
        let token = key.jwt("https://push.example.com", 1_900_000_000, "mailto:ops@example.com");
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["aud"], "https://push.example.com");
        assert_eq!(claims["exp"], 1_900_000_000);
        assert_eq!(claims["sub"], "mailto:ops@example.com");
        let public = VerifyingKey::from_sec1_bytes(&URL_SAFE_NO_PAD.decode(key.public_key()).unwrap()).unwrap();
        let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap()).unwrap();
        assert!(public.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature).is_ok());
        assert!(public.verify(b"something else", &signature).is_err());
    }

    #[test]
    fn the_audience_is_the_endpoints_origin() {
        assert_eq!(
            audience_of("https://fcm.googleapis.com/fcm/send/abc").as_deref(),
            Some("https://fcm.googleapis.com")
        );
        assert_eq!(audience_of("https://Push.Example.com:443/x?y").as_deref(), Some("https://push.example.com"));
        assert_eq!(audience_of("http://127.0.0.1:9000/p/1").as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(audience_of("ftp://x/y"), None);
        assert_eq!(audience_of("https:///nohost"), None);
    }
}
