//! `/auth/*`: sign-up, log-in and the current user. Refresh and log-out are in
//! [`super::session`].

use std::sync::Arc;

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::account::{DeleteAccountBody, DeleteAccountResponse};
use super::answer::answered;
use super::authenticated_failures::authenticated_failures;
use super::client::Client;
use super::input::InvalidInput;
use super::late_json::LateJson;
use super::new_password::new_password;
use super::token_body::{NO_STORE, TokenBody};
use super::user_body::UserBody;
use crate::adapters::http::error_body::*;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::{BearerAuth, Unauthenticated};
use crate::app::accounts::AccountsService;
use crate::app::accounts::{
    AdmitError, Attempt, CurrentUserError, LoginCommand, LoginError, SignupCommand, SignupError,
};
use crate::domain::{Email, Password, Plan};

pub struct AuthApi {
    pub accounts: Arc<AccountsService>,
    pub cookie: RefreshCookie,
}

#[derive(Object)]
pub struct Credentials {
    /// Your email address (case-insensitive).
    #[oai(validator(max_length = 320))]
    email: String,
    /// At least 8 characters.
    #[oai(validator(max_length = 1024))]
    password: String,
}

impl Credentials {
    /// A new account's credentials: the password must also be hard to guess (checked on the
    /// blocking pool: the strength estimate takes milliseconds of CPU).
    async fn signup_command(&self) -> Result<SignupCommand, InvalidInput> {
        let email = Email::parse(&self.email).map_err(InvalidInput::from_error)?;
        let password = new_password(&self.password, Some(&email)).await.map_err(InvalidInput)?;
        Ok(SignupCommand { email, password })
    }

    /// A password that cannot be valid is still only a wrong password (see [`LoginCommand`]).
    fn login_command(&self) -> Result<LoginCommand, InvalidInput> {
        let email = Email::parse(&self.email).map_err(InvalidInput::from_error)?;
        Ok(LoginCommand { email, password: Password::parse(&self.password).ok() })
    }
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum SignupResponse {
    /// The account was created.
    #[oai(status = 201)]
    Created(Json<UserBody>),
    /// An account with this email exists.
    #[oai(status = 409)]
    EmailTaken(Json<ErrorBody>),
    /// Wrong content type.
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    /// Invalid email or password, or a malformed body.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    /// Too many attempts from this address; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is down, or password hashing is at capacity (then `Retry-After`
    /// says when to retry).
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>, #[oai(header = "Retry-After")] Option<u64>),
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum LoginResponse {
    /// Logged in. The body carries the access token; `Set-Cookie` stores the refresh token
    /// (`HttpOnly`, `SameSite=Strict`, `Path=/auth`) for `POST /auth/refresh`.
    #[oai(status = 200)]
    Ok(Json<TokenBody>, #[oai(header = "Set-Cookie")] String, #[oai(header = "Cache-Control")] String),
    /// Incorrect email or password (the same answer for both).
    #[oai(status = 401)]
    InvalidCredentials(Json<ErrorBody>),
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    /// Too many attempts from this client network, or too many failed ones for this email from
    /// it (the same answer whether or not an account exists); retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is down, or password hashing is at capacity (then `Retry-After`
    /// says when to retry).
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>, #[oai(header = "Retry-After")] Option<u64>),
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum MeResponse {
    #[oai(status = 200)]
    Ok(Json<UserBody>),
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

authenticated_failures!(MeResponse);

request_errors_without_auth!(SignupResponse);
request_errors_without_auth!(LoginResponse);

/// [`ServerFailure`] for the responses whose 503 may carry `Retry-After` (hashing at capacity).
macro_rules! server_failures_with_retry_after {
    ($($response:ty),+) => {$(
        impl ServerFailure for $response {
            fn unavailable(body: Json<ErrorBody>) -> Self {
                Self::Unavailable(body, None)
            }
            fn internal(body: Json<ErrorBody>) -> Self {
                Self::Internal(body)
            }
        }

        impl $response {
            /// Password hashing is at capacity: 503, retry after `retry_after_secs`.
            fn busy(retry_after_secs: u64) -> Self {
                tracing::warn!(retry_after_secs, "password hashing at capacity; request refused");
                let detail = format!("the server is busy; try again in {retry_after_secs} seconds");
                Self::Unavailable(Json(ErrorBody::new(detail)), Some(retry_after_secs))
            }
        }
    )+};
}
server_failures_with_retry_after!(SignupResponse, LoginResponse);

impl From<SignupError> for SignupResponse {
    fn from(err: SignupError) -> Self {
        match err {
            err @ SignupError::EmailTaken => Self::EmailTaken(Json(ErrorBody::new(err.to_string()))),
            SignupError::Busy { retry_after_secs } => Self::busy(retry_after_secs),
            SignupError::Unavailable(err) => Self::outage(err),
            SignupError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<LoginError> for LoginResponse {
    fn from(err: LoginError) -> Self {
        match err {
            err @ LoginError::InvalidCredentials => Self::InvalidCredentials(Json(ErrorBody::new(err.to_string()))),
            LoginError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            LoginError::Busy { retry_after_secs } => Self::busy(retry_after_secs),
            LoginError::Unavailable(err) => Self::outage(err),
            LoginError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<AdmitError> for SignupResponse {
    fn from(err: AdmitError) -> Self {
        match err {
            AdmitError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            AdmitError::Unavailable(err) => Self::outage(err),
        }
    }
}

impl From<AdmitError> for LoginResponse {
    fn from(err: AdmitError) -> Self {
        match err {
            AdmitError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            AdmitError::Unavailable(err) => Self::outage(err),
        }
    }
}

impl From<InvalidInput> for SignupResponse {
    fn from(InvalidInput(detail): InvalidInput) -> Self {
        Self::Invalid(Json(ErrorBody::new(detail)))
    }
}

impl From<InvalidInput> for LoginResponse {
    fn from(InvalidInput(detail): InvalidInput) -> Self {
        Self::Invalid(Json(ErrorBody::new(detail)))
    }
}

impl From<CurrentUserError> for MeResponse {
    fn from(err: CurrentUserError) -> Self {
        match err {
            CurrentUserError::NotFound => Unauthenticated::account_gone().into(),
            CurrentUserError::Unavailable(err) => Self::outage(err),
            CurrentUserError::Unexpected(err) => Self::bug(err),
        }
    }
}

#[OpenApi(tag = "ApiTags::Auth")]
impl AuthApi {
    /// Create an account
    ///
    /// Emails are case-insensitive; passwords need at least 8 characters. Limited to 10
    /// attempts per minute per client network (an IPv4 address or an IPv6 /64).
    #[oai(path = "/auth/signup", method = "post")]
    async fn signup(&self, Client(client): Client, body: LateJson<Credentials>) -> SignupResponse {
        answered(
            async {
                let admitted = self.accounts.admit(Attempt::Signup, client).await?;
                let command = body.parse()?.signup_command().await?;
                let user = self.accounts.signup(admitted, command).await?;
                Ok::<_, SignupResponse>(SignupResponse::Created(Json(UserBody::new(&user.profile(), Plan::Free))))
            }
            .await,
        )
    }

    /// Log in
    ///
    /// Returns a 30-minute bearer token for the other endpoints, and sets the refresh cookie
    /// that `POST /auth/refresh` exchanges for the next one. Limited to 10 attempts per minute
    /// per client network (an IPv4 address or an IPv6 /64), and to 5 failed attempts per email
    /// per client network per 15 minutes. After 5 failed attempts on an email from anywhere,
    /// each attempt is answered a little later (1 s, doubling up to 16 s) until a success.
    #[oai(path = "/auth/login", method = "post")]
    async fn login(&self, Client(client): Client, body: LateJson<Credentials>) -> LoginResponse {
        answered(
            async {
                let admitted = self.accounts.admit(Attempt::Login, client).await?;
                let command = body.parse()?.login_command()?;
                let session = self.accounts.login(admitted, command).await?;
                let cookie = self.cookie.set(&session.refresh, session.refresh_expires_in_secs);
                Ok::<_, LoginResponse>(LoginResponse::Ok(Json(TokenBody::new(&session)), cookie, NO_STORE.to_owned()))
            }
            .await,
        )
    }

    /// The signed-in user
    #[oai(path = "/auth/me", method = "get")]
    async fn me(&self, bearer: BearerAuth) -> MeResponse {
        let user = bearer.0.user;
        answered(
            async {
                let current = self.accounts.current_user(user).await?;
                Ok::<_, MeResponse>(MeResponse::Ok(Json(UserBody::new(&current.profile, current.plan))))
            }
            .await,
        )
    }

    // `DELETE /auth/me` lives with `GET /auth/me`: poem-openapi writes one path item per API
    // struct, so the two methods of one path must share a struct or the spec repeats the path.
    /// Delete the account
    ///
    /// Needs the password. Cancels any live subscription first (no further charges), then
    /// deletes the account and its sessions.
    #[oai(path = "/auth/me", method = "delete")]
    async fn delete_me(
        &self,
        Client(client): Client,
        bearer: BearerAuth,
        body: Json<DeleteAccountBody>,
    ) -> DeleteAccountResponse {
        let user = bearer.0.user;
        answered(
            async {
                let password = Password::parse(&body.password).ok();
                self.accounts.delete_account(user, &client, password.as_ref()).await?;
                Ok::<_, DeleteAccountResponse>(DeleteAccountResponse::Deleted(self.cookie.clear()))
            }
            .await,
        )
    }
}
