//! A local SMTP server for the mail adapter's tests: speaks just enough SMTP (greeting, EHLO,
//! MAIL, RCPT, DATA, QUIT) to accept messages and keeps each one's envelope and data. With
//! `refuse_recipients` it answers RCPT with a permanent 550, as a server does for an unknown
//! mailbox.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug, Default)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    pub async fn start(refuse_recipients: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let store = received.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    write.write_all(b"220 sink ESMTP\r\n").await.ok();
                    let mut current = Received::default();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                            b"250 sink\r\n"
                        } else if upper.starts_with("MAIL FROM:") {
                            current.from = line[10..].trim().to_owned();
                            b"250 OK\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            if refuse_recipients {
                                b"550 no such mailbox\r\n"
                            } else {
                                current.to.push(line[8..].trim().to_owned());
                                b"250 OK\r\n"
                            }
                        } else if upper == "DATA" {
                            write.write_all(b"354 go ahead\r\n").await.ok();
                            while let Ok(Some(data)) = lines.next_line().await {
                                if data == "." {
                                    break;
                                }
                                current.data.push_str(&data);
                                current.data.push('\n');
                            }
                            store.lock().unwrap().push(std::mem::take(&mut current));
                            b"250 queued\r\n"
                        } else if upper == "QUIT" {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        } else if upper == "RSET" || upper == "NOOP" {
                            b"250 OK\r\n"
                        } else {
                            b"502 not implemented\r\n"
                        };
                        write.write_all(answer).await.ok();
                    }
                });
            }
        });
        Self { port, received }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}
