//! `/auth/password-reset*`, `/auth/change-password` and `DELETE /auth/me`: getting back into
//! an account, and looking after one.
//!
//! A wrong current password is answered 400, not 401: 401 means "your token is no good" to
//! every client (the dashboard renews its session on it), and the token here is fine.

use std::sync::Arc;

use poem::Request;
use poem_openapi::param::Cookie;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::authenticated_response::authenticated_response;
use crate::adapters::http::client_ip::client_network;
use crate::adapters::http::error_body::*;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::security::{BearerAuth, Unauthenticated};
use crate::app::Signalbox;
use crate::app::use_cases::{
    ChangePasswordCommand, ChangePasswordError, ConfirmInputError, ConfirmPasswordResetCommand,
    ConfirmPasswordResetError, DeleteAccountError, MalformedInput, RequestPasswordResetError,
};
use crate::domain::{Email, Password, PasswordError, ResetToken};

/// The one answer to a reset request, whoever asked.
pub const RESET_REQUESTED: &str =
    "If an account uses this email, a link to choose a new password is on its way. It works once, for 30 minutes.";

pub struct AccountApi {
    pub app: Arc<Signalbox>,
    pub trust_proxy_headers: bool,
    pub cookie: RefreshCookie,
}

#[derive(Object)]
pub struct PasswordResetRequestBody {
    /// The account's email address.
    #[oai(validator(max_length = 320))]
    email: String,
}

#[derive(Object)]
pub struct PasswordResetConfirmBody {
    /// The `token` parameter of the link in the mail.
    #[oai(validator(max_length = 128))]
    token: String,
    /// The new password: at least 8 characters, not easy to guess.
    #[oai(validator(max_length = 1024))]
    password: String,
}

#[derive(Object)]
pub struct ChangePasswordBody {
    #[oai(validator(max_length = 1024))]
    current_password: String,
    /// At least 8 characters, not easy to guess.
    #[oai(validator(max_length = 1024))]
    new_password: String,
}

#[derive(Object)]
pub struct DeleteAccountBody {
    /// The account's password, asked again.
    #[oai(validator(max_length = 1024))]
    pub(super) password: String,
}

#[derive(Object)]
pub struct AcceptedBody {
    pub detail: String,
}

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
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

request_errors_without_auth!(PasswordResetResponse);
request_errors_without_auth!(PasswordResetConfirmResponse);
server_failures!(PasswordResetResponse, PasswordResetConfirmResponse);

authenticated_response! {
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
    }
}

authenticated_response! {
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
    }
}

fn too_many(retry_after_secs: u64) -> Json<ErrorBody> {
    Json(ErrorBody::new(format!("too many attempts; try again in {retry_after_secs} seconds")))
}

impl From<RequestPasswordResetError> for PasswordResetResponse {
    fn from(err: RequestPasswordResetError) -> Self {
        match err {
            RequestPasswordResetError::Invalid(err) => Self::Invalid(Json(ErrorBody::new(err.to_string()))),
            RequestPasswordResetError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many(retry_after_secs), retry_after_secs)
            }
            RequestPasswordResetError::Unavailable(err) => Self::outage(err),
            RequestPasswordResetError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<ConfirmPasswordResetError> for PasswordResetConfirmResponse {
    fn from(err: ConfirmPasswordResetError) -> Self {
        match err {
            err @ ConfirmPasswordResetError::InvalidToken => Self::InvalidToken(Json(ErrorBody::new(err.to_string()))),
            ConfirmPasswordResetError::Invalid(err) => Self::Invalid(Json(ErrorBody::new(err.to_string()))),
            ConfirmPasswordResetError::Unavailable(err) => Self::outage(err),
            ConfirmPasswordResetError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<ChangePasswordError> for ChangePasswordResponse {
    fn from(err: ChangePasswordError) -> Self {
        match err {
            err @ ChangePasswordError::WrongPassword => Self::WrongPassword(Json(ErrorBody::new(err.to_string()))),
            ChangePasswordError::Invalid(detail) => Self::Invalid(Json(ErrorBody::new(detail))),
            ChangePasswordError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many(retry_after_secs), retry_after_secs)
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
                Self::TooManyAttempts(too_many(retry_after_secs), retry_after_secs)
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

/// [`Password::parse_new`] on the blocking pool (the strength estimate takes milliseconds).
async fn new_password(raw: &str) -> Result<Password, String> {
    let raw = raw.to_owned();
    match tokio::task::spawn_blocking(move || Password::parse_new(&raw, &[])).await {
        Ok(parsed) => parsed.map_err(|err: PasswordError| err.to_string()),
        Err(err) => {
            tracing::error!(error = %err, "password strength check failed");
            Err("the password could not be checked; try again".into())
        }
    }
}

#[OpenApi(tag = "ApiTags::Auth")]
impl AccountApi {
    /// Ask for a password-reset link
    ///
    /// Mails a link to `<PUBLIC_URL>/reset-password?token=…` if the email has an account. The
    /// answer is the same either way. Limited to 10 attempts per minute per client address, and
    /// to 3 mails per email address per hour (beyond that: the same answer, no mail).
    #[oai(path = "/auth/password-reset", method = "post")]
    async fn request_reset(&self, req: &Request, body: Json<PasswordResetRequestBody>) -> PasswordResetResponse {
        let email = Email::parse(&body.email).map_err(|err| MalformedInput(err.to_string()));
        match self.app.request_password_reset(&client_network(req, self.trust_proxy_headers), email).await {
            Ok(()) => PasswordResetResponse::Accepted(Json(AcceptedBody { detail: RESET_REQUESTED.to_owned() })),
            Err(err) => err.into(),
        }
    }

    /// Set a new password with a reset link
    ///
    /// The link works once, for 30 minutes. Every session of the account ends.
    #[oai(path = "/auth/password-reset/confirm", method = "post")]
    async fn confirm_reset(&self, body: Json<PasswordResetConfirmBody>) -> PasswordResetConfirmResponse {
        let command = match ResetToken::parse(&body.token) {
            Err(err) => Err(ConfirmInputError::Token(err)),
            Ok(token) => match new_password(&body.password).await {
                Ok(password) => Ok(ConfirmPasswordResetCommand { token, password }),
                Err(detail) => Err(ConfirmInputError::Password(MalformedInput(detail))),
            },
        };
        match self.app.confirm_password_reset(command).await {
            Ok(()) => PasswordResetConfirmResponse::Done,
            Err(err) => err.into(),
        }
    }

    /// Change the password
    ///
    /// Needs the current password. Every other session of the account ends; the one whose
    /// refresh cookie comes with the request continues.
    #[oai(path = "/auth/change-password", method = "post")]
    async fn change_password(
        &self,
        req: &Request,
        BearerAuth(user): BearerAuth,
        #[oai(name = "signalbox_refresh")] refresh_token: Cookie<Option<String>>,
        body: Json<ChangePasswordBody>,
    ) -> ChangePasswordResponse {
        let command = new_password(&body.new_password)
            .await
            .map(|new| ChangePasswordCommand { current: Password::parse(&body.current_password).ok(), new });
        match self
            .app
            .change_password(user, &client_network(req, self.trust_proxy_headers), refresh_token.0.as_deref(), command)
            .await
        {
            Ok(()) => ChangePasswordResponse::Done,
            Err(err) => err.into(),
        }
    }
}
