//! NSE equity-segment trading holidays, as data.
//!
//! Only weekdays are listed: holidays that fall on a Saturday or Sunday (Mahashivratri,
//! Id-ul-Fitr, Independence Day and Diwali Laxmi Pujan in 2026) close nothing extra. Diwali's
//! one-hour Muhurat session is not modelled. Source: the exchange's holiday circular for 2026
//! (including the 15 January municipal-election closure added later). Extend the list each
//! December, or pass a list from configuration to [`MarketCalendar::nse`](super::MarketCalendar::nse).

use chrono::NaiveDate;

/// `(year, month, day)` of each weekday on which the NSE does not trade in 2026.
const NSE_2026: [(i32, u32, u32); 16] = [
    (2026, 1, 15),  // Municipal corporation elections, Maharashtra
    (2026, 1, 26),  // Republic Day
    (2026, 3, 3),   // Holi
    (2026, 3, 26),  // Shri Ram Navami
    (2026, 3, 31),  // Shri Mahavir Jayanti
    (2026, 4, 3),   // Good Friday
    (2026, 4, 14),  // Dr. Baba Saheb Ambedkar Jayanti
    (2026, 5, 1),   // Maharashtra Day
    (2026, 5, 28),  // Bakri Id
    (2026, 6, 26),  // Muharram
    (2026, 9, 14),  // Ganesh Chaturthi
    (2026, 10, 2),  // Mahatma Gandhi Jayanti
    (2026, 10, 20), // Dussehra
    (2026, 11, 10), // Diwali Balipratipada
    (2026, 11, 24), // Guru Nanak Jayanti
    (2026, 12, 25), // Christmas
];

/// The NSE's 2026 trading holidays.
pub fn nse_2026() -> Vec<NaiveDate> {
    NSE_2026
        .iter()
        .map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("the holiday table holds valid dates"))
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    #[test]
    fn every_listed_holiday_is_a_weekday_of_2026() {
        for day in nse_2026() {
            assert_eq!(day.year(), 2026);
            assert!(day.weekday().num_days_from_monday() < 5, "{day} is a weekend day");
        }
    }
}
