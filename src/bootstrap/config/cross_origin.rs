//! The settings for a dashboard served by another host than the API: which origins may call
//! it with credentials (`CORS_ALLOWED_ORIGINS`), and whether the refresh cookie must cross
//! sites (`COOKIE_CROSS_SITE`), and where the dashboard lives for links that lead back to it
//! (`FRONTEND_URL`). Checked at startup like every other setting.

use super::server::is_https_url;
use super::{AppEnv, ConfigError, Settings};

impl Settings {
    /// Where the dashboard lives (`FRONTEND_URL`, else [`Settings::public_url`]), without a
    /// trailing slash: the base of every link that sends a person back to it.
    pub fn frontend_url(&self) -> String {
        match self.frontend_url.as_deref().map(str::trim).filter(|url| !url.is_empty()) {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => self.public_url(),
        }
    }

    /// The listed origins, each exactly `scheme://host[:port]` (what browsers send in
    /// `Origin`); empty when unset.
    ///
    /// # Errors
    /// An entry that is not such an origin (a path, a trailing slash, `*`, another scheme):
    /// browsers would never send it, so the dashboard it was meant for would stay blocked.
    pub fn cors_allowed_origins(&self) -> Result<Vec<String>, ConfigError> {
        let Some(raw) = &self.cors_allowed_origins else { return Ok(Vec::new()) };
        raw.split(',')
            .map(str::trim)
            .filter(|origin| !origin.is_empty())
            .map(|origin| {
                if is_origin(origin) {
                    Ok(origin.to_owned())
                } else {
                    Err(ConfigError::Invalid(format!(
                        "CORS_ALLOWED_ORIGINS: {origin:?} is not an origin; write scheme://host[:port] with no path \
                         or trailing slash (e.g. https://app.example.com)"
                    )))
                }
            })
            .collect()
    }

    pub(super) fn validate_cross_origin(&self) -> Result<(), ConfigError> {
        self.cors_allowed_origins()?;
        // Browsers drop a `SameSite=None` cookie that is not `Secure`, and `Secure` cookies
        // need https: over plain http the session would not survive a reload.
        if self.cookie_cross_site && !self.public_url().to_ascii_lowercase().starts_with("https://") {
            return Err(ConfigError::Invalid(
                "COOKIE_CROSS_SITE=true needs PUBLIC_URL to be the API's https:// address (a SameSite=None cookie \
                 must be Secure)"
                    .into(),
            ));
        }
        Ok(())
    }

    /// `FRONTEND_URL`, when set, is an http(s) URL everywhere and https in production: it is
    /// where checkout and reset links send people, with their session.
    pub(super) fn validate_frontend_url(&self) -> Result<(), ConfigError> {
        let Some(url) = self.frontend_url.as_deref().map(str::trim).filter(|url| !url.is_empty()) else {
            return Ok(());
        };
        if self.app_env == AppEnv::Production && !is_https_url(url) {
            return Err(ConfigError::UnsafeForProduction(
                "FRONTEND_URL must be the https:// address of the dashboard (e.g. https://app.example.com), like PUBLIC_URL",
            ));
        }
        let lower = url.to_ascii_lowercase();
        let after_scheme = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
        if after_scheme.is_none_or(|rest| rest.trim_start_matches('/').is_empty()) {
            return Err(ConfigError::Invalid(format!(
                "FRONTEND_URL {url:?} is not a URL: write the dashboard's address, e.g. https://app.example.com"
            )));
        }
        Ok(())
    }
}

/// `http(s)://` + a host (letters, digits, `-`, `.`, or a bracketed IPv6 address) + an
/// optional `:port`, and nothing else.
fn is_origin(candidate: &str) -> bool {
    let Some((scheme, rest)) = candidate.split_once("://") else { return false };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return false;
    }
    let (host_ok, port) = match rest.strip_prefix('[') {
        Some(v6) => {
            let Some((address, after)) = v6.split_once(']') else { return false };
            let port = match after {
                "" => None,
                _ => match after.strip_prefix(':') {
                    Some(port) => Some(port),
                    None => return false,
                },
            };
            (!address.is_empty() && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':'), port)
        }
        None => {
            let (host, port) = rest.split_once(':').map_or((rest, None), |(host, port)| (host, Some(port)));
            (!host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'), port)
        }
    };
    host_ok
        && port.is_none_or(|port| port.parse::<u16>().is_ok_and(|n| n > 0) && port.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::is_origin;
    use crate::bootstrap::config::tests::{figment, production, refusal};
    use crate::bootstrap::config::{ConfigError, Settings};

    #[test]
    fn the_dashboard_lives_at_the_public_url_unless_frontend_url_says_otherwise() {
        let same = Settings::from_figment(figment(&[("public_url", "https://api.example.com/")])).unwrap();
        assert_eq!(same.frontend_url(), "https://api.example.com");
        let split = production(&[("frontend_url", "https://app.example.com/")]).unwrap();
        assert_eq!(split.frontend_url(), "https://app.example.com");
    }

    #[test]
    fn production_refuses_a_frontend_url_that_is_not_https_and_development_refuses_one_that_is_not_a_url() {
        for value in ["http://app.example.com", "app.example.com", "https://"] {
            assert!(
                refusal(production(&[("frontend_url", value)])).contains("FRONTEND_URL must be the https://"),
                "{value}"
            );
        }
        let dev = Settings::from_figment(figment(&[("frontend_url", "app.example.com")]));
        assert!(matches!(dev, Err(ConfigError::Invalid(m)) if m.contains("FRONTEND_URL")));
        assert!(Settings::from_figment(figment(&[("frontend_url", "http://localhost:5173")])).is_ok());
    }

    #[test]
    fn an_origin_is_a_scheme_a_host_and_maybe_a_port() {
        for good in ["https://app.example.com", "http://localhost:5173", "HTTPS://App.Example.com", "http://[::1]:8080"]
        {
            assert!(is_origin(good), "{good}");
        }
        for bad in [
            "*",
            "app.example.com",
            "https://app.example.com/",
            "https://app.example.com/dashboard",
            "https://app.example.com:",
            "https://app.example.com:99999",
            "ftp://app.example.com",
            "https://user@app.example.com",
            "https://",
            "https://app.example.com?x=1",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }
}
