//! The `Stripe-Signature` header: parsing anything a client sends, and verifying what we sign.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use secrecy::SecretString;
use signalbox::adapters::stripe_webhook::signature::{
    MAX_HEADER_BYTES, MAX_V1_ENTRIES, SIGNATURE_TOLERANCE_SECS, SignatureHeader, parse_header, sign, verify,
};
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

/// One entry of a header whose verdict is known by construction.
#[derive(Debug, Clone)]
enum Entry {
    Timestamp(i64),
    /// 64 hex digits: a usable signature.
    V1([u8; 32]),
    /// A `v1` that cannot be a signature: too short, too long, or not hex.
    UnusableV1(String),
    /// Another scheme (`v0`) or an unknown key; never counted, never used.
    Other(String, String),
}

impl Entry {
    fn render(&self) -> String {
        match self {
            Self::Timestamp(t) => format!("t={t}"),
            Self::V1(bytes) => format!("v1={}", hex::encode(bytes)),
            Self::UnusableV1(text) => format!("v1={text}"),
            Self::Other(key, value) => format!("{key}={value}"),
        }
    }
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        2 => any::<i64>().prop_map(Entry::Timestamp),
        3 => any::<[u8; 32]>().prop_map(Entry::V1),
        2 => prop_oneof!["[0-9a-f]{0,63}", "[0-9a-f]{65,80}", "[0-9a-f]{0,31}[g-z=][0-9a-f]{32}"].prop_map(Entry::UnusableV1),
        1 => (prop_oneof![Just("v0".to_owned()), Just("v2".to_owned()), "[a-s]{1,4}"], "[0-9a-z]{0,20}")
            .prop_map(|(k, v)| Entry::Other(k, v)),
        // Padding that sometimes takes the header past the size limit.
        1 => (MAX_HEADER_BYTES - 200..MAX_HEADER_BYTES + 200).prop_map(|n| Entry::Other("pad".into(), "x".repeat(n))),
    ]
}

fn render(entries: &[Entry]) -> String {
    entries.iter().map(Entry::render).collect::<Vec<_>>().join(",")
}

/// What the parser must answer, written from the rules rather than from the code.
fn expected(entries: &[Entry]) -> Result<SignatureHeader, WebhookError> {
    let timestamps: Vec<i64> =
        entries.iter().filter_map(|e| if let Entry::Timestamp(t) = e { Some(*t) } else { None }).collect();
    let v1: Vec<[u8; 32]> = entries.iter().filter_map(|e| if let Entry::V1(b) = e { Some(*b) } else { None }).collect();
    let v1_entries = entries.iter().filter(|e| matches!(e, Entry::V1(_) | Entry::UnusableV1(_))).count();
    let fits = render(entries).len() <= MAX_HEADER_BYTES;
    match timestamps[..] {
        [timestamp] if fits && v1_entries <= MAX_V1_ENTRIES && !v1.is_empty() => Ok(SignatureHeader { timestamp, v1 }),
        _ => Err(WebhookError::MalformedSignature),
    }
}

/// The same entries twice: as generated and shuffled.
fn entries_and_shuffled() -> impl Strategy<Value = (Vec<Entry>, Vec<Entry>)> {
    proptest::collection::vec(entry(), 0..12).prop_flat_map(|e| (Just(e.clone()), Just(e).prop_shuffle()))
}

fn sorted_v1(result: Result<SignatureHeader, WebhookError>) -> Result<(i64, Vec<[u8; 32]>), WebhookError> {
    result.map(|mut h| {
        h.v1.sort();
        (h.timestamp, h.v1)
    })
}

proptest! {
    #[test]
    fn the_parser_accepts_exactly_the_headers_the_rules_allow(entries in proptest::collection::vec(entry(), 0..12)) {
        prop_assert_eq!(parse_header(&render(&entries)), expected(&entries));
    }

    #[test]
    fn the_order_of_entries_does_not_change_the_verdict((entries, shuffled) in entries_and_shuffled()) {
        let (original, reordered) = (render(&entries), render(&shuffled));
        prop_assert_eq!(sorted_v1(parse_header(&original)), sorted_v1(parse_header(&reordered)));
        let now = at(1_000);
        prop_assert_eq!(
            verify(b"{}", &original, &[secret("whsec_x")], now),
            verify(b"{}", &reordered, &[secret("whsec_x")], now)
        );
    }

    #[test]
    fn a_signature_from_any_configured_secret_verifies_in_any_position(
        configured in proptest::collection::hash_set("[ -~]{1,30}", 1..4),
        strangers in proptest::collection::hash_set("[ -~]{31,40}", 0..4),
        signer in any::<proptest::sample::Index>(),
        order_seed in any::<proptest::sample::Index>(),
        payload in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let configured: Vec<String> = configured.into_iter().collect();
        let signer = &configured[signer.index(configured.len())];
        let v1 = |key: &str| sign(&payload, &secret(key), 1_000).split_once(',').unwrap().1.to_owned();
        let mut entries: Vec<String> = strangers.iter().map(|k| v1(k)).collect();
        entries.insert(order_seed.index(entries.len() + 1), v1(signer));
        let header = format!("t=1000,{}", entries.join(","));
        let secrets: Vec<SecretString> = configured.iter().map(|k| secret(k)).collect();
        prop_assert_eq!(verify(&payload, &header, &secrets, at(1_000)), Ok(()));
        // Without the signer's secret, the strangers' signatures alone never verify.
        let others: Vec<SecretString> = configured.iter().filter(|k| *k != signer).map(|k| secret(k)).collect();
        prop_assert_eq!(verify(&payload, &header, &others, at(1_000)), Err(WebhookError::SignatureMismatch));
    }

    #[test]
    fn any_header_text_parses_or_is_rejected_as_malformed(header in prop_oneof![any::<String>(), header_like()]) {
        match parse_header(&header) {
            Ok(parsed) => {
                prop_assert!((1..=MAX_V1_ENTRIES).contains(&parsed.v1.len()));
                prop_assert!(header.len() <= MAX_HEADER_BYTES);
            }
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
