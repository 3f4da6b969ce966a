/**
 * SEBI's F&O risk notice, word for word — the same text the server puts on the simulated checkout and on Stripe
 * Checkout (`src/domain/disclosure/risk_notice.rs`; a Rust test checks the two copies agree).
 */
export const FNO_RISK_NOTICE = '9 out of 10 individual traders in equity Futures and Options Segment incurred net losses.'
export const FNO_RISK_STUDY = 'SEBI study, FY2021-22 to FY2023-24: 93 % of individual F&O traders lost money'
export const RESEARCH_NOT_ADVICE =
  'Signals are research, not advice tailored to you; past performance does not guarantee future returns.'
