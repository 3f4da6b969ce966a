//! Alerts: trade calls announced where traders are (browser push, Telegram, email).
//!
//! - [`push_devices`]: the browsers a user registered for push, and the key they subscribe with.

pub mod push_devices;

pub use push_devices::{PushDeviceRegistry, RegisterPushDeviceError, UnregisterPushDeviceError};
