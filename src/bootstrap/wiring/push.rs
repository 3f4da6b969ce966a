//! Browser push: the Web Push sender chosen from the VAPID settings (see
//! `config::push`), and a clear log line saying which.

use std::sync::Arc;
use std::time::Duration;

use crate::adapters::web_push::{HttpWebPush, PushDisabled, WebPushSettings};
use crate::bootstrap::config::{Settings, VapidKeyChoice};
use crate::ports::WebPush;

/// For one push service exchange, connecting included.
const PUSH_TIMEOUT: Duration = Duration::from_secs(10);

/// The sender for these settings; [`PushDisabled`] in production without a key.
pub fn web_push(settings: &Settings) -> anyhow::Result<Arc<dyn WebPush>> {
    let subject = settings.vapid_subject()?;
    let key = match settings.vapid_key()? {
        VapidKeyChoice::Configured(key) => key,
        VapidKeyChoice::DerivedForDevelopment(key) => {
            tracing::info!(
                public_key = key.public_key(),
                "browser push uses a development VAPID key derived from SECRET_KEY; set VAPID_PRIVATE_KEY in production"
            );
            key
        }
        VapidKeyChoice::Off => {
            tracing::warn!(
                "browser push is off: VAPID_PRIVATE_KEY is not set (generate one with `signalbox vapid generate`)"
            );
            return Ok(Arc::new(PushDisabled));
        }
    };
    Ok(Arc::new(HttpWebPush::new(WebPushSettings { key, subject, timeout: PUSH_TIMEOUT })))
}
