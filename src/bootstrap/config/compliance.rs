//! The business's public identity (`BUSINESS_NAME`, `RA_NAME`, `RA_REGISTRATION_NO`,
//! `CONTACT_EMAIL`, `GRIEVANCE_EMAIL`): what SEBI's rules for research analysts oblige every
//! page to show. Production refuses to start without them — a page selling research with no
//! registration number on it breaks the rules on its first visit — unless it is a declared
//! demo; development and demos get placeholders that say what they are.
//!
//! A value that is set is checked everywhere: a mistyped registration number or email would
//! otherwise be printed in every footer.

use super::{AppEnv, ConfigError, Settings};
use crate::domain::Email;
use crate::domain::disclosure::{RaRegistrationNo, ResearchAnalyst, SiteIdentity};

/// Shown when `BUSINESS_NAME` is unset outside production.
pub const PLACEHOLDER_BUSINESS_NAME: &str = "Signalbox (demo)";
/// Shown when `RA_NAME` is unset outside production.
pub const PLACEHOLDER_RA_NAME: &str = "Not a SEBI-registered research analyst — demo";
/// `example.com` is reserved for examples: nobody's mail goes there by accident.
pub const PLACEHOLDER_CONTACT_EMAIL: &str = "contact@example.com";
pub const PLACEHOLDER_GRIEVANCE_EMAIL: &str = "grievance@example.com";

impl Settings {
    /// The identity every page shows, parsed from the settings (placeholders where allowed).
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] for a malformed email or registration number;
    /// [`ConfigError::UnsafeForProduction`] for a missing value in production outside a demo.
    pub fn site_identity(&self) -> Result<SiteIdentity, ConfigError> {
        let required = self.app_env == AppEnv::Production && !self.demo_mode;
        let business_name = given(&self.business_name, required, || {
            ConfigError::UnsafeForProduction(
                "BUSINESS_NAME must be set to the business's legal name, shown in every page's footer as SEBI \
                 requires (or DEMO_MODE=true for a demo)",
            )
        })?
        .unwrap_or_else(|| PLACEHOLDER_BUSINESS_NAME.to_owned());
        let ra_name = given(&self.ra_name, required, || {
            ConfigError::UnsafeForProduction(
                "RA_NAME must be set to the research analyst's name as registered with SEBI (or DEMO_MODE=true for \
                 a demo)",
            )
        })?
        .unwrap_or_else(|| PLACEHOLDER_RA_NAME.to_owned());
        let registration_no = given(&self.ra_registration_no, required, || {
            ConfigError::UnsafeForProduction(
                "RA_REGISTRATION_NO must be set to the SEBI research-analyst registration number, INH followed by 9 \
                 digits, e.g. INH000012345 (or DEMO_MODE=true for a demo)",
            )
        })?
        .map(|raw| {
            RaRegistrationNo::parse(&raw).map_err(|err| ConfigError::Invalid(format!("RA_REGISTRATION_NO: {err}")))
        })
        .transpose()?;
        let contact = given(&self.contact_email, required, || {
            ConfigError::UnsafeForProduction(
                "CONTACT_EMAIL must be set to the address customers write to (or DEMO_MODE=true for a demo)",
            )
        })?;
        let grievance = given(&self.grievance_email, required, || {
            ConfigError::UnsafeForProduction(
                "GRIEVANCE_EMAIL must be set to the grievance officer's address, the step before SEBI SCORES in the \
                 complaint route (or DEMO_MODE=true for a demo)",
            )
        })?;
        Ok(SiteIdentity {
            business_name,
            research_analyst: ResearchAnalyst { name: ra_name, registration_no },
            contact_email: email("CONTACT_EMAIL", contact.as_deref().unwrap_or(PLACEHOLDER_CONTACT_EMAIL))?,
            grievance_email: email("GRIEVANCE_EMAIL", grievance.as_deref().unwrap_or(PLACEHOLDER_GRIEVANCE_EMAIL))?,
            demo_mode: self.demo_mode,
        })
    }
}

/// The trimmed value; blank counts as unset, which `required` refuses with `missing()`.
fn given(
    value: &Option<String>,
    required: bool,
    missing: impl FnOnce() -> ConfigError,
) -> Result<Option<String>, ConfigError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Ok(Some(v.to_owned())),
        None if required => Err(missing()),
        None => Ok(None),
    }
}

fn email(key: &str, raw: &str) -> Result<Email, ConfigError> {
    Email::parse(raw).map_err(|err| ConfigError::Invalid(format!("{key}: {err} ({raw:?})")))
}

#[cfg(test)]
mod tests {
    use figment::Figment;

    use super::*;
    use crate::bootstrap::config::tests::{demo, figment, production, refusal};

    const KEYS: [&str; 5] = ["business_name", "ra_name", "ra_registration_no", "contact_email", "grievance_email"];

    /// A production figment without `key` (the helper always sets it).
    fn production_without(key: &str) -> Result<Settings, ConfigError> {
        production(&[(key, "")])
    }

    #[test]
    fn production_refuses_to_start_when_any_compliance_setting_is_missing_or_blank_and_names_it() {
        for key in KEYS {
            let var = key.to_ascii_uppercase();
            for blank in ["", "   "] {
                let message = refusal(production(&[(key, blank)]));
                assert!(message.contains(&format!("{var} must be set")), "{key}={blank:?}: {message}");
                assert!(message.contains("DEMO_MODE=true"), "the fix for a demo is named: {message}");
            }
            assert!(matches!(production_without(key), Err(ConfigError::UnsafeForProduction(_))), "{key}");
        }
    }

    #[test]
    fn production_with_every_compliance_setting_shows_them_as_given() {
        let identity = production(&[]).unwrap().site_identity().unwrap();
        assert_eq!(identity.business_name, "Example Research Pvt Ltd");
        assert_eq!(identity.research_analyst.name, "A. Analyst");
        assert_eq!(identity.research_analyst.registration_no.map(|n| n.to_string()).as_deref(), Some("INH000012345"));
        assert_eq!(identity.contact_email.as_str(), "support@example.in");
        assert_eq!(identity.grievance_email.as_str(), "grievance@example.in");
        assert!(!identity.demo_mode);
    }

    #[test]
    fn a_declared_demo_in_production_starts_without_them_and_shows_labelled_placeholders() {
        let blanks: Vec<(&str, &str)> = KEYS.iter().map(|k| (*k, "")).collect();
        let mut overrides = blanks.clone();
        overrides.extend([("market_data", "simulator"), ("stripe_secret_key", "sk_test_x")]);
        let identity = demo(&overrides).unwrap().site_identity().unwrap();
        assert_eq!(identity.business_name, PLACEHOLDER_BUSINESS_NAME);
        assert!(identity.research_analyst.name.contains("Not a SEBI-registered"));
        assert_eq!(identity.research_analyst.registration_no, None);
        assert!(identity.demo_mode);
    }

    #[test]
    fn development_gets_placeholders_that_say_they_are_a_demo() {
        let identity = Settings::from_figment(Figment::new()).unwrap().site_identity().unwrap();
        assert_eq!(identity.business_name, "Signalbox (demo)");
        assert_eq!(identity.research_analyst.name, "Not a SEBI-registered research analyst — demo");
        assert_eq!(identity.research_analyst.registration_no, None);
        assert_eq!(identity.contact_email.as_str(), PLACEHOLDER_CONTACT_EMAIL);
        assert_eq!(identity.grievance_email.as_str(), PLACEHOLDER_GRIEVANCE_EMAIL);
    }

    #[test]
    fn a_malformed_registration_number_refuses_to_start_everywhere() {
        for value in ["INH12345", "INA000012345", "INH00001234X"] {
            let dev = Settings::from_figment(figment(&[("ra_registration_no", value)]));
            assert!(
                matches!(&dev, Err(ConfigError::Invalid(m)) if m.contains("RA_REGISTRATION_NO")),
                "{value}: {dev:?}"
            );
            let prod = production(&[("ra_registration_no", value)]);
            assert!(matches!(&prod, Err(ConfigError::Invalid(m)) if m.contains("INH")), "{value}: {prod:?}");
        }
    }

    #[test]
    fn a_malformed_contact_or_grievance_email_refuses_to_start_everywhere() {
        for key in ["contact_email", "grievance_email"] {
            let var = key.to_ascii_uppercase();
            let dev = Settings::from_figment(figment(&[(key, "not-an-address")]));
            assert!(matches!(&dev, Err(ConfigError::Invalid(m)) if m.contains(&var)), "{key}: {dev:?}");
            let prod = production(&[(key, "grievance at example.in")]);
            assert!(matches!(&prod, Err(ConfigError::Invalid(m)) if m.contains(&var)), "{key}: {prod:?}");
        }
    }
}
