//! A JSON payload serialised ahead of time, for answers many requests share.
//!
//! poem-openapi's `Json<T>` turns `T` into a `serde_json::Value` tree and then into bytes on
//! every response; for a body that is the same for thousands of requests (the paid
//! `/signals` answer between two candle closes) that is most of the request's cost.
//! `PreparedJson<T>` is documented exactly as `Json<T>` (same schema, same content type), so
//! the OpenAPI document does not change, but carries bytes made once and shared by reference,
//! and each compressed form of them made once too (see `compression::SharedBody`).

use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use poem::http::HeaderValue;
use poem::http::header::CONTENT_TYPE;
use poem::{Body, IntoResponse, Response};
use poem_openapi::payload::{Json, Payload};
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};

use crate::adapters::http::compression::SharedBody;

pub struct PreparedJson<T> {
    body: SharedBody,
    /// Documented as `T`; holds no `T`.
    schema: PhantomData<fn() -> T>,
}

impl<T: ToJSON> PreparedJson<T> {
    /// Serialises `value` the way `Json<T>` would answer it.
    pub fn new(value: &T) -> Self {
        let bytes = serde_json::to_vec(&value.to_json()).unwrap_or_else(|_| b"null".to_vec());
        Self { body: SharedBody::new(bytes.into()), schema: PhantomData }
    }
}

impl<T> Clone for PreparedJson<T> {
    fn clone(&self) -> Self {
        Self { body: self.body.clone(), schema: PhantomData }
    }
}

impl<T: Type> Payload for PreparedJson<T> {
    const CONTENT_TYPE: &'static str = <Json<T> as Payload>::CONTENT_TYPE;

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Send> IntoResponse for PreparedJson<T> {
    fn into_response(self) -> Response {
        // The header `Json<T>` answers with (the test below holds them together).
        let mut response = Response::builder()
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"))
            .body(Body::from_bytes(self.body.plain()));
        response.extensions_mut().insert(self.body);
        response
    }
}

/// Bodies serialised from shared answers (`Arc<A>`), kept while the use case keeps handing
/// out the same answer: a request whose answer is one of the last `capacity` gets its body
/// without serialising anything. Answers are compared by pointer; each kept body holds its
/// answer, so a pointer cannot be reused by another answer while it is compared against.
pub struct BodyMemo<A, T> {
    kept: Mutex<Vec<(Arc<A>, PreparedJson<T>)>>,
    capacity: usize,
}

impl<A, T: ToJSON> BodyMemo<A, T> {
    pub fn new(capacity: usize) -> Self {
        Self { kept: Mutex::new(Vec::new()), capacity: capacity.max(1) }
    }

    /// The body for `answer`, made by `body_of` the first time it is asked for.
    pub fn body(&self, answer: &Arc<A>, body_of: impl FnOnce(&A) -> T) -> PreparedJson<T> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, body)) = kept.iter().find(|(kept, _)| Arc::ptr_eq(kept, answer)) {
            return body.clone();
        }
        let body = PreparedJson::new(&body_of(answer));
        if kept.len() >= self.capacity {
            kept.remove(0);
        }
        kept.push((answer.clone(), body.clone()));
        body
    }
}

#[cfg(test)]
mod tests {
    use poem_openapi::Object;

    use super::*;

    #[derive(Object)]
    struct Sample {
        #[oai(rename = "type")]
        kind: String,
        #[oai(nullable)]
        missing: Option<u32>,
    }

    #[tokio::test]
    async fn answers_the_bytes_and_headers_json_would() {
        let sample = || Sample { kind: "BUY".into(), missing: None };
        let json = Json(sample()).into_response();
        let prepared = PreparedJson::new(&sample()).into_response();

        assert_eq!(prepared.status(), json.status());
        assert_eq!(prepared.headers().get(CONTENT_TYPE), json.headers().get(CONTENT_TYPE));
        let (prepared, json) =
            (prepared.into_body().into_vec().await.unwrap(), json.into_body().into_vec().await.unwrap());
        assert_eq!(prepared, json);
        assert_eq!(prepared, br#"{"missing":null,"type":"BUY"}"#, "every field, null when unknown");
    }

    #[tokio::test]
    async fn a_memo_serialises_each_shared_answer_once_and_forgets_the_oldest() {
        let memo = BodyMemo::new(2);
        let made = std::cell::Cell::new(0);
        let body_of = |kind: &String| {
            made.set(made.get() + 1);
            Sample { kind: kind.clone(), missing: None }
        };
        let (buy, sell, hold) = (Arc::new("BUY".to_owned()), Arc::new("SELL".to_owned()), Arc::new("HOLD".to_owned()));

        memo.body(&buy, body_of);
        memo.body(&sell, body_of);
        let again = memo.body(&buy, body_of);
        assert_eq!(made.get(), 2, "the same answer is not serialised again");
        let bytes = again.into_response().into_body().into_vec().await.unwrap();
        assert_eq!(bytes, br#"{"missing":null,"type":"BUY"}"#);

        memo.body(&hold, body_of);
        memo.body(&buy, body_of);
        assert_eq!(made.get(), 4, "the oldest was forgotten to make room");
        memo.body(&Arc::new("BUY".to_owned()), body_of);
        assert_eq!(made.get(), 5, "an equal but different answer is another answer");
    }

    #[test]
    fn is_documented_as_json() {
        assert_eq!(<PreparedJson<Sample> as Payload>::CONTENT_TYPE, <Json<Sample> as Payload>::CONTENT_TYPE);
        assert_eq!(
            format!("{:?}", <PreparedJson<Sample> as Payload>::schema_ref()),
            format!("{:?}", <Json<Sample> as Payload>::schema_ref())
        );
    }
}
