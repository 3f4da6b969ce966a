//! The simulated market's statistics against the real indices', over several fixed seeds:
//! what makes the demo market teach the right lessons (see [`super::model`]).
//!
//! Thresholds come from what NIFTY and BANKNIFTY show: 5-minute returns correlated 0.6–0.9, an
//! opening half hour at least 1.5× as volatile as midday, an overnight gap of about 0.5 %,
//! fat tails, and daily volatility near 1 % and 1.3 %.

use super::*;

const SEEDS: [u64; 4] = [0, 1, 7, 2026];
const FIVE: Interval = Interval::FiveMinutes;

/// The last `days` regular sessions up to the anchor, oldest first.
fn sessions(days: usize) -> Vec<Session> {
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

fn market(seed: u64) -> MarketSimulator {
    MarketSimulator::with_seed(MarketCalendar::default(), seed)
}

fn log_returns(candles: &[Candle]) -> Vec<f64> {
    candles.iter().map(|c| (c.close() / c.open()).ln()).collect()
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn stdev(xs: &[f64]) -> f64 {
    let m = mean(xs);
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

fn correlation(xs: &[f64], ys: &[f64]) -> f64 {
    let (mx, my) = (mean(xs), mean(ys));
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn excess_kurtosis(xs: &[f64]) -> f64 {
    let m = mean(xs);
    let n = xs.len() as f64;
    let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n;
    xs.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n / var.powi(2) - 3.0
}

#[test]
fn nifty_and_banknifty_five_minute_returns_move_together_over_twenty_sessions() {
    for seed in SEEDS {
        let (mut nifty, mut bank) = (Vec::new(), Vec::new());
        for session in sessions(20) {
            nifty.extend(log_returns(&market(seed).session_candles(Symbol::Nifty, FIVE, &session)));
            bank.extend(log_returns(&market(seed).session_candles(Symbol::BankNifty, FIVE, &session)));
        }
        let rho = correlation(&nifty, &bank);
        eprintln!("seed {seed}: 5-minute return correlation {rho:.3} over {} pairs", nifty.len());
        assert!((0.6..=0.9).contains(&rho), "seed {seed}: correlation {rho:.3}");
    }
}

#[test]
fn the_first_half_hour_is_at_least_one_and_a_half_times_as_volatile_as_midday() {
    // 09:15–09:45 IST is candles 0..6; 12:00–13:30 IST is candles 33..51.
    for seed in SEEDS {
        for symbol in Symbol::ALL {
            let (mut opening, mut midday) = (Vec::new(), Vec::new());
            for session in sessions(60) {
                let returns = log_returns(&market(seed).session_candles(symbol, FIVE, &session));
                opening.extend_from_slice(&returns[..6]);
                midday.extend_from_slice(&returns[33..51]);
            }
            let ratio = stdev(&opening) / stdev(&midday);
            eprintln!("seed {seed} {symbol}: opening / midday 5-minute stdev {ratio:.2}");
            assert!(ratio >= 1.5, "seed {seed} {symbol}: ratio {ratio:.2}");
        }
    }
}

#[test]
fn each_day_gaps_from_the_previous_close_by_about_half_a_percent() {
    for seed in SEEDS {
        let days = sessions(250);
        let mut gaps = Vec::new();
        for pair in days.windows(2) {
            let yesterday = market(seed).session_candles(Symbol::Nifty, FIVE, &pair[0]);
            let today = market(seed).session_candles(Symbol::Nifty, FIVE, &pair[1]);
            let (close, open) = (yesterday.last().unwrap().close(), today[0].open());
            assert_ne!(open, close, "seed {seed}: {} opened exactly at the previous close", pair[1].date);
            gaps.push((open / close).ln());
        }
        let spread = stdev(&gaps);
        eprintln!("seed {seed}: NIFTY overnight gap stdev {:.3} %", spread * 100.0);
        assert!((0.0035..=0.0065).contains(&spread), "seed {seed}: gap stdev {spread:.4}");
    }
}

#[test]
fn five_minute_returns_have_fat_tails() {
    for seed in SEEDS {
        for symbol in Symbol::ALL {
            let returns: Vec<f64> = sessions(60)
                .iter()
                .flat_map(|session| log_returns(&market(seed).session_candles(symbol, FIVE, session)))
                .collect();
            let kurtosis = excess_kurtosis(&returns);
            eprintln!("seed {seed} {symbol}: 5-minute excess kurtosis {kurtosis:.2}");
            assert!(kurtosis > 1.0, "seed {seed} {symbol}: excess kurtosis {kurtosis:.2}");
        }
    }
}

#[test]
fn daily_volatility_is_near_one_percent_for_nifty_and_one_point_three_for_banknifty() {
    let days = sessions(250);
    for seed in SEEDS {
        for symbol in Symbol::ALL {
            let closes: Vec<f64> = days
                .iter()
                .map(|session| market(seed).session_candles(symbol, FIVE, session).last().unwrap().close())
                .collect();
            let returns: Vec<f64> = closes.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
            let (measured, target) = (stdev(&returns), Calibration::of(symbol).daily_volatility);
            eprintln!("seed {seed} {symbol}: daily stdev {:.3} % (target {:.1} %)", measured * 100.0, target * 100.0);
            assert!((measured / target - 1.0).abs() <= 0.2, "seed {seed} {symbol}: daily stdev {measured:.4}");
        }
    }
}
