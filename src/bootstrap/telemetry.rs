//! Logging setup: human-readable lines in development, JSON in production (the default there,
//! or `LOG_FORMAT=json` anywhere; see `Settings::log_format`).
//! The level comes from `RUST_LOG` (default `info`).

use tracing_subscriber::EnvFilter;

use super::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // `try_init`: tests and embedders may have installed a subscriber already.
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
