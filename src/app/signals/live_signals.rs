//! One paid user's live stream, from the signals it missed to the moment its right to it ends.
//!
//! A stream is checked when it opens and then lasts for hours, so everything that can take it
//! away is watched while it runs: the token's expiry (known in advance), announcements of
//! logouts, revocations, password changes and deleted accounts (from any instance, through the
//! account-change bus), a plan that may have turned free (re-read when billing changes), and
//! ends decided outside (this instance shutting down, the user's newest stream replacing their
//! oldest). Whatever ends it, the last item says why, so the client knows whether to reconnect.
//!
//! The signals themselves come first from `replay` (what a reconnecting client missed, read
//! from the history) and then from the bus; an id no newer than the last one sent is skipped,
//! so the seam between the two never repeats a signal.
//!
//! A stream sends ids in order, because a client resumes from the last id it received. Each
//! symbol of a candle may be announced by a different instance (whichever stored it first),
//! so a later symbol of a new candle can arrive a moment before the first: it is held for up
//! to [`HOLD_FOR_EARLIER_SYMBOL`] for the earlier one, then both go out in order. Without the
//! hold, the earlier symbol would arrive "behind" the stream and be dropped as already seen.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, StreamExt};

use crate::domain::access::{AccessChange, StreamEnd, StreamHolder, stream_end_for};
use crate::domain::signals::{Signal, StreamEventId};
use crate::ports::Clock;

/// How long a later symbol of a new candle waits for the candle's earlier symbols. Two
/// instances announce one candle's symbols a database round trip apart; a second is ample,
/// and is all a signal is ever delayed by when its earlier symbol never comes.
pub const HOLD_FOR_EARLIER_SYMBOL: std::time::Duration = std::time::Duration::from_secs(1);

/// One item of a live stream.
#[derive(Clone, Debug, PartialEq)]
// Nearly every event is a signal; boxing it would allocate once per event for the rare `End`.
#[allow(
    clippy::large_enum_variant,
    reason = "a signal is most of what passes through here; boxing it would allocate per event for nothing"
)]
pub enum LiveEvent {
    Signal(Signal),
    /// The last item: the stream is over, for this reason.
    End(StreamEnd),
}

/// Reads again whether the holder may keep streaming (account, session, plan) after an
/// announcement that says something *may* have changed. `None` means yes.
pub type Recheck = Arc<dyn Fn() -> BoxFuture<'static, Option<StreamEnd>> + Send + Sync>;

/// Everything a live stream watches.
pub struct LiveSources {
    pub holder: StreamHolder,
    /// Signals the client missed (after its `Last-Event-ID`), oldest first.
    pub replay: Vec<Signal>,
    pub signals: BoxStream<'static, Signal>,
    pub changes: BoxStream<'static, AccessChange>,
    /// Ends decided elsewhere: shutdown, replacement by a newer stream.
    pub ended_elsewhere: BoxFuture<'static, StreamEnd>,
    pub recheck: Recheck,
    pub clock: Arc<dyn Clock>,
}

struct State {
    holder: StreamHolder,
    replay: VecDeque<Signal>,
    signals: BoxStream<'static, Signal>,
    changes: BoxStream<'static, AccessChange>,
    ended_elsewhere: BoxFuture<'static, StreamEnd>,
    expiry: Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
    recheck: Recheck,
    last_sent: Option<StreamEventId>,
    /// A later symbol of a new candle, waiting (until the instant) for the earlier ones.
    held: Option<(Signal, Pin<Box<tokio::time::Sleep>>)>,
    over: bool,
}

/// The stream of [`LiveEvent`]s: signals until the first reason to stop, then that reason.
pub fn live_events(sources: LiveSources) -> BoxStream<'static, LiveEvent> {
    let until_expiry = (sources.holder.token_expires_at - sources.clock.now()).to_std().unwrap_or_default();
    let state = State {
        holder: sources.holder,
        replay: sources.replay.into(),
        signals: sources.signals,
        changes: sources.changes,
        ended_elsewhere: sources.ended_elsewhere,
        // Slept on the runtime's timer, not the clock port: a test clock's pause jumps ahead at
        // once, which would end every stream the moment it opened.
        expiry: Box::pin(tokio::time::sleep(until_expiry)),
        recheck: sources.recheck,
        last_sent: None,
        held: None,
        over: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        if state.over {
            return None;
        }
        let event = state.next_event().await;
        state.over = matches!(event, LiveEvent::End(_));
        Some((event, state))
    })
    .boxed()
}

enum Woken {
    Ended(StreamEnd),
    Change(Option<AccessChange>),
    Signal(Option<Signal>),
    HoldOver,
}

impl State {
    async fn next_event(&mut self) -> LiveEvent {
        loop {
            // An end always wins over a signal that is ready at the same moment: once the right
            // to the stream is gone, nothing more is sent.
            let woken = tokio::select! {
                biased;
                end = &mut self.ended_elsewhere => Woken::Ended(end),
                () = &mut self.expiry => Woken::Ended(StreamEnd::TokenExpired),
                change = self.changes.next() => Woken::Change(change),
                signal = next_signal(&mut self.replay, &mut self.signals) => Woken::Signal(signal),
                () = hold_over(&mut self.held) => Woken::HoldOver,
            };
            match woken {
                Woken::Ended(end) => return LiveEvent::End(end),
                Woken::Change(Some(change)) => {
                    if let Some(end) = end_for(self.holder, change, self.recheck.clone()).await {
                        return LiveEvent::End(end);
                    }
                }
                // The buses are gone with their instance: the client resumes elsewhere.
                Woken::Change(None) | Woken::Signal(None) => return LiveEvent::End(StreamEnd::ServerRestarting),
                Woken::HoldOver => {
                    if let Some((held, _)) = self.held.take() {
                        return self.send(held);
                    }
                }
                Woken::Signal(Some(signal)) => {
                    if self.last_sent.is_some_and(|last| !last.is_before(&signal)) {
                        continue;
                    }
                    if let Some((held, _)) = self.held.take() {
                        // The earlier of the two goes now, the other takes its own turn next.
                        let (first, second) = if StreamEventId::of(&signal) < StreamEventId::of(&held) {
                            (signal, held)
                        } else {
                            (held, signal)
                        };
                        self.replay.push_front(second);
                        return self.send(first);
                    }
                    if self.waits_for_an_earlier_symbol(&signal) {
                        self.held = Some((signal, Box::pin(tokio::time::sleep(HOLD_FOR_EARLIER_SYMBOL))));
                        continue;
                    }
                    return self.send(signal);
                }
            }
        }
    }
}

impl State {
    fn send(&mut self, signal: Signal) -> LiveEvent {
        self.last_sent = Some(StreamEventId::of(&signal));
        LiveEvent::Signal(signal)
    }

    /// A later symbol of a candle newer than anything sent: its earlier symbols may still be on
    /// their way from another instance. (A stream that has sent nothing yet does not wait: it
    /// may simply have opened between the two.)
    fn waits_for_an_earlier_symbol(&self, signal: &Signal) -> bool {
        let id = StreamEventId::of(signal);
        self.last_sent.is_some_and(|last| last.at() < id.at()) && !id.opens_its_candle()
    }
}

async fn hold_over(held: &mut Option<(Signal, Pin<Box<tokio::time::Sleep>>)>) {
    match held {
        Some((_, until)) => until.as_mut().await,
        None => std::future::pending().await,
    }
}

/// Whether `change` ends the stream: at once, or after reading the holder's rights again when
/// it says they *may* have changed.
async fn end_for(holder: StreamHolder, change: AccessChange, recheck: Recheck) -> Option<StreamEnd> {
    if let Some(end) = stream_end_for(&holder, &change) {
        return Some(end);
    }
    let may_concern_us = match change {
        AccessChange::Billing(user) => user == holder.user,
        AccessChange::MaybeMissed => true,
        _ => false,
    };
    if may_concern_us { recheck().await } else { None }
}

async fn next_signal(replay: &mut VecDeque<Signal>, signals: &mut BoxStream<'static, Signal>) -> Option<Signal> {
    match replay.pop_front() {
        Some(signal) => Some(signal),
        None => signals.next().await,
    }
}
