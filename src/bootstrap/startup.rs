//! Building and running the server.
//!
//! `Application::build` does all the fallible work — config-driven wiring, migrations,
//! binding the port — so tests can bind port 0, read the real port, and then run the server
//! with a shutdown signal they control.

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::{Endpoint, EndpointExt, Server};

use super::config::Settings;
use super::telemetry;
use super::wiring::{Wired, wire};
use crate::adapters::http::metrics::{MetricsPage, tracked};
use crate::adapters::http::{HttpSettings, api_routes, serve};

pub struct Application {
    acceptor: TcpAcceptor,
    port: u16,
    endpoint: poem::endpoint::BoxEndpoint<'static>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let wired = wire(&settings).await?;
        Self::build_with(settings, wired).await
    }

    /// Serves an already wired application (tests use this with in-memory adapters).
    pub async fn build_with(settings: Settings, wired: Wired) -> anyhow::Result<Self> {
        spawn_webhook_log_retention(wired.app.clone());
        let endpoint = routes(&settings, wired).map_to_response().boxed();
        let acceptor = TcpListener::bind(format!("{}:{}", settings.host, settings.port)).into_acceptor().await?;
        let port = acceptor
            .local_addr()
            .first()
            .and_then(|addr| addr.as_socket_addr().map(|a| a.port()))
            .ok_or_else(|| anyhow::anyhow!("listener has no TCP address"))?;
        Ok(Self { acceptor, port, endpoint })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish (up to 10 s).
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send) -> std::io::Result<()> {
        Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(self.endpoint, shutdown, Some(Duration::from_secs(10)))
            .await
    }
}

/// Purges old handled webhook events hourly (and once at start), in the background. Every
/// instance runs it; the delete is idempotent, so they need no coordination.
fn spawn_webhook_log_retention(app: std::sync::Arc<crate::app::Signalbox>) {
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(Duration::from_secs(60 * 60));
        loop {
            hourly.tick().await;
            if let Err(err) = app.purge_webhook_log().await {
                tracing::warn!(error = format!("{err:#}"), "could not purge old webhook events; will retry");
            }
        }
    });
}

/// The whole route table: the API, the pages the wired adapters bring, `/metrics`, the
/// dashboard; every request counted for the metrics.
pub fn routes(settings: &Settings, wired: Wired) -> impl Endpoint + 'static {
    let http = HttpSettings {
        public_url: settings.public_url(),
        trust_proxy_headers: settings.trust_proxy_headers,
        static_dir: PathBuf::from(&settings.static_dir),
    };
    let prometheus = telemetry::prometheus();
    let metrics =
        MetricsPage { render: std::sync::Arc::new(move || prometheus.render()), token: settings.metrics_token.clone() };
    tracked(serve(metrics.mount((wired.pages)(api_routes(wired.app, &http))), &http))
}
