//! [`HttpWebPush`]: one encrypted, VAPID-signed POST per message to the device's push service.

use std::time::Duration;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::Utc;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::body::Bytes;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::answer::outcome;
use super::encryption::{EncryptionError, encrypt};
use super::public_resolver::{NotPublic, PublicAddressesOnly};
use super::vapid_key::{VapidKey, audience_of};
use crate::domain::alerts::PushDevice;
use crate::ports::{PushError, WebPush};

/// How much of a push service's answer is read (refusals carry a short explanation).
const MAX_ANSWER_BYTES: usize = 4 * 1024;
/// How long a VAPID token is valid: RFC 8292 allows at most 24 hours; half leaves room for
/// clock skew between us and the push service.
const TOKEN_LIFETIME_SECS: i64 = 12 * 60 * 60;

#[derive(Clone, Debug)]
pub struct WebPushSettings {
    pub key: VapidKey,
    /// The JWT's `sub`: a `mailto:` or `https:` contact for the push service's operators.
    pub subject: String,
    /// For the whole exchange with the push service, connecting included.
    pub timeout: Duration,
}

/// The [`WebPush`] adapter. Cheap to share: one connection pool for every push service.
pub struct HttpWebPush {
    settings: WebPushSettings,
    public_key: String,
    client: Client<HttpsConnector<HttpConnector<PublicAddressesOnly>>, Full<Bytes>>,
}

impl HttpWebPush {
    pub fn new(settings: WebPushSettings) -> Self {
        // Names are dialled only at public addresses; IP literals skip the resolver, but the API
        // stores none (see `domain::alerts::push_endpoint`).
        let mut dialler = HttpConnector::new_with_resolver(PublicAddressesOnly::default());
        dialler.enforce_http(false);
        // `https_or_http` only so tests can run a push service on loopback: the devices the
        // API stores have https endpoints.
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(dialler);
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Self { public_key: settings.key.public_key(), settings, client }
    }

    fn request(&self, device: &PushDevice, payload: &[u8], ttl: Duration) -> Result<Request<Full<Bytes>>, PushError> {
        let (p256dh, auth) = match (device.keys.p256dh_bytes(), device.keys.auth_bytes()) {
            (Some(p256dh), Some(auth)) => (p256dh, auth),
            _ => return Err(PushError::Rejected(EncryptionError::BadDeviceKeys.to_string())),
        };
        let body = encrypt(payload, &p256dh, &auth).map_err(|err| PushError::Rejected(err.to_string()))?;
        let audience = audience_of(&device.endpoint)
            .ok_or_else(|| PushError::Rejected("the endpoint is not an http(s) URL".into()))?;
        let token =
            self.settings.key.jwt(&audience, Utc::now().timestamp() + TOKEN_LIFETIME_SECS, &self.settings.subject);
        Request::post(device.endpoint.as_str())
            .header("ttl", ttl.as_secs().to_string())
            .header("content-encoding", "aes128gcm")
            .header("content-type", "application/octet-stream")
            // Alerts are about prices moving now: a phone in battery saving should still wake.
            .header("urgency", "high")
            .header("authorization", format!("vapid t={token}, k={}", self.public_key))
            .body(Full::new(Bytes::from(body)))
            .map_err(|err| PushError::Rejected(format!("the endpoint is not a valid URL: {err}")))
    }
}

#[async_trait]
impl WebPush for HttpWebPush {
    async fn send(&self, device: &PushDevice, payload: &[u8], ttl: Duration) -> Result<(), PushError> {
        let request = self.request(device, payload, ttl)?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|err| anyhow!(err))?;
            let status = response.status().as_u16();
            let retry_after =
                response.headers().get("retry-after").and_then(|value| value.to_str().ok()).map(str::to_owned);
            // Only a refusal's body is worth reading; the rest is dropped with the connection.
            let body = if (400..500).contains(&status) && status != 404 && status != 410 && status != 429 {
                Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                    .collect()
                    .await
                    .map(|b| b.to_bytes())
                    .unwrap_or_default()
            } else {
                Bytes::new()
            };
            Ok::<_, anyhow::Error>((status, retry_after, body))
        };
        match tokio::time::timeout(self.settings.timeout, exchange).await {
            Ok(Ok((status, retry_after, body))) => outcome(status, retry_after.as_deref(), &body, Utc::now()),
            Ok(Err(err)) if NotPublic::caused(&*err) => {
                tracing::warn!(audience = ?audience_of(&device.endpoint), "push endpoint refused: {NotPublic}");
                Err(PushError::Rejected(NotPublic.to_string()))
            }
            Ok(Err(err)) => {
                tracing::warn!(error = format!("{err:#}"), "push service unreachable");
                Err(PushError::Transient { retry_after: None })
            }
            Err(_) => {
                tracing::warn!(timeout = ?self.settings.timeout, "push service did not answer in time");
                Err(PushError::Transient { retry_after: None })
            }
        }
    }

    fn public_key(&self) -> Option<String> {
        Some(self.public_key.clone())
    }
}
