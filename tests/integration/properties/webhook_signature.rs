//! The `Stripe-Signature` header: parsing anything a client sends, and verifying what we sign.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use secrecy::SecretString;
use signalbox::adapters::stripe_webhook::signature::{SIGNATURE_TOLERANCE_SECS, parse_header, sign, verify};
use signalbox::ports::WebhookError;

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

/// Headers built from the scheme's own pieces, so the parser's branches are reached far more
/// often than by random text.
fn header_like() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        any::<i64>().prop_map(|t| format!("t={t}")),
        "[0-9a-f]{0,70}".prop_map(|h| format!("v1={h}")),
        "[0-9a-zA-Z]{0,10}".prop_map(|h| format!("v0={h}")),
        "[ -~]{0,12}",
    ];
    proptest::collection::vec(item, 0..6).prop_map(|items| items.join(","))
}

proptest! {
    #[test]
    fn any_header_text_parses_or_is_rejected_as_malformed(header in prop_oneof![any::<String>(), header_like()]) {
        match parse_header(&header) {
            Ok(parsed) => prop_assert!(!parsed.v1.is_empty()),
            Err(err) => prop_assert_eq!(err, WebhookError::MalformedSignature),
        }
    }

    #[test]
    fn verifying_any_header_against_any_body_never_panics(
        payload in proptest::collection::vec(any::<u8>(), 0..256),
        header in prop_oneof![any::<String>(), header_like()],
        now in 0i64..4_102_444_800,
    ) {
        prop_assert!(verify(&payload, &header, &[secret("whsec_x")], at(now)).is_err());
    }

    #[test]
    fn what_we_sign_verifies_within_the_tolerance(
        payload in proptest::collection::vec(any::<u8>(), 0..512),
        key in "[ -~]{1,40}",
        signed_at in 0i64..4_000_000_000,
        skew in -SIGNATURE_TOLERANCE_SECS..=SIGNATURE_TOLERANCE_SECS,
    ) {
        let header = sign(&payload, &secret(&key), signed_at);
        prop_assert_eq!(verify(&payload, &header, &[secret(&key)], at(signed_at + skew)), Ok(()));
    }

    #[test]
    fn a_signature_is_stale_outside_the_tolerance(
        signed_at in 0i64..4_000_000_000,
        beyond in (SIGNATURE_TOLERANCE_SECS + 1)..100_000,
        future in any::<bool>(),
    ) {
        let header = sign(b"{}", &secret("whsec_x"), signed_at);
        let now = if future { signed_at - beyond } else { signed_at + beyond };
        prop_assert_eq!(verify(b"{}", &header, &[secret("whsec_x")], at(now)), Err(WebhookError::StaleTimestamp));
    }

    #[test]
    fn a_signature_at_any_timestamp_is_judged_without_overflow(
        signed_at in prop_oneof![any::<i64>(), i64::MIN..i64::MIN + 10_000_000_000, i64::MAX - 1_000..=i64::MAX],
        now in 0i64..4_102_444_800,
    ) {
        let now = at(now);
        let header = sign(b"{}", &secret("whsec_x"), signed_at);
        let result = verify(b"{}", &header, &[secret("whsec_x")], now);
        let fresh = (now.timestamp() as i128 - signed_at as i128).abs() <= i128::from(SIGNATURE_TOLERANCE_SECS);
        prop_assert_eq!(result.is_ok(), fresh);
    }

    #[test]
    fn changing_any_byte_of_the_body_breaks_the_signature(
        payload in proptest::collection::vec(any::<u8>(), 1..256),
        index in any::<proptest::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let header = sign(&payload, &secret("whsec_x"), 1_000);
        let mut tampered = payload.clone();
        tampered[index.index(payload.len())] ^= flip;
        prop_assert_eq!(
            verify(&tampered, &header, &[secret("whsec_x")], at(1_000)),
            Err(WebhookError::SignatureMismatch)
        );
    }

    #[test]
    fn a_signature_made_with_another_secret_never_verifies(a in "[a-z]{1,20}", b in "[a-z]{1,20}") {
        prop_assume!(a != b);
        let header = sign(b"{}", &secret(&a), 1_000);
        prop_assert_eq!(verify(b"{}", &header, &[secret(&b)], at(1_000)), Err(WebhookError::SignatureMismatch));
    }
}
