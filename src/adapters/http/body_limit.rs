//! Refuses request bodies over a size limit with 413, before a handler reads them.
//!
//! poem's `SizeLimit` middleware also refuses requests *without* a `Content-Length`, which
//! includes every plain GET; this one checks the declared length when there is one and
//! otherwise reads at most the limit.

use poem::error::ReadBodyError;
use poem::http::{StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};

pub async fn limit_body<E: Endpoint>(next: E, mut req: Request, max_bytes: usize) -> poem::Result<Response> {
    let declared = req.header(header::CONTENT_LENGTH).map(|v| v.trim().parse::<usize>());
    match declared {
        Some(Ok(len)) if len > max_bytes => return Err(too_large()),
        Some(Ok(_)) => {}
        Some(Err(_)) => return Err(poem::Error::from_string("invalid Content-Length", StatusCode::BAD_REQUEST)),
        // No declared length (chunked HTTP/1.1, or HTTP/2): read at most the limit.
        None => {
            let body = req.take_body().into_bytes_limit(max_bytes).await.map_err(|err| match err {
                ReadBodyError::PayloadTooLarge => too_large(),
                other => other.into(),
            })?;
            req.set_body(body);
        }
    }
    Ok(next.call(req).await?.into_response())
}

fn too_large() -> poem::Error {
    poem::Error::from_status(StatusCode::PAYLOAD_TOO_LARGE)
}
