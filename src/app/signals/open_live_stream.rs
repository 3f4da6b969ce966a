//! Opening a paid user's live stream: the signals they missed first, then live ones, until the
//! first reason their right to it ends (see [`super::live_signals`]).

use std::sync::Arc;

use futures_util::stream::{BoxStream, StreamExt};

use super::SignalsService;
use super::live_signals::{LiveEvent, LiveSources, Recheck, live_events};
use super::subscribe_signals::SubscribeSignalsError;
use crate::app::shared::PlanLookup;
use crate::domain::UserId;
use crate::domain::access::{StreamEnd, StreamHolder};
use crate::domain::signals::{Signal, StreamEventId, Symbol};
use crate::ports::{HistoryQuery, VerifiedAccess};

/// A session has 75 five-minute candles per symbol: more than enough to replay one session.
const REPLAY_PER_SYMBOL: usize = 80;

/// Who asks, and where their previous connection left off (`Last-Event-ID`), if anywhere.
pub struct OpenLiveStream {
    pub access: VerifiedAccess,
    pub resume_after: Option<StreamEventId>,
}

impl SignalsService {
    pub async fn open_live_stream(
        &self,
        request: OpenLiveStream,
    ) -> Result<BoxStream<'static, LiveEvent>, SubscribeSignalsError> {
        let user = request.access.user;
        let signals = self.subscribe_signals(user).await?;
        let changes = self.account_changes.subscribe().await?;
        let replay = match request.resume_after {
            Some(after) => self.missed_this_session(after).await?,
            None => Vec::new(),
        };
        let holder =
            StreamHolder { user, session: request.access.session, token_expires_at: request.access.expires_at };
        Ok(live_events(LiveSources {
            holder,
            replay,
            signals: futures_util::stream::unfold(signals, |mut s| async move { s.next().await.map(|x| (x, s)) })
                .boxed(),
            changes: futures_util::stream::unfold(changes, |mut c| async move { c.next().await.map(|x| (x, c)) })
                .boxed(),
            ended_elsewhere: self.live_streams.open(user),
            recheck: plan_recheck(self.plans.clone(), user),
            clock: self.clock.clone(),
        }))
    }

    /// Ends every live stream on this instance (it is shutting down): clients resume elsewhere.
    pub fn end_live_streams(&self) {
        self.live_streams.shut_down();
    }

    /// The stored signals after `after` from the current market session, oldest first: what a
    /// client reconnecting with `Last-Event-ID` missed. Older sessions are the history's job.
    async fn missed_this_session(&self, after: StreamEventId) -> Result<Vec<Signal>, SubscribeSignalsError> {
        let today = self.calendar.day_of(self.market_clock.now());
        let mut missed = Vec::new();
        for symbol in Symbol::ALL {
            let query = HistoryQuery { symbol, up_to: None, limit: REPLAY_PER_SYMBOL };
            let recent = self.signal_history.recent(query).await?;
            missed.extend(
                recent
                    .into_iter()
                    .map(|entry| entry.signal)
                    .filter(|signal| after.is_before(signal) && self.calendar.day_of(signal.generated_at) == today),
            );
        }
        missed.sort_by_key(StreamEventId::of);
        Ok(missed)
    }
}

/// Reads the plan from billing's store (not the cache, which the same announcement is about to
/// drop) when billing says it may have changed. A store that cannot be read keeps the stream:
/// the token's expiry bounds how long that can last.
fn plan_recheck(plans: Arc<dyn PlanLookup>, user: UserId) -> Recheck {
    Arc::new(move || {
        let plans = plans.clone();
        Box::pin(async move {
            match plans.current_plan_of(user).await {
                Ok(plan) if !plan.is_paid() => Some(StreamEnd::PlanEnded),
                _ => None,
            }
        })
    })
}
