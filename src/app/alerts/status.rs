//! What operators see of the alert queues: per channel, alerts sent, failed, dropped and
//! queued, and the age of the oldest queued one — on `/metrics` (as gauges refreshed by the
//! dispatcher) and from `signalbox alerts status`.

use chrono::{DateTime, Utc};

use super::AlertsService;
use crate::domain::alerts::AlertChannel;
use crate::ports::{ChannelStats, StoreError};

/// One channel's line of the status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelStatus {
    pub channel: AlertChannel,
    pub stats: ChannelStats,
    /// Seconds the oldest queued alert has waited; `None` when none is queued.
    pub oldest_queued_age_secs: Option<i64>,
}

fn age(oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<i64> {
    oldest.map(|at| (now - at).num_seconds().max(0))
}

impl AlertsService {
    /// Every channel's counts, from the store (so every instance's work is in them).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn alerts_status(&self) -> Result<Vec<ChannelStatus>, StoreError> {
        let now = self.now();
        Ok(self
            .outbox
            .stats()
            .await?
            .into_iter()
            .map(|(channel, stats)| ChannelStatus {
                channel,
                oldest_queued_age_secs: age(stats.oldest_queued_at, now),
                stats,
            })
            .collect())
    }

    /// Sets the `signalbox_alerts_*` gauges from [`Self::alerts_status`]; the dispatcher calls it
    /// on every round, so a scrape shows what the store held a moment ago.
    pub async fn publish_queue_gauges(&self) {
        match self.alerts_status().await {
            Ok(status) => {
                for line in status {
                    let channel = line.channel.as_str();
                    metrics::gauge!("signalbox_alerts_queued", "channel" => channel).set(line.stats.queued as f64);
                    metrics::gauge!("signalbox_alerts_delivered", "channel" => channel, "outcome" => "sent")
                        .set(line.stats.sent as f64);
                    metrics::gauge!("signalbox_alerts_delivered", "channel" => channel, "outcome" => "failed")
                        .set(line.stats.failed as f64);
                    metrics::gauge!("signalbox_alerts_delivered", "channel" => channel, "outcome" => "dropped")
                        .set(line.stats.dropped as f64);
                    metrics::gauge!("signalbox_alerts_oldest_queued_seconds", "channel" => channel)
                        .set(line.oldest_queued_age_secs.unwrap_or(0) as f64);
                }
            }
            Err(err) => tracing::warn!(error = %err, "alert queue gauges could not be read"),
        }
    }
}
