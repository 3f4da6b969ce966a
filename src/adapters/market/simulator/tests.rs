//! The simulator's contract: calibrated levels, deterministic candles, nothing from the future.

use super::*;

fn simulator() -> MarketSimulator {
    MarketSimulator::default()
}

fn trading_sessions(days: usize) -> Vec<Session> {
    let calendar = MarketCalendar::default();
    let mut session = calendar.session_on(anchor_date()).unwrap();
    let mut sessions = vec![session];
    while sessions.len() < days {
        session = calendar.previous_session(&session);
        sessions.push(session);
    }
    sessions.reverse();
    sessions
}

fn stdev(xs: &[f64]) -> f64 {
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

/// Over two years of simulated days, the daily log-return stdev is within ±30 % of the
/// calibration, and no 5-minute candle moves more than 3 % (open to close, or its range).
#[test]
fn daily_volatility_is_calibrated_and_five_minute_moves_stay_small() {
    let sessions = trading_sessions(500);
    for symbol in Symbol::ALL {
        let target = Calibration::of(symbol).daily_volatility;
        let mut closes = Vec::new();
        for session in &sessions {
            let candles = simulator().session_candles(symbol, Interval::FiveMinutes, session);
            assert_eq!(candles.len(), 75);
            for c in &candles {
                assert!((c.close() / c.open()).ln().abs() < 0.03, "{symbol} moved over 3 % in {c:?}");
                assert!(c.high() / c.low() < 1.03, "{symbol} ranged over 3 % in {c:?}");
            }
            closes.push(candles.last().unwrap().close());
        }
        let returns: Vec<f64> = closes.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
        let measured = stdev(&returns);
        eprintln!("{symbol}: daily log-return stdev {measured:.5} over {} days (target {target})", returns.len());
        assert!((measured / target - 1.0).abs() <= 0.3, "{symbol}: daily stdev {measured:.5} vs {target}");
    }
}

#[test]
fn levels_near_the_anchor_are_near_the_real_indices() {
    let anchor = MarketCalendar::default().session_on(anchor_date()).unwrap();
    let nifty = simulator().session_candles(Symbol::Nifty, Interval::FiveMinutes, &anchor);
    let bank = simulator().session_candles(Symbol::BankNifty, Interval::FiveMinutes, &anchor);
    assert!((nifty.last().unwrap().close() - 26_000.0).abs() < 0.01);
    assert!((bank.last().unwrap().close() - 59_000.0).abs() < 0.01);
}

#[test]
fn each_day_opens_near_the_previous_close() {
    let sessions = trading_sessions(60);
    for pair in sessions.windows(2) {
        let yesterday = simulator().session_candles(Symbol::Nifty, Interval::FiveMinutes, &pair[0]);
        let today = simulator().session_candles(Symbol::Nifty, Interval::FiveMinutes, &pair[1]);
        let gap = today[0].open() / yesterday.last().unwrap().close() - 1.0;
        // Gaps have a 0.5 % standard deviation: 3 % would be a crash, not a demo day.
        assert!(gap.abs() < 0.03, "{} opened {:.2} % away", pair[1].date, gap * 100.0);
    }
}

#[test]
fn two_simulators_agree_and_intervals_are_cut_from_one_path() {
    let session = trading_sessions(3)[0];
    let a = MarketSimulator::default().session_candles(Symbol::BankNifty, Interval::FiveMinutes, &session);
    let b = MarketSimulator::default().session_candles(Symbol::BankNifty, Interval::FiveMinutes, &session);
    assert_eq!(a, b);
    let fifteen = simulator().session_candles(Symbol::BankNifty, Interval::FifteenMinutes, &session);
    assert_eq!(fifteen.len(), 25);
    assert_eq!(fifteen[0].close(), a[2].close());
    assert_eq!(fifteen[0].high(), a[..3].iter().map(Candle::high).fold(f64::MIN, f64::max));
}

#[test]
fn a_seed_is_its_own_market_and_the_same_seed_is_the_same_market() {
    let session = trading_sessions(3)[1];
    let candles = |seed| {
        MarketSimulator::with_seed(MarketCalendar::default(), seed).session_candles(
            Symbol::Nifty,
            Interval::FiveMinutes,
            &session,
        )
    };
    assert_eq!(candles(5), candles(5));
    assert_ne!(candles(5), candles(6));
    assert_eq!(candles(0), simulator().session_candles(Symbol::Nifty, Interval::FiveMinutes, &session));
}

#[tokio::test]
async fn the_latest_candles_never_include_one_still_open() {
    let calendar = MarketCalendar::default();
    let session = calendar.session_on(anchor_date()).unwrap();
    let as_of = session.opens_at + chrono::Duration::minutes(12);
    let latest = simulator().latest(Symbol::Nifty, Interval::FiveMinutes, 5, as_of).await.unwrap();
    assert_eq!(latest.len(), 5);
    assert_eq!(latest.last().unwrap().close_time(), session.opens_at + chrono::Duration::minutes(10));
    assert_eq!(latest[2].close_time(), calendar.previous_session(&session).closes_at);
}
