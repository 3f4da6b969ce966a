//! The dispatcher: on every instance, one loop fans events out and one loop per channel
//! delivers, each taking work by lease (see [`AlertOutbox`](crate::ports::AlertOutbox)), so
//! instances share the work and one that dies leaves its rows to the others after the lease.
//! A loop that found work goes again at once; an idle or failing one waits `poll`.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use super::AlertsService;
use crate::domain::alerts::{AlertChannel, TelegramPace};

/// How often the queue gauges are refreshed.
const GAUGES_EVERY: Duration = Duration::from_secs(15);

/// The running loops; dropping the handle leaves them running, [`stop`](Self::stop) ends them.
pub struct DispatcherHandle {
    tasks: Vec<JoinHandle<()>>,
}

impl DispatcherHandle {
    pub fn stop(&self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl AlertsService {
    /// Starts fan-out, one delivery loop per channel, and the queue gauges.
    pub fn start_dispatcher(self: &Arc<Self>) -> DispatcherHandle {
        let mut tasks = Vec::new();
        let poll = self.policy.poll;
        let service = self.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                match service.fan_out_due().await {
                    Ok(0) => tokio::time::sleep(poll).await,
                    Ok(_) => {}
                    Err(err) => {
                        tracing::warn!(error = %err, "alert fan-out failed; retrying");
                        tokio::time::sleep(poll).await;
                    }
                }
            }
        }));
        for channel in AlertChannel::ALL {
            let service = self.clone();
            tasks.push(tokio::spawn(async move {
                let mut pace = TelegramPace::new();
                loop {
                    match service.deliver_due(channel, &mut pace).await {
                        Ok(0) => tokio::time::sleep(poll).await,
                        Ok(_) => {}
                        Err(err) => {
                            tracing::warn!(error = %err, channel = channel.as_str(), "alert delivery failed; retrying");
                            tokio::time::sleep(poll).await;
                        }
                    }
                }
            }));
        }
        let service = self.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                service.publish_queue_gauges().await;
                tokio::time::sleep(GAUGES_EVERY).await;
            }
        }));
        DispatcherHandle { tasks }
    }
}
