//! Fan-out: a claimed outbox event becomes one delivery per (user, channel) that wants it.
//!
//! Who wants it is decided now, from each subscriber's plan, preferences, linked chat and
//! browsers ([`wants`], [`channels_for`]); a user in quiet hours gets the delivery held until
//! they end. Storing the deliveries is insert-if-absent per (event, user, channel) and marks
//! the event done in the same step, so an instance that dies half-way leaves the event to be
//! fanned out again by whoever claims it next, without doubling anything.

use super::AlertsService;
use crate::domain::alerts::{AlertEvent, channels_for, wants};
use crate::ports::{NewDelivery, StoreError, Subscriber};

/// Events claimed per round.
const EVENTS_PER_CLAIM: usize = 20;

impl AlertsService {
    /// Fans out the events due now; how many events were handled.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`]: the claimed events come back when their lease ends.
    pub async fn fan_out_due(&self) -> Result<usize, StoreError> {
        let now = self.now();
        let events = self.outbox.claim_events(&self.policy.instance, now, self.lease_until(), EVENTS_PER_CLAIM).await?;
        if events.is_empty() {
            return Ok(0);
        }
        let subscribers = self.subscribers.subscribers().await?;
        for event in &events {
            let deliveries = self.deliveries_of(event, &subscribers).await?;
            metrics::counter!("signalbox_alerts_planned_total", "kind" => event.kind.as_str())
                .increment(deliveries.len() as u64);
            self.outbox.fan_out(&event.key, &deliveries).await?;
        }
        Ok(events.len())
    }

    async fn deliveries_of(
        &self,
        event: &AlertEvent,
        subscribers: &[Subscriber],
    ) -> Result<Vec<NewDelivery>, StoreError> {
        let now = self.now();
        let mut deliveries = Vec::new();
        for subscriber in subscribers {
            let plan = self.plans.plan_of(subscriber.user).await?;
            if !wants(plan, &subscriber.preferences, event) {
                continue;
            }
            let devices = if subscriber.preferences.push_enabled {
                self.push_devices.of_user(subscriber.user).await?.len()
            } else {
                0
            };
            let held_until = subscriber.preferences.quiet_hours.and_then(|quiet| quiet.ends_after(now));
            for channel in channels_for(&subscriber.preferences, subscriber.telegram_chat.is_some(), devices) {
                deliveries.push(NewDelivery {
                    user: subscriber.user,
                    channel,
                    not_before: held_until.unwrap_or(now),
                    held: held_until.is_some(),
                });
            }
        }
        Ok(deliveries)
    }
}
