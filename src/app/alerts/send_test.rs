//! `POST /alerts/test`: one test alert to every channel the user enabled and can be reached
//! on, sent at once (not through the outbox: the user is watching), at most a few an hour.

use chrono::{DateTime, Duration, Utc};

use super::AlertsService;
use super::deliver::Handoff;
use crate::app::shared::failure::store_failures;
use crate::app::shared::keys;
use crate::domain::UserId;
use crate::domain::alerts::{AlertChannel, channels_for, message};
use crate::ports::StoreError;

/// Which channels took the test alert.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestReport {
    pub sent: Vec<AlertChannel>,
    pub failed: Vec<AlertChannel>,
}

#[derive(Debug, thiserror::Error)]
pub enum SendTestError {
    #[error("too many test alerts; try again later")]
    TooMany { retry_after_secs: u64 },
    #[error("alert storage is unavailable")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(SendTestError);

const WINDOW_SECS: i64 = 3600;

fn window_of(now: DateTime<Utc>) -> (i64, DateTime<Utc>) {
    let window = now.timestamp().div_euclid(WINDOW_SECS);
    (window, DateTime::from_timestamp((window + 1) * WINDOW_SECS, 0).unwrap_or(now + Duration::hours(1)))
}

impl AlertsService {
    /// # Errors
    /// [`SendTestError::TooMany`] beyond the hourly limit; an outage otherwise.
    pub async fn send_test_alert(&self, user: UserId) -> Result<TestReport, SendTestError> {
        let now = self.now();
        let (window, ends) = window_of(now);
        let used = self.counters.increment(&keys::alert_tests(user, window), ends).await?;
        if used > self.policy.tests_per_hour {
            let retry_after_secs = u64::try_from((ends - now).num_seconds().max(1)).unwrap_or(1);
            return Err(SendTestError::TooMany { retry_after_secs });
        }
        let view = self.preferences(user).await.map_err(|err| match err {
            super::UpdatePreferencesError::Unavailable(err) => SendTestError::Unavailable(err),
            super::UpdatePreferencesError::Unexpected(err) => SendTestError::Unexpected(err),
        })?;
        let chat = self.subscribers.subscriber(user).await?.and_then(|s| s.telegram_chat);
        let text = message::with_link(&message::test_alert(), &self.policy.dashboard_url);
        let mut report = TestReport::default();
        for channel in channels_for(&view.preferences, view.telegram_linked, view.push_devices) {
            match self.hand_off(user, channel, &text, chat).await {
                Handoff::Sent => report.sent.push(channel),
                outcome => {
                    tracing::info!(channel = channel.as_str(), outcome = ?outcome, "test alert not delivered");
                    report.failed.push(channel);
                }
            }
        }
        Ok(report)
    }
}
