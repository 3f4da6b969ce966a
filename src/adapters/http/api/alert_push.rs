//! `/alerts/push/*`: the browsers a user receives push alerts on.
//!
//! The dashboard asks for the server's key (`GET /alerts/push/key`), subscribes the browser
//! with it (`pushManager.subscribe`), and posts the subscription exactly as the browser's
//! `PushSubscription.toJSON()` gives it. The subscription is parsed here, at the edge (an https
//! endpoint on a public host, a P-256 key, a 16-byte secret), so a stored device can always
//! be sent to.

use std::sync::Arc;

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::answer::answered;
use super::authenticated_failures::authenticated_failures;
use super::input::InvalidInput;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::BearerAuth;
use crate::app::alerts::{PushDeviceRegistry, RegisterPushDeviceError, UnregisterPushDeviceError};
use crate::domain::alerts::{PushDevice, PushDeviceId};

pub struct AlertPushApi {
    pub push_devices: Arc<PushDeviceRegistry>,
}

/// A browser's push subscription, as `PushSubscription.toJSON()` gives it.
#[derive(Object)]
pub struct PushSubscriptionBody {
    /// The push service URL the browser chose (https).
    #[oai(validator(max_length = 2048))]
    endpoint: String,
    /// When the subscription expires (ms since the epoch), if the browser says; not used.
    #[oai(rename = "expirationTime")]
    expiration_time: Option<f64>,
    keys: PushSubscriptionKeys,
}

#[derive(Object)]
pub struct PushSubscriptionKeys {
    /// The browser's P-256 public key (base64url, 65 bytes uncompressed).
    #[oai(validator(max_length = 128))]
    p256dh: String,
    /// The browser's authentication secret (base64url, 16 bytes).
    #[oai(validator(max_length = 64))]
    auth: String,
}

#[derive(Object)]
pub struct PushDeviceBody {
    /// This browser's device id: keep it to unsubscribe (`DELETE /alerts/push/subscriptions/{id}`).
    pub id: String,
}

#[derive(Object)]
pub struct PushKeyBody {
    /// The VAPID public key for `pushManager.subscribe({applicationServerKey})` (base64url,
    /// 65 bytes uncompressed); `null` when browser push is not configured on this server.
    pub public_key: Option<String>,
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum RegisterPushResponse {
    /// Registered (or, for a browser already registered, refreshed): alerts go to this browser.
    #[oai(status = 201)]
    Created(Json<PushDeviceBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// Not a browser push subscription: the endpoint is not an https URL on a public host, or
    /// the keys are not a P-256 public key and a 16-byte secret.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// Browser push is not configured on this server, or a backing service is unavailable.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum UnregisterPushResponse {
    /// Removed: no more alerts go to that browser.
    #[oai(status = 204)]
    Removed,
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// You have no push device with this id.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(RegisterPushResponse);
authenticated_failures!(UnregisterPushResponse);

impl From<RegisterPushDeviceError> for RegisterPushResponse {
    fn from(err: RegisterPushDeviceError) -> Self {
        match err {
            err @ RegisterPushDeviceError::NotConfigured => Self::Unavailable(Json(ErrorBody::new(err.to_string()))),
            RegisterPushDeviceError::Unavailable(err) => Self::outage(err),
            RegisterPushDeviceError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<UnregisterPushDeviceError> for UnregisterPushResponse {
    fn from(err: UnregisterPushDeviceError) -> Self {
        match err {
            UnregisterPushDeviceError::NotFound => Self::NotFound(Json(ErrorBody::new("no such push device"))),
            UnregisterPushDeviceError::Unavailable(err) => Self::outage(err),
            UnregisterPushDeviceError::Unexpected(err) => Self::bug(err),
        }
    }
}

#[OpenApi(tag = "ApiTags::Alerts")]
impl AlertPushApi {
    /// Receive alerts in this browser
    ///
    /// Send the browser's `PushSubscription.toJSON()` after `pushManager.subscribe` with the
    /// key from `GET /alerts/push/key`. One device per browser (subscribing again replaces its
    /// keys); at most ten per account, the oldest replaced.
    #[oai(path = "/alerts/push/subscriptions", method = "post")]
    async fn register(&self, bearer: BearerAuth, body: Json<PushSubscriptionBody>) -> RegisterPushResponse {
        let user = bearer.0.user;
        let Json(PushSubscriptionBody { endpoint, expiration_time: _, keys }) = body;
        answered(
            async {
                let device = PushDevice::parse(PushDeviceId::new_random(), user, &endpoint, &keys.p256dh, &keys.auth)
                    .map_err(InvalidInput::from_error)?;
                let id = self.push_devices.register(device).await?;
                Ok::<_, RegisterPushResponse>(RegisterPushResponse::Created(Json(PushDeviceBody {
                    id: id.to_string(),
                })))
            }
            .await,
        )
    }

    /// Stop alerts in a browser
    ///
    /// `id` is what registering it answered. Another account's device is not found.
    #[oai(path = "/alerts/push/subscriptions/:id", method = "delete")]
    async fn unregister(&self, bearer: BearerAuth, id: Path<String>) -> UnregisterPushResponse {
        let user = bearer.0.user;
        answered(
            async {
                // A malformed id cannot be one of the user's devices: the same answer as an unknown one.
                let id = id.0.parse::<PushDeviceId>().map_err(|_| UnregisterPushDeviceError::NotFound)?;
                self.push_devices.unregister(user, id).await?;
                Ok::<_, UnregisterPushResponse>(UnregisterPushResponse::Removed)
            }
            .await,
        )
    }

    /// The key browsers subscribe with
    ///
    /// Public. `public_key` is `null` when browser push is not configured on this server.
    #[oai(path = "/alerts/push/key", method = "get")]
    async fn key(&self) -> Json<PushKeyBody> {
        Json(PushKeyBody { public_key: self.push_devices.public_key() })
    }
}
