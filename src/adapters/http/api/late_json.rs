//! A JSON request body that is read (within the body limit) but parsed only when the handler
//! asks: the endpoints limited per client network count the attempt first, so a refused
//! request — malformed or not — costs no parsing, and a malformed one still counts.
//!
//! The OpenAPI document describes it exactly as `Json<T>` (same content type and schema), and
//! a parse failure reads as `Json<T>`'s would (`parse request payload error: …`).

use std::marker::PhantomData;

use poem::{FromRequest, Request, RequestBody, Result};
use poem_openapi::error::{ContentTypeError, ParseRequestPayloadError};
use poem_openapi::payload::{Json, ParsePayload, Payload};
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use serde_json::Value;

use super::input::InvalidInput;

pub struct LateJson<T> {
    bytes: Vec<u8>,
    of: PhantomData<fn() -> T>,
}

impl<T: ParseFromJSON> LateJson<T> {
    /// The body as `T`, or what was wrong with it.
    pub fn parse(&self) -> Result<T, InvalidInput> {
        let value = if self.bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&self.bytes).map_err(|err| invalid(err.to_string()))?
        };
        T::parse_from_json(Some(value)).map_err(|err| invalid(err.into_message()))
    }
}

fn invalid(reason: String) -> InvalidInput {
    InvalidInput::from_error(ParseRequestPayloadError { reason })
}

impl<T: Type> Payload for LateJson<T> {
    const CONTENT_TYPE: &'static str = Json::<T>::CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        Json::<T>::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: ParseFromJSON> ParsePayload for LateJson<T> {
    const IS_REQUIRED: bool = T::IS_REQUIRED;

    async fn from_request(request: &Request, body: &mut RequestBody) -> Result<Self> {
        let bytes = <Vec<u8> as FromRequest>::from_request(request, body).await?;
        Ok(Self { bytes, of: PhantomData })
    }
}

impl<'a, T: ParseFromJSON> ApiExtractor<'a> for LateJson<T> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];

    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <Self as Payload>::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: None,
            content: vec![MetaMediaType { content_type: Self::CONTENT_TYPE, schema: Self::schema_ref() }],
            required: <Self as ParsePayload>::IS_REQUIRED,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> Result<Self> {
        // Comparing one header is no parsing; the body's bytes are only read.
        match request.content_type() {
            Some(content_type) if Self::check_content_type(content_type) => {
                <Self as ParsePayload>::from_request(request, body).await
            }
            Some(content_type) => Err(ContentTypeError::NotSupported { content_type: content_type.to_owned() }.into()),
            None => Err(ContentTypeError::ExpectContentType.into()),
        }
    }
}
