//! `/auth/password-reset*`, `/auth/change-password` and `DELETE /auth/me`: getting back into
//! an account, and looking after one.
//!
//! A wrong current password is answered 400, not 401: 401 means "your token is no good" to
//! every client (the dashboard renews its session on it), and the token here is fine.

use std::sync::Arc;

use poem_openapi::param::Cookie;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::answer::answered;
use super::authenticated_failures::authenticated_failures;
use super::client::Client;
use super::input::InvalidInput;
use super::late_json::LateJson;
use super::new_password::new_password;
use crate::adapters::http::error_body::*;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::{BearerAuth, Unauthenticated};
use crate::app::accounts::AccountsService;
use crate::app::accounts::{
    AdmitError, Attempt, ChangePasswordCommand, ChangePasswordError, ConfirmPasswordResetCommand,
    ConfirmPasswordResetError, DeleteAccountError, RequestPasswordResetError,
};
use crate::domain::{Email, Password, ResetToken};

/// The one answer to a reset request, whoever asked.
pub const RESET_REQUESTED: &str =
    "If an account uses this email, a link to choose a new password is on its way. It works once, for 30 minutes.";

pub struct AccountApi {
    pub accounts: Arc<AccountsService>,
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

impl From<InvalidInput> for ChangePasswordResponse {
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

#[OpenApi(tag = "ApiTags::Auth")]
impl AccountApi {
    /// Ask for a password-reset link
    ///
    /// Mails a link to `<PUBLIC_URL>/reset-password?token=…` if the email has an account. The
    /// answer is the same either way. Limited to 10 attempts per minute per client address, and
    /// to 3 mails per email address per hour (beyond that: the same answer, no mail).
    #[oai(path = "/auth/password-reset", method = "post")]
    async fn request_reset(
        &self,
        Client(client): Client,
        body: LateJson<PasswordResetRequestBody>,
    ) -> PasswordResetResponse {
        answered(
            async {
                let admitted = self.accounts.admit(Attempt::PasswordReset, client).await?;
                let body = body.parse()?;
                let email = Email::parse(&body.email).map_err(InvalidInput::from_error)?;
                self.accounts.request_password_reset(admitted, email).await?;
                let accepted = AcceptedBody { detail: RESET_REQUESTED.to_owned() };
                Ok::<_, PasswordResetResponse>(PasswordResetResponse::Accepted(Json(accepted)))
            }
            .await,
        )
    }

    /// Set a new password with a reset link
    ///
    /// The link works once, for 30 minutes. Every session of the account ends.
    #[oai(path = "/auth/password-reset/confirm", method = "post")]
    async fn confirm_reset(
        &self,
        Client(client): Client,
        body: LateJson<PasswordResetConfirmBody>,
    ) -> PasswordResetConfirmResponse {
        answered(
            async {
                let admitted = self.accounts.admit(Attempt::PasswordResetConfirm, client).await?;
                let body = body.parse()?;
                // A malformed link is answered like any dead one.
                let token = ResetToken::parse(&body.token).map_err(|_| ConfirmPasswordResetError::InvalidToken)?;
                let password = new_password(&body.password, None).await.map_err(InvalidInput)?;
                self.accounts.confirm_password_reset(admitted, ConfirmPasswordResetCommand { token, password }).await?;
                Ok::<_, PasswordResetConfirmResponse>(PasswordResetConfirmResponse::Done)
            }
            .await,
        )
    }

    /// Change the password
    ///
    /// Needs the current password. Every other session of the account ends; the one whose
    /// refresh cookie comes with the request continues.
    #[oai(path = "/auth/change-password", method = "post")]
    async fn change_password(
        &self,
        Client(client): Client,
        bearer: BearerAuth,
        #[oai(name = "signalbox_refresh")] refresh_token: Cookie<Option<String>>,
        body: Json<ChangePasswordBody>,
    ) -> ChangePasswordResponse {
        let user = bearer.0.user;
        answered(
            async {
                let new = new_password(&body.new_password, None).await.map_err(InvalidInput)?;
                let command = ChangePasswordCommand { current: Password::parse(&body.current_password).ok(), new };
                self.accounts.change_password(user, &client, refresh_token.0.as_deref(), command).await?;
                Ok::<_, ChangePasswordResponse>(ChangePasswordResponse::Done)
            }
            .await,
        )
    }
}
