//! The React dashboard's built files (`frontend/dist`), read from disk.
//!
//! From disk rather than embedded in the binary: the frontend can be rebuilt without
//! recompiling Rust, and `cargo test` does not depend on a frontend build. The Docker image
//! copies `dist/` next to the binary. Client-side routes (`/login`, `/dashboard`) fall back to
//! `index.html`. Hashed files under `assets/` never change, so browsers may keep them for a
//! year; `index.html` must be revalidated so a deploy is picked up at once.

use std::path::Path;

use poem::endpoint::StaticFilesEndpoint;
use poem::http::header;
use poem::web::Html;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub fn dashboard(dir: &Path) -> poem::endpoint::BoxEndpoint<'static> {
    if !dir.join("index.html").exists() {
        tracing::warn!(dir = %dir.display(), "dashboard not built; serving a placeholder (run `make run`)");
        return poem::endpoint::make_sync(|_| Html(NOT_BUILT)).map_to_response().boxed();
    }
    StaticFilesEndpoint::new(dir)
        .index_file("index.html")
        .fallback_to_index()
        .around(|ep, req: Request| async move {
            let immutable = req.uri().path().starts_with("/assets/");
            let mut resp: Response = ep.call(req).await?.into_response();
            let policy = if immutable && resp.status().is_success() { IMMUTABLE } else { REVALIDATE };
            resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static(policy));
            Ok(resp)
        })
        .boxed()
}

const NOT_BUILT: &str = r#"<!doctype html><meta charset="utf-8"><title>Signalbox</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Signalbox API is running</h1>
<p>The dashboard has not been built. Run <code>make run</code> (it builds <code>frontend/</code>), or explore
the API in <a href="/docs">Swagger UI</a>.</p></body>"#;
