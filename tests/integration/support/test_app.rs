//! `TestApp`: the whole HTTP API over in-memory adapters and a clock the test controls, with
//! one method per endpoint. Requests go through poem's in-process test client, so no port is
//! bound and tests run in parallel.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use figment::Figment;
use figment::providers::Serialized;
use poem::EndpointExt;
use poem::endpoint::BoxEndpoint;
use poem::http::StatusCode;
use poem::test::TestClient;
use secrecy::SecretString;
use serde_json::{Value, json};
use signalbox::adapters::auth::{Argon2Hasher, Argon2Settings};
use signalbox::adapters::clock::ManualClock;
use signalbox::adapters::http::refresh_cookie::REFRESH_COOKIE_NAME;
use signalbox::adapters::memory::InMemoryAccounts;
use signalbox::adapters::stripe_webhook::sign;
use signalbox::app::Services;
use signalbox::bootstrap::config::Settings;
use signalbox::bootstrap::startup::routes;
use signalbox::bootstrap::wiring::Wired;
use signalbox::ports::PasswordHasher;

use super::faulty_billing::{self, FaultyBilling};
use super::in_memory::{MemoryStores, in_memory};
pub use super::set_cookie::SetCookie;

pub const WEBHOOK_SECRET: &str = "whsec_test_secret";
pub const PASSWORD: &str = "correct-horse-battery";

/// A response, read once: status, headers and the JSON body (`Null` when not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: poem::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The refresh cookie this response sets (or deletes), if any.
    pub fn refresh_cookie(&self) -> Option<SetCookie> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(SetCookie::parse)
            .find(|c| c.name == REFRESH_COOKIE_NAME)
    }

    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().unwrap_or_else(|| panic!("no detail in {}", self.text))
    }
}

pub struct TestApp {
    pub client: TestClient<BoxEndpoint<'static>>,
    pub app: Services,
    pub clock: Arc<ManualClock>,
    /// The accounts and sessions behind the app, to inspect them or to build another app
    /// over the same data.
    pub stores: MemoryStores,
    settings: Settings,
}

/// Cheap argon2 parameters: the production cost is tested in the hasher's own tests.
pub const CHEAP_ARGON2: Argon2Settings = Argon2Settings { memory_kib: 256, iterations: 1, parallelism: 1 };

/// 10:00 in Mumbai on a weekday: mid-session, well away from the quota day boundary.
pub fn market_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 30, 0).unwrap()
}

impl TestApp {
    pub fn new() -> Self {
        Self::with(&[])
    }

    /// Overrides settings by key (`("free_signals_per_day", "5")`, …).
    pub fn with(overrides: &[(&str, &str)]) -> Self {
        let settings = settings(overrides);
        let clock = Arc::new(ManualClock::new(market_morning()));
        let stores = MemoryStores::new(clock.clone(), &settings);
        Self::build(settings, clock, CHEAP_ARGON2, stores)
    }

    /// Another app over the same accounts, sessions and clock, hashing new passwords with
    /// `argon2` (as after a restart with a new `ARGON2_*` configuration).
    pub fn with_argon2(&self, argon2: Argon2Settings) -> Self {
        Self::build(self.settings.clone(), self.clock.clone(), argon2, self.stores.clone())
    }

    fn build(settings: Settings, clock: Arc<ManualClock>, argon2: Argon2Settings, stores: MemoryStores) -> Self {
        Self::build_with_hasher(settings, clock, Arc::new(Argon2Hasher::new(argon2).unwrap()), stores)
    }

    /// The app with `hasher` as its password hasher (e.g. one that is always at capacity).
    pub fn with_hasher(hasher: Arc<dyn PasswordHasher>) -> Self {
        Self::with_hasher_and(hasher, &[])
    }

    /// [`Self::with_hasher`] with some settings overridden (as [`Self::with`]).
    pub fn with_hasher_and(hasher: Arc<dyn PasswordHasher>, overrides: &[(&str, &str)]) -> Self {
        let clock = Arc::new(ManualClock::new(market_morning()));
        let settings = settings(overrides);
        let stores = MemoryStores::new(clock.clone(), &settings);
        Self::build_with_hasher(settings, clock, hasher, stores)
    }

    fn build_with_hasher(
        settings: Settings,
        clock: Arc<ManualClock>,
        hasher: Arc<dyn PasswordHasher>,
        stores: MemoryStores,
    ) -> Self {
        let wired = in_memory(&settings, clock.clone(), hasher, stores.clone());
        Self::serving(settings, wired, clock, stores)
    }

    /// The app with `wrap(accounts)` as its user repository: a wrapper that watches or holds
    /// the calls to the in-memory accounts.
    pub fn with_users(wrap: impl FnOnce(Arc<InMemoryAccounts>) -> Arc<dyn signalbox::ports::UserRepository>) -> Self {
        let settings = settings(&[]);
        let clock = Arc::new(ManualClock::new(market_morning()));
        let stores = MemoryStores::new(clock.clone(), &settings);
        let users = wrap(stores.accounts.clone());
        let wired =
            super::in_memory::with_users(&settings, clock.clone(), Arc::new(cheap_hasher()), stores.clone(), users);
        Self::serving(settings, wired, clock, stores)
    }

    /// The app over in-memory stores with `gateway` as its payment gateway.
    pub fn with_gateway(gateway: Arc<dyn signalbox::ports::PaymentGateway>) -> Self {
        let settings = settings(&[]);
        let clock = Arc::new(ManualClock::new(market_morning()));
        let stores = MemoryStores::new(clock.clone(), &settings);
        let wired =
            super::in_memory::with_gateway(&settings, clock.clone(), Arc::new(cheap_hasher()), stores.clone(), gateway);
        Self::serving(settings, wired, clock, stores)
    }

    /// The app as production runs without `VAPID_PRIVATE_KEY`: browser push switched off.
    pub fn without_browser_push() -> Self {
        use signalbox::adapters::memory::{MemoryAlertSubscribers, MemoryPushDevices};
        use signalbox::adapters::web_push::PushDisabled;
        use signalbox::app::alerts::PushDeviceRegistry;
        let settings = settings(&[]);
        let clock = Arc::new(ManualClock::new(market_morning()));
        let stores = MemoryStores::new(clock.clone(), &settings);
        let mut wired = in_memory(&settings, clock.clone(), Arc::new(cheap_hasher()), stores.clone());
        wired.app.push_devices = Arc::new(PushDeviceRegistry::new(
            Arc::new(MemoryPushDevices::default()),
            Arc::new(PushDisabled),
            Arc::new(MemoryAlertSubscribers::new()),
        ));
        Self::serving(settings, wired, clock, stores)
    }

    /// The app over in-memory adapters, except that its billing store fails on command (see
    /// [`FaultyBilling`]): for the paths where applying a webhook fails.
    pub fn with_faulty_billing() -> (Self, Arc<FaultyBilling>) {
        let settings = settings(&[]);
        let clock = Arc::new(ManualClock::new(market_morning()));
        let stores = MemoryStores::new(clock.clone(), &settings);
        let (wired, faults) = faulty_billing::in_memory(&settings, clock.clone(), cheap_hasher(), stores.clone());
        (Self::serving(settings, wired, clock, stores), faults)
    }

    fn serving(settings: Settings, wired: Wired, clock: Arc<ManualClock>, stores: MemoryStores) -> Self {
        let app = wired.app.clone();
        let endpoint = routes(&settings, wired).map_to_response().boxed();
        Self { client: TestClient::new(endpoint), app, clock, stores, settings }
    }

    /// Reads a response sent through [`TestApp::client`] directly.
    pub async fn read(resp: poem::test::TestResponse) -> Reply {
        let status = resp.0.status();
        let headers = resp.0.headers().clone();
        let text = resp.0.into_body().into_string().await.expect("utf-8 body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    pub async fn signup(&self, email: &str, password: &str) -> Reply {
        Self::read(
            self.client.post("/auth/signup").body_json(&json!({"email": email, "password": password})).send().await,
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        Self::read(
            self.client.post("/auth/login").body_json(&json!({"email": email, "password": password})).send().await,
        )
        .await
    }

    /// Logs in as a client at `ip` (seen through `X-Forwarded-For`, which the app trusts
    /// only with `trust_proxy_headers`).
    pub async fn login_from(&self, ip: &str, email: &str, password: &str) -> Reply {
        let body = json!({"email": email, "password": password});
        Self::read(self.client.post("/auth/login").header("X-Forwarded-For", ip).body_json(&body).send().await).await
    }

    /// Signs up as a client at `ip` (seen through `X-Forwarded-For`, as [`Self::login_from`]).
    pub async fn signup_from(&self, ip: &str, email: &str, password: &str) -> Reply {
        let body = json!({"email": email, "password": password});
        Self::read(self.client.post("/auth/signup").header("X-Forwarded-For", ip).body_json(&body).send().await).await
    }

    /// `POST /auth/refresh`, sending `cookie` back as a browser would.
    pub async fn refresh(&self, cookie: Option<&SetCookie>) -> Reply {
        Self::read(Self::with_cookie(self.client.post("/auth/refresh"), cookie).send().await).await
    }

    /// `POST /auth/refresh` from a client at `ip` (see [`Self::login_from`]).
    pub async fn refresh_from(&self, ip: &str, cookie: Option<&SetCookie>) -> Reply {
        let req = self.client.post("/auth/refresh").header("X-Forwarded-For", ip);
        Self::read(Self::with_cookie(req, cookie).send().await).await
    }

    /// `POST /auth/logout`, sending `cookie` back as a browser would.
    pub async fn logout(&self, cookie: Option<&SetCookie>) -> Reply {
        Self::read(Self::with_cookie(self.client.post("/auth/logout"), cookie).send().await).await
    }

    fn with_cookie<'a>(
        req: poem::test::TestRequestBuilder<'a, BoxEndpoint<'static>>,
        cookie: Option<&SetCookie>,
    ) -> poem::test::TestRequestBuilder<'a, BoxEndpoint<'static>> {
        match cookie {
            Some(cookie) => req.header("Cookie", cookie.as_request_header()),
            None => req,
        }
    }

    /// Signs up and logs in a fresh user; returns the access token and the refresh cookie.
    pub async fn new_session(&self, email: &str) -> (String, SetCookie) {
        assert_eq!(self.signup(email, PASSWORD).await.status, StatusCode::CREATED);
        let login = self.login(email, PASSWORD).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.text);
        let token = login.body["access_token"].as_str().unwrap().to_owned();
        (token, login.refresh_cookie().expect("login sets the refresh cookie"))
    }

    /// `method path` with `headers` and no body, as a browser's preflight or page load sends it.
    pub async fn send_with_headers(&self, method: poem::http::Method, path: &str, headers: &[(&str, &str)]) -> Reply {
        let req = headers.iter().fold(self.client.request(method, path), |req, (name, value)| {
            req.header(name.to_string(), value.to_string())
        });
        Self::read(req.send().await).await
    }

    /// Posts a raw body with a JSON content type.
    pub async fn post_raw(&self, path: &str, body: &str) -> Reply {
        Self::read(self.client.post(path).content_type("application/json").body(body.to_owned()).send().await).await
    }

    /// Signs up and logs in a fresh user; returns the access token.
    pub async fn new_user(&self, email: &str) -> String {
        assert_eq!(self.signup(email, PASSWORD).await.status, StatusCode::CREATED);
        let login = self.login(email, PASSWORD).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.text);
        login.body["access_token"].as_str().unwrap().to_owned()
    }

    /// Logs an existing user in again (e.g. after the clock passed their token's expiry).
    pub async fn new_token(&self, email: &str) -> String {
        let login = self.login(email, PASSWORD).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.text);
        login.body["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = self.client.get(path);
        if let Some(token) = token {
            req = req.header("Authorization", format!("Bearer {token}"));
        }
        Self::read(req.send().await).await
    }

    pub async fn post(&self, path: &str, token: &str) -> Reply {
        Self::read(self.client.post(path).header("Authorization", format!("Bearer {token}")).send().await).await
    }

    /// `POST /alerts/push/subscriptions` with `subscription` as the body.
    pub async fn subscribe_push(&self, token: &str, subscription: &Value) -> Reply {
        let req = self.client.post("/alerts/push/subscriptions").header("Authorization", format!("Bearer {token}"));
        Self::read(req.body_json(subscription).send().await).await
    }

    /// `DELETE /alerts/push/subscriptions/{id}`.
    pub async fn unsubscribe_push(&self, token: &str, id: &str) -> Reply {
        let req = self.client.delete(format!("/alerts/push/subscriptions/{id}"));
        Self::read(req.header("Authorization", format!("Bearer {token}")).send().await).await
    }

    pub async fn me(&self, token: &str) -> Reply {
        self.get("/auth/me", Some(token)).await
    }

    pub async fn signals(&self, token: &str) -> Reply {
        self.get("/signals", Some(token)).await
    }

    pub async fn billing_status(&self, token: &str) -> Reply {
        self.get("/billing/status", Some(token)).await
    }

    pub async fn create_checkout(&self, token: &str) -> Reply {
        self.post("/billing/create-checkout", token).await
    }

    pub async fn billing_portal(&self, token: &str) -> Reply {
        self.post("/billing/portal", token).await
    }

    /// The path of the simulated portal page a `POST /billing/portal` answer links to.
    pub async fn simulated_portal_path(&self, token: &str) -> String {
        let portal = self.billing_portal(token).await;
        assert_eq!(portal.status, StatusCode::OK, "{}", portal.text);
        let url = portal.body["portal_url"].as_str().unwrap();
        url[url.find("/billing/").unwrap()..].to_owned()
    }

    /// Posts an empty form, as a browser's submit button does.
    pub async fn submit(&self, path: &str) -> Reply {
        Self::read(self.client.post(path).send().await).await
    }

    /// The shared `checkout.session.completed` fixture for `user_id`, stamped at the app's clock:
    /// delivered, it links the fixtures' customer and subscription to the user and pays.
    pub fn checkout_payload(&self, user_id: &str) -> Vec<u8> {
        let created = self.clock_now().timestamp();
        stripe_event("checkout.session.completed", |e| {
            e["created"] = json!(created);
            e["data"]["object"]["client_reference_id"] = json!(user_id);
        })
    }

    /// Stripe's header for `payload`, signed now with the test secret.
    pub fn signature(&self, payload: &[u8]) -> String {
        self.signature_at(payload, self.clock_now().timestamp())
    }

    pub fn signature_at(&self, payload: &[u8], timestamp: i64) -> String {
        sign(payload, &SecretString::from(WEBHOOK_SECRET), timestamp)
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        use signalbox::ports::Clock;
        self.clock.now()
    }

    pub async fn webhook(&self, payload: &[u8], signature: Option<&str>) -> Reply {
        let mut req = self.client.post("/billing/webhook").content_type("application/json").body(payload.to_vec());
        if let Some(signature) = signature {
            req = req.header("Stripe-Signature", signature);
        }
        Self::read(req.send().await).await
    }

    /// Delivers `payload` signed with the right secret, now.
    pub async fn deliver(&self, payload: &[u8]) -> Reply {
        let signature = self.signature(payload);
        self.webhook(payload, Some(&signature)).await
    }

    /// Opens a checkout and pays on the simulated checkout page, like a browser would.
    pub async fn subscribe(&self, token: &str) {
        let checkout = self.create_checkout(token).await;
        assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
        let url = checkout.body["checkout_url"].as_str().unwrap();
        let path = &url[url.find("/billing/").unwrap()..];
        let paid = Self::read(self.client.post(format!("{path}/pay")).send().await).await;
        assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text);
    }

    /// `POST` with a JSON body and, when given, a bearer token and a refresh cookie.
    pub async fn send_json(
        &self,
        method: poem::http::Method,
        path: &str,
        token: Option<&str>,
        cookie: Option<&SetCookie>,
        body: Value,
    ) -> Reply {
        let mut req = self.client.request(method, path).body_json(&body);
        if let Some(token) = token {
            req = req.header("Authorization", format!("Bearer {token}"));
        }
        if let Some(cookie) = cookie {
            req = req.header("Cookie", cookie.as_request_header());
        }
        Self::read(req.send().await).await
    }

    pub async fn request_password_reset(&self, email: &str) -> Reply {
        self.send_json(poem::http::Method::POST, "/auth/password-reset", None, None, json!({"email": email})).await
    }

    /// `POST /auth/password-reset` as a client at `ip` (see [`Self::login_from`]).
    pub async fn request_password_reset_from(&self, ip: &str, email: &str) -> Reply {
        let req = self.client.post("/auth/password-reset").header("X-Forwarded-For", ip);
        Self::read(req.body_json(&json!({"email": email})).send().await).await
    }

    /// How many mails to `email` the app has sent.
    pub async fn mails_to(&self, email: &str) -> usize {
        self.mailbox().await.body.as_array().unwrap().iter().filter(|m| m["to"] == email).count()
    }

    pub async fn confirm_password_reset(&self, token: &str, password: &str) -> Reply {
        let body = json!({"token": token, "password": password});
        self.send_json(poem::http::Method::POST, "/auth/password-reset/confirm", None, None, body).await
    }

    pub async fn change_password(&self, token: &str, cookie: Option<&SetCookie>, current: &str, new: &str) -> Reply {
        let body = json!({"current_password": current, "new_password": new});
        self.send_json(poem::http::Method::POST, "/auth/change-password", Some(token), cookie, body).await
    }

    pub async fn delete_account(&self, token: &str, password: &str) -> Reply {
        self.send_json(poem::http::Method::DELETE, "/auth/me", Some(token), None, json!({"password": password})).await
    }

    /// `GET /dev/mailbox`.
    pub async fn mailbox(&self) -> Reply {
        self.get("/dev/mailbox", None).await
    }

    /// The token of the newest reset link mailed to `email`, read from `GET /dev/mailbox`.
    pub async fn reset_token_mailed_to(&self, email: &str) -> String {
        let mailbox = self.mailbox().await;
        let mail = mailbox.body.as_array().unwrap().iter().rev().find(|m| m["to"] == email).expect("a mail");
        let body = mail["body"].as_str().unwrap();
        let at = body.find("token=").expect("a reset link") + "token=".len();
        body[at..at + 64].to_owned()
    }

    pub async fn user_id(&self, token: &str) -> String {
        self.me(token).await.body["id"].as_str().unwrap().to_owned()
    }
}

/// Settings as the tests use them: the test webhook secret, plus `overrides` by key.
pub fn settings(overrides: &[(&str, &str)]) -> Settings {
    settings_result(overrides).expect("test settings are valid")
}

/// [`settings`], or why they are refused.
pub fn settings_result(overrides: &[(&str, &str)]) -> Result<Settings, signalbox::bootstrap::config::ConfigError> {
    let figment = overrides.iter().fold(
        Figment::new().merge(Serialized::default("stripe_webhook_secret", WEBHOOK_SECRET)),
        |f, (k, v)| {
            // Typed like environment variables are: numbers and booleans parse as such.
            match (v.parse::<i64>(), v.parse::<bool>()) {
                (Ok(n), _) => f.merge(Serialized::default(k, n)),
                (_, Ok(b)) => f.merge(Serialized::default(k, b)),
                _ => f.merge(Serialized::default(k, v)),
            }
        },
    );
    Settings::from_figment(figment)
}

/// Cheap argon2 parameters: the production cost is tested in the hasher's own tests.
pub fn cheap_hasher() -> Argon2Hasher {
    Argon2Hasher::new(Argon2Settings { memory_kib: 256, iterations: 1, parallelism: 1 }).unwrap()
}

/// A Stripe event fixture from `tests/fixtures/stripe/`, with fields replaced by the test.
pub fn stripe_event(name: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/stripe/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let mut event: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    edit(&mut event);
    serde_json::to_vec(&event).unwrap()
}
