//! The headers every answer carries, whatever produced it: API, docs, dashboard, the simulated
//! Stripe's pages, and errors raised before any handler ran.
//!
//! - `Content-Security-Policy`: only our own origin may supply scripts, styles, images and API
//!   calls, and no inline script or style runs, so an injected `<script>` does nothing. A page
//!   that needs more (Swagger UI's inline bundle, see [`super::docs`]) sets its own, narrower
//!   exception; this module only adds the default when a response has none.
//! - `frame-ancestors 'none'` and `X-Frame-Options: DENY` (for browsers without CSP 2): no
//!   site can frame the dashboard or the checkout page to click-jack a "Pay" button.
//! - `X-Content-Type-Options: nosniff`: a JSON answer is never run as a script.
//! - `Referrer-Policy: strict-origin-when-cross-origin`: other sites see our origin at most,
//!   never a path or query (which may carry a checkout session id).
//! - `Strict-Transport-Security` when we are served over https, so browsers stop trying http.
//! - `Cache-Control: no-store` unless the response chose its own policy (the dashboard's files
//!   do): API answers are per-user and some carry tokens, so no browser or proxy may keep them.

use poem::http::HeaderValue;
use poem::http::header::{self, HeaderName};
use poem::{Endpoint, IntoResponse, Request, Response};

/// The policy for everything except pages that set their own.
pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
/// One year, subdomains included: the lifetime browsers' preload lists ask for.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";
pub const NO_STORE: &str = "no-store";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityHeaders {
    hsts: bool,
}

impl SecurityHeaders {
    /// HSTS only when the public URL is https: over plain http browsers ignore it, and on a
    /// developer's `localhost` it would pin https for every other local project.
    pub fn for_public_url(public_url: &str) -> Self {
        Self { hsts: public_url.trim().to_ascii_lowercase().starts_with("https://") }
    }

    fn apply(self, resp: &mut Response) {
        let headers = resp.headers_mut();
        let mut set_default = |name: HeaderName, value: &'static str| {
            headers.entry(name).or_insert(HeaderValue::from_static(value));
        };
        set_default(header::CONTENT_SECURITY_POLICY, DEFAULT_CSP);
        set_default(header::CACHE_CONTROL, NO_STORE);
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(REFERRER_POLICY));
        if self.hsts {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
        }
    }
}

/// Middleware (`.around`): the headers above on every answer, errors included.
pub async fn add_security_headers<E: Endpoint>(
    next: E,
    req: Request,
    policy: SecurityHeaders,
) -> poem::Result<Response> {
    let mut resp = match next.call(req).await {
        Ok(resp) => resp.into_response(),
        Err(err) => err.into_response(),
    };
    policy.apply(&mut resp);
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsts_only_over_https() {
        assert!(SecurityHeaders::for_public_url("https://signalbox.example.com").hsts);
        assert!(SecurityHeaders::for_public_url(" HTTPS://x").hsts);
        assert!(!SecurityHeaders::for_public_url("http://localhost:8000").hsts);
    }

    #[test]
    fn a_policy_the_response_chose_is_kept() {
        let mut resp = Response::builder()
            .header(header::CACHE_CONTROL, "no-cache")
            .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'")
            .finish();

        SecurityHeaders::for_public_url("http://localhost").apply(&mut resp);

        assert_eq!(resp.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(resp.headers()[header::CONTENT_SECURITY_POLICY], "default-src 'none'");
        assert_eq!(resp.headers()[header::X_FRAME_OPTIONS], "DENY");
        assert!(resp.headers().get(header::STRICT_TRANSPORT_SECURITY).is_none());
    }
}
