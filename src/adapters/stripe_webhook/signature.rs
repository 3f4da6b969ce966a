//! The `Stripe-Signature` scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
//! possibly with several `v1` entries (one per active secret) and legacy `v0` entries.

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use crate::ports::WebhookError;

/// Stripe's own libraries reject signatures older than five minutes (replay window).
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

type HmacSha256 = Hmac<Sha256>;

/// The parsed header: one timestamp and every `v1` signature in it.
#[derive(Debug, PartialEq, Eq)]
pub struct SignatureHeader {
    pub timestamp: i64,
    pub v1: Vec<Vec<u8>>,
}

pub fn parse_header(header: &str) -> Result<SignatureHeader, WebhookError> {
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for item in header.split(',') {
        let (key, value) = item.trim().split_once('=').ok_or(WebhookError::MalformedSignature)?;
        match key {
            "t" => {
                let t = value.parse::<i64>().map_err(|_| WebhookError::MalformedSignature)?;
                if timestamp.replace(t).is_some() {
                    return Err(WebhookError::MalformedSignature);
                }
            }
            // A v1 that is not hex cannot match; skipping it lets a valid sibling still verify.
            "v1" => v1.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    match (timestamp, v1.is_empty()) {
        (Some(timestamp), false) => Ok(SignatureHeader { timestamp, v1 }),
        _ => Err(WebhookError::MalformedSignature),
    }
}

fn mac(secret: &SecretString, timestamp: i64, payload: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret.expose_secret().as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

/// Checks that some `v1` in `header` was made with some secret over exactly `payload`, and that
/// its timestamp is within [`SIGNATURE_TOLERANCE_SECS`] of `now`.
pub fn verify(payload: &[u8], header: &str, secrets: &[SecretString], now: DateTime<Utc>) -> Result<(), WebhookError> {
    let parsed = parse_header(header)?;
    let matches = secrets.iter().any(|secret| {
        parsed.v1.iter().any(|candidate| mac(secret, parsed.timestamp, payload).verify_slice(candidate).is_ok())
    });
    if !matches {
        return Err(WebhookError::SignatureMismatch);
    }
    let age = now.timestamp() - parsed.timestamp;
    if !(-SIGNATURE_TOLERANCE_SECS..=SIGNATURE_TOLERANCE_SECS).contains(&age) {
        return Err(WebhookError::StaleTimestamp);
    }
    Ok(())
}

/// Builds a header the way Stripe does. Used by the simulated checkout and by tests.
pub fn sign(payload: &[u8], secret: &SecretString, timestamp: i64) -> String {
    let signature = hex::encode(mac(secret, timestamp, payload).finalize().into_bytes());
    format!("t={timestamp},v1={signature}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    fn at(t: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(t, 0).unwrap()
    }

    /// The vector in shared/stripe/README.md was computed with Stripe's own Python library;
    /// matching it shows our HMAC input is byte-for-byte Stripe's.
    #[test]
    fn stripes_published_test_vector_verifies_within_the_window_only() {
        let payload = include_bytes!("../../../tests/fixtures/stripe/checkout.session.completed.json");
        let header = "t=1764061200,v1=fc45080367db928ca5ef614868d4ee3c1a2d1e2379f5401da14796927f4d4390";
        let secrets = [secret("whsec_signalbox_test_vector")];
        assert_eq!(verify(payload, header, &secrets, at(1_764_061_200)), Ok(()));
        assert_eq!(verify(payload, header, &secrets, at(1_764_061_500)), Ok(()));
        assert_eq!(verify(payload, header, &secrets, at(1_764_061_501)), Err(WebhookError::StaleTimestamp));
        let mut changed = payload.to_vec();
        changed[10] ^= 1;
        assert_eq!(verify(&changed, header, &secrets, at(1_764_061_200)), Err(WebhookError::SignatureMismatch));
    }

    #[test]
    fn sign_reproduces_the_test_vector() {
        let payload = include_bytes!("../../../tests/fixtures/stripe/checkout.session.completed.json");
        assert_eq!(
            sign(payload, &secret("whsec_signalbox_test_vector"), 1_764_061_200),
            "t=1764061200,v1=fc45080367db928ca5ef614868d4ee3c1a2d1e2379f5401da14796927f4d4390"
        );
    }

    #[test]
    fn any_v1_matching_any_secret_passes_during_rotation() {
        let header_old = sign(b"{}", &secret("whsec_old"), 100);
        let header_new = sign(b"{}", &secret("whsec_new"), 100);
        let v1_new = header_new.split_once(",v1=").unwrap().1;
        // Stripe sends the new secret's signature first, then the old one's.
        let both = format!("t=100,v1={v1_new},{}", header_old.split_once(',').unwrap().1);
        assert_eq!(verify(b"{}", &both, &[secret("whsec_old")], at(100)), Ok(()));
        assert_eq!(verify(b"{}", &both, &[secret("whsec_other"), secret("whsec_new")], at(100)), Ok(()));
        assert_eq!(verify(b"{}", &both, &[secret("whsec_other")], at(100)), Err(WebhookError::SignatureMismatch));
    }

    #[test]
    fn malformed_headers_are_rejected() {
        for bad in ["", "garbage", "t=abc,v1=00", "v1=00", "t=1", "t=1,t=2,v1=00", "t=1,v0=00"] {
            assert_eq!(parse_header(bad), Err(WebhookError::MalformedSignature), "{bad:?}");
        }
    }

    #[test]
    fn timestamps_from_the_future_beyond_tolerance_are_rejected() {
        let header = sign(b"{}", &secret("s"), 1_000);
        assert_eq!(verify(b"{}", &header, &[secret("s")], at(1_000 - 301)), Err(WebhookError::StaleTimestamp));
    }
}
