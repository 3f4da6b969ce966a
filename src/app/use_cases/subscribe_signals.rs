//! Subscribing to live signals (the stream): a paid feature.
//!
//! The plan is checked when the subscription opens; a stream outlives neither the
//! connection nor the process, so a lapsed subscription ends at the next reconnect.

use crate::app::Signalbox;
use crate::domain::UserId;
use crate::ports::{SignalSubscription, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SubscribeSignalsError {
    #[error("live signals are part of the paid plan; subscribe to stream them")]
    PaidOnly,
    /// The bus (Redis) is not connected, so nothing published now would arrive.
    #[error("the live signal stream is temporarily unavailable")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl Signalbox {
    pub async fn subscribe_signals(&self, user: UserId) -> Result<SignalSubscription, SubscribeSignalsError> {
        let plan = self.plan_of(user).await.map_err(anyhow::Error::from)?;
        if !plan.is_paid() {
            return Err(SubscribeSignalsError::PaidOnly);
        }
        self.deps.signal_bus.subscribe().await.map_err(SubscribeSignalsError::Unavailable)
    }
}
