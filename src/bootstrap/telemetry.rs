//! Logging setup: human-readable lines in development, JSON in production (the default there,
//! or `LOG_FORMAT=json` anywhere; see `Settings::log_format`).
//! The level comes from `RUST_LOG` (default `info`).
//!
//! Metrics: the process-wide Prometheus recorder behind `GET /metrics` ([`prometheus`]).

use std::sync::OnceLock;
use std::time::Duration;

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
            keep_up(handle.clone(), METRICS_UPKEEP_EVERY);
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
            }
            handle
        })
        .clone()
}

/// How often the recorder's upkeep runs (the exporter crate's own default).
pub const METRICS_UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Runs the recorder's upkeep every `every`, for the life of the process.
///
/// Why: the recorder keeps every histogram sample it is given (8 bytes and more each) until
/// upkeep or a scrape folds them into the summaries. The exporter crate runs upkeep itself only
/// when it also runs its own HTTP listener; we serve `/metrics` on our port, so it is ours to
/// run. Without it a process whose `/metrics` nobody scraped grew with every request it
/// answered (about 14 bytes each: 13 MiB per 13-second benchmark round, without end).
pub fn keep_up(handle: PrometheusHandle, every: Duration) {
    let spawned = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || {
        loop {
            std::thread::sleep(every);
            handle.run_upkeep();
        }
    });
    if let Err(err) = spawned {
        tracing::warn!(error = %err, "could not start the metrics upkeep thread; histograms grow until scraped");
    }
}
