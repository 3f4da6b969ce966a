//! Subscribing to live signals (the stream): a paid feature.
//!
//! The plan is checked when the subscription opens; a stream outlives neither the
//! connection nor the process, so a lapsed subscription ends at the next reconnect.

use super::SignalsService;
use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::ports::{SignalSubscription, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SubscribeSignalsError {
    #[error("live signals are part of the paid plan; subscribe to stream them")]
    PaidOnly,
    /// The billing store or the bus (Redis) is unavailable: a stream opened now would
    /// receive nothing. Retrying may help.
    #[error(transparent)]
    Unavailable(StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(SubscribeSignalsError);

impl SignalsService {
    pub async fn subscribe_signals(&self, user: UserId) -> Result<SignalSubscription, SubscribeSignalsError> {
        let plan = self.plans.plan_of(user).await?;
        if !plan.is_paid() {
            return Err(SubscribeSignalsError::PaidOnly);
        }
        Ok(SignalSubscription::new(self.signal_bus.subscribe().await?))
    }
}
