//! The refresh-token cookie: how it is named, scoped and protected.
//!
//! - `HttpOnly`: page scripts (and so XSS) cannot read it; the dashboard never sees the
//!   refresh token, only the short-lived access token it returns.
//! - `SameSite=Strict`: other sites cannot make the browser send it, so `/auth/refresh` and
//!   `/auth/logout` need no CSRF token. A dashboard on another origin of the same *site*
//!   (`app.example.com` calling `api.example.com`, or two ports of `localhost`) still gets it:
//!   SameSite is about sites, not origins. Only a dashboard on another site altogether
//!   (`example.netlify.app` calling `api.example.com`) needs the cross-site mode,
//!   `SameSite=None; Secure` (`COOKIE_CROSS_SITE`). There CORS is the guard instead: only the
//!   listed origins may read `/auth/refresh`'s answer, and `/auth/logout` from any other
//!   site can only log the user out.
//! - `Path=/auth`: sent only to the auth endpoints, not with every API or asset request.
//! - `Secure` (HTTPS only) unless we are served over plain http on this machine
//!   (`http://localhost`, `http://127.0.0.1`, `http://[::1]`), where browsers would otherwise
//!   drop it during local development.
//! - `Max-Age` = the token's lifetime, so the cookie outlives browser restarts exactly as long
//!   as the token is valid.

use std::time::Duration;

use poem::web::cookie::{Cookie, SameSite};

use crate::domain::RefreshToken;

/// The cookie's name. poem-openapi needs it as a literal in `#[oai(name = ...)]` too; the
/// HTTP tests fail if the two ever differ.
pub const REFRESH_COOKIE_NAME: &str = "signalbox_refresh";
pub const REFRESH_COOKIE_PATH: &str = "/auth";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshCookie {
    secure: bool,
    cross_site: bool,
}

impl RefreshCookie {
    /// `Secure` unless `public_url` is plain http on a loopback host.
    pub fn for_public_url(public_url: &str) -> Self {
        Self { secure: !is_plain_http_loopback(public_url), cross_site: false }
    }

    /// `SameSite=None; Secure`: sent with the dashboard's credentialed requests from another
    /// site. The configuration allows it only over https.
    pub fn cross_site() -> Self {
        Self { secure: true, cross_site: true }
    }

    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// The `Set-Cookie` value that stores `token` for `max_age_secs`.
    pub fn set(&self, token: &RefreshToken, max_age_secs: u64) -> String {
        let mut cookie = self.base(token.expose());
        cookie.set_max_age(Duration::from_secs(max_age_secs));
        cookie.to_string()
    }

    /// The `Set-Cookie` value that deletes the cookie.
    pub fn clear(&self) -> String {
        let mut cookie = self.base(String::new());
        cookie.make_removal();
        cookie.to_string()
    }

    fn base(&self, value: String) -> Cookie {
        let mut cookie = Cookie::new_with_str(REFRESH_COOKIE_NAME, value);
        cookie.set_http_only(true);
        cookie.set_secure(self.secure);
        cookie.set_same_site(if self.cross_site { SameSite::None } else { SameSite::Strict });
        cookie.set_path(REFRESH_COOKIE_PATH);
        cookie
    }
}

fn is_plain_http_loopback(public_url: &str) -> bool {
    let url = public_url.trim().to_ascii_lowercase();
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_and_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if host_and_port.starts_with('[') {
        host_and_port.split_inclusive(']').next().unwrap_or_default()
    } else {
        host_and_port.split(':').next().unwrap_or_default()
    };
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_on_this_machine_is_the_only_insecure_case() {
        for local in ["http://localhost:8000", "http://127.0.0.1", "HTTP://LocalHost/app", "http://[::1]:5173/"] {
            assert!(!RefreshCookie::for_public_url(local).is_secure(), "{local}");
        }
        for remote in [
            "https://localhost:8000",
            "https://signalbox.example.com",
            "http://signalbox.example.com",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
            "/",
        ] {
            assert!(RefreshCookie::for_public_url(remote).is_secure(), "{remote}");
        }
    }

    #[test]
    fn the_cookie_carries_every_protection() {
        let token = RefreshToken::generate();

        let header = RefreshCookie::for_public_url("https://signalbox.example.com").set(&token, 2_592_000);

        assert!(header.starts_with(&format!("{REFRESH_COOKIE_NAME}={}", token.expose())), "{header}");
        for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/auth", "Max-Age=2592000"] {
            assert!(header.split("; ").any(|a| a == attribute), "{attribute} missing from {header}");
        }
    }

    #[test]
    fn the_cross_site_cookie_is_samesite_none_and_secure_both_when_set_and_when_cleared() {
        let cookie = RefreshCookie::cross_site();

        for header in [cookie.set(&RefreshToken::generate(), 60), cookie.clear()] {
            for attribute in ["HttpOnly", "Secure", "SameSite=None", "Path=/auth"] {
                assert!(header.split("; ").any(|a| a == attribute), "{attribute} missing from {header}");
            }
        }
    }

    #[test]
    fn clearing_empties_the_cookie_and_expires_it_now() {
        let header = RefreshCookie::for_public_url("http://localhost:8000").clear();

        assert!(header.starts_with(&format!("{REFRESH_COOKIE_NAME}=;")), "{header}");
        assert!(header.split("; ").any(|a| a == "Max-Age=0"), "{header}");
        assert!(header.split("; ").any(|a| a == "Path=/auth"), "{header}");
        assert!(!header.contains("Secure"), "{header}");
    }
}
