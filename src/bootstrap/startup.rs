//! Building and running the server.
//!
//! `Application::build` does all the fallible work — config-driven wiring, migrations,
//! binding the port — so tests can bind port 0, read the real port, and then run the server
//! with a shutdown signal they control.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use poem::{Endpoint, EndpointExt, Response};
use tokio::net::TcpListener;

use super::config::{AppEnv, Settings, SignalClock};
use super::fd_limit::raise_to_hard_limit;
use super::telemetry;
use super::wiring::{Wired, wire};
use crate::adapters::http::canonical_host::CanonicalHost;
use crate::adapters::http::connection_budget::max_connections_for;
use crate::adapters::http::cors::CorsPolicy;
use crate::adapters::http::metrics::{MetricsPage, tracked};
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::server::{ConnectionLimits, serve_connections};
use crate::adapters::http::{HttpSettings, api_routes, serve};
use crate::app::Services;
use crate::app::accounts::AccountsService;
use crate::app::billing::BillingService;
use crate::app::signals::SignalsService;

/// How long a stopping server waits for reset mails its requests handed off (they answered
/// 202 before the mail went out), so a deploy does not silently drop them.
const RESET_MAIL_DRAIN: Duration = Duration::from_secs(10);

/// Descriptors kept back from the connection budget beyond the database and Redis pools:
/// outgoing HTTP (Stripe, market data) and SMTP, the dashboard's files, the listener, logs.
const FD_RESERVE_BEYOND_POOLS: u64 = 128;

pub struct Application {
    listener: TcpListener,
    limits: ConnectionLimits,
    port: u16,
    endpoint: poem::endpoint::BoxEndpoint<'static, Response>,
    accounts: Arc<AccountsService>,
    /// Told when shutdown begins, so live streams end with "reconnect" instead of holding the
    /// instance open until the drain deadline.
    signals: Arc<crate::app::signals::SignalsService>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let wired = wire(&settings).await?;
        Self::build_with(settings, wired).await
    }

    /// Serves an already wired application (tests use this with in-memory adapters).
    pub async fn build_with(settings: Settings, wired: Wired) -> anyhow::Result<Self> {
        spawn_retention(&wired.app);
        match settings.signal_clock {
            SignalClock::On => spawn_signal_clock(wired.app.signals.clone()),
            SignalClock::Off => tracing::info!("the candle clock is off on this instance (SIGNAL_CLOCK=off)"),
        }
        spawn_change_followers(&wired.app);
        // Every instance dispatches: the outbox's leases share the work between them.
        drop(wired.app.alerts.start_dispatcher());
        let accounts = wired.app.accounts.clone();
        let signals = wired.app.signals.clone();
        let endpoint = routes(&settings, wired).map_to_response().boxed();
        let listener = TcpListener::bind(format!("{}:{}", settings.host, settings.port)).await?;
        let port = listener.local_addr()?.port();
        let limits = connection_limits(&settings);
        Ok(Self { listener, limits, port, endpoint, accounts, signals })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish (up to 10 s)
    /// and the reset mails they handed off go out (up to 10 s more).
    /// Clients get 10 s to send a request's headers and 10 s more for its body (408 after
    /// that); idle connections are closed after 10 s, and a client that reads nothing of an
    /// answer for 30 s is dropped.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send) -> std::io::Result<()> {
        let signals = self.signals.clone();
        let shutdown = async move {
            shutdown.await;
            signals.end_live_streams();
        };
        serve_connections(self.listener, self.endpoint, self.limits, shutdown).await?;
        if tokio::time::timeout(RESET_MAIL_DRAIN, self.accounts.reset_mails_idle()).await.is_err() {
            tracing::warn!("stopped with password-reset mails still being sent; those users must ask again");
        }
        Ok(())
    }
}

/// Raises the descriptor limit and derives the connection budget from it, logging both.
fn connection_limits(settings: &Settings) -> ConnectionLimits {
    let defaults = ConnectionLimits::default();
    let fd_limit = match raise_to_hard_limit() {
        Ok(limit) => {
            tracing::info!(
                soft_before = limit.soft_before,
                soft = limit.soft,
                hard = limit.hard,
                "file-descriptor limit"
            );
            limit.soft
        }
        Err(err) => {
            tracing::warn!(error = %err, "could not read the file-descriptor limit; assuming 1024");
            1024
        }
    };
    let reserve =
        u64::from(settings.database_max_connections) + u64::from(settings.redis_pool_size) + FD_RESERVE_BEYOND_POOLS;
    let per_network = (!settings.reads_proxy_headers()).then_some(settings.connections_per_network as usize);
    let limits = ConnectionLimits {
        max_connections: max_connections_for(fd_limit, reserve),
        max_connections_per_network: per_network,
        ..defaults
    };
    tracing::info!(
        max_connections = limits.max_connections,
        per_network = ?limits.max_connections_per_network,
        write_timeout_seconds = limits.write_timeout.as_secs(),
        "connection budget"
    );
    limits
}

/// Fills in the recent sessions' signal history, then runs the candle clock that computes,
/// stores and announces each new candle's signals whether or not anyone asks for them.
/// Skipped with `SIGNAL_CLOCK=off`: the instances that run it do both for everyone (the
/// history and the bus are shared).
fn spawn_signal_clock(signals: Arc<SignalsService>) {
    tokio::spawn(async move {
        if let Err(err) = signals.backfill_at_start().await {
            tracing::warn!(error = format!("{err:#}"), "signal history backfill failed; history starts from now");
        }
        signals.run_candle_clock().await;
    });
}

/// Drops cached plans and profiles as changes are announced, on this instance and the others.
fn spawn_change_followers(app: &Services) {
    let billing = app.billing.clone();
    tokio::spawn(async move { billing.follow_billing_changes().await });
    let accounts = app.accounts.clone();
    tokio::spawn(async move { accounts.follow_user_changes().await });
}

/// Purges old handled webhook events and dead refresh tokens (expired, revoked, or of
/// sessions past `SESSION_MAX_DAYS`) hourly, and once at start, in the background. Every
/// instance runs it; the deletes are idempotent, so they need no coordination.
fn spawn_retention(app: &Services) {
    let billing: Arc<BillingService> = app.billing.clone();
    spawn_hourly(move || {
        let billing = billing.clone();
        async move {
            if let Err(err) = billing.purge_webhook_log().await {
                tracing::warn!(error = format!("{err:#}"), "could not purge old webhook events; will retry");
            }
        }
    });
    let accounts = app.accounts.clone();
    spawn_hourly(move || {
        let accounts = accounts.clone();
        async move {
            if let Err(err) = accounts.purge_sessions().await {
                tracing::warn!(error = format!("{err:#}"), "could not purge old refresh tokens; will retry");
            }
        }
    });
}

/// Runs `task` now and then every hour, for as long as the runtime lives.
fn spawn_hourly<F, Fut>(task: F) -> tokio::task::JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(Duration::from_secs(60 * 60));
        loop {
            hourly.tick().await;
            task().await;
        }
    })
}

/// The whole route table: the API, the pages the wired adapters bring, `/metrics`, the
/// dashboard; every request counted for the metrics.
pub fn routes(settings: &Settings, wired: Wired) -> impl Endpoint + 'static {
    let public_url = settings.public_url();
    let http = HttpSettings {
        trust_proxy_headers: settings.reads_proxy_headers(),
        trusted_proxies: settings.trusted_proxies().expect("validated when the settings were loaded"),
        static_dir: PathBuf::from(&settings.static_dir),
        body_read_timeout: crate::adapters::http::routes::BODY_READ_TIMEOUT,
        // Validated when the settings were loaded.
        cors: CorsPolicy::new(settings.cors_allowed_origins().unwrap_or_default()),
        refresh_cookie: if settings.cookie_cross_site {
            RefreshCookie::cross_site()
        } else {
            RefreshCookie::for_public_url(&public_url)
        },
        // Production sits behind a proxy whose Host may differ; the redirect is a development aid.
        canonical_host: match settings.app_env {
            AppEnv::Production => None,
            AppEnv::Development => CanonicalHost::for_public_url(&public_url),
        },
        public_url,
    };
    let prometheus = telemetry::prometheus();
    let metrics =
        MetricsPage { render: std::sync::Arc::new(move || prometheus.render()), token: settings.metrics_token.clone() };
    tracked(serve(metrics.mount((wired.pages)(api_routes(&wired.app, &http))), &http))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn an_hourly_task_runs_at_start_and_then_every_hour() {
        let runs = Arc::new(AtomicU32::new(0));
        let counted = runs.clone();
        let task = spawn_hourly(move || {
            let runs = counted.clone();
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
            }
        });

        tokio::time::sleep(Duration::from_secs(1)).await;
        let at_start = runs.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_secs(2 * 60 * 60)).await;
        let two_hours_later = runs.load(Ordering::SeqCst);
        task.abort();

        assert_eq!((at_start, two_hours_later), (1, 3));
    }
}
