//! A local push service, standing in for FCM or Mozilla's autopush: the test plays the browser
//! (it makes the P-256 key pair and auth secret a browser would), and the service checks each
//! message the way a real one would before accepting it.
//!
//! Every request is checked for a VAPID `Authorization: vapid t=<JWT>, k=<key>` whose ES256
//! signature verifies against `k` (with jsonwebtoken, an implementation independent of the
//! sender's), whose `aud` is this service's origin and whose `exp` is at most 24 hours away;
//! then for `TTL` and `Content-Encoding: aes128gcm`. A message that passes is decrypted with
//! the browser's private key and auth secret (RFC 8291, written out here again) and recorded.
//! An endpoint can be told to answer 404, 410, 429 or 5xx instead, or never to answer.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use p256::SecretKey;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use ring::aead::{AES_128_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::hkdf::{HKDF_SHA256, KeyType, Salt};
use signalbox::domain::UserId;
use signalbox::domain::alerts::{PushDevice, PushDeviceId, PushKeys};
use tokio::net::TcpListener;

/// What the service answers for one endpoint instead of 201.
#[derive(Clone, Debug)]
pub enum Answer {
    Status {
        status: u16,
        retry_after: Option<String>,
    },
    /// Holds the request without ever answering (a push service that hangs).
    Never,
}

/// One request that reached the service.
#[derive(Clone, Debug)]
pub struct Received {
    pub endpoint: String,
    /// The decrypted payload, or why the request was refused.
    pub outcome: Result<Vec<u8>, String>,
    pub ttl: Option<String>,
    pub urgency: Option<String>,
    pub authorization: Option<String>,
}

/// A browser's half of a subscription: what only the browser knows.
struct Browser {
    private: SecretKey,
    auth: [u8; 16],
}

#[derive(Default)]
struct State {
    browsers: HashMap<String, Browser>,
    answers: HashMap<String, Answer>,
    received: Vec<Received>,
}

pub struct FakePushService {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl FakePushService {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(state.clone(), addr, req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, state }
    }

    /// The origin a VAPID token for this service must name.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A new browser subscription on this service, as the browser would hand it to the
    /// dashboard: a fresh key pair and auth secret, an endpoint of its own.
    pub fn subscribe(&self, user: UserId) -> PushDevice {
        let random = ring::rand::SystemRandom::new();
        let private = loop {
            let mut scalar = [0u8; 32];
            ring::rand::SecureRandom::fill(&random, &mut scalar).unwrap();
            if let Ok(key) = SecretKey::from_slice(&scalar) {
                break key;
            }
        };
        let mut auth = [0u8; 16];
        ring::rand::SecureRandom::fill(&random, &mut auth).unwrap();
        let public = private.public_key().to_encoded_point(false);
        let id = PushDeviceId::new_random();
        let endpoint = format!("{}/push/{id}", self.origin());
        let keys = PushKeys { p256dh: URL_SAFE_NO_PAD.encode(public.as_bytes()), auth: URL_SAFE_NO_PAD.encode(auth) };
        self.state.lock().unwrap().browsers.insert(path_of(&endpoint), Browser { private, auth });
        PushDevice { id, user, endpoint, keys }
    }

    /// From now on, `endpoint` is answered with `answer`.
    pub fn answer(&self, endpoint: &str, answer: Answer) {
        self.state.lock().unwrap().answers.insert(path_of(endpoint), answer);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Posts `body` with these headers straight to the service (as a sender that forged or
    /// altered its token would), returning the status.
    pub async fn post_raw(&self, endpoint: &str, headers: &[(&str, &str)], body: Vec<u8>) -> u16 {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
        let request = headers
            .iter()
            .fold(Request::post(endpoint), |req, (name, value)| req.header(*name, *value))
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        client.request(request).await.unwrap().status().as_u16()
    }
}

fn path_of(endpoint: &str) -> String {
    endpoint.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default()
}

async fn handle(
    state: Arc<Mutex<State>>,
    addr: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let path = req.uri().path().to_owned();
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (authorization, ttl, urgency, encoding) =
        (header("authorization"), header("ttl"), header("urgency"), header("content-encoding"));
    let body = req.into_body().collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();

    let checked = check_vapid(authorization.as_deref(), &format!("http://{addr}"))
        .and_then(|()| if ttl.is_some() { Ok(()) } else { Err("no TTL header".to_owned()) })
        .and_then(|()| match encoding.as_deref() {
            Some("aes128gcm") => Ok(()),
            other => Err(format!("Content-Encoding {other:?}")),
        });
    let (status, retry_after, outcome) = {
        let guard = state.lock().unwrap();
        let outcome = checked.and_then(|()| match guard.browsers.get(&path) {
            Some(browser) => decrypt(&body, browser),
            None => Err("unknown subscription".to_owned()),
        });
        match (&outcome, guard.answers.get(&path).cloned()) {
            (Err(_), _) => (401, None, outcome),
            (Ok(_), Some(Answer::Status { status, retry_after })) => (status, retry_after, outcome),
            (Ok(_), Some(Answer::Never)) => (0, None, outcome),
            (Ok(_), None) => (201, None, outcome),
        }
    };
    let endpoint = format!("http://{addr}{path}");
    state.lock().unwrap().received.push(Received { endpoint, outcome, ttl, urgency, authorization });
    if status == 0 {
        std::future::pending::<()>().await;
    }
    let mut response = Response::builder().status(status);
    if let Some(seconds) = retry_after {
        response = response.header("retry-after", seconds);
    }
    Ok(response.body(Full::new(Bytes::new())).unwrap())
}

/// RFC 8292: `vapid t=<JWT>, k=<public key>`, the JWT ES256-signed by `k`, for our origin,
/// expiring within 24 hours, with a contact.
fn check_vapid(authorization: Option<&str>, origin: &str) -> Result<(), String> {
    let value = authorization.ok_or("no Authorization header")?;
    let rest = value.strip_prefix("vapid ").ok_or("not the vapid scheme")?;
    let params: HashMap<&str, &str> =
        rest.split(',').filter_map(|p| p.trim().split_once('=')).map(|(k, v)| (k.trim(), v.trim())).collect();
    let (token, key) = (params.get("t").ok_or("no t=")?, params.get("k").ok_or("no k=")?);
    let point = URL_SAFE_NO_PAD.decode(key).map_err(|e| format!("k: {e}"))?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_audience(&[origin]);
    validation.set_required_spec_claims(&["exp", "aud", "sub"]);
    let claims =
        jsonwebtoken::decode::<serde_json::Value>(*token, &jsonwebtoken::DecodingKey::from_ec_der(&point), &validation)
            .map_err(|e| format!("JWT refused: {e}"))?
            .claims;
    let exp = claims["exp"].as_i64().ok_or("exp is not a number")?;
    if exp > chrono::Utc::now().timestamp() + 24 * 60 * 60 {
        return Err("exp more than 24 hours away".into());
    }
    let sub = claims["sub"].as_str().unwrap_or_default();
    if !(sub.starts_with("mailto:") || sub.starts_with("https://")) {
        return Err(format!("sub {sub:?}"));
    }
    Ok(())
}

/// RFC 8291 decryption, as a browser does it.
fn decrypt(body: &[u8], browser: &Browser) -> Result<Vec<u8>, String> {
    if body.len() < 21 {
        return Err("shorter than the aes128gcm header".into());
    }
    let salt = &body[..16];
    let id_len = usize::from(body[20]);
    let sender = body.get(21..21 + id_len).ok_or("truncated key id")?;
    let ciphertext = &body[21 + id_len..];
    let sender_key = p256::PublicKey::from_sec1_bytes(sender).map_err(|_| "key id is not a P-256 point")?;
    let shared = p256::ecdh::diffie_hellman(browser.private.to_nonzero_scalar(), sender_key.as_affine());
    let ours = browser.private.public_key().to_encoded_point(false);

    let info = [b"WebPush: info\0".as_slice(), ours.as_bytes(), sender];
    let ikm: [u8; 32] = hkdf(&Salt::new(HKDF_SHA256, &browser.auth).extract(shared.raw_secret_bytes()), &info);
    let prk = Salt::new(HKDF_SHA256, salt).extract(&ikm);
    let cek: [u8; 16] = hkdf(&prk, &[b"Content-Encoding: aes128gcm\0"]);
    let nonce: [u8; 12] = hkdf(&prk, &[b"Content-Encoding: nonce\0"]);
    let key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &cek).unwrap());
    let mut record = ciphertext.to_vec();
    let plain = key
        .open_in_place(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut record)
        .map_err(|_| "the record does not decrypt")?;
    let end = plain.iter().rposition(|b| *b != 0).ok_or("no delimiter")?;
    if plain[end] != 0x02 {
        return Err("the last record's delimiter is not 0x02".into());
    }
    Ok(plain[..end].to_vec())
}

fn hkdf<const N: usize>(prk: &ring::hkdf::Prk, info: &[&[u8]]) -> [u8; N] {
    struct Length(usize);
    impl KeyType for Length {
        fn len(&self) -> usize {
            self.0
        }
    }
    let mut out = [0u8; N];
    prk.expand(info, Length(N)).unwrap().fill(&mut out).unwrap();
    out
}
