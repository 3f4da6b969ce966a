//! Technical indicators over a price series: simple moving averages and Wilder's RSI.

/// Simple moving average; `out[i]` averages `prices[i+1-window ..= i]`, NaN before that.
pub fn sma(prices: &[f64], window: usize) -> Vec<f64> {
    let mut out = vec![f64::NAN; prices.len()];
    if window == 0 || prices.len() < window {
        return out;
    }
    let mut sum: f64 = prices[..window].iter().sum();
    out[window - 1] = sum / window as f64;
    for i in window..prices.len() {
        sum += prices[i] - prices[i - window];
        out[i] = sum / window as f64;
    }
    out
}

/// Wilder's relative strength index of the whole series, 0..=100 (50 when undefined).
pub fn rsi(prices: &[f64], period: usize) -> f64 {
    if period == 0 || prices.len() <= period {
        return 50.0;
    }
    let changes: Vec<f64> = prices.windows(2).map(|w| w[1] - w[0]).collect();
    let mut gain = changes[..period].iter().filter(|c| **c > 0.0).sum::<f64>() / period as f64;
    let mut loss = -changes[..period].iter().filter(|c| **c < 0.0).sum::<f64>() / period as f64;
    for change in &changes[period..] {
        gain = (gain * (period - 1) as f64 + change.max(0.0)) / period as f64;
        loss = (loss * (period - 1) as f64 + (-change).max(0.0)) / period as f64;
    }
    if loss == 0.0 {
        return if gain == 0.0 { 50.0 } else { 100.0 };
    }
    100.0 - 100.0 / (1.0 + gain / loss)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sma_averages_the_trailing_window() {
        let out = sma(&[1.0, 2.0, 3.0, 4.0], 2);
        assert!(out[0].is_nan());
        assert_eq!(&out[1..], &[1.5, 2.5, 3.5]);
    }

    #[test]
    fn rsi_is_100_for_a_series_that_only_rises_and_0_for_one_that_only_falls() {
        let up: Vec<f64> = (1..=30).map(f64::from).collect();
        let down: Vec<f64> = up.iter().rev().copied().collect();
        assert_eq!(rsi(&up, 14), 100.0);
        assert_eq!(rsi(&down, 14), 0.0);
    }

    #[test]
    fn rsi_of_an_alternating_series_is_near_50() {
        let zigzag: Vec<f64> = (0..100).map(|i| if i % 2 == 0 { 10.0 } else { 11.0 }).collect();
        assert!((rsi(&zigzag, 14) - 50.0).abs() < 5.0);
    }
}
