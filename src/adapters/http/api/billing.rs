//! `/billing/*`: checkout, billing portal, subscription status and Stripe's webhook.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem_openapi::param::Header;
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiRequest, ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::authenticated_failures::authenticated_failures;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::{BearerAuth, Unauthenticated};
use crate::app::billing::BillingService;
use crate::app::billing::{BillingStatusError, CreateCheckoutError, HandleWebhookError, OpenBillingPortalError};
use crate::ports::GatewayError;

pub struct BillingApi {
    pub billing: Arc<BillingService>,
}

#[derive(Object)]
pub struct CheckoutBody {
    /// Send the browser here to pay.
    checkout_url: String,
    session_id: String,
}

#[derive(Object)]
pub struct PortalBody {
    /// Send the browser here to manage the subscription; it comes back to the dashboard.
    portal_url: String,
}

/// Every field is always present; `null` when unknown.
#[derive(Object)]
pub struct BillingStatusBody {
    is_paid: bool,
    /// `free` or `paid`.
    plan: String,
    /// Status of the subscription that decides the plan (the one granting access longest):
    /// `none`, `incomplete`, `trialing`, `active`, `past_due`, `unpaid`, `paused`,
    /// `incomplete_expired` or `canceled`.
    subscription_status: String,
    /// Until when the plan is paid for (it renews, or ends when `cancel_at_period_end`);
    /// `null` when there is no subscription.
    #[oai(nullable)]
    current_period_end: Option<DateTime<Utc>>,
    /// The subscription ends at `current_period_end` instead of renewing.
    cancel_at_period_end: bool,
}

#[derive(Object)]
pub struct WebhookAck {
    /// `processed`, `already_processed`, `ignored`, `unmatched` (applied; takes effect when its customer
    /// is linked to a user) or `failed` (logged for an operator; retrying cannot help).
    status: String,
}

/// A Stripe event, exactly as Stripe sent it: the signature covers these raw bytes, so the
/// body is not parsed before it is verified.
#[derive(ApiRequest)]
pub enum StripeEventBody {
    #[oai(content_type = "application/json")]
    Json(Binary<Vec<u8>>),
    #[oai(content_type = "application/json; charset=utf-8")]
    JsonUtf8(Binary<Vec<u8>>),
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum CreateCheckoutResponse {
    #[oai(status = 200)]
    Ok(Json<CheckoutBody>),
    /// Already subscribed: manage the subscription from the billing portal instead.
    #[oai(status = 409)]
    AlreadySubscribed(Json<ErrorBody>),
    /// The payment provider refused or failed.
    #[oai(status = 502)]
    BadGateway(Json<ErrorBody>),
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

authenticated_failures!(CreateCheckoutResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum PortalResponse {
    #[oai(status = 200)]
    Ok(Json<PortalBody>),
    /// No subscription to manage yet: start one with `POST /billing/create-checkout`.
    #[oai(status = 409)]
    NoSubscription(Json<ErrorBody>),
    /// The payment provider refused or failed.
    #[oai(status = 502)]
    BadGateway(Json<ErrorBody>),
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

authenticated_failures!(PortalResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum BillingStatusResponse {
    #[oai(status = 200)]
    Ok(Json<BillingStatusBody>),
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

authenticated_failures!(BillingStatusResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum WebhookResponse {
    #[oai(status = 200)]
    Ok(Json<WebhookAck>),
    /// Missing or wrong signature, stale timestamp, or an unparseable event. Nothing changed.
    #[oai(status = 400)]
    Rejected(Json<ErrorBody>),
    /// Another delivery of this event is being applied; Stripe will retry.
    #[oai(status = 409)]
    InProgress(Json<ErrorBody>),
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

impl FromRequestError for WebhookResponse {
    fn from_request_error(error: RequestError) -> Self {
        match error {
            RequestError::UnsupportedMediaType(d) => Self::UnsupportedMediaType(Json(ErrorBody::new(d))),
            RequestError::Unauthorized(_) | RequestError::Unprocessable(_) => {
                Self::Rejected(Json(ErrorBody::new("malformed webhook request")))
            }
        }
    }
}

server_failures!(WebhookResponse);

pub const PROVIDER_DECLINED_DETAIL: &str =
    "the payment provider declined the request; please try again or contact support";

/// The one answer to a payment provider that refused or failed: 502, whatever the operation.
/// The provider's own text goes to the log only: it is written for the merchant (`No such
/// price: 'price_…'`, account settings, request ids), not for our users.
fn bad_gateway(err: GatewayError) -> Json<ErrorBody> {
    match err {
        GatewayError::Rejected(message) => {
            tracing::warn!(error = %message, "request rejected by the payment provider");
            Json(ErrorBody::new(PROVIDER_DECLINED_DETAIL))
        }
        GatewayError::Unavailable(source) => {
            tracing::error!(error = format!("{source:#}"), "the payment provider is unavailable");
            Json(ErrorBody::new("the payment provider is unavailable; please try again shortly"))
        }
    }
}

impl From<CreateCheckoutError> for CreateCheckoutResponse {
    fn from(err: CreateCheckoutError) -> Self {
        match err {
            err @ CreateCheckoutError::AlreadySubscribed => {
                Self::AlreadySubscribed(Json(ErrorBody::new(err.to_string())))
            }
            CreateCheckoutError::UserNotFound => Unauthenticated::account_gone().into(),
            CreateCheckoutError::Gateway(err) => Self::BadGateway(bad_gateway(err)),
            CreateCheckoutError::Unavailable(err) => Self::outage(err),
            CreateCheckoutError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<OpenBillingPortalError> for PortalResponse {
    fn from(err: OpenBillingPortalError) -> Self {
        match err {
            err @ (OpenBillingPortalError::NoCustomer | OpenBillingPortalError::OnlyLocalGrant) => {
                Self::NoSubscription(Json(ErrorBody::new(err.to_string())))
            }
            OpenBillingPortalError::UserNotFound => Unauthenticated::account_gone().into(),
            OpenBillingPortalError::Gateway(err) => Self::BadGateway(bad_gateway(err)),
            OpenBillingPortalError::Unavailable(err) => Self::outage(err),
            OpenBillingPortalError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<BillingStatusError> for BillingStatusResponse {
    fn from(err: BillingStatusError) -> Self {
        match err {
            BillingStatusError::Unavailable(err) => Self::outage(err),
            BillingStatusError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<HandleWebhookError> for WebhookResponse {
    fn from(err: HandleWebhookError) -> Self {
        match err {
            HandleWebhookError::Rejected(err) => {
                tracing::warn!(error = %err, "webhook rejected");
                Self::Rejected(Json(ErrorBody::new(err.to_string())))
            }
            err @ HandleWebhookError::InProgress => Self::InProgress(Json(ErrorBody::new(err.to_string()))),
            HandleWebhookError::Unavailable(err) => Self::outage(err),
            HandleWebhookError::Unexpected(err) => Self::bug(err),
        }
    }
}

#[OpenApi(tag = "ApiTags::Billing")]
impl BillingApi {
    /// Start the ₹499 subscription checkout
    ///
    /// Returns the hosted checkout page to send the browser to. Without Stripe keys configured
    /// this is a simulated checkout page served by Signalbox itself.
    #[oai(path = "/billing/create-checkout", method = "post")]
    async fn create_checkout(&self, bearer: BearerAuth) -> CreateCheckoutResponse {
        let user = bearer.0.user;
        match self.billing.create_checkout(user).await {
            Ok(session) => CreateCheckoutResponse::Ok(Json(CheckoutBody {
                checkout_url: session.url,
                session_id: session.id.to_string(),
            })),
            Err(err) => err.into(),
        }
    }

    /// Open the billing portal
    ///
    /// Returns a short-lived link where a subscriber updates their card, sees invoices or
    /// cancels. Without Stripe keys configured this is a simulated portal served by Signalbox.
    #[oai(path = "/billing/portal", method = "post")]
    async fn portal(&self, bearer: BearerAuth) -> PortalResponse {
        let user = bearer.0.user;
        match self.billing.open_billing_portal(user).await {
            Ok(session) => PortalResponse::Ok(Json(PortalBody { portal_url: session.url })),
            Err(err) => err.into(),
        }
    }

    /// Subscription status
    #[oai(path = "/billing/status", method = "get")]
    async fn status(&self, bearer: BearerAuth) -> BillingStatusResponse {
        let user = bearer.0.user;
        match self.billing.billing_status(user).await {
            Ok(status) => BillingStatusResponse::Ok(Json(BillingStatusBody {
                is_paid: status.plan.is_paid(),
                plan: status.plan.as_str().to_owned(),
                subscription_status: status.subscription_status().as_str().to_owned(),
                current_period_end: status.current_period_end(),
                cancel_at_period_end: status.cancel_at_period_end(),
            })),
            Err(err) => err.into(),
        }
    }

    /// Stripe webhook
    ///
    /// Called by Stripe, not by users. Verifies `Stripe-Signature` over the raw body (any
    /// configured secret, 300 s tolerance) and applies each event id exactly once.
    #[oai(path = "/billing/webhook", method = "post")]
    async fn webhook(
        &self,
        #[oai(name = "Stripe-Signature")] signature: Header<Option<String>>,
        body: StripeEventBody,
    ) -> WebhookResponse {
        let (StripeEventBody::Json(payload) | StripeEventBody::JsonUtf8(payload)) = body;
        match self.billing.handle_webhook(&payload, signature.0.as_deref()).await {
            Ok(outcome) => WebhookResponse::Ok(Json(WebhookAck { status: outcome.as_str().to_owned() })),
            Err(err) => err.into(),
        }
    }
}
