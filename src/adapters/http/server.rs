//! Accepting connections and serving HTTP/1.1 on them, with a deadline for request headers.
//!
//! poem's `Server` has only an inactivity timeout, and a client that sends one header byte
//! every few seconds is never inactive: a few hundred such connections hold a task and a socket
//! each for as long as they like (slowloris). hyper can close them — a client must send a
//! request's headers in full within [`ConnectionLimits::header_read_timeout`] — but poem does
//! not expose that setting, so this module drives hyper itself and hands each request to the
//! poem endpoint, as poem's `Server` does.
//!
//! hyper starts that deadline whenever the connection waits for a request: right after
//! connecting, and after each answer on a kept-alive connection. So the same limit is the idle
//! (keep-alive) timeout: a connection that sends nothing for that long is closed.
//!
//! Around hyper, this module also bounds what connections can hold: how many may be open (in
//! all and per client network, see `connection_budget`; one over either is answered a canned
//! 503 and closed before anything of it is read) and how long an answer may wait for a client
//! that reads nothing (`write_deadline`).
//!
//! HTTP/1.1 only: TLS and HTTP/2 end at the proxy in front of us (Render, a load balancer).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use poem::endpoint::BoxEndpoint;
use poem::http::uri::Scheme;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Addr, Endpoint, Response};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::connection_budget::{ConnectionBudget, Refused};
use super::write_deadline::WriteDeadline;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a client may take to send a request's headers, counted from when the
    /// connection starts waiting for a request; also how long an idle connection is kept.
    pub header_read_timeout: Duration,
    /// After shutdown is signalled, how long in-flight requests may take to finish.
    pub shutdown_grace: Duration,
    /// Connections open at once, in all: below the file-descriptor limit (see
    /// `connection_budget::max_connections_for`).
    pub max_connections: usize,
    /// Connections open at once from one client network (the TCP peer's); `None`: no cap
    /// (behind proxies, where every peer is a proxy).
    pub max_connections_per_network: Option<usize>,
    /// How long an answer may wait for a client that reads none of it.
    pub write_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
            max_connections: 1024,
            max_connections_per_network: Some(64),
            write_timeout: Duration::from_secs(30),
        }
    }
}

/// One request's answer, as hyper awaits it.
type AnswerFuture = Pin<Box<dyn Future<Output = Result<hyper::Response<AnswerBody>, Infallible>> + Send>>;

/// What poem turns a response body into for hyper.
type AnswerBody = http_body_util::combinators::BoxBody<hyper::body::Bytes, std::io::Error>;

/// What a connection over the budget gets before it is closed: written without waiting (it
/// fits any socket buffer), and nothing of the request is read.
const REFUSED: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 38\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{\"detail\":\"too many open connections\"}";

/// Serves `endpoint` on every connection `listener` accepts until `shutdown` completes, then
/// stops accepting, lets in-flight requests finish (up to the grace period) and closes idle
/// connections.
pub async fn serve_connections(
    listener: TcpListener,
    endpoint: BoxEndpoint<'static, Response>,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let local = LocalAddr(Addr::SocketAddr(listener.local_addr()?));
    let endpoint = Arc::new(endpoint);
    let (stop, stopping) = watch::channel(false);
    let budget = ConnectionBudget::new(limits.max_connections, limits.max_connections_per_network);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => match budget.admit(peer.ip()) {
                    Ok(place) => {
                        let connection =
                            serve_one(stream, peer, local.clone(), endpoint.clone(), limits, stopping.clone());
                        connections.spawn(async move {
                            connection.await;
                            drop(place);
                        });
                    }
                    Err(refused) => refuse(&stream, refused),
                },
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(err) => {
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let drained =
        tokio::time::timeout(limits.shutdown_grace, async { while connections.join_next().await.is_some() {} });
    if drained.await.is_err() {
        tracing::warn!(
            left = connections.len(),
            "requests still running after the shutdown grace period; dropping them"
        );
    }
    Ok(())
}

/// Answers a connection over the budget with [`REFUSED`] if the socket takes it at once, and
/// closes it (by dropping it).
fn refuse(stream: &TcpStream, refused: Refused) {
    let reason = match refused {
        Refused::ServerFull => "server_full",
        Refused::NetworkFull => "network_full",
    };
    metrics::counter!("signalbox_connections_refused_total", "reason" => reason).increment(1);
    tracing::debug!(reason, "connection refused: over the connection budget");
    let _ = stream.try_write(REFUSED);
}

async fn serve_one(
    stream: TcpStream,
    peer: SocketAddr,
    local: LocalAddr,
    endpoint: Arc<BoxEndpoint<'static, Response>>,
    limits: ConnectionLimits,
    mut stopping: watch::Receiver<bool>,
) {
    // Each answer is written whole; Nagle's algorithm would only hold a small one back
    // waiting for the client's ACK of the previous one on a kept-alive connection.
    let _ = stream.set_nodelay(true);
    let remote = RemoteAddr(Addr::SocketAddr(peer));
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let endpoint = endpoint.clone();
        let request = poem::Request::from((req, local.clone(), remote.clone(), Scheme::HTTP));
        // Boxed: hyper keeps room for one answer in progress for the connection's whole life,
        // sized for this future, which holds poem's request at several levels (about 2.5 KiB).
        // A live stream's connection lives for hours after its answer began; boxed, the room
        // is one pointer and the future's memory goes as soon as the answer has its head.
        let answer: AnswerFuture =
            Box::pin(async move { Ok(hyper::Response::from(endpoint.get_response(request).await)) });
        answer
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(WriteDeadline::new(stream, limits.write_timeout)), service);
    tokio::pin!(connection);
    let stop_requested = async move {
        // An error means the server is gone, which is a stop too.
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = stop_requested => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(err) = result {
        // Header timeouts, clients that hang up mid-request: routine, not errors of ours.
        tracing::debug!(error = %err, %peer, "connection ended");
    }
}
