//! `/auth/*`: sign-up, log-in and the current user. Refresh and log-out are in
//! [`super::session`].

use std::sync::Arc;

use poem::Request;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::authenticated_response::authenticated_response;
use super::token_body::{NO_STORE, TokenBody};
use super::user_body::UserBody;
use crate::adapters::http::client_ip::client_ip;
use crate::adapters::http::error_body::*;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::security::{BearerAuth, Unauthenticated};
use crate::app::Signalbox;
use crate::app::use_cases::{
    AuthBucket, CurrentUserError, LoginCommand, LoginError, SignupCommand, SignupError, ThrottleError,
};
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
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
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
    /// Too many attempts from this address, or too many failed ones for this email (the same
    /// answer whether or not an account exists); retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_response! {
    pub enum MeResponse {
        #[oai(status = 200)]
        Ok(Json<UserBody>),
    }
}

macro_rules! request_errors_without_auth {
    ($ty:ident) => {
        impl FromRequestError for $ty {
            fn from_request_error(error: RequestError) -> Self {
                match error {
                    RequestError::UnsupportedMediaType(d) => Self::UnsupportedMediaType(Json(ErrorBody::new(d))),
                    RequestError::Unauthorized => Self::Invalid(Json(ErrorBody::new("unexpected credentials"))),
                    RequestError::Unprocessable(d) => Self::Invalid(Json(ErrorBody::new(d))),
                }
            }
        }
    };
}
request_errors_without_auth!(SignupResponse);
request_errors_without_auth!(LoginResponse);

/// The 429 / 503 answers of a throttled auth endpoint, built by the caller's variants.
fn throttled<R>(
    err: ThrottleError,
    too_many: impl Fn(Json<ErrorBody>, u64) -> R,
    unavailable: impl Fn(Json<ErrorBody>) -> R,
) -> R {
    match err {
        ThrottleError::TooManyAttempts { retry_after_secs } => {
            too_many(too_many_body(retry_after_secs), retry_after_secs)
        }
        ThrottleError::Unavailable(store) => {
            log_unexpected(&store.into());
            unavailable(Json(ErrorBody::new(UNAVAILABLE_DETAIL)))
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
    /// attempts per minute per client address.
    #[oai(path = "/auth/signup", method = "post")]
    async fn signup(&self, req: &Request, body: Json<Credentials>) -> SignupResponse {
        if let Err(err) = self.app.throttle_auth(AuthBucket::Signup, &client_ip(req, self.trust_proxy_headers)).await {
            return throttled(err, SignupResponse::TooManyAttempts, SignupResponse::Unavailable);
        }
        let email = match Email::parse(&body.email) {
            Ok(email) => email,
            Err(err) => return SignupResponse::Invalid(Json(ErrorBody::new(err.to_string()))),
        };
        let password = match choose_password(&body.password, &email).await {
            Ok(Ok(password)) => password,
            Ok(Err(err)) => return SignupResponse::Invalid(Json(ErrorBody::new(err.to_string()))),
            Err(err) => return server_error(&err, SignupResponse::Unavailable, SignupResponse::Internal),
        };
        match self.app.signup(SignupCommand { email, password }).await {
            Ok(user) => SignupResponse::Created(Json(UserBody::new(&user, Plan::Free))),
            Err(SignupError::EmailTaken) => {
                SignupResponse::EmailTaken(Json(ErrorBody::new(SignupError::EmailTaken.to_string())))
            }
            Err(SignupError::Unexpected(err)) => {
                server_error(&err, SignupResponse::Unavailable, SignupResponse::Internal)
            }
        }
    }

    /// Log in
    ///
    /// Returns a 30-minute bearer token for the other endpoints, and sets the refresh cookie
    /// that `POST /auth/refresh` exchanges for the next one. Limited to 10 attempts per minute
    /// per client address, and to 5 failed attempts per email per 15 minutes.
    #[oai(path = "/auth/login", method = "post")]
    async fn login(&self, req: &Request, body: Json<Credentials>) -> LoginResponse {
        if let Err(err) = self.app.throttle_auth(AuthBucket::Login, &client_ip(req, self.trust_proxy_headers)).await {
            return throttled(err, LoginResponse::TooManyAttempts, LoginResponse::Unavailable);
        }
        let email = match Email::parse(&body.email) {
            Ok(email) => email,
            Err(err) => return LoginResponse::Invalid(Json(ErrorBody::new(err.to_string()))),
        };
        let command = LoginCommand { email, password: Password::parse(&body.password).ok() };
        match self.app.login(command).await {
            Ok(session) => LoginResponse::Ok(
                Json(TokenBody::new(&session)),
                self.cookie.set(&session.refresh, session.refresh_expires_in_secs),
                NO_STORE.to_owned(),
            ),
            Err(LoginError::InvalidCredentials) => {
                LoginResponse::InvalidCredentials(Json(ErrorBody::new(LoginError::InvalidCredentials.to_string())))
            }
            Err(LoginError::TooManyAttempts { retry_after_secs }) => {
                LoginResponse::TooManyAttempts(too_many_body(retry_after_secs), retry_after_secs)
            }
            Err(LoginError::Unexpected(err)) => server_error(&err, LoginResponse::Unavailable, LoginResponse::Internal),
        }
    }

    /// The signed-in user
    #[oai(path = "/auth/me", method = "get")]
    async fn me(&self, auth: BearerAuth) -> MeResponse {
        let user_id = match auth.user(&self.app) {
            Ok(id) => id,
            Err(e) => return e.into(),
        };
        match self.app.current_user(user_id).await {
            Ok(current) => MeResponse::Ok(Json(UserBody::new(&current.user, current.plan))),
            Err(CurrentUserError::NotFound) => Unauthenticated::invalid("account no longer exists").into(),
            Err(CurrentUserError::Unexpected(err)) => server_error(&err, MeResponse::Unavailable, MeResponse::Internal),
        }
    }
}
