//! br/gzip for the answers we build in memory: JSON, and the HTML of our own small pages.
//!
//! The dashboard's files are compressed once, at build time (see [`super::dashboard`]); Swagger
//! UI compresses itself once per process (see [`super::docs`]). This middleware handles the rest,
//! per response, so it skips what gains nothing: bodies under [`MIN_BYTES`], answers already
//! encoded, partial content, and other content types (streams, images).
//!
//! An answer shared by many requests (the paid `/signals` body between two candle closes)
//! carries a [`SharedBody`]: each encoding of it is then made once, not once per request —
//! compressing per request cost a third to a half of such a request for clients that send
//! `Accept-Encoding` (browsers, and Python's `requests` by default).
//!
//! `/auth/*` answers are never compressed. They carry access tokens and set the refresh cookie,
//! and a compressed secret next to attacker-influenced text is what BREACH-style attacks
//! measure; they are a few hundred bytes, so nothing is lost.
//!
//! poem's own `Compression` middleware is not used: it also *decompresses request bodies* on
//! the client's say-so, which would let a 64 KiB gzip body expand past our body limit.

use std::io::Write;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};

/// Below this a compressed body saves less than the header costs.
pub const MIN_BYTES: usize = 512;
/// Fast enough to do per request, and within a few percent of the best ratio for JSON.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    /// The file-name suffix of a file precompressed this way.
    pub fn file_suffix(self) -> &'static str {
        match self {
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
        }
    }
}

/// The encoding to answer `req` with: br if the client accepts it, else gzip, else none.
/// A coding listed with `q=0` is refused; `*` accepts both.
pub fn negotiate(req: &Request) -> Option<Encoding> {
    let accepted = |coding: &str| {
        let mut verdict = None;
        for value in req.headers().get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';').map(str::trim);
                let name = parts.next().unwrap_or_default();
                let q = parts
                    .find_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                if name.eq_ignore_ascii_case(coding) {
                    return q > 0.0;
                }
                if name == "*" {
                    verdict = Some(q > 0.0);
                }
            }
        }
        verdict.unwrap_or(false)
    };
    [Encoding::Brotli, Encoding::Gzip].into_iter().find(|e| accepted(e.as_str()))
}

/// A response body shared by many answers, with each of its encodings made on first use.
/// Put it in the response's extensions beside the same bytes as the body; cloning is cheap.
#[derive(Clone)]
pub struct SharedBody(Arc<Encodings>);

struct Encodings {
    plain: Bytes,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl SharedBody {
    pub fn new(plain: Bytes) -> Self {
        Self(Arc::new(Encodings { plain, brotli: OnceLock::new(), gzip: OnceLock::new() }))
    }

    pub fn plain(&self) -> Bytes {
        self.0.plain.clone()
    }

    /// The body in `encoding`, compressed by the first caller that asks.
    pub fn encoded(&self, encoding: Encoding) -> Bytes {
        let cell = match encoding {
            Encoding::Brotli => &self.0.brotli,
            Encoding::Gzip => &self.0.gzip,
        };
        cell.get_or_init(|| compress(&self.0.plain, encoding).into()).clone()
    }
}

pub fn compress(data: &[u8], encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Brotli => {
            let mut out = Vec::with_capacity(data.len() / 4);
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
                writer.write_all(data).expect("writing to memory");
            }
            out
        }
        Encoding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(data).expect("writing to memory");
            encoder.finish().expect("writing to memory")
        }
    }
}

fn is_compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "text/html"
}

/// Middleware (`.around`): compresses eligible answers for clients that accept br or gzip.
pub async fn compress_responses<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let encoding = if req.uri().path().starts_with("/auth/") { None } else { negotiate(&req) };
    let mut resp = next.call(req).await?.into_response();
    let eligible = resp.status() != StatusCode::PARTIAL_CONTENT
        && !resp.headers().contains_key(header::CONTENT_ENCODING)
        && resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(is_compressible);
    if !eligible {
        return Ok(resp);
    }
    // The answer depends on Accept-Encoding from now on, whether or not this one is compressed.
    resp.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let shared = resp.extensions_mut().remove::<SharedBody>();
    let Some(encoding) = encoding else { return Ok(resp) };
    let compressed = match shared {
        // The body is the shared one: no need to read it.
        Some(shared) if shared.0.plain.len() >= MIN_BYTES => shared.encoded(encoding),
        Some(_) => return Ok(resp),
        None => {
            let body = resp.take_body().into_bytes().await?;
            if body.len() < MIN_BYTES {
                resp.set_body(body);
                return Ok(resp);
            }
            compress(&body, encoding).into()
        }
    };
    resp.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding.as_str()));
    resp.headers_mut().remove(header::CONTENT_LENGTH);
    resp.set_body(compressed);
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn accepting(value: &str) -> Option<Encoding> {
        negotiate(&Request::builder().header(header::ACCEPT_ENCODING, value).finish())
    }

    #[test]
    fn brotli_is_preferred_gzip_is_the_fallback_and_q0_refuses() {
        assert_eq!(accepting("gzip, deflate, br, zstd"), Some(Encoding::Brotli));
        assert_eq!(accepting("gzip"), Some(Encoding::Gzip));
        assert_eq!(accepting("br;q=0, gzip;q=0.5"), Some(Encoding::Gzip));
        assert_eq!(accepting("*"), Some(Encoding::Brotli));
        assert_eq!(accepting("*, br;q=0"), Some(Encoding::Gzip));
        assert_eq!(accepting("identity"), None);
        assert_eq!(accepting("gzip;q=0"), None);
        assert_eq!(negotiate(&Request::builder().finish()), None);
    }

    #[test]
    fn both_encodings_round_trip() {
        let data = br#"{"signals":[{"symbol":"NIFTY","action":"BUY"}]}"#.repeat(50);

        let mut from_br = Vec::new();
        brotli::Decompressor::new(&compress(&data, Encoding::Brotli)[..], 4096).read_to_end(&mut from_br).unwrap();
        let mut from_gzip = Vec::new();
        flate2::read::GzDecoder::new(&compress(&data, Encoding::Gzip)[..]).read_to_end(&mut from_gzip).unwrap();

        assert_eq!(from_br, data);
        assert_eq!(from_gzip, data);
    }

    #[test]
    fn a_shared_body_is_compressed_once_per_encoding() {
        let shared = SharedBody::new(Bytes::from(br#"{"signals":[]}"#.repeat(100)));

        let first = shared.encoded(Encoding::Gzip);
        let again = shared.clone().encoded(Encoding::Gzip);

        assert_eq!(first.as_ptr(), again.as_ptr(), "the same bytes, not a second compression");
        assert_eq!(first, compress(&shared.plain(), Encoding::Gzip));
        assert_ne!(shared.encoded(Encoding::Brotli), first);
    }

    #[tokio::test]
    async fn the_middleware_answers_a_shared_body_in_the_encoding_the_client_accepts() {
        let plain = Bytes::from(br#"{"signals":[]}"#.repeat(100));
        let shared = SharedBody::new(plain.clone());
        let answer = {
            let shared = shared.clone();
            poem::endpoint::make_sync(move |_| {
                let mut resp = Response::builder().content_type("application/json").body(shared.plain());
                resp.extensions_mut().insert(shared.clone());
                resp
            })
        };
        let endpoint = poem::EndpointExt::around(answer, compress_responses);
        let call = |encoding: &'static str| {
            endpoint.call(Request::builder().uri_str("/signals").header(header::ACCEPT_ENCODING, encoding).finish())
        };

        let gzip = call("gzip").await.unwrap();
        let plain_answer = call("identity").await.unwrap();

        assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gzip.headers()[header::VARY], "accept-encoding");
        assert_eq!(gzip.into_body().into_bytes().await.unwrap(), shared.encoded(Encoding::Gzip));
        assert!(plain_answer.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain_answer.headers()[header::VARY], "accept-encoding");
        assert_eq!(plain_answer.into_body().into_bytes().await.unwrap(), plain);
    }

    #[test]
    fn json_and_html_are_compressible_streams_and_images_are_not() {
        assert!(is_compressible("application/json; charset=utf-8"));
        assert!(is_compressible("application/problem+json"));
        assert!(is_compressible("text/html; charset=utf-8"));
        assert!(!is_compressible("image/png"));
        assert!(!is_compressible("text/event-stream"));
    }
}
