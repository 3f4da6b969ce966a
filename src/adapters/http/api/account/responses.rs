//! Every status each account operation answers, and how each use case's errors map onto
//! them (once per use case).

use poem_openapi::ApiResponse;
use poem_openapi::payload::Json;

use super::super::authenticated_failures::authenticated_failures;
use super::super::input::InvalidInput;
use super::bodies::AcceptedBody;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::Unauthenticated;
use crate::app::accounts::{
    AdmitError, ChangePasswordError, ConfirmPasswordResetError, DeleteAccountError, RequestPasswordResetError,
};

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum PasswordResetResponse {
    /// Accepted. The same answer whether or not the email has an account.
    #[oai(status = 202)]
    Accepted(Json<AcceptedBody>),
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    /// Invalid email, or a malformed body.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    /// Too many attempts from this address; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum PasswordResetConfirmResponse {
    /// The password is set; every session of the account was ended. Log in with it.
    #[oai(status = 204)]
    Done,
    /// The link is unknown, already used or expired.
    #[oai(status = 400)]
    InvalidToken(Json<ErrorBody>),
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    /// The new password is not acceptable, or a malformed body.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    /// Too many attempts from this address; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

impl From<AdmitError> for PasswordResetConfirmResponse {
    fn from(err: AdmitError) -> Self {
        match err {
            AdmitError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            AdmitError::Unavailable(err) => Self::outage(err),
        }
    }
}

request_errors_without_auth!(PasswordResetResponse);
request_errors_without_auth!(PasswordResetConfirmResponse);
server_failures!(PasswordResetResponse, PasswordResetConfirmResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum ChangePasswordResponse {
    /// Changed. Every other session of the account was ended; this one continues.
    #[oai(status = 204)]
    Done,
    /// The current password is incorrect.
    #[oai(status = 400)]
    WrongPassword(Json<ErrorBody>),
    /// Too many failed password attempts for this account; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(ChangePasswordResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum DeleteAccountResponse {
    /// Deleted, after cancelling any live subscription. The refresh cookie is deleted.
    #[oai(status = 204)]
    Deleted(#[oai(header = "Set-Cookie")] String),
    /// The password is incorrect.
    #[oai(status = 400)]
    WrongPassword(Json<ErrorBody>),
    /// Too many failed password attempts for this account; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// The subscription could not be cancelled at the payment provider; nothing was
    /// deleted. Retry.
    #[oai(status = 502)]
    PaymentProvider(Json<ErrorBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(DeleteAccountResponse);

impl From<RequestPasswordResetError> for PasswordResetResponse {
    fn from(err: RequestPasswordResetError) -> Self {
        match err {
            RequestPasswordResetError::Unavailable(err) => Self::outage(err),
            RequestPasswordResetError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<AdmitError> for PasswordResetResponse {
    fn from(err: AdmitError) -> Self {
        match err {
            AdmitError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            AdmitError::Unavailable(err) => Self::outage(err),
        }
    }
}

impl From<InvalidInput> for PasswordResetResponse {
    fn from(InvalidInput(detail): InvalidInput) -> Self {
        Self::Invalid(Json(ErrorBody::new(detail)))
    }
}

impl From<InvalidInput> for PasswordResetConfirmResponse {
    fn from(InvalidInput(detail): InvalidInput) -> Self {
        Self::Invalid(Json(ErrorBody::new(detail)))
    }
}

impl From<ConfirmPasswordResetError> for PasswordResetConfirmResponse {
    fn from(err: ConfirmPasswordResetError) -> Self {
        match err {
            err @ ConfirmPasswordResetError::InvalidToken => Self::InvalidToken(Json(ErrorBody::new(err.to_string()))),
            ConfirmPasswordResetError::Unavailable(err) => Self::outage(err),
            ConfirmPasswordResetError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<ChangePasswordError> for ChangePasswordResponse {
    fn from(err: ChangePasswordError) -> Self {
        match err {
            err @ ChangePasswordError::WrongPassword => Self::WrongPassword(Json(ErrorBody::new(err.to_string()))),
            ChangePasswordError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            ChangePasswordError::AccountGone => Unauthenticated::account_gone().into(),
            ChangePasswordError::Unavailable(err) => Self::outage(err),
            ChangePasswordError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<DeleteAccountError> for DeleteAccountResponse {
    fn from(err: DeleteAccountError) -> Self {
        match err {
            err @ DeleteAccountError::WrongPassword => Self::WrongPassword(Json(ErrorBody::new(err.to_string()))),
            DeleteAccountError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            DeleteAccountError::AccountGone => Unauthenticated::account_gone().into(),
            err @ DeleteAccountError::PaymentProvider(_) => {
                tracing::error!(error = format!("{:#}", anyhow::Error::from(err)), "account deletion stopped");
                Self::PaymentProvider(Json(ErrorBody::new(
                    "the subscription could not be cancelled; nothing was deleted, please retry",
                )))
            }
            DeleteAccountError::Unavailable(err) => Self::outage(err),
            DeleteAccountError::Unexpected(err) => Self::bug(err),
        }
    }
}
