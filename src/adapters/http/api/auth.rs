//! `/auth/*`: sign-up, log-in and the current user. Refresh and log-out are in
//! [`super::session`].

use std::sync::Arc;

use poem::Request;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::account::{DeleteAccountBody, DeleteAccountResponse};
use super::authenticated_response::authenticated_response;
use super::token_body::{NO_STORE, TokenBody};
use super::user_body::UserBody;
use crate::adapters::http::client_ip::client_network;
use crate::adapters::http::error_body::*;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::security::{BearerAuth, Unauthenticated};
use crate::app::Signalbox;
use crate::app::use_cases::{CurrentUserError, LoginCommand, LoginError, MalformedInput, SignupCommand, SignupError};
use crate::domain::{Email, Password, PasswordError, Plan};

pub struct AuthApi {
    pub app: Arc<Signalbox>,
    pub trust_proxy_headers: bool,
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
    async fn new_signup_command(&self) -> Result<SignupCommand, MalformedInput> {
        let email = Email::parse(&self.email).map_err(|err| MalformedInput(err.to_string()))?;
        let password = match choose_password(&self.password, &email).await {
            Ok(chosen) => chosen.map_err(|err| MalformedInput(err.to_string()))?,
            Err(err) => {
                tracing::error!(error = format!("{err:#}"), "password strength check failed");
                return Err(MalformedInput("the password could not be checked; try again".into()));
            }
        };
        Ok(SignupCommand { email, password })
    }

    /// A password that cannot be valid is still only a wrong password (see [`LoginCommand`]).
    fn login_command(&self) -> Result<LoginCommand, MalformedInput> {
        let email = Email::parse(&self.email).map_err(|err| MalformedInput(err.to_string()))?;
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

authenticated_response! {
    pub enum MeResponse {
        #[oai(status = 200)]
        Ok(Json<UserBody>),
    }
}

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
            SignupError::Invalid(err) => Self::Invalid(Json(ErrorBody::new(err.to_string()))),
            SignupError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_body(retry_after_secs), retry_after_secs)
            }
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
            LoginError::Invalid(err) => Self::Invalid(Json(ErrorBody::new(err.to_string()))),
            LoginError::TooManyAttempts { retry_after_secs } => {
                Self::TooManyAttempts(too_many_body(retry_after_secs), retry_after_secs)
            }
            LoginError::Busy { retry_after_secs } => Self::busy(retry_after_secs),
            LoginError::Unavailable(err) => Self::outage(err),
            LoginError::Unexpected(err) => Self::bug(err),
        }
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

/// One wording for every auth 429, per address or per account.
fn too_many_body(retry_after_secs: u64) -> Json<ErrorBody> {
    Json(ErrorBody::new(format!("too many attempts; try again in {retry_after_secs} seconds")))
}

/// [`Password::parse_new`] on the blocking pool: the strength estimate takes milliseconds of CPU
/// for long inputs, too long to hold an async worker. The email and its local part are words an
/// attacker would try first for this user.
async fn choose_password(raw: &str, email: &Email) -> anyhow::Result<Result<Password, PasswordError>> {
    let (raw, email) = (raw.to_owned(), email.as_str().to_owned());
    Ok(tokio::task::spawn_blocking(move || {
        let local_part = email.split_once('@').map_or(email.as_str(), |(local, _)| local);
        Password::parse_new(&raw, &[&email, local_part])
    })
    .await?)
}

#[OpenApi(tag = "ApiTags::Auth")]
impl AuthApi {
    /// Create an account
    ///
    /// Emails are case-insensitive; passwords need at least 8 characters. Limited to 10
    /// attempts per minute per client network (an IPv4 address or an IPv6 /64).
    #[oai(path = "/auth/signup", method = "post")]
    async fn signup(&self, req: &Request, body: Json<Credentials>) -> SignupResponse {
        match self.app.signup(&client_network(req, self.trust_proxy_headers), body.new_signup_command().await).await {
            Ok(user) => SignupResponse::Created(Json(UserBody::new(&user.profile(), Plan::Free))),
            Err(err) => err.into(),
        }
    }

    /// Log in
    ///
    /// Returns a 30-minute bearer token for the other endpoints, and sets the refresh cookie
    /// that `POST /auth/refresh` exchanges for the next one. Limited to 10 attempts per minute
    /// per client network (an IPv4 address or an IPv6 /64), and to 5 failed attempts per email
    /// per client network per 15 minutes. After 5 failed attempts on an email from anywhere,
    /// each attempt is answered a little later (1 s, doubling up to 16 s) until a success.
    #[oai(path = "/auth/login", method = "post")]
    async fn login(&self, req: &Request, body: Json<Credentials>) -> LoginResponse {
        match self.app.login(&client_network(req, self.trust_proxy_headers), body.login_command()).await {
            Ok(session) => LoginResponse::Ok(
                Json(TokenBody::new(&session)),
                self.cookie.set(&session.refresh, session.refresh_expires_in_secs),
                NO_STORE.to_owned(),
            ),
            Err(err) => err.into(),
        }
    }

    /// The signed-in user
    #[oai(path = "/auth/me", method = "get")]
    async fn me(&self, BearerAuth(user): BearerAuth) -> MeResponse {
        match self.app.current_user(user).await {
            Ok(current) => MeResponse::Ok(Json(UserBody::new(&current.profile, current.plan))),
            Err(err) => err.into(),
        }
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
        req: &Request,
        BearerAuth(user): BearerAuth,
        body: Json<DeleteAccountBody>,
    ) -> DeleteAccountResponse {
        let password = Password::parse(&body.password).ok();
        match self.app.delete_account(user, &client_network(req, self.trust_proxy_headers), password.as_ref()).await {
            Ok(()) => DeleteAccountResponse::Deleted(self.cookie.clear()),
            Err(err) => err.into(),
        }
    }
}
