//! A TCP proxy in front of a real server that a test can break and mend, to show how an
//! adapter behaves when its server restarts or goes away and comes back.
//!
//! `cut()` drops every proxied connection, as a server restart does; `go_down()` also
//! refuses new ones (accepted, then closed at once) until `come_back()`; `stall()` keeps the
//! connections open but stops passing bytes (a hung server or network) until `resume()`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinHandle};

pub struct FlakyProxy {
    addr: SocketAddr,
    up: Arc<AtomicBool>,
    stalled: watch::Sender<bool>,
    /// Every byte clients sent through the proxy, to see which commands went over the wire.
    sent: Arc<Mutex<Vec<u8>>>,
    links: Arc<Mutex<Vec<AbortHandle>>>,
    /// Connections clients opened through the proxy, including refused ones.
    opened: Arc<AtomicUsize>,
    acceptor: JoinHandle<()>,
}

impl FlakyProxy {
    /// Listens on a free local port and forwards each connection to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let up = Arc::new(AtomicBool::new(true));
        let links = Arc::new(Mutex::new(Vec::new()));
        let (stalled, stall_rx) = watch::channel(false);
        let sent = Arc::new(Mutex::new(Vec::new()));
        let opened = Arc::new(AtomicUsize::new(0));
        let acceptor =
            tokio::spawn(accept(listener, upstream, up.clone(), links.clone(), stall_rx, sent.clone(), opened.clone()));
        Self { addr, up, stalled, sent, links, opened, acceptor }
    }

    /// Stops passing bytes either way on every connection, old and new, until `resume()`.
    pub fn stall(&self) {
        self.stalled.send_replace(true);
    }

    pub fn resume(&self) {
        self.stalled.send_replace(false);
    }

    /// How often `needle` occurs in what clients have sent so far.
    pub fn sent_count(&self, needle: &[u8]) -> usize {
        let sent = self.sent.lock().expect("sent mutex");
        sent.windows(needle.len()).filter(|w| *w == needle).count()
    }

    /// How many connections clients have opened through the proxy so far.
    pub fn connections_opened(&self) -> usize {
        self.opened.load(Ordering::SeqCst)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Drops every open connection; new ones are still served.
    pub fn cut(&self) {
        for link in self.links.lock().expect("links mutex").drain(..) {
            link.abort();
        }
    }

    /// Drops every open connection and refuses new ones.
    pub fn go_down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut();
    }

    pub fn come_back(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

impl Drop for FlakyProxy {
    fn drop(&mut self) {
        self.acceptor.abort();
        self.cut();
    }
}

async fn accept(
    listener: TcpListener,
    upstream: SocketAddr,
    up: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<AbortHandle>>>,
    stalled: watch::Receiver<bool>,
    sent: Arc<Mutex<Vec<u8>>>,
    opened: Arc<AtomicUsize>,
) {
    while let Ok((client, _)) = listener.accept().await {
        opened.fetch_add(1, Ordering::SeqCst);
        if !up.load(Ordering::SeqCst) {
            continue; // dropping `client` closes it: the server is "down"
        }
        let stalled = stalled.clone();
        let sent = sent.clone();
        let link = tokio::spawn(async move {
            if let Ok(server) = TcpStream::connect(upstream).await {
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::select! {
                    _ = pump(client_read, server_write, stalled.clone(), Some(sent)) => {}
                    _ = pump(server_read, client_write, stalled, None) => {}
                }
            }
        });
        links.lock().expect("links mutex").push(link.abort_handle());
    }
}

/// Copies `from` to `to`, holding each chunk back while the proxy is stalled.
async fn pump(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    mut stalled: watch::Receiver<bool>,
    record: Option<Arc<Mutex<Vec<u8>>>>,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if let Some(record) = &record {
            record.lock().expect("sent mutex").extend_from_slice(&buffer[..n]);
        }
        if stalled.wait_for(|stalled| !*stalled).await.is_err() {
            return;
        }
        if to.write_all(&buffer[..n]).await.is_err() {
            return;
        }
    }
}
