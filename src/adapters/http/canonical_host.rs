//! In development, pages opened on another host name than `PUBLIC_URL`'s (`127.0.0.1` for
//! `localhost`, or the other way round) are redirected to `PUBLIC_URL` before anything else
//! happens.
//!
//! Why: the refresh cookie belongs to the host it was set on, and checkout and the billing
//! portal send the browser back to `PUBLIC_URL`. A user who logged in on `127.0.0.1` would come
//! back from checkout to `localhost`, where there is no cookie: logged out, mid-payment. Sending
//! every page to one host from the first request keeps the cookie and the return address on
//! the same host.
//!
//! Only page loads move: `GET`/`HEAD` outside the API's paths, answered with 307 so nothing
//! is cached for good. API calls, webhooks, probes and metrics are answered on whatever host
//! they arrive at, because their clients (Stripe, the platform's health checks, scripts) do not
//! follow redirects with the same method and body. Production is left alone: behind a proxy
//! the `Host` header may legitimately be another name, and `PUBLIC_URL` is https there anyway.

use poem::http::{Method, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};

/// Path prefixes answered on any host: the API, the webhook, probes, metrics and the
/// development mailbox.
const API_PREFIXES: &[&str] =
    &["/auth", "/billing", "/signals", "/ledger", "/health", "/ready", "/site", "/metrics", "/openapi.json", "/dev"];

/// Where page loads belong: `PUBLIC_URL` and its `host[:port]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalHost {
    public_url: String,
    authority: String,
}

impl CanonicalHost {
    /// `None` when `public_url` has no host to compare with.
    pub fn for_public_url(public_url: &str) -> Option<Self> {
        let public_url = public_url.trim().trim_end_matches('/');
        let (_, rest) = public_url.split_once("://")?;
        let authority = rest.split(['/', '?', '#']).next().filter(|a| !a.is_empty())?;
        Some(Self { public_url: public_url.to_owned(), authority: authority.to_ascii_lowercase() })
    }

    /// Where `req` should have gone, when it is a page load on another host.
    fn redirect_for(&self, req: &Request) -> Option<String> {
        if !matches!(*req.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let path = req.uri().path();
        if API_PREFIXES.iter().any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/"))) {
            return None;
        }
        let host = req.headers().get(header::HOST)?.to_str().ok()?;
        if host.eq_ignore_ascii_case(&self.authority) {
            return None;
        }
        let path_and_query = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
        // The public URL may carry a base path of its own; ours starts with '/'.
        let base = self.public_url.split_once("://").map_or("", |(_, rest)| rest);
        let base_path = base.find('/').map_or("", |at| &base[at..]);
        let origin = &self.public_url[..self.public_url.len() - base_path.len()];
        Some(format!("{origin}{path_and_query}"))
    }
}

/// Middleware (`.around`): see the module docs. `None` (production) passes everything through.
pub async fn redirect_to_public_host<E: Endpoint>(
    next: E,
    req: Request,
    canonical: Option<&CanonicalHost>,
) -> poem::Result<Response> {
    if let Some(location) = canonical.and_then(|c| c.redirect_for(&req)) {
        return Ok(Response::builder()
            .status(StatusCode::TEMPORARY_REDIRECT)
            .header(header::LOCATION, location)
            .finish());
    }
    next.call(req).await.map(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(host: &str, path: &str) -> Request {
        Request::builder().uri(path.parse().unwrap()).header(header::HOST, host).finish()
    }

    #[test]
    fn a_base_path_in_public_url_is_not_doubled() {
        let canonical = CanonicalHost::for_public_url("http://localhost:8000/").unwrap();

        assert_eq!(
            canonical.redirect_for(&page("127.0.0.1:8000", "/a?b=c")).as_deref(),
            Some("http://localhost:8000/a?b=c")
        );
        assert_eq!(canonical.redirect_for(&page("localhost:8000", "/a")), None);
        assert_eq!(canonical.redirect_for(&page("127.0.0.1:8000", "/billing/simulated-checkout/cs_1")), None);
        assert_eq!(
            canonical.redirect_for(&page("127.0.0.1:8000", "/authority")).as_deref(),
            Some("http://localhost:8000/authority")
        );
    }

    #[test]
    fn a_public_url_without_a_host_redirects_nothing() {
        assert_eq!(CanonicalHost::for_public_url("/"), None);
    }
}
