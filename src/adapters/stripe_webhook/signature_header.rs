//! Parsing the `Stripe-Signature` header with bounds an unauthenticated sender cannot stretch.
//!
//! The header arrives before anything is known about the sender, so parsing must cost little
//! whatever it contains: the whole header is refused above [`MAX_HEADER_BYTES`] before it is
//! split, and above [`MAX_V1_ENTRIES`] `v1` entries. Stripe sends one `v1` per active secret
//! (two during a rotation), so both limits leave ample room for real traffic.
//!
//! A `v1` entry that is not exactly 64 hex digits (the length of a hex HMAC-SHA256) cannot be
//! a signature of ours. It is *ignored* rather than rejected, as Stripe's own libraries ignore
//! signatures they cannot use, so that a valid sibling still verifies — but it still counts
//! towards [`MAX_V1_ENTRIES`], so filler entries cannot be used to pad a header either.
//! Entries with other keys (`v0`, future schemes) are ignored and not counted.

use crate::ports::WebhookError;

/// Longest header we read; Stripe's real headers are under 300 bytes.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// Most `v1` entries (well-formed or not) one header may carry.
pub const MAX_V1_ENTRIES: usize = 8;

/// Length of an HMAC-SHA256 in bytes; a `v1` entry is twice that in hex digits.
pub const SIGNATURE_BYTES: usize = 32;

/// The parsed header: one timestamp and every well-formed `v1` signature in it, in order.
#[derive(Debug, PartialEq, Eq)]
pub struct SignatureHeader {
    pub timestamp: i64,
    pub v1: Vec<[u8; SIGNATURE_BYTES]>,
}

/// Parses `t=<unix seconds>,v1=<64 hex>[,v1=…][,other=…]` in any order.
///
/// # Errors
/// [`WebhookError::MalformedSignature`] when the header is longer than [`MAX_HEADER_BYTES`],
/// an entry has no `=`, `t` is missing, repeated or not an integer, there are more than
/// [`MAX_V1_ENTRIES`] `v1` entries, or none of them is 64 hex digits.
pub fn parse_header(header: &str) -> Result<SignatureHeader, WebhookError> {
    if header.len() > MAX_HEADER_BYTES {
        return Err(WebhookError::MalformedSignature);
    }
    let mut timestamp = None;
    let mut v1 = Vec::new();
    let mut v1_entries = 0;
    for item in header.split(',') {
        let (key, value) = item.trim().split_once('=').ok_or(WebhookError::MalformedSignature)?;
        match key {
            "t" => {
                let t = value.parse::<i64>().map_err(|_| WebhookError::MalformedSignature)?;
                if timestamp.replace(t).is_some() {
                    return Err(WebhookError::MalformedSignature);
                }
            }
            "v1" => {
                v1_entries += 1;
                if v1_entries > MAX_V1_ENTRIES {
                    return Err(WebhookError::MalformedSignature);
                }
                v1.extend(decode_signature(value));
            }
            _ => {}
        }
    }
    match (timestamp, v1.is_empty()) {
        (Some(timestamp), false) => Ok(SignatureHeader { timestamp, v1 }),
        _ => Err(WebhookError::MalformedSignature),
    }
}

fn decode_signature(value: &str) -> Option<[u8; SIGNATURE_BYTES]> {
    let mut bytes = [0; SIGNATURE_BYTES];
    // `decode_to_slice` demands exactly 2 × 32 digits, so the length check is part of decoding.
    hex::decode_to_slice(value, &mut bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "fc45080367db928ca5ef614868d4ee3c1a2d1e2379f5401da14796927f4d4390";

    #[test]
    fn malformed_headers_are_rejected() {
        for bad in ["", "garbage", "t=abc,v1=00", "v1=00", "t=1", "t=1,t=2,v1=00", "t=1,v0=00", "t=1,v1=00"] {
            assert_eq!(parse_header(bad), Err(WebhookError::MalformedSignature), "{bad:?}");
        }
    }

    #[test]
    fn v1_entries_that_are_not_64_hex_digits_are_skipped_so_a_valid_sibling_still_counts() {
        let header = format!("t=5,v1=,v1=zz,v1={},v1={SIG},v1={SIG}00", &SIG[..62]);
        let parsed = parse_header(&header).unwrap();
        assert_eq!(parsed.timestamp, 5);
        assert_eq!(parsed.v1, vec![<[u8; 32]>::try_from(hex::decode(SIG).unwrap()).unwrap()]);
    }

    #[test]
    fn upper_case_hex_is_the_same_signature() {
        let lower = parse_header(&format!("t=1,v1={SIG}")).unwrap();
        let upper = parse_header(&format!("t=1,v1={}", SIG.to_uppercase())).unwrap();
        assert_eq!(lower, upper);
    }

    #[test]
    fn eight_v1_entries_are_accepted_and_a_ninth_is_refused() {
        let eight = format!("t=1{}", format!(",v1={SIG}").repeat(MAX_V1_ENTRIES));
        assert_eq!(parse_header(&eight).unwrap().v1.len(), MAX_V1_ENTRIES);
        let nine = format!("{eight},v1=");
        assert_eq!(parse_header(&nine), Err(WebhookError::MalformedSignature));
    }

    #[test]
    fn a_header_longer_than_8_kib_is_refused_before_it_is_split() {
        let padding = "x".repeat(MAX_HEADER_BYTES);
        let header = format!("t=1,v1={SIG},pad={padding}");
        assert_eq!(parse_header(&header), Err(WebhookError::MalformedSignature));
        let fits = format!("t=1,v1={SIG},pad={}", &padding[..MAX_HEADER_BYTES - 80]);
        assert!(parse_header(&fits).is_ok());
    }
}
