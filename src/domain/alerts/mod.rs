//! Alerts: calls and their outcomes announced where traders are (Telegram, email, browser push).

pub mod push_device;

pub use push_device::{PushDevice, PushDeviceError, PushDeviceId, PushKeys};
