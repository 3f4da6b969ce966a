//! History pages this process has just read, reused until the market can have changed them.
//!
//! A history read cost three store queries (outcomes to settle, the page, the track record)
//! and ran at a twentieth of `/health`. What a page shows only changes at candle closes: a new
//! signal is stamped with the candle it was computed on, and an outcome becomes due when its
//! horizon candle closes. So a page read within one market moment can be handed to the next
//! reader of the same page until the moment ends, with three conditions:
//! - it is **complete for the moment**: a page that shows the newest signals must already hold
//!   the current candle's (another instance may record it a moment after the close, and a page
//!   read before that would otherwise hide it until the next close);
//! - its outcomes were **settled** when it was read (if settling failed, the next read tries
//!   again);
//! - it is at most [`MAX_AGE_SECONDS`] old, which bounds what no candle close announces (an
//!   instance starting up backfills older history).
//!
//! Pages are keyed by what the reader may see (symbol, visibility bound, page size), so every
//! paid user shares one page per symbol and size, and free users another. Bounded: a stranger
//! cycling page sizes only turns the reuse off.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::domain::signals::Symbol;

/// The longest a page is reused, in market time.
pub(crate) const MAX_AGE_SECONDS: i64 = 60;
/// Pages kept at most; past this, expired pages go, then all of them.
const MAX_PAGES: usize = 32;

/// What a page shows: who may see what, of which symbol, how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct PageKey {
    pub symbol: Symbol,
    pub visible_until: Option<DateTime<Utc>>,
    pub limit: usize,
}

pub(crate) struct HistoryPages<P> {
    pages: Mutex<HashMap<PageKey, Kept<P>>>,
}

struct Kept<P> {
    page: Arc<P>,
    read_at: DateTime<Utc>,
    good_until: DateTime<Utc>,
}

impl<P> Default for HistoryPages<P> {
    fn default() -> Self {
        Self { pages: Mutex::new(HashMap::new()) }
    }
}

impl<P> HistoryPages<P> {
    /// The page kept for `key`, if it was read in the market moment `now` is in.
    pub(crate) fn get(&self, key: &PageKey, now: DateTime<Utc>) -> Option<Arc<P>> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let kept = pages.get(key)?;
        (kept.read_at <= now && now < kept.good_until).then(|| kept.page.clone())
    }

    /// Keeps `page`, read at `now`, until the moment ends (`moment_ends`) or it is
    /// [`MAX_AGE_SECONDS`] old, whichever comes first.
    pub(crate) fn keep(&self, key: PageKey, page: Arc<P>, now: DateTime<Utc>, moment_ends: DateTime<Utc>) {
        let good_until = moment_ends.min(now + Duration::seconds(MAX_AGE_SECONDS));
        if now >= good_until {
            return;
        }
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
            pages.retain(|_, kept| now < kept.good_until);
            if pages.len() >= MAX_PAGES {
                pages.clear();
            }
        }
        pages.insert(key, Kept { page, read_at: now, good_until });
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 5, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    fn key(limit: usize) -> PageKey {
        PageKey { symbol: Symbol::Nifty, visible_until: None, limit }
    }

    #[test]
    fn a_page_is_reused_within_its_moment_and_for_at_most_a_minute() {
        let pages = HistoryPages::default();
        pages.keep(key(50), Arc::new("page"), at(0), at(300));

        assert!(pages.get(&key(50), at(59)).is_some());
        assert!(pages.get(&key(50), at(60)).is_none(), "a minute old");
        assert!(pages.get(&key(20), at(1)).is_none(), "another page");
        assert!(pages.get(&key(50), at(-1)).is_none(), "a clock set back");

        pages.keep(key(50), Arc::new("page"), at(280), at(300));
        assert!(pages.get(&key(50), at(299)).is_some());
        assert!(pages.get(&key(50), at(300)).is_none(), "the next candle closed");
    }

    #[test]
    fn pages_are_bounded() {
        let pages = HistoryPages::default();
        for limit in 0..MAX_PAGES + 5 {
            pages.keep(key(limit), Arc::new(limit), at(0), at(300));
        }
        let kept = (0..MAX_PAGES + 5).filter(|limit| pages.get(&key(*limit), at(1)).is_some()).count();
        assert!(kept <= MAX_PAGES, "{kept}");
        assert!(pages.get(&key(MAX_PAGES + 4), at(1)).is_some(), "the newest is kept");
    }
}
