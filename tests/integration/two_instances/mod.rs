//! Two real server processes sharing one PostgreSQL and one Redis, as two instances behind a
//! load balancer are: whatever one instance counts, caches or claims, the other must see.
//! The test plays the load balancer, spreading requests over both and choosing the client
//! address (`X-Forwarded-For`).
//!
//! - `quotas`, `auth_limits`, `caching`, `webhooks`: each shared guarantee, across instances.
//! - `entitlement`: a billing change on one instance reaches the other's plan cache within 1 s.
//! - `single_flight`: how many times a cold signal is computed under 500 concurrent requests.
//! - `live_stream`: a signal computed by one instance's candle clock streams from the other.
//! - `server`: starting and stopping one server process.

mod alerts;
mod auth_limits;
mod caching;
mod entitlement;
mod live_stream;
mod quotas;
pub mod server;
mod single_flight;
mod webhooks;

use poem::http::StatusCode;

use crate::support::api_client::ApiClient;
use crate::support::backing::Backing;
use server::ServerProcess;

/// Both servers and their private backing. Fields drop in order: the servers are killed
/// before their schema and keys are removed.
pub struct TwoInstances {
    pub a: ServerProcess,
    pub b: ServerProcess,
    pub backing: Backing,
}

impl TwoInstances {
    /// Starts both servers on a fresh backing and waits until both report ready, or returns
    /// `None` when the real services are not configured (see `real_services`).
    pub async fn start() -> Option<Self> {
        Self::start_with(&[], &[]).await
    }

    /// Like [`Self::start`], with some variables of A and of B set differently.
    pub async fn start_with(a: &[(&'static str, String)], b: &[(&'static str, String)]) -> Option<Self> {
        let backing = Backing::fresh().await?;
        // Started together, so both run their migrations at once, as a rolling deploy can.
        let (a, b) =
            tokio::join!(ServerProcess::start_with("A", &backing, a), ServerProcess::start_with("B", &backing, b));
        let cluster = Self { a, b, backing };
        for api in [cluster.a.api.clone(), cluster.b.api.clone()] {
            let ready = api.ready().await;
            assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
            assert_eq!(ready.body["checks"]["database"], "ok");
            assert_eq!(ready.body["checks"]["redis"], "ok");
        }
        Some(cluster)
    }

    /// Instance A for even `n`, B for odd: round robin, as a load balancer spreads requests.
    pub fn nth(&self, n: usize) -> &ApiClient {
        if n.is_multiple_of(2) { &self.a.api } else { &self.b.api }
    }
}
