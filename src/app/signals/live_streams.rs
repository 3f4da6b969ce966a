//! The live streams open on this instance: at most a few per user, and all told to go when the
//! instance shuts down.
//!
//! A stream holds a connection and a file descriptor for hours; one paid user opening
//! thousands would take the instance's descriptors from everyone. So each user keeps the
//! newest [`STREAMS_PER_USER`] (a phone, a laptop, a few tabs); opening one more ends the
//! oldest with [`StreamEnd::Replaced`], which a client shows rather than reconnects on. On
//! shutdown every stream ends with [`StreamEnd::ServerRestarting`], and its client resumes on
//! another instance from its `Last-Event-ID`.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use futures_util::future::BoxFuture;
use tokio::sync::{oneshot, watch};

use crate::domain::UserId;
use crate::domain::access::StreamEnd;

/// Streams one user may hold open on one instance.
pub const STREAMS_PER_USER: usize = 5;

pub(crate) struct LiveStreams {
    open: Mutex<HashMap<UserId, VecDeque<oneshot::Sender<StreamEnd>>>>,
    shutting_down: watch::Sender<bool>,
}

impl Default for LiveStreams {
    fn default() -> Self {
        Self { open: Mutex::new(HashMap::new()), shutting_down: watch::channel(false).0 }
    }
}

impl LiveStreams {
    /// Registers a new stream of `user`, ending their oldest beyond the cap. The future
    /// completes with the reason this stream must end for (replaced, shutdown); it never
    /// completes otherwise.
    pub(crate) fn open(&self, user: UserId) -> BoxFuture<'static, StreamEnd> {
        let (sender, replaced) = oneshot::channel();
        {
            let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let streams = open.entry(user).or_default();
            streams.retain(|stream| !stream.is_closed());
            while streams.len() >= STREAMS_PER_USER {
                if let Some(oldest) = streams.pop_front() {
                    let _ = oldest.send(StreamEnd::Replaced);
                }
            }
            streams.push_back(sender);
            // Users whose streams all closed leave nothing behind.
            open.retain(|_, streams| {
                streams.retain(|stream| !stream.is_closed());
                !streams.is_empty()
            });
        }
        let shutting_down = self.shutting_down.subscribe();
        Box::pin(async move {
            tokio::select! {
                end = replaced => match end {
                    Ok(end) => end,
                    // The registry never drops a live stream's sender without a reason.
                    Err(_) => std::future::pending().await,
                },
                () = until_shut_down(shutting_down) => StreamEnd::ServerRestarting,
            }
        })
    }

    /// Ends every stream, now and any opened from here on: the instance is going away.
    pub(crate) fn shut_down(&self) {
        self.shutting_down.send_replace(true);
    }

    #[cfg(test)]
    fn users(&self) -> usize {
        self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }
}

async fn until_shut_down(mut shutting_down: watch::Receiver<bool>) {
    loop {
        if *shutting_down.borrow_and_update() {
            return;
        }
        if shutting_down.changed().await.is_err() {
            // The registry is gone with its service; nothing will announce a shutdown.
            return std::future::pending().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;

    #[tokio::test]
    async fn a_users_sixth_stream_ends_their_oldest_and_no_other() {
        let streams = LiveStreams::default();
        let (user, other) = (UserId::new_random(), UserId::new_random());
        let mut others = streams.open(other);
        let mut mine: Vec<_> = (0..STREAMS_PER_USER).map(|_| streams.open(user)).collect();
        let _newest = streams.open(user);

        assert_eq!(mine.remove(0).await, StreamEnd::Replaced);
        for stream in &mut mine {
            assert!(stream.now_or_never().is_none(), "only the oldest gives way");
        }
        assert!((&mut others).now_or_never().is_none(), "another user's stream is untouched");
    }

    #[tokio::test]
    async fn shutting_down_ends_every_stream_and_any_opened_after() {
        let streams = LiveStreams::default();
        let open = streams.open(UserId::new_random());
        streams.shut_down();
        assert_eq!(open.await, StreamEnd::ServerRestarting);
        assert_eq!(streams.open(UserId::new_random()).await, StreamEnd::ServerRestarting);
    }

    #[tokio::test]
    async fn closed_streams_leave_nothing_behind() {
        let streams = LiveStreams::default();
        drop(streams.open(UserId::new_random()));
        let _kept = streams.open(UserId::new_random());
        assert_eq!(streams.users(), 1);
    }
}
