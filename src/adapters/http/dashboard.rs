//! The React dashboard's built files (`frontend/dist`), read from disk.
//!
//! From disk rather than embedded in the binary: the frontend can be rebuilt without
//! recompiling Rust, and `cargo test` does not depend on a frontend build. The Docker image
//! copies `dist/` next to the binary. Client-side routes (`/login`, `/dashboard`) fall back to
//! `index.html`. Hashed files under `assets/` never change, so browsers may keep them for a
//! year; `index.html` must be revalidated so a deploy is picked up at once.
//!
//! The build writes a `.br` and a `.gz` next to each asset (`frontend/build/precompress.ts`);
//! poem's `StaticFilesEndpoint` does not look for them, so [`precompressed`] does: a client that
//! accepts br or gzip gets that file, with the original's content type, `Content-Encoding` and
//! `Vary: Accept-Encoding`. Compressing at build time costs nothing per request and lets the
//! build use the slowest, smallest setting.
//!
//! Errors from the file server (a path outside `dist/`, an I/O failure) name filesystem paths;
//! they are logged here and answered with the bare status.

use std::path::{Path, PathBuf};

use poem::endpoint::StaticFilesEndpoint;
use poem::error::StaticFileError;
use poem::http::{HeaderValue, StatusCode, Uri, header};
use poem::web::Html;
use poem::{Endpoint, EndpointExt, IntoResponse, Request};

use super::compression::{Encoding, negotiate};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub fn dashboard(dir: &Path) -> poem::endpoint::BoxEndpoint<'static> {
    if !dir.join("index.html").exists() {
        tracing::warn!(dir = %dir.display(), "dashboard not built; serving a placeholder (run `make run`)");
        return poem::endpoint::make_sync(|_| Html(NOT_BUILT)).map_to_response().boxed();
    }
    let root = dir.to_path_buf();
    StaticFilesEndpoint::new(dir)
        .index_file("index.html")
        .fallback_to_index()
        .around(move |ep, req: Request| {
            let root = root.clone();
            async move {
                let immutable = req.uri().path().starts_with("/assets/");
                let (req, encoded) = precompressed(&root, req);
                let mut resp = match ep.call(req).await {
                    Ok(resp) => resp.into_response(),
                    Err(err) => return Err(without_paths(err)),
                };
                if let Some((encoding, content_type)) = encoded.filter(|_| resp.status().is_success()) {
                    let headers = resp.headers_mut();
                    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding.as_str()));
                }
                if immutable {
                    resp.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
                }
                let policy = if immutable && resp.status().is_success() { IMMUTABLE } else { REVALIDATE };
                resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
                Ok(resp)
            }
        })
        .boxed()
}

/// Points `req` at the precompressed copy of the asset it asks for, when there is one and the
/// client accepts it; returns the encoding and the original file's content type.
///
/// Only plain asset names are considered (letters, digits, `-`, `_`, `.`; no leading dot), so
/// the rewritten path cannot leave `assets/`: everything else goes to the file server as asked.
fn precompressed(root: &Path, mut req: Request) -> (Request, Option<(Encoding, &'static str)>) {
    let path = req.uri().path().to_owned();
    let Some(name) = path.strip_prefix("/assets/") else { return (req, None) };
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let Some(content_type) = plain.then(|| content_type_of(name)).flatten() else { return (req, None) };
    let Some(encoding) = negotiate(&req) else { return (req, None) };
    let encoded_name = format!("{name}{}", encoding.file_suffix());
    if !assets_dir(root).join(&encoded_name).is_file() {
        return (req, None);
    }
    match format!("/assets/{encoded_name}").parse::<Uri>() {
        Ok(uri) => {
            *req.uri_mut() = uri;
            (req, Some((encoding, content_type)))
        }
        Err(_) => (req, None),
    }
}

fn assets_dir(root: &Path) -> PathBuf {
    root.join("assets")
}

/// The types the build precompresses.
fn content_type_of(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.')?.1;
    Some(match extension {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "html" => "text/html; charset=utf-8",
        _ => return None,
    })
}

/// The file server's error, minus any path it names: the cause goes to the log.
fn without_paths(err: poem::Error) -> poem::Error {
    let status = err.status();
    if let Some(cause) = err.downcast_ref::<StaticFileError>() {
        match cause {
            StaticFileError::Forbidden(_) | StaticFileError::Io(_) => {
                tracing::warn!(error = %cause, %status, "dashboard file refused");
            }
            _ => return err,
        }
    }
    if status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN || status.is_server_error() {
        return poem::Error::from_status(status);
    }
    err
}

const NOT_BUILT: &str = r#"<!doctype html><meta charset="utf-8"><title>Signalbox</title>
<body>
<h1>Signalbox API is running</h1>
<p>The dashboard has not been built. Run <code>make run</code> (it builds <code>frontend/</code>), or explore
the API in <a href="/docs">Swagger UI</a>.</p></body>"#;
