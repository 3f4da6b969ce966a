//! Alerts: calls and their outcomes announced where traders are (Telegram, email, browser push).

pub mod push_device;
pub mod push_endpoint;

pub use push_device::{PushDevice, PushDeviceError, PushDeviceId, PushKeys};
pub use push_endpoint::{MAX_ENDPOINT_CHARS, check_endpoint};
