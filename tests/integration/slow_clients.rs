//! The listener against clients that hold connections open: real sockets, real time (the
//! deadlines are hyper's timer and Tokio's), deadlines short enough to keep the tests quick.

use std::time::{Duration, Instant};

use poem::endpoint::make_sync;
use poem::{EndpointExt, IntoEndpoint, Route, handler, post};
use signalbox::adapters::http::cors::CorsPolicy;
use signalbox::adapters::http::refresh_cookie::RefreshCookie;
use signalbox::adapters::http::server::{ConnectionLimits, serve_connections};
use signalbox::adapters::http::{HttpSettings, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const DEADLINE: Duration = Duration::from_millis(400);

/// A server answering "ok" on a free port, with a short header deadline; stops when dropped.
async fn server() -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let endpoint = make_sync(|_| "ok").into_endpoint().map_to_response().boxed();
    let limits = ConnectionLimits {
        header_read_timeout: DEADLINE,
        shutdown_grace: Duration::from_secs(1),
        ..ConnectionLimits::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_connections(listener, endpoint, limits, async move {
        let _ = stopped.await;
    }));
    (addr, stop)
}

/// Like [`server`], with the HTTP stack (`serve`: body limits, JSON errors) in front of a
/// `POST /echo` that answers the body's length, and a short body deadline.
async fn http_server() -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    #[handler]
    fn echo(body: String) -> String {
        format!("got {} bytes", body.len())
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let settings = HttpSettings {
        public_url: "http://localhost:8000".into(),
        trust_proxy_headers: false,
        trusted_proxies: Default::default(),
        static_dir: std::env::temp_dir().join("signalbox-no-dashboard"),
        body_read_timeout: DEADLINE,
        cors: CorsPolicy::default(),
        refresh_cookie: RefreshCookie::for_public_url("http://localhost:8000"),
        canonical_host: None,
    };
    let endpoint = serve(Route::new().at("/echo", post(echo)), &settings).map_to_response().boxed();
    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(5),
        shutdown_grace: Duration::from_secs(1),
        ..ConnectionLimits::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_connections(listener, endpoint, limits, async move {
        let _ = stopped.await;
    }));
    (addr, stop)
}

/// Reads until the server closes the connection (or 5 s pass); returns what it sent and when
/// it closed.
async fn read_until_closed(stream: &mut TcpStream) -> (String, Option<Instant>) {
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    let outcome = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return Instant::now(),
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    (String::from_utf8_lossy(&received).into_owned(), outcome.ok())
}

#[tokio::test]
async fn a_client_sending_its_headers_too_slowly_is_disconnected() {
    let (addr, _stop) = server().await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();

    // One header line every 150 ms: never idle, never finished.
    let trickle = async {
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        for i in 0.. {
            tokio::time::sleep(Duration::from_millis(150)).await;
            if slow.write_all(format!("X-Slow-{i}: y\r\n").as_bytes()).await.is_err() {
                break;
            }
            if started.elapsed() > Duration::from_secs(5) {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(6), trickle).await;
    let (answer, closed) = read_until_closed(&mut slow).await;

    let closed_after = closed.expect("the server closed the connection").duration_since(started);
    assert!(closed_after < Duration::from_secs(3), "closed after {closed_after:?}");
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_deadline() {
    let (addr, _stop) = server().await;
    let mut client = TcpStream::connect(addr).await.unwrap();

    client.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let answered = Instant::now();
    let (answer, closed) = read_until_closed(&mut client).await;

    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    let idle_for = closed.expect("the server closed the idle connection").duration_since(answered);
    assert!(idle_for >= DEADLINE / 2 && idle_for < Duration::from_secs(3), "closed after {idle_for:?}");
}

#[tokio::test]
async fn a_prompt_client_is_served_and_may_reuse_its_connection() {
    let (addr, _stop) = server().await;
    let mut client = TcpStream::connect(addr).await.unwrap();

    for _ in 0..2 {
        client.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut buf = [0u8; 256];
        let n = client.read(&mut buf).await.unwrap();
        let answer = String::from_utf8_lossy(&buf[..n]);
        assert!(answer.starts_with("HTTP/1.1 200 OK") && answer.ends_with("ok"), "{answer}");
    }
}

#[tokio::test]
async fn a_client_trickling_its_body_gets_408_with_a_json_detail_and_the_connection_closes() {
    let (addr, _stop) = http_server().await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();

    // Prompt headers, then one byte of a 1000-byte body every 100 ms: never idle, never done.
    slow.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n")
        .await
        .unwrap();
    let trickle = async {
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if slow.write_all(b"x").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(6), trickle).await;
    let (answer, closed) = read_until_closed(&mut slow).await;

    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#"{"detail":"the request body was not received in time"}"#), "{answer}");
    let closed_after = closed.expect("the server closed the connection").duration_since(started);
    assert!(closed_after < Duration::from_secs(6), "closed after {closed_after:?}");
}

#[tokio::test]
async fn a_client_sending_its_body_promptly_is_served() {
    let (addr, _stop) = http_server().await;
    let mut client = TcpStream::connect(addr).await.unwrap();

    client
        .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        .await
        .unwrap();
    let mut buf = [0u8; 2048];
    let n = client.read(&mut buf).await.unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);

    assert!(answer.starts_with("HTTP/1.1 200 OK") && answer.ends_with("got 5 bytes"), "{answer}");
}
