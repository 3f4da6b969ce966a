//! What a SEBI-regulated research-analyst business must tell every visitor: who runs it, its
//! registration, where to write and complain, and the F&O risk notice before anyone pays.
//!
//! Plain data parsed once at startup; the HTTP, checkout and dashboard adapters only show it.

mod registration;
mod risk_notice;
mod site_identity;

pub use registration::{RaRegistrationError, RaRegistrationNo};
pub use risk_notice::{FNO_RISK_NOTICE, FNO_RISK_STUDY, RESEARCH_NOT_ADVICE, risk_notice_text};
pub use site_identity::{ResearchAnalyst, SiteIdentity};
