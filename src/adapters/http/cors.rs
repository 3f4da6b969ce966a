//! Cross-origin requests from a dashboard served by another host (`CORS_ALLOWED_ORIGINS`).
//!
//! Only the exact origins listed get CORS headers, and with them
//! `Access-Control-Allow-Credentials: true`, so the dashboard's `fetch(…, {credentials: 'include'})`
//! may send and receive the refresh cookie. Any other origin gets no CORS header at all: its
//! page cannot read our answers, and the request itself is answered exactly as it would be
//! without this middleware. That last point is why this is not poem's `Cors`: poem refuses an
//! unlisted `Origin` with 403, and browsers send `Origin` on same-origin `POST`s too, so the
//! dashboard served by this server would have to list its own origin or stop working.
//!
//! A preflight (`OPTIONS` with `Access-Control-Request-Method`) from a listed origin is
//! answered here with 204 and never reaches the routes (they know no `OPTIONS`, and would
//! answer 405).

use poem::http::header::{self, HeaderValue};
use poem::http::{Method, StatusCode};
use poem::{Endpoint, IntoResponse, Request, Response};

/// What the dashboard sends: `GET`s, `POST`s and `DELETE /auth/me`.
pub const ALLOWED_METHODS: &str = "GET, POST, DELETE";
/// The request headers the API reads beyond the CORS-safelisted ones.
pub const ALLOWED_HEADERS: &str = "Authorization, Content-Type, Idempotency-Key, X-Request-Id";
/// Response headers the dashboard reads: the 429 countdown and the id to quote to support.
pub const EXPOSED_HEADERS: &str = "Retry-After, X-Request-Id";
/// How long a browser may reuse a preflight answer (Chromium caps it at two hours).
pub const PREFLIGHT_MAX_AGE_SECS: &str = "600";

/// The origins allowed to call the API from a browser, each `scheme://host[:port]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorsPolicy {
    origins: Vec<String>,
}

impl CorsPolicy {
    /// `origins` as validated by the configuration (exact origins, no path). Compared without
    /// regard to case, as browsers send scheme and host in lower case.
    pub fn new(origins: impl IntoIterator<Item = String>) -> Self {
        Self { origins: origins.into_iter().map(|o| o.to_ascii_lowercase()).collect() }
    }

    fn allows(&self, origin: &HeaderValue) -> bool {
        origin.to_str().is_ok_and(|origin| self.origins.iter().any(|allowed| allowed.eq_ignore_ascii_case(origin)))
    }

    fn is_enabled(&self) -> bool {
        !self.origins.is_empty()
    }
}

/// Middleware (`.around`): see the module docs.
pub async fn apply_cors<E: Endpoint>(next: E, req: Request, policy: &CorsPolicy) -> poem::Result<Response> {
    if !policy.is_enabled() {
        return next.call(req).await.map(IntoResponse::into_response);
    }
    let origin = req.headers().get(header::ORIGIN).filter(|origin| policy.allows(origin)).cloned();
    let Some(origin) = origin else {
        let mut resp = respond(next, req).await;
        vary_on_origin(&mut resp);
        return Ok(resp);
    };
    if req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        return Ok(preflight(origin));
    }
    let mut resp = respond(next, req).await;
    let headers = resp.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
    vary_on_origin(&mut resp);
    Ok(resp)
}

/// Errors become their responses here, so a listed origin can read a 404's or 429's body too.
async fn respond<E: Endpoint>(next: E, req: Request) -> Response {
    match next.call(req).await {
        Ok(resp) => resp.into_response(),
        Err(err) => err.into_response(),
    }
}

fn preflight(origin: HeaderValue) -> Response {
    let mut resp = Response::builder()
        .status(StatusCode::NO_CONTENT)
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin)
        .header(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
        .header(header::ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
        .header(header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
        .header(header::ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE_SECS)
        .finish();
    vary_on_origin(&mut resp);
    resp
}

/// The answer depends on `Origin` whenever origins are listed: a shared cache must not hand
/// one origin's answer (with or without CORS headers) to another.
fn vary_on_origin(resp: &mut Response) {
    resp.headers_mut().append(header::VARY, HeaderValue::from_static("Origin"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_match_exactly_but_without_regard_to_case() {
        let policy = CorsPolicy::new(["https://App.Example.com".to_owned()]);

        assert!(policy.allows(&HeaderValue::from_static("https://app.example.com")));
        for other in ["https://app.example.com:8443", "http://app.example.com", "https://example.com", "null"] {
            assert!(!policy.allows(&HeaderValue::from_static(other)), "{other}");
        }
    }
}
