//! The risk notice SEBI requires next to any offer to pay for research on futures and options,
//! word for word, and the study it quotes. One copy here, so the dashboard (through `/site`
//! consumers), the simulated checkout and Stripe Checkout's submit text cannot drift apart.

/// SEBI's mandated sentence.
pub const FNO_RISK_NOTICE: &str =
    "9 out of 10 individual traders in equity Futures and Options Segment incurred net losses.";

/// Where the sentence comes from.
pub const FNO_RISK_STUDY: &str = "SEBI study, FY2021-22 to FY2023-24: 93 % of individual F&O traders lost money";

/// What a subscription buys, and what it does not promise.
pub const RESEARCH_NOT_ADVICE: &str =
    "Signals are research, not advice tailored to you; past performance does not guarantee future returns.";

/// The whole notice as one paragraph, for places that take plain text (Stripe Checkout's
/// `custom_text.submit.message`, at most 1200 characters).
pub fn risk_notice_text() -> String {
    format!("{FNO_RISK_NOTICE} ({FNO_RISK_STUDY}.) {RESEARCH_NOT_ADVICE}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_carries_sebis_sentence_the_study_and_the_caveat_within_stripes_limit() {
        let text = risk_notice_text();
        assert!(text.starts_with(FNO_RISK_NOTICE) && text.contains("93 %") && text.ends_with(RESEARCH_NOT_ADVICE));
        assert!(text.chars().count() <= 1200, "{}", text.len());
    }
}
