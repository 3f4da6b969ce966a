//! The whole application, wired from settings exactly as `signalbox serve` wires it, served
//! on a free port inside the test process, with a `FlakyProxy` between it and PostgreSQL or
//! Redis: [`ServiceBehindProxy`], the one harness of the failure tests.
//!
//! In-process rather than a child process because these tests switch a dependency off and on
//! with a proxy that lives in the test; the HTTP path is the same real TCP one.

use std::net::SocketAddr;

use poem::http::StatusCode;
use signalbox::bootstrap::config::Settings;
use signalbox::bootstrap::startup::Application;
use tokio::task::JoinHandle;

use crate::support::test_app::Reply;

use crate::support::api_client::{ApiClient, random_ip};
use crate::support::backing::Backing;
use crate::support::flaky_proxy::FlakyProxy;

pub struct RunningApp {
    pub api: ApiClient,
    server: JoinHandle<std::io::Result<()>>,
}

impl RunningApp {
    pub async fn start(settings: Settings) -> Self {
        let app = Application::build(settings).await.expect("the application starts");
        let api = ApiClient::new(format!("http://127.0.0.1:{}", app.port()));
        let server = tokio::spawn(app.run_until(std::future::pending()));
        Self { api, server }
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The backing service a [`ServiceBehindProxy`] reaches through its proxy.
pub enum Service {
    Postgres,
    Redis,
}

/// The application on fresh backing services, one of them behind a proxy the test switches
/// off and on. Fields drop in order: the app before the proxy, the proxy before the backing.
pub struct ServiceBehindProxy {
    pub app: RunningApp,
    pub proxy: FlakyProxy,
    pub backing: Backing,
}

impl ServiceBehindProxy {
    /// `None` when the real services are not configured (the test is then skipped).
    pub async fn start(service: Service) -> Option<Self> {
        Self::start_with(service, false).await
    }

    /// Like [`Self::start`], with the service already away while the application starts.
    pub async fn start_while_down(service: Service) -> Option<Self> {
        Self::start_with(service, true).await
    }

    async fn start_with(service: Service, down: bool) -> Option<Self> {
        let backing = Backing::fresh().await?;
        let (proxy, settings) = match service {
            Service::Postgres => {
                let (proxy, database_url) = proxied(&backing.database_url).await;
                (proxy, backing.app_settings(&database_url, &backing.redis_url))
            }
            Service::Redis => {
                let (proxy, redis_url) = proxied(&backing.redis_url).await;
                (proxy, backing.app_settings(&backing.database_url, &redis_url))
            }
        };
        if down {
            proxy.go_down();
        }
        let app = RunningApp::start(settings).await;
        Some(Self { app, proxy, backing })
    }

    /// The API as seen from an address of this test's own.
    pub fn api(&self) -> ApiClient {
        self.app.api.with_client_ip(&random_ip())
    }
}

/// A proxy to the server `url` names, and `url` rewritten to go through it.
pub async fn proxied(url: &str) -> (FlakyProxy, String) {
    let (before, authority, after) = split_authority(url);
    let (credentials, host_port) = match authority.rsplit_once('@') {
        Some((credentials, host_port)) => (format!("{credentials}@"), host_port),
        None => (String::new(), authority),
    };
    let upstream: SocketAddr = tokio::net::lookup_host(host_port)
        .await
        .ok()
        .and_then(|mut addrs| addrs.next())
        .unwrap_or_else(|| panic!("the test service URL needs an explicit host:port"));
    let proxy = FlakyProxy::start(upstream).await;
    let url = format!("{before}{credentials}{}{after}", proxy.addr());
    (proxy, url)
}

/// `scheme://`, `[user@]host:port` and the rest (`/db?options`).
fn split_authority(url: &str) -> (&str, &str, &str) {
    let start = url.find("://").map(|i| i + 3).expect("a URL with a scheme");
    let end = url[start..].find(['/', '?']).map_or(url.len(), |i| start + i);
    (&url[..start], &url[start..end], &url[end..])
}

#[test]
fn the_authority_is_found_with_and_without_credentials_and_paths() {
    assert_eq!(split_authority("redis://127.0.0.1:6379"), ("redis://", "127.0.0.1:6379", ""));
    assert_eq!(
        split_authority("postgres://postgres@127.0.0.1:5432/test?options=x"),
        ("postgres://", "postgres@127.0.0.1:5432", "/test?options=x")
    );
}

/// A 503 whose detail says a backing service is unavailable (never a 500, never a bare status).
pub fn assert_unavailable(reply: &Reply, what: &str) {
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{what}: {}", reply.text);
    assert!(reply.detail().contains("unavailable"), "{what}: {}", reply.text);
}
