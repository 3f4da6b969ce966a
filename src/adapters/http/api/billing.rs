//! `/billing/*`: checkout, billing portal, subscription status and Stripe's webhook.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem_openapi::param::Header;
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiRequest, ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::authenticated_response::authenticated_response;
use crate::adapters::http::error_body::*;
use crate::adapters::http::security::{BearerAuth, Unauthenticated};
use crate::app::Signalbox;
use crate::app::use_cases::{BillingStatusError, CreateCheckoutError, HandleWebhookError, OpenBillingPortalError};

pub struct BillingApi {
    pub app: Arc<Signalbox>,
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

/// Absent optional fields are left out of the JSON (the spec has no `null`).
#[derive(Object)]
#[oai(skip_serializing_if_is_none)]
pub struct BillingStatusBody {
    is_paid: bool,
    /// `free` or `paid`.
    plan: String,
    /// Stripe's subscription status: `none`, `active`, `past_due`, `canceled`, …
    subscription_status: String,
    /// When the paid period ends (renews).
    current_period_end: Option<DateTime<Utc>>,
    /// The subscription ends at `current_period_end` instead of renewing.
    cancel_at_period_end: bool,
}

#[derive(Object)]
pub struct WebhookAck {
    /// `processed`, `already_processed` or `ignored`.
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

authenticated_response! {
    pub enum CreateCheckoutResponse {
        #[oai(status = 200)]
        Ok(Json<CheckoutBody>),
        /// Already subscribed: manage the subscription from the billing portal instead.
        #[oai(status = 409)]
        AlreadySubscribed(Json<ErrorBody>),
        /// The payment provider refused or failed.
        #[oai(status = 502)]
        BadGateway(Json<ErrorBody>),
    }
}

authenticated_response! {
    pub enum PortalResponse {
        #[oai(status = 200)]
        Ok(Json<PortalBody>),
        /// No subscription to manage yet: start one with `POST /billing/create-checkout`.
        #[oai(status = 409)]
        NoSubscription(Json<ErrorBody>),
        /// The payment provider refused or failed.
        #[oai(status = 502)]
        BadGateway(Json<ErrorBody>),
    }
}

authenticated_response! {
    pub enum BillingStatusResponse {
        #[oai(status = 200)]
        Ok(Json<BillingStatusBody>),
    }
}

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
            RequestError::Unauthorized | RequestError::Unprocessable(_) => {
                Self::Rejected(Json(ErrorBody::new("malformed webhook request")))
            }
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
    async fn create_checkout(&self, auth: BearerAuth) -> CreateCheckoutResponse {
        let user = match auth.user(&self.app) {
            Ok(user) => user,
            Err(e) => return e.into(),
        };
        match self.app.create_checkout(user).await {
            Ok(session) => CreateCheckoutResponse::Ok(Json(CheckoutBody {
                checkout_url: session.url,
                session_id: session.id.to_string(),
            })),
            Err(err @ CreateCheckoutError::AlreadySubscribed) => {
                CreateCheckoutResponse::AlreadySubscribed(Json(ErrorBody::new(err.to_string())))
            }
            Err(CreateCheckoutError::UserNotFound) => Unauthenticated::invalid("account no longer exists").into(),
            Err(err @ CreateCheckoutError::Rejected(_)) => {
                tracing::warn!(error = %err, "checkout rejected by the payment provider");
                CreateCheckoutResponse::BadGateway(Json(ErrorBody::new(err.to_string())))
            }
            Err(err @ CreateCheckoutError::ProviderUnavailable(_)) => {
                log_unexpected(&anyhow::Error::from(err));
                CreateCheckoutResponse::BadGateway(Json(ErrorBody::new(
                    "the payment provider is unavailable; please try again shortly",
                )))
            }
            Err(CreateCheckoutError::Unexpected(err)) => {
                server_error(&err, CreateCheckoutResponse::Unavailable, CreateCheckoutResponse::Internal)
            }
        }
    }

    /// Open the billing portal
    ///
    /// Returns a short-lived link where a subscriber updates their card, sees invoices or
    /// cancels. Without Stripe keys configured this is a simulated portal served by Signalbox.
    #[oai(path = "/billing/portal", method = "post")]
    async fn portal(&self, auth: BearerAuth) -> PortalResponse {
        let user = match auth.user(&self.app) {
            Ok(user) => user,
            Err(e) => return e.into(),
        };
        match self.app.open_billing_portal(user).await {
            Ok(session) => PortalResponse::Ok(Json(PortalBody { portal_url: session.url })),
            Err(err @ OpenBillingPortalError::NoCustomer) => {
                PortalResponse::NoSubscription(Json(ErrorBody::new(err.to_string())))
            }
            Err(OpenBillingPortalError::UserNotFound) => Unauthenticated::invalid("account no longer exists").into(),
            Err(err @ OpenBillingPortalError::Rejected(_)) => {
                tracing::warn!(error = %err, "billing portal rejected by the payment provider");
                PortalResponse::BadGateway(Json(ErrorBody::new(err.to_string())))
            }
            Err(err @ OpenBillingPortalError::ProviderUnavailable(_)) => {
                log_unexpected(&anyhow::Error::from(err));
                PortalResponse::BadGateway(Json(ErrorBody::new(
                    "the payment provider is unavailable; please try again shortly",
                )))
            }
            Err(OpenBillingPortalError::Unexpected(err)) => {
                server_error(&err, PortalResponse::Unavailable, PortalResponse::Internal)
            }
        }
    }

    /// Subscription status
    #[oai(path = "/billing/status", method = "get")]
    async fn status(&self, auth: BearerAuth) -> BillingStatusResponse {
        let user = match auth.user(&self.app) {
            Ok(user) => user,
            Err(e) => return e.into(),
        };
        match self.app.billing_status(user).await {
            Ok(status) => BillingStatusResponse::Ok(Json(BillingStatusBody {
                is_paid: status.plan.is_paid(),
                plan: status.plan.as_str().to_owned(),
                subscription_status: status.state.status.as_str().to_owned(),
                current_period_end: status.state.current_period_end,
                cancel_at_period_end: status.state.cancel_at_period_end,
            })),
            Err(BillingStatusError::Unexpected(err)) => {
                server_error(&err, BillingStatusResponse::Unavailable, BillingStatusResponse::Internal)
            }
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
        match self.app.handle_webhook(&payload, signature.0.as_deref()).await {
            Ok(outcome) => WebhookResponse::Ok(Json(WebhookAck { status: outcome.as_str().to_owned() })),
            Err(HandleWebhookError::Rejected(err)) => {
                tracing::warn!(error = %err, "webhook rejected");
                WebhookResponse::Rejected(Json(ErrorBody::new(err.to_string())))
            }
            Err(err @ HandleWebhookError::InProgress) => {
                WebhookResponse::InProgress(Json(ErrorBody::new(err.to_string())))
            }
            Err(HandleWebhookError::Unavailable(err)) => {
                server_error(&err.into(), WebhookResponse::Unavailable, WebhookResponse::Internal)
            }
            Err(HandleWebhookError::Unexpected(err)) => {
                server_error(&err, WebhookResponse::Unavailable, WebhookResponse::Internal)
            }
        }
    }
}
