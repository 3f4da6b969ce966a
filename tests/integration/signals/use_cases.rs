//! The signal use cases below HTTP: history with its free-plan cut-off and track record, the
//! paid-only live stream, and the candle clock that feeds both without any request.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use secrecy::ExposeSecret;
use signalbox::adapters::clock::ManualClock;
use signalbox::adapters::memory::{InMemoryAccounts, InMemoryRefreshTokens};
use signalbox::adapters::simulated_stripe::SimulatedStripe;
use signalbox::app::Services;
use signalbox::app::accounts::{Attempt, LoginCommand, SignupCommand};
use signalbox::app::signals::SignalsService;
use signalbox::app::signals::SubscribeSignalsError;
use signalbox::bootstrap::wiring::{InProcess, in_process};
use signalbox::domain::market::{Interval, MarketCalendar, MarketStatus};
use signalbox::domain::signals::{HistoryLimit, Symbol};
use signalbox::domain::{Email, Password, QuotaDecision, UserId};
use signalbox::ports::{Clock, SignalSubscription};

use crate::support::api_client::unique_email;
use crate::support::signed_events::checkout_completed;
use crate::support::test_app::{PASSWORD, TestApp, cheap_hasher, settings};

fn ist(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(19_800).unwrap().with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap().to_utc()
}

/// Runs the candle clock's work for every 5-minute close from `from` to `to`, inclusive.
async fn candles_close(app: &SignalsService, from: DateTime<Utc>, to: DateTime<Utc>) {
    let mut at = from;
    while at <= to {
        app.candle_closed(at).await;
        at += chrono::Duration::minutes(5);
    }
}

async fn user_of(app: &TestApp, token: &str) -> UserId {
    app.app.accounts.authenticate(token).await.expect("a valid token").user
}

async fn next(subscription: &mut SignalSubscription) -> signalbox::domain::signals::Signal {
    tokio::time::timeout(Duration::from_secs(5), subscription.next()).await.expect("a signal in time").expect("open")
}

#[tokio::test]
async fn a_free_user_sees_history_up_to_the_previous_session_and_a_paid_user_everything() {
    // Wednesday 25, 10:00 IST; Tuesday 24 was a holiday, so Monday 23 is the previous session.
    let app = TestApp::new();
    assert_eq!(app.clock.now(), ist(25, 10, 0));
    candles_close(&app.app.signals, ist(23, 15, 0), ist(23, 15, 30)).await;
    candles_close(&app.app.signals, ist(25, 9, 20), ist(25, 10, 0)).await;
    let free = user_of(&app, &app.new_user("free-history@example.com").await).await;
    let paid_token = app.new_user("paid-history@example.com").await;
    app.subscribe(&paid_token).await;
    let paid = user_of(&app, &paid_token).await;

    let free_view = app.app.signals.signal_history(free, Symbol::Nifty, HistoryLimit::default()).await.unwrap();
    let paid_view = app.app.signals.signal_history(paid, Symbol::Nifty, HistoryLimit::default()).await.unwrap();

    let times = |entries: &[signalbox::ports::HistoryEntry]| -> Vec<_> {
        entries.iter().map(|e| e.signal.generated_at).collect()
    };
    assert_eq!(free_view.visible_until, Some(ist(23, 15, 30)));
    assert_eq!(times(&free_view.entries).first(), Some(&ist(23, 15, 30)), "nothing of today");
    assert_eq!(free_view.entries.len(), 7);
    assert_eq!(paid_view.visible_until, None);
    assert_eq!(times(&paid_view.entries).first(), Some(&ist(25, 10, 0)), "newest first, today included");
    assert_eq!(paid_view.entries.len(), 16);
}

/// A page just read is shared by the next readers of the same page within the market moment,
/// but never one that misses the current candle's signal (another instance may record it just
/// after the close), and never across a candle close.
#[tokio::test]
async fn a_history_page_is_reused_within_its_candle_once_it_holds_that_candles_signal() {
    let app = TestApp::new();
    assert_eq!(app.clock.now(), ist(25, 10, 0));
    candles_close(&app.app.signals, ist(23, 15, 0), ist(23, 15, 30)).await;
    candles_close(&app.app.signals, ist(25, 9, 20), ist(25, 9, 55)).await;
    let token = app.new_user("paid-pages@example.com").await;
    app.subscribe(&token).await;
    let paid = user_of(&app, &token).await;
    let read = || app.app.signals.signal_history(paid, Symbol::Nifty, HistoryLimit::default());

    let before_the_close_was_recorded = read().await.unwrap();
    app.app.signals.candle_closed(ist(25, 10, 0)).await; // as another instance would, a moment late
    let after = read().await.unwrap();
    let again = read().await.unwrap();

    assert_eq!(before_the_close_was_recorded.entries[0].signal.generated_at, ist(25, 9, 55));
    assert_eq!(after.entries[0].signal.generated_at, ist(25, 10, 0), "the late signal is not hidden");
    assert!(std::sync::Arc::ptr_eq(&after, &again), "a complete page is reused");

    let free_a = user_of(&app, &app.new_user("free-pages-a@example.com").await).await;
    let free_b = user_of(&app, &app.new_user("free-pages-b@example.com").await).await;
    let (a, b) = (
        app.app.signals.signal_history(free_a, Symbol::Nifty, HistoryLimit::default()).await.unwrap(),
        app.app.signals.signal_history(free_b, Symbol::Nifty, HistoryLimit::default()).await.unwrap(),
    );
    assert!(std::sync::Arc::ptr_eq(&a, &b), "free users share their page too");
    assert_eq!(a.visible_until, Some(ist(23, 15, 30)));

    app.clock.advance(chrono::Duration::minutes(5));
    app.app.signals.candle_closed(ist(25, 10, 5)).await;
    let next_candle = read().await.unwrap();
    assert_eq!(next_candle.entries[0].signal.generated_at, ist(25, 10, 5));
}

#[tokio::test]
async fn outcomes_appear_once_three_candles_have_closed_even_across_the_night() {
    let app = TestApp::new();
    candles_close(&app.app.signals, ist(23, 15, 0), ist(23, 15, 30)).await;
    candles_close(&app.app.signals, ist(25, 9, 20), ist(25, 10, 0)).await;
    let token = app.new_user("outcomes@example.com").await;
    app.subscribe(&token).await;
    let paid = user_of(&app, &token).await;

    let view =
        app.app.signals.signal_history(paid, Symbol::BankNifty, HistoryLimit::parse(200).unwrap()).await.unwrap();

    let outcome_at = |at| view.entries.iter().find(|e| e.signal.generated_at == at).unwrap().outcome;
    assert_eq!(outcome_at(ist(25, 10, 0)), None);
    assert_eq!(outcome_at(ist(25, 9, 50)), None, "two candles after it so far");
    assert_eq!(outcome_at(ist(25, 9, 45)).unwrap().after_minutes, 15);
    assert!(outcome_at(ist(23, 15, 30)).is_some(), "Monday's last signal, settled on Wednesday's candles");
}

#[tokio::test]
async fn reading_the_history_never_spends_a_free_request() {
    let app = TestApp::new();
    let free = user_of(&app, &app.new_user("history-free@example.com").await).await;

    for _ in 0..5 {
        app.app.signals.signal_history(free, Symbol::Nifty, HistoryLimit::default()).await.unwrap();
    }

    let quota = app.app.signals.quota_status(free).await.unwrap();
    assert!(matches!(quota, QuotaDecision::Limited { remaining: 3, .. }), "{quota:?}");
}

#[tokio::test]
async fn only_a_paid_user_may_stream_and_then_receives_each_new_candles_signals() {
    let app = TestApp::new();
    let free = user_of(&app, &app.new_user("stream-free@example.com").await).await;
    let paid_token = app.new_user("stream-paid@example.com").await;
    app.subscribe(&paid_token).await;
    let paid = user_of(&app, &paid_token).await;

    assert!(matches!(app.app.signals.subscribe_signals(free).await, Err(SubscribeSignalsError::PaidOnly)));
    let mut stream = app.app.signals.subscribe_signals(paid).await.expect("paid users stream");
    app.app.signals.candle_closed(ist(25, 10, 5)).await;

    let first = next(&mut stream).await;
    let second = next(&mut stream).await;
    assert_eq!((first.symbol, first.generated_at), (Symbol::Nifty, ist(25, 10, 5)));
    assert_eq!((second.symbol, second.generated_at), (Symbol::BankNifty, ist(25, 10, 5)));
}

#[tokio::test]
async fn a_candle_computed_again_is_neither_stored_nor_announced_twice() {
    let app = TestApp::new();
    let token = app.new_user("stream-once@example.com").await;
    app.subscribe(&token).await;
    let mut stream = app.app.signals.subscribe_signals(user_of(&app, &token).await).await.unwrap();

    app.app.signals.candle_closed(ist(25, 10, 5)).await;
    app.app.signals.candle_closed(ist(25, 10, 5)).await;
    app.app.signals.candle_closed(ist(25, 10, 10)).await;

    let got: Vec<_> = [next(&mut stream).await, next(&mut stream).await, next(&mut stream).await]
        .into_iter()
        .map(|s| (s.symbol, s.generated_at))
        .collect();
    assert_eq!(
        got,
        vec![(Symbol::Nifty, ist(25, 10, 5)), (Symbol::BankNifty, ist(25, 10, 5)), (Symbol::Nifty, ist(25, 10, 10))]
    );
}

/// The application over in-memory adapters, on `real` time for accounts and billing and
/// `market` time for the market side.
fn app_on_clocks(real: Arc<dyn Clock>, market: Arc<dyn Clock>) -> Services {
    let settings = settings(&[]);
    let accounts = Arc::new(InMemoryAccounts::new());
    let parts = InProcess {
        users: accounts.clone(),
        billing: accounts,
        refresh_tokens: Arc::new(InMemoryRefreshTokens::default()),
        password_resets: Arc::new(signalbox::adapters::memory::InMemoryPasswordResets::default()),
        mailer: Arc::new(signalbox::adapters::mail::DevOutbox::new(real.clone())),
        gateway: Arc::new(SimulatedStripe::new(settings.public_url())),
        hasher: Arc::new(cheap_hasher()),
        clock: real,
        market_clock: market,
    };
    in_process(&settings, parts).unwrap()
}

/// A clock that follows Tokio's: with time paused, it moves exactly as far as the runtime
/// advances, so a loop that sleeps until the next candle close wakes on that close.
struct TokioClock {
    start: DateTime<Utc>,
    origin: tokio::time::Instant,
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        self.start + chrono::Duration::from_std(self.origin.elapsed()).unwrap()
    }

    fn pause(&self, duration: std::time::Duration) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[tokio::test]
async fn the_candle_clock_announces_each_candle_close_without_any_request() {
    // Real time: the simulated checkout's webhook is signed and dated now.
    let clock = Arc::new(TokioClock { start: Utc::now(), origin: tokio::time::Instant::now() });
    let app = app_on_clocks(clock.clone(), clock.clone());
    let email = Email::parse(&unique_email("clock")).unwrap();
    let command = SignupCommand { email, password: Password::parse(PASSWORD).unwrap() };
    let client = signalbox::domain::ClientNetwork::parse("127.0.0.1").unwrap();
    let user = app.accounts.signup(app.accounts.admit(Attempt::Signup, client).await.unwrap(), command).await.unwrap();
    let event = checkout_completed(&user.id.to_string());
    app.billing.handle_webhook(&event.payload, Some(&event.signature)).await.expect("checkout applied");
    let mut stream = app.signals.subscribe_signals(user.id).await.expect("paid");
    tokio::time::pause();
    let calendar = MarketCalendar::default();
    let first_close = calendar.next_candle_close(clock.now(), Interval::FiveMinutes);
    let second_close = calendar.next_candle_close(first_close, Interval::FiveMinutes);

    let ticking = tokio::spawn(app.signals.clone().run_candle_clock());
    // Virtual time: up to a long weekend can pass before the next close, instantly.
    let mut received = Vec::new();
    for _ in 0..4 {
        let signal = tokio::time::timeout(Duration::from_secs(5 * 86_400), stream.next()).await.unwrap().unwrap();
        received.push((signal.symbol, signal.generated_at));
    }
    ticking.abort();

    assert_eq!(
        received,
        vec![
            (Symbol::Nifty, first_close),
            (Symbol::BankNifty, first_close),
            (Symbol::Nifty, second_close),
            (Symbol::BankNifty, second_close)
        ]
    );
    assert_eq!(app.signals.signal_computations(), 4, "once per symbol and candle");
}

#[tokio::test]
async fn the_market_side_runs_on_the_market_clock_and_tokens_and_quotas_on_the_real_one() {
    // Real time: Saturday 28 Nov, noon IST (market closed). The market's clock: Wednesday 25,
    // 10:07 IST, mid-session — a demo replaying a trading day.
    let real = Arc::new(ManualClock::new(ist(28, 12, 0)));
    let market = Arc::new(ManualClock::new(ist(25, 10, 7)));
    let app = app_on_clocks(real.clone(), market.clone());
    let client = signalbox::domain::ClientNetwork::parse("127.0.0.1").unwrap();
    let email = Email::parse(&unique_email("two-clocks")).unwrap();
    let command = SignupCommand { email: email.clone(), password: Password::parse(PASSWORD).unwrap() };
    let user = app.accounts.signup(app.accounts.admit(Attempt::Signup, client).await.unwrap(), command).await.unwrap();
    let login = LoginCommand { email, password: Some(Password::parse(PASSWORD).unwrap()) };
    let session = app.accounts.login(app.accounts.admit(Attempt::Login, client).await.unwrap(), login).await.unwrap();
    let token = session.access.token.expose_secret().to_owned();

    let signals = app.signals.get_signals(user.id).await.unwrap();
    // A day of market time passes in no real time: the 30-minute token stays valid.
    market.advance(chrono::Duration::days(1));
    let after_a_market_day = app.accounts.authenticate(&token).await;
    real.advance(chrono::Duration::minutes(31));
    let after_31_real_minutes = app.accounts.authenticate(&token).await;

    assert_eq!(signals.market.status, MarketStatus::Open);
    assert_eq!(signals.market.as_of, ist(25, 10, 5));
    assert!(signals.current.signals.iter().all(|s| s.generated_at == ist(25, 10, 5)));
    // Published on the market's clock at 10:07, computed on the simulator's candles.
    assert!(signals.current.signals.iter().all(|s| s.published_at == ist(25, 10, 7)), "{:?}", signals.current);
    assert!(signals.current.signals.iter().all(|s| s.simulated && s.source.as_str() == "simulator"));
    let QuotaDecision::Limited { resets_at, .. } = signals.quota else { panic!("a free user is counted") };
    assert_eq!(resets_at, ist(29, 0, 0), "the quota day is the real one");
    assert_eq!(after_a_market_day.ok().map(|access| access.user), Some(user.id));
    assert!(after_31_real_minutes.is_err(), "the token expires by real time");
}

/// A market clock that moves `step` forward each time it is read: a start so slow that
/// candles close while the backfill runs.
struct SteppingClock {
    at: std::sync::Mutex<DateTime<Utc>>,
    step: chrono::Duration,
}

impl Clock for SteppingClock {
    fn now(&self) -> DateTime<Utc> {
        let mut at = self.at.lock().unwrap();
        let now = *at;
        *at += self.step;
        now
    }

    fn pause(&self, _: std::time::Duration) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        Box::pin(std::future::ready(()))
    }
}

#[tokio::test]
async fn candles_that_close_while_the_start_up_backfill_runs_are_caught_up() {
    // Real time for the webhook's signature; the market's clock gains 11 minutes per reading,
    // starting Wednesday 25 Nov, 10:07 IST: each catch-up pass finds new closes.
    let real = Arc::new(ManualClock::new(Utc::now()));
    let market =
        Arc::new(SteppingClock { at: std::sync::Mutex::new(ist(25, 10, 7)), step: chrono::Duration::minutes(11) });
    let app = app_on_clocks(real.clone(), market.clone());
    let email = Email::parse(&unique_email("catch-up")).unwrap();
    let command = SignupCommand { email, password: Password::parse(PASSWORD).unwrap() };
    let client = signalbox::domain::ClientNetwork::parse("127.0.0.1").unwrap();
    let user = app.accounts.signup(app.accounts.admit(Attempt::Signup, client).await.unwrap(), command).await.unwrap();
    let event = checkout_completed(&user.id.to_string());
    app.billing.handle_webhook(&event.payload, Some(&event.signature)).await.expect("checkout applied");

    app.signals.backfill_at_start().await.unwrap();

    let history = app.signals.signal_history(user.id, Symbol::Nifty, HistoryLimit::parse(100).unwrap()).await.unwrap();
    let today: Vec<DateTime<Utc>> =
        history.entries.iter().map(|e| e.signal.generated_at).filter(|at| *at >= ist(25, 9, 20)).collect();
    // The backfill began at 10:07; four catch-up passes read 10:18, 10:29, 10:40 and 10:51.
    let every_close: Vec<DateTime<Utc>> =
        (0..=18).rev().map(|n| ist(25, 9, 20) + chrono::Duration::minutes(5 * n)).collect();
    assert_eq!(today.first(), Some(&ist(25, 10, 50)), "caught up to the last pass");
    assert_eq!(today, every_close, "every candle of the session, none missing");
}
