//! The Stripe calls Signalbox makes: create a customer, open a subscription Checkout, open the
//! Billing Portal.
//!
//! The first two are POSTs made idempotent by a key we choose, so they can be retried (here,
//! by the user's double click, or by a worker that crashed mid-call) without charging or
//! creating anything twice. A portal session changes nothing in Stripe, so it needs no key.

use std::collections::HashMap;

use ::stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeRequest};
use anyhow::{Context, ensure};
use async_trait::async_trait;
use secrecy::ExposeSecret;
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_checkout::CheckoutSessionMode;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionCustomText, CreateCheckoutSessionLineItems, CustomTextPositionParam,
    ExpireCheckoutSession,
};
use stripe_core::customer::CreateCustomer;

use super::failure::Redactor;
use super::retry::with_retries;
use super::settings::{RetryPolicy, StripeSettings};
use super::{cancel, subscription_list};
use crate::domain::disclosure::risk_notice_text;
use crate::domain::{CheckoutSessionId, Email, StripeCustomerId, StripeSubscriptionId, UserId};
use crate::ports::{
    CheckoutRequest, CheckoutSession, GatewayError, PaymentGateway, PortalSession, SubscriptionSnapshot,
};

/// Talks to Stripe (or to whatever `api_base` points at) with one secret key and one price.
pub struct StripeGateway {
    client: Client,
    price_id: String,
    success_url: String,
    cancel_url: String,
    portal_return_url: String,
    policy: RetryPolicy,
    redactor: Redactor,
}

impl StripeGateway {
    /// Builds the client; makes no network call.
    ///
    /// # Errors
    /// When a setting is empty or malformed (the message never contains the key).
    pub fn new(settings: &StripeSettings) -> anyhow::Result<Self> {
        let secret = settings.secret_key.expose_secret();
        ensure!(
            !secret.is_empty() && secret.trim() == secret,
            "Stripe secret key is empty or has surrounding whitespace"
        );
        ensure!(!settings.price_id.trim().is_empty(), "Stripe price id is empty");
        let frontend_url = settings.frontend_url.trim_end_matches('/');
        ensure!(
            frontend_url.starts_with("http://") || frontend_url.starts_with("https://"),
            "the dashboard's URL must start with http:// or https://"
        );

        let mut builder = ClientBuilder::new(secret).request_strategy(RequestStrategy::Once);
        if let Some(base) = &settings.api_base {
            // The SDK appends `v1/…` directly to the base, so the base must end in a slash.
            builder = builder.url(format!("{}/", base.trim_end_matches('/')));
        }
        let redactor = Redactor::new(settings.secret_key.clone());
        let client =
            builder.build().map_err(|err| redactor.error(err.to_string())).context("cannot build the Stripe client")?;

        Ok(Self {
            client,
            price_id: settings.price_id.clone(),
            // `{CHECKOUT_SESSION_ID}` is literal: Stripe substitutes the session id on redirect.
            success_url: format!("{frontend_url}/dashboard?checkout=success&session_id={{CHECKOUT_SESSION_ID}}"),
            cancel_url: format!("{frontend_url}/dashboard?checkout=cancel"),
            portal_return_url: format!("{frontend_url}/dashboard"),
            policy: RetryPolicy::default(),
            redactor,
        })
    }

    /// Replaces the default retry/timeout policy.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    fn strategy(key: &IdempotencyKey) -> RequestStrategy {
        RequestStrategy::Idempotent(key.clone())
    }

    fn unavailable(&self, reason: &str) -> GatewayError {
        tracing::error!(reason, "unexpected answer from Stripe");
        GatewayError::Unavailable(self.redactor.error(reason.to_owned()))
    }
}

/// Stripe metadata linking its objects back to our user, for support and for webhooks.
fn user_metadata(user_id: UserId) -> HashMap<String, String> {
    HashMap::from([("user_id".to_owned(), user_id.to_string())])
}

#[async_trait]
impl PaymentGateway for StripeGateway {
    #[tracing::instrument(skip(self, email))]
    async fn create_customer(&self, user_id: UserId, email: &Email) -> Result<StripeCustomerId, GatewayError> {
        // One key per user: concurrent or repeated calls within Stripe's 24 h key lifetime
        // get the first call's customer back instead of a duplicate.
        let key = IdempotencyKey::new(format!("customer-{user_id}")).expect("a UUID-based key is 1-255 chars");
        let create = CreateCustomer::new().email(email.as_str()).metadata(user_metadata(user_id));

        let customer = with_retries(&self.policy, &self.redactor, "create customer", || {
            create
                .customize()
                .request_strategy(Self::strategy(&key))
                .timeout(self.policy.attempt_timeout)
                .send(&self.client)
        })
        .await?;

        StripeCustomerId::parse(customer.id.as_str())
            .map_err(|_| self.unavailable("Stripe returned a customer id without the cus_ prefix"))
    }

    #[tracing::instrument(skip(self, request), fields(user_id = %request.user_id))]
    async fn create_checkout_session(&self, request: &CheckoutRequest) -> Result<CheckoutSession, GatewayError> {
        let key = IdempotencyKey::new(&request.idempotency_key)
            .map_err(|err| GatewayError::Rejected(format!("invalid idempotency key: {err}")))?;
        let mut line_item = CreateCheckoutSessionLineItems::new();
        line_item.price = Some(self.price_id.clone());
        line_item.quantity = Some(1);
        // No `customer_email`: Stripe refuses it next to `customer`, whose email it already has.
        let create = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Subscription)
            .line_items(vec![line_item])
            .customer(request.customer.as_str())
            .client_reference_id(request.user_id.to_string())
            .metadata(user_metadata(request.user_id))
            .success_url(&self.success_url)
            .cancel_url(&self.cancel_url)
            .custom_text(risk_notice_beside_pay());

        let session = with_retries(&self.policy, &self.redactor, "create checkout session", || {
            create
                .customize()
                .request_strategy(Self::strategy(&key))
                .timeout(self.policy.attempt_timeout)
                .send(&self.client)
        })
        .await?;

        let id = CheckoutSessionId::parse(session.id.as_str())
            .map_err(|_| self.unavailable("Stripe returned a Checkout Session id without the cs_ prefix"))?;
        let url = session.url.ok_or_else(|| self.unavailable("Stripe returned a Checkout Session without a url"))?;
        Ok(CheckoutSession { id, url })
    }

    #[tracing::instrument(skip(self))]
    async fn create_portal_session(&self, customer: &StripeCustomerId) -> Result<PortalSession, GatewayError> {
        let create = CreateBillingPortalSession::new().customer(customer.as_str()).return_url(&self.portal_return_url);
        let session = with_retries(&self.policy, &self.redactor, "create billing portal session", || {
            create
                .customize()
                .request_strategy(RequestStrategy::Once)
                .timeout(self.policy.attempt_timeout)
                .send(&self.client)
        })
        .await?;
        Ok(PortalSession { url: session.url })
    }

    #[tracing::instrument(skip(self))]
    async fn expire_checkout_session(&self, session: &CheckoutSessionId) -> Result<(), GatewayError> {
        // Expiring is idempotent on Stripe's side (an expired session stays expired), so a
        // retry under a fresh key is harmless.
        let expire = ExpireCheckoutSession::new(session.as_str());
        let expired = with_retries(&self.policy, &self.redactor, "expire checkout session", || {
            expire
                .customize()
                .request_strategy(RequestStrategy::Once)
                .timeout(self.policy.attempt_timeout)
                .send(&self.client)
        })
        .await;
        expired.map(|_| ())
    }

    #[tracing::instrument(skip(self))]
    async fn list_subscriptions(&self, customer: &StripeCustomerId) -> Result<Vec<SubscriptionSnapshot>, GatewayError> {
        subscription_list::list(&self.client, &self.policy, &self.redactor, customer).await
    }

    #[tracing::instrument(skip(self))]
    async fn cancel_subscription(&self, subscription: &StripeSubscriptionId) -> Result<(), GatewayError> {
        cancel::cancel(&self.client, &self.policy, &self.redactor, subscription).await
    }
}

/// SEBI's F&O risk notice, shown by Stripe next to its Pay button: the last thing a trader
/// reads before paying, as on our own pages.
fn risk_notice_beside_pay() -> CreateCheckoutSessionCustomText {
    let mut text = CreateCheckoutSessionCustomText::new();
    text.submit = Some(CustomTextPositionParam::new(risk_notice_text()));
    text
}

/// Hand-written so that no future field can print the client's configuration.
impl std::fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeGateway")
            .field("price_id", &self.price_id)
            .field("success_url", &self.success_url)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}
