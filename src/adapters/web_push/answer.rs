//! What a push service's answer means (RFC 8030 section 5 and the services' documented
//! practice): 201 (and 202, which some services send for a message held for later) is
//! accepted; 404 and 410 mean the subscription is gone for good; 429 and 5xx mean try again,
//! after `Retry-After` when given; anything else is a refusal that retrying will not fix.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::ports::PushError;

/// The longest detail kept from a refusal's body (for the log).
const MAX_DETAIL_CHARS: usize = 200;
/// A `Retry-After` beyond this is taken as this: a push service that asks for a day off still
/// gets asked again tomorrow, not never.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The outcome of one answer: `status`, its `Retry-After` header (if any) read at `now`, and
/// the start of its body for a refusal's detail.
pub(super) fn outcome(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), PushError> {
    match status {
        201 | 202 => Ok(()),
        404 | 410 => Err(PushError::Gone),
        429 | 500..=599 => Err(PushError::Transient { retry_after: retry_after.and_then(|value| delay(value, now)) }),
        _ => {
            let text = String::from_utf8_lossy(body);
            let detail: String = text.trim().chars().take(MAX_DETAIL_CHARS).collect();
            Err(PushError::Rejected(if detail.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {detail}")
            }))
        }
    }
}

/// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 section 10.2.3); a date in the past
/// is no wait at all.
fn delay(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => {
            let at = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
            (at - now).to_std().unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()
    }

    #[test]
    fn created_and_accepted_are_delivered() {
        assert!(outcome(201, None, b"", now()).is_ok());
        assert!(outcome(202, None, b"", now()).is_ok());
    }

    #[test]
    fn not_found_and_gone_mean_the_subscription_is_gone() {
        assert!(matches!(outcome(404, None, b"", now()), Err(PushError::Gone)));
        assert!(matches!(outcome(410, None, b"", now()), Err(PushError::Gone)));
    }

    #[test]
    fn too_many_requests_and_server_errors_are_transient_with_their_retry_after() {
        let seconds = outcome(429, Some("120"), b"", now());
        assert!(matches!(seconds, Err(PushError::Transient { retry_after: Some(d) }) if d == Duration::from_secs(120)));
        let date = outcome(503, Some("Fri, 04 Dec 2026 10:01:30 GMT"), b"", now());
        assert!(matches!(date, Err(PushError::Transient { retry_after: Some(d) }) if d == Duration::from_secs(90)));
        let past = outcome(500, Some("Fri, 04 Dec 2026 09:00:00 GMT"), b"", now());
        assert!(matches!(past, Err(PushError::Transient { retry_after: Some(Duration::ZERO) })));
        assert!(matches!(outcome(502, Some("soon"), b"", now()), Err(PushError::Transient { retry_after: None })));
        let huge = outcome(429, Some("99999999"), b"", now());
        assert!(matches!(huge, Err(PushError::Transient { retry_after: Some(d) }) if d == MAX_RETRY_AFTER));
    }

    #[test]
    fn other_answers_are_refusals_with_a_short_detail() {
        let Err(PushError::Rejected(detail)) = outcome(400, None, "x".repeat(5000).as_bytes(), now()) else {
            panic!("400 is a refusal")
        };
        assert!(detail.starts_with("HTTP 400: x") && detail.len() < 220);
        assert!(matches!(outcome(403, None, b"", now()), Err(PushError::Rejected(d)) if d == "HTTP 403"));
        assert!(matches!(outcome(200, None, b"", now()), Err(PushError::Rejected(_))));
        assert!(matches!(outcome(413, None, b"", now()), Err(PushError::Rejected(_))));
    }
}
