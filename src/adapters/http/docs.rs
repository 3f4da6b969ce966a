//! Swagger UI at `/docs`, with a Content-Security-Policy that allows exactly its own inline code.
//!
//! poem-openapi's Swagger UI is one self-contained page: the bundle, its stylesheet and the
//! start-up script (with our spec) are inline, so it works offline. The site-wide policy forbids
//! inline code, and `'unsafe-inline'` would let any injected script run too. Instead the page is
//! rendered once, from our own spec, and its policy lists the SHA-256 of each inline `<script>`
//! and `<style>`: those run, nothing else does. The hashes are taken from the very bytes we
//! serve, so they cannot drift from the page. The OAuth receiver page poem-openapi also mounts
//! is left out: the API has no OAuth flow.
//!
//! The page is 1.6 MB and never changes while the process runs, so each compressed form is
//! made once, on first request, instead of per request.

use std::sync::{Arc, OnceLock};

use base64::Engine;
use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::{Endpoint, Request, Response};
use sha2::{Digest, Sha256};

use super::compression::{Encoding, compress, negotiate};

pub struct SwaggerUi {
    html: Arc<str>,
    csp: HeaderValue,
    br: OnceLock<Vec<u8>>,
    gzip: OnceLock<Vec<u8>>,
}

impl SwaggerUi {
    pub fn new(html: String) -> Self {
        let csp = HeaderValue::from_str(&policy_for(&html)).expect("hashes are header-safe");
        Self { html: html.into(), csp, br: OnceLock::new(), gzip: OnceLock::new() }
    }

    fn encoded(&self, encoding: Encoding) -> &[u8] {
        let cell = match encoding {
            Encoding::Brotli => &self.br,
            Encoding::Gzip => &self.gzip,
        };
        cell.get_or_init(|| compress(self.html.as_bytes(), encoding))
    }
}

impl Endpoint for SwaggerUi {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        if req.method() != Method::GET && req.method() != Method::HEAD {
            return Err(poem::Error::from_status(StatusCode::METHOD_NOT_ALLOWED));
        }
        if !matches!(req.uri().path(), "" | "/") {
            return Err(poem::Error::from_status(StatusCode::NOT_FOUND));
        }
        let builder = Response::builder()
            .content_type("text/html; charset=utf-8")
            .header(header::CONTENT_SECURITY_POLICY, self.csp.clone())
            .header(header::VARY, "accept-encoding");
        Ok(match negotiate(&req) {
            Some(encoding) => {
                builder.header(header::CONTENT_ENCODING, encoding.as_str()).body(self.encoded(encoding).to_vec())
            }
            None => builder.body(self.html.to_string()),
        })
    }
}

/// The policy for `html`: its inline scripts and styles by hash, same-origin API calls, and
/// the site-wide rules (no framing, no plugins, no `<base>`).
pub fn policy_for(html: &str) -> String {
    let sources =
        |tag| inline_contents(html, tag).map(|c| format!("'sha256-{}'", sha256_base64(c))).collect::<Vec<_>>();
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'self' data:; font-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        sources("script").join(" "),
        sources("style").join(" "),
    )
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// The text inside each `<tag …>…</tag>` of `html`, exactly as written (what CSP hashes).
fn inline_contents<'a>(html: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(&open)?;
            let after_name = &rest[start + open.len()..];
            // `<scripts>` or `<styled>` are other tags.
            if !after_name.starts_with(['>', ' ', '\t', '\n', '\r']) {
                rest = after_name;
                continue;
            }
            let body_start = after_name.find('>')? + 1;
            let body = &after_name[body_start..];
            let end = body.find(&close)?;
            rest = &body[end + close.len()..];
            return Some(&body[..end]);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_inline_script_and_style_is_hashed_as_written() {
        let html = "<html><style charset=\"UTF-8\">p{}</style><script>a()</script>\n<script>\nb()\n</script></html>";

        let scripts: Vec<_> = inline_contents(html, "script").collect();
        let styles: Vec<_> = inline_contents(html, "style").collect();

        assert_eq!(scripts, ["a()", "\nb()\n"]);
        assert_eq!(styles, ["p{}"]);
        // `echo -n 'a()' | openssl dgst -sha256 -binary | base64`
        assert_eq!(sha256_base64("a()"), "qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4=");
    }

    #[test]
    fn the_policy_allows_only_the_pages_own_inline_code() {
        let policy = policy_for("<style>p{}</style><script>a()</script>");

        assert!(policy.contains(&format!("script-src 'sha256-{}';", sha256_base64("a()"))), "{policy}");
        assert!(policy.contains(&format!("style-src 'sha256-{}';", sha256_base64("p{}"))), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    }
}
