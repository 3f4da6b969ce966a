//! A connection whose client stops reading is dropped after a while.
//!
//! hyper's deadlines cover reading a request; nothing bounds writing the answer. A client that
//! asks for a large answer and never reads it leaves the write pending for ever, holding the
//! connection, its task and the kernel's send buffer (hundreds of KiB each). [`WriteDeadline`]
//! wraps the socket: once a write cannot make progress, the client has `timeout` to read
//! something; any progress restarts the clock, so a slow reader is served and only a client
//! that reads nothing at all is cut off.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

pub struct WriteDeadline<S> {
    inner: S,
    timeout: Duration,
    /// Running while a write waits on the client; cleared by any progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteDeadline<S> {
    pub fn new(inner: S, timeout: Duration) -> Self {
        Self { inner, timeout, stalled: None }
    }

    /// `write`'s outcome, or a timeout when it has been pending for `timeout`.
    fn bounded<T>(&mut self, cx: &mut Context<'_>, write: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if write.is_ready() {
            self.stalled = None;
            return write;
        }
        let timeout = self.timeout;
        let stalled = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        ready!(stalled.as_mut().poll(cx));
        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client read nothing within the write timeout")))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let write = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.bounded(cx, write)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let write = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.bounded(cx, write)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flush = Pin::new(&mut self.inner).poll_flush(cx);
        self.bounded(cx, flush)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncWriteExt;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_write_the_reader_never_takes_fails_after_the_timeout() {
        let (writer, _reader) = tokio::io::duplex(16);
        let mut writer = WriteDeadline::new(writer, Duration::from_secs(30));
        let started = tokio::time::Instant::now();

        let err = writer.write_all(&[0; 64]).await.unwrap_err();

        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_reader_that_keeps_reading_is_never_cut_off() {
        use tokio::io::AsyncReadExt;
        let (writer, mut reader) = tokio::io::duplex(16);
        let mut writer = WriteDeadline::new(writer, Duration::from_secs(30));
        let slow_reader = tokio::spawn(async move {
            let mut buf = [0; 16];
            let mut total = 0;
            while total < 256 {
                tokio::time::sleep(Duration::from_secs(20)).await;
                total += reader.read(&mut buf).await.unwrap();
            }
        });

        writer.write_all(&[0; 256]).await.unwrap();
        slow_reader.await.unwrap();
    }
}
