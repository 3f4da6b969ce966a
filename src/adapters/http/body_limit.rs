//! Reads every request body up front, within a size limit (413) and a time limit (408),
//! before a handler sees the request.
//!
//! poem's `SizeLimit` middleware also refuses requests *without* a `Content-Length`, which
//! includes every plain GET; this one checks the declared length when there is one and reads
//! at most the limit either way.
//!
//! The time limit is for the body what the server's header deadline (`server.rs`) is for the
//! headers: a client that sends its headers promptly and then trickles the body one byte at a
//! time would otherwise hold a connection and a task for as long as it liked. Counted from when
//! the headers were in; our bodies are small JSON (64 KiB at most), so anything near the
//! deadline is a client holding us open, not a slow upload.

use std::time::Duration;

use poem::error::ReadBodyError;
use poem::http::{StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyLimits {
    /// Bodies above this are refused with 413.
    pub max_bytes: usize,
    /// A body not received in full this long after the headers is refused with 408.
    pub read_timeout: Duration,
}

pub async fn limit_body<E: Endpoint>(next: E, mut req: Request, limits: BodyLimits) -> poem::Result<Response> {
    let declared = req.header(header::CONTENT_LENGTH).map(|v| v.trim().parse::<usize>());
    match declared {
        Some(Ok(len)) if len > limits.max_bytes => return Err(too_large()),
        Some(Ok(_)) | None => {}
        Some(Err(_)) => return Err(poem::Error::from_string("invalid Content-Length", StatusCode::BAD_REQUEST)),
    }
    // Without a declared length (chunked HTTP/1.1, or HTTP/2) the size limit stops the read.
    let read = req.take_body().into_bytes_limit(limits.max_bytes);
    let body = match tokio::time::timeout(limits.read_timeout, read).await {
        Err(_elapsed) => return Err(poem::Error::from_status(StatusCode::REQUEST_TIMEOUT)),
        Ok(read) => read.map_err(|err| match err {
            ReadBodyError::PayloadTooLarge => too_large(),
            other => other.into(),
        })?,
    };
    req.set_body(body);
    Ok(next.call(req).await?.into_response())
}

fn too_large() -> poem::Error {
    poem::Error::from_status(StatusCode::PAYLOAD_TOO_LARGE)
}
