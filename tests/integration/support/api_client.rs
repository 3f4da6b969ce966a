//! `ApiClient`: the HTTP API over a real TCP connection, for tests whose server is a separate
//! process or a server bound to a port. One method per endpoint, like `TestApp`, and the same
//! `Reply`.
//!
//! Built on hyper-util's client rather than reqwest: async-stripe already compiles hyper-util
//! with its client, so these tests add no crate to the build (which matters on two cores),
//! and plain HTTP/1 to localhost needs nothing more.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use poem::http::StatusCode;
use serde_json::{Value, json};

use super::test_app::{PASSWORD, Reply};

/// Far longer than any request takes even on a loaded CI machine; a hung server then fails
/// its test instead of hanging the suite.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct ApiClient {
    http: Client<HttpConnector, Full<Bytes>>,
    base_url: String,
    /// Sent as `X-Forwarded-For`, as a trusted proxy would: the client address the server's
    /// per-address limits see (the server must run with `TRUST_PROXY_HEADERS=true`).
    client_ip: Option<String>,
}

impl ApiClient {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self { http: Client::builder(TokioExecutor::new()).build_http(), base_url: base_url.into(), client_ip: None }
    }

    /// The same server, reached as if from `ip`.
    pub fn with_client_ip(&self, ip: &str) -> Self {
        Self { client_ip: Some(ip.to_owned()), ..self.clone() }
    }

    /// Sends one request and reads the whole reply. `body` is sent as JSON.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(format!("{}{path}", self.base_url));
        if let Some(ip) = &self.client_ip {
            request = request.header("X-Forwarded-For", ip);
        }
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header("Content-Type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Full::new(Bytes::from(body.unwrap_or_default()))).expect("valid request");
        let exchange = async {
            let response = self.http.request(request).await.unwrap_or_else(|e| panic!("{path}: {e}"));
            let (parts, body) = response.into_parts();
            let bytes = body.collect().await.unwrap_or_else(|e| panic!("{path}: reading the body: {e}")).to_bytes();
            (parts, bytes)
        };
        let (parts, bytes) =
            tokio::time::timeout(REQUEST_TIMEOUT, exchange).await.unwrap_or_else(|_| panic!("{path}: no answer"));
        let text = String::from_utf8(bytes.to_vec()).expect("utf-8 body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status: parts.status, headers: parts.headers, body, text }
    }

    /// `GET path` with a Bearer token, answered up to its headers: the body is left to the
    /// caller to read as it arrives (a stream).
    pub async fn open(&self, path: &str, token: &str) -> hyper::Response<hyper::body::Incoming> {
        let request = Request::builder()
            .method(Method::GET)
            .uri(format!("{}{path}", self.base_url))
            .header("Authorization", format!("Bearer {token}"))
            .body(Full::new(Bytes::new()))
            .expect("valid request");
        tokio::time::timeout(REQUEST_TIMEOUT, self.http.request(request))
            .await
            .unwrap_or_else(|_| panic!("{path}: no answer"))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, &[], None).await
    }

    pub async fn ready(&self) -> Reply {
        self.get("/ready", None).await
    }

    pub async fn signup(&self, email: &str) -> Reply {
        let body = json!({"email": email, "password": PASSWORD});
        self.send(Method::POST, "/auth/signup", None, &[], Some(body.to_string().into_bytes())).await
    }

    pub async fn login(&self, email: &str) -> Reply {
        let body = json!({"email": email, "password": PASSWORD});
        self.send(Method::POST, "/auth/login", None, &[], Some(body.to_string().into_bytes())).await
    }

    /// Logs in an existing user; returns the access token.
    pub async fn token(&self, email: &str) -> String {
        let login = self.login(email).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.text);
        login.body["access_token"].as_str().expect("a token").to_owned()
    }

    /// Signs up and logs in a fresh user; returns the access token.
    pub async fn new_user(&self, email: &str) -> String {
        let signup = self.signup(email).await;
        assert_eq!(signup.status, StatusCode::CREATED, "{}", signup.text);
        self.token(email).await
    }

    /// `DELETE /auth/me` with the password every test user has.
    pub async fn delete_account(&self, token: &str) -> Reply {
        let body = serde_json::to_vec(&json!({"password": PASSWORD})).expect("JSON");
        self.send(Method::DELETE, "/auth/me", Some(token), &[], Some(body)).await
    }

    pub async fn me(&self, token: &str) -> Reply {
        self.get("/auth/me", Some(token)).await
    }

    pub async fn user_id(&self, token: &str) -> String {
        let me = self.me(token).await;
        me.body["id"].as_str().unwrap_or_else(|| panic!("no id in {}", me.text)).to_owned()
    }

    pub async fn signals(&self, token: &str) -> Reply {
        self.get("/signals", Some(token)).await
    }

    pub async fn quota(&self, token: &str) -> Reply {
        self.get("/signals/quota", Some(token)).await
    }

    pub async fn billing_status(&self, token: &str) -> Reply {
        self.get("/billing/status", Some(token)).await
    }

    pub async fn webhook(&self, payload: &[u8], signature: &str) -> Reply {
        self.send(Method::POST, "/billing/webhook", None, &[("Stripe-Signature", signature)], Some(payload.to_vec()))
            .await
    }
}

/// A client address of our own, so per-address limits never mix with another test's.
pub fn random_ip() -> String {
    let [a, b, c]: [u8; 3] = rand::random();
    format!("10.{a}.{b}.{c}")
}

/// An email nobody else uses.
pub fn unique_email(who: &str) -> String {
    format!("{who}-{}@example.com", super::real_services::unique_suffix())
}
