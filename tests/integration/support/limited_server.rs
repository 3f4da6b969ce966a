//! The real binary under a low descriptor limit, for the tests that show one client cannot
//! take the server's descriptors from everyone else.

use std::time::Duration;

/// The real binary started under `ulimit` with a soft descriptor limit of 128 and a hard one
/// of 512, on a fresh SQLite database; its JSON log lines, read on a thread of their own.
pub struct LimitedServer {
    child: std::process::Child,
    pub port: u16,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

impl LimitedServer {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// [`Self::start`] with more environment variables set.
    pub fn start_with(env: &[(&str, &str)]) -> Self {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("sh")
            .args(["-c", r#"ulimit -Sn 128 && ulimit -Hn 512 && exec "$0" serve"#, env!("CARGO_BIN_EXE_signalbox")])
            .env_clear()
            .current_dir(dir.path())
            .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("db.sqlite").display()))
            .env("HOST", "127.0.0.1")
            .env("PORT", "0")
            .env("LOG_FORMAT", "json")
            .env("SIGNAL_CLOCK", "off")
            .env("RUST_LOG", "info,sqlx=warn")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the binary starts");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let lines = std::io::BufReader::new(child.stdout.take().unwrap());
        let collected = log.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                let entry: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
                if let Some(port) = entry["fields"]["port"].as_u64() {
                    let _ = port_tx.send(port as u16);
                }
                collected.lock().unwrap().push(line);
            }
        });
        let port = port_rx.recv_timeout(Duration::from_secs(30)).expect("the server logged its port");
        Self { child, port, log, _dir: dir }
    }

    pub fn logged(&self, needle: &str) -> Option<serde_json::Value> {
        let lines = self.log.lock().unwrap();
        lines.iter().find(|line| line.contains(needle)).map(|line| serde_json::from_str(line).unwrap())
    }
}

impl Drop for LimitedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
