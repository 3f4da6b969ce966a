//! Logging setup: human-readable lines in development, JSON in production (the default there,
//! or `LOG_FORMAT=json` anywhere; see `Settings::log_format`).
//! The level comes from `RUST_LOG` (default `info`).
//!
//! Metrics: the process-wide Prometheus recorder behind `GET /metrics` ([`prometheus`]).

use std::sync::OnceLock;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

use super::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // `try_init`: tests and embedders may have installed a subscriber already.
    let _ = match format {
        // The request's fields are in `span`; the list of every enclosing span would only
        // repeat them (a third of each line's formatting work, on every request).
        LogFormat::Json => builder.json().with_span_list(false).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// The process's Prometheus recorder, installed on first use. `metrics` has one global
/// recorder per process, so every application built in this process (several in tests)
/// shares it; its counters only ever go up, which is what scrapers expect.
pub fn prometheus() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
            }
            handle
        })
        .clone()
}
