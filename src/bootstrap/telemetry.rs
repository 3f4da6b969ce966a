//! Logging setup: human-readable lines in development, JSON in production (the default there,
//! or `LOG_FORMAT=json` anywhere; see `Settings::log_format`).
//! The level comes from `RUST_LOG` (default `info`).
//!
//! Metrics: the process-wide Prometheus recorder behind `GET /metrics` ([`prometheus`]).

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
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
            let recorder = recorder();
            let handle = recorder.handle();
            keep_up(handle.clone(), METRICS_UPKEEP_EVERY);
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
            }
            handle
        })
        .clone()
}

/// Bucket bounds, in seconds, for every histogram (today: request durations). A cached
/// request takes well under a millisecond, a login about a tenth of a second, a webhook on
/// SQLite under concurrent deliveries up to about a second.
pub const DURATION_BUCKETS: [f64; 14] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The recorder `/metrics` renders: histograms as Prometheus histograms (`_bucket` series with
/// `le`), not the exporter's default summaries, because bucket counts add up across instances
/// (`sum by (le)`) and quantiles computed per process do not.
pub fn recorder() -> PrometheusRecorder {
    // `set_buckets` refuses only an empty list.
    PrometheusBuilder::new().set_buckets(&DURATION_BUCKETS).expect("DURATION_BUCKETS is not empty").build_recorder()
}

/// How often the recorder's upkeep runs (the exporter crate's own default).
pub const METRICS_UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Runs the recorder's upkeep every `every`, for the life of the process.
///
/// Why: the recorder keeps every histogram sample it is given (8 bytes and more each) until
/// upkeep or a scrape folds them into its buckets. The exporter crate runs upkeep itself only
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
