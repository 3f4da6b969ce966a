//! One real `signalbox` server process, started from the binary Cargo built for this test
//! run, and killed when the value is dropped (also when the test panics, in which case its
//! log is printed to help explain the failure).
//!
//! The server binds port 0 and the test reads the real port from its startup log line, so no
//! two servers can ever race for the same "free" port.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::oneshot;

use crate::support::api_client::ApiClient;
use crate::support::backing::Backing;
use crate::support::test_app::WEBHOOK_SECRET;

/// Start-up is a connect plus migrations; allow for a busy CI machine.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

pub struct ServerProcess {
    name: &'static str,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
    pub api: ApiClient,
}

impl ServerProcess {
    /// Starts a server on `backing` and waits until it is listening, with some variables set
    /// differently from the defaults below (e.g. `DATABASE_URL` through a proxy).
    pub async fn start_with(name: &'static str, backing: &Backing, overrides: &[(&'static str, String)]) -> Self {
        let mut env: Vec<(&'static str, String)> =
            environment(backing).into_iter().filter(|(key, _)| overrides.iter().all(|(k, _)| k != key)).collect();
        env.extend(overrides.iter().cloned());
        let mut child = Command::new(env!("CARGO_BIN_EXE_signalbox"))
            .arg("serve")
            // Nothing from the developer's environment (a DATABASE_URL, say) may leak in, and
            // no stray `signalbox.toml` may be read: a clean environment in an empty directory.
            .env_clear()
            .current_dir(std::env::temp_dir())
            .envs(env)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the signalbox binary starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (port_tx, port_rx) = oneshot::channel();
        collect_lines(child.stdout.take().expect("piped stdout"), log.clone(), Some(port_tx));
        collect_lines(child.stderr.take().expect("piped stderr"), log.clone(), None);
        // From here on, dropping `server` kills the process whatever happens below.
        let mut server = Self { name, child, log, api: ApiClient::new("") };
        let port = match tokio::time::timeout(STARTUP_TIMEOUT, port_rx).await {
            Ok(Ok(port)) => port,
            Ok(Err(_)) => panic!("server {name} exited before listening"),
            Err(_) => panic!("server {name} did not start within {STARTUP_TIMEOUT:?}"),
        };
        server.api = ApiClient::new(format!("http://127.0.0.1:{port}"));
        server
    }
}

impl ServerProcess {
    /// How many lines of the server's log so far contain `needle`.
    pub fn logged(&self, needle: &str) -> usize {
        self.log.lock().map(|lines| lines.iter().filter(|line| line.contains(needle)).count()).unwrap_or(0)
    }

    /// `kill -9`: the process dies wherever it is, with no chance to clean up.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = self.log.lock().map(|lines| lines.join("\n")).unwrap_or_default();
            eprintln!("----- log of server {} -----\n{log}\n----- end of log -----", self.name);
        }
    }
}

fn environment(backing: &Backing) -> Vec<(&'static str, String)> {
    vec![
        ("HOST", "127.0.0.1".into()),
        ("PORT", "0".into()),
        ("DATABASE_URL", backing.database_url.clone()),
        // Several servers and other tests share one PostgreSQL (100 connections by default).
        ("DATABASE_MAX_CONNECTIONS", "5".into()),
        ("REDIS_URL", backing.redis_url.clone()),
        ("REDIS_KEY_PREFIX", backing.key_prefix.clone()),
        ("REDIS_POOL_SIZE", "8".into()),
        ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
        // The test stands in for the load balancer, choosing each request's client address.
        ("TRUST_PROXY_HEADERS", "true".into()),
        // Tokens issued by one instance must be accepted by the other.
        ("SECRET_KEY", "two-instances-test-secret-key-0123456789".into()),
        ("LOG_FORMAT", "json".into()),
        ("RUST_LOG", "info,sqlx=warn".into()),
    ]
}

/// Reads `stream` line by line into `log` on a thread of its own (so the pipe never fills up
/// and blocks the server), and reports the port from the "up" line when asked to.
fn collect_lines(stream: impl Read + Send + 'static, log: Arc<Mutex<Vec<String>>>, port: Option<oneshot::Sender<u16>>) {
    std::thread::spawn(move || {
        let mut port = port;
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(found) = listening_port(&line)
                && let Some(tx) = port.take()
            {
                let _ = tx.send(found);
            }
            if let Ok(mut lines) = log.lock() {
                lines.push(line);
            }
        }
    });
}

/// The `port` field of the JSON log line the server writes once it is listening.
fn listening_port(line: &str) -> Option<u16> {
    let entry: Value = serde_json::from_str(line).ok()?;
    entry["fields"]["port"].as_u64().and_then(|port| u16::try_from(port).ok())
}
