//! Every status each `/alerts/*` operation answers, and how each use case's errors map onto
//! them (once per use case).

use poem_openapi::ApiResponse;
use poem_openapi::payload::Json;

use super::alert_bodies::{PreferencesBody, TelegramLinkBody, TelegramWebhookAck, TestAlertBody};
use super::authenticated_failures::authenticated_failures;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::app::alerts::{CreateLinkError, SendTestError, TelegramWebhookError, UpdatePreferencesError};

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum PreferencesResponse {
    #[oai(status = 200)]
    Ok(Json<PreferencesBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request, an unknown symbol or a bad time; nothing was changed.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(PreferencesResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum UpdatePreferencesResponse {
    #[oai(status = 200)]
    Ok(Json<PreferencesBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request, an unknown symbol or a bad time; nothing was changed.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(UpdatePreferencesResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum TelegramLinkResponse {
    #[oai(status = 200)]
    Ok(Json<TelegramLinkBody>),
    /// Telegram is not configured on this server.
    #[oai(status = 409)]
    NotConfigured(Json<ErrorBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(TelegramLinkResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum TestAlertResponse {
    #[oai(status = 200)]
    Ok(Json<TestAlertBody>),
    /// Too many test alerts this hour; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooMany(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(TestAlertResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum TelegramWebhookResponse {
    #[oai(status = 200)]
    Ok(Json<TelegramWebhookAck>),
    /// Missing or wrong `X-Telegram-Bot-Api-Secret-Token`. Nothing changed.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

// poem reads the body before the handler can check the secret, so a malformed body is
// answered as an unproven request: 401, never a 422 that would describe the body.
impl FromRequestError for TelegramWebhookResponse {
    fn from_request_error(error: RequestError) -> Self {
        match error {
            RequestError::UnsupportedMediaType(d) => Self::UnsupportedMediaType(Json(ErrorBody::new(d))),
            RequestError::Unauthorized(_) | RequestError::Unprocessable(_) => {
                Self::Unauthorized(Json(ErrorBody::new(TelegramWebhookError::Forbidden.to_string())))
            }
        }
    }
}
server_failures!(TelegramWebhookResponse);

impl From<UpdatePreferencesError> for PreferencesResponse {
    fn from(err: UpdatePreferencesError) -> Self {
        match err {
            UpdatePreferencesError::Unavailable(err) => Self::outage(err),
            UpdatePreferencesError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<UpdatePreferencesError> for UpdatePreferencesResponse {
    fn from(err: UpdatePreferencesError) -> Self {
        match err {
            UpdatePreferencesError::Unavailable(err) => Self::outage(err),
            UpdatePreferencesError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<CreateLinkError> for TelegramLinkResponse {
    fn from(err: CreateLinkError) -> Self {
        match err {
            err @ CreateLinkError::NotConfigured => Self::NotConfigured(Json(ErrorBody::new(err.to_string()))),
            CreateLinkError::Unavailable(err) => Self::outage(err),
            CreateLinkError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<SendTestError> for TestAlertResponse {
    fn from(err: SendTestError) -> Self {
        match err {
            SendTestError::TooMany { retry_after_secs } => {
                Self::TooMany(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            SendTestError::Unavailable(err) => Self::outage(err),
            SendTestError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<TelegramWebhookError> for TelegramWebhookResponse {
    fn from(err: TelegramWebhookError) -> Self {
        match err {
            err @ TelegramWebhookError::Forbidden => Self::Unauthorized(Json(ErrorBody::new(err.to_string()))),
            TelegramWebhookError::Unavailable(err) => Self::outage(err),
            TelegramWebhookError::Unexpected(err) => Self::bug(err),
        }
    }
}
