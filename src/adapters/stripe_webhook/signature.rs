//! The `Stripe-Signature` scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
//! possibly with several `v1` entries (one per active secret) and legacy `v0` entries.
//!
//! Verification is ordered so that a forged request costs as little as possible: the header is
//! parsed with hard bounds ([`signature_header`](super::signature_header)), the timestamp window
//! is checked before any hashing, and then exactly one HMAC of the body is computed per
//! configured secret — never per candidate — and compared in constant time with each of the
//! (at most eight) candidates. The cost of a request is therefore bounded by the number of
//! secrets we hold, not by anything the sender controls.

use chrono::{DateTime, Utc};
use hmac::digest::CtOutput;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

pub use super::signature_header::{MAX_HEADER_BYTES, MAX_V1_ENTRIES, SignatureHeader, parse_header};
use crate::ports::WebhookError;

/// Stripe's own libraries reject signatures older than five minutes (replay window).
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

type HmacSha256 = Hmac<Sha256>;

/// A finished HMAC; its `==` is constant-time.
type Tag = CtOutput<HmacSha256>;

fn mac(secret: &SecretString, timestamp: i64, payload: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret.expose_secret().as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

fn expected_tag(secret: &SecretString, timestamp: i64, payload: &[u8]) -> Tag {
    mac(secret, timestamp, payload).finalize()
}

/// Checks that some `v1` in `header` was made with some secret over exactly `payload`, and that
/// its timestamp is within [`SIGNATURE_TOLERANCE_SECS`] of `now`.
///
/// # Errors
/// [`WebhookError::MalformedSignature`] for a header [`parse_header`] refuses,
/// [`WebhookError::StaleTimestamp`] outside the window (checked before any HMAC), and
/// [`WebhookError::SignatureMismatch`] when no candidate matches any secret.
pub fn verify(payload: &[u8], header: &str, secrets: &[SecretString], now: DateTime<Utc>) -> Result<(), WebhookError> {
    verify_with(payload, header, secrets, now, expected_tag)
}

/// [`verify`] with the HMAC computation passed in, so tests can count how many are made.
fn verify_with(
    payload: &[u8],
    header: &str,
    secrets: &[SecretString],
    now: DateTime<Utc>,
    mut tag: impl FnMut(&SecretString, i64, &[u8]) -> Tag,
) -> Result<(), WebhookError> {
    let parsed = parse_header(header)?;
    // Saturating: `t` is whatever the sender wrote, and i64::MIN must not overflow us.
    let age = now.timestamp().saturating_sub(parsed.timestamp);
    if !(-SIGNATURE_TOLERANCE_SECS..=SIGNATURE_TOLERANCE_SECS).contains(&age) {
        return Err(WebhookError::StaleTimestamp);
    }
    let candidates: Vec<Tag> = parsed.v1.iter().map(|bytes| Tag::new((*bytes).into())).collect();
    for secret in secrets {
        let expected = tag(secret, parsed.timestamp, payload);
        // Every candidate is compared, match or not, so timing does not tell which one matched.
        let matched = candidates.iter().fold(false, |found, candidate| found | (*candidate == expected));
        if matched {
            return Ok(());
        }
    }
    Err(WebhookError::SignatureMismatch)
}

/// Builds a header the way Stripe does. Used by the simulated checkout and by tests.
pub fn sign(payload: &[u8], secret: &SecretString, timestamp: i64) -> String {
    let signature = hex::encode(expected_tag(secret, timestamp, payload).into_bytes());
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

    /// Runs [`verify_with`] with the real HMAC and returns its answer and how many it computed.
    fn verify_counting(
        payload: &[u8],
        header: &str,
        secrets: &[SecretString],
        now: i64,
    ) -> (Result<(), WebhookError>, usize) {
        let mut computed = 0;
        let result = verify_with(payload, header, secrets, at(now), |secret, t, body| {
            computed += 1;
            expected_tag(secret, t, body)
        });
        (result, computed)
    }

    fn three_secrets() -> [SecretString; 3] {
        [secret("whsec_a"), secret("whsec_b"), secret("whsec_c")]
    }

    /// A header that once took 4.95 s to refuse: 60,000 empty `v1=` and a 64 KiB body.
    #[test]
    fn the_60000_empty_v1_flood_is_refused_without_a_single_hmac() {
        let body = vec![b'x'; 64 * 1024];
        let header = format!("t=1000{}", ",v1=".repeat(60_000));
        let (result, computed) = verify_counting(&body, &header, &three_secrets(), 1_000);
        assert_eq!(result, Err(WebhookError::MalformedSignature));
        assert_eq!(computed, 0);
        // Under the size limit, 2,000 empty entries are still refused by the entry limit.
        let short = format!("t=1000{}", ",v1=".repeat(2_000));
        assert!(short.len() <= MAX_HEADER_BYTES);
        let (result, computed) = verify_counting(&body, &short, &three_secrets(), 1_000);
        assert_eq!(result, Err(WebhookError::MalformedSignature));
        assert_eq!(computed, 0);
    }

    #[test]
    fn a_full_header_of_forged_signatures_costs_one_hmac_per_secret() {
        let body = vec![b'x'; 64 * 1024];
        let forged = format!(",v1={}", "ab".repeat(32));
        let header = format!("t=1000{}", forged.repeat(MAX_V1_ENTRIES));
        let (result, computed) = verify_counting(&body, &header, &three_secrets(), 1_000);
        assert_eq!(result, Err(WebhookError::SignatureMismatch));
        assert_eq!(computed, 3, "one HMAC per configured secret, not per candidate");
    }

    #[test]
    fn a_stale_timestamp_is_refused_before_any_hmac() {
        let header = sign(b"{}", &secret("whsec_a"), 1_000);
        let (result, computed) = verify_counting(b"{}", &header, &three_secrets(), 1_000 + 301);
        assert_eq!(result, Err(WebhookError::StaleTimestamp));
        assert_eq!(computed, 0);
    }

    #[test]
    fn verification_stops_at_the_first_secret_that_matches() {
        let header = sign(b"{}", &secret("whsec_a"), 1_000);
        let (result, computed) = verify_counting(b"{}", &header, &three_secrets(), 1_000);
        assert_eq!(result, Ok(()));
        assert_eq!(computed, 1);
    }

    #[test]
    fn timestamps_from_the_future_beyond_tolerance_are_rejected() {
        let header = sign(b"{}", &secret("s"), 1_000);
        assert_eq!(verify(b"{}", &header, &[secret("s")], at(1_000 - 301)), Err(WebhookError::StaleTimestamp));
    }
}
