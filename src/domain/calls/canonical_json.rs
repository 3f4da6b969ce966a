//! The canonical JSON the ledger hashes: one exact byte string per entry, so anyone can
//! recompute a hash from the published fields in a few lines of any language.
//!
//! The form:
//! - one flat object; **every value is a string** (no JSON numbers, whose textual form differs
//!   between libraries); keys sorted by byte order; no whitespace; ASCII only;
//! - prices (`entry`, `stop_loss`, `target`, `exit_price`) with exactly 2 decimals
//!   (`"26000.05"`); percentages (`result_pct`, `result_pct_net`) with 4; `confidence` with 3;
//!   `cost_bps` with 2; `height` as a plain integer string (`"0"`); a value that rounds to zero
//!   is written without a sign (`"0.0000"`, never `"-0.0000"`);
//! - instants as RFC 3339 in UTC to the second with a `Z` (`"2026-11-25T04:45:00Z"`).
//!
//! This is exactly what Python's `json.dumps(fields, sort_keys=True, separators=(",", ":"))`
//! prints for such an object.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

/// A price, 2 decimals.
pub fn price(points: f64) -> String {
    fixed(points, 2)
}

/// A percentage, 4 decimals.
pub fn pct(percent: f64) -> String {
    fixed(percent, 4)
}

/// A probability, 3 decimals.
pub fn probability(p: f64) -> String {
    fixed(p, 3)
}

/// Basis points, 2 decimals.
pub fn bps(bps: f64) -> String {
    fixed(bps, 2)
}

/// RFC 3339, UTC, to the second, with `Z`.
pub fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The object of `fields`, keys sorted, no whitespace.
pub fn object<'a>(fields: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let sorted: BTreeMap<&str, String> = fields.into_iter().collect();
    serde_json::to_string(&sorted).expect("a map of strings always serialises")
}

fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    match text.strip_prefix('-') {
        Some(unsigned) if unsigned.bytes().all(|b| b == b'0' || b == b'.') => unsigned.to_owned(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn numbers_have_a_fixed_number_of_decimals_and_no_negative_zero() {
        assert_eq!(price(26_000.05), "26000.05");
        assert_eq!(price(25_970.0), "25970.00");
        assert_eq!(pct(-0.123_456), "-0.1235");
        assert_eq!(pct(-0.000_01), "0.0000");
        assert_eq!(pct(-0.0), "0.0000");
        assert_eq!(probability(0.4286), "0.429");
        assert_eq!(bps(7.0), "7.00");
    }

    #[test]
    fn an_object_has_sorted_keys_string_values_and_no_whitespace() {
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 4, 45, 0).unwrap();
        let json = object([("b", "x y".to_owned()), ("a", instant(at)), ("c", price(1.0))]);
        assert_eq!(json, r#"{"a":"2026-11-25T04:45:00Z","b":"x y","c":"1.00"}"#);
    }
}
